"""folium layer of single incidents (police roles only): points with an escaped popup.

Every property shown is HTML-escaped here (``folium.GeoJsonPopup`` puts property values into
the popup as HTML), so a description such as ``<img onerror=…>`` is shown as text. No file
or database access.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from layers.maps import escaped

WGS84 = "EPSG:4326"
POPUP_COLUMNS: tuple[str, ...] = ("id", "category", "start", "street", "number", "description")
MAX_POINTS = 3000
"""At most this many incidents are drawn (the newest); the table and exports hold them all."""


def incident_layer(
    incidents: gpd.GeoDataFrame, *, name: str, labels: dict[str, str]
) -> folium.FeatureGroup:
    """The located incidents as small circles with a popup of their escaped text.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Canonical incidents (at least :data:`POPUP_COLUMNS`), metric CRS.
    name : str
        Layer name.
    labels : dict
        Popup labels, one per :data:`POPUP_COLUMNS`.
    """
    group = folium.FeatureGroup(name=name, show=True)
    located = incidents[incidents.geometry.notna() & ~incidents.geometry.is_empty]
    located = located.sort_values("start", ascending=False).head(MAX_POINTS)
    if located.empty:
        return group
    shown = located[[*POPUP_COLUMNS, "geometry"]].copy()
    shown["start"] = pd.to_datetime(shown["start"]).dt.strftime("%d/%m/%Y %H:%M")
    shown = escaped(shown.fillna(""), list(POPUP_COLUMNS)).to_crs(WGS84)
    folium.GeoJson(
        shown.__geo_interface__,
        name=name,
        marker=folium.CircleMarker(radius=4, weight=1, fill=True, fill_opacity=0.8),
        style_function=lambda _: {
            "color": "#1f3b73",
            "fillColor": "#4a7bd0",
            "className": "incident-point",
        },
        popup=folium.GeoJsonPopup(
            fields=list(POPUP_COLUMNS), aliases=[labels[c] for c in POPUP_COLUMNS], localize=False
        ),
    ).add_to(group)
    return group
