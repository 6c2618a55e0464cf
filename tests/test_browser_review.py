"""The address review page in real headless Chromium: candidates on the offline map, a click
on the map becomes a correction, nothing leaves loopback."""

from __future__ import annotations

from pathlib import Path

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
from gazetteer_data import review_workspace

from gis.io_gazetteer import read_corrections
from gis.io_workspace import GeoPackageWorkspace

FOLIUM_COMPONENT = "streamlit_folium.st_folium"
PAGE = REPO_ROOT / "pages" / "2_Adressen_nakijken.py"


@pytest.fixture(scope="module")
def workspace_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return review_workspace(tmp_path_factory.mktemp("browser_review"))


@pytest.mark.browser
@needs_chromium
def test_review_map_shows_candidates_and_a_click_is_stored(chromium, workspace_path) -> None:
    env = {"WIJKRADAR_WORKSPACE": str(workspace_path), "WIJKRADAR_DEMO_LOGIN": "chef"}
    with streamlit_app(PAGE, env=env) as app:
        context = chromium.new_context(viewport={"width": 1400, "height": 1200})
        log = RequestLog().attach(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(app.url)
            page.get_by_text("Adressen nakijken").first.wait_for(timeout=60_000)
            frame = component_frame(page, FOLIUM_COMPONENT, timeout=60)
            frame.wait_for_selector("path.review-candidate", timeout=30_000)
            assert frame.locator("path.review-candidate").count() >= 1
            OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
            page.wait_for_timeout(500)
            page.screenshot(path=str(OUTPUT_DIR / "review_page.png"), full_page=True)
            box = frame.locator(".leaflet-container").bounding_box()
            assert box is not None
            page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
            page.get_by_text("Aangeklikt punt").first.wait_for(timeout=30_000)
            page.get_by_role("button", name="Gebruik het aangeklikte punt").click()
            page.get_by_text("Verbetering bewaard").first.wait_for(timeout=60_000)
            corrections = read_corrections(GeoPackageWorkspace(workspace_path))
            assert len(corrections) == 1 and corrections["by"].tolist() == ["chef"]
            x, y = float(corrections.loc[0, "x"]), float(corrections.loc[0, "y"])
            assert 120_000 < x < 160_000 and 160_000 < y < 200_000  # inside Flanders, Lambert 72
            assert not errors, errors
            assert_only_loopback(log.urls)
            assert not log.failed, log.failed
        finally:
            context.close()
