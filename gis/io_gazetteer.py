"""Gazetteer files and tables: read BeST-Address / Adressenregister extracts, store the
gazetteer, the geocoding results and the team chief's corrections in the workspace.

Workspace layers written here (through :meth:`Workspace.write_layers`, atomically):

- ``gazetteer_addresses`` — :data:`gis.gazetteer.ADDRESS_COLUMNS`, points, EPSG:31370;
- ``gazetteer_streets`` — :data:`gis.gazetteer.STREET_COLUMNS`, one point per street;
- ``gazetteer_info`` — one row per gazetteer import (file, register, counts, zones);
- ``geocode_results`` — per incident (``source``, ``id``): level, score, register ids,
  candidates (:data:`GEOCODE_RESULT_COLUMNS`);
- ``geocode_corrections`` — normalised raw text → address/street/point, who and when
  (:data:`gis.geocoding.CORRECTION_COLUMNS`).

Reading a national BeST file (millions of rows) streams it in batches and keeps only the rows
inside the bounding box of the zone plus the buffer, so memory stays small.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyogrio
from pyproj import Transformer

from gis.errors import ValidationError, WorkspaceError
from gis.gazetteer import ADDRESS_COLUMNS, BEST_COORDINATES, STREET_COLUMNS
from gis.geocoding import CORRECTION_COLUMNS
from gis.schema import CRS
from gis.workspace import Workspace

ADDRESS_LAYER = "gazetteer_addresses"
STREET_LAYER = "gazetteer_streets"
INFO_LAYER = "gazetteer_info"
RESULT_LAYER = "geocode_results"
CORRECTION_LAYER = "geocode_corrections"

GEOCODE_RESULT_COLUMNS: tuple[str, ...] = (
    "source",
    "id",
    "raw_key",
    "status",
    "level",
    "score",
    "street_id",
    "address_id",
    "street",
    "candidates",
    "geocoded_at",
)
"""Columns of the ``geocode_results`` table (one row per geocoded incident)."""

INFO_COLUMNS: tuple[str, ...] = (
    "imported_at",
    "file",
    "register",
    "read",
    "kept",
    "streets",
    "zones",
    "buffer_m",
)


# -- files --------------------------------------------------------------------------------------
@contextmanager
def _open_text(path: Path) -> Iterator[IO[bytes]]:
    """Open a CSV, or the one CSV inside a zip, as a binary stream."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if len(members) != 1:
                raise ValidationError(
                    f"{path.name} must hold exactly one .csv file, it holds {members or 'none'}"
                )
            with archive.open(members[0]) as handle:
                yield handle
    else:
        with open(path, "rb") as handle:
            yield handle


def _header(path: Path) -> list[str]:
    with _open_text(path) as handle:
        first = handle.readline().decode("utf-8-sig").strip("\r\n")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [h.strip().strip('"') for h in first.split(delimiter)]


def detect_register(path: str | Path) -> str:
    """Tell which register a file comes from: ``"best"`` or ``"adressenregister"``.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv``, a ``.zip`` holding one CSV, or a ``.gpkg``.

    Returns
    -------
    str

    Raises
    ------
    ValidationError
        When the file is missing or its columns fit neither register.
    """
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"gazetteer file {str(path)!r} does not exist")
    if path.suffix.lower() == ".gpkg":
        return "adressenregister"
    if path.suffix.lower() not in (".csv", ".zip"):
        raise ValidationError(
            f"gazetteer file {path.name!r} has suffix {path.suffix!r}; allowed: .csv, .zip, .gpkg"
        )
    headers = _header(path)
    lower = {h.lower() for h in headers}
    if {"address_id", "street_id", "house_number"} <= lower:
        return "best"
    if lower & {"adresid", "adres_id", "objectid"} and lower & {"huisnummer", "huisnr"}:
        return "adressenregister"
    raise ValidationError(
        f"{path.name}: columns {headers[:12]} fit neither BeST-Address (address_id, street_id, "
        "house_number, …) nor the Adressenregister (adresId, straatnaam, huisnummer, …)"
    )


def _batches(path: Path) -> Iterator[pa.RecordBatch]:
    headers = _header(path)
    delimiter = ";" if len(headers) > 1 and _sep_is_semicolon(path) else ","
    with _open_text(path) as handle:
        reader = pacsv.open_csv(
            handle,
            read_options=pacsv.ReadOptions(block_size=8 << 20, encoding="utf8"),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in headers},
                strings_can_be_null=False,
            ),
        )
        yield from reader


def _sep_is_semicolon(path: Path) -> bool:
    with _open_text(path) as handle:
        first = handle.readline().decode("utf-8-sig")
    return first.count(";") > first.count(",")


def _bbox_in(crs: str, bbox: tuple[float, float, float, float]) -> tuple[float, ...]:
    if crs == CRS:
        return bbox
    transformer = Transformer.from_crs(CRS, crs, always_xy=True)
    xs, ys = transformer.transform(
        [bbox[0], bbox[0], bbox[2], bbox[2]], [bbox[1], bbox[3], bbox[1], bbox[3]]
    )
    return (min(xs), min(ys), max(xs), max(ys))


def _numbers(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    values = pd.Series(np.asarray(column.to_pylist(), dtype=object), dtype="str")
    values = values.str.replace(",", ".", regex=False)
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)


def read_table_file(
    path: str | Path, *, bbox: tuple[float, float, float, float] | None = None
) -> tuple[pd.DataFrame, int]:
    """Read a BeST or Adressenregister CSV (or zip), keeping the rows inside ``bbox``.

    Parameters
    ----------
    path : str or pathlib.Path
        ``.csv`` or ``.zip`` (one CSV inside).
    bbox : tuple of float, optional
        (xmin, ymin, xmax, ymax) in EPSG:31370; rows outside, or without coordinates, are
        dropped while reading.

    Returns
    -------
    tuple
        The kept rows (all columns text) and the number of rows read.
    """
    path = Path(path)
    headers = _header(path)
    lower = {h.lower(): h for h in headers}
    pair = next(((x, y, c) for x, y, c in BEST_COORDINATES if x in headers and y in headers), None)
    if pair is None and "x" in lower and "y" in lower:
        pair = (lower["x"], lower["y"], CRS)
    kept: list[pd.DataFrame] = []
    read = 0
    for batch in _batches(path):
        read += batch.num_rows
        if bbox is not None and pair is not None:
            x, y = _numbers(batch.column(pair[0])), _numbers(batch.column(pair[1]))
            crs = pair[2]
            if crs == CRS and np.nanmin(x, initial=np.inf) > 400_000:
                crs = "EPSG:3812"  # Adressenregister extracts in Lambert 2008
            xmin, ymin, xmax, ymax = _bbox_in(crs, bbox)
            inside = (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)
            if not inside.any():
                continue
            batch = batch.filter(pa.array(inside))
        kept.append(batch.to_pandas(types_mapper=lambda t: pd.StringDtype("pyarrow", np.nan)))
    if not kept:
        return pd.DataFrame({h: pd.Series(dtype="str") for h in headers}), read
    frame = pd.concat(kept, ignore_index=True)
    return frame.astype("str"), read


def read_gazetteer_file(
    path: str | Path, *, bbox: tuple[float, float, float, float] | None = None
) -> tuple[str, pd.DataFrame, int]:
    """Read a gazetteer file of either register.

    Parameters
    ----------
    path : str or pathlib.Path
        BeST ``openaddress-be*.zip``/``.csv``, or an Adressenregister ``.csv``/``.zip``/``.gpkg``.
    bbox : tuple of float, optional
        Keep rows inside (EPSG:31370).

    Returns
    -------
    tuple
        Register (``"best"``/``"adressenregister"``), rows, rows read.
    """
    path = Path(path)
    register = detect_register(path)
    if path.suffix.lower() == ".gpkg":
        info = pyogrio.read_info(path)
        crs = info.get("crs") or CRS
        box = _bbox_in(str(crs), bbox) if bbox is not None else None
        frame = pyogrio.read_dataframe(path, bbox=box, use_arrow=True)
        total = int(info.get("features", len(frame)))
        return register, frame, total
    frame, read = read_table_file(path, bbox=bbox)
    return register, frame, read


def write_best_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a BeST-format table as CSV (comma separated, UTF-8), zipped when ``path`` ends
    in ``.zip`` — as the ``openaddress-be*.zip`` products come."""
    path = Path(path)
    text = table.to_csv(index=False)
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(path.with_suffix(".csv").name, text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# -- workspace tables ---------------------------------------------------------------------------
def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})


def store_gazetteer(
    workspace: Workspace,
    addresses: gpd.GeoDataFrame,
    streets: gpd.GeoDataFrame,
    info: dict[str, object],
) -> None:
    """Replace the workspace's gazetteer (addresses, streets, one info row) atomically."""
    missing = [c for c in INFO_COLUMNS if c not in info]
    if missing:
        raise WorkspaceError(f"gazetteer info lacks {missing}")
    info_row = pd.DataFrame([{c: str(info[c]) for c in INFO_COLUMNS}])
    workspace.write_layers(
        {
            ADDRESS_LAYER: addresses[list(ADDRESS_COLUMNS)],
            STREET_LAYER: streets[list(STREET_COLUMNS)],
            INFO_LAYER: info_row,
        },
        append=(INFO_LAYER,),
    )


def has_gazetteer(workspace: Workspace) -> bool:
    """Tell whether a gazetteer was imported into the workspace."""
    return workspace.has_layer(ADDRESS_LAYER) and workspace.has_layer(STREET_LAYER)


def read_gazetteer(workspace: Workspace) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Read the gazetteer's addresses and streets.

    Raises
    ------
    WorkspaceError
        When no gazetteer was imported (``wijkradar gazetteer import``).
    """
    if not has_gazetteer(workspace):
        raise WorkspaceError(
            f"workspace {workspace.location} has no gazetteer; load one with "
            "`wijkradar gazetteer import FILE --workspace WS`"
        )
    addresses = workspace.read_layer(ADDRESS_LAYER)
    streets = workspace.read_layer(STREET_LAYER)
    for frame in (addresses, streets):
        for column in frame.columns:
            if column not in ("geometry", "number", "current", "addresses"):
                frame[column] = frame[column].astype("str").fillna("")
    addresses["number"] = addresses["number"].astype("Int64")
    return addresses, streets


def read_gazetteer_info(workspace: Workspace) -> pd.DataFrame:
    """Return one row per gazetteer import (empty when none)."""
    if not workspace.has_layer(INFO_LAYER):
        return _empty(INFO_COLUMNS)
    return pd.DataFrame(workspace.read_layer(INFO_LAYER))


def read_corrections(workspace: Workspace) -> pd.DataFrame:
    """Return the stored corrections (:data:`gis.geocoding.CORRECTION_COLUMNS`)."""
    if not workspace.has_layer(CORRECTION_LAYER):
        return _empty(CORRECTION_COLUMNS)
    table = pd.DataFrame(workspace.read_layer(CORRECTION_LAYER))
    return table.astype("str").fillna("")[list(CORRECTION_COLUMNS)]


def read_geocode_results(workspace: Workspace) -> pd.DataFrame:
    """Return the stored geocoding details per incident (:data:`GEOCODE_RESULT_COLUMNS`)."""
    if not workspace.has_layer(RESULT_LAYER):
        return _empty(GEOCODE_RESULT_COLUMNS)
    table = pd.DataFrame(workspace.read_layer(RESULT_LAYER))
    table = table[list(GEOCODE_RESULT_COLUMNS)]
    text = [c for c in GEOCODE_RESULT_COLUMNS if c != "score"]
    table[text] = table[text].astype("str").fillna("")
    table["score"] = pd.to_numeric(table["score"], errors="coerce")
    return table


def store_geocoding(
    workspace: Workspace, incidents: gpd.GeoDataFrame, results: pd.DataFrame
) -> None:
    """Store re-geocoded incidents (whole layer) and their result rows, in one transaction.

    Result rows of the same incidents (``source``, ``id``) replace the stored ones.
    """
    old = read_geocode_results(workspace)
    keys = pd.MultiIndex.from_frame(results[["source", "id"]].astype("str"))
    old = old[~pd.MultiIndex.from_frame(old[["source", "id"]]).isin(keys)]
    table = pd.concat([old, results[list(GEOCODE_RESULT_COLUMNS)]], ignore_index=True)
    table["score"] = table["score"].astype(float)
    workspace.write_layers({RESULT_LAYER: table}, incidents=incidents)


def add_correction(workspace: Workspace, correction: dict[str, object]) -> None:
    """Append one correction (:data:`gis.geocoding.CORRECTION_COLUMNS`) atomically."""
    missing = [c for c in CORRECTION_COLUMNS if c not in correction]
    if missing:
        raise WorkspaceError(f"correction lacks {missing}")
    row = pd.DataFrame([{c: str(correction[c]) for c in CORRECTION_COLUMNS}])
    workspace.write_layers({CORRECTION_LAYER: row}, append=(CORRECTION_LAYER,))
