"""The planner against a real demo workspace: storage, versions, outcomes, exports, CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from gis import io_planning as store
from gis.errors import ValidationError
from gis.io_workspace import GeoPackageWorkspace
from gis.roster import parse_week
from wijkradar import planning_service
from wijkradar.cli import app
from wijkradar.plan_reports import briefing_pdf
from wijkradar.services import build_demo

WEEK = "2026-W49"
END = "2026-11-23"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "demo.gpkg"
    build_demo(path, ["ipz51"], seed=5, years=1.2, end=END)
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> GeoPackageWorkspace:
    path = tmp_path / "demo.gpkg"
    shutil.copyfile(demo_file, path)
    return GeoPackageWorkspace(path)


def _pdf_tools() -> bool:
    found = shutil.which("pdftoppm") is not None and shutil.which("pdftotext") is not None
    if not found and os.environ.get("CI"):
        pytest.fail("pdftoppm/pdftotext (Debian poppler-utils) missing on CI")
    return found


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# -- the demo roster --------------------------------------------------------------------------
def test_demo_roster_is_believable(demo_file: Path) -> None:
    ws = GeoPackageWorkspace(demo_file)
    inspectors, shifts = store.load_roster(ws)
    wijken = ws.areas("wijken")
    # Herent + Kortenberg: ~43,000 inhabitants (one per 4,000 = 11) in 29 wijken, one or two
    # touching wijken per inspector (at least 15); a wijk with no free neighbour stays alone
    assert 11 <= len(inspectors) <= 18
    per = inspectors["wijken"].str.split(";").str.len()
    assert per.between(1, 2).all()
    covered = {w for v in inspectors["wijken"] for w in v.split(";")}
    assert covered == set(wijken["code"])
    week = shifts[
        pd.to_datetime(shifts["date"]).between(
            parse_week(WEEK), parse_week(WEEK) + pd.Timedelta(days=6)
        )
    ]
    assert set(week["start"]) >= {"07:30", "12:00", "00:00"}  # day, evening, leave rows
    assert (shifts["absence"] == "verlof").mean() == pytest.approx(1 / 12, abs=0.04)
    duties = store.load_duties(ws)
    assert set(duties["kind"]) == {"school", "markt", "station", "evenement"}
    assert duties.loc[duties["kind"] == "school", "school_holidays_off"].all()


# -- plan, versions, edits ----------------------------------------------------------------------
def test_plan_versions_publish_and_edit(demo: GeoPackageWorkspace) -> None:
    made = planning_service.make_week_plan(demo, WEEK, user="chef Janssens", seed=3)
    assert len(made.plan.slots) > 20
    versions = store.plans(demo, week=WEEK)
    assert versions[["status", "version", "created_by"]].values.tolist() == [
        ["draft", 0, "chef Janssens"]
    ]
    assert versions["method"].iloc[0] == "baseline"
    stored = store.plan_slots(demo, made.plan_id)
    assert len(stored) == len(made.plan.slots)
    assert (stored["start"].to_numpy() == made.plan.slots["start"].to_numpy()).all()
    # the chief removes a slot and moves another by an hour, then publishes
    edited = stored.drop(index=0).reset_index(drop=True)
    edited.loc[0, ["start", "end"]] = [
        edited.at[0, "start"] + pd.Timedelta(hours=1),
        edited.at[0, "end"] + pd.Timedelta(hours=1),
    ]
    store.update_draft(demo, made.plan_id, edited, user="chef Janssens")
    assert len(store.plan_slots(demo, made.plan_id)) == len(stored) - 1
    assert store.publish_plan(demo, made.plan_id, user="chef Janssens") == 1
    with pytest.raises(ValidationError, match="only a draft"):
        store.update_draft(demo, made.plan_id, edited, user="chef Janssens")
    second = planning_service.make_week_plan(demo, WEEK, user="chef Peeters", seed=4)
    assert store.publish_plan(demo, second.plan_id, user="chef Peeters") == 2
    versions = store.plans(demo, week=WEEK).set_index("plan_id")
    assert versions.at[made.plan_id, "status"] == "replaced"
    current = store.current_plan(demo, WEEK)
    assert current["plan_id"] == second.plan_id and current["published_by"] == "chef Peeters"
    log = store.planning_log(demo)
    assert log["action"].tolist().count("publish") == 2
    assert "versie 2" in log["detail"].iloc[-1]


def test_category_change_is_logged_and_drives_the_plan(demo: GeoPackageWorkspace) -> None:
    default = planning_service.planning_categories(demo)
    assert "drugsoverlast" not in default and "woninginbraak" in default
    detail = store.set_driving_categories(demo, [*default, "drugsoverlast"], user="chef")
    assert detail.startswith("eerste lijst")
    detail = store.set_driving_categories(
        demo, [c for c in default if c != "parkeeroverlast"] + ["drugsoverlast"], user="chef"
    )
    assert detail == "-parkeeroverlast"
    assert "drugsoverlast" in planning_service.planning_categories(demo)
    log = store.planning_log(demo)
    assert log[log["action"] == "categories"]["user"].tolist() == ["chef", "chef"]
    made = planning_service.make_week_plan(demo, WEEK, user="chef")
    assert "drugsoverlast" in made.categories
    assert "parkeeroverlast" not in made.risk.categories


def test_roster_file_import(demo: GeoPackageWorkspace, tmp_path: Path) -> None:
    wijk = demo.areas("wijken")["code"].iloc[0]
    roster = tmp_path / "rooster.csv"
    roster.write_text(
        "Inspecteur;Wijk(en);Datum;Begin;Einde;Uren straat\n"
        f"Zoë Lemaître;{wijk};01/12/2026;08:00;16:00;3,5\n"
        f"Zoë Lemaître;{wijk};02/12/2026;12:00;20:00;4\n",
        encoding="utf-8",
    )
    made = planning_service.make_week_plan(
        demo, WEEK, user="chef", roster_path=roster, inspectors=["Zoë Lemaître"]
    )
    assert set(made.plan.shifts["inspector"]) == {"Zoë Lemaître"}
    assert made.plan.shifts["street_minutes"].tolist() == [210, 240]
    with pytest.raises(ValidationError, match="no shifts in week 2027-W10"):
        planning_service.make_week_plan(demo, "2027-W10", user="chef", inspectors=["Zoë Lemaître"])


# -- outcomes and follow-up -----------------------------------------------------------------------
def test_outcomes_give_planned_vs_done_and_dosage(demo: GeoPackageWorkspace) -> None:
    made = planning_service.make_week_plan(demo, WEEK, user="chef", seed=1)
    store.publish_plan(demo, made.plan_id, user="chef")
    slots = store.plan_slots(demo, made.plan_id)
    hot = slots[slots["kind"] == "hotspot"]
    name = hot["inspector"].iloc[0]
    mine = slots[slots["inspector"] == name].reset_index(drop=True)
    first = mine[mine["kind"] == "hotspot"].iloc[0]
    second = mine[mine["slot_id"] != first["slot_id"]].iloc[0]
    store.record_outcome(
        demo,
        made.plan_id,
        first,
        done=True,
        user=name,
        start=first["start"],
        end=first["start"] + pd.Timedelta(minutes=13),
        note="rustig",
    )
    store.record_outcome(demo, made.plan_id, second, done=False, user=name, reason="interventie")
    with pytest.raises(ValidationError, match="reason"):
        store.record_outcome(demo, made.plan_id, second, done=False, user=name)
    follow = planning_service.followup_for_weeks(demo, [WEEK])
    per = follow["per_inspector"].set_index("inspector").loc[name]
    assert per["planned"] == len(mine)
    assert (per["done"], per["not_done"], per["open"]) == (1, 1, len(mine) - 2)
    assert per["done_minutes"] == 13
    assert per["planned_minutes"] == mine["dwell_min"].sum()
    dose = follow["dosage"].set_index("place")
    assert dose.loc[first["place"], "minutes"] == 13
    visits = demo.visits(inspectors=[name])
    assert len(visits) == 1 and visits["note"].iloc[0] == "rustig"


# -- exports --------------------------------------------------------------------------------------
def test_export_week_and_briefing_render(demo: GeoPackageWorkspace, tmp_path: Path) -> None:
    made = planning_service.make_week_plan(demo, WEEK, user="chef", seed=2)
    name = made.plan.slots.loc[made.plan.slots["kind"] == "hotspot", "inspector"].iloc[0]
    files = planning_service.export_week(demo, made.plan_id, tmp_path / "out", inspectors=[name])
    workbook = openpyxl.load_workbook(files[0])
    assert workbook.sheetnames == [
        "Plan",
        "Overzicht (min)",
        "Diensten",
        "Wijken",
        "Niet gedekt",
        "Info",
    ]
    assert workbook["Niet gedekt"].max_row == len(made.plan.uncovered) + 1
    plan_sheet = workbook["Plan"]
    assert plan_sheet.max_row == len(made.plan.slots) + 1
    assert [c.value for c in plan_sheet[1]][:5] == [
        "inspecteur",
        "datum",
        "volgorde",
        "begin",
        "einde",
    ]
    overview_days = [c.value for c in workbook["Overzicht (min)"][1]][1:]
    assert overview_days and all(  # Dutch day names: "ma 30/11", never "Mon 30/11"
        re.fullmatch(r"(ma|di|wo|do|vr|za|zo) \d\d/\d\d", str(day)) for day in overview_days
    ), overview_days
    dates = [pd.to_datetime(f"{day.split()[1]}/2026", format="%d/%m/%Y") for day in overview_days]
    assert dates == sorted(dates)  # in date order (not sorted by name)
    assert len(files) == 2 and files[1].suffix == ".pdf"
    if not _pdf_tools():
        pytest.skip("poppler-utils not installed")
    text = _pdf_text(files[1])
    assert f"Briefing wijkinspecteur — {name}" in text
    assert "SYNTHETISCHE DEMODATA" in text
    assert "woninginbraken" in text or "incidenten" in text
    shifts = made.plan.shifts[made.plan.shifts["inspector"] == name]
    assert text.count("Briefing wijkinspecteur") == len(shifts)  # one page per shift
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(files[1]), str(tmp_path / "page")], check=True
    )
    assert len(list(tmp_path.glob("page*.png"))) >= len(shifts)


def test_briefing_renders_dutch_and_french_characters(tmp_path: Path) -> None:
    import geopandas as gpd
    import shapely

    wijken = gpd.GeoDataFrame(
        {"code": ["W1"], "name": ["Sint-Stevens-Woluwe Ë"]},
        geometry=[shapely.box(0, 0, 2000, 2000)],
        crs="EPSG:31370",
    )
    begin = pd.Timestamp("2026-12-01 12:00")
    slots = pd.DataFrame(
        {
            "kind": ["duty", "hotspot"],
            "place": ["school-1", "13_13"],
            "wijk": ["W1", "W1"],
            "street": ["Rue de l'Église – Café Ëlsen", "Kerkstraat"],
            "x": [500.0, 1500.0],
            "y": [500.0, 1500.0],
            "start": [begin + pd.Timedelta(minutes=20), begin + pd.Timedelta(minutes=60)],
            "end": [begin + pd.Timedelta(minutes=40), begin + pd.Timedelta(minutes=73)],
            "dwell_min": [20, 13],
            "travel_min": [5, 4],
            "return_min": [0, 6],
            "reason": [
                "vaste taak: schoolpoort — Façade",
                "7 woninginbraken in 8 weken, piek di–do 16–20u; forecast top 2 %",
            ],
        }
    )
    shift = pd.Series(
        {"begin": begin, "finish": begin + pd.Timedelta(hours=8), "street_minutes": 180}
    )
    path = briefing_pdf(
        tmp_path / "b.pdf",
        inspector="Zoë Lemaître",
        shifts=[(shift, slots)],
        wijken=wijken,
        own=["W1"],
        week=WEEK,
        version="versie 1",
        method="baseline",
        base=(100.0, 100.0),
    )
    assert path.read_bytes().startswith(b"%PDF")
    if not _pdf_tools():
        pytest.skip("poppler-utils not installed")
    text = _pdf_text(path)
    for expected in (
        "Zoë Lemaître",
        "Rue de l'Église – Café Ëlsen",
        "12:20–12:40",
        "7 woninginbraken in 8 weken",
        "di–do 16–20u",
        "dinsdag 01/12/2026",
        "Façade",
        "13 min",
    ):
        assert expected in " ".join(text.split()), expected


# -- command line ---------------------------------------------------------------------------------
def test_cli_plan_and_monthly_report(demo: GeoPackageWorkspace, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "plan"
    result = runner.invoke(
        app,
        [
            "plan",
            "--workspace",
            str(demo.path),
            "--week",
            WEEK,
            "--out",
            str(out),
            "--publish",
            "--by",
            "chef",
            "--no-briefings",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Plan 2026-W49" in result.output and "versie 1" in result.output
    assert (out / "weekplan-2026-W49.xlsx").is_file()
    assert store.current_plan(demo, WEEK) is not None
    bad = runner.invoke(
        app, ["plan", "--workspace", str(demo.path), "--week", "2026-53", "--out", str(out)]
    )
    assert bad.exit_code == 2 and "'2026-53' is geen week" in bad.output
    report = tmp_path / "rapport.pdf"
    result = runner.invoke(
        app,
        ["wijkrapport", "--workspace", str(demo.path), "--month", "2026-10", "--out", str(report)],
    )
    assert result.exit_code == 0, result.output
    if _pdf_tools():
        text = _pdf_text(report)
        assert "Maandrapport wijkwerking" in text and "2026-10" in text
        assert "Incidenten per wijk" in text and "Hotspots van de maand" in text


def test_demo_history_feeds_follow_up_and_effect_view(demo: GeoPackageWorkspace) -> None:
    weeks = planning_service.add_demo_history(demo, weeks=2, end=pd.Timestamp(END), seed=1)
    assert weeks == ["2026-W46", "2026-W47"]
    follow = planning_service.followup_for_weeks(demo, weeks)
    per_week = follow["per_week"].set_index("week")
    assert list(per_week.index) == weeks
    assert (per_week["open"] == 0).all()
    assert per_week["done_share"].between(0.7, 0.97).all()
    assert follow["dosage"]["place"].str.fullmatch(r"-?\d+_-?\d+").all()  # hotspot cells only
    result = planning_service.effect_for_weeks(demo, weeks)
    assert result.counts.at["treated", "cells"] > 0
    assert result.counts.at["control", "cells"] == result.counts.at["treated", "cells"]
    assert "waarneming" in result.caution()
