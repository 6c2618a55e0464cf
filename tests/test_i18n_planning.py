"""The planner speaks the user's language: its tables, documents, stored texts and pages."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from app_elements import map_args
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from gis import io_planning as store
from gis.duties import check_duties
from gis.errors import ValidationError
from gis.i18n import category_label, error_message
from gis.io_workspace import GeoPackageWorkspace
from gis.place_risk import _count_text, peak_text
from gis.planning import check_slots
from gis.roster import parse_month, parse_week, roster_from_rows
from layers.planning import alert_layer
from wijkradar import planning_service
from wijkradar.cli import app
from wijkradar.exports import people_table
from wijkradar.plan_tables import fairness_table, overview_table, plan_table, uncovered_table
from wijkradar.services import build_demo

ROOT = Path(__file__).resolve().parents[1]
WEEK = "2026-W49"
DUTCH = ("gekozen blok", "in 8 weken", "incidenten in 52", "vaste taak:", "piek ", "basislijn")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("i18n-plan") / "demo.gpkg"
    build_demo(path, ["ipz51"], seed=5, years=1.2, end="2026-11-30")
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> GeoPackageWorkspace:
    path = tmp_path / "demo.gpkg"
    shutil.copyfile(demo_file, path)
    for extra in demo_file.parent.glob("demo*"):  # the access store beside the workspace
        if extra.name != "demo.gpkg":
            shutil.copy(extra, tmp_path / extra.name)
    return GeoPackageWorkspace(path)


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# -- tables -----------------------------------------------------------------------------------
def _slots() -> pd.DataFrame:
    start = pd.to_datetime(["2026-12-07 09:00", "2026-12-08 14:30"])
    return pd.DataFrame(
        {
            "inspector": ["An", "An"],
            "seq": [1, 2],
            "start": start,
            "end": start + pd.Timedelta(minutes=12),
            "kind": ["hotspot", "duty"],
            "street": ["Kerkstraat", "Schoolpoort"],
            "wijk": ["W1", "W2"],
            "place": ["1_2", "d-1"],
            "dwell_min": [12, 12],
            "travel_min": [3, 4],
            "return_min": [0, 5],
            "reason": ["r1", "r2"],
        }
    )


@pytest.mark.parametrize(
    ("lang", "headers", "kinds"),
    [
        ("nl", ["inspecteur", "datum", "soort", "naam wijk", "waarom"], ["hotspot", "vaste taak"]),
        (
            "fr",
            ["inspecteur", "date", "type", "nom du quartier", "pourquoi"],
            ["point chaud", "tâche fixe"],
        ),
    ],
)
def test_plan_table_headings_and_kinds_in_the_language(lang, headers, kinds) -> None:
    table = plan_table(_slots(), lang, wijk_names={"W1": "Centrum", "W2": "Veld"})
    assert set(headers) <= set(table.columns)
    kind = headers[2]
    assert table[kind].tolist() == kinds
    assert table[headers[1]].tolist() == ["07/12/2026", "08/12/2026"]
    assert table[headers[3]].tolist() == ["Centrum", "Veld"]


def test_overview_days_follow_the_language() -> None:
    assert overview_table(_slots(), "fr").columns.tolist() == ["lun 07/12", "mar 08/12"]
    assert overview_table(_slots(), "nl").columns.tolist() == ["ma 07/12", "di 08/12"]
    assert overview_table(_slots(), "fr").index.name == "inspecteur"


def test_fairness_table_words_percent_and_ratio() -> None:
    fairness = pd.DataFrame(
        {
            "wijk": ["A", "B", "C", "D"],
            "name": ["Aa", "Bb", "Cc", "Dd"],
            "minutes": [60, 15, 15, 0],
            "minutes_share": [0.8, 0.1, 0.1, 0.0],
            "harm": [10.0, 0.0, 80.0, 0.0],
            "harm_share": [0.1, 0.0, 0.9, 0.0],
            "ratio": [8.0, np.inf, 0.1 / 0.9, np.nan],
            "flag": ["too_much", "too_much", "too_little", ""],
        }
    )
    fr = fairness_table(fairness, "fr")
    assert fr["remarque"].tolist() == ["trop", "trop", "trop peu", ""]
    assert fr["part des minutes (%)"].tolist() == [80.0, 10.0, 10.0, 0.0]
    assert fr["rapport"].tolist() == ["8,00", "∞", "0,11", ""]
    assert fairness_table(fairness, "nl")["opmerking"].tolist()[2] == "te weinig"


def test_uncovered_duty_kinds_in_the_language() -> None:
    uncovered = pd.DataFrame(
        {
            "kind": ["school", "markt", "eigen soort"],
            "name": ["Poort", "Markt", "X"],
            "wijk": ["W1", "W1", "W2"],
            "start": pd.to_datetime(["2026-12-07 08:05"] * 3),
            "end": pd.to_datetime(["2026-12-07 08:25"] * 3),
        }
    )
    table = uncovered_table(uncovered, "fr")
    assert table["type de tâche"].tolist() == [
        "entrée d'école",
        "marché hebdomadaire",
        "eigen soort",  # an unknown code stays as the user typed it
    ]
    assert table["début"].tolist() == ["08:05"] * 3


# -- texts the planner writes -----------------------------------------------------------------
def test_peak_text_in_both_languages() -> None:
    profile = np.zeros((7, 24))
    profile[1:4, 16:20] = 1.0
    assert peak_text(profile.ravel(), lang="fr") == "pic mar–jeu 16–20h"
    assert peak_text(profile.ravel(), lang="nl") == "piek di–do 16–20u"
    assert peak_text(np.ones(168), lang="fr").startswith("pic tous les jours ")


def test_check_slots_in_french() -> None:
    slots = _slots().assign(shift_id="An|x", dwell_min=[30, 12])
    shifts = pd.DataFrame(
        {
            "shift_id": ["An|x"],
            "inspector": ["An"],
            "date": ["2026-12-07"],
            "start": ["08:00"],
            "end": ["16:00"],
            "street_minutes": [20],
            "absence": [""],
        }
    )
    problems = check_slots(slots, shifts, lang="fr")
    assert "An 08/12 14:30 : en dehors d'un service de l'inspecteur" in problems
    assert "An 07/12 09:00 : présence de 30 min (10–15 min demandées)" in problems
    assert any("min de temps en rue planifiées, 20 disponibles" in p for p in problems)
    assert not any("straattijd" in p or "valt buiten" in p for p in problems)


def test_alert_layer_tooltip_labels_are_the_callers() -> None:
    alerts = gpd.GeoDataFrame(
        {"alert": ["a1"], "incidents": [2], "expires": [pd.Timestamp("2026-12-20")]},
        geometry=[shapely.Point(150000, 170000).buffer(200)],
        crs="EPSG:31370",
    )
    fmap = folium.Map(tiles=None)
    alert_layer(alerts, name="zones", labels=("Incidents", "Alerte jusqu'au")).add_to(fmap)
    html = fmap.get_root().render()
    assert "Alerte jusqu\\u0027au" in html or "Alerte jusqu'au" in html
    assert "expires" in html  # the field, not its label, is what the tooltip reads


# -- a French plan, its documents and the command line ---------------------------------------
def test_a_french_plan_stores_french_reasons_and_exports_french_documents(
    demo: GeoPackageWorkspace, tmp_path: Path
) -> None:
    made = planning_service.make_week_plan(demo, WEEK, user="chef", seed=1, lang="fr")
    hotspots = made.plan.slots[made.plan.slots["kind"] == "hotspot"]
    assert len(hotspots) > 0
    assert hotspots["reason"].str.contains("créneau choisi").all()
    assert (
        hotspots["reason"].str.contains(r"pic (?:tous les jours|lun|mar|mer|jeu|ven|sam|dim)").all()
    )
    duties = made.plan.slots[made.plan.slots["kind"] == "duty"]
    assert duties["reason"].str.startswith("tâche fixe : ").all()
    texts = [*made.plan.slots["reason"], *made.plan.notes]
    assert not [t for t in texts if any(word in t for word in DUTCH)]
    stored = store.plan_slots(demo, made.plan_id)
    assert stored["reason"].str.contains("créneau choisi").any()

    files = planning_service.export_week(demo, made.plan_id, tmp_path / "fr", lang="fr")
    book = load_workbook(files[0], read_only=True)
    assert book.sheetnames == [
        "Plan",
        "Aperçu (min)",
        "Services",
        "Quartiers",
        "Non couvert",
        "Info",
    ]
    plan_header = [c.value for c in next(book["Plan"].iter_rows(max_row=1))]
    assert plan_header[:6] == ["inspecteur", "date", "ordre", "début", "fin", "type"]
    info = {r[0]: r[1] for r in book["Info"].iter_rows(min_row=2, values_only=True)}
    assert info["version"] == "projet" and info["semaine"] == WEEK
    assert info["attention"].startswith("DONNÉES DE DÉMONSTRATION SYNTHÉTIQUES")
    briefing = _pdf_text(files[1])
    assert "Briefing de l'inspecteur de quartier" in briefing
    assert "Service du " in briefing and "temps en rue" in briefing
    assert "visite (point chaud)" in briefing and "pourquoi" in briefing
    assert "Briefing wijkinspecteur" not in briefing and "straattijd" not in briefing

    dutch = planning_service.export_week(demo, made.plan_id, tmp_path / "nl", briefings=False)
    assert load_workbook(dutch[0], read_only=True).sheetnames[2:5] == [
        "Diensten",
        "Wijken",
        "Niet gedekt",
    ]


def test_monthly_report_in_french(demo: GeoPackageWorkspace, tmp_path: Path) -> None:
    path = planning_service.monthly_report(demo, "2026-10", tmp_path / "r.pdf", lang="fr")
    text = _pdf_text(path)
    assert "Rapport mensuel du travail de quartier" in text
    assert "Incidents par quartier (tendance)" in text and "Points chauds du mois" in text
    assert "ce mois" in text and "mois précédent" in text
    assert "Maandrapport" not in text and "deze maand" not in text


def test_cli_plan_speaks_french_and_refuses_an_unknown_language(
    demo: GeoPackageWorkspace, tmp_path: Path
) -> None:
    runner = CliRunner()
    args = ["plan", "--workspace", str(demo.path), "--week", WEEK, "--out", str(tmp_path)]
    result = runner.invoke(app, [*args, "--no-briefings", "--lang", "fr"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "projet (pas encore publié)" in result.output
    assert "1 fichiers dans" in result.output
    assert "ontwerp" not in result.output and "bestanden" not in result.output
    assert load_workbook(tmp_path / f"weekplan-{WEEK}.xlsx", read_only=True).sheetnames[0] == "Plan"
    bad = runner.invoke(app, [*args, "--lang", "de"])
    assert bad.exit_code == 2 and "nl, fr" in bad.output


# -- the planning page in French --------------------------------------------------------------
def test_planning_page_tables_in_french(demo: GeoPackageWorkspace, monkeypatch) -> None:
    made = planning_service.make_week_plan(demo, WEEK, user="chef", seed=0)
    store.publish_plan(demo, made.plan_id, user="chef")
    monkeypatch.setenv("WIJKRADAR_WORKSPACE", str(demo.path))
    monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", "chef")
    at = AppTest.from_file(str(ROOT / "pages" / "4_Planning.py"), default_timeout=180)
    at.run()
    at.sidebar.selectbox(key="_language_widget").set_value("fr").run()
    at.text_input(key="week").set_value(WEEK).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Planification de la présence"
    frames = [d.value for d in at.dataframe]
    headers = {str(c) for frame in frames for c in frame.columns}
    assert {"remarque", "part des minutes (%)", "nom du quartier"} <= headers  # fairness
    assert {"prévus", "faits", "pas faits"} <= headers  # follow-up
    assert {"moment", "utilisateur", "action"} <= headers  # planning log
    grid_index = {frame.index.name for frame in frames}
    assert "inspecteur" in grid_index
    assert not headers & {"minutes_share", "harm_share", "flag", "planned", "done", "detail"}
    fairness = next(f for f in frames if "remarque" in f.columns)
    assert set(fairness["remarque"]) <= {"trop", "trop peu", ""}


# -- errors a planner can fix, in the user's language -----------------------------------------
def _roster(**columns: str) -> None:
    rows = {"inspecteur": "An", "wijken": "W1", "datum": "07/12/2026", **columns}
    roster_from_rows(pd.DataFrame({k: [v] for k, v in rows.items()}))


def _duty(**columns: object) -> None:
    row = {"name": "Markt", "start": "08:00", "end": "09:00", "x": 1.0, "y": 2.0, **columns}
    check_duties(pd.DataFrame({k: [v] for k, v in row.items()}).assign(weekdays="za"))


ERRORS = [
    (
        lambda: parse_week("week 5"),
        "must be an ISO week",
        "'week 5' is geen week",
        "« week 5 » n'est pas une semaine",
    ),
    (
        lambda: parse_week("2026-W60"),
        "does not exist in 2026",
        "bestaat niet in 2026",
        "n'existe pas en 2026",
    ),
    (
        lambda: parse_month("2026-13"),
        "must be YYYY-MM",
        "'2026-13' is geen maand",
        "« 2026-13 » n'est pas un mois",
    ),
    (
        lambda: _roster(datum="31/02/2026"),
        "is not a date",
        "Rooster, rij 0: '31/02/2026' is geen datum",
        "Horaire, ligne 0 : « 31/02/2026 » n'est pas une date",
    ),
    (
        lambda: _roster(begin="25u", einde="16:00"),
        "is not a time of day",
        "Rooster, rij 0: begin '25u' is geen uur",
        "Horaire, ligne 0 : début « 25u » n'est pas une heure",
    ),
    (
        lambda: _duty(end="07:00"),
        "is not after start",
        "einde 07:00 valt niet na begin 08:00",
        "la fin 07:00 ne vient pas après le début 08:00",
    ),
    (
        lambda: _duty(kind="kermis"),
        "is unknown",
        "soort 'kermis' is onbekend",
        "type « kermis » inconnu",
    ),
]


@pytest.mark.parametrize(("call", "english", "dutch", "french"), ERRORS)
def test_planner_errors_name_a_sentence_in_each_language(call, english, dutch, french) -> None:
    with pytest.raises(ValidationError, match=english) as caught:
        call()
    assert dutch in error_message(caught.value, "nl")
    assert french in error_message(caught.value, "fr")


def test_an_error_without_a_sentence_is_shown_as_it_is() -> None:
    assert error_message(ValueError("plain"), "fr") == "plain"
    assert error_message(ValidationError("no key"), "fr") == "no key"


def test_cli_error_in_french(demo: GeoPackageWorkspace, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["plan", "-w", str(demo.path), "--week", "2026-53", "--out", str(tmp_path), "--lang", "fr"],
    )
    assert result.exit_code == 2
    assert "erreur : « 2026-53 » n'est pas une semaine" in result.output


def test_planning_page_shows_a_bad_week_in_french(demo: GeoPackageWorkspace, monkeypatch) -> None:
    monkeypatch.setenv("WIJKRADAR_WORKSPACE", str(demo.path))
    monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", "chef")
    at = AppTest.from_file(str(ROOT / "pages" / "4_Planning.py"), default_timeout=180)
    at.run()
    at.sidebar.selectbox(key="_language_widget").set_value("fr").run()
    at.text_input(key="week").set_value("semaine 5").run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("« semaine 5 » n'est pas une semaine" in e for e in errors), errors


# -- incident categories and the map page in French -------------------------------------------
def test_category_labels_and_french_evidence() -> None:
    assert category_label("woninginbraak", "fr") == "cambriolage d'habitation"
    assert category_label("woninginbraak", "nl") == "woninginbraak"
    assert category_label("eigen kwalificatie", "fr") == "eigen kwalificatie"
    assert _count_text(3, "fietsdiefstal", "fr") == "3× vol de vélo"
    assert _count_text(3, "fietsdiefstal", "nl") == "3 fietsdiefstallen"
    assert _count_text(1, "fietsdiefstal", "fr") == "1 vol de vélo"
    incidents = pd.DataFrame({"category": ["woninginbraak", "eigen", None]})
    shown = people_table(incidents, "fr")
    assert shown["Catégorie"].tolist()[:2] == ["cambriolage d'habitation", "eigen"]
    assert people_table(incidents, "nl")["Categorie"].tolist()[0] == "woninginbraak"


@pytest.fixture
def map_page_fr(demo: GeoPackageWorkspace, monkeypatch) -> AppTest:
    monkeypatch.setenv("WIJKRADAR_WORKSPACE", str(demo.path))
    monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", "chef")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.sidebar.selectbox(key="_language_widget").set_value("fr").run()
    assert not at.exception, at.exception
    return at


def test_map_page_categories_and_tables_in_french(map_page_fr: AppTest) -> None:
    options = map_page_fr.sidebar.multiselect(key="categories").options
    assert "cambriolage d'habitation" in options and "woninginbraak" not in options
    tables = [html.unescape(h.value) for h in map_page_fr.html]
    assert any("cambriolage d'habitation" in h for h in tables)
    profile = tables[-1]  # the hour × weekday table
    assert "heure" in profile and ">hour<" not in profile and "lun" in profile


def test_map_page_forecast_evidence_headings_in_french(map_page_fr: AppTest) -> None:
    map_page_fr.sidebar.selectbox(key="method").set_value("forecast").run()
    assert not map_page_fr.exception, map_page_fr.exception
    headers = {str(c) for d in map_page_fr.dataframe for c in d.value.columns}
    assert {"méthode", "surface (%)", "PAI", "semaines testées"} <= headers
    assert not headers & {"method", "coverage", "hit_rate", "folds", "events"}
    coverage = next(d.value for d in map_page_fr.dataframe if "surface (%)" in d.value.columns)
    assert set(coverage["surface (%)"].round(6)) <= {1.0, 5.0, 10.0}


def test_month_is_read_or_refused_in_the_users_language(
    demo: GeoPackageWorkspace, tmp_path: Path
) -> None:
    assert parse_month(" 2026-3 ") == pd.Timestamp("2026-03-01")
    runner = CliRunner()
    bad = runner.invoke(
        app, ["signals", "counts", "-w", str(demo.path), "--month", "2026-13", "--lang", "fr"]
    )
    assert bad.exit_code == 2 and "erreur : « 2026-13 » n'est pas un mois" in bad.output
    report = runner.invoke(
        app, ["wijkrapport", "-w", str(demo.path), "--month", "11/2026", "--out", str(tmp_path)]
    )
    assert report.exit_code == 2 and "fout: '11/2026' is geen maand" in report.output


def test_cluster_tooltips_name_categories_in_french(map_page_fr: AppTest) -> None:
    map_page_fr.sidebar.selectbox(key="method").set_value("clusters").run()
    assert not map_page_fr.exception, map_page_fr.exception
    layers = html.unescape(map_args(map_page_fr)["feature_group"]).encode().decode("unicode_escape")
    assert "hotspot-clusters" in layers or "top_categories" in layers
    french = [w for w in ("vol de vélo", "nuisances sonores", "vandalisme") if w in layers]
    assert french, "no French category in the cluster tooltips"
    assert "fietsdiefstal" not in layers and "geluidsoverlast" not in layers
