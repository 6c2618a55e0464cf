"""Tests of the synthetic demo incident generator on the shipped geography of PZ AMOW (ipz31).

The structure tests compare each statistic with the same statistic on a control that lacks the
structure (a uniform sample over the same wijken, or permuted times), and check that the control
does not pass: each test would fail on uniform random noise.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree

from gis.demo import (
    DEMO_CATEGORIES,
    DEMO_COLUMNS,
    DEMO_POSTCODES,
    demo_category_table,
    generate_demo_incidents,
)
from gis.errors import ValidationError
from gis.schema import SOURCES

GEOGRAPHY = Path(__file__).resolve().parents[1] / "data" / "geography"
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2025-01-01")  # two years
CELL_M = 150.0


def _zone(*codes: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    municipalities = gpd.read_parquet(GEOGRAPHY / "municipalities.parquet")
    municipalities = municipalities[municipalities["zone_code"].isin(codes)]
    wijken = gpd.read_parquet(GEOGRAPHY / "wijken.parquet")
    return wijken[wijken["nis"].isin(municipalities["nis"])], municipalities


@pytest.fixture(scope="module")
def amow() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    return _zone("ipz31")


@pytest.fixture(scope="module")
def union(amow: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]) -> shapely.Geometry:
    geometry = shapely.union_all(amow[0].geometry.to_numpy())
    shapely.prepare(geometry)
    return geometry


@pytest.fixture(scope="module")
def demo(amow: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]) -> pd.DataFrame:
    return generate_demo_incidents(*amow, start=START, end=END, seed=11)


@pytest.fixture(scope="module")
def dense(amow: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]) -> pd.DataFrame:
    """Four times the default volume: enough burglaries for a tight seasonal estimate."""
    return generate_demo_incidents(
        *amow, start=START, end=END, seed=12, incidents_per_1000_ha_per_year=1_800.0
    )


@pytest.fixture(scope="module")
def located(demo: pd.DataFrame) -> pd.DataFrame:
    return demo[demo["x"].notna()]


def _uniform_in(region: shapely.Geometry, n: int, seed: int) -> np.ndarray:
    """The control: ``n`` uniform points inside ``region``."""
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = region.bounds
    found = np.empty((0, 2))
    while len(found) < n:
        x = rng.uniform(x0, x1, 4 * n + 10)
        y = rng.uniform(y0, y1, 4 * n + 10)
        inside = shapely.contains_xy(region, x, y)
        found = np.vstack([found, np.c_[x[inside], y[inside]]])
    return found[:n]


def _xy(frame: pd.DataFrame) -> np.ndarray:
    return frame[["x", "y"]].to_numpy()


def _mean_nearest_neighbour(xy: np.ndarray) -> float:
    distance, _ = cKDTree(xy).query(xy, k=2)
    return float(distance[:, 1].mean())


def _cell_keys(xy: np.ndarray) -> np.ndarray:
    cells = np.floor(xy / CELL_M).astype(np.int64)
    return cells[:, 0] * 1_000_000 + cells[:, 1]


def _zone_cell_count(region: shapely.Geometry) -> int:
    x0, y0, x1, y1 = region.bounds
    gx, gy = np.meshgrid(
        np.arange(np.floor(x0 / CELL_M), np.ceil(x1 / CELL_M)) * CELL_M + CELL_M / 2,
        np.arange(np.floor(y0 / CELL_M), np.ceil(y1 / CELL_M)) * CELL_M + CELL_M / 2,
    )
    return int(shapely.contains_xy(region, gx.ravel(), gy.ravel()).sum())


def _top_cell_share(xy: np.ndarray, n_cells: int, share: float = 0.05) -> float:
    """Share of points in the ``share`` of the zone's 150 m cells that hold most points."""
    counts = np.sort(np.unique(_cell_keys(xy), return_counts=True)[1])[::-1]
    return float(counts[: round(share * n_cells)].sum() / len(xy))


def _knox_ratio(xy: np.ndarray, days: np.ndarray, *, permutations: int = 199) -> tuple[int, float]:
    """Pairs within 200 m and 14 days, and that count's 95th percentile under permuted times."""
    pairs = cKDTree(xy).query_pairs(200.0, output_type="ndarray")

    def close_in_time(t: np.ndarray) -> int:
        return int((np.abs(t[pairs[:, 0]] - t[pairs[:, 1]]) <= 14.0).sum())

    rng = np.random.default_rng(5)
    null = [close_in_time(rng.permutation(days)) for _ in range(permutations)]
    return close_in_time(days), float(np.quantile(null, 0.95))


def _days(frame: pd.DataFrame) -> np.ndarray:
    return (frame["start"] - START).dt.total_seconds().to_numpy() / 86_400.0


# --------------------------------------------------------------------------------------------
# shape of the output


def test_columns_and_dtypes(demo: pd.DataFrame) -> None:
    assert tuple(demo.columns) == DEMO_COLUMNS
    for column in ("id", "source", "category", "street", "number", "box", "postcode"):
        assert pd.api.types.is_string_dtype(demo[column]), column
        assert not demo[column].isna().any(), column
    assert pd.api.types.is_string_dtype(demo["municipality"])
    assert pd.api.types.is_string_dtype(demo["description"])
    assert demo["start"].dtype == "datetime64[ns]"
    assert demo["end"].dtype == "datetime64[ns]"
    assert demo["x"].dtype == "float64"
    assert demo["y"].dtype == "float64"
    assert demo["synthetic"].dtype == bool
    assert demo["synthetic"].all()
    assert demo["start"].notna().all()
    assert demo["start"].is_monotonic_increasing
    assert demo["start"].between(START, END, inclusive="left").all()


def test_ids_are_unique_and_name_the_zone(demo: pd.DataFrame) -> None:
    assert demo["id"].is_unique
    assert demo["id"].str.fullmatch(r"DEMO-ipz31-\d{6}").all()


def test_categories_and_sources_follow_the_table(demo: pd.DataFrame) -> None:
    table = demo_category_table()
    assert set(demo["category"]) == set(table["category"])
    expected = demo["category"].map(dict(zip(table["category"], table["source"], strict=True)))
    assert (demo["source"] == expected).all()
    assert set(demo["source"]) <= set(SOURCES)
    assert math.isclose(sum(c.share for c in DEMO_CATEGORIES), 1.0)
    assert table["citizen_reported"].dtype == bool
    assert (table["harm_weight"] > 0).all()


def test_descriptions_exercise_escaping(demo: pd.DataFrame) -> None:
    for character in ("<", ">", "&", '"'):
        assert demo["description"].str.contains(character, regex=False).any(), character
    assert (demo["description"].str.len() > 0).all()


@pytest.mark.parametrize("seed", [0, 7])
def test_same_seed_gives_identical_frame(amow, seed: int) -> None:
    kwargs = {"start": START, "end": START + pd.Timedelta(days=45), "seed": seed}
    first = generate_demo_incidents(*amow, **kwargs)
    pd.testing.assert_frame_equal(first, generate_demo_incidents(*amow, **kwargs))


def test_different_seed_gives_different_frame(amow) -> None:
    kwargs = {"start": START, "end": START + pd.Timedelta(days=45)}
    first = generate_demo_incidents(*amow, seed=1, **kwargs)
    second = generate_demo_incidents(*amow, seed=2, **kwargs)
    assert not first.equals(second)
    assert not np.isin(first["x"].dropna(), second["x"].dropna()).any()


# --------------------------------------------------------------------------------------------
# volume, places, addresses


def test_default_volume_is_that_of_a_flemish_zone(demo: pd.DataFrame) -> None:
    per_year = demo.groupby(demo["start"].dt.year).size()
    assert list(per_year.index) == [2023, 2024]
    assert per_year.between(3_000, 8_000).all()
    # a stationary process: the two years differ by sampling noise only
    assert abs(per_year.iloc[0] - per_year.iloc[1]) < 5 * math.sqrt(per_year.mean())


def test_volume_scales_with_the_rate(amow) -> None:
    kwargs = {"start": START, "end": START + pd.Timedelta(days=90), "seed": 3}
    low = generate_demo_incidents(*amow, incidents_per_1000_ha_per_year=100.0, **kwargs)
    high = generate_demo_incidents(*amow, incidents_per_1000_ha_per_year=400.0, **kwargs)
    assert 3.3 < len(high) / len(low) < 4.8


def test_every_located_point_lies_in_the_zone(located, union) -> None:
    assert shapely.contains_xy(union, located["x"], located["y"]).all()


@pytest.mark.parametrize("zone", ["ipz31", "ipz51"])
def test_points_carry_their_municipality_and_postcode(zone: str) -> None:
    wijken, municipalities = _zone(zone)
    demo = generate_demo_incidents(
        wijken, municipalities, start=START, end=START + pd.Timedelta(days=60), seed=4
    )
    located = demo[demo["x"].notna()]
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(located["x"], located["y"]), crs=municipalities.crs
    )
    joined = gpd.sjoin(points, municipalities[["name", "geometry"]], predicate="within")
    assert len(joined) == len(located)
    assert (joined["name"].to_numpy() == located["municipality"].to_numpy()).all()
    postcodes = pd.read_csv(GEOGRAPHY / "postcodes.csv", dtype=str)
    allowed = set(zip(postcodes["municipality"], postcodes["postcode"], strict=True))
    assert set(zip(demo["municipality"], demo["postcode"], strict=True)) <= allowed
    assert demo["id"].str.startswith(f"DEMO-{zone}-").all()


def test_address_only_rows_have_an_address_and_no_point(demo: pd.DataFrame) -> None:
    address_only = demo[demo["x"].isna()]
    assert address_only["y"].isna().all()
    assert demo.loc[demo["x"].notna(), "y"].notna().all()
    for column in ("street", "number", "postcode", "municipality"):
        assert (address_only[column].str.strip() != "").all(), column
    # binomial: 8 % of ~10,000 rows, give or take 4 standard deviations
    n = len(demo)
    assert abs(len(address_only) - 0.08 * n) < 4 * math.sqrt(n * 0.08 * 0.92)


@pytest.mark.parametrize(("share", "expected"), [(0.0, 0.0), (1.0, 1.0)])
def test_address_only_share_bounds(amow, share: float, expected: float) -> None:
    demo = generate_demo_incidents(
        *amow, start=START, end=START + pd.Timedelta(days=20), address_only_share=share
    )
    assert demo["x"].isna().mean() == expected


def test_streets_are_synthetic_flemish_names_repeating_at_hot_places(demo: pd.DataFrame) -> None:
    assert demo["street"].str.fullmatch(r"[A-Z][A-Za-z' -]+").all()
    assert demo["street"].str.contains("straat|laan|steenweg|plein|Markt").mean() > 0.6
    # the same address recurs (hot micro-places), as in real records
    address = demo["street"] + " " + demo["number"] + ", " + demo["municipality"]
    assert address[demo["number"] != ""].value_counts().iloc[0] >= 10


# --------------------------------------------------------------------------------------------
# spatial structure: hot micro-places and clustering, against a uniform control


def test_burglaries_cluster_more_than_uniform(located, union) -> None:
    burglaries = _xy(located[located["category"] == "woninginbraak"])
    uniform = _uniform_in(union, len(burglaries), seed=1)
    ratio = _mean_nearest_neighbour(burglaries) / _mean_nearest_neighbour(uniform)
    control = _mean_nearest_neighbour(_uniform_in(union, len(burglaries), seed=2)) / (
        _mean_nearest_neighbour(uniform)
    )
    assert ratio < 0.8
    assert control > 0.9  # the same test on uniform noise does not pass


@pytest.mark.parametrize(
    ("category", "top_share", "minimum_excess"),
    [
        (None, 0.05, 3.0),
        (None, 0.01, 8.0),
        ("woninginbraak", 0.01, 1.5),  # burglary is diffuse, but not uniform
        ("winkeldiefstal", 0.01, 4.0),
        ("fietsdiefstal", 0.01, 3.0),
        ("geluidsoverlast", 0.01, 2.5),
        ("sluikstorten", 0.01, 2.5),
    ],
)
def test_top_cells_hold_far_more_than_under_uniform(
    located, union, category: str | None, top_share: float, minimum_excess: float
) -> None:
    """The busiest 1 % / 5 % of the zone's 150 m cells, against a uniform sample of equal size."""
    frame = located if category is None else located[located["category"] == category]
    n_cells = _zone_cell_count(union)
    share = _top_cell_share(_xy(frame), n_cells, top_share)
    uniform = _top_cell_share(_uniform_in(union, len(frame), seed=3), n_cells, top_share)
    control = _top_cell_share(_uniform_in(union, len(frame), seed=4), n_cells, top_share)
    assert share > minimum_excess * uniform
    assert control < minimum_excess * uniform  # uniform noise does not pass


def test_hot_micro_places_persist_year_after_year(located, union) -> None:
    n_top = round(0.05 * _zone_cell_count(union))

    def persistence(xy: np.ndarray, year_one: np.ndarray) -> float:
        keys = _cell_keys(xy)
        cells, counts = np.unique(keys[year_one], return_counts=True)
        top = cells[np.argsort(-counts, kind="stable")[:n_top]]
        return float(np.isin(keys[~year_one], top).mean())

    year_one = (located["start"].dt.year == 2023).to_numpy()
    share = persistence(_xy(located), year_one)
    control = persistence(_uniform_in(union, len(located), seed=5), year_one)
    assert share > 0.35  # year-1 hot cells (5 % of the zone) hold over a third of year 2
    assert control < 0.15
    assert share > 3 * control


# --------------------------------------------------------------------------------------------
# near-repeat burglaries: a Knox test against permuted times


def test_burglaries_show_near_repeat_space_time_clustering(located) -> None:
    burglaries = located[located["category"] == "woninginbraak"]
    observed, null_95 = _knox_ratio(_xy(burglaries), _days(burglaries))
    assert observed > 2.0 * null_95


def test_knox_control_without_chains_does_not_pass(located) -> None:
    burglaries = located[located["category"] == "woninginbraak"]
    shuffled = np.random.default_rng(8).permutation(_days(burglaries))
    observed, null_95 = _knox_ratio(_xy(burglaries), shuffled)
    assert observed < 2.0 * null_95


@pytest.mark.parametrize("category", ["vandalisme", "geluidsoverlast", "verkeersongeval"])
def test_other_categories_have_no_near_repeat(located, category: str) -> None:
    frame = located[located["category"] == category]
    observed, null_95 = _knox_ratio(_xy(frame), _days(frame), permutations=99)
    assert observed < 1.5 * null_95


def test_near_repeat_can_be_seen_at_pair_level(located) -> None:
    """Burglaries 1..14 days after another one within 200 m are far more than by chance."""
    burglaries = located[located["category"] == "woninginbraak"]
    xy = _xy(burglaries)
    days = _days(burglaries)
    pairs = cKDTree(xy).query_pairs(200.0, output_type="ndarray")
    lag = np.abs(days[pairs[:, 0]] - days[pairs[:, 1]])
    soon = ((lag >= 1.0) & (lag <= 14.0)).sum()
    later = ((lag > 60.0) & (lag <= 73.0)).sum()  # a window of the same length, two months on
    assert soon > 3 * max(later, 1)


# --------------------------------------------------------------------------------------------
# time structure


def _night_share(frame: pd.DataFrame) -> float:
    hour = frame["start"].dt.hour
    return float(((hour >= 20) | (hour < 4)).mean())


def test_noise_is_an_evening_and_night_matter_and_burglary_is_not(demo: pd.DataFrame) -> None:
    noise = demo[demo["category"] == "geluidsoverlast"]
    burglary = demo[demo["category"] == "woninginbraak"]
    assert _night_share(noise) > 0.6
    assert _night_share(burglary) < 0.25
    assert _night_share(noise) > 3 * _night_share(burglary)
    # uniform hours would put a third of each in 20:00-04:00
    assert abs(_night_share(noise) - 1 / 3) > 0.2


@pytest.mark.parametrize(
    ("category", "hours", "minimum_share"),
    [
        ("verkeersongeval", [7, 8, 16, 17, 18], 0.35),  # rush hours
        ("fietsdiefstal", list(range(8, 19)), 0.65),  # daytime
        ("winkeldiefstal", list(range(10, 19)), 0.75),  # shop hours
        ("woninginbraak", list(range(8, 20)), 0.65),  # windows open in daytime
        ("jongerenoverlast", [19, 20, 21, 22, 23, 0], 0.5),
    ],
)
def test_hour_profiles(demo: pd.DataFrame, category: str, hours: list[int], minimum_share) -> None:
    frame = demo[demo["category"] == category]
    uniform = len(hours) / 24  # the share under hours drawn at random
    assert minimum_share > 1.25 * uniform  # so the test fails on uniform noise
    assert frame["start"].dt.hour.isin(hours).mean() > minimum_share


@pytest.mark.parametrize(
    ("category", "weekend_up"),
    [("geluidsoverlast", True), ("jongerenoverlast", True), ("verkeersongeval", False)],
)
def test_weekday_rhythm(demo: pd.DataFrame, category: str, weekend_up: bool) -> None:
    frame = demo[demo["category"] == category]
    weekend = float((frame["start"].dt.day_of_week >= 5).mean())
    if weekend_up:
        assert weekend > 1.25 * 2 / 7
    else:
        assert weekend < 2 / 7


def _dark_season_index(when: pd.Series) -> float:
    """Mean of cos(day of year - 16 December): 0 without seasonality, > 0 when up in winter."""
    return float(np.cos(2 * np.pi * (when.dt.day_of_year - 350) / 365.25).mean())


def test_burglaries_rise_in_the_dark_months(dense: pd.DataFrame) -> None:
    burglary = dense.loc[dense["category"] == "woninginbraak", "start"]
    months = burglary.dt.month
    assert months.isin([11, 12, 1]).sum() > months.isin([5, 6, 7]).sum()
    assert _dark_season_index(burglary) > 0.07
    # the control: as many times drawn uniformly over the period score about 0
    rng = np.random.default_rng(9)
    uniform = START + pd.to_timedelta(rng.uniform(0, (END - START).days, len(burglary)), "D")
    assert abs(_dark_season_index(pd.Series(uniform))) < 0.07


def test_burglaries_mostly_have_a_window_of_hours(demo: pd.DataFrame) -> None:
    burglary = demo[demo["category"] == "woninginbraak"]
    with_end = burglary[burglary["end"].notna()]
    assert len(with_end) > 0.7 * len(burglary)
    hours = (with_end["end"] - with_end["start"]).dt.total_seconds() / 3600
    assert (hours > 0).all()
    assert hours.between(1.0, 10.0).mean() > 0.95


@pytest.mark.parametrize("category", ["geluidsoverlast", "verkeersongeval", "winkeldiefstal"])
def test_point_in_time_categories_have_no_end(demo: pd.DataFrame, category: str) -> None:
    assert demo.loc[demo["category"] == category, "end"].isna().all()


def test_every_window_ends_after_it_starts(demo: pd.DataFrame) -> None:
    windows = demo[demo["end"].notna()]
    assert (windows["end"] > windows["start"]).all()
    assert (demo["end"].isna() | (demo["end"] > demo["start"])).all()


# --------------------------------------------------------------------------------------------
# properties and validation


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**32 - 1),
    offset_min=st.integers(0, 60 * 24 * 365),
    length_h=st.integers(1, 24 * 21),
)
def test_invariants_hold_for_any_seed_and_period(
    amow, union, seed: int, offset_min: int, length_h: int
) -> None:
    start = START + pd.Timedelta(minutes=offset_min)
    end = start + pd.Timedelta(hours=length_h)
    demo = generate_demo_incidents(*amow, start=start, end=end, seed=seed)
    assert tuple(demo.columns) == DEMO_COLUMNS
    assert demo["id"].is_unique
    assert demo["start"].between(start, end, inclusive="left").all()
    assert (demo["end"].isna() | (demo["end"] > demo["start"])).all()
    located = demo[demo["x"].notna()]
    assert shapely.contains_xy(union, located["x"], located["y"]).all()
    assert set(demo["municipality"]) <= set(amow[1]["name"])


def test_a_period_without_incidents_gives_an_empty_frame_with_the_columns(amow) -> None:
    demo = generate_demo_incidents(*amow, start=START, end=START + pd.Timedelta(minutes=1))
    assert demo.empty
    assert tuple(demo.columns) == DEMO_COLUMNS
    assert demo["start"].dtype == "datetime64[ns]"
    assert pd.api.types.is_string_dtype(demo["id"])


def test_two_zones_at_once_number_their_ids_per_zone() -> None:
    wijken, municipalities = _zone("ipz31", "ipz51")
    demo = generate_demo_incidents(
        wijken, municipalities, start=START, end=START + pd.Timedelta(days=30), seed=2
    )
    zone = demo["id"].str.split("-").str[1]
    assert set(zone) == {"ipz31", "ipz51"}
    assert demo["id"].is_unique
    herko = demo["municipality"].isin(["Herent", "Kortenberg"])
    assert (zone[herko] == "ipz51").all()
    assert (zone[~herko] == "ipz31").all()
    for code in ("ipz31", "ipz51"):
        numbers = demo.loc[zone == code, "id"].str[-6:].astype(int)
        assert list(numbers) == list(range(1, len(numbers) + 1))


def test_default_postcodes_cover_the_demo_zones() -> None:
    postcodes = pd.read_csv(GEOGRAPHY / "postcodes.csv", dtype=str)
    shipped = postcodes.groupby("nis", sort=False)["postcode"].agg(tuple).to_dict()
    assert shipped == DEMO_POSTCODES


def test_postcodes_can_be_passed(amow) -> None:
    table = pd.DataFrame({"postcode": ["9999"], "nis": ["23060"]})
    demo = generate_demo_incidents(
        *amow, start=START, end=START + pd.Timedelta(days=30), postcodes=table
    )
    assert set(demo.loc[demo["municipality"] == "Opwijk", "postcode"]) == {"9999"}
    # municipalities without a postcode get none and are never address-only
    others = demo[demo["municipality"] != "Opwijk"]
    assert (others["postcode"] == "").all()
    assert others["x"].notna().all()


def _bad_call(amow, **change) -> None:
    wijken, municipalities = amow
    kwargs = {"start": START, "end": START + pd.Timedelta(days=5)}
    kwargs.update(change)
    wijken = kwargs.pop("wijken", wijken)
    municipalities = kwargs.pop("municipalities", municipalities)
    generate_demo_incidents(wijken, municipalities, **kwargs)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end": START}, "end must be after start"),
        ({"end": START - pd.Timedelta(days=1)}, "end must be after start"),
        ({"start": pd.Timestamp("2023-01-01", tz="Europe/Brussels")}, "naive"),
        ({"start": "not a date"}, "start must be a timestamp"),
        ({"incidents_per_1000_ha_per_year": 0.0}, "incidents_per_1000_ha_per_year"),
        ({"incidents_per_1000_ha_per_year": float("nan")}, "incidents_per_1000_ha_per_year"),
        ({"address_only_share": -0.1}, "address_only_share"),
        ({"address_only_share": 1.5}, "address_only_share"),
    ],
)
def test_bad_options_are_refused(amow, change: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _bad_call(amow, **change)


def test_bad_layers_are_refused(amow) -> None:
    wijken, municipalities = amow
    with pytest.raises(ValidationError, match="EPSG:31370"):
        _bad_call(amow, wijken=wijken.to_crs(4326))
    with pytest.raises(ValidationError, match=r"lacks the columns \['name'\]"):
        _bad_call(amow, municipalities=municipalities.drop(columns="name"))
    with pytest.raises(ValidationError, match="not in municipalities"):
        _bad_call(amow, municipalities=municipalities[municipalities["nis"] != "23002"])
    with pytest.raises(ValidationError, match="at least one row"):
        _bad_call(amow, wijken=wijken.iloc[:0])
    with pytest.raises(ValidationError, match="must be a GeoDataFrame"):
        _bad_call(amow, wijken=pd.DataFrame(wijken))
