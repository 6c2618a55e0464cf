"""The signals page in real headless Chromium at phone width: a map click and the device
position (the custom component) give a point, the signal is stored, nothing leaves loopback."""

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

from gis.io_signals import SignalStore
from gis.io_workspace import GeoPackageWorkspace
from wijkradar.services import build_demo

FOLIUM_COMPONENT = "streamlit_folium.st_folium"
DEVICE_COMPONENT = "wijkradar.signal_ui.device_position"
PHONE = {"width": 390, "height": 1600}
IN_ASSE = {"latitude": 50.9105, "longitude": 4.2005}


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser-signals") / "demo.gpkg"
    build_demo(path, ["ipz31"], seed=2, years=0.5, end="2026-06-30")
    return path


@pytest.mark.browser
@needs_chromium
def test_record_a_signal_on_a_phone(chromium, demo_workspace: Path) -> None:
    store = SignalStore(GeoPackageWorkspace(demo_workspace))
    before = len(store.signals())
    env = {"WIJKRADAR_WORKSPACE": str(demo_workspace), "WIJKRADAR_DEMO_LOGIN": "chef"}
    with streamlit_app(REPO_ROOT / "pages" / "5_Signalen.py", env=env) as app:
        context = chromium.new_context(
            viewport=PHONE, geolocation=IN_ASSE, permissions=["geolocation"]
        )
        log = RequestLog().attach(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(app.url)
            frame = component_frame(page, FOLIUM_COMPONENT)
            frame.wait_for_selector("path.wijk-polygon", timeout=30_000)
            frame.locator(".leaflet-container").click(position={"x": 180, "y": 190})
            page.get_by_text("Gekozen punt").wait_for(timeout=30_000)
            page.get_by_text("Mijn positie", exact=True).click()
            device = component_frame(page, DEVICE_COMPONENT)
            device.locator("button", has_text="Neem mijn positie").click()
            page.get_by_text("Positie op").wait_for(timeout=30_000)
            page.get_by_role("textbox", name="Korte beschrijving").fill("Lamp uit (browsertest)")
            page.wait_for_timeout(500)
            page.get_by_role("button", name="Signaal bewaren").click()
            page.get_by_text("Signaal bewaard").wait_for(timeout=30_000)
            OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUTPUT_DIR / "signals_phone.png"), full_page=True)
            assert not errors, errors
            assert_only_loopback(log.urls)
        finally:
            context.close()
    signals = store.signals()
    assert len(signals) == before + 1
    new = signals[signals["description"] == "Lamp uit (browsertest)"].iloc[0]
    assert new["location_source"] == "toestel" and new["nis"] == "23002"
    # the device position (50.9105, 4.2005) is about (138 167, 177 810) in Lambert 72
    assert abs(new.geometry.x - 138_167) < 50 and abs(new.geometry.y - 177_810) < 50
