"""Harm-weighted hotspot counts: each incident weighs by the harm of its category.

Counting incidents treats a public urination like a home burglary. A crime-harm index weighs
each offence by how much harm it does; the Cambridge Crime Harm Index does so with the starting
point of the sentence in days of prison. Belgian sentencing guidelines give no such table, so
wijkradar ships a *relative* weight per category in ``data/harm_weights.csv`` (1 = minor
nuisance, 10 = serious harm to persons) with a one-line rationale each. The table is meant to be
edited: a zone can change a weight or add its own categories (read it with
:func:`gis.io_harm.read_harm_weights`).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.errors import ValidationError
from gis.hotspots import HotspotResult, analysis_grid, cell_positions, scored_grid

__all__ = ["HARM_COLUMNS", "check_harm_table", "harm_hotspots", "harm_per_cell", "harm_weights"]

HARM_COLUMNS: tuple[str, ...] = ("category", "weight", "rationale")
"""Columns of a harm weight table."""


def check_harm_table(table: pd.DataFrame) -> pd.DataFrame:
    """Check a harm weight table; return it with clean columns.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``category`` (unique, non-empty), ``weight`` (finite, >= 0) and optionally
        ``rationale``.

    Returns
    -------
    pandas.DataFrame
        Columns ``category`` (str, stripped), ``weight`` (float64), ``rationale`` (str).

    Raises
    ------
    ValidationError
        Naming the column and the offending category.
    """
    missing = [c for c in ("category", "weight") if c not in table.columns]
    if missing:
        raise ValidationError(f"harm table lacks the columns {missing}; needs {HARM_COLUMNS}")
    category = table["category"].astype("str").str.strip()
    if (category == "").any() or table["category"].isna().any():
        raise ValidationError("harm table has an empty 'category'")
    duplicated = category[category.duplicated()]
    if len(duplicated):
        raise ValidationError(f"harm table lists category {duplicated.iloc[0]!r} twice")
    weight = pd.to_numeric(table["weight"], errors="coerce")
    bad = ~np.isfinite(weight.to_numpy(dtype=float)) | (weight.to_numpy(dtype=float) < 0)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValidationError(
            f"harm table weight {table['weight'].iloc[first]!r} of category "
            f"{category.iloc[first]!r} is not a number >= 0"
        )
    rationale = (
        table["rationale"].fillna("").astype("str")
        if "rationale" in table.columns
        else pd.Series("", index=table.index, dtype="str")
    )
    return pd.DataFrame(
        {"category": category, "weight": weight.astype(float), "rationale": rationale}
    ).reset_index(drop=True)


def harm_weights(
    incidents: pd.DataFrame, table: pd.DataFrame, *, default: float | None = None
) -> pd.Series:
    """Return the harm weight of each incident from its category.

    Parameters
    ----------
    incidents : pandas.DataFrame
        Column ``category``.
    table : pandas.DataFrame
        Harm weight table (see :func:`check_harm_table`).
    default : float, optional
        Weight of categories not in the table; when None such categories are refused.

    Returns
    -------
    pandas.Series
        float64 indexed like ``incidents``, named ``harm``.

    Raises
    ------
    ValidationError
        When a category is not in the table and no ``default`` is given (the message lists
        the unknown categories).
    """
    table = check_harm_table(table)
    lookup = pd.Series(table["weight"].to_numpy(), index=table["category"].to_numpy())
    # map each distinct category once, not each incident
    codes, names = pd.factorize(incidents["category"], use_na_sentinel=True)
    per_name = pd.Index(names).astype("str").str.strip().map(lookup).to_numpy(dtype=float)
    per_name = np.append(per_name, np.nan)  # code -1: a missing category
    weights = per_name[codes]
    unknown = np.isnan(weights)
    if unknown.any():
        if default is None:
            missing = sorted({str(v) for v in incidents["category"].to_numpy()[unknown]})
            raise ValidationError(
                f"categories {missing} are not in the harm table; add them to "
                "data/harm_weights.csv or pass default="
            )
        if not np.isfinite(default) or default < 0:
            raise ValidationError(f"default={default!r} must be a number >= 0")
        weights = np.where(unknown, float(default), weights)
    return pd.Series(weights, index=incidents.index, name="harm")


def harm_per_cell(
    incidents: gpd.GeoDataFrame,
    grid: gpd.GeoDataFrame,
    *,
    table: pd.DataFrame | None = None,
    default: float | None = None,
) -> pd.DataFrame:
    """Count incidents per grid cell, and sum their harm when a table is given.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Points (column ``category`` when ``table`` is given), in the grid's metric CRS.
    grid : geopandas.GeoDataFrame
        From :func:`gis.grid.zone_grid`; points outside the clipped cells never count.
    table : pandas.DataFrame, optional
        Harm weight table; None gives plain counts (``harm`` equals ``count``).
    default : float, optional
        Weight of categories missing from ``table`` (see :func:`harm_weights`).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``grid``: ``count`` (incidents) and ``harm`` (sum of weights), float64.
    """
    pos = cell_positions(incidents, grid)
    inside = pos >= 0
    counts = np.bincount(pos[inside], minlength=len(grid)).astype(float)
    if table is None:
        harm = counts
    else:
        weights = harm_weights(incidents, table, default=default).to_numpy()
        harm = np.bincount(pos[inside], weights=weights[inside], minlength=len(grid))
    return pd.DataFrame({"count": counts, "harm": harm}, index=grid.index)


def harm_hotspots(
    incidents: gpd.GeoDataFrame,
    zone: gpd.GeoDataFrame,
    *,
    cell_size: float = 150.0,
    table: pd.DataFrame | None = None,
    default: float | None = None,
) -> HotspotResult:
    """Harm-weighted (or plain) counts on the zone's grid, ranked.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Selected incidents, metric CRS.
    zone : geopandas.GeoDataFrame
        Zone (or wijk) polygons in the same CRS; the grid is clipped to them.
    cell_size : float, default 150
        Cell side in metres (50–500).
    table, default
        See :func:`harm_per_cell`.

    Returns
    -------
    HotspotResult
        ``method="harm"``; the grid with ``count``, ``harm``, ``share`` (of the zone's harm)
        and ``rank`` (1 = most harm; 0 for cells without incidents). ``value`` is ``harm``.
    """
    grid = analysis_grid(zone, cell_size=cell_size)
    scores = harm_per_cell(incidents, grid, table=table, default=default)
    total = scores["harm"].sum()
    order = np.lexsort((grid["cell"].to_numpy(), -scores["harm"].to_numpy()))
    rank = np.empty(len(grid), dtype=np.int64)
    rank[order] = np.arange(1, len(grid) + 1)
    rank[scores["harm"].to_numpy() <= 0] = 0
    scores = scores.assign(share=scores["harm"] / total if total > 0 else 0.0, rank=rank)
    return HotspotResult(
        method="harm",
        frame=scored_grid(grid, scores),
        value="harm",
        tooltip=("cell", "rank", "harm", "count", "share"),
        parameters={"cell_size": cell_size, "weighted": table is not None, "default": default},
    )
