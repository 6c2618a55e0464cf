"""folium layer of the signals: coloured by type, ringed by state, escaped text.

Fill colour = the signal type's colour; a red ring = overdue; a thick black ring and a bigger
dot = within reach of a top hotspot cell; closed signals are pale. Every text shown in a
tooltip or popup is HTML-escaped here, whatever its source.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from layers.maps import display_geometry, escaped, feature_collection

OVERDUE_RING = "#d7191c"
HOTSPOT_RING = "#000000"
DEFAULT_COLOUR = "#95a5a6"
CLOSED = ("opgelost", "niet_weerhouden")


def signal_style(row: Mapping[str, object], colour: str) -> dict[str, object]:
    """The circle style of one signal (see the module docstring).

    Parameters
    ----------
    row : mapping
        ``status``, and optionally ``overdue`` and ``near_hotspot`` (bool).
    colour : str
        The type's colour.

    Returns
    -------
    dict
        ``radius``, ``color``, ``weight``, ``fillColor``, ``fillOpacity``, ``opacity``.
    """
    near = bool(row.get("near_hotspot", False))
    late = bool(row.get("overdue", False))
    closed = str(row.get("status", "")) in CLOSED
    ring = OVERDUE_RING if late else (HOTSPOT_RING if near else "#333333")
    return {
        "radius": 10 if near else 7,
        "color": ring,
        "weight": 4 if (late or near) else 1.5,
        "fillColor": colour,
        "fillOpacity": 0.35 if closed else 0.9,
        "opacity": 0.5 if closed else 1.0,
        "className": "signal-marker"
        + (" signal-overdue" if late else "")
        + (" signal-near-hotspot" if near else ""),
    }


def signal_layer(
    signals: gpd.GeoDataFrame,
    *,
    name: str,
    type_labels: Mapping[str, str],
    colours: Mapping[str, str],
    status_labels: Mapping[str, str],
    labels: Mapping[str, str],
    show: bool = True,
) -> folium.FeatureGroup:
    """Signals as circle markers with a tooltip (one GeoJSON layer, however many signals).

    Parameters
    ----------
    signals : geopandas.GeoDataFrame
        Columns ``signal_id``, ``type``, ``status``, ``description``, ``reported_at`` and
        optionally ``overdue``, ``near_hotspot``, ``hotspot_distance``; any CRS.
    name : str
        Layer name in the layer control.
    type_labels, colours, status_labels : mapping
        Type code → label / colour; status → label (in the user's language).
    labels : mapping
        Tooltip labels for ``type``, ``status``, ``reported_at``, ``description``,
        ``overdue``, ``near_hotspot`` and the words ``yes``/``no``.
    show : bool, default True
        Whether the layer is on when the map opens.

    Returns
    -------
    folium.FeatureGroup
    """
    group = folium.FeatureGroup(name=name, show=show)
    located = signals[signals.geometry.notna() & ~signals.geometry.is_empty]
    if located.empty:
        return group
    yes, no = labels.get("yes", "ja"), labels.get("no", "nee")
    false = pd.Series(False, index=located.index)
    overdue = located.get("overdue", false).fillna(False).astype(bool)
    near = located.get("near_hotspot", false).fillna(False).astype(bool)
    kind = located["type"].astype(str)
    status = located["status"].astype(str)
    reported = pd.to_datetime(located["reported_at"], errors="coerce")
    description = located.get("description", pd.Series("", index=located.index))
    shown = gpd.GeoDataFrame(
        {
            "type": kind.map(lambda k: type_labels.get(k, k)),
            "status": status.map(lambda s: status_labels.get(s, s)),
            "reported_at": reported.dt.strftime("%d/%m/%Y").fillna(""),
            "overdue": np.where(overdue, yes, no),
            "near_hotspot": np.where(near, yes, no),
            "description": description.fillna("").astype(str).str.slice(0, 200),
        },
        geometry=located.geometry,
        crs=located.crs,
    )
    fields = ["type", "status", "reported_at", "overdue", "near_hotspot", "description"]
    properties = escaped(pd.DataFrame(shown[fields]), fields)
    styles = [
        signal_style({"status": s, "overdue": o, "near_hotspot": h}, colours.get(k, DEFAULT_COLOUR))
        for s, o, h, k in zip(status, overdue, near, kind, strict=True)
    ]  # one small dict per signal (a few hundred at most), serialised once by folium
    properties["style"] = styles
    folium.GeoJson(
        feature_collection(display_geometry(shown), properties),
        name=name,
        marker=folium.CircleMarker(fill=True),
        style_function=_feature_style,
        tooltip=folium.GeoJsonTooltip(
            fields=fields,
            aliases=[html.escape(str(labels[f])) for f in fields],
            sticky=True,
        ),
    ).add_to(group)
    return group


def _feature_style(feature: dict) -> dict:
    """The style stored with each signal (module-level: the layer stays picklable)."""
    return feature["properties"]["style"]


def signal_legend(
    present_types: list[str],
    *,
    type_labels: Mapping[str, str],
    colours: Mapping[str, str],
    overdue_text: str,
    hotspot_text: str,
) -> list[tuple[str, str]]:
    """Legend entries (colour, text) for :class:`layers.maps.LayerLegend`: the types shown, then
    the two rings."""
    entries = [
        (colours.get(t, DEFAULT_COLOUR), type_labels.get(t, t))
        for t in dict.fromkeys(present_types)
    ]
    return [*entries, (OVERDUE_RING, overdue_text), (HOTSPOT_RING, hotspot_text)]
