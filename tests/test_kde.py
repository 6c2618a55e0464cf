"""Binned KDE on the grid: mass conservation inside the zone, agreement with scikit-learn."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.neighbors import KernelDensity

from gis.errors import ValidationError
from gis.grid import zone_grid
from gis.kde import Lattice, default_subdivisions, kde_per_cell

CRS = "EPSG:31370"


def l_shaped_zone() -> gpd.GeoDataFrame:
    """An L-shaped zone (concave corner, clipped cells on every side)."""
    outline = shapely.Polygon(
        [(100_010, 200_020), (102_030, 200_020), (102_030, 201_010), (101_040, 201_010),
         (101_040, 202_050), (100_010, 202_050)]
    )  # fmt: skip
    return gpd.GeoDataFrame(geometry=[outline], crs=CRS)


def points(xy: np.ndarray) -> gpd.GeoSeries:
    return gpd.GeoSeries(gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=CRS)


def test_mass_inside_the_zone_equals_the_points_inside() -> None:
    zone = l_shaped_zone()
    rng = np.random.default_rng(1)
    xy = np.column_stack([rng.uniform(99_500, 102_500, 400), rng.uniform(199_500, 202_500, 400)])
    inside = shapely.contains_xy(zone.geometry.iloc[0], xy[:, 0], xy[:, 1])
    assert 50 < inside.sum() < 350  # both kinds present
    grid = zone_grid(zone, cell_size=100)
    values = kde_per_cell(points(xy), grid, cell_size=100, bandwidth=250, zone=zone)
    assert values.index.equals(grid.index)
    assert (values >= 0).all()
    # edge correction: points next to the boundary keep their full weight inside the zone
    assert values.sum() == pytest.approx(inside.sum(), rel=1e-9)


def test_weights_are_summed() -> None:
    zone = l_shaped_zone()
    xy = np.array([[100_500.0, 200_500.0], [101_500.0, 200_500.0], [100_500.0, 201_500.0]])
    grid = zone_grid(zone, cell_size=100)
    weights = pd.Series([1.0, 2.0, 4.5])
    values = kde_per_cell(
        points(xy), grid, cell_size=100, bandwidth=150, zone=zone, weights=weights
    )
    assert values.sum() == pytest.approx(7.5, rel=1e-9)


def test_without_zone_the_grid_cells_are_the_study_area() -> None:
    grid = zone_grid(l_shaped_zone(), cell_size=200)
    target = (grid["col"] == 503) & (grid["row"] == 1001)
    skipped = (grid["col"] == 501) & (grid["row"] == 1001)
    some = grid[((grid.index % 3 == 0) | target) & ~skipped]  # a ragged set of cells
    xy = np.array(
        [
            [100_750.0, 200_350.0],  # in cell 503_1001
            [100_350.0, 200_350.0],  # in cell 501_1001, not part of the study area
            [90_000.0, 190_000.0],  # off the grid
        ]
    )
    values = kde_per_cell(points(xy), some, cell_size=200, bandwidth=300)
    assert values.sum() == pytest.approx(1.0, rel=1e-9)
    assert values[target[some.index]].iloc[0] == values.max()


def test_far_from_points_the_density_is_exactly_zero() -> None:
    zone = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 6_000, 3_000)], crs=CRS)
    grid = zone_grid(zone, cell_size=100)
    values = kde_per_cell(points(np.array([[500.0, 1_500.0]])), grid, cell_size=100, bandwidth=100)
    far = grid["col"] >= 20  # 1.5 km away: beyond the kernel's 4-bandwidth cut
    assert (values[far] == 0).all()
    assert values[~far].sum() == pytest.approx(1.0)


def test_matches_sklearn_kernel_density_away_from_the_boundary() -> None:
    zone = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 8_000, 8_000)], crs=CRS)
    grid = zone_grid(zone, cell_size=100)
    rng = np.random.default_rng(7)
    xy = np.vstack(
        [rng.normal((3_000, 4_000), 300, (150, 2)), rng.normal((5_000, 4_500), 500, (100, 2))]
    )
    bandwidth = 200.0
    ours = kde_per_cell(
        points(xy), grid, cell_size=100, bandwidth=bandwidth, zone=zone, subdivisions=10
    ).to_numpy()
    centres = np.column_stack([(grid["col"] + 0.5) * 100, (grid["row"] + 0.5) * 100])
    density = np.exp(KernelDensity(bandwidth=bandwidth).fit(xy).score_samples(centres))
    theirs = density * len(xy) * 100 * 100  # expected points per cell
    assert np.corrcoef(ours, theirs)[0, 1] > 0.999
    big = theirs > 0.05 * theirs.max()
    assert np.abs(ours[big] / theirs[big] - 1).max() < 0.03


@settings(max_examples=15, deadline=None)
@given(
    cell=st.sampled_from([50.0, 100.0, 150.0, 250.0]),
    bandwidth=st.floats(60.0, 800.0),
    seed=st.integers(0, 10_000),
)
def test_mass_is_conserved_for_any_cell_and_bandwidth(
    cell: float, bandwidth: float, seed: int
) -> None:
    zone = l_shaped_zone()
    rng = np.random.default_rng(seed)
    xy = np.column_stack([rng.uniform(100_010, 101_040, 30), rng.uniform(200_020, 202_050, 30)])
    grid = zone_grid(zone, cell_size=cell)
    values = kde_per_cell(points(xy), grid, cell_size=cell, bandwidth=bandwidth, zone=zone)
    assert values.sum() == pytest.approx(30.0, rel=1e-6)
    assert (values >= 0).all()


def test_default_subdivisions_keep_pixels_below_a_quarter_bandwidth() -> None:
    assert default_subdivisions(150, 250) == 3
    assert default_subdivisions(150, 150) == 4
    assert default_subdivisions(150, 600) == 1
    assert default_subdivisions(500, 50) == 10  # capped


def test_lattice_pixels_follow_the_zone() -> None:
    zone = l_shaped_zone()
    grid = zone_grid(zone, cell_size=100)
    lattice = Lattice(
        grid["col"].to_numpy(), grid["row"].to_numpy(), cell_size=100, subdivisions=4,
        zone=zone.geometry.iloc[0],
    )  # fmt: skip
    pixel_area = lattice.mask.sum() * lattice.pixel**2
    assert pixel_area == pytest.approx(zone.area.iloc[0], rel=0.01)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"bandwidth": 5.0}, "bandwidth"),
        ({"bandwidth": 10_000.0}, "bandwidth"),
        ({"cell_size": 20.0}, "cell_size"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict, match: str) -> None:
    zone = l_shaped_zone()
    grid = zone_grid(zone, cell_size=100)
    options = {"cell_size": 100.0, "bandwidth": 250.0, **kwargs}
    with pytest.raises(ValidationError, match=match):
        kde_per_cell(points(np.array([[100_500.0, 200_500.0]])), grid, **options)


def test_crs_mismatch_is_refused() -> None:
    grid = zone_grid(l_shaped_zone(), cell_size=100)
    other = gpd.GeoSeries(gpd.points_from_xy([4.4], [50.8]), crs="EPSG:4326")
    with pytest.raises(ValidationError, match="differs"):
        kde_per_cell(other, grid, cell_size=100)
