"""Density clusters: planted blobs are found, noise is not, polygons are ranked and clipped."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hotspot_data import points, square_zone
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.clusters import (
    CLUSTER_COLUMNS,
    _hull_candidates,
    cluster_labels,
    cluster_polygons,
    default_min_cluster_size,
    incident_clusters,
)
from gis.errors import ValidationError

CENTRES = np.array([[500.0, 500.0], [2200.0, 800.0], [1400.0, 2400.0]])
SIZES = (300, 200, 120)
CATEGORIES = ("fietsdiefstal", "geluidsoverlast", "sluikstorten")


def _blobs(seed: int = 0, noise: int = 600) -> gpd.GeoDataFrame:
    """Three tight blobs (sd 25 m) of one category each, plus uniform noise over 3 × 3 km."""
    rng = np.random.default_rng(seed)
    xy = [rng.normal(c, 25.0, (n, 2)) for c, n in zip(CENTRES, SIZES, strict=True)]
    xy.append(rng.uniform(0, 3000, (noise, 2)))
    category = [c for c, n in zip(CATEGORIES, SIZES, strict=True) for _ in range(n)]
    category += ["vandalisme"] * noise
    xy = np.vstack(xy)
    return points(xy[:, 0], xy[:, 1], category=category)


def _found(result_frame: gpd.GeoDataFrame) -> list[int]:
    """For each planted centre, the rank of the polygon holding it (0 when none)."""
    ranks = []
    for x, y in CENTRES:
        holder = result_frame[shapely.contains_xy(result_frame.geometry.to_numpy(), x, y)]
        ranks.append(int(holder["rank"].iloc[0]) if len(holder) else 0)
    return ranks


@pytest.mark.parametrize("method", ["hdbscan", "dbscan"])
def test_planted_blobs_are_found_and_ranked(method: str) -> None:
    incidents = _blobs()
    result = incident_clusters(incidents, method=method, min_cluster_size=50)
    frame = result.frame
    assert list(frame.columns) == list(CLUSTER_COLUMNS)
    assert _found(frame) == [1, 2, 3]  # biggest blob first
    assert len(frame) == 3  # uniform noise forms no cluster
    for rank, (size, category) in enumerate(zip(SIZES, CATEGORIES, strict=True), start=1):
        row = frame[frame["rank"] == rank].iloc[0]
        assert 0.8 * size <= row["incidents"] <= 1.3 * size
        assert row["top_categories"].startswith(f"{category} ")
        assert row["area_m2"] < 200_000  # a blob, not the whole area
        assert row["density"] == pytest.approx(row["incidents"] / row["area_m2"] * 1e4)
    assert result.kind == "polygons" and result.method == "clusters"


def test_uniform_noise_has_no_clusters() -> None:
    rng = np.random.default_rng(3)
    xy = rng.uniform(0, 3000, (1500, 2))
    result = incident_clusters(points(xy[:, 0], xy[:, 1]), method="dbscan", min_cluster_size=50)
    assert result.frame.empty


def test_sampled_hdbscan_still_finds_the_blobs_and_is_reproducible() -> None:
    incidents = _blobs(seed=1)
    labels = cluster_labels(incidents, min_cluster_size=50, max_points=400, seed=7)
    again = cluster_labels(incidents, min_cluster_size=50, max_points=400, seed=7)
    assert labels.equals(again)
    frame = cluster_polygons(incidents, labels)
    assert _found(frame) == [1, 2, 3]
    # the non-sampled members of a blob joined it
    assert frame.loc[frame["rank"] == 1, "incidents"].item() > 0.8 * SIZES[0]


def test_default_min_cluster_size_drops_small_groups() -> None:
    assert default_min_cluster_size(20_000) == 50
    assert default_min_cluster_size(1_000) == 10
    incidents = _blobs(seed=2, noise=0)
    small = points([2800.0 + d for d in range(8)], [2800.0] * 8, category=["graffiti"] * 8)
    both = pd.concat([incidents, small], ignore_index=True)
    labels = cluster_labels(both)  # default: 0.25 % of 628 → at least 10
    assert (labels.iloc[-8:] == -1).all()
    assert _found(cluster_polygons(both, labels)) == [1, 2, 3]


def test_polygons_are_clipped_to_the_zone() -> None:
    incidents = _blobs()
    zone = square_zone(520.0)  # cuts through the first blob
    result = incident_clusters(incidents, zone, min_cluster_size=30, method="dbscan")
    outline = zone.geometry.iloc[0]
    assert len(result.frame) >= 1
    assert shapely.covered_by(result.frame.geometry.to_numpy(), outline.buffer(1e-6)).all()
    assert result.frame["incidents"].sum() <= int(
        shapely.contains_xy(
            outline, *shapely.get_coordinates(incidents.geometry.to_numpy()).T
        ).sum()
    )


def test_concave_hulls_are_tighter_than_convex() -> None:
    incidents = _blobs()
    labels = cluster_labels(incidents, min_cluster_size=50)
    convex = cluster_polygons(incidents, labels, hull="convex", buffer_m=0)
    concave = cluster_polygons(incidents, labels, hull="concave", concave_ratio=0.1, buffer_m=0)
    assert (concave["area_m2"].to_numpy() <= convex["area_m2"].to_numpy() + 1e-6).all()
    assert concave["area_m2"].sum() < convex["area_m2"].sum()


def test_no_incidents_give_an_empty_frame() -> None:
    result = incident_clusters(points([], []))
    assert result.frame.empty
    assert list(result.frame.columns) == list(CLUSTER_COLUMNS)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"method": "kmeans"}, "method='kmeans'"),
        ({"min_cluster_size": 1}, "min_cluster_size=1"),
        ({"min_samples": 0}, "min_samples=0"),
        ({"eps_m": 0.0}, "eps_m=0.0"),
        ({"max_points": 10}, "max_points=10"),
    ],
)
def test_bad_options_are_refused(options: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        cluster_labels(_blobs(), **options)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(-50, 50), st.integers(-50, 50)),
        min_size=1,
        max_size=80,
    )
)
def test_hull_prefilter_keeps_the_exact_convex_hull(rows: list[tuple[int, int, int]]) -> None:
    """Dropping points strictly inside the extreme-point quadrilateral never changes a hull
    (duplicates, collinear groups and single points included)."""
    group = np.array([g for g, _, _ in rows])
    _, group = np.unique(group, return_inverse=True)
    coords = np.array([[x, y] for _, x, y in rows], dtype=float)
    n = int(group.max()) + 1
    keep = _hull_candidates(coords, group, n)
    for g in range(n):
        full = shapely.convex_hull(shapely.multipoints(coords[group == g]))
        reduced = shapely.convex_hull(shapely.multipoints(coords[(group == g) & keep]))
        assert full.equals(reduced)


def test_polygons_are_the_hulls_of_the_members() -> None:
    incidents = _blobs()
    labels = cluster_labels(incidents, min_cluster_size=50)
    frame = cluster_polygons(incidents, labels, buffer_m=0)
    coords = shapely.get_coordinates(incidents.geometry.to_numpy())
    for row in frame.itertuples():
        members = coords[(labels == row.cluster).to_numpy()]
        assert row.geometry.equals(shapely.convex_hull(shapely.multipoints(members)))
        assert row.incidents == len(members)
