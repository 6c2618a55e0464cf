"""Small synthetic fixtures shared by the hotspot tests (tests/test_hotspots_*.py)."""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.demo import generate_demo_incidents
from gis.io_geography import load_zone

CRS = "EPSG:31370"


def square_grid(n_cols: int, n_rows: int | None = None, *, size: float = 100.0) -> gpd.GeoDataFrame:
    """An unclipped grid of ``n_cols`` × ``n_rows`` cells in the zone_grid layout.

    Cells are ordered row by row (``id = row * n_cols + col``), as libpysal's ``lat2W``.
    """
    n_rows = n_cols if n_rows is None else n_rows
    row, col = np.divmod(np.arange(n_cols * n_rows), n_cols)
    return gpd.GeoDataFrame(
        {
            "cell": pd.array([f"{c}_{r}" for c, r in zip(col, row, strict=True)], dtype="str"),
            "col": col,
            "row": row,
            "area_share": 1.0,
        },
        geometry=shapely.box(col * size, row * size, (col + 1) * size, (row + 1) * size),
        crs=CRS,
    )


def square_zone(width: float, height: float | None = None) -> gpd.GeoDataFrame:
    """A rectangular zone with its lower-left corner at the origin."""
    height = width if height is None else height
    return gpd.GeoDataFrame(geometry=[shapely.box(0, 0, width, height)], crs=CRS)


def points(x, y, **columns) -> gpd.GeoDataFrame:
    """Incidents at ``x``, ``y`` with extra columns (``start`` defaults to 2024-01-01)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    columns.setdefault("start", pd.Series(pd.Timestamp("2024-01-01"), index=range(len(x))))
    frame = pd.DataFrame({k: np.asarray(v) for k, v in columns.items()})
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(x, y), crs=CRS)


@cache
def demo_year(zone: str = "ipz31", *, seed: int = 1, rate: float = 450.0) -> gpd.GeoDataFrame:
    """One year (2024) of located demo incidents for a shipped zone, as points."""
    geography = load_zone(zone)
    frame = generate_demo_incidents(
        geography.wijken,
        geography.municipalities,
        start=pd.Timestamp("2024-01-01"),
        end=pd.Timestamp("2025-01-01"),
        seed=seed,
        incidents_per_1000_ha_per_year=rate,
    )
    frame = frame[frame["x"].notna()].reset_index(drop=True)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["x"], frame["y"]), crs=CRS)
