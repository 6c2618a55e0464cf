"""Files of the forecast backtest: the incident table in, zone polygons in, result tables out.

The incident table has the importer's canonical input columns (``id, category, start, x, y``;
the importer's header aliases are understood too) in any delimiter and encoding
:func:`gis.io_tables.read_incident_table` reads. Unlike the importer, any projected CRS is
accepted: coordinates that are not in metres (feet, degrees) are reprojected to the UTM zone
of the data, so that cell sizes and bandwidths stay metres.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from gis.backtest import FOLD_COLUMNS, SUMMARY_COLUMNS, TOP_CELL_COLUMNS, BacktestResult
from gis.errors import ValidationError
from gis.importing import map_columns
from gis.io_tables import read_incident_table
from gis.parsing import as_text, parse_datetimes, parse_numbers
from gis.spacetime import StudyArea


@dataclass
class EventTable:
    """Located incidents read for a backtest.

    Attributes
    ----------
    events : pandas.DataFrame
        Columns ``id``, ``category`` (str), ``start`` (datetime64), ``x``, ``y`` (float, metres
        in ``crs``).
    crs : pyproj.CRS
        The metric CRS of ``x``/``y`` (the file's CRS, or the UTM zone it was reprojected to).
    source_crs : pyproj.CRS
        The CRS the file's coordinates were in.
    read : int
        Data rows read.
    dropped : dict
        Rows left out, by reason: ``no_start``, ``no_location`` (empty, unreadable or 0/0
        coordinates).
    """

    events: pd.DataFrame
    crs: CRS
    source_crs: CRS
    read: int
    dropped: dict[str, int]


def metric_crs(crs: str) -> CRS:
    """Parse a CRS given by the user (``EPSG:32610``, ``32610``, WKT...).

    Parameters
    ----------
    crs : str

    Returns
    -------
    pyproj.CRS

    Raises
    ------
    ValidationError
        When pyproj does not know it.
    """
    text = crs.strip()
    try:
        return CRS.from_user_input(f"EPSG:{text}" if text.isdigit() else text)
    except CRSError as error:
        raise ValidationError(
            f"crs={crs!r} is not a CRS pyproj knows (give e.g. EPSG:31370)"
        ) from error


def _in_metres(crs: CRS) -> bool:
    units = {axis.unit_name.lower() for axis in crs.axis_info}
    return crs.is_projected and units <= {"metre", "meter"}


def read_event_table(path: str | Path, *, crs: str) -> EventTable:
    """Read incidents with canonical columns for a backtest; keep the located, dated ones.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV (or XLSX) with ``id``, ``category``, ``start``, ``x``, ``y`` (or known aliases).
    crs : str
        CRS of ``x``/``y``. Non-metric CRSs (feet, degrees) are reprojected to the UTM zone
        of the data.

    Returns
    -------
    EventTable

    Raises
    ------
    ValidationError
        For an unreadable file, missing columns, an unknown CRS or no usable row.
    """
    source = metric_crs(crs)
    table = read_incident_table(path)
    rows = table.rows
    mapping = map_columns([str(c) for c in rows.columns]).columns
    missing = [f for f in ("x", "y") if f not in mapping]
    if missing:
        raise ValidationError(
            f"file {Path(path).name!r} lacks the coordinate columns {missing}; headers found: "
            f"{list(rows.columns)}"
        )
    start = parse_datetimes(rows[mapping["start"]])
    x = parse_numbers(rows[mapping["x"]]).to_numpy()
    y = parse_numbers(rows[mapping["y"]]).to_numpy()
    no_start = start.isna().to_numpy()
    no_location = ~(np.isfinite(x) & np.isfinite(y)) | ((x == 0) & (y == 0))
    keep = ~no_start & ~no_location
    if not keep.any():
        raise ValidationError(
            f"file {Path(path).name!r} has no row with a readable start and x/y "
            f"({len(rows)} rows read)"
        )
    x, y = x[keep], y[keep]
    target = source
    if not _in_metres(source):
        probe = gpd.GeoSeries(gpd.points_from_xy(x[:1000], y[:1000]), crs=source)
        target = probe.estimate_utm_crs()
        x, y = Transformer.from_crs(source, target, always_xy=True).transform(x, y)
    events = pd.DataFrame(
        {
            "id": as_text(rows[mapping["id"]])[keep].to_numpy(),
            "category": as_text(rows[mapping["category"]])[keep].to_numpy(),
            "start": start[keep].to_numpy(),
            "x": np.asarray(x, dtype=np.float64),
            "y": np.asarray(y, dtype=np.float64),
        }
    ).astype({"id": "str", "category": "str"})
    return EventTable(
        events=events,
        crs=target,
        source_crs=source,
        read=len(rows) + len(table.malformed),
        dropped={
            "no_start": int(no_start.sum()),
            "no_location": int((no_location & ~no_start).sum()),
            "malformed": len(table.malformed),
        },
    )


def read_zone_file(path: str | Path, *, crs: CRS | str) -> gpd.GeoDataFrame:
    """Read zone polygons (GeoJSON, GeoPackage, Shapefile...) in ``crs``.

    Parameters
    ----------
    path : str or pathlib.Path
    crs : pyproj.CRS or str
        The CRS to return the polygons in (the events' metric CRS).

    Returns
    -------
    geopandas.GeoDataFrame
        The polygons (only the geometry column).

    Raises
    ------
    ValidationError
        When the file cannot be read, has no CRS or no polygon.
    """
    try:
        zone = gpd.read_file(path)
    except (DataSourceError, DataLayerError, OSError) as error:
        raise ValidationError(f"zone file {str(path)!r} cannot be read: {error}") from error
    if zone.crs is None:
        raise ValidationError(f"zone file {str(path)!r} has no CRS")
    polygons = zone[zone.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polygons.empty:
        raise ValidationError(f"zone file {str(path)!r} holds no polygon")
    return polygons[["geometry"]].to_crs(crs).reset_index(drop=True)


def write_backtest(
    result: BacktestResult,
    out: str | Path,
    *,
    study: StudyArea,
    settings: dict[str, object],
) -> dict[str, Path]:
    """Write a backtest's tables to a folder.

    Files: ``folds.csv``, ``summary.csv``, ``top_cells.csv`` (each fold's selected cells, to
    re-score them), ``cells.csv`` (the study area: ``cell, col, row, x, y, area_share``) and
    ``run.json`` (the settings and seconds per method).

    Parameters
    ----------
    result : gis.backtest.BacktestResult
    out : str or pathlib.Path
        Folder (created when missing).
    study : gis.spacetime.StudyArea
    settings : dict
        JSON-serialisable description of the run.

    Returns
    -------
    dict
        File role → path.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "folds": folder / "folds.csv",
        "summary": folder / "summary.csv",
        "top_cells": folder / "top_cells.csv",
        "cells": folder / "cells.csv",
        "run": folder / "run.json",
    }
    result.folds[list(FOLD_COLUMNS)].to_csv(paths["folds"], index=False)
    extra = [c for c in result.summary.columns if c not in SUMMARY_COLUMNS]
    result.summary[[*SUMMARY_COLUMNS, *extra]].to_csv(paths["summary"], index=False)
    result.top_cells[list(TOP_CELL_COLUMNS)].to_csv(paths["top_cells"], index=False)
    study.frame().to_csv(paths["cells"], index=False)
    info = {**settings, "n_cells": study.n_cells, "seconds": result.seconds}
    paths["run"].write_text(json.dumps(info, indent=2, default=str), encoding="utf-8")
    return paths
