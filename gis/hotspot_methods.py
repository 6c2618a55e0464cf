"""One entry point for every hotspot method, so that the app and the CLI ask for them alike."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from gis.clusters import incident_clusters
from gis.errors import ValidationError
from gis.getis_ord import getis_ord_hotspots
from gis.harm import harm_hotspots
from gis.hotspots import METHODS, HotspotResult
from gis.near_repeat import near_repeat_hotspots
from gis.trends import emerging_hotspots

BURGLARY = "woninginbraak"
"""Category whose near-repeat alert zones are drawn."""


def run_hotspot_method(
    method: str,
    incidents: gpd.GeoDataFrame,
    zone: gpd.GeoDataFrame,
    *,
    cell_size: float = 150.0,
    now: pd.Timestamp | None = None,
    harm_table: pd.DataFrame | None = None,
    seed: int = 0,
) -> HotspotResult:
    """Run one hotspot method on the selected incidents.

    Parameters
    ----------
    method : {"harm", "gi_star", "clusters", "trends", "near_repeat"}
        See :data:`gis.hotspots.METHODS`.
    incidents : geopandas.GeoDataFrame
        Selected incidents (metric CRS).
    zone : geopandas.GeoDataFrame
        The area analysed (the wijken in view).
    cell_size : float, default 150
        Grid cell side in metres, for the grid methods.
    now : pandas.Timestamp, optional
        Reference time of the near-repeat alert zones (default: latest incident start).
    harm_table : pandas.DataFrame, optional
        Harm weights per category (``gis.io_harm.read_harm_weights``) for ``harm`` and
        harm-weighted Gi*.
    seed : int, default 0
        Seed of the sampled cluster method.

    Returns
    -------
    HotspotResult

    Raises
    ------
    ValidationError
        For an unknown method.
    """
    if method == "harm":
        return harm_hotspots(incidents, zone, cell_size=cell_size, table=harm_table)
    if method == "gi_star":
        return getis_ord_hotspots(incidents, zone, cell_size=cell_size, harm_table=harm_table)
    if method == "clusters":
        return incident_clusters(incidents, zone, seed=seed)
    if method == "trends":
        return emerging_hotspots(incidents, zone, cell_size=cell_size)
    if method == "near_repeat":
        burglaries = incidents[incidents["category"] == BURGLARY]
        reference = now if now is not None else incidents["start"].max()
        return near_repeat_hotspots(burglaries, now=pd.Timestamp(reference), zone=zone)
    raise ValidationError(f"method={method!r} is unknown; allowed: {', '.join(METHODS)}")
