"""folium layers for the hotspot map: wijken, grid hotspots, legend.

Every text property shown in a tooltip or popup is HTML-escaped here, whatever its source.
"""

from __future__ import annotations

import functools
import html
from concurrent.futures import ThreadPoolExecutor

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from branca.element import MacroElement, Template

from gis.errors import ValidationError

WGS84 = "EPSG:4326"
HOTSPOT_COLOURS: tuple[str, ...] = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
WIJK_OUTLINE = "#1f3b73"


DISPLAY_TOLERANCE_M = 2.0
"""Simplification of polygons before drawing: invisible at street zoom, much lighter pages."""


def display_geometry(frame: gpd.GeoDataFrame) -> np.ndarray:
    """The geometries of ``frame`` as drawn: simplified by :data:`DISPLAY_TOLERANCE_M` (in a
    metric CRS), in WGS84, with 1e-6° (~10 cm) precision.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Any CRS.

    Returns
    -------
    numpy.ndarray
        Shapely geometries, aligned with ``frame``.
    """
    geometry = frame.geometry
    if frame.crs is not None and not frame.crs.is_geographic:
        geometry = geometry.simplify(DISPLAY_TOLERANCE_M, preserve_topology=True)
    return shapely.set_precision(to_wgs84(geometry.to_numpy(), frame.crs), 1e-6)


def for_display(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` with its :func:`display_geometry`, in WGS84."""
    return gpd.GeoDataFrame(
        frame.drop(columns=frame.geometry.name), geometry=display_geometry(frame), crs=WGS84
    )


def feature_collection(geometry: np.ndarray, properties: pd.DataFrame) -> str:
    """GeoJSON text of WGS84 geometries and their properties, written by GEOS in one go.

    ``GeoDataFrame.__geo_interface__`` builds every feature in Python (0.1 s per 1,000
    cells); this is ~20 times faster. Coordinates are rounded to 1e-6 degrees (~0.1 m);
    features get their position as ``id`` (what folium styles them by).

    Parameters
    ----------
    geometry : numpy.ndarray
        Shapely geometries in WGS84.
    properties : pandas.DataFrame
        One row per geometry; values must be JSON-serialisable (text already escaped).

    Returns
    -------
    str
    """
    rounded = shapely.transform(geometry, lambda xy: np.round(xy, 6))
    shapes = shapely.to_geojson(rounded)
    rows = properties.to_json(orient="records", lines=True, force_ascii=False).splitlines()
    if not len(properties.columns):
        rows = ["{}"] * len(properties)
    features = ",".join(
        f'{{"type":"Feature","id":"{i}","geometry":{g},"properties":{p}}}'
        for i, (g, p) in enumerate(zip(shapes, rows, strict=True))
    )
    return f'{{"type":"FeatureCollection","features":[{features}]}}'


_TRANSFORM_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wijkradar-wgs84")
"""One long-lived thread for the reprojection to WGS84: pyproj keeps a transformer's PROJ
object per thread, and Streamlit runs every rerun in a new thread, where building it again
costs 60–200 ms. One worker also serialises the calls."""


@functools.lru_cache(maxsize=8)
def _transformer_to_wgs84(crs_wkt: str) -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(pyproj.CRS.from_wkt(crs_wkt), WGS84, always_xy=True)


def to_wgs84(geometries: np.ndarray, crs: pyproj.CRS | None) -> np.ndarray:
    """Reproject shapely geometries from ``crs`` to WGS84 (longitude, latitude).

    Same result as ``GeoSeries.to_crs("EPSG:4326")``, computed in one long-lived thread so
    that the PROJ transformer is built once per process and CRS, not once per Streamlit
    rerun.

    Parameters
    ----------
    geometries : numpy.ndarray
        Shapely geometries.
    crs : pyproj.CRS or None
        Their CRS; geometries already in WGS84 are returned as they are.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValidationError
        If ``crs`` is None.
    """
    if crs is None:
        raise ValidationError("geometries without a CRS cannot be drawn; set the CRS first")
    crs = pyproj.CRS.from_user_input(crs)
    if crs.equals(WGS84):
        return geometries
    transformer = _transformer_to_wgs84(crs.to_wkt())

    def _apply(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return _TRANSFORM_THREAD.submit(shapely.transform, geometries, _apply).result()


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


# Style functions are module-level (not lambdas) so that a layer can be pickled: the app
# keeps built layers in Streamlit's data cache.


def _wijk_style(_feature: dict) -> dict:
    return {
        "color": WIJK_OUTLINE,
        "weight": 2,
        "fillOpacity": 0.03,
        "fillColor": WIJK_OUTLINE,
        "className": "wijk-polygon",
    }


def _wijk_highlight(_feature: dict) -> dict:
    return {"weight": 4, "fillOpacity": 0.12}


def _cell_style(feature: dict) -> dict:
    colour = feature["properties"]["colour"]
    return {
        "color": colour,
        "weight": 0.5,
        "fillColor": colour,
        "fillOpacity": 0.7,
        "className": "hotspot-cell",
    }


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
    properties = escaped(wijken[["code", "name"]], ["code", "name"]).assign(
        incidents=counts.astype("int64")
    )
    group = folium.FeatureGroup(name=name, show=True)
    folium.GeoJson(
        feature_collection(display_geometry(wijken), properties),
        name=name,
        style_function=_wijk_style,
        highlight_function=_wijk_highlight,
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
    shown = escaped(cells[["cell", "count"]], ["cell"]).assign(
        colour=palette[colour_class] if len(cells) else [],
        count=cells["count"].round(1),
    )
    group = folium.FeatureGroup(name=name, show=True)
    if len(shown):
        folium.GeoJson(
            feature_collection(display_geometry(cells), shown),
            name=name,
            style_function=_cell_style,
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


def bounds_wgs84(areas: gpd.GeoDataFrame) -> list[list[float]]:
    """Return ``[[south, west], [north, east]]`` of ``areas`` for ``Map.fit_bounds``."""
    if not len(areas):
        raise ValidationError("no areas to fit the map to (the selection holds no wijk)")
    west, south, east, north = shapely.total_bounds(to_wgs84(areas.geometry.to_numpy(), areas.crs))
    return [[float(south), float(west)], [float(north), float(east)]]


_LAYER_LEGEND = Template(
    """
{% macro script(this, kwargs) %}
(function () {
    var group = {{ this._parent.get_name() }};
    var legend = L.control({position: "bottomleft"});
    legend.onAdd = function () {
        var box = L.DomUtil.create("div", "wijkradar-legend");
        box.style.cssText = "background:white;padding:4px 8px;border:1px solid #999;" +
            "border-radius:4px;font:12px/1.35 sans-serif;max-width:260px;";
        box.innerHTML = {{ this.html|tojson }};
        L.DomEvent.disableClickPropagation(box);
        return box;
    };
    group.on("add", function () { legend.addTo(group._map); });
    group.on("remove", function () { legend.remove(); });
    if (group._map) { legend.addTo(group._map); }
})();
{% endmacro %}
"""
)


def legend_html(title: str, entries: list[tuple[str, str]], *, expanded: bool = True) -> str:
    """The HTML of a legend box: a title that folds the box open or shut, then one colour
    swatch and text per line.

    Parameters
    ----------
    title : str
        Heading (escaped here).
    entries : list of (colour, text)
        One line per colour; texts are escaped here, colours must be CSS colours.
    expanded : bool, default True
        Whether the lines show when the map opens (a click on the title toggles them).

    Returns
    -------
    str
    """
    lines = []
    for colour, text in entries:
        swatch = (
            '<span style="display:inline-block;width:11px;height:11px;margin-right:4px;'
            f'border:1px solid #555;background:{html.escape(colour, quote=True)}"></span>'
        )
        lines.append(swatch + html.escape(text))
    state = " open" if expanded else ""
    return (
        f'<details{state}><summary style="cursor:pointer"><b>{html.escape(title)}</b></summary>'
        + "<br>".join(lines)
        + "</details>"
    )


class LayerLegend(MacroElement):
    """A legend box that belongs to one feature group: shown while the group is on the map.

    Add it to a ``folium.FeatureGroup``; the legend then follows the group when it is ticked
    off in the layer control, and goes with it when streamlit-folium swaps the group
    (``feature_group_to_add``) after a filter change: each layer explains itself.

    Parameters
    ----------
    title : str
        Heading.
    entries : list of (colour, text)
        One line per colour; texts are HTML-escaped.
    expanded : bool, default True
        Whether the lines show when the map opens (the title folds them).
    """

    _template = _LAYER_LEGEND  # on the class: the element stays picklable (Streamlit cache)

    def __init__(
        self, title: str, entries: list[tuple[str, str]], *, expanded: bool = True
    ) -> None:
        super().__init__()
        self._name = "LayerLegend"
        self.html = legend_html(title, entries, expanded=expanded)


_FIT_ONCE = Template(
    """
{% macro script(this, kwargs) %}
(function () {
    var group = {{ this._parent.get_name() }};
    var bounds = {{ this.bounds|tojson }};
    var key = JSON.stringify(bounds);
    function fit(map) {
        if (map && map._wijkradarFitted !== key) {
            map.fitBounds(bounds, {animate: false});
            map._wijkradarFitted = key;
        }
    }
    group.on("add", function () { fit(group._map); });
    if (group._map) { fit(group._map); }
})();
{% endmacro %}
"""
)


class FitBoundsOnce(MacroElement):
    """Fit the map to ``bounds`` when its feature group is added, once per distinct bounds.

    A new selection (another municipality or wijk) moves the map to it; a new period or
    category, which keeps the bounds, leaves the user's own zoom and pan alone.

    Parameters
    ----------
    bounds : list of [lat, lon]
        ``[[south, west], [north, east]]`` (see :func:`bounds_wgs84`).
    """

    _template = _FIT_ONCE

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitBoundsOnce"
        self.bounds = [[round(float(v), 6) for v in corner] for corner in bounds]
