"""The data pages (import, incidents, audit log, address review) speak the user's language:
table headings, code values, choice lists, downloads (CSV/XLSX bytes) and browser tab titles.

Pages run through streamlit.testing's AppTest on a small synthetic workspace, logged in with
the demo accounts; what a download would send to the browser is caught where Streamlit stores
it (the media file storage).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gis.i18n import LANGUAGES, MESSAGES, message
from gis.importing import INPUT_FIELDS, prepare_incidents, reject_report
from gis.io_workspace import IMPORT_LOG_COLUMNS
from gis.schema import SOURCES
from gis.workspace import AUDIT_ACTIONS, AUDIT_COLUMNS
from wijkradar.exports import column_labels, csv_bytes, people_table, xlsx_bytes
from wijkradar.services import build_demo

ROOT = Path(__file__).resolve().parents[1]
IMPORT_PAGE = str(ROOT / "pages" / "1_Importeren.py")
REVIEW_PAGE = str(ROOT / "pages" / "2_Adressen_nakijken.py")
INCIDENT_PAGE = str(ROOT / "pages" / "4_Incidenten.py")
AUDIT_PAGE = str(ROOT / "pages" / "8_Auditlog.py")
INCIDENT_COLUMNS = ["id", "source", "category", "start", "end", "street", "number", "postcode",
                    "municipality", "wijk", "description"]  # fmt: skip

# what each language must show, written out (not read back from the catalogue)
INCIDENT_HEADINGS = {
    "nl": ["PV/id", "Bron", "Categorie", "Begin", "Einde", "Straat", "Nr.", "Postcode",
           "Gemeente", "Wijk", "Omschrijving"],
    "fr": ["PV/id", "Source", "Catégorie", "Début", "Fin", "Rue", "N°", "Code postal",
           "Commune", "Quartier", "Description"],
}  # fmt: skip
AUDIT_HEADINGS = {
    "nl": ["Volgnr.", "Tijdstip (UTC)", "Gebruiker", "Rol", "Actie", "Wat", "Filter", "Rijen",
           "Kanaal", "Detail"],
    "fr": ["N° d'ordre", "Moment (UTC)", "Utilisateur", "Rôle", "Action", "Objet", "Filtre",
           "Lignes", "Canal", "Détail"],
}  # fmt: skip
LOG_HEADINGS = {
    "nl": ["Import-id", "Geïmporteerd op", "Bestand", "Gelezen", "Bewaard", "Geweigerd",
           "Dubbels", "Coördinatenstelsel", "Weigeringsrapport"],
    "fr": ["ID d'import", "Importé le", "Fichier", "Lus", "Enregistrés", "Refusés", "Doublons",
           "Système de coordonnées", "Rapport de refus"],
}  # fmt: skip
SOURCE_WORDS = {
    "nl": ["pv (proces-verbaal)", "melding", "klacht", "interventie", "GAS-boete",
           "signaal uit de wijk", "andere"],
    "fr": ["PV (procès-verbal)", "déclaration", "plainte", "intervention",
           "sanction administrative (SAC)", "signalement du quartier", "autre"],
}  # fmt: skip
REPORT_HEADER = {"nl": "rij;veld;waarde;reden;soort", "fr": "ligne;champ;valeur;raison;type"}


# -- catalogue --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "prefix"),
    [
        (INPUT_FIELDS, "table.col."),
        (INCIDENT_COLUMNS, "table.col."),
        (IMPORT_LOG_COLUMNS, "table.col."),
        (AUDIT_COLUMNS, "table.col."),
        (SOURCES, "table.source."),
        (AUDIT_ACTIONS, "audit.action."),
    ],
)
def test_every_field_and_code_has_distinct_words_in_both_languages(fields, prefix) -> None:
    missing = [f for f in fields if f"{prefix}{f}" not in MESSAGES]
    assert not missing, missing
    for lang in LANGUAGES:
        words = [message(f"{prefix}{f}", lang) for f in fields]
        assert len(set(words)) == len(words), (lang, words)  # a heading names one column


# -- pure helpers -----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_people_table_labels_headings_and_codes(lang: str) -> None:
    frame = pd.DataFrame(
        {
            "seq": [1, 2],
            "action": ["login", "plan_publish"],
            "role": ["chef", "admin"],
            "source": ["melding", "no-such-code"],
            "geometry": ["a", "b"],
        }
    )
    table = people_table(frame, lang)
    words = {
        "nl": (["aanmelding", "plan gepubliceerd"], ["chef", "beheerder"], "Volgnr."),
        "fr": (["connexion", "plan publié"], ["chef", "administrateur"], "N° d'ordre"),
    }[lang]
    assert list(table.columns) == [words[2], message("table.col.action", lang),
                                   message("table.col.role", lang),
                                   message("table.col.source", lang), "geometry"]  # fmt: skip
    assert table.iloc[:, 1].tolist() == words[0]
    assert table.iloc[:, 2].tolist() == words[1]
    assert table.iloc[:, 3].tolist() == [SOURCE_WORDS[lang][1], "no-such-code"]
    assert frame.columns.tolist()[0] == "seq" and frame["action"][0] == "login"  # unchanged
    assert column_labels(["seq", "geometry"], lang) == {"seq": words[2]}


def test_csv_and_xlsx_of_a_people_table_carry_its_headings() -> None:
    frame = pd.DataFrame({"id": ["A1"], "source": ["interventie"], "start": ["2026-01-02"]})
    table = people_table(frame, "fr")
    assert csv_bytes(table).decode("utf-8-sig").splitlines() == [
        "PV/id;Source;Début",
        "A1;intervention;2026-01-02",
    ]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table, sheet_name="Incidents")))
    assert book.sheetnames == ["Incidents"]
    assert [c.value for c in book.active[1]] == ["PV/id", "Source", "Début"]
    # the machine default (wijkradar export): field names, a sheet name Excel accepts
    assert csv_bytes(frame).decode("utf-8-sig").splitlines()[0] == "id;source;start"
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, sheet_name="a/b:c" + "x" * 40)))
    assert book.sheetnames == ["a_b_c" + "x" * 26]


@pytest.mark.parametrize(
    ("lang", "fields"),
    [
        ("nl", {3: {"Begin"}, 4: {"PV/id", "Categorie"}, 6: {"(hele rij)"}}),
        ("fr", {3: {"Début"}, 4: {"PV/id", "Catégorie"}, 6: {"(ligne entière)"}}),
    ],
)
def test_reject_report_names_fields_as_people_know_them(lang: str, fields, amow) -> None:
    raw = pd.DataFrame(
        {
            "id": ["A1", "A2", "", "A4"],
            "category": ["diefstal", "diefstal", "", "diefstal"],
            "start": ["05/03/2024 10:00", "31/02/2024", "05/03/2024", "05/03/2024"],
            "x": ["137872,31"] * 4,
            "y": ["177782,70"] * 4,
        },
        index=[2, 3, 4, 5],  # file rows
    )
    result = prepare_incidents(
        raw, municipalities=amow.municipalities, deelgemeenten=amow.deelgemeenten,
        wijken=amow.wijken, crs="EPSG:31370", lang=lang,
    )  # fmt: skip
    rejects = pd.concat(
        [result.rejects, pd.DataFrame([{"row": 6, "field": "*", "value": "5", "reason": "r",
                                        "kind": "rejected"}])],  # a ragged row
        ignore_index=True,
    )  # fmt: skip
    assert set(rejects["field"]) <= {*INPUT_FIELDS, "*"}  # the data keeps its codes
    report = reject_report(rejects, lang=lang)
    row, field = (message(f"report.{c}", lang) for c in ("row", "field"))
    assert report.groupby(row)[field].agg(set).to_dict() == fields


# -- pages --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data_pages") / "demo.gpkg"
    build_demo(path, ["ipz31"], seed=7, years=0.4, end=pd.Timestamp.now().date().isoformat())
    return path


def open_page(script: str, workspace: Path, monkeypatch, login: str, lang: str) -> AppTest:
    """Run ``script`` logged in as demo user ``login``, switched to ``lang``."""
    monkeypatch.setenv("WIJKRADAR_WORKSPACE", str(workspace))
    monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", login)
    at = AppTest.from_file(script, default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    if lang != "nl":
        at.sidebar.selectbox(key="_language_widget").set_value(lang).run()
        assert not at.exception, at.exception
    return at


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return [line.split(";") for line in data.decode("utf-8-sig").splitlines()]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_incident_table_and_downloads_in_the_users_language(
    demo: Path, monkeypatch, downloads, tab_titles, lang: str
) -> None:
    at = open_page(INCIDENT_PAGE, demo, monkeypatch, "chef", lang)
    assert tab_titles[-1] == {"nl": "wijkradar — incidenten", "fr": "wijkradar — incidents"}[lang]
    table = at.dataframe[0].value
    assert list(table.columns) == INCIDENT_HEADINGS[lang]
    sources = set(table[INCIDENT_HEADINGS[lang][1]])
    assert len(table) > 50 and sources and sources <= set(SOURCE_WORDS[lang])
    if lang == "fr":
        assert {"intervention", "déclaration", "plainte"} <= sources
        assert not sources & {"melding", "interventie", "klacht", "gas"}

    stem = {"nl": "incidenten", "fr": "incidents"}[lang]
    (csv_name,) = [n for n in downloads if n.startswith(f"{stem}-") and n.endswith(".csv")]
    (xlsx_name,) = [n for n in downloads if n.startswith(f"{stem}-") and n.endswith(".xlsx")]
    rows = _csv_rows(downloads[csv_name])
    assert rows[0] == INCIDENT_HEADINGS[lang] and len(rows) == len(table) + 1
    assert {r[1] for r in rows[1:]} == sources
    book = openpyxl.load_workbook(io.BytesIO(downloads[xlsx_name]))
    assert book.sheetnames == [{"nl": "Incidenten", "fr": "Incidents"}[lang]]
    assert [c.value for c in book.active[1]] == INCIDENT_HEADINGS[lang]
    assert {c.value for c in book.active["B"][1:]} == sources


@pytest.mark.parametrize("lang", LANGUAGES)
def test_audit_page_in_the_users_language(
    demo: Path, monkeypatch, downloads, tab_titles, lang: str
) -> None:
    at = open_page(AUDIT_PAGE, demo, monkeypatch, "chef", lang)
    assert tab_titles[-1] == {"nl": "wijkradar — audit", "fr": "wijkradar — journal d'audit"}[lang]
    choice = at.sidebar.selectbox(key="audit_action")
    words = {
        "nl": ["(alle)", "aanmelding", "mislukte aanmelding", "afmelding", "inzage"],
        "fr": ["(toutes)", "connexion", "échec de connexion", "déconnexion", "consultation"],
    }[lang]
    assert choice.options[:5] == words
    assert len(choice.options) == len(AUDIT_ACTIONS) + 1
    assert not set(choice.options) & set(AUDIT_ACTIONS) - {"export"}  # no raw codes
    table = at.dataframe[0].value
    assert list(table.columns) == AUDIT_HEADINGS[lang]
    user, role, action = AUDIT_HEADINGS[lang][2:5]
    assert (table[user] == "chef").any() and set(table[role]) == {"chef"}
    assert words[1] in set(table[action])  # the demo login
    rows = _csv_rows(next(v for n, v in downloads.items() if n.startswith("audit-")))
    assert rows[0] == AUDIT_HEADINGS[lang]

    choice.set_value("login").run()
    assert not at.exception, at.exception
    assert set(at.dataframe[0].value[action]) == {words[1]}


@pytest.fixture
def own_demo(demo: Path, tmp_path: Path) -> Path:
    """A copy of the demo workspace that a test may write (imports)."""
    for file in demo.parent.glob(f"{demo.stem}.*"):  # the GeoPackage and its access store
        shutil.copyfile(file, tmp_path / file.name)
    return tmp_path / demo.name


EXPORT = (
    "PV-nummer;Feit;Datum;X;Y\n"
    "DP-1;vandalisme;05/03/2025 10:00;146000;178000\n"
    "DP-2;vandalisme;31/02/2025;146000;178000\n"
    "DP-1;vandalisme;05/03/2025 10:00;146000;178000\n"
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_import_page_in_the_users_language(
    own_demo: Path, monkeypatch, downloads, tab_titles, lang: str
) -> None:
    at = open_page(IMPORT_PAGE, own_demo, monkeypatch, "chef", lang)
    assert tab_titles[-1] == "wijkradar — import"
    (source,) = [s for s in at.selectbox if s.label == message("import.source", lang)]
    assert source.options == SOURCE_WORDS[lang]
    at.file_uploader(key="upload").upload("export.csv", EXPORT.encode(), "text/csv").run()
    (run,) = [b for b in at.button if b.label == message("import.run", lang)]
    run.click().run()
    assert not at.exception, at.exception
    assert message("import.summary", lang, read=3, stored=1, rejected=1, duplicates=1) in (
        at.success[0].value
    )
    report, log = at.dataframe[0].value, at.dataframe[1].value
    field = message("report.field", lang)
    assert set(report[field]) == {{"nl": "Begin", "fr": "Début"}[lang], "PV/id"}
    assert list(log.columns) == LOG_HEADINGS[lang]
    rows = _csv_rows(next(v for n, v in downloads.items() if "-rejects-export-" in n))
    assert ";".join(rows[0]) == REPORT_HEADER[lang]
    assert {r[1] for r in rows[1:]} == set(report[field])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_address_review_tab_title(demo: Path, monkeypatch, tab_titles, lang: str) -> None:
    open_page(REVIEW_PAGE, demo, monkeypatch, "chef", lang)
    assert tab_titles[-1] == {"nl": "wijkradar — adressen", "fr": "wijkradar — adresses"}[lang]
