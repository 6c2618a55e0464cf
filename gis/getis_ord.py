"""Getis-Ord Gi* hot and cold spots on a zone grid, with Benjamini-Hochberg FDR correction.

Gi* (Getis & Ord 1992; Ord & Getis 1995) compares the sum of a cell and its neighbours with
what the zone-wide mean would give; its z-score is analytical (no permutations), computed for
all cells at once with one sparse matrix product. Neighbours are the cells of the *clipped*
grid (cells outside the zone do not exist, so never count): queen or rook contiguity, or a
distance band between cell centres. Every cell is its own neighbour (the "star"), with binary
weights, as ``esda.G_Local(y, w, transform="B", star=True)``.

Classes follow the usual 90/95/99 % confidence bins (ESRI's ``Gi_Bin``): ``hot_99``,
``hot_95``, ``hot_90``, ``none``, ``cold_90``, ``cold_95``, ``cold_99``. With ``fdr=True``
(default) a cell reaches a level only when it passes the Benjamini-Hochberg procedure at that
level over all cells, which keeps the share of false hot spots among those shown at or below
1 - confidence even with thousands of cells.
"""

from __future__ import annotations

from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy import stats

from gis.errors import ValidationError
from gis.harm import harm_per_cell
from gis.hotspots import (
    HotspotResult,
    analysis_grid,
    grid_cell_size,
    require_metric_crs,
    scored_grid,
)

__all__ = [
    "CONFIDENCE_LEVELS",
    "GI_CLASSES",
    "benjamini_hochberg",
    "getis_ord_hotspots",
    "gi_star",
    "gi_star_scores",
    "grid_weights",
]

Neighbourhood = Literal["queen", "rook", "distance"]
NEIGHBOURHOODS: tuple[str, ...] = ("queen", "rook", "distance")
CONFIDENCE_LEVELS: tuple[float, ...] = (0.90, 0.95, 0.99)
GI_CLASSES: tuple[str, ...] = (
    "hot_99",
    "hot_95",
    "hot_90",
    "none",
    "cold_90",
    "cold_95",
    "cold_99",
)
"""Class codes from hottest to coldest (``gi_bin`` 3 … -3)."""
MAX_BAND_CELLS = 20.0
"""Largest distance band, in cell sides (a band of 20 cells has ~1,250 neighbours a cell)."""


def _offsets(neighbourhood: str, distance_m: float | None, cell_size: float) -> np.ndarray:
    if neighbourhood not in NEIGHBOURHOODS:
        raise ValidationError(
            f"neighbourhood={neighbourhood!r} is not supported; "
            f"allowed: {', '.join(NEIGHBOURHOODS)}"
        )
    if neighbourhood == "distance":
        if distance_m is None or not np.isfinite(distance_m):
            raise ValidationError("neighbourhood='distance' needs distance_m (metres)")
        reach = float(distance_m) / cell_size
        if not 1.0 <= reach <= MAX_BAND_CELLS:
            raise ValidationError(
                f"distance_m={distance_m!r} must lie between the cell size ({cell_size:g} m) and "
                f"{MAX_BAND_CELLS:g} cell sizes ({MAX_BAND_CELLS * cell_size:g} m)"
            )
        k = int(np.floor(reach))
        dc, dr = np.meshgrid(np.arange(-k, k + 1), np.arange(-k, k + 1))
        keep = dc**2 + dr**2 <= reach**2 + 1e-9
        return np.column_stack([dc[keep], dr[keep]])
    if distance_m is not None:
        raise ValidationError(
            f"distance_m={distance_m!r} only applies to neighbourhood='distance', "
            f"not {neighbourhood!r}"
        )
    if neighbourhood == "rook":
        return np.array([[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]])
    dc, dr = np.meshgrid(np.arange(-1, 2), np.arange(-1, 2))
    return np.column_stack([dc.ravel(), dr.ravel()])


def grid_weights(
    grid: gpd.GeoDataFrame,
    *,
    neighbourhood: Neighbourhood = "queen",
    distance_m: float | None = None,
    star: bool = True,
) -> sp.csr_array:
    """Binary spatial weights between the cells of a clipped grid.

    Parameters
    ----------
    grid : geopandas.GeoDataFrame
        From :func:`gis.grid.zone_grid` (columns ``col``, ``row``).
    neighbourhood : {"queen", "rook", "distance"}, default "queen"
        Queen: the 8 surrounding cells; rook: the 4 sharing an edge; distance: every cell whose
        centre lies within ``distance_m`` of the cell's centre (centres of the unclipped
        squares).
    distance_m : float, optional
        Band for ``neighbourhood="distance"``: from one to 20 cell sizes.
    star : bool, default True
        Give every cell weight 1 on itself (Gi*); False gives the plain Gi weights.

    Returns
    -------
    scipy.sparse.csr_array
        ``len(grid)`` × ``len(grid)``, weights 0/1, rows in grid order.
    """
    size = grid_cell_size(grid)
    offsets = _offsets(neighbourhood, distance_m, size)
    if not star:
        offsets = offsets[(offsets != 0).any(axis=1)]
    col = grid["col"].to_numpy(dtype=np.int64)
    row = grid["row"].to_numpy(dtype=np.int64)
    c0, r0 = col.min(), row.min()
    pad = int(np.abs(offsets).max())  # room for the stencil on every side
    table = np.full((col.max() - c0 + 1 + 2 * pad, row.max() - r0 + 1 + 2 * pad), -1, np.int64)
    table[col - c0 + pad, row - r0 + pad] = np.arange(len(grid))
    n = len(grid)
    neighbour = table[
        (col - c0 + pad)[:, None] + offsets[:, 0][None, :],
        (row - r0 + pad)[:, None] + offsets[:, 1][None, :],
    ]
    source = np.broadcast_to(np.arange(n)[:, None], neighbour.shape)
    keep = neighbour >= 0
    return sp.csr_array(
        (np.ones(int(keep.sum())), (source[keep], neighbour[keep])), shape=(n, n), dtype=float
    )


def gi_star(values: np.ndarray, weights: sp.sparray | sp.spmatrix) -> np.ndarray:
    """Analytical Gi* z-scores (Ord & Getis 1995) for one or many variables.

    Parameters
    ----------
    values : numpy.ndarray
        Shape ``(n,)`` or ``(n, k)``: k variables (such as periods) over the same n cells.
    weights : scipy sparse array
        ``n`` × ``n`` weights including the self weight (see :func:`grid_weights`).

    Returns
    -------
    numpy.ndarray
        z-scores, same shape as ``values``; 0 where a variable has no variation or a cell
        neighbours every cell.
    """
    x = np.asarray(values, dtype=float)
    flat = x.ndim == 1
    x = x[:, None] if flat else x
    n = x.shape[0]
    if weights.shape != (n, n):
        raise ValidationError(f"weights has shape {weights.shape}, values has {n} rows")
    w = sp.csr_array(weights)
    lag = w @ x
    w_sum = np.asarray(w.sum(axis=1)).ravel()
    w_sq = np.asarray(w.multiply(w).sum(axis=1)).ravel()
    mean = x.mean(axis=0)
    s = np.sqrt(np.maximum((x**2).mean(axis=0) - mean**2, 0.0))
    spread = np.maximum(n * w_sq - w_sum**2, 0.0) / max(n - 1, 1)
    denominator = s[None, :] * np.sqrt(spread)[:, None]
    numerator = lag - mean[None, :] * w_sum[:, None]
    scale = np.where(s > 0, s, 1.0)
    valid = denominator > 1e-12 * scale[None, :]
    z = np.zeros_like(numerator)
    np.divide(numerator, denominator, out=z, where=valid)
    return z[:, 0] if flat else z


def benjamini_hochberg(p_values: np.ndarray, *, alpha: float) -> np.ndarray:
    """Benjamini-Hochberg step-up procedure: which hypotheses to reject at FDR ``alpha``.

    Parameters
    ----------
    p_values : numpy.ndarray
        Shape ``(m,)`` or ``(m, k)``: the procedure runs per column.
    alpha : float
        False discovery rate, in (0, 1).

    Returns
    -------
    numpy.ndarray
        Boolean mask, same shape: True where ``p`` ≤ the largest ``p_(i)`` with
        ``p_(i) <= i / m * alpha``.
    """
    if not 0.0 < alpha < 1.0:
        raise ValidationError(f"alpha={alpha!r} must lie in (0, 1)")
    p = np.asarray(p_values, dtype=float)
    flat = p.ndim == 1
    p = p[:, None] if flat else p
    m = p.shape[0]
    ordered = np.sort(p, axis=0)
    limit = alpha * np.arange(1, m + 1)[:, None] / m
    passing = ordered <= limit
    any_pass = passing.any(axis=0)
    last = m - 1 - np.argmax(passing[::-1], axis=0)
    cutoff = np.where(any_pass, ordered[last, np.arange(p.shape[1])], -np.inf)
    mask = p <= cutoff[None, :]
    return mask[:, 0] if flat else mask


def gi_bins(z: np.ndarray, *, fdr: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided p-values and confidence bins (-3..3) of Gi* z-scores (per column)."""
    p = 2.0 * stats.norm.sf(np.abs(z))
    level = np.zeros(np.shape(z), dtype=np.int64)
    for k, confidence in enumerate(CONFIDENCE_LEVELS, start=1):
        alpha = 1.0 - confidence
        passed = benjamini_hochberg(p, alpha=alpha) if fdr else p <= alpha
        level = np.where(passed, k, level)
    return p, np.sign(z).astype(np.int64) * level


_BIN_CLASS = np.array(["cold_99", "cold_95", "cold_90", "none", "hot_90", "hot_95", "hot_99"])


def gi_star_scores(
    values: pd.Series,
    grid: gpd.GeoDataFrame,
    *,
    neighbourhood: Neighbourhood = "queen",
    distance_m: float | None = None,
    fdr: bool = True,
) -> pd.DataFrame:
    """Gi* z-score, p-value and hot/cold class of each grid cell.

    Parameters
    ----------
    values : pandas.Series
        Count (or harm) per cell, indexed like ``grid``.
    grid : geopandas.GeoDataFrame
        From :func:`gis.grid.zone_grid`.
    neighbourhood, distance_m
        See :func:`grid_weights`.
    fdr : bool, default True
        Benjamini-Hochberg correction of the confidence bins.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``grid``: ``gi_z`` (float), ``p_value`` (two-sided, uncorrected),
        ``gi_bin`` (int, -3..3) and ``gi_class`` (one of :data:`GI_CLASSES`).
    """
    require_metric_crs(grid, "grid")
    if not values.index.equals(grid.index):
        raise ValidationError("values must be indexed like grid (one value per cell)")
    x = values.to_numpy(dtype=float)
    if not np.isfinite(x).all():
        raise ValidationError("values must be finite for every cell")
    z = gi_star(x, grid_weights(grid, neighbourhood=neighbourhood, distance_m=distance_m))
    p, bins = gi_bins(z, fdr=fdr)
    return pd.DataFrame(
        {
            "gi_z": z,
            "p_value": p,
            "gi_bin": bins,
            "gi_class": pd.Series(_BIN_CLASS[bins + 3], dtype="str").to_numpy(),
        },
        index=grid.index,
    ).astype({"gi_class": "str"})


def getis_ord_hotspots(
    incidents: gpd.GeoDataFrame,
    zone: gpd.GeoDataFrame,
    *,
    cell_size: float = 150.0,
    neighbourhood: Neighbourhood = "queen",
    distance_m: float | None = None,
    fdr: bool = True,
    harm_table: pd.DataFrame | None = None,
    default_harm: float | None = None,
) -> HotspotResult:
    """Gi* hot and cold spots of incident counts (or harm) on the zone's grid.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Selected incidents, metric CRS.
    zone : geopandas.GeoDataFrame
        Zone (or wijk) polygons, same CRS; the grid is clipped to them.
    cell_size : float, default 150
        Cell side in metres (50–500).
    neighbourhood, distance_m, fdr
        See :func:`gi_star_scores`.
    harm_table : pandas.DataFrame, optional
        Score harm instead of counts (see :mod:`gis.harm`); ``default_harm`` weighs
        categories missing from it.

    Returns
    -------
    HotspotResult
        ``method="gi_star"``; the grid with ``count``, ``harm``, ``gi_z``, ``p_value``,
        ``gi_bin``, ``gi_class``. ``value`` is ``gi_z``, ``category`` is ``gi_class``.
    """
    grid = analysis_grid(zone, cell_size=cell_size)
    totals = harm_per_cell(incidents, grid, table=harm_table, default=default_harm)
    scores = gi_star_scores(
        totals["harm"], grid, neighbourhood=neighbourhood, distance_m=distance_m, fdr=fdr
    )
    return HotspotResult(
        method="gi_star",
        frame=scored_grid(grid, totals.join(scores)),
        value="gi_z",
        category="gi_class",
        tooltip=("cell", "gi_class", "gi_z", "count", "harm"),
        parameters={
            "cell_size": cell_size,
            "neighbourhood": neighbourhood,
            "distance_m": distance_m,
            "fdr": fdr,
            "weighted": harm_table is not None,
        },
    )
