"""Forecasters: baselines by hand, the learned blend's estimator contract and what it learns."""

from __future__ import annotations

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
    baselines,
    default_methods,
)
from gis.spacetime import EventHistory, StudyArea, to_days

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
