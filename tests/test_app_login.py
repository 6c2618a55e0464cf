"""The login gate and the role-limited app (AppTest): inspecteur, partner, no backdoor."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gis.io_backends import access_store_for, open_workspace
from gis.io_workspace import _write
from wijkradar.services import build_demo

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PARTNERS = str(ROOT / "pages" / "3_Partners.py")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("login") / "demo.gpkg"
    build_demo(path, ["ipz31"], seed=4, years=1.0, end="2026-06-30")
    return path


@pytest.fixture(scope="module")
def real(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo marked as real data (not synthetic), with the same users."""
    path = tmp_path_factory.mktemp("real") / "real.gpkg"
    shutil.copyfile(demo, path)
    workspace = open_workspace(path)
    meta = workspace.meta() | {"synthetic": "false"}
    with workspace._transaction() as target:
        _write(pd.DataFrame({"key": list(meta), "value": list(meta.values())}), target, "meta")
    store, source = access_store_for(workspace), access_store_for(open_workspace(demo))
    for user in source.users():
        store.put_user(user, source.password_hash(user.name))
    return path


def run(script: str, workspace: Path, monkeypatch, login: str | None) -> AppTest:
    monkeypatch.setenv("WIJKRADAR_WORKSPACE", str(workspace))
    if login:
        monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", login)
    else:
        monkeypatch.delenv("WIJKRADAR_DEMO_LOGIN", raising=False)
    at = AppTest.from_file(script, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_nothing_is_shown_before_login(demo: Path, monkeypatch) -> None:
    at = run(APP, demo, monkeypatch, None)
    assert at.subheader[0].value == "Aanmelden"
    assert not at.metric and not at.dataframe and not at.html
    assert "`chef` / `demo-chef`" in at.info[0].value  # demo accounts, labelled DEMO
    assert "DEMO" in at.info[0].value
    at.text_input(key="auth_name").input("chef")
    at.text_input(key="auth_password").input("wrong password")
    at.button[0].click().run()
    assert any("Verkeerde gebruikersnaam" in e.value for e in at.error)
    assert not at.metric
    at.text_input(key="auth_name").input("chef")
    at.text_input(key="auth_password").input("demo-chef")
    at.button[0].click().run()
    assert not at.exception
    assert at.metric[0].label == "Incidenten in selectie"
    log = access_store_for(open_workspace(demo)).audit()
    assert log["action"].tolist()[-4:-2] == ["login_failed", "login"] or "login" in set(
        log["action"]
    )
    assert (log[log["action"] == "view"]["user"] == "chef").any()


def test_demo_login_is_refused_for_a_real_workspace(real: Path, monkeypatch) -> None:
    at = run(APP, real, monkeypatch, "chef")
    assert not at.metric, "no data without a real login"
    assert at.subheader[0].value == "Aanmelden"
    assert any("WIJKRADAR_DEMO_LOGIN" in w.value for w in at.warning)
    assert not at.info, "demo passwords are never shown for a real workspace"


def test_inspecteur_sees_only_own_and_neighbouring_wijken(demo: Path, monkeypatch) -> None:
    at = run(APP, demo, monkeypatch, "inspecteur")
    user = access_store_for(open_workspace(demo)).user("inspecteur")
    allowed = {*user.wijken, *user.neighbours}
    wijken = open_workspace(demo).areas("wijken").set_index("code")["name"]
    options = [o for o in at.sidebar.selectbox(key="wijk").options if o != "(alle)"]
    assert set(options) == {wijken[c] for c in allowed}
    incidents = open_workspace(demo).incidents()
    keep = incidents["wijk"].isin(allowed) & incidents.geometry.notna() & incidents["in_zone"]
    assert int(at.metric[0].value.replace(".", "")) == int(keep.sum()) > 0
    for nis in at.sidebar.selectbox(key="municipality").options:
        assert nis == "(alle)" or any(wijken[c] for c in allowed)


def test_partner_gets_the_partner_page_not_the_map(demo: Path, monkeypatch) -> None:
    at = run(APP, demo, monkeypatch, "partner")
    assert not any(m.label == "Incidenten in selectie" for m in at.metric)
    assert at.title[0].value.startswith("Overlast per wijk")


def test_partner_page_shows_only_suppressed_aggregates(demo: Path, monkeypatch) -> None:
    at = run(PARTNERS, demo, monkeypatch, "partner")
    table = at.dataframe[0].value
    assert list(table.columns) == ["Gebied", "Categorieën", "Per", "Aantal"]
    assert len(table) > 0 and table["Aantal"].min() >= 5
    assert not table.astype("str").apply(lambda c: c.str.contains("DEMO-|straat")).any().any()
    at.sidebar.radio(key="partner_level").set_value("grid").run()
    assert not at.exception
    assert at.dataframe[0].value["Aantal"].min() >= 5
    log = access_store_for(open_workspace(demo)).audit(user="partner")
    assert set(log["action"]) >= {"login", "aggregate_view"} and "view" not in set(log["action"])


def test_demo_buttons_log_in_with_the_documented_password(demo: Path, monkeypatch) -> None:
    at = run(APP, demo, monkeypatch, None)
    at.button(key="auth_demo_inspecteur").click().run()
    assert not at.exception
    assert at.metric[0].label == "Incidenten in selectie"
    last = access_store_for(open_workspace(demo)).audit(action="login")
    assert last[["user", "detail"]].values.tolist()[-1] == ["inspecteur", "password"]


def test_demo_buttons_are_absent_for_a_real_workspace(real: Path, monkeypatch) -> None:
    at = run(APP, real, monkeypatch, None)
    assert not [b for b in at.button if str(b.key or "").startswith("auth_demo_")]


def test_the_app_runs_on_a_postgis_workspace(demo: Path, monkeypatch, tmp_path: Path) -> None:
    from backends import POSTGRES_MISSING, drop_location, new_location, postgres_url

    from gis.io_backends import copy_workspace

    if postgres_url() is None:
        pytest.skip(POSTGRES_MISSING)
    url = new_location("postgis", tmp_path)
    try:
        copy_workspace(demo, url)
        monkeypatch.setenv("WIJKRADAR_WORKSPACE", url)
        monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", "inspecteur")
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        assert not at.exception, at.exception
        user = access_store_for(open_workspace(url)).user("inspecteur")
        incidents = open_workspace(url).incidents()
        allowed = {*user.wijken, *user.neighbours}
        keep = incidents["wijk"].isin(allowed) & incidents.geometry.notna() & incidents["in_zone"]
        assert int(at.metric[0].value.replace(".", "")) == int(keep.sum()) > 0
        log = access_store_for(open_workspace(url)).audit(user="inspecteur")
        assert {"login", "view"} <= set(log["action"])
    finally:
        drop_location(url)


def test_a_change_of_wijken_takes_effect_without_a_restart(demo: Path, monkeypatch) -> None:
    from dataclasses import replace

    at = run(APP, demo, monkeypatch, "inspecteur")
    store = access_store_for(open_workspace(demo))
    user = store.user("inspecteur")
    before = set(at.sidebar.selectbox(key="wijk").options)
    try:
        store.put_user(replace(user, neighbours=()))
        at.run()
        after = set(at.sidebar.selectbox(key="wijk").options)
        assert len(after) == 2 and after < before  # "(alle)" and the own wijk
    finally:
        store.put_user(user)


AUDIT_PAGE = str(ROOT / "pages" / "8_Auditlog.py")


@pytest.mark.parametrize(
    ("name", "allowed"), [("chef", True), ("admin", True), ("inspecteur", False)]
)
def test_audit_page_for_chef_and_admin_only(demo: Path, monkeypatch, name: str, allowed: bool):
    at = run(AUDIT_PAGE, demo, monkeypatch, name)
    if not allowed:
        assert not at.dataframe and "enkel voor" in at.error[0].value
        return
    table = at.dataframe[0].value
    assert {"Volgnr.", "Gebruiker", "Actie", "Filter", "Rijen"} <= set(table.columns)
    assert (table["Gebruiker"] == name).any()
    store = access_store_for(open_workspace(demo))
    views = len(store.audit(user=name, action="audit_view"))
    at.run()
    assert len(store.audit(user=name, action="audit_view")) == views, "a rerun is no new view"
    at.sidebar.selectbox(key="audit_action").set_value("login").run()
    assert set(at.dataframe[0].value["Actie"]) == {"aanmelding"}  # the code "login", in words
    assert len(store.audit(user=name, action="audit_view")) == views + 1
