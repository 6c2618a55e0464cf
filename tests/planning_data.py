"""A small synthetic world for the planner tests: four square wijken, known hot places.

Wijken A, B, C (1 km squares in a row, EPSG:31370) touch each other in that order; D lies far
away. Hot places: ``STRONG`` in A (60 burglaries, Tuesday–Thursday 16–20h), ``WEAK`` in A
(8 incidents), ``C_PLACE`` in C (40 incidents); B has only drug findings (a proactive
category), so B has no planning hotspot by default.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.place_risk import driving_categories, place_risk
from gis.roster import SHIFT_COLUMNS

X0, Y0 = 150_000.0, 170_000.0
WEEK = pd.Timestamp("2026-11-30")  # Monday of 2026-W49
STRONG = (X0 + 500.0, Y0 + 500.0)
WEAK = (X0 + 200.0, Y0 + 800.0)
C_PLACE = (X0 + 2500.0, Y0 + 500.0)
B_PLACE = (X0 + 1500.0, Y0 + 500.0)


def wijken() -> gpd.GeoDataFrame:
    boxes = [
        shapely.box(X0, Y0, X0 + 1000, Y0 + 1000),
        shapely.box(X0 + 1000, Y0, X0 + 2000, Y0 + 1000),
        shapely.box(X0 + 2000, Y0, X0 + 3000, Y0 + 1000),
        shapely.box(X0 + 6000, Y0, X0 + 7000, Y0 + 1000),
    ]
    return gpd.GeoDataFrame(
        {
            "code": ["A", "B", "C", "D"],
            "name": ["Wijk A", "Wijk B", "Wijk C", "Wijk D"],
            "nis": ["99999"] * 4,
        },
        geometry=boxes,
        crs="EPSG:31370",
    )


def _cluster(
    rng: np.random.Generator,
    centre: tuple[float, float],
    n: int,
    category: str,
    *,
    days: tuple[int, ...],
    hours: tuple[int, int],
    street: str,
    wijk: str,
) -> pd.DataFrame:
    weeks = rng.integers(1, 50, n)
    day = rng.choice(days, n)
    hour = rng.integers(hours[0], hours[1], n)
    start = WEEK - pd.to_timedelta(weeks * 7, unit="D") + pd.to_timedelta(day, unit="D")
    start = start + pd.to_timedelta(hour, unit="h") + pd.to_timedelta(rng.integers(0, 60, n), "m")
    return pd.DataFrame(
        {
            "category": category,
            "start": start,
            "end": pd.NaT,
            "street": street,
            "in_zone": True,
            "wijk": wijk,
            "nis": "99999",
            "x": centre[0] + rng.uniform(-30, 30, n),
            "y": centre[1] + rng.uniform(-30, 30, n),
        }
    )


def incidents(seed: int = 0) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    parts = [
        _cluster(
            rng,
            STRONG,
            60,
            "woninginbraak",
            days=(1, 2, 3),
            hours=(16, 20),
            street="Kerkstraat",
            wijk="A",
        ),
        _cluster(
            rng, WEAK, 8, "fietsdiefstal", days=(0, 4), hours=(12, 18), street="Molenweg", wijk="A"
        ),
        _cluster(
            rng,
            C_PLACE,
            40,
            "winkeldiefstal",
            days=(0, 1, 2, 3, 4),
            hours=(12, 19),
            street="Marktplein",
            wijk="C",
        ),
        _cluster(
            rng,
            B_PLACE,
            80,
            "drugsoverlast",
            days=(4, 5),
            hours=(20, 23),
            street="Parkweg",
            wijk="B",
        ),
    ]
    frame = pd.concat(parts, ignore_index=True)
    frame["start"] = frame["start"].astype("datetime64[ns]")
    frame["end"] = frame["end"].astype("datetime64[ns]")
    return gpd.GeoDataFrame(
        frame.drop(columns=["x", "y"]),
        geometry=gpd.points_from_xy(frame["x"], frame["y"]),
        crs="EPSG:31370",
    )


def risk(**options: object):
    found = incidents()
    return place_risk(
        found,
        wijken(),
        now=WEEK,
        categories=driving_categories(found["category"].unique()),
        **options,
    )


def inspectors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "inspector": ["Insp A", "Insp B", "Insp D"],
            "wijken": ["A", "B", "D"],
            "mode": ["fiets", "te voet", "fiets"],
            "base_x": [X0 + 100.0, X0 + 1900.0, np.nan],
            "base_y": [Y0 + 100.0, Y0 + 100.0, np.nan],
        }
    )


def shifts(street: int = 240) -> pd.DataFrame:
    rows = []
    for name in ("Insp A", "Insp B", "Insp D"):
        for day in range(5):
            date = (WEEK + pd.Timedelta(days=day)).strftime("%Y-%m-%d")
            rows.append((f"{name}|{date}", name, date, "12:00", "20:00", street, ""))
        date = (WEEK + pd.Timedelta(days=5)).strftime("%Y-%m-%d")
        rows.append((f"{name}|{date}|verlof", name, date, "00:00", "00:00", 0, "verlof"))
    return pd.DataFrame(rows, columns=list(SHIFT_COLUMNS))


def duties() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "duty_id": ["school-a", "markt-c", "kermis-b"],
            "kind": ["school", "markt", "evenement"],
            "name": ["Schoolpoort Sint-Jozef", "Wekelijkse markt", "Kermis"],
            "wijk": ["A", "C", "B"],
            "x": [X0 + 800.0, C_PLACE[0] + 100, B_PLACE[0]],
            "y": [Y0 + 300.0, C_PLACE[1] + 100, B_PLACE[1]],
            "weekdays": ["ma,di,do,vr", "wo", ""],
            "start": ["15:20", "12:30", "18:00"],
            "end": ["15:40", "13:30", "19:00"],
            "date_from": ["", "", "2026-12-04"],
            "date_to": ["", "", ""],
            "school_holidays_off": [True, False, False],
        }
    )
