"""The planning tables on both workspace backends (GeoPackage and PostGIS): same round trip."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import planning_data as world
import pytest
from backends import backend, fresh_location  # noqa: F401  (fixtures)

from gis import io_planning as store
from gis.duties import duty_occurrences
from gis.io_backends import create_workspace
from gis.planning import PlanSettings, make_plan
from gis.workspace import Workspace


@pytest.fixture
def ws(fresh_location: str, amow, tmp_path: Path, monkeypatch) -> Workspace:
    monkeypatch.setenv("WIJKRADAR_REPORT_DIR", str(tmp_path))
    return create_workspace(fresh_location, [amow])


def test_planning_tables_round_trip(ws: Workspace) -> None:
    inspectors, shifts = world.inspectors(), world.shifts()
    store.save_roster(ws, inspectors, shifts, user="chef")
    people, stored = store.load_roster(ws)
    assert sorted(people["inspector"]) == sorted(inspectors["inspector"])
    assert (
        stored.sort_values("shift_id")["street_minutes"].tolist()
        == shifts.sort_values("shift_id")["street_minutes"].tolist()
    )
    store.save_duties(ws, world.duties(), user="chef")
    duties = store.load_duties(ws)
    assert duties.set_index("duty_id").loc["school-a", "start"] == "15:20"
    assert duties.set_index("duty_id").loc["school-a", "school_holidays_off"]
    occurrences = duty_occurrences(duties, week_start=world.WEEK)
    plan = make_plan(
        shifts,
        inspectors,
        world.wijken(),
        world.risk(),
        occurrences,
        week_start=world.WEEK,
        settings=PlanSettings(seed=0),
    )
    plan_id = store.save_plan(ws, plan, week="2026-W49", user="chef", categories=["woninginbraak"])
    slots = store.plan_slots(ws, plan_id)
    assert len(slots) == len(plan.slots)
    assert slots["start"].dtype == "datetime64[ns]"
    assert (slots["start"].to_numpy() == plan.slots["start"].to_numpy()).all()
    assert slots["reason"].tolist() == plan.slots["reason"].tolist()  # Dutch text intact
    assert store.publish_plan(ws, plan_id, user="chef") == 1
    assert store.current_plan(ws, "2026-W49")["published_by"] == "chef"
    first = slots[slots["kind"] == "hotspot"].iloc[0]
    store.record_outcome(
        ws,
        plan_id,
        first,
        done=True,
        user="Insp A",
        end=pd.Timestamp(first["start"]) + pd.Timedelta(minutes=11),
    )
    outcomes = store.slot_outcomes(ws, plan_ids=[plan_id])
    assert outcomes["status"].tolist() == ["done"]
    assert outcomes["end"].iloc[0] - outcomes["start"].iloc[0] == pd.Timedelta(minutes=11)
    visits = ws.visits(inspectors=["Insp A"])
    assert visits["place"].tolist() == [first["place"]]
    log = store.planning_log(ws)
    assert log["action"].tolist() == ["roster", "duties", "publish"]
