"""folium layers for every hotspot method: one FeatureGroup per :class:`HotspotResult`.

Thin on purpose (like esda's ``.explore()``): colour each feature by its class (Gi* bins,
emerging hot spot patterns) or by the rank of its value (harm, clusters, alert zones), show the
result's tooltip columns, and nothing else. Every text shown is HTML-escaped here, whatever its
source. No file or database access.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from gis.hotspots import HotspotResult
from layers.maps import feature_collection, to_wgs84

__all__ = ["CLASS_COLOURS", "RAMP", "hotspot_result_layer", "legend_entries"]

RAMP: tuple[str, ...] = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
"""Sequential colours for value-ranked features, lowest to highest quintile."""
CLASS_COLOURS: dict[str, str] = {
    # Gi* confidence bins (as ESRI / esda explore: red hot, blue cold)
    "hot_99": "#b2182b",
    "hot_95": "#ef8a62",
    "hot_90": "#fddbc7",
    "cold_90": "#d1e5f0",
    "cold_95": "#67a9cf",
    "cold_99": "#2166ac",
    # emerging hot spot patterns
    "new_hot": "#fee08b",
    "emerging_hot": "#fdae61",
    "intensifying_hot": "#a50026",
    "persistent_hot": "#d73027",
    "diminishing_hot": "#f46d43",
    "sporadic_hot": "#fdd0a2",
    "oscillating_hot": "#c994c7",
    "historical_hot": "#bdbdbd",
    "new_cold": "#e0f3f8",
    "emerging_cold": "#abd9e9",
    "intensifying_cold": "#313695",
    "persistent_cold": "#4575b4",
    "diminishing_cold": "#74add1",
    "sporadic_cold": "#c6dbef",
    "oscillating_cold": "#9ebcda",
    "historical_cold": "#d9d9d9",
}
"""Colour of every class code the hotspot methods produce (``none`` is not drawn)."""
_FALLBACK = "#808080"


def _ramp_classes(values: np.ndarray) -> np.ndarray:
    """Quintile class 0..4 of each value by rank (ties share a class)."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    ranks = pd.Series(values).rank(method="max", pct=True).to_numpy()
    return np.clip(np.ceil(ranks * len(RAMP)).astype(np.int64) - 1, 0, len(RAMP) - 1)


def _colours(result: HotspotResult, drawn: gpd.GeoDataFrame) -> np.ndarray:
    if result.category is not None:
        codes = drawn[result.category].astype("str").to_numpy()
        return np.array([CLASS_COLOURS.get(c, _FALLBACK) for c in codes], dtype=object)
    values = drawn[result.value].to_numpy(dtype=float)
    return np.array(RAMP, dtype=object)[_ramp_classes(values)]


def _escaped_text(values: pd.Series, labels: Mapping[str, str]) -> np.ndarray:
    """Display text of a text column, each distinct value labelled and escaped once."""
    codes, uniques = pd.factorize(values.astype("str"), use_na_sentinel=False)
    texts = np.array([html.escape(labels.get(v, v)) for v in uniques], dtype=object)
    return texts[codes]


def _shown(frame: pd.DataFrame, columns: tuple[str, ...], labels: Mapping[str, str]) -> dict:
    """Tooltip columns as display text; text columns labelled and HTML-escaped."""
    out: dict[str, object] = {}
    for column in columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d %H:%M").fillna("").to_numpy()
        elif pd.api.types.is_float_dtype(values):
            out[column] = values.round(2).to_numpy()
        elif pd.api.types.is_integer_dtype(values) or pd.api.types.is_bool_dtype(values):
            out[column] = values.to_numpy()
        else:
            out[column] = _escaped_text(values, labels)
    return out


def _result_style(feature: dict, *, outline: bool, opacity: float, class_name: str) -> dict:
    """Style of one drawn feature (module-level: the layer stays picklable)."""
    colour = feature["properties"]["_colour"]
    return {
        "color": "#5a0000" if outline else colour,
        "weight": 1.5 if outline else 0.5,
        "fillColor": colour,
        "fillOpacity": opacity,
        "className": class_name,
    }


def hotspot_result_layer(
    result: HotspotResult,
    *,
    name: str,
    labels: Mapping[str, str] | None = None,
    show: bool = True,
    opacity: float = 0.65,
    max_features: int | None = None,
) -> folium.FeatureGroup:
    """Draw a hotspot result as one folium layer.

    Parameters
    ----------
    result : HotspotResult
        From any hotspot method (``harm_hotspots``, ``getis_ord_hotspots``,
        ``incident_clusters``, ``emerging_hotspots``, ``near_repeat_hotspots``).
    name : str
        Layer name in the layer control (escaped).
    labels : Mapping, optional
        Display text for tooltip column names and class codes (such as
        :func:`gis.hotspots.hotspot_labels`); unknown keys are shown as they are.
    show : bool, default True
        Whether the layer starts switched on.
    opacity : float, default 0.65
        Fill opacity.
    max_features : int, optional
        Draw only this many features, the hottest first (largest ``value``; largest absolute
        value for classed results), to keep the page small; default all.

    Returns
    -------
    folium.FeatureGroup
        Empty (but present) when nothing is worth drawing: no non-zero value, no class other
        than ``none``.
    """
    labels = dict(labels or {})
    group = folium.FeatureGroup(name=html.escape(name), show=show)
    drawn = result.drawn
    if drawn.empty:
        return group
    if max_features is not None and len(drawn) > max_features:
        heat = drawn[result.value].to_numpy(dtype=float)
        heat = np.abs(heat) if result.category is not None else heat
        drawn = drawn.iloc[np.sort(np.argsort(-heat, kind="stable")[:max_features])]
    fields = tuple(result.tooltip)
    properties = pd.DataFrame({**_shown(drawn, fields, labels), "_colour": _colours(result, drawn)})
    geometry = to_wgs84(drawn.geometry.to_numpy(), drawn.crs)
    data = feature_collection(geometry, properties)
    outline = result.kind == "polygons"
    folium.GeoJson(
        data,
        name=html.escape(name),
        style_function=functools.partial(
            _result_style, outline=outline, opacity=opacity, class_name=f"hotspot-{result.method}"
        ),
        tooltip=folium.GeoJsonTooltip(
            fields=list(fields),
            aliases=[html.escape(labels.get(f, f)) for f in fields],
            localize=True,
        )
        if fields
        else None,
    ).add_to(group)
    return group


def legend_entries(
    result: HotspotResult, labels: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """(colour, text) lines explaining a result's colours, for ``layers.maps.LayerLegend``.

    Classes are listed in the order of :data:`CLASS_COLOURS` (only those present); a value
    ramp gives one line per quintile with its value range. Texts are not escaped here
    (``LayerLegend`` escapes them).
    """
    labels = dict(labels or {})
    drawn = result.drawn
    if drawn.empty:
        return []
    if result.category is not None:
        present = set(drawn[result.category].astype("str"))
        return [(colour, labels.get(c, c)) for c, colour in CLASS_COLOURS.items() if c in present]
    values = drawn[result.value].to_numpy(dtype=float)
    classes = _ramp_classes(values)
    lines = []
    for k in range(len(RAMP) - 1, -1, -1):
        members = values[classes == k]
        if members.size:
            lines.append((RAMP[k], f"{members.min():.4g}–{members.max():.4g}"))
    return lines
