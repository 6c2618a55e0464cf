"""Tests of the importer on messy Belgian police exports (CSV and XLSX).

Every import is checked for the accounting rule ``read == stored + rejected + duplicates`` and
for a reject report that names every row that was not stored, with the field at fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyproj
import pytest
import shapely

from gis.errors import ValidationError
from gis.importing import ImportResult, header_key, map_columns, prepare_incidents
from gis.io_geography import ZoneGeography
from gis.io_tables import read_incident_table, read_mapping
from gis.io_workspace import GeoPackageWorkspace
from gis.schema import INCIDENT_COLUMNS, empty_incidents
from wijkradar.services import import_file

HEADER = [
    "PV-nummer", "Bron", "Feit", "Datum", "Einde", "Straat", "Huisnummer", "Bus", "Postcode",
    "Gemeente", "Omschrijving", "X", "Y",
]  # fmt: skip
NOW = pd.Timestamp("2025-01-01")
TO_3812 = pyproj.Transformer.from_crs("EPSG:31370", "EPSG:3812", always_xy=True)
TO_4326 = pyproj.Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)


def belgian(value: float, decimals: int = 2) -> str:
    """Write a number with a decimal comma."""
    return f"{value:.{decimals}f}".replace(".", ",")


def wijk_point(zone: ZoneGeography, code: str) -> shapely.Point:
    return zone.wijken.set_index("code").geometry[code].representative_point()


def make_row(point: shapely.Point | None = None, **values: object) -> list[object]:
    """A data row in :data:`HEADER` order: a valid Asse incident unless overridden."""
    row: dict[str, object] = {
        "PV-nummer": "PV-0",
        "Bron": "pv",
        "Feit": "diefstal",
        "Datum": "05/03/2024 10:00",
        "Einde": "",
        "Straat": "Kapelleveld",
        "Huisnummer": "1",
        "Bus": "",
        "Postcode": "1730",
        "Gemeente": "Asse",
        "Omschrijving": "",
        "X": "" if point is None else belgian(point.x),
        "Y": "" if point is None else belgian(point.y),
    }
    for key, value in values.items():
        row[key.replace("_", "-") if key == "PV_nummer" else key] = value
    return [row[h] for h in HEADER]


def assert_accounted(result: ImportResult, not_stored: Mapping[int, str | set[str]]) -> None:
    """Check the counts and that the report names every row not stored, with its field."""
    assert result.read == result.stored + result.rejected + result.duplicates
    assert result.stored == len(result.incidents)
    report = result.rejects
    stored_rows = set(result.incidents["source_row"])
    reported_rows = set(report["row"])
    assert reported_rows == set(not_stored), "rows not stored ≠ rows in the reject report"
    assert not stored_rows & reported_rows
    assert len(stored_rows) + len(reported_rows) == result.read
    fields = report.groupby("row")["field"].agg(set)
    for row, expected in not_stored.items():
        expected_fields = {expected} if isinstance(expected, str) else expected
        assert expected_fields <= fields[row], f"row {row}: {fields[row]} lacks {expected_fields}"
    kinds = report.groupby("row")["kind"].agg(set)
    assert sum(k == {"duplicate"} for k in kinds) == result.duplicates
    assert sum("rejected" in k for k in kinds) == result.rejected
    assert report["reason"].str.len().gt(0).all()


def prepare(table_path: Path, zone: ZoneGeography, **options: object) -> ImportResult:
    """Read a file and prepare its incidents (no workspace)."""
    raw = read_incident_table(table_path)
    return prepare_incidents(
        raw.rows,
        municipalities=zone.municipalities,
        deelgemeenten=zone.deelgemeenten,
        wijken=zone.wijken,
        malformed=raw.malformed,
        now=NOW,
        **options,
    )


# -- the messy file ------------------------------------------------------------------------


@pytest.fixture
def messy_rows(amow: ZoneGeography) -> list[list[object]]:
    """A cp1252-style police export with every problem the importer must survive."""
    centrum = wijk_point(amow, "23002W02")
    wemmel = wijk_point(amow, "23102W04")
    rows: list[list[object]] = [
        HEADER,
        # 2: fine
        make_row(centrum, **{"PV-nummer": "PV-001", "Feit": "woninginbraak",
                 "Datum": "05/03/2024 14:30", "Einde": "05/03/2024 15:00",
                 "Huisnummer": "12", "Omschrijving": "Café overvallen"}),
        [],  # 3: blank line
        # 4: fine, no source (default pv), Wemmel
        make_row(wemmel, **{"PV-nummer": "PV-002", "Bron": "", "Datum": "06/03/2024",
                 "Straat": "Brusselsesteenweg", "Huisnummer": "100", "Bus": "b",
                 "Postcode": "B-1780", "Gemeente": "Wemmel",
                 "Omschrijving": "Fiets gestolen — eigenaar geëmotioneerd"}),
        make_row(centrum, **{"PV-nummer": "PV-003", "Datum": "31/02/2024"}),  # 5
        make_row(centrum, **{"PV-nummer": "PV-004", "Datum": "2024-13-01"}),  # 6
        make_row(centrum, **{"PV-nummer": "PV-005", "Datum": "05/03/2024 14:30",
                 "Einde": "05/03/2024 13:00"}),  # 7: end before start
        make_row(None, **{"PV-nummer": "PV-006", "X": "999999,0", "Y": "177000,0"}),  # 8
        make_row(None, **{"PV-nummer": "PV-007", "X": belgian(centrum.x)}),  # 9: half
        # 10: 0/0 with an address: to geocode
        make_row(None, **{"PV-nummer": "PV-008", "Straat": "Sint-Gorikslaan", "X": "0",
                 "Y": "0", "Omschrijving": "Ruzie in café"}),
        make_row(None, **{"PV-nummer": "PV-009", "Straat": "", "Huisnummer": "",
                 "Postcode": "", "Gemeente": ""}),  # 11: no location
        make_row(centrum, **{"PV-nummer": "PV-001"}),  # 12: duplicate of row 2
        make_row(centrum, **{"PV-nummer": "PV-010", "Bron": "telefoon"}),  # 13
        make_row(centrum, **{"PV-nummer": "PV-011", "Postcode": "173"}),  # 14
        # 15: a span over midnight
        make_row(centrum, **{"PV-nummer": "PV-012", "Feit": "nachtlawaai",
                 "Datum": "tussen 05/03/2024 22:00 en 02:00"}),
        [*make_row(centrum, **{"PV-nummer": "PV-013"}), "te veel"],  # 16: ragged
        make_row(centrum, **{"PV-nummer": ""}),  # 17
        make_row(centrum, **{"PV-nummer": "PV-014", "Feit": ""}),  # 18
        make_row(centrum, **{"PV-nummer": "PV-015", "Datum": "01/01/1985"}),  # 19
        # 20: in Belgium (Leuven) but outside the zone: stored and flagged
        make_row(None, **{"PV-nummer": "PV-016", "Straat": "Diestsesteenweg",
                 "Postcode": "3010", "Gemeente": "Leuven", "X": "173000,0", "Y": "174500,0"}),
        # 21: a formula as source and description
        make_row(centrum, **{"PV-nummer": "PV-017", "Bron": "=cmd|' /C calc'!A0",
                 "Omschrijving": '=HYPERLINK("http://x.invalid","klik")'}),
        make_row(centrum, **{"PV-nummer": "PV-018", "Datum": ""}),  # 22
        make_row(None, **{"PV-nummer": "PV-019", "X": "abc", "Y": "177000"}),  # 23
    ]  # fmt: skip
    return rows


MESSY_NOT_STORED: dict[int, str | set[str]] = {
    5: "start", 6: "start", 7: "end", 8: "x", 9: "x", 11: "x", 12: "id", 13: "source",
    14: "postcode", 16: "*", 17: "id", 18: "category", 19: "start", 21: "source", 22: "start",
    23: "x",
}  # fmt: skip


def test_messy_cp1252_export_is_imported_row_by_row(
    write_csv, workspace: GeoPackageWorkspace, messy_rows, amow: ZoneGeography
) -> None:
    path = write_csv(messy_rows, "export.csv", encoding="cp1252", newline="\r\n")
    outcome = import_file(path, workspace)
    result = outcome.result

    assert (result.read, result.stored, result.rejected, result.duplicates) == (21, 5, 15, 1)
    assert_accounted(result, MESSY_NOT_STORED)
    assert result.crs == "EPSG:31370"
    assert any("EPSG:31370" in w for w in result.warnings)  # detected, said so
    assert any("lege regel(s)" in w for w in result.warnings)
    assert any("buiten de zone" in w for w in result.warnings)

    stored = workspace.incidents().set_index("id")
    assert sorted(stored.index) == ["PV-001", "PV-002", "PV-008", "PV-012", "PV-016"]
    first = stored.loc["PV-001"]
    assert first["description"] == "Café overvallen"  # cp1252 decoded
    assert first["street"] == "Kapelleveld" and first["number"] == "12"
    assert (first["start"], first["end"]) == (pd.Timestamp("2024-03-05 14:30"),
                                              pd.Timestamp("2024-03-05 15:00"))  # fmt: skip
    assert first["category"] == "woninginbraak" and first["source"] == "pv"
    assert (first["nis"], first["deelgemeente"], first["wijk"]) == ("23002", "23002A", "23002W02")
    assert first["source_row"] == 2 and first["geocode_status"] == "source"
    assert first.geometry.distance(wijk_point(amow, "23002W02")) < 0.01

    second = stored.loc["PV-002"]
    assert second["source"] == "pv"  # default source for an empty Bron
    assert second["description"] == "Fiets gestolen — eigenaar geëmotioneerd"
    assert (second["street"], second["box"], second["postcode"]) == ("Brusselsesteenweg", "b",
                                                                     "1780")  # fmt: skip
    assert (second["nis"], second["wijk"], second["source_row"]) == ("23102", "23102W04", 4)
    assert pd.isna(second["end"])

    to_geocode = stored.loc["PV-008"]
    assert to_geocode["geocode_status"] == "to_geocode"
    assert to_geocode.geometry is None or to_geocode.geometry.is_empty
    assert bool(to_geocode["in_zone"]) and pd.isna(to_geocode["wijk"])
    assert (
        to_geocode["street"] == "Sint-Gorikslaan" and to_geocode["description"] == "Ruzie in café"
    )

    span = stored.loc["PV-012"]
    assert (span["start"], span["end"]) == (pd.Timestamp("2024-03-05 22:00"),
                                            pd.Timestamp("2024-03-06 02:00"))  # fmt: skip

    outside = stored.loc["PV-016"]
    assert not outside["in_zone"] and pd.isna(outside["nis"]) and pd.isna(outside["wijk"])
    assert outside.geometry.equals(shapely.Point(173000, 174500))
    assert stored.drop(index="PV-016")["in_zone"].all()

    log = workspace.import_log()
    assert len(log) == 1
    entry = log.iloc[0]
    assert entry["import_id"] == outcome.import_id and entry["file"] == "export.csv"
    assert [int(entry[c]) for c in ("read", "stored", "rejected", "duplicates")] == [21, 5, 15, 1]
    assert entry["reject_report"] == outcome.reject_report.name
    assert len(workspace.rejects(outcome.import_id)) == len(result.rejects)


def test_reject_report_is_a_safe_semicolon_csv_next_to_the_workspace(
    write_csv, workspace: GeoPackageWorkspace, messy_rows
) -> None:
    outcome = import_file(write_csv(messy_rows, encoding="cp1252"), workspace)
    report_path = outcome.reject_report
    assert report_path is not None and report_path.is_file()
    assert report_path.parent == workspace.path.parent
    assert report_path.suffix == ".csv" and outcome.import_id[:8] in report_path.name
    data = report_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # utf-8-sig, so that Excel reads the accents
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "rij;veld;waarde;reden;soort"  # Dutch, for the chief
    report = pd.read_csv(report_path, sep=";", encoding="utf-8-sig", dtype=str,
                         keep_default_na=False)  # fmt: skip
    assert set(report["rij"].astype(int)) == set(MESSY_NOT_STORED)
    assert len(report) == len(outcome.result.rejects)
    assert set(report["soort"]) == {"geweigerd", "dubbel"}
    assert "vóór het begin" in text  # Dutch reasons, accents intact
    # formulas are neutralised: nothing starts with = + @ in the report
    formula = report[report["rij"] == "21"]
    assert formula["waarde"].tolist() == ["'=cmd|' /C calc'!A0"]
    for column in report.columns:
        assert not report[column].str.match(r"^[=+@\t\r]").any(), column
    assert "=HYPERLINK" not in text.replace("'=HYPERLINK", "")


def test_reimport_of_the_same_file_adds_nothing(
    write_csv, workspace: GeoPackageWorkspace, messy_rows
) -> None:
    path = write_csv(messy_rows, encoding="cp1252")
    first = import_file(path, workspace).result
    before = workspace.incidents()
    again = import_file(path, workspace).result
    assert (again.read, again.stored, again.rejected, again.duplicates) == (21, 0, 15, 6)
    duplicates = {row: "id" for row in (2, 4, 10, 12, 15, 20)}
    assert_accounted(again, {**MESSY_NOT_STORED, **duplicates})
    kinds = again.rejects.set_index("row")["kind"]
    assert (kinds[list(duplicates)] == "duplicate").all()
    assert len(workspace.incidents()) == first.stored == len(before)
    assert len(workspace.import_log()) == 2


def test_same_id_from_another_source_is_no_duplicate(write_csv, amow: ZoneGeography) -> None:
    point = wijk_point(amow, "23052W06")
    rows = [HEADER, make_row(point, **{"PV-nummer": "X1", "Bron": "melding"}),
            make_row(point, **{"PV-nummer": "X1", "Bron": "PV"}),
            make_row(point, **{"PV-nummer": "X2", "Bron": "Proces-verbaal"})]  # fmt: skip
    existing = pd.DataFrame({"source": ["pv", "gas"], "id": ["X1", "X2"]})
    result = prepare(write_csv(rows), amow, existing_keys=existing)
    assert (result.stored, result.duplicates) == (2, 1)
    assert_accounted(result, {3: "id"})  # only pv + X1 was stored before
    assert result.incidents[["source", "id"]].values.tolist() == [["melding", "X1"], ["pv", "X2"]]


def test_a_rejected_first_occurrence_does_not_make_a_duplicate(
    write_csv, amow: ZoneGeography
) -> None:
    point = wijk_point(amow, "23002W02")
    rows = [
        HEADER,
        make_row(point, **{"PV-nummer": "A", "Datum": "31/02/2024"}),
        make_row(point, **{"PV-nummer": "A"}),
        make_row(point, **{"PV-nummer": "A"}),
    ]
    result = prepare(write_csv(rows), amow)
    assert (result.stored, result.rejected, result.duplicates) == (1, 1, 1)
    assert_accounted(result, {2: "start", 4: "id"})
    assert result.incidents["source_row"].tolist() == [3]
    assert result.rejects.set_index("row").loc[4, "value"] == "3"  # points to the kept row


# -- encodings, delimiters, line endings ---------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
@pytest.mark.parametrize(
    "delimiter", [";", ",", "\t", "|"], ids=["semicolon", "comma", "tab", "pipe"]
)
@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")],
)  # fmt: skip
def test_encodings_delimiters_and_line_endings(
    write_csv, amow: ZoneGeography, encoding: str, detected: str, delimiter: str, newline: str
) -> None:
    point = wijk_point(amow, "23060W04")
    decimal = "." if delimiter == "," else ","
    xy = {"X": f"{point.x:.3f}".replace(".", decimal), "Y": f"{point.y:.3f}".replace(".", decimal)}
    rows = [
        HEADER,
        make_row(**{"PV-nummer": "E1", "Straat": "Sint-Gorikslaan", "Omschrijving": "Café – ë",
                    "Postcode": "1745", "Gemeente": "Opwijk", **xy}),
        [],
        make_row(**{"PV-nummer": "E2", "Datum": "31/02/2024", **xy}),
        make_row(**{"PV-nummer": "E3", "Straat": "Brusselsesteenweg", "Omschrijving": "Zoë",
                    "X": "", "Y": ""}),
    ]  # fmt: skip
    path = write_csv(rows, encoding=encoding, delimiter=delimiter, newline=newline)
    if encoding == "utf-8-sig":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    raw = read_incident_table(path)
    assert (raw.encoding, raw.delimiter, raw.blank_lines) == (detected, delimiter, 1)
    assert list(raw.rows.columns) == HEADER  # no BOM, no \r in the headers
    assert raw.rows.index.tolist() == [2, 4, 5]
    assert not raw.rows.apply(lambda c: c.str.contains("\r")).any().any()

    result = prepare(path, amow)
    assert_accounted(result, {4: "start"})
    stored = result.incidents.set_index("id")
    assert stored.loc["E1", "description"] == "Café – ë"
    assert stored.loc["E3", "description"] == "Zoë"
    assert stored.loc["E1", "wijk"] == "23060W04"
    assert stored.loc["E1"].geometry.distance(point) < 0.01
    assert stored.loc["E3", "geocode_status"] == "to_geocode"


@pytest.mark.parametrize(
    ("start", "end"),
    [("Datum", "Einde"), ("Begin", "Einde"), ("Van", "Tot"), ("Begindatum", "Einddatum")],
)
def test_dutch_headers_are_recognised(start: str, end: str) -> None:
    headers = ["PV-nummer", "Feit", start, end, "Straat", "Huisnummer", "Bus", "Postcode",
               "Gemeente", "Omschrijving", "Bron", "X-coördinaat", "Y-coördinaat",
               "Opmerking x"]  # fmt: skip
    mapping = map_columns(headers)
    assert mapping.columns == {
        "id": "PV-nummer", "category": "Feit", "start": start, "end": end, "street": "Straat",
        "number": "Huisnummer", "box": "Bus", "postcode": "Postcode", "municipality": "Gemeente",
        "description": "Omschrijving", "source": "Bron", "x": "X-coördinaat",
        "y": "Y-coördinaat",
    }  # fmt: skip
    assert mapping.ignored == ["Opmerking x"]


@pytest.mark.parametrize(
    ("header", "key"),
    [("PV-Nummer ", "pv_nummer"), ("Début", "debut"), ("X coördinaat", "x_coordinaat")],
)
def test_header_key(header: str, key: str) -> None:
    assert header_key(header) == key


def test_two_headers_for_one_field_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"'Datum' and 'Begin' both map to field 'start'"):
        map_columns(["PV-nummer", "Feit", "Datum", "Begin", "Straat"])


@pytest.mark.parametrize(
    ("headers", "missing"),
    [
        (["Straat", "Omschrijving"], ["'id'", "'category'", "'start'"]),
        (["PV-nummer", "Datum", "Straat"], ["'category'"]),
        (["PV-nummer", "Feit", "Straat"], ["'start'"]),
        (["PV-nummer", "Feit", "Datum", "Omschrijving"], ["x/y, lat/lon or an address"]),
    ],
)
def test_missing_required_columns_name_the_fields(
    write_csv, workspace: GeoPackageWorkspace, headers: list[str], missing: list[str]
) -> None:
    path = write_csv([headers, ["v"] * len(headers)])
    with pytest.raises(ValidationError, match="lacks the required fields") as error:
        import_file(path, workspace)
    for name in missing:
        assert name in str(error.value)
    assert "Omschrijving" in str(error.value) or "Straat" in str(error.value)  # headers found
    assert len(workspace.import_log()) == 0 and len(workspace.incidents()) == 0
    assert not list(workspace.path.parent.glob("*rejects*"))


# -- rows and values -----------------------------------------------------------------------


def test_ragged_rows_are_rejected_with_their_row_number(write_csv, amow: ZoneGeography) -> None:
    point = wijk_point(amow, "23002W02")
    rows = [
        HEADER,
        [*make_row(point, **{"PV-nummer": "R1"}), "extra"],  # first data row too long
        make_row(point, **{"PV-nummer": "R2"}),
        [*make_row(point, **{"PV-nummer": "R3"}), "a", "b"],
        make_row(point, **{"PV-nummer": "R4"})[:-2],  # short: padded, so no coordinates
    ]
    raw = read_incident_table(write_csv(rows))
    assert raw.malformed.to_dict("list") == {"row": [2, 4], "fields": [14, 15],
                                             "expected": [13, 13]}  # fmt: skip
    result = prepare(write_csv(rows), amow)
    assert_accounted(result, {2: "*", 4: "*"})
    assert result.read == 4
    stored = result.incidents.set_index("id")
    assert sorted(stored.index) == ["R2", "R4"]
    assert stored.loc["R4", "geocode_status"] == "to_geocode"
    reasons = result.rejects.set_index("row")["reason"]
    assert reasons[2] == "rij heeft 14 velden, de kop heeft er 13"


def test_a_quoted_line_break_keeps_row_numbers_of_records(write_csv, amow) -> None:
    point = wijk_point(amow, "23002W02")
    rows = [
        HEADER,
        make_row(point, **{"PV-nummer": "Q1", "Omschrijving": '"twee\nregels"'}),
        make_row(point, **{"PV-nummer": "Q2", "Datum": "bad"}),
        [*make_row(point, **{"PV-nummer": "Q3"}), "x"],
    ]
    result = prepare(write_csv(rows), amow)
    assert_accounted(result, {3: "start", 4: "*"})
    assert result.incidents.set_index("id").loc["Q1", "description"] == "twee\nregels"


def test_header_only_file_imports_nothing(write_csv, workspace: GeoPackageWorkspace) -> None:
    outcome = import_file(write_csv([HEADER]), workspace)
    result = outcome.result
    assert (result.read, result.stored, result.rejected, result.duplicates) == (0, 0, 0, 0)
    assert outcome.reject_report is None
    assert len(workspace.import_log()) == 1 and len(workspace.incidents()) == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"Datum": "01/01/2999"}, "start"),  # beyond datetime64[ns]: no crash
        ({"Datum": "01/01/1200"}, "start"),
        ({"Datum": "03/01/2025"}, "start"),  # after now + 1 day
        ({"Datum": "tussen 05/03/2024 22:00 en 25:00"}, "end"),
        ({"Einde": "31/12/2023"}, "end"),
        ({"Bron": "telefoon"}, "source"),
        ({"Postcode": "17300"}, "postcode"),
        ({"X": "151,2,3"}, "x"),
        ({"Y": "x"}, "y"),
        ({"X": "-140000,0"}, "x"),
        ({"Y": "400000,0"}, "y"),
    ],
)
def test_one_bad_value_rejects_the_row_on_its_field(
    write_csv, amow: ZoneGeography, values: dict[str, str], field: str
) -> None:
    point = wijk_point(amow, "23002W02")
    rows = [HEADER, make_row(point, **{"PV-nummer": "OK"}),
            make_row(point, **{"PV-nummer": "BAD", **values})]  # fmt: skip
    result = prepare(write_csv(rows), amow)
    assert (result.stored, result.rejected) == (1, 1)
    assert_accounted(result, {3: field})
    assert result.incidents["id"].tolist() == ["OK"]


def test_an_unusable_file_crs_is_refused(write_csv, amow: ZoneGeography) -> None:
    rows = [HEADER, make_row(None, X="9000000", Y="9000000")]
    with pytest.raises(ValidationError, match="--crs"):
        prepare(write_csv(rows), amow)
    with pytest.raises(ValidationError, match=r"crs='EPSG:4258' is not supported"):
        prepare(write_csv(rows), amow, crs="EPSG:4258")


# -- coordinates in other CRS --------------------------------------------------------------


@pytest.mark.parametrize("declared", [None, "EPSG:3812", "3812"])
def test_lambert_2008_coordinates_are_transformed(
    write_csv, amow: ZoneGeography, declared: str | None
) -> None:
    points = amow.wijken.representative_point()
    x, y = TO_3812.transform(points.x.to_numpy(), points.y.to_numpy())
    rows = [HEADER] + [
        make_row(None, **{"PV-nummer": f"L{i}", "X": belgian(a, 4), "Y": belgian(b, 4)})
        for i, (a, b) in enumerate(zip(x, y, strict=True))
    ]
    result = prepare(write_csv(rows), amow, crs=declared)
    assert result.crs == "EPSG:3812"
    assert_accounted(result, {})
    assert any("EPSG:3812" in w for w in result.warnings) == (declared is None)
    stored = result.incidents
    assert stored.crs == "EPSG:31370"
    assert stored["id"].tolist() == [f"L{i}" for i in range(len(points))]
    assert stored.geometry.distance(points, align=False).max() < 0.01
    assert stored["wijk"].tolist() == amow.wijken["code"].tolist()


def test_lambert_2008_points_are_stored_in_lambert_72(
    write_csv, workspace: GeoPackageWorkspace, amow: ZoneGeography
) -> None:
    point = wijk_point(amow, "23102W04")
    x, y = TO_3812.transform(point.x, point.y)
    rows = [HEADER, make_row(None, **{"PV-nummer": "L", "X": belgian(x, 4), "Y": belgian(y, 4)})]
    outcome = import_file(write_csv(rows), workspace, crs="EPSG:3812")
    assert workspace.import_log()["crs"].tolist() == ["EPSG:3812"]
    stored = workspace.incidents()
    assert stored.crs == "EPSG:31370" and stored["wijk"].tolist() == ["23102W04"]
    assert stored.geometry[0].distance(point) < 0.01
    assert outcome.result.stored == 1


def test_lat_lon_columns_are_wgs84(write_csv, amow: ZoneGeography) -> None:
    points = amow.wijken.representative_point()
    lon, lat = TO_4326.transform(points.x.to_numpy(), points.y.to_numpy())
    header = ["PV-nummer", "Feit", "Datum", "Breedtegraad", "Lengtegraad"]
    rows = [header] + [
        [f"W{i}", "diefstal", "2024-03-05 10:00", belgian(b, 9), belgian(a, 9)]
        for i, (a, b) in enumerate(zip(lon, lat, strict=True))
    ]
    rows += [["W-half", "diefstal", "2024-03-05", belgian(lat[0], 9), ""],
             ["W-out", "diefstal", "2024-03-05", "52,5", "4,3"]]  # fmt: skip
    # a declared Lambert CRS does not apply to lat/lon
    result = prepare(write_csv(rows), amow, crs="EPSG:31370")
    assert result.crs == "EPSG:4326"
    n = len(points)
    assert_accounted(result, {n + 2: "lon", n + 3: "lat"})
    stored = result.incidents.iloc[:n]
    assert stored.crs == "EPSG:31370"
    assert stored.geometry.distance(points, align=False).max() < 0.01
    assert stored["wijk"].tolist() == amow.wijken["code"].tolist()


# -- mapping files -------------------------------------------------------------------------


def test_mapping_file_maps_unknown_headers_and_recodes_categories(
    write_csv, workspace: GeoPackageWorkspace, tmp_path: Path, amow: ZoneGeography
) -> None:
    point = wijk_point(amow, "23052W06")
    mapping = tmp_path / "islp.yaml"
    mapping.write_text(
        "columns:\n"
        '  id: "Dossier ref"\n'
        '  category: "Omschr. feit"\n'
        '  start: "Tijdstip"\n'
        '  x: "Oost"\n'
        '  y: "Noord"\n'
        "source: melding\n"
        "crs: EPSG:31370\n"
        "categories:\n"
        '  "Diefstal met braak in woning": woninginbraak\n'
        '  "Beschadiging aan voertuig": vandalisme\n',
        encoding="utf-8",
    )
    x, y = belgian(point.x), belgian(point.y)
    rows = [
        ["Dossier ref", "Omschr. feit", "Tijdstip", "Oost", "Noord", "Rare kolom"],
        ["D1", "Diefstal met braak in woning", "05/03/2024 03:00", x, y, "?"],
        ["D2", "Beschadiging aan voertuig", "05/03/2024 04:00", x, y, "?"],
        ["D3", "Iets anders", "05/03/2024 05:00", x, y, "?"],
        ["D4", "Diefstal met braak in woning", "05/03/2024 05:00", "", "", "?"],
    ]
    outcome = import_file(write_csv(rows, "islp.csv", delimiter="|"), workspace,
                          mapping_path=mapping)  # fmt: skip
    result = outcome.result
    assert_accounted(result, {5: "x"})  # no coordinates and no address
    assert result.crs == "EPSG:31370"
    assert not any("afgeleid" in w for w in result.warnings)  # declared, not detected
    assert any("Rare kolom" in w for w in result.warnings)
    stored = workspace.incidents().set_index("id").sort_index()
    assert stored["category"].tolist() == ["woninginbraak", "vandalisme", "Iets anders"]
    assert (stored["source"] == "melding").all()
    assert (stored["wijk"] == "23052W06").all()


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("columns:\n  id: Nummer\nwat: x\n", r"has keys \['columns', 'wat'\]"),
        ("- a\n- b\n", "allowed"),
        ("columns: [unclosed\n", "cannot be read"),
    ],
)
def test_bad_mapping_files_are_refused(tmp_path: Path, content: str, match: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError, match=match):
        read_mapping(path)


@pytest.mark.parametrize(
    ("explicit", "match"),
    [
        ({"dossier": "Nummer"}, r"unknown fields \['dossier'\]"),
        ({"id": "Dossier ref"}, r"headers \['Dossier ref'\] that the file lacks"),
    ],
)
def test_mapping_naming_unknown_fields_or_headers_is_refused(
    explicit: dict[str, str], match: str
) -> None:
    with pytest.raises(ValidationError, match=match):
        map_columns(["Nummer", "Feit", "Datum", "Straat"], explicit=explicit)


# -- XLSX ----------------------------------------------------------------------------------


def _xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_xlsx_with_date_cells_and_numeric_postcodes(
    tmp_path: Path, workspace: GeoPackageWorkspace, amow: ZoneGeography
) -> None:
    point = wijk_point(amow, "23060W04")
    header = ["PV-nummer", "Feit", "Datum", "Einde", "Straat", "Postcode", "Gemeente",
              "Omschrijving", "X", "Y"]  # fmt: skip
    rows = [
        header,
        [20240001, "diefstal", dt.datetime(2024, 3, 5, 14, 30), dt.datetime(2024, 3, 5, 16, 0),
         "Kapelleveld", 1745, "Opwijk", "Café", point.x, point.y],
        [None] * len(header),  # blank row 3
        ["PV-2", "diefstal", dt.date(2024, 3, 6), None, "Sint-Gorikslaan", 1730, "Asse",
         "datum zonder uur", None, None],
        ["PV-3", "diefstal", "31/02/2024", None, "Kerkstraat", 1730, "Asse", "", point.x, point.y],
        ["PV-4", "diefstal", "07/03/2024 10:00", None, "Kerkstraat", 173, "Asse", "", None, None],
        ["PV-5", "diefstal", dt.datetime(2024, 3, 8, 9, 15, 30), None, None, None, None,
         "Zoë's fiets", f"{point.x:.2f}".replace(".", ","), f"{point.y:.2f}".replace(".", ",")],
    ]  # fmt: skip
    path = _xlsx(tmp_path / "export.xlsx", rows)
    outcome = import_file(path, workspace)
    result = outcome.result
    assert (result.read, result.stored, result.rejected, result.duplicates) == (5, 3, 2, 0)
    assert_accounted(result, {5: "start", 6: "postcode"})
    assert any("1 lege regel(s)" in w for w in result.warnings)
    stored = workspace.incidents().set_index("id")
    first = stored.loc["20240001"]  # a numeric id cell is kept as text, without ".0"
    assert (first["start"], first["end"]) == (pd.Timestamp("2024-03-05 14:30"),
                                              pd.Timestamp("2024-03-05 16:00"))  # fmt: skip
    assert first["postcode"] == "1745" and first["wijk"] == "23060W04"
    assert first.geometry.distance(point) < 1e-6
    assert stored.loc["PV-2", "start"] == pd.Timestamp("2024-03-06")
    assert stored.loc["PV-2", "postcode"] == "1730"
    assert stored.loc["PV-2", "geocode_status"] == "to_geocode"
    assert stored.loc["PV-5", "start"] == pd.Timestamp("2024-03-08 09:15:30")
    assert stored.loc["PV-5", "description"] == "Zoë's fiets"
    assert stored.loc["PV-5", "wijk"] == "23060W04"  # text coordinates with a decimal comma
    assert stored["source_row"].sort_values().tolist() == [2, 4, 7]


def test_unsupported_file_type_is_refused(tmp_path: Path, workspace) -> None:
    path = tmp_path / "export.ods"
    path.write_bytes(b"x")
    with pytest.raises(ValidationError, match=r"type '.ods'; allowed"):
        import_file(path, workspace)


# -- the canonical result ------------------------------------------------------------------


def test_prepared_incidents_have_the_canonical_schema(write_csv, amow: ZoneGeography) -> None:
    point = wijk_point(amow, "23002W02")
    rows = [HEADER, make_row(point, **{"PV-nummer": "C1"}), make_row(None, **{"PV-nummer": "C2"})]
    result = prepare(write_csv(rows), amow, import_id="imp-1", synthetic=True)
    incidents = result.incidents
    assert list(incidents.columns) == list(INCIDENT_COLUMNS)
    assert incidents.dtypes.drop("geometry").equals(empty_incidents().dtypes.drop("geometry"))
    assert incidents.crs == "EPSG:31370"
    assert (incidents["import_id"] == "imp-1").all() and incidents["synthetic"].all()
    assert incidents["source_row"].tolist() == [2, 3]
    assert np.array_equal(incidents.geometry.is_empty | incidents.geometry.isna(), [False, True])
