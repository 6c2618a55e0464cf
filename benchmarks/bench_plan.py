"""Presence planner time on the demo zone: one week, 10 inspectors (and the whole roster).

Builds the synthetic demo workspace of PZ AMOW (ipz31, 2.5 years of incidents, the synthetic
roster and fixed duties) in a temporary folder once, then times, ``--repeat`` times each:

* ``risk``: reading 52 weeks of incidents from the GeoPackage and the place risk
  (harm-weighted baseline per 150 m cell, aoristic hour × weekday profiles);
* ``plan``: :func:`gis.planning.make_plan` for the week (duties, allocation, timing, routes);
* ``end to end``: :func:`wijkradar.planning_service.make_week_plan` (roster and duties read,
  risk, plan, fairness, the draft stored in the workspace).

Baseline run side by side: the least a planner does — for every shift, the inspector's
top cells by expected harm, one after the other from the shift's start, no duties, no travel,
no spreading (``naive``).

Run: ``.venv/bin/python -m benchmarks.bench_plan [--inspectors 10] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from gis import io_planning as store
from gis.duties import duty_occurrences
from gis.io_workspace import GeoPackageWorkspace
from gis.planning import PlanSettings, make_plan
from gis.roster import parse_week, shift_times
from wijkradar import planning_service
from wijkradar.services import build_demo

WEEK = "2026-W49"
END = "2026-11-23"


def naive_plan(shifts: pd.DataFrame, inspectors: pd.DataFrame, places: pd.DataFrame) -> int:
    """Top cells of the inspector's wijken, 15 minutes each back to back: the baseline."""
    own = {r.inspector: set(str(r.wijken).split(";")) for r in inspectors.itertuples()}
    ranked = places.sort_values("expected", ascending=False)
    count = 0
    for shift in shift_times(shifts).itertuples():
        mine = ranked[ranked["wijk"].isin(own[shift.inspector])]
        count += len(mine.head(int(shift.street_minutes) // 15))
    return count


def _median(run, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def measure(ws, names: list[str], label: str, repeat: int) -> tuple:
    """Time the stages for the inspectors ``names``; return one table row."""
    people, shifts = store.load_roster(ws)
    week_start = parse_week(WEEK)
    some_people = people[people["inspector"].isin(names)]
    some = shifts[shifts["inspector"].isin(names) & (shifts["absence"] == "")]
    days = pd.to_datetime(some["date"])
    some = some[days.between(week_start, week_start + pd.Timedelta(days=6))]
    categories = planning_service.planning_categories(ws)
    codes = sorted({w for v in some_people["wijken"] for w in v.split(";")})
    risk_time, (risk, wijken, _) = _median(
        lambda: planning_service.week_risk(ws, week_start, categories, wijk_codes=codes), repeat
    )
    occurrences = duty_occurrences(store.load_duties(ws), week_start=week_start)
    plan_time, plan = _median(
        lambda: make_plan(
            some,
            some_people,
            wijken,
            risk,
            occurrences,
            week_start=week_start,
            settings=PlanSettings(seed=0),
        ),
        repeat,
    )
    end_time, _ = _median(
        lambda: planning_service.make_week_plan(ws, WEEK, user="bench", inspectors=names), repeat
    )
    naive_time, naive_count = _median(lambda: naive_plan(some, some_people, risk.places), repeat)
    return (
        label,
        len(some),
        len(plan.slots),
        risk_time,
        plan_time,
        end_time,
        naive_time,
        naive_count,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspectors", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.gpkg"
        started = time.perf_counter()
        build_demo(path, ["ipz31"], seed=0, years=2.5, end=END)
        print(f"demo workspace ipz31: {time.perf_counter() - started:.1f} s (not timed below)")
        ws = GeoPackageWorkspace(path)
        people, _ = store.load_roster(ws)
        everyone = sorted(people["inspector"])
        chosen = everyone[: args.inspectors]
        rows = [
            measure(ws, chosen, f"{len(chosen)} inspectors", args.repeat),
            measure(ws, everyone, f"all {len(everyone)} inspectors", args.repeat),
        ]
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"median of {args.repeat} runs, week {WEEK}"
    )
    print("| roster | shifts | slots | risk | plan | **end to end** | naive baseline (slots) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, n_shifts, n_slots, risk_t, plan_t, end_t, naive_t, naive_n in rows:
        print(
            f"| {label} | {n_shifts} | {n_slots} | {risk_t:.2f} s | {plan_t:.2f} s | "
            f"**{end_t:.2f} s** | {naive_t:.3f} s ({naive_n}) |"
        )


if __name__ == "__main__":
    main()
