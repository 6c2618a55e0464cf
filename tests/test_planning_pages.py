"""The planning pages through streamlit.testing's AppTest, on a small demo workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gis import io_planning as store
from gis.io_backends import access_store_for
from gis.io_workspace import GeoPackageWorkspace
from wijkradar import planning_service
from wijkradar.services import build_demo

ROOT = Path(__file__).resolve().parents[1]
WEEK = "2026-W49"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "demo.gpkg"
    build_demo(path, ["ipz51"], seed=7, years=1.0, end="2026-11-23")
    ws = GeoPackageWorkspace(path)
    made = planning_service.make_week_plan(ws, WEEK, user="chef", seed=0)
    store.publish_plan(ws, made.plan_id, user="chef")
    return path


@pytest.fixture
def workspace(published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "demo.gpkg"
    shutil.copyfile(published, path)
    for extra in published.parent.glob("demo*"):  # the access store beside the workspace
        if extra.name != "demo.gpkg":
            shutil.copy(extra, tmp_path / extra.name)
    monkeypatch.setenv("WIJKRADAR_WORKSPACE", str(path))
    return path


def _run(page: str, login: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", login)
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def test_chief_sees_the_week_grid_and_publishes(workspace: Path, monkeypatch) -> None:
    at = _run("4_Planning.py", "chef", monkeypatch)
    assert at.title[0].value == "Aanwezigheidsplanning"
    at.text_input(key="week").set_value(WEEK).run()
    assert not at.exception, at.exception
    grid = at.dataframe[1].value if len(at.dataframe) > 1 else None
    assert grid is not None and len(grid) > 3  # inspectors × days
    assert any(
        "Versie 1 (gepubliceerd, chef)" in str(o) for o in at.selectbox(key="version").options
    )
    # make a new draft, then publish it as version 2
    at.button(key="make").click().run()
    assert not at.exception, at.exception
    assert any("Ontwerp opgeslagen" in s.value for s in at.success)
    at.button(key="publish").click().run()
    assert not at.exception, at.exception
    ws = GeoPackageWorkspace(workspace)
    assert store.current_plan(ws, WEEK)["version"] == 2
    audit = access_store_for(ws).audit(action="plan_publish")
    assert len(audit) == 1 and audit["user"].iloc[0] == "chef"
    assert "versie 2" in audit["what"].iloc[0]


def test_chief_changes_categories_and_it_is_logged(workspace: Path, monkeypatch) -> None:
    at = _run("4_Planning.py", "chef", monkeypatch)
    chosen = list(at.multiselect(key="categories").value)
    at.multiselect(key="categories").set_value([*chosen, "drugsoverlast"])
    at.button(key="categories_save").click().run()
    assert not at.exception, at.exception
    log = store.planning_log(GeoPackageWorkspace(workspace))
    assert log["action"].iloc[-1] == "categories"
    assert "drugsoverlast" in log["detail"].iloc[-1]


def test_partner_may_not_plan(workspace: Path, monkeypatch) -> None:
    monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", "partner")
    at = AppTest.from_file(str(ROOT / "pages" / "4_Planning.py"), default_timeout=120)
    at.run()
    # a partner is sent to the partner page (switch_page): no planning widget is drawn
    assert not at.text_input
    assert not [b for b in at.button if b.key in ("make", "publish", "categories_save")]


def test_inspector_marks_a_slot_done(workspace: Path, monkeypatch) -> None:
    at = _run("5_Mijn_dienst.py", "inspecteur", monkeypatch)
    assert at.title[0].value == "Mijn dienst"
    at.text_input(key="week").set_value(WEEK).run()
    assert not at.exception, at.exception
    ws = GeoPackageWorkspace(workspace)
    slots = store.plan_slots(ws, store.current_plan(ws, WEEK)["plan_id"])
    who = sorted(slots["inspector"])[0]
    at.selectbox(key="who").set_value(who).run()
    assert not at.exception, at.exception
    mine = slots[slots["inspector"] == who].sort_values("start")
    assert len(at.expander) == len(mine)  # only the inspector's own slots
    at.text_input(key=f"n-{mine['slot_id'].iloc[0]}").set_value("rustig, 2 fietsen")
    at.button[0].click().run()  # the first form's "done" button
    assert not at.exception, at.exception
    outcomes = store.slot_outcomes(ws)
    assert outcomes["status"].tolist() == ["done"]
    assert outcomes["slot_id"].iloc[0] == mine["slot_id"].iloc[0]
    assert ws.visits()["note"].tolist() == ["rustig, 2 fietsen"]


def test_real_inspector_sees_only_own_plan_and_visit_is_audited(
    workspace: Path, monkeypatch
) -> None:
    from gis.access import Role, User
    from gis.passwords import hash_password

    ws = GeoPackageWorkspace(workspace)
    slots = store.plan_slots(ws, store.current_plan(ws, WEEK)["plan_id"])
    people, _ = store.load_roster(ws)
    name = sorted(slots.loc[slots["kind"] == "hotspot", "inspector"])[0]
    own = tuple(people.set_index("inspector").at[name, "wijken"].split(";"))
    login = ".".join(name.lower().split())
    access_store_for(ws).put_user(
        User(name=login, role=Role.INSPECTEUR, wijken=own),
        hash_password("lang-genoeg-wachtwoord-1"),
    )
    monkeypatch.delenv("WIJKRADAR_DEMO_LOGIN", raising=False)
    at = AppTest.from_file(str(ROOT / "pages" / "5_Mijn_dienst.py"), default_timeout=120)
    at.run()
    at.text_input(key="auth_name").input(login)
    at.text_input(key="auth_password").input("lang-genoeg-wachtwoord-1")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert not [s for s in at.selectbox if s.key == "who"]  # no choice: own plan only
    at.text_input(key="week").set_value(WEEK).run()
    mine = slots[slots["inspector"] == name].sort_values("start")
    assert len(at.expander) == len(mine)
    first = mine[mine["kind"] == "hotspot"].iloc[0]
    done = [b for b in at.button if b.label == "Bewaar als gedaan"]
    done[list(mine["slot_id"]).index(first["slot_id"])].click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    visits = ws.visits()
    assert visits["inspector"].tolist() == [login] and visits["place"].tolist() == [first["place"]]
    assert len(access_store_for(ws).audit(action="visit")) == 1
