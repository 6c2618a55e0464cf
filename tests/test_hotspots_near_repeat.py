"""Near repeats: the Knox test and table against brute force, planted and uniform patterns,
and the alert zones around recent burglaries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hotspot_data import demo_year, points, square_zone

from gis.errors import ValidationError
from gis.near_repeat import (
    knox_test,
    near_repeat_alert_zones,
    near_repeat_analysis,
    near_repeat_table,
)

DAY0 = pd.Timestamp("2024-01-01")


def _uniform(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return points(
        rng.uniform(0, 4000, n),
        rng.uniform(0, 4000, n),
        start=DAY0 + pd.to_timedelta(rng.uniform(0, 365, n), "D"),
    )


def _near_repeats(n_seeds: int, seed: int) -> pd.DataFrame:
    """Uniform burglaries, each followed by 0–3 others within 150 m and 1–10 days."""
    rng = np.random.default_rng(seed)
    x0, y0 = rng.uniform(0, 4000, n_seeds), rng.uniform(0, 4000, n_seeds)
    t0 = rng.uniform(0, 350, n_seeds)
    k = rng.integers(0, 4, n_seeds)
    parent = np.repeat(np.arange(n_seeds), k)
    r, a = rng.uniform(0, 150, parent.size), rng.uniform(0, 2 * np.pi, parent.size)
    x = np.concatenate([x0, x0[parent] + r * np.cos(a)])
    y = np.concatenate([y0, y0[parent] + r * np.sin(a)])
    t = np.concatenate([t0, t0[parent] + rng.uniform(1, 10, parent.size)])
    return points(x, y, start=DAY0 + pd.to_timedelta(t, "D"))


def _brute_force(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Distance (m) and whole-day lag of every pair, with O(n²) arithmetic."""
    xy = shapely.get_coordinates(frame.geometry.to_numpy())
    day = (frame["start"].dt.normalize() - DAY0).dt.days.to_numpy()
    i, j = np.triu_indices(len(xy), k=1)
    return np.hypot(*(xy[i] - xy[j]).T), np.abs(day[i] - day[j])


def test_knox_detects_planted_near_repeats_and_not_uniform() -> None:
    planted = knox_test(_near_repeats(300, seed=1), distance_m=200, days=14, seed=0)
    assert planted.p_value <= 0.01
    assert planted.ratio > 2.0
    uniform = knox_test(_uniform(600, seed=2), distance_m=200, days=14, seed=0)
    assert uniform.p_value > 0.05
    assert 0.6 < uniform.ratio < 1.5


def test_knox_detects_the_demo_burglary_chains() -> None:
    demo = demo_year()
    burglaries = demo[demo["category"] == "woninginbraak"]
    result = knox_test(burglaries, seed=3)
    assert result.p_value <= 0.05 and result.ratio > 1.3
    # the same burglaries with their dates shuffled over the places: no near repeats
    shuffled = burglaries.assign(
        start=np.random.default_rng(4).permutation(burglaries["start"].to_numpy())
    )
    control = knox_test(shuffled, seed=3)
    assert control.p_value > 0.05


def test_knox_counts_equal_brute_force() -> None:
    frame = _near_repeats(60, seed=5)
    distance, lag = _brute_force(frame)
    result = knox_test(frame, distance_m=250, days=7, permutations=19, seed=1)
    assert result.observed == int(((distance <= 250) & (lag <= 7)).sum())
    assert result.close_in_space == int((distance <= 250).sum())
    assert result.incidents == len(frame)
    again = knox_test(frame, distance_m=250, days=7, permutations=19, seed=1)
    assert again == result


def test_sampled_pairs_keep_the_counts_and_the_verdict() -> None:
    frame = _near_repeats(3000, seed=8)
    full = knox_test(frame, permutations=19, max_pairs=None, seed=1)
    sampled = knox_test(frame, permutations=19, max_pairs=20_000, seed=1)
    assert full.sampled_pairs == full.close_in_space > 100_000
    assert 15_000 < sampled.sampled_pairs < 25_000
    assert sampled.observed == full.observed  # exact, not estimated
    assert sampled.expected == pytest.approx(full.expected, rel=0.05)
    assert sampled.p_value == full.p_value == 0.05  # the smallest p of 19 permutations
    table = near_repeat_table(frame, permutations=19, max_pairs=20_000, seed=1)
    exact = near_repeat_table(frame, permutations=19, max_pairs=None, seed=1)
    assert (table["observed"] == exact["observed"]).all()
    np.testing.assert_allclose(table["expected"], exact["expected"], rtol=0.1, atol=30)
    assert table["expected"].sum() == pytest.approx(exact["expected"].sum())


def test_table_counts_equal_brute_force() -> None:
    frame = _near_repeats(80, seed=6)
    frame = pd.concat([frame, frame.iloc[:3]], ignore_index=True)  # repeats at the same place
    distance, lag = _brute_force(frame)
    table = near_repeat_table(frame, permutations=19, seed=2)
    observed = table["observed"].unstack()
    assert list(observed.index) == [
        "0 m",
        "1–100 m",
        "101–200 m",
        "201–300 m",
        "301–400 m",
        "> 400 m",
    ]
    assert list(observed.columns) == ["0–7 d", "8–14 d", "15–21 d", "22–28 d", "> 28 d"]
    d_bins = [-1, 0, 100, 200, 300, 400, np.inf]
    t_bins = [-1, 7, 14, 21, 28, np.inf]
    # histogram2d bins are [a, b): shift by a tiny amount to make the upper edges inclusive
    expected, _, _ = np.histogram2d(distance - 1e-9, lag - 1e-9, bins=[d_bins, t_bins])
    np.testing.assert_array_equal(observed.to_numpy(), expected)
    assert table["observed"].sum() == len(frame) * (len(frame) - 1) // 2
    # each permutation keeps the number of pairs: expected counts sum to it too
    assert table["expected"].sum() == pytest.approx(len(frame) * (len(frame) - 1) // 2)


def test_table_shows_the_planted_near_repeat_cell() -> None:
    table = near_repeat_table(_near_repeats(300, seed=7), same_location=False, seed=0)
    ratio = table["ratio"].unstack()
    p = table["p_value"].unstack()
    assert ratio.loc["0–100 m", "0–7 d"] > 2.0 and p.loc["0–100 m", "0–7 d"] <= 0.01
    assert ratio.loc["101–200 m", "8–14 d"] > 1.2
    assert 0.8 < ratio.loc["> 400 m", "> 28 d"] < 1.2
    assert p.loc["301–400 m", "> 28 d"] > 0.05


def test_analysis_gives_the_table_and_a_consistent_knox_test() -> None:
    frame = _near_repeats(300, seed=9)
    analysis = near_repeat_analysis(frame, permutations=49, seed=3)
    knox = knox_test(frame, distance_m=200, days=14, permutations=49, seed=3)
    assert analysis.knox.observed == knox.observed
    assert analysis.knox.close_in_space >= knox.close_in_space  # pairs up to 400 m
    assert analysis.knox.expected == pytest.approx(knox.expected, rel=0.1)
    assert analysis.knox.p_value <= 0.02 and knox.p_value <= 0.02
    table = analysis.table
    close = table.loc[(["0 m", "1–100 m", "101–200 m"], ["0–7 d", "8–14 d"]), "observed"]
    assert close.sum() == knox.observed
    assert table.equals(near_repeat_table(frame, permutations=49, seed=3))
    with pytest.raises(ValidationError, match="knox_distance_m=250"):
        near_repeat_analysis(frame, knox_distance_m=250)
    with pytest.raises(ValidationError, match="knox_days=10"):
        near_repeat_analysis(frame, knox_days=10)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"distance_bands_m": (200, 100)}, "increasing"),
        ({"time_bands_days": (7.5, 14)}, "whole numbers"),
        ({"permutations": 5}, "permutations=5"),
    ],
)
def test_bad_table_options_are_refused(options: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        near_repeat_table(_uniform(10, seed=0), **options)


NOW = pd.Timestamp("2024-03-15 12:00")


def test_alert_zones_merge_recent_burglaries_and_expire() -> None:
    burglaries = points(
        [1000.0, 1100.0, 3000.0, 5000.0, 1050.0],
        [1000.0, 1000.0, 3000.0, 5000.0, 1000.0],
        start=pd.to_datetime(
            [
                "2024-03-10 08:00",
                "2024-03-12 08:00",
                "2024-03-14 09:00",
                "2024-02-01",
                "2024-03-16",
            ],
            format="ISO8601",
        ),
        end=pd.to_datetime(["2024-03-10 18:00", None, None, None, None]),
    )
    zones = near_repeat_alert_zones(burglaries, now=NOW, radius_m=200, days=14)
    assert len(zones) == 2  # the old one and the future one raise no alert
    first = zones.iloc[0]
    assert first["alert"] == 1 and first["incidents"] == 2
    assert first["first_incident"] == pd.Timestamp("2024-03-10 18:00")  # the window's end
    assert first["last_incident"] == pd.Timestamp("2024-03-12 08:00")
    assert first["expires"] == pd.Timestamp("2024-03-26 08:00")
    assert first["days_left"] == 11
    assert first.geometry.contains(shapely.Point(1050, 1150))
    assert not first.geometry.contains(shapely.Point(1050, 1250))
    assert zones.iloc[1]["expires"] == pd.Timestamp("2024-03-28 09:00")
    assert zones.geometry.area.iloc[1] == pytest.approx(np.pi * 200**2, rel=0.01)


def test_alert_zones_are_clipped_and_can_be_empty() -> None:
    burglaries = points([100.0], [100.0], start=[pd.Timestamp("2024-03-14")])
    zones = near_repeat_alert_zones(burglaries, now=NOW, zone=square_zone(1000.0))
    # a disk of 200 m around (100, 100) cut by the lines x = 0 and y = 0, the corner counted once
    r, d = 200.0, 100.0
    segment = r**2 * np.arccos(d / r) - d * np.sqrt(r**2 - d**2)
    u = np.linspace(-np.sqrt(r**2 - d**2), -d, 20_001)
    height = np.sqrt(r**2 - u**2) - d
    corner = float(((height[1:] + height[:-1]) / 2 * np.diff(u)).sum())  # trapezoid rule
    expected = np.pi * r**2 - 2 * segment + corner
    assert zones.geometry.area.iloc[0] == pytest.approx(expected, rel=0.01)
    assert shapely.covered_by(zones.geometry.iloc[0], square_zone(1000.0).geometry.iloc[0])
    none = near_repeat_alert_zones(burglaries, now=pd.Timestamp("2024-06-01"))
    assert none.empty and "expires" in none.columns


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"radius_m": 5}, "radius_m=5"),
        ({"days": 0}, "days=0"),
        ({"now": pd.Timestamp("2024-03-15", tz="Europe/Brussels")}, "naive"),
    ],
)
def test_bad_alert_options_are_refused(options: dict, message: str) -> None:
    kwargs = {"now": NOW, **options}
    with pytest.raises(ValidationError, match=message):
        near_repeat_alert_zones(_uniform(5, seed=0), **kwargs)
