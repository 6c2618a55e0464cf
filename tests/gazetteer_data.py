"""Synthetic gazetteer data shared by the geocoding tests (built once per process)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from gis.gazetteer import best_addresses, build_streets, with_deelgemeenten
from gis.gazetteer_fixture import SyntheticGazetteer, synthetic_best_table
from gis.geocoding import GazetteerIndex, prepare_gazetteer
from gis.io_geography import load_zone


@cache
def synthetic() -> SyntheticGazetteer:
    """The synthetic BeST extract of the six municipalities (seed 0, named streets only)."""
    return synthetic_best_table(seed=0)


@cache
def areas() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Municipalities, deelgemeenten and wijken of ipz31 + ipz51."""
    zones = [load_zone("ipz31"), load_zone("ipz51")]
    return tuple(
        gpd.GeoDataFrame(pd.concat([getattr(z, n) for z in zones], ignore_index=True))
        for n in ("municipalities", "deelgemeenten", "wijken")
    )


@cache
def gazetteer_layers() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The synthetic extract as stored gazetteer layers (addresses, streets)."""
    _, deelgemeenten, _ = areas()
    addresses = with_deelgemeenten(best_addresses(synthetic().table), deelgemeenten)
    return addresses, build_streets(addresses)


@cache
def index() -> GazetteerIndex:
    """The synthetic gazetteer prepared for matching."""
    municipalities, deelgemeenten, _ = areas()
    addresses, streets = gazetteer_layers()
    return prepare_gazetteer(
        addresses, streets, municipalities=municipalities, deelgemeenten=deelgemeenten
    )


def street_ids(name: str, postname: str | None = None) -> list[str]:
    """Synthetic street ids of a street name (optionally within one postal name)."""
    streets = synthetic().streets
    chosen = streets["street_nl"].eq(name)
    if postname is not None:
        chosen &= streets["postname"].eq(postname)
    return streets.loc[chosen, "street_id"].tolist()


def address_rows(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """Address rows (street, number, box, postcode, municipality) as the geocoder takes them."""
    return pd.DataFrame(rows, columns=["street", "number", "box", "postcode", "municipality"])


REVIEW_ROWS = (
    ("Kerkstraat", "5", "", "1730", "Asse"),  # Mollem or Kobbegem: review
    ("Brusselsesteenweg", "10", "", "", "Asse"),  # Asse or Zellik: review
    ("Kalkoven", "3", "", "1730", "Asse"),  # placed
)
"""The rows imported by :func:`review_workspace` (ids R1, R2, R3)."""


def review_workspace(folder: Path) -> Path:
    """A synthetic demo workspace for ipz31 with the synthetic gazetteer and :data:`REVIEW_ROWS`
    imported (the demo's own address-only rows are geocoded too)."""
    from gis.io_gazetteer import write_best_csv
    from gis.io_workspace import GeoPackageWorkspace
    from wijkradar import geocode_services, services

    path = folder / "demo.gpkg"
    services.build_demo(path, ["ipz31"], seed=5, years=0.2, end="2026-06-30")
    workspace = GeoPackageWorkspace(path)
    geocode_services.import_gazetteer(
        write_best_csv(synthetic().table, folder / "best.zip"), workspace
    )
    rows = address_rows(*REVIEW_ROWS)
    export = folder / "export.csv"
    pd.DataFrame(
        {
            "PV-nummer": ["R1", "R2", "R3"],
            "Feit": "diefstal",
            "Datum": "01/06/2026 10:00",
            "Straat": rows["street"],
            "Huisnummer": rows["number"],
            "Postcode": rows["postcode"],
            "Gemeente": rows["municipality"],
        }
    ).to_csv(export, sep=";", index=False)
    services.import_file(export, workspace)
    return path
