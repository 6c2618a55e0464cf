"""Filter and summarise incidents for a view: zone, municipality, wijk, period, categories."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from gis.errors import ValidationError
from gis.grid import count_per_cell, top_cells, zone_grid

PERIOD_PRESETS: tuple[str, ...] = ("4w", "13w", "12m", "this_year", "last_year", "all")
"""Named periods of the map page: the last 4 weeks, 13 weeks and 12 months up to and including
the day of the latest incident, that day's calendar year so far, the whole calendar year
before it, and everything imported."""

_BACK: dict[str, pd.DateOffset] = {
    "4w": pd.DateOffset(weeks=4),
    "13w": pd.DateOffset(weeks=13),
    "12m": pd.DateOffset(years=1),
}


@dataclass(frozen=True)
class Selection:
    """What the user looks at.

    Attributes
    ----------
    nis : tuple of str
        Municipality NIS codes; empty means the whole zone.
    wijken : tuple of str
        Wijk codes; empty means every wijk of the municipalities.
    start, end : pandas.Timestamp
        Period ``[start, end)`` on the incident start time.
    categories : tuple of str or None
        Categories; None means all, an empty tuple none.
    """

    nis: tuple[str, ...] = ()
    wijken: tuple[str, ...] = ()
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    categories: tuple[str, ...] | None = None


def period_bounds(
    preset: str, *, first: pd.Timestamp, last: pd.Timestamp
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The days ``[start, end)`` of a named period, anchored on the latest incident.

    Periods are anchored on the day of ``last`` (the data's "as of" day, not today: an
    export that lags a few days must not show empty weeks). ``4w``, ``13w`` and ``12m``
    are exactly 28 days, 91 days and one calendar year up to and including that day;
    ``this_year`` runs from 1 January of that day's year to that day, ``last_year`` is the
    whole calendar year before it, ``all`` runs from the day of ``first``.

    Parameters
    ----------
    preset : str
        One of :data:`PERIOD_PRESETS`.
    first, last : pandas.Timestamp
        Start time of the earliest and the latest incident (time of day ignored).

    Returns
    -------
    tuple of pandas.Timestamp
        Midnight of the first day and midnight after the last day.

    Raises
    ------
    ValidationError
        If ``preset`` is unknown or ``last`` is before ``first``.
    """
    if preset not in PERIOD_PRESETS:
        raise ValidationError(
            f"preset={preset!r} is not a named period; expected one of {list(PERIOD_PRESETS)}"
        )
    first_day, last_day = pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize()
    if last_day < first_day:
        raise ValidationError(f"last={last} lies before first={first}")
    end = last_day + pd.Timedelta(days=1)
    if preset in _BACK:
        return end - _BACK[preset], end
    if preset == "this_year":
        return pd.Timestamp(year=last_day.year, month=1, day=1), end
    if preset == "last_year":
        year = last_day.year - 1
        return pd.Timestamp(year=year, month=1, day=1), pd.Timestamp(year=year + 1, month=1, day=1)
    return first_day, end


def select_incidents(incidents: gpd.GeoDataFrame, selection: Selection) -> gpd.GeoDataFrame:
    """Keep the located, in-zone incidents that match ``selection``.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Canonical incidents.
    selection : Selection

    Returns
    -------
    geopandas.GeoDataFrame
        The matching rows, same columns.
    """
    keep = incidents.geometry.notna() & incidents["in_zone"].astype(bool)
    if selection.nis:
        keep &= incidents["nis"].isin(selection.nis)
    if selection.wijken:
        keep &= incidents["wijk"].isin(selection.wijken)
    if selection.start is not None:
        keep &= incidents["start"] >= selection.start
    if selection.end is not None:
        keep &= incidents["start"] < selection.end
    if selection.categories is not None:
        keep &= incidents["category"].isin(selection.categories)
    return incidents[keep]


def selected_areas(wijken: gpd.GeoDataFrame, selection: Selection) -> gpd.GeoDataFrame:
    """Return the wijken the selection covers."""
    keep = pd.Series(True, index=wijken.index)
    if selection.nis:
        keep &= wijken["nis"].isin(selection.nis)
    if selection.wijken:
        keep &= wijken["code"].isin(selection.wijken)
    return wijken[keep]


def incidents_per_wijk(incidents: gpd.GeoDataFrame, wijken: gpd.GeoDataFrame) -> pd.Series:
    """Count incidents per wijk.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Canonical incidents (column ``wijk``).
    wijken : geopandas.GeoDataFrame
        Column ``code``.

    Returns
    -------
    pandas.Series
        int64 indexed like ``wijken``.
    """
    counts = incidents["wijk"].value_counts()
    return pd.Series(
        wijken["code"].map(counts).fillna(0).astype("int64").to_numpy(),
        index=wijken.index,
        name="incidents",
    )


def grid_hotspots(
    incidents: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
    *,
    cell_size: float = 150.0,
    top: int = 15,
    grid: gpd.GeoDataFrame | None = None,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Count incidents on a grid over ``areas`` and rank the top cells.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Selected incidents.
    areas : geopandas.GeoDataFrame
        The wijken in view; the grid is clipped to them.
    cell_size : float, default 150
        Cell side in metres.
    top : int, default 15
        How many cells to rank.
    grid : geopandas.GeoDataFrame, optional
        ``zone_grid(areas, cell_size=cell_size)`` when already computed (it is reused).

    Returns
    -------
    tuple of geopandas.GeoDataFrame
        The grid with a ``count`` column, and its top cells with ``rank``, ``share`` (of all
        selected incidents) and ``wijk`` (code of the wijk holding the cell's centre).
    """
    if grid is None:
        grid = zone_grid(areas, cell_size=cell_size)
    counts = count_per_cell(incidents, grid, cell_size=cell_size)
    grid = grid.assign(count=counts)
    best = top_cells(grid, counts, n=top)
    total = max(len(incidents), 1)
    centres = best.geometry.representative_point()
    holder = gpd.sjoin(
        gpd.GeoDataFrame(geometry=centres, crs=best.crs),
        areas[["code", "name", "geometry"]],
        predicate="within",
        how="left",
    )
    holder = holder[~holder.index.duplicated()]
    best = best.assign(
        share=best["count"] / total,
        wijk=holder["code"].reindex(best.index),
        wijk_name=holder["name"].reindex(best.index),
    )
    return grid, best


def category_counts(incidents: gpd.GeoDataFrame) -> pd.Series:
    """Count incidents per category, largest first."""
    return incidents["category"].value_counts()


def categories_of(incidents: pd.DataFrame) -> list[str]:
    """Return the sorted distinct categories."""
    return sorted(incidents["category"].dropna().unique().tolist())


def municipality_names(municipalities: gpd.GeoDataFrame) -> dict[str, str]:
    """Return NIS code → name."""
    return dict(zip(municipalities["nis"], municipalities["name"], strict=True))


def wijk_names(wijken: gpd.GeoDataFrame, nis: Sequence[str] = ()) -> dict[str, str]:
    """Return wijk code → name, for the given municipalities (all when empty)."""
    rows = wijken[wijken["nis"].isin(nis)] if nis else wijken
    return dict(zip(rows["code"], rows["name"], strict=True))
