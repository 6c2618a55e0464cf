"""Emerging hot spot trends: Mann-Kendall against references, planted patterns, periods."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hotspot_data import points, square_grid, square_zone
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from gis.errors import ValidationError
from gis.trends import emerging_hotspots, mann_kendall, period_counts, trend_patterns


def _reference_mk(x: np.ndarray) -> tuple[float, float]:
    """Textbook Mann-Kendall S and tie-corrected variance, with explicit loops."""
    t = len(x)
    s = sum(np.sign(x[j] - x[i]) for i, j in itertools.combinations(range(t), 2))
    _, ties = np.unique(x, return_counts=True)
    var = (t * (t - 1) * (2 * t + 5) - sum(g * (g - 1) * (2 * g + 5) for g in ties)) / 18
    return float(s), float(var)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, 4), min_size=12, max_size=12),  # small integers: many ties
        min_size=1,
        max_size=8,
    )
)
def test_mann_kendall_matches_the_textbook(rows: list[list[int]]) -> None:
    x = np.array(rows, dtype=float)
    result = mann_kendall(x)
    for k, row in enumerate(x):
        s, var = _reference_mk(row)
        assert result.loc[k, "s"] == s
        assert result.loc[k, "var_s"] == pytest.approx(var)
        if var > 0:
            z = (s - np.sign(s)) / np.sqrt(var)
            assert result.loc[k, "z"] == pytest.approx(z)
            assert result.loc[k, "p"] == pytest.approx(2 * stats.norm.sf(abs(z)))
        else:
            assert result.loc[k, "z"] == 0 and result.loc[k, "p"] == 1


def test_mann_kendall_without_continuity_equals_scipy_kendalltau() -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 6, (30, 20)).astype(float)
    x[:5] += np.arange(20) * 0.4  # some trends
    ours = mann_kendall(x, continuity=False)
    time = np.arange(20)
    for k in range(len(x)):
        reference = stats.kendalltau(time, x[k], method="asymptotic")
        assert ours.loc[k, "p"] == pytest.approx(reference.pvalue, rel=1e-9)
    assert (ours["p"].iloc[:5] < 0.01).all()


def test_mann_kendall_needs_three_periods() -> None:
    with pytest.raises(ValidationError, match="T >= 3"):
        mann_kendall(np.zeros((4, 2)))


T = 24
PATTERNS = (
    "persistent_hot",
    "intensifying_hot",
    "diminishing_hot",
    "new_hot",
    "emerging_hot",
    "historical_hot",
    "sporadic_hot",
    "oscillating_hot",
    "persistent_cold",
    "none",
)


def _excess(pattern: str) -> np.ndarray:
    """Counts added to a block in each of the T periods; NaN empties the block (cold)."""
    t = np.arange(T, dtype=float)
    return {
        "persistent_hot": np.full(T, 10.0),
        "intensifying_hot": 6.0 + 0.8 * t,
        "diminishing_hot": 26.0 - 0.8 * t,
        "new_hot": np.where(t == T - 1, 12.0, 0.0),
        "emerging_hot": np.where(t >= T - 4, 12.0, 0.0),
        "historical_hot": np.where(t < T - 1, 12.0, 0.0),
        "sporadic_hot": np.where(np.isin(t, [3, 10, 17, T - 1]), 12.0, 0.0),
        "oscillating_hot": np.where(np.isin(t, [2, 5]), np.nan, np.isin(t, [8, T - 1]) * 12.0),
        "persistent_cold": np.full(T, np.nan),
        "none": np.zeros(T),
    }[pattern]


def _planted(pattern: str, seed: int = 42) -> tuple[pd.DataFrame, pd.Series]:
    """Poisson(3) counts on a 15 × 15 grid over T months, a 3 × 3 block at the centre planted
    with ``pattern``; returns the trend table and the mask of the block's centre cell."""
    grid = square_grid(15)
    counts = np.random.default_rng(seed).poisson(3.0, (len(grid), T)).astype(float)
    block = (grid["col"].between(6, 8) & grid["row"].between(6, 8)).to_numpy()
    excess = _excess(pattern)
    counts[block] = np.where(np.isnan(excess), 0.0, counts[block] + excess)
    months = pd.date_range("2023-01-01", periods=T, freq="MS")
    frame = pd.DataFrame(counts, index=grid.index, columns=months)
    centre = (grid["col"] == 7) & (grid["row"] == 7)
    return trend_patterns(frame, grid), centre.to_numpy()


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("seed", [42, 7])
def test_planted_patterns_are_recognised(pattern: str, seed: int) -> None:
    result, centre = _planted(pattern, seed)
    assert result.loc[centre, "pattern"].item() == pattern


def test_trend_direction_is_reported() -> None:
    rising, centre = _planted("intensifying_hot")
    falling, _ = _planted("diminishing_hot")
    assert rising.loc[centre, "trend_tau"].item() > 0.3
    assert rising.loc[centre, "trend_p"].item() < 0.05
    assert falling.loc[centre, "trend_tau"].item() < -0.3
    # the background is mostly no pattern at all
    assert (rising["pattern"] == "none").mean() > 0.8
    assert rising.loc[centre, "hot_periods"].item() >= 0.9 * T


def test_period_counts_by_month_and_quarter() -> None:
    grid = square_grid(3, size=100.0)
    when = pd.to_datetime(
        ["2024-01-31 23:59", "2024-02-01 00:00", "2024-02-15", "2024-04-02", "2024-04-03"],
        format="ISO8601",
    )
    incidents = points([50, 50, 150, 50, 999], [50, 50, 50, 50, 999], start=when)
    monthly = period_counts(incidents, grid, freq="month")
    assert list(monthly.columns) == list(pd.date_range("2024-01-01", periods=4, freq="MS"))
    first = (grid["cell"] == "0_0").to_numpy()
    assert monthly.loc[first].to_numpy().ravel().tolist() == [1.0, 1.0, 0.0, 1.0]
    assert monthly.to_numpy().sum() == 4  # the point outside the grid never counts
    quarterly = period_counts(incidents, grid, freq="quarter")
    assert quarterly.shape[1] == 2 and quarterly.to_numpy().sum() == 4
    weekly = period_counts(
        incidents,
        grid,
        freq="week",
        start=pd.Timestamp("2024-01-29"),
        end=pd.Timestamp("2024-02-05"),
    )
    assert weekly.shape[1] == 1 and weekly.columns[0] == pd.Timestamp("2024-01-29")
    assert weekly.to_numpy().sum() == 2


def test_bad_options_are_refused() -> None:
    grid = square_grid(3)
    incidents = points([50], [50])
    with pytest.raises(ValidationError, match="freq='day'"):
        period_counts(incidents, grid, freq="day")
    with pytest.raises(ValidationError, match="must be after"):
        period_counts(
            incidents, grid, start=pd.Timestamp("2024-02-01"), end=pd.Timestamp("2024-01-01")
        )
    counts = pd.DataFrame(np.ones((9, 2)), index=grid.index)
    with pytest.raises(ValidationError, match="at least 3"):
        trend_patterns(counts, grid)


def test_emerging_hotspots_end_to_end() -> None:
    """A place that starts producing incidents in September emerges; the rest is noise."""
    rng = np.random.default_rng(1)
    n_background, n_hot = 6000, 300
    days = rng.integers(0, 366, n_background)
    x = rng.uniform(0, 3000, n_background)
    y = rng.uniform(0, 3000, n_background)
    hot_days = rng.integers(244, 366, n_hot)  # September to December 2024
    x = np.concatenate([x, rng.normal(525, 20, n_hot)])
    y = np.concatenate([y, rng.normal(2325, 20, n_hot)])
    start = pd.Timestamp("2024-01-01") + pd.to_timedelta(np.concatenate([days, hot_days]), "D")
    result = emerging_hotspots(points(x, y, start=start), square_zone(3000.0), cell_size=150.0)
    frame = result.frame.set_index("cell")
    assert frame.loc["3_15", "pattern"] == "emerging_hot"
    assert frame.loc["3_15", "hot_periods"] == 4
    assert result.parameters["periods"] == 12
    assert frame["total"].sum() == n_background + n_hot
    # uniform noise: no cell of the background has a pattern
    far = (frame["col"] - 3).abs().gt(2) | (frame["row"] - 15).abs().gt(2)
    assert (frame.loc[far, "pattern"] == "none").mean() > 0.97
