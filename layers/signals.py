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
import pandas as pd

from layers.maps import for_display

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
    """Signals as circle markers with a tooltip.

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
    shown = for_display(located[["geometry"]])
    yes, no = labels.get("yes", "ja"), labels.get("no", "nee")
    overdue = located.get("overdue", pd.Series(False, index=located.index)).astype(bool)
    near = located.get("near_hotspot", pd.Series(False, index=located.index)).astype(bool)
    for position, (index, row) in enumerate(located.iterrows()):
        point = shown.geometry.iloc[position]
        colour = colours.get(str(row["type"]), DEFAULT_COLOUR)
        record = {
            "status": row["status"],
            "overdue": overdue.at[index],
            "near_hotspot": near.at[index],
        }
        style = signal_style(record, colour)
        when = row["reported_at"]
        lines = [
            (labels["type"], type_labels.get(str(row["type"]), str(row["type"]))),
            (labels["status"], status_labels.get(str(row["status"]), str(row["status"]))),
            (
                labels["reported_at"],
                "" if pd.isna(when) else pd.Timestamp(when).strftime("%d/%m/%Y"),
            ),
            (labels["overdue"], yes if overdue.at[index] else no),
            (labels["near_hotspot"], yes if near.at[index] else no),
        ]
        description = str(row.get("description", "") or "")
        if description:
            lines.append((labels["description"], description[:200]))
        tip = "<br>".join(f"<b>{html.escape(str(k))}</b>: {html.escape(str(v))}" for k, v in lines)
        folium.CircleMarker(
            location=[point.y, point.x],
            radius=style.pop("radius"),
            tooltip=folium.Tooltip(tip, sticky=True),
            **{
                "color": style["color"],
                "weight": style["weight"],
                "fill": True,
                "fill_color": style["fillColor"],
                "fill_opacity": style["fillOpacity"],
                "opacity": style["opacity"],
                "class_name": style["className"],
            },
        ).add_to(group)
    return group


def signal_legend(
    present_types: list[str],
    *,
    type_labels: Mapping[str, str],
    colours: Mapping[str, str],
    overdue_text: str,
    hotspot_text: str,
) -> list[tuple[str, str]]:
    """Legend entries (colour, text) for :class:`layers.maps.Legend`: the types shown, then
    the two rings."""
    entries = [
        (colours.get(t, DEFAULT_COLOUR), type_labels.get(t, t))
        for t in dict.fromkeys(present_types)
    ]
    return [*entries, (OVERDUE_RING, overdue_text), (HOTSPOT_RING, hotspot_text)]
