"""Forecasters: baselines by hand, the learned blend's estimator contract and what it learns."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import synthetic_events

from gis.backtest import Reliability, prepare_backtest, run_backtest, score_fold
from gis.errors import ValidationError
from gis.forecast import (
    BASELINE_NAMES,
    BlendForecaster,
    CountBaseline,
    KdeBaseline,
    ShiftBlockForecaster,
    baselines,
    default_methods,
    forecast_cells,
)
from gis.grid import zone_grid
from gis.spacetime import EventHistory, ShiftBlock, StudyArea, to_days

ORIGIN = pd.Timestamp("2021-12-01")


@pytest.fixture(scope="module")
def history() -> EventHistory:
    frame = synthetic_events.events(days=400, per_day=3.0, seed=5)
    _, history = prepare_backtest(
        frame,
        cell_size=150,
        test_start=ORIGIN,
        zone=synthetic_events.square_zone(),
        category="woninginbraak",
    )
    return history


def tiny_history() -> EventHistory:
    study = StudyArea(np.array([0, 1, 2]), np.array([0, 0, 0]), cell_size=100)
    x = np.array([50.0, 50.0, 150.0, 250.0, 150.0])
    y = np.full(5, 50.0)
    start = pd.to_datetime(["2021-01-01", "2021-01-20", "2021-01-25", "2021-01-30", "2021-02-02"])
    return EventHistory(study, x, y, start)


def test_count_baseline_by_hand() -> None:
    history = tiny_history()
    origin = pd.Timestamp("2021-02-01")
    four_weeks = CountBaseline(days=28, horizon_days=7).fit(history, origin).predict()
    # 2021-01-04 .. 2021-01-31: the events of 20, 25 and 30 January; not 2 February (future)
    assert four_weeks == pytest.approx(np.array([1.0, 1.0, 1.0]) * 7 / 28)
    year = CountBaseline(days=365, horizon_days=7).fit(history, origin).predict()
    assert year == pytest.approx(np.array([2.0, 1.0, 1.0]) * 7 / 365)


def test_kde_baseline_keeps_the_window_total() -> None:
    history = tiny_history()
    smooth = KdeBaseline(days=365, horizon_days=7).fit(history, pd.Timestamp("2021-02-01"))
    assert smooth.predict().sum() == pytest.approx(4 * 7 / 365)
    assert smooth.predict().argmax() in (0, 1)


def test_baseline_names() -> None:
    assert tuple(baselines()) == BASELINE_NAMES
    assert tuple(default_methods())[:3] == BASELINE_NAMES
    assert "blend" in default_methods()


def test_blend_follows_the_estimator_contract(history: EventHistory) -> None:
    model = BlendForecaster(train_folds=8)
    assert model.get_params()["train_folds"] == 8
    assert not hasattr(model, "coef_")
    assert model.fit(history, ORIGIN) is model
    forecast = model.predict()
    assert forecast.shape == (history.study.n_cells,)
    assert np.isfinite(forecast).all() and (forecast >= 0).all()
    assert model.models_ == ("log", "identity")
    assert model.coef_.shape == (2, len(model.feature_names_))
    assert (model.coef_[1] >= 0).all()  # the additive blend's weights are non-negative
    assert model.fit_summary_.train_folds == 8
    assert model.fit_summary_.last_origin == ORIGIN - pd.Timedelta(days=7)
    weights = model.weights()
    assert list(weights.columns) == ["log", "identity"]
    # the weekly forecast is of the order of the weekly counts
    weekly = history.counts(to_days(ORIGIN), 56.0).sum() / 8
    assert 0.5 * weekly < forecast.sum() < 2 * weekly
    clone = model.clone()
    assert not hasattr(clone, "coef_") and clone.get_params() == model.get_params()


def test_blend_is_deterministic(history: EventHistory) -> None:
    a = BlendForecaster(train_folds=6).fit(history, ORIGIN).predict()
    b = BlendForecaster(train_folds=6).fit(history, ORIGIN).predict()
    np.testing.assert_array_equal(a, b)


def test_context_features_only_with_a_context(history: EventHistory) -> None:
    with_context = BlendForecaster(train_folds=6, link="identity").fit(history, ORIGIN)
    assert any(n.startswith("context_") for n in with_context.feature_names_)
    plain = history.context  # all categories, no context of its own
    without = BlendForecaster(train_folds=6, link="identity").fit(plain, ORIGIN)
    assert not any(n.startswith("context_") for n in without.feature_names_)


def test_blend_learns_the_hotspots_better_than_last_month() -> None:
    frame = synthetic_events.events(days=420, per_day=2.0, seed=11)
    _, history = prepare_backtest(
        frame, cell_size=150, test_start=ORIGIN, zone=synthetic_events.square_zone()
    )
    study = history.study
    # the true intensity per cell: the hotspot mixture smoothed on the cells (by simulation)
    truth = synthetic_events.events(days=20_000, per_day=2.0, seed=99)
    true_rate = np.bincount(
        study.locate(truth["x"].to_numpy(), truth["y"].to_numpy()).clip(0),
        minlength=study.n_cells,
    )
    blend = BlendForecaster(train_folds=12).fit(history, ORIGIN).predict()
    month = CountBaseline(days=28).fit(history, ORIGIN).predict()

    def efficiency(scores: np.ndarray) -> float:
        # true intensity in the forecast's top 10 % / in the true top 10 %
        return score_fold(scores, true_rate, coverage=0.10)[0].pei

    assert efficiency(blend) > 0.9
    assert efficiency(blend) > efficiency(month) + 0.1


def test_blend_picks_up_a_near_repeat_process() -> None:
    # events come back next to last week's events: the short-term features must get weight
    rng = np.random.default_rng(4)
    side, days = 3_000.0, 420
    x, y, t = [], [], []
    seeds = rng.uniform(0, side, (3, 2))
    for week in range(days // 7):
        seeds = np.clip(seeds + rng.normal(0, 400, seeds.shape), 0, side)
        if week % 6 == 0:  # hotspots jump now and then
            seeds = rng.uniform(0, side, (3, 2))
        n = rng.poisson(30)
        which = rng.integers(0, 3, n)
        x.append(seeds[which, 0] + rng.normal(0, 60, n))
        y.append(seeds[which, 1] + rng.normal(0, 60, n))
        t.append(week * 7 + rng.uniform(0, 7, n))
    frame = pd.DataFrame(
        {
            "category": "x",
            "start": pd.Timestamp("2021-01-01") + pd.to_timedelta(np.concatenate(t), "D"),
            "x": synthetic_events.ORIGIN_X + np.clip(np.concatenate(x), 1, side - 1),
            "y": synthetic_events.ORIGIN_Y + np.clip(np.concatenate(y), 1, side - 1),
        }
    )
    _, history = prepare_backtest(
        frame, cell_size=150, test_start="2021-12-01", zone=synthetic_events.square_zone()
    )
    result = run_backtest(
        history,
        test_start="2021-12-01",
        test_end="2022-01-25",
        methods={"blend": BlendForecaster(train_folds=16, warm_start=True)},
        keep_top_cells=False,
    )
    at5 = result.summary[result.summary["coverage"] == 0.05].set_index("method")["pai"]
    assert at5["blend"] > at5["count-52w"] * 1.5
    assert at5["blend"] > at5["kde-52w"] * 1.5


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"link": "probit"}, "link"),
        ({"train_folds": 2, "min_train_folds": 4}, "train_folds"),
        ({"ridge": -1.0}, "ridge"),
    ],
)
def test_bad_parameters_are_named(history: EventHistory, params: dict, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        BlendForecaster(**params).fit(history, ORIGIN)


def test_too_little_history_is_refused(history: EventHistory) -> None:
    with pytest.raises(ValidationError, match="past folds"):
        BlendForecaster().fit(history, pd.Timestamp("2021-02-15"))


def test_predict_needs_a_fit_and_no_earlier_origin(history: EventHistory) -> None:
    with pytest.raises(ValidationError, match="not fitted"):
        BlendForecaster().predict()
    model = BlendForecaster(train_folds=6).fit(history, ORIGIN)
    with pytest.raises(ValidationError, match="before the fit origin"):
        model.predict(ORIGIN - pd.Timedelta(days=7))
    later = model.predict(ORIGIN + pd.Timedelta(days=7))
    assert later.shape == (history.study.n_cells,)


def test_fit_can_report_its_own_evidence(history: EventHistory) -> None:
    model = BlendForecaster(train_folds=6, evidence_folds=6).fit(history, ORIGIN)
    assert isinstance(model.evidence_, Reliability)
    assert model.evidence_.choice.folds == 6
    # woninginbraak in the synthetic zone: about 7 a week, too few to trust a PAI comparison
    assert model.evidence_.choice.events_per_fold < 10
    assert model.evidence_.choice.reason == "low_counts"
    assert model.evidence_.weak
    assert model.evidence_.choice.method in BASELINE_NAMES


def night_and_day_history() -> EventHistory:
    # hotspot A only at night (22–06), hotspot B only by day (08–18), 300 days
    rng = np.random.default_rng(8)
    n = 3_000
    night = rng.random(n) < 0.5
    day = rng.integers(0, 300, n).astype(float)
    hour = np.where(night, (22 + rng.uniform(0, 8, n)) % 24, rng.uniform(8, 18, n))
    start = pd.Timestamp("2021-01-01") + pd.to_timedelta(day + hour / 24, "D")
    x = np.where(night, 500.0, 2_500.0) + rng.normal(0, 80, n)
    y = np.full(n, 1_500.0) + rng.normal(0, 80, n)
    frame = pd.DataFrame(
        {
            "category": "x",
            "start": start,
            "x": synthetic_events.ORIGIN_X + x,
            "y": synthetic_events.ORIGIN_Y + y,
        }
    )
    _, history = prepare_backtest(
        frame, cell_size=150, test_start="2021-10-01", zone=synthetic_events.square_zone()
    )
    return history


def test_shift_block_follows_the_time_of_day() -> None:
    history = night_and_day_history()
    origin = pd.Timestamp("2021-10-01")
    base = CountBaseline(days=365)
    night = ShiftBlock(start_hour=22, end_hour=6)
    rest = ShiftBlock(start_hour=6, end_hour=22)
    at_night = ShiftBlockForecaster(block=night, base=base).fit(history, origin)
    by_day = ShiftBlockForecaster(block=rest, base=base).fit(history, origin)
    cell_a = history.study.locate(np.array([synthetic_events.ORIGIN_X + 500.0]),
                                  np.array([synthetic_events.ORIGIN_Y + 1_500.0]))[0]  # fmt: skip
    cell_b = history.study.locate(np.array([synthetic_events.ORIGIN_X + 2_500.0]),
                                  np.array([synthetic_events.ORIGIN_Y + 1_500.0]))[0]  # fmt: skip
    assert at_night.share_[cell_a] > 0.9 and at_night.share_[cell_b] < 0.1
    assert by_day.share_[cell_b] > 0.9
    assert at_night.zone_share_ == pytest.approx(0.5, abs=0.03)
    # two blocks that cover the week split the weekly forecast exactly
    weekly = base.fit(history, origin).predict()
    np.testing.assert_allclose(at_night.predict() + by_day.predict(), weekly, rtol=1e-9)


def test_shift_block_membership() -> None:
    block = ShiftBlock(weekdays=(0,), start_hour=22, end_hour=6)  # Monday night
    times = pd.to_datetime(
        [
            "2024-01-01 23:00",  # Monday 23:00: in
            "2024-01-02 05:59",  # Tuesday 05:59, still Monday's night shift: in
            "2024-01-01 05:00",  # Monday 05:00 belongs to Sunday's night: out
            "2024-01-02 23:00",  # Tuesday night: out
        ]
    )
    assert block.contains(to_days(times)).tolist() == [True, True, False, False]
    assert block.hours_per_week == 8
    with pytest.raises(ValidationError, match="empty"):
        ShiftBlock(start_hour=6, end_hour=6)
    with pytest.raises(ValidationError, match="weekdays"):
        ShiftBlock(weekdays=(7,))


def test_backtest_of_a_shift_block_scores_only_its_events() -> None:
    history = night_and_day_history()
    night = ShiftBlock(start_hour=22, end_hour=6)
    result = run_backtest(
        history,
        test_start="2021-10-01",
        test_end="2021-10-14",
        methods={
            "night": ShiftBlockForecaster(block=night, base=CountBaseline(days=365)),
            "weekly": CountBaseline(days=365),
        },
        block=night,
        keep_top_cells=False,
    )
    first = history.future_counts(to_days(pd.Timestamp("2021-10-01")), 7.0, block=night)
    events = result.folds.loc[result.folds["fold"] == 1, "events"].iloc[0]
    assert events == first.sum()
    assert events < history.future_counts(to_days(pd.Timestamp("2021-10-01")), 7.0).sum()
    at1 = result.summary[result.summary["coverage"] == 0.01].set_index("method")["pai"]
    # a weekly count also ranks the day hotspot; the block's own baseline does not
    assert at1["night"] > at1["weekly"]
    assert at1["count-52w"] > at1["weekly"]


def test_forecast_cells_for_the_map() -> None:
    frame = synthetic_events.events(days=400, per_day=6.0, seed=2)
    incidents = gpd.GeoDataFrame(
        frame[["id", "category", "start"]],
        geometry=gpd.points_from_xy(frame["x"], frame["y"]),
        crs=synthetic_events.CRS,
    )
    incidents.loc[incidents.index[:5], "geometry"] = None  # still to geocode: ignored
    zone = synthetic_events.square_zone()
    grid = zone_grid(zone, cell_size=150)
    quick = BlendForecaster(train_folds=8)
    layer = forecast_cells(
        incidents, grid, origin="2021-12-01", cell_size=150, zone=zone, evidence_folds=6,
        forecaster=quick,
    )  # fmt: skip
    cells = layer.cells
    assert {"expected", "rank", "method", "reliable"} <= set(cells.columns)
    assert len(cells) == len(grid)
    assert (cells["method"] == layer.choice.method).all()
    assert cells.loc[cells["expected"].idxmax(), "rank"] == 1
    assert cells["reliable"].iloc[0] == layer.choice.use_learned
    assert layer.choice.folds == 6 and layer.choice.events_per_fold > 10
    assert set(layer.reliability.summary["method"]) == {*BASELINE_NAMES, "blend"}
    # one category with about five events a week: too few, the map shows a baseline
    few = forecast_cells(
        incidents.iloc[::3], grid, origin="2021-12-01", cell_size=150, zone=zone,
        category="woninginbraak", evidence_folds=6, forecaster=quick,
    )  # fmt: skip
    assert few.choice.events_per_fold < 10
    assert few.choice.reason == "low_counts"
    assert few.cells["method"].iloc[0] in BASELINE_NAMES
    assert not few.cells["reliable"].any()
