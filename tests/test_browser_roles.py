"""End to end in real headless Chromium, as each role meets the app (issue #7).

Logs in through the login form (no demo shortcut), changes the selection, opens a hotspot
tooltip, makes a plan and downloads the week plan and a briefing; checks that a role never
reaches a page it must not see. Screenshots of each main page go to ``test-output/``.
"""

from __future__ import annotations

import re
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
from playwright.sync_api import Page

from gis.access import Role
from gis.i18n import message
from gis.io_backends import access_store_for
from gis.io_workspace import GeoPackageWorkspace
from wijkradar.auth_ui import PAGES
from wijkradar.services import build_demo

FOLIUM = "streamlit_folium.st_folium"
PLAN_TAB = message("plan.tab_plan", "nl")
pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("roles") / "demo.gpkg"
    build_demo(path, ["ipz31"], seed=2, years=1.0)
    return path


@pytest.fixture(scope="module")
def server(demo: Path):
    with streamlit_app(REPO_ROOT / "app.py", env={"WIJKRADAR_WORKSPACE": str(demo)}) as app:
        yield app


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    log = RequestLog().attach(context)
    page = context.new_page()
    page.goto(server.url)
    yield page
    assert_only_loopback(log.urls)
    context.close()


def _login(page: Page, name: str, password: str) -> None:
    page.get_by_text("Aanmelden").first.wait_for(timeout=30_000)
    page.get_by_label("Gebruikersnaam").fill(name)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_text(f"Aangemeld als {name}").wait_for(timeout=30_000)


def _map_count(page: Page, selector: str, *, expect: int | None = None, timeout: float = 30):
    """Count ``selector`` in the map iframe once it is drawn (and equals ``expect``)."""
    deadline = time.monotonic() + timeout
    count = -1
    while time.monotonic() < deadline:
        try:
            frame = component_frame(page, FOLIUM, timeout=5)
            count = frame.locator(selector).count()
            if count and (expect is None or count == expect):
                return count
        except (AssertionError, PlaywrightError):
            pass
        page.wait_for_timeout(200)
    return count


def _map_count_after(page: Page, selector: str, before: int, timeout: float = 30) -> int:
    """Count ``selector`` in the map once the layers have been swapped (the count differs
    from ``before``); ``before`` if they never are within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = _map_count(page, selector, timeout=5)
        if count not in (before, -1, 0):
            return count
        page.wait_for_timeout(200)
    return before


def _nav_links(page: Page, *, expect: list[str] | None = None, timeout: float = 30) -> list[str]:
    """The page names listed in the sidebar's navigation (once they equal ``expect``, or once
    the list stops changing while Streamlit draws the sidebar)."""
    links = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink']")
    links.first.wait_for(timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while time.monotonic() < deadline:
        texts = [text.strip() for text in links.all_inner_texts()]
        if texts == expect or (expect is None and texts == seen):
            return texts
        seen = texts
        page.wait_for_timeout(300)
    return seen


def _choose(page: Page, label: str, option: str) -> None:
    page.locator("[data-testid='stSelectbox']").filter(has_text=label).click()
    page.get_by_role("option", name=option).click()


def _idle(page: Page, timeout_ms: float = 90_000) -> None:
    """Wait until Streamlit has finished running the script (no running indicator)."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=timeout_ms)


def _download(page: Page, button: str, *, last: bool = False):
    """Click a download button until the browser receives the file (a rerun may swap it)."""
    for _ in range(3):
        _idle(page)
        target = page.get_by_role("button", name=button)
        try:
            with page.expect_download(timeout=20_000) as download:
                (target.last if last else target.first).click()
            return download.value
        except PlaywrightError:
            continue
    raise AssertionError(f"no download from the button {button!r}")


def _shot(page: Page, name: str) -> None:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    _idle(page)
    page.wait_for_timeout(400)
    page.screenshot(path=str(OUTPUT_DIR / f"role_{name}.png"), full_page=True)


def test_wrong_password_is_refused(page: Page) -> None:
    page.get_by_label("Gebruikersnaam").fill("chef")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_text("Verkeerde gebruikersnaam of wachtwoord").wait_for(timeout=30_000)
    assert _map_count(page, ".leaflet-container", timeout=2) <= 0


def test_chef_filters_opens_a_hotspot_and_downloads_plan_and_briefing(
    page: Page, demo: Path, tmp_path: Path
) -> None:
    _login(page, "chef", "demo-chef")
    assert _map_count(page, "path.wijk-polygon", expect=32) == 32
    chef_pages = [message(k, "nl") for k, r in PAGES.values() if Role.CHEF in r]
    assert _nav_links(page, expect=chef_pages) == chef_pages
    _shot(page, "chef_map")
    component_frame(page, FOLIUM).evaluate("() => { window.wijkradarProbe = 1; }")
    _choose(page, "Gemeente", "Wemmel")
    assert _map_count(page, "path.wijk-polygon", expect=4) == 4  # the filter redraws the map
    # … by swapping its feature groups in the same Leaflet map, not by reloading the map
    assert component_frame(page, FOLIUM).evaluate("() => window.wijkradarProbe") == 1
    # a hotspot cell's tooltip tells its count
    frame = component_frame(page, FOLIUM)
    tooltip = frame.locator(".leaflet-tooltip", has_text="Aantal")
    for _ in range(20):  # hover until the cell's own tooltip shows (the map may still settle)
        frame.locator("path.hotspot-cell").first.hover(force=True)
        if tooltip.count():
            break
        page.wait_for_timeout(250)
    assert "Cel" in tooltip.first.inner_text(timeout=10_000)
    # the planning page: make the plan, download the week plan and a briefing
    page.get_by_role("link", name="Planning").click()
    plan_tab = page.get_by_role("tab", name=PLAN_TAB)
    plan_tab.click()
    page.get_by_role("button", name="Maak plan").click()
    page.wait_for_timeout(1000)
    plan_tab.click()  # the tab bar may come back on its first tab after the rerun
    page.get_by_text("Inspecteurs × dagen").wait_for(timeout=60_000)
    _idle(page)
    _shot(page, "chef_planning")
    excel = _download(page, "Weekplan (Excel)")
    excel_path = tmp_path / excel.suggested_filename
    excel.save_as(excel_path)
    assert excel_path.read_bytes()[:2] == b"PK"  # an XLSX is a zip
    page.get_by_role("button", name="Briefing (PDF)").first.click()
    _idle(page)
    briefing = _download(page, "Briefing (PDF)", last=True)
    pdf = tmp_path / briefing.suggested_filename
    briefing.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"


def _selected(page: Page) -> int:
    """The "Incidenten in selectie" figure next to the map."""
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Incidenten in selectie")
    text = metric.locator("[data-testid='stMetricValue']").inner_text(timeout=30_000)
    return int(text.replace(".", ""))


def _selected_after(page: Page, before: int, timeout: float = 30) -> int:
    """The figure once a filter change has replaced ``before``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _idle(page)
        now = _selected(page)
        if now != before:
            return now
    return before


def test_chef_changes_period_wijk_and_category(page: Page) -> None:
    _login(page, "chef", "demo-chef")
    assert _map_count(page, "path.wijk-polygon", expect=32) == 32
    year = _selected(page)
    cells_year = _map_count(page, "path.hotspot-cell")
    # a shorter period: fewer incidents, other hotspot cells, and the dates said under it
    _choose(page, "Periode", "Laatste 4 weken")
    weeks = _selected_after(page, year)
    assert 0 < weeks < year
    caption = page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']")
    shown = caption.filter(has_text=re.compile(r"^\d\d/\d\d/\d{4} – \d\d/\d\d/\d{4}$"))
    first_day, last_day = (
        time.strptime(day.strip(), "%d/%m/%Y") for day in shown.inner_text().split("–")
    )
    assert round((time.mktime(last_day) - time.mktime(first_day)) / 86400) == 27  # 28 days
    assert 0 < _map_count_after(page, "path.hotspot-cell", cells_year) < cells_year
    # one wijk: the map keeps that wijk alone
    _choose(page, "Periode", "Laatste 12 maanden")
    assert _selected_after(page, weeks) == year
    page.locator("[data-testid='stSelectbox']").filter(has_text="Wijk").click()
    page.get_by_role("option").nth(1).click()  # the first wijk after "(alle)"
    assert _map_count(page, "path.wijk-polygon", expect=1) == 1
    one_wijk = _selected_after(page, year)
    assert 0 < one_wijk < year
    # one category less: fewer incidents
    categories = page.locator("[data-testid='stMultiSelect']")
    removed = categories.locator("[data-tag]").first.get_attribute("aria-label")
    categories.get_by_role("button", name=f"Remove {removed}").click()
    assert _selected_after(page, one_wijk) < one_wijk
    assert categories.locator(f"[data-tag][aria-label='{removed}']").count() == 0
    _shot(page, "chef_filtered")


def test_chef_switches_to_french_and_the_app_follows(page: Page, tmp_path: Path) -> None:
    _login(page, "chef", "demo-chef")
    assert _map_count(page, "path.wijk-polygon", expect=32) == 32
    _choose(page, "Taal / Langue", "Français")
    chef_pages = [message(k, "fr") for k, r in PAGES.values() if Role.CHEF in r]
    assert _nav_links(page, expect=chef_pages) == chef_pages
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Zone de police").wait_for(timeout=30_000)
    sidebar.get_by_text("Période").first.wait_for(timeout=30_000)
    _idle(page)
    # the choices already made are shown in French too (not as they were drawn in Dutch)
    boxes = sidebar.locator("[data-testid='stSelectbox'] input").all()
    shown = [box.input_value() for box in boxes]
    every, months = message("ui.all", "fr"), message("ui.period_12m", "fr")
    assert any(every in text for text in shown), shown
    assert any(months in text for text in shown), shown
    assert any(message("ui.basemap_none", "fr") in text for text in shown), shown
    assert not any(message("ui.period_12m", "nl") in text for text in shown), shown
    categories = sidebar.locator("[data-testid='stMultiSelect']")
    assert categories.locator("[data-tag][aria-label='nuisances sonores']").count() == 1
    assert categories.locator("[data-tag][aria-label='geluidsoverlast']").count() == 0
    page.get_by_text("Incidents sélectionnés").wait_for(timeout=30_000)
    assert _map_count(page, "path.wijk-polygon", expect=32) == 32  # the map still draws
    layers = component_frame(page, FOLIUM).locator(".leaflet-control-layers")
    assert "Quartiers" in layers.inner_text(timeout=10_000)
    assert page.title() == "wijkradar"
    _shot(page, "chef_map_fr")
    # the planning page and its week plan, in French
    page.get_by_role("link", name="Planification").click()
    page.get_by_role("heading", name="Planification de la présence").wait_for(timeout=30_000)
    assert page.title() == "wijkradar — Planification"
    plan_tab = page.get_by_role("tab", name=message("plan.tab_plan", "fr"))
    plan_tab.click()
    page.get_by_role("button", name="Créer le plan").click()
    page.wait_for_timeout(1000)
    plan_tab.click()
    page.get_by_text("Inspecteurs × jours").wait_for(timeout=60_000)
    _shot(page, "chef_planning_fr")
    excel = _download(page, message("plan.download_excel", "fr"))
    path = tmp_path / excel.suggested_filename
    excel.save_as(path)
    from openpyxl import load_workbook

    assert load_workbook(path, read_only=True).sheetnames[1:4] == [
        "Aperçu (min)",
        "Services",
        "Quartiers",
    ]


def test_inspector_sees_only_own_wijken_and_not_the_planning(page: Page, demo: Path) -> None:
    user = access_store_for(GeoPackageWorkspace(demo)).user("inspecteur")
    allowed = set(user.wijken) | set(user.neighbours)
    _login(page, "inspecteur", "demo-inspecteur")
    drawn = _map_count(page, "path.wijk-polygon", expect=len(allowed))
    assert 0 < drawn == len(allowed) < 32
    _shot(page, "inspecteur_map")
    links = _nav_links(page)
    assert "Mijn dienst" in links and "Planning" not in links and "Importeren" not in links
    page.get_by_role("link", name="Mijn dienst").click()
    page.wait_for_timeout(1500)
    _shot(page, "inspecteur_mijn_dienst")
    # the page is not listed, and opened by its address it refuses
    page.goto(page.url.rsplit("/", 1)[0] + "/Planning")
    _login(page, "inspecteur", "demo-inspecteur")
    page.get_by_text("Deze pagina is enkel voor").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Maak plan").count() == 0


def test_partner_is_sent_to_aggregates_without_points(page: Page) -> None:
    _login(page, "partner", "demo-partner")
    page.wait_for_url("**/Partners**", timeout=30_000)
    assert _map_count(page, ".leaflet-interactive") > 0  # the aggregate map is drawn
    page.get_by_text("Gebied").first.wait_for(timeout=30_000)  # and the suppressed counts
    _shot(page, "partner")
    body = page.content()
    assert "DEMO-ipz31-" not in body  # no incident id anywhere in the page
    assert _map_count(page, "path.hotspot-cell", timeout=3) <= 0
    assert _nav_links(page, expect=["Signalen", "Partners", "Hulp"]) == [
        "Signalen",
        "Partners",
        "Hulp",
    ]
    page.goto(page.url.rsplit("/", 1)[0] + "/Planning")
    _login(page, "partner", "demo-partner")
    page.wait_for_url("**/Partners**", timeout=30_000)  # sent back to the aggregates
    assert page.get_by_role("button", name="Maak plan").count() == 0
