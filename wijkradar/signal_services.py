"""Use cases of the signal follow-up, shared by the CLI and the app: recording (with photos and
addresses through the geocoder), hand-over lists per service, bulk import/export, the demo
signals, and the per-wijk counts of the monthly wijk report."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.errors import ValidationError, WijkradarError
from gis.i18n import error_message, message
from gis.io_gazetteer import has_gazetteer, read_gazetteer
from gis.io_signals import SignalStore
from gis.io_tables import read_incident_table
from gis.io_workspace import GeoPackageWorkspace
from gis.parsing import as_text, detect_belgian_crs, parse_datetimes, parse_numbers
from gis.photos import CleanPhoto, clean_photo
from gis.safety import neutralise_formulas
from gis.schema import CRS
from gis.selection import grid_hotspots
from gis.signal_demo import generate_demo_signals
from gis.signal_report import (
    HandoverDocument,
    MapContext,
    handover_csv,
    handover_pdf,
    handover_table,
)
from gis.signals import (
    SIGNAL_COLUMNS,
    STATUSES,
    NewSignal,
    SignalViewer,
    StatusChange,
    check_services,
    clean_text,
    near_hotspots,
    new_signals,
    overdue,
    responsible_services,
    signal_counts_per_wijk,
    visible_signals,
)

# -- recording ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressHit:
    """Where the geocoder put a typed address.

    Attributes
    ----------
    x, y : float
        EPSG:31370; NaN when not found.
    status : str
        ``geocoded``, ``review`` or ``not_locatable`` (:class:`gis.schema.GeocodeStatus`).
    level : str
        :class:`gis.geocoding.GeocodeLevel` value.
    score : float
        0–100.
    """

    x: float
    y: float
    status: str
    level: str
    score: float

    @property
    def found(self) -> bool:
        """Whether the address has a point to use."""
        return self.status == "geocoded" and bool(np.isfinite(self.x) and np.isfinite(self.y))


def can_geocode(workspace: GeoPackageWorkspace) -> bool:
    """Tell whether the workspace has a gazetteer to place typed addresses with."""
    return has_gazetteer(workspace)


def geocode_address(
    workspace: GeoPackageWorkspace, address: str, *, municipality: str = ""
) -> AddressHit:
    """Place an address typed in the field (``Kerkstraat 12, Asse``) with the offline geocoder.

    Raises
    ------
    gis.errors.WorkspaceError
        When the workspace has no gazetteer (see :func:`can_geocode`).
    """
    from gis.geocoding import geocode_addresses
    from wijkradar.geocode_services import load_index

    text = clean_text(address, limit=200, name="address")
    if not text:
        raise ValidationError("the address is empty")
    street, _, place = text.partition(",")
    rows = pd.DataFrame(
        {
            "street": [street.strip()],
            "number": [""],
            "box": [""],
            "postcode": [""],
            "municipality": [place.strip() or municipality],
        }
    )
    read_gazetteer(workspace)  # a clear error when there is none
    result = geocode_addresses(rows, load_index(workspace)).iloc[0]
    return AddressHit(
        x=float(result["x"]),
        y=float(result["y"]),
        status=str(result["status"]),
        level=str(result["level"]),
        score=float(result["score"]),
    )


def record_signal(
    workspace: GeoPackageWorkspace,
    signal: NewSignal,
    *,
    photos: Sequence[tuple[str, bytes]] = (),
    now: pd.Timestamp | None = None,
) -> gpd.GeoDataFrame:
    """Record one signal with its photos (cleaned: JPEG/PNG only, metadata stripped).

    Parameters
    ----------
    workspace : GeoPackageWorkspace
    signal : NewSignal
    photos : sequence of (name, bytes)
        Uploaded files.
    now : pandas.Timestamp, optional

    Returns
    -------
    geopandas.GeoDataFrame
        The stored row.
    """
    cleaned = [clean_photo(data, name) for name, data in photos]
    return SignalStore(workspace).record(
        [signal], photos={0: cleaned} if cleaned else None, now=now
    )


def add_photo(
    workspace: GeoPackageWorkspace, signal_id: str, name: str, data: bytes, *, by: str
) -> CleanPhoto:
    """Clean an uploaded photo and add it to a stored signal."""
    photo = clean_photo(data, name)
    SignalStore(workspace).add_photos(signal_id, [photo], by=by)
    return photo


# -- follow-up views ------------------------------------------------------------------------


def signal_overview(
    workspace: GeoPackageWorkspace,
    *,
    viewer: SignalViewer,
    now: pd.Timestamp | None = None,
    top_cells: gpd.GeoDataFrame | None = None,
    hotspot_distance: float = 150.0,
) -> gpd.GeoDataFrame:
    """The signals ``viewer`` may see, with ``overdue``, ``responsible`` (configured
    service) and, when ``top_cells`` are given, the hotspot flags of
    :func:`gis.signals.near_hotspots`."""
    store = SignalStore(workspace)
    now = pd.Timestamp.now() if now is None else pd.Timestamp(now)
    signals = store.signals()
    types = store.types()
    extra = pd.DataFrame(
        {
            "overdue": overdue(signals, types, now=now),
            "responsible": responsible_services(signals, store.services()),
        },
        index=signals.index,
    )
    if top_cells is not None:
        extra = extra.join(near_hotspots(signals, top_cells, distance=hotspot_distance))
    combined = signals.join(extra)
    shown = visible_signals(combined, viewer)
    if viewer.role == "partner":
        keep = [c for c in shown.columns if c in SIGNAL_COLUMNS or c in ("overdue",)]
        shown = shown[keep]
    return shown


def signal_counts_for_report(
    workspace: GeoPackageWorkspace,
    *,
    start: pd.Timestamp,
    end: pd.Timestamp,
    wijken: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Signal counts per wijk for a period — for the monthly wijk report of the planner.

    Parameters
    ----------
    workspace : GeoPackageWorkspace
    start, end : pandas.Timestamp
        The period ``[start, end)`` (e.g. the month of the report).
    wijken : sequence of str, optional
        Wijk codes to report on (default: every wijk of the workspace).

    Returns
    -------
    pandas.DataFrame
        Indexed by wijk code; int64 columns ``reported``, ``resolved``, ``not_retained``,
        ``open``, ``overdue``, ``handed_over`` (see
        :func:`gis.signals.signal_counts_per_wijk`). Zeros when the workspace has no signals.
    """
    store = SignalStore(workspace)
    areas = workspace.areas("wijken")
    if wijken is not None:
        areas = areas[areas["code"].isin(list(wijken))]
    return signal_counts_per_wijk(store.signals(), areas, store.types(), start=start, end=end)


# -- hand-over ------------------------------------------------------------------------------


@dataclass
class Handover:
    """One hand-over list, made and recorded.

    Attributes
    ----------
    handover_id : str
    service : str
    pdf, csv : bytes
        The files to attach to the e-mail.
    pdf_name, csv_name : str
        Suggested file names.
    count : int
        Signals on the list.
    marked : int
        Signals set to ``doorgegeven`` by it.
    """

    handover_id: str
    service: str
    pdf: bytes
    csv: bytes
    pdf_name: str
    csv_name: str
    count: int
    marked: int


def _slug(text: str) -> str:
    from gis.photos import safe_file_name

    return safe_file_name(text.replace(" ", "-").lower(), default="dienst", limit=40)


def handover_candidates(
    workspace: GeoPackageWorkspace, service: str, *, reminders: bool = True
) -> gpd.GeoDataFrame:
    """The signals a list for ``service`` holds: new signals whose configured service it is
    and, with ``reminders``, open signals already handed to it."""
    store = SignalStore(workspace)
    signals = store.signals()
    responsible = responsible_services(signals, store.services())
    new = signals["status"].eq("nieuw") & responsible.eq(service)
    again = signals["status"].isin(["doorgegeven", "in_behandeling"]) & signals["service"].eq(
        service
    )
    chosen = new | (again if reminders else False)
    return signals[chosen.to_numpy()].reset_index(drop=True)


def make_handover(
    workspace: GeoPackageWorkspace,
    service: str,
    *,
    by: str,
    sender: str = "",
    reminders: bool = True,
    mark: bool = True,
    lang: str = "nl",
    now: pd.Timestamp | None = None,
) -> Handover:
    """Make the hand-over list of one service (PDF + CSV) and record it.

    The new signals on it are set to ``doorgegeven`` (to ``service``, now) when ``mark`` is
    true, in the same transaction as the record of the hand-over. No e-mail is sent: the files
    are what the chief attaches.

    Raises
    ------
    ValidationError
        When the service has nothing to hand over.
    """
    service = clean_text(service, limit=120, name="service")
    by = clean_text(by, limit=64, name="by")
    if not by:
        raise ValidationError("a hand-over needs the name of who makes it (by)")
    now = pd.Timestamp.now().floor("s") if now is None else pd.Timestamp(now).floor("s")
    store = SignalStore(workspace)
    signals = handover_candidates(workspace, service, reminders=reminders)
    if signals.empty:
        raise ValidationError(f"service={service!r} has no new or open signals to hand over")
    types = store.types()
    municipalities = workspace.areas("municipalities")
    wijken = workspace.areas("wijken")
    photos = store.photos(list(signals["signal_id"]))
    reminder_ids = signals.loc[signals["status"].ne("nieuw"), "signal_id"].tolist()
    table = handover_table(
        signals,
        types,
        municipality_names=dict(zip(municipalities["nis"], municipalities["name"], strict=True)),
        wijk_names=dict(zip(wijken["code"], wijken["name"], strict=True)),
        photos=photos,
        reminders=reminder_ids,
        now=now,
        lang=lang,
    )
    addresses = None
    if has_gazetteer(workspace):
        addresses = read_gazetteer(workspace)[0][["geometry"]]
    context = MapContext(
        wijken=wijken,
        municipalities=municipalities,
        addresses=addresses,
        colours=dict(zip(types["code"], types["colour"], strict=True)),
    )
    pictures: dict[str, list[tuple[str, bytes]]] = {}
    for sid, file in zip(photos["signal_id"], photos["file"], strict=True):
        try:
            pictures.setdefault(sid, []).append((file, store.photo_bytes(file)))
        except (WijkradarError, OSError):  # a lost photo file is only listed, not printed
            continue
    handover_id = uuid.uuid4().hex
    zone_names = municipalities.loc[municipalities["nis"].isin(signals["nis"]), "zone_code"]
    zones = workspace.areas("police_zones")
    zones = " / ".join(zones.loc[zones["code"].isin(zone_names), "name"]) or "—"
    document = HandoverDocument(
        service=service,
        sender=sender or message("signal.handover.default_sender", lang, zone=zones, by=by),
        created_at=now,
        handover_id=handover_id,
        synthetic=workspace.is_synthetic(),
    )
    pdf = handover_pdf(table, signals, document, context, photos=pictures, lang=lang)
    csv = handover_csv(table, lang=lang)
    stem = f"signalen-{_slug(service)}-{now:%Y%m%d}-{handover_id[:6]}"
    changes = []
    if mark:
        changes = [
            StatusChange(signal_id=sid, to_status="doorgegeven", by=by, at=now, service=service)
            for sid in signals.loc[signals["status"].eq("nieuw"), "signal_id"]
        ]
    record = {
        "handover_id": handover_id,
        "service": service,
        "created_at": now,
        "created_by": by,
        "count": len(signals),
        "signal_ids": ",".join(signals["signal_id"]),
        "files": f"{stem}.pdf,{stem}.csv",
        "marked": len(changes),
    }
    store.record_handover(record, changes, now=now)
    return Handover(
        handover_id=handover_id,
        service=service,
        pdf=pdf,
        csv=csv,
        pdf_name=f"{stem}.pdf",
        csv_name=f"{stem}.csv",
        count=len(signals),
        marked=len(changes),
    )


def services_with_work(workspace: GeoPackageWorkspace) -> pd.DataFrame:
    """Per service: new signals to hand over and open ones already handed over.

    Returns
    -------
    pandas.DataFrame
        Columns ``service``, ``new``, ``open``; the row with service ``""`` counts new signals
        that no configured service covers.
    """
    store = SignalStore(workspace)
    signals = store.signals()
    responsible = responsible_services(signals, store.services())
    new = responsible[signals["status"].eq("nieuw")].value_counts()
    handed = signals.loc[signals["status"].isin(["doorgegeven", "in_behandeling"]), "service"]
    open_ = handed.value_counts()
    names = sorted(set(new.index) | set(open_.index) | set(store.services()["service"]))
    return pd.DataFrame(
        {
            "service": names,
            "new": [int(new.get(n, 0)) for n in names],
            "open": [int(open_.get(n, 0)) for n in names],
        }
    )


# -- bulk import / export -------------------------------------------------------------------

IMPORT_ALIASES: dict[str, tuple[str, ...]] = {
    "signal_id": ("signal_id", "id", "referentie", "ref"),
    "type": ("type", "soort", "categorie"),
    "description": ("description", "beschrijving", "omschrijving"),
    "address": ("address", "adres", "plaats"),
    "reported_at": ("reported_at", "datum", "gemeld op", "gemeld_op", "date"),
    "reported_by": ("reported_by", "gemeld door", "gemeld_door", "melder"),
    "x": ("x", "lambert_x"),
    "y": ("y", "lambert_y"),
    "lat": ("lat", "latitude", "breedte"),
    "lon": ("lon", "lng", "longitude", "lengte"),
}
"""Recognised column headers of a signal import file (case-insensitive)."""


@dataclass
class SignalImport:
    """What a bulk import read, stored and refused.

    Attributes
    ----------
    read, stored, rejected, duplicates : int
    rejects : pandas.DataFrame
        ``row``, ``field``, ``value``, ``reason`` per refused row.
    """

    read: int
    stored: int
    rejected: int
    duplicates: int
    rejects: pd.DataFrame

    def summary(self, lang: str = "nl") -> str:
        """``read N · stored S · rejected R · duplicates D`` in ``lang``."""
        return message(
            "signal.import.summary",
            lang,
            read=self.read,
            stored=self.stored,
            rejected=self.rejected,
            duplicates=self.duplicates,
        )


def _columns(rows: pd.DataFrame) -> dict[str, str]:
    lower = {str(c).strip().lower(): c for c in rows.columns}
    found = {}
    for field, names in IMPORT_ALIASES.items():
        for name in names:
            if name in lower:
                found[field] = lower[name]
                break
    return found


def import_signal_file(
    path: str | Path,
    workspace: GeoPackageWorkspace,
    *,
    reported_by: str = "import",
    crs: str | None = None,
    lang: str = "nl",
    now: pd.Timestamp | None = None,
) -> SignalImport:
    """Import signals from a CSV/XLSX file (status ``nieuw``), refusing bad rows.

    Recognised columns: see :data:`IMPORT_ALIASES`; ``type`` is a type code or its Dutch or
    French label; the point is ``x``/``y`` (Lambert 72 or 2008, detected or ``crs``) or
    ``lat``/``lon``. Rows with a ``signal_id`` already stored are counted as duplicates. A row
    that cannot be stored (unknown type, no or bad point, outside the zone, bad date, too long
    text) is listed in ``rejects`` (the reasons in ``lang``); the good rows are stored in one
    transaction.
    """
    table = read_incident_table(path)
    rows = table.rows
    store = SignalStore(workspace)
    types = store.types()
    columns = _columns(rows)
    get = {f: as_text(rows[c]) if c in rows else None for f, c in columns.items()}
    blank = pd.Series("", index=rows.index, dtype="str")
    if get.get("type") is None:
        raise ValidationError(
            f"the file has no type column; expected one of {IMPORT_ALIASES['type']}"
        )
    by_label = {
        **{str(v).lower(): c for c, v in zip(types["code"], types["label_nl"], strict=True)},
        **{str(v).lower(): c for c, v in zip(types["code"], types["label_fr"], strict=True)},
        **{c: c for c in types["code"]},
    }
    type_code = get["type"].str.lower().map(by_label)
    if get.get("x") is not None and get.get("y") is not None:
        x, y = parse_numbers(get["x"]), parse_numbers(get["y"])
        source_crs = crs or detect_belgian_crs(x, y) or CRS
    elif get.get("lat") is not None and get.get("lon") is not None:
        x, y = parse_numbers(get["lon"]), parse_numbers(get["lat"])
        source_crs = "EPSG:4326"
    else:
        raise ValidationError("the file has no coordinates: expected x/y or lat/lon columns")
    located = x.notna() & y.notna()
    points = gpd.GeoSeries(gpd.points_from_xy(x, y), index=rows.index, crs=source_crs)
    points = points.to_crs(CRS)
    reported = parse_datetimes(get["reported_at"]) if get.get("reported_at") is not None else None
    now = pd.Timestamp.now().floor("s") if now is None else pd.Timestamp(now).floor("s")
    municipalities = workspace.areas("municipalities")
    wijken = workspace.areas("wijken")
    existing = set(store.signals()["signal_id"])
    rejects, records, duplicates = [], [], 0
    ids = get.get("signal_id")
    for row_number in rows.index:

        def refuse(field: str, value: object, reason: str, row: int = row_number) -> None:
            rejects.append({"row": row, "field": field, "value": str(value), "reason": reason})

        sid = ids.at[row_number] if ids is not None else ""
        if sid and sid in existing:
            duplicates += 1
            continue
        if pd.isna(type_code.at[row_number]):
            refuse("type", get["type"].at[row_number], message("signal.reject.unknown_type", lang))
            continue
        if not located.at[row_number]:
            refuse("x/y", "", message("signal.reject.no_coordinates", lang))
            continue
        when = None
        if reported is not None and (get["reported_at"].at[row_number] or ""):
            when = reported.at[row_number]
            if pd.isna(when):
                reason = message("signal.reject.bad_date", lang)
                refuse("reported_at", get["reported_at"].at[row_number], reason)
                continue
        point = points.at[row_number]
        record = NewSignal(
            type=str(type_code.at[row_number]),
            x=point.x,
            y=point.y,
            reported_by=(
                get.get("reported_by", blank).at[row_number]
                if get.get("reported_by") is not None
                else ""
            )
            or reported_by,
            description=(
                get["description"].at[row_number] if get.get("description") is not None else ""
            ),
            address=get["address"].at[row_number] if get.get("address") is not None else "",
            location_source="import",
            reported_at=when,
            signal_id=sid or None,
        )
        try:  # validate alone, so one bad row does not sink the file
            new_signals(
                [record], types=types, municipalities=municipalities, wijken=wijken, now=now
            )
        except ValidationError as error:
            if error.key is not None and "signal" in error.values:
                error.values["signal"] = row_number  # the file's row, not "signal 1"
            refuse("", "", error_message(error, lang).removeprefix("signal 1: "))
            continue
        if sid:
            existing.add(sid)
        records.append(record)
    stored = store.record(records, now=now) if records else None
    reject_frame = pd.DataFrame(rejects, columns=["row", "field", "value", "reason"])
    return SignalImport(
        read=len(rows),
        stored=0 if stored is None else len(stored),
        rejected=len(reject_frame),
        duplicates=duplicates,
        rejects=reject_frame,
    )


def export_signals(
    workspace: GeoPackageWorkspace,
    path: str | Path,
    *,
    statuses: Sequence[str] | None = None,
    viewer: SignalViewer | None = None,
    now: pd.Timestamp | None = None,
) -> int:
    """Write the signals to a CSV (``;``, UTF-8 with BOM, formulas neutralised, with x/y in
    Lambert 72 and an ``overdue`` column) or a GeoPackage (by the file's extension).

    Returns
    -------
    int
        Rows written.
    """
    path = Path(path)
    if statuses is not None:
        unknown = sorted(set(statuses) - set(STATUSES))
        if unknown:
            raise ValidationError(
                f"status {unknown[0]!r} is unknown; allowed: {', '.join(STATUSES)}"
            )
    viewer = viewer or SignalViewer(role="chef")
    shown = signal_overview(workspace, viewer=viewer, now=now)
    if statuses is not None:
        shown = shown[shown["status"].isin(list(statuses))]
    suffix = path.suffix.lower()
    if suffix == ".gpkg":
        import pyogrio

        pyogrio.write_dataframe(
            gpd.GeoDataFrame(shown, crs=CRS),
            path,
            layer="signals",
            driver="GPKG",
            geometry_type="Point",
        )
    elif suffix == ".csv":
        table = pd.DataFrame(shown.drop(columns="geometry"))
        table.insert(len(table.columns), "x", shown.geometry.x.round(1).to_numpy())
        table.insert(len(table.columns), "y", shown.geometry.y.round(1).to_numpy())
        for column in table.columns:
            if pd.api.types.is_datetime64_any_dtype(table[column]):
                table[column] = table[column].dt.strftime("%Y-%m-%d %H:%M:%S").fillna("")
        neutralise_formulas(table).to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    else:
        raise ValidationError(f"export file {path.name!r}: allowed extensions .csv, .gpkg")
    return len(shown)


def import_services_file(path: str | Path, workspace: GeoPackageWorkspace) -> pd.DataFrame:
    """Replace the responsible-service table with a CSV/XLSX file (``type;nis;service;contact``)."""
    rows = read_incident_table(path).rows
    rows.columns = [str(c).strip().lower() for c in rows.columns]
    return SignalStore(workspace).put_services(check_services(rows))


# -- demo -----------------------------------------------------------------------------------


def add_demo_signals(
    workspace: GeoPackageWorkspace, *, seed: int = 0, now: pd.Timestamp | None = None
) -> int:
    """Add SYNTHETIC signals (and a service table) to a demo workspace.

    Some signals are put near the incident hotspots of the workspace (top grid cells of the
    last year), so the map shows a street light out near a hotspot.

    Returns
    -------
    int
        Signals added.
    """
    now = pd.Timestamp.now().floor("s") if now is None else pd.Timestamp(now).floor("s")
    wijken = workspace.areas("wijken")
    municipalities = workspace.areas("municipalities")
    incidents = workspace.incidents(
        start=now - pd.Timedelta(days=365), end=now, columns=["wijk", "in_zone"]
    )
    hot = gpd.GeoSeries([], crs=CRS)
    if len(incidents):
        centres = []
        for nis in municipalities["nis"]:
            areas = wijken[wijken["nis"].eq(nis)]
            inside = incidents[incidents["wijk"].isin(areas["code"])]
            _, best = grid_hotspots(inside, areas, cell_size=150, top=4)
            centres.append(best.geometry.centroid)
        hot = gpd.GeoSeries(pd.concat(centres, ignore_index=True), crs=CRS)
    signals, history, services = generate_demo_signals(
        wijken, municipalities, now=now, hot_points=hot, seed=seed
    )
    store = SignalStore(workspace)
    added = store.import_signals(signals, history)
    store.put_services(services)
    _demo_partner_municipality(workspace, str(municipalities["nis"].min()))
    return added


def _demo_partner_municipality(workspace: GeoPackageWorkspace, nis: str) -> None:
    """Let the demo partner see the signals of one municipality (a synthetic workspace only)."""
    if not workspace.is_synthetic():
        return
    from gis.io_backends import access_store_for

    store = access_store_for(workspace)
    partners = [u.name for u in store.users() if u.role.value == "partner" and u.demo]
    if partners:
        store.put_settings({f"signals.partner_nis.{name}": nis for name in partners})
