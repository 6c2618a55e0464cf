"""Emerging hot spot analysis: how each grid cell's hot spot status changes over time.

Simplified after ESRI's *Emerging Hot Spot Analysis*. Incidents are counted per cell and period
(month by default); each period gets its own Gi* z-scores (:mod:`gis.getis_ord`, the same
neighbours every period) and a cell is a significant hot (cold) spot in a period when its
two-sided p-value passes ``alpha`` (after a Benjamini-Hochberg correction over the cells of
that period, by default) with z > 0 (z < 0). The Mann-Kendall test on each cell's
series of z-scores tells whether its hotness rises or falls. With T periods, "most periods" means
at least 90 % of them. Patterns, for hot spots (cold spots mirror them, with ``kind="cold"``):

``new``
    Hot in the final period and never before.
``emerging``
    (ESRI: *consecutive*) A run of two or more hot periods up to the final one, never hot
    before the run, and hot in fewer than 90 % of the periods.
``intensifying`` / ``persistent`` / ``diminishing``
    Hot in at least 90 % of the periods including the final one, with a significant upward
    trend / no significant trend / a significant downward trend of the z-scores.
``sporadic``
    Hot in the final period, hot on and off before (fewer than 90 %), never a cold spot.
``oscillating``
    Hot in the final period, hot on and off before (fewer than 90 %), and a significant cold
    spot in some earlier period.
``historical``
    Not hot in the final period, but hot in at least 90 % of the periods.
``none``
    None of the above.

The Mann-Kendall statistic S, its tie-corrected variance and the z and p of the test are
computed for every cell at once (a loop over lags, not over cells); see :func:`mann_kendall`.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy import stats

from gis.errors import ValidationError
from gis.getis_ord import Neighbourhood, benjamini_hochberg, gi_star, grid_weights
from gis.hotspots import (
    HotspotResult,
    analysis_grid,
    cell_positions,
    require_metric_crs,
    scored_grid,
)

__all__ = [
    "PATTERNS",
    "emerging_hotspots",
    "mann_kendall",
    "period_counts",
    "trend_patterns",
]

PATTERNS: tuple[str, ...] = (
    "new",
    "emerging",
    "intensifying",
    "persistent",
    "diminishing",
    "sporadic",
    "oscillating",
    "historical",
)
"""Pattern names; a cell's ``pattern`` column holds ``<pattern>_hot``, ``<pattern>_cold`` or
``none``."""

FREQUENCIES: dict[str, str] = {"week": "W-SUN", "month": "M", "quarter": "Q"}
"""Pandas period codes; weekly periods run Monday to Sunday."""


def mann_kendall(series: np.ndarray, *, continuity: bool = True) -> pd.DataFrame:
    """Mann-Kendall trend test for many series at once, with the tie correction.

    Parameters
    ----------
    series : numpy.ndarray
        Shape ``(n, T)``: n series of T values in time order (T >= 3).
    continuity : bool, default True
        Apply the continuity correction ``z = (S - sign(S)) / sqrt(var)``.

    Returns
    -------
    pandas.DataFrame
        n rows: ``s`` (Kendall's S), ``var_s`` (tie-corrected variance), ``z``, ``p``
        (two-sided) and ``tau`` (S over the T(T-1)/2 pairs). Series without variation get
        z 0 and p 1.
    """
    x = np.asarray(series, dtype=float)
    if x.ndim != 2 or x.shape[1] < 3:
        raise ValidationError(f"series must have shape (n, T) with T >= 3, got {x.shape}")
    n, t = x.shape
    s = np.zeros(n)
    for lag in range(1, t):
        s += np.sign(x[:, lag:] - x[:, :-lag]).sum(axis=1)
    # ties: sizes of groups of equal values within each row
    ordered = np.sort(x, axis=1)
    new_group = np.ones((n, t), dtype=bool)
    new_group[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    group = np.cumsum(new_group, axis=1) - 1
    sizes = np.zeros((n, t))
    np.add.at(sizes, (np.repeat(np.arange(n), t), group.ravel()), 1.0)
    ties = (sizes * (sizes - 1) * (2 * sizes + 5)).sum(axis=1)
    var = (t * (t - 1) * (2 * t + 5) - ties) / 18.0
    numerator = s - np.sign(s) if continuity else s
    z = np.zeros(n)
    np.divide(numerator, np.sqrt(var), out=z, where=var > 0)
    p = 2.0 * stats.norm.sf(np.abs(z))
    return pd.DataFrame({"s": s, "var_s": var, "z": z, "p": p, "tau": s / (t * (t - 1) / 2)})


def period_counts(
    incidents: gpd.GeoDataFrame,
    grid: gpd.GeoDataFrame,
    *,
    freq: str = "month",
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Count incidents per grid cell and period.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Points with a ``start`` time, in the grid's metric CRS.
    grid : geopandas.GeoDataFrame
        From :func:`gis.grid.zone_grid`.
    freq : {"week", "month", "quarter"}, default "month"
        Period length (weeks start on Monday).
    start, end : pandas.Timestamp, optional
        Analysed span ``[start, end)``; default from the first to the last incident. Periods
        are whole calendar periods; incidents outside the span are left out.

    Returns
    -------
    pandas.DataFrame
        float64, indexed like ``grid``, one column per period (its first day).
    """
    require_metric_crs(incidents, "incidents")
    if freq not in FREQUENCIES:
        raise ValidationError(f"freq={freq!r} is not supported; allowed: {', '.join(FREQUENCIES)}")
    when = pd.to_datetime(incidents["start"]).to_numpy()
    known = ~np.isnat(when)
    if start is None:
        if not known.any():
            raise ValidationError("incidents have no start times; pass start= and end=")
        start = pd.Timestamp(when[known].min())
    if end is None:
        end = pd.Timestamp(when[known].max()) + pd.Timedelta(microseconds=1)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if not start < end:
        raise ValidationError(f"end={end} must be after start={start}")
    code = FREQUENCIES[freq]
    first = pd.Period(start, freq=code)
    last = pd.Period(end - pd.Timedelta(microseconds=1), freq=code)
    n_periods = last.ordinal - first.ordinal + 1
    inside = known & (when >= np.datetime64(start)) & (when < np.datetime64(end))
    period = np.full(len(when), -1, dtype=np.int64)
    period[inside] = pd.DatetimeIndex(when[inside]).to_period(code).asi8 - first.ordinal
    pos = cell_positions(incidents, grid)
    use = inside & (pos >= 0)
    flat = np.bincount(pos[use] * n_periods + period[use], minlength=len(grid) * n_periods).reshape(
        len(grid), n_periods
    )
    columns = pd.period_range(first, periods=n_periods, freq=code).start_time
    return pd.DataFrame(flat.astype(float), index=grid.index, columns=columns)


def trend_patterns(
    counts: pd.DataFrame,
    grid: gpd.GeoDataFrame,
    *,
    neighbourhood: Neighbourhood = "queen",
    distance_m: float | None = None,
    alpha: float = 0.05,
    fdr: bool = True,
    trend_alpha: float = 0.05,
) -> pd.DataFrame:
    """Classify each cell's hot spot history into an emerging hot spot pattern.

    Parameters
    ----------
    counts : pandas.DataFrame
        Cells × periods, from :func:`period_counts` (at least 3 periods).
    grid : geopandas.GeoDataFrame
        The grid ``counts`` is indexed like.
    neighbourhood, distance_m
        Gi* neighbours (see :func:`gis.getis_ord.grid_weights`).
    alpha : float, default 0.05
        Significance of a hot or cold spot in one period.
    fdr : bool, default True
        Benjamini-Hochberg correction of each period's hot/cold spots at ``alpha`` (as ESRI's
        Emerging Hot Spot Analysis). Without it, a cell of pure noise is a "hot spot" in about
        one period of 40 by chance, which turns many cells into ``sporadic`` or ``new`` ones.
    trend_alpha : float, default 0.05
        Significance of the Mann-Kendall trend.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``grid``: ``pattern`` (``"<pattern>_hot"``, ``"<pattern>_cold"`` or
        ``"none"``), ``hot_periods``, ``cold_periods``, ``final_z``, ``trend_tau``,
        ``trend_z``, ``trend_p`` and ``total`` (incidents over all periods).
    """
    require_metric_crs(grid, "grid")
    if not counts.index.equals(grid.index):
        raise ValidationError("counts must be indexed like grid")
    t = counts.shape[1]
    if t < 3:
        raise ValidationError(f"counts has {t} periods; trends need at least 3")
    for name, value in (("alpha", alpha), ("trend_alpha", trend_alpha)):
        if not 0.0 < value < 1.0:
            raise ValidationError(f"{name}={value!r} must lie in (0, 1)")
    z = gi_star(
        counts.to_numpy(dtype=float),
        grid_weights(grid, neighbourhood=neighbourhood, distance_m=distance_m),
    )
    p = 2.0 * stats.norm.sf(np.abs(z))
    significant = benjamini_hochberg(p, alpha=alpha) if fdr else p <= alpha
    hot = significant & (z > 0)
    cold = significant & (z < 0)
    trend = mann_kendall(z)
    up = (trend["p"].to_numpy() <= trend_alpha) & (trend["s"].to_numpy() > 0)
    down = (trend["p"].to_numpy() <= trend_alpha) & (trend["s"].to_numpy() < 0)
    hot_label = _classify(hot, cold, up, down)
    cold_label = _classify(cold, hot, down, up)
    pattern = np.where(
        hot_label != "none",
        np.char.add(hot_label.astype(str), "_hot"),
        np.where(cold_label != "none", np.char.add(cold_label.astype(str), "_cold"), "none"),
    )
    return pd.DataFrame(
        {
            "pattern": pd.array(pattern, dtype="str"),
            "hot_periods": hot.sum(axis=1),
            "cold_periods": cold.sum(axis=1),
            "final_z": z[:, -1],
            "trend_tau": trend["tau"].to_numpy(),
            "trend_z": trend["z"].to_numpy(),
            "trend_p": trend["p"].to_numpy(),
            "total": counts.sum(axis=1).to_numpy(),
        },
        index=grid.index,
    )


def _classify(
    hot: np.ndarray, cold: np.ndarray, rising: np.ndarray, falling: np.ndarray
) -> np.ndarray:
    """Pattern of each row of a (cells × periods) hot mask; see the module notes."""
    n, t = hot.shape
    n_hot = hot.sum(axis=1)
    final = hot[:, -1]
    most = n_hot >= 0.9 * t
    # length of the run of hot periods that ends in the final period
    not_hot = ~hot
    last_off = np.where(not_hot.any(axis=1), t - 1 - np.argmax(not_hot[:, ::-1], axis=1), -1)
    run = t - 1 - last_off
    before_run = n_hot - run  # hot periods before the final run
    ever_cold_before = cold[:, :-1].any(axis=1)
    label = np.full(n, "none", dtype=object)
    label[final & (n_hot == 1)] = "new"
    label[final & (run >= 2) & (before_run == 0) & ~most] = "emerging"
    label[final & most & rising] = "intensifying"
    label[final & most & ~rising & ~falling] = "persistent"
    label[final & most & falling] = "diminishing"
    on_off = final & ~most & (before_run > 0)
    label[on_off & ~ever_cold_before] = "sporadic"
    label[on_off & ever_cold_before] = "oscillating"
    label[~final & most] = "historical"
    return label


def emerging_hotspots(
    incidents: gpd.GeoDataFrame,
    zone: gpd.GeoDataFrame,
    *,
    cell_size: float = 150.0,
    freq: str = "month",
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
    neighbourhood: Neighbourhood = "queen",
    distance_m: float | None = None,
    alpha: float = 0.05,
    fdr: bool = True,
    trend_alpha: float = 0.05,
) -> HotspotResult:
    """Emerging hot spot patterns of the zone's grid cells over periods.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Selected incidents (``start`` column), metric CRS.
    zone : geopandas.GeoDataFrame
        Zone (or wijk) polygons in the same CRS.
    cell_size : float, default 150
        Cell side in metres (50–500).
    freq, start, end
        Periods (see :func:`period_counts`).
    neighbourhood, distance_m, alpha, fdr, trend_alpha
        See :func:`trend_patterns`.

    Returns
    -------
    HotspotResult
        ``method="trends"``; the grid with the columns of :func:`trend_patterns`.
        ``category`` is ``pattern``, ``value`` is ``trend_z``.
    """
    grid = analysis_grid(zone, cell_size=cell_size)
    counts = period_counts(incidents, grid, freq=freq, start=start, end=end)
    scores = trend_patterns(
        counts,
        grid,
        neighbourhood=neighbourhood,
        distance_m=distance_m,
        alpha=alpha,
        fdr=fdr,
        trend_alpha=trend_alpha,
    )
    return HotspotResult(
        method="trends",
        frame=scored_grid(grid, scores),
        value="trend_z",
        category="pattern",
        tooltip=("cell", "pattern", "hot_periods", "trend_tau", "total"),
        parameters={
            "cell_size": cell_size,
            "freq": freq,
            "periods": counts.shape[1],
            "first_period": str(counts.columns[0].date()),
            "neighbourhood": neighbourhood,
            "distance_m": distance_m,
            "alpha": alpha,
            "fdr": fdr,
            "trend_alpha": trend_alpha,
        },
    )
