"""Speed of the app's learned forecast layer: :func:`gis.forecast.forecast_cells` on the demo.

One command: ``.venv/bin/python -m benchmarks.bench_forecast_cells`` (after ``make demo``).
It reads the demo workspace (``data/workspaces/demo.gpkg``) as the app does, selects a zone's
wijken and all their categories (default ``ipz31``), builds the 150 m grid, and times
``forecast_cells`` — the 12-week evidence backtest (baselines and ``blend``) plus the
forecast itself, as the app's ``cached_forecast`` calls it — ``--repeat`` times from scratch
(median). ``--profile`` prints the cProfile of one more call. ``--save FILE`` pickles the
results (expected, rank, choice, evidence summary per zone) so that two versions of the code
can be compared for equality.

Prints the timings and writes ``benchmarks/results/bench_forecast_cells.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import statistics
import time
from pathlib import Path

import pandas as pd

from benchmarks.bench_backtest import machine, save_report
from gis.forecast import forecast_cells
from gis.grid import zone_grid
from gis.io_backends import open_workspace

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
MAP_COLUMNS = ["id", "source", "category", "start", "end", "nis", "wijk", "in_zone",
               "geocode_status"]  # fmt: skip


def selection(workspace: str, zone: str, cell_size: float) -> dict[str, object]:
    """Incidents, wijken and grid of one zone, all categories (as the app's defaults)."""
    ws = open_workspace(workspace)
    municipalities = ws.areas("municipalities")
    nis = municipalities.loc[municipalities["zone_code"] == zone, "nis"].tolist()
    wijken = ws.areas("wijken")
    wijken = wijken[wijken["nis"].isin(nis)]
    incidents = ws.incidents(columns=MAP_COLUMNS)
    incidents = incidents[incidents["wijk"].isin(wijken["code"])]
    grid = zone_grid(wijken, cell_size=cell_size)
    origin = incidents["start"].max().normalize() + pd.Timedelta(days=1)
    return {"incidents": incidents, "wijken": wijken, "grid": grid, "origin": origin}


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Time forecast_cells; print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workspace", default=str(ROOT / "data" / "workspaces" / "demo.gpkg"))
    parser.add_argument("--zones", nargs="+", default=["ipz31"])
    parser.add_argument("--cell", type=float, default=150.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--save", type=Path, default=None)
    parser.add_argument("--no-json", action="store_true", help="do not write the JSON report")
    args = parser.parse_args(argv)
    info = machine()
    print(f"machine: {info}", flush=True)
    report: dict[str, object] = {"machine": info, "zones": {}}
    saved = {}
    for zone in args.zones:
        data = selection(args.workspace, zone, args.cell)

        def call(data: dict[str, object] = data) -> object:
            return forecast_cells(
                data["incidents"], data["grid"], origin=data["origin"], cell_size=args.cell,
                zone=data["wijken"],
            )  # fmt: skip

        times, cpus = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            layer = call()
            times.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        choice = layer.choice
        report["zones"][zone] = {
            "incidents": len(data["incidents"]),
            "cells": len(data["grid"]),
            "median_s": statistics.median(times),
            "median_cpu_s": statistics.median(cpus),
            "runs_s": [round(t, 3) for t in times],
            "method": choice.method,
            "reason": choice.reason,
            "gain": choice.gain,
        }
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(
            f"{zone}: {len(data['incidents'])} incidents, {len(data['grid'])} cells: median "
            f"{statistics.median(times):.2f} s of {args.repeat} ({runs}), CPU "
            f"{statistics.median(cpus):.2f} s; "
            f"shows {choice.method} ({choice.reason}, gain {choice.gain:+.1%})",
            flush=True,
        )
        saved[zone] = {
            "expected": layer.cells["expected"].to_numpy(),
            "rank": layer.cells["rank"].to_numpy(),
            "choice": choice,
            "summary": layer.reliability.summary,
        }
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            call()
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
    report["load_after"] = machine()["load_average_1_5_15"]
    if args.save is not None:
        args.save.write_bytes(pickle.dumps(saved))
    if not args.no_json:
        save_report("bench_forecast_cells", report)
    return report


if __name__ == "__main__":
    main()
