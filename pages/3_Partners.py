"""Partner page: nuisance clusters and trends per wijk, aggregated and suppressed, with the
CSV/PDF for the local safety meeting. Wiring only: every number comes from
:meth:`gis.io_access.AccessSession.nuisance`, the same table for every role."""

from __future__ import annotations

import os
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from gis.i18n import category_label
from gis.io_backends import WORKSPACE_ENV
from gis.io_geography import ATTRIBUTION
from layers.maps import bounds_wgs84
from layers.offline import offline_map
from layers.partner import nuisance_layer
from wijkradar.auth_ui import audit_once, current_session, require_user, workspace_ready
from wijkradar.exports import csv_bytes
from wijkradar.partner_report import nuisance_pdf, partner_download, period_word
from wijkradar.ui import belgian_dataframe, language_selector, t, translated

DEFAULT_WORKSPACE = Path(__file__).resolve().parents[1] / "data" / "workspaces" / "demo.gpkg"


def main() -> None:
    st.set_page_config(page_title=t("partner.browser_title"), page_icon="🗺️", layout="wide")
    location = os.environ.get(WORKSPACE_ENV, str(DEFAULT_WORKSPACE))
    lang = language_selector()
    st.title(t("partner.title"))
    if not workspace_ready(location):
        st.error(t("ui.no_workspace", path=location))
        st.stop()
    user = require_user(location, partner_page=True)
    session = current_session(location, user)
    policy = session.policy
    synthetic = session.workspace.is_synthetic()
    if synthetic:
        st.warning(t("ui.synthetic"), icon="⚠️")
    cutoff = session.today.normalize() - pd.Timedelta(days=policy.lag_days)
    st.caption(t("partner.explain", k=policy.k, lag=policy.lag_days, cutoff=f"{cutoff:%d/%m/%Y}"))

    st.sidebar.header(t("ui.filters"))
    level = st.sidebar.radio(
        t("partner.level"),
        ["wijk", "deelgemeente", "grid"],
        format_func=lambda v: t(f"partner.level_{v}"),
        key=translated("partner_level"),
    )
    period = st.sidebar.selectbox(
        t("partner.period"),
        ["month", "quarter", "week", "total"],
        format_func=lambda v: t(f"partner.period_{v}"),
        key=translated("partner_period"),
    )
    categories = st.sidebar.multiselect(
        t("ui.categories"), list(policy.categories), default=list(policy.categories),
        key="partner_categories",
    )  # fmt: skip
    since = st.sidebar.date_input(
        t("partner.since"), value=(cutoff - pd.Timedelta(days=365)).date(), format="DD/MM/YYYY",
        key="partner_since",
    )  # fmt: skip
    cell_size = 200
    if level == "grid":
        cell_size = st.sidebar.select_slider(
            t("ui.cell_size"), options=[200, 250, 300, 400, 500], value=300, key="partner_cell"
        )
    filters = {"level": level, "period": period, "categories": categories,
               "start": pd.Timestamp(since), "cell_size": cell_size}  # fmt: skip
    frame = session.nuisance(
        level=level, period=period, categories=categories, start=pd.Timestamp(since),
        cell_size=cell_size, audit=False,
    )  # fmt: skip
    audit_once(session, "aggregate_view", "nuisance", filters, len(frame))

    if frame.empty:
        st.info(t("partner.none", k=policy.k))
    map_column, chart_column = st.columns([3, 2])
    with map_column:
        st.subheader(t("partner.clusters"))
        totals = frame.dissolve(by=["area", "area_name"], aggfunc={"count": "sum"}).reset_index()
        areas = session.wijken() if level != "grid" or frame.empty else totals
        (south, west), (north, east) = bounds_wgs84(areas)
        fmap = offline_map([(south + north) / 2, (west + east) / 2], zoom_start=12)
        fmap.fit_bounds([[south, west], [north, east]])
        labels = {"area": t("partner.area"), "count": t("ui.count")}
        nuisance_layer(totals, name=t("partner.clusters"), labels=labels).add_to(fmap)
        folium.LayerControl(collapsed=True).add_to(fmap)
        st_folium(fmap, key="partner_map", height=520, use_container_width=True,
                  returned_objects=[])  # fmt: skip
    with chart_column:
        st.subheader(t("partner.trend"))
        if len(frame) and period != "total":
            # long form with the reader's words as field names: they are the axis titles,
            # the legend and the tooltips of the chart
            names = {"period": t("ui.period"), "category": t("ui.category"),
                     "count": t("ui.count")}  # fmt: skip
            trend = frame.groupby(["period", "category"], as_index=False)["count"].sum()
            trend["category"] = [category_label(c, lang) for c in trend["category"]]
            trend = pd.DataFrame(trend).rename(columns=names)
            st.line_chart(trend, x=names["period"], y=names["count"], color=names["category"])
    st.subheader(t("partner.table"))
    table = pd.DataFrame(
        {
            t("partner.area"): (frame["area_name"] + " " + frame["area"]).str.strip(),
            t("ui.categories"): [category_label(c, lang) for c in frame["category"]],
            t("partner.period"): frame["period"].map(lambda p: period_word(p, lang)),
            t("ui.count"): frame["count"],
        }
    )
    belgian_dataframe(table, hide_index=True, width="stretch")

    def downloaded(kind: str) -> None:
        session.audit("export", "nuisance", {**filters, "format": kind}, len(frame))

    stamp = f"{session.today:%Y%m%d}"
    left, right = st.columns(2)
    left.download_button(
        t("partner.download_csv"), csv_bytes(partner_download(frame, policy, lang=lang)),
        file_name=f"{t('partner.file_stem')}-{stamp}.csv",
        mime="text/csv", on_click=downloaded, args=("csv",), key="partner_csv",
    )  # fmt: skip
    headers = {"area": t("partner.area"), "category": t("ui.categories"),
               "period": t("partner.period"), "count": t("ui.count")}  # fmt: skip
    note = t("partner.pdf_suppressed", k=policy.k, lag=policy.lag_days,
             cutoff=f"{cutoff:%d/%m/%Y}")  # fmt: skip
    zones = ", ".join(session.zones()["name"])
    pdf = nuisance_pdf(
        frame, policy, title=t("partner.title"),
        subtitle=f"{zones} · {t('partner.level_' + level)} · {t('partner.period_' + period)}",
        note=note, headers=headers, synthetic_label=t("ui.synthetic") if synthetic else None,
        lang=lang,
    )  # fmt: skip
    right.download_button(
        t("partner.download_pdf"), pdf, file_name=f"{t('partner.file_stem')}-{stamp}.pdf",
        mime="application/pdf", on_click=downloaded, args=("pdf",), key="partner_pdf",
    )  # fmt: skip
    st.caption(f"{t('ui.attribution')}: {ATTRIBUTION}")


main()
