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

Run: ``.venv/bin/python -m benchmarks.bench_browser`` (needs /usr/bin/chromium);
``--against REV`` also serves the app at git revision ``REV`` (a temporary worktree) on the
demo workspace in the same rounds, and prints this checkout's timings divided by REV's.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, sync_playwright
from playwright.sync_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import (
    REPO_ROOT,
    StreamlitApp,
    component_frame,
    launch_chromium,
    start_streamlit,
    stop_streamlit,
)

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


@dataclass(frozen=True)
class PageSpec:
    """How to serve one page under test: the script, its environment and folder."""

    script: Path
    env: dict[str, str]
    cwd: Path = REPO_ROOT
    has_filters: bool = True


def app_page(workspace: Path, root: Path = REPO_ROOT) -> PageSpec:
    """The map page of the app in ``root`` (this checkout, or another revision's worktree)
    on ``workspace``, logged in as the demo chef (honoured for demo workspaces only)."""
    env = {"WIJKRADAR_WORKSPACE": str(workspace), "WIJKRADAR_DEMO_LOGIN": "chef"}
    if root != REPO_ROOT:  # that revision's own modules and .streamlit/config.toml
        env["PYTHONPATH"] = str(root)
    return PageSpec(root / "app.py", env, cwd=root)


BASELINE_PAGE = PageSpec(BASELINE_APP, {}, has_filters=False)


def measure(pages: dict[str, PageSpec], repeat: int) -> dict[str, dict[str, object]]:
    """Page timings per page, measured side by side (see the module docstring).

    Every server runs at once and each round visits every page in turn (the order rotates
    from round to round), so the baseline (the page without filters) and the app pages
    share the same moments of this machine (a shared VM whose speed drifts by tens of
    percent within minutes). Returns, per label, the median of each timing,
    ``<timing>_range`` (fastest and slowest run) and, for the app pages, ``<timing>_ratio``:
    the median over the rounds of the ratio to the baseline's run of the same round.
    """
    viewport = {"width": 1400, "height": 1000}
    with ExitStack() as stack, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        visited: dict[str, _Page] = {}
        for label, spec in pages.items():
            app = start_streamlit(spec.script, env=spec.env, cwd=spec.cwd)
            stack.callback(stop_streamlit, app)
            returning = browser.new_context(viewport=viewport)  # keeps its HTTP cache
            warm = returning.new_page()  # warms the server and the returning user's cache
            _open_map(warm, app.url)
            warm.close()
            visited[label] = _Page(app, returning, has_filters=spec.has_filters)
        order = list(visited.values())
        for round_number in range(repeat):
            shift = round_number % len(order)
            for page_under_test in order[shift:] + order[:shift]:
                _visit(browser, page_under_test, viewport)
        browser.close()
    baseline = next(p.runs for p in visited.values() if not p.has_filters)
    results = {}
    for label, page_under_test in visited.items():
        runs = page_under_test.runs
        result: dict[str, object] = {key: statistics.median(v) for key, v in runs.items()}
        result |= {f"{key}_range": (min(v), max(v)) for key, v in runs.items()}
        result["runs"] = runs
        if page_under_test.has_filters:
            result |= {f"{key}_ratio": _ratio(runs[key], baseline[key]) for key in baseline}
        results[label] = result
    return results


def _ratio(runs: list[float], reference: list[float]) -> float:
    """Median over the rounds of ``runs`` divided by ``reference``'s run of the same round."""
    return statistics.median([a / b for a, b in zip(runs, reference, strict=True)])


def main(argv: list[str] | None = None) -> None:
    """Build the workspaces, measure side by side, print one line per page."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--against",
        metavar="REV",
        help="also run the app at git revision REV on the demo workspace, side by side "
        "(a temporary worktree), and print this checkout's timings divided by REV's",
    )
    args = parser.parse_args(argv)
    cases = {
        "demo (ipz31+ipz51, 2.5 y)": (["ipz31", "ipz51"], 2.5),
        "ipz31, ~50k incidents": (["ipz31"], 9.6),
    }
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        pages = {BASELINE_LABEL: BASELINE_PAGE}
        counts = {}
        for label, (zones, years) in cases.items():  # built before anything is timed
            path = Path(tmp) / f"{len(zones)}-{years}.gpkg"
            build_demo(path, zones, seed=0, years=years, end="2026-11-01")
            pages[label] = app_page(path)
            counts[label] = len(GeoPackageWorkspace(path).incident_keys())
        demo_label = next(iter(cases))
        if args.against:
            other = Path(tmp) / "against"
            git = ["git", "-C", str(REPO_ROOT), "worktree"]
            subprocess.run([*git, "add", "--detach", str(other), args.against], check=True)
            stack.callback(subprocess.run, [*git, "remove", "--force", str(other)], check=False)
            pages[f"demo at {args.against}"] = app_page(
                Path(pages[demo_label].env["WIJKRADAR_WORKSPACE"]), other
            )
        time.sleep(5 * SETTLE_S)
        results = measure(pages, args.repeat)
        for label, result in results.items():
            count = f"incidents={counts[label]} " if label in counts else ""
            print(f"{label}: {count}{_line(result)} (median of {args.repeat})", flush=True)
        if args.against:
            ratios = _against_line(results[demo_label], results[f"demo at {args.against}"])
            print(f"{demo_label} / demo at {args.against}, per round: {ratios}")


def _against_line(ours: dict, theirs: dict) -> str:
    """This checkout's timings divided by the other revision's, round by round."""
    ours, theirs = ours["runs"], theirs["runs"]
    return " ".join(f"{key}={_ratio(ours[key], theirs[key]):.3f}x" for key in ours)


def _line(result: dict) -> str:
    """Medians, the range of the runs and the ratio to the baseline's run of the same round."""
    parts = []
    for key, value in result.items():
        if key == "runs" or key.endswith(("_range", "_ratio")):
            continue
        low, high = result[f"{key}_range"]
        ratio = f", {result[f'{key}_ratio']:.2f}x baseline" if f"{key}_ratio" in result else ""
        parts.append(f"{key}={value:.2f}s (runs {low:.2f}-{high:.2f}{ratio})")
    return " ".join(parts)


if __name__ == "__main__":
    main()
