"""The workspace on PostgreSQL + PostGIS, for zones that run a shared server.

One workspace is one schema in a database: ``postgresql://HOST/DB?schema=amow`` (default schema
``wijkradar``). Every write is one real transaction (psycopg 3; geometries go in and out as
WKB, converted with shapely, EPSG:31370). The same tables as the GeoPackage, plus ``users``,
``settings`` and an append-only ``audit`` (triggers raise on UPDATE, DELETE and TRUNCATE, and
those privileges are revoked from PUBLIC; run the app as a role that does not own the schema
so that it cannot drop the triggers either).

Credentials: put no password in a URL you type or store in the repository; use libpq's
``~/.pgpass`` / ``PGPASSFILE`` or ``PGPASSWORD`` from the environment. :attr:`location`
never shows a password.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import shapely
from psycopg import sql

from gis.access import Role, User
from gis.errors import WorkspaceError
from gis.io_access import AUDIT_APPEND_ONLY, audit_frame, checked_settings
from gis.io_geography import ATTRIBUTION, ZoneGeography
from gis.io_workspace import AREA_LAYERS, IMPORT_LOG_COLUMNS, REJECT_COLUMNS
from gis.schema import CRS, INCIDENT_COLUMNS, TEXT_COLUMNS, validate_incidents
from gis.workspace import (
    VISIT_COLUMNS,
    AuditEvent,
    Visit,
    empty_visits,
    visits_frame,
    zone_geography_of,
)

SRID = 31370
DEFAULT_SCHEMA = "wijkradar"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
AREA_COLUMNS: dict[str, tuple[str, ...]] = {
    "police_zones": ("code", "name"),
    "municipalities": ("nis", "name", "zone_code"),
    "deelgemeenten": ("code", "name", "nis"),
    "wijken": ("code", "name", "nis"),
}
_INCIDENT_TYPES = {
    **dict.fromkeys(TEXT_COLUMNS, "text"),
    "start": "timestamp",
    "end": "timestamp",
    "in_zone": "boolean",
    "synthetic": "boolean",
    "source_row": "bigint",
}

_ACCESS_DDL = f"""
CREATE TABLE IF NOT EXISTS users (
    name text PRIMARY KEY, role text NOT NULL, wijken jsonb NOT NULL, neighbours jsonb NOT NULL,
    email text, subject text, demo boolean NOT NULL DEFAULT false, password_hash text,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS settings (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
    seq bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(),
    "user" text NOT NULL, role text NOT NULL, action text NOT NULL, what text NOT NULL,
    filters jsonb NOT NULL, rows bigint NOT NULL, client text NOT NULL, detail text NOT NULL
);
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '{AUDIT_APPEND_ONLY}'; END $$;
DROP TRIGGER IF EXISTS audit_no_change ON audit;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
DROP TRIGGER IF EXISTS audit_no_truncate ON audit;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM PUBLIC;
"""


def is_postgres_url(location: str | os.PathLike[str]) -> bool:
    """Tell whether ``location`` is a ``postgresql://`` (or ``postgres://``) URL."""
    return str(location).startswith(("postgresql://", "postgres://"))


def split_url(url: str) -> tuple[str, str]:
    """Split a workspace URL into a libpq URL and the schema (``?schema=``, default
    :data:`DEFAULT_SCHEMA`)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = dict(query).get("schema", DEFAULT_SCHEMA)
    if not _SCHEMA_NAME.match(schema):
        raise WorkspaceError(
            f"schema={schema!r} is not allowed; use lower-case letters, digits and '_'"
        )
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema


def redacted(url: str) -> str:
    """Return ``url`` with any password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _text(values: pd.Series) -> list[object]:
    return [
        None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else str(v)
        for v in values.astype(object).tolist()
    ]


def _times(values: pd.Series) -> list[object]:
    values = pd.to_datetime(values)
    return [None if pd.isna(v) else v.to_pydatetime() for v in values]


def _ewkb(geometry: gpd.GeoSeries) -> list[object]:
    array = np.asarray(geometry.to_numpy(), dtype=object)
    missing = shapely.is_missing(array)
    hexed = shapely.to_wkb(array, hex=True, include_srid=False)
    return [None if m else h for m, h in zip(missing, hexed, strict=True)]


def _geometry(wkb: Sequence[object]) -> np.ndarray:
    values = np.array([bytes(b) if b is not None else None for b in wkb], dtype=object)
    return shapely.from_wkb(values)


class PostGISWorkspace:
    """A workspace stored in one schema of a PostgreSQL + PostGIS database.

    Parameters
    ----------
    url : str
        ``postgresql://[user@]host[:port]/db[?schema=NAME]``.
    """

    def __init__(self, url: str) -> None:
        if not is_postgres_url(url):
            raise WorkspaceError(f"{url!r} is not a postgresql:// URL")
        self.url = url
        self.conninfo, self.schema = split_url(url)
        database = urlsplit(self.conninfo).path.strip("/") or "postgres"
        report_dir = Path(os.environ.get("WIJKRADAR_REPORT_DIR", "."))
        self.path = report_dir / f"{database}-{self.schema}.postgis"

    @property
    def location(self) -> str:
        """The URL without its password."""
        return redacted(self.url)

    # -- connections ----------------------------------------------------------------------
    @contextlib.contextmanager
    def connect(self) -> Iterator[psycopg.Connection]:
        """A connection in one transaction (committed when the block succeeds)."""
        try:
            connection = psycopg.connect(
                self.conninfo, options=f"-c search_path={self.schema},public", connect_timeout=10
            )
        except psycopg.OperationalError as error:
            raise WorkspaceError(f"cannot connect to {self.location}: {error}") from None
        with connection:
            yield connection

    def _exists(self, connection: psycopg.Connection) -> bool:
        row = connection.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name = 'meta'",
            (self.schema,),
        ).fetchone()
        return row is not None

    def _check_exists(self, connection: psycopg.Connection) -> None:
        if not self._exists(connection):
            raise WorkspaceError(
                f"workspace {self.location} does not exist; create it with "
                "`wijkradar workspace create --workspace URL --zone CODE`"
            )

    # -- creation -------------------------------------------------------------------------
    @classmethod
    def create(
        cls, url: str, zones: Sequence[ZoneGeography], *, synthetic: bool = False
    ) -> PostGISWorkspace:
        """Create the workspace's schema and tables for one or more zones, in one transaction.

        Raises
        ------
        WorkspaceError
            If the schema holds a workspace already, or ``zones`` is empty.
        """
        workspace = cls(url)
        if not zones:
            raise WorkspaceError("a workspace needs at least one zone")
        with workspace.connect() as db:
            db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (workspace.schema,))
            if workspace._exists(db):
                raise WorkspaceError(f"workspace {workspace.location} exists already")
            db.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(workspace.schema))
            )
            db.execute("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public")
            for layer, columns in AREA_COLUMNS.items():
                cols = ", ".join(f'"{c}" text' for c in columns)
                db.execute(
                    f'CREATE TABLE "{layer}" (fid bigserial PRIMARY KEY, {cols}, '
                    f"geometry geometry(Geometry, {SRID}))"
                )
                frames = [z.zone if layer == "police_zones" else getattr(z, layer) for z in zones]
                workspace._insert_areas(db, layer, pd.concat(frames, ignore_index=True))
            cols = ", ".join(f'"{c}" {_INCIDENT_TYPES[c]}' for c in INCIDENT_COLUMNS[:-1])
            db.execute(
                f"CREATE TABLE incidents (fid bigserial PRIMARY KEY, {cols}, "
                f"geometry geometry(Point, {SRID}))"
            )
            for column in ("wijk", "nis", "start", "category"):
                db.execute(f'CREATE INDEX ON incidents ("{column}")')
            db.execute("CREATE INDEX ON incidents (source, id)")
            db.execute("CREATE INDEX ON incidents USING gist (geometry)")
            log_cols = ", ".join(f'"{c}" text' for c in IMPORT_LOG_COLUMNS)
            db.execute(f"CREATE TABLE import_log (fid bigserial PRIMARY KEY, {log_cols})")
            reject_cols = ", ".join(f'"{c}" text' for c in REJECT_COLUMNS)
            db.execute(f"CREATE TABLE rejects (fid bigserial PRIMARY KEY, {reject_cols})")
            db.execute(
                "CREATE TABLE visits (visit_id text PRIMARY KEY, inspector text NOT NULL, "
                'wijk text NOT NULL, place text NOT NULL, start timestamp NOT NULL, "end" '
                "timestamp NOT NULL, note text NOT NULL, recorded_at timestamp NOT NULL, "
                f"geometry geometry(Point, {SRID}))"
            )
            db.execute("CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL)")
            meta = {
                "attribution": ATTRIBUTION,
                "synthetic": str(bool(synthetic)).lower(),
                "zones": ",".join(z.code for z in zones),
                "crs": CRS,
            }
            with db.cursor() as cursor:
                cursor.executemany("INSERT INTO meta VALUES (%s, %s)", list(meta.items()))
            db.execute(_ACCESS_DDL)
        return workspace

    def _insert_areas(self, db: psycopg.Connection, layer: str, frame: gpd.GeoDataFrame) -> None:
        columns = AREA_COLUMNS[layer]
        frame = frame.to_crs(CRS)
        rows = zip(*[_text(frame[c]) for c in columns], _ewkb(frame.geometry), strict=True)
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        with db.cursor() as cursor:
            cursor.executemany(
                f'INSERT INTO "{layer}" ({names}, geometry) '
                f"VALUES ({marks}, ST_SetSRID(%s::geometry, {SRID}))",
                list(rows),
            )

    # -- reading --------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        """Return the workspace's key/value metadata (attribution, synthetic, zones)."""
        with self.connect() as db:
            self._check_exists(db)
            return dict(db.execute("SELECT key, value FROM meta ORDER BY key").fetchall())

    def is_synthetic(self) -> bool:
        """Tell whether the workspace holds synthetic (demo) data."""
        return self.meta().get("synthetic") == "true"

    def areas(self, layer: str) -> gpd.GeoDataFrame:
        """Read one area layer: police_zones, municipalities, deelgemeenten or wijken."""
        if layer not in AREA_LAYERS:
            raise WorkspaceError(f"layer={layer!r} is not an area layer; allowed: {AREA_LAYERS}")
        columns = AREA_COLUMNS[layer]
        names = ", ".join(f'"{c}"' for c in columns)
        with self.connect() as db:
            self._check_exists(db)
            rows = db.execute(
                f'SELECT {names}, ST_AsBinary(geometry) FROM "{layer}" ORDER BY fid'
            ).fetchall()
        data = list(zip(*rows, strict=True)) if rows else [[] for _ in range(len(columns) + 1)]
        frame = pd.DataFrame(
            {c: pd.Series(list(v), dtype="str") for c, v in zip(columns, data[:-1], strict=True)}
        )
        return gpd.GeoDataFrame(frame, geometry=_geometry(data[-1]), crs=CRS)

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
        """Read incidents, filtered in the database (see the GeoPackage workspace)."""
        attributes = list(INCIDENT_COLUMNS[:-1]) if columns is None else list(columns)
        unknown = [c for c in attributes if c not in INCIDENT_COLUMNS[:-1]]
        if unknown:
            raise WorkspaceError(f"columns {unknown} are not incident columns")
        clauses: list[sql.Composable] = []
        values: list[object] = []
        for column, wanted in (("nis", nis), ("wijk", wijken), ("category", categories)):
            if wanted is not None:
                clauses.append(sql.SQL("{} = ANY(%s)").format(sql.Identifier(column)))
                values.append([str(v) for v in wanted])
        if start is not None:
            clauses.append(sql.SQL('"start" >= %s'))
            values.append(pd.Timestamp(start).to_pydatetime())
        if end is not None:
            clauses.append(sql.SQL('"start" < %s'))
            values.append(pd.Timestamp(end).to_pydatetime())
        where = sql.SQL(" WHERE ") + sql.SQL(" AND ").join(clauses) if clauses else sql.SQL("")
        query = sql.SQL("SELECT {}, ST_AsBinary(geometry) FROM incidents{} ORDER BY fid").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in attributes)
            if attributes
            else sql.SQL("1"),
            where,
        )
        with self.connect() as db:
            self._check_exists(db)
            rows = db.execute(query, values).fetchall()
        data = list(zip(*rows, strict=True)) if rows else [[] for _ in range(len(attributes) + 1)]
        frame = pd.DataFrame(index=pd.RangeIndex(len(rows)))
        for column, column_values in zip(attributes, data[: len(attributes)], strict=False):
            kind = _INCIDENT_TYPES[column]
            if kind == "text":
                frame[column] = pd.Series(list(column_values), dtype="str")
            elif kind == "timestamp":
                frame[column] = pd.Series(list(column_values), dtype="datetime64[ns]")
            elif kind == "boolean":
                frame[column] = pd.Series(list(column_values), dtype=bool)
            else:
                frame[column] = pd.Series(list(column_values), dtype="int64")
        return gpd.GeoDataFrame(frame, geometry=_geometry(data[-1]), crs=CRS)

    def incident_keys(self) -> pd.DataFrame:
        """Return the ``source`` and ``id`` of every stored incident (for deduplication)."""
        frame = self.incidents(columns=["source", "id"])
        return pd.DataFrame(frame[["source", "id"]])

    def _text_table(
        self, table: str, columns: Sequence[str], where: str = "", values: Sequence[object] = ()
    ) -> pd.DataFrame:
        names = ", ".join(f'"{c}"' for c in columns)
        with self.connect() as db:
            self._check_exists(db)
            rows = db.execute(f"SELECT {names} FROM {table}{where} ORDER BY fid", values).fetchall()
        data = list(zip(*rows, strict=True)) if rows else [[] for _ in columns]
        return pd.DataFrame(
            {c: pd.Series(list(v), dtype="str") for c, v in zip(columns, data, strict=True)}
        )

    def import_log(self) -> pd.DataFrame:
        """Return one row per import: counts, file, CRS and reject report path."""
        return self._text_table("import_log", IMPORT_LOG_COLUMNS)

    def rejects(self, import_id: str | None = None) -> pd.DataFrame:
        """Return the stored reject lines, of one import or all."""
        if import_id is None:
            return self._text_table("rejects", REJECT_COLUMNS)
        return self._text_table("rejects", REJECT_COLUMNS, " WHERE import_id = %s", [import_id])

    # -- writing --------------------------------------------------------------------------
    def _copy_incidents(self, db: psycopg.Connection, incidents: gpd.GeoDataFrame) -> None:
        columns = list(INCIDENT_COLUMNS[:-1])
        converted = []
        for column in columns:
            kind = _INCIDENT_TYPES[column]
            values = incidents[column]
            if kind == "text":
                converted.append(_text(values))
            elif kind == "timestamp":
                converted.append(_times(values))
            elif kind == "boolean":
                converted.append([bool(v) for v in values.tolist()])
            else:
                converted.append([int(v) for v in values.tolist()])
        converted.append(_ewkb(incidents.geometry))
        names = ", ".join(f'"{c}"' for c in columns)
        with (
            db.cursor() as cursor,
            cursor.copy(f"COPY incidents ({names}, geometry) FROM STDIN") as copy,
        ):
            for row in zip(*converted, strict=True):
                copy.write_row(row)

    def _lock(self, db: psycopg.Connection) -> None:
        db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.schema + ".write",))

    def store_import(
        self, incidents: gpd.GeoDataFrame, rejects: pd.DataFrame, log: dict[str, object]
    ) -> None:
        """Store one import (incidents, reject lines, log row) in a single transaction."""
        incidents = validate_incidents(incidents)
        missing = [c for c in IMPORT_LOG_COLUMNS if c not in log]
        if missing:
            raise WorkspaceError(f"import log entry lacks {missing}")
        reject_rows = rejects.assign(import_id=str(log["import_id"]))[list(REJECT_COLUMNS)]
        with self.connect() as db:
            self._check_exists(db)
            self._lock(db)
            if len(incidents):
                self._copy_incidents(db, incidents)
            with db.cursor() as cursor:
                if len(reject_rows):
                    names = ", ".join(f'"{c}"' for c in REJECT_COLUMNS)
                    cursor.executemany(
                        f"INSERT INTO rejects ({names}) VALUES "
                        f"({', '.join(['%s'] * len(REJECT_COLUMNS))})",
                        list(zip(*[_text(reject_rows[c]) for c in REJECT_COLUMNS], strict=True)),
                    )
                names = ", ".join(f'"{c}"' for c in IMPORT_LOG_COLUMNS)
                cursor.execute(
                    f"INSERT INTO import_log ({names}) VALUES "
                    f"({', '.join(['%s'] * len(IMPORT_LOG_COLUMNS))})",
                    [str(log[c]) for c in IMPORT_LOG_COLUMNS],
                )

    def replace_incidents(self, incidents: gpd.GeoDataFrame) -> None:
        """Rewrite the whole incident table in one transaction (e.g. after geocoding)."""
        incidents = validate_incidents(incidents)
        with self.connect() as db:
            self._check_exists(db)
            self._lock(db)
            db.execute("DELETE FROM incidents")
            self._copy_incidents(db, incidents)

    def replace_wijken(
        self, wijken: gpd.GeoDataFrame, incidents: gpd.GeoDataFrame | None = None
    ) -> None:
        """Replace the wijk layer (code, name, nis) and, with it, the incidents' assignment."""
        if incidents is not None:
            incidents = validate_incidents(incidents)
        with self.connect() as db:
            self._check_exists(db)
            self._lock(db)
            db.execute("DELETE FROM wijken")
            self._insert_areas(db, "wijken", wijken)
            if incidents is not None:
                db.execute("DELETE FROM incidents")
                self._copy_incidents(db, incidents)

    # -- visits ---------------------------------------------------------------------------
    def record_visits(self, visits: Sequence[Visit]) -> None:
        """Append visits in one transaction."""
        frame = visits_frame(visits, recorded_at=pd.Timestamp.now().floor("s"))
        if frame.empty:
            return
        rows = zip(
            *[_text(frame[c]) for c in ("visit_id", "inspector", "wijk", "place")],
            _times(frame["start"]),
            _times(frame["end"]),
            _text(frame["note"]),
            _times(frame["recorded_at"]),
            _ewkb(frame.geometry),
            strict=True,
        )
        with self.connect() as db:
            self._check_exists(db)
            with db.cursor() as cursor:
                cursor.executemany(
                    'INSERT INTO visits (visit_id, inspector, wijk, place, start, "end", note, '
                    "recorded_at, geometry) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, "
                    f"ST_SetSRID(%s::geometry, {SRID}))",
                    list(rows),
                )

    def visits(
        self,
        *,
        inspectors: Sequence[str] | None = None,
        wijken: Sequence[str] | None = None,
        start: pd.Timestamp | None = None,
        end: pd.Timestamp | None = None,
    ) -> gpd.GeoDataFrame:
        """Read visits, filtered on inspector, wijk and ``start`` in ``[start, end)``."""
        clauses, values = [], []
        for column, wanted in (("inspector", inspectors), ("wijk", wijken)):
            if wanted is not None:
                clauses.append(f"{column} = ANY(%s)")
                values.append([str(v) for v in wanted])
        if start is not None:
            clauses.append("start >= %s")
            values.append(pd.Timestamp(start).to_pydatetime())
        if end is not None:
            clauses.append("start < %s")
            values.append(pd.Timestamp(end).to_pydatetime())
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        names = ", ".join(f'"{c}"' for c in VISIT_COLUMNS[:-1])
        with self.connect() as db:
            self._check_exists(db)
            rows = db.execute(
                f"SELECT {names}, ST_AsBinary(geometry) FROM visits{where} "
                "ORDER BY start, visit_id",
                values,
            ).fetchall()
        if not rows:
            return empty_visits()
        data = list(zip(*rows, strict=True))
        frame = pd.DataFrame(
            {
                c: pd.Series(
                    list(v),
                    dtype="datetime64[ns]" if c in ("start", "end", "recorded_at") else "str",
                )
                for c, v in zip(VISIT_COLUMNS[:-1], data[:-1], strict=True)
            }
        )
        return gpd.GeoDataFrame(frame, geometry=_geometry(data[-1]), crs=CRS)

    # -- further layers (gazetteer, geocoding) -------------------------------------------
    def has_layer(self, layer: str) -> bool:
        """Tell whether the workspace holds a table called ``layer``."""
        with self.connect() as db:
            self._check_exists(db)
            return self._has_table(db, layer)

    def _has_table(self, db: psycopg.Connection, layer: str) -> bool:
        row = db.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
            (self.schema, layer),
        ).fetchone()
        return row is not None

    def read_layer(self, layer: str, *, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """Read a further table written by :meth:`write_layers` (with the dtypes it had)."""
        with self.connect() as db:
            self._check_exists(db)
            if not self._has_table(db, layer) or not self._has_table(db, "layer_columns"):
                raise WorkspaceError(f"workspace {self.location} has no layer {layer!r}")
            kinds = db.execute(
                'SELECT "column", kind, srid FROM layer_columns WHERE layer = %s ORDER BY pos',
                (layer,),
            ).fetchall()
            wanted = [k for k in kinds if k[1] == "geometry" or columns is None or k[0] in columns]
            selects = sql.SQL(", ").join(
                sql.SQL("ST_AsBinary({})").format(sql.Identifier(c))
                if kind == "geometry"
                else sql.Identifier(c)
                for c, kind, _ in wanted
            )
            rows = db.execute(
                sql.SQL("SELECT {} FROM {} ORDER BY fid").format(selects, sql.Identifier(layer))
            ).fetchall()
        data = list(zip(*rows, strict=True)) if rows else [[] for _ in wanted]
        frame = pd.DataFrame(index=pd.RangeIndex(len(rows)))
        geometry = None
        for (column, kind, srid), values in zip(wanted, data, strict=True):
            if kind == "geometry":
                geometry = (column, _geometry(values), srid)
                continue
            dtype = {
                "text": "str",
                "double precision": "float64",
                "bigint": "int64",
                "boolean": bool,
                "timestamp": "datetime64[ns]",
            }[kind]
            frame[column] = pd.Series(list(values), dtype=dtype)
        if geometry is None:
            return frame
        name, shapes, srid = geometry
        frame[name] = shapes
        return gpd.GeoDataFrame(frame, geometry=name, crs=f"EPSG:{srid}" if srid else None)

    def _write_layer(
        self, db: psycopg.Connection, name: str, frame: pd.DataFrame, *, append: bool
    ) -> None:
        geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
        srid = frame.crs.to_epsg() if geometry and frame.crs is not None else None
        kinds = []
        for column in frame.columns:
            dtype = frame[column].dtype
            if column == geometry:
                kind = "geometry"
            elif pd.api.types.is_bool_dtype(dtype):
                kind = "boolean"
            elif pd.api.types.is_integer_dtype(dtype):
                kind = "bigint"
            elif pd.api.types.is_float_dtype(dtype):
                kind = "double precision"
            elif pd.api.types.is_datetime64_any_dtype(dtype):
                kind = "timestamp"
            else:
                kind = "text"
            kinds.append((str(column), kind))
        db.execute(
            'CREATE TABLE IF NOT EXISTS layer_columns (layer text, pos int, "column" text, '
            "kind text, srid int, PRIMARY KEY (layer, pos))"
        )
        if not (append and self._has_table(db, name)):
            db.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(name)))
            db.execute("DELETE FROM layer_columns WHERE layer = %s", (name,))
            definition = sql.SQL(", ").join(
                sql.SQL("{} {}").format(
                    sql.Identifier(c),
                    sql.SQL("geometry" if kind == "geometry" else kind),
                )
                for c, kind in kinds
            )
            db.execute(
                sql.SQL("CREATE TABLE {} (fid bigserial PRIMARY KEY, {})").format(
                    sql.Identifier(name), definition
                )
            )
            with db.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO layer_columns VALUES (%s, %s, %s, %s, %s)",
                    [(name, i, c, k, srid) for i, (c, k) in enumerate(kinds)],
                )
        if frame.empty:
            return
        converted = []
        for column, kind in kinds:
            values = frame[column]
            if kind == "geometry":
                converted.append(_ewkb(values))
            elif kind == "timestamp":
                converted.append(_times(values))
            elif kind == "text":
                converted.append(_text(values))
            else:
                converted.append(
                    [
                        None if pd.isna(v) else v.item() if hasattr(v, "item") else v
                        for v in values.tolist()
                    ]
                )
        names = sql.SQL(", ").join(sql.Identifier(c) for c, _ in kinds)
        with (
            db.cursor() as cursor,
            cursor.copy(
                sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(name), names)
            ) as copy,
        ):
            for row in zip(*converted, strict=True):
                copy.write_row(row)

    def write_layers(
        self,
        layers: dict[str, pd.DataFrame],
        *,
        append: Sequence[str] = (),
        incidents: gpd.GeoDataFrame | None = None,
    ) -> None:
        """Write further tables (replaced, or appended to when named in ``append``) and,
        optionally, the whole incident table, in one transaction."""
        reserved = {
            *AREA_LAYERS,
            "incidents",
            "meta",
            "import_log",
            "rejects",
            "visits",
            "users",
            "settings",
            "audit",
            "layer_columns",
        }
        clash = sorted(set(layers) & reserved)
        if clash:
            raise WorkspaceError(f"layers {clash} belong to the canonical store; use its methods")
        bad = [n for n in layers if not _SCHEMA_NAME.match(n)]
        if bad:
            raise WorkspaceError(f"layer names {bad} are not allowed")
        if incidents is not None:
            incidents = validate_incidents(incidents)
        with self.connect() as db:
            self._check_exists(db)
            self._lock(db)
            for name, frame in layers.items():
                self._write_layer(db, name, frame, append=name in append)
            if incidents is not None:
                db.execute("DELETE FROM incidents")
                self._copy_incidents(db, incidents)

    def drop(self) -> None:
        """Remove the workspace's schema and everything in it (tests, decommissioning)."""
        with self.connect() as db:
            db.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self.schema))
            )


class PostgresAccessStore:
    """Users, settings and the append-only audit log in a PostGIS workspace's schema."""

    def __init__(self, workspace: PostGISWorkspace) -> None:
        self.workspace = workspace
        self._ready = False

    @contextlib.contextmanager
    def _connect(self) -> Iterator[psycopg.Connection]:
        with self.workspace.connect() as db:
            if not self._ready:
                exists = db.execute(
                    "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
                    "AND table_name = 'audit'",
                    (self.workspace.schema,),
                ).fetchone()
                if exists is None:
                    self.workspace._check_exists(db)
                    db.execute(
                        "SELECT pg_advisory_xact_lock(hashtext(%s))",
                        (self.workspace.schema + ".access",),
                    )
                    db.execute(_ACCESS_DDL)
                self._ready = True
            yield db

    @staticmethod
    def _user(row: tuple) -> User:
        name, role, wijken, neighbours, email, subject, demo = row
        return User(
            name=name,
            role=Role(role),
            wijken=tuple(wijken),
            neighbours=tuple(neighbours),
            email=email,
            subject=subject,
            demo=bool(demo),
        )

    _USER_COLUMNS = "name, role, wijken, neighbours, email, subject, demo"

    def users(self) -> list[User]:
        """Return every user, sorted by name."""
        with self._connect() as db:
            rows = db.execute(f"SELECT {self._USER_COLUMNS} FROM users ORDER BY name").fetchall()
        return [self._user(r) for r in rows]

    def user(self, name: str) -> User | None:
        """Return the user called ``name``, or None."""
        with self._connect() as db:
            row = db.execute(
                f"SELECT {self._USER_COLUMNS} FROM users WHERE name = %s", (name,)
            ).fetchone()
        return None if row is None else self._user(row)

    def password_hash(self, name: str) -> str | None:
        """Return the stored argon2 hash of ``name`` (None without a local password)."""
        with self._connect() as db:
            row = db.execute("SELECT password_hash FROM users WHERE name = %s", (name,)).fetchone()
        return None if row is None else row[0]

    def put_user(self, user: User, password_hash: str | None = None) -> None:
        """Add or update a user; the stored hash is kept when ``password_hash`` is None."""
        with self._connect() as db:
            db.execute(
                """INSERT INTO users (name, role, wijken, neighbours, email, subject, demo,
                                      password_hash)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
                   ON CONFLICT (name) DO UPDATE SET role = excluded.role,
                     wijken = excluded.wijken, neighbours = excluded.neighbours,
                     email = excluded.email, subject = excluded.subject, demo = excluded.demo,
                     password_hash = COALESCE(excluded.password_hash, users.password_hash),
                     updated_at = now()""",
                (
                    user.name,
                    user.role.value,
                    json.dumps(list(user.wijken)),
                    json.dumps(list(user.neighbours)),
                    user.email,
                    user.subject,
                    user.demo,
                    password_hash,
                ),
            )

    def remove_user(self, name: str) -> None:
        """Remove a user (their audit records stay)."""
        with self._connect() as db:
            if db.execute("DELETE FROM users WHERE name = %s", (name,)).rowcount == 0:
                raise WorkspaceError(f"there is no user {name!r}")

    def settings(self) -> dict[str, str]:
        """Return the stored settings."""
        with self._connect() as db:
            return dict(db.execute("SELECT key, value FROM settings").fetchall())

    def put_settings(self, values: dict[str, str]) -> None:
        """Store settings after checking that they make a valid (not looser) policy."""
        with self._connect() as db:
            db.execute("LOCK TABLE settings IN EXCLUSIVE MODE")
            current = dict(db.execute("SELECT key, value FROM settings").fetchall())
            merged = checked_settings(current, values)
            with db.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO settings VALUES (%s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    list(merged.items()),
                )

    def append_audit(self, event: AuditEvent) -> int:
        """Append one audit record in its own transaction; return its sequence number."""
        with self._connect() as db:
            row = db.execute(
                'INSERT INTO audit ("user", role, action, what, filters, rows, client, detail) '
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING seq",
                (
                    event.user,
                    event.role,
                    event.action,
                    event.what,
                    event.filters_json(),
                    int(event.rows),
                    event.client,
                    event.detail,
                ),
            ).fetchone()
        return int(row[0])

    def audit(
        self,
        *,
        user: str | None = None,
        action: str | None = None,
        since: pd.Timestamp | None = None,
    ) -> pd.DataFrame:
        """Return audit records, oldest first (``at`` as UTC ISO text)."""
        clauses, values = [], []
        if user is not None:
            clauses.append('"user" = %s')
            values.append(user)
        if action is not None:
            clauses.append("action = %s")
            values.append(action)
        if since is not None:
            moment = pd.Timestamp(since)
            moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment
            clauses.append("at >= %s")
            values.append(moment.to_pydatetime())
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._connect() as db:
            rows = db.execute(
                'SELECT seq, at, "user", role, action, what, filters::text, rows, client, detail '
                f"FROM audit{where} ORDER BY seq",
                values,
            ).fetchall()
        records = [
            {
                "seq": r[0],
                "at": pd.Timestamp(r[1]).tz_convert("UTC").isoformat(timespec="microseconds"),
                "user": r[2],
                "role": r[3],
                "action": r[4],
                "what": r[5],
                "filters": json.dumps(json.loads(r[6]), sort_keys=True, ensure_ascii=False),
                "rows": r[7],
                "client": r[8],
                "detail": r[9],
            }
            for r in rows
        ]
        return audit_frame(records)
