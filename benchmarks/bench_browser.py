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
Streamlit and the map component cost on this machine before wijkradar adds anything).

Run: ``.venv/bin/python -m benchmarks.bench_browser`` (needs /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import REPO_ROOT, component_frame, launch_chromium, streamlit_app

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


def measure(workspace: Path | None, repeat: int) -> dict[str, object]:
    """Median page timings (seconds) for one workspace (see the module docstring), and under
    ``<name>_range`` the fastest and slowest run; with ``workspace=None`` the baseline page
    (:data:`BASELINE_APP`, no filter to change)."""
    first, cached, frontend, redraw = [], [], [], []
    if workspace is None:
        script, env = BASELINE_APP, {}
    else:  # the demo login is honoured for demo workspaces only
        script = REPO_ROOT / "app.py"
        env = {"WIJKRADAR_WORKSPACE": str(workspace), "WIJKRADAR_DEMO_LOGIN": "chef"}
    viewport = {"width": 1400, "height": 1000}
    with streamlit_app(script, env=env) as app, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        returning = browser.new_context(viewport=viewport)  # keeps its HTTP cache
        warm = returning.new_page()  # warms the server and the returning user's cache
        _open_map(warm, app.url)
        warm.close()
        for _ in range(repeat):
            time.sleep(SETTLE_S)
            page = returning.new_page()
            cached.append(_open_map(page, app.url)[1])
            page.close()
            time.sleep(SETTLE_S)
            fresh = browser.new_context(viewport=viewport)  # a first visit: empty cache
            page = fresh.new_page()
            ready, shown = _open_map(page, app.url)
            frontend.append(ready)
            first.append(shown)
            if workspace is None:
                fresh.close()
                continue
            before = _wijk_count(page)
            page.locator("[data-testid='stSelectbox']").filter(has_text="Gemeente").click()
            option = page.get_by_role("option", name="Wemmel")
            t0 = time.perf_counter()
            option.click()
            while _wijk_count(page) in (before, None, 0):
                page.wait_for_timeout(10)
                if time.perf_counter() - t0 > 30:
                    raise TimeoutError("the map did not redraw within 30 s")
            redraw.append(time.perf_counter() - t0)
            fresh.close()
        browser.close()
    runs = {"first_map": first, "first_map_cached": cached, "frontend": frontend}
    runs |= {"filter_redraw": redraw} if redraw else {}
    return {key: statistics.median(values) for key, values in runs.items()} | {
        f"{key}_range": (min(values), max(values)) for key, values in runs.items()
    }


def main(argv: list[str] | None = None) -> None:
    """Build the workspaces, measure, print one line per workspace."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    cases = {
        "demo (ipz31+ipz51, 2.5 y)": (["ipz31", "ipz51"], 2.5),
        "ipz31, ~50k incidents": (["ipz31"], 9.6),
    }
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}  # built before anything is measured: the writes must not overlap a timing
        for label, (zones, years) in cases.items():
            paths[label] = Path(tmp) / f"{len(zones)}-{years}.gpkg"
            build_demo(paths[label], zones, seed=0, years=years, end="2026-11-01")
        time.sleep(5 * SETTLE_S)
        baseline = measure(None, args.repeat)
        runs = f"(median of {args.repeat})"
        print(f"baseline (bare page, one polygon): {_line(baseline)} {runs}", flush=True)
        for label, path in paths.items():
            count = len(GeoPackageWorkspace(path).incident_keys())
            result = measure(path, args.repeat)
            print(f"{label}: incidents={count} {_line(result, baseline)} {runs}", flush=True)


def _line(result: dict, baseline: dict | None = None) -> str:
    """Medians (with the ratio to the baseline's) and the range of the runs."""
    parts = []
    for key, value in result.items():
        if key.endswith("_range"):
            continue
        low, high = result[f"{key}_range"]
        ratio = f", {value / baseline[key]:.2f}x baseline" if baseline and key in baseline else ""
        parts.append(f"{key}={value:.2f}s (runs {low:.2f}-{high:.2f}{ratio})")
    return " ".join(parts)


if __name__ == "__main__":
    main()
