"""The real app in real headless Chromium: map and wijk polygons render, nothing leaves loopback."""

from __future__ import annotations

import time
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
from playwright.sync_api import Error as PlaywrightError

from gis.io_workspace import GeoPackageWorkspace
from wijkradar.services import build_demo

FOLIUM_COMPONENT = "streamlit_folium.st_folium"
DEMO_LOGIN = {"WIJKRADAR_DEMO_LOGIN": "chef"}  # honoured for demo workspaces only


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
        REPO_ROOT / "app.py", env={"WIJKRADAR_WORKSPACE": str(demo_workspace), **DEMO_LOGIN}
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
            legends = frame.locator(".wijkradar-legend")  # one per layer
            assert legends.count() >= 2
            assert any("top 1 %" in text for text in legends.all_inner_texts())
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


def _frame_with(page, selector: str, *, timeout_s: float = 30.0):
    """The map iframe once it shows ``selector`` (Streamlit may replace the iframe on rerun)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            frame = component_frame(page, FOLIUM_COMPONENT, timeout=5)
            if frame.locator(selector).count():
                return frame
        except (AssertionError, PlaywrightError):
            pass
        page.wait_for_timeout(250)
    raise AssertionError(f"the map never showed {selector!r}")


@pytest.mark.browser
@needs_chromium
def test_unreachable_basemap_falls_back_to_no_basemap(chromium, demo_workspace: Path) -> None:
    with streamlit_app(
        REPO_ROOT / "app.py", env={"WIJKRADAR_WORKSPACE": str(demo_workspace), **DEMO_LOGIN}
    ) as app:
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        log = RequestLog().attach(context)  # aborts every request that leaves loopback
        page = context.new_page()
        try:
            page.goto(app.url)
            component_frame(page, FOLIUM_COMPONENT).wait_for_selector("path.wijk-polygon")
            option = page.get_by_role("option", name="GRB grijs (Digitaal Vlaanderen)")
            select = page.locator("[data-testid='stSelectbox']").filter(has_text="Achtergrondkaart")
            for _ in range(6):  # a rerun (the map reporting back) may close the dropdown
                select.click()
                try:
                    option.wait_for(timeout=5_000)
                    break
                except PlaywrightError:
                    page.keyboard.press("Escape")
            option.click()
            frame = _frame_with(page, ".wijkradar-basemap-fallback")
            notice = frame.locator(".wijkradar-basemap-fallback")
            assert "niet bereikbaar" in notice.inner_text()
            assert frame.locator("path.wijk-polygon").count() == 32
            assert frame.locator(".leaflet-tile-pane img").count() == 0
            outside = log.non_loopback()
            assert outside, "the basemap must at least have tried its tiles"
            assert all(u.startswith("https://geo.api.vlaanderen.be/GRB/wmts?") for u in outside)
            page.screenshot(path=str(OUTPUT_DIR / "app_basemap_fallback.png"), full_page=True)
        finally:
            context.close()
