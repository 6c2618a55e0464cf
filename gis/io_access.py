"""Access enforced in the data layer: the access store (users, settings, audit) and the one
path every query of a logged-in user takes, :class:`AccessSession`.

Where the audit log of a GeoPackage workspace lives
----------------------------------------------------
Users, settings and the audit log of a GeoPackage workspace ``WS.gpkg`` live in a sibling
SQLite file ``WS.access.sqlite`` (:class:`SqliteAccessStore`), not in the GeoPackage, because:

* the GeoPackage is written by copy + rename: an audit row appended in place to the old file
  while a writer works on its copy would vanish at the rename. Taking the workspace lock
  for every append would avoid that, but then every map view of every user would wait behind
  a minute-long import holding that lock, and cost a full open of the GeoPackage;
* the sibling file is never replaced: it runs in WAL mode with real SQLite transactions
  (``BEGIN IMMEDIATE``, a busy timeout), so concurrent appends from threads and processes
  are serialised by SQLite itself and none is lost, and readers never block the writer;
* triggers make ``audit`` append-only (``RAISE(ABORT)`` on UPDATE and DELETE);
* the GeoPackage is handed to QGIS users and copied around; password hashes and the record of
  who looked at what must not travel with it, and restoring the data from a backup must not
  roll the audit trail back. The file is created with mode 0600.

On PostGIS the same tables live in the workspace's schema (:mod:`gis.io_postgis`), in the
same database transactions as the data.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd

from gis.access import (
    MIN_PARTNER_CELL_M,
    POLICE_ROLES,
    PartnerPolicy,
    Role,
    User,
    check_partner_result,
    narrow,
    partner_aggregate,
    require_incident_level,
    require_role,
    restrict_areas,
    restrict_incidents,
    scope_for,
)
from gis.errors import AccessDeniedError, ValidationError, WorkspaceError
from gis.selection import Selection, grid_hotspots, select_incidents, selected_areas
from gis.workspace import AUDIT_COLUMNS, AccessStore, AuditEvent, Visit, Workspace

AUDIT_APPEND_ONLY = "the audit log is append-only"

_SQLITE_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, wijken TEXT NOT NULL, neighbours TEXT NOT NULL,
    email TEXT, subject TEXT, demo INTEGER NOT NULL DEFAULT 0, password_hash TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL,
    role TEXT NOT NULL, action TEXT NOT NULL, what TEXT NOT NULL, filters TEXT NOT NULL,
    rows INTEGER NOT NULL, client TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, '{AUDIT_APPEND_ONLY}'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, '{AUDIT_APPEND_ONLY}'); END;
"""


def access_store_path(workspace_path: str | Path) -> Path:
    """Return the access store file of a GeoPackage workspace: ``WS.access.sqlite``."""
    path = Path(workspace_path)
    return path.with_name(f"{path.stem}.access.sqlite")


def _user_from_row(row: sqlite3.Row | dict) -> User:
    return User(
        name=row["name"],
        role=Role(row["role"]),
        wijken=tuple(json.loads(row["wijken"])),
        neighbours=tuple(json.loads(row["neighbours"])),
        email=row["email"],
        subject=row["subject"],
        demo=bool(row["demo"]),
    )


def _now_utc() -> str:
    return pd.Timestamp.now(tz="UTC").isoformat(timespec="microseconds")


def checked_settings(current: dict[str, str], values: dict[str, str]) -> dict[str, str]:
    """Return ``current`` updated with ``values`` after checking the partner policy they make.

    Raises
    ------
    ValidationError
        When the result would loosen the policy below its minimums.
    """
    merged = {**current, **{str(k): str(v) for k, v in values.items()}}
    PartnerPolicy.from_settings(merged)
    return merged


class SqliteAccessStore:
    """Users, settings and audit log of a GeoPackage workspace, in a sibling SQLite file.

    Parameters
    ----------
    path : str or pathlib.Path
        The ``.access.sqlite`` file (created with its tables on first use, mode 0600).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._ready = False

    @contextlib.contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        new = not self.path.exists()
        if new:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        connection.row_factory = sqlite3.Row
        try:
            connection.execute("PRAGMA busy_timeout = 60000")
            if not self._ready:
                connection.execute("PRAGMA journal_mode = WAL")
                connection.executescript(_SQLITE_SCHEMA)
                self._ready = True
            if write:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
                connection.execute("COMMIT")
            else:
                yield connection
        finally:
            connection.close()

    # -- users ------------------------------------------------------------------------------
    def users(self) -> list[User]:
        """Return every user, sorted by name."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM users ORDER BY name").fetchall()
        return [_user_from_row(r) for r in rows]

    def user(self, name: str) -> User | None:
        """Return the user called ``name``, or None."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
        return None if row is None else _user_from_row(row)

    def password_hash(self, name: str) -> str | None:
        """Return the stored argon2 hash of ``name`` (None without a local password)."""
        with self._connect() as db:
            row = db.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
        return None if row is None else row["password_hash"]

    def put_user(self, user: User, password_hash: str | None = None) -> None:
        """Add or update a user; the stored hash is kept when ``password_hash`` is None."""
        with self._connect(write=True) as db:
            db.execute(
                """INSERT INTO users (name, role, wijken, neighbours, email, subject, demo,
                                      password_hash, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(name) DO UPDATE SET role = excluded.role,
                     wijken = excluded.wijken, neighbours = excluded.neighbours,
                     email = excluded.email, subject = excluded.subject, demo = excluded.demo,
                     password_hash = COALESCE(excluded.password_hash, users.password_hash),
                     updated_at = excluded.updated_at""",
                (
                    user.name,
                    user.role.value,
                    json.dumps(list(user.wijken)),
                    json.dumps(list(user.neighbours)),
                    user.email,
                    user.subject,
                    int(user.demo),
                    password_hash,
                    _now_utc(),
                ),
            )

    def remove_user(self, name: str) -> None:
        """Remove a user (their audit records stay)."""
        with self._connect(write=True) as db:
            if db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
                raise WorkspaceError(f"there is no user {name!r}")

    # -- settings ---------------------------------------------------------------------------
    def settings(self) -> dict[str, str]:
        """Return the stored settings (see :meth:`gis.access.PartnerPolicy.to_settings`)."""
        with self._connect() as db:
            return {r["key"]: r["value"] for r in db.execute("SELECT key, value FROM settings")}

    def put_settings(self, values: dict[str, str]) -> None:
        """Store settings after checking that they make a valid (not looser) policy."""
        with self._connect(write=True) as db:
            current = {r["key"]: r["value"] for r in db.execute("SELECT key, value FROM settings")}
            merged = checked_settings(current, values)
            db.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                list(merged.items()),
            )

    # -- audit ------------------------------------------------------------------------------
    def append_audit(self, event: AuditEvent) -> int:
        """Append one audit record in its own transaction; return its sequence number."""
        with self._connect(write=True) as db:
            cursor = db.execute(
                "INSERT INTO audit (at, user, role, action, what, filters, rows, client, detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _now_utc(),
                    event.user,
                    event.role,
                    event.action,
                    event.what,
                    event.filters_json(),
                    int(event.rows),
                    event.client,
                    event.detail,
                ),
            )
            return int(cursor.lastrowid)

    def audit(
        self,
        *,
        user: str | None = None,
        action: str | None = None,
        since: pd.Timestamp | None = None,
    ) -> pd.DataFrame:
        """Return audit records (all columns of :data:`AUDIT_COLUMNS`), oldest first."""
        clauses, values = [], []
        if user is not None:
            clauses.append("user = ?")
            values.append(user)
        if action is not None:
            clauses.append("action = ?")
            values.append(action)
        if since is not None:
            clauses.append("at >= ?")
            moment = pd.Timestamp(since)
            moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment
            values.append(moment.tz_convert("UTC").isoformat(timespec="microseconds"))
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._connect() as db:
            rows = db.execute(f"SELECT * FROM audit{where} ORDER BY seq", values).fetchall()
        return audit_frame([dict(r) for r in rows])


def audit_frame(rows: Sequence[dict]) -> pd.DataFrame:
    """Build the audit table with canonical columns and dtypes from records."""
    frame = pd.DataFrame(list(rows), columns=list(AUDIT_COLUMNS))
    return frame.astype(
        {
            "seq": "int64",
            "rows": "int64",
            **{c: "str" for c in AUDIT_COLUMNS if c not in ("seq", "rows")},
        }
    )


# -- the one path of every query ------------------------------------------------------------


class AccessSession:
    """A logged-in user's view of a workspace: every read and export goes through here.

    Parameters
    ----------
    workspace : Workspace
    store : AccessStore
    user : User
    client : str, default "app"
        Recorded in the audit log (``app`` or ``cli``).
    today : pandas.Timestamp, optional
        The day the partner lag counts back from (default: now).
    """

    def __init__(
        self,
        workspace: Workspace,
        store: AccessStore,
        user: User,
        *,
        client: str = "app",
        today: pd.Timestamp | None = None,
    ) -> None:
        self.workspace = workspace
        self.store = store
        self.user = user
        self.client = client
        self.policy = PartnerPolicy.from_settings(store.settings())
        self.today = pd.Timestamp.now() if today is None else pd.Timestamp(today)
        self.scope = scope_for(user, self.policy, today=self.today)

    # -- audit ----------------------------------------------------------------------------
    def audit(
        self, action: str, what: str, filters: dict[str, object], rows: int, detail: str = ""
    ) -> int:
        """Append an audit record for this user (see :class:`gis.workspace.AuditEvent`)."""
        return self.store.append_audit(
            AuditEvent(
                user=self.user.name,
                role=self.user.role.value,
                action=action,
                what=what,
                filters=filters,
                rows=int(rows),
                client=self.client,
                detail=detail,
            )
        )

    def audit_view(self, selection: Selection, rows: int, *, what: str = "incidents") -> int:
        """Record that incident-level data of ``selection`` was shown (``rows`` rows)."""
        require_incident_level(self.user)
        return self.audit("view", what, selection_filters(selection), rows)

    def read_audit(self, **filters: object) -> pd.DataFrame:
        """Return the audit log (chef and admin only); the reading is audited too."""
        require_role(self.user, (Role.CHEF, Role.ADMIN), "read the audit log")
        frame = self.store.audit(**filters)
        self.audit("audit_view", "audit", dict(filters), len(frame))
        return frame

    # -- areas ----------------------------------------------------------------------------
    def wijken(self) -> gpd.GeoDataFrame:
        """The wijken the user works with (an inspecteur: own and neighbouring)."""
        return restrict_areas(self.workspace.areas("wijken"), self.scope).reset_index(drop=True)

    def municipalities(self) -> gpd.GeoDataFrame:
        """The municipalities holding the user's wijken."""
        municipalities = self.workspace.areas("municipalities")
        if self.scope.wijken is None:
            return municipalities
        nis = set(self.wijken()["nis"])
        return municipalities[municipalities["nis"].isin(nis)].reset_index(drop=True)

    def zones(self) -> gpd.GeoDataFrame:
        """The police zones holding the user's wijken."""
        zones = self.workspace.areas("police_zones")
        if self.scope.wijken is None:
            return zones
        codes = set(self.municipalities()["zone_code"])
        return zones[zones["code"].isin(codes)].reset_index(drop=True)

    # -- incident level -------------------------------------------------------------------
    def incidents(
        self,
        *,
        nis: Sequence[str] | None = None,
        wijken: Sequence[str] | None = None,
        start: pd.Timestamp | None = None,
        end: pd.Timestamp | None = None,
        categories: Sequence[str] | None = None,
        columns: Sequence[str] | None = None,
        audit: bool = True,
        what: str = "incidents",
    ) -> gpd.GeoDataFrame:
        """Read the incidents this user may see (never for a partner).

        With ``audit=False`` the caller records what it shows with :meth:`audit_view` (the
        app reads once and shows many selections of it).

        Raises
        ------
        AccessDeniedError
            For a role without incident-level access.
        """
        require_incident_level(self.user)
        allowed_wijken = narrow(wijken, self.scope.wijken)
        read_columns = None if columns is None else list(dict.fromkeys([*columns, "wijk"]))
        frame = self.workspace.incidents(
            nis=nis,
            wijken=allowed_wijken,
            start=start,
            end=end,
            categories=categories,
            columns=read_columns,
        )
        frame = restrict_incidents(frame, self.scope)
        if columns is not None and "wijk" not in columns:
            frame = frame.drop(columns="wijk")
        if audit:
            filters = {
                "nis": nis,
                "wijken": allowed_wijken,
                "start": start,
                "end": end,
                "categories": categories,
            }
            self.audit("view", what, filters, len(frame))
        return frame

    def hotspots(
        self,
        selection: Selection,
        *,
        cell_size: float = 150.0,
        top: int = 15,
        audit: bool = True,
    ) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
        """Grid counts and top cells of a selection (police roles); see :meth:`nuisance` for
        a partner's grid.

        Returns
        -------
        tuple of geopandas.GeoDataFrame
            As :func:`gis.selection.grid_hotspots`.
        """
        require_incident_level(self.user)
        incidents = self.incidents(
            nis=selection.nis or None,
            wijken=selection.wijken or None,
            start=selection.start,
            end=selection.end,
            categories=selection.categories,
            columns=["category", "start", "nis", "in_zone"],
            audit=False,
        )
        chosen = select_incidents(incidents, selection)
        areas = selected_areas(self.wijken(), selection)
        grid, best = grid_hotspots(chosen, areas, cell_size=cell_size, top=top)
        if audit:
            self.audit(
                "view",
                "hotspots",
                selection_filters(selection),
                len(chosen),
                detail=f"cell_size={cell_size:g}",
            )
        return grid, best

    # -- aggregates (every role; the only thing a partner gets) ---------------------------
    def nuisance(
        self,
        *,
        level: str = "wijk",
        period: str = "month",
        by_category: bool = True,
        categories: Sequence[str] | None = None,
        start: pd.Timestamp | None = None,
        end: pd.Timestamp | None = None,
        cell_size: float = MIN_PARTNER_CELL_M,
        audit: bool = True,
    ) -> gpd.GeoDataFrame:
        """Counts of the partner categories per area and period, small counts suppressed.

        The same table for every role (a chief sees what the partners see), with the lag of
        the partner policy; an inspecteur's is limited to their wijken.

        Returns
        -------
        geopandas.GeoDataFrame
            :data:`gis.access.PARTNER_COLUMNS` only, checked by
            :func:`gis.access.check_partner_result`.
        """
        policy = self.policy
        allowed = narrow(categories, policy.categories) or []
        cutoff = self.today.normalize() - pd.Timedelta(days=policy.lag_days)
        stop = cutoff if end is None else min(pd.Timestamp(end), cutoff)
        rows = self.workspace.incidents(
            wijken=narrow(None, self.scope.wijken),
            start=start,
            end=stop,
            categories=allowed,
            columns=["category", "start", "wijk", "deelgemeente", "in_zone"],
        )
        rows = rows[rows["in_zone"].astype(bool).to_numpy()]
        if self.scope.wijken is not None:
            rows = rows[rows["wijk"].isin(self.scope.wijken).to_numpy()]
        layer = "deelgemeenten" if level == "deelgemeente" else None
        areas = self.workspace.areas(layer) if layer else self.wijken()
        subset = PartnerPolicy(
            k=policy.k,
            lag_days=policy.lag_days,
            categories=tuple(allowed) or ("-",),
            min_cell_m=policy.min_cell_m,
        )
        result = partner_aggregate(
            rows,
            areas,
            subset,
            level=level,  # type: ignore[arg-type]
            period=period,  # type: ignore[arg-type]
            by_category=by_category,
            cell_size=cell_size,
            before=cutoff,
        )
        result = check_partner_result(result, policy)
        if audit:
            filters = {
                "level": level,
                "period": period,
                "categories": allowed,
                "start": start,
                "end": stop,
                "cell_size": cell_size if level == "grid" else None,
            }
            self.audit("aggregate_view", "nuisance", filters, len(result))
        return result

    # -- visits and plans -----------------------------------------------------------------
    def record_visits(self, visits: Sequence[Visit]) -> None:
        """Record visits: an inspecteur only their own, in their own wijken."""
        require_role(self.user, (Role.CHEF, Role.INSPECTEUR, Role.ADMIN), "record visits")
        for visit in visits:
            if self.user.role is Role.INSPECTEUR:
                if visit.inspector != self.user.name:
                    raise AccessDeniedError(f"{self.user.name!r} may only record their own visits")
                if visit.wijk not in (self.scope.writable_wijken or ()):
                    raise AccessDeniedError(
                        f"wijk {visit.wijk!r} is not one of {self.user.name!r}'s own wijken"
                    )
        self.workspace.record_visits(visits)
        self.audit("visit", "visits", {"wijken": sorted({v.wijk for v in visits})}, len(visits))

    def visits(self, **filters: object) -> gpd.GeoDataFrame:
        """Read visits (police roles; an inspecteur those in their readable wijken)."""
        require_incident_level(self.user)
        wijken = narrow(filters.pop("wijken", None), self.scope.wijken)  # type: ignore[arg-type]
        return self.workspace.visits(wijken=wijken, **filters)  # type: ignore[arg-type]

    def publish_plan(self, what: str, filters: dict[str, object], rows: int) -> int:
        """Record the publication of a presence plan (the planner calls this)."""
        if self.user.role not in POLICE_ROLES:
            raise AccessDeniedError(f"user {self.user.name!r} may not publish a plan")
        if self.user.role is Role.INSPECTEUR:
            wijken = filters.get("wijken") or []
            outside = sorted(set(wijken) - set(self.scope.writable_wijken or ()))  # type: ignore[arg-type]
            if outside or not wijken:
                raise AccessDeniedError(
                    f"an inspecteur publishes plans for own wijken only: {outside}"
                )
        return self.audit("plan_publish", what, filters, rows)


def selection_filters(selection: Selection) -> dict[str, object]:
    """A selection as an audit filter (codes and dates only)."""
    return {
        "nis": list(selection.nis),
        "wijken": list(selection.wijken),
        "start": selection.start,
        "end": selection.end,
        "categories": None if selection.categories is None else list(selection.categories),
    }


def login_user(store: AccessStore, name: str, password: str, *, client: str = "app") -> User:
    """Check a local user's password; audit the attempt; return the user.

    Five failed attempts for one user within 15 minutes lock that user for 15 minutes.

    Raises
    ------
    AccessDeniedError
        Wrong name or password (one message for both), or locked.
    """
    from gis.passwords import verify_password

    user = store.user(name) if isinstance(name, str) else None
    if user is not None:
        since = pd.Timestamp.now(tz="UTC").tz_localize(None) - pd.Timedelta(minutes=15)
        recent = store.audit(user=user.name, since=since)
        failures = recent[recent["action"] == "login_failed"]
        successes = recent[recent["action"] == "login"]
        if len(successes):
            failures = failures[failures["seq"] > successes["seq"].max()]
        if len(failures) >= 5:
            store.append_audit(
                AuditEvent(
                    user=user.name,
                    role=user.role.value,
                    action="login_failed",
                    client=client,
                    detail="locked",
                )
            )
            raise AccessDeniedError("too many failed logins; try again in 15 minutes")
    ok = verify_password(store.password_hash(name) if user else None, password)
    if not ok or user is None:
        store.append_audit(
            AuditEvent(
                user=user.name if user else "?",
                role=user.role.value if user else "",
                action="login_failed",
                client=client,
                detail="" if user else "unknown user",
            )
        )
        raise AccessDeniedError("wrong user name or password")
    store.append_audit(
        AuditEvent(
            user=user.name, role=user.role.value, action="login", client=client, detail="password"
        )
    )
    return user


def require_valid_password_user(user: User, password: str | None) -> None:
    """Refuse a non-demo user without a password (unless mapped to an identity provider)."""
    if password is None and not (user.email or user.subject) and not user.demo:
        raise ValidationError(
            f"user {user.name!r} needs a password (--password-stdin) or an identity-provider "
            "mapping (--email / --subject)"
        )
