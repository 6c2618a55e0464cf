"""Forecast backtest on real open data (Vancouver VPD, Portland NIJ) and KDE speed.

One command: ``.venv/bin/python -m benchmarks.bench_backtest`` (``--quick`` skips the
repeated timing runs). It

1. converts the open data to wijkradar's canonical input (``benchmarks/prepare_backtest_data``,
   into the gitignored ``benchmarks/results/backtest-data/``);
2. runs the weekly rolling-origin backtest, 150 m cells, zone polygons as study area, for four
   cases — Vancouver 2024 (all located incidents; "Break and Enter Residential/Other") and the
   NIJ window Portland 2017-03-01..2017-05-31 (all calls for service; CATEGORY "BURGLARY") —
   with the three baselines, ``blend`` and its two halves (``blend-log``, ``blend-additive``),
   the same hyper-parameters everywhere, plus the diagnostics ``oracle-longrun`` and
   ``oracle-centred-4w`` / ``-13w`` / ``-26w`` (which see the future; ceilings, not methods);
   results in ``benchmarks/results/backtest/<case>/``;
3. times the full command-line backtest of a Vancouver year (read the CSV, build the grid,
   52 weekly folds of the baselines and ``blend``, write the tables): median of ``--repeat``
   runs, wall-clock and CPU seconds;
4. times :func:`gis.kde.kde_per_cell` against ``sklearn.neighbors.KernelDensity`` (exact,
   ``rtol=0``, and ``rtol=1e-3``) evaluated at the cell centres, on the same points and grid.

Prints Markdown tables for ``docs/benchmarks.md`` and writes
``benchmarks/results/bench_backtest.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from sklearn.neighbors import KernelDensity

from benchmarks import prepare_backtest_data
from gis.backtest import choose_method, prepare_backtest, run_backtest
from gis.forecast import BlendForecaster, default_methods
from gis.grid import zone_grid
from gis.io_backtest import read_event_table, read_zone_file, write_backtest
from gis.kde import kde_per_cell

RESULTS = Path(__file__).resolve().parent / "results"
DATA = RESULTS / "backtest-data"

CASES: dict[str, dict[str, object]] = {
    "vancouver-all": {
        "file": "vancouver.csv",
        "crs": prepare_backtest_data.VANCOUVER_CRS,
        "zone": "vancouver_zone.geojson",
        "test": ("2024-01-01", "2024-12-31"),
        "category": None,
    },
    "vancouver-burglary": {
        "file": "vancouver.csv",
        "crs": prepare_backtest_data.VANCOUVER_CRS,
        "zone": "vancouver_zone.geojson",
        "test": ("2024-01-01", "2024-12-31"),
        "category": prepare_backtest_data.VANCOUVER_BURGLARY,
    },
    "portland-all": {
        "file": "portland.csv",
        "crs": prepare_backtest_data.PORTLAND_CRS,
        "zone": "portland_zone.gpkg",
        "test": ("2017-03-01", "2017-05-31"),
        "category": None,
    },
    "portland-burglary": {
        "file": "portland.csv",
        "crs": prepare_backtest_data.PORTLAND_CRS,
        "zone": "portland_zone.gpkg",
        "test": ("2017-03-01", "2017-05-31"),
        "category": prepare_backtest_data.PORTLAND_BURGLARY,
    },
}
CELL = 150.0
HORIZON = 7


def save_report(name: str, report: dict[str, object]) -> Path:
    """Write a benchmark's figures to ``benchmarks/results/<name>.json``; return the path."""
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"{name}.json"
    target.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    return target


def machine() -> dict[str, object]:
    """CPU model, core count, load and date of this run."""
    model = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:  # pragma: no cover - not Linux
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cpu": model,
        "nproc": int(nproc or os.cpu_count() or 0),
        "load_average_1_5_15": [round(v, 2) for v in os.getloadavg()],
        "date": pd.Timestamp.now().strftime("%Y-%m-%d %H:%M"),
        "python": platform.python_version(),
    }


class LongRunOracle:
    """Diagnostic, NOT a forecast: each cell's count over the whole data set except the fold.

    It knows the future (every year of data around the fold), so it estimates each cell's
    long-run rate as well as the data allow; what it misses is the week-to-week noise that
    no forecast can know. Its PAI is a practical ceiling for any stationary forecast.
    """

    horizon_days = float(HORIZON)

    def fit(self, history: object, origin: float) -> LongRunOracle:
        self.history, self.origin = history, origin
        return self

    def predict(self) -> np.ndarray:
        h = self.history
        everything = h.counts(h.last + 1.0, h.last - h.first + 2.0, cache=False)
        return everything - h.future_counts(self.origin, self.horizon_days)


class CentredOracle:
    """Diagnostic, NOT a forecast: each cell's count in the weeks around the fold, minus the fold.

    The window runs from ``weeks`` weeks before the fold's origin to ``weeks`` weeks after
    the fold's end, i.e. ``[origin - 7·weeks, origin + horizon + 7·weeks)`` in days, and the
    fold's own events are taken out. It sees the near future on both sides, so it tracks a
    rate that drifts over weeks or months (seasons, trends, a hotspot that appears or
    disappears within the year) as well as the data allow; what it misses is the fold's own
    noise. Its PAI is a practical ceiling for any forecast of a slowly drifting rate per
    cell. Where the data end (or start) inside the window, the window is cut there; all
    cells of a fold lose the same days, so the ranking is not biased, only noisier.

    Parameters
    ----------
    weeks : int
        Half-width of the window on each side of the fold, in weeks (at least 1).
    """

    horizon_days = float(HORIZON)

    def __init__(self, weeks: int) -> None:
        if int(weeks) < 1:
            raise ValueError(f"weeks={weeks!r} must be at least 1")
        self.weeks = int(weeks)

    def fit(self, history: object, origin: float) -> CentredOracle:
        """Remember the history and the fold's origin (days since 1970-01-01)."""
        self.history, self.origin = history, origin
        return self

    def predict(self) -> np.ndarray:
        """Events per cell in the centred window minus those of the fold."""
        h, side = self.history, 7.0 * self.weeks
        end = self.origin + self.horizon_days + side  # counts() covers [end - days, end)
        around = h.counts(end, self.horizon_days + 2.0 * side, cache=False)
        return around - h.future_counts(self.origin, self.horizon_days)


ORACLE = "oracle-longrun"
CENTRED_WEEKS: tuple[int, ...] = (4, 13, 26)
"""Half-widths of the centred oracles, in weeks."""
CENTRED = tuple(f"oracle-centred-{w}w" for w in CENTRED_WEEKS)


def all_methods() -> dict[str, object]:
    """The command line's methods, the two halves of the blend and the diagnostic oracles."""
    methods = default_methods(horizon_days=HORIZON)
    methods["blend-log"] = BlendForecaster(horizon_days=HORIZON, link="log", warm_start=True)
    methods["blend-additive"] = BlendForecaster(horizon_days=HORIZON, link="identity")
    methods[ORACLE] = LongRunOracle()
    for weeks, name in zip(CENTRED_WEEKS, CENTRED, strict=True):
        methods[name] = CentredOracle(weeks)
    return methods


def run_case(name: str, *, methods: dict[str, object] | None, out: Path | None) -> dict:
    """One backtest as the command line runs it; returns the summary and timings."""
    case = CASES[name]
    wall, cpu = time.perf_counter(), time.process_time()
    table = read_event_table(DATA / str(case["file"]), crs=str(case["crs"]))
    zone = read_zone_file(DATA / str(case["zone"]), crs=table.crs)
    start, end = (pd.Timestamp(d) for d in case["test"])  # type: ignore[union-attr]
    category = case["category"]
    study, history = prepare_backtest(
        table.events, cell_size=CELL, test_start=start, zone=zone, category=category,
        crs=table.crs,
    )  # fmt: skip
    result = run_backtest(
        history, test_start=start, test_end=end, horizon_days=HORIZON, methods=methods
    )
    if out is not None:
        write_backtest(
            result,
            out,
            study=study,
            settings={"case": name, "cell_size": CELL, "horizon_days": HORIZON, **case},
        )
    return {
        "summary": result.summary,
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "seconds": result.seconds,
        "cells": study.n_cells,
        "events": history.n_events,
        "choice": choose_method(result.summary),
    }


def kde_speed(repeat: int) -> dict[str, float]:
    """kde_per_cell vs scikit-learn KernelDensity: Vancouver 2023 events on its 150 m grid."""
    table = read_event_table(DATA / "vancouver.csv", crs=prepare_backtest_data.VANCOUVER_CRS)
    zone = read_zone_file(DATA / "vancouver_zone.geojson", crs=table.crs)
    events = table.events[table.events["start"].dt.year == 2023]
    grid = zone_grid(zone, cell_size=CELL)
    inside = gpd.GeoSeries(gpd.points_from_xy(events["x"], events["y"]), crs=table.crs)
    inside = inside[inside.within(zone.union_all())]
    xy = np.column_stack([inside.x, inside.y])
    centres = np.column_stack([(grid["col"] + 0.5) * CELL, (grid["row"] + 0.5) * CELL])
    bandwidth = 250.0

    def ours() -> np.ndarray:
        return kde_per_cell(inside, grid, cell_size=CELL, bandwidth=bandwidth, zone=zone).to_numpy()

    def sklearn(rtol: float) -> np.ndarray:
        model = KernelDensity(bandwidth=bandwidth, rtol=rtol).fit(xy)
        return np.exp(model.score_samples(centres)) * len(xy) * CELL**2

    timings: dict[str, list[float]] = {"ours": [], "sklearn_exact": [], "sklearn_rtol1e-3": []}
    values: dict[str, np.ndarray] = {}
    for _ in range(repeat):
        for key, fn in (
            ("ours", ours),
            ("sklearn_exact", lambda: sklearn(0.0)),
            ("sklearn_rtol1e-3", lambda: sklearn(1e-3)),
        ):
            t0 = time.perf_counter()
            values[key] = fn()
            timings[key].append(time.perf_counter() - t0)
    medians = {k: statistics.median(v) for k, v in timings.items()}
    inner = grid["area_share"].to_numpy() == 1.0  # away from the edge correction
    return {
        "points": len(xy),
        "cells": len(grid),
        **{f"{k}_s": v for k, v in medians.items()},
        "ratio_exact": medians["sklearn_exact"] / medians["ours"],
        "ratio_rtol1e-3": medians["sklearn_rtol1e-3"] / medians["ours"],
        "correlation_full_cells": float(
            np.corrcoef(values["ours"][inner], values["sklearn_exact"][inner])[0, 1]
        ),
    }


def markdown(results: dict[str, dict]) -> str:
    """The PAI/PEI table of every case and method, and the target check."""
    lines = [
        "| case | method | hit@1% | PAI@1% | hit@5% | PAI@5% | PEI@5% | hit@10% | PAI@10% |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    checks = ["", "| case | events/week | best baseline (PAI@5%) | blend PAI@5% | gain | "
              "target +10 % | oracle-longrun PAI@5% (vs best) | "
              "best centred oracle PAI@5% (vs best) | shown on the map |",
              "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for name, result in results.items():
        summary = result["summary"]
        for method, rows in summary.groupby("method", sort=False):
            by = rows.set_index("coverage")
            lines.append(
                f"| {name} | {method} | {by.at[0.01, 'hit_rate']:.3f} | {by.at[0.01, 'pai']:.2f} "
                f"| {by.at[0.05, 'hit_rate']:.3f} | {by.at[0.05, 'pai']:.2f} "
                f"| {by.at[0.05, 'pei']:.3f} | {by.at[0.10, 'hit_rate']:.3f} "
                f"| {by.at[0.10, 'pai']:.2f} |"
            )
        choice = result["choice"]
        at5 = summary[summary["coverage"] == 0.05].set_index("method")["pai"]
        best = at5[choice.best_baseline]
        ceiling = f"{at5[ORACLE]:.2f} ({at5[ORACLE] / best - 1:+.1%})" if ORACLE in at5 else "–"
        centred = at5[at5.index.isin(CENTRED)]
        drift = (
            f"{centred.idxmax()}, {centred.max():.2f} ({centred.max() / best - 1:+.1%})"
            if len(centred)
            else "–"
        )
        checks.append(
            f"| {name} | {choice.events_per_fold:.1f} | {choice.best_baseline} ({best:.2f}) | "
            f"{at5['blend']:.2f} | {choice.gain:+.1%} | "
            f"{'met' if choice.gain >= 0.10 else 'not met'} | {ceiling} | {drift} | "
            f"{choice.method} |"
        )
    return "\n".join(lines + checks)


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Run everything; print Markdown; write ``bench_backtest.json``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (median)")
    parser.add_argument("--quick", action="store_true", help="accuracy tables only")
    parser.add_argument("--timing-only", action="store_true", help="timings only")
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    args = parser.parse_args(argv)
    prepare_backtest_data.main([])
    info = machine()
    print(f"machine: {info}", flush=True)
    results = {}
    for name in [] if args.timing_only else args.cases:
        results[name] = run_case(name, methods=all_methods(), out=RESULTS / "backtest" / name)
        print(
            f"{name}: {results[name]['cells']} cells, {results[name]['events']} events, "
            f"{results[name]['wall']:.1f} s wall / {results[name]['cpu']:.1f} s CPU",
            flush=True,
        )
    if results:
        print(markdown(results), flush=True)
    report: dict[str, object] = {
        "machine": info,
        "timing_machine": info,
        "cases": {
            n: {
                "summary": r["summary"].to_dict(orient="records"),
                "cells": r["cells"],
                "events": r["events"],
                "seconds_per_method": r["seconds"],
                "choice": r["choice"].__dict__,
            }
            for n, r in results.items()
        },
    }
    if not args.quick:
        walls, cpus = [], []
        for _ in range(args.repeat):
            run = run_case("vancouver-all", methods=None, out=RESULTS / "backtest" / "timing")
            walls.append(run["wall"])
            cpus.append(run["cpu"])
            print(f"timing run: {run['wall']:.1f} s wall, {run['cpu']:.1f} s CPU", flush=True)
        report["vancouver_year"] = {
            "wall_median_s": statistics.median(walls),
            "cpu_median_s": statistics.median(cpus),
            "runs": args.repeat,
            "load_after": [round(v, 2) for v in os.getloadavg()],
        }
        print(f"Vancouver year, CLI default methods: {report['vancouver_year']}", flush=True)
        report["kde"] = kde_speed(args.repeat)
        print(f"KDE vs sklearn: {report['kde']}", flush=True)
    target = RESULTS / "bench_backtest.json"
    if target.exists():  # keep the last results of what this run skipped
        previous = json.loads(target.read_text(encoding="utf-8"))
        skipped = ("vancouver_year", "kde") if args.quick else ()
        skipped += ("cases", "machine") if args.timing_only else ()
        for key in skipped:
            if key in previous:
                report[key] = previous[key]
    save_report("bench_backtest", report)
    return report


if __name__ == "__main__":
    main()
