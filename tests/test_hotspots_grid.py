"""The shared hotspot plumbing: fast clipped grid, point → cell lookup, CRS checks, results."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hotspot_data import points, square_zone

from gis.clusters import incident_clusters
from gis.errors import ValidationError
from gis.getis_ord import getis_ord_hotspots
from gis.grid import zone_grid
from gis.harm import harm_hotspots
from gis.hotspots import (
    HotspotResult,
    analysis_grid,
    cell_positions,
    cell_totals,
    grid_cell_size,
)
from gis.near_repeat import knox_test, near_repeat_alert_zones, near_repeat_table
from gis.trends import emerging_hotspots

# an L-shaped zone: border cells are clipped, a notch leaves cells out entirely
L_ZONE = gpd.GeoDataFrame(
    geometry=[
        shapely.Polygon([(0, 0), (1000, 0), (1000, 420), (420, 420), (420, 1000), (0, 1000)])
    ],
    crs="EPSG:31370",
)


@pytest.mark.parametrize("cell_size", [100.0, 500.0])
def test_analysis_grid_equals_zone_grid(herko, cell_size: float) -> None:
    ours = analysis_grid(herko.zone, cell_size=cell_size)
    reference = zone_grid(herko.zone, cell_size=cell_size)
    assert list(ours.columns) == list(reference.columns)
    assert (ours["cell"] == reference["cell"]).all()
    np.testing.assert_allclose(ours["area_share"], reference["area_share"], atol=1e-9)
    assert shapely.equals(ours.geometry.to_numpy(), reference.geometry.to_numpy()).all()
    assert grid_cell_size(ours) == pytest.approx(cell_size)


def test_points_outside_the_zone_never_count() -> None:
    grid = analysis_grid(L_ZONE, cell_size=100.0)
    # the notch corner cell 4_4 is clipped to the L: (450, 450) is in its square, not the zone
    incidents = points([450.0, 410.0, 50.0, 2000.0, np.nan], [450.0, 410.0, 50.0, 50.0, np.nan])
    pos = cell_positions(incidents, grid)
    cells = grid["cell"].to_numpy()
    assert cells[pos[1]] == "4_4"
    assert pos[0] == -1  # inside 4_4's square, outside the zone
    assert cells[pos[2]] == "0_0"
    assert pos[3] == -1 and pos[4] == -1  # outside the grid, unlocated
    loose = cell_positions(incidents, grid, exact=False)
    assert cells[loose[0]] == "4_4"
    assert "5_5" not in set(cells)  # the notch has no cells at all
    totals = cell_totals(incidents, grid)
    assert totals.sum() == 2.0
    assert totals.index.equals(grid.index)


def test_cell_totals_sum_weights() -> None:
    grid = analysis_grid(square_zone(300.0), cell_size=100.0)
    incidents = points([10, 20, 150], [10, 20, 250])
    totals = cell_totals(incidents, grid, weights=pd.Series([2.0, 3.0, 0.5]))
    by_cell = dict(zip(grid["cell"], totals, strict=True))
    assert by_cell["0_0"] == 5.0
    assert by_cell["1_2"] == 0.5
    assert totals.sum() == 5.5


def test_cell_size_outside_range_is_refused() -> None:
    with pytest.raises(ValidationError, match="cell_size=20"):
        analysis_grid(square_zone(1000.0), cell_size=20)


def _calls(incidents: gpd.GeoDataFrame, zone: gpd.GeoDataFrame) -> list:
    now = pd.Timestamp("2024-02-01")
    return [
        lambda: harm_hotspots(incidents, zone),
        lambda: getis_ord_hotspots(incidents, zone),
        lambda: incident_clusters(incidents, zone),
        lambda: emerging_hotspots(incidents, zone),
        lambda: knox_test(incidents),
        lambda: near_repeat_table(incidents),
        lambda: near_repeat_alert_zones(incidents, now=now),
    ]


@pytest.mark.parametrize(
    ("call", "argument"), [*((k, "incidents") for k in range(6)), (6, "burglaries")]
)
def test_geographic_incidents_are_refused(call: int, argument: str) -> None:
    incidents = points([100.0], [100.0]).to_crs(4326)
    with pytest.raises(ValidationError, match=rf"^{argument} .*EPSG:4326"):
        _calls(incidents, square_zone(1000.0))[call]()


@pytest.mark.parametrize("call", range(4))
def test_geographic_zone_is_refused(call: int) -> None:
    with pytest.raises(ValidationError, match=r"^zone .*EPSG:4326"):
        _calls(points([100.0], [100.0]), square_zone(1000.0).to_crs(4326))[call]()


def test_other_metric_crs_is_accepted() -> None:
    zone = square_zone(1000.0).set_crs(3857, allow_override=True)
    incidents = points([50.0, 60.0], [50.0, 60.0]).set_crs(3857, allow_override=True)
    result = harm_hotspots(incidents, zone, cell_size=100.0)
    assert result.frame.crs.equals("EPSG:3857")
    assert result.frame["count"].max() == 2.0


def test_mixed_crs_is_refused() -> None:
    zone = square_zone(1000.0).set_crs(3857, allow_override=True)
    with pytest.raises(ValidationError, match=r"differs from grid\.crs"):
        harm_hotspots(points([50.0], [50.0]), zone)


def test_result_refuses_unknown_columns() -> None:
    frame = gpd.GeoDataFrame({"value": [1.0]}, geometry=[shapely.Point(0, 0)], crs=3857)
    with pytest.raises(ValidationError, match="'nope'"):
        HotspotResult(method="x", frame=frame, value="nope")
    result = HotspotResult(method="x", frame=frame, value="value", parameters={"a": 1})
    with pytest.raises(TypeError):
        result.parameters["a"] = 2  # read-only
