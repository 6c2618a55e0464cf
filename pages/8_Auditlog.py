"""Audit log page (chef and admin): who consulted or exported what, when; CSV download.
Read through the access session (reading is audited itself); nothing here can change it."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from gis.access import Role, require_role
from gis.io_backends import WORKSPACE_ENV
from gis.workspace import AUDIT_ACTIONS
from wijkradar.auth_ui import (
    current_session,
    page_roles,
    require_roles,
    require_user,
    workspace_ready,
)
from wijkradar.exports import column_labels, csv_bytes, people_table
from wijkradar.ui import belgian_dataframe, current_language, language_selector, t, translated

DEFAULT_WORKSPACE = Path(__file__).resolve().parents[1] / "data" / "workspaces" / "demo.gpkg"


def main() -> None:
    st.set_page_config(page_title=t("table.tab.audit"), page_icon="🔎", layout="wide")
    location = os.environ.get(WORKSPACE_ENV, str(DEFAULT_WORKSPACE))
    language_selector()
    st.title(t("audit.title"))
    if not workspace_ready(location):
        st.error(t("ui.no_workspace", path=location))
        st.stop()
    user = require_user(location)
    require_roles(user, page_roles("pages/8_Auditlog.py"))
    session = current_session(location, user)
    st.caption(t("audit.explain"))
    everyone = t("ui.all")  # words looked up now: a format_func may run outside the script
    users = ["", *sorted({u.name for u in session.store.users()})]
    who = st.sidebar.selectbox(
        t("audit.user"), users, format_func=lambda u: u or everyone, key=translated("audit_user")
    )
    actions = {"": everyone} | {a: t(f"audit.action.{a}") for a in AUDIT_ACTIONS}
    action = st.sidebar.selectbox(
        t("audit.action"),
        list(actions),
        format_func=actions.__getitem__,
        key=translated("audit_action"),
    )
    days = st.sidebar.number_input(t("audit.days"), 1, 3650, 30, key="audit_days")
    since = pd.Timestamp.now(tz="UTC") - pd.Timedelta(days=int(days))
    filters = {"user": who or None, "action": action or None, "days": int(days)}
    require_role(user, (Role.CHEF, Role.ADMIN), "read the audit log")
    frame = session.store.audit(user=who or None, action=action or None, since=since)
    seen = st.session_state.setdefault("audit_page_seen", set())
    if repr(filters) not in seen:  # the reading is audited once per filter and session
        session.audit("audit_view", "audit", filters, len(frame))
        seen.add(repr(filters))
    lang = current_language()
    table = people_table(frame, lang)
    seq = column_labels(["seq"], lang)["seq"]
    belgian_dataframe(
        table.iloc[::-1], plain=[seq], hide_index=True, width="stretch", key="audit_table"
    )
    st.download_button(
        t("audit.download"),
        csv_bytes(table),
        file_name=f"audit-{pd.Timestamp.now():%Y%m%d}.csv",
        mime="text/csv",
        key="audit_csv",
        on_click=lambda: session.audit(
            "audit_export", "audit", {"user": who, "action": action, "days": int(days)}, len(frame)
        ),
    )


main()
