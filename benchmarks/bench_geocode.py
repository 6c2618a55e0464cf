"""Geocoding speed: 100k messy address rows against a synthetic gazetteer of the six
municipalities of ipz31 + ipz51, next to a per-row ``rapidfuzz.process.extractOne`` baseline.

Run with ``.venv/bin/python -m benchmarks.bench_geocode`` (about two minutes, most of it the
baseline). The gazetteer is :func:`gis.gazetteer_fixture.synthetic_best_table` with 30 extra
made-up streets per deelgemeente (about 600 streets, 37 000 addresses, SYNTHETIC); the rows are
:func:`gis.gazetteer_fixture.messy_addresses` (all 14 perturbation kinds equally often).

Timed for wijkradar: :func:`gis.geocoding.prepare_gazetteer` +
:func:`gis.geocoding.geocode_addresses` (the whole cascade, candidates JSON included).
Wall-clock and CPU (process) seconds are both reported, medians of ``--repeat`` runs: on a
busy machine the CPU time is the steadier figure. The baseline is what a straightforward
geocoder does per row: lower-case the street, ``extractOne`` (WRatio) against the street names
of the row's postcode (all names when it has none), then look the house number up in a dict —
no normalisation, no review queue. Both are scored on the same truth: ``wrong`` counts rows
put on a wrong street.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from gis.gazetteer import best_addresses, build_streets, with_deelgemeenten
from gis.gazetteer_fixture import messy_addresses, synthetic_best_table
from gis.geocoding import geocode_addresses, prepare_gazetteer
from gis.io_geography import load_zone


def machine() -> str:
    """nproc and CPU model, from /proc/cpuinfo."""
    model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"nproc={os.cpu_count()}, CPU {model}"


def build(extra_streets: int, rows: int, seed: int):
    """Gazetteer layers, areas and messy rows (not timed)."""
    zones = [load_zone("ipz31"), load_zone("ipz51")]
    municipalities = pd.concat([z.municipalities for z in zones], ignore_index=True)
    deelgemeenten = pd.concat([z.deelgemeenten for z in zones], ignore_index=True)
    synthetic = synthetic_best_table(seed=seed, extra_streets=extra_streets)
    addresses = with_deelgemeenten(best_addresses(synthetic.table), deelgemeenten)
    streets = build_streets(addresses)
    messy = messy_addresses(synthetic, rows, seed=seed + 1)
    return addresses, streets, municipalities, deelgemeenten, messy


def run_wijkradar(addresses, streets, municipalities, deelgemeenten, messy):
    c0 = time.process_time()
    t0 = time.perf_counter()
    index = prepare_gazetteer(
        addresses, streets, municipalities=municipalities, deelgemeenten=deelgemeenten
    )
    t1 = time.perf_counter()
    results = geocode_addresses(messy, index)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, time.process_time() - c0, results


def run_baseline(addresses, messy):
    """Per-row extractOne within the postcode, then a dict lookup of the house number."""
    c0 = time.process_time()
    t0 = time.perf_counter()
    names = addresses[["street_id", "street_nl", "postcode"]].drop_duplicates()
    by_postcode: dict[str, list[str]] = {}
    ids: dict[tuple[str, str], str] = {}
    for sid, name, postcode in names.itertuples(index=False):
        by_postcode.setdefault(postcode, []).append(name.lower())
        ids[(name.lower(), postcode)] = sid
    everything = sorted({n for names_ in by_postcode.values() for n in names_})
    any_postcode = {n: pc for (n, pc) in ids}
    points = {
        (sid, hn): (g.x, g.y)
        for sid, hn, g in zip(
            addresses["street_id"], addresses["house_number"], addresses.geometry, strict=True
        )
    }
    placed_street = []
    for street, number, postcode in zip(
        messy["street"], messy["number"], messy["postcode"], strict=True
    ):
        choices = by_postcode.get(postcode, everything)
        best = process.extractOne(street.lower(), choices, scorer=fuzz.WRatio, score_cutoff=80)
        if best is None:
            placed_street.append("")
            continue
        sid = ids.get((best[0], postcode)) or ids.get((best[0], any_postcode[best[0]]), "")
        points.get((sid, number.strip().upper()))  # the point (or the street's, when absent)
        placed_street.append(sid)
    elapsed = time.perf_counter() - t0
    return elapsed, time.process_time() - c0, pd.Series(placed_street, index=messy.index)


def wrong_streets(placed: pd.Series, messy: pd.DataFrame) -> int:
    """Rows put on a street that is not theirs (ambiguous/unknown rows have no street)."""
    return int((placed.ne("") & placed.ne(messy["true_street_id"])).sum())


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Run the benchmark and print a Markdown table row."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-repeat", type=int, default=3)
    parser.add_argument("--extra-streets", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    addresses, streets, municipalities, deelgemeenten, messy = build(
        args.extra_streets, args.rows, args.seed
    )
    print(f"# {machine()} · {pd.Timestamp.now():%Y-%m-%d}")
    print(
        f"# gazetteer: {len(addresses)} addresses, {len(streets)} streets · rows: {len(messy)} "
        f"({messy['street'].nunique()} distinct street texts)"
    )
    prepare, geocode, cpu, results = [], [], [], None
    for _ in range(args.repeat):
        p, g, c, results = run_wijkradar(addresses, streets, municipalities, deelgemeenten, messy)
        prepare.append(p)
        geocode.append(g)
        cpu.append(c)
    totals = [p + g for p, g in zip(prepare, geocode, strict=True)]
    baseline_times, baseline_cpu, baseline_streets = [], [], None
    for _ in range(args.baseline_repeat):
        elapsed, c, baseline_streets = run_baseline(addresses, messy)
        baseline_times.append(elapsed)
        baseline_cpu.append(c)
    ours = statistics.median(totals)
    theirs = statistics.median(baseline_times)
    placed = results["street_id"].where(results["status"].eq("geocoded"), "")
    row = {
        "rows": len(messy),
        "prepare_s": statistics.median(prepare),
        "geocode_s": statistics.median(geocode),
        "total_s": ours,
        "baseline_s": theirs,
        "ratio_baseline_vs_wijkradar": theirs / ours,
        "cpu_s": statistics.median(cpu),
        "baseline_cpu_s": statistics.median(baseline_cpu),
        "cpu_ratio": statistics.median(baseline_cpu) / statistics.median(cpu),
        "placed_wijkradar": int(placed.ne("").sum()),
        "wrong_wijkradar": wrong_streets(placed, messy),
        "placed_baseline": int(baseline_streets.ne("").sum()),
        "wrong_baseline": wrong_streets(baseline_streets, messy),
        "review": int(results["status"].eq("review").sum()),
    }
    print(
        " · ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items())
    )
    print(
        "runs (s): wijkradar "
        + ", ".join(f"{t:.2f}" for t in totals)
        + " · baseline "
        + ", ".join(f"{t:.2f}" for t in baseline_times)
    )
    return row


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
