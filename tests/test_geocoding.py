"""Tests of the offline geocoder (gis.geocoding) and its use cases (wijkradar.geocode_services):
precision first on a labelled set of messy addresses drawn from the synthetic gazetteer, each
level of the cascade, the review queue, corrections, and no network anywhere."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from backends import backend, fresh_location  # noqa: F401
from gazetteer_data import address_rows, areas, gazetteer_layers, index, street_ids, synthetic
from typer.testing import CliRunner

from gis.areas import assign_areas
from gis.gazetteer import best_addresses, build_streets
from gis.gazetteer_fixture import KINDS, messy_addresses
from gis.geocoding import (
    RESULT_COLUMNS,
    GeocodeLevel,
    apply_geocoding,
    geocode_addresses,
    level_counts,
    prepare_gazetteer,
)
from gis.io_gazetteer import read_corrections, read_geocode_results, write_best_csv
from gis.io_geography import load_zone
from gis.io_workspace import GeoPackageWorkspace
from gis.schema import GeocodeStatus
from wijkradar import geocode_services, services
from wijkradar.cli import app

CONFIDENT = {GeocodeLevel.ADDRESS, GeocodeLevel.ADDRESS_NO_BOX, GeocodeLevel.INTERPOLATED,
             GeocodeLevel.STREET}  # fmt: skip


def geocode(*rows: tuple[str, str, str, str, str], corrections=None) -> pd.DataFrame:
    return geocode_addresses(address_rows(*rows), index(), corrections=corrections)


def address_of(address_id: str) -> pd.Series:
    addresses, _ = gazetteer_layers()
    return addresses.set_index("address_id").loc[address_id]


# -- precision on the labelled messy set ----------------------------------------------------


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    """4200 messy rows (300 of each perturbation kind) with their truth and the results."""
    rows = messy_addresses(synthetic(), 4200, seed=7)
    return pd.concat([rows, geocode_addresses(rows, index())], axis=1)


def test_every_perturbation_kind_is_in_the_labelled_set(labelled: pd.DataFrame) -> None:
    assert set(labelled["kind"]) == set(KINDS)
    assert list(labelled.columns[-len(RESULT_COLUMNS) :]) == list(RESULT_COLUMNS)


def test_never_a_wrong_street_at_a_confident_level(labelled: pd.DataFrame) -> None:
    placed = labelled["status"].eq(GeocodeStatus.GEOCODED.value)
    assert labelled.loc[placed, "level"].isin(CONFIDENT).all()
    wrong = placed & labelled["street_id"].ne(labelled["true_street_id"])
    assert not wrong.any(), labelled[wrong].head().to_dict("records")


def test_never_a_wrong_house_or_box_at_address_level(labelled: pd.DataFrame) -> None:
    addresses, _ = gazetteer_layers()
    at_address = labelled["level"].isin([GeocodeLevel.ADDRESS, GeocodeLevel.ADDRESS_NO_BOX])
    found = addresses.set_index("address_id").loc[labelled.loc[at_address, "address_id"]]
    truth = labelled[at_address]
    assert (found["number"].astype(int).to_numpy() == truth["true_number"].astype(int)).all()
    assert (found["suffix"].to_numpy() == truth["true_suffix"].to_numpy()).all()
    exact = truth["level"].eq(GeocodeLevel.ADDRESS).to_numpy() & truth["true_box"].ne("")
    assert (found["box"].to_numpy()[exact] == truth["true_box"].to_numpy()[exact]).all()


def test_ambiguous_and_unknown_streets_are_never_placed(labelled: pd.DataFrame) -> None:
    unsure = labelled["expect"].isin(["review", "none"])
    assert unsure.sum() > 500
    assert labelled.loc[unsure, "x"].isna().all()
    ambiguous = labelled["expect"].eq("review")
    assert labelled.loc[ambiguous, "status"].eq(GeocodeStatus.REVIEW.value).all()
    review_candidates = labelled.loc[ambiguous, "candidates"].map(json.loads).map(len)
    assert (review_candidates >= 2).all()


def test_numbers_missing_from_the_register_stay_on_their_street(labelled: pd.DataFrame) -> None:
    missing = labelled["expect"].eq("street") & labelled["status"].eq("geocoded")
    assert missing.sum() > 200
    assert labelled.loc[missing, "level"].isin(["interpolated", "street"]).all()
    assert labelled.loc[missing, "address_id"].eq("").all()


def test_most_identifiable_rows_are_placed(labelled: pd.DataFrame) -> None:
    """Precision is not bought by sending everything to review."""
    placed = labelled["status"].eq("geocoded")
    for kind in ("abbreviation", "box_form", "french", "deelgemeente_name", "typo", "one_field"):
        share = placed[labelled["kind"].eq(kind)].mean()
        assert share > 0.85, (kind, share)


# -- the cascade, case by case ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "street", "postname"),
    [
        (("Kon. Astridlaan", "5", "", "1730", "Asse"), "Koningin Astridlaan", "Asse"),
        (("Kon Albertstraat", "3", "", "", "Asse"), "Koning Albertstraat", "Asse"),
        (("St.-Ursulastr.", "4", "", "1730", "ASSE"), "Sint-Ursulastraat", "Asse"),
        (("Kerkstraat", "5", "", "", "Mollem"), "Kerkstraat", "Mollem"),
        (("Kerkstraat", "5", "", "", "Kobbegem (Asse)"), "Kerkstraat", "Kobbegem"),
        (("Kerkstraat", "5", "", "", "Brussegem"), "Kerkstraat", "Brussegem"),
        (("Brusselsesteenweg", "10", "", "1731", "Asse"), "Brusselsesteenweg", "Zellik"),
        (("Brusselsesteenweg", "10", "", "", "Zellik"), "Brusselsesteenweg", "Zellik"),
        (("Brusselse Stwg.", "10", "", "3020", "Winksele"), "Brusselsesteenweg", "Winksele"),
        (("Av. de Limburg Stirum", "7", "", "1780", "Wemmel"), "De Limburg Stirumlaan", "Wemmel"),
        (("12, Avenue de Limburg Stirum", "", "", "", "Wemmel"), "De Limburg Stirumlaan", "Wemmel"),
        (("Marché aux Fromages", "3", "", "", "Wemmel"), "Kaasmarkt", "Wemmel"),
        (("O.L.V.-Plein", "2", "", "1745", ""), "Onze-Lieve-Vrouwplein", "Opwijk"),
        (("Kerkstraat 6, 3071 Erps-Kwerps", "", "", "", ""), "Kerkstraat", "Erps-Kwerps"),
        (("Dorpspln", "3", "", "", "Erps-Kwerps"), "Dorpsplein", "Erps-Kwerps"),
        (("Leuvensesteneweg", "8", "", "3070", "Kortenberg"), "Leuvensesteenweg", "Kortenberg"),
        (("Wilselse stw", "8", "", "", "Herent"), "Wilselsesteenweg", "Herent"),
        (("Nijverseel", "8", "", "", ""), "Nijverseel", "Opwijk"),
    ],
)
def test_street_is_found_through_each_rule(
    row: tuple[str, str, str, str, str], street: str, postname: str
) -> None:
    result = geocode(row).iloc[0]
    assert result["status"] == GeocodeStatus.GEOCODED.value, result.to_dict()
    assert result["street_id"] in street_ids(street, postname)


@pytest.mark.parametrize(
    ("row", "least"),
    [
        (("Kerkstraat", "5", "", "", ""), 8),  # in eight deelgemeenten of both zones
        (("Kerkstraat", "5", "", "1730", "Asse"), 2),  # Mollem and Kobbegem share 1730
        (("Kerkstraat", "5", "", "1785", "Merchtem"), 2),  # Merchtem and Brussegem
        (("Brusselsesteenweg", "10", "", "", "Asse"), 2),  # Asse (1730) and Zellik (1731)
        (("Stationsstraat", "3", "", "", ""), 3),  # Asse, Merchtem, Kortenberg
        # no such street: close to Koning Albertstraat, but not close enough to be taken
        (("Kon. Albertlaan", "3", "", "1730", "Asse"), 1),
    ],
)
def test_ambiguous_text_goes_to_review_with_candidates(row: tuple[str, ...], least: int) -> None:
    result = geocode(row).iloc[0]
    assert result["status"] == GeocodeStatus.REVIEW.value
    assert result["level"] == GeocodeLevel.REVIEW
    assert np.isnan(result["x"]) and result["street_id"] == ""
    candidates = json.loads(result["candidates"])
    assert len(candidates) >= min(least, 5)
    assert len({c["street_id"] for c in candidates}) == len(candidates)


def test_review_candidates_carry_the_point_of_the_number_in_each_street() -> None:
    result = geocode(("Kerkstraat", "5", "", "1730", "Asse")).iloc[0]
    candidates = json.loads(result["candidates"])
    assert {c["street_id"] for c in candidates} == set(
        street_ids("Kerkstraat", "Mollem") + street_ids("Kerkstraat", "Kobbegem")
    )
    for c in candidates:
        if c["level"] == "address":
            found = address_of(c["address_id"])
            assert found["street_id"] == c["street_id"] and int(found["number"]) == 5
            assert abs(found.geometry.x - c["x"]) < 0.01


def test_exact_address_with_box() -> None:
    addresses, _ = gazetteer_layers()
    boxed = addresses[addresses["box"].ne("") & addresses["current"]].iloc[0]
    row = (boxed["street_nl"], f"{boxed['number']} bus {boxed['box']}", "",
           boxed["postcode"], boxed["municipality_nl"])  # fmt: skip
    street_key_unique = len(street_ids(boxed["street_nl"])) == 1
    result = geocode(row).iloc[0]
    if street_key_unique:
        assert result["level"] == GeocodeLevel.ADDRESS
        assert result["address_id"] == boxed["address_id"]
        assert result["score"] == 100.0


def test_box_not_in_register_falls_back_to_the_house() -> None:
    addresses, _ = gazetteer_layers()
    kalkoven = addresses[addresses["street_nl"].eq("Kalkoven") & addresses["box"].eq("")]
    house = kalkoven[kalkoven["current"]].iloc[0]
    result = geocode(("Kalkoven", f"{house['number']} bus 97", "", "1730", "Asse")).iloc[0]
    assert result["level"] == GeocodeLevel.ADDRESS_NO_BOX
    assert result["address_id"] == house["address_id"]
    assert result["score"] < 100.0


def test_box_equal_to_postcode_is_ignored() -> None:
    addresses, _ = gazetteer_layers()
    house = addresses[addresses["street_nl"].eq("Kalkoven") & addresses["box"].eq("")
                      & addresses["current"] & addresses["suffix"].eq("")].iloc[0]  # fmt: skip
    result = geocode(("Kalkoven", str(house["number"]), "1730", "1730", "Asse")).iloc[0]
    assert result["level"] == GeocodeLevel.ADDRESS
    assert result["address_id"] == house["address_id"]


def test_missing_number_is_interpolated_between_neighbours_on_the_same_side() -> None:
    addresses, _ = gazetteer_layers()
    streets = synthetic().streets.set_index("street_id")
    houses = addresses[addresses["suffix"].eq("")].drop_duplicates(["street_id", "number"])
    points = houses.set_index(["street_id", "number"]).geometry
    gaps = synthetic().missing_numbers
    gaps = gaps[[(g.street_id, g.number - 2) in points.index and (g.street_id, g.number + 2)
                 in points.index for g in gaps.itertuples()]]  # fmt: skip
    s = streets.loc[gaps["street_id"]]
    rows = pd.DataFrame({"street": s["street_nl"].to_numpy(), "number": gaps["number"].astype(str),
                         "box": "", "postcode": s["postcode"].to_numpy(),
                         "municipality": s["postname"].to_numpy()})  # fmt: skip
    results = geocode_addresses(rows, index())
    placed = results["status"].eq("geocoded").to_numpy()  # ambiguous names went to review
    assert placed.sum() >= 20
    assert (results["level"][placed] == GeocodeLevel.INTERPOLATED).all()
    assert (results["street_id"][placed].to_numpy() == gaps["street_id"].to_numpy()[placed]).all()
    for gap, result in zip(gaps[placed].itertuples(), results[placed].itertuples(), strict=True):
        lower = points.loc[(gap.street_id, gap.number - 2)]
        upper = points.loc[(gap.street_id, gap.number + 2)]
        midpoint = shapely.Point((lower.x + upper.x) / 2, (lower.y + upper.y) / 2)
        assert midpoint.distance(shapely.Point(result.x, result.y)) < 6.0


def test_unknown_suffix_takes_the_bare_number_interpolated() -> None:
    addresses, _ = gazetteer_layers()
    kalkoven = addresses[addresses["street_nl"].eq("Kalkoven") & addresses["suffix"].eq("")
                         & addresses["box"].eq("")]  # fmt: skip
    numbers = set(addresses.loc[addresses["street_nl"].eq("Kalkoven"), "house_number"])
    house = next(h for h in kalkoven.itertuples() if f"{h.number}C" not in numbers)
    result = geocode(("Kalkoven", f"{house.number}C", "", "1730", "Asse")).iloc[0]
    assert result["level"] == GeocodeLevel.INTERPOLATED
    assert result["address_id"] == ""
    assert shapely.Point(result["x"], result["y"]).distance(house.geometry) < 0.01


def test_number_far_beyond_the_street_gives_the_street_point() -> None:
    _, streets = gazetteer_layers()
    kalkoven = streets[streets["street_nl"].eq("Kalkoven")].iloc[0]
    result = geocode(("Kalkoven", "999", "", "1730", "Asse")).iloc[0]
    assert result["level"] == GeocodeLevel.STREET
    assert result["street_id"] == kalkoven["street_id"]
    assert shapely.Point(result["x"], result["y"]).distance(kalkoven.geometry) < 0.01
    no_number = geocode(("Kalkoven", "", "", "1730", "Asse")).iloc[0]
    assert no_number["level"] == GeocodeLevel.STREET


def test_unknown_street_goes_to_the_municipality_bucket() -> None:
    result = geocode(("Zonnebloemstraat", "3", "", "1730", "Asse")).iloc[0]
    assert result["status"] == GeocodeStatus.NOT_LOCATABLE.value
    assert result["level"] == GeocodeLevel.MUNICIPALITY
    assert result["nis"] == "23002" and np.isnan(result["x"])
    nowhere = geocode(("Zonnebloemstraat", "3", "", "", "")).iloc[0]
    assert nowhere["level"] == GeocodeLevel.NONE and nowhere["nis"] == ""


def test_current_address_ranks_above_a_retired_one() -> None:
    addresses, _ = gazetteer_layers()
    house = addresses[addresses["street_nl"].eq("Kalkoven") & addresses["current"]
                      & addresses["box"].eq("") & addresses["suffix"].eq("")].iloc[0]  # fmt: skip
    retired = house.copy()
    retired["address_id"], retired["status"], retired["current"] = "retired-1", "retired", False
    retired["geometry"] = shapely.Point(house.geometry.x + 50, house.geometry.y)
    both = gpd.GeoDataFrame(pd.concat([pd.DataFrame([retired]), addresses], ignore_index=True),
                            crs=addresses.crs)  # fmt: skip
    municipalities, deelgemeenten, _ = areas()
    prepared = prepare_gazetteer(both, build_streets(both), municipalities=municipalities,
                                 deelgemeenten=deelgemeenten)  # fmt: skip
    result = geocode_addresses(
        address_rows(("Kalkoven", str(house["number"]), "", "1730", "Asse")), prepared
    ).iloc[0]
    assert result["address_id"] == house["address_id"]


def test_duplicated_rows_get_identical_results_in_input_order() -> None:
    rows = address_rows(
        ("Kalkoven", "3", "", "1730", "Asse"),
        ("Kerkstraat", "5", "", "", ""),
        ("Kalkoven", "3", "", "1730", "Asse"),
    )
    rows.index = [10, 5, 7]
    result = geocode_addresses(rows, index())
    assert result.index.tolist() == [10, 5, 7]
    assert result.loc[10].equals(result.loc[7])
    assert result.loc[5, "status"] == "review"


# -- corrections -------------------------------------------------------------------------------


def correction(raw_key: str, **values: str) -> dict[str, str]:
    base = {"raw_key": raw_key, "address_id": "", "street_id": "", "x": "", "y": "",
            "by": "hinspecteur", "at": "2025-01-01T10:00:00"}  # fmt: skip
    return {**base, **values}


def test_a_correction_to_an_address_wins_for_the_same_raw_text() -> None:
    row = ("Kerkstraat", "5", "", "1730", "Asse")
    first = geocode(row).iloc[0]
    chosen = json.loads(first["candidates"])[0]
    table = pd.DataFrame([correction(first["raw_key"], address_id=chosen["address_id"])])
    again = geocode(row, ("KERKSTRAAT ", "5", "", "1730", "asse"), corrections=table)
    assert (again["level"] == GeocodeLevel.MANUAL).all()
    assert (again["address_id"] == chosen["address_id"]).all()
    assert (again["street_id"] == chosen["street_id"]).all()
    other = geocode(("Kerkstraat", "7", "", "1730", "Asse"), corrections=table).iloc[0]
    assert other["status"] == "review"


def test_a_correction_by_point_or_street_and_the_latest_wins() -> None:
    row = ("Kerkstraat", "5", "", "1730", "Asse")
    key = geocode(row).iloc[0]["raw_key"]
    mollem = street_ids("Kerkstraat", "Mollem")[0]
    table = pd.DataFrame(
        [
            correction(key, x="140000.00", y="178000.00", at="2025-01-01T10:00:00"),
            correction(key, street_id=mollem, at="2025-02-01T10:00:00"),
        ]
    )
    by_street = geocode(row, corrections=table).iloc[0]
    assert by_street["street_id"] == mollem and by_street["level"] == GeocodeLevel.ADDRESS
    by_point = geocode(row, corrections=table.iloc[:1]).iloc[0]
    assert by_point["level"] == GeocodeLevel.MANUAL
    assert (by_point["x"], by_point["y"]) == (140000.0, 178000.0)


# -- applying results to incidents ------------------------------------------------------------


def test_apply_geocoding_assigns_areas_and_the_municipality_bucket() -> None:
    municipalities, deelgemeenten, wijken = areas()
    rows = address_rows(
        ("Kalkoven", "3", "", "1730", "Asse"),
        ("Zonnebloemstraat", "3", "", "1730", "Asse"),
        ("Kerkstraat", "5", "", "", ""),
    )
    results = geocode_addresses(rows, index())
    incidents = gpd.GeoDataFrame(
        {"geocode_status": ["to_geocode"] * 3, "nis": [None] * 3, "deelgemeente": [None] * 3,
         "wijk": [None] * 3, "in_zone": [True] * 3},
        geometry=gpd.GeoSeries([None] * 3, crs="EPSG:31370"), crs="EPSG:31370",
    )  # fmt: skip
    out = apply_geocoding(incidents, results, municipalities=municipalities,
                          deelgemeenten=deelgemeenten, wijken=wijken)  # fmt: skip
    assert out["geocode_status"].tolist() == ["geocoded", "not_locatable", "review"]
    expected = assign_areas(out.geometry.iloc[:1], municipalities=municipalities,
                            deelgemeenten=deelgemeenten, wijken=wijken)  # fmt: skip
    assert out.loc[0, "wijk"] == expected.loc[0, "wijk"] and out.loc[0, "nis"] == "23002"
    assert out.loc[0, "deelgemeente"] == "23002A"
    assert out.loc[1, "wijk"] == "23002WONB" and out.geometry.iloc[1] is None
    assert out.loc[1, "nis"] == "23002" and bool(out.loc[1, "in_zone"])
    assert pd.isna(out.loc[2, "wijk"]) and out.geometry.iloc[2] is None


def test_level_counts_lists_every_level() -> None:
    counts = level_counts(geocode(("Kalkoven", "3", "", "1730", "Asse")))
    assert counts.index.tolist() == [level.value for level in GeocodeLevel]
    assert counts["address"] == 1 and counts.sum() == 1


# -- the workspace use cases -------------------------------------------------------------------


@pytest.fixture(scope="module")
def best_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_best_csv(synthetic().table, tmp_path_factory.mktemp("g") / "openaddress.zip")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("t") / "ws.gpkg"
    return GeoPackageWorkspace.create(path, [load_zone("ipz31"), load_zone("ipz51")]).path


@pytest.fixture
def ws(tmp_path: Path, template: Path) -> GeoPackageWorkspace:
    path = tmp_path / "ws.gpkg"
    shutil.copyfile(template, path)
    return GeoPackageWorkspace(path)


def export_csv(path: Path, rows: pd.DataFrame) -> Path:
    """A police export of address-only rows (Dutch headers, ';'); PV numbers from the file name."""
    table = pd.DataFrame(
        {
            "PV-nummer": [f"{path.stem}-{i:05d}" for i in range(len(rows))],
            "Feit": "woninginbraak",
            "Datum": "03/02/2025 14:00",
            "Straat": rows["street"].to_numpy(),
            "Huisnummer": rows["number"].to_numpy(),
            "Bus": rows["box"].to_numpy(),
            "Postcode": rows["postcode"].to_numpy(),
            "Gemeente": rows["municipality"].to_numpy(),
        }
    )
    table.to_csv(path, sep=";", index=False)
    return path


def test_import_geocodes_automatically_once_a_gazetteer_is_loaded(
    ws: GeoPackageWorkspace, best_zip: Path, tmp_path: Path
) -> None:
    rows = messy_addresses(synthetic(), 300, seed=11)
    first = services.import_file(export_csv(tmp_path / "a.csv", rows.iloc[:100]), ws)
    assert first.geocoding is None
    assert ws.incidents()["geocode_status"].eq("to_geocode").all()
    geocode_services.import_gazetteer(best_zip, ws)
    second = services.import_file(export_csv(tmp_path / "b.csv", rows.iloc[100:]), ws)
    # every pending row of the workspace is geocoded, the first file's too
    assert second.geocoding is not None and second.geocoding.rows == 300
    incidents = ws.incidents()
    statuses = incidents["geocode_status"].value_counts()
    assert statuses.get("to_geocode", 0) == 0
    assert statuses.get("geocoded", 0) > 200
    placed = incidents[incidents["geocode_status"].eq("geocoded")]
    assert placed.geometry.notna().all() and placed["wijk"].notna().all()
    results = read_geocode_results(ws)
    assert len(results) == 300 and results["level"].isin([lv.value for lv in GeocodeLevel]).all()


def test_geocode_workspace_redoes_pending_rows_and_keeps_source_points(
    ws: GeoPackageWorkspace, best_zip: Path, tmp_path: Path
) -> None:
    rows = messy_addresses(synthetic(), 120, seed=12)
    services.import_file(export_csv(tmp_path / "a.csv", rows), ws)
    geocode_services.import_gazetteer(best_zip, ws)
    assert geocode_services.geocode_workspace(ws).rows == 120
    results = read_geocode_results(ws)
    assert len(results) == 120
    before = ws.incidents()
    run = geocode_services.geocode_workspace(ws)  # only review rows are retried
    assert run.rows == int(before["geocode_status"].eq("review").sum())
    after = ws.incidents()
    placed = before["geocode_status"].eq("geocoded")
    assert after.geometry[placed].geom_equals(before.geometry[placed]).all()
    assert len(read_geocode_results(ws)) == 120


def test_review_queue_and_correction_are_reused_on_later_imports(
    ws: GeoPackageWorkspace, best_zip: Path, tmp_path: Path
) -> None:
    geocode_services.import_gazetteer(best_zip, ws)
    rows = address_rows(
        ("Zonnebloemstraat", "3", "", "1730", "Asse"),  # no such street: municipality bucket
        ("Kerkstraat", "5", "", "1730", "Asse"),  # Mollem or Kobbegem: review
        ("Kalkoven", "3", "", "1730", "Asse"),  # placed
    )
    services.import_file(export_csv(tmp_path / "a.csv", rows), ws)
    queue = geocode_services.review_queue(ws)
    assert queue["street"].tolist() == ["Kerkstraat", "Zonnebloemstraat"]
    assert queue["geocode_status"].tolist() == ["review", "not_locatable"]
    assert queue.loc[1, "candidates"] == ""
    chosen = json.loads(queue.loc[0, "candidates"])[1]
    run = geocode_services.correct_address(ws, queue.loc[0, "raw_key"], by="hinspecteur",
                                           address_id=chosen["address_id"])  # fmt: skip
    assert run.levels["manual"] == 1
    assert geocode_services.review_queue(ws)["street"].tolist() == ["Zonnebloemstraat"]
    run = geocode_services.correct_address(ws, queue.loc[1, "raw_key"], by="hinspecteur",
                                           x=140100.0, y=178200.0)  # fmt: skip
    assert run.levels["manual"] == 1
    assert geocode_services.review_queue(ws).empty
    placed = ws.incidents()
    placed = placed[placed["street"].eq("Zonnebloemstraat")]
    assert placed["geocode_status"].tolist() == ["geocoded"]
    assert (placed.geometry.x.iloc[0], placed.geometry.y.iloc[0]) == (140100.0, 178200.0)
    stored = read_corrections(ws)
    assert stored["by"].tolist() == ["hinspecteur"] * 2
    assert stored["address_id"].tolist() == [chosen["address_id"], ""]
    later = export_csv(tmp_path / "b.csv", address_rows(("KERKSTRAAT", "5", "", "1730", "asse")))
    table = pd.read_csv(later, sep=";", dtype=str)
    table["PV-nummer"] = "PV-LATER"
    table.to_csv(later, sep=";", index=False)
    outcome = services.import_file(later, ws)
    assert outcome.geocoding is not None and outcome.geocoding.levels["manual"] == 1
    incidents = ws.incidents()
    point = incidents.loc[incidents["id"].eq("PV-LATER")].geometry.iloc[0]
    assert abs(point.x - chosen["x"]) < 0.01 and abs(point.y - chosen["y"]) < 0.01


def test_correction_needs_a_target_and_an_author(ws: GeoPackageWorkspace) -> None:
    from gis.errors import ValidationError

    with pytest.raises(ValidationError, match="address_id, street_id or a point"):
        geocode_services.correct_address(ws, "kerkstraat|5||1730|asse", by="x")
    with pytest.raises(ValidationError, match="by is empty"):
        geocode_services.correct_address(ws, "kerkstraat|5||1730|asse", by=" ", street_id="1")


def test_cli_geocode_prints_counts_per_level(
    ws: GeoPackageWorkspace, best_zip: Path, tmp_path: Path
) -> None:
    rows = messy_addresses(synthetic(), 60, seed=13)
    services.import_file(export_csv(tmp_path / "a.csv", rows), ws)
    result = CliRunner().invoke(app, ["gazetteer", "import", str(best_zip), "--workspace",
                                      str(ws.path), "--no-geocode"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert ws.incidents()["geocode_status"].eq("to_geocode").all()
    result = CliRunner().invoke(app, ["geocode", "--workspace", str(ws.path)])
    assert result.exit_code == 0, result.output
    assert "60 adressen gegeocodeerd" in result.output
    assert "adres zonder bus" in result.output and "na te kijken" in result.output
    missing = CliRunner().invoke(app, ["geocode", "--workspace", str(tmp_path / "none.gpkg")])
    assert missing.exit_code == 2


def test_no_network_is_used_anywhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, template: Path
) -> None:
    """Gazetteer import, geocoding and corrections with every socket refused."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the geocoder tried to open a network connection")

    path = tmp_path / "ws.gpkg"
    shutil.copyfile(template, path)
    zip_path = write_best_csv(synthetic().table, tmp_path / "openaddress-be.zip")
    rows = messy_addresses(synthetic(), 80, seed=14)
    export = export_csv(tmp_path / "a.csv", rows)
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    ws = GeoPackageWorkspace(path)
    geocode_services.import_gazetteer(zip_path, ws)
    outcome = services.import_file(export, ws)
    assert outcome.geocoding is not None and outcome.geocoding.rows == 80
    queue = geocode_services.review_queue(ws)
    if len(queue):
        geocode_services.correct_address(ws, queue.loc[0, "raw_key"], by="x", x=1.0e5, y=1.8e5)
    assert best_addresses(synthetic().table.head(5)).crs.to_epsg() == 31370


def test_geocoding_on_each_backend(fresh_location: str, best_zip: Path, tmp_path: Path) -> None:
    """Gazetteer, automatic geocoding, review queue and correction on GeoPackage and PostGIS."""
    from gis.io_backends import create_workspace

    ws = create_workspace(fresh_location, [load_zone("ipz31")])
    geocode_services.import_gazetteer(best_zip, ws)
    rows = address_rows(
        ("Kerkstraat", "5", "", "1730", "Asse"),
        ("Kalkoven", "3", "", "1730", "Asse"),
        ("Zonnebloemstraat", "3", "", "1730", "Asse"),
    )
    outcome = services.import_file(export_csv(tmp_path / "a.csv", rows), ws)
    assert outcome.geocoding is not None
    assert outcome.geocoding.statuses.to_dict() == {"geocoded": 1, "review": 1, "not_locatable": 1}
    incidents = ws.incidents()
    kalkoven = incidents[incidents["street"].eq("Kalkoven")]
    assert kalkoven["wijk"].str.startswith("23002W").all() and kalkoven.geometry.notna().all()
    bucket = incidents[incidents["street"].eq("Zonnebloemstraat")]
    assert bucket["wijk"].tolist() == ["23002WONB"]
    queue = geocode_services.review_queue(ws)
    assert queue["geocode_status"].tolist() == ["review", "not_locatable"]
    chosen = json.loads(queue.loc[0, "candidates"])[0]
    run = geocode_services.correct_address(
        ws, queue.loc[0, "raw_key"], by="chef", street_id=chosen["street_id"]
    )
    assert run.levels["address"] + run.levels["interpolated"] + run.levels["street"] == 1
    assert read_corrections(ws)["street_id"].tolist() == [chosen["street_id"]]
    assert geocode_services.review_queue(ws)["geocode_status"].tolist() == ["not_locatable"]
