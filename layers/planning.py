"""Folium layers of the presence planner: plan slots, planning hotspots, near-repeat zones."""

from __future__ import annotations

import html
from collections.abc import Sequence

import folium
import geopandas as gpd
import pandas as pd

from layers.maps import escaped, for_display

__all__ = ["alert_layer", "place_layer", "slot_layer"]

SLOT_COLOUR = "#1f50a0"
DUTY_COLOUR = "#783ca0"
PLACE_COLOUR = "#fdae61"
ALERT_COLOUR = "#c80000"


def place_layer(places: gpd.GeoDataFrame, *, name: str) -> folium.FeatureGroup:
    """Planning hotspot cells (orange) with street, evidence and peak in the tooltip."""
    group = folium.FeatureGroup(name=name)
    if places.empty:
        return group
    shown = escaped(
        for_display(places[["place", "street", "evidence", "peak", "geometry"]]),
        ["place", "street", "evidence", "peak"],
    )
    folium.GeoJson(
        shown.to_json(),
        style_function=lambda _: {
            "color": "#e67828",
            "weight": 1,
            "fillColor": PLACE_COLOUR,
            "fillOpacity": 0.6,
        },
        tooltip=folium.GeoJsonTooltip(["street", "evidence", "peak"], labels=False),
    ).add_to(group)
    return group


def alert_layer(
    alerts: gpd.GeoDataFrame, *, name: str, labels: tuple[str, str]
) -> folium.FeatureGroup:
    """Near-repeat alert zones (red outline) with their expiry date.

    Parameters
    ----------
    alerts : geopandas.GeoDataFrame
        ``alert``, ``incidents``, ``expires``, polygons.
    name : str
        Layer name.
    labels : tuple of str
        Tooltip labels of the incident count and the expiry date, in the user's language.

    Returns
    -------
    folium.FeatureGroup
    """
    group = folium.FeatureGroup(name=name)
    if alerts.empty:
        return group
    shown = for_display(alerts[["alert", "incidents", "expires", "geometry"]])
    shown["expires"] = pd.to_datetime(shown["expires"]).dt.strftime("%d/%m/%Y")
    folium.GeoJson(
        shown.to_json(),
        style_function=lambda _: {"color": ALERT_COLOUR, "weight": 2, "fillOpacity": 0.05},
        tooltip=folium.GeoJsonTooltip(["incidents", "expires"], aliases=list(labels)),
    ).add_to(group)
    return group


def slot_layer(
    slots: pd.DataFrame,
    *,
    name: str,
    day_names: Sequence[str],
    crs: str = "EPSG:31370",
) -> folium.FeatureGroup:
    """Numbered circle markers of plan slots (blue visits, purple fixed duties).

    Parameters
    ----------
    slots : pandas.DataFrame
        Plan slots with ``x``, ``y`` (in ``crs``), ``start``, ``end``, ``kind``, ``street``
        and ``reason``.
    name : str
        Layer name.
    day_names : sequence of str
        Seven short weekday names, Monday first, in the user's language (the tooltip reads
        e.g. "3. di 08/12 17:00–17:15 — Kerkstraat").
    crs : str, default "EPSG:31370"

    Returns
    -------
    folium.FeatureGroup
    """
    group = folium.FeatureGroup(name=name)
    if slots.empty:
        return group
    points = gpd.GeoDataFrame(
        slots.reset_index(drop=True),
        geometry=gpd.points_from_xy(slots["x"], slots["y"]),
        crs=crs,
    ).to_crs("EPSG:4326")
    for number, row in enumerate(points.itertuples(index=False), start=1):
        colour = DUTY_COLOUR if row.kind == "duty" else SLOT_COLOUR
        label = (
            f"{number}. {day_names[pd.Timestamp(row.start).weekday()]} "
            f"{pd.Timestamp(row.start):%d/%m %H:%M}–{pd.Timestamp(row.end):%H:%M}"
            f" — {row.street}"
        )
        folium.CircleMarker(
            location=[row.geometry.y, row.geometry.x],
            radius=8,
            color="white",
            weight=2,
            fill=True,
            fill_color=colour,
            fill_opacity=0.95,
            tooltip=html.escape(label),
            popup=folium.Popup(html.escape(str(row.reason)), max_width=320),
        ).add_to(group)
    return group
