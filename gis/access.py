"""Who may see what: roles, their data scope, and the partner aggregates (pure, no I/O).

Police data falls under the police-function law (WPA) and the LED; a municipal prevention
partner falls under the GDPR. Every query made for a user goes through
:class:`gis.io_access.AccessSession`, which reads the workspace with the scope computed here
and passes every partner result through :func:`check_partner_result` before returning it.

Roles
-----
``chef``
    The whole zone (every wijk), incident level.
``inspecteur``
    Incidents of the own wijk(en); neighbouring wijken read-only when configured. Never an
    incident outside those wijken, not even one without a wijk.
``partner``
    Aggregates only: counts of the allowed (nuisance) categories per wijk, deelgemeente or
    grid cell of at least 200 m, per month/week/quarter or over the whole period, for data
    older than the configured lag. Never a point, an id or PV number, free text, an address
    or a bucket with fewer than ``k`` incidents.
``admin``
    Users, data and settings; reads the whole zone like a chef (imports must be checked),
    and every read is audited like anyone else's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import AccessDeniedError, ValidationError
from gis.grid import cell_index, zone_grid


class Role(StrEnum):
    """A user's role; decides the data scope."""

    CHEF = "chef"
    INSPECTEUR = "inspecteur"
    PARTNER = "partner"
    ADMIN = "admin"


POLICE_ROLES: frozenset[Role] = frozenset({Role.CHEF, Role.INSPECTEUR, Role.ADMIN})
"""Roles that may see incident-level data (within their scope)."""

NUISANCE_CATEGORIES: tuple[str, ...] = (
    "geluidsoverlast",
    "sluikstorten",
    "vandalisme",
    "graffiti",
    "wildplassen",
    "jongerenoverlast",
    "parkeeroverlast",
    "drugsoverlast",
    "zwerfvuil",
    "hondenpoep",
)
"""Default categories a partner may see (aggregated): the nuisance of a local safety meeting."""

MIN_K = 5
"""The smallest allowed suppression threshold: a bucket with fewer incidents is never shown."""
MIN_PARTNER_CELL_M = 200.0
"""The smallest grid cell a partner may get, in metres."""
DEFAULT_LAG_DAYS = 14
Level = Literal["wijk", "deelgemeente", "grid"]
Period = Literal["total", "quarter", "month", "week"]
LEVELS: tuple[str, ...] = ("wijk", "deelgemeente", "grid")
PERIODS: tuple[str, ...] = ("total", "quarter", "month", "week")
WHOLE_PERIOD = "total"
"""``period`` of a partner row counted over the whole period: a code, as the other period
values (``2026-03``, ``2026-Q1``, ``2026-W05``); pages and downloads show it as a word."""

PARTNER_COLUMNS: tuple[str, ...] = (
    "level",
    "area",
    "area_name",
    "category",
    "period",
    "count",
    "geometry",
)
"""The only columns a partner result may hold."""
PARTNER_GEOMETRIES: frozenset[str] = frozenset({"Polygon", "MultiPolygon"})
FORBIDDEN_FOR_PARTNER: frozenset[str] = frozenset(
    {
        "id",
        "pv",
        "source",
        "description",
        "street",
        "number",
        "box",
        "postcode",
        "start",
        "end",
        "x",
        "y",
        "lat",
        "lon",
        "import_id",
        "source_row",
        "geocode_status",
    }
)
"""Incident-level columns that must never reach a partner (checked on top of the allow-list)."""

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
ALL_CATEGORIES = "alle"
"""Category label of a partner row that sums every allowed category."""


def check_user_name(name: str) -> str:
    """Return ``name`` if it is a valid user name (2–64 of ``a-z 0-9 . _ -``), else raise."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValidationError(
            f"user name {name!r} is not allowed; use 2–64 lower-case letters, digits, '.', '_' "
            "or '-', starting with a letter or digit"
        )
    return name


@dataclass(frozen=True)
class User:
    """A user record as the access store keeps it (never the password hash).

    Attributes
    ----------
    name : str
        Login name (see :func:`check_user_name`).
    role : Role
    wijken : tuple of str
        Own wijk codes (``inspecteur``; ignored for other roles).
    neighbours : tuple of str
        Neighbouring wijk codes the inspecteur may read but not plan or record visits in.
    email, subject : str or None
        OpenID Connect e-mail and ``sub`` claim the record is mapped to (see
        :func:`user_for_claims`).
    demo : bool
        A demo user of a synthetic workspace (documented password; auto-login allowed).
    """

    name: str
    role: Role
    wijken: tuple[str, ...] = ()
    neighbours: tuple[str, ...] = ()
    email: str | None = None
    subject: str | None = None
    demo: bool = False

    def __post_init__(self) -> None:
        check_user_name(self.name)
        try:
            object.__setattr__(self, "role", Role(self.role))
        except ValueError:
            raise ValidationError(
                f"role={self.role!r} is not a role; allowed: {', '.join(r.value for r in Role)}"
            ) from None
        object.__setattr__(self, "wijken", tuple(dict.fromkeys(self.wijken)))
        object.__setattr__(
            self,
            "neighbours",
            tuple(w for w in dict.fromkeys(self.neighbours) if w not in self.wijken),
        )
        if self.role is Role.INSPECTEUR and not self.wijken:
            raise ValidationError(f"inspecteur {self.name!r} needs at least one wijk (--wijk CODE)")


@dataclass(frozen=True)
class PartnerPolicy:
    """How partner aggregates are made; every setting can only be made stricter.

    Attributes
    ----------
    k : int, default 5
        Buckets with fewer incidents are suppressed; at least :data:`MIN_K`.
    lag_days : int, default 14
        Only incidents that started more than this many days ago are counted.
    categories : tuple of str
        Categories a partner may see.
    min_cell_m : float, default 200
        Smallest grid cell; at least :data:`MIN_PARTNER_CELL_M`.
    """

    k: int = MIN_K
    lag_days: int = DEFAULT_LAG_DAYS
    categories: tuple[str, ...] = NUISANCE_CATEGORIES
    min_cell_m: float = MIN_PARTNER_CELL_M

    def __post_init__(self) -> None:
        if int(self.k) != self.k or self.k < MIN_K:
            raise ValidationError(f"k={self.k!r} is below the minimum {MIN_K}; it can only go up")
        if int(self.lag_days) != self.lag_days or self.lag_days < 0:
            raise ValidationError(f"lag_days={self.lag_days!r} must be a whole number ≥ 0")
        if self.min_cell_m < MIN_PARTNER_CELL_M:
            raise ValidationError(
                f"min_cell_m={self.min_cell_m!r} is below the minimum {MIN_PARTNER_CELL_M:g} m"
            )
        object.__setattr__(self, "categories", tuple(dict.fromkeys(self.categories)))

    def to_settings(self) -> dict[str, str]:
        """Return the policy as key/value settings (see :meth:`from_settings`)."""
        return {
            "partner.k": str(self.k),
            "partner.lag_days": str(self.lag_days),
            "partner.categories": json.dumps(list(self.categories)),
            "partner.min_cell_m": f"{self.min_cell_m:g}",
        }

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> PartnerPolicy:
        """Build the policy from stored settings; missing keys take the defaults."""
        options: dict[str, object] = {}
        if "partner.k" in settings:
            options["k"] = int(settings["partner.k"])
        if "partner.lag_days" in settings:
            options["lag_days"] = int(settings["partner.lag_days"])
        if "partner.categories" in settings:
            options["categories"] = tuple(json.loads(settings["partner.categories"]))
        if "partner.min_cell_m" in settings:
            options["min_cell_m"] = float(settings["partner.min_cell_m"])
        return cls(**options)


@dataclass(frozen=True)
class Scope:
    """What a user's queries are limited to.

    Attributes
    ----------
    incident_level : bool
        Whether the user may receive incident rows at all.
    wijken : tuple of str or None
        Readable wijk codes; None means every wijk of the workspace.
    writable_wijken : tuple of str or None
        Wijken the user may plan or record visits in; None means all.
    categories : tuple of str or None
        Readable categories; None means all.
    before : pandas.Timestamp or None
        Only incidents starting before this moment (partner lag).
    """

    incident_level: bool
    wijken: tuple[str, ...] | None
    writable_wijken: tuple[str, ...] | None
    categories: tuple[str, ...] | None = None
    before: pd.Timestamp | None = None
    extra: dict[str, object] = field(default_factory=dict)


def scope_for(user: User, policy: PartnerPolicy, *, today: pd.Timestamp) -> Scope:
    """Return the data scope of ``user``.

    Parameters
    ----------
    user : User
    policy : PartnerPolicy
    today : pandas.Timestamp
        The day of the query (the partner lag counts back from its midnight).

    Returns
    -------
    Scope
    """
    if user.role in (Role.CHEF, Role.ADMIN):
        return Scope(incident_level=True, wijken=None, writable_wijken=None)
    if user.role is Role.INSPECTEUR:
        return Scope(
            incident_level=True,
            wijken=(*user.wijken, *user.neighbours),
            writable_wijken=user.wijken,
        )
    cutoff = pd.Timestamp(today).normalize() - pd.Timedelta(days=policy.lag_days)
    return Scope(
        incident_level=False,
        wijken=None,
        writable_wijken=(),
        categories=policy.categories,
        before=cutoff,
    )


def require_incident_level(user: User) -> None:
    """Raise :class:`AccessDeniedError` unless ``user`` may see incident-level data."""
    if user.role not in POLICE_ROLES:
        raise AccessDeniedError(
            f"user {user.name!r} (role {user.role.value}) may only see aggregates, "
            "never incident-level data"
        )


def require_role(user: User, roles: Iterable[Role], action: str) -> None:
    """Raise :class:`AccessDeniedError` unless ``user`` has one of ``roles`` for ``action``."""
    allowed = tuple(Role(r) for r in roles)
    if user.role not in allowed:
        raise AccessDeniedError(
            f"user {user.name!r} (role {user.role.value}) may not {action}; "
            f"allowed roles: {', '.join(r.value for r in allowed)}"
        )


def narrow(requested: Sequence[str] | None, allowed: Sequence[str] | None) -> list[str] | None:
    """Intersect a requested filter with an allowed set (None = no limit), keeping order.

    Returns None only when neither limits; an empty list means nothing is allowed.
    """
    if allowed is None:
        return None if requested is None else list(requested)
    if requested is None:
        return list(allowed)
    keep = set(allowed)
    return [v for v in requested if v in keep]


def restrict_incidents(incidents: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Drop every row outside ``scope`` (defence in depth behind the filtered read).

    Rows without a wijk are dropped whenever the scope names wijken.
    """
    keep = pd.Series(True, index=incidents.index)
    if scope.wijken is not None:
        keep &= incidents["wijk"].isin(scope.wijken).fillna(False).astype(bool)
    if scope.categories is not None and "category" in incidents:
        keep &= incidents["category"].isin(scope.categories)
    if scope.before is not None and "start" in incidents:
        keep &= (incidents["start"] < scope.before).fillna(False).astype(bool)
    return incidents[keep.to_numpy()]


def restrict_areas(
    areas: gpd.GeoDataFrame, scope: Scope, *, code: str = "code"
) -> gpd.GeoDataFrame:
    """Keep the wijken of ``scope`` (all when the scope does not name wijken)."""
    if scope.wijken is None:
        return areas
    return areas[areas[code].isin(scope.wijken)]


# -- partner aggregates -------------------------------------------------------------------


def _period_labels(start: pd.Series, period: str) -> pd.Series:
    if period == "total":
        return pd.Series(WHOLE_PERIOD, index=start.index, dtype="str")
    if period == "month":
        return start.dt.strftime("%Y-%m").astype("str")
    if period == "quarter":
        return (start.dt.year.astype("str") + "-Q" + start.dt.quarter.astype("str")).astype("str")
    iso = start.dt.isocalendar()
    return (iso["year"].astype("str") + "-W" + iso["week"].astype("str").str.zfill(2)).astype("str")


def suppress(counts: pd.DataFrame, k: int) -> pd.DataFrame:
    """Drop every bucket with fewer than ``k`` incidents (zero included).

    Parameters
    ----------
    counts : pandas.DataFrame
        Column ``count``.
    k : int
        Threshold, at least :data:`MIN_K`.

    Returns
    -------
    pandas.DataFrame
        The buckets with ``count >= k``.
    """
    if k < MIN_K:
        raise ValidationError(f"k={k!r} is below the minimum {MIN_K}")
    return counts[counts["count"] >= k]


def partner_aggregate(
    incidents: pd.DataFrame,
    areas: gpd.GeoDataFrame,
    policy: PartnerPolicy,
    *,
    level: Level = "wijk",
    period: Period = "month",
    by_category: bool = True,
    cell_size: float = MIN_PARTNER_CELL_M,
    before: pd.Timestamp | None = None,
) -> gpd.GeoDataFrame:
    """Count nuisance incidents per area and period, with small counts suppressed.

    Parameters
    ----------
    incidents : pandas.DataFrame
        Canonical incidents (``category``, ``start``, ``wijk``, ``deelgemeente``, geometry
        for ``level="grid"``), already limited to what the partner may count.
    areas : geopandas.GeoDataFrame
        For ``wijk``/``deelgemeente``: that layer (``code``, ``name``); for ``grid``: the
        wijken the grid covers.
    policy : PartnerPolicy
    level : {"wijk", "deelgemeente", "grid"}
    period : {"total", "quarter", "month", "week"}
    by_category : bool, default True
        One row per category, or the allowed categories summed (category ``"alle"``).
    cell_size : float, default 200
        Grid cell side in metres (``level="grid"``); at least ``policy.min_cell_m``.
    before : pandas.Timestamp, optional
        Count only incidents that started before it (the lag cut-off).

    Returns
    -------
    geopandas.GeoDataFrame
        Exactly :data:`PARTNER_COLUMNS`; polygon geometry of the area or cell; every
        ``count >= policy.k``. Checked with :func:`check_partner_result`.
    """
    if level not in LEVELS:
        raise ValidationError(f"level={level!r} is not allowed; allowed: {', '.join(LEVELS)}")
    if period not in PERIODS:
        raise ValidationError(f"period={period!r} is not allowed; allowed: {', '.join(PERIODS)}")
    keep = incidents["category"].isin(policy.categories)
    if before is not None:
        keep &= (incidents["start"] < before).fillna(False).astype(bool)
    rows = incidents[keep.to_numpy()]
    if level == "grid":
        if cell_size < policy.min_cell_m:
            raise ValidationError(
                f"cell_size={cell_size!r} m is below the partner minimum {policy.min_cell_m:g} m"
            )
        grid = zone_grid(areas, cell_size=cell_size)
        located = rows[rows.geometry.notna() & ~rows.geometry.is_empty]
        index = cell_index(located.geometry, cell_size=cell_size)
        key = index["col"].astype("str") + "_" + index["row"].astype("str")
        rows = located.assign(_area=key.to_numpy())
        shapes = grid.rename(columns={"cell": "code"}).assign(name="")
        shapes = shapes[["code", "name", "geometry"]]
    else:
        column = "wijk" if level == "wijk" else "deelgemeente"
        rows = rows.assign(_area=rows[column].to_numpy())
        shapes = areas[["code", "name", "geometry"]]
    rows = rows[rows["_area"].isin(shapes["code"])]
    frame = pd.DataFrame(
        {
            "area": rows["_area"].astype("str").to_numpy(),
            "category": (
                rows["category"].astype("str").to_numpy() if by_category else ALL_CATEGORIES
            ),
            "period": _period_labels(rows["start"], period).to_numpy(),
        }
    )
    counts = frame.groupby(["area", "category", "period"]).size().rename("count").reset_index()
    counts = suppress(counts, policy.k)
    shapes = shapes.drop_duplicates("code").set_index("code")
    result = gpd.GeoDataFrame(
        {
            "level": pd.Series(level, index=counts.index, dtype="str"),
            "area": counts["area"].astype("str"),
            "area_name": shapes["name"].reindex(counts["area"]).fillna("").astype("str").to_numpy(),
            "category": counts["category"].astype("str"),
            "period": counts["period"].astype("str"),
            "count": counts["count"].astype("int64"),
        },
        geometry=shapes.geometry.reindex(counts["area"]).to_numpy(),
        crs=areas.crs,
    )
    result = result.sort_values(["area", "category", "period"]).reset_index(drop=True)
    return check_partner_result(result, policy)


def check_partner_result(frame: pd.DataFrame, policy: PartnerPolicy) -> pd.DataFrame:
    """Refuse a table a partner must never receive; return it unchanged otherwise.

    Checks: only :data:`PARTNER_COLUMNS`, none of :data:`FORBIDDEN_FOR_PARTNER`; every
    ``count`` an integer ``>= policy.k``; geometry (if any) only polygons; categories only
    the allowed ones; cells not smaller than allowed.

    Raises
    ------
    AccessDeniedError
        Naming the first rule broken.
    """
    columns = set(frame.columns)
    extra = sorted(columns - set(PARTNER_COLUMNS))
    if extra or columns & FORBIDDEN_FOR_PARTNER:
        raise AccessDeniedError(f"partner result holds columns that are not allowed: {extra}")
    if "count" not in columns:
        raise AccessDeniedError("partner result has no count column")
    counts = frame["count"]
    if len(frame) and (not pd.api.types.is_integer_dtype(counts) or (counts < policy.k).any()):
        raise AccessDeniedError(
            f"partner result holds a bucket with fewer than k={policy.k} incidents"
        )
    if "category" in columns:
        allowed = {*policy.categories, ALL_CATEGORIES}
        bad = sorted(set(frame["category"]) - allowed)
        if bad:
            raise AccessDeniedError(f"partner result holds categories that are not allowed: {bad}")
    if isinstance(frame, gpd.GeoDataFrame) and frame.geometry.name in columns and len(frame):
        types = set(frame.geometry.dropna().geom_type)
        if types - PARTNER_GEOMETRIES:
            raise AccessDeniedError(
                f"partner result holds geometries {sorted(types)}, only polygons"
            )
        if frame.geometry.isna().any():
            raise AccessDeniedError("partner result holds a row without an area polygon")
        if (frame.get("level") == "grid").any():
            bounds = shapely.bounds(frame.geometry.to_numpy())
            side = np.maximum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
            if (side > 0).any() and side.max() < policy.min_cell_m - 1e-6:
                raise AccessDeniedError("partner grid cells are smaller than allowed")
    return frame


def partner_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the geometry of a partner result, for CSV and tables."""
    return pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))


# -- OpenID Connect -----------------------------------------------------------------------


def user_for_claims(claims: dict[str, object], users: Sequence[User]) -> User:
    """Map the identity an OpenID Connect provider vouches for to a local user record.

    The ``sub`` claim is matched first (stable per provider), then the e-mail address, but
    only when the provider says it is verified (``email_verified`` true, or absent for
    providers that only hand out verified addresses, such as Entra ID). A provider account
    without a local record gets no access: roles live in the local store, never in the IdP.

    Parameters
    ----------
    claims : dict
        ``st.user`` as a dict (``sub``, ``email``, ``email_verified``, …).
    users : sequence of User

    Returns
    -------
    User

    Raises
    ------
    AccessDeniedError
        When no local record matches.
    """
    subject = str(claims.get("sub") or "")
    if subject:
        for user in users:
            if user.subject and user.subject == subject:
                return user
    email = str(claims.get("email") or "").strip().lower()
    verified = claims.get("email_verified", True)
    if email and verified not in (False, "false", "False", 0):
        for user in users:
            if user.email and user.email.strip().lower() == email:
                return user
    raise AccessDeniedError(
        "this identity-provider account has no wijkradar user; ask the zone's admin to run "
        "`wijkradar user add NAME --role ROLE --email ADDRESS`"
    )
