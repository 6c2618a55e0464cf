"""Shift-block forecast backtest on real open data (Vancouver VPD; Portland NIJ when it has hours).

One command: ``.venv/bin/python -m benchmarks.bench_shift_block``. For each case of
:data:`benchmarks.bench_backtest.CASES` (weekly folds, 150 m cells, zone polygons as study
area, the same test periods and hyper-parameters as the weekly table) and each block of
:data:`BLOCKS`, it

1. runs the command line exactly as a user would, timed (wall clock)::

       wijkradar backtest FILE --crs ... --cell 150 --test-start ... --test-end ...
         --horizon 7 --zone-file ... [--category C] --shift-block BLOCK --out DIR

   which scores only the fold's events in the block, with the block baselines (``count-4w``,
   ``count-52w``, ``kde-52w`` counting only past events in the block) and
   ``blend`` = ``ShiftBlockForecaster(base=BlendForecaster)``;
2. repeats the backtest in-process with two reference rows that are *not* block forecasts:
   the weekly ``blend`` and the weekly ``count-52w`` (all hours) scored on the same block
   events — what the weekly map would have captured of the block — and checks that the
   command line's summary equals the in-process one for the shared methods.

Cases whose timestamps carry no time of day (every event at 00:00, e.g. Portland's NIJ
calls for service, which are dated only) are skipped and reported as such.

Prints a Markdown table for ``docs/benchmarks.md`` and writes
``benchmarks/results/bench_shift_block.json``; the command-line outputs are in
``benchmarks/results/shift-block/<case>--<block>/``.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks import prepare_backtest_data
from benchmarks.bench_backtest import CASES, CELL, DATA, HORIZON, RESULTS, machine, save_report
from gis.backtest import choose_method, prepare_backtest, run_backtest
from gis.forecast import BASELINE_NAMES, METHOD_NAME, CountBaseline, default_methods
from gis.io_backtest import read_event_table, read_zone_file
from gis.spacetime import ShiftBlock, parse_shift_block

BLOCKS: dict[str, str] = {"night": "22:00-06:00", "weekday-day": "ma-vr 08:00-16:00"}
"""Block name → the ``--shift-block`` text."""
ALL_HOURS_BLEND = "blend (all hours)"
ALL_HOURS_COUNT = "count-52w (all hours)"
WIJKRADAR = Path(sys.executable).with_name("wijkradar")


class AllHoursOf:
    """Reference, not a block forecast: the weekly forecast of a fitted ShiftBlockForecaster.

    Placed after that forecaster in the methods, it returns its base's weekly forecast for the
    same fold (no refit), so the table can show what the all-hours ranking captures of the
    block's events.
    """

    horizon_days = float(HORIZON)

    def __init__(self, shift: object) -> None:
        self.shift = shift

    def fit(self, history: object, origin: float) -> AllHoursOf:
        if getattr(self.shift, "origin_", None) != origin:
            raise RuntimeError("the block forecaster must be fitted on this fold first")
        return self

    def predict(self) -> np.ndarray:
        return self.shift.base_.predict()


def has_hours(events: pd.DataFrame) -> bool:
    """True when some event has a time of day other than 00:00."""
    start = pd.to_datetime(events["start"])
    return bool((start != start.dt.normalize()).any())


def cli_args(case: dict[str, object], block: str, out: Path) -> list[str]:
    """The ``wijkradar backtest`` arguments of a case and block."""
    start, end = case["test"]  # type: ignore[misc]
    args = [
        "backtest", str(DATA / str(case["file"])), "--crs", str(case["crs"]),
        "--cell", f"{CELL:g}", "--test-start", start, "--test-end", end,
        "--horizon", str(HORIZON), "--zone-file", str(DATA / str(case["zone"])),
        "--shift-block", block, "--out", str(out),
    ]  # fmt: skip
    if case["category"] is not None:
        args += ["--category", str(case["category"])]
    return args


def reference_run(name: str, block: ShiftBlock) -> dict[str, object]:
    """The block backtest in-process, with the two all-hours reference rows."""
    case = CASES[name]
    table = read_event_table(DATA / str(case["file"]), crs=str(case["crs"]))
    zone = read_zone_file(DATA / str(case["zone"]), crs=table.crs)
    start, end = (pd.Timestamp(d) for d in case["test"])  # type: ignore[union-attr]
    study, history = prepare_backtest(
        table.events, cell_size=CELL, test_start=start, zone=zone,
        category=case["category"], crs=table.crs,
    )  # fmt: skip
    methods = default_methods(horizon_days=HORIZON, block=block)
    methods[ALL_HOURS_BLEND] = AllHoursOf(methods[METHOD_NAME])
    methods[ALL_HOURS_COUNT] = CountBaseline(days=365.0, horizon_days=HORIZON)
    result = run_backtest(
        history, test_start=start, test_end=end, horizon_days=HORIZON, methods=methods,
        block=block, keep_top_cells=False,
    )  # fmt: skip
    return {"summary": result.summary, "cells": study.n_cells, "events": history.n_events}


def run(name: str, block_name: str) -> dict[str, object]:
    """Command line (timed) and reference run of one case and block."""
    text = BLOCKS[block_name]
    out = RESULTS / "shift-block" / f"{name}--{block_name}"
    wall = time.perf_counter()
    done = subprocess.run(
        [str(WIJKRADAR), *cli_args(CASES[name], text, out)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - wall
    if done.returncode != 0:
        raise RuntimeError(f"{name} {text}: {done.stderr or done.stdout}")
    cli = pd.read_csv(out / "summary.csv")
    reference = reference_run(name, parse_shift_block(text))
    summary = reference["summary"]
    shared = summary[summary["method"].isin(cli["method"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        shared[["method", "coverage", "hit_rate", "pai", "pei"]],
        cli[["method", "coverage", "hit_rate", "pai", "pei"]],
        check_exact=False,
        rtol=1e-9,
    )
    return {
        "block": text,
        "summary": summary,
        "choice": choose_method(cli),
        "wall_s": wall,
        "cells": reference["cells"],
        "events": reference["events"],
        "command": "wijkradar " + shlex.join(cli_args(CASES[name], text, out)),
    }


def markdown(results: dict[tuple[str, str], dict]) -> str:
    """PAI@5 % and hit@5 % per method, case and block; gain of blend over the best baseline."""
    lines = [
        "| case | block | events / week | method | hit@5% | PAI@5% | PAI@1% |",
        "|---|---|---:|---|---:|---:|---:|",
    ]
    gains = [
        "",
        "| case | block | events / week | best baseline (PAI@5%) | blend PAI@5% | gain | "
        "map shows | CLI run time |",
        "|---|---|---:|---|---:|---:|---|---:|",
    ]
    for (name, _), result in results.items():
        summary = result["summary"]
        choice = result["choice"]
        at5 = summary[np.isclose(summary["coverage"], 0.05)].set_index("method")
        at1 = summary[np.isclose(summary["coverage"], 0.01)].set_index("method")
        for i, method in enumerate(at5.index):
            label = f"*{method}*" if method in (ALL_HOURS_BLEND, ALL_HOURS_COUNT) else method
            label = f"**{label}**" if method == METHOD_NAME else label
            head = (name, result["block"], f"{at5['events'].iloc[0]:.1f}") if i == 0 else ("",) * 3
            lines.append(
                f"| {' | '.join(head)} | {label} | {at5.at[method, 'hit_rate']:.3f} | "
                f"{at5.at[method, 'pai']:.2f} | {at1.at[method, 'pai']:.2f} |"
            )
        best = at5.loc[list(BASELINE_NAMES), "pai"]
        gains.append(
            f"| {name} | {result['block']} | {choice.events_per_fold:.1f} | "
            f"{choice.best_baseline} ({best.max():.2f}) | {at5.at[METHOD_NAME, 'pai']:.2f} | "
            f"{choice.gain:+.1%} | {choice.method} | {result['wall_s']:.1f} s |"
        )
    return "\n".join(lines + gains)


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Run every case and block; print Markdown; write ``bench_shift_block.json``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--blocks", nargs="+", default=list(BLOCKS), choices=list(BLOCKS))
    args = parser.parse_args(argv)
    prepare_backtest_data.main([])
    info = machine()
    print(f"machine: {info}", flush=True)
    results: dict[tuple[str, str], dict] = {}
    skipped: dict[str, str] = {}
    for name in args.cases:
        case = CASES[name]
        events = pd.read_csv(DATA / str(case["file"]), usecols=["start"])
        if not has_hours(events):
            skipped[name] = "timestamps have no time of day (all 00:00): no shift block possible"
            print(f"{name}: skipped, {skipped[name]}", flush=True)
            continue
        for block_name in args.blocks:
            results[(name, block_name)] = run(name, block_name)
            r = results[(name, block_name)]
            print(f"{name} {r['block']}: {r['wall_s']:.1f} s (command line)", flush=True)
    if results:
        print(markdown(results), flush=True)
    report = {
        "machine": info,
        "load_after": machine()["load_average_1_5_15"],
        "skipped": skipped,
        "runs": {
            f"{n}--{b}": {
                "block": r["block"],
                "command": r["command"],
                "wall_s": r["wall_s"],
                "cells": r["cells"],
                "events": r["events"],
                "summary": r["summary"].to_dict(orient="records"),
                "choice": r["choice"].__dict__,
            }
            for (n, b), r in results.items()
        },
    }
    save_report("bench_shift_block", report)
    return report


if __name__ == "__main__":
    main()
