"""The baseline of the page timings: the least a Streamlit page with a streamlit-folium map
costs on this machine (one wijk polygon, the same offline Leaflet, no data, no login).

Run by ``benchmarks.bench_browser`` beside the app; not part of the product.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from layers.offline import offline_map

st.set_page_config(page_title="baseline", layout="wide")
fmap = offline_map([50.9, 4.2], zoom_start=11, jquery=False)
wijk = folium.FeatureGroup(name="wijk")
folium.GeoJson(
    {
        "type": "Polygon",
        "coordinates": [[[4.1, 50.85], [4.3, 50.85], [4.3, 50.95], [4.1, 50.85]]],
    },
    style_function=lambda _feature: {"className": "wijk-polygon"},
).add_to(wijk)
st_folium(fmap, key="map", height=620, returned_objects=[], feature_group_to_add=[wijk])
