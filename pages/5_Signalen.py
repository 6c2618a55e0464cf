"""Signals page: record a defect or source of insecurity from the map (phone or desk), follow
it up, and make the hand-over list per service. Wiring only: the work is done in
:mod:`wijkradar.signal_services`, :mod:`gis.signals` and :mod:`gis.io_signals`."""

from __future__ import annotations

import html
import os
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from gis.access import Role
from gis.errors import WijkradarError
from gis.io_backends import WORKSPACE_ENV
from gis.io_signals import SignalStore
from gis.io_workspace import GeoPackageWorkspace
from gis.selection import Selection
from gis.signals import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    STATUSES,
    TRANSITIONS,
    NewSignal,
    StatusChange,
    type_labels,
)
from layers.maps import bounds_wgs84, wijk_layer
from layers.offline import offline_map
from wijkradar import signal_services as signals_uc
from wijkradar.auth_ui import (
    audit_once,
    current_session,
    require_user,
    session_for,
    workspace_ready,
)
from wijkradar.signal_ui import (
    add_signal_layer,
    device_position,
    signal_viewer,
    to_lambert,
    to_wgs84,
)
from wijkradar.ui import (
    belgian_dataframe,
    current_language,
    language_selector,
    show_error,
    t,
    translated,
)

DEFAULT_WORKSPACE = Path(__file__).resolve().parents[1] / "data" / "workspaces" / "demo.gpkg"
POINT_KEY = "signal_point"
HANDOVER_KEY = "signal_handover"
CHIEFS = (Role.CHEF, Role.ADMIN)


def lang() -> str:
    return current_language()


def status_label(status: str) -> str:
    return t(f"signal.status.{status}")


def base_map(
    wijken,
    *,
    key: str,
    height: int,
    signals_of,
    top_cells=None,
    click: bool = False,
    legend: bool = True,
):
    """An offline map of ``wijken`` with the signal layer; returns st_folium's answer."""
    (south, west), (north, east) = bounds_wgs84(wijken)
    fmap = offline_map([(south + north) / 2, (west + east) / 2], zoom_start=13)
    fmap.fit_bounds([[south, west], [north, east]])
    counts = pd.Series(0, index=wijken.index)
    labels = {"name": t("ui.name"), "code": t("ui.code"), "incidents": t("ui.incidents")}
    wijk_layer(wijken, counts, name=t("ui.layer_wijken"), labels=labels).add_to(fmap)
    entries = signals_of(fmap, top_cells)
    point = st.session_state.get(POINT_KEY)
    if click and point:
        folium.Marker([point["lat"], point["lon"]]).add_to(fmap)
    answer = st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=["last_clicked"] if click else [],
    )
    if legend and entries:  # below the map, not over it: phones have little room
        st.markdown(
            " ".join(
                f'<span style="white-space:nowrap;font-size:0.8rem;margin-right:0.6rem">'
                f'<span style="display:inline-block;width:0.7rem;height:0.7rem;'
                f'background:{html.escape(colour)};border:1px solid #555"></span> '
                f"{html.escape(text)}</span>"
                for colour, text in entries
            ),
            unsafe_allow_html=True,
        )
    return answer


@st.cache_data(show_spinner=False, max_entries=16)
def top_cells(location: str, user: str, nis: str, day: object, imports: int):
    """The 15 top cells of the last 365 days in one municipality, as ``user`` may see them
    (cached per day and import; the incidents are read through the access session)."""
    end = pd.Timestamp(day) + pd.Timedelta(days=1)
    selection = Selection(nis=(nis,), start=end - pd.Timedelta(days=365), end=end)
    return session_for(location, user).hotspots(selection, top=15, audit=False)[1]


def record_tab(workspace, user, store, types, wijken, signals_of) -> None:
    saved = st.session_state.pop("signal_saved", None)
    if saved:
        st.success(saved)
    form = st.session_state.setdefault("signal_form_nr", 0)  # a new number empties the form
    active = types[types["active"]]
    labels = type_labels(active, lang())
    kind = st.selectbox(
        t("signal.field.type"),
        list(active["code"]),
        format_func=labels.get,
        key=translated("signal_type"),
    )
    description = st.text_area(
        t("signal.field.description"), max_chars=1000, height=90, key=f"signal_description_{form}"
    )
    modes = ["kaart", "toestel", "adres"]
    mode = st.radio(
        t("signal.field.place"),
        modes,
        horizontal=True,
        key="signal_mode",
        format_func=lambda m: t(
            {
                "kaart": "signal.place.map",
                "toestel": "signal.place.device",
                "adres": "signal.place.address",
            }[m]
        ),
    )
    address = ""
    if mode == "kaart":
        answer = base_map(
            wijken,
            key="signal_record_map",
            height=380,
            signals_of=signals_of,
            click=True,
            legend=False,
        )
        clicked = (answer or {}).get("last_clicked")
        if clicked and clicked != st.session_state.get("signal_last_click"):
            st.session_state["signal_last_click"] = clicked
            st.session_state[POINT_KEY] = {
                "lat": clicked["lat"],
                "lon": clicked["lng"],
                "source": "kaart",
            }
            st.rerun()
    elif mode == "toestel":
        st.caption(t("signal.place.device_hint"))
        position = device_position(t("signal.place.device_button"), key="signal_device")
        if position and position.get("at") != st.session_state.get("signal_device_at"):
            st.session_state["signal_device_at"] = position.get("at")
            if "error" in position:
                st.warning(t("signal.place.device_failed", error=position["error"]))
            else:
                st.session_state[POINT_KEY] = {
                    "lat": position["lat"],
                    "lon": position["lon"],
                    "source": "toestel",
                }
                st.caption(t("signal.place.device_accuracy", accuracy=position["accuracy"]))
    else:
        if not signals_uc.can_geocode(workspace):
            st.info(t("signal.place.no_gazetteer"))
        else:
            address = st.text_input(t("signal.place.address_input"), key="signal_address")
            if st.button(t("signal.place.address_search"), key="signal_address_search") and address:
                hit = signals_uc.geocode_address(workspace, address)
                if hit.found:
                    lat, lon = to_wgs84(hit.x, hit.y)
                    st.session_state[POINT_KEY] = {
                        "lat": lat,
                        "lon": lon,
                        "source": "adres",
                        "address": address,
                    }
                    st.success(
                        t(
                            "signal.place.address_found",
                            address=address,
                            level=t(f"geocode.level.{hit.level}"),
                            score=hit.score,
                        )
                    )
                else:
                    st.warning(t("signal.place.address_not_found", status=hit.status))
    point = st.session_state.get(POINT_KEY)
    if point:
        x, y = to_lambert(point["lat"], point["lon"])
        st.caption(t("signal.place.chosen", x=x, y=y))
    else:
        st.caption(t("signal.place.none"))
    photo = st.file_uploader(
        t("signal.field.photo"), type=["jpg", "jpeg", "png"], key=f"signal_photo_{form}"
    )
    if st.button(t("signal.save"), type="primary", disabled=point is None, key="signal_save"):
        x, y = to_lambert(point["lat"], point["lon"])
        photos = [(photo.name, photo.getvalue())] if photo is not None else []
        try:
            stored = signals_uc.record_signal(
                workspace,
                NewSignal(
                    type=kind,
                    x=x,
                    y=y,
                    reported_by=user.name,
                    description=description,
                    address=point.get("address", address),
                    location_source=point["source"],
                ),
                photos=photos,
            )
        except WijkradarError as error:
            show_error(error)
            return
        row = stored.iloc[0]
        st.session_state.pop(POINT_KEY, None)
        st.session_state["signal_saved"] = t(
            "signal.saved", wijk=row["wijk"] or "—", ref=row["signal_id"][:8]
        )
        st.session_state["signal_form_nr"] = form + 1
        st.rerun()


def follow_tab(workspace, session, user, store, types, wijken, viewer, nis) -> None:
    labels = type_labels(types, lang())
    statuses = st.multiselect(
        t("signal.filter.status"),
        STATUSES,
        default=list(OPEN_STATUSES),
        format_func=status_label,
        key=translated("signal_statuses"),
    )
    kinds = st.multiselect(
        t("signal.filter.type"),
        list(types["code"]),
        format_func=labels.get,
        key=translated("signal_kinds"),
    )
    only_late = st.checkbox(t("signal.filter.overdue"), key="signal_only_late")
    only_hot = st.checkbox(t("signal.filter.near_hotspot"), key="signal_only_hot")
    imports = len(workspace.import_log())  # the hotspots change only with the incidents
    best = top_cells(str(workspace.path), user.name, nis, pd.Timestamp.now().date(), imports)
    shown = signals_uc.signal_overview(workspace, viewer=viewer, top_cells=best)
    shown = shown[shown["nis"].eq(nis)]
    total_open = int(shown["status"].isin(OPEN_STATUSES).sum())
    total_late = int(shown["overdue"].sum())
    chosen = shown[shown["status"].isin(statuses)]
    if kinds:
        chosen = chosen[chosen["type"].isin(kinds)]
    if only_late:
        chosen = chosen[chosen["overdue"]]
    if only_hot:
        chosen = chosen[chosen["near_hotspot"]]
    audit_once(session, "view", "signals", {"statuses": statuses, "types": kinds}, len(chosen))
    st.caption(t("signal.count", count=len(shown), open=total_open, late=total_late))

    def signals_of(fmap, top):
        ids = set(chosen["signal_id"])
        return add_signal_layer(
            fmap,
            workspace,
            viewer=viewer,
            lang=lang(),
            top_cells=best,
            open_only=False,
            only_ids=ids,
        )

    base_map(wijken, key="signal_follow_map", height=380, signals_of=signals_of)
    if chosen.empty:
        st.info(t("signal.none"))
        return
    table = pd.DataFrame(
        {
            t("signal.col.type"): chosen["type"].map(labels).to_numpy(),
            t("signal.col.status"): chosen["status"].map(status_label).to_numpy(),
            t("signal.col.wijk"): chosen["wijk"].to_numpy(),
            t("signal.col.reported_at"): chosen["reported_at"].dt.strftime("%d/%m/%Y").to_numpy(),
            t("signal.col.overdue"): chosen["overdue"].to_numpy(),
            t("signal.col.near_hotspot"): chosen["near_hotspot"].to_numpy(),
            t("signal.col.service"): chosen["service"]
            .where(chosen["service"].ne(""), chosen["responsible"])
            .to_numpy(),
            t("signal.col.description"): chosen["description"].str.slice(0, 80).to_numpy(),
        }
    )
    belgian_dataframe(table, hide_index=True, width="stretch")
    options = list(chosen["signal_id"])
    names = {
        r.signal_id: f"{labels.get(r.type, r.type)} — {r.wijk} — {r.reported_at:%d/%m/%Y} "
        f"({r.signal_id[:8]})"
        for r in chosen.itertuples()
    }
    sid = st.selectbox(t("signal.choose"), options, format_func=names.get, key="signal_chosen")
    row = chosen[chosen["signal_id"].eq(sid)].iloc[0]
    st.markdown(f"**{names[sid]}** · {status_label(row['status'])}")
    if row["description"]:
        st.text(row["description"])
    photos = store.photos([sid])
    for file in photos["file"]:
        try:
            st.image(store.photo_bytes(file), width=320)
        except WijkradarError as error:
            st.caption(str(error))
    history = store.history([sid])
    st.caption(t("signal.history"))
    belgian_dataframe(
        pd.DataFrame(
            {
                t("signal.history.at"): history["at"].dt.strftime("%d/%m/%Y %H:%M").to_numpy(),
                t("signal.history.from"): [
                    status_label(s) if s else "" for s in history["from_status"]
                ],
                t("signal.history.to"): history["to_status"].map(status_label).to_numpy(),
                t("signal.col.service"): history["service"].to_numpy(),
                t("signal.history.by"): history["by"].to_numpy(),
                t("signal.history.note"): history["note"].to_numpy(),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    with st.form(f"signal_change_{sid}"):
        st.subheader(t("signal.change.title"))
        if row["status"] in CLOSED_STATUSES:
            st.caption(t("signal.change.final"))
        targets = sorted(TRANSITIONS[row["status"]], key=STATUSES.index)
        target = st.selectbox(t("signal.change.to"), targets, format_func=status_label)
        service = st.text_input(
            t("signal.change.service"), value=row["service"] or row["responsible"]
        )
        day = st.date_input(
            t("signal.change.date"),
            value=pd.Timestamp.now().date(),
            max_value=pd.Timestamp.now().date(),
            format="DD/MM/YYYY",
        )
        note = st.text_input(t("signal.change.note"), max_chars=500)
        if st.form_submit_button(t("signal.change.save")):
            now = pd.Timestamp.now().floor("s")
            at = (
                now
                if pd.Timestamp(day) == now.normalize()
                else pd.Timestamp(day) + pd.Timedelta(hours=12)
            )
            try:
                store.change_status(
                    [StatusChange(sid, target, by=user.name, at=at, service=service, note=note)],
                    now=now,
                )
                st.success(t("signal.change.saved", status=status_label(target)))
            except WijkradarError as error:
                show_error(error)
    upload = st.file_uploader(
        t("signal.add_photo"), type=["jpg", "jpeg", "png"], key=f"signal_photo_{sid}"
    )
    if upload is not None and st.button(t("signal.add_photo"), key=f"signal_photo_save_{sid}"):
        try:
            signals_uc.add_photo(workspace, sid, upload.name, upload.getvalue(), by=user.name)
            st.success(t("signal.photo_saved"))
        except WijkradarError as error:
            show_error(error)
    if user.role in CHIEFS:
        shareable = st.checkbox(
            t("signal.review"), value=bool(row["shareable"]), key=f"signal_review_{sid}"
        )
        if shareable != bool(row["shareable"]):
            store.review([sid], by=user.name, shareable=shareable)
            st.success(t("signal.review.saved"))


def handover_tab(workspace, session, user, store) -> None:
    if user.role not in CHIEFS:
        st.info(t("signal.chef_only"))
        return
    work = signals_uc.services_with_work(workspace)
    unassigned = int(work.loc[work["service"].eq(""), "new"].sum())
    if unassigned:
        st.warning(t("signal.handover.unassigned", count=unassigned))
    work = work[work["service"].ne("") & (work["new"] + work["open"]).gt(0)]
    if work.empty:
        st.info(t("signal.handover.none"))
    else:
        names = {r.service: f"{r.service} ({r.new} + {r.open})" for r in work.itertuples()}
        service = st.selectbox(
            t("signal.handover.service"),
            list(names),
            format_func=names.get,
            key="signal_handover_service",
        )
        reminders = st.checkbox(t("signal.handover.reminders"), value=True, key="signal_reminders")
        mark = st.checkbox(t("signal.handover.mark"), value=True, key="signal_mark")
        sender = st.text_input(t("signal.handover.sender"), key="signal_sender")
        if st.button(t("signal.handover.make"), type="primary", key="signal_make"):
            try:
                made = signals_uc.make_handover(
                    workspace,
                    service,
                    by=user.name,
                    sender=sender,
                    reminders=reminders,
                    mark=mark,
                    lang=lang(),
                )
            except WijkradarError as error:
                show_error(error)
            else:
                session.audit(
                    "export",
                    "signals",
                    {"service": service},
                    made.count,
                    detail=f"handover={made.handover_id[:8]}",
                )
                st.session_state[HANDOVER_KEY] = made
    made = st.session_state.get(HANDOVER_KEY)
    if made is not None:
        st.success(
            t("signal.handover.made", service=made.service, count=made.count, marked=made.marked)
        )
        st.download_button(
            t("signal.handover.download_pdf"),
            made.pdf,
            file_name=made.pdf_name,
            mime="application/pdf",
            key="signal_pdf",
        )
        st.download_button(
            t("signal.handover.download_csv"),
            made.csv,
            file_name=made.csv_name,
            mime="text/csv",
            key="signal_csv",
        )
    record = store.handovers()
    if len(record):
        st.subheader(t("signal.handover.record"))
        belgian_dataframe(
            pd.DataFrame(
                {
                    t("signal.handover.created_at"): record["created_at"].dt.strftime(
                        "%d/%m/%Y %H:%M"
                    ),
                    t("signal.col.service"): record["service"],
                    t("signal.handover.count"): record["count"],
                    t("signal.handover.created_by"): record["created_by"],
                    t("signal.handover.files"): record["files"],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def type_columns() -> dict:
    """Headings (and help) of the type editor; the columns keep their stored names."""
    column = st.column_config
    return {
        "code": column.TextColumn(
            t("signal.settings.col.code"), help=t("signal.settings.help.code"), required=True
        ),
        "label_nl": column.TextColumn(t("signal.settings.col.label_nl"), required=True),
        "label_fr": column.TextColumn(t("signal.settings.col.label_fr")),
        "colour": column.TextColumn(
            t("signal.settings.col.colour"), help=t("signal.settings.help.colour"), required=True
        ),
        "overdue_days": column.NumberColumn(
            t("signal.settings.col.overdue_days"),
            help=t("signal.settings.help.overdue_days"),
            min_value=1,
            step=1,
            required=True,
        ),
        "active": column.CheckboxColumn(
            t("signal.settings.col.active"), help=t("signal.settings.help.active"), default=True
        ),
    }


def service_columns(types, municipalities) -> dict:
    """Headings of the service editor: the type and municipality are chosen by name (``*`` =
    all); the stored values stay the type code and the NIS code."""
    any_ = t("signal.settings.any")
    type_names = {"*": any_, **type_labels(types, lang())}
    nis_names = {"*": any_, **dict(zip(municipalities["nis"], municipalities["name"], strict=True))}
    column = st.column_config
    return {
        "type": column.SelectboxColumn(
            t("signal.col.type"),
            options=list(type_names),
            format_func=lambda code: type_names.get(code, code),
            help=t("signal.settings.help.any"),
            required=True,
        ),
        "nis": column.SelectboxColumn(
            t("signal.col.municipality"),
            options=list(nis_names),
            format_func=lambda nis: nis_names.get(nis, nis),
            help=t("signal.settings.help.any"),
            required=True,
        ),
        "service": column.TextColumn(t("signal.col.service"), required=True),
        "contact": column.TextColumn(t("signal.settings.col.contact")),
    }


def settings_tab(workspace, user, store) -> None:
    if user.role not in CHIEFS:
        st.info(t("signal.chef_only"))
        return
    st.subheader(t("signal.settings.types"))
    types = st.data_editor(
        store.types(),
        num_rows="dynamic",
        hide_index=True,
        column_config=type_columns(),
        key="signal_types_editor",
    )
    if st.button(t("signal.settings.save"), key="signal_types_save"):
        try:
            store.put_types(types)
            st.success(t("signal.settings.saved"))
        except WijkradarError as error:
            show_error(error)
    st.subheader(t("signal.settings.services"))
    services = st.data_editor(
        store.services(),
        num_rows="dynamic",
        hide_index=True,
        column_config=service_columns(store.types(), workspace.areas("municipalities")),
        key="signal_services_editor",
    )
    if st.button(t("signal.settings.save"), key="signal_services_save"):
        try:
            store.put_services(services)
            st.success(t("signal.settings.saved"))
        except WijkradarError as error:
            show_error(error)
    upload = st.file_uploader(
        t("signal.settings.services_csv"), type=["csv", "xlsx"], key="signal_services_upload"
    )
    if upload is not None and st.button(t("signal.settings.save"), key="signal_services_csv"):
        import tempfile

        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"services{suffix}"
            path.write_bytes(upload.getvalue())
            try:
                signals_uc.import_services_file(path, workspace)
                st.success(t("signal.settings.saved"))
            except WijkradarError as error:
                show_error(error)


def partner_view(workspace, session, viewer, wijken, types) -> None:
    st.caption(t("signal.partner_view"))
    shown = signals_uc.signal_overview(workspace, viewer=viewer)
    audit_once(session, "view", "signals", {"nis": list(viewer.nis or ())}, len(shown))
    labels = type_labels(types, lang())
    mine = wijken[wijken["nis"].isin(list(viewer.nis or ()))]
    if len(mine):

        def signals_of(fmap, top):
            return add_signal_layer(fmap, workspace, viewer=viewer, lang=lang(), open_only=False)

        base_map(mine, key="signal_partner_map", height=380, signals_of=signals_of)
    if shown.empty:
        st.info(t("signal.none"))
        return
    belgian_dataframe(
        pd.DataFrame(
            {
                t("signal.col.type"): shown["type"].map(labels).to_numpy(),
                t("signal.col.status"): shown["status"].map(status_label).to_numpy(),
                t("signal.col.wijk"): shown["wijk"].to_numpy(),
                t("signal.col.reported_at"): shown["reported_at"]
                .dt.strftime("%d/%m/%Y")
                .to_numpy(),
                t("signal.col.service"): shown["service"].to_numpy(),
                t("signal.col.description"): shown["description"].to_numpy(),
            }
        ),
        hide_index=True,
        width="stretch",
    )


def main() -> None:
    st.set_page_config(page_title=t("signal.browser_title"), page_icon="🔦", layout="wide")
    location = os.environ.get(WORKSPACE_ENV, str(DEFAULT_WORKSPACE))
    language_selector()
    st.title(t("signal.page.title"))
    if not workspace_ready(location):
        st.error(t("ui.no_workspace", path=location))
        st.stop()
    user = require_user(location, partner_page=True)
    session = current_session(location, user)
    workspace = session.workspace
    if not isinstance(workspace, GeoPackageWorkspace):
        st.info(t("signal.gpkg_only"))
        st.stop()
    if workspace.is_synthetic():
        st.warning(t("ui.synthetic"), icon="⚠️")
    st.caption(t("signal.page.intro"))
    store = SignalStore(workspace)
    types = store.types()
    all_wijken = workspace.areas("wijken")
    viewer = signal_viewer(user, all_wijken, session.store.settings())
    if user.role is Role.PARTNER:
        partner_view(workspace, session, viewer, all_wijken, types)
        return
    wijken = session.wijken()
    municipalities = session.municipalities()
    names = dict(zip(municipalities["nis"], municipalities["name"], strict=True))
    nis = st.selectbox(
        t("ui.municipality"),
        sorted(names, key=names.get),
        format_func=names.get,
        key="signal_municipality",
    )
    wijken = wijken[wijken["nis"].eq(nis)]

    def open_signals(fmap, top):
        return add_signal_layer(
            fmap, workspace, viewer=viewer, lang=lang(), top_cells=top, nis=[nis]
        )

    sections = {
        "record": t("signal.tab.record"),
        "follow": t("signal.tab.follow"),
        "handover": t("signal.tab.handover"),
        "settings": t("signal.tab.settings"),
    }
    # a switch, not st.tabs: a map drawn in a hidden tab gets no size (and every tab would be
    # computed on every rerun)
    section = st.radio(
        " ",
        list(sections),
        format_func=sections.get,
        horizontal=True,
        key=translated("signal_section"),
        label_visibility="collapsed",
    )
    if section == "record":
        record_tab(workspace, user, store, types, wijken, open_signals)
    elif section == "follow":
        follow_tab(workspace, session, user, store, types, wijken, viewer, nis)
    elif section == "handover":
        handover_tab(workspace, session, user, store)
    else:
        settings_tab(workspace, user, store)


main()
