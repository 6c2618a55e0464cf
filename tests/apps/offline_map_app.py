"""Streamlit script for tests/test_offline_map.py: an offline folium map in st_folium.

``WIJKRADAR_TEST_MAP=polygon`` (default) draws one GeoJson polygon layer;
``WIJKRADAR_TEST_MAP=full`` draws every layer type wijkradar uses (GeoJson with tooltip and
popup, Polygon, Rectangle, FeatureGroup, MarkerCluster, a default marker, LayerControl) and
adds a MarkerCluster through ``st_folium(feature_group_to_add=...)``.
"""

from __future__ import annotations

import os

import folium
import folium.plugins
import streamlit as st
from streamlit_folium import st_folium

from layers.offline import localize_assets, offline_map, offline_marker_cluster

VARIANT = os.environ.get("WIJKRADAR_TEST_MAP", "polygon")

WIJK = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"wijk": "Centrum", "incidenten": 42},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[4.34, 50.84], [4.37, 50.84], [4.37, 50.86], [4.34, 50.86], [4.34, 50.84]]
                ],
            },
        }
    ],
}

st.title("Offline kaart")
m = offline_map([50.85, 4.355], zoom_start=13)
wijken = folium.FeatureGroup(name="Wijken").add_to(m)
folium.GeoJson(
    WIJK,
    name="wijk",
    style_function=lambda _feature: {"color": "#c0392b", "fillColor": "#e74c3c", "weight": 3},
    tooltip=folium.GeoJsonTooltip(["wijk", "incidenten"]) if VARIANT == "full" else None,
    popup=folium.GeoJsonPopup(["wijk"]) if VARIANT == "full" else None,
).add_to(wijken)

extra = None
if VARIANT == "full":
    folium.Polygon(
        [[50.835, 4.375], [50.845, 4.375], [50.84, 4.39]],
        color="#2980b9",
        fill=True,
        popup=folium.Popup("Patrouillezone", parse_html=True),
        tooltip="zone",
    ).add_to(m)
    folium.Rectangle([[50.862, 4.33], [50.868, 4.34]], color="#27ae60").add_to(m)
    offline_marker_cluster(
        [[50.866, 4.36], [50.8661, 4.3601], [50.8662, 4.3602]], name="Incidenten"
    ).add_to(m)
    folium.Marker([50.858, 4.365], tooltip="post").add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    extra = folium.FeatureGroup(name="Dynamisch")
    # A plain MarkerCluster: localize_assets rewrites it, since st_folium collects the
    # assets of feature_group_to_add after the map has rendered.
    folium.plugins.MarkerCluster([[50.840, 4.330], [50.8401, 4.3301]]).add_to(extra)
    localize_assets(extra)

st_folium(
    m,
    key="kaart",
    height=420,
    width=700,
    returned_objects=[],
    feature_group_to_add=extra,
)
st.write("kaart klaar")
