"""The partner and signal pages, their downloads and the signals CLI in French (fr-BE): every
text from the message catalogue, chosen per user; codes stay codes underneath."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from app_elements import run_page
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

import gis.io_workspace
import wijkradar.auth_ui  # imported (bound to the real workspace class) before a test swaps it
import wijkradar.signal_ui  # noqa: F401
from gis.access import WHOLE_PERIOD, partner_aggregate
from gis.io_signals import SignalStore
from gis.io_workspace import GeoPackageWorkspace
from wijkradar import signal_services
from wijkradar.cli import app
from wijkradar.partner_report import nuisance_pdf, partner_download, period_word
from wijkradar.services import build_demo

ROOT = Path(__file__).resolve().parents[1]
PARTNERS = str(ROOT / "pages" / "3_Partners.py")
SIGNALS = str(ROOT / "pages" / "5_Signalen.py")
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext (Debian poppler-utils) is missing"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("i18n-partner") / "demo.gpkg"
    build_demo(path, ["ipz31"], seed=5, years=1.0)
    return path


def to_french(at: AppTest) -> AppTest:
    """Choose Français in the sidebar (the last step: AppTest cannot set a formatted radio
    of the earlier language afterwards)."""
    at.sidebar.selectbox(key="_language_widget").set_value("fr").run()
    assert not at.exception, at.exception
    return at


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        [PDFTOTEXT, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def only(files: dict[str, bytes], suffix: str) -> tuple[str, bytes]:
    (found,) = [(name, data) for name, data in files.items() if name.endswith(suffix)]
    return found


# -- partner page -------------------------------------------------------------------------


def test_period_code_is_a_word_in_the_readers_language() -> None:
    assert WHOLE_PERIOD == "total"
    assert period_word(WHOLE_PERIOD, "nl") == "hele periode"
    assert period_word(WHOLE_PERIOD, "fr") == "toute la période"
    assert period_word("2026-Q1", "fr") == "2026-Q1"


@needs_pdftotext
def test_french_partner_sees_french_table_csv_and_pdf(
    demo: Path, monkeypatch, downloads: dict[str, bytes], tab_titles: list[str], tmp_path: Path
) -> None:
    at = run_page(PARTNERS, demo, monkeypatch, "partner")
    at.sidebar.selectbox(key="partner_period").set_value("total").run()
    assert not at.exception, at.exception
    assert set(at.dataframe[0].value["Per"]) == {"hele periode"}
    downloads.clear()
    to_french(at)
    assert tab_titles[-1] == "wijkradar — partenaires"
    assert at.title[0].value.startswith("Nuisances par quartier")
    table = at.dataframe[0].value
    assert list(table.columns) == ["Zone", "Catégories", "Par", "Nombre"]
    assert len(table) and set(table["Par"]) == {"toute la période"}

    name, data = only(downloads, ".csv")
    assert name.startswith("nuisances-")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header == ["Découpage", "Zone", "Nom de la zone", "Catégorie", "Période", "Nombre"]
    assert len(body) == len(table)
    assert {r[0] for r in body} == {"Quartier"}
    assert {r[4] for r in body} == {"toute la période"}
    assert min(int(r[5]) for r in body) >= 5  # the suppressed table, nothing more

    name, data = only(downloads, ".pdf")
    assert name.startswith("nuisances-")
    text = pdf_text(data, tmp_path)
    assert "Nuisances par quartier — pour la concertation locale de sécurité" in text
    assert "DONNÉES DE DÉMONSTRATION SYNTHÉTIQUES" in text
    assert "Quartier · toute la période" in text
    assert "Les cases de moins de" in text and "sont omises" in text
    assert "Zone Catégories Par Nombre" in text
    assert "toute la période" in text and "totaal" not in text and "?" not in text


def test_french_partner_chart_names_its_fields(demo: Path, monkeypatch) -> None:
    at = to_french(run_page(PARTNERS, demo, monkeypatch, "partner"))
    (chart,) = [e for e in _walk(at._tree) if e.type == "vega_lite_chart"]
    spec = json.loads(chart.proto.spec)
    fields = {t["field"] for layer in spec["layer"] for t in layer["encoding"]["tooltip"]}
    assert fields == {"Période", "Catégorie", "Nombre"}
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Période"


def _walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


@needs_pdftotext
def test_partner_pdf_prints_every_character_and_keeps_the_safety_check(
    demo: Path, tmp_path: Path
) -> None:
    from gis.access import PartnerPolicy
    from gis.errors import AccessDeniedError

    workspace = GeoPackageWorkspace(demo)
    policy = PartnerPolicy()
    incidents = workspace.incidents()
    frame = partner_aggregate(incidents, workspace.areas("wijken"), policy, period="total")
    frame = frame.assign(area_name=frame["area_name"].where(frame.index > 0, "Œuvre “Zuid” — €"))
    headers = {"area": "Zone", "category": "Catégorie", "period": "Période", "count": "Nombre"}
    pdf = nuisance_pdf(
        frame,
        policy,
        title="Nuisances — Asse",
        subtitle="Quartier · toute la période",
        note="Les cases de moins de 5 incidents sont omises.",
        headers=headers,
        lang="fr",
    )
    text = pdf_text(pdf, tmp_path)
    assert "Nuisances — Asse" in text and "Œuvre “Zuid” — €" in text
    assert "toute la période" in text and "?" not in text
    with pytest.raises(AccessDeniedError):
        nuisance_pdf(frame.assign(count=1), policy, title="", subtitle="", note="",
                     headers=headers)  # fmt: skip
    with pytest.raises(AccessDeniedError):
        partner_download(frame.assign(pv="PV-1"), policy, lang="fr")


@needs_pdftotext
def test_partner_categories_in_french_in_the_download_and_the_pdf(
    demo: Path, tmp_path: Path
) -> None:
    from gis.access import PartnerPolicy

    workspace = GeoPackageWorkspace(demo)
    policy = PartnerPolicy()
    frame = partner_aggregate(
        workspace.incidents(), workspace.areas("wijken"), policy, period="total"
    )
    assert "geluidsoverlast" in set(frame["category"])
    french = partner_download(frame, policy, lang="fr")
    assert "nuisances sonores" in set(french["Catégorie"])
    assert "geluidsoverlast" not in set(french["Catégorie"])
    dutch = partner_download(frame, policy, lang="nl")
    assert "geluidsoverlast" in set(dutch["Categorie"])
    headers = {"area": "Zone", "category": "Catégorie", "period": "Période", "count": "Nombre"}
    pdf = nuisance_pdf(frame, policy, title="t", subtitle="s", note="n", headers=headers,
                       lang="fr")  # fmt: skip
    text = pdf_text(pdf, tmp_path)
    assert "nuisances sonores" in text and "geluidsoverlast" not in text


# -- signals page -------------------------------------------------------------------------


def _editor_columns(at: AppTest, key: str) -> dict:
    (editor,) = [e for e in at.dataframe if e.proto.id.endswith(key)]
    return json.loads(editor.proto.columns)


def test_french_chef_sees_labelled_settings_editors(
    demo: Path, monkeypatch, tab_titles: list[str]
) -> None:
    store = SignalStore(GeoPackageWorkspace(demo))
    types, services = store.types(), store.services()
    at = run_page(SIGNALS, demo, monkeypatch, "chef", signal_section="settings")
    for save in ("signal_types_save", "signal_services_save"):  # labels do not rename data
        at.button(key=save).click().run()
        assert not at.exception, at.exception
        assert [s.value for s in at.success] == ["Bewaard."]
    pd.testing.assert_frame_equal(store.types(), types)
    pd.testing.assert_frame_equal(store.services(), services)
    to_french(at)
    assert tab_titles[-1] == "wijkradar — signalements"
    kinds = _editor_columns(at, "signal_types_editor")
    labels = {c: v["label"] for c, v in kinds.items() if "label" in v}
    assert labels == {
        "code": "Code",
        "label_nl": "Nom (néerlandais)",
        "label_fr": "Nom (français)",
        "colour": "Couleur",
        "overdue_days": "En retard après (jours)",
        "active": "Actif",
    }
    table = _editor_columns(at, "signal_services_editor")
    assert {c: v["label"] for c, v in table.items() if "label" in v} == {
        "type": "Type",
        "nis": "Commune",
        "service": "Service",
        "contact": "Contact",
    }
    options = {o["value"]: o["label"] for o in table["type"]["type_config"]["options"]}
    assert options["sluikstort"] == "Dépôt clandestin" and options["*"] == "* (tous)"
    places = {o["value"]: o["label"] for o in table["nis"]["type_config"]["options"]}
    assert places["23002"] == "Asse"
    (editor,) = [e for e in at.dataframe if e.proto.id.endswith("signal_services_editor")]
    assert list(editor.value.columns) == ["type", "nis", "service", "contact"]


def test_signals_page_other_workspace_says_so_in_french(demo: Path, monkeypatch) -> None:
    class OtherWorkspace:  # stands in for a PostGIS workspace
        pass

    monkeypatch.setattr(gis.io_workspace, "GeoPackageWorkspace", OtherWorkspace)
    at = run_page(SIGNALS, demo, monkeypatch, "chef")
    assert [i.value for i in at.info] == [
        "Signalen worden voorlopig enkel in een GeoPackage-werkruimte bewaard."
    ]
    to_french(at)
    assert [i.value for i in at.info] == [
        "Pour l'instant, les signalements ne sont enregistrés que dans un espace de travail "
        "GeoPackage."
    ]


# -- hand-over and the signals CLI ------------------------------------------------------------


def inside(workspace: GeoPackageWorkspace, nis: str) -> tuple[float, float]:
    municipalities = workspace.areas("municipalities")
    point = municipalities[municipalities["nis"] == nis].geometry.iloc[0].representative_point()
    return point.x, point.y


@needs_pdftotext
def test_french_handover_has_a_french_default_sender(
    workspace: GeoPackageWorkspace, write_csv, tmp_path: Path
) -> None:
    x, y = inside(workspace, "23002")
    source = write_csv(
        [["soort", "x", "y", "beschrijving"], ["sluikstort", f"{x:.1f}", f"{y:.1f}", "Zakken"]],
        name="one.csv",
    )
    signal_services.import_signal_file(source, workspace)
    SignalStore(workspace).put_services(
        pd.DataFrame({"type": ["*"], "nis": ["*"], "service": ["Milieudienst"], "contact": [""]})
    )
    made = signal_services.make_handover(
        workspace, "Milieudienst", by="chef", lang="fr", mark=False
    )
    text = pdf_text(made.pdf, tmp_path)
    assert "Service de quartier" in text and "— chef" in text
    assert "Wijkdienst" not in text
    made = signal_services.make_handover(workspace, "Milieudienst", by="chef", mark=False)
    assert "Wijkdienst" in pdf_text(made.pdf, tmp_path)


def test_signals_cli_speaks_french_with_lang_fr(
    workspace: GeoPackageWorkspace, write_csv, tmp_path: Path
) -> None:
    x, y = inside(workspace, "23052")
    source = write_csv(
        [
            ["referentie", "soort", "x", "y", "beschrijving", "datum"],
            ["m1", "sluikstort", f"{x:.1f}", f"{y:.1f}", "Zakken", "03/05/2026"],
            ["m2", "vliegende schotel", f"{x:.1f}", f"{y:.1f}", "", "04/05/2026"],
            ["m3", "sluikstort", "", "", "geen punt", "04/05/2026"],
            ["m4", "sluikstort", f"{x:.1f}", f"{y:.1f}", "datum?", "32/13/2026"],
        ],
        name="signalen.csv",
    )
    rejects = tmp_path / "refus.csv"
    args = ["signals", "import", str(source), "-w", str(workspace.path), "--lang", "fr"]
    result = CliRunner().invoke(app, [*args, "--rejects", str(rejects)])
    assert result.exit_code == 0, result.output
    assert "lus 4 · enregistrés 1 · refusés 3 · doublons 0" in result.output
    header = next(line for line in result.output.splitlines() if "ligne" in line)
    assert [c.strip() for c in header.split("┃")[1:-1]] == ["ligne", "champ", "valeur", "raison"]
    for reason in ("type inconnu", "pas de coordonnées", "date illisible"):
        assert reason in result.output
    for dutch in ("rij", "veld", "waarde", "reden", "geweigerde rijen", "onbekende soort"):
        assert dutch not in result.output
    assert "lignes refusées" in result.output
    refused = pd.read_csv(rejects, sep=";", encoding="utf-8-sig")
    assert list(refused.columns) == ["ligne", "champ", "valeur", "raison"]
    assert refused["raison"].tolist() == ["type inconnu", "pas de coordonnées", "date illisible"]

    services = write_csv([["type", "nis", "service"], ["*", "*", "Milieudienst"]], name="s.csv")
    command = ["signals", "services", "-w", str(workspace.path), str(services), "--lang", "fr"]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "Commune (INS)" in result.output and "Nouveaux" in result.output
    result = CliRunner().invoke(
        app,
        ["signals", "handover", "-w", str(workspace.path), "--service", "Milieudienst",
         "--by", "chef", "--out", str(tmp_path / "out"), "--lang", "fr"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 signalements pour Milieudienst ; 1 passés à « transmis »." in result.output
    bad = CliRunner().invoke(app, [*args[:3], "-w", str(tmp_path / "none.gpkg"), "--lang", "fr"])
    assert bad.exit_code == 2 and "l'espace de travail" in bad.output
    assert "n'existe pas" in " ".join(bad.output.split())
    wrong = CliRunner().invoke(app, [*args[:-1], "de"])
    assert wrong.exit_code == 2
