"""The inspector's own shifts on a phone: the published slots, the wijk map, done / not done.

Wiring only. Narrow (centred) layout. An inspector sees only their own shifts and wijken.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from gis import io_planning as store
from gis.access import Role
from gis.errors import WijkradarError
from gis.io_backends import WORKSPACE_ENV, open_workspace
from gis.roster import parse_week
from layers.maps import bounds_wgs84
from layers.offline import offline_map
from layers.planning import alert_layer, place_layer, slot_layer
from wijkradar import planning_service as service
from wijkradar.auth_ui import current_session, require_user
from wijkradar.ui import current_language, day_names, language_selector, page_title, show_error, t

DEFAULT_WORKSPACE = Path(__file__).resolve().parents[1] / "data" / "workspaces" / "demo.gpkg"


@st.cache_data(show_spinner=False)
def wijk_context(path: str, week: str, own: tuple[str, ...], stamp: float, lang: str = "nl"):
    """Planning hotspots and near-repeat zones of the inspector's wijken (cached per week)."""
    workspace = open_workspace(path)
    week_start = parse_week(week)
    categories = service.planning_categories(workspace)
    risk, wijken, incidents = service.week_risk(
        workspace, week_start, categories, wijk_codes=own, lang=lang
    )
    mine = wijken[wijken["code"].isin(own)]
    alerts = service.alert_zones(incidents, mine, pd.Timestamp.now().floor("min"))
    places = risk.places[risk.places["wijk"].isin(own)]
    return places, alerts, mine


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def choose_inspector(account, inspectors: pd.DataFrame) -> str | None:
    """HOOK (roles): an inspecteur whose login name matches a roster name (letters and digits,
    any case) sees only their own plan; a chief, an admin or a demo login chooses the inspector;
    anyone else sees nothing."""
    names = sorted(inspectors["inspector"])
    match = [n for n in names if _key(n) == _key(account.name)]
    if account.role == Role.INSPECTEUR and match:
        return match[0]
    if account.role in (Role.CHEF, Role.ADMIN) or (
        account.role == Role.INSPECTEUR and account.demo
    ):
        st.caption(t("plan.inspector_hook"))
        return st.selectbox(t("plan.inspector"), names, key="who")
    st.error(t("plan.not_in_roster", name=account.name))
    return None


def slot_card(
    workspace, plan_id: str, slot: pd.Series, outcome: pd.Series | None, who: str, recorder=None
):
    status = t("plan.status_open")
    if outcome is not None:
        status = t("plan.status_done") if outcome["status"] == "done" else t("plan.status_not_done")
    title = (
        f"{pd.Timestamp(slot['start']):%H:%M}–{pd.Timestamp(slot['end']):%H:%M} · "
        f"{slot['street']} · {status}"
    )
    with st.expander(title):
        st.write(t("plan.dwell", minutes=int(slot["dwell_min"])))
        st.caption(str(slot["reason"]))
        key = str(slot["slot_id"])
        with st.form(f"done-{key}"):
            start = st.time_input(
                t("plan.start"), value=pd.Timestamp(slot["start"]).time(), key=f"s-{key}"
            )
            end = st.time_input(
                t("plan.end"), value=pd.Timestamp(slot["end"]).time(), key=f"e-{key}"
            )
            note = st.text_input(t("plan.note"), max_chars=200, key=f"n-{key}")
            if st.form_submit_button(t("plan.record_done")):
                day = pd.Timestamp(slot["start"]).normalize()
                begin = day + pd.Timedelta(hours=start.hour, minutes=start.minute)
                finish = day + pd.Timedelta(hours=end.hour, minutes=end.minute)
                try:
                    store.record_outcome(
                        workspace,
                        plan_id,
                        slot,
                        done=True,
                        user=who,
                        start=begin,
                        end=finish,
                        note=note,
                        record_visits=recorder,
                    )
                    st.success(t("plan.recorded"))
                except WijkradarError as error:
                    show_error(error)
        with st.form(f"not-{key}"):
            reason = st.selectbox(t("plan.reason"), t("plan.reasons").split("|"), key=f"r-{key}")
            if st.form_submit_button(t("plan.record_not_done")):
                store.record_outcome(workspace, plan_id, slot, done=False, user=who, reason=reason)
                st.success(t("plan.recorded"))


def main() -> None:
    st.set_page_config(page_title=page_title("nav.my_duty"), page_icon="👮", layout="centered")
    language_selector()
    st.title(t("plan.my_title"))
    location = os.environ.get(WORKSPACE_ENV, str(DEFAULT_WORKSPACE))
    if not Path(location).is_file() and "://" not in location:
        st.error(t("ui.no_workspace", path=location))
        st.stop()
    account = require_user(location)
    workspace = open_workspace(location)
    if workspace.is_synthetic():
        st.warning(t("ui.synthetic"), icon="⚠️")
    inspectors, _ = store.load_roster(workspace)
    who = choose_inspector(account, inspectors)
    if who is None:
        st.stop()
    week = st.text_input(t("plan.week"), value=service.week_label(pd.Timestamp.now()), key="week")
    try:
        parse_week(week)
    except WijkradarError as error:
        show_error(error)
        st.stop()
    current = store.current_plan(workspace, week)
    if current is None:
        st.info(t("plan.no_published", week=week))
        st.stop()
    plan_id = str(current["plan_id"])
    slots = store.plan_slots(workspace, plan_id)
    mine = slots[slots["inspector"] == who].sort_values("start")
    if mine.empty:
        st.info(t("plan.no_shifts", week=week))
        st.stop()
    # visits go through the access session (own wijken only, audited); a demo login that
    # plays another inspector records directly (HOOK until demo users match the roster)
    recorder = None
    if not account.demo:
        session = current_session(location, account)

        def recorder(visits: list) -> None:  # the visit carries the login name
            visits = [replace(v, inspector=account.name) for v in visits]
            own = set(session.scope.writable_wijken or ())
            if all(v.wijk in own for v in visits):
                session.record_visits(visits)  # own wijk: checked and audited by the session
                return
            # a slot in a neighbouring wijk that the chief planned and published for this
            # inspector (own wijk without a hotspot): recorded as planned, and audited
            workspace.record_visits(visits)
            session.audit(
                "visit",
                "visits",
                {"wijken": sorted({v.wijk for v in visits})},
                len(visits),
                detail="gepland bezoek in buurwijk (gepubliceerd plan)",
            )

    outcomes = store.slot_outcomes(workspace, plan_ids=[plan_id])
    latest = outcomes.sort_values("recorded_at").drop_duplicates("slot_id", keep="last")
    latest = latest.set_index("slot_id")
    for date, part in mine.groupby("date", sort=True):
        day = pd.Timestamp(date)
        st.subheader(f"{day_names(full=True)[day.day_of_week]} {day:%d/%m}")
        for _, slot in part.iterrows():
            found = latest.loc[slot["slot_id"]] if slot["slot_id"] in latest.index else None
            slot_card(workspace, plan_id, slot, found, who, recorder)
    own = tuple(w for w in str(inspectors.set_index("inspector").at[who, "wijken"]).split(";") if w)
    st.subheader(t("plan.map"))
    stamp = float(Path(location).stat().st_mtime) if Path(location).is_file() else 0.0
    places, alerts, wijken = wijk_context(location, week, own, stamp, current_language())
    (south, west), (north, east) = bounds_wgs84(wijken)
    fmap = offline_map([(south + north) / 2, (west + east) / 2], zoom_start=14)
    fmap.fit_bounds([[south, west], [north, east]])
    folium.GeoJson(
        wijken[["code", "name", "geometry"]].to_crs("EPSG:4326").to_json(),
        style_function=lambda _: {"color": "#222", "weight": 2, "fillOpacity": 0},
        name=t("ui.wijk"),
    ).add_to(fmap)
    place_layer(places, name=t("plan.layer_places")).add_to(fmap)
    labels = (t("hotspot.field.incidents"), t("hotspot.field.expires"))
    alert_layer(alerts, name=t("plan.layer_alerts"), labels=labels).add_to(fmap)
    slot_layer(mine, name=t("plan.layer_slots"), day_names=day_names()).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    st_folium(fmap, key="my_map", height=420, use_container_width=True, returned_objects=[])


main()
