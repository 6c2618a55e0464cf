"""The faster blend (cached log rows, reused BLAS limiter, dense cell lookup) gives the results
of the plain formulation it replaced."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import synthetic_events

from gis.backtest import forecast_reliability, prepare_backtest
from gis.forecast import LOG_OFFSET, BlendForecaster, _irls_poisson
from gis.spacetime import StudyArea, to_days

ORIGIN = to_days(pd.Timestamp("2021-12-01"))


@pytest.fixture(scope="module")
def history():
    frame = synthetic_events.events(days=400, per_day=6.0, seed=2)
    _, history = prepare_backtest(
        frame, cell_size=150, test_start="2021-12-01", zone=synthetic_events.square_zone()
    )
    return history


def reference_log_fit(model: BlendForecaster, history, origin: float) -> np.ndarray:
    """The log model as it was fitted before: one stacked design, logged per fit."""
    origins = model.training_origins(history, origin)
    blocks = [model._block(history, o) for o in origins]
    keep = np.zeros(blocks[0].shape[1], dtype=bool)
    for block in blocks:
        keep |= block.max(axis=0) > 0
    z = np.log(np.vstack([b[:, keep] for b in blocks]).astype(np.float64) + LOG_OFFSET)
    y = np.concatenate([history.future_counts(o, 7.0) for o in origins])
    return _irls_poisson(z, y, ridge=float(model.ridge), start=None)


def test_log_fit_and_forecast_equal_the_plain_formulation(history) -> None:
    model = BlendForecaster(link="log").fit(history, ORIGIN)
    beta = reference_log_fit(model, history, ORIGIN)
    np.testing.assert_allclose(model.intercept_[0], beta[0], rtol=1e-12)
    np.testing.assert_allclose(model.coef_[0], beta[1:], rtol=1e-12, atol=1e-15)
    x = model._block(history, ORIGIN)[:, model._keep].astype(np.float64)
    plain = np.exp(np.clip(beta[0] + np.log(x + LOG_OFFSET) @ beta[1:], -30.0, 30.0))
    np.testing.assert_allclose(model.predict(), plain, rtol=1e-12)


def test_intercept_column_gives_the_same_fit() -> None:
    rng = np.random.default_rng(1)
    z = rng.normal(size=(5_000, 6))
    y = rng.poisson(np.exp(0.3 * z[:, 0] - 0.2 * z[:, 3]))
    z1 = np.column_stack([np.ones(len(z)), z])
    np.testing.assert_array_equal(
        _irls_poisson(z, y.astype(float), ridge=1e-3, start=None),
        _irls_poisson(z1, y.astype(float), ridge=1e-3, start=None, intercept_column=True),
    )


def test_a_warm_rolling_fit_equals_fresh_fits_on_shared_rows(history) -> None:
    # the evidence backtest reuses the logged rows of every origin across its folds: the
    # forecast of each fold must not depend on which fits came before it
    rolling = BlendForecaster(train_folds=8)
    for k in (3, 2, 1):
        rolling.fit(history, ORIGIN - 7.0 * k)
    history.clear_cache()
    fresh = BlendForecaster(train_folds=8).fit(history, ORIGIN - 7.0)
    np.testing.assert_array_equal(rolling.predict(), fresh.predict())


def test_evidence_is_reproducible(history) -> None:
    first = forecast_reliability(
        history, origin=ORIGIN, forecaster=BlendForecaster(train_folds=6, warm_start=True), folds=4
    )
    history.clear_cache()
    again = forecast_reliability(
        history, origin=ORIGIN, forecaster=BlendForecaster(train_folds=6, warm_start=True), folds=4
    )
    pd.testing.assert_frame_equal(first.summary, again.summary, check_exact=True)


def test_dense_cell_lookup_equals_the_index_lookup() -> None:
    rng = np.random.default_rng(3)
    col = rng.choice(np.arange(-40, 360), 300, replace=False)
    row = rng.integers(-20, 30, 300)
    study = StudyArea(col, row, cell_size=100)
    x = rng.uniform(-5_000, 37_000, 20_000)
    y = rng.uniform(-3_000, 4_000, 20_000)
    x[:10] = np.nan
    dense = study.locate(x, y)
    study._table = None  # the pandas MultiIndex path
    np.testing.assert_array_equal(dense, study.locate(x, y))
    assert (dense >= 0).sum() > 100
