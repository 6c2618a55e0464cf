"""Storage of signals in the workspace: layers ``signals``, ``signal_history``,
``signal_types``, ``signal_services``, ``signal_handovers``, ``signal_photos``.

Every write is one transaction of the workspace (:meth:`GeoPackageWorkspace.edit_layers`:
a working copy under the workspace lock, renamed over the workspace when the block
succeeds), and reads the current state *inside* that transaction, so two chiefs changing
signals at once never undo each other's change.

Where photos live
-----------------
Photo files are kept next to the workspace, in ``WS.signal-photos/``, named after the SHA-256
of their (cleaned) content; the ``signal_photos`` table in the workspace says which photo
belongs to which signal. Not as BLOBs in the GeoPackage, because:

* every write of the workspace copies the whole GeoPackage; a few hundred photos of up to a
  few hundred kB each would multiply the cost of every status change and every import;
* the GeoPackage is opened in QGIS and handed around; photos of the street may show people
  and number plates, and should not travel with every copy of the map data;
* content-addressed files are written (atomically) before the transaction that refers to
  them: a failed transaction leaves at most an unreferenced file, never a reference to a
  missing one, and the same photo uploaded twice is stored once;
* a stored name is 64 hex digits and an extension, checked on every read: no user-supplied
  text ever becomes a path.

A backup of a workspace is therefore the ``.gpkg`` plus its ``.signal-photos`` folder. A
PostGIS backend would keep the photos in a ``bytea`` table instead.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from gis.errors import ValidationError, WorkspaceError
from gis.io_workspace import GeoPackageWorkspace
from gis.photos import CleanPhoto
from gis.schema import CRS
from gis.signals import (
    HANDOVER_COLUMNS,
    HISTORY_COLUMNS,
    NewSignal,
    StatusChange,
    apply_change,
    check_services,
    check_types,
    default_types,
    empty_handovers,
    empty_history,
    empty_services,
    empty_signals,
    mark_reviewed,
    new_signals,
    normalise_signals,
)

SIGNAL_LAYER = "signals"
HISTORY_LAYER = "signal_history"
TYPES_LAYER = "signal_types"
SERVICES_LAYER = "signal_services"
HANDOVERS_LAYER = "signal_handovers"
PHOTOS_LAYER = "signal_photos"
SIGNAL_LAYERS: tuple[str, ...] = (
    SIGNAL_LAYER, HISTORY_LAYER, TYPES_LAYER, SERVICES_LAYER, HANDOVERS_LAYER, PHOTOS_LAYER,
)  # fmt: skip

PHOTO_COLUMNS: tuple[str, ...] = (
    "signal_id", "photo_id", "file", "mime", "width", "height", "bytes", "name", "added_at",
    "added_by",
)  # fmt: skip
"""One row per photo of a signal; ``file`` is the name in the photo folder."""

_PHOTO_FILE = re.compile(r"^[0-9a-f]{64}\.(jpg|png)$")


def photo_dir(workspace: GeoPackageWorkspace) -> Path:
    """Return the folder holding a workspace's signal photos: ``WS.signal-photos``."""
    return workspace.path.with_name(f"{workspace.path.stem}.signal-photos")


def _layers(path: Path) -> set[str]:
    return set(pyogrio.list_layers(path)[:, 0])


def _read(path: Path, layer: str, where: str | None = None) -> pd.DataFrame:
    return pyogrio.read_dataframe(path, layer=layer, use_arrow=True, where=where)


def _write(frame: pd.DataFrame, path: Path, layer: str, *, append: bool = False) -> None:
    kwargs = {"geometry_type": "Point"} if layer == SIGNAL_LAYER else {}
    if not isinstance(frame, gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(frame)
    pyogrio.write_dataframe(
        frame, path, layer=layer, driver="GPKG", append=append, use_arrow=True, **kwargs
    )


def _signals_at(path: Path) -> gpd.GeoDataFrame:
    if SIGNAL_LAYER not in _layers(path):
        return empty_signals()
    return normalise_signals(_read(path, SIGNAL_LAYER))


def _history(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(frame).copy()
    for column in HISTORY_COLUMNS:
        if column == "at":
            out[column] = pd.to_datetime(out[column]).astype("datetime64[ns]")
        else:
            out[column] = out[column].astype("str").where(out[column].notna(), "").astype("str")
    return out[list(HISTORY_COLUMNS)]


def _photos(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(frame).copy()
    for column in PHOTO_COLUMNS:
        if column in ("width", "height", "bytes"):
            out[column] = out[column].astype("int64")
        elif column == "added_at":
            out[column] = pd.to_datetime(out[column]).astype("datetime64[ns]")
        else:
            out[column] = out[column].astype("str").where(out[column].notna(), "").astype("str")
    return out[list(PHOTO_COLUMNS)]


def _empty_photos() -> pd.DataFrame:
    return _photos(pd.DataFrame({c: pd.Series(dtype="str") for c in PHOTO_COLUMNS}))


def _quoted(values: Sequence[str]) -> str:
    return ",".join("'" + str(v).replace("'", "''") + "'" for v in values)


class SignalStore:
    """The signals of one workspace.

    Parameters
    ----------
    workspace : GeoPackageWorkspace
    """

    def __init__(self, workspace: GeoPackageWorkspace) -> None:
        if not isinstance(workspace, GeoPackageWorkspace):
            raise WorkspaceError(
                f"signals are kept in GeoPackage workspaces only for now, not in "
                f"{type(workspace).__name__}"
            )
        self.workspace = workspace

    # -- reading --------------------------------------------------------------------------
    def has_signals(self) -> bool:
        """Tell whether the workspace has a ``signals`` layer yet."""
        return self.workspace.has_layer(SIGNAL_LAYER)

    def signals(
        self,
        *,
        nis: Sequence[str] | None = None,
        wijken: Sequence[str] | None = None,
        statuses: Sequence[str] | None = None,
    ) -> gpd.GeoDataFrame:
        """Read signals, filtered in the database on municipality, wijk and status.

        Returns
        -------
        geopandas.GeoDataFrame
            :data:`gis.signals.SIGNAL_COLUMNS`, EPSG:31370, sorted by ``reported_at``.
        """
        if not self.has_signals():
            return empty_signals()
        clauses = []
        for column, values in (("nis", nis), ("wijk", wijken), ("status", statuses)):
            if values is not None:
                clauses.append(f'"{column}" IN ({_quoted(values)})' if len(values) else "0")
        frame = _read(self.workspace.path, SIGNAL_LAYER, " AND ".join(clauses) or None)
        signals = normalise_signals(frame)
        return signals.sort_values(["reported_at", "signal_id"]).reset_index(drop=True)

    def history(self, signal_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """Read the status history (of some signals), oldest first."""
        if not self.workspace.has_layer(HISTORY_LAYER):
            return empty_history()
        where = None if signal_ids is None else f'"signal_id" IN ({_quoted(signal_ids)})'
        if signal_ids is not None and not len(signal_ids):
            return empty_history()
        frame = _history(_read(self.workspace.path, HISTORY_LAYER, where))
        return frame.sort_values("at", kind="stable").reset_index(drop=True)

    def types(self) -> pd.DataFrame:
        """Read the signal types (the defaults of :func:`gis.signals.default_types` until a
        list is stored)."""
        if not self.workspace.has_layer(TYPES_LAYER):
            return default_types()
        return check_types(_read(self.workspace.path, TYPES_LAYER))

    def services(self) -> pd.DataFrame:
        """Read the responsible-service table (empty until one is stored)."""
        if not self.workspace.has_layer(SERVICES_LAYER):
            return empty_services()
        return check_services(_read(self.workspace.path, SERVICES_LAYER))

    def handovers(self) -> pd.DataFrame:
        """Read the record of hand-overs, newest first."""
        if not self.workspace.has_layer(HANDOVERS_LAYER):
            return empty_handovers()
        frame = pd.DataFrame(_read(self.workspace.path, HANDOVERS_LAYER))
        frame["created_at"] = pd.to_datetime(frame["created_at"]).astype("datetime64[ns]")
        for column in ("count", "marked"):
            frame[column] = frame[column].astype("int64")
        for column in ("handover_id", "service", "created_by", "signal_ids", "files"):
            frame[column] = frame[column].astype("str").where(frame[column].notna(), "")
        frame = frame[list(HANDOVER_COLUMNS)]
        return frame.sort_values("created_at", ascending=False).reset_index(drop=True)

    def photos(self, signal_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """Read the photo records (of some signals)."""
        if not self.workspace.has_layer(PHOTOS_LAYER):
            return _empty_photos()
        if signal_ids is not None and not len(signal_ids):
            return _empty_photos()
        where = None if signal_ids is None else f'"signal_id" IN ({_quoted(signal_ids)})'
        return _photos(_read(self.workspace.path, PHOTOS_LAYER, where)).reset_index(drop=True)

    def photo_path(self, file: str) -> Path:
        """Return the path of a stored photo file, after checking its name.

        Raises
        ------
        ValidationError
            When ``file`` is not a stored photo name (64 hex digits + ``.jpg``/``.png``).
        WorkspaceError
            When the file is missing.
        """
        if not isinstance(file, str) or not _PHOTO_FILE.match(file):
            raise ValidationError(f"file={file!r} is not a photo name of the workspace")
        path = photo_dir(self.workspace) / file
        if not path.is_file():
            raise WorkspaceError(f"photo {file} is missing from {photo_dir(self.workspace)}")
        return path

    def photo_bytes(self, file: str) -> bytes:
        """Return the content of a stored photo file (see :meth:`photo_path`)."""
        return self.photo_path(file).read_bytes()

    # -- writing --------------------------------------------------------------------------
    def _store_photo_files(self, photos: Sequence[CleanPhoto]) -> None:
        folder = photo_dir(self.workspace)
        folder.mkdir(exist_ok=True)
        for photo in photos:
            target = folder / photo.file_name
            if target.is_file():
                continue
            handle, name = tempfile.mkstemp(prefix=".photo-", dir=folder)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(photo.data)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(name, target)
            finally:
                Path(name).unlink(missing_ok=True)

    @staticmethod
    def _photo_rows(
        signal_id: str, photos: Sequence[CleanPhoto], *, by: str, at: pd.Timestamp
    ) -> pd.DataFrame:
        return _photos(
            pd.DataFrame(
                [
                    {
                        "signal_id": signal_id,
                        "photo_id": p.photo_id,
                        "file": p.file_name,
                        "mime": p.mime,
                        "width": p.width,
                        "height": p.height,
                        "bytes": len(p.data),
                        "name": p.name,
                        "added_at": at,
                        "added_by": by,
                    }
                    for p in photos
                ],
                columns=list(PHOTO_COLUMNS),
            )
        )

    def record(
        self,
        records: Sequence[NewSignal],
        *,
        photos: Mapping[int, Sequence[CleanPhoto]] | None = None,
        now: pd.Timestamp | None = None,
    ) -> gpd.GeoDataFrame:
        """Record new signals (and their photos) in one transaction.

        Parameters
        ----------
        records : sequence of NewSignal
        photos : mapping of int to sequence of CleanPhoto, optional
            Cleaned photos (:func:`gis.photos.clean_photo`) per position in ``records``.
        now : pandas.Timestamp, optional
            The moment of recording (default: now).

        Returns
        -------
        geopandas.GeoDataFrame
            The stored rows (with their ids, NIS and wijk codes).
        """
        now = pd.Timestamp.now().floor("s") if now is None else pd.Timestamp(now).floor("s")
        types = self.types()
        signals, history = new_signals(
            records,
            types=types,
            municipalities=self.workspace.areas("municipalities"),
            wijken=self.workspace.areas("wijken"),
            now=now,
        )
        if signals.empty:
            return signals
        photo_rows = []
        for position, items in (photos or {}).items():
            if not 0 <= position < len(signals):
                raise ValidationError(f"photos for signal {position + 1}, which is not recorded")
            sid = str(signals.at[position, "signal_id"])
            by = str(signals.at[position, "reported_by"])
            photo_rows.append(self._photo_rows(sid, items, by=by, at=now))
            self._store_photo_files(items)
        with self.workspace.edit_layers() as target:
            existing = _layers(target)
            if SIGNAL_LAYER in existing:
                clash = set(_signals_at(target)["signal_id"]) & set(signals["signal_id"])
                if clash:
                    first = sorted(clash)[0]
                    raise ValidationError(
                        f"signal_id {first!r} is already stored",
                        key="error.signal_id_stored",
                        values={"id": first},
                    )
            if TYPES_LAYER not in existing:
                _write(types, target, TYPES_LAYER)
            _write(signals, target, SIGNAL_LAYER, append=SIGNAL_LAYER in existing)
            _write(history, target, HISTORY_LAYER, append=HISTORY_LAYER in existing)
            if photo_rows:
                rows = pd.concat(photo_rows, ignore_index=True)
                _write(rows, target, PHOTOS_LAYER, append=PHOTOS_LAYER in existing)
        return signals

    def add_photos(
        self,
        signal_id: str,
        photos: Sequence[CleanPhoto],
        *,
        by: str,
        now: pd.Timestamp | None = None,
    ) -> None:
        """Add cleaned photos to a stored signal."""
        if not photos:
            return
        now = pd.Timestamp.now().floor("s") if now is None else pd.Timestamp(now).floor("s")
        if not by.strip():
            raise ValidationError("adding a photo needs the name of who adds it (by)")
        self._store_photo_files(photos)
        rows = self._photo_rows(signal_id, photos, by=by.strip(), at=now)
        with self.workspace.edit_layers() as target:
            if signal_id not in set(_signals_at(target)["signal_id"]):
                raise ValidationError(f"signal_id={signal_id!r} is not a stored signal")
            existing = _layers(target)
            if PHOTOS_LAYER in existing:
                stored = _read(target, PHOTOS_LAYER)
                taken = set(zip(stored["signal_id"], stored["photo_id"], strict=True))
                rows = rows[[(signal_id, p) not in taken for p in rows["photo_id"]]]
            if len(rows):
                _write(rows, target, PHOTOS_LAYER, append=PHOTOS_LAYER in existing)

    def change_status(
        self, changes: Sequence[StatusChange], *, now: pd.Timestamp | None = None
    ) -> gpd.GeoDataFrame:
        """Apply status changes in one transaction (all or none).

        Raises
        ------
        ValidationError
            From :func:`gis.signals.apply_change` (illegal transition, missing service, …);
            nothing is stored then.

        Returns
        -------
        geopandas.GeoDataFrame
            The changed signals as stored.
        """
        now = pd.Timestamp.now().floor("s") if now is None else pd.Timestamp(now)
        if not changes:
            return empty_signals()
        with self.workspace.edit_layers() as target:
            signals, history = self._apply(target, changes, now)
            _write(signals, target, SIGNAL_LAYER)
            _write(history, target, HISTORY_LAYER, append=HISTORY_LAYER in _layers(target))
        changed = signals["signal_id"].isin([c.signal_id for c in changes])
        return signals[changed.to_numpy()].reset_index(drop=True)

    @staticmethod
    def _apply(
        target: Path, changes: Sequence[StatusChange], now: pd.Timestamp
    ) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
        signals = _signals_at(target)
        rows = []
        for change in changes:
            signals, row = apply_change(signals, change, now=now)
            rows.append(row)
        history = pd.concat(rows, ignore_index=True) if rows else empty_history()
        return signals, history

    def review(self, signal_ids: Sequence[str], *, by: str, shareable: bool = True) -> None:
        """Mark signals reviewed by a chief: their free text and photos may reach partners
        (``shareable=False`` withdraws that)."""
        with self.workspace.edit_layers() as target:
            signals = mark_reviewed(_signals_at(target), signal_ids, by=by, shareable=shareable)
            _write(signals, target, SIGNAL_LAYER)

    def put_types(self, types: pd.DataFrame) -> pd.DataFrame:
        """Replace the type list. A type still used by a stored signal may be deactivated
        (``active`` false) but not removed.

        Returns
        -------
        pandas.DataFrame
            The stored list.
        """
        checked = check_types(types)
        with self.workspace.edit_layers() as target:
            used = set(_signals_at(target)["type"])
            dropped = sorted(used - set(checked["code"]))
            if dropped:
                raise ValidationError(
                    f"signal type {dropped[0]!r} is used by stored signals; set active=false "
                    "instead of removing it",
                    key="error.signal_type_in_use",
                    values={"code": dropped[0]},
                )
            _write(checked, target, TYPES_LAYER)
        return checked

    def put_services(self, services: pd.DataFrame) -> pd.DataFrame:
        """Replace the responsible-service table (checked against the type list)."""
        checked = check_services(services, types=self.types())
        with self.workspace.edit_layers() as target:
            _write(checked, target, SERVICES_LAYER)
        return checked

    def import_signals(
        self,
        signals: gpd.GeoDataFrame,
        history: pd.DataFrame,
        *,
        types: pd.DataFrame | None = None,
    ) -> int:
        """Append ready-made signals and their history (bulk import, demo) in one transaction.

        Signals whose id is already stored are skipped (re-importing a file adds nothing).

        Returns
        -------
        int
            The number of signals added.
        """
        signals = normalise_signals(signals)
        if signals.crs is None or not signals.crs.equals(CRS):
            raise ValidationError(f"signals must be in {CRS}")
        history = _history(history)
        with self.workspace.edit_layers() as target:
            existing = _layers(target)
            stored = set(_signals_at(target)["signal_id"])
            new = signals[~signals["signal_id"].isin(stored)]
            if types is not None:
                _write(check_types(types), target, TYPES_LAYER)
            elif TYPES_LAYER not in existing:
                _write(default_types(), target, TYPES_LAYER)
            if new.empty:
                return 0
            _write(new, target, SIGNAL_LAYER, append=SIGNAL_LAYER in existing)
            rows = history[history["signal_id"].isin(set(new["signal_id"]))]
            if len(rows):
                _write(rows, target, HISTORY_LAYER, append=HISTORY_LAYER in existing)
        return len(new)

    def record_handover(
        self,
        record: Mapping[str, object],
        changes: Sequence[StatusChange] = (),
        *,
        now: pd.Timestamp | None = None,
    ) -> None:
        """Store that a list was handed to a service, and mark its new signals
        ``doorgegeven``, in one transaction.

        Parameters
        ----------
        record : mapping
            Values of :data:`gis.signals.HANDOVER_COLUMNS`.
        changes : sequence of StatusChange
            The ``doorgegeven`` changes that go with it.
        """
        missing = [c for c in HANDOVER_COLUMNS if c not in record]
        if missing:
            raise ValidationError(f"the hand-over record lacks {missing}")
        now = pd.Timestamp.now().floor("s") if now is None else pd.Timestamp(now)
        row = pd.DataFrame([{c: record[c] for c in HANDOVER_COLUMNS}])
        row = row.astype({"count": "int64", "marked": "int64"})
        row["created_at"] = pd.to_datetime(row["created_at"]).astype("datetime64[ns]")
        for column in ("handover_id", "service", "created_by", "signal_ids", "files"):
            row[column] = row[column].astype("str")
        with self.workspace.edit_layers() as target:
            existing = _layers(target)
            if changes:
                signals, history = self._apply(target, changes, now)
                _write(signals, target, SIGNAL_LAYER)
                _write(history, target, HISTORY_LAYER, append=HISTORY_LAYER in existing)
            _write(row, target, HANDOVERS_LAYER, append=HANDOVERS_LAYER in existing)
