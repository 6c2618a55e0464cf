"""The storage interface every workspace backend implements, and the records it holds.

Two backends implement :class:`Workspace`: :class:`gis.io_workspace.GeoPackageWorkspace`
(one file, the default) and :class:`gis.io_postgis.PostGISWorkspace` (a shared PostgreSQL +
PostGIS server for zones where several chiefs and inspectors work at once). Users, settings
and the audit log live in an :class:`AccessStore` beside the workspace (see
:mod:`gis.io_access`). Open either with :func:`gis.io_backends.open_workspace`.

No I/O here: only the protocols and the pure checks of the records they store.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import geopandas as gpd
import pandas as pd
import shapely

from gis.access import User
from gis.errors import ValidationError, WorkspaceError
from gis.io_geography import ZoneGeography
from gis.schema import CRS

VISIT_COLUMNS: tuple[str, ...] = (
    "visit_id",
    "inspector",
    "wijk",
    "place",
    "start",
    "end",
    "note",
    "recorded_at",
    "geometry",
)
"""A visit: an inspector's presence at a place (grid cell id, street or spot) in a wijk from
``start`` to ``end`` (naive Europe/Brussels times), with an optional point and note."""

AUDIT_COLUMNS: tuple[str, ...] = (
    "seq",
    "at",
    "user",
    "role",
    "action",
    "what",
    "filters",
    "rows",
    "client",
    "detail",
)
"""An audit record: sequence number, UTC time, user and role, action, what was asked for,
the filter (JSON), how many rows were returned, the client (app, cli) and a short detail that
never holds personal data (no incident text, no addresses)."""

AUDIT_ACTIONS: tuple[str, ...] = (
    "login",
    "login_failed",
    "logout",
    "view",
    "aggregate_view",
    "export",
    "plan_publish",
    "visit",
    "user_add",
    "user_remove",
    "settings",
    "audit_view",
    "audit_export",
)


@dataclass(frozen=True)
class Visit:
    """One visit to record (see :data:`VISIT_COLUMNS`)."""

    inspector: str
    wijk: str
    place: str
    start: pd.Timestamp
    end: pd.Timestamp
    note: str = ""
    x: float | None = None
    y: float | None = None
    visit_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        start, end = pd.Timestamp(self.start), pd.Timestamp(self.end)
        if pd.isna(start) or pd.isna(end) or end < start:
            raise ValidationError(f"visit end={self.end!r} must not be before start={self.start!r}")
        if not self.place.strip() or not self.wijk.strip():
            raise ValidationError("a visit needs a wijk and a place (cell, street or spot)")
        if len(self.note) > 2000:
            raise ValidationError(
                f"a visit note holds at most 2000 characters, got {len(self.note)}"
            )
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)


def visits_frame(visits: Sequence[Visit], *, recorded_at: pd.Timestamp) -> gpd.GeoDataFrame:
    """Return visits as a table with :data:`VISIT_COLUMNS` (EPSG:31370 points or empty)."""
    points = [
        shapely.Point(v.x, v.y) if v.x is not None and v.y is not None else None for v in visits
    ]
    frame = pd.DataFrame(
        {
            "visit_id": pd.Series([v.visit_id for v in visits], dtype="str"),
            "inspector": pd.Series([v.inspector for v in visits], dtype="str"),
            "wijk": pd.Series([v.wijk for v in visits], dtype="str"),
            "place": pd.Series([v.place for v in visits], dtype="str"),
            "start": pd.Series([v.start for v in visits], dtype="datetime64[ns]"),
            "end": pd.Series([v.end for v in visits], dtype="datetime64[ns]"),
            "note": pd.Series([v.note for v in visits], dtype="str"),
            "recorded_at": pd.Series([recorded_at] * len(visits), dtype="datetime64[ns]"),
        }
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(points, crs=CRS), crs=CRS)


def empty_visits() -> gpd.GeoDataFrame:
    """Return a visit table without rows."""
    return visits_frame([], recorded_at=pd.Timestamp(0))


@dataclass(frozen=True)
class AuditEvent:
    """One audit record to append (the store adds ``seq`` and ``at``)."""

    user: str
    role: str
    action: str
    what: str = ""
    filters: dict[str, object] = field(default_factory=dict)
    rows: int = 0
    client: str = "app"
    detail: str = ""

    def __post_init__(self) -> None:
        if self.action not in AUDIT_ACTIONS:
            raise ValidationError(
                f"audit action={self.action!r} is unknown; allowed: {', '.join(AUDIT_ACTIONS)}"
            )

    def filters_json(self) -> str:
        """The filter as compact, key-sorted JSON (timestamps as ISO text)."""
        return json.dumps(self.filters, sort_keys=True, default=str, ensure_ascii=False)


@runtime_checkable
class Workspace(Protocol):
    """The storage interface of a workspace (GeoPackage file or PostGIS schema).

    ``path`` is where files that belong to the workspace are written (reject reports): the
    GeoPackage itself, or for PostGIS a nominal path in the report folder.
    ``location`` names the workspace for people (a URL without its password).
    """

    path: Path

    @property
    def location(self) -> str: ...

    def meta(self) -> dict[str, str]: ...

    def is_synthetic(self) -> bool: ...

    def areas(self, layer: str) -> gpd.GeoDataFrame: ...

    def zone_geography(self, code: str) -> ZoneGeography: ...

    def incidents(
        self,
        *,
        nis: Sequence[str] | None = None,
        wijken: Sequence[str] | None = None,
        start: pd.Timestamp | None = None,
        end: pd.Timestamp | None = None,
        categories: Sequence[str] | None = None,
        columns: Sequence[str] | None = None,
    ) -> gpd.GeoDataFrame: ...

    def incident_keys(self) -> pd.DataFrame: ...

    def import_log(self) -> pd.DataFrame: ...

    def rejects(self, import_id: str | None = None) -> pd.DataFrame: ...

    def store_import(
        self, incidents: gpd.GeoDataFrame, rejects: pd.DataFrame, log: dict[str, object]
    ) -> None: ...

    def replace_incidents(self, incidents: gpd.GeoDataFrame) -> None: ...

    def replace_wijken(
        self, wijken: gpd.GeoDataFrame, incidents: gpd.GeoDataFrame | None = None
    ) -> None: ...

    def record_visits(self, visits: Sequence[Visit]) -> None: ...

    def visits(
        self,
        *,
        inspectors: Sequence[str] | None = None,
        wijken: Sequence[str] | None = None,
        start: pd.Timestamp | None = None,
        end: pd.Timestamp | None = None,
    ) -> gpd.GeoDataFrame: ...

    # further tables of optional modules (gazetteer, geocoding results, …)
    def has_layer(self, layer: str) -> bool: ...

    def read_layer(self, layer: str, *, columns: Sequence[str] | None = None) -> pd.DataFrame: ...

    def write_layers(
        self,
        layers: dict[str, pd.DataFrame],
        *,
        append: Sequence[str] = (),
        incidents: gpd.GeoDataFrame | None = None,
    ) -> None: ...


@runtime_checkable
class AccessStore(Protocol):
    """Users, settings and the append-only audit log of one workspace."""

    def users(self) -> list[User]: ...

    def user(self, name: str) -> User | None: ...

    def password_hash(self, name: str) -> str | None: ...

    def put_user(self, user: User, password_hash: str | None = None) -> None: ...

    def remove_user(self, name: str) -> None: ...

    def settings(self) -> dict[str, str]: ...

    def put_settings(self, values: dict[str, str]) -> None: ...

    def append_audit(self, event: AuditEvent) -> int: ...

    def audit(
        self,
        *,
        user: str | None = None,
        action: str | None = None,
        since: pd.Timestamp | None = None,
    ) -> pd.DataFrame: ...


def zone_geography_of(workspace: Workspace, code: str) -> ZoneGeography:
    """The areas of one of a workspace's zones, read through its ``areas`` (any backend).

    Raises
    ------
    WorkspaceError
        If the workspace does not hold zone ``code``.
    """
    zones = workspace.areas("police_zones")
    match = zones[zones["code"] == code].reset_index(drop=True)
    if match.empty:
        raise WorkspaceError(
            f"zone={code!r} is not in workspace {workspace.location}; it holds "
            f"{', '.join(zones['code'])}"
        )
    municipalities = workspace.areas("municipalities")
    municipalities = municipalities[municipalities["zone_code"] == code]
    nis = set(municipalities["nis"])
    deelgemeenten = workspace.areas("deelgemeenten")
    wijken = workspace.areas("wijken")
    return ZoneGeography(
        code=code,
        name=str(match.at[0, "name"]),
        zone=match,
        municipalities=municipalities.reset_index(drop=True),
        deelgemeenten=deelgemeenten[deelgemeenten["nis"].isin(nis)].reset_index(drop=True),
        wijken=wijken[wijken["nis"].isin(nis)].reset_index(drop=True),
        postcodes=pd.DataFrame(columns=["postcode", "nis", "municipality"]),
    )
