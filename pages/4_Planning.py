"""Presence planning for the team chief: inputs, week plan (edit, publish), follow-up, fairness.

Wiring only: the computation is in gis/ (planning, followup), the use cases in
wijkradar/planning_service.py, the exports in wijkradar/plan_reports.py.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from gis import io_planning as store
from gis.duties import DUTY_KINDS
from gis.errors import WijkradarError
from gis.i18n import category_label
from gis.io_backends import WORKSPACE_ENV, open_workspace
from gis.planning import check_slots, retime_travel
from gis.roster import MODES, parse_week, shift_times
from layers.maps import bounds_wgs84
from layers.offline import offline_map
from layers.planning import place_layer, slot_layer
from wijkradar import planning_service as service
from wijkradar.auth_ui import current_session, page_roles, require_roles, require_user
from wijkradar.plan_tables import column_labels, fairness_table
from wijkradar.ui import (
    belgian_dataframe,
    current_language,
    day_names,
    language_selector,
    page_title,
    show_error,
    t,
    translated,
)

DEFAULT_WORKSPACE = Path(__file__).resolve().parents[1] / "data" / "workspaces" / "demo.gpkg"


PLAN_ACTIONS = ("roster", "duties", "categories", "plan_edit", "publish")
"""Actions of the planning log (gis.io_planning), shown as words."""


def _labels(fields) -> dict:
    """Column headings (``plan.col.<field>``) for a data editor, in the user's language."""
    return {
        field: st.column_config.Column(label)
        for field, label in column_labels(list(fields), current_language()).items()
    }


def _choice_column(label_key: str, codes, prefix: str):
    """An editor column holding codes, offered and shown as words (``prefix.<code>``)."""
    return st.column_config.SelectboxColumn(
        t(label_key), options=list(codes), format_func={c: t(f"{prefix}.{c}") for c in codes}.get
    )


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """A read-only table with its columns named in the user's language."""
    return frame.rename(columns=column_labels(list(frame.columns), current_language()))


def _next_week() -> str:
    return service.week_label(pd.Timestamp.now().normalize() + pd.Timedelta(days=7))


def inputs_tab(workspace, user: str) -> None:
    """Roster, fixed duties and the driving categories."""
    wijken = workspace.areas("wijken")
    st.subheader(t("plan.roster"))
    upload = st.file_uploader(t("plan.roster_upload"), type=["csv", "xlsx"], key="roster_file")
    if upload is not None and st.button(t("plan.save"), key="roster_save"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            try:
                people, shifts = store.read_roster_file(
                    path, known_wijken=set(wijken["code"].astype("str"))
                )
                store.save_roster(workspace, people, shifts, user=user)
                st.success(t("plan.saved"))
            except WijkradarError as error:
                show_error(error)
    people, shifts = store.load_roster(workspace)
    edited = st.data_editor(
        people,
        hide_index=True,
        key="people",
        num_rows="dynamic",
        width="stretch",
        column_config={
            **_labels(people.columns),
            "mode": _choice_column("plan.col.mode", MODES, "plan.mode"),
        },
    )
    if st.button(t("plan.save"), key="people_save"):
        store.save_roster(
            workspace,
            edited,
            shifts[shifts["inspector"].isin(edited["inspector"])],
            user=user,
            replace=True,
        )
        st.success(t("plan.saved"))
    st.subheader(t("plan.shifts"))
    week = st.text_input(t("plan.week"), value=_next_week(), key="roster_week")
    try:
        start = parse_week(week)
    except WijkradarError as error:
        show_error(error)
        return
    dates = pd.to_datetime(shifts["date"])
    in_week = shifts[dates.between(start, start + pd.Timedelta(days=6))]
    changed = st.data_editor(
        in_week,
        hide_index=True,
        key="week_shifts",
        width="stretch",
        disabled=["shift_id"],
        column_config=_labels(in_week.columns),
    )
    if st.button(t("plan.save"), key="shifts_save"):
        try:
            store.save_roster(workspace, people, changed, user=user)
            st.success(t("plan.saved"))
        except WijkradarError as error:
            show_error(error)
    st.subheader(t("plan.duties"))
    duty_file = st.file_uploader(t("plan.duties_upload"), type=["csv", "xlsx"], key="duty_file")
    if duty_file is not None and st.button(t("plan.save"), key="duty_file_save"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(duty_file.name).name
            path.write_bytes(duty_file.getvalue())
            try:
                store.save_duties(workspace, store.read_duties_file(path), user=user)
                st.success(t("plan.saved"))
            except WijkradarError as error:
                show_error(error)
    stored_duties = store.load_duties(workspace)
    duties = st.data_editor(
        stored_duties,
        hide_index=True,
        key="duties",
        num_rows="dynamic",
        width="stretch",
        column_config={
            **_labels(stored_duties.columns),
            "kind": _choice_column("plan.col.duty_kind", DUTY_KINDS, "plan.duty"),
        },
    )
    if st.button(t("plan.save"), key="duties_save"):
        try:
            store.save_duties(workspace, duties, user=user)
            st.success(t("plan.saved"))
        except WijkradarError as error:
            show_error(error)
    st.subheader(t("plan.categories"))
    st.caption(t("plan.categories_help"))
    present = sorted(workspace.incidents(columns=["category"])["category"].dropna().unique())
    current = service.planning_categories(workspace)
    chosen = st.multiselect(
        t("plan.categories"),
        present,
        default=[c for c in current if c in present],
        key=translated("categories"),
        format_func={c: category_label(c, current_language()) for c in present}.get,
    )
    if st.button(t("plan.save"), key="categories_save"):
        try:
            detail = store.set_driving_categories(workspace, chosen, user=user)
            st.success(t("plan.categories_saved", detail=detail))
        except WijkradarError as error:
            show_error(error)
    with st.expander(t("plan.log")):
        log = store.planning_log(workspace)
        actions = {a: t(f"plan.action.{a}") for a in PLAN_ACTIONS}
        log = log.assign(action=log["action"].map(actions).fillna(log["action"]))
        belgian_dataframe(_labelled(log), hide_index=True, width="stretch")


def _grid(slots: pd.DataFrame) -> pd.DataFrame:
    day = pd.to_datetime(slots["start"])
    frame = slots.assign(
        dag=day.dt.day_of_week.map(dict(enumerate(day_names()))) + " " + day.dt.strftime("%d/%m")
    )
    counts = frame.pivot_table(
        index="inspector", columns="dag", values="slot_id", aggfunc="size", fill_value=0
    )
    minutes = frame.pivot_table(
        index="inspector", columns="dag", values="dwell_min", aggfunc="sum", fill_value=0
    )
    first_day = frame.assign(_day=day.dt.normalize()).groupby("dag")["_day"].min()
    order = sorted(counts.columns, key=first_day.__getitem__)  # by date, across months
    return pd.DataFrame(
        {
            c: [
                t("plan.grid_cell", n=int(n), minutes=int(m)) if n else ""
                for n, m in zip(counts[c], minutes[c], strict=True)
            ]
            for c in order
        },
        index=counts.index.rename(t("plan.col.inspector")),
    )


def plan_tab(workspace, user: str) -> None:
    """Make, look at, edit and publish the week plan."""
    left, middle, right = st.columns([2, 1, 1])
    week = left.text_input(t("plan.week"), value=_next_week(), key="week")
    seed = middle.number_input(t("plan.seed"), min_value=0, value=0, step=1, key="seed")
    try:
        week_start = parse_week(week)
    except WijkradarError as error:
        show_error(error)
        return
    use_forecast = st.checkbox(t("plan.use_forecast"), value=False, key="use_forecast")
    if right.button(t("plan.make"), type="primary", key="make"):
        try:
            with st.spinner("…"):
                made = service.make_week_plan(
                    workspace,
                    week,
                    user=user,
                    seed=int(seed),
                    use_forecast=use_forecast,
                    lang=current_language(),
                )
            st.session_state["plan_id"] = made.plan_id
            st.session_state["version"] = made.plan_id  # show the new draft
            st.success(t("plan.made", slots=len(made.plan.slots), method=made.plan.method))
        except WijkradarError as error:
            show_error(error)
    versions = store.plans(workspace, week=week)
    if versions.empty:
        st.info(t("plan.no_plan"))
        return
    labels = {
        row.plan_id: (
            f"{t('plan.version')} {row.version} ({t('plan.status_' + row.status)}, "
            f"{row.published_by})"
            if row.status != "draft"
            else f"{t('plan.draft')} {row.created_at} — {row.created_by}"
        )
        for row in versions.itertuples()
    }
    ids = list(labels)
    wanted = st.session_state.get("plan_id")
    plan_id = st.selectbox(
        t("plan.versions"),
        ids,
        format_func=labels.get,
        index=ids.index(wanted) if wanted in ids else len(ids) - 1,
        key=translated("version"),
    )
    row = versions.set_index("plan_id").loc[plan_id]
    slots = store.plan_slots(workspace, plan_id)
    notes = json.loads(row["notes"] or "[]")
    if notes:
        with st.expander(t("plan.notes")):
            for note in notes:
                st.write("• " + note)
    st.subheader(t("plan.grid"))
    belgian_dataframe(_grid(slots), width="stretch")
    people, shifts = store.load_roster(workspace)
    if row["status"] == "draft":
        edit_section(workspace, user, plan_id, slots, people, shifts, week_start)
    else:
        st.caption(t("plan.read_only"))
    map_section(workspace, slots, week_start, json.loads(row["categories"] or "[]"))
    with st.spinner("…"), tempfile.TemporaryDirectory() as folder:
        files = service.export_week(
            workspace, plan_id, folder, briefings=False, lang=current_language()
        )
        st.download_button(
            t("plan.download_excel"), files[0].read_bytes(), file_name=files[0].name, key="excel"
        )
    name = st.selectbox(t("plan.inspector"), sorted(slots["inspector"].unique()), key="brief_who")
    if name and st.button(t("plan.download_briefing"), key="brief_make"):
        with tempfile.TemporaryDirectory() as folder:
            files = service.export_week(
                workspace, plan_id, folder, inspectors=[name], lang=current_language()
            )
            st.download_button(
                t("plan.download_briefing"),
                files[-1].read_bytes(),
                file_name=files[-1].name,
                mime="application/pdf",
                key="brief_pdf",
            )


def edit_section(workspace, user, plan_id, slots, people, shifts, week_start) -> None:
    """Move, remove, add slots of a draft; check the rules; publish."""
    st.subheader(t("plan.edit"))
    st.caption(t("plan.edit_help"))
    lang = current_language()
    fields = ["slot_id", "inspector", "start", "dwell_min", "kind", "street", "wijk", "reason"]
    kinds = {k: t(f"plan.kind.{k}") for k in ("hotspot", "duty", "manual")}
    view = slots[fields].assign(kind=slots["kind"].map(kinds).fillna(slots["kind"]), remove=False)
    labels = column_labels(["slot_id", "dwell_min", "kind", "street", "wijk", "reason"], lang)
    edited = st.data_editor(
        view,
        hide_index=True,
        key="slots",
        width="stretch",
        disabled=["slot_id", "kind", "street", "wijk", "reason"],
        column_config={
            **{field: st.column_config.Column(label) for field, label in labels.items()},
            "remove": st.column_config.CheckboxColumn(t("plan.remove")),
            "inspector": st.column_config.SelectboxColumn(
                t("plan.inspector"), options=sorted(people["inspector"])
            ),
            "start": st.column_config.DatetimeColumn(t("plan.start"), format="DD/MM HH:mm"),
        },
    )
    with st.expander(t("plan.add")):
        risk, _, _ = cached_risk(str(workspace.path), week_start, current_language())
        places = risk.places
        options = list(range(len(places)))
        who = st.selectbox(t("plan.inspector"), sorted(people["inspector"]), key="add_who")
        pick = st.selectbox(
            t("plan.add_place"),
            options,
            key=translated("add_place"),
            format_func=lambda i: (
                f"{places['street'].iloc[i]} · "
                f"{places['wijk_name'].iloc[i]} · {t('plan.cell', cell=places['place'].iloc[i])}"
            ),
        )
        day = st.selectbox(
            t("plan.add_day"),
            range(7),
            key=translated("add_day"),
            format_func=lambda d: f"{day_names()[d]} {week_start + pd.Timedelta(days=d):%d/%m}",
        )
        at = st.time_input(t("plan.add_start"), value=pd.Timestamp("17:00").time(), key="add_at")
        dwell = st.slider(t("plan.add_dwell"), 10, 15, 15, key="add_dwell")
        if st.button(t("plan.add_button"), key="add") and options:
            start = week_start + pd.Timedelta(days=int(day), hours=at.hour, minutes=at.minute)
            place = places.iloc[int(pick)]
            new = {
                "slot_id": f"manual|{who}|{start:%Y%m%d%H%M}",
                "inspector": who,
                "kind": "manual",
                "place": place["place"],
                "wijk": place["wijk"],
                "street": place["street"],
                "x": place["x"],
                "y": place["y"],
                "start": start,
                "end": start + pd.Timedelta(minutes=int(dwell)),
                "dwell_min": int(dwell),
                "reason": t("plan.manual_reason", user=user) + f"; {place['evidence']}",
                "expected": place["expected"],
                "date": f"{start:%Y-%m-%d}",
            }
            save_slots(
                workspace, user, plan_id, pd.concat([slots, pd.DataFrame([new])]), people, shifts
            )
            st.rerun()
    if st.button(t("plan.save_edits"), key="save_edits"):
        kept = edited[~edited["remove"]].set_index("slot_id")
        new = slots.set_index("slot_id").loc[kept.index].copy()
        new["inspector"] = kept["inspector"]
        new["start"] = pd.to_datetime(kept["start"])
        new["dwell_min"] = kept["dwell_min"].astype(int)
        new["end"] = new["start"] + pd.to_timedelta(new["dwell_min"], unit="min")
        save_slots(workspace, user, plan_id, new.reset_index(), people, shifts)
        st.success(t("plan.saved"))
        st.rerun()
    problems = check_slots(slots, shifts, lang=current_language())
    if problems:
        st.warning(t("plan.problems") + "\n\n" + "\n".join(f"- {p}" for p in problems[:20]))
    if st.button(t("plan.publish"), type="primary", key="publish"):
        version = store.publish_plan(workspace, plan_id, user=user)
        audit = st.session_state.get("_plan_audit")
        if audit is not None:  # the roles' audit log: who published which plan
            audit(f"plan {plan_id} versie {version}", sorted(set(slots["wijk"])), len(slots))
        st.success(t("plan.published", version=version))
        st.rerun()


def save_slots(workspace, user, plan_id, slots, people, shifts) -> None:
    """Give each slot the shift it now falls in, recompute travel, store the draft."""
    working = shift_times(shifts[shifts["absence"] == ""])
    slots = slots.copy()
    for i, row in slots.iterrows():
        match = working[
            (working["inspector"] == row["inspector"])
            & (working["begin"] <= row["start"])
            & (working["finish"] >= row["end"])
        ]
        slots.at[i, "shift_id"] = match["shift_id"].iloc[0] if len(match) else "buiten dienst"
        slots.at[i, "date"] = f"{pd.Timestamp(row['start']):%Y-%m-%d}"
    slots = retime_travel(slots, shifts, people, workspace.areas("wijken"))
    store.update_draft(workspace, plan_id, slots, user=user)


@st.cache_data(show_spinner=False)
def cached_risk(path: str, week_start: pd.Timestamp, lang: str, _stamp: float = 0.0):
    workspace = open_workspace(path)
    categories = service.planning_categories(workspace)
    return service.week_risk(workspace, week_start, categories, lang=lang)


def map_section(workspace, slots, week_start, categories) -> None:
    risk, wijken, _ = cached_risk(str(workspace.path), week_start, current_language())
    (south, west), (north, east) = bounds_wgs84(wijken)
    fmap = offline_map([(south + north) / 2, (west + east) / 2], zoom_start=12)
    fmap.fit_bounds([[south, west], [north, east]])
    folium.GeoJson(
        wijken[["code", "name", "geometry"]].to_crs("EPSG:4326").to_json(),
        style_function=lambda _: {"color": "#333", "weight": 1, "fillOpacity": 0},
        name=t("ui.layer_wijken"),
    ).add_to(fmap)
    place_layer(risk.places, name=t("plan.layer_places")).add_to(fmap)
    slot_layer(slots, name=t("plan.layer_slots"), day_names=day_names()).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    st_folium(fmap, key="plan_map", height=520, use_container_width=True, returned_objects=[])


def followup_tab(workspace) -> None:
    """Planned vs done, dosage, effect view, monthly report."""
    weeks_with_plans = sorted(store.plans(workspace).query("status != 'draft'")["week"].unique())
    weeks = st.multiselect(
        t("plan.followup_weeks"),
        weeks_with_plans,
        default=weeks_with_plans[-4:],
        key="follow_weeks",
    )
    if weeks:
        follow = service.followup_for_weeks(workspace, weeks)
        for key, title in (
            ("per_inspector", "plan.per_inspector"),
            ("per_wijk", "plan.per_wijk"),
            ("per_week", "plan.per_week"),
            ("dosage", "plan.dosage"),
        ):
            st.subheader(t(title))
            belgian_dataframe(_labelled(follow[key]), hide_index=True, width="stretch")
        st.subheader(t("plan.effect"))
        if st.button(t("plan.effect_button"), key="effect"):
            try:
                result = service.effect_for_weeks(workspace, weeks)
                wdq = "—" if pd.isna(result.wdq) else f"{result.wdq:.2f}"
                st.write(t("plan.effect_result", wdd=result.wdd, z=result.z, wdq=wdq))
                counts = result.counts.rename(
                    index={g: t(f"plan.effect_group.{g}") for g in result.counts.index}
                )
                belgian_dataframe(_labelled(counts), width="stretch")
                st.warning(result.caution(current_language()))
            except WijkradarError:
                st.info(t("plan.effect_none"))
    st.subheader(t("plan.monthly"))
    month = st.text_input(t("plan.month"), value=f"{pd.Timestamp.now():%Y-%m}", key="month")
    if st.button(t("plan.monthly_button"), key="monthly"):
        with tempfile.TemporaryDirectory() as folder:
            try:
                path = service.monthly_report(
                    workspace,
                    month,
                    Path(folder) / f"wijkrapport-{month}.pdf",
                    lang=current_language(),
                )
                st.download_button(
                    t("plan.monthly_button"),
                    path.read_bytes(),
                    file_name=path.name,
                    mime="application/pdf",
                    key="monthly_pdf",
                )
            except WijkradarError as error:
                show_error(error)


def fairness_tab(workspace) -> None:
    st.caption(t("plan.fairness_help"))
    week = st.session_state.get("week") or _next_week()
    versions = store.plans(workspace, week=week)
    if versions.empty:
        st.info(t("plan.no_plan"))
        return
    plan_id = st.session_state.get("version") or versions["plan_id"].iloc[-1]
    slots = store.plan_slots(workspace, plan_id)
    risk, wijken, incidents = cached_risk(str(workspace.path), parse_week(week), current_language())
    from gis.planning import wijk_fairness

    table = wijk_fairness(
        slots,
        service.harm_per_wijk(incidents, risk.categories, wijken),
        names=dict(zip(wijken["code"], wijken["name"], strict=True)),
    )
    belgian_dataframe(fairness_table(table, current_language()), hide_index=True, width="stretch")


def main() -> None:
    st.set_page_config(page_title=page_title("nav.planning"), page_icon="🗓️", layout="wide")
    language_selector()
    st.title(t("plan.title"))
    location = os.environ.get(WORKSPACE_ENV, str(DEFAULT_WORKSPACE))
    if not Path(location).is_file() and "://" not in location:
        st.error(t("ui.no_workspace", path=location))
        st.stop()
    account = require_user(location)
    require_roles(account, page_roles("pages/4_Planning.py"))
    workspace = open_workspace(location)
    if workspace.is_synthetic():
        st.warning(t("ui.synthetic"), icon="⚠️")
    user = account.name
    session = current_session(location, account)
    st.session_state["_plan_audit"] = lambda what, wijken, rows: session.publish_plan(
        what, {"wijken": wijken}, rows
    )
    inputs, plan, follow, fair = st.tabs(
        [t("plan.tab_inputs"), t("plan.tab_plan"), t("plan.tab_followup"), t("plan.tab_fairness")]
    )
    with inputs:
        inputs_tab(workspace, user)
    with plan:
        plan_tab(workspace, user)
    with follow:
        followup_tab(workspace)
    with fair:
        fairness_tab(workspace)


main()
