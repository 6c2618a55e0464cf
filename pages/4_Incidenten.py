"""Incident list (police roles): the incidents a user may see, on a map and in a table, with
CSV/XLSX downloads. Everything is read through the access session and audited; free text is
shown as text (escaped popups, Streamlit's data grid), exports neutralise formulas."""

from __future__ import annotations

import os
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from gis.io_backends import WORKSPACE_ENV
from gis.io_geography import ATTRIBUTION
from layers.incidents import MAX_POINTS, POPUP_COLUMNS, incident_layer
from layers.maps import bounds_wgs84
from layers.offline import offline_map
from wijkradar.auth_ui import (
    audit_once,
    current_session,
    page_roles,
    require_roles,
    require_user,
    workspace_ready,
)
from wijkradar.exports import csv_bytes, people_table, xlsx_bytes
from wijkradar.ui import (
    belgian_dataframe,
    belgian_number,
    current_language,
    language_selector,
    t,
    translated,
)

DEFAULT_WORKSPACE = Path(__file__).resolve().parents[1] / "data" / "workspaces" / "demo.gpkg"
TABLE_COLUMNS = ["id", "source", "category", "start", "end", "street", "number", "postcode",
                 "municipality", "wijk", "description"]  # fmt: skip


def main() -> None:
    st.set_page_config(page_title=t("table.tab.incidents"), page_icon="📋", layout="wide")
    location = os.environ.get(WORKSPACE_ENV, str(DEFAULT_WORKSPACE))
    language_selector()
    st.title(t("incidents.title"))
    if not workspace_ready(location):
        st.error(t("ui.no_workspace", path=location))
        st.stop()
    user = require_user(location)
    require_roles(user, page_roles("pages/4_Incidenten.py"))
    session = current_session(location, user)
    if session.workspace.is_synthetic():
        st.warning(t("ui.synthetic"), icon="⚠️")

    wijken = session.wijken()
    names = dict(zip(wijken["code"], wijken["name"], strict=True))
    st.sidebar.header(t("ui.filters"))
    everyone = t("ui.all")  # looked up now: a format_func may run outside the script
    wijk = st.sidebar.selectbox(
        t("ui.wijk"), ["", *sorted(names, key=names.get)],
        format_func=lambda c: names.get(c, everyone), key=translated("incidents_wijk"),
    )  # fmt: skip
    today = pd.Timestamp.now().normalize()
    period = st.sidebar.date_input(
        t("ui.period"), value=((today - pd.Timedelta(days=90)).date(), today.date()),
        format="DD/MM/YYYY", key="incidents_period",
    )  # fmt: skip
    start, end = period if isinstance(period, tuple) and len(period) == 2 else (period[0],) * 2
    text = st.sidebar.text_input(t("incidents.search"), key="incidents_search", max_chars=100)
    incidents = session.incidents(
        wijken=[wijk] if wijk else None,
        start=pd.Timestamp(start),
        end=pd.Timestamp(end) + pd.Timedelta(days=1),
        audit=False,
    )
    if text.strip():
        needle = text.strip().lower()
        haystack = incidents["description"].fillna("") + " " + incidents["category"]
        incidents = incidents[haystack.str.lower().str.contains(needle, regex=False).to_numpy()]
    filters = {"wijken": [wijk] if wijk else None, "start": pd.Timestamp(start),
               "end": pd.Timestamp(end), "search": bool(text.strip())}  # fmt: skip
    audit_once(session, "view", "incident_list", filters, len(incidents))

    st.metric(t("ui.incidents_in_selection"), belgian_number(len(incidents)))
    if len(incidents) > MAX_POINTS:
        st.caption(t("incidents.max_points", n=belgian_number(MAX_POINTS)))
    areas = wijken[wijken["code"] == wijk] if wijk else wijken
    (south, west), (north, east) = bounds_wgs84(areas)
    fmap = offline_map([(south + north) / 2, (west + east) / 2], zoom_start=12)
    fmap.fit_bounds([[south, west], [north, east]])
    labels = {c: t(f"incidents.col_{c}") for c in POPUP_COLUMNS}
    incident_layer(incidents, name=t("ui.incidents"), labels=labels).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    st_folium(fmap, key="incidents_map", height=480, use_container_width=True,
              returned_objects=[])  # fmt: skip

    table = people_table(pd.DataFrame(incidents[TABLE_COLUMNS]), current_language())
    belgian_dataframe(table, hide_index=True, width="stretch", key="incidents_table")

    def downloaded(kind: str) -> None:
        session.audit("export", "incidents", {**filters, "format": kind}, len(table))

    stamp, name = f"{today:%Y%m%d}", t("table.file.incidents")
    left, right = st.columns(2)
    left.download_button(
        t("incidents.download_csv"), csv_bytes(table), file_name=f"{name}-{stamp}.csv",
        mime="text/csv", on_click=downloaded, args=("csv",), key="incidents_csv",
    )  # fmt: skip
    right.download_button(
        t("incidents.download_xlsx"), xlsx_bytes(table, sheet_name=t("table.sheet.incidents")),
        file_name=f"{name}-{stamp}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click=downloaded, args=("xlsx",), key="incidents_xlsx",
    )  # fmt: skip
    st.caption(f"{t('ui.attribution')}: {ATTRIBUTION}")


main()
