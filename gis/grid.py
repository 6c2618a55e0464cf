"""Square analysis grids clipped to a zone, and incident counts per cell."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import ValidationError

MIN_CELL_M, MAX_CELL_M = 50.0, 500.0


def _check_cell_size(cell_size: float) -> float:
    if not MIN_CELL_M <= float(cell_size) <= MAX_CELL_M:
        raise ValidationError(
            f"cell_size={cell_size!r} m is outside the allowed range "
            f"{MIN_CELL_M:g}–{MAX_CELL_M:g} m"
        )
    return float(cell_size)


def _check_metric(frame: gpd.GeoDataFrame | gpd.GeoSeries, name: str) -> None:
    if frame.crs is None or frame.crs.is_geographic:
        raise ValidationError(
            f"{name} must be in a metric CRS (such as EPSG:31370), got crs={frame.crs}"
        )


def zone_grid(zone: gpd.GeoDataFrame, *, cell_size: float = 150.0) -> gpd.GeoDataFrame:
    """Cover a zone with square cells; keep the cells that overlap it, clipped to it.

    Cells are aligned on multiples of ``cell_size`` so that grids of the same size line up
    between runs and zones.

    Parameters
    ----------
    zone : geopandas.GeoDataFrame
        The zone polygon(s), metric CRS.
    cell_size : float, default 150
        Cell side in metres (50–500).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``cell`` (``"col_row"`` text id), ``col``, ``row`` (integer cell indices),
        ``area_share`` (share of the cell inside the zone), geometry (the clipped cell).
    """
    size = _check_cell_size(cell_size)
    _check_metric(zone, "zone")
    outline = shapely.union_all(zone.geometry.to_numpy())
    xmin, ymin, xmax, ymax = outline.bounds
    cols = np.arange(np.floor(xmin / size), np.ceil(xmax / size), dtype=np.int64)
    rows = np.arange(np.floor(ymin / size), np.ceil(ymax / size), dtype=np.int64)
    col, row = (a.ravel() for a in np.meshgrid(cols, rows))
    boxes = shapely.box(col * size, row * size, (col + 1) * size, (row + 1) * size)
    shapely.prepare(outline)
    keep = shapely.intersects(outline, boxes)
    clipped = shapely.intersection(boxes[keep], outline)
    grid = gpd.GeoDataFrame(
        {
            "cell": pd.Series([f"{c}_{r}" for c, r in zip(col[keep], row[keep], strict=True)]),
            "col": col[keep],
            "row": row[keep],
            "area_share": shapely.area(clipped) / size**2,
        },
        geometry=clipped,
        crs=zone.crs,
    )
    return grid[grid["area_share"] > 0].reset_index(drop=True)


def cell_index(points: gpd.GeoSeries, *, cell_size: float) -> pd.DataFrame:
    """Return the grid column and row of each point (see :func:`zone_grid`).

    Parameters
    ----------
    points : geopandas.GeoSeries
        Points in a metric CRS; missing geometries give missing indices.
    cell_size : float
        Cell side in metres.

    Returns
    -------
    pandas.DataFrame
        ``col`` and ``row`` (nullable integers), indexed like ``points``.
    """
    _check_metric(points, "points")
    x = shapely.get_x(points.to_numpy())
    y = shapely.get_y(points.to_numpy())
    return pd.DataFrame(
        {
            "col": pd.array(np.floor(x / cell_size), dtype="Int64"),
            "row": pd.array(np.floor(y / cell_size), dtype="Int64"),
        },
        index=points.index,
    )


def count_per_cell(
    incidents: gpd.GeoDataFrame,
    grid: gpd.GeoDataFrame,
    *,
    cell_size: float,
    weights: pd.Series | None = None,
) -> pd.Series:
    """Count (or sum weights of) incidents per grid cell.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Incidents in the grid's CRS.
    grid : geopandas.GeoDataFrame
        From :func:`zone_grid` with the same ``cell_size``.
    cell_size : float
        Cell side in metres.
    weights : pandas.Series, optional
        Weight per incident (e.g. harm), indexed like ``incidents``; default 1.

    Returns
    -------
    pandas.Series
        float64 indexed like ``grid``; incidents outside every grid cell are not counted.
    """
    if incidents.crs is not None and grid.crs is not None and not incidents.crs.equals(grid.crs):
        raise ValidationError(
            f"incidents.crs={incidents.crs.to_string()} differs from grid.crs="
            f"{grid.crs.to_string()}"
        )
    index = cell_index(incidents.geometry, cell_size=cell_size)
    w = pd.Series(1.0, index=incidents.index) if weights is None else weights.astype(float)
    frame = index.assign(w=w.to_numpy()).dropna(subset=["col", "row"])
    sums = frame.groupby(["col", "row"])["w"].sum()
    keys = pd.MultiIndex.from_arrays([grid["col"].astype("Int64"), grid["row"].astype("Int64")])
    return pd.Series(sums.reindex(keys).fillna(0.0).to_numpy(), index=grid.index, name="count")


def top_cells(grid: gpd.GeoDataFrame, counts: pd.Series, *, n: int = 10) -> gpd.GeoDataFrame:
    """Return the ``n`` cells with the highest counts (ties broken by cell id), ranked.

    Parameters
    ----------
    grid : geopandas.GeoDataFrame
        From :func:`zone_grid`.
    counts : pandas.Series
        Indexed like ``grid``.
    n : int, default 10
        How many cells.

    Returns
    -------
    geopandas.GeoDataFrame
        The grid rows with ``count`` and ``rank`` (1 = highest), cells with a zero count left
        out.
    """
    ranked = grid.assign(count=counts).query("count > 0")
    ranked = ranked.sort_values(["count", "cell"], ascending=[False, True]).head(n)
    return ranked.assign(rank=np.arange(1, len(ranked) + 1))
