"""Importing a messy Belgian export through the app's import page, in real Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import (
    OUTPUT_DIR,
    REPO_ROOT,
    RequestLog,
    assert_only_loopback,
    chromium,  # noqa: F401  (fixture)
    needs_chromium,
    streamlit_app,
)

from gis.io_workspace import GeoPackageWorkspace
from wijkradar.access_services import add_user

EXPORT = (
    "PV-nummer;Feit;Datum;X;Y;Straat;Huisnummer;Postcode;Gemeente;Omschrijving\r\n"
    "AS.1;woninginbraak;01/03/2025 14:30;146000,5;178000;;;;;Raam ingeslagen\r\n"
    "AS.2;fietsdiefstal;02/03/2025;;;Stationsstraat;12;1730;Asse;\r\n"
    "AS.3;vandalisme;31/02/2025;146000;178000;;;;;\r\n"
    "AS.1;woninginbraak;01/03/2025 14:30;146000,5;178000;;;;;dubbel\r\n"
)


@pytest.mark.browser
@needs_chromium
def test_upload_imports_and_lists_rejects(
    chromium, workspace: GeoPackageWorkspace, tmp_path: Path
) -> None:
    export = tmp_path / "export café.csv"
    export.write_bytes(EXPORT.encode("cp1252"))
    before = len(workspace.incident_keys())
    add_user(workspace, "beheerder", "admin", password="beheerder-wachtwoord")
    with streamlit_app(
        REPO_ROOT / "pages" / "1_Importeren.py", env={"WIJKRADAR_WORKSPACE": str(workspace.path)}
    ) as app:
        context = chromium.new_context(viewport={"width": 1300, "height": 1400})
        log = RequestLog().attach(context)
        page = context.new_page()
        try:
            page.goto(app.url)
            page.get_by_text("Incidenten importeren").first.wait_for(timeout=30_000)
            page.get_by_label("Gebruikersnaam").fill("beheerder")  # the login gate
            page.get_by_label("Wachtwoord").fill("beheerder-wachtwoord")
            page.get_by_role("button", name="Aanmelden").click()
            page.locator("input[type=file]").set_input_files(str(export))
            page.get_by_role("button", name="Importeren").click()
            summary = page.get_by_text("gelezen 4 · bewaard 2 · geweigerd 1 · dubbels 1")
            summary.wait_for(timeout=30_000)
            page.get_by_text("Geweigerde en dubbele rijen").wait_for()
            page.get_by_role("button", name="Weigeringsrapport downloaden (CSV)").wait_for()
            OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUTPUT_DIR / "import_page.png"), full_page=True)
            assert_only_loopback(log.urls)
        finally:
            context.close()
    assert len(workspace.incident_keys()) == before + 2
    reports = list(workspace.path.parent.glob("*-rejects-*.csv"))
    assert len(reports) == 1 and "export_caf" in reports[0].name
