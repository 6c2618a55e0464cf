"""Density clusters of incidents (HDBSCAN or DBSCAN) turned into ranked hotspot polygons.

A cluster is a group of incidents denser than its surroundings; noise points belong to no
cluster and are left out. Each cluster becomes one polygon: the convex hull (or a concave hull)
of its members, buffered by ``buffer_m`` so that a line of incidents along a street still has an
area, and clipped to the zone.

Speed. HDBSCAN's cost grows faster than linearly (about 1.5 s for 18,000 points), so it runs on
a seeded random sample of at most ``max_points`` incidents (default 5,000) with a proportionally
smaller minimum cluster size. The other incidents then join the cluster of their nearest
sampled member when they lie within that member's core distance (its distance to its
``min_samples``-th nearest sampled neighbour), in the spirit of ``hdbscan.approximate_predict``;
the rest is noise. DBSCAN is fast and exact: it runs on incidents snapped to a lattice of
``eps_m / 10`` with the number of incidents per lattice point as sample weight.

Fringe and background. HDBSCAN clusters also take in the scattered incidents around a dense
core; members with a membership probability below ``min_probability`` (default 0.5) are
treated as noise so that a polygon wraps the core. A cluster must moreover be at least
``min_density_ratio`` (default 2) times as dense as the incidents on average over the zone, or
it is background rather than a hotspot.

Defaults, for a zone-year of about 20,000 incidents: ``min_cluster_size`` = 0.25 % of the
located incidents, at least 10 (50 for 20,000), and ``min_samples`` = 10. A cluster then holds at
least as many incidents as a busy micro-place produces in a year; smaller groups are noise.
"""

from __future__ import annotations

import warnings
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import ConvexHull, QhullError, cKDTree
from sklearn.cluster import DBSCAN, HDBSCAN

from gis.errors import ValidationError
from gis.hotspots import HotspotResult, require_metric_crs, require_same_crs

__all__ = [
    "CLUSTER_COLUMNS",
    "cluster_labels",
    "cluster_polygons",
    "default_min_cluster_size",
    "incident_clusters",
]

Method = Literal["hdbscan", "dbscan"]
Hull = Literal["convex", "concave"]
CLUSTER_COLUMNS: tuple[str, ...] = (
    "cluster",
    "rank",
    "incidents",
    "area_m2",
    "density",
    "top_categories",
    "geometry",
)
"""Columns of the cluster polygons; ``density`` is incidents per hectare."""


def default_min_cluster_size(n: int) -> int:
    """0.25 % of ``n`` incidents, at least 10."""
    return max(10, round(0.0025 * n))


def _coordinates(incidents: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    points = incidents.geometry.to_numpy()
    return shapely.get_x(points), shapely.get_y(points)


def _inside(
    incidents: gpd.GeoDataFrame,
    zone: gpd.GeoDataFrame | None,
    x: np.ndarray,
    y: np.ndarray,
) -> tuple[np.ndarray, shapely.Geometry | None]:
    """Located incidents (inside ``zone`` when given) and the zone's prepared outline."""
    located = np.isfinite(x) & np.isfinite(y)
    if zone is None:
        return located, None
    require_metric_crs(zone, "zone")
    require_same_crs(incidents, zone, "incidents, zone")
    outline = shapely.union_all(zone.geometry.to_numpy())
    shapely.prepare(outline)
    located[located] = shapely.intersects_xy(outline, x[located], y[located])
    return located, outline


def cluster_labels(
    incidents: gpd.GeoDataFrame,
    *,
    method: Method = "hdbscan",
    min_cluster_size: int | None = None,
    min_samples: int = 10,
    eps_m: float = 50.0,
    max_points: int = 5_000,
    min_probability: float = 0.5,
    seed: int = 0,
) -> pd.Series:
    """Label each incident with its density cluster (-1 = noise).

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Points in a metric CRS; unlocated rows get -1.
    method : {"hdbscan", "dbscan"}, default "hdbscan"
        HDBSCAN finds clusters of varying density; DBSCAN clusters at one density, set by
        ``eps_m`` and ``min_samples``.
    min_cluster_size : int, optional
        Smallest cluster (HDBSCAN) in incidents; default 0.25 % of the located incidents,
        at least 10. DBSCAN drops clusters smaller than this too.
    min_samples : int, default 10
        Neighbours (the point included) that make a core point.
    eps_m : float, default 50
        DBSCAN neighbourhood radius in metres.
    max_points : int, default 5000
        HDBSCAN runs on a seeded sample of at most this many incidents (see module notes).
    min_probability : float, default 0.5
        HDBSCAN members whose membership probability (``probabilities_``) is lower are the
        cluster's fringe and count as noise, so that a cluster's hull wraps its dense core and
        not the scattered incidents around it.
    seed : int, default 0
        Seed of the sample.

    Returns
    -------
    pandas.Series
        int64 indexed like ``incidents``: cluster ids 0, 1, … (arbitrary order) or -1.
    """
    require_metric_crs(incidents, "incidents")
    x, y = _coordinates(incidents)
    located = np.isfinite(x) & np.isfinite(y)
    labels = _label_xy(
        x, y, located, method, min_cluster_size, min_samples, eps_m, max_points, min_probability,
        seed,
    )  # fmt: skip
    return pd.Series(labels, index=incidents.index, name="cluster")


def _label_xy(
    x: np.ndarray,
    y: np.ndarray,
    located: np.ndarray,
    method: str,
    min_cluster_size: int | None,
    min_samples: int,
    eps_m: float,
    max_points: int,
    min_probability: float,
    seed: int,
) -> np.ndarray:
    """Cluster labels of the ``located`` points (-1 elsewhere); see :func:`cluster_labels`."""
    if method not in ("hdbscan", "dbscan"):
        raise ValidationError(f"method={method!r} is not supported; allowed: hdbscan, dbscan")
    if min_samples < 1:
        raise ValidationError(f"min_samples={min_samples!r} must be at least 1")
    if not 1.0 <= eps_m <= 1000.0:
        raise ValidationError(f"eps_m={eps_m!r} must lie within 1–1000 m")
    if max_points < 100:
        raise ValidationError(f"max_points={max_points!r} must be at least 100")
    if not 0.0 <= min_probability <= 1.0:
        raise ValidationError(f"min_probability={min_probability!r} must lie within 0–1")
    xy = np.column_stack([x[located], y[located]])
    n = len(xy)
    size = default_min_cluster_size(n) if min_cluster_size is None else int(min_cluster_size)
    if size < 2:
        raise ValidationError(f"min_cluster_size={min_cluster_size!r} must be at least 2")
    labels = np.full(len(x), -1, dtype=np.int64)
    if n >= max(size, 2):
        if method == "hdbscan":
            found = _hdbscan(xy, size, min_samples, max_points, min_probability, seed)
        else:
            found = _dbscan(xy, size, min_samples, eps_m)
        labels[located] = found
    return labels


def _hdbscan(
    xy: np.ndarray, size: int, min_samples: int, max_points: int, min_probability: float, seed: int
) -> np.ndarray:
    n = len(xy)
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(n, size=max_points, replace=False)) if n > max_points else None
    fit_xy = xy if sample is None else xy[sample]
    scale = len(fit_xy) / n
    fit_size = max(2, round(size * scale))
    fit_samples = max(1, min(min_samples, fit_size, len(fit_xy) - 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        model = HDBSCAN(min_cluster_size=fit_size, min_samples=fit_samples, copy=True)
        fit_labels = model.fit_predict(fit_xy)
    fit_labels = np.where(model.probabilities_ >= min_probability, fit_labels, -1)
    if sample is None:
        return fit_labels
    members = np.flatnonzero(fit_labels >= 0)
    labels = np.full(n, -1, dtype=np.int64)
    if members.size == 0:
        return labels
    tree_all = cKDTree(fit_xy)
    k = min(fit_samples, len(fit_xy))
    core = tree_all.query(fit_xy[members], k=k, workers=-1)[0]
    core = core if core.ndim == 1 else core[:, -1]
    distance, nearest = cKDTree(fit_xy[members]).query(xy, workers=-1)
    near = distance <= core[nearest]
    labels[near] = fit_labels[members[nearest[near]]]
    labels[sample] = fit_labels
    return labels


def _dbscan(xy: np.ndarray, size: int, min_samples: int, eps_m: float) -> np.ndarray:
    step = eps_m / 10.0
    snapped = np.round(xy / step).astype(np.int64)
    lattice, inverse, counts = np.unique(snapped, axis=0, return_inverse=True, return_counts=True)
    model = DBSCAN(eps=eps_m, min_samples=min_samples)
    found = model.fit_predict(lattice * step, sample_weight=counts)
    labels = found[inverse.ravel()]
    # drop clusters below the minimum size
    sizes = np.bincount(labels[labels >= 0], minlength=max(int(found.max()) + 1, 1))
    small = sizes < size
    labels = np.where((labels >= 0) & small[np.maximum(labels, 0)], -1, labels)
    return labels


def _check_polygon_options(
    hull: str, buffer_m: float, concave_ratio: float, min_density_ratio: float
) -> None:
    if hull not in ("convex", "concave"):
        raise ValidationError(f"hull={hull!r} is not supported; allowed: convex, concave")
    if not 0.0 <= buffer_m <= 500.0:
        raise ValidationError(f"buffer_m={buffer_m!r} must lie within 0–500 m")
    if not 0.0 <= concave_ratio <= 1.0:
        raise ValidationError(f"concave_ratio={concave_ratio!r} must lie within 0–1")
    if not min_density_ratio >= 0.0:
        raise ValidationError(f"min_density_ratio={min_density_ratio!r} must be >= 0")


def cluster_polygons(
    incidents: gpd.GeoDataFrame,
    labels: pd.Series,
    *,
    zone: gpd.GeoDataFrame | None = None,
    hull: Hull = "convex",
    concave_ratio: float = 0.3,
    buffer_m: float = 15.0,
    top: int = 3,
    min_density_ratio: float = 2.0,
) -> gpd.GeoDataFrame:
    """Turn cluster labels into ranked hotspot polygons.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Points in a metric CRS, column ``category`` (optional).
    labels : pandas.Series
        From :func:`cluster_labels`, indexed like ``incidents``.
    zone : geopandas.GeoDataFrame, optional
        Polygons to clip to (same CRS); incidents outside it are left out.
    hull : {"convex", "concave"}, default "convex"
        Shape around the members; ``"concave"`` uses :func:`shapely.concave_hull` with
        ``concave_ratio`` (0 = tightest, 1 = convex).
    buffer_m : float, default 15
        Buffer around the hull, in metres (0–500).
    top : int, default 3
        How many categories to list in ``top_categories``.
    min_density_ratio : float, default 2
        Keep only clusters at least this many times as dense (incidents per m² of their
        polygon) as the incidents on average over ``zone`` (or over the convex hull of all
        incidents without a zone): a hotspot stands out from the background.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per cluster with :data:`CLUSTER_COLUMNS`, ranked by incidents (then density):
        ``rank`` 1 is the largest. ``top_categories`` reads ``"fietsdiefstal 41 · vandalisme 9"``.
    """
    require_metric_crs(incidents, "incidents")
    _check_polygon_options(hull, buffer_m, concave_ratio, min_density_ratio)
    label = labels.reindex(incidents.index).fillna(-1).to_numpy(dtype=np.int64)
    x, y = _coordinates(incidents)
    located, outline = _inside(incidents, zone, x, y)
    return _polygons(
        incidents, label, x, y, located, outline, hull, concave_ratio, buffer_m, top,
        min_density_ratio,
    )  # fmt: skip


def _polygons(
    incidents: gpd.GeoDataFrame,
    label: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    located: np.ndarray,
    outline: shapely.Geometry | None,
    hull: str,
    concave_ratio: float,
    buffer_m: float,
    top: int,
    min_density_ratio: float,
) -> gpd.GeoDataFrame:
    """Ranked cluster polygons of the ``located`` incidents (see :func:`cluster_polygons`)."""
    keep = located & (label >= 0)
    empty = gpd.GeoDataFrame(
        {c: pd.Series(dtype=t) for c, t in _DTYPES.items()},
        geometry=gpd.GeoSeries([], crs=incidents.crs),
        crs=incidents.crs,
    )
    if not keep.any():
        return empty
    member = label[keep]
    ids, compact = np.unique(member, return_inverse=True)
    coords = np.column_stack([x[keep], y[keep]])
    if hull == "convex":
        candidate = _hull_candidates(coords, compact, len(ids))
        groups = _multipoints(coords[candidate], compact[candidate])
        shapes = shapely.convex_hull(groups)
    else:
        shapes = shapely.concave_hull(_multipoints(coords, compact), ratio=concave_ratio)
    if buffer_m > 0:
        shapes = shapely.buffer(shapes, buffer_m, quad_segs=4)
    if outline is not None:
        shapes = shapely.intersection(shapes, outline)
    counts = np.bincount(compact, minlength=len(ids))
    area = shapely.area(shapes)
    if outline is not None:
        study_area = outline.area
    else:
        study_area = _hull_area(np.column_stack([x, y])[located])
    background = located.sum() / study_area if study_area > 0 else 0.0
    dense = counts >= min_density_ratio * background * area
    ids, counts, area, shapes = ids[dense], counts[dense], area[dense], shapes[dense]
    top_text = _top_categories(incidents, keep, compact, len(dense), top)[dense]
    frame = gpd.GeoDataFrame(
        {
            "cluster": ids,
            "incidents": counts,
            "area_m2": area,
            "density": np.where(area > 0, counts / np.maximum(area, 1e-9) * 1e4, np.nan),
            "top_categories": top_text,
        },
        geometry=shapes,
        crs=incidents.crs,
    )
    frame = frame.sort_values(["incidents", "density"], ascending=[False, False], kind="stable")
    frame = frame.assign(rank=np.arange(1, len(frame) + 1)).reset_index(drop=True)
    return frame[list(CLUSTER_COLUMNS)]


def _hull_area(coords: np.ndarray) -> float:
    """Area of the convex hull of the points (0 when they are fewer than 3 or collinear)."""
    try:
        return float(ConvexHull(coords).volume) if len(coords) >= 3 else 0.0
    except QhullError:
        return 0.0


def _multipoints(coords: np.ndarray, group: np.ndarray) -> np.ndarray:
    """One MultiPoint per group 0..k-1 (every group has at least one point)."""
    order = np.argsort(group, kind="stable")
    return shapely.multipoints(coords[order], indices=group[order])


def _hull_candidates(coords: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """Points that may lie on their group's convex hull (Akl-Toussaint heuristic).

    The leftmost, lowest, rightmost and topmost points of a group span a quadrilateral inside
    its hull; points strictly inside it are not hull vertices and are dropped, which leaves
    the hull exact and makes it much cheaper for dense clusters.
    """
    frame = pd.DataFrame({"x": coords[:, 0], "y": coords[:, 1], "g": group})
    by = frame.groupby("g", sort=True)
    corners = [by["x"].idxmin(), by["y"].idxmin(), by["x"].idxmax(), by["y"].idxmax()]
    vertices = [coords[c.reindex(range(n)).to_numpy()] for c in corners]  # counter-clockwise
    inside = np.ones(len(coords), dtype=bool)
    for a, b in zip(vertices, vertices[1:] + vertices[:1], strict=True):
        ax, ay = a[group, 0], a[group, 1]
        cross = (b[group, 0] - ax) * (coords[:, 1] - ay) - (b[group, 1] - ay) * (coords[:, 0] - ax)
        inside &= cross > 1e-9
    return ~inside


_DTYPES = {
    "cluster": "int64",
    "rank": "int64",
    "incidents": "int64",
    "area_m2": "float64",
    "density": "float64",
    "top_categories": "str",
}


def _top_categories(
    incidents: gpd.GeoDataFrame, keep: np.ndarray, compact: np.ndarray, n: int, top: int
) -> np.ndarray:
    """``"fietsdiefstal 41 · vandalisme 9"`` per cluster: its ``top`` commonest categories."""
    if "category" not in incidents.columns or top < 1:
        return np.full(n, "", dtype=object)
    codes, names = pd.factorize(incidents["category"], use_na_sentinel=False)
    codes = codes[keep]
    k = len(names)
    counts = np.bincount(compact * k + codes, minlength=n * k).reshape(n, k)
    names = np.array([str(v) for v in names], dtype=str)
    # most incidents first, ties by name
    order = np.lexsort((np.broadcast_to(np.argsort(np.argsort(names)), counts.shape), -counts))
    order = order[:, :top]
    texts = []
    for row, picks in zip(counts, order, strict=True):  # one loop step per cluster
        texts.append(" · ".join(f"{names[c]} {row[c]}" for c in picks if row[c] > 0))
    return np.array(texts, dtype=object)


def incident_clusters(
    incidents: gpd.GeoDataFrame,
    zone: gpd.GeoDataFrame | None = None,
    *,
    method: Method = "hdbscan",
    min_cluster_size: int | None = None,
    min_samples: int = 10,
    eps_m: float = 50.0,
    max_points: int = 5_000,
    min_probability: float = 0.5,
    hull: Hull = "convex",
    concave_ratio: float = 0.3,
    buffer_m: float = 15.0,
    top: int = 3,
    min_density_ratio: float = 2.0,
    seed: int = 0,
) -> HotspotResult:
    """Ranked density-cluster hotspot polygons (see :func:`cluster_labels`,
    :func:`cluster_polygons` for the options).

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Selected incidents, metric CRS.
    zone : geopandas.GeoDataFrame, optional
        Polygons to clip to; incidents outside are left out before clustering.

    Returns
    -------
    HotspotResult
        ``method="clusters"``, ``kind="polygons"``, ``value="incidents"``.
    """
    require_metric_crs(incidents, "incidents")
    x, y = _coordinates(incidents)
    located, outline = _inside(incidents, zone, x, y)
    labels = _label_xy(
        x, y, located, method, min_cluster_size, min_samples, eps_m, max_points, min_probability,
        seed,
    )  # fmt: skip
    _check_polygon_options(hull, buffer_m, concave_ratio, min_density_ratio)
    polygons = _polygons(
        incidents, labels, x, y, located, outline, hull, concave_ratio, buffer_m, top,
        min_density_ratio,
    )  # fmt: skip
    return HotspotResult(
        method="clusters",
        frame=polygons,
        value="incidents",
        tooltip=("rank", "incidents", "density", "area_m2", "top_categories"),
        kind="polygons",
        parameters={
            "method": method,
            "min_cluster_size": min_cluster_size,
            "min_samples": min_samples,
            "eps_m": eps_m,
            "max_points": max_points,
            "min_probability": min_probability,
            "hull": hull,
            "concave_ratio": concave_ratio,
            "min_density_ratio": min_density_ratio,
            "buffer_m": buffer_m,
            "seed": seed,
        },
    )
