"""``wijkradar user``, ``export --as``, ``audit`` and ``postgis`` (CliRunner, in-process)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from backends import POSTGRES_MISSING, drop_location, new_location, postgres_url
from typer.testing import CliRunner

from gis.access import MIN_K, PARTNER_COLUMNS
from gis.io_backends import access_store_for, open_workspace
from wijkradar.cli import app
from wijkradar.services import build_demo

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.gpkg"
    build_demo(path, ["ipz51"], seed=8, years=1.0, end="2026-06-30")
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    """A private copy of the demo workspace and its access store."""
    path = tmp_path / "demo.gpkg"
    shutil.copyfile(demo_file, path)
    shutil.copyfile(demo_file.with_name("demo.access.sqlite"), tmp_path / "demo.access.sqlite")
    return path


def test_user_add_list_remove(demo: Path) -> None:
    wijk = open_workspace(demo).areas("wijken")["code"].iloc[3]
    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "jan.peeters",
            "--role",
            "inspecteur",
            "--wijk",
            wijk,
            "--password-stdin",
            "--workspace",
            str(demo),
        ],
        input="een-lang-genoeg-wachtwoord\n",
    )
    assert result.exit_code == 0, result.output
    store = access_store_for(open_workspace(demo))
    assert store.user("jan.peeters").wijken == (wijk,)
    assert store.password_hash("jan.peeters").startswith("$argon2id$")
    listing = runner.invoke(app, ["user", "list", "--workspace", str(demo)])
    assert "jan.peeters" in listing.output and "argon2" not in listing.output
    assert "DEMO" in listing.output
    bad = [
        (["--role", "baas"], "onbekende rol"),
        (["--role", "inspecteur"], "at least one wijk"),
        (["--role", "inspecteur", "--wijk", "99999W01"], "not a wijk"),
        (["--role", "chef", "--password-stdin"], "12 characters"),
        (["--role", "chef"], "needs a password"),
    ]
    for options, message in bad:
        result = runner.invoke(
            app, ["user", "add", "x.y", *options, "--workspace", str(demo)], input="kort\n"
        )
        assert result.exit_code == 2 and message in result.output, (options, result.output)
    assert runner.invoke(app, ["user", "remove", "jan.peeters", "-w", str(demo)]).exit_code == 0
    assert store.user("jan.peeters") is None
    actions = store.audit()["action"].tolist()
    assert actions[-2:] == ["user_add", "user_remove"]


def test_export_as_each_role(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    refused = runner.invoke(
        app,
        ["export", "--as", "partner", "--what", "incidents", "-w", str(demo), "--out", str(out)],
    )
    assert refused.exit_code == 2 and "aggregates" in refused.output
    assert not out.exists() or not list(out.iterdir())
    for what in ("nuisance", "hotspots"):
        result = runner.invoke(
            app,
            [
                "export",
                "--as",
                "partner",
                "--what",
                what,
                "-w",
                str(demo),
                "--out",
                str(out),
                "--level",
                "grid",
                "--cell-size",
                "100",
            ],
        )
        assert result.exit_code == 0, result.output
    gpkgs = sorted(out.glob("*.gpkg"))
    assert len(gpkgs) == 2
    for gpkg in gpkgs:
        layer = pyogrio.read_dataframe(gpkg)
        assert set(layer.columns) <= set(PARTNER_COLUMNS)
        assert set(layer.geom_type) <= {"Polygon", "MultiPolygon"} and len(layer)
        assert layer["count"].min() >= MIN_K
        bounds = layer.geometry.bounds
        assert ((bounds["maxx"] - bounds["minx"]).max()) >= 199.9  # cells ≥ 200 m, not 100
    inspecteur = access_store_for(open_workspace(demo)).user("inspecteur")
    result = runner.invoke(
        app,
        [
            "export",
            "--as",
            "inspecteur",
            "--what",
            "incidents",
            "-w",
            str(demo),
            "--out",
            str(tmp_path / "insp"),
            "--xlsx",
        ],
    )
    assert result.exit_code == 0, result.output
    csv = pd.read_csv(next((tmp_path / "insp").glob("*.csv")), sep=";", dtype=str)
    assert set(csv["wijk"]) <= {*inspecteur.wijken, *inspecteur.neighbours} and len(csv)
    assert len(list((tmp_path / "insp").glob("*.xlsx"))) == 1
    plan = runner.invoke(
        app, ["export", "--as", "chef", "--what", "plan", "-w", str(demo), "--out", str(out)]
    )
    assert plan.exit_code == 2 and "plan" in plan.output
    unknown = runner.invoke(
        app, ["export", "--as", "nobody", "--what", "nuisance", "-w", str(demo), "--out", str(out)]
    )
    assert unknown.exit_code == 2 and "no user" in unknown.output
    log = access_store_for(open_workspace(demo)).audit(action="export")
    assert log[["user", "what", "client"]].values.tolist()[-3:] == [
        ["partner", "nuisance", "cli"],
        ["partner", "hotspots", "cli"],
        ["inspecteur", "incidents", "cli"],
    ]
    assert log["rows"].iloc[-1] == len(csv)


def test_audit_list_and_export_for_chef_only(demo: Path, tmp_path: Path) -> None:
    denied = runner.invoke(app, ["audit", "list", "--as", "inspecteur", "-w", str(demo)])
    assert denied.exit_code == 2 and "audit" in denied.output
    shown = runner.invoke(app, ["audit", "list", "--as", "chef", "-w", str(demo)])
    assert shown.exit_code == 0 and "user_add" not in shown.output
    out = tmp_path / "audit.csv"
    assert (
        runner.invoke(
            app, ["audit", "export", "--as", "admin", "-w", str(demo), "--out", str(out)]
        ).exit_code
        == 0
    )
    frame = pd.read_csv(out, sep=";")
    assert {"seq", "at", "user", "action", "filters", "rows"} <= set(frame.columns)
    assert "audit_view" in set(frame["action"])


def test_postgis_copy_and_users_through_a_url(demo: Path, tmp_path: Path) -> None:
    if postgres_url() is None:
        pytest.skip(POSTGRES_MISSING)
    url = new_location("postgis", tmp_path)
    try:
        copied = runner.invoke(app, ["postgis", "copy", str(demo), url])
        assert copied.exit_code == 0, copied.output
        assert "wijkradar_test:***@" in copied.output or "***" in copied.output
        assert len(open_workspace(url).incidents()) == len(open_workspace(demo).incidents())
        listing = runner.invoke(app, ["user", "list", "--workspace", url])
        assert "inspecteur" in listing.output
        out = tmp_path / "pg"
        result = runner.invoke(
            app, ["export", "--as", "partner", "--what", "nuisance", "-w", url, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert access_store_for(open_workspace(url)).audit(action="export")["user"].tolist() == [
            "partner"
        ]
    finally:
        drop_location(url)
