"""folium layers for the hotspot map: wijken, grid hotspots, legend.

Every text property shown in a tooltip or popup is HTML-escaped here, whatever its source.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement, Template

WGS84 = "EPSG:4326"
HOTSPOT_COLOURS: tuple[str, ...] = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
WIJK_OUTLINE = "#1f3b73"


DISPLAY_TOLERANCE_M = 2.0
"""Simplification of polygons before drawing: invisible at street zoom, much lighter pages."""


def for_display(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Simplify (in the metric CRS) and reproject to WGS84 with 1e-6° (~10 cm) precision."""
    shown = frame.copy()
    if shown.crs is not None and not shown.crs.is_geographic:
        shown["geometry"] = shown.geometry.simplify(DISPLAY_TOLERANCE_M, preserve_topology=True)
    shown = shown.to_crs(WGS84)
    shown["geometry"] = shapely.set_precision(shown.geometry.to_numpy(), 1e-6)
    return shown


def escaped(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Return ``frame`` with ``columns`` turned into HTML-escaped text."""
    out = frame.copy()
    for column in columns:
        out[column] = out[column].astype("str").map(html.escape)
    return out


TOP_SHARES: tuple[float, ...] = (0.01, 0.025, 0.05, 0.10)
"""Hotspot classes: the top 1 %, 1–2.5 %, 2.5–5 %, 5–10 % of the grid's cells, then the rest."""


def count_classes(
    values: pd.Series, *, shares: tuple[float, ...] = TOP_SHARES
) -> tuple[np.ndarray, list[tuple[float, float, int]]]:
    """Class cells by the rank of their count among all cells of the grid.

    Class 0 holds the cells whose count reaches the top ``shares[0]`` of cells, class 1 the
    next band, …, the last class every other non-empty cell. Ties at a threshold all go to
    the higher class, so equal counts always get the same colour.

    Parameters
    ----------
    values : pandas.Series
        Counts per cell, zeros included (they set the rank base).
    shares : tuple of float
        Cumulative shares of cells bounding the classes.

    Returns
    -------
    classes : numpy.ndarray
        Class per value (0 = hottest), -1 for zero counts.
    ranges : list of (low, high, band)
        Lowest and highest count of each non-empty class, hottest first, and its band: the
        index into ``shares`` (``len(shares)`` for the rest).
    """
    array = values.to_numpy(dtype=float)
    result = np.full(len(array), -1)
    positive = array > 0
    if not positive.any():
        return result, []
    ordered = np.sort(array)[::-1]
    cuts = [ordered[min(len(ordered) - 1, max(0, int(np.ceil(s * len(ordered))) - 1))]
            for s in shares]  # fmt: skip
    thresholds = np.maximum.accumulate(np.array([*cuts, 0.0])[::-1])[::-1]
    level = np.full(len(array), len(shares))
    for k in range(len(shares) - 1, -1, -1):
        level[array >= max(thresholds[k], np.finfo(float).tiny)] = k
    result[positive] = level[positive]
    used = np.unique(result[positive])
    result[positive] = np.searchsorted(used, result[positive])
    ranges = [
        (float(array[result == k].min()), float(array[result == k].max()), int(band))
        for k, band in enumerate(used)
    ]
    return result, ranges


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
    shown = for_display(shown.assign(incidents=counts.astype("int64")))
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
    grid: gpd.GeoDataFrame,
    *,
    name: str,
    labels: dict[str, str],
    shares: tuple[float, ...] = TOP_SHARES,
    draw_rest: bool = False,
) -> tuple[folium.FeatureGroup, list[tuple[str, str]]]:
    """Grid cells coloured by incident count (quantile classes of the non-empty cells).

    Parameters
    ----------
    grid : geopandas.GeoDataFrame
        Cells with ``cell`` and ``count``; empty cells are not drawn.
    name : str
        Layer name.
    labels : dict
        Tooltip labels for ``cell`` and ``count``; legend templates ``top`` (with
        ``{share}``) and ``rest``.
    shares : tuple of float
        Class bounds as shares of the grid's cells (see :func:`count_classes`).
    draw_rest : bool, default False
        Also draw the non-empty cells below the last share (off: a hotspot layer shows hot
        places, and the page stays light).

    Returns
    -------
    group : folium.FeatureGroup
    legend : list of (colour, text)
        One entry per class, hottest first, e.g. ``("#a50f15", "top 1% cellen: 40–287")``.
    """
    all_classes, ranges = count_classes(grid["count"], shares=shares)
    if not draw_rest:
        ranges = [r for r in ranges if r[2] < len(shares)]
    drawn = (all_classes >= 0) & (all_classes < len(ranges))
    cells = grid[drawn]
    colour_class = all_classes[drawn]
    palette = np.array(HOTSPOT_COLOURS[::-1][: len(ranges)])
    shown = escaped(cells[["cell", "count", "geometry"]], ["cell"]).assign(
        colour=palette[colour_class] if len(cells) else [],
        count=cells["count"].round(1),
    )
    group = folium.FeatureGroup(name=name, show=True)
    if len(shown):
        folium.GeoJson(
            for_display(shown).__geo_interface__,
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
    legend = []
    for colour, (low, high, band) in zip(palette, ranges, strict=True):
        counts = f"{low:g}" if low == high else f"{low:g}–{high:g}"
        share = f"{shares[band] * 100:g} %".replace(".", ",") if band < len(shares) else ""
        text = labels["top"].format(share=share) if share else labels["rest"]
        legend.append((str(colour), f"{text}: {counts}"))
    return group, legend


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
