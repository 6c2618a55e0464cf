"""The workspace interface on both backends (GeoPackage and PostGIS): the same behaviour,
all-or-nothing writes, and no lost write when 20 threads or processes log at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import psycopg
import pytest
from backends import backend, fresh_location  # noqa: F401  (fixtures)

from gis import io_workspace
from gis.access import Role, User
from gis.errors import ValidationError, WorkspaceError
from gis.io_access import AUDIT_APPEND_ONLY, SqliteAccessStore
from gis.io_backends import access_store_for, create_workspace, open_workspace
from gis.io_postgis import PostGISWorkspace
from gis.workspace import AccessStore, AuditEvent, Visit, Workspace
from wijkradar.services import import_file

WORKERS = 20
HEADER = ["PV-nummer", "Feit", "Datum", "Straat", "Gemeente", "X", "Y"]
ROWS = [  # id, category, start, wijk (None: address only)
    ("A1", "woninginbraak", "01/03/2024 10:00", "23002W02"),
    ("A2", "diefstal", "15/03/2024 00:00", "23002W09"),
    ("M1", "woninginbraak", "31/03/2024 23:59:59", "23052W06"),
    ("O1", "vandalisme", "01/04/2024 00:00", "23060W04"),
    ("W1", "diefstal", "10/04/2024 12:00", "23102W04"),
    ("G1", "diefstal", "05/04/2024 08:00", None),
]


def write_rows(folder: Path, zone, rows=ROWS, *, bad: int = 0, name: str = "first.csv") -> Path:
    points = zone.wijken.set_index("code").representative_point()
    lines = [";".join(HEADER)]
    for id_, category, start, wijk in rows:
        x, y = ("", "") if wijk is None else (f"{points[wijk].x:.3f}", f"{points[wijk].y:.3f}")
        lines.append(";".join([id_, category, start, "Kerkstraat", "Asse", x, y]))
    lines += [f"BAD{i};diefstal;31/02/2024;Kerkstraat;Asse;;" for i in range(bad)]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def ws(fresh_location: str, amow, tmp_path: Path, monkeypatch) -> Workspace:
    """A new ipz31 workspace on the backend, holding ROWS (one import)."""
    monkeypatch.setenv("WIJKRADAR_REPORT_DIR", str(tmp_path))
    workspace = create_workspace(fresh_location, [amow])
    assert import_file(write_rows(tmp_path, amow), workspace).result.stored == len(ROWS)
    return workspace


def test_both_backends_implement_the_protocols(ws: Workspace) -> None:
    assert isinstance(ws, Workspace)
    assert isinstance(access_store_for(ws), AccessStore)
    assert "***" in PostGISWorkspace("postgresql://u:secret@h/db").location
    assert "secret" not in PostGISWorkspace("postgresql://u:secret@h/db").location


def test_create_meta_areas_and_refusals(ws: Workspace, fresh_location: str, amow) -> None:
    assert ws.meta()["zones"] == "ipz31" and ws.meta()["crs"] == "EPSG:31370"
    assert not ws.is_synthetic()
    assert sorted(ws.areas("wijken")["code"]) == sorted(amow.wijken["code"])
    assert ws.areas("wijken").crs == "EPSG:31370"
    assert len(ws.zone_geography("ipz31").wijken) == 32
    with pytest.raises(WorkspaceError, match="exists already"):
        create_workspace(fresh_location, [amow])
    with pytest.raises(WorkspaceError, match="not an area layer"):
        ws.areas("incidents")
    with pytest.raises(WorkspaceError, match="ipz51"):
        ws.zone_geography("ipz51")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["A1", "A2", "G1", "M1", "O1", "W1"]),
        ({"nis": ["23002"]}, ["A1", "A2"]),
        ({"nis": []}, []),
        ({"wijken": ["23052W06", "23060W04"]}, ["M1", "O1"]),
        ({"categories": ["diefstal"]}, ["A2", "G1", "W1"]),
        (
            {"start": pd.Timestamp("2024-03-31"), "end": pd.Timestamp("2024-04-05 08:00")},
            ["M1", "O1"],
        ),
        ({"wijken": ["x' OR 1=1 --"]}, []),
    ],
)
def test_filtered_reads_agree(ws: Workspace, filters: dict, expected: list[str]) -> None:
    assert sorted(ws.incidents(**filters)["id"]) == expected


def test_dtypes_columns_keys_and_logs(ws: Workspace) -> None:
    incidents = ws.incidents()
    assert str(incidents["start"].dtype) == "datetime64[ns]" and incidents["in_zone"].dtype == bool
    assert incidents["source_row"].dtype == "int64" and incidents.crs == "EPSG:31370"
    located = incidents.set_index("id").geometry
    assert located["G1"] is None and located["A1"].geom_type == "Point"
    narrow = ws.incidents(columns=["id", "wijk"])
    assert list(narrow.columns) == ["id", "wijk", "geometry"]
    assert sorted(map(tuple, ws.incident_keys()[["source", "id"]].to_numpy())) == sorted(
        ("pv", r[0]) for r in ROWS
    )
    log = ws.import_log()
    assert (
        len(log) == 1 and log.at[0, "stored"] == str(len(ROWS)) and log.at[0, "file"] == "first.csv"
    )


def test_a_store_that_fails_half_way_changes_nothing(
    ws: Workspace, amow, tmp_path: Path, monkeypatch, backend: str
) -> None:
    before_ids = sorted(ws.incidents()["id"])
    before_log = ws.import_log()
    second = [("N1", "diefstal", "01/05/2024 10:00", "23002W02")]
    path = write_rows(tmp_path, amow, second, bad=2, name="second.csv")
    if backend == "gpkg":
        real = io_workspace._write

        def write_then_fail(frame, target, layer, **options):
            if layer == "rejects":
                raise OSError("disk full")
            real(frame, target, layer, **options)

        monkeypatch.setattr(io_workspace, "_write", write_then_fail)
    else:
        real_copy = PostGISWorkspace._copy_incidents

        def copy_then_fail(self, db, incidents):
            real_copy(self, db, incidents)
            assert db.execute("SELECT count(*) FROM incidents").fetchone()[0] > len(before_ids)
            raise OSError("disk full")

        monkeypatch.setattr(PostGISWorkspace, "_copy_incidents", copy_then_fail)
    with pytest.raises(OSError, match="disk full"):
        import_file(path, ws)
    assert sorted(ws.incidents()["id"]) == before_ids
    pd.testing.assert_frame_equal(ws.import_log(), before_log)
    assert len(ws.rejects()) == 0
    assert not list(tmp_path.glob("*-rejects-*.csv"))
    monkeypatch.undo()
    outcome = import_file(path, ws)
    assert sorted(ws.incidents()["id"]) == sorted([*before_ids, "N1"])
    assert len(ws.rejects(outcome.import_id)) == 2 and len(ws.rejects("nope")) == 0


def test_replace_incidents_and_wijken(ws: Workspace) -> None:
    incidents = ws.incidents()
    ws.replace_incidents(incidents[incidents["id"] != "A1"])
    assert "A1" not in set(ws.incidents()["id"])
    with pytest.raises(ValidationError):
        ws.replace_incidents(incidents.assign(source="telefoon"))
    assert len(ws.incidents()) == len(incidents) - 1
    wijken = ws.areas("wijken")
    merged = wijken.assign(code=wijken["code"].where(wijken["nis"] != "23102", "WEMMEL"))
    merged = merged.dissolve(by="code", as_index=False)[["code", "name", "nis", "geometry"]]
    moved = ws.incidents().assign(wijk=lambda f: f["wijk"].where(f["nis"] != "23102", "WEMMEL"))
    ws.replace_wijken(merged, moved)
    assert "WEMMEL" in set(ws.areas("wijken")["code"])
    assert ws.incidents(wijken=["WEMMEL"])["id"].tolist() == ["W1"]


def test_further_layers_round_trip(ws: Workspace) -> None:
    table = pd.DataFrame({"key": pd.Series(["a", "b"], dtype="str"), "n": [1, 2], "x": [0.5, None]})
    ws.write_layers({"extra_table": table})
    ws.write_layers({"extra_table": table.iloc[:1]}, append=["extra_table"])
    back = ws.read_layer("extra_table")
    assert back["key"].tolist() == ["a", "b", "a"] and back["n"].tolist() == [1, 2, 1]
    assert ws.has_layer("extra_table") and not ws.has_layer("nothing")
    with pytest.raises(WorkspaceError, match="canonical store"):
        ws.write_layers({"incidents": table})


def _visit(i: int, inspector: str = "insp") -> Visit:
    start = pd.Timestamp("2026-06-01 08:00") + pd.Timedelta(minutes=i)
    return Visit(
        inspector,
        "23002W02",
        f"cell {i}",
        start,
        start + pd.Timedelta("30min"),
        note=f"ronde {i}",
        x=146000.0 + i,
        y=178000.0,
    )


def test_visits_round_trip_and_filters(ws: Workspace) -> None:
    assert len(ws.visits()) == 0
    ws.record_visits([_visit(0), _visit(1, "other")])
    visits = ws.visits()
    assert visits["place"].tolist() == ["cell 0", "cell 1"]
    assert visits.geometry.iloc[0].x == 146000.0 and str(visits["start"].dtype) == "datetime64[ns]"
    assert ws.visits(inspectors=["other"])["note"].tolist() == ["ronde 1"]
    assert len(ws.visits(wijken=["23052W06"])) == 0
    assert len(ws.visits(start=pd.Timestamp("2026-06-01 08:01"))) == 1
    with pytest.raises(ValidationError):
        Visit("insp", "23002W02", "x", pd.Timestamp("2026-06-02"), pd.Timestamp("2026-06-01"))


def _log_one(location: str, i: int) -> int:
    """One writer: a visit and an audit record, as a separate thread or process does."""
    workspace = open_workspace(location)
    workspace.record_visits([_visit(i)])
    return access_store_for(workspace).append_audit(
        AuditEvent(user=f"u{i}", role="inspecteur", action="visit", rows=1, client="test")
    )


@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_concurrent_visits_and_audit_lose_nothing(ws: Workspace, kind: str) -> None:
    location = ws.url if isinstance(ws, PostGISWorkspace) else str(ws.path)
    store = access_store_for(ws)
    before = len(store.audit())
    if kind == "threads":
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            seqs = list(pool.map(lambda i: _log_one(location, i), range(WORKERS)))
    else:
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            seqs = pool.starmap(_log_one, [(location, i) for i in range(WORKERS)])
    assert len(set(seqs)) == WORKERS
    visits = ws.visits()
    assert sorted(visits["place"]) == sorted(f"cell {i}" for i in range(WORKERS))
    assert visits["visit_id"].is_unique
    audit = store.audit()
    assert len(audit) == before + WORKERS
    assert sorted(audit["user"].iloc[before:]) == sorted(f"u{i}" for i in range(WORKERS))
    assert audit["seq"].is_monotonic_increasing and audit["seq"].is_unique
    assert sorted(ws.incidents()["id"]) == sorted(r[0] for r in ROWS)  # data untouched


def test_the_audit_log_cannot_be_changed(ws: Workspace) -> None:
    store = access_store_for(ws)
    store.append_audit(AuditEvent(user="chef", role="chef", action="view", rows=3))
    if isinstance(store, SqliteAccessStore):
        db = sqlite3.connect(store.path)
        for statement in ("UPDATE audit SET rows = 0", "DELETE FROM audit"):
            with pytest.raises(sqlite3.DatabaseError, match=AUDIT_APPEND_ONLY):
                db.execute(statement)
        db.close()
    else:
        for statement in ("UPDATE audit SET rows = 0", "DELETE FROM audit", "TRUNCATE audit"):
            with (
                pytest.raises(psycopg.errors.RaiseException, match=AUDIT_APPEND_ONLY),
                ws.connect() as db,
            ):
                db.execute(statement)
    assert store.audit()["rows"].tolist()[-1] == 3


def test_users_and_settings(ws: Workspace) -> None:
    store = access_store_for(ws)
    store.put_user(
        User("an", Role.INSPECTEUR, wijken=("23002W02",), neighbours=("23002W09",)),
        "$argon2id$fake",
    )
    store.put_user(User("an", Role.INSPECTEUR, wijken=("23002W02", "23002W03")))
    user = store.user("an")
    assert user.wijken == ("23002W02", "23002W03") and user.neighbours == ()
    assert store.password_hash("an") == "$argon2id$fake", "an update keeps the hash"
    assert [u.name for u in store.users()] == ["an"]
    store.remove_user("an")
    assert store.user("an") is None
    with pytest.raises(WorkspaceError):
        store.remove_user("an")
    store.put_settings({"partner.k": "7"})
    with pytest.raises(ValidationError):
        store.put_settings({"partner.k": "2"})
    assert store.settings()["partner.k"] == "7"
