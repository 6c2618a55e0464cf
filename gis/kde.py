"""Fast binned kernel density on the analysis grid, clipped to the zone.

Points are binned on a fine pixel lattice aligned with the grid (each cell split into
``subdivisions × subdivisions`` pixels), smoothed with a separable Gaussian filter
(:func:`scipy.ndimage.gaussian_filter`, truncated at four bandwidths) and summed per cell.
Only pixels whose centre lies in the zone (or, without a zone, in one of the grid's cells)
receive density: the rest of the plane never counts. Each point's kernel is renormalised to
its mass inside the zone (edge correction), so the cell values add up to the number of
points (or their weight) inside the zone, and a point near the zone boundary is not
discounted for being near it.

The result is an *expected count per cell* (the kernel density integrated over the cell's
part of the zone), directly comparable with :func:`gis.grid.count_per_cell`.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import ndimage

from gis.errors import ValidationError
from gis.grid import _check_cell_size, _check_metric

MIN_BANDWIDTH_M, MAX_BANDWIDTH_M = 10.0, 5_000.0
MIN_EDGE_MASS = 0.05
"""Smallest kernel mass inside the zone used in the edge correction (caps its weight at 20)."""
TRUNCATE = 4.0
"""The Gaussian kernel is cut at this many bandwidths."""


def _check_bandwidth(bandwidth: float) -> float:
    if not MIN_BANDWIDTH_M <= float(bandwidth) <= MAX_BANDWIDTH_M:
        raise ValidationError(
            f"bandwidth={bandwidth!r} m is outside the allowed range "
            f"{MIN_BANDWIDTH_M:g}–{MAX_BANDWIDTH_M:g} m"
        )
    return float(bandwidth)


def default_subdivisions(cell_size: float, bandwidth: float) -> int:
    """Pixels per cell side so that a pixel is at most a quarter bandwidth (1–10).

    Parameters
    ----------
    cell_size, bandwidth : float
        Metres.

    Returns
    -------
    int
    """
    return int(min(10, max(1, math.ceil(4.0 * cell_size / bandwidth))))


class Lattice:
    """A fine pixel lattice aligned with an analysis grid, masked to the study area.

    Parameters
    ----------
    col, row : numpy.ndarray
        Integer indices of the grid's cells (as in :func:`gis.grid.zone_grid`).
    cell_size : float
        Cell side in metres.
    subdivisions : int
        Pixels per cell side.
    zone : shapely.Geometry, optional
        The zone outline; pixels whose centre lies outside it get no density. Without a zone
        every pixel of the grid's cells counts.

    Attributes
    ----------
    pixel : float
        Pixel side in metres.
    shape : tuple of int
        (rows, columns) of the lattice: the bounding box of the grid's cells.
    mask : numpy.ndarray
        float64, 1 where a pixel belongs to the study area.
    cell_of_pixel : numpy.ndarray
        int64 per pixel (raveled): index of its grid cell, -1 outside the study area.
    """

    def __init__(
        self,
        col: np.ndarray,
        row: np.ndarray,
        *,
        cell_size: float,
        subdivisions: int,
        zone: shapely.Geometry | None = None,
    ) -> None:
        col = np.asarray(col, dtype=np.int64)
        row = np.asarray(row, dtype=np.int64)
        if len(col) == 0 or len(col) != len(row):
            raise ValidationError(
                f"the grid must have at least one cell and as many cols as rows, got "
                f"{len(col)} cols and {len(row)} rows"
            )
        if int(subdivisions) < 1:
            raise ValidationError(f"subdivisions={subdivisions!r} must be at least 1")
        self.cell_size = float(cell_size)
        self.subdivisions = f = int(subdivisions)
        self.pixel = self.cell_size / f
        self.n_cells = len(col)
        self.col0, self.row0 = int(col.min()), int(row.min())
        ncols, nrows = int(col.max()) - self.col0 + 1, int(row.max()) - self.row0 + 1
        self.shape = (nrows * f, ncols * f)
        cell_map = np.full((nrows, ncols), -1, dtype=np.int64)
        cell_map[row - self.row0, col - self.col0] = np.arange(self.n_cells)
        pixels = np.repeat(np.repeat(cell_map, f, axis=0), f, axis=1)
        if zone is not None:
            ys = (self.row0 * f + np.arange(self.shape[0]) + 0.5) * self.pixel
            xs = (self.col0 * f + np.arange(self.shape[1]) + 0.5) * self.pixel
            gx, gy = np.meshgrid(xs, ys)
            candidate = pixels >= 0
            shapely.prepare(zone)
            inside = np.zeros(self.shape, dtype=bool)
            inside[candidate] = shapely.contains_xy(zone, gx[candidate], gy[candidate])
            pixels = np.where(inside, pixels, -1)
        self.cell_of_pixel = pixels.ravel()
        self.mask = (pixels >= 0).astype(np.float64)
        # the study-area pixels and their cells, for summing a density per cell
        self._inside = np.flatnonzero(self.cell_of_pixel >= 0)
        self._inside_cell = self.cell_of_pixel[self._inside]
        self._edge_mass: dict[float, np.ndarray] = {}

    def pixel_index(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Return the raveled pixel index of each point; -1 outside the lattice's box.

        Parameters
        ----------
        x, y : numpy.ndarray
            Coordinates in metres.

        Returns
        -------
        numpy.ndarray
            int64.
        """
        f = self.subdivisions
        px = np.floor(np.asarray(x, dtype=np.float64) / self.pixel) - self.col0 * f
        py = np.floor(np.asarray(y, dtype=np.float64) / self.pixel) - self.row0 * f
        ok = (px >= 0) & (py >= 0) & (px < self.shape[1]) & (py < self.shape[0])
        ok &= np.isfinite(px) & np.isfinite(py)
        out = np.full(len(px), -1, dtype=np.int64)
        out[ok] = py[ok].astype(np.int64) * self.shape[1] + px[ok].astype(np.int64)
        return out

    def edge_mass(self, bandwidth: float) -> np.ndarray:
        """Kernel mass inside the study area of a point at each pixel (raveled, cached)."""
        key = float(bandwidth)
        if key not in self._edge_mass:
            sigma = key / self.pixel
            mass = ndimage.gaussian_filter(self.mask, sigma, mode="constant", truncate=TRUNCATE)
            self._edge_mass[key] = np.maximum(mass.ravel(), MIN_EDGE_MASS)
        return self._edge_mass[key]

    def smooth_pixels(
        self, pixel: np.ndarray, weights: np.ndarray | None, bandwidth: float
    ) -> np.ndarray:
        """Return the expected count per grid cell of points at ``pixel`` (raveled indices).

        Points with pixel -1 must have been removed by the caller.
        """
        n = self.shape[0] * self.shape[1]
        w = np.ones(len(pixel)) if weights is None else np.asarray(weights, dtype=np.float64)
        binned = np.bincount(pixel, weights=w, minlength=n)
        return self.smooth_binned(binned, bandwidth)

    def smooth_binned(self, binned: np.ndarray, bandwidth: float) -> np.ndarray:
        """Smooth a raveled pixel image of point weights; return the expected count per cell."""
        corrected = (binned / self.edge_mass(bandwidth)).reshape(self.shape)
        density = ndimage.gaussian_filter(
            corrected, bandwidth / self.pixel, mode="constant", truncate=TRUNCATE
        ).ravel()
        cells = np.bincount(
            self._inside_cell, weights=density[self._inside], minlength=self.n_cells
        )
        # the filter leaves rounding dust (~1e-17) far from every point; make it an exact 0
        cells[cells < 1e-12 * max(1.0, float(binned.sum()))] = 0.0
        return cells


def kde_per_cell(
    incidents: gpd.GeoDataFrame | gpd.GeoSeries,
    grid: gpd.GeoDataFrame,
    *,
    cell_size: float,
    bandwidth: float = 250.0,
    zone: gpd.GeoDataFrame | None = None,
    weights: pd.Series | None = None,
    subdivisions: int | None = None,
) -> pd.Series:
    """Kernel-smoothed incident counts per grid cell (expected count per cell).

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame or geopandas.GeoSeries
        Incident points in the grid's (metric) CRS; missing geometries are skipped.
    grid : geopandas.GeoDataFrame
        From :func:`gis.grid.zone_grid` with the same ``cell_size`` (columns ``col``, ``row``).
    cell_size : float
        Cell side in metres.
    bandwidth : float, default 250
        Standard deviation of the Gaussian kernel in metres.
    zone : geopandas.GeoDataFrame, optional
        Zone polygon(s): density outside it never counts, points outside it are ignored.
        Without a zone, the grid's cells are the study area.
    weights : pandas.Series, optional
        Weight per incident (e.g. harm), indexed like ``incidents``; default 1.
    subdivisions : int, optional
        Pixels per cell side of the fine lattice (default :func:`default_subdivisions`).

    Returns
    -------
    pandas.Series
        float64 indexed like ``grid``; sums to the number (weight) of incidents inside the
        study area, up to the lattice resolution.

    Raises
    ------
    ValidationError
        For a non-metric CRS, mismatching CRSs, or a cell size or bandwidth out of range.
    """
    size = _check_cell_size(cell_size)
    bw = _check_bandwidth(bandwidth)
    points = incidents.geometry if isinstance(incidents, gpd.GeoDataFrame) else incidents
    _check_metric(grid, "grid")
    for other, name in ((points, "incidents"), (zone, "zone")):
        if other is not None and other.crs is not None and not other.crs.equals(grid.crs):
            raise ValidationError(
                f"{name}.crs={other.crs.to_string()} differs from grid.crs={grid.crs.to_string()}"
            )
    outline = None if zone is None else shapely.union_all(zone.geometry.to_numpy())
    lattice = Lattice(
        grid["col"].to_numpy(),
        grid["row"].to_numpy(),
        cell_size=size,
        subdivisions=subdivisions or default_subdivisions(size, bw),
        zone=outline,
    )
    geoms = points.to_numpy()
    located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    x = shapely.get_x(geoms[located])
    y = shapely.get_y(geoms[located])
    w = None if weights is None else weights.astype(float).to_numpy()[located]
    pixel = lattice.pixel_index(x, y)
    keep = pixel >= 0
    if outline is None:
        keep[keep] = lattice.cell_of_pixel[pixel[keep]] >= 0
    else:
        keep &= shapely.contains_xy(outline, x, y)
    values = lattice.smooth_pixels(pixel[keep], None if w is None else w[keep], bw)
    return pd.Series(values, index=grid.index, name="kde")
