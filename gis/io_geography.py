"""Read the zone geography shipped in ``data/geography`` (GeoParquet, EPSG:31370)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from gis.errors import UnknownZoneError

ATTRIBUTION = (
    "Wijken voor omgevingsanalyse. © gemeentebesturen, verzameld door Data & Analyse van de "
    "Vlaamse provincies"
)
"""Attribution required by the licence of the shipped area layers; show it wherever they are."""


def data_dir() -> Path:
    """Return the folder holding wijkradar's run-time data.

    Returns
    -------
    pathlib.Path
        ``$WIJKRADAR_DATA`` when set, else the ``data/`` folder beside the package.
    """
    override = os.environ.get("WIJKRADAR_DATA")
    return Path(override) if override else Path(__file__).resolve().parents[1] / "data"


@cache
def _layer(name: str) -> gpd.GeoDataFrame:
    return gpd.read_parquet(data_dir() / "geography" / f"{name}.parquet")


@dataclass(frozen=True)
class ZoneGeography:
    """The area layers of one police zone, all in EPSG:31370.

    Attributes
    ----------
    code, name : str
        Zone code (``ipz31``) and name (``PZ Amow``).
    zone : geopandas.GeoDataFrame
        One row: the zone polygon.
    municipalities, deelgemeenten, wijken : geopandas.GeoDataFrame
        The zone's municipalities (nis, name), deelgemeenten (code, name, nis) and wijken
        (code, name, nis).
    postcodes : pandas.DataFrame
        Known postcode → municipality rows for the zone (may be empty).
    """

    code: str
    name: str
    zone: gpd.GeoDataFrame
    municipalities: gpd.GeoDataFrame
    deelgemeenten: gpd.GeoDataFrame
    wijken: gpd.GeoDataFrame
    postcodes: pd.DataFrame


def list_zones() -> pd.DataFrame:
    """List the 107 police zones of Flanders and Brussels.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``name``, ``municipalities`` (names joined by ", "),
        ``area_km2``, sorted by zone number.
    """
    zones = _layer("police_zones")
    municipalities = _layer("municipalities")
    names = (
        municipalities.sort_values("name")
        .groupby("zone_code")["name"]
        .agg(", ".join)
        .rename("municipalities")
    )
    table = pd.DataFrame(
        {
            "code": zones["code"],
            "name": zones["name"],
            "area_km2": (zones.geometry.area / 1e6).round(2),
        }
    ).join(names, on="code")
    number = table["code"].str.extract(r"(\d+)")[0].astype(int)
    return table.assign(_n=number).sort_values("_n").drop(columns="_n").reset_index(drop=True)


def load_zone(code: str) -> ZoneGeography:
    """Load the area layers of one police zone.

    Parameters
    ----------
    code : str
        Zone code as in ``wijkradar zone list`` (``ipz31``), case-insensitive.

    Returns
    -------
    ZoneGeography

    Raises
    ------
    UnknownZoneError
        If the code is not one of the shipped zones.
    """
    zones = _layer("police_zones")
    key = code.strip().lower()
    match = zones[zones["code"].str.lower() == key]
    if match.empty:
        raise UnknownZoneError(
            f"zone={code!r} is not a known police zone; see `wijkradar zone list` "
            f"(codes like {', '.join(zones['code'].head(3))})"
        )
    zone = match.reset_index(drop=True)
    municipalities = _layer("municipalities")
    municipalities = municipalities[municipalities["zone_code"] == zone.at[0, "code"]]
    nis = set(municipalities["nis"])
    deelgemeenten = _layer("deelgemeenten")
    wijken = _layer("wijken")
    postcodes = pd.read_csv(data_dir() / "geography" / "postcodes.csv", dtype=str)
    return ZoneGeography(
        code=str(zone.at[0, "code"]),
        name=str(zone.at[0, "name"]),
        zone=zone,
        municipalities=municipalities.sort_values("nis").reset_index(drop=True),
        deelgemeenten=deelgemeenten[deelgemeenten["nis"].isin(nis)]
        .sort_values("code")
        .reset_index(drop=True),
        wijken=wijken[wijken["nis"].isin(nis)].sort_values("code").reset_index(drop=True),
        postcodes=postcodes[postcodes["nis"].isin(nis)].reset_index(drop=True),
    )
