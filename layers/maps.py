"""folium layers for the hotspot map: wijken, grid hotspots, legend.

Every text property shown in a tooltip or popup is HTML-escaped here, whatever its source.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement, Template

WGS84 = "EPSG:4326"
HOTSPOT_COLOURS: tuple[str, ...] = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
WIJK_OUTLINE = "#1f3b73"


def escaped(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Return ``frame`` with ``columns`` turned into HTML-escaped text."""
    out = frame.copy()
    for column in columns:
        out[column] = out[column].astype("str").map(html.escape)
    return out


def _classes(values: pd.Series, n: int) -> np.ndarray:
    """Quantile classes 0..n-1 of positive values (equal counts), -1 for zeros."""
    result = np.full(len(values), -1)
    positive = values.to_numpy() > 0
    if positive.any():
        ranks = values[positive].rank(method="average", pct=True).to_numpy()
        result[positive] = np.minimum((ranks * n).astype(int), n - 1)
    return result


def wijk_layer(
    wijken: gpd.GeoDataFrame, counts: pd.Series, *, name: str, labels: dict[str, str]
) -> folium.FeatureGroup:
    """Wijk polygons with their incident counts in a tooltip.

    Parameters
    ----------
    wijken : geopandas.GeoDataFrame
        Columns ``code``, ``name``; any metric CRS.
    counts : pandas.Series
        Incidents per wijk, indexed like ``wijken``.
    name : str
        Layer name shown in the layer control.
    labels : dict
        Tooltip labels for ``name``, ``code`` and ``incidents``.

    Returns
    -------
    folium.FeatureGroup
    """
    shown = escaped(wijken[["code", "name", "geometry"]], ["code", "name"])
    shown = shown.assign(incidents=counts.astype("int64")).to_crs(WGS84)
    group = folium.FeatureGroup(name=name, show=True)
    folium.GeoJson(
        shown.__geo_interface__,
        name=name,
        style_function=lambda _: {
            "color": WIJK_OUTLINE,
            "weight": 2,
            "fillOpacity": 0.03,
            "fillColor": WIJK_OUTLINE,
            "className": "wijk-polygon",
        },
        highlight_function=lambda _: {"weight": 4, "fillOpacity": 0.12},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "code", "incidents"],
            aliases=[labels["name"], labels["code"], labels["incidents"]],
            localize=True,
        ),
    ).add_to(group)
    return group


def hotspot_layer(
    grid: gpd.GeoDataFrame, *, name: str, labels: dict[str, str], classes: int = 5
) -> folium.FeatureGroup:
    """Grid cells coloured by incident count (quantile classes of the non-empty cells).

    Parameters
    ----------
    grid : geopandas.GeoDataFrame
        Cells with ``cell`` and ``count``; empty cells are not drawn.
    name : str
        Layer name.
    labels : dict
        Tooltip labels for ``cell`` and ``count``.
    classes : int, default 5
        Number of colour classes.

    Returns
    -------
    folium.FeatureGroup
    """
    cells = grid[grid["count"] > 0]
    colour_class = _classes(cells["count"], min(classes, len(HOTSPOT_COLOURS)))
    palette = np.array(HOTSPOT_COLOURS)
    shown = escaped(cells[["cell", "count", "geometry"]], ["cell"]).assign(
        colour=palette[np.clip(colour_class, 0, None)] if len(cells) else [],
        count=cells["count"].round(1),
    )
    group = folium.FeatureGroup(name=name, show=True)
    if len(shown):
        folium.GeoJson(
            shown.to_crs(WGS84).__geo_interface__,
            name=name,
            style_function=lambda feature: {
                "color": feature["properties"]["colour"],
                "weight": 0.5,
                "fillColor": feature["properties"]["colour"],
                "fillOpacity": 0.7,
                "className": "hotspot-cell",
            },
            tooltip=folium.GeoJsonTooltip(
                fields=["cell", "count"], aliases=[labels["cell"], labels["count"]], localize=True
            ),
        ).add_to(group)
    return group


_LEGEND = Template(
    """
{% macro html(this, kwargs) %}
<div class="wijkradar-legend" style="position: absolute; bottom: 18px; left: 10px; z-index: 1000;
  background: white; padding: 6px 10px; border: 1px solid #999; border-radius: 4px;
  font: 12px/1.4 sans-serif;">
  <b>{{ this.title }}</b><br>
  {% for colour, text in this.entries %}
  <span style="display:inline-block;width:12px;height:12px;background:{{ colour }};
    border:1px solid #555;margin-right:4px;"></span>{{ text }}<br>
  {% endfor %}
</div>
{% endmacro %}
"""
)


class Legend(MacroElement):
    """A fixed legend box explaining the map's layers.

    Parameters
    ----------
    title : str
        Heading.
    entries : list of (colour, text)
        One line per colour; texts are HTML-escaped.
    """

    def __init__(self, title: str, entries: list[tuple[str, str]]) -> None:
        super().__init__()
        self._name = "Legend"
        self._template = _LEGEND
        self.title = html.escape(title)
        self.entries = [(colour, html.escape(text)) for colour, text in entries]


def bounds_wgs84(areas: gpd.GeoDataFrame) -> list[list[float]]:
    """Return ``[[south, west], [north, east]]`` of ``areas`` for ``Map.fit_bounds``."""
    west, south, east, north = areas.to_crs(WGS84).total_bounds
    return [[float(south), float(west)], [float(north), float(east)]]
