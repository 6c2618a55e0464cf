"""Hotspot forecasts per grid cell for the next horizon (a week, or any number of days).

Three baselines (the names the backtest reports) and one learning method:

- ``count-4w``: events per cell in the 28 days before the origin;
- ``count-52w``: events per cell in the 365 days before the origin;
- ``kde-52w``: those 365 days kernel-smoothed (Gaussian, 250 m);
- :class:`BlendForecaster` (``blend``): a Poisson regression per cell on features that
  describe the cell's past at several time scales and distances (exponentially decayed counts
  with half-lives from two weeks to a year, kernel-smoothed decayed counts at 150/300/600 m,
  a near-repeat term, the same weeks one year earlier and — when forecasting one category — the
  same for all incidents). The weights are fitted on past folds only: for a forecast from
  origin ``t`` it learns how well each feature at ``t - k·h`` predicted the events of
  ``[t - k·h, t - (k-1)·h)``, ``k = 1 … train_folds``. Nothing is tuned per city or zone.

Every forecast returns the *expected number of events per cell* in ``[origin, origin + h)``.

Where counts are low a learned forecast is often no better than last year's counts; use
:func:`gis.backtest.forecast_reliability` (also run by :meth:`BlendForecaster.fit` into
``evidence_``) and :func:`gis.backtest.choose_method` to fall back to the best baseline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.optimize import nnls
from threadpoolctl import ThreadpoolController

from gis.errors import ValidationError
from gis.spacetime import EventHistory, ShiftBlock, StudyArea, from_days, to_days

if TYPE_CHECKING:
    from gis.backtest import Choice, Reliability

BASELINE_NAMES: tuple[str, ...] = ("count-4w", "count-52w", "kde-52w")
"""The baselines every backtest reports, by name."""
METHOD_NAME = "blend"
"""Name of :class:`BlendForecaster` in backtests and in :func:`gis.backtest.choose_method`."""
KDE_BASELINE_BANDWIDTH = 250.0
LINKS: tuple[str, ...] = ("both", "log", "identity")
MIN_LEAD_DAYS = 28.0
"""A training fold needs at least this much history before its origin."""
LOG_OFFSET = 0.05
"""Features enter the log-link model as ``log(feature / mean + LOG_OFFSET)``."""


def _origin(origin: pd.Timestamp | str | float) -> float:
    if isinstance(origin, int | float | np.floating | np.integer):
        return float(origin)
    return float(to_days(pd.Timestamp(origin)))


def _check_horizon(horizon_days: float) -> float:
    if not 1 <= float(horizon_days) <= 365:
        raise ValidationError(f"horizon_days={horizon_days!r} must be between 1 and 365")
    return float(horizon_days)


class _Forecaster:
    """Shared plumbing: ``fit(history, origin)`` stores both, ``predict()`` forecasts."""

    horizon_days: float

    def _store(self, history: EventHistory, origin: pd.Timestamp | str | float) -> float:
        if not isinstance(history, EventHistory):
            raise ValidationError(f"history must be an EventHistory, got {type(history).__name__}")
        _check_horizon(self.horizon_days)
        self.history_ = history
        self.origin_ = _origin(origin)
        return self.origin_

    def _predict_origin(self, origin: pd.Timestamp | str | float | None) -> float:
        if not hasattr(self, "origin_"):
            raise ValidationError(f"{type(self).__name__} is not fitted; call fit() first")
        if origin is None:
            return self.origin_
        day = _origin(origin)
        if day < self.origin_:
            raise ValidationError(
                f"origin={from_days(day)} is before the fit origin {from_days(self.origin_)}: "
                "the fitted weights have seen events after it"
            )
        return day

    def get_params(self) -> dict[str, object]:
        """Constructor parameters (scikit-learn convention)."""
        return {
            k: v for k, v in vars(self).items() if not k.endswith("_") and not k.startswith("_")
        }

    def clone(self, **changes: object) -> _Forecaster:
        """A new unfitted forecaster with the same (or changed) parameters."""
        return type(self)(**{**self.get_params(), **changes})


class CountBaseline(_Forecaster):
    """Events per cell in the ``days`` before the origin, scaled to the horizon.

    Parameters
    ----------
    days : float, default 365
        Window length.
    horizon_days : float, default 7
    block : gis.spacetime.ShiftBlock, optional
        Count only the past events in this part of the week: the forecast is then the
        expected events in the block within the horizon.
    """

    def __init__(
        self, *, days: float = 365.0, horizon_days: float = 7.0, block: ShiftBlock | None = None
    ) -> None:
        self.days = days
        self.horizon_days = horizon_days
        self.block = block

    def fit(self, history: EventHistory, origin: pd.Timestamp | str | float) -> CountBaseline:
        """Remember the history and origin; nothing is learned."""
        self._store(history, origin)
        if self.days <= 0:
            raise ValidationError(f"days={self.days!r} must be positive")
        return self

    def predict(self, origin: pd.Timestamp | str | float | None = None) -> np.ndarray:
        """Expected events per cell in ``[origin, origin + horizon)``."""
        day = self._predict_origin(origin)
        if self.block is None:
            counted = self.history_.counts(day, float(self.days))
        else:
            counted = self.history_.block_counts(day, float(self.days), block=self.block)
        return counted * (self.horizon_days / self.days)


class KdeBaseline(_Forecaster):
    """The ``days`` before the origin kernel-smoothed, scaled to the horizon.

    Parameters
    ----------
    days : float, default 365
    bandwidth : float, default 250
        Metres.
    horizon_days : float, default 7
    block : gis.spacetime.ShiftBlock, optional
        Smooth only the past events in this part of the week.
    """

    def __init__(
        self,
        *,
        days: float = 365.0,
        bandwidth: float = KDE_BASELINE_BANDWIDTH,
        horizon_days: float = 7.0,
        block: ShiftBlock | None = None,
    ) -> None:
        self.days = days
        self.bandwidth = bandwidth
        self.horizon_days = horizon_days
        self.block = block

    def fit(self, history: EventHistory, origin: pd.Timestamp | str | float) -> KdeBaseline:
        """Remember the history and origin; nothing is learned."""
        self._store(history, origin)
        return self

    def predict(self, origin: pd.Timestamp | str | float | None = None) -> np.ndarray:
        """Expected events per cell in ``[origin, origin + horizon)``."""
        day = self._predict_origin(origin)
        if self.block is None:
            smooth = self.history_.kde(day, bandwidth=self.bandwidth, days=float(self.days))
        else:
            smooth = self.history_.block_kde(
                day, block=self.block, bandwidth=self.bandwidth, days=float(self.days)
            )
        return smooth * (self.horizon_days / self.days)


def baselines(
    *, horizon_days: float = 7.0, block: ShiftBlock | None = None
) -> dict[str, _Forecaster]:
    """The three baselines under their report names (see :data:`BASELINE_NAMES`).

    Parameters
    ----------
    horizon_days : float, default 7
    block : gis.spacetime.ShiftBlock, optional
        Forecast one shift block: each baseline then counts (or smooths) only the past
        events in that block, under the same name.

    Returns
    -------
    dict
        ``count-4w``, ``count-52w``, ``kde-52w``.
    """
    return {
        "count-4w": CountBaseline(days=28.0, horizon_days=horizon_days, block=block),
        "count-52w": CountBaseline(days=365.0, horizon_days=horizon_days, block=block),
        "kde-52w": KdeBaseline(days=365.0, horizon_days=horizon_days, block=block),
    }


FeatureFunction = Callable[[EventHistory, float], np.ndarray]


def _features(
    *,
    horizon_days: float,
    max_history_days: float,
    cell_half_lives: tuple[float, ...],
    kde_half_lives: tuple[float, ...],
    bandwidths: tuple[float, ...],
    near_repeat: tuple[float, float] | None,
    seasonal: bool,
    context: bool,
) -> dict[str, FeatureFunction]:
    """The feature functions ``(history, origin) -> values per cell`` of a blend."""
    longest = float(max_history_days)
    feats: dict[str, FeatureFunction] = {}
    for hl in cell_half_lives:
        feats[f"cell_hl{hl:g}"] = lambda h, o, hl=hl: h.decayed(
            o, hl, min(longest, 10 * hl), cache=False
        )
    feats["cell_all"] = lambda h, o: h.counts(o, longest, cache=False)
    for hl in kde_half_lives:
        for bw in bandwidths:
            feats[f"kde_hl{hl:g}_bw{bw:g}"] = lambda h, o, hl=hl, bw=bw: h.kde(
                o, bandwidth=bw, days=min(longest, 10 * hl), half_life=hl, cache=False
            )
    if near_repeat is not None:
        hl, bw = near_repeat
        feats["near_repeat"] = lambda h, o, hl=hl, bw=bw: h.kde(
            o, bandwidth=bw, days=8 * hl, half_life=hl, cache=False
        )
    if seasonal:
        # the same weeks one year earlier, three weeks either side
        span = horizon_days + 42.0
        feats["season"] = lambda h, o: h.counts(o - 365.0 + horizon_days + 21.0, span, cache=False)
    if context:

        def ctx(fn: FeatureFunction) -> FeatureFunction:
            return lambda h, o: (
                fn(h.context, o) if h.context is not None else np.zeros(h.study.n_cells)
            )

        feats["context_hl30"] = ctx(
            lambda h, o: h.decayed(o, 30.0, min(longest, 300.0), cache=False)
        )
        feats["context_hl365"] = ctx(lambda h, o: h.decayed(o, 365.0, longest, cache=False))
        for bw in (bandwidths[0], bandwidths[-1]):
            feats[f"context_kde_bw{bw:g}"] = ctx(
                lambda h, o, bw=bw: h.kde(
                    o, bandwidth=bw, days=longest, half_life=365.0, cache=False
                )
            )
    return feats


_BLAS: ThreadpoolController | None = None


def _one_blas_thread() -> object:
    """Context manager limiting BLAS to one thread (the library scan is done once)."""
    global _BLAS
    if _BLAS is None:
        _BLAS = ThreadpoolController()
    return _BLAS.limit(limits=1, user_api="blas")


def _irls_poisson(
    z: np.ndarray,
    y: np.ndarray,
    *,
    ridge: float,
    start: np.ndarray | None,
    max_iter: int = 50,
    intercept_column: bool = False,
    work: np.ndarray | None = None,
) -> np.ndarray:
    """Ridge-penalised Poisson regression (log link) by Newton steps; returns [b0, b...].

    With ``intercept_column``, ``z``'s first column already holds the ones of the intercept.
    ``work``, an array of the design's shape, is used as scratch space (saves allocating it
    at every step).
    """
    if intercept_column:
        z1 = z
        n, p = z.shape[0], z.shape[1] - 1
    else:
        n, p = z.shape
        z1 = np.empty((n, p + 1))
        z1[:, 0] = 1.0
        z1[:, 1:] = z
    penalty = np.full(p + 1, ridge * n)
    penalty[0] = 0.0
    if start is None or len(start) != p + 1:
        beta = np.zeros(p + 1)
        beta[0] = np.log(max(y.mean(), 1e-9))
    else:
        beta = start.astype(float).copy()

    def objective(b: np.ndarray) -> tuple[float, np.ndarray]:
        eta = np.clip(z1 @ b, -30.0, 30.0)
        return float(np.exp(eta).sum() - y @ eta + 0.5 * penalty @ (b * b)), eta

    if work is None or work.shape != z1.shape:
        work = np.empty_like(z1)
    current, eta = objective(beta)
    for _ in range(max_iter):
        mu = np.exp(eta)  # eta belongs to beta: the accepted trial's
        grad = z1.T @ (y - mu) - penalty * beta
        hess = np.multiply(z1, mu[:, None], out=work).T @ z1 + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        size = 1.0
        while True:  # step halving keeps every iteration an improvement
            trial = beta + size * step
            value, trial_eta = objective(trial)
            if value <= current + 1e-12 * abs(current) or size < 1e-4:
                break
            size /= 2.0
        beta, gain = trial, current - value
        current, eta = value, trial_eta
        if np.abs(size * step).max() < 1e-4 or gain < 1e-9 * max(abs(current), 1.0):
            break
    return beta


@dataclass(frozen=True)
class FitSummary:
    """What a blend was fitted on.

    Attributes
    ----------
    train_folds : int
        Past folds the weights were fitted on.
    events_per_fold : float
        Mean events per cell-set per training fold (all cells together).
    first_origin, last_origin : pandas.Timestamp
        Oldest and newest training fold origin.
    """

    train_folds: int
    events_per_fold: float
    first_origin: pd.Timestamp
    last_origin: pd.Timestamp


class BlendForecaster(_Forecaster):
    """Learned hotspot forecast: regressions on multi-scale space-time features per cell.

    ``fit(history, origin)`` builds, for each of the ``train_folds`` past horizons before
    ``origin``, the features at that fold's start and the events in that fold, and fits the
    weights of one or two models:

    - ``"log"``: ridge-penalised Poisson regression (log link) on ``log(feature + 0.05)``,
      i.e. a product of the features' powers;
    - ``"identity"``: non-negative least squares of the counts on the features, an additive
      blend of smoothers.

    ``link="both"`` (default) averages the two forecasts (each normalised to the same total).
    Each feature is divided by its mean over the study cells at its origin, so the weights
    describe the spatial pattern, not the volume of a particular week. ``predict()`` applies
    the weights to the features at ``origin``. Only events strictly before ``origin`` are used,
    for the features and for the training targets. There is no randomness.

    Parameters
    ----------
    horizon_days : float, default 7
        Length of the forecast period.
    link : {"both", "log", "identity"}, default "both"
    train_folds : int, default 52
        Past folds to fit on (fewer when the history is shorter).
    min_train_folds : int, default 4
        Fewer usable past folds raise :class:`~gis.errors.ValidationError`.
    max_history_days : float, default 1095
        Oldest events used by any feature.
    cell_half_lives : tuple of float, default (14, 60, 365)
        Half-lives (days) of the per-cell decayed counts.
    kde_half_lives : tuple of float, default (30, 180, 730)
        Half-lives of the kernel-smoothed decayed counts.
    bandwidths : tuple of float, default (150, 300, 600)
        Kernel bandwidths (m) of the smoothed features.
    near_repeat : tuple of float or None, default (7, 200)
        Half-life (days) and bandwidth (m) of the near-repeat term; None to leave it out.
    seasonal : bool, default True
        Add the counts of the same weeks one year earlier.
    context : bool, default True
        When the history has a ``context`` (all incidents while forecasting one category),
        add its decayed and smoothed counts.
    ridge : float, default 1e-3
        Ridge penalty per training row (log model).
    warm_start : bool, default False
        Start the log model from the previous fit's coefficients (faster in backtests).
    evidence_folds : int, default 0
        When positive, ``fit`` also runs :func:`gis.backtest.forecast_reliability` on that
        many past folds and stores it in ``evidence_``.

    Attributes
    ----------
    models_ : tuple of str
        The fitted models (``"log"``, ``"identity"``).
    feature_names_ : list of str
        Features used (features that are zero in every training fold are left out).
    coef_ : numpy.ndarray
        Shape (len(models_), len(feature_names_)): weight per model and feature.
    intercept_ : numpy.ndarray
        One per model.
    fit_summary_ : FitSummary
    evidence_ : gis.backtest.Reliability or None
    origin_ : float
        Fit origin (days since 1970-01-01).
    """

    def __init__(
        self,
        *,
        horizon_days: float = 7.0,
        link: str = "both",
        train_folds: int = 52,
        min_train_folds: int = 4,
        max_history_days: float = 1095.0,
        cell_half_lives: tuple[float, ...] = (14.0, 60.0, 365.0),
        kde_half_lives: tuple[float, ...] = (30.0, 180.0, 730.0),
        bandwidths: tuple[float, ...] = (150.0, 300.0, 600.0),
        near_repeat: tuple[float, float] | None = (7.0, 200.0),
        seasonal: bool = True,
        context: bool = True,
        ridge: float = 1e-3,
        warm_start: bool = False,
        evidence_folds: int = 0,
    ) -> None:
        self.horizon_days = horizon_days
        self.link = link
        self.train_folds = train_folds
        self.min_train_folds = min_train_folds
        self.max_history_days = max_history_days
        self.cell_half_lives = cell_half_lives
        self.kde_half_lives = kde_half_lives
        self.bandwidths = bandwidths
        self.near_repeat = near_repeat
        self.seasonal = seasonal
        self.context = context
        self.ridge = ridge
        self.warm_start = warm_start
        self.evidence_folds = evidence_folds

    def _validate(self) -> None:
        if self.link not in LINKS:
            raise ValidationError(f"link={self.link!r} is not allowed; allowed: {', '.join(LINKS)}")
        if int(self.min_train_folds) < 1 or int(self.train_folds) < int(self.min_train_folds):
            raise ValidationError(
                f"train_folds={self.train_folds!r} must be at least min_train_folds="
                f"{self.min_train_folds!r} (≥ 1)"
            )
        if self.ridge < 0:
            raise ValidationError(f"ridge={self.ridge!r} must be non-negative")
        if not self.bandwidths:
            raise ValidationError("bandwidths must name at least one bandwidth")

    def _feature_functions(self) -> dict[str, FeatureFunction]:
        return _features(
            horizon_days=float(self.horizon_days),
            max_history_days=float(self.max_history_days),
            cell_half_lives=tuple(self.cell_half_lives),
            kde_half_lives=tuple(self.kde_half_lives),
            bandwidths=tuple(self.bandwidths),
            near_repeat=self.near_repeat,
            seasonal=self.seasonal,
            context=self.context,
        )

    def training_origins(self, history: EventHistory, origin: float) -> list[float]:
        """Origins of the past folds a fit at ``origin`` learns from (newest first)."""
        h = float(self.horizon_days)
        if history.n_events == 0:
            return []
        earliest = history.first + MIN_LEAD_DAYS
        candidates = [origin - h * k for k in range(1, int(self.train_folds) + 1)]
        return [o for o in candidates if o >= earliest]

    def _key(self) -> tuple:
        return (
            float(self.horizon_days),
            float(self.max_history_days),
            tuple(self.cell_half_lives),
            tuple(self.kde_half_lives),
            tuple(self.bandwidths),
            self.near_repeat,
            bool(self.seasonal),
            bool(self.context),
        )

    def _block(self, history: EventHistory, origin: float) -> np.ndarray:
        """Every feature at ``origin`` divided by its mean over the study cells (cached)."""

        def compute() -> np.ndarray:
            functions = self._feature_functions().values()
            x = np.column_stack([f(history, origin) for f in functions])
            mean = x.mean(axis=0)
            return (x / np.where(mean > 0, mean, 1.0)).astype(np.float32)

        return history.memo(("blend", origin, self._key()), compute)

    def _log_block(self, history: EventHistory, origin: float) -> np.ndarray:
        """``[1, log(feature + LOG_OFFSET)…]`` at ``origin``: the log model's rows (cached)."""

        def compute() -> np.ndarray:
            block = self._block(history, origin)
            out = np.empty((block.shape[0], block.shape[1] + 1))
            out[:, 0] = 1.0
            out[:, 1:] = np.log(block.astype(np.float64) + LOG_OFFSET)
            return out

        return history.memo(("blend-log", origin, self._key()), compute)

    def _nonzero(self, history: EventHistory, origin: float) -> np.ndarray:
        """Which features are positive somewhere at ``origin`` (cached)."""
        return history.memo(
            ("blend-nonzero", origin, self._key()),
            lambda: self._block(history, origin).max(axis=0) > 0,
        )

    def _gram(self, history: EventHistory, origin: float) -> tuple[np.ndarray, np.ndarray]:
        """``D'D`` and ``D'y`` of a training fold, D = [features, 1] (cached)."""

        def compute() -> tuple[np.ndarray, np.ndarray]:
            design = np.column_stack(
                [self._block(history, origin).astype(np.float64), np.ones(history.study.n_cells)]
            )
            y = history.future_counts(origin, float(self.horizon_days))
            with _one_blas_thread():
                return design.T @ design, design.T @ y

        return history.memo(("blend-gram", origin, self._key()), compute)

    def _fit_log(
        self,
        history: EventHistory,
        origins: list[float],
        y: np.ndarray,
        keep: np.ndarray,
        names: list[str],
    ) -> tuple[float, np.ndarray]:
        # the rows of every training fold, logged once per origin and reused by later fits
        # (C order: BLAS then takes the same path, and the fit the same rounding, as before)
        columns = np.append(True, keep)
        n = history.study.n_cells
        shape = (n * len(origins), int(columns.sum()))
        # two scratch arrays kept for the next fit of a backtest (same shape: no new pages)
        scratch = getattr(self, "_scratch", None)
        if scratch is None or scratch[0].shape != shape:
            scratch = (np.empty(shape), np.empty(shape))
            self._scratch = scratch
        z1, work = scratch
        for i, o in enumerate(origins):
            rows = self._log_block(history, o)
            z1[i * n : (i + 1) * n] = rows if keep.all() else rows[:, columns]
        previous = getattr(self, "_warm", None)
        start = None
        if self.warm_start and previous is not None and previous[0] == names:
            start = previous[1]
        # one BLAS thread: these tall-skinny products are memory-bound, and threads only
        # contend (10–50× slower on a busy 2-core machine)
        with _one_blas_thread():
            beta = _irls_poisson(
                z1, y, ridge=float(self.ridge), start=start, intercept_column=True, work=work
            )
        self._warm = (names, beta)
        return float(beta[0]), beta[1:]

    def _fit_identity(
        self, history: EventHistory, origins: list[float], keep: np.ndarray
    ) -> tuple[float, np.ndarray]:
        columns = np.append(keep, True)
        size = int(columns.sum())
        gram, cross = np.zeros((size, size)), np.zeros(size)
        for o in origins:
            g, c = self._gram(history, o)
            gram += g[np.ix_(columns, columns)]
            cross += c[columns]
        # NNLS on the Cholesky factor of the normal equations: same solution, tiny system
        upper = np.linalg.cholesky(gram + 1e-9 * np.trace(gram) * np.eye(size)).T
        weights, _ = nnls(upper, np.linalg.solve(upper.T, cross))
        return float(weights[-1]), weights[:-1]

    def fit(self, history: EventHistory, origin: pd.Timestamp | str | float) -> BlendForecaster:
        """Fit the blend weights on the folds before ``origin``.

        Parameters
        ----------
        history : gis.spacetime.EventHistory
            Incidents; only those before ``origin`` are used.
        origin : pandas.Timestamp, str or float
            Start of the period to forecast.

        Returns
        -------
        BlendForecaster
            ``self``.

        Raises
        ------
        ValidationError
            For invalid parameters, or fewer than ``min_train_folds`` past folds with
            28 days of history before them.
        """
        self._validate()
        day = self._store(history, origin)
        origins = self.training_origins(history, day)
        if len(origins) < int(self.min_train_folds):
            raise ValidationError(
                f"origin={from_days(day).date()} leaves {len(origins)} past folds of "
                f"{self.horizon_days:g} days with 28 days of history before them; at least "
                f"{self.min_train_folds} are needed (history starts "
                f"{from_days(history.first).date() if history.n_events else 'nowhere'})"
            )
        all_names = list(self._feature_functions())
        h = float(self.horizon_days)
        y = np.concatenate([history.future_counts(o, h) for o in origins])
        keep = np.zeros(len(all_names), dtype=bool)
        for o in origins:
            keep |= self._nonzero(history, o)
        names = [n for n, k in zip(all_names, keep, strict=True) if k]
        models = ("log", "identity") if self.link == "both" else (self.link,)
        fitted = [
            self._fit_log(history, origins, y, keep, names)
            if model == "log"
            else self._fit_identity(history, origins, keep)
            for model in models
        ]
        self.models_ = models
        self.intercept_ = np.array([b0 for b0, _ in fitted])
        self.coef_ = np.vstack([b for _, b in fitted])
        self.feature_names_ = names
        self._keep = keep
        self.fit_summary_ = FitSummary(
            train_folds=len(origins),
            events_per_fold=float(y.sum() / len(origins)),
            first_origin=from_days(origins[-1]),
            last_origin=from_days(origins[0]),
        )
        self.evidence_ = None
        if int(self.evidence_folds) > 0:
            from gis.backtest import forecast_reliability  # here: gis.backtest imports us

            self.evidence_ = forecast_reliability(
                history,
                origin=day,
                forecaster=self.clone(evidence_folds=0, warm_start=True),
                folds=int(self.evidence_folds),
            )
        return self

    def predict(self, origin: pd.Timestamp | str | float | None = None) -> np.ndarray:
        """Expected events per cell in ``[origin, origin + horizon)``.

        Parameters
        ----------
        origin : optional
            Defaults to the fit origin; a later origin reuses the fitted weights.

        Returns
        -------
        numpy.ndarray
            One non-negative value per study cell.
        """
        day = self._predict_origin(origin)
        x = self._block(self.history_, day)[:, self._keep].astype(np.float64)
        forecasts = []
        for model, b0, b in zip(self.models_, self.intercept_, self.coef_, strict=True):
            if model == "log":
                logged = self._log_block(self.history_, day)[:, 1:][:, self._keep]
                forecasts.append(np.exp(np.clip(b0 + logged @ b, -30.0, 30.0)))
            else:
                forecasts.append(np.maximum(x @ b + b0, 0.0))
        if len(forecasts) == 1:
            return forecasts[0]
        totals = np.array([f.sum() for f in forecasts])
        shares = [
            f / t if t > 0 else np.full(len(f), 1.0 / len(f))
            for f, t in zip(forecasts, totals, strict=True)
        ]
        return np.mean(shares, axis=0) * totals.mean()

    def weights(self) -> pd.DataFrame:
        """Fitted weight per feature (rows) and model (columns), for display."""
        if not hasattr(self, "coef_"):
            raise ValidationError("BlendForecaster is not fitted; call fit() first")
        return pd.DataFrame(self.coef_.T, index=self.feature_names_, columns=list(self.models_))


class ShiftBlockForecaster(_Forecaster):
    """Expected events per cell in one shift block (part of the week) of the forecast period.

    The weekly forecast of ``base`` times each cell's share of events in the block: the
    kernel-smoothed count of the past ``days`` in the block over the smoothed count of all
    events, shrunk towards the zone's share with the weight of ``prior_events`` events
    (``share = (block + prior · zone_share) / (all + prior)``). Cells with little history get
    the zone's time-of-day profile; busy cells their own. The event ``start`` is the time
    used (for incidents known only by a time span, give their most likely time).

    Parameters
    ----------
    block : gis.spacetime.ShiftBlock
    base : forecaster, optional
        The forecast of the whole period (default ``BlendForecaster(horizon_days=...)``).
    horizon_days : float, default 7
    days : float, default 365
        History used for the profile.
    bandwidth : float, default 300
        Smoothing of the profile (m).
    prior_events : float, default 10

    Attributes
    ----------
    base_ : forecaster
        The fitted ``base``.
    share_ : numpy.ndarray
        Share of each cell's events expected in the block.
    zone_share_ : float
        The zone's share of events in the block.
    """

    def __init__(
        self,
        *,
        block: ShiftBlock,
        base: _Forecaster | None = None,
        horizon_days: float = 7.0,
        days: float = 365.0,
        bandwidth: float = 300.0,
        prior_events: float = 10.0,
    ) -> None:
        self.block = block
        self.base = base
        self.horizon_days = horizon_days
        self.days = days
        self.bandwidth = bandwidth
        self.prior_events = prior_events

    @property
    def train_folds(self) -> int:
        """Past folds the base forecast learns from (0 for a baseline)."""
        base = self.base if self.base is not None else BlendForecaster()
        return int(getattr(base, "train_folds", 0))

    def fit(
        self, history: EventHistory, origin: pd.Timestamp | str | float
    ) -> ShiftBlockForecaster:
        """Fit the base forecast and the cells' time-of-week profile before ``origin``."""
        if not isinstance(self.block, ShiftBlock):
            raise ValidationError(f"block must be a ShiftBlock, got {type(self.block).__name__}")
        if self.prior_events < 0:
            raise ValidationError(f"prior_events={self.prior_events!r} must be non-negative")
        day = self._store(history, origin)
        base = (
            self.base if self.base is not None else BlendForecaster(horizon_days=self.horizon_days)
        )
        self.base_ = base.fit(history, day)
        every = history.kde(day, bandwidth=self.bandwidth, days=float(self.days))
        inside = history.block_kde(
            day, block=self.block, bandwidth=self.bandwidth, days=float(self.days)
        )
        total = float(every.sum())
        zone = float(inside.sum()) / total if total > 0 else self.block.hours_per_week / 168.0
        prior = float(self.prior_events)
        self.zone_share_ = zone
        self.share_ = (
            (inside + prior * zone) / (every + prior)
            if prior > 0
            else np.divide(inside, every, out=np.full(len(every), zone), where=every > 0)
        )
        return self

    def predict(self, origin: pd.Timestamp | str | float | None = None) -> np.ndarray:
        """Expected events per cell in the block within ``[origin, origin + horizon)``."""
        day = self._predict_origin(origin)
        return np.asarray(self.base_.predict(day)) * self.share_


def default_methods(
    *, horizon_days: float = 7.0, block: ShiftBlock | None = None
) -> dict[str, _Forecaster]:
    """The baselines plus the learned method(s), by report name.

    Parameters
    ----------
    horizon_days : float, default 7
    block : gis.spacetime.ShiftBlock, optional
        Forecast one shift block: the baselines count only the block's past events
        (:func:`baselines`) and ``blend`` is :class:`ShiftBlockForecaster` on
        :class:`BlendForecaster`.

    Returns
    -------
    dict
        :data:`BASELINE_NAMES`, then ``blend`` (:class:`BlendForecaster`).
    """
    methods = baselines(horizon_days=horizon_days, block=block)
    learned = BlendForecaster(horizon_days=horizon_days, warm_start=True)
    methods[METHOD_NAME] = (
        learned
        if block is None
        else ShiftBlockForecaster(block=block, base=learned, horizon_days=horizon_days)
    )
    return methods


@dataclass
class CellForecast:
    """A forecast layer for the map, with the evidence behind it.

    Attributes
    ----------
    cells : geopandas.GeoDataFrame
        The grid with ``expected`` (events expected in the period), ``rank`` (1 = highest),
        ``method`` (what produced ``expected``) and ``reliable`` (True when that is the
        learned forecast because it beat the baselines on the zone's own history).
    choice : gis.backtest.Choice
        Why this method (``choice.reason``: better, not_better, low_counts, no_evidence).
    reliability : gis.backtest.Reliability
        The mini backtest on the weeks before ``origin`` (``reliability.summary`` is the
        table to show next to the map).
    origin : pandas.Timestamp
    horizon_days : float
    """

    cells: gpd.GeoDataFrame
    choice: Choice
    reliability: Reliability
    origin: pd.Timestamp
    horizon_days: float


def forecast_cells(
    incidents: gpd.GeoDataFrame,
    grid: gpd.GeoDataFrame,
    *,
    origin: pd.Timestamp | str,
    cell_size: float,
    zone: gpd.GeoDataFrame | None = None,
    category: str | Sequence[str] | None = None,
    horizon_days: float = 7.0,
    evidence_folds: int = 12,
    block: ShiftBlock | None = None,
    forecaster: BlendForecaster | None = None,
) -> CellForecast:
    """Forecast per grid cell for ``[origin, origin + horizon)``, falling back when weak.

    The learned forecast (:class:`BlendForecaster`) is first backtested on the
    ``evidence_folds`` periods before ``origin`` against the baselines
    (:func:`gis.backtest.forecast_reliability`); when it does not beat the best baseline by
    5 % PAI at 5 % area, or the zone has fewer than 10 events per period, or there is not
    enough history, the best baseline is returned instead (see
    :func:`gis.backtest.choose_method`).

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Canonical incidents (``start``, ``category``, points in the grid's CRS); rows without
        a point are ignored.
    grid : geopandas.GeoDataFrame
        From :func:`gis.grid.zone_grid`.
    origin : pandas.Timestamp or str
        First day of the forecast period; only incidents before it are used.
    cell_size : float
        The grid's cell size (m).
    zone : geopandas.GeoDataFrame, optional
        The zone the grid covers (incidents outside it are left out).
    category : str or sequence of str, optional
        Forecast these categories (all incidents then serve as context).
    horizon_days : float, default 7
    evidence_folds : int, default 12
        Past periods for the reliability check.
    block : gis.spacetime.ShiftBlock, optional
        Forecast one shift block of the period: the learned method is
        :class:`ShiftBlockForecaster`, the baselines count only the block's events, and the
        evidence scores only the block's events.
    forecaster : BlendForecaster, optional
        The learned method's settings (default ``BlendForecaster(horizon_days=...)``).

    Returns
    -------
    CellForecast
    """
    from gis.backtest import forecast_reliability  # here: gis.backtest imports us

    study = StudyArea.from_grid(grid, cell_size=cell_size, zone=zone)
    geoms = incidents.geometry
    located = incidents[(geoms.notna() & ~geoms.is_empty).to_numpy()]
    history = EventHistory.from_incidents(located, study, category=category)
    day = _origin(origin)
    learned = forecaster or BlendForecaster(horizon_days=horizon_days)
    reliability = forecast_reliability(
        history,
        origin=day,
        forecaster=learned.clone(horizon_days=horizon_days, warm_start=True, evidence_folds=0),
        folds=evidence_folds,
        block=block,
    )
    choice = reliability.choice
    model: _Forecaster = (
        learned.clone(horizon_days=horizon_days, evidence_folds=0)
        if choice.use_learned
        else baselines(horizon_days=horizon_days, block=block)[choice.method]
    )
    if block is not None and choice.use_learned:
        model = ShiftBlockForecaster(block=block, base=model, horizon_days=horizon_days)
    expected = np.asarray(model.fit(history, day).predict(), dtype=float)
    order = np.argsort(-expected, kind="stable")
    rank = np.empty(len(expected), dtype=np.int64)
    rank[order] = np.arange(1, len(expected) + 1)
    cells = grid.assign(
        expected=expected, rank=rank, method=choice.method, reliable=choice.use_learned
    )
    return CellForecast(
        cells=cells,
        choice=choice,
        reliability=reliability,
        origin=from_days(day),
        horizon_days=float(horizon_days),
    )
