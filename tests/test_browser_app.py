"""The real app in real headless Chromium: map and wijk polygons render, nothing leaves loopback."""

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

from gis.io_workspace import GeoPackageWorkspace
from wijkradar.services import build_demo

FOLIUM_COMPONENT = "streamlit_folium.st_folium"


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "demo.gpkg"
    build_demo(path, ["ipz31"], seed=1, years=1.0, end="2026-06-30")
    return path


@pytest.mark.browser
@needs_chromium
def test_app_map_renders_wijken_and_hotspots_offline(chromium, demo_workspace: Path) -> None:
    wijken = GeoPackageWorkspace(demo_workspace).areas("wijken")
    with streamlit_app(
        REPO_ROOT / "app.py", env={"WIJKRADAR_WORKSPACE": str(demo_workspace)}
    ) as app:
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        log = RequestLog().attach(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(app.url)
            frame = component_frame(page, FOLIUM_COMPONENT)
            frame.wait_for_selector(".leaflet-container", timeout=30_000)
            frame.wait_for_selector("path.wijk-polygon", timeout=30_000)
            assert frame.locator("path.wijk-polygon").count() == len(wijken) == 32
            assert frame.locator("path.hotspot-cell").count() > 10
            assert frame.locator(".wijkradar-legend").count() == 1
            assert frame.evaluate("() => typeof window.L === 'object'")
            page.get_by_text("SYNTHETISCHE DEMODATA").first.wait_for()
            OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
            page.wait_for_timeout(500)
            page.screenshot(path=str(OUTPUT_DIR / "app_map.png"), full_page=True)
            assert not errors, errors
            assert_only_loopback(log.urls)
            assert not log.failed, log.failed
        finally:
            context.close()
