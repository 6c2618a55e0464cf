"""Tests of the gazetteer: the synthetic BeST fixture, reading BeST and Adressenregister files,
clipping to the zone, the street table, and storing it in a workspace (gis.gazetteer,
gis.io_gazetteer, wijkradar.geocode_services.import_gazetteer, ``wijkradar gazetteer import``)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from gazetteer_data import gazetteer_layers, synthetic
from typer.testing import CliRunner

from gis.errors import ValidationError, WorkspaceError
from gis.gazetteer import (
    ADDRESS_COLUMNS,
    BEST_COLUMNS,
    STREET_COLUMNS,
    adressenregister_addresses,
    best_addresses,
    build_streets,
    clip_to_areas,
)
from gis.gazetteer_fixture import MUNICIPALITY_NAMES, synthetic_best_table
from gis.io_gazetteer import (
    ADDRESS_LAYER,
    STREET_LAYER,
    detect_register,
    has_gazetteer,
    read_gazetteer,
    read_gazetteer_file,
    read_gazetteer_info,
    write_best_csv,
)
from gis.io_geography import load_zone
from gis.io_workspace import GeoPackageWorkspace
from wijkradar import geocode_services
from wijkradar.cli import app

# -- the synthetic fixture ------------------------------------------------------------------


def test_synthetic_table_has_exactly_the_best_columns_and_synthetic_ids() -> None:
    table = synthetic().table
    assert list(table.columns) == list(BEST_COLUMNS)
    assert table["address_id"].astype(int).min() > 900_000_000
    assert table["street_id"].astype(int).min() > 9_000_000
    assert table["address_id"].is_unique
    assert set(table["municipality_id"]) == set(MUNICIPALITY_NAMES)


def test_synthetic_addresses_lie_in_their_deelgemeente(
    amow_herko_deelgemeenten: gpd.GeoDataFrame,
) -> None:
    addresses, _ = gazetteer_layers()
    streets = synthetic().streets.set_index("street_id")
    expected = streets["deelgemeente"].reindex(addresses["street_id"]).to_numpy()
    assert (addresses["deelgemeente"].to_numpy() == expected).all()


def test_same_street_name_in_several_deelgemeenten_gets_distinct_streets() -> None:
    streets = synthetic().streets
    kerk = streets[streets["street_nl"].eq("Kerkstraat")]
    assert kerk["street_id"].nunique() == len(kerk) >= 6
    assert {"Mollem", "Kobbegem"} <= set(kerk["postname"])


def test_the_3812_release_gives_the_same_points() -> None:
    lambert72 = best_addresses(synthetic().table)
    lambert2008 = best_addresses(synthetic_best_table(seed=0, coordinates="EPSG:3812").table)
    assert "EPSG:3812_x" in synthetic_best_table(seed=0, coordinates="EPSG:3812").table
    distance = lambert72.geometry.distance(lambert2008.geometry)
    assert distance.max() < 0.05


# -- reading --------------------------------------------------------------------------------


def test_best_addresses_parses_numbers_boxes_and_status() -> None:
    table = synthetic().table
    addresses = best_addresses(table)
    assert list(addresses.columns) == list(ADDRESS_COLUMNS)
    assert addresses.crs.to_epsg() == 31370
    boxed = addresses[addresses["box_number"].ne("")]
    assert (boxed["box"] == boxed["box_number"]).all()
    suffixed = addresses[addresses["suffix"].ne("")]
    assert len(suffixed) and (suffixed["house_number"].str.endswith("A")).all()
    assert (addresses["current"] == table["status"].eq("current").to_numpy()).all()
    assert addresses["number"].notna().all()


def test_best_addresses_names_missing_columns() -> None:
    table = synthetic().table.drop(columns=["street_id", "postcode"])
    with pytest.raises(ValidationError, match=r"street_id.*postcode|postcode.*street_id"):
        best_addresses(table)


def test_best_addresses_without_coordinates_is_refused() -> None:
    table = synthetic().table.drop(columns=[c for c in BEST_COLUMNS if c.startswith("EPSG:")])
    with pytest.raises(ValidationError, match="coordinate"):
        best_addresses(table)


def adressenregister_frame() -> pd.DataFrame:
    """The first 50 synthetic addresses in an Adressenregister-style CSV layout."""
    t = synthetic().table.head(50)
    return pd.DataFrame(
        {
            "ADRESID": t["address_id"],
            "STRAATNMID": t["street_id"],
            "STRAATNM": t["streetname_nl"],
            "HUISNR": t["house_number"],
            "BUSNR": t["box_number"],
            "POSTCODE": t["postcode"],
            "GEMEENTE": t["municipality_name_nl"],
            "NISCODE": t["municipality_id"],
            "STATUS": t["status"].replace({"current": "inGebruik", "retired": "gehistoreerd"}),
            "X": t["EPSG:31370_x"].str.replace(".", ",", regex=False),
            "Y": t["EPSG:31370_y"].str.replace(".", ",", regex=False),
        }
    )


def test_adressenregister_csv_columns_are_understood() -> None:
    frame = adressenregister_frame()
    addresses = adressenregister_addresses(frame)
    best = best_addresses(synthetic().table.head(50))
    assert addresses["address_id"].tolist() == best["address_id"].tolist()
    assert addresses["street_nl"].tolist() == best["street_nl"].tolist()
    assert (addresses.geometry.distance(best.geometry) < 0.01).all()
    assert (addresses["current"] == frame["STATUS"].eq("inGebruik").to_numpy()).all()
    assert set(addresses["register"]) == {"adressenregister"}


def test_adressenregister_geopackage_geometry_is_used() -> None:
    frame = adressenregister_frame().drop(columns=["X", "Y"])
    best = best_addresses(synthetic().table.head(50))
    gdf = gpd.GeoDataFrame(frame, geometry=best.geometry.to_crs("EPSG:3812").to_numpy(),
                           crs="EPSG:3812")  # fmt: skip
    addresses = adressenregister_addresses(gdf)
    assert (addresses.geometry.distance(best.geometry) < 0.05).all()


def test_adressenregister_missing_fields_are_named_with_accepted_names() -> None:
    frame = adressenregister_frame().drop(columns=["HUISNR"])
    with pytest.raises(ValidationError, match=r"house_number.*huisnummer"):
        adressenregister_addresses(frame)


def test_clip_keeps_addresses_within_the_buffer_only() -> None:
    zone = load_zone("ipz31").zone
    boundary = zone.geometry.iloc[0]
    centre = boundary.representative_point()
    outside = shapely.Point(boundary.bounds[2] + 400, centre.y)  # east of the zone
    distance = boundary.distance(outside)
    far = shapely.Point(boundary.bounds[2] + 2_000, centre.y)
    addresses = gpd.GeoDataFrame(
        {"address_id": ["in", "near", "far"]}, geometry=[centre, outside, far], crs="EPSG:31370"
    )
    kept = clip_to_areas(addresses, zone, buffer_m=distance + 10)
    assert kept["address_id"].tolist() == ["in", "near"]
    assert clip_to_areas(addresses, zone, buffer_m=0)["address_id"].tolist() == ["in"]
    with pytest.raises(ValidationError, match="buffer_m"):
        clip_to_areas(addresses, zone, buffer_m=-1)


def test_street_point_is_one_of_its_current_addresses() -> None:
    addresses, streets = gazetteer_layers()
    assert list(streets.columns) == list(STREET_COLUMNS)
    assert len(streets) == synthetic().streets["street_id"].nunique()
    joined = addresses.merge(
        pd.DataFrame({"street_id": streets["street_id"], "sx": streets.geometry.x,
                      "sy": streets.geometry.y}), on="street_id",
    )  # fmt: skip
    on_address = (np.hypot(joined.geometry.x - joined["sx"], joined.geometry.y - joined["sy"])
                  < 1e-6)  # fmt: skip
    assert on_address.groupby(joined["street_id"]).any().all()
    counts = addresses.groupby("street_id").size()
    assert (streets.set_index("street_id")["addresses"] == counts).all()


def test_build_streets_of_no_addresses_is_empty_with_columns() -> None:
    addresses, _ = gazetteer_layers()
    empty = build_streets(addresses.head(0))
    assert empty.empty and list(empty.columns) == list(STREET_COLUMNS)


# -- files and workspace --------------------------------------------------------------------


@pytest.fixture(scope="module")
def best_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic extract written as ``openaddress-be-synthetic.zip`` (one CSV inside)."""
    path = tmp_path_factory.mktemp("best") / "openaddress-be-synthetic.zip"
    return write_best_csv(synthetic().table, path)


@pytest.fixture(scope="module")
def amow_workspace_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty ipz31 workspace, made once; tests copy it."""
    path = tmp_path_factory.mktemp("ws") / "ws.gpkg"
    return GeoPackageWorkspace.create(path, [load_zone("ipz31")]).path


@pytest.fixture
def amow_workspace(tmp_path: Path, amow_workspace_file: Path) -> GeoPackageWorkspace:
    path = tmp_path / "ws.gpkg"
    shutil.copyfile(amow_workspace_file, path)
    return GeoPackageWorkspace(path)


@pytest.fixture(scope="module")
def amow_herko_deelgemeenten() -> gpd.GeoDataFrame:
    return pd.concat([load_zone("ipz31").deelgemeenten, load_zone("ipz51").deelgemeenten])


def test_zip_and_csv_are_detected_and_read_alike(best_zip: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(best_zip) as archive:
        assert archive.namelist() == ["openaddress-be-synthetic.csv"]
    csv = write_best_csv(synthetic().table, tmp_path / "openaddress-be.csv")
    assert detect_register(best_zip) == detect_register(csv) == "best"
    register, from_zip, read = read_gazetteer_file(best_zip)
    _, from_csv, _ = read_gazetteer_file(csv)
    assert register == "best" and read == len(synthetic().table)
    pd.testing.assert_frame_equal(from_zip, from_csv)
    assert from_zip["address_id"].tolist() == synthetic().table["address_id"].tolist()


def test_reading_with_a_bounding_box_drops_rows_outside(best_zip: Path) -> None:
    xmin, ymin, xmax, ymax = load_zone("ipz51").zone.total_bounds
    _, kept, read = read_gazetteer_file(best_zip, bbox=(xmin, ymin, xmax, ymax))
    assert read == len(synthetic().table)
    assert set(kept["municipality_id"]) == {"24038", "24055"}


def test_detect_register_refuses_other_files(tmp_path: Path) -> None:
    other = tmp_path / "export.csv"
    other.write_text("PV;Datum;Straat\n1;01/01/2024;Kalkoven\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="neither BeST"):
        detect_register(other)
    with pytest.raises(ValidationError, match="does not exist"):
        detect_register(tmp_path / "missing.zip")
    (tmp_path / "x.txt").write_text("a")
    with pytest.raises(ValidationError, match="suffix"):
        detect_register(tmp_path / "x.txt")


def test_import_clips_to_the_workspace_zone_and_stores_layers(
    best_zip: Path, amow_workspace: GeoPackageWorkspace
) -> None:
    outcome = geocode_services.import_gazetteer(best_zip, amow_workspace)
    addresses, streets = read_gazetteer(amow_workspace)
    # ipz31 only: Herent and Kortenberg lie kilometres away, beyond the 500 m buffer
    assert set(addresses["nis"]) == {"23002", "23052", "23060", "23102"}
    assert outcome.kept == len(addresses) < outcome.read == len(synthetic().table)
    assert outcome.streets == len(streets) == addresses["street_id"].nunique()
    assert addresses.crs.to_epsg() == 31370
    assert addresses["deelgemeente"].str.match(r"^23\d{3}[A-F]$").all()
    info = read_gazetteer_info(amow_workspace)
    assert info["register"].tolist() == ["best"] and info["zones"].tolist() == ["ipz31"]


def test_a_second_import_replaces_the_gazetteer(
    best_zip: Path, amow_workspace: GeoPackageWorkspace
) -> None:
    geocode_services.import_gazetteer(best_zip, amow_workspace)
    first = len(read_gazetteer(amow_workspace)[0])
    geocode_services.import_gazetteer(best_zip, amow_workspace, buffer_m=0.0)
    assert len(read_gazetteer(amow_workspace)[0]) == first
    assert len(read_gazetteer_info(amow_workspace)) == 2


def test_import_of_an_unknown_zone_is_refused(
    best_zip: Path, amow_workspace: GeoPackageWorkspace
) -> None:
    with pytest.raises(ValidationError, match="ipz51"):
        geocode_services.import_gazetteer(best_zip, amow_workspace, zones=["ipz51"])
    assert not has_gazetteer(amow_workspace)


def test_a_failed_import_leaves_the_workspace_unchanged(
    tmp_path: Path, amow_workspace: GeoPackageWorkspace
) -> None:
    broken = tmp_path / "openaddress-be.csv"
    table = synthetic().table.drop(columns=["street_id"])
    broken.write_text(table.to_csv(index=False).replace("house_number", "house_number"))
    before = amow_workspace.path.read_bytes()
    with pytest.raises(ValidationError):
        geocode_services.import_gazetteer(broken, amow_workspace)
    assert amow_workspace.path.read_bytes() == before


def test_adressenregister_csv_import_end_to_end(
    tmp_path: Path, amow_workspace: GeoPackageWorkspace
) -> None:
    path = tmp_path / "adressenregister.csv"
    adressenregister_frame().to_csv(path, sep=";", index=False)
    assert detect_register(path) == "adressenregister"
    outcome = geocode_services.import_gazetteer(path, amow_workspace)
    assert outcome.register == "adressenregister" and outcome.kept == 50
    addresses, _ = read_gazetteer(amow_workspace)
    assert set(addresses["register"]) == {"adressenregister"}


def test_canonical_layers_cannot_be_written_as_further_layers(
    amow_workspace: GeoPackageWorkspace,
) -> None:
    with pytest.raises(WorkspaceError, match="canonical"):
        amow_workspace.write_layers({"incidents": pd.DataFrame({"a": [1]})})
    with pytest.raises(WorkspaceError, match="no layer"):
        amow_workspace.read_layer(ADDRESS_LAYER)
    assert not amow_workspace.has_layer(STREET_LAYER)


def test_cli_gazetteer_import(best_zip: Path, amow_workspace: GeoPackageWorkspace) -> None:
    result = CliRunner().invoke(
        app, ["gazetteer", "import", str(best_zip), "--workspace", str(amow_workspace.path)]
    )
    assert result.exit_code == 0, result.output
    assert "adressenbestand (best)" in result.output
    assert has_gazetteer(amow_workspace)
    missing = CliRunner().invoke(
        app, ["gazetteer", "import", "nope.zip", "--workspace", str(amow_workspace.path)]
    )
    assert missing.exit_code == 2
