"""wijkradar — Streamlit app. Wiring only: widgets → gis/ computations → layers/ → map."""

from __future__ import annotations

import os
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from gis.errors import WorkspaceError
from gis.hotspots import METHODS
from gis.i18n import category_label
from gis.io_geography import ATTRIBUTION
from gis.selection import (
    Selection,
    categories_of,
    municipality_names,
    select_incidents,
    selected_areas,
    wijk_names,
)
from layers.offline import localize_assets
from wijkradar.auth_ui import (
    audit_selection,
    require_user,
    workspace_ready,
    workspace_version,
)
from wijkradar.map_page import (
    CELL_SIZES,
    TILE_URL_ENV,
    base_map,
    cached_forecast,
    count_group,
    load_workspace,
    method_name,
    period_filter,
    selection_layers,
    show_forecast_evidence,
    side_tables,
)
from wijkradar.ui import (
    belgian_number,
    belgian_table,
    current_language,
    language_selector,
    page_title,
    show_error,
    t,
    translated,
)

DEFAULT_WORKSPACE = Path(__file__).parent / "data" / "workspaces" / "demo.gpkg"


def main() -> None:
    """The map page: filters in the sidebar, the map, the tables beside it."""
    st.set_page_config(page_title=page_title(), page_icon="🗺️", layout="wide")
    path = os.environ.get("WIJKRADAR_WORKSPACE", str(DEFAULT_WORKSPACE))
    language_selector()
    st.title(t("ui.title"))
    if not workspace_ready(path):
        st.error(t("ui.no_workspace", path=path))
        st.stop()
    user = require_user(path)  # login gate; a partner is sent to the partner page
    try:
        with st.spinner(t("ui.loading")):
            version = workspace_version(path)
            data = load_workspace(path, version, user.name)
    except WorkspaceError as error:
        show_error(error)
        st.stop()
    if data["meta"].get("synthetic") == "true":
        st.warning(t("ui.synthetic"), icon="⚠️")

    zones = data["zones"]
    incidents = data["incidents"]
    st.sidebar.header(t("ui.filters"))
    zone_code = st.sidebar.selectbox(
        t("ui.zone"),
        zones["code"].tolist(),
        format_func=dict(zip(zones["code"], zones["name"], strict=True)).get,
        key="zone",
    )
    municipalities = data["municipalities"]
    municipalities = municipalities[municipalities["zone_code"] == zone_code]
    names = municipality_names(municipalities)
    every = t("ui.all")  # the labels are looked up now, not when the widget is drawn
    nis = st.sidebar.selectbox(
        t("ui.municipality"), ["", *names], format_func={"": every, **names}.get,
        key=translated("municipality"),
    )  # fmt: skip
    zone_nis = tuple(names) if not nis else (nis,)
    wijken_all = data["wijken"][data["wijken"]["nis"].isin(zone_nis)]
    wijk_options = wijk_names(wijken_all)
    wijk = st.sidebar.selectbox(
        t("ui.wijk"), ["", *wijk_options], format_func={"": every, **wijk_options}.get,
        key=translated("wijk"),
    )  # fmt: skip
    zone_incidents = incidents[incidents["nis"].isin(zone_nis)]
    located = select_incidents(zone_incidents, Selection())  # the period ends on their last day
    dates = located["start"] if len(located) else pd.Series([pd.Timestamp.now()])
    start, end = period_filter(dates.min(), dates.max())
    all_categories = categories_of(zone_incidents)
    categories = st.sidebar.multiselect(
        t("ui.categories"),
        all_categories,
        default=all_categories,
        key=translated("categories"),
        format_func={c: category_label(c, current_language()) for c in all_categories}.get,
    )
    cell_size = st.sidebar.selectbox(
        t("ui.cell_size"), CELL_SIZES, index=CELL_SIZES.index(150), key="cell_size"
    )

    method = st.sidebar.selectbox(
        t("ui.method"),
        ["count", "forecast", *METHODS],
        format_func={m: method_name(m) for m in ["count", "forecast", *METHODS]}.get,
        key=translated("method"),
    )
    basemaps = ["none", "grb", "ortho", "ngi"] + (
        ["custom"] if os.environ.get(TILE_URL_ENV) else []
    )
    basemap = st.sidebar.selectbox(
        t("ui.basemap"),
        basemaps,
        format_func={k: t(f"ui.basemap_{k}") for k in basemaps}.get,
        key=translated("basemap"),
    )
    show_signals = st.session_state.get("show_signals", True)  # its box is under the map

    selection = Selection(
        nis=zone_nis,
        wijken=(wijk,) if wijk else (),
        start=start,
        end=end,
        categories=tuple(categories),
    )
    chosen = select_incidents(zone_incidents, selection)
    areas = selected_areas(wijken_all, selection)
    language = st.session_state.get("language", "nl")
    as_of = pd.Timestamp.now().floor("h").isoformat() if show_signals else None
    view = (path, version, user.name, selection, cell_size)
    if method in ("count", "forecast"):  # the forecast replaces the counts' layer below
        best, layers = selection_layers(*view, "count", language, as_of)
    else:
        with st.spinner(t("ui.computing")):
            best, layers = selection_layers(*view, method, language, as_of)

    side = side_tables(chosen, best, place=st.session_state.get("when", 0))
    map_column, table_column = st.columns([3, 2])
    with map_column:
        zone_wijken = data["wijken"][data["wijken"]["nis"].isin(tuple(names))]
        groups = list(layers)
        forecast = None
        if method == "forecast":  # instead of the counts
            with st.spinner(t("ui.forecast_computing")):
                forecast = cached_forecast(
                    path, version, user.name, tuple(areas["code"]), tuple(categories), cell_size
                )
            cells = forecast.cells.assign(count=forecast.cells["expected"])
            groups[1] = count_group(cells, name=t("ui.layer_forecast"), cell_size=cell_size)
        for group in groups:  # tooltips only: the map loads no jQuery
            localize_assets(group, jquery=False)
        st_folium(
            base_map(zone_wijken, basemap),
            key="map",
            height=620,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=groups,
            layer_control=folium.LayerControl(collapsed=False),
        )
        st.checkbox(t("signal.show_on_map"), value=True, key="show_signals")
    audit_selection(path, user, selection, len(chosen))  # after the map: it goes out first
    with table_column:  # drawn after the map: a first visit loads the map's code first
        selected, top = st.columns(2)
        selected.metric(t("ui.incidents_in_selection"), belgian_number(len(chosen)))
        top_share = belgian_number(best["share"].sum() * 100)
        top.metric(t("ui.top_cell_share", n=len(best)), f"{top_share} %")
        pending, outside = st.columns(2)
        to_geocode = zone_incidents["geocode_status"].eq("to_geocode").sum()
        pending.metric(t("ui.to_geocode"), belgian_number(to_geocode))
        outside.metric(
            t("ui.outside_zone"), belgian_number((~incidents["in_zone"].astype(bool)).sum())
        )
        if chosen.empty:
            st.info(t("ui.no_incidents"))
        if forecast is not None:
            show_forecast_evidence(forecast)
        st.subheader(t("ui.top_cells"))
        belgian_table(side.top_cells)
        st.subheader(t("ui.per_category"))
        belgian_table(side.categories.style.bar(subset=[t("ui.share")], color="#fb6a4a", vmin=0))
        st.subheader(t("ui.when"))
        st.selectbox(
            t("ui.when_for"), list(side.places), format_func=side.places.get,
            key=translated("when"),
        )  # fmt: skip
        st.caption(t("ui.when_help"))
        belgian_table(
            side.profile.style.background_gradient(cmap="Reds", axis=None),
            decimals=0,
            hide_index=False,
        )
    st.caption(f"{t('ui.attribution')}: {ATTRIBUTION}")


main()
