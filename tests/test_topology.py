"""Tests of gis.topology (wijk columns, repair, gaps and overlaps) and gis.io_areas (wijk files)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import GeometryCollection, LineString, Point, Polygon, box

from gis.errors import ValidationError
from gis.io_areas import WIJK_FILE_SUFFIXES, read_wijk_file
from gis.topology import (
    CODE_COLUMNS,
    NAME_COLUMNS,
    normalise_wijk_columns,
    repair_wijken,
    wijk_gaps_and_overlaps,
)

ROOT = Path(__file__).resolve().parents[1]
GEOGRAPHY = ROOT / "data" / "geography"
LAMBERT = "EPSG:31370"
X, Y = 150_000.0, 170_000.0
"""Lower-left corner of the synthetic wijken, in Belgian Lambert 72 metres."""


def layer(
    codes: list, geometries: list, *, crs: str | None = LAMBERT, **columns
) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": codes, **columns}, geometry=geometries, crs=crs)


@pytest.fixture
def four_wijken() -> gpd.GeoDataFrame:
    """A 200 m x 200 m zone in four wijken: A and B overlap by 10 m x 100 m = 1000 m²,
    C and D overlap by a 0.005 m x 100 m = 0.5 m² sliver, and D leaves a 20 m x 100 m = 2000 m²
    gap in the upper right corner."""
    return layer(
        ["A", "B", "C", "D"],
        [
            box(X, Y, X + 100, Y + 100),
            box(X + 90, Y, X + 200, Y + 100),
            box(X, Y + 100, X + 100, Y + 200),
            box(X + 99.995, Y + 100, X + 180, Y + 200),
        ],
        name=["Alfa", "Bravo", "Charlie", "Delta"],
    )


ZONE = box(X, Y, X + 200, Y + 200)


# --- normalise_wijk_columns ----------------------------------------------------------------


@pytest.mark.parametrize("code_column", [*CODE_COLUMNS, "CODE", "GeoItem", "Wijk_ID"])
@pytest.mark.parametrize("name_column", [*NAME_COLUMNS, "NAAM", "WijkNaam"])
def test_normalise_guesses_code_and_name_columns(code_column: str, name_column: str) -> None:
    frame = gpd.GeoDataFrame(
        {code_column: ["W1", "W2"], name_column: ["Centrum", "Noord"], "extra": [1, 2]},
        geometry=[box(X, Y, X + 1, Y + 1), box(X + 1, Y, X + 2, Y + 1)],
        crs=LAMBERT,
    )
    result = normalise_wijk_columns(frame)
    assert list(result.columns) == ["code", "name", "extra", "geometry"]
    assert result["code"].tolist() == ["W1", "W2"]
    assert result["name"].tolist() == ["Centrum", "Noord"]
    assert result.crs.equals(LAMBERT)
    assert result.geometry.equals(frame.geometry.rename("geometry"))


def test_normalise_prefers_the_first_accepted_name_and_keeps_other_columns() -> None:
    frame = gpd.GeoDataFrame(
        {"id": [7, 8], "GEOITEM": ["X1", "X2"], "wijk": ["w", "v"], "Naam": ["a", "b"]},
        geometry=[box(X, Y, X + 1, Y + 1)] * 2,
        crs=LAMBERT,
    )
    result = normalise_wijk_columns(frame)
    assert result["code"].tolist() == ["X1", "X2"]  # geoitem comes before id
    assert result["name"].tolist() == ["a", "b"]  # naam comes before wijk
    assert result["id"].tolist() == [7, 8]
    assert result["wijk"].tolist() == ["w", "v"]


def test_normalise_explicit_columns_and_code_cleaning() -> None:
    frame = gpd.GeoDataFrame(
        {"NR": [1.0, 2.0, np.nan, 4.0], "Omschr": ["a", "b", "c", "d"], "Code": ["x"] * 4},
        geometry=[box(X, Y, X + 1, Y + 1)] * 4,
        crs=LAMBERT,
    )
    result = normalise_wijk_columns(frame, code_column="nr", name_column="Omschr")
    assert result["code"].tolist()[:2] == ["1", "2"]  # no "1.0" from a float column
    assert pd.isna(result["code"].iloc[2])
    assert result["code"].iloc[3] == "4"
    assert "Code" not in result.columns  # would be confused with code


def test_normalise_strips_and_blanks_codes() -> None:
    frame = layer([" W1 ", "  ", None], [box(X, Y, X + 1, Y + 1)] * 3, name=["a", "b", "c"])
    result = normalise_wijk_columns(frame)
    assert result["code"].iloc[0] == "W1"
    assert result["code"].iloc[1:].isna().all()


def test_normalise_may_use_the_code_as_name() -> None:
    frame = gpd.GeoDataFrame({"wijkcode": ["W1"]}, geometry=[box(X, Y, X + 1, Y + 1)])
    result = normalise_wijk_columns(frame, name_column="wijkcode")
    assert result[["code", "name"]].iloc[0].tolist() == ["W1", "W1"]


@pytest.mark.parametrize(
    ("columns", "kwargs", "expected"),
    [
        ({"sector": ["a"], "naam": ["b"]}, {}, ["sector", "naam", "wijkcode", "code_column="]),
        ({"code": ["a"], "label": ["b"]}, {}, ["code, label", "wijknaam", "name_column="]),
        ({"code": ["a"], "naam": ["b"]}, {"code_column": "nr"}, ["'nr'", "code, naam"]),
        ({"code": ["a"], "naam": ["b"]}, {"name_column": "titel"}, ["'titel'", "code, naam"]),
    ],
)
def test_normalise_names_found_and_accepted_columns(
    columns: dict, kwargs: dict, expected: list[str]
) -> None:
    frame = gpd.GeoDataFrame(columns, geometry=[box(X, Y, X + 1, Y + 1)], crs=LAMBERT)
    with pytest.raises(ValidationError) as error:
        normalise_wijk_columns(frame, **kwargs)
    for text in expected:
        assert text in str(error.value)


def test_normalise_rejects_a_plain_dataframe() -> None:
    with pytest.raises(ValidationError, match="GeoDataFrame"):
        normalise_wijk_columns(pd.DataFrame({"code": ["a"], "name": ["b"]}))


# --- repair_wijken ----------------------------------------------------------------------------


def test_repair_leaves_a_clean_layer_alone(four_wijken: gpd.GeoDataFrame) -> None:
    repaired, report = repair_wijken(four_wijken)
    assert report.empty
    assert list(report.columns) == ["code", "problem", "detail"]
    assert repaired.geometry.geom_equals_exact(four_wijken.geometry, tolerance=0).all()
    assert repaired.index.equals(four_wijken.index)
    assert list(repaired.columns) == list(four_wijken.columns)


def test_repair_splits_a_bow_tie_into_its_two_triangles() -> None:
    bow_tie = Polygon([(X, Y), (X + 100, Y + 100), (X + 100, Y), (X, Y + 100)])
    assert not bow_tie.is_valid
    repaired, report = repair_wijken(
        layer(["W1", "W2"], [bow_tie, box(X, Y + 100, X + 9, Y + 109)])
    )
    geometry = repaired.geometry.iloc[0]
    assert geometry.is_valid
    assert geometry.geom_type == "MultiPolygon"
    assert geometry.area == pytest.approx(5000.0)  # two triangles of 100 m base, 50 m high
    assert geometry.equals(
        shapely.union(
            Polygon([(X, Y), (X + 50, Y + 50), (X, Y + 100)]),
            Polygon([(X + 100, Y), (X + 50, Y + 50), (X + 100, Y + 100)]),
        )
    )
    assert repaired["code"].tolist() == ["W1", "W2"]
    assert report["code"].tolist() == ["W1"]
    assert report["problem"].tolist() == ["repaired"]
    assert report["detail"].iloc[0].startswith("Self-intersection")
    assert "150050 170050" in report["detail"].iloc[0]


@pytest.mark.parametrize(
    "parts",
    [
        [box(X, Y, X + 100, Y + 100), box(X + 50, Y, X + 150, Y + 100)],  # overlapping
        [box(X, Y, X + 150, Y + 100), box(X + 20, Y + 20, X + 40, Y + 40)],  # nested
    ],
)
def test_repair_unions_overlapping_parts_instead_of_cutting_them_out(parts: list) -> None:
    repaired, report = repair_wijken(layer(["W1"], [shapely.MultiPolygon(parts)]))
    assert repaired.geometry.iloc[0].equals(box(X, Y, X + 150, Y + 100))
    assert report["problem"].tolist() == ["repaired"]


def test_repair_reports_every_dropped_wijk() -> None:
    frame = layer(
        ["A", "B", "A", None, " ", "E", "F", "G", "B", "H"],
        [
            box(X, Y, X + 10, Y + 10),
            box(X + 10, Y, X + 20, Y + 10),
            box(X + 20, Y, X + 30, Y + 10),  # duplicate of A
            box(X + 30, Y, X + 40, Y + 10),  # no code
            box(X + 40, Y, X + 50, Y + 10),  # blank code
            None,
            Polygon(),
            LineString([(X, Y), (X + 5, Y + 5)]),
            Polygon([(X, Y), (X + 10, Y), (X + 20, Y), (X, Y)]),  # collapsed, duplicate of B
            GeometryCollection([box(X + 50, Y, X + 60, Y + 10), Point(X, Y)]),
        ],
    )
    frame.index = [f"r{i}" for i in range(len(frame))]
    repaired, report = repair_wijken(frame)
    assert repaired.index.tolist() == ["r0", "r1", "r9"]
    assert repaired["code"].tolist() == ["A", "B", "H"]
    assert repaired.geometry.iloc[2].equals(box(X + 50, Y, X + 60, Y + 10))
    assert report.index.name == "row"
    assert report.index.tolist() == ["r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"]
    assert report["problem"].tolist() == [
        "duplicate_code",
        "missing_code",
        "missing_code",
        "empty",
        "empty",
        "not_polygonal",
        "empty",
        "repaired",
    ]
    assert report.loc["r2", "detail"] == "code also used by row 'r0', which is kept"
    assert report.loc["r3", "detail"] == "row 'r3' has no code"
    assert report.loc["r5", "detail"] == "geometry is missing"
    assert report.loc["r6", "detail"] == "geometry is empty"
    assert "LineString" in report.loc["r7", "detail"]
    assert report.loc["r8", "detail"].startswith("no area left after repair")
    assert "GeometryCollection" in report.loc["r9", "detail"]
    assert report.loc["r2", "code"] == "A"
    assert pd.isna(report.loc["r3", "code"])


def test_repair_keeps_the_first_of_duplicate_codes_even_after_repair() -> None:
    bow_tie = Polygon([(X, Y), (X + 10, Y + 10), (X + 10, Y), (X, Y + 10)])
    frame = layer(["W1", "W1", "W1"], [bow_tie, box(X, Y, X + 1, Y + 1), box(X, Y, X + 2, Y + 2)])
    repaired, report = repair_wijken(frame)
    assert len(repaired) == 1
    assert repaired.geometry.iloc[0].area == pytest.approx(50.0)
    assert report["problem"].tolist() == ["repaired", "duplicate_code", "duplicate_code"]
    assert report.index.tolist() == [0, 1, 2]
    assert report["detail"].iloc[1] == "code also used by row 0, which is kept"


def test_repair_needs_a_code_column() -> None:
    frame = gpd.GeoDataFrame({"naam": ["a"]}, geometry=[box(X, Y, X + 1, Y + 1)], crs=LAMBERT)
    with pytest.raises(ValidationError, match="normalise_wijk_columns"):
        repair_wijken(frame)


# --- wijk_gaps_and_overlaps -------------------------------------------------------------------


def test_gaps_and_overlaps_are_measured_to_the_square_metre(
    four_wijken: gpd.GeoDataFrame,
) -> None:
    result = wijk_gaps_and_overlaps(four_wijken, ZONE)
    assert isinstance(result, gpd.GeoDataFrame)
    assert list(result.columns) == ["kind", "wijk_a", "wijk_b", "area_m2", "geometry"]
    assert result.crs.equals(LAMBERT)
    assert result["kind"].tolist() == ["overlap", "gap"]
    overlap, gap = result.iloc[0], result.iloc[1]
    assert (overlap["wijk_a"], overlap["wijk_b"]) == ("A", "B")
    assert overlap["area_m2"] == pytest.approx(1000.0, abs=1e-6)
    assert overlap.geometry.equals(box(X + 90, Y, X + 100, Y + 100))
    assert gap["area_m2"] == pytest.approx(2000.0, abs=1e-6)
    assert gap.geometry.equals(box(X + 180, Y + 100, X + 200, Y + 200))
    assert gap["wijk_a"] == "D"  # 100 m of shared border, against 20 m with B
    assert pd.isna(gap["wijk_b"])


def test_min_area_decides_which_slivers_are_reported(four_wijken: gpd.GeoDataFrame) -> None:
    result = wijk_gaps_and_overlaps(four_wijken, ZONE, min_area_m2=0.1)
    overlaps = result[result["kind"] == "overlap"]
    assert overlaps["area_m2"].tolist() == pytest.approx([1000.0, 0.5], abs=1e-6)
    assert overlaps[["wijk_a", "wijk_b"]].iloc[1].tolist() == ["C", "D"]
    none = wijk_gaps_and_overlaps(four_wijken, ZONE, min_area_m2=5000)
    assert none.empty
    assert list(none.columns) == ["kind", "wijk_a", "wijk_b", "area_m2", "geometry"]


def test_zone_may_be_a_geoseries_or_geodataframe(four_wijken: gpd.GeoDataFrame) -> None:
    halves = gpd.GeoSeries([box(X, Y, X + 200, Y + 100), box(X, Y + 100, X + 200, Y + 200)])
    expected = wijk_gaps_and_overlaps(four_wijken, ZONE)
    for zone in (halves.set_crs(LAMBERT), gpd.GeoDataFrame(geometry=halves, crs=LAMBERT)):
        result = wijk_gaps_and_overlaps(four_wijken, zone)
        assert result["area_m2"].tolist() == pytest.approx(expected["area_m2"].tolist())


def test_no_wijken_leave_the_whole_zone_as_a_gap(four_wijken: gpd.GeoDataFrame) -> None:
    result = wijk_gaps_and_overlaps(four_wijken.iloc[:0], ZONE)
    assert result["kind"].tolist() == ["gap"]
    assert result["area_m2"].iloc[0] == pytest.approx(40_000.0)
    assert pd.isna(result["wijk_a"].iloc[0])


def test_wijken_outside_the_zone_are_no_overlap_or_gap() -> None:
    wijken = layer(
        ["A", "B"], [box(X - 50, Y, X + 100, Y + 200), box(X + 100, Y, X + 250, Y + 200)]
    )
    assert wijk_gaps_and_overlaps(wijken, ZONE).empty


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:4313", "EPSG:4258"])
def test_geographic_wijken_are_rejected(four_wijken: gpd.GeoDataFrame, crs: str) -> None:
    with pytest.raises(ValidationError) as error:
        wijk_gaps_and_overlaps(four_wijken.to_crs(crs), ZONE)
    message = str(error.value)
    assert message.startswith("wijken ")
    assert crs in message
    assert "degrees" in message


def test_geographic_zone_is_rejected(four_wijken: gpd.GeoDataFrame) -> None:
    zone = gpd.GeoSeries([ZONE], crs=LAMBERT).to_crs("EPSG:4326")
    with pytest.raises(ValidationError, match=r"^zone .*EPSG:4326"):
        wijk_gaps_and_overlaps(four_wijken, zone)


def test_missing_crs_is_rejected(four_wijken: gpd.GeoDataFrame) -> None:
    with pytest.raises(ValidationError, match=r"^wijken has no CRS"):
        wijk_gaps_and_overlaps(four_wijken.set_crs(None, allow_override=True), ZONE)
    with pytest.raises(ValidationError, match=r"^zone has no CRS"):
        wijk_gaps_and_overlaps(four_wijken, gpd.GeoSeries([ZONE]))


def test_different_crs_are_rejected(four_wijken: gpd.GeoDataFrame) -> None:
    zone = gpd.GeoSeries([ZONE], crs=LAMBERT).to_crs("EPSG:3812")
    with pytest.raises(ValidationError) as error:
        wijk_gaps_and_overlaps(four_wijken, zone)
    assert "EPSG:3812" in str(error.value)
    assert "EPSG:31370" in str(error.value)


def test_crs_not_in_metres_is_rejected(four_wijken: gpd.GeoDataFrame) -> None:
    with pytest.raises(ValidationError, match="EPSG:2249"):  # Massachusetts, US survey feet
        wijk_gaps_and_overlaps(four_wijken.set_crs("EPSG:2249", allow_override=True), ZONE)


def test_invalid_wijken_must_be_repaired_first() -> None:
    bow_tie = Polygon([(X, Y), (X + 100, Y + 100), (X + 100, Y), (X, Y + 100)])
    with pytest.raises(ValidationError, match="repair_wijken"):
        wijk_gaps_and_overlaps(layer(["W1"], [bow_tie]), ZONE)


@pytest.mark.parametrize("min_area", [-1.0, float("nan"), float("inf"), "1"])
def test_min_area_must_be_a_finite_non_negative_number(
    four_wijken: gpd.GeoDataFrame, min_area: object
) -> None:
    with pytest.raises(ValidationError, match="min_area_m2"):
        wijk_gaps_and_overlaps(four_wijken, ZONE, min_area_m2=min_area)


def grid(x0: float, y0: float, width: float, height: float, nx: int, ny: int) -> tuple:
    """Return the cell edges and the cells of an nx x ny grid (shared edges bit-identical)."""
    xs = x0 + np.arange(nx + 1) * width
    ys = y0 + np.arange(ny + 1) * height
    cells = {(i, j): (xs[i], ys[j], xs[i + 1], ys[j + 1]) for i in range(nx) for j in range(ny)}
    return box(xs[0], ys[0], xs[-1], ys[-1]), cells


grids = st.fixed_dictionaries(
    {
        "x0": st.floats(X - 20_000, X + 20_000),
        "y0": st.floats(Y - 20_000, Y + 20_000),
        "width": st.floats(5.0, 2_000.0),
        "height": st.floats(5.0, 2_000.0),
        "nx": st.integers(1, 5),
        "ny": st.integers(1, 5),
    }
)


@settings(max_examples=60, deadline=None)
@given(spec=grids, data=st.data())
def test_a_removed_grid_cell_is_one_gap_of_its_area(spec: dict, data: st.DataObject) -> None:
    zone, cells = grid(**spec)
    removed = data.draw(st.sampled_from(sorted(cells)), label="removed")
    kept = {k: v for k, v in cells.items() if k != removed}
    wijken = layer([f"{i}-{j}" for i, j in kept], [box(*v) for v in kept.values()])
    result = wijk_gaps_and_overlaps(wijken, zone)
    xmin, ymin, xmax, ymax = cells[removed]
    assert result["kind"].tolist() == ["gap"]
    assert result["area_m2"].iloc[0] == pytest.approx((xmax - xmin) * (ymax - ymin), rel=1e-9)
    assert result.geometry.iloc[0].equals(box(*cells[removed]))
    i, j = removed
    neighbours = {f"{i + di}-{j + dj}" for di, dj in ((1, 0), (-1, 0), (0, 1), (0, -1))}
    if kept:
        assert result["wijk_a"].iloc[0] in neighbours
    else:
        assert pd.isna(result["wijk_a"].iloc[0])


def rectangle_overlap(a: tuple, b: tuple) -> float:
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return max(dx, 0.0) * max(dy, 0.0)


@settings(max_examples=60, deadline=None)
@given(spec=grids, data=st.data())
def test_a_shifted_tile_overlaps_by_the_analytic_area(spec: dict, data: st.DataObject) -> None:
    zone, cells = grid(**spec)
    moved = data.draw(st.sampled_from(sorted(cells)), label="moved")
    dx = data.draw(st.floats(-1.5 * spec["width"], 1.5 * spec["width"]), label="dx")
    dy = data.draw(st.floats(-1.5 * spec["height"], 1.5 * spec["height"]), label="dy")
    xmin, ymin, xmax, ymax = cells[moved]
    shifted = (xmin + dx, ymin + dy, xmax + dx, ymax + dy)
    rectangles = {**cells, moved: shifted}
    codes = [f"{i}-{j}" for i, j in rectangles]
    wijken = layer(codes, [box(*r) for r in rectangles.values()])
    moved_code = f"{moved[0]}-{moved[1]}"

    result = wijk_gaps_and_overlaps(wijken, zone, min_area_m2=0.0)
    overlaps = result[result["kind"] == "overlap"]
    reported = {
        frozenset((a, b)): area
        for a, b, area in overlaps[["wijk_a", "wijk_b", "area_m2"]].itertuples(index=False)
    }
    assert len(reported) == len(overlaps)  # every pair once
    assert all(moved_code in pair for pair in reported)  # only the moved tile overlaps
    expected = {
        frozenset((moved_code, f"{i}-{j}")): rectangle_overlap(shifted, cell)
        for (i, j), cell in cells.items()
        if (i, j) != moved
    }
    for pair in expected.keys() | reported.keys():
        assert reported.get(pair, 0.0) == pytest.approx(expected.get(pair, 0.0), abs=1e-4)
    assert overlaps["area_m2"].sum() == pytest.approx(sum(expected.values()), abs=1e-3)
    gaps = result[result["kind"] == "gap"]
    left_open = (xmax - xmin) * (ymax - ymin) - rectangle_overlap(shifted, cells[moved])
    assert gaps["area_m2"].sum() == pytest.approx(left_open, abs=1e-3)


# --- the shipped wijken ----------------------------------------------------------------------

IPZ31_NIS = ["23002", "23052", "23060", "23102"]


@pytest.fixture(scope="module")
def ipz31() -> tuple[gpd.GeoDataFrame, gpd.GeoSeries]:
    wijken = gpd.read_parquet(GEOGRAPHY / "wijken.parquet")
    zones = gpd.read_parquet(GEOGRAPHY / "police_zones.parquet")
    return wijken[wijken["nis"].isin(IPZ31_NIS)], zones.loc[zones["code"] == "ipz31", "geometry"]


def test_shipped_ipz31_municipalities_are_the_zone() -> None:
    municipalities = gpd.read_parquet(GEOGRAPHY / "municipalities.parquet")
    nis = municipalities.loc[municipalities["zone_code"] == "ipz31", "nis"]
    assert sorted(nis) == IPZ31_NIS


def test_shipped_ipz31_wijken_are_topologically_clean(ipz31: tuple) -> None:
    wijken, zone = ipz31
    assert len(wijken) == 32
    assert len(zone) == 1
    repaired, report = repair_wijken(wijken)
    assert report.empty
    assert len(repaired) == 32
    result = wijk_gaps_and_overlaps(repaired, zone, min_area_m2=1.0)
    assert result.empty, result.drop(columns="geometry").to_string()
    # and the check does see a problem in the same data once one is introduced
    broken = repaired.drop(index=repaired.index[0])
    gap = wijk_gaps_and_overlaps(broken, zone)
    assert gap["kind"].tolist() == ["gap"]
    assert gap["area_m2"].iloc[0] == pytest.approx(repaired.geometry.iloc[0].area, rel=1e-6)


# --- read_wijk_file ---------------------------------------------------------------------------


@pytest.fixture
def wijk_file_layer() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"GEOITEM": ["W01", "W02", "W03"], "NAAM": ["Centrum", "Sint-Jozef", "Hoogveld-Één"]},
        geometry=[
            box(X, Y, X + 500, Y + 400),
            Polygon([(X + 500, Y), (X + 900, Y), (X + 900, Y + 400), (X + 500, Y + 400)]),
            shapely.MultiPolygon(
                [box(X, Y + 400, X + 400, Y + 800), box(X + 500, Y + 500, X + 900, Y + 800)]
            ),
        ],
        crs=LAMBERT,
    )


def write_zipped_shapefile(
    frame: gpd.GeoDataFrame,
    target: Path,
    *,
    folder: str = "",
    stem: str = "wijken",
    skip: tuple[str, ...] = (),
    mode: str = "w",
) -> Path:
    workdir = target.parent / f"shp-{stem}-{target.stem}"
    workdir.mkdir(exist_ok=True)
    frame.to_file(workdir / f"{stem}.shp", engine="pyogrio")
    with zipfile.ZipFile(target, mode) as archive:
        for part in sorted(workdir.iterdir()):
            if part.suffix not in skip:
                archive.write(part, folder + part.name)
    return target


def write(frame: gpd.GeoDataFrame, tmp_path: Path, kind: str) -> Path:
    if kind == "geojson":
        path = tmp_path / "wijken.geojson"
        frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    elif kind == "gpkg":
        path = tmp_path / "wijken.gpkg"
        frame.to_file(path, layer="wijken", driver="GPKG", engine="pyogrio")
    else:
        path = write_zipped_shapefile(frame, tmp_path / "wijken.zip")
    return path


@pytest.mark.parametrize("kind", ["geojson", "gpkg", "zip"])
@pytest.mark.parametrize("source_crs", [LAMBERT, "EPSG:4326", "EPSG:3812"])
def test_wijk_files_round_trip_into_lambert_72(
    wijk_file_layer: gpd.GeoDataFrame, tmp_path: Path, kind: str, source_crs: str
) -> None:
    path = write(wijk_file_layer.to_crs(source_crs), tmp_path, kind)
    result = read_wijk_file(path)
    assert result.crs.equals(LAMBERT)
    assert result["GEOITEM"].tolist() == ["W01", "W02", "W03"]
    assert result["NAAM"].tolist() == ["Centrum", "Sint-Jozef", "Hoogveld-Één"]
    assert result.index.equals(pd.RangeIndex(3))
    tolerance = 1e-6 if source_crs == LAMBERT else 0.01  # metres; reprojected twice
    distances = shapely.hausdorff_distance(result.geometry.array, wijk_file_layer.geometry.array)
    assert (distances < tolerance).all(), distances
    assert result.geometry.area.to_numpy() == pytest.approx(
        wijk_file_layer.geometry.area.to_numpy(), rel=1e-6
    )


def test_a_read_file_goes_through_the_whole_check(
    wijk_file_layer: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    path = write(wijk_file_layer.to_crs("EPSG:4326"), tmp_path, "zip")
    wijken, report = repair_wijken(normalise_wijk_columns(read_wijk_file(path)))
    assert report.empty
    assert wijken["code"].tolist() == ["W01", "W02", "W03"]
    result = wijk_gaps_and_overlaps(wijken, box(X, Y, X + 900, Y + 800))
    assert result["kind"].tolist() == ["gap"]  # one L: 100 m x 400 m up, 400 m x 100 m across
    assert result["area_m2"].iloc[0] == pytest.approx(100 * 400 + 400 * 100, abs=1.0)


def test_zipped_shapefile_in_a_folder(wijk_file_layer: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = write_zipped_shapefile(wijk_file_layer, tmp_path / "export.zip", folder="export/wijken/")
    assert read_wijk_file(path)["GEOITEM"].tolist() == ["W01", "W02", "W03"]


def test_zip_with_two_shapefiles_needs_a_layer(
    wijk_file_layer: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    path = write_zipped_shapefile(wijk_file_layer, tmp_path / "two.zip", stem="wijken_2023")
    write_zipped_shapefile(wijk_file_layer.iloc[:1], path, stem="wijken_2024", mode="a")
    with pytest.raises(ValidationError) as error:
        read_wijk_file(path)
    assert "wijken_2023.shp" in str(error.value)
    assert "wijken_2024.shp" in str(error.value)
    assert "layer" in str(error.value)
    assert len(read_wijk_file(path, layer="wijken_2024")) == 1
    assert len(read_wijk_file(path, layer="wijken_2023.shp")) == 3
    with pytest.raises(ValidationError, match="wijken_2025"):
        read_wijk_file(path, layer="wijken_2025")


def test_shapefile_without_prj_needs_the_crs_option(
    wijk_file_layer: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    path = write_zipped_shapefile(wijk_file_layer, tmp_path / "zonder_prj.zip", skip=(".prj",))
    with pytest.raises(ValidationError) as error:
        read_wijk_file(path)
    assert "'zonder_prj.zip'" in str(error.value)
    assert "crs='EPSG:31370'" in str(error.value)
    result = read_wijk_file(path, crs="EPSG:31370")
    assert result.crs.equals(LAMBERT)
    assert result.geometry.iloc[0].equals(wijk_file_layer.geometry.iloc[0])


def test_shapefile_without_shx_is_reported(
    wijk_file_layer: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    path = write_zipped_shapefile(wijk_file_layer, tmp_path / "kapot.zip", skip=(".shx",))
    with pytest.raises(ValidationError, match=r"wijken\.shx"):
        read_wijk_file(path)


def test_zip_without_shapefile_lists_its_contents(tmp_path: Path) -> None:
    path = tmp_path / "andere.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("wijken.csv", "code,naam\n")
    with pytest.raises(ValidationError, match=r"no Shapefile.*wijken\.csv"):
        read_wijk_file(path)


def test_not_a_zip_file(tmp_path: Path) -> None:
    path = tmp_path / "wijken.zip"
    path.write_text("no zip", encoding="utf-8")
    with pytest.raises(ValidationError, match="not a valid zip"):
        read_wijk_file(path)


def test_geopackage_picks_its_one_polygon_layer(
    wijk_file_layer: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "zone.gpkg"
    points = gpd.GeoDataFrame({"nr": [1]}, geometry=[Point(X, Y)], crs=LAMBERT)
    points.to_file(path, layer="meldingen", engine="pyogrio")
    wijk_file_layer.to_file(path, layer="wijken", engine="pyogrio")
    assert read_wijk_file(path)["GEOITEM"].tolist() == ["W01", "W02", "W03"]
    assert read_wijk_file(path, layer="meldingen")["nr"].tolist() == [1]


def test_geopackage_with_several_polygon_layers_is_ambiguous(
    wijk_file_layer: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "zone.gpkg"
    wijk_file_layer.to_file(path, layer="wijken_oud", engine="pyogrio")
    wijk_file_layer.iloc[:2].to_file(path, layer="wijken_nieuw", engine="pyogrio")
    with pytest.raises(ValidationError) as error:
        read_wijk_file(path)
    message = str(error.value)
    assert "wijken_oud" in message
    assert "wijken_nieuw" in message
    assert "layer option" in message
    assert len(read_wijk_file(path, layer="wijken_nieuw")) == 2
    with pytest.raises(ValidationError, match=r"'sectoren'.*wijken_oud.*wijken_nieuw"):
        read_wijk_file(path, layer="sectoren")


def test_geopackage_without_polygons(tmp_path: Path) -> None:
    path = tmp_path / "punten.gpkg"
    gpd.GeoDataFrame(geometry=[Point(X, Y)], crs=LAMBERT).to_file(path, layer="p", engine="pyogrio")
    with pytest.raises(ValidationError, match=r"no polygon layer.*p \(Point\)"):
        read_wijk_file(path)


def test_lambert_geojson_without_crs_member_needs_the_crs_option(tmp_path: Path) -> None:
    ring = [[X, Y], [X + 100, Y], [X + 100, Y + 100], [X, Y + 100], [X, Y]]
    feature = {
        "type": "Feature",
        "properties": {"code": "W1"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    path = tmp_path / "wijken.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(ValidationError) as error:
        read_wijk_file(path)
    assert "'wijken.json'" in str(error.value)
    assert "crs='EPSG:31370'" in str(error.value)
    result = read_wijk_file(path, crs=31370)
    assert result.geometry.iloc[0].equals(box(X, Y, X + 100, Y + 100))


@pytest.mark.parametrize("name", ["wijken.csv", "wijken.shp", "wijken.kml", "wijken"])
def test_unsupported_extension_lists_the_allowed_ones(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        read_wijk_file(path)
    for suffix in WIJK_FILE_SUFFIXES:
        assert suffix in str(error.value)
    assert repr(name) in str(error.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        read_wijk_file(tmp_path / "weg.gpkg")


def test_layer_does_not_apply_to_geojson(wijk_file_layer: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = write(wijk_file_layer, tmp_path, "geojson")
    with pytest.raises(ValidationError, match="GeoJSON"):
        read_wijk_file(path, layer="wijken")


def test_unknown_crs_option(wijk_file_layer: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = write(wijk_file_layer, tmp_path, "gpkg")
    with pytest.raises(ValidationError, match="crs='EPSG:999999'"):
        read_wijk_file(path, crs="EPSG:999999")
