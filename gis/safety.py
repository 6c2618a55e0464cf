"""Make tables safe to hand out: spreadsheet formulas neutralised."""

from __future__ import annotations

import pandas as pd

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe.

    Cells starting with ``= + - @`` (or tab / carriage return) become ``'=…``; numbers are
    left alone, so a negative number stays a number.

    Parameters
    ----------
    table : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        A copy with every risky text cell neutralised.
    """
    safe = table.copy()
    for column in safe.columns:
        values = safe[column]
        if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
            continue
        text = values.astype("str")
        risky = values.notna() & text.str.startswith(FORMULA_PREFIXES)
        if risky.any():
            safe[column] = values.astype(object).where(~risky, "'" + text)
    return safe
