"""Use cases of users, logins, demo accounts and the audit log, shared by the CLI and the app."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from gis.access import Role, User, check_user_name
from gis.errors import AccessDeniedError, ValidationError, WorkspaceError
from gis.io_access import AccessSession, require_valid_password_user
from gis.io_backends import access_store_for, open_workspace
from gis.passwords import check_password_strength, hash_password
from gis.safety import neutralise_formulas
from gis.workspace import AccessStore, AuditEvent, Workspace

DEMO_LOGIN_ENV = "WIJKRADAR_DEMO_LOGIN"
"""Set to a demo user's name to skip the login form — honoured only for a synthetic (demo)
workspace and a user flagged ``demo``; ignored (and audited) anywhere else."""


@dataclass(frozen=True)
class DemoAccount:
    """A documented demo login of a synthetic workspace."""

    name: str
    role: Role
    password: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("chef", Role.CHEF, "demo-chef"),
    DemoAccount("inspecteur", Role.INSPECTEUR, "demo-inspecteur"),
    DemoAccount("partner", Role.PARTNER, "demo-partner"),
    DemoAccount("admin", Role.ADMIN, "demo-admin"),
)
"""Demo users made for every synthetic workspace. DEMO ONLY: these passwords are public."""


def _demo_wijken(wijken: gpd.GeoDataFrame) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The demo inspecteur's own wijk (the first by code) and its neighbours (touching it)."""
    ordered = wijken.sort_values("code").reset_index(drop=True)
    own = ordered.iloc[0]
    touching = ordered[ordered.geometry.intersects(own.geometry.buffer(1.0))]
    neighbours = tuple(c for c in touching["code"] if c != own["code"])
    return (str(own["code"]),), neighbours


def create_demo_users(workspace: Workspace) -> list[DemoAccount]:
    """Create the :data:`DEMO_ACCOUNTS` in a synthetic workspace's access store.

    Raises
    ------
    AccessDeniedError
        If the workspace is not synthetic: demo passwords never go into a real workspace.
    """
    if not workspace.is_synthetic():
        raise AccessDeniedError("demo users are only made in a synthetic (demo) workspace")
    store = access_store_for(workspace)
    own, neighbours = _demo_wijken(workspace.areas("wijken"))
    for account in DEMO_ACCOUNTS:
        wijken = own if account.role is Role.INSPECTEUR else ()
        near = neighbours if account.role is Role.INSPECTEUR else ()
        user = User(account.name, account.role, wijken=wijken, neighbours=near, demo=True)
        store.put_user(user, hash_password(account.password))
    return list(DEMO_ACCOUNTS)


def demo_user_for_env(workspace: Workspace, store: AccessStore, name: str) -> User:
    """The user named by :data:`DEMO_LOGIN_ENV`, only in a synthetic workspace.

    Raises
    ------
    AccessDeniedError
        When the workspace is not synthetic or the user is not a demo user.
    """
    user = store.user(name)
    if not workspace.is_synthetic() or user is None or not user.demo:
        store.append_audit(
            AuditEvent(
                user=user.name if user else "?",
                role=user.role.value if user else "",
                action="login_failed",
                detail="demo login refused",
            )
        )
        raise AccessDeniedError(f"{DEMO_LOGIN_ENV} works only for demo users of a demo workspace")
    store.append_audit(
        AuditEvent(user=user.name, role=user.role.value, action="login", detail="demo")
    )
    return user


def add_user(
    workspace: Workspace,
    name: str,
    role: str,
    *,
    wijken: Sequence[str] = (),
    neighbours: Sequence[str] = (),
    password: str | None = None,
    email: str | None = None,
    subject: str | None = None,
    by: str = "cli",
) -> User:
    """Add (or update) a user of a workspace; audited as ``user_add``.

    Wijk codes are checked against the workspace's wijken; a password needs at least 12
    characters; a user without a password must be mapped to an identity provider.
    """
    user = User(
        check_user_name(name),
        Role(role) if role in {r.value for r in Role} else role,  # type: ignore[arg-type]
        wijken=tuple(wijken),
        neighbours=tuple(neighbours),
        email=email,
        subject=subject,
    )
    known = set(workspace.areas("wijken")["code"])
    unknown = [w for w in (*user.wijken, *user.neighbours) if w not in known]
    if unknown:
        raise ValidationError(
            f"wijk {unknown[0]!r} is not a wijk of this workspace; see `wijkradar zone show`"
        )
    require_valid_password_user(user, password)
    store = access_store_for(workspace)
    store.put_user(user, hash_password(check_password_strength(password)) if password else None)
    store.append_audit(
        AuditEvent(
            user=by,
            role="",
            action="user_add",
            what=user.name,
            filters={
                "role": user.role.value,
                "wijken": list(user.wijken),
                "neighbours": list(user.neighbours),
            },
            client="cli",
        )
    )
    return user


def remove_user(workspace: Workspace, name: str, *, by: str = "cli") -> None:
    """Remove a user; their audit records stay. Audited as ``user_remove``."""
    store = access_store_for(workspace)
    store.remove_user(name)
    store.append_audit(AuditEvent(user=by, role="", action="user_remove", what=name, client="cli"))


def session_as(
    location: str | os.PathLike[str] | Workspace, name: str, *, client: str = "cli"
) -> AccessSession:
    """Open a workspace as user ``name`` (the CLI's ``--as``).

    The CLI runs on the server with access to the workspace's files or database, which is
    an administrator's access already; ``--as`` narrows what is written to what that user
    may see, and every read and export is audited in that user's name with client ``cli``.
    """
    workspace = open_workspace(location)
    store = access_store_for(workspace)
    user = store.user(name)
    if user is None:
        raise WorkspaceError(f"there is no user {name!r}; see `wijkradar user list`")
    return AccessSession(workspace, store, user, client=client)


def export_audit(session: AccessSession, out: Path, **filters: object) -> Path:
    """Write the audit log as CSV (chef and admin only); audited as ``audit_export``."""
    frame = session.read_audit(**filters)
    out.parent.mkdir(parents=True, exist_ok=True)
    neutralise_formulas(frame).to_csv(out, sep=";", index=False, encoding="utf-8-sig")
    session.audit("audit_export", "audit", dict(filters), len(frame), detail=out.name)
    return out


def audit_rows_since(store: AccessStore, hours: float = 24.0) -> pd.DataFrame:
    """The audit records of the last ``hours`` hours (for the admin page)."""
    return store.audit(since=pd.Timestamp.now(tz="UTC") - pd.Timedelta(hours=hours))
