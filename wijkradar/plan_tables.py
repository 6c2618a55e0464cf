"""Plan tables labelled for people, in their language: the week plan workbook's sheets and the
planning page's tables are the same frames.

Pure pandas: no Streamlit, no files. Times in Belgian form (``dd/mm/yyyy``, ``HH:MM``), shares
in percent, codes (slot kinds, duty kinds, fairness flags) as words from the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from gis import i18n
from gis.i18n import code_words, message, weekday_names

__all__ = [
    "column_labels",
    "fairness_table",
    "overview_table",
    "plan_table",
    "shift_table",
    "uncovered_table",
]


def column_labels(fields: list[str] | tuple[str, ...], lang: str = "nl") -> dict[str, str]:
    """Heading of each plan field (``plan.col.<field>`` in the catalogue), in ``lang``.

    Parameters
    ----------
    fields : sequence of str
    lang : {"nl", "fr"}

    Returns
    -------
    dict
        Field → heading, for ``DataFrame.rename(columns=...)``.
    """
    return i18n.column_labels(fields, lang, prefix="plan.col")


def _words(values: pd.Series, prefix: str, lang: str) -> pd.Series:
    """Codes → catalogue words (``prefix.<code>``); an unknown code stays as it is."""
    return code_words(values.astype("str"), prefix + ".{}", lang)


def _hhmm(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%H:%M")


def plan_table(
    slots: pd.DataFrame, lang: str = "nl", *, wijk_names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """All slots of a plan, one row each, in plan order.

    Parameters
    ----------
    slots : pandas.DataFrame
        :data:`gis.planning.SLOT_COLUMNS`.
    lang : {"nl", "fr"}
    wijk_names : mapping, optional
        Wijk code → name (adds the ``wijk_name`` column).

    Returns
    -------
    pandas.DataFrame
        Inspector, date, order, begin, end, kind (words), place, wijk (and its name),
        cell or duty, dwell/travel/return minutes, reason — with headings in ``lang``.
    """
    start = pd.to_datetime(slots["start"])
    table = pd.DataFrame(
        {
            "inspector": slots["inspector"].to_numpy(),
            "date": start.dt.strftime("%d/%m/%Y").to_numpy(),
            "seq": slots["seq"].to_numpy(),
            "start": _hhmm(slots["start"]).to_numpy(),
            "end": _hhmm(slots["end"]).to_numpy(),
            "kind": _words(slots["kind"], "plan.kind", lang).to_numpy(),
            "street": slots["street"].to_numpy(),
            "wijk": slots["wijk"].to_numpy(),
        }
    )
    if wijk_names is not None:
        table["wijk_name"] = slots["wijk"].astype("str").map(wijk_names).fillna("").to_numpy()
    for field in ("place", "dwell_min", "travel_min", "return_min", "reason"):
        table[field] = slots[field].to_numpy()
    return table.rename(columns=column_labels(list(table.columns), lang))


def overview_table(slots: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Minutes of presence per inspector (rows) and day (columns, in date order).

    Parameters
    ----------
    slots : pandas.DataFrame
        ``inspector``, ``start``, ``dwell_min``.
    lang : {"nl", "fr"}

    Returns
    -------
    pandas.DataFrame
        Indexed by inspector (index named in ``lang``), one column per day (``ma 23/11``).
    """
    overview = slots.assign(day=pd.to_datetime(slots["start"]).dt.normalize()).pivot_table(
        index="inspector", columns="day", values="dwell_min", aggfunc="sum", fill_value=0
    )
    names = weekday_names(lang)
    overview.columns = [f"{names[day.day_of_week]} {day:%d/%m}" for day in overview.columns]
    overview.index.name = message("plan.col.inspector", lang)
    return overview


def shift_table(shifts: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Per shift: when, the street-time budget and what the plan uses of it.

    Parameters
    ----------
    shifts : pandas.DataFrame
        ``inspector``, ``begin``, ``finish``, ``street_minutes`` and the plan's ``slots``,
        ``minutes`` (dwell) and ``travel`` per shift.
    lang : {"nl", "fr"}

    Returns
    -------
    pandas.DataFrame
    """
    begin = pd.to_datetime(shifts["begin"])
    table = pd.DataFrame(
        {
            "inspector": shifts["inspector"].to_numpy(),
            "date": begin.dt.strftime("%d/%m/%Y").to_numpy(),
            "start": begin.dt.strftime("%H:%M").to_numpy(),
            "end": _hhmm(shifts["finish"]).to_numpy(),
            "street_minutes": shifts["street_minutes"].astype(int).to_numpy(),
            "slots": shifts["slots"].astype(int).to_numpy(),
            "minutes": shifts["minutes"].astype(int).to_numpy(),
            "travel_min": shifts["travel"].astype(int).to_numpy(),
        }
    )
    table = table.sort_values(["date", "start", "inspector"], key=_date_order, kind="stable")
    return table.reset_index(drop=True).rename(columns=column_labels(list(table.columns), lang))


def _date_order(values: pd.Series) -> pd.Series:
    """Sort key: ``dd/mm/yyyy`` by date, other columns as they are."""
    if values.name == "date":
        return pd.to_datetime(values, format="%d/%m/%Y")
    return values


def fairness_table(fairness: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """The wijk fairness check (:func:`gis.planning.wijk_fairness`) for people.

    Parameters
    ----------
    fairness : pandas.DataFrame
        ``wijk``, ``name``, ``minutes``, ``minutes_share``, ``harm``, ``harm_share``,
        ``ratio``, ``flag`` (``too_much``/``too_little``/empty).
    lang : {"nl", "fr"}

    Returns
    -------
    pandas.DataFrame
        Shares in percent (one decimal), ratio with two decimals (empty where a wijk has
        neither minutes nor harm, ``∞`` where it has minutes but no harm), the flag in words.
    """
    ratio = fairness["ratio"].astype(float)
    table = pd.DataFrame(
        {
            "wijk": fairness["wijk"].to_numpy(),
            "wijk_name": fairness["name"].to_numpy(),
            "minutes": fairness["minutes"].astype(int).to_numpy(),
            "minutes_share": (fairness["minutes_share"].astype(float) * 100).round(1).to_numpy(),
            "harm": fairness["harm"].astype(float).round(1).to_numpy(),
            "harm_share": (fairness["harm_share"].astype(float) * 100).round(1).to_numpy(),
            "ratio": [_ratio_text(r) for r in ratio],
            "flag": _words(fairness["flag"], "plan.flag", lang).to_numpy(),
        }
    )
    return table.rename(columns=column_labels(list(table.columns), lang))


def _ratio_text(value: float) -> str:
    if np.isnan(value):
        return ""
    if np.isinf(value):
        return "∞"
    return f"{value:.2f}".replace(".", ",")


def uncovered_table(uncovered: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Fixed duties nobody could take this week.

    Parameters
    ----------
    uncovered : pandas.DataFrame
        ``kind``, ``name``, ``wijk``, ``start``, ``end``.
    lang : {"nl", "fr"}

    Returns
    -------
    pandas.DataFrame
        Date, begin, end, kind of duty (words), the duty, wijk.
    """
    start = pd.to_datetime(uncovered["start"])
    table = pd.DataFrame(
        {
            "date": start.dt.strftime("%d/%m/%Y").to_numpy(),
            "start": start.dt.strftime("%H:%M").to_numpy(),
            "end": _hhmm(uncovered["end"]).to_numpy(),
            "duty_kind": _words(uncovered["kind"], "plan.duty", lang).to_numpy(),
            "duty": uncovered["name"].to_numpy(),
            "wijk": uncovered["wijk"].to_numpy(),
        }
    )
    return table.rename(columns=column_labels(list(table.columns), lang))
