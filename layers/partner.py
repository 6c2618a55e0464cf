"""folium layer of partner aggregates: area polygons coloured by their (published) count.

Only partner-safe tables come here (see :func:`gis.access.check_partner_result`); every text
shown in a tooltip is HTML-escaped. No file or database access.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np

from layers.maps import HOTSPOT_COLOURS, escaped

WGS84 = "EPSG:4326"


def nuisance_layer(
    totals: gpd.GeoDataFrame, *, name: str, labels: dict[str, str]
) -> folium.FeatureGroup:
    """Polygons of ``totals`` (columns ``area``, ``area_name``, ``count``) by count quintile.

    Parameters
    ----------
    totals : geopandas.GeoDataFrame
        One row per area.
    name : str
        Layer name.
    labels : dict
        Tooltip labels for ``area`` and ``count``.
    """
    group = folium.FeatureGroup(name=name, show=True)
    if totals.empty:
        return group
    shown = escaped(totals[["area", "area_name", "count", "geometry"]], ["area", "area_name"])
    ranks = shown["count"].rank(method="max", pct=True).to_numpy()
    classes = np.clip(np.ceil(ranks * len(HOTSPOT_COLOURS)).astype(int) - 1, 0, 4)
    shown = shown.assign(colour=np.array(HOTSPOT_COLOURS, dtype=object)[classes])
    shown["label"] = (shown["area_name"] + " " + shown["area"]).str.strip()
    folium.GeoJson(
        shown.to_crs(WGS84).__geo_interface__,
        name=name,
        style_function=lambda feature: {
            "color": "#555555",
            "weight": 1,
            "fillColor": feature["properties"]["colour"],
            "fillOpacity": 0.7,
            "className": "nuisance-area",
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["label", "count"], aliases=[labels["area"], labels["count"]], localize=True
        ),
    ).add_to(group)
    return group
