"""Signals from the wijk: sources of insecurity and public-domain defects (pure, no I/O).

A *signal* is something a wijkinspecteur or wijkcoördinator sees in the street and hands to
the competent (municipal) service: a street light out, a damaged road sign, a dangerous
crossing, an abandoned vehicle, fly-tipping, an empty building, a hang-out spot, overgrown
plants. Each signal has a type (an editable list stored in the workspace), a point, a short
description, optional photos, and a follow-up status:

``nieuw`` → ``doorgegeven`` (to which service, when) → ``in_behandeling`` →
``opgelost`` / ``niet_weerhouden``

The allowed moves are :data:`TRANSITIONS`; :func:`check_transition` refuses every other one
with a :class:`gis.errors.ValidationError` naming the from- and to-status and the allowed set.
A closed signal can be re-opened (back to ``nieuw``) when the defect turns out not fixed.

Storage is in :mod:`gis.io_signals`; the folium layer in :mod:`layers.signals`; the hand-over
lists (PDF/CSV) in :mod:`gis.signal_report`.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import ValidationError
from gis.schema import CRS


class SignalStatus(StrEnum):
    """Follow-up status of a signal."""

    NIEUW = "nieuw"  # recorded, not yet handed to a service
    DOORGEGEVEN = "doorgegeven"  # handed to a service (which, when)
    IN_BEHANDELING = "in_behandeling"  # the service confirmed it is dealing with it
    OPGELOST = "opgelost"  # fixed
    NIET_WEERHOUDEN = "niet_weerhouden"  # not retained (duplicate, not a defect, not ours)


STATUSES: tuple[str, ...] = tuple(s.value for s in SignalStatus)
OPEN_STATUSES: tuple[str, ...] = ("nieuw", "doorgegeven", "in_behandeling")
CLOSED_STATUSES: tuple[str, ...] = ("opgelost", "niet_weerhouden")

TRANSITIONS: Mapping[str, frozenset[str]] = {
    "nieuw": frozenset({"doorgegeven", "niet_weerhouden"}),
    # doorgegeven → doorgegeven: re-routed to another service (the service must differ)
    "doorgegeven": frozenset({"doorgegeven", "in_behandeling", "opgelost", "niet_weerhouden"}),
    "in_behandeling": frozenset({"doorgegeven", "opgelost", "niet_weerhouden"}),
    # re-opened: the light is still out
    "opgelost": frozenset({"nieuw"}),
    "niet_weerhouden": frozenset({"nieuw"}),
}
"""Allowed status changes: from-status → the set of to-statuses."""

SIGNAL_COLUMNS: tuple[str, ...] = (
    "signal_id",
    "type",
    "status",
    "description",
    "address",
    "nis",
    "wijk",
    "location_source",
    "reported_at",
    "reported_by",
    "opened_at",
    "status_at",
    "service",
    "handed_over_at",
    "closed_at",
    "shareable",
    "reviewed_by",
    "synthetic",
    "geometry",
)
"""Stored columns of the ``signals`` layer (EPSG:31370 points).

``opened_at`` is ``reported_at`` or the moment the signal was last re-opened (the overdue
clock starts there); ``status_at`` is the moment of the last status change; ``service`` the
service it was last handed to; ``shareable`` tells that a chief reviewed the free text (and
photos) and allows partners to see them; ``reviewed_by`` who did."""

SIGNAL_TEXT_COLUMNS: tuple[str, ...] = (
    "signal_id", "type", "status", "description", "address", "nis", "wijk", "location_source",
    "reported_by", "service", "reviewed_by",
)  # fmt: skip
SIGNAL_TIME_COLUMNS: tuple[str, ...] = (
    "reported_at", "opened_at", "status_at", "handed_over_at", "closed_at",
)  # fmt: skip

HISTORY_COLUMNS: tuple[str, ...] = (
    "signal_id", "at", "by", "from_status", "to_status", "service", "note",
)  # fmt: skip
"""One row per status change (``from_status`` is empty for the creation)."""

TYPE_COLUMNS: tuple[str, ...] = ("code", "label_nl", "label_fr", "colour", "overdue_days", "active")
"""The editable list of signal types. ``overdue_days``: an open signal older than this is
overdue; ``active``: offered when recording (old types stay readable)."""

SERVICE_COLUMNS: tuple[str, ...] = ("type", "nis", "service", "contact")
"""Who is responsible for a type in a municipality. ``type`` and ``nis`` may be ``*`` (any);
the most specific row wins: (type, nis) > (type, *) > (*, nis) > (*, *)."""

HANDOVER_COLUMNS: tuple[str, ...] = (
    "handover_id", "service", "created_at", "created_by", "count", "signal_ids", "files",
    "marked",
)  # fmt: skip
"""What was handed to which service when: the signal ids (comma-separated), the files made,
and how many signals were marked ``doorgegeven`` by it."""

LOCATION_SOURCES: tuple[str, ...] = ("kaart", "toestel", "adres", "import")
"""Where a signal's point comes from: a map click, the device position, an address through
the geocoder, or a bulk import."""

MAX_DESCRIPTION = 1000
"""Longest description, in characters: a short note, not a report."""

DEFAULT_OVERDUE_DAYS = 30

DEFAULT_TYPES: tuple[tuple[str, str, str, str, int], ...] = (
    ("defecte_straatverlichting", "Defecte straatverlichting", "Éclairage public défectueux",
     "#f1c40f", 14),
    ("beschadigde_signalisatie", "Beschadigde signalisatie", "Signalisation endommagée",
     "#e67e22", 21),
    ("gevaarlijke_oversteek", "Gevaarlijke oversteek", "Traversée dangereuse", "#c0392b", 60),
    ("verlaten_voertuig", "Verlaten voertuig", "Véhicule abandonné", "#7f8c8d", 30),
    ("sluikstort", "Sluikstort", "Dépôt clandestin", "#8e44ad", 14),
    ("leegstaand_pand", "Leegstaand pand", "Bâtiment inoccupé", "#34495e", 90),
    ("hangplek", "Hangplek", "Lieu de rassemblement", "#2980b9", 60),
    ("overgroeide_beplanting", "Overgroeide beplanting", "Végétation envahissante",
     "#27ae60", 30),
    ("beschadigd_wegdek", "Beschadigd wegdek of voetpad", "Chaussée ou trottoir endommagé",
     "#d35400", 30),
    ("graffiti_vandalisme", "Graffiti of vandalisme", "Graffiti ou vandalisme", "#16a085", 30),
    ("andere", "Andere", "Autre", "#95a5a6", 30),
)  # fmt: skip
"""The types a new workspace starts with: code, Dutch and French label, colour, overdue days."""

_CODE = re.compile(r"^[a-z0-9][a-z0-9_]{1,47}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TEXT_FIELDS: tuple[str, ...] = ("description", "address", "reported_by", "by", "note", "service")
"""Free-text fields with their own "too long" sentence (``error.signal_too_long_<name>``)."""


def _when(value: object) -> str:
    """A moment as a user reads it in an error: ``dd/mm/jjjj uu:mm``."""
    stamp = pd.Timestamp(value) if value is not None else pd.NaT
    return str(value) if pd.isna(stamp) else f"{stamp:%d/%m/%Y %H:%M}"


# -- tables -------------------------------------------------------------------------------


def default_types() -> pd.DataFrame:
    """Return the starting list of signal types (:data:`TYPE_COLUMNS`)."""
    frame = pd.DataFrame(list(DEFAULT_TYPES), columns=list(TYPE_COLUMNS[:-1]))
    return check_types(frame.assign(active=True))


def empty_signals() -> gpd.GeoDataFrame:
    """Return a signal table with :data:`SIGNAL_COLUMNS` and no rows."""
    frame = pd.DataFrame(
        {
            **{c: pd.Series(dtype="str") for c in SIGNAL_TEXT_COLUMNS},
            **{c: pd.Series(dtype="datetime64[ns]") for c in SIGNAL_TIME_COLUMNS},
            "shareable": pd.Series(dtype=bool),
            "synthetic": pd.Series(dtype=bool),
        }
    )
    frame = frame[list(SIGNAL_COLUMNS[:-1])]
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def empty_history() -> pd.DataFrame:
    """Return a status-history table without rows."""
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in HISTORY_COLUMNS})
    return frame.astype({"at": "datetime64[ns]"})


def empty_services() -> pd.DataFrame:
    """Return a responsible-service table without rows."""
    return pd.DataFrame({c: pd.Series(dtype="str") for c in SERVICE_COLUMNS})


def empty_handovers() -> pd.DataFrame:
    """Return a hand-over record table without rows."""
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in HANDOVER_COLUMNS})
    return frame.astype({"created_at": "datetime64[ns]", "count": "int64", "marked": "int64"})


def normalise_signals(signals: pd.DataFrame) -> gpd.GeoDataFrame:
    """Give a signal table (as read back from storage) the canonical columns and dtypes.

    Parameters
    ----------
    signals : pandas.DataFrame
        With every column of :data:`SIGNAL_COLUMNS`.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:31370, text columns ``str`` (missing as ``""``), times ``datetime64[ns]``.
    """
    missing = [c for c in SIGNAL_COLUMNS if c not in signals.columns]
    if missing:
        raise ValidationError(f"signals lack the columns {missing}")
    frame = pd.DataFrame(signals).copy()
    for column in SIGNAL_TEXT_COLUMNS:
        frame[column] = frame[column].astype("str").where(frame[column].notna(), "")
        frame[column] = frame[column].astype("str")
    for column in SIGNAL_TIME_COLUMNS:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in ("shareable", "synthetic"):
        frame[column] = frame[column].fillna(False).astype(bool)
    geometry = gpd.GeoSeries(frame["geometry"], crs=getattr(signals, "crs", None) or CRS)
    out = gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=geometry.to_numpy(), crs=CRS)
    return out[list(SIGNAL_COLUMNS)]


def check_types(types: pd.DataFrame) -> pd.DataFrame:
    """Validate the signal-type list; return it with :data:`TYPE_COLUMNS` in order.

    Raises
    ------
    ValidationError
        For a missing column, a code that is not ``a-z 0-9 _`` (2–48 characters), a repeated
        code, an empty label, a colour that is not ``#rrggbb`` or a non-positive number of
        overdue days.
    """
    missing = [c for c in TYPE_COLUMNS if c not in types.columns and c != "active"]
    if missing:
        raise ValidationError(
            f"signal types lack the columns {missing}; expected {TYPE_COLUMNS}",
            key="error.signal_types_columns",
            values={"missing": ", ".join(missing), "expected": ", ".join(TYPE_COLUMNS)},
        )
    frame = pd.DataFrame(types).copy()
    if "active" not in frame:
        frame["active"] = True
    for column in ("code", "label_nl", "label_fr", "colour"):
        frame[column] = frame[column].astype("str").where(frame[column].notna(), "").str.strip()
    frame["label_fr"] = frame["label_fr"].mask(frame["label_fr"].eq(""), frame["label_nl"])
    bad = frame.loc[~frame["code"].str.match(_CODE.pattern), "code"]
    if len(bad):
        raise ValidationError(
            f"signal type code {bad.iloc[0]!r} is not allowed; use 2–48 of a-z, 0-9 and '_'",
            key="error.signal_type_code",
            values={"code": bad.iloc[0]},
        )
    repeated = frame.loc[frame["code"].duplicated(), "code"]
    if len(repeated):
        raise ValidationError(
            f"signal type code {repeated.iloc[0]!r} appears twice",
            key="error.signal_type_duplicate",
            values={"code": repeated.iloc[0]},
        )
    empty = frame.loc[frame["label_nl"].eq(""), "code"]
    if len(empty):
        raise ValidationError(
            f"signal type {empty.iloc[0]!r} has no Dutch label (label_nl)",
            key="error.signal_type_label",
            values={"code": empty.iloc[0]},
        )
    colour = frame["colour"].mask(frame["colour"].eq(""), "#95a5a6")
    wrong_colour = ~colour.str.match(_COLOUR.pattern)
    bad_colour = colour[wrong_colour]
    if len(bad_colour):
        raise ValidationError(
            f"colour {bad_colour.iloc[0]!r} is not allowed; use #rrggbb",
            key="error.signal_type_colour",
            values={"code": frame.loc[wrong_colour, "code"].iloc[0], "colour": bad_colour.iloc[0]},
        )
    frame["colour"] = colour
    days = pd.to_numeric(frame["overdue_days"], errors="coerce")
    if days.isna().any() or (days <= 0).any() or (days != days.round()).any():
        wrong = days.isna() | (days <= 0) | (days != days.round())
        first = frame["overdue_days"][wrong].iloc[0]
        raise ValidationError(
            f"overdue_days={first!r} must be a whole number of days ≥ 1",
            key="error.signal_type_overdue",
            values={"code": frame.loc[wrong, "code"].iloc[0], "value": first},
        )
    frame["overdue_days"] = days.astype("int64")
    active = frame["active"]
    if not pd.api.types.is_bool_dtype(active):
        active = (
            active.astype("str").str.strip().str.lower().isin(["true", "1", "ja", "yes", "oui"])
        )
    frame["active"] = active.astype(bool)
    for column in ("code", "label_nl", "label_fr", "colour"):
        frame[column] = frame[column].astype("str")
    return frame[list(TYPE_COLUMNS)].reset_index(drop=True)


def check_services(services: pd.DataFrame, *, types: pd.DataFrame | None = None) -> pd.DataFrame:
    """Validate the responsible-service table; return it with :data:`SERVICE_COLUMNS`.

    Parameters
    ----------
    services : pandas.DataFrame
        ``type``, ``nis``, ``service`` and optionally ``contact``; ``*`` in ``type`` or
        ``nis`` means any.
    types : pandas.DataFrame, optional
        The type list; when given, every type must be one of its codes (or ``*``).

    Raises
    ------
    ValidationError
        Naming the row and what is wrong.
    """
    missing = [c for c in ("type", "nis", "service") if c not in services.columns]
    if missing:
        raise ValidationError(
            f"the service table lacks the columns {missing}; expected {SERVICE_COLUMNS}",
            key="error.signal_services_columns",
            values={"missing": ", ".join(missing), "expected": ", ".join(SERVICE_COLUMNS)},
        )
    frame = pd.DataFrame(services).copy()
    if "contact" not in frame:
        frame["contact"] = ""
    for column in SERVICE_COLUMNS:
        frame[column] = frame[column].astype("str").where(frame[column].notna(), "").str.strip()
        frame[column] = frame[column].astype("str")
    frame["type"] = frame["type"].mask(frame["type"].eq(""), "*")
    frame["nis"] = frame["nis"].mask(frame["nis"].eq(""), "*")
    empty = frame.index[frame["service"].eq("")]
    if len(empty):
        first = frame[frame["service"].eq("")].iloc[0]
        raise ValidationError(
            f"service table row {empty[0]!r} has no service name",
            key="error.signal_service_name",
            values={"row": empty[0], "type": first["type"], "nis": first["nis"]},
        )
    bad_nis = frame.loc[~frame["nis"].str.match(r"^(\*|\d{5})$"), "nis"]
    if len(bad_nis):
        raise ValidationError(
            f"nis={bad_nis.iloc[0]!r} is not a NIS code (5 digits) or '*'",
            key="error.signal_service_nis",
            values={"value": bad_nis.iloc[0]},
        )
    if types is not None:
        known = {*types["code"], "*"}
        unknown = frame.loc[~frame["type"].isin(known), "type"]
        if len(unknown):
            allowed = ", ".join(sorted(known))
            raise ValidationError(
                f"type={unknown.iloc[0]!r} is not a signal type; allowed: {allowed}",
                key="error.signal_service_type",
                values={"value": unknown.iloc[0], "allowed": allowed},
            )
    repeated = frame[frame.duplicated(["type", "nis"])]
    if len(repeated):
        row = repeated.iloc[0]
        raise ValidationError(
            f"the service table names type={row['type']!r} nis={row['nis']!r} twice",
            key="error.signal_service_duplicate",
            values={"type": row["type"], "nis": row["nis"]},
        )
    return frame[list(SERVICE_COLUMNS)].reset_index(drop=True)


def responsible_services(signals: pd.DataFrame, services: pd.DataFrame) -> pd.Series:
    """Return the responsible service of each signal from its type and municipality.

    Parameters
    ----------
    signals : pandas.DataFrame
        ``type`` and ``nis``.
    services : pandas.DataFrame
        :data:`SERVICE_COLUMNS` (see :func:`check_services`).

    Returns
    -------
    pandas.Series
        Service name per signal (``""`` where none is configured), indexed like ``signals``.
    """
    result = pd.Series("", index=signals.index, dtype="str", name="service")
    if services.empty or signals.empty:
        return result
    lookup = {(t, n): s for t, n, s in services[["type", "nis", "service"]].itertuples(index=False)}
    types = signals["type"].astype("str").to_numpy()
    nis = signals["nis"].astype("str").to_numpy()
    for key_type, key_nis in (("t", "n"), ("t", "*"), ("*", "n"), ("*", "*")):
        todo = result.eq("").to_numpy()
        if not todo.any():
            break
        keys = zip(
            types[todo] if key_type == "t" else ["*"] * int(todo.sum()),
            nis[todo] if key_nis == "n" else ["*"] * int(todo.sum()),
            strict=True,
        )
        result.iloc[np.flatnonzero(todo)] = [lookup.get(k, "") for k in keys]
    return result


# -- recording ----------------------------------------------------------------------------


def clean_text(text: str, *, limit: int = MAX_DESCRIPTION, name: str = "description") -> str:
    """Normalise free text: NFC, control characters dropped, whitespace trimmed.

    Raises
    ------
    ValidationError
        When the text is longer than ``limit`` characters.
    """
    cleaned = _CONTROL.sub("", unicodedata.normalize("NFC", str(text or ""))).strip()
    if len(cleaned) > limit:
        key = f"error.signal_too_long_{name}" if name in _TEXT_FIELDS else "error.signal_too_long"
        raise ValidationError(
            f"{name} holds at most {limit} characters, got {len(cleaned)}",
            key=key,
            values={"field": name, "limit": limit, "length": len(cleaned)},
        )
    return cleaned


@dataclass(frozen=True)
class NewSignal:
    """A signal to record.

    Attributes
    ----------
    type : str
        A code of the workspace's type list.
    x, y : float
        Lambert 72 (EPSG:31370) coordinates.
    reported_by : str
        Who records it (user name).
    description : str
        Short description (at most :data:`MAX_DESCRIPTION` characters).
    address : str
        The address as typed or found, if any.
    location_source : str
        One of :data:`LOCATION_SOURCES`.
    reported_at : pandas.Timestamp, optional
        Default: now.
    signal_id : str, optional
        Default: a new random id.
    synthetic : bool
        Demo data.
    """

    type: str
    x: float
    y: float
    reported_by: str
    description: str = ""
    address: str = ""
    location_source: str = "kaart"
    reported_at: pd.Timestamp | None = None
    signal_id: str | None = None
    synthetic: bool = False


def new_signals(
    records: Sequence[NewSignal],
    *,
    types: pd.DataFrame,
    municipalities: gpd.GeoDataFrame,
    wijken: gpd.GeoDataFrame,
    now: pd.Timestamp,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Validate signals to record; return their rows and their creation history rows.

    Parameters
    ----------
    records : sequence of NewSignal
    types : pandas.DataFrame
        The workspace's type list; a new signal must have an *active* type.
    municipalities, wijken : geopandas.GeoDataFrame
        The workspace's areas (``nis`` / ``code``), EPSG:31370: the point must lie in one of
        the municipalities; it gets their NIS code and the code of the wijk holding it.
    now : pandas.Timestamp
        The moment of recording (``reported_at`` defaults to it and may not lie after it).

    Returns
    -------
    signals : geopandas.GeoDataFrame
        :data:`SIGNAL_COLUMNS`, status ``nieuw``.
    history : pandas.DataFrame
        :data:`HISTORY_COLUMNS`: one creation row per signal.

    Raises
    ------
    ValidationError
        Naming the record (by position) and the field that is wrong.
    """
    if not records:
        return empty_signals(), empty_history()
    active = set(types.loc[types["active"].astype(bool), "code"])
    now = pd.Timestamp(now).floor("s")
    rows = []
    for position, record in enumerate(records):
        where = f"signal {position + 1}"
        if record.type not in active:
            allowed = ", ".join(sorted(active))
            raise ValidationError(
                f"{where}: type={record.type!r} is not an active signal type; allowed: {allowed}",
                key="error.signal_new_type",
                values={"signal": position + 1, "value": record.type, "allowed": allowed},
            )
        if record.location_source not in LOCATION_SOURCES:
            raise ValidationError(
                f"{where}: location_source={record.location_source!r}; allowed: "
                f"{', '.join(LOCATION_SOURCES)}",
                key="error.signal_new_location_source",
                values={
                    "signal": position + 1,
                    "value": record.location_source,
                    "allowed": ", ".join(LOCATION_SOURCES),
                },
            )
        try:
            x, y = float(record.x), float(record.y)
        except (TypeError, ValueError):
            x = y = np.nan
        if not (np.isfinite(x) and np.isfinite(y)):
            raise ValidationError(
                f"{where}: the point ({record.x!r}, {record.y!r}) is not a number",
                key="error.signal_new_point",
                values={"signal": position + 1, "x": record.x, "y": record.y},
            )
        who = clean_text(record.reported_by, limit=64, name="reported_by")
        if not who:
            raise ValidationError(
                f"{where}: reported_by is empty; who records the signal?",
                key="error.signal_new_reporter",
                values={"signal": position + 1},
            )
        at = now if record.reported_at is None else pd.Timestamp(record.reported_at).floor("s")
        if pd.isna(at) or at > now:
            raise ValidationError(
                f"{where}: reported_at={record.reported_at!r} lies after {now}",
                key="error.signal_new_date",
                values={
                    "signal": position + 1,
                    "value": _when(record.reported_at),
                    "now": _when(now),
                },
            )
        rows.append(
            {
                "signal_id": record.signal_id or uuid.uuid4().hex,
                "type": record.type,
                "status": SignalStatus.NIEUW.value,
                "description": clean_text(record.description),
                "address": clean_text(record.address, limit=200, name="address"),
                "location_source": record.location_source,
                "reported_at": at,
                "reported_by": who,
                "opened_at": at,
                "status_at": at,
                "service": "",
                "handed_over_at": pd.NaT,
                "closed_at": pd.NaT,
                "shareable": False,
                "reviewed_by": "",
                "synthetic": bool(record.synthetic),
                "x": x,
                "y": y,
            }
        )
    frame = pd.DataFrame(rows)
    points = gpd.GeoSeries(gpd.points_from_xy(frame.pop("x"), frame.pop("y")), crs=CRS)
    from gis.areas import area_code_at

    nis = area_code_at(points, municipalities, code_column="nis")
    outside = nis.isna() | nis.astype("str").eq("")
    if outside.any():
        first = int(np.flatnonzero(outside.to_numpy())[0])
        point = points.iloc[first]
        raise ValidationError(
            f"signal {first + 1}: the point ({point.x:.0f}, {point.y:.0f}) lies outside the "
            "workspace's municipalities; click inside the zone",
            key="error.signal_new_outside",
            values={"signal": first + 1, "x": f"{point.x:.0f}", "y": f"{point.y:.0f}"},
        )
    frame["nis"] = nis.astype("str").to_numpy()
    frame["wijk"] = area_code_at(points, wijken).fillna("").astype("str").to_numpy()
    ids = frame["signal_id"]
    if ids.duplicated().any():
        twice = ids[ids.duplicated()].iloc[0]
        raise ValidationError(
            f"signal_id {twice!r} appears twice",
            key="error.signal_id_twice",
            values={"id": twice},
        )
    signals = normalise_signals(gpd.GeoDataFrame(frame, geometry=points.to_numpy(), crs=CRS))
    history = pd.DataFrame(
        {
            "signal_id": signals["signal_id"],
            "at": signals["reported_at"],
            "by": signals["reported_by"],
            "from_status": "",
            "to_status": SignalStatus.NIEUW.value,
            "service": "",
            "note": "",
        }
    )
    return signals, _history_dtypes(history)


def _history_dtypes(history: pd.DataFrame) -> pd.DataFrame:
    out = history[list(HISTORY_COLUMNS)].copy()
    for column in HISTORY_COLUMNS:
        if column != "at":
            out[column] = out[column].astype("str")
    out["at"] = pd.to_datetime(out["at"]).astype("datetime64[ns]")
    return out.reset_index(drop=True)


# -- the status workflow --------------------------------------------------------------------


def check_transition(current: str, target: str) -> None:
    """Refuse a status change that :data:`TRANSITIONS` does not allow.

    Parameters
    ----------
    current, target : str
        Statuses (see :class:`SignalStatus`).

    Raises
    ------
    ValidationError
        Naming ``current``, ``target`` and the statuses allowed from ``current``.
    """
    if current not in TRANSITIONS:
        raise ValidationError(
            f"signal status {current!r} is unknown; allowed: {', '.join(STATUSES)}"
        )
    allowed = TRANSITIONS[current]
    if target not in allowed:
        raise ValidationError(
            f"a signal cannot go from status {current!r} to {target!r}; allowed from "
            f"{current!r}: {', '.join(sorted(allowed))}",
            key=f"error.signal_transition_{current}",
        )


@dataclass(frozen=True)
class StatusChange:
    """A status change to apply to one signal.

    Attributes
    ----------
    signal_id : str
    to_status : str
    by : str
        Who records the change.
    at : pandas.Timestamp
        When it happened (may be earlier than now, e.g. the day the service fixed it; never
        before the signal's last change).
    service : str
        For ``doorgegeven``: the service it goes to (required).
    note : str
        Optional short note (at most 500 characters).
    """

    signal_id: str
    to_status: str
    by: str
    at: pd.Timestamp
    service: str = ""
    note: str = ""


def apply_change(
    signals: gpd.GeoDataFrame, change: StatusChange, *, now: pd.Timestamp
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Apply one status change; return the updated signals and its history row.

    Parameters
    ----------
    signals : geopandas.GeoDataFrame
        All signals (:data:`SIGNAL_COLUMNS`); not modified.
    change : StatusChange
    now : pandas.Timestamp
        The present: ``change.at`` may not lie after it.

    Returns
    -------
    signals : geopandas.GeoDataFrame
        A copy with the signal's ``status``, ``status_at`` and, depending on the target,
        ``service``/``handed_over_at`` (doorgegeven), ``closed_at`` (opgelost,
        niet_weerhouden) or ``opened_at`` (re-opened) updated.
    history : pandas.DataFrame
        One row of :data:`HISTORY_COLUMNS`.

    Raises
    ------
    ValidationError
        For an unknown signal, an illegal transition (see :func:`check_transition`), a
        hand-over without a service, a re-route to the same service, or a date before the
        signal's last change or after ``now``.
    """
    hits = np.flatnonzero(signals["signal_id"].to_numpy() == change.signal_id)
    if len(hits) != 1:
        raise ValidationError(f"signal_id={change.signal_id!r} is not a stored signal")
    position = int(hits[0])
    row = signals.iloc[position]
    current = str(row["status"])
    check_transition(current, change.to_status)
    at = pd.Timestamp(change.at).floor("s")
    last = row["status_at"]
    if pd.isna(at) or (pd.notna(last) and at < last):
        raise ValidationError(
            f"the change of signal {change.signal_id!r} is dated {change.at!r}, before its last "
            f"change at {last}",
            key="error.signal_change_before",
            values={
                "signal": str(change.signal_id)[:8],
                "at": _when(change.at),
                "last": _when(last),
            },
        )
    if at > pd.Timestamp(now):
        raise ValidationError(
            f"the change is dated {at}, after now ({pd.Timestamp(now)})",
            key="error.signal_change_future",
            values={"at": _when(at), "now": _when(now)},
        )
    by = clean_text(change.by, limit=64, name="by")
    if not by:
        raise ValidationError(
            "a status change needs the name of who records it (by)",
            key="error.signal_change_by",
        )
    note = clean_text(change.note, limit=500, name="note")
    service = clean_text(change.service, limit=120, name="service")
    updated = signals.copy()
    index = updated.index[position]
    if change.to_status == SignalStatus.DOORGEGEVEN:
        if not service:
            raise ValidationError(
                f"handing signal {change.signal_id!r} over needs a service; none was given",
                key="error.signal_handover_service",
                values={"signal": str(change.signal_id)[:8]},
            )
        if current == SignalStatus.DOORGEGEVEN and service == row["service"]:
            raise ValidationError(
                f"signal {change.signal_id!r} was already handed to {service!r}; a re-route "
                "needs another service",
                key="error.signal_reroute_same",
                values={"signal": str(change.signal_id)[:8], "service": service},
            )
        updated.at[index, "service"] = service
        updated.at[index, "handed_over_at"] = at
    else:
        service = str(row["service"])
    if change.to_status in CLOSED_STATUSES:
        updated.at[index, "closed_at"] = at
    if change.to_status == SignalStatus.NIEUW:  # re-opened
        updated.at[index, "closed_at"] = pd.NaT
        updated.at[index, "opened_at"] = at
    updated.at[index, "status"] = change.to_status
    updated.at[index, "status_at"] = at
    history = pd.DataFrame(
        [
            {
                "signal_id": change.signal_id,
                "at": at,
                "by": by,
                "from_status": current,
                "to_status": change.to_status,
                "service": service,
                "note": note,
            }
        ]
    )
    return updated, _history_dtypes(history)


def mark_reviewed(
    signals: gpd.GeoDataFrame, signal_ids: Sequence[str], *, by: str, shareable: bool = True
) -> gpd.GeoDataFrame:
    """Record that a chief reviewed the free text and photos of signals for partners.

    Returns a copy with ``shareable`` and ``reviewed_by`` set on those signals.

    Raises
    ------
    ValidationError
        For an id that is not stored, or an empty reviewer name.
    """
    who = clean_text(by, limit=64, name="by")
    if not who:
        raise ValidationError("a review needs the name of the chief who made it (by)")
    unknown = sorted(set(signal_ids) - set(signals["signal_id"]))
    if unknown:
        raise ValidationError(f"signal_id={unknown[0]!r} is not a stored signal")
    updated = signals.copy()
    chosen = updated["signal_id"].isin(list(signal_ids))
    updated.loc[chosen, "shareable"] = bool(shareable)
    updated.loc[chosen, "reviewed_by"] = who if shareable else ""
    return updated


# -- follow-up views ------------------------------------------------------------------------


def overdue(
    signals: pd.DataFrame,
    types: pd.DataFrame,
    *,
    now: pd.Timestamp,
    default_days: int = DEFAULT_OVERDUE_DAYS,
) -> pd.Series:
    """Tell which signals are open for longer than their type allows.

    A signal is overdue when its status is open (:data:`OPEN_STATUSES`) and more than the
    type's ``overdue_days`` (``default_days`` for a type not in the list) have passed since
    ``opened_at``.

    Returns
    -------
    pandas.Series
        Boolean, indexed like ``signals``.
    """
    days = signals["type"].map(dict(zip(types["code"], types["overdue_days"], strict=True)))
    days = pd.to_numeric(days, errors="coerce").fillna(default_days)
    age = pd.Timestamp(now) - pd.to_datetime(signals["opened_at"])
    late = age > pd.to_timedelta(days, unit="D")
    open_ = signals["status"].isin(OPEN_STATUSES)
    return (open_ & late.fillna(False)).astype(bool).rename("overdue")


def days_open(signals: pd.DataFrame, *, now: pd.Timestamp) -> pd.Series:
    """Whole days since ``opened_at`` (up to ``closed_at`` for a closed signal)."""
    end = pd.to_datetime(signals["closed_at"]).fillna(pd.Timestamp(now))
    return (end - pd.to_datetime(signals["opened_at"])).dt.days.astype("Int64").rename("days")


def near_hotspots(
    signals: gpd.GeoDataFrame, top_cells: gpd.GeoDataFrame, *, distance: float = 150.0
) -> pd.DataFrame:
    """Find the signals within ``distance`` metres of a top hotspot cell.

    A street light out near a burglary hotspot should stand out: this is the flag for it.

    Parameters
    ----------
    signals : geopandas.GeoDataFrame
        Points, EPSG:31370.
    top_cells : geopandas.GeoDataFrame
        Cells with ``cell`` and ``rank`` (as :func:`gis.selection.grid_hotspots` returns them).
    distance : float, default 150
        Metres from the cell's edge (0 = inside the cell).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``signals``: ``near_hotspot`` (bool), ``hotspot_cell`` (str, ``""``
        when not near), ``hotspot_rank`` (Int64) and ``hotspot_distance`` (float, metres) of
        the best-ranked cell within reach.
    """
    if distance < 0:
        raise ValidationError(f"distance={distance!r} must be ≥ 0 metres")
    out = pd.DataFrame(
        {
            "near_hotspot": pd.Series(False, index=signals.index, dtype=bool),
            "hotspot_cell": pd.Series("", index=signals.index, dtype="str"),
            "hotspot_rank": pd.Series(pd.NA, index=signals.index, dtype="Int64"),
            "hotspot_distance": pd.Series(np.nan, index=signals.index, dtype="float64"),
        }
    )
    located = signals.geometry.notna() & ~signals.geometry.is_empty
    if top_cells.empty or not located.any():
        return out
    if (
        top_cells.crs is not None
        and signals.crs is not None
        and not top_cells.crs.equals(signals.crs)
    ):
        top_cells = top_cells.to_crs(signals.crs)
    points = signals.geometry[located].to_numpy()
    cells = top_cells.geometry.to_numpy()
    tree = shapely.STRtree(cells)
    point_idx, cell_idx = tree.query(points, predicate="dwithin", distance=distance)
    if not len(point_idx):
        return out
    pairs = pd.DataFrame(
        {
            "p": point_idx,
            "rank": top_cells["rank"].to_numpy()[cell_idx],
            "cell": top_cells["cell"].astype("str").to_numpy()[cell_idx],
            "d": shapely.distance(points[point_idx], cells[cell_idx]),
        }
    )
    best = pairs.sort_values(["p", "rank", "d"], kind="stable").drop_duplicates("p")
    index = signals.index[located.to_numpy()][best["p"].to_numpy()]
    out.loc[index, "near_hotspot"] = True
    out.loc[index, "hotspot_cell"] = best["cell"].to_numpy()
    out.loc[index, "hotspot_rank"] = best["rank"].astype("int64").to_numpy()
    out.loc[index, "hotspot_distance"] = best["d"].round(1).to_numpy()
    return out


SIGNAL_COUNT_COLUMNS: tuple[str, ...] = (
    "reported", "resolved", "not_retained", "open", "overdue", "handed_over",
)  # fmt: skip


def signal_counts_per_wijk(
    signals: pd.DataFrame,
    wijken: pd.DataFrame,
    types: pd.DataFrame,
    *,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    """Count signals per wijk for a period — the signal block of the monthly wijk report.

    Parameters
    ----------
    signals : pandas.DataFrame
        Signals (:data:`SIGNAL_COLUMNS`).
    wijken : pandas.DataFrame
        ``code`` (and ``name``): one output row per wijk, zeros included.
    types : pandas.DataFrame
        The type list (overdue days).
    start, end : pandas.Timestamp
        The period ``[start, end)``, e.g. a month.

    Returns
    -------
    pandas.DataFrame
        Indexed by wijk code, int64 columns :data:`SIGNAL_COUNT_COLUMNS`: ``reported`` in the
        period; ``handed_over``, ``resolved`` (opgelost) and ``not_retained`` with their
        status date in the period; ``open`` and ``overdue`` as they stood at ``end``
        (status as currently stored, for signals reported before ``end``).
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if end <= start:
        raise ValidationError(f"end={end} must lie after start={start}")
    codes = pd.Index(wijken["code"].astype("str"), name="wijk")
    reported_at = pd.to_datetime(signals["reported_at"])
    closed_at = pd.to_datetime(signals["closed_at"])
    handed = pd.to_datetime(signals["handed_over_at"])
    status = signals["status"]

    def in_period(times: pd.Series) -> pd.Series:
        return ((times >= start) & (times < end)).fillna(False).astype(bool)

    existed = (reported_at < end).fillna(False).astype(bool)
    open_at_end = existed & (status.isin(OPEN_STATUSES) | (closed_at >= end).fillna(False))
    late = overdue(
        signals.assign(status=np.where(open_at_end, "nieuw", "opgelost")), types, now=end
    )
    flags = pd.DataFrame(
        {
            "reported": in_period(reported_at),
            "resolved": in_period(closed_at) & status.eq("opgelost"),
            "not_retained": in_period(closed_at) & status.eq("niet_weerhouden"),
            "open": open_at_end,
            "overdue": late & open_at_end,
            "handed_over": in_period(handed),
        },
        index=signals.index,
    ).astype("int64")
    counts = flags.groupby(signals["wijk"].astype("str").to_numpy()).sum()
    counts = counts.reindex(codes, fill_value=0).astype("int64")
    counts.index.name = "wijk"
    return counts[list(SIGNAL_COUNT_COLUMNS)]


# -- who sees what --------------------------------------------------------------------------

PARTNER_SIGNAL_COLUMNS: tuple[str, ...] = (
    "signal_id",
    "type",
    "status",
    "description",
    "nis",
    "wijk",
    "reported_at",
    "status_at",
    "service",
    "handed_over_at",
    "closed_at",
    "geometry",
)
"""The only columns a partner gets: no names (``reported_by``, ``reviewed_by``), no typed
address; ``description`` only where a chief marked the signal shareable (else ``""``)."""


@dataclass(frozen=True)
class SignalViewer:
    """Whose eyes a signal list is made for.

    Attributes
    ----------
    role : str
        ``chef``, ``admin``, ``inspecteur`` or ``partner`` (see :class:`gis.access.Role`).
    wijken : tuple of str or None
        Readable wijken (inspecteur: own and neighbouring); None = all.
    nis : tuple of str or None
        Readable municipalities (partner: their own); None = all. A partner with None or
        an empty tuple sees nothing.
    """

    role: str
    wijken: tuple[str, ...] | None = None
    nis: tuple[str, ...] | None = None


VIEWER_ROLES: tuple[str, ...] = ("chef", "admin", "inspecteur", "partner")


def visible_signals(signals: pd.DataFrame, viewer: SignalViewer) -> pd.DataFrame:
    """Return the signals ``viewer`` may see, with the columns they may see.

    * ``chef``/``admin``: every signal, every column.
    * ``inspecteur``: the signals of their wijken (``viewer.wijken``), every column.
    * ``partner``: the signals of their municipality (``viewer.nis``; nothing when it is not
      set), only :data:`PARTNER_SIGNAL_COLUMNS`, the description blanked unless a chief
      marked the signal ``shareable``.

    Raises
    ------
    ValidationError
        For an unknown role.
    """
    if viewer.role not in VIEWER_ROLES:
        raise ValidationError(
            f"role={viewer.role!r} is unknown; allowed: {', '.join(VIEWER_ROLES)}"
        )
    keep = pd.Series(True, index=signals.index)
    if viewer.role == "inspecteur" and viewer.wijken is not None:
        keep &= signals["wijk"].isin(viewer.wijken)
    if viewer.role != "partner":
        return signals[keep.to_numpy()]
    keep &= signals["nis"].isin(viewer.nis or ())
    shown = signals.loc[keep.to_numpy(), [c for c in PARTNER_SIGNAL_COLUMNS if c in signals]]
    shown = shown.copy()
    shareable = signals.loc[keep.to_numpy(), "shareable"].astype(bool)
    shown["description"] = shown["description"].where(shareable, "").astype("str")
    return shown


def viewer_for(
    role: str,
    *,
    wijken: Sequence[str] = (),
    neighbours: Sequence[str] = (),
    wijk_layer: pd.DataFrame | None = None,
    partner_nis: Sequence[str] = (),
) -> SignalViewer:
    """Build the :class:`SignalViewer` of a user record (see :class:`gis.access.User`).

    A partner's municipality is ``partner_nis`` or, when the partner's user record lists
    wijken, the municipalities holding them (``wijk_layer``: ``code`` → ``nis``).
    """
    if role in ("chef", "admin"):
        return SignalViewer(role=role)
    if role == "inspecteur":
        return SignalViewer(role=role, wijken=(*wijken, *neighbours))
    if role == "partner":
        nis = list(partner_nis)
        if not nis and wijken and wijk_layer is not None:
            nis = sorted(set(wijk_layer.loc[wijk_layer["code"].isin(list(wijken)), "nis"]))
        return SignalViewer(role=role, nis=tuple(nis))
    raise ValidationError(f"role={role!r} is unknown; allowed: {', '.join(VIEWER_ROLES)}")


def type_labels(types: pd.DataFrame, lang: str = "nl") -> dict[str, str]:
    """Return type code → label in ``lang`` (``nl`` or ``fr``)."""
    column = "label_fr" if lang == "fr" else "label_nl"
    return dict(zip(types["code"], types[column], strict=True))
