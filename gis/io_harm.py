"""Read the harm weight table (``data/harm_weights.csv`` or a zone's own copy)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gis.errors import ValidationError
from gis.harm import check_harm_table
from gis.io_geography import data_dir

__all__ = ["default_harm_weights_path", "read_harm_weights"]


def default_harm_weights_path() -> Path:
    """Return the shipped table: ``data/harm_weights.csv`` (or under ``$WIJKRADAR_DATA``)."""
    return data_dir() / "harm_weights.csv"


def read_harm_weights(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a harm weight table.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A UTF-8 CSV with columns ``category``, ``weight``, ``rationale`` (``,`` or ``;``
        separated); default the shipped table.

    Returns
    -------
    pandas.DataFrame
        Columns ``category``, ``weight`` (float64), ``rationale``.

    Raises
    ------
    ValidationError
        When the file is missing or the table is invalid (see
        :func:`gis.harm.check_harm_table`).
    """
    file = Path(path) if path is not None else default_harm_weights_path()
    if not file.is_file():
        raise ValidationError(f"path={str(file)!r}: no harm weight table there")
    table = pd.read_csv(
        file, sep=None, engine="python", dtype="str", encoding="utf-8-sig", keep_default_na=False
    )
    return check_harm_table(table)
