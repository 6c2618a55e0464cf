"""Near-repeat victimisation: Knox test, Ratcliffe-style space × time table, alert zones.

After a burglary, the houses nearby run a raised risk for a few weeks ("near repeats").
Whether a set of incidents shows this is tested the Knox way: count the pairs of incidents
that are close in space *and* in time, and compare with the same count after randomly
permuting the times over the places (Monte Carlo, ``permutations`` times with ``seed``), which
keeps the spatial pattern and the time pattern but breaks any link between them.

Distances are straight-line metres between the points; time differences are whole calendar
days between the ``start`` dates (as in Ratcliffe's Near Repeat Calculator). Only the pairs
within the largest distance band are enumerated (:meth:`scipy.spatial.cKDTree.query_pairs`);
the pairs beyond it follow from the permutation-invariant distribution of all time
differences, so the table has a complete "beyond" row at no extra cost.

The p-value of a table cell (or of the Knox statistic) is ``(1 + #{permuted >= observed}) /
(1 + permutations)``: one-sided, small when there are *more* close pairs than chance gives.
:func:`near_repeat_analysis` gives the table and the Knox test from one pass over the pairs
and one set of permutations (the app's call); :func:`knox_test` and :func:`near_repeat_table`
run alone.

Cost grows with the number of pairs within reach, i.e. with the square of the density: a
zone-year of burglaries (~1,300 in PZ AMOW at 20,000 incidents) has ~12,000 pairs within
400 m and takes milliseconds; 70,000 burglaries a year in the same zone have ~32 million.
Every pair is counted exactly for the observed table, but the permutations then use a seeded
random subset of ``max_pairs`` pairs (default one million), which keeps the test valid (the
subset does not depend on the times) and the cost bounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from gis.errors import ValidationError
from gis.hotspots import HotspotResult, require_metric_crs, require_same_crs

__all__ = [
    "KnoxResult",
    "NearRepeatAnalysis",
    "knox_test",
    "near_repeat_alert_zones",
    "near_repeat_analysis",
    "near_repeat_hotspots",
    "near_repeat_table",
]

_DAY_NS = 86_400 * 10**9


@dataclass(frozen=True)
class KnoxResult:
    """The outcome of a Knox test.

    Attributes
    ----------
    observed : int
        Pairs close in space (<= ``distance_m``) and in time (<= ``days``).
    expected : float
        Mean of the same count over the permutations.
    ratio : float
        ``observed / expected`` (NaN when nothing is expected).
    p_value : float
        One-sided Monte Carlo p-value.
    permutations : int
    distance_m : float
    days : int
    close_in_space : int
        Pairs within ``distance_m`` whatever their time difference.
    incidents : int
        Located, dated incidents tested.
    sampled_pairs : int
        Pairs close in space the permutations were evaluated on (all of them unless
        ``max_pairs`` applied).
    """

    observed: int
    expected: float
    ratio: float
    p_value: float
    permutations: int
    distance_m: float
    days: int
    close_in_space: int
    incidents: int
    sampled_pairs: int


def _points_and_days(incidents: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    require_metric_crs(incidents, "incidents")
    if "start" not in incidents.columns:
        raise ValidationError("incidents lack the column 'start'")
    points = incidents.geometry.to_numpy()
    x, y = shapely.get_x(points), shapely.get_y(points)
    when = pd.to_datetime(incidents["start"]).to_numpy().astype("datetime64[ns]")
    keep = np.isfinite(x) & np.isfinite(y) & ~np.isnat(when)
    day = np.floor_divide(when[keep].astype(np.int64), _DAY_NS)
    return np.column_stack([x[keep], y[keep]]), day


def _check_common(permutations: int) -> None:
    if not 9 <= permutations <= 99_999:
        raise ValidationError(f"permutations={permutations!r} must lie within 9–99999")


def _check_max_pairs(max_pairs: int | None) -> None:
    if max_pairs is not None and max_pairs < 10_000:
        raise ValidationError(f"max_pairs={max_pairs!r} must be None or at least 10000")


def _pairs(xy: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Both members and the squared distance (m²) of every pair within ``reach`` metres."""
    if len(xy) < 2:
        return np.empty(0, np.intp), np.empty(0, np.intp), np.empty(0)
    pairs = cKDTree(xy).query_pairs(reach, output_type="ndarray")
    first, second = pairs[:, 0], pairs[:, 1]
    x, y = np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1])
    dx = x[first]
    dx -= x[second]
    dy = y[first]
    dy -= y[second]
    dx *= dx
    dy *= dy
    dx += dy
    return first, second, dx


def _distance_bands(squared: np.ndarray, edges: np.ndarray, *, same: bool) -> np.ndarray:
    """Band of each squared distance: <= edges[k] is band k (shifted by one, with exact zeros
    in band 0, when ``same``); distances beyond the last edge (rounding) join the last band.
    Overwrites ``squared``."""
    last = len(edges) - 1
    reach_sq = edges[-1] ** 2
    if np.all(edges == np.round(edges)) and reach_sq <= 4_000_000:
        # d <= e  <=>  ceil(d²) <= e² for whole e: one lookup per pair, no square root
        lookup = np.searchsorted(edges**2, np.arange(int(reach_sq) + 1), side="left")
        lookup = lookup.astype(np.int8)
        np.ceil(squared, out=squared)
        np.minimum(squared, reach_sq, out=squared)
        band = lookup[squared.astype(np.int32)]
        zero = squared == 0
    else:
        zero = squared == 0
        np.sqrt(squared, out=squared)
        band = np.minimum(np.searchsorted(edges, squared, side="left"), last).astype(np.int8)
    if same:
        band += 1
        band[zero] = 0
    return band


def _compact_days(day: np.ndarray) -> np.ndarray:
    """Days since the first one, in the smallest integer type that holds them."""
    if len(day) == 0:
        return day.astype(np.int16)
    offset = day - day.min()
    return offset.astype(np.int16 if offset.max() < 2**15 - 1 else np.int32)


def _band_lookup(edges: np.ndarray, top: int) -> np.ndarray:
    """Band (0..len(edges)) of every whole number 0..top: values <= edges[k] fall in band k."""
    return np.searchsorted(edges, np.arange(top + 1), side="left").astype(np.int8)


def _edges(values: Sequence[float], name: str, *, whole: bool) -> np.ndarray:
    edges = np.asarray(values, dtype=float)
    if edges.ndim != 1 or len(edges) == 0 or not np.isfinite(edges).all():
        raise ValidationError(f"{name}={values!r} must be a non-empty list of numbers")
    if (np.diff(edges) <= 0).any() or edges[0] <= 0:
        raise ValidationError(f"{name}={values!r} must be positive and increasing")
    if whole and (edges != np.round(edges)).any():
        raise ValidationError(f"{name}={values!r} must be whole numbers")
    return edges


def _labels(edges: np.ndarray, unit: str, *, same: bool) -> list[str]:
    lows = np.concatenate([[0], edges[:-1] + 1])
    labels = [f"{lo:g}–{hi:g} {unit}" for lo, hi in zip(lows, edges, strict=True)]
    if same:
        labels[0] = f"1–{edges[0]:g} {unit}"
        labels.insert(0, f"0 {unit}")
    return [*labels, f"> {edges[-1]:g} {unit}"]


def _pairs_within_days(day: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """Number of pairs (all pairs) with a day difference <= each limit."""
    ordered = np.sort(day).astype(np.int64)
    idx = np.arange(len(ordered))
    return np.array(
        [(np.searchsorted(ordered, ordered + k, side="right") - idx - 1).sum() for k in limits],
        dtype=np.int64,
    )


@dataclass(frozen=True)
class _Counts:
    """Pair counts per (distance band, time band) cell, observed and under permutations."""

    observed: np.ndarray  # (n_d * n_t,) exact, all pairs within reach
    observed_used: np.ndarray  # the same on the pairs the permutations used
    sims: np.ndarray  # (permutations, n_d * n_t) on the pairs used
    scale: float  # pairs within reach / pairs used
    n_d: int
    n_t: int
    day: np.ndarray
    pairs: int
    used: int


def _space_time_counts(
    incidents: gpd.GeoDataFrame,
    d_edges: np.ndarray,
    t_edges: np.ndarray,
    *,
    same_location: bool,
    permutations: int,
    max_pairs: int | None,
    seed: int,
) -> _Counts:
    """Count the pairs within ``d_edges[-1]`` per distance × time band, observed and permuted.

    Bands are ``<= edge`` (distance in metres, time in whole days); the last time band holds
    every lag beyond ``t_edges[-1]``.
    """
    xy, day = _points_and_days(incidents)
    day = _compact_days(day)
    first, second, squared = _pairs(xy, float(d_edges[-1]))
    band = _distance_bands(squared, d_edges, same=same_location)
    del squared
    n_d = len(d_edges) + (1 if same_location else 0)
    n_t = len(t_edges) + 1
    n_cells = n_d * n_t
    top = int(t_edges[-1]) + 1
    t_lookup = _band_lookup(t_edges, top)

    def cell_codes(days: np.ndarray, i: np.ndarray, j: np.ndarray, base: np.ndarray) -> np.ndarray:
        lag = days[i]
        lag -= days[j]
        np.abs(lag, out=lag)
        np.minimum(lag, top, out=lag)
        codes = t_lookup[lag].astype(np.intp)
        codes += base
        return codes

    base = band.astype(np.intp)
    base *= n_t
    del band
    codes = cell_codes(day, first, second, base)
    observed = np.bincount(codes, minlength=n_cells)
    rng = np.random.default_rng(seed)
    m = len(codes)
    if max_pairs is not None and m > max_pairs:
        keep = rng.random(m, dtype=np.float32) < np.float32(max_pairs / m)
        first, second, base = first[keep], second[keep], base[keep]
        observed_used = np.bincount(codes[keep], minlength=n_cells)
    else:
        observed_used = observed
    del codes
    first = first.astype(np.int32)
    second = second.astype(np.int32)
    sims = np.zeros((permutations, n_cells), dtype=np.int64)
    if len(first):
        for k in range(permutations):
            shuffled = rng.permutation(day)
            sims[k] = np.bincount(cell_codes(shuffled, first, second, base), minlength=n_cells)
    return _Counts(
        observed=observed,
        observed_used=observed_used,
        sims=sims,
        scale=m / max(len(first), 1),
        n_d=n_d,
        n_t=n_t,
        day=day,
        pairs=m,
        used=len(first),
    )


def _knox_from(counts: _Counts, cells: np.ndarray, distance_m: float, days: int) -> KnoxResult:
    """The Knox test of the pairs in ``cells`` (a mask over the band cells)."""
    observed = int(counts.observed[cells].sum())
    used = int(counts.observed_used[cells].sum())
    sims = counts.sims[:, cells].sum(axis=1)
    permutations = len(sims)
    expected = float(sims.mean()) * counts.scale
    return KnoxResult(
        observed=observed,
        expected=expected,
        ratio=observed / expected if expected > 0 else float("nan"),
        p_value=float((1 + (sims >= used).sum()) / (permutations + 1)),
        permutations=permutations,
        distance_m=float(distance_m),
        days=int(days),
        close_in_space=counts.pairs,
        incidents=len(counts.day),
        sampled_pairs=counts.used,
    )


def knox_test(
    incidents: gpd.GeoDataFrame,
    *,
    distance_m: float = 200.0,
    days: int = 14,
    permutations: int = 99,
    max_pairs: int | None = 1_000_000,
    seed: int = 0,
) -> KnoxResult:
    """Knox test for space-time clustering, with Monte Carlo significance.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Points (metric CRS) with a ``start`` time, typically the burglaries of one period.
        Unlocated or undated rows are left out.
    distance_m : float, default 200
        Close in space: at most this many metres apart (> 0).
    days : int, default 14
        Close in time: at most this many calendar days apart (>= 0).
    permutations : int, default 99
        Random permutations of the days over the places (9–99999).
    max_pairs : int or None, default 1,000,000
        With more pairs close in space, the permutations are evaluated on a seeded random
        subset of about this many of them (the observed count stays exact; the expected count
        is scaled up). Sampling pairs independently of the times keeps the permutation test
        valid; it only costs a little power. A zone-year of burglaries has a few thousand
        close pairs, so this only applies to very large inputs. None evaluates all pairs.
    seed : int, default 0
        Seed of the pair sample and the permutations.

    Returns
    -------
    KnoxResult
    """
    _check_common(permutations)
    _check_max_pairs(max_pairs)
    if not distance_m > 0:
        raise ValidationError(f"distance_m={distance_m!r} must be > 0")
    if days < 0 or int(days) != days:
        raise ValidationError(f"days={days!r} must be a whole number >= 0")
    t_edges = np.array([int(days)]) if days > 0 else np.array([0])
    counts = _space_time_counts(
        incidents,
        np.array([float(distance_m)]),
        t_edges,
        same_location=False,
        permutations=permutations,
        max_pairs=max_pairs,
        seed=seed,
    )
    return _knox_from(counts, np.array([True, False]), distance_m, int(days))


def _table(counts: _Counts, d_edges: np.ndarray, t_edges: np.ndarray, same: bool) -> pd.DataFrame:
    n_d, n_t = counts.n_d, counts.n_t
    permutations = len(counts.sims)
    p_within = (1 + (counts.sims >= counts.observed_used[None, :]).sum(axis=0)) / (permutations + 1)
    # the row beyond the last distance band: all pairs in the time band minus those within
    within = _pairs_within_days(counts.day, t_edges)
    n = len(counts.day)
    per_band = np.diff(np.concatenate([[0], within, [n * (n - 1) // 2]]))
    sims_within = counts.sims.reshape(permutations, n_d, n_t) * counts.scale
    sims_beyond = per_band[None, :] - sims_within.sum(axis=1)
    observed_beyond = per_band - counts.observed.reshape(n_d, n_t).sum(axis=0)
    p_beyond = (1 + (sims_beyond >= observed_beyond[None, :] - 1e-9).sum(axis=0)) / (
        permutations + 1
    )
    observed = np.concatenate([counts.observed, observed_beyond])
    expected = np.concatenate([sims_within.mean(axis=0).ravel(), sims_beyond.mean(axis=0)])
    ratio = np.divide(observed, expected, out=np.full(len(expected), np.nan), where=expected > 0)
    d_labels = _labels(d_edges, "m", same=same)
    t_labels = _labels(t_edges.astype(float), "d", same=False)
    index = pd.MultiIndex.from_product(
        [
            pd.CategoricalIndex(d_labels, categories=d_labels, ordered=True),
            pd.CategoricalIndex(t_labels, categories=t_labels, ordered=True),
        ],
        names=["distance", "time"],
    )
    return pd.DataFrame(
        {
            "observed": observed,
            "expected": expected,
            "ratio": ratio,
            "p_value": np.concatenate([p_within, p_beyond]),
        },
        index=index,
    )


def near_repeat_table(
    incidents: gpd.GeoDataFrame,
    *,
    distance_bands_m: Sequence[float] = (100, 200, 300, 400),
    time_bands_days: Sequence[int] = (7, 14, 21, 28),
    same_location: bool = True,
    permutations: int = 99,
    max_pairs: int | None = 1_000_000,
    seed: int = 0,
) -> pd.DataFrame:
    """Ratcliffe-style near-repeat table: observed / expected pairs per distance × time band.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Points (metric CRS) with a ``start`` time.
    distance_bands_m : sequence of float, default (100, 200, 300, 400)
        Upper edges of the distance bands (inclusive): 0–100, 101–200, … m, then "> 400 m".
    time_bands_days : sequence of int, default (7, 14, 21, 28)
        Upper edges of the time bands in days (inclusive): 0–7, 8–14, … days, then "> 28".
    same_location : bool, default True
        Give pairs at exactly the same point their own first distance band ("0 m").
    permutations : int, default 99
        Random permutations of the days (9–99999).
    max_pairs : int or None, default 1,000,000
        Evaluate the permutations on a seeded random subset of about this many of the pairs
        within the largest distance band (see :func:`knox_test`); observed counts stay exact,
        expected counts are scaled up, p-values of the bands within reach come from the
        subset (those of the "beyond" row from the scaled counts).
    seed : int, default 0
        Seed of the pair sample and the permutations.

    Returns
    -------
    pandas.DataFrame
        One row per (``distance``, ``time``) band, a MultiIndex of band labels in order, and
        columns ``observed`` (pairs), ``expected`` (mean over permutations), ``ratio``
        (observed / expected, the Knox ratio) and ``p_value``. ``table["ratio"].unstack()``
        gives the familiar matrix.
    """
    return near_repeat_analysis(
        incidents,
        distance_bands_m=distance_bands_m,
        time_bands_days=time_bands_days,
        knox_distance_m=None,
        same_location=same_location,
        permutations=permutations,
        max_pairs=max_pairs,
        seed=seed,
    ).table


@dataclass(frozen=True)
class NearRepeatAnalysis:
    """A near-repeat table and the Knox test of its close cells, from one set of permutations.

    Attributes
    ----------
    table : pandas.DataFrame
        See :func:`near_repeat_table`.
    knox : KnoxResult or None
        Pairs within ``knox_distance_m`` and ``knox_days`` (None when not asked).
    """

    table: pd.DataFrame
    knox: KnoxResult | None


def near_repeat_analysis(
    incidents: gpd.GeoDataFrame,
    *,
    distance_bands_m: Sequence[float] = (100, 200, 300, 400),
    time_bands_days: Sequence[int] = (7, 14, 21, 28),
    knox_distance_m: float | None = 200.0,
    knox_days: int = 14,
    same_location: bool = True,
    permutations: int = 99,
    max_pairs: int | None = 1_000_000,
    seed: int = 0,
) -> NearRepeatAnalysis:
    """Near-repeat table and Knox test in one pass over the pairs (what the app shows).

    The Knox test counts the pairs in the table's cells up to ``knox_distance_m`` and
    ``knox_days``, which must therefore be band edges; its permutations are the table's.
    See :func:`near_repeat_table` and :func:`knox_test` for the other parameters.

    Returns
    -------
    NearRepeatAnalysis
    """
    _check_common(permutations)
    _check_max_pairs(max_pairs)
    d_edges = _edges(distance_bands_m, "distance_bands_m", whole=False)
    t_edges = _edges(time_bands_days, "time_bands_days", whole=True).astype(np.int64)
    if knox_distance_m is not None:
        if not np.isclose(d_edges, knox_distance_m).any():
            raise ValidationError(
                f"knox_distance_m={knox_distance_m!r} must be one of distance_bands_m "
                f"{list(distance_bands_m)}"
            )
        if knox_days not in set(t_edges.tolist()):
            raise ValidationError(
                f"knox_days={knox_days!r} must be one of time_bands_days {list(time_bands_days)}"
            )
    counts = _space_time_counts(
        incidents,
        d_edges,
        t_edges,
        same_location=same_location,
        permutations=permutations,
        max_pairs=max_pairs,
        seed=seed,
    )
    knox = None
    if knox_distance_m is not None:
        d_close = np.concatenate([[True] * same_location, d_edges <= knox_distance_m])
        t_close = np.concatenate([t_edges <= knox_days, [False]])
        d_close, t_close = d_close.astype(bool), t_close.astype(bool)
        cells = (d_close[:, None] & t_close[None, :]).ravel()
        knox = _knox_from(counts, cells, knox_distance_m, knox_days)
    return NearRepeatAnalysis(table=_table(counts, d_edges, t_edges, same_location), knox=knox)


def near_repeat_alert_zones(
    burglaries: gpd.GeoDataFrame,
    *,
    now: pd.Timestamp,
    radius_m: float = 200.0,
    days: int = 14,
    zone: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Areas of raised near-repeat risk around recent burglaries, with their expiry date.

    A burglary is recent when its reference time (``end`` when known, else ``start``: the
    latest moment the offence can have happened) lies in ``(now - days, now]``. Each recent
    burglary gets a circle of ``radius_m``; overlapping circles merge into one alert zone that
    runs until the last of its burglaries is ``days`` old.

    Parameters
    ----------
    burglaries : geopandas.GeoDataFrame
        Points (metric CRS) with ``start`` and optional ``end``.
    now : pandas.Timestamp
        The moment of the alert (naive local time, like the incidents).
    radius_m : float, default 200
        Circle radius in metres (10–2000).
    days : int, default 14
        How long a burglary keeps its circle alive (1–365).
    zone : geopandas.GeoDataFrame, optional
        Clip the zones to these polygons (same CRS).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per alert zone, most incidents first: ``alert`` (1, 2, …), ``incidents``,
        ``first_incident``, ``last_incident``, ``expires`` (timestamps), ``days_left`` (whole
        days from ``now`` to ``expires``, rounded up) and the polygon.
    """
    require_metric_crs(burglaries, "burglaries")
    try:
        now = pd.Timestamp(now)
    except (TypeError, ValueError) as error:
        raise ValidationError(f"now={now!r} must be a timestamp") from error
    if now.tzinfo is not None:
        raise ValidationError(f"now={now} must be naive local time, like the incidents")
    if not 10.0 <= radius_m <= 2000.0:
        raise ValidationError(f"radius_m={radius_m!r} must lie within 10–2000 m")
    if not 1 <= days <= 365 or int(days) != days:
        raise ValidationError(f"days={days!r} must be a whole number within 1–365")
    if "start" not in burglaries.columns:
        raise ValidationError("burglaries lack the column 'start'")
    start = pd.to_datetime(burglaries["start"])
    end = pd.to_datetime(burglaries["end"]) if "end" in burglaries.columns else start
    reference = end.where(end.notna(), start).to_numpy().astype("datetime64[ns]")
    points = burglaries.geometry.to_numpy()
    window = pd.Timedelta(days=int(days)).to_timedelta64()
    recent = (
        ~np.isnat(reference)
        & (reference <= now.to_datetime64())
        & (reference > now.to_datetime64() - window)
        & ~shapely.is_missing(points)
        & ~shapely.is_empty(points)
    )
    columns = {
        "alert": "int64",
        "incidents": "int64",
        "first_incident": "datetime64[ns]",
        "last_incident": "datetime64[ns]",
        "expires": "datetime64[ns]",
        "days_left": "int64",
    }
    if not recent.any():
        return gpd.GeoDataFrame(
            {c: pd.Series(dtype=t) for c, t in columns.items()},
            geometry=gpd.GeoSeries([], crs=burglaries.crs),
            crs=burglaries.crs,
        )
    points = points[recent]
    reference = reference[recent]
    circles = shapely.buffer(points, radius_m, quad_segs=8)
    parts = shapely.get_parts(shapely.union_all(circles))
    member, part = shapely.STRtree(parts).query(points, predicate="within")
    order = np.argsort(member, kind="stable")
    part_of = np.empty(len(points), dtype=np.int64)
    part_of[member[order]] = part[order]
    when = pd.Series(reference).groupby(part_of)
    last = when.max()
    geometry = parts[last.index.to_numpy()]
    if zone is not None:
        require_metric_crs(zone, "zone")
        require_same_crs(burglaries, zone, "burglaries, zone")
        geometry = shapely.intersection(geometry, shapely.union_all(zone.geometry.to_numpy()))
    expires = last + pd.Timedelta(days=int(days))
    frame = gpd.GeoDataFrame(
        {
            "incidents": when.size().to_numpy(),
            "first_incident": when.min().to_numpy(),
            "last_incident": last.to_numpy(),
            "expires": expires.to_numpy(),
            "days_left": np.ceil((expires - now) / pd.Timedelta(days=1)).astype("int64").to_numpy(),
        },
        geometry=geometry,
        crs=burglaries.crs,
    )
    frame = frame[~frame.geometry.is_empty]
    frame = frame.sort_values(["incidents", "expires"], ascending=[False, False], kind="stable")
    frame = frame.reset_index(drop=True)
    frame.insert(0, "alert", np.arange(1, len(frame) + 1))
    return frame


def near_repeat_hotspots(
    burglaries: gpd.GeoDataFrame,
    *,
    now: pd.Timestamp,
    radius_m: float = 200.0,
    days: int = 14,
    zone: gpd.GeoDataFrame | None = None,
) -> HotspotResult:
    """Near-repeat alert zones as a :class:`~gis.hotspots.HotspotResult`.

    See :func:`near_repeat_alert_zones` for the parameters.

    Returns
    -------
    HotspotResult
        ``method="near_repeat"``, ``kind="polygons"``, ``value="incidents"``.
    """
    zones = near_repeat_alert_zones(burglaries, now=now, radius_m=radius_m, days=days, zone=zone)
    return HotspotResult(
        method="near_repeat",
        frame=zones,
        value="incidents",
        tooltip=("alert", "incidents", "last_incident", "expires", "days_left"),
        kind="polygons",
        parameters={"now": str(now), "radius_m": radius_m, "days": days},
    )
