"""Import + wijk assignment time for synthetic police exports of 20k and 1M rows.

Writes a Belgian-style CSV (``;``, cp1252, dd/mm/yyyy, Dutch headers, Lambert 72 with comma
decimals, 3 % address-only rows, 1 % broken dates) and times, separately and end to end:
reading the file, validation + spatial assignment (``prepare_incidents``) and the
transactional store into a fresh GeoPackage workspace. The baseline run side by side is a
plain ``geopandas.sjoin`` of the same points on the wijken after a plain ``pandas.read_csv``
(no validation, no reject report), i.e. the least any importer has to do.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.importing import prepare_incidents
from gis.io_geography import load_zone
from gis.io_tables import read_incident_table
from gis.io_workspace import GeoPackageWorkspace


def synthetic_export(path: Path, rows: int, *, seed: int = 0) -> None:
    """Write a synthetic ISLP-like export of ``rows`` rows to ``path``."""
    rng = np.random.default_rng(seed)
    zone = load_zone("ipz31")
    xmin, ymin, xmax, ymax = zone.zone.total_bounds
    x = rng.uniform(xmin, xmax, rows)
    y = rng.uniform(ymin, ymax, rows)
    start = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 3 * 365 * 1440, rows), "m")
    frame = pd.DataFrame(
        {
            "PV-nummer": [f"AS.55.L1.{i:07d}/2024" for i in range(rows)],
            "Feit": rng.choice(["woninginbraak", "fietsdiefstal", "vandalisme"], rows),
            "Datum": start.strftime("%d/%m/%Y %H:%M"),
            "X": np.char.replace(np.round(x, 2).astype(str), ".", ","),
            "Y": np.char.replace(np.round(y, 2).astype(str), ".", ","),
            "Straat": "Kerkstraat",
            "Huisnummer": rng.integers(1, 200, rows).astype(str),
            "Postcode": "1730",
            "Gemeente": "Asse",
            "Omschrijving": "Synthetisch — geen echt feit",
        }
    )
    address_only = rng.random(rows) < 0.03
    frame.loc[address_only, ["X", "Y"]] = ""
    broken = rng.random(rows) < 0.01
    frame.loc[broken, "Datum"] = "31/02/2024"
    frame.to_csv(path, sep=";", index=False, encoding="cp1252")


def run_once(path: Path, workdir: Path) -> dict[str, float]:
    """Time one full import of ``path``; return seconds per stage."""
    zone = load_zone("ipz31")
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    table = read_incident_table(path)
    times["read"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = prepare_incidents(
        table.rows,
        municipalities=zone.municipalities,
        deelgemeenten=zone.deelgemeenten,
        wijken=zone.wijken,
        crs="EPSG:31370",
        malformed=table.malformed,
    )
    times["validate+assign"] = time.perf_counter() - t0
    assert result.read == result.stored + result.rejected + result.duplicates
    ws_path = workdir / f"ws-{time.time_ns()}.gpkg"
    workspace = GeoPackageWorkspace.create(ws_path, [zone])
    t0 = time.perf_counter()
    workspace.store_import(
        result.incidents,
        result.rejects,
        {
            "import_id": "bench",
            "imported_at": "",
            "file": path.name,
            "read": result.read,
            "stored": result.stored,
            "rejected": result.rejected,
            "duplicates": result.duplicates,
            "crs": "EPSG:31370",
            "reject_report": "",
        },
    )
    times["store"] = time.perf_counter() - t0
    times["total"] = times["read"] + times["validate+assign"] + times["store"]
    ws_path.unlink()
    return times


def run_baseline(path: Path) -> float:
    """Plain read_csv + points + sjoin on the wijken: no validation, no report, no store."""
    zone = load_zone("ipz31")
    t0 = time.perf_counter()
    frame = pd.read_csv(path, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    x = pd.to_numeric(frame["X"].str.replace(",", "."), errors="coerce")
    y = pd.to_numeric(frame["Y"].str.replace(",", "."), errors="coerce")
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=31370)
    gpd.sjoin(points, zone.wijken[["code", "geometry"]], how="left", predicate="within")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> list[dict[str, object]]:
    """Run the import benchmark and print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for size in args.sizes:
            path = workdir / f"export-{size}.csv"
            synthetic_export(path, size)
            runs = [run_once(path, workdir) for _ in range(args.repeat)]
            baseline = statistics.median(run_baseline(path) for _ in range(args.repeat))
            row = {"rows": size}
            for stage in runs[0]:
                row[stage] = statistics.median(r[stage] for r in runs)
            row["baseline_sjoin"] = baseline
            row["ratio_total_vs_baseline"] = row["total"] / baseline
            results.append(row)
            print(
                " · ".join(
                    f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()
                ),
                flush=True,
            )
    return results


if __name__ == "__main__":
    main()
