"""The workspace store: one GeoPackage per zone team (opens in QGIS).

Layers: ``incidents`` (canonical schema), ``police_zones``, ``municipalities``,
``deelgemeenten``, ``wijken``, and tables ``import_log``, ``rejects`` and ``meta``.

Every write is all-or-nothing: the change is made on a copy next to the workspace, which
replaces the original in one atomic rename only when everything succeeded. Writers are
serialised by a lock file. All access goes through :class:`GeoPackageWorkspace`, whose
public methods are the interface a PostGIS backend implements too.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from gis.errors import WorkspaceError
from gis.io_geography import ATTRIBUTION, ZoneGeography
from gis.schema import CRS, INCIDENT_COLUMNS, empty_incidents, validate_incidents
from gis.workspace import VISIT_COLUMNS, Visit, empty_visits, visits_frame, zone_geography_of

AREA_LAYERS: tuple[str, ...] = ("police_zones", "municipalities", "deelgemeenten", "wijken")
IMPORT_LOG_COLUMNS: tuple[str, ...] = (
    "import_id",
    "imported_at",
    "file",
    "read",
    "stored",
    "rejected",
    "duplicates",
    "crs",
    "reject_report",
)
REJECT_COLUMNS: tuple[str, ...] = ("import_id", "row", "field", "value", "reason", "kind")


def _write(frame: pd.DataFrame, path: Path, layer: str, *, append: bool = False) -> None:
    kwargs = {"geometry_type": "Point"} if layer == "incidents" else {}
    if not isinstance(frame, gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(frame)  # attribute-only table
    pyogrio.write_dataframe(
        frame, path, layer=layer, driver="GPKG", append=append, use_arrow=True, **kwargs
    )


class GeoPackageWorkspace:
    """A workspace stored in one GeoPackage file.

    Parameters
    ----------
    path : str or pathlib.Path
        The ``.gpkg`` file.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    # -- creation -----------------------------------------------------------------------
    @classmethod
    def create(
        cls, path: str | Path, zones: Sequence[ZoneGeography], *, synthetic: bool = False
    ) -> GeoPackageWorkspace:
        """Create a new workspace for one or more zones.

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write the GeoPackage; must not exist yet.
        zones : sequence of ZoneGeography
            The zones whose areas the workspace holds.
        synthetic : bool, default False
            Mark the workspace as holding synthetic (demo) data.

        Returns
        -------
        GeoPackageWorkspace

        Raises
        ------
        WorkspaceError
            If ``path`` exists already.
        """
        workspace = cls(path)
        if workspace.path.exists():
            raise WorkspaceError(f"workspace {str(path)!r} exists already")
        if not zones:
            raise WorkspaceError("a workspace needs at least one zone")
        workspace.path.parent.mkdir(parents=True, exist_ok=True)
        with workspace._transaction(new=True) as target:
            for layer in AREA_LAYERS:
                frames = [z.zone if layer == "police_zones" else getattr(z, layer) for z in zones]
                _write(pd.concat(frames, ignore_index=True), target, layer)
            _write(empty_incidents(), target, "incidents")
            _write(pd.DataFrame({c: pd.Series(dtype="str") for c in IMPORT_LOG_COLUMNS}),
                   target, "import_log")  # fmt: skip
            _write(pd.DataFrame({c: pd.Series(dtype="str") for c in REJECT_COLUMNS}),
                   target, "rejects")  # fmt: skip
            meta = pd.DataFrame(
                {
                    "key": ["attribution", "synthetic", "zones", "crs"],
                    "value": [
                        ATTRIBUTION,
                        str(bool(synthetic)).lower(),
                        ",".join(z.code for z in zones),
                        CRS,
                    ],
                }
            )
            _write(meta, target, "meta")
        return workspace

    # -- reading ------------------------------------------------------------------------
    def _check_exists(self) -> None:
        if not self.path.is_file():
            raise WorkspaceError(
                f"workspace {str(self.path)!r} does not exist; create it with "
                "`wijkradar demo` or `wijkradar workspace create`"
            )

    def meta(self) -> dict[str, str]:
        """Return the workspace's key/value metadata (attribution, synthetic, zones)."""
        self._check_exists()
        table = pyogrio.read_dataframe(self.path, layer="meta", read_geometry=False)
        return dict(zip(table["key"], table["value"], strict=True))

    def is_synthetic(self) -> bool:
        """Tell whether the workspace holds synthetic (demo) data."""
        return self.meta().get("synthetic") == "true"

    @property
    def location(self) -> str:
        """The workspace's file, for people."""
        return str(self.path)

    # -- visits (appended in place under the workspace lock) ------------------------------
    def record_visits(self, visits: Sequence[Visit]) -> None:
        """Append visits to the ``visits`` layer (created on first use), all or nothing.

        Not a copy + rename like the other writes: a visit is small and frequent, so it is
        appended in place in one SQLite transaction, while holding the workspace lock that
        every copy + rename writer holds too; so no writer's copy can miss it.
        """
        self._check_exists()
        frame = visits_frame(visits, recorded_at=pd.Timestamp.now().floor("s"))
        if frame.empty:
            return
        lock_path = self.path.with_name(f".{self.path.name}.lock")
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            exists = "visits" in set(pyogrio.list_layers(self.path)[:, 0])
            pyogrio.write_dataframe(
                frame, self.path, layer="visits", driver="GPKG", append=exists,
                geometry_type="Point", use_arrow=True,
            )  # fmt: skip

    def visits(
        self,
        *,
        inspectors: Sequence[str] | None = None,
        wijken: Sequence[str] | None = None,
        start: pd.Timestamp | None = None,
        end: pd.Timestamp | None = None,
    ) -> gpd.GeoDataFrame:
        """Read visits, filtered on inspector, wijk and ``start`` in ``[start, end)``."""
        self._check_exists()
        if "visits" not in set(pyogrio.list_layers(self.path)[:, 0]):
            return empty_visits()
        clauses = []
        for column, values in (("inspector", inspectors), ("wijk", wijken)):
            if values is not None:
                quoted = ",".join("'" + str(v).replace("'", "''") + "'" for v in values)
                clauses.append(f'"{column}" IN ({quoted})' if quoted else "0")
        if start is not None:
            clauses.append(f"\"start\" >= '{pd.Timestamp(start).isoformat()}'")
        if end is not None:
            clauses.append(f"\"start\" < '{pd.Timestamp(end).isoformat()}'")
        frame = pyogrio.read_dataframe(
            self.path, layer="visits", use_arrow=True, where=" AND ".join(clauses) or None
        )
        for column in ("start", "end", "recorded_at"):
            frame[column] = frame[column].astype("datetime64[ns]")
        return frame[list(VISIT_COLUMNS)].sort_values(["start", "visit_id"]).reset_index(drop=True)

    def areas(self, layer: str) -> gpd.GeoDataFrame:
        """Read one area layer: police_zones, municipalities, deelgemeenten or wijken.

        Parameters
        ----------
        layer : str
            One of :data:`AREA_LAYERS`.

        Returns
        -------
        geopandas.GeoDataFrame
        """
        if layer not in AREA_LAYERS:
            raise WorkspaceError(f"layer={layer!r} is not an area layer; allowed: {AREA_LAYERS}")
        self._check_exists()
        return pyogrio.read_dataframe(self.path, layer=layer, use_arrow=True)

    def zone_geography(self, code: str) -> ZoneGeography:
        """Return the areas of one of the workspace's zones (custom wijken included)."""
        return zone_geography_of(self, code)

    def incidents(
        self,
        *,
        nis: Sequence[str] | None = None,
        wijken: Sequence[str] | None = None,
        start: pd.Timestamp | None = None,
        end: pd.Timestamp | None = None,
        categories: Sequence[str] | None = None,
        columns: Sequence[str] | None = None,
    ) -> gpd.GeoDataFrame:
        """Read incidents, filtered in the database.

        Parameters
        ----------
        nis, wijken, categories : sequence of str, optional
            Keep incidents in these municipalities / wijken / categories.
        start, end : pandas.Timestamp, optional
            Keep incidents whose start lies in ``[start, end)``.
        columns : sequence of str, optional
            Attribute columns to read (default: all canonical columns).

        Returns
        -------
        geopandas.GeoDataFrame
            Canonical incidents, EPSG:31370.
        """
        self._check_exists()
        clauses = []
        for column, values in (("nis", nis), ("wijk", wijken), ("category", categories)):
            if values is not None:
                quoted = ",".join("'" + str(v).replace("'", "''") + "'" for v in values)
                clauses.append(f'"{column}" IN ({quoted})' if quoted else "0")
        if start is not None:
            clauses.append(f"\"start\" >= '{pd.Timestamp(start).isoformat()}'")
        if end is not None:
            clauses.append(f"\"start\" < '{pd.Timestamp(end).isoformat()}'")
        frame = pyogrio.read_dataframe(
            self.path,
            layer="incidents",
            use_arrow=True,
            where=" AND ".join(clauses) or None,
            columns=list(columns) if columns is not None else None,
        )
        for column in ("start", "end"):
            if column in frame:
                frame[column] = frame[column].astype("datetime64[ns]")
        return frame

    def incident_keys(self) -> pd.DataFrame:
        """Return the ``source`` and ``id`` of every stored incident (for deduplication)."""
        self._check_exists()
        return pyogrio.read_dataframe(
            self.path, layer="incidents", columns=["source", "id"], read_geometry=False
        )

    def import_log(self) -> pd.DataFrame:
        """Return one row per import: counts, file, CRS and reject report path."""
        self._check_exists()
        return pyogrio.read_dataframe(self.path, layer="import_log", read_geometry=False)

    def rejects(self, import_id: str | None = None) -> pd.DataFrame:
        """Return the stored reject lines, of one import or all."""
        self._check_exists()
        where = None if import_id is None else f"import_id = '{import_id}'"
        return pyogrio.read_dataframe(self.path, layer="rejects", read_geometry=False, where=where)

    # -- writing ------------------------------------------------------------------------
    @contextlib.contextmanager
    def _transaction(self, *, new: bool = False) -> Iterator[Path]:
        """Yield a working copy; it replaces the workspace only if the block succeeds."""
        if not new:
            self._check_exists()
        lock_path = self.path.with_name(f".{self.path.name}.lock")
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            handle, name = tempfile.mkstemp(
                prefix=f".{self.path.stem}-", suffix=".gpkg", dir=self.path.parent
            )
            os.close(handle)
            working = Path(name)
            try:
                if new:
                    working.unlink()
                else:
                    shutil.copyfile(self.path, working)
                yield working
                with open(working, "rb+") as done:
                    os.fsync(done.fileno())
                os.replace(working, self.path)
            finally:
                working.unlink(missing_ok=True)

    def store_import(
        self, incidents: gpd.GeoDataFrame, rejects: pd.DataFrame, log: dict[str, object]
    ) -> None:
        """Store one import (incidents, reject lines, log row) in a single transaction.

        Parameters
        ----------
        incidents : geopandas.GeoDataFrame
            Canonical incidents; validated again here.
        rejects : pandas.DataFrame
            Reject lines with :data:`REJECT_COLUMNS` but ``import_id`` (added here).
        log : dict
            Values of :data:`IMPORT_LOG_COLUMNS`.
        """
        incidents = validate_incidents(incidents)
        missing = [c for c in IMPORT_LOG_COLUMNS if c not in log]
        if missing:
            raise WorkspaceError(f"import log entry lacks {missing}")
        log_row = pd.DataFrame([{c: str(log[c]) for c in IMPORT_LOG_COLUMNS}])
        reject_rows = rejects.assign(import_id=str(log["import_id"]))[list(REJECT_COLUMNS)]
        reject_rows = reject_rows.astype("str")
        with self._transaction() as target:
            if len(incidents):
                _write(incidents, target, "incidents", append=True)
            if len(reject_rows):
                _write(reject_rows, target, "rejects", append=True)
            _write(log_row, target, "import_log", append=True)

    def replace_incidents(self, incidents: gpd.GeoDataFrame) -> None:
        """Rewrite the whole incident layer in one transaction (e.g. after geocoding)."""
        incidents = validate_incidents(incidents)
        with self._transaction() as target:
            pyogrio.write_dataframe(
                incidents[list(INCIDENT_COLUMNS)],
                target,
                layer="incidents",
                driver="GPKG",
                geometry_type="Point",
            )

    def replace_wijken(
        self, wijken: gpd.GeoDataFrame, incidents: gpd.GeoDataFrame | None = None
    ) -> None:
        """Replace the wijk layer (code, name, nis) and, with it, the incidents' assignment.

        Parameters
        ----------
        wijken : geopandas.GeoDataFrame
            The new wijk layer, EPSG:31370.
        incidents : geopandas.GeoDataFrame, optional
            All incidents, re-assigned to the new wijken; written in the same transaction.
        """
        if incidents is not None:
            incidents = validate_incidents(incidents)
        with self._transaction() as target:
            pyogrio.write_dataframe(
                wijken[["code", "name", "nis", "geometry"]], target, layer="wijken", driver="GPKG"
            )
            if incidents is not None:
                pyogrio.write_dataframe(
                    incidents, target, layer="incidents", driver="GPKG", geometry_type="Point"
                )

    @contextlib.contextmanager
    def edit_layers(self) -> Iterator[Path]:
        """Yield the working copy of one transaction, for modules that keep layers of their
        own (e.g. :mod:`gis.io_signals`): read and write those layers there; the copy
        replaces the workspace, under the workspace lock, only when the block succeeds.

        The layers of the canonical store must not be written this way (use its methods).
        """
        with self._transaction() as target:
            yield target

    # -- further tables (gazetteer, geocoding) -------------------------------------------
    def has_layer(self, layer: str) -> bool:
        """Tell whether the workspace holds a layer or table called ``layer``."""
        self._check_exists()
        return layer in set(pyogrio.list_layers(self.path)[:, 0])

    def read_layer(self, layer: str, *, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """Read a further layer or table (e.g. ``gazetteer_addresses``) written by
        :meth:`write_layers`; a GeoDataFrame when it has a geometry.

        Raises
        ------
        WorkspaceError
            When the workspace has no such layer.
        """
        if not self.has_layer(layer):
            raise WorkspaceError(f"workspace {self.path.name} has no layer {layer!r}")
        return pyogrio.read_dataframe(
            self.path,
            layer=layer,
            use_arrow=True,
            columns=list(columns) if columns is not None else None,
        )

    def write_layers(
        self,
        layers: dict[str, pd.DataFrame],
        *,
        append: Sequence[str] = (),
        incidents: gpd.GeoDataFrame | None = None,
    ) -> None:
        """Write further layers (replaced, or appended to when named in ``append``) and,
        optionally, the whole incident layer, in one transaction.

        The layers of the canonical store (areas, ``incidents``, ``meta``, ``import_log``,
        ``rejects``) cannot be written this way.
        """
        reserved = {*AREA_LAYERS, "incidents", "meta", "import_log", "rejects"}
        clash = sorted(set(layers) & reserved)
        if clash:
            raise WorkspaceError(f"layers {clash} belong to the canonical store; use its methods")
        if incidents is not None:
            incidents = validate_incidents(incidents)
        with self._transaction() as target:
            existing = set(pyogrio.list_layers(target)[:, 0])
            for name, frame in layers.items():
                _write(frame, target, name, append=name in append and name in existing)
            if incidents is not None:
                pyogrio.write_dataframe(
                    incidents, target, layer="incidents", driver="GPKG", geometry_type="Point"
                )
