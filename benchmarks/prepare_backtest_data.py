"""Convert the Vancouver (VPD) and Portland (NIJ CFS) open data into wijkradar's canonical input.

Writes, to ``benchmarks/results/backtest-data/`` (gitignored):

- ``vancouver.csv``: ``id, category, start, x, y`` in EPSG:32610 (UTM 10N, metres). Rows with
  X = Y = 0 (VPD's privacy offset: every "Offence Against a Person" and "Homicide") are dropped;
  exact duplicate rows are kept (the source has no incident id; they may be distinct incidents).
  ``id`` is ``vpd-<year>-<row>``.
- ``vancouver_zone.geojson``: the 22 City of Vancouver local areas (EPSG:4326, as shipped).
- ``portland.csv``: ``id, category, start, x, y`` in EPSG:2838 (NAD83(HARN) / Oregon North in
  **metres**: the same Lambert conformal projection as the source's EPSG:2913, whose unit is the
  international foot; x/y are reprojected with pyproj). ``start`` is the date (the source has no
  time of day). ``category`` is the NIJ ``CATEGORY``.
- ``portland_zone.gpkg``: the 60 PPB districts (EPSG:2913, as shipped).

The product never reads these files; only benchmarks (and optional tests) do.

Run: ``.venv/bin/python -m benchmarks.prepare_backtest_data``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Transformer

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
VANCOUVER = SHARED / "vancouver-vpd"
PORTLAND = SHARED / "portland-nij-cfs"
OUT = Path(__file__).resolve().parent / "results" / "backtest-data"

VANCOUVER_CRS = "EPSG:32610"
PORTLAND_CRS = "EPSG:2838"
VANCOUVER_BURGLARY = "Break and Enter Residential/Other"
PORTLAND_BURGLARY = "BURGLARY"


def vancouver(out: Path) -> Path:
    """Write ``vancouver.csv`` and the local-area zone; return the CSV path."""
    parts = []
    for path in sorted(VANCOUVER.glob("crimedata_csv_AllNeighbourhoods_*.csv")):
        frame = pd.read_csv(path, dtype={"TYPE": "str"})
        year = path.stem.rsplit("_", 1)[-1]
        frame["id"] = [f"vpd-{year}-{i}" for i in range(len(frame))]
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True)
    located = frame["X"].fillna(0).gt(0) & frame["Y"].fillna(0).gt(0)
    frame = frame[located]
    start = pd.to_datetime(
        {
            "year": frame["YEAR"],
            "month": frame["MONTH"],
            "day": frame["DAY"],
            "hour": frame["HOUR"].fillna(0),
            "minute": frame["MINUTE"].fillna(0),
        }
    )
    canonical = pd.DataFrame(
        {
            "id": frame["id"],
            "category": frame["TYPE"].str.strip(),
            "start": start.dt.strftime("%Y-%m-%d %H:%M"),
            "x": frame["X"].round(2),
            "y": frame["Y"].round(2),
        }
    ).sort_values("start", kind="stable")
    target = out / "vancouver.csv"
    canonical.to_csv(target, index=False)
    zone = gpd.read_file(VANCOUVER / "vancouver_local_area_boundary.geojson")
    zone[["name", "geometry"]].to_file(out / "vancouver_zone.geojson", driver="GeoJSON")
    return target


def portland(out: Path) -> Path:
    """Write ``portland.csv`` (metres, EPSG:2838) and the district zone; return the CSV path."""
    parts = [pd.read_csv(p, dtype="str") for p in sorted(PORTLAND.glob("portland_cfs_*.csv"))]
    frame = pd.concat(parts, ignore_index=True)
    x_ft = pd.to_numeric(frame["x_coordinate"], errors="coerce").to_numpy()
    y_ft = pd.to_numeric(frame["y_coordinate"], errors="coerce").to_numpy()
    located = np.isfinite(x_ft) & np.isfinite(y_ft) & (x_ft > 0) & (y_ft > 0)
    to_metres = Transformer.from_crs("EPSG:2913", PORTLAND_CRS, always_xy=True)
    x, y = to_metres.transform(x_ft[located], y_ft[located])
    frame = frame[located]
    canonical = pd.DataFrame(
        {
            "id": [f"nij-{i}" for i in range(len(frame))],
            "category": frame["CATEGORY"].str.strip().to_numpy(),
            "start": frame["occ_date"].to_numpy(),
            "x": np.round(x, 2),
            "y": np.round(y, 2),
        }
    ).sort_values("start", kind="stable")
    target = out / "portland.csv"
    canonical.to_csv(target, index=False)
    districts = gpd.read_file(PORTLAND / "Portland_Police_Districts.shp")
    districts[["DISTRICT", "geometry"]].to_file(out / "portland_zone.gpkg", driver="GPKG")
    return target


def main(argv: list[str] | None = None) -> dict[str, Path]:
    """Write both cities' canonical files (skipped when present unless ``--force``)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, build in (("vancouver", vancouver), ("portland", portland)):
        target = args.out / f"{name}.csv"
        if args.force or not target.exists():
            build(args.out)
        paths[name] = target
        print(f"{name}: {target}")
    return paths


if __name__ == "__main__":
    main()
