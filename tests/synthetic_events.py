"""Small synthetic incident histories for the KDE, forecast and backtest tests.

A 3 × 3 km square (Lambert 72 coordinates) with a few fixed hotspots over a uniform
background; events are a Poisson process per day, so every test builds the same data from
its seed.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ORIGIN_X, ORIGIN_Y = 150_000.0, 170_000.0
SIDE = 3_000.0
CRS = "EPSG:31370"
HOTSPOTS = ((600.0, 700.0, 3.0), (2_100.0, 2_200.0, 2.0), (1_500.0, 900.0, 1.0))
"""(x, y offset in m, relative weight) of each hotspot."""


def square_zone(side: float = SIDE) -> gpd.GeoDataFrame:
    """The study zone: a square of ``side`` metres."""
    box = shapely.box(ORIGIN_X, ORIGIN_Y, ORIGIN_X + side, ORIGIN_Y + side)
    return gpd.GeoDataFrame(geometry=[box], crs=CRS)


def events(
    *,
    start: str = "2021-01-01",
    days: int = 730,
    per_day: float = 4.0,
    hotspot_share: float = 0.7,
    spread: float = 120.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Synthetic events: columns ``id, category, start, x, y`` (metres, EPSG:31370).

    ``hotspot_share`` of the events fall around :data:`HOTSPOTS` (Gaussian, ``spread`` m),
    the rest uniformly in the square; one in three is category ``woninginbraak``, the rest
    ``fietsdiefstal``.
    """
    rng = np.random.default_rng(seed)
    n = rng.poisson(per_day * days)
    day = rng.integers(0, days, n)
    minutes = rng.integers(0, 1440, n)
    when = pd.Timestamp(start) + pd.to_timedelta(day, "D") + pd.to_timedelta(minutes, "min")
    hot = rng.random(n) < hotspot_share
    weights = np.array([w for _, _, w in HOTSPOTS])
    which = rng.choice(len(HOTSPOTS), n, p=weights / weights.sum())
    centres = np.array([(x, y) for x, y, _ in HOTSPOTS])[which]
    x = np.where(hot, centres[:, 0] + rng.normal(0, spread, n), rng.uniform(0, SIDE, n))
    y = np.where(hot, centres[:, 1] + rng.normal(0, spread, n), rng.uniform(0, SIDE, n))
    x, y = np.clip(x, 1.0, SIDE - 1.0), np.clip(y, 1.0, SIDE - 1.0)
    frame = pd.DataFrame(
        {
            "id": [f"S{i:06d}" for i in range(n)],
            "category": np.where(rng.random(n) < 1 / 3, "woninginbraak", "fietsdiefstal"),
            "start": when,
            "x": ORIGIN_X + x,
            "y": ORIGIN_Y + y,
        }
    )
    return frame.sort_values("start", kind="stable").reset_index(drop=True)


def write_backtest_inputs(folder: Path) -> tuple[Path, Path]:
    """Write 400 days of :func:`events` as the importer's CSV and :func:`square_zone` as
    GeoJSON into ``folder`` (the command line's inputs); return both paths."""
    frame = events(days=400, per_day=3.0)
    frame["start"] = frame["start"].dt.strftime("%Y-%m-%d %H:%M")
    csv = folder / "events.csv"
    frame.to_csv(csv, index=False)
    zone = folder / "zone.geojson"
    square_zone().to_file(zone, driver="GeoJSON")
    return csv, zone
