"""Page timings in real headless Chromium (speed budget of the app).

Measures, on a warm server, median of ``--repeat`` runs:

* ``first_map``: from ``page.goto`` until the map iframe shows the wijk polygons, in a fresh
  browser profile (nothing cached: the worst case, a first visit);
* ``first_map_cached``: the same for a returning user (the browser has opened the app
  before, so Streamlit's frontend comes from its cache);
* ``frontend``: of ``first_map``, the part until Streamlit's frontend has loaded and opened
  its websocket (before the script runs);
* ``filter_redraw``: from choosing another municipality in the sidebar until the map shows the
  new selection (the number of drawn wijk polygons changes);
for a demo workspace of the default size and one of about 50k incidents, beside the named
baseline :data:`BASELINE_APP` (a bare Streamlit page with one streamlit-folium polygon: what
Streamlit and the map component cost on this machine before wijkradar adds anything). The
three pages are measured side by side: every round visits each in turn, and the ratio to the
baseline is taken per round, so a machine that speeds up or slows down between rounds moves
the seconds but not the ratios.

Run: ``.venv/bin/python -m benchmarks.bench_browser`` (needs /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, sync_playwright
from playwright.sync_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import REPO_ROOT, StreamlitApp, component_frame, launch_chromium, streamlit_app

from gis.io_workspace import GeoPackageWorkspace
from wijkradar.services import build_demo

FOLIUM = "streamlit_folium.st_folium"


def _wijk_count(page) -> int | None:
    """Wijk polygons drawn in the map, or None while the map frame is not there."""
    try:
        return component_frame(page, FOLIUM, timeout=2).locator("path.wijk-polygon").count()
    except (AssertionError, PlaywrightError):
        return None


def _open_map(page, url: str) -> tuple[float, float]:
    """Open the app; seconds until the websocket opened and until the map shows wijken."""
    opened: list[float] = []
    t0 = time.perf_counter()
    page.on("websocket", lambda _ws: opened.append(time.perf_counter() - t0))
    page.goto(url)
    component_frame(page, FOLIUM).wait_for_selector("path.wijk-polygon", timeout=60_000)
    return (opened[0] if opened else float("nan")), time.perf_counter() - t0


SETTLE_S = 1.0
"""Pause before each measurement: the previous page's session and browser context wind down
first (browser and server share this machine's two cores; on a police network they do not)."""

BASELINE_APP = Path(__file__).resolve().parent / "apps" / "bare_map_app.py"
"""The named baseline: a bare Streamlit page with one streamlit-folium polygon."""
BASELINE_LABEL = "baseline (bare page, one polygon)"


@dataclass
class _Page:
    """One page under test: its server, the returning user's browser context and its runs."""

    app: StreamlitApp
    returning: BrowserContext
    has_filters: bool
    runs: dict[str, list[float]] = field(
        default_factory=lambda: {"first_map": [], "first_map_cached": [], "frontend": []}
    )


def _visit(browser: Browser, page_under_test: _Page, viewport: dict[str, int]) -> None:
    """One round on one page: a returning user's visit, a first visit, then (app pages) a
    municipality change on the first visit's page."""
    time.sleep(SETTLE_S)
    page = page_under_test.returning.new_page()
    page_under_test.runs["first_map_cached"].append(_open_map(page, page_under_test.app.url)[1])
    page.close()
    time.sleep(SETTLE_S)
    fresh = browser.new_context(viewport=viewport)  # a first visit: empty cache
    page = fresh.new_page()
    ready, shown = _open_map(page, page_under_test.app.url)
    page_under_test.runs["frontend"].append(ready)
    page_under_test.runs["first_map"].append(shown)
    if page_under_test.has_filters:
        before = _wijk_count(page)
        page.locator("[data-testid='stSelectbox']").filter(has_text="Gemeente").click()
        option = page.get_by_role("option", name="Wemmel")
        t0 = time.perf_counter()
        option.click()
        while _wijk_count(page) in (before, None, 0):
            page.wait_for_timeout(10)
            if time.perf_counter() - t0 > 30:
                raise TimeoutError("the map did not redraw within 30 s")
        page_under_test.runs.setdefault("filter_redraw", []).append(time.perf_counter() - t0)
    fresh.close()


def measure(workspaces: dict[str, Path | None], repeat: int) -> dict[str, dict[str, object]]:
    """Page timings per workspace, measured side by side (see the module docstring).

    Every server runs at once and each round visits every page in turn, so the baseline
    (``None``: :data:`BASELINE_APP`, no filter to change) and the app pages share the same
    moments of this machine (a shared VM whose speed drifts by tens of percent within
    minutes). Returns, per label, the median of each timing, ``<timing>_range`` (fastest and
    slowest run) and, for the app pages, ``<timing>_ratio``: the median over the rounds of
    the ratio to the baseline's run of the same round.
    """
    viewport = {"width": 1400, "height": 1000}
    with ExitStack() as stack, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        pages: dict[str, _Page] = {}
        for label, workspace in workspaces.items():
            if workspace is None:
                script, env = BASELINE_APP, {}
            else:  # the demo login is honoured for demo workspaces only
                script = REPO_ROOT / "app.py"
                env = {"WIJKRADAR_WORKSPACE": str(workspace), "WIJKRADAR_DEMO_LOGIN": "chef"}
            app = stack.enter_context(streamlit_app(script, env=env))
            returning = browser.new_context(viewport=viewport)  # keeps its HTTP cache
            warm = returning.new_page()  # warms the server and the returning user's cache
            _open_map(warm, app.url)
            warm.close()
            pages[label] = _Page(app, returning, has_filters=workspace is not None)
        for _ in range(repeat):
            for page_under_test in pages.values():
                _visit(browser, page_under_test, viewport)
        browser.close()
    baseline = next(p.runs for label, p in pages.items() if workspaces[label] is None)
    results = {}
    for label, page_under_test in pages.items():
        runs = page_under_test.runs
        result: dict[str, object] = {key: statistics.median(v) for key, v in runs.items()}
        result |= {f"{key}_range": (min(v), max(v)) for key, v in runs.items()}
        if workspaces[label] is not None:
            result |= {
                f"{key}_ratio": statistics.median(
                    [a / b for a, b in zip(runs[key], baseline[key], strict=True)]
                )
                for key in baseline
            }
        results[label] = result
    return results


def main(argv: list[str] | None = None) -> None:
    """Build the workspaces, measure side by side, print one line per page."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    cases = {
        "demo (ipz31+ipz51, 2.5 y)": (["ipz31", "ipz51"], 2.5),
        "ipz31, ~50k incidents": (["ipz31"], 9.6),
    }
    with tempfile.TemporaryDirectory() as tmp:
        workspaces: dict[str, Path | None] = {BASELINE_LABEL: None}
        for label, (zones, years) in cases.items():  # built before anything is timed
            workspaces[label] = Path(tmp) / f"{len(zones)}-{years}.gpkg"
            build_demo(workspaces[label], zones, seed=0, years=years, end="2026-11-01")
        time.sleep(5 * SETTLE_S)
        results = measure(workspaces, args.repeat)
        for label, result in results.items():
            path = workspaces[label]
            count = f"incidents={len(GeoPackageWorkspace(path).incident_keys())} " if path else ""
            print(f"{label}: {count}{_line(result)} (median of {args.repeat})", flush=True)


def _line(result: dict) -> str:
    """Medians, the range of the runs and the ratio to the baseline's run of the same round."""
    parts = []
    for key, value in result.items():
        if key.endswith(("_range", "_ratio")):
            continue
        low, high = result[f"{key}_range"]
        ratio = f", {result[f'{key}_ratio']:.2f}x baseline" if f"{key}_ratio" in result else ""
        parts.append(f"{key}={value:.2f}s (runs {low:.2f}-{high:.2f}{ratio})")
    return " ".join(parts)


if __name__ == "__main__":
    main()
