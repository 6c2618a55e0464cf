"""Shared pieces of the hotspot methods: CRS checks, incident → grid cell lookup, result object.

Every hotspot method of wijkradar (harm-weighted counts, Getis-Ord Gi*, density clusters,
emerging hot spot trends, near-repeat alert zones) returns a :class:`HotspotResult`, so the app
and ``layers/hotspots.py`` draw any of them the same way.

Grids come from :func:`analysis_grid` (the cells of :func:`gis.grid.zone_grid`, clipped to the
zone, built faster). An incident counts in a cell only when it lies inside that *clipped* cell:
points outside the zone never count, not even when they fall in the square of a border cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import ValidationError
from gis.grid import MAX_CELL_M, MIN_CELL_M
from gis.i18n import message

__all__ = [
    "GRID_COLUMNS",
    "HotspotResult",
    "analysis_grid",
    "cell_positions",
    "cell_totals",
    "grid_cell_size",
    "hotspot_labels",
    "positions_of_xy",
    "require_metric_crs",
    "require_same_crs",
    "scored_grid",
]

GRID_COLUMNS: tuple[str, ...] = ("cell", "col", "row", "area_share")
"""Columns every analysis grid carries (see :func:`gis.grid.zone_grid`)."""


def require_metric_crs(frame: gpd.GeoDataFrame | gpd.GeoSeries, name: str) -> None:
    """Refuse a layer without a projected (metric) CRS.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame or geopandas.GeoSeries
        The layer.
    name : str
        Argument name used in the message.

    Raises
    ------
    ValidationError
        When the CRS is missing or geographic (degrees), naming the argument and the CRS.
    """
    if not isinstance(frame, gpd.GeoDataFrame | gpd.GeoSeries):
        raise ValidationError(f"{name} must be a GeoDataFrame, got {type(frame).__name__}")
    crs = frame.crs
    if crs is None or not crs.is_projected:
        shown = "none" if crs is None else crs.to_string()
        raise ValidationError(
            f"{name} must be in a projected metric CRS (EPSG:31370 for Belgian zones), "
            f"got crs={shown}"
        )


def require_same_crs(first: gpd.GeoDataFrame, second: gpd.GeoDataFrame, names: str) -> None:
    """Refuse two layers in different CRSs (``names`` like ``"incidents, grid"``)."""
    if not first.crs.equals(second.crs):
        a, b = (n.strip() for n in names.split(","))
        raise ValidationError(
            f"{a}.crs={first.crs.to_string()} differs from {b}.crs={second.crs.to_string()}"
        )


def grid_cell_size(grid: gpd.GeoDataFrame) -> float:
    """Return the cell side of a grid made by :func:`gis.grid.zone_grid`.

    The side follows from any cell: ``area / area_share`` is the area of the unclipped square.

    Parameters
    ----------
    grid : geopandas.GeoDataFrame
        Columns ``cell``, ``col``, ``row``, ``area_share``; metric CRS.

    Returns
    -------
    float
        Cell side in metres, within 50–500.

    Raises
    ------
    ValidationError
        When a column is missing, the grid is empty or the side is out of range.
    """
    require_metric_crs(grid, "grid")
    missing = [c for c in GRID_COLUMNS if c not in grid.columns]
    if missing:
        raise ValidationError(f"grid lacks the columns {missing}; make it with zone_grid()")
    if grid.empty:
        raise ValidationError("grid has no cells; the zone must overlap at least one cell")
    share = grid["area_share"].to_numpy(dtype=float)
    best = int(np.argmax(share))
    size = float(np.sqrt(shapely.area(grid.geometry.to_numpy()[best]) / share[best]))
    size = float(np.round(size, 6))
    if not MIN_CELL_M - 1e-6 <= size <= MAX_CELL_M + 1e-6:
        raise ValidationError(
            f"grid cell size {size:g} m is outside {MIN_CELL_M:g}–{MAX_CELL_M:g} m"
        )
    return size


def _lookup(grid: gpd.GeoDataFrame) -> tuple[np.ndarray, int, int]:
    """Dense (columns × rows) table of grid positions, -1 where the grid has no cell."""
    col = grid["col"].to_numpy(dtype=np.int64)
    row = grid["row"].to_numpy(dtype=np.int64)
    c0, r0 = int(col.min()), int(row.min())
    table = np.full((int(col.max()) - c0 + 1, int(row.max()) - r0 + 1), -1, dtype=np.int64)
    table[col - c0, row - r0] = np.arange(len(grid))
    return table, c0, r0


def cell_positions(
    incidents: gpd.GeoDataFrame | gpd.GeoSeries,
    grid: gpd.GeoDataFrame,
    *,
    exact: bool = True,
) -> np.ndarray:
    """Return the grid position (0..len(grid)-1) of each incident, -1 when it is in no cell.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame or geopandas.GeoSeries
        Points in the grid's CRS; missing or empty geometries give -1.
    grid : geopandas.GeoDataFrame
        From :func:`gis.grid.zone_grid`.
    exact : bool, default True
        Test points in border cells (``area_share < 1``) against the clipped cell, so that
        points outside the zone never count. False counts every point in a border cell's square.

    Returns
    -------
    numpy.ndarray
        int64, one entry per incident, in the incidents' order.
    """
    require_metric_crs(incidents, "incidents")
    size = grid_cell_size(grid)
    require_same_crs(incidents, grid, "incidents, grid")
    geometry = incidents.geometry if isinstance(incidents, gpd.GeoDataFrame) else incidents
    points = geometry.to_numpy()
    x = shapely.get_x(points)
    y = shapely.get_y(points)
    return positions_of_xy(x, y, grid, cell_size=size, exact=exact)


def positions_of_xy(
    x: np.ndarray, y: np.ndarray, grid: gpd.GeoDataFrame, *, cell_size: float, exact: bool = True
) -> np.ndarray:
    """Grid position of coordinate arrays (see :func:`cell_positions`); NaN gives -1."""
    table, c0, r0 = _lookup(grid)
    located = np.isfinite(x) & np.isfinite(y)
    col = np.zeros(len(x), dtype=np.int64)
    row = np.zeros(len(x), dtype=np.int64)
    col[located] = np.floor(x[located] / cell_size).astype(np.int64) - c0
    row[located] = np.floor(y[located] / cell_size).astype(np.int64) - r0
    inside = located & (col >= 0) & (row >= 0) & (col < table.shape[0]) & (row < table.shape[1])
    pos = np.full(len(x), -1, dtype=np.int64)
    pos[inside] = table[col[inside], row[inside]]
    if exact:
        border = grid["area_share"].to_numpy(dtype=float) < 1.0 - 1e-9
        check = np.flatnonzero(pos >= 0)
        check = check[border[pos[check]]]
        if check.size:
            cells = grid.geometry.to_numpy()
            shapely.prepare(cells[border])
            hit = shapely.intersects_xy(cells[pos[check]], x[check], y[check])
            pos[check[~hit]] = -1
    return pos


def cell_totals(
    incidents: gpd.GeoDataFrame,
    grid: gpd.GeoDataFrame,
    *,
    weights: pd.Series | None = None,
) -> pd.Series:
    """Count incidents (or sum their weights) per grid cell.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Points in the grid's CRS.
    grid : geopandas.GeoDataFrame
        From :func:`gis.grid.zone_grid`.
    weights : pandas.Series, optional
        Weight per incident (such as harm), indexed like ``incidents``; default 1.

    Returns
    -------
    pandas.Series
        float64 indexed like ``grid``, named ``count`` (or ``harm`` with weights).
    """
    pos = cell_positions(incidents, grid)
    w = None
    if weights is not None:
        if not weights.index.equals(incidents.index):
            weights = weights.reindex(incidents.index)
        w = weights.to_numpy(dtype=float)
        if not np.isfinite(w).all():
            raise ValidationError("weights must be finite numbers for every incident")
        w = w[pos >= 0]
    totals = np.bincount(pos[pos >= 0], weights=w, minlength=len(grid)).astype(float)
    return pd.Series(totals, index=grid.index, name="count" if weights is None else "harm")


def scored_grid(grid: gpd.GeoDataFrame, scores: pd.DataFrame | pd.Series) -> gpd.GeoDataFrame:
    """Return the grid's id columns and geometry with ``scores`` joined on its index."""
    frame = scores.to_frame() if isinstance(scores, pd.Series) else scores
    keep = [c for c in (*GRID_COLUMNS, "geometry") if c in grid.columns]
    return grid[keep].join(frame)


def analysis_grid(zone: gpd.GeoDataFrame, *, cell_size: float = 150.0) -> gpd.GeoDataFrame:
    """The zone's grid: the same cells and columns as :func:`gis.grid.zone_grid`, faster.

    Only the cells that cross the zone's boundary are intersected with it; cells wholly inside
    are kept as squares (``area_share`` exactly 1). For PZ AMOW at 150 m this takes ~0.05 s
    instead of ~0.4 s.

    Parameters
    ----------
    zone : geopandas.GeoDataFrame
        The zone polygon(s), projected metric CRS.
    cell_size : float, default 150
        Cell side in metres (50–500).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``cell``, ``col``, ``row``, ``area_share``, geometry (clipped cells).
    """
    require_metric_crs(zone, "zone")
    size = float(cell_size)
    if not MIN_CELL_M <= size <= MAX_CELL_M:
        raise ValidationError(
            f"cell_size={cell_size!r} m is outside the allowed range "
            f"{MIN_CELL_M:g}–{MAX_CELL_M:g} m"
        )
    outline = shapely.union_all(zone.geometry.to_numpy())
    if outline.is_empty:
        raise ValidationError("zone has no area")
    xmin, ymin, xmax, ymax = outline.bounds
    cols = np.arange(np.floor(xmin / size), np.ceil(xmax / size), dtype=np.int64)
    rows = np.arange(np.floor(ymin / size), np.ceil(ymax / size), dtype=np.int64)
    col, row = (a.ravel() for a in np.meshgrid(cols, rows))
    boxes = shapely.box(col * size, row * size, (col + 1) * size, (row + 1) * size)
    shapely.prepare(outline)
    keep = shapely.intersects(outline, boxes)
    col, row, cells = col[keep], row[keep], boxes[keep]
    crossing = ~shapely.contains_properly(outline, cells)
    cells[crossing] = shapely.intersection(cells[crossing], outline)
    share = np.ones(len(cells))
    share[crossing] = shapely.area(cells[crossing]) / size**2
    grid = gpd.GeoDataFrame(
        {
            "cell": pd.Series(np.char.add(np.char.add(col.astype(str), "_"), row.astype(str))),
            "col": col,
            "row": row,
            "area_share": share,
        },
        geometry=cells,
        crs=zone.crs,
    ).astype({"cell": "str"})
    return grid[grid["area_share"] > 0].reset_index(drop=True)


Kind = Literal["grid", "polygons"]


@dataclass(frozen=True)
class HotspotResult:
    """The output of one hotspot method, in a shape every map layer can draw.

    Attributes
    ----------
    method : str
        ``"harm"``, ``"gi_star"``, ``"clusters"``, ``"trends"`` or ``"near_repeat"``.
    frame : geopandas.GeoDataFrame
        Scored grid cells (``kind="grid"``) or ranked polygons (``kind="polygons"``) in the
        CRS of the input.
    value : str
        Numeric column that measures how hot a feature is (colour ramp, sort order).
    category : str or None
        Column of class codes (``"hot_99"``, ``"intensifying_hot"``) to colour by, if any.
    tooltip : tuple of str
        Columns worth showing on hover, most important first.
    kind : {"grid", "polygons"}
        What the rows are.
    parameters : Mapping
        The options the method ran with (cell size, neighbourhood, seed ...), for captions
        and reproducibility.
    """

    method: str
    frame: gpd.GeoDataFrame
    value: str
    category: str | None = None
    tooltip: tuple[str, ...] = ()
    kind: Kind = "grid"
    parameters: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for column in (self.value, self.category, *self.tooltip):
            if column is not None and column not in self.frame.columns:
                raise ValidationError(
                    f"HotspotResult column {column!r} is not in frame "
                    f"(columns: {', '.join(map(str, self.frame.columns))})"
                )
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    @property
    def drawn(self) -> gpd.GeoDataFrame:
        """Rows worth drawing: non-zero values, and no ``"none"`` class."""
        frame = self.frame
        keep = pd.Series(True, index=frame.index)
        if self.category is not None:
            keep &= frame[self.category].astype("str") != "none"
        else:
            keep &= frame[self.value].fillna(0) != 0
        return frame[keep.to_numpy()]


METHODS: tuple[str, ...] = ("harm", "gi_star", "clusters", "trends", "near_repeat")
_PATTERNS = (
    "new",
    "emerging",
    "intensifying",
    "persistent",
    "diminishing",
    "sporadic",
    "oscillating",
    "historical",
)
_FIELDS = (
    "harm",
    "gi_z",
    "gi_class",
    "pattern",
    "hot_periods",
    "trend_tau",
    "incidents",
    "density",
    "area_m2",
    "top_categories",
    "alert",
    "last_incident",
    "expires",
    "days_left",
)


def hotspot_labels(lang: str = "nl") -> dict[str, str]:
    """Display text of the hotspot methods' class codes, column names and layer names.

    Parameters
    ----------
    lang : {"nl", "fr"}
        Language (nl-BE default).

    Returns
    -------
    dict
        Class codes (``hot_99``, ``intensifying_cold`` …), column names (``gi_z``, ``cell``
        …) and ``method.<name>`` layer names → text. Pass it as ``labels`` to
        :func:`layers.hotspots.hotspot_result_layer`.
    """
    labels: dict[str, str] = {}
    for kind in ("hot", "cold"):
        spot = message(f"hotspot.spot.{kind}", lang)
        for level in (90, 95, 99):
            labels[f"{kind}_{level}"] = message("hotspot.confidence", lang, spot=spot, level=level)
        for pattern in _PATTERNS:
            labels[f"{pattern}_{kind}"] = message(f"hotspot.pattern.{pattern}", lang, spot=spot)
    for field_name in _FIELDS:
        labels[field_name] = message(f"hotspot.field.{field_name}", lang)
    for column, key in (("cell", "ui.cell"), ("count", "ui.count"), ("rank", "ui.rank")):
        labels[column] = message(key, lang)
    labels["share"] = message("ui.share", lang)
    labels["total"] = labels["incidents"]
    for method in METHODS:
        labels[f"method.{method}"] = message(f"hotspot.method.{method}", lang)
    return labels
