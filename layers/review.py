"""folium layer of the address review page: the current point and the candidates of one row.

Only ``CircleMarker`` (no ``folium.Icon``), so the map works with :func:`layers.offline.
offline_map`. Every text shown is HTML-escaped here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import folium
import geopandas as gpd
from pyproj import Transformer

from layers.maps import WIJK_OUTLINE, for_display

CURRENT_COLOUR = "#c0392b"
CANDIDATE_COLOUR = "#1f5fa8"

_TO_WGS84 = Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)
_TO_LAMBERT = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True)


def to_wgs84(x: float, y: float) -> tuple[float, float]:
    """Lambert 72 (x, y) → (lat, lon)."""
    lon, lat = _TO_WGS84.transform(x, y)
    return lat, lon


def to_lambert72(lat: float, lon: float) -> tuple[float, float]:
    """(lat, lon) of a map click → Lambert 72 (x, y), rounded to the centimetre."""
    x, y = _TO_LAMBERT.transform(lon, lat)
    return round(x, 2), round(y, 2)


def review_layer(
    candidates: Sequence[dict[str, object]],
    current: tuple[float, float] | None,
    *,
    name: str,
    labels: Sequence[str] = (),
    wijken: gpd.GeoDataFrame | None = None,
) -> tuple[folium.FeatureGroup, list[list[float]]]:
    """Draw the current point (red) and the candidates (blue, numbered in their tooltip).

    Parameters
    ----------
    candidates : sequence of dict
        ``x``, ``y`` (Lambert 72) per candidate, as in the review queue's JSON; those without a
        point are skipped.
    current : tuple of float, optional
        The row's current point (Lambert 72), when it has one.
    name : str
        Layer name.
    labels : sequence of str
        Tooltip text per candidate (same order).
    wijken : geopandas.GeoDataFrame, optional
        Wijk polygons (code, name) drawn as thin outlines under the points, for orientation
        on a map without base map.

    Returns
    -------
    tuple
        The feature group and the bounds ``[[south, west], [north, east]]`` of what it shows
        (empty when nothing has a point).
    """
    group = folium.FeatureGroup(name=name)
    if wijken is not None and len(wijken):
        shown = for_display(wijken[["code", "name", "geometry"]])
        shown["name"] = shown["name"].astype("str").map(html.escape)
        folium.GeoJson(
            shown,
            style_function=lambda _: {"color": WIJK_OUTLINE, "weight": 1, "fillOpacity": 0.0},
            tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        ).add_to(group)
    latlons: list[tuple[float, float]] = []
    for i, candidate in enumerate(candidates):
        x, y = candidate.get("x"), candidate.get("y")
        if x is None or y is None:
            continue
        lat, lon = to_wgs84(float(x), float(y))
        latlons.append((lat, lon))
        text = labels[i] if i < len(labels) else str(candidate.get("name", ""))
        folium.CircleMarker(
            (lat, lon), radius=8, color=CANDIDATE_COLOUR, fill=True, fill_opacity=0.7,
            tooltip=html.escape(f"{i + 1}. {text}"), class_name="review-candidate",
        ).add_to(group)  # fmt: skip
    if current is not None:
        lat, lon = to_wgs84(*current)
        latlons.append((lat, lon))
        folium.CircleMarker(
            (lat, lon),
            radius=9,
            color=CURRENT_COLOUR,
            fill=True,
            fill_opacity=0.8,
            class_name="review-current",
        ).add_to(group)
    if not latlons:
        return group, []
    lats, lons = zip(*latlons, strict=True)
    pad = 0.001
    return group, [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]
