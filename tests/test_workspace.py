"""Tests of the GeoPackage workspace: all-or-nothing writes, filtered reads, canonical dtypes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from gis import io_workspace
from gis.errors import ValidationError, WorkspaceError
from gis.importing import ImportResult, prepare_incidents
from gis.io_geography import ATTRIBUTION, ZoneGeography
from gis.io_tables import read_incident_table
from gis.io_workspace import IMPORT_LOG_COLUMNS, GeoPackageWorkspace
from gis.schema import INCIDENT_COLUMNS, empty_incidents
from wijkradar.services import import_file

HEADER = ["PV-nummer", "Feit", "Datum", "Straat", "Gemeente", "X", "Y"]
# id, category, start, wijk (None: address only)
INCIDENTS = [
    ("A1", "woninginbraak", "01/03/2024 10:00", "23002W02"),
    ("A2", "diefstal", "15/03/2024 00:00", "23002W09"),
    ("M1", "woninginbraak", "31/03/2024 23:59:59", "23052W06"),
    ("O1", "vandalisme", "01/04/2024 00:00", "23060W04"),
    ("W1", "diefstal", "10/04/2024 12:00", "23102W04"),
    ("F1", "vol d'usage", "11/04/2024 12:00", "23102W01"),
    ("G1", "diefstal", "05/04/2024 08:00", None),
]
WIJK_NIS = {"23002W02": "23002", "23002W09": "23002", "23052W06": "23052",
            "23060W04": "23060", "23102W04": "23102", "23102W01": "23102"}  # fmt: skip


def incident_rows(zone: ZoneGeography, incidents=INCIDENTS, *, bad: int = 0) -> list[list[str]]:
    points = zone.wijken.set_index("code").representative_point()
    rows = [HEADER]
    for id_, category, start, wijk in incidents:
        x, y = ("", "") if wijk is None else (f"{points[wijk].x:.3f}", f"{points[wijk].y:.3f}")
        rows.append([id_, category, start, "Kerkstraat", "Asse", x, y])
    rows += [[f"BAD{i}", "diefstal", "31/02/2024", "Kerkstraat", "Asse", "", ""]
             for i in range(bad)]  # fmt: skip
    return rows


@pytest.fixture
def filled(workspace: GeoPackageWorkspace, write_csv, amow) -> GeoPackageWorkspace:
    """An ipz31 workspace holding :data:`INCIDENTS` from one import (first.csv)."""
    outcome = import_file(write_csv(incident_rows(amow), "first.csv"), workspace)
    assert outcome.result.stored == len(INCIDENTS)
    return workspace


@pytest.fixture(scope="module")
def shared(
    tmp_path_factory: pytest.TempPathFactory, empty_workspace_file: Path, amow
) -> GeoPackageWorkspace:
    """Like :func:`filled`, made once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("shared")
    workspace = GeoPackageWorkspace(folder / "ws.gpkg")
    shutil.copyfile(empty_workspace_file, workspace.path)
    path = folder / "first.csv"
    path.write_text("\n".join(";".join(row) for row in incident_rows(amow)), encoding="utf-8")
    assert import_file(path, workspace).result.stored == len(INCIDENTS)
    return workspace


def _prepare(path: Path, workspace: GeoPackageWorkspace, import_id: str) -> ImportResult:
    raw = read_incident_table(path)
    return prepare_incidents(
        raw.rows,
        municipalities=workspace.areas("municipalities"),
        deelgemeenten=workspace.areas("deelgemeenten"),
        wijken=workspace.areas("wijken"),
        existing_keys=workspace.incident_keys(),
        import_id=import_id,
    )


def _log(result: ImportResult, import_id: str) -> dict[str, object]:
    return {
        "import_id": import_id,
        "imported_at": "2024-05-01T10:00:00",
        "file": "second.csv",
        "read": result.read,
        "stored": result.stored,
        "rejected": result.rejected,
        "duplicates": result.duplicates,
        "crs": result.crs or "",
        "reject_report": "",
    }


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- transactions --------------------------------------------------------------------------


@pytest.mark.parametrize("failing_layer", ["rejects", "import_log"])
def test_a_store_that_fails_half_way_changes_nothing(
    filled: GeoPackageWorkspace, write_csv, amow, monkeypatch, failing_layer: str
) -> None:
    workspace = filled
    second = [("N1", "diefstal", "01/05/2024 10:00", "23002W02"),
              ("N2", "diefstal", "02/05/2024 10:00", "23052W06")]  # fmt: skip
    result = _prepare(write_csv(incident_rows(amow, second, bad=2), "second.csv"), workspace, "i2")
    assert result.stored == 2 and len(result.rejects) == 2
    before_bytes = workspace.path.read_bytes()
    before_listing = _listing(workspace.path.parent)
    before_log = workspace.import_log()
    before_ids = sorted(workspace.incidents()["id"])

    real_write = io_workspace._write
    written: list[tuple[str, Path]] = []

    def write_then_fail(frame, path, layer, **options):
        if layer == failing_layer:
            raise OSError(f"disk full while writing {layer}")
        real_write(frame, path, layer, **options)
        written.append((layer, Path(path)))

    monkeypatch.setattr(io_workspace, "_write", write_then_fail)
    with pytest.raises(OSError, match="disk full"):
        workspace.store_import(result.incidents, result.rejects, _log(result, "i2"))

    # it really failed half-way: the incidents had been written, to a working copy
    assert written[0][0] == "incidents"
    assert {path for _, path in written} != {workspace.path}
    assert all(path.parent == workspace.path.parent for _, path in written)
    # and nothing of it reached the workspace
    assert workspace.path.read_bytes() == before_bytes
    assert _listing(workspace.path.parent) == before_listing  # no working copy left behind
    assert sorted(workspace.incidents()["id"]) == before_ids
    pd.testing.assert_frame_equal(workspace.import_log(), before_log)
    assert len(workspace.rejects("i2")) == 0

    # the lock was released: the same store succeeds afterwards
    monkeypatch.undo()
    workspace.store_import(result.incidents, result.rejects, _log(result, "i2"))
    assert sorted(workspace.incidents()["id"]) == sorted([*before_ids, "N1", "N2"])
    assert len(workspace.import_log()) == len(before_log) + 1
    assert len(workspace.rejects("i2")) == 2
    assert _listing(workspace.path.parent) == before_listing


def test_a_failed_import_removes_its_reject_report(
    filled: GeoPackageWorkspace, write_csv, amow, monkeypatch
) -> None:
    path = write_csv(incident_rows(amow, [], bad=3), "second.csv")
    folder = filled.path.parent
    before_listing = _listing(folder)
    before_bytes = filled.path.read_bytes()
    real_write = io_workspace._write

    def fail_on_log(frame, target, layer, **options):
        if layer == "import_log":
            raise OSError("disk full")
        real_write(frame, target, layer, **options)

    monkeypatch.setattr(io_workspace, "_write", fail_on_log)
    with pytest.raises(OSError):
        import_file(path, filled)
    assert _listing(folder) == before_listing
    assert filled.path.read_bytes() == before_bytes


def test_a_successful_store_leaves_no_working_copy(filled: GeoPackageWorkspace, write_csv, amow):
    folder = filled.path.parent
    before = _listing(folder)
    outcome = import_file(write_csv(incident_rows(amow, [], bad=1), "second.csv"), filled)
    assert _listing(folder) == sorted([*before, outcome.reject_report.name])
    assert not list(folder.glob(".ws-*.gpkg"))


def test_invalid_input_is_refused_before_any_write(filled: GeoPackageWorkspace) -> None:
    before = filled.path.read_bytes()
    incidents = filled.incidents()
    with pytest.raises(WorkspaceError, match="lacks"):
        filled.store_import(incidents.iloc[:0], pd.DataFrame(), {"import_id": "x"})
    wrong = incidents.assign(source="telefoon")
    log = dict.fromkeys(IMPORT_LOG_COLUMNS, "")
    with pytest.raises(ValidationError, match="'source' has 'telefoon'"):
        filled.store_import(wrong, pd.DataFrame(columns=["row"]), log)
    assert filled.path.read_bytes() == before


# -- creating and opening ------------------------------------------------------------------


def test_create_writes_areas_and_meta(workspace: GeoPackageWorkspace, amow) -> None:
    assert workspace.meta() == {"attribution": ATTRIBUTION, "synthetic": "false",
                                "zones": "ipz31", "crs": "EPSG:31370"}  # fmt: skip
    assert not workspace.is_synthetic()
    wijken = workspace.areas("wijken")
    assert sorted(wijken["code"]) == sorted(amow.wijken["code"])
    assert wijken.crs == "EPSG:31370"
    assert sorted(workspace.areas("municipalities")["nis"]) == ["23002", "23052", "23060", "23102"]
    assert len(workspace.incidents()) == 0 and len(workspace.import_log()) == 0
    zone = workspace.zone_geography("ipz31")
    assert len(zone.wijken) == 32 and len(zone.deelgemeenten) == len(amow.deelgemeenten)


def test_create_refuses_an_existing_path_and_open_a_missing_one(
    workspace: GeoPackageWorkspace, amow, tmp_path: Path
) -> None:
    before = workspace.path.read_bytes()
    with pytest.raises(WorkspaceError, match="exists already"):
        GeoPackageWorkspace.create(workspace.path, [amow])
    assert workspace.path.read_bytes() == before
    with pytest.raises(WorkspaceError, match="a workspace needs at least one zone"):
        GeoPackageWorkspace.create(tmp_path / "none.gpkg", [])
    missing = GeoPackageWorkspace(tmp_path / "missing.gpkg")
    for read in (missing.meta, missing.incidents, missing.import_log, missing.incident_keys):
        with pytest.raises(WorkspaceError, match="does not exist"):
            read()
    with pytest.raises(WorkspaceError, match="not an area layer"):
        workspace.areas("incidents")
    with pytest.raises(WorkspaceError, match="ipz51"):
        workspace.zone_geography("ipz51")


# -- reading incidents ---------------------------------------------------------------------


def _ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["id"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["A1", "A2", "F1", "G1", "M1", "O1", "W1"]),
        ({"nis": ["23002"]}, ["A1", "A2"]),
        ({"nis": ["23002", "23102"]}, ["A1", "A2", "F1", "W1"]),
        ({"nis": []}, []),
        ({"wijken": ["23052W06", "23060W04"]}, ["M1", "O1"]),
        ({"wijken": ["23002W99"]}, []),
        ({"categories": ["diefstal"]}, ["A2", "G1", "W1"]),
        ({"categories": ["vol d'usage"]}, ["F1"]),  # quoted safely
        ({"categories": ["woninginbraak", "vandalisme"]}, ["A1", "M1", "O1"]),
        # [start, end): the start is in, the end is out
        ({"start": pd.Timestamp("2024-03-15"), "end": pd.Timestamp("2024-04-01")}, ["A2", "M1"]),
        ({"start": pd.Timestamp("2024-04-01")}, ["F1", "G1", "O1", "W1"]),
        ({"end": pd.Timestamp("2024-03-01 10:00")}, []),
        ({"end": pd.Timestamp("2024-03-01 10:00:01")}, ["A1"]),
        ({"nis": ["23002"], "categories": ["woninginbraak"]}, ["A1"]),
        ({"nis": ["23102"], "start": pd.Timestamp("2024-04-11")}, ["F1"]),
    ],
)
def test_incident_filters(shared: GeoPackageWorkspace, filters: dict, expected: list[str]) -> None:
    assert _ids(shared.incidents(**filters)) == expected


def test_incidents_read_back_with_canonical_dtypes_and_values(
    shared: GeoPackageWorkspace, amow
) -> None:
    incidents = shared.incidents().set_index("id").sort_index()
    assert list(incidents.reset_index().columns) == list(INCIDENT_COLUMNS)
    expected_dtypes = empty_incidents().dtypes.drop("geometry")
    assert incidents.reset_index().dtypes.drop("geometry").equals(expected_dtypes)
    assert incidents.crs == "EPSG:31370"
    for id_, category, start, wijk in INCIDENTS:
        row = incidents.loc[id_]
        assert row["category"] == category
        assert row["start"] == pd.to_datetime(start, dayfirst=True)
        assert pd.isna(row["end"])
        if wijk is None:
            assert pd.isna(row["wijk"]) and pd.isna(row["nis"])
            assert row.geometry is None or row.geometry.is_empty
            assert row["geocode_status"] == "to_geocode"
        else:
            assert (row["wijk"], row["nis"]) == (wijk, WIJK_NIS[wijk])
            assert row.geometry.geom_type == "Point"
            assert row["geocode_status"] == "source"
        assert bool(row["in_zone"]) and not row["synthetic"]
    rows = dict(zip(incidents.index, incidents["source_row"], strict=True))
    assert rows == {id_: i + 2 for i, (id_, *_) in enumerate(INCIDENTS)}


def test_reading_only_some_columns(shared: GeoPackageWorkspace) -> None:
    frame = shared.incidents(columns=["id", "wijk"], nis=["23060"])
    assert list(frame.columns) == ["id", "wijk", "geometry"]
    assert frame["id"].tolist() == ["O1"] and frame["wijk"].tolist() == ["23060W04"]


def test_incident_keys_and_import_log(shared: GeoPackageWorkspace) -> None:
    keys = shared.incident_keys()
    assert sorted(zip(keys["source"], keys["id"], strict=True)) == sorted(
        ("pv", id_) for id_, *_ in INCIDENTS
    )
    log = shared.import_log()
    assert list(log.columns) == list(IMPORT_LOG_COLUMNS)
    assert log[["file", "read", "stored", "rejected", "duplicates"]].astype(
        str
    ).values.tolist() == [["first.csv", "7", "7", "0", "0"]]
