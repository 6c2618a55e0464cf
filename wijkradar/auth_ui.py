"""The login gate of the app and its pages: call :func:`require_user` before showing anything.

Three ways in, checked in this order:

1. OpenID Connect (Streamlit's ``st.login``/``st.user``) when ``[auth]`` is configured in
   ``secrets.toml`` (kept outside the repository, see the README): the provider's ``sub`` or
   verified e-mail is mapped to a local user record, which carries the role.
2. The demo login :data:`wijkradar.access_services.DEMO_LOGIN_ENV`, honoured only for a
   synthetic workspace and a demo user (for ``make run`` and the tests; refused elsewhere).
3. The local user store: name + password (argon2), five failures lock the user 15 minutes.

Every login and failure is audited. The user is kept in ``st.session_state`` for the browser
session; nothing about the user is logged outside the audit log.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import zlib
from pathlib import Path

import streamlit as st

from gis.access import Role, User, user_for_claims
from gis.errors import AccessDeniedError
from gis.io_access import AccessSession, login_user, selection_filters
from gis.io_backends import access_store_for, is_postgres, open_workspace, workspace_exists
from gis.selection import Selection
from gis.workspace import AuditEvent
from wijkradar.access_services import DEMO_ACCOUNTS, DEMO_LOGIN_ENV, demo_user_for_env
from wijkradar.ui import t

USER_KEY = "wijkradar_user"
"""``st.session_state`` key: (workspace location, user name) of the logged-in user."""
PARTNER_PAGE = "pages/3_Partners.py"
_APP_ROOT = Path(__file__).resolve().parents[1]
_STAFF = (Role.CHEF, Role.INSPECTEUR, Role.ADMIN)
_MANAGERS = (Role.CHEF, Role.ADMIN)
_EVERYONE = (Role.CHEF, Role.INSPECTEUR, Role.ADMIN, Role.PARTNER)
PAGES: dict[str, tuple[str, tuple[Role, ...]]] = {
    "app.py": ("nav.map", _STAFF),
    "pages/1_Importeren.py": ("nav.import", (Role.ADMIN, Role.CHEF)),
    "pages/2_Adressen_nakijken.py": ("nav.review", (Role.ADMIN, Role.CHEF)),
    "pages/4_Incidenten.py": ("nav.incidents", _STAFF),
    "pages/4_Planning.py": ("nav.planning", _MANAGERS),
    "pages/5_Mijn_dienst.py": ("nav.my_duty", _STAFF),
    "pages/5_Signalen.py": ("nav.signals", _EVERYONE),
    PARTNER_PAGE: ("nav.partners", _EVERYONE),
    "pages/8_Auditlog.py": ("nav.audit", _MANAGERS),
    "pages/9_Hulp.py": ("nav.help", _EVERYONE),
}
"""Every page of the app (path from the repository root): its name in the navigation (a
message key) and the roles that may open it. The sidebar lists only the pages of the user's
role (:func:`draw_navigation`); each page refuses the others itself
(``require_roles(user, page_roles(...))``), as a page can still be opened by its URL."""
_AUDITED_KEY = "wijkradar_audited"


def workspace_version(location: str) -> float:
    """A cache stamp of the workspace: the file's mtime (the minute for PostGIS), changed
    also when a user's role or wijken change, so that no cached view outlives a change of
    rights."""
    base = (
        float(int(time.time() // 60)) if is_postgres(location) else Path(location).stat().st_mtime
    )
    users = access_store_for(open_workspace(location)).users()
    return base + zlib.crc32(repr(users).encode()) / 2**32 * 1e-4


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # StreamlitSecretNotFoundError etc.: no secrets.toml at all
        return False


def _remember(location: str, user: User) -> None:
    st.session_state[USER_KEY] = (location, user.name)


def _logout(location: str) -> None:
    entry = st.session_state.pop(USER_KEY, None)
    if entry:
        store = access_store_for(open_workspace(location))
        user = store.user(entry[1])
        if user is not None:
            store.append_audit(AuditEvent(user=user.name, role=user.role.value, action="logout"))


def _login_form(location: str, synthetic: bool) -> None:
    store = access_store_for(open_workspace(location))
    st.subheader(t("auth.title"))
    if _oidc_configured() and st.button(t("auth.oidc"), key="auth_oidc"):
        st.login()
    with st.form("login", clear_on_submit=True):
        name = st.text_input(t("auth.name"), key="auth_name", max_chars=64)
        password = st.text_input(t("auth.password"), type="password", key="auth_password")
        submitted = st.form_submit_button(t("auth.submit"))
    if submitted:
        try:
            user = login_user(store, name.strip().lower(), password)
        except AccessDeniedError:
            st.error(t("auth.failed"))
        else:
            _remember(location, user)
            st.rerun()
    if synthetic:
        demo = [a for a in DEMO_ACCOUNTS if (u := store.user(a.name)) is not None and u.demo]
        if demo:
            lines = "\n".join(
                f"- `{a.name}` / `{a.password}` — {t('auth.role_' + a.role.value)}" for a in demo
            )
            st.info(t("auth.demo_accounts") + "\n\n" + lines)
            for column, account in zip(st.columns(len(demo)), demo, strict=True):
                if column.button(f"DEMO: {account.name}", key=f"auth_demo_{account.name}"):
                    _remember(location, login_user(store, account.name, account.password))
                    st.rerun()


def _from_oidc(location: str) -> User | None:
    if not _oidc_configured():
        return None
    try:
        logged_in = bool(st.user.is_logged_in)
    except (AttributeError, KeyError):
        return None
    if not logged_in:
        return None
    store = access_store_for(open_workspace(location))
    claims = st.user.to_dict()
    try:
        user = user_for_claims(claims, store.users())
    except AccessDeniedError:
        store.append_audit(
            AuditEvent(user="?", role="", action="login_failed", detail="oidc: no local user")
        )
        st.error(t("auth.oidc_unknown"))
        if st.button(t("auth.logout"), key="auth_oidc_logout"):
            st.logout()
        st.stop()
    store.append_audit(
        AuditEvent(user=user.name, role=user.role.value, action="login", detail="oidc")
    )
    return user


def require_user(location: str, *, partner_page: bool = False) -> User:
    """Return the logged-in user of this browser session, or show the login and stop.

    Parameters
    ----------
    location : str
        Workspace path or URL (must exist).
    partner_page : bool, default False
        Whether the calling page is meant for partners. A partner calling any other page is
        sent to :data:`PARTNER_PAGE` (no incident map for partners).

    Returns
    -------
    User
    """
    workspace = open_workspace(location)
    store = access_store_for(workspace)
    entry = st.session_state.get(USER_KEY)
    user = store.user(entry[1]) if entry and entry[0] == location else None
    if user is None:
        user = _from_oidc(location)
        demo_name = os.environ.get(DEMO_LOGIN_ENV)
        if user is None and demo_name:
            try:
                user = demo_user_for_env(workspace, store, demo_name)
            except AccessDeniedError:
                st.warning(t("auth.demo_refused", env=DEMO_LOGIN_ENV))
        if user is not None:
            _remember(location, user)
    if user is None:
        _login_form(location, workspace.is_synthetic())
        st.stop()
    st.sidebar.text(t("auth.signed_in", name=user.name, role=t("auth.role_" + user.role.value)))
    draw_navigation(user)
    if st.sidebar.button(t("auth.logout"), key="auth_logout"):
        _logout(location)
        if _oidc_configured():
            st.logout()
        st.rerun()
    if user.role is Role.PARTNER and not partner_page:
        st.switch_page(PARTNER_PAGE)
    return user


def current_session(location: str, user: User) -> AccessSession:
    """The access session of ``user`` on the workspace (every read of a page goes here)."""
    workspace = open_workspace(location)
    return AccessSession(workspace, access_store_for(workspace), user, client="app")


def audit_once(session: AccessSession, action: str, what: str, filters: dict, rows: int) -> None:
    """Audit a view once per distinct filter in this browser session (reruns of the same
    view are not new consultations)."""
    key = hashlib.sha256(
        json.dumps([session.user.name, action, what, filters, rows], default=str).encode()
    ).hexdigest()
    seen = st.session_state.setdefault(_AUDITED_KEY, set())
    if key in seen:
        return
    session.audit(action, what, filters, rows)
    seen.add(key)


def audit_selection(location: str, user: User, selection: Selection, rows: int) -> None:
    """Audit the incident-level view of ``selection`` (``rows`` incidents shown), once per
    distinct view in this browser session."""
    filters = selection_filters(selection)
    key = hashlib.sha256(
        json.dumps([location, user.name, filters, rows], default=str).encode()
    ).hexdigest()
    seen = st.session_state.setdefault(_AUDITED_KEY, set())
    if key not in seen:
        current_session(location, user).audit("view", "incidents", filters, rows)
        seen.add(key)


def workspace_ready(location: str) -> bool:
    """Whether the workspace exists (a GeoPackage file or a PostGIS schema)."""
    return workspace_exists(location)


def session_for(location: str, name: str) -> AccessSession:
    """The access session of the user called ``name`` (as kept by :func:`require_user`).

    Raises
    ------
    AccessDeniedError
        When there is no such user (any more).
    """
    workspace = open_workspace(location)
    store = access_store_for(workspace)
    user = store.user(name)
    if user is None:
        raise AccessDeniedError(f"there is no user {name!r}")
    return AccessSession(workspace, store, user, client="app")


def page_roles(page: str) -> tuple[Role, ...]:
    """The roles that may open ``page`` (a key of :data:`PAGES`, e.g. ``pages/4_Planning.py``)."""
    return PAGES[page][1]


def draw_navigation(user: User) -> None:
    """List in the sidebar the pages ``user``'s role may open, in the chosen language.

    Only when the app runs as ``streamlit run app.py`` (a page run on its own, as in a unit
    test, has no other pages to link to).
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    main = Path(context.main_script_path).resolve() if context is not None else None
    if main != _APP_ROOT / "app.py":
        return
    with st.sidebar:
        for page, (key, roles) in PAGES.items():
            if user.role in roles:
                st.page_link(page, label=t(key))


def require_roles(user: User, roles: tuple[Role, ...]) -> None:
    """Stop the page with a message unless ``user`` has one of ``roles``."""
    if user.role not in roles:
        st.error(t("auth.forbidden", roles=", ".join(t("auth.role_" + r.value) for r in roles)))
        st.stop()
