"""The main map page's data and layers: cached loaders, the map's feature groups and the
tables beside it (app.py wires the widgets to these).

Computation stays in ``gis/`` and drawing in ``layers/``; this module only chooses, caches
and labels them for the page (Streamlit caches, the user's language).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from gis.aoristic import aoristic_profile
from gis.forecast import CellForecast, forecast_cells
from gis.grid import zone_grid
from gis.hotspot_methods import run_hotspot_method
from gis.hotspots import METHODS, HotspotResult, hotspot_labels
from gis.i18n import category_label, code_words
from gis.io_backends import open_workspace
from gis.io_harm import read_harm_weights
from gis.selection import (
    PERIOD_PRESETS,
    Selection,
    grid_hotspots,
    incidents_per_wijk,
    period_bounds,
    select_incidents,
    selected_areas,
)
from layers.basemaps import add_basemap, basemap_spec
from layers.hotspots import hotspot_result_layer, legend_entries
from layers.maps import (
    WIJK_OUTLINE,
    FitBoundsOnce,
    LayerLegend,
    bounds_wgs84,
    hotspot_layer,
    wijk_layer,
)
from layers.offline import offline_map
from wijkradar.auth_ui import (
    session_for,
)
from wijkradar.signal_ui import main_map_signals
from wijkradar.ui import (
    belgian_dataframe,
    belgian_number,
    current_language,
    day_names,
    t,
    translated,
)

TILE_URL_ENV = (
    "WIJKRADAR_TILE_URL"  # a zone's own tile server, e.g. https://gis.zone/{z}/{x}/{y}.png
)
CELL_SIZES: tuple[int, ...] = (50, 100, 150, 200, 250, 300, 400, 500)
"""Cell sizes (m) the map page offers; 150 m is the default."""
MAP_COLUMNS = ["id", "source", "category", "start", "end", "nis", "wijk", "in_zone",
               "geocode_status"]  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=4)
def load_workspace(path: str, modified: float, user: str) -> dict[str, object]:
    """Read what the map needs, as ``user`` may see it, through the access module (cached per
    workspace version and user; what is shown is audited in main()).

    Kept as one shared, read-only object (a resource cache) rather than a copy per run:
    unpickling a zone's incidents on every rerun cost 25 ms at 20k rows and 75 ms at 50k.
    Callers select (pandas copy-on-write) and never change these frames in place.
    """
    session = session_for(path, user)
    return {
        "meta": session.workspace.meta(),
        "zones": session.zones(),
        "municipalities": session.municipalities(),
        "wijken": session.wijken(),
        "incidents": session.incidents(columns=MAP_COLUMNS, audit=False),
    }


@st.cache_data(show_spinner=False, max_entries=32)
def cached_grid(
    path: str, modified: float, wijk_codes: tuple[str, ...], cell_size: int
) -> gpd.GeoDataFrame:
    """The analysis grid over some wijken (cached: it only changes with them and the size)."""
    wijken = open_workspace(path).areas("wijken")
    return zone_grid(wijken[wijken["code"].isin(wijk_codes)], cell_size=cell_size)


@st.cache_data(show_spinner=False)
def harm_table() -> pd.DataFrame:
    """The harm weights per category (data/harm_weights.csv)."""
    return read_harm_weights()


@st.cache_data(show_spinner=False, max_entries=8)
def cached_forecast(
    path: str,
    modified: float,
    user: str,
    wijk_codes: tuple[str, ...],
    categories: tuple[str, ...],
    cell_size: int,
) -> CellForecast:
    """Next week's forecast per cell for the wijken in view, with its own backtest (cached)."""
    data = load_workspace(path, modified, user)
    wijken = data["wijken"][data["wijken"]["code"].isin(wijk_codes)]
    incidents = data["incidents"]
    incidents = incidents[
        incidents["wijk"].isin(wijk_codes) & incidents["category"].isin(categories)
    ]
    grid = cached_grid(path, modified, wijk_codes, cell_size)
    origin = incidents["start"].max().normalize() + pd.Timedelta(days=1)
    return forecast_cells(incidents, grid, origin=origin, cell_size=cell_size, zone=wijken)


def show_forecast_evidence(forecast: CellForecast) -> None:
    """Say which forecast the map shows and why, with the backtest on the zone's own weeks."""
    choice = forecast.choice
    gain = "–" if pd.isna(choice.gain) else f"{choice.gain:+.0%}"
    text = t(
        f"forecast.choice.{choice.reason}",
        method=choice.learned,
        baseline=choice.best_baseline,
        gain=gain,
        events=belgian_number(choice.events_per_fold, 1),
    )
    period = forecast.origin.strftime("%d/%m/%Y")
    st.subheader(t("ui.forecast_title", start=period))
    (st.success if choice.reason == "better" else st.warning)(text)
    summary = forecast.reliability.summary
    if len(summary):
        st.caption(t("ui.forecast_evidence"))
        table = summary.assign(coverage=summary["coverage"].astype(float) * 100)
        table = table.rename(columns={c: t(f"forecast.col.{c}") for c in table.columns})
        belgian_dataframe(table, decimals=3, hide_index=True, width="stretch")


def period_filter(first: pd.Timestamp, last: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Draw the period choice in the sidebar and return its days ``[start, end)``.

    A named period (:data:`gis.selection.PERIOD_PRESETS`, default the last 12 months up to
    the latest incident) or, under "zelf kiezen", a date range; the dates it stands for are
    shown under it. The date picker is only drawn when asked for: it is the heaviest widget
    a first visit would otherwise load before the map.

    Parameters
    ----------
    first, last : pandas.Timestamp
        Start time of the earliest and the latest incident in view (the named periods are
        anchored on the day of ``last``, see :func:`gis.selection.period_bounds`).

    Returns
    -------
    tuple of pandas.Timestamp
        Midnight of the first day and midnight after the last day of the chosen period.
    """
    choices = [*PERIOD_PRESETS, "custom"]
    choice = st.sidebar.selectbox(
        t("ui.period"),
        choices,
        index=PERIOD_PRESETS.index("12m"),
        format_func={key: t(f"ui.period_{key}") for key in choices}.get,
        key=translated("period_preset"),
    )
    if choice != "custom":
        start, end = period_bounds(choice, first=first, last=last)
    else:
        start, end = period_bounds("12m", first=first, last=last)
        picked = st.sidebar.date_input(
            t("ui.period_dates"),
            value=(start.date(), (end - pd.Timedelta(days=1)).date()),
            format="DD/MM/YYYY",
            key="period",
        )
        days = [pd.Timestamp(day) for day in picked] if isinstance(picked, tuple) else []
        if days:  # while the user has picked only the first day, that day alone
            start, end = days[0], days[-1] + pd.Timedelta(days=1)
    last_day = (end - pd.Timedelta(days=1)).strftime("%d/%m/%Y")
    st.sidebar.caption(t("ui.period_shown", start=start.strftime("%d/%m/%Y"), end=last_day))
    return start, end


def method_name(method: str) -> str:
    """Display name of a hotspot method in the chosen language."""
    if method == "count":
        return t("ui.method_count")
    if method == "forecast":
        return t("ui.method_forecast")
    return labels_for_methods()[method]


def labels_for_methods() -> dict[str, str]:
    """Names of the hotspot methods in the chosen language."""
    labels = hotspot_labels(st.session_state.get("language", "nl"))
    return {m: labels[f"method.{m}"] for m in METHODS}


def base_map(zone_wijken: gpd.GeoDataFrame, basemap: str) -> folium.Map:
    """The map that stays while the filters change: centred on the zone, with the basemap.

    Everything that depends on the selection goes in feature groups (``feature_group_to_add``)
    so that a filter change swaps those layers instead of reloading the map.
    """
    (south, west), (north, east) = bounds_wgs84(zone_wijken)
    centre = [(south + north) / 2, (west + east) / 2]
    fmap = offline_map(centre, zoom_start=11, zoom_snap=0.25, jquery=False)  # no folium.Popup
    add_basemap(
        fmap,
        basemap_spec(basemap, custom_url=os.environ.get(TILE_URL_ENV)),
        notice=t("ui.basemap_fallback"),
    )
    return fmap


def map_labels() -> dict[str, str]:
    """Tooltip and legend words of the map layers in the chosen language."""
    return {
        "name": t("ui.name"),
        "code": t("ui.code"),
        "incidents": t("ui.incidents"),
        "cell": t("ui.cell"),
        "count": t("ui.count"),
        "top": t("ui.legend_top", share="{share}"),
        "rest": t("ui.legend_rest"),
    }


def wijk_group(areas: gpd.GeoDataFrame, chosen: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """The wijken in view with their incident counts; the map fits to them when they change."""
    counts = incidents_per_wijk(chosen, areas)
    group = wijk_layer(areas, counts, name=t("ui.layer_wijken"), labels=map_labels())
    group.add_child(LayerLegend(t("ui.layer_wijken"), [(WIJK_OUTLINE, t("ui.legend_wijk"))]))
    group.add_child(FitBoundsOnce(bounds_wgs84(areas)))
    return group


def count_group(cells: gpd.GeoDataFrame, *, name: str, cell_size: int) -> folium.FeatureGroup:
    """Grid cells coloured by count (or expected count), with their legend."""
    group, classes = hotspot_layer(cells, name=name, labels=map_labels())
    group.add_child(LayerLegend(t("ui.legend_title", size=cell_size), classes))
    return group


def method_group(result: HotspotResult, method: str, *, cell_size: int) -> folium.FeatureGroup:
    """The layer of another hotspot method (KDE, Gi*, clusters, trends…), with its legend."""
    method_labels = hotspot_labels(st.session_state.get("language", "nl"))
    name = method_labels[f"method.{method}"]
    group = hotspot_result_layer(result, name=name, labels=method_labels)
    group.add_child(LayerLegend(f"{name} ({cell_size} m)", legend_entries(result, method_labels)))
    return group


@st.cache_data(show_spinner=False, max_entries=64)
def selection_layers(
    path: str,
    modified: float,
    user: str,
    selection: Selection,
    cell_size: int,
    method: str,
    language: str,
    signals_as_of: str | None,
) -> tuple[gpd.GeoDataFrame, list[folium.FeatureGroup]]:
    """The top cells of a selection and its map layers: the wijken, the counts per cell
    (method ``count`` and ``near_repeat``), the method's own layer (any other method), then
    the open signals, overdue as of ``signals_as_of`` (none when it is None).

    Cached per workspace version, user, selection, cell size, method, language and hour:
    opening the app or coming back to a selection costs no recomputation.
    """
    data = load_workspace(path, modified, user)
    incidents = data["incidents"]
    chosen = select_incidents(incidents[incidents["nis"].isin(selection.nis)], selection)
    wijken = data["wijken"]
    areas = selected_areas(wijken[wijken["nis"].isin(selection.nis)], selection)
    grid = cached_grid(path, modified, tuple(areas["code"]), cell_size)
    grid, best = grid_hotspots(chosen, areas, cell_size=cell_size, top=15, grid=grid)
    layers = [wijk_group(areas, chosen)]
    if method in ("count", "near_repeat"):  # near-repeat alert zones go over the counts
        layers.append(count_group(grid, name=t("ui.layer_hotspots"), cell_size=cell_size))
    if method != "count":
        shown = chosen
        if method == "clusters":  # the tooltip names each cluster's top categories
            shown = chosen.assign(category=code_words(chosen["category"], "category.{}", language))
        result = run_hotspot_method(
            method, shown, areas, cell_size=cell_size, harm_table=harm_table()
        )
        layers.append(method_group(result, method, cell_size=cell_size))
    if signals_as_of is not None:  # open signals beside the hotspots (wijkradar/signal_ui.py)
        signals = main_map_signals(
            path,
            modified,
            user,
            as_of=signals_as_of,
            top_cells=best,
            wijken=areas["code"],
            title=t("signal.legend_title"),
            lang=language,
        )
        layers += [signals] if signals is not None else []
    return best, layers


@dataclass(frozen=True)
class SideTables:
    """What the column beside the map shows (computed before anything is drawn, so that the
    page's elements go out in one burst after the map)."""

    top_cells: pd.DataFrame
    categories: pd.DataFrame
    places: dict[int, str]
    profile: pd.DataFrame


def side_tables(chosen: gpd.GeoDataFrame, best: gpd.GeoDataFrame, *, place: int) -> SideTables:
    """The top cells, the counts per category and the hour × weekday profile of ``place`` (a
    top cell's rank; 0 = the whole selection)."""
    top_cells = pd.DataFrame(
        {
            t("ui.rank"): best["rank"].to_numpy(),
            t("ui.cell"): best["cell"].to_numpy(),
            t("ui.wijk"): best["wijk_name"].fillna("").to_numpy(),
            t("ui.count"): best["count"].astype(int).to_numpy(),
            t("ui.share"): (best["share"] * 100).round(1).to_numpy(),
        }
    )
    per_category = chosen["category"].value_counts()
    categories = pd.DataFrame(
        {
            t("ui.category"): [category_label(c, current_language()) for c in per_category.index],
            t("ui.count"): per_category.to_numpy(),
            t("ui.share"): (per_category / max(len(chosen), 1) * 100).round(1).to_numpy(),
        }
    )
    places = {0: t("ui.when_all")} | {
        int(r): t("ui.when_cell", rank=int(r), wijk=w or "–")
        for r, w in zip(best["rank"], best["wijk_name"].fillna(""), strict=True)
    }
    if place not in places:  # the previous selection's cell is not a top cell here
        place = 0
        st.session_state["when"] = 0
    area = best.loc[best["rank"] == place, "geometry"].iloc[0] if place else None
    profile = aoristic_profile(chosen, area=area).round(1)
    profile.index = list(day_names())
    profile.columns.name = t("ui.hour")
    return SideTables(top_cells, categories, places, profile)
