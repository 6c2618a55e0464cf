"""Page timings in real headless Chromium (speed budget of the app).

Measures, on a warm server, median of ``--repeat`` runs:

* ``first_map``: from ``page.goto`` until the map iframe shows the wijk polygons;
* ``filter_redraw``: from choosing another municipality in the sidebar until the map shows the
  new selection (the number of drawn wijk polygons changes);
for a demo workspace of the default size and one of about 50k incidents.

Run: ``.venv/bin/python -m benchmarks.bench_browser`` (needs /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import REPO_ROOT, component_frame, launch_chromium, streamlit_app

from gis.io_workspace import GeoPackageWorkspace
from wijkradar.services import build_demo

FOLIUM = "streamlit_folium.st_folium"


def _wijk_count(page) -> int:
    try:
        return component_frame(page, FOLIUM, timeout=2).locator("path.wijk-polygon").count()
    except Exception:
        return -1


def measure(workspace: Path, repeat: int) -> dict[str, float]:
    """Median first-map and filter-redraw times (seconds) for one workspace."""
    first, redraw = [], []
    env = {"WIJKRADAR_WORKSPACE": str(workspace), "WIJKRADAR_DEMO_LOGIN": "chef"}  # demo only
    with streamlit_app(REPO_ROOT / "app.py", env=env) as app, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        warm = browser.new_page()
        warm.goto(app.url)
        component_frame(warm, FOLIUM).wait_for_selector("path.wijk-polygon", timeout=60_000)
        warm.close()
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(app.url)
            component_frame(page, FOLIUM).wait_for_selector("path.wijk-polygon", timeout=60_000)
            first.append(time.perf_counter() - t0)
            before = _wijk_count(page)
            page.locator("[data-testid='stSelectbox']").filter(has_text="Gemeente").click()
            option = page.get_by_role("option", name="Wemmel")
            t0 = time.perf_counter()
            option.click()
            while _wijk_count(page) in (before, -1, 0):
                page.wait_for_timeout(10)
                if time.perf_counter() - t0 > 30:
                    raise TimeoutError("the map did not redraw within 30 s")
            redraw.append(time.perf_counter() - t0)
            page.close()
        browser.close()
    return {"first_map": statistics.median(first), "filter_redraw": statistics.median(redraw)}


def main(argv: list[str] | None = None) -> None:
    """Build the workspaces, measure, print one line per workspace."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            "demo (ipz31+ipz51, 2.5 y)": (["ipz31", "ipz51"], 2.5),
            "ipz31, ~50k incidents": (["ipz31"], 9.6),
        }
        for label, (zones, years) in cases.items():
            path = Path(tmp) / f"{len(zones)}-{years}.gpkg"
            build_demo(path, zones, seed=0, years=years, end="2026-11-01")
            count = len(GeoPackageWorkspace(path).incident_keys())
            result = measure(path, args.repeat)
            print(
                f"{label}: incidents={count} first_map={result['first_map']:.2f}s "
                f"filter_redraw={result['filter_redraw']:.2f}s (median of {args.repeat})",
                flush=True,
            )


if __name__ == "__main__":
    main()
