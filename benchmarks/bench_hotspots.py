"""Time every hotspot layer on a zone-year (~20k incidents) and on 1M incidents of PZ AMOW.

Run ``.venv/bin/python -m benchmarks.bench_hotspots`` (``--sizes 20000`` for the zone-year
only, ``--repeat`` runs per measurement, ``--markdown`` for a docs/benchmarks.md table).

Incidents come from :func:`gis.demo.generate_demo_incidents` on ipz31 for 2024, with the rate
scaled to the wanted number (all located). Each layer is timed as the app would call it, on the
same input, after one warm-up call; the figure is the median wall-clock time of ``--repeat``
runs, with the process CPU time beside it (it suffers less when other jobs share the machine).
The Gi* line also times ``esda.G_Local`` (999 permutations, as the usual workflow; and
analytical only) on the same grid counts and neighbours.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import warnings
from collections.abc import Callable
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.aoristic import aoristic_profile
from gis.clusters import incident_clusters
from gis.demo import generate_demo_incidents
from gis.getis_ord import getis_ord_hotspots, gi_star_scores, grid_weights
from gis.harm import harm_hotspots
from gis.hotspots import analysis_grid, cell_totals, hotspot_labels
from gis.io_geography import load_zone
from gis.io_harm import read_harm_weights
from gis.near_repeat import near_repeat_analysis, near_repeat_hotspots
from gis.trends import emerging_hotspots
from layers.hotspots import hotspot_result_layer

ZONE = "ipz31"
YEAR_START, YEAR_END = pd.Timestamp("2024-01-01"), pd.Timestamp("2025-01-01")
DEFAULT_RATE = 450.0  # gis.demo's default: incidents per 1000 ha per year
DEFAULT_YEAR = 5_200  # incidents a year the default rate gives on ipz31


def machine() -> dict[str, str]:
    """CPU model, cores, load and versions, for the record."""
    model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return {
        "date": date.today().isoformat(),
        "cpu": model,
        "nproc": str(os.cpu_count()),
        "load": " ".join(f"{v:.1f}" for v in load),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


def demo_incidents(size: int, *, seed: int = 1) -> gpd.GeoDataFrame:
    """About ``size`` located demo incidents on ipz31 in 2024, as points."""
    zone = load_zone(ZONE)
    frame = generate_demo_incidents(
        zone.wijken,
        zone.municipalities,
        start=YEAR_START,
        end=YEAR_END,
        seed=seed,
        incidents_per_1000_ha_per_year=DEFAULT_RATE * size / DEFAULT_YEAR,
        address_only_share=0.0,
    )
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["x"], frame["y"]), crs="EPSG:31370"
    )


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``repeat`` calls after one warm-up call."""
    call()
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def layers(incidents: gpd.GeoDataFrame) -> dict[str, Callable[[], object]]:
    """The hotspot layers as the app calls them."""
    zone = load_zone(ZONE).zone
    table = read_harm_weights()
    burglaries = incidents[incidents["category"] == "woninginbraak"]
    now = YEAR_END - pd.Timedelta(days=1)
    labels = hotspot_labels("nl")
    results = {}

    def keep(name: str, result):
        results[name] = result
        return result

    return {
        "harm (weighted grid)": lambda: keep(
            "harm", harm_hotspots(incidents, zone, table=table, default=1.0)
        ),
        "Gi* + FDR": lambda: keep("gi", getis_ord_hotspots(incidents, zone)),
        "clusters (HDBSCAN)": lambda: keep("clusters", incident_clusters(incidents, zone)),
        "emerging trends (monthly)": lambda: keep("trends", emerging_hotspots(incidents, zone)),
        f"near repeat: Knox + table ({len(burglaries):,} burglaries)": lambda: near_repeat_analysis(
            burglaries
        ),
        "near repeat: alert zones": lambda: keep(
            "alerts", near_repeat_hotspots(burglaries, now=now, zone=zone)
        ),
        "aoristic 7x24": lambda: aoristic_profile(incidents),
        "folium layers (all results)": lambda: [
            hotspot_result_layer(r, name=name, labels=labels) for name, r in results.items()
        ],
    }


def esda_ratio(incidents: gpd.GeoDataFrame, repeat: int) -> dict[str, float]:
    """Our Gi* (weights + z + FDR classes) against esda.G_Local on the same grid counts."""
    import esda
    import libpysal

    grid = analysis_grid(load_zone(ZONE).zone)
    counts = cell_totals(incidents, grid)
    w = libpysal.weights.WSP(grid_weights(grid, star=False).tocsr()).to_W(silence_warnings=True)
    y = counts.to_numpy()

    def g_local(permutations: int) -> Callable[[], object]:
        def run() -> object:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return esda.G_Local(
                    y, w, transform="B", star=True, permutations=permutations, n_jobs=1, seed=0
                )

        return run

    ours = timed(lambda: gi_star_scores(counts, grid), repeat)
    analytical = timed(g_local(0), repeat)
    permuted = timed(g_local(999), max(1, repeat // 2))
    return {
        "cells": len(grid),
        "ours": ours[0],
        "esda_analytical": analytical[0],
        "esda_999": permuted[0],
        "ratio_999": permuted[0] / ours[0],
        "ratio_analytical": analytical[0] / ours[0],
        "cpu_ratio_999": permuted[1] / ours[1],
        "cpu_ratio_analytical": analytical[1] / ours[1],
    }


def main(argv: list[str] | None = None) -> list[dict[str, object]]:
    """Run the benchmark; print one line per layer and size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    info = machine()
    print(" · ".join(f"{k}={v}" for k, v in info.items()), flush=True)
    rows: list[dict[str, object]] = []
    for size in args.sizes:
        incidents = demo_incidents(size)
        repeat = args.repeat if size <= 100_000 else max(1, args.repeat // 2 + 1)
        total_wall = total_cpu = 0.0
        for name, call in layers(incidents).items():
            wall, cpu = timed(call, repeat)
            total_wall += wall
            total_cpu += cpu
            rows.append({"incidents": len(incidents), "layer": name, "wall": wall, "cpu": cpu})
            print(f"{len(incidents):>9,} {name:<48} {wall:7.3f} s  (cpu {cpu:6.3f} s)", flush=True)
        rows.append(
            {"incidents": len(incidents), "layer": "total", "wall": total_wall, "cpu": total_cpu}
        )
        print(f"{len(incidents):>9,} {'TOTAL':<48} {total_wall:7.3f} s  (cpu {total_cpu:6.3f} s)")
        if size <= 100_000:
            ratio = esda_ratio(incidents, repeat)
            print(
                f"Gi* on {ratio['cells']:,} cells: ours {ratio['ours'] * 1000:.1f} ms · "
                f"esda.G_Local analytical {ratio['esda_analytical'] * 1000:.0f} ms "
                f"({ratio['ratio_analytical']:.0f}x) · with 999 permutations "
                f"{ratio['esda_999'] * 1000:.0f} ms ({ratio['ratio_999']:.0f}x); CPU-time ratios "
                f"{ratio['cpu_ratio_analytical']:.0f}x and {ratio['cpu_ratio_999']:.0f}x",
                flush=True,
            )
    info["load after"] = machine()["load"]
    if args.markdown:
        print()
        print(
            f"Machine: {info['cpu']}, {info['nproc']} cores · {info['date']} · load "
            f"{info['load']} → {info['load after']}"
        )
        print()
        print("| incidents | layer | median wall (s) | CPU (s) |")
        print("|---:|---|---:|---:|")
        for row in rows:
            print(
                f"| {row['incidents']:,} | {row['layer']} | {row['wall']:.3f} | {row['cpu']:.3f} |"
            )
    return rows


if __name__ == "__main__":
    main()
