"""Tests of the assignment of incidents to municipality, deelgemeente and wijk (gis.areas),
against the real polygons of PZ AMOW (ipz31)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gis.areas import area_code_at, assign_areas
from gis.errors import ValidationError
from gis.importing import prepare_incidents
from gis.io_geography import ZoneGeography


def _assign(points: gpd.GeoSeries, zone: ZoneGeography, **layers) -> pd.DataFrame:
    areas = {
        "municipalities": zone.municipalities,
        "deelgemeenten": zone.deelgemeenten,
        "wijken": zone.wijken,
        **layers,
    }
    return assign_areas(points, **areas)


def _shared_vertices(wijken: gpd.GeoDataFrame) -> dict[tuple[str, str], shapely.Point]:
    """One vertex of the shared boundary of each pair of touching wijken (exact coordinates)."""
    found: dict[tuple[str, str], shapely.Point] = {}
    geoms = dict(zip(wijken["code"], wijken.geometry, strict=True))
    codes = sorted(geoms)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            if not geoms[a].touches(geoms[b]):
                continue
            forward, backward = shapely.shared_paths(geoms[a].exterior, geoms[b].exterior).geoms
            shared = shapely.get_coordinates(shapely.union(forward, backward))
            for x, y in shared:
                point = shapely.Point(x, y)
                holders = [c for c in codes if geoms[c].intersects(point)]
                if holders == [a, b]:  # on exactly these two boundaries
                    found[(a, b)] = point
                    break
    return found


@pytest.fixture(scope="module")
def shared_vertices(amow: ZoneGeography) -> dict[tuple[str, str], shapely.Point]:
    return _shared_vertices(amow.wijken)


def test_representative_point_of_each_wijk_gets_that_wijk(amow: ZoneGeography) -> None:
    wijken = amow.wijken
    assert len(wijken) == 32
    points = wijken.representative_point().set_axis(wijken["code"].to_numpy())
    areas = _assign(points, amow)
    assert areas.index.tolist() == wijken["code"].tolist()
    assert areas["wijk"].tolist() == wijken["code"].tolist()
    assert areas["nis"].tolist() == wijken["nis"].tolist()
    assert areas["in_zone"].all()
    # the deelgemeente is the one whose polygon holds the point, in the wijk's municipality
    for code, point in points.items():
        holders = amow.deelgemeenten[amow.deelgemeenten.geometry.contains(point)]
        assert holders["code"].tolist() == [areas.at[code, "deelgemeente"]]
        assert areas.at[code, "deelgemeente"].startswith(areas.at[code, "nis"])


def test_wijken_of_each_municipality(amow: ZoneGeography) -> None:
    points = amow.wijken.representative_point()
    areas = _assign(points, amow)
    counts = areas.groupby("nis")["wijk"].nunique().to_dict()
    assert counts == {"23002": 16, "23052": 8, "23060": 4, "23102": 4}


def test_touching_wijken_share_vertices(shared_vertices) -> None:
    # the check below needs real shared boundaries; AMOW's wijken touch in many places
    assert len(shared_vertices) >= 20


@pytest.mark.parametrize("order", ["as shipped", "reversed", "shuffled 1", "shuffled 2"])
def test_point_on_a_shared_boundary_gets_the_smaller_code(
    amow: ZoneGeography, shared_vertices, order: str
) -> None:
    wijken = amow.wijken
    if order == "reversed":
        wijken = wijken.iloc[::-1]
    elif order.startswith("shuffled"):
        wijken = wijken.sample(frac=1, random_state=int(order[-1]))
    pairs = sorted(shared_vertices)
    points = gpd.GeoSeries([shared_vertices[p] for p in pairs], crs=wijken.crs)
    codes = area_code_at(points, wijken)
    assert codes.tolist() == [min(pair) for pair in pairs]
    # and the larger code would have been a possible answer: the point is on both
    for (a, b), point in zip(pairs, points, strict=True):
        layer = wijken.set_index("code").geometry
        assert layer[a].intersects(point) and layer[b].intersects(point)


def test_the_tie_break_does_not_depend_on_the_points_order(amow, shared_vertices) -> None:
    pairs = sorted(shared_vertices)
    points = gpd.GeoSeries([shared_vertices[p] for p in pairs], crs=amow.wijken.crs)
    forward = area_code_at(points, amow.wijken)
    backward = area_code_at(points.iloc[::-1], amow.wijken.iloc[::-1])
    pd.testing.assert_series_equal(forward, backward.sort_index())


def test_point_outside_the_zone_is_flagged(amow: ZoneGeography) -> None:
    leuven = shapely.Point(173000, 174500)
    points = gpd.GeoSeries([leuven, amow.wijken.geometry[0].representative_point()],
                           index=[10, 11], crs=amow.wijken.crs)  # fmt: skip
    areas = _assign(points, amow)
    assert areas.index.tolist() == [10, 11]
    assert areas["in_zone"].tolist() == [False, True]
    assert areas.loc[10, ["nis", "deelgemeente", "wijk"]].isna().all()


def test_point_outside_the_zone_is_stored_with_in_zone_false(amow: ZoneGeography) -> None:
    table = pd.DataFrame(
        {"id": ["out", "in"], "feit": ["diefstal"] * 2, "datum": ["05/03/2024"] * 2,
         "x": ["173000", "137872.3"], "y": ["174500", "177782.7"]},
        index=[2, 3],
    )  # fmt: skip
    result = prepare_incidents(
        table,
        municipalities=amow.municipalities,
        deelgemeenten=amow.deelgemeenten,
        wijken=amow.wijken,
        crs="EPSG:31370",
    )
    assert (result.stored, result.rejected) == (2, 0)
    stored = result.incidents.set_index("id")
    assert not stored.loc["out", "in_zone"] and stored.loc["in", "in_zone"]
    assert pd.isna(stored.loc["out", "wijk"]) and stored.loc["in", "wijk"] == "23002W02"
    assert stored.loc["out"].geometry.equals(shapely.Point(173000, 174500))


def test_missing_and_empty_points_get_no_area(amow: ZoneGeography) -> None:
    inside = amow.wijken.geometry[5].representative_point()
    points = gpd.GeoSeries([None, shapely.Point(), inside], index=["a", "b", "c"],
                           crs=amow.wijken.crs)  # fmt: skip
    areas = _assign(points, amow)
    assert areas.loc[["a", "b"], ["nis", "deelgemeente", "wijk"]].isna().all().all()
    assert not areas.loc["a", "in_zone"] and not areas.loc["b", "in_zone"]
    assert areas.loc["c", "wijk"] == amow.wijken["code"][5]


def test_no_points(amow: ZoneGeography) -> None:
    areas = _assign(gpd.GeoSeries([], crs=amow.wijken.crs), amow)
    assert len(areas) == 0
    assert list(areas.columns) == ["nis", "deelgemeente", "wijk", "in_zone"]


@pytest.mark.parametrize(
    ("crs", "match"),
    [
        ("EPSG:3812", "differs from areas.crs"),
        ("EPSG:4326", "differs from areas.crs"),
        (None, "need a CRS"),
    ],
)
def test_crs_mismatch_is_refused(amow: ZoneGeography, crs: str | None, match: str) -> None:
    points = gpd.GeoSeries([shapely.Point(650000, 670000)], crs=crs)
    with pytest.raises(ValidationError, match=match):
        area_code_at(points, amow.wijken)
    with pytest.raises(ValidationError):
        _assign(points, amow)


def test_geographic_crs_on_both_sides_is_refused(amow: ZoneGeography) -> None:
    wijken = amow.wijken.to_crs("EPSG:4326")
    points = gpd.GeoSeries([shapely.Point(4.2, 50.9)], crs="EPSG:4326")
    with pytest.raises(ValidationError, match="geographic"):
        area_code_at(points, wijken)


def test_points_reprojected_to_the_areas_crs_get_the_same_wijk(amow: ZoneGeography) -> None:
    points = amow.wijken.representative_point()
    round_trip = points.to_crs("EPSG:3812").to_crs("EPSG:31370")
    np.testing.assert_array_equal(
        area_code_at(round_trip, amow.wijken).to_numpy(), amow.wijken["code"].to_numpy()
    )
