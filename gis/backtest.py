"""Rolling-origin backtest of hotspot forecasts: hit rate, PAI and PEI at fixed area coverages.

Pure computation (no file access). One fold per horizon: the fold starting at ``origin``
holds the events in ``[origin, origin + horizon)``; every method scores the study cells with
data strictly before ``origin`` only. For a coverage ``c`` the budget is
``k = ceil(c × n_cells)`` cells, where every cell of the study area counts as one cell, also
a cell clipped by the zone boundary (a patrol plans whole cells). Then

- ``hit_rate`` = share of the fold's events in the selected cells;
- ``area_share`` = area of the selected cells / area of the study area (clipped cells count
  by their area inside the zone, so on a uniform grid it is ``k / n_cells``);
- ``pai`` = hit_rate / area_share (predictive accuracy index);
- ``pei`` = events captured / the most events any ``k`` cells captured in the fold
  (predictive efficiency index: 1 for the oracle that knew the fold's counts).

Ties: cells scoring strictly above the ``k``-th highest score are selected; the ``t`` cells
tied with it share the ``r`` slots left, each counting for ``r / t`` of its events and area
(the expectation under random tie-breaking), so no method gains from the order of tied cells.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.errors import ValidationError
from gis.forecast import (
    BASELINE_NAMES,
    METHOD_NAME,
    BlendForecaster,
    ShiftBlockForecaster,
    baselines,
    default_methods,
)
from gis.grid import zone_grid
from gis.spacetime import (
    STUDY_RADIUS_M,
    EventHistory,
    ShiftBlock,
    StudyArea,
    from_days,
    to_days,
)

COVERAGES: tuple[float, ...] = (0.01, 0.05, 0.10)
"""Area coverages reported in every summary."""

SUMMARY_COLUMNS: tuple[str, ...] = ("method", "coverage", "hit_rate", "pai", "pei")
MIN_EVENTS_PER_FOLD = 10.0
"""Below this many events per fold a PAI comparison is noise: show the best baseline."""
MIN_FOLDS = 6
"""Fewer scored folds than this: not enough evidence, show the best baseline."""
MIN_GAIN = 0.05
"""The method must beat the best baseline's PAI by this share to be shown instead of it."""
FOLD_COLUMNS: tuple[str, ...] = (
    "fold",
    "start",
    "end",
    "method",
    "coverage",
    "cells",
    "events",
    "captured",
    "hit_rate",
    "area_share",
    "pai",
    "pei",
)
TOP_CELL_COLUMNS: tuple[str, ...] = (
    "fold",
    "method",
    "coverage",
    "cell",
    "x",
    "y",
    "score",
    "weight",
)


def budget(coverage: float, n_cells: int) -> int:
    """Number of cells a coverage allows: ``ceil(coverage × n_cells)`` (at least 1).

    Parameters
    ----------
    coverage : float
        Area share in (0, 1].
    n_cells : int
        Cells in the study area.

    Returns
    -------
    int
    """
    if not 0.0 < float(coverage) <= 1.0:
        raise ValidationError(f"coverage={coverage!r} must be in (0, 1]")
    if n_cells < 1:
        raise ValidationError(f"n_cells={n_cells!r} must be at least 1")
    # round first so that 0.07 × 100 does not become 7.000000000000001 → 8
    return max(1, min(n_cells, math.ceil(round(float(coverage) * n_cells, 9))))


def selection_weights(scores: np.ndarray, k: int) -> np.ndarray:
    """Expected selection of each cell when the ``k`` best-scoring cells are chosen.

    Cells strictly above the ``k``-th highest score get 1; the ``t`` cells equal to it get
    ``r / t`` where ``r`` is the number of slots left after the cells above; the others 0.
    The weights sum to ``k``.

    Parameters
    ----------
    scores : numpy.ndarray
        One finite score per cell.
    k : int
        Cells to select, 1..len(scores).

    Returns
    -------
    numpy.ndarray
        float64, same length as ``scores``.
    """
    scores = np.asarray(scores, dtype=np.float64)
    n = len(scores)
    if not 1 <= k <= n:
        raise ValidationError(f"k={k!r} must be between 1 and the number of cells ({n})")
    if not np.isfinite(scores).all():
        raise ValidationError("scores must be finite")
    cut = np.partition(scores, n - k)[n - k]  # the k-th highest score
    above = scores > cut
    tied = scores == cut
    weights = above.astype(np.float64)
    weights[tied] = (k - int(above.sum())) / int(tied.sum())
    return weights


@dataclass(frozen=True)
class FoldScore:
    """Scores of one method on one fold at one coverage."""

    cells: int
    events: float
    captured: float
    hit_rate: float
    area_share: float
    pai: float
    pei: float


def score_fold(
    scores: np.ndarray,
    events: np.ndarray,
    *,
    coverage: float,
    area: np.ndarray | None = None,
) -> tuple[FoldScore, np.ndarray]:
    """Score one forecast against one fold's event counts.

    Parameters
    ----------
    scores : numpy.ndarray
        The method's score per study cell (higher = more events expected).
    events : numpy.ndarray
        Events per study cell in the fold.
    coverage : float
        Area share to select (the budget is :func:`budget` cells).
    area : numpy.ndarray, optional
        Area of each cell inside the study area (any unit, e.g. ``area_share``); default 1.

    Returns
    -------
    tuple
        (:class:`FoldScore`, selection weights per cell). Hit rate, PAI and PEI are NaN when
        the fold has no events.
    """
    events = np.asarray(events, dtype=np.float64)
    n = len(events)
    if len(scores) != n:
        raise ValidationError(f"scores has {len(scores)} cells, events has {n}")
    area = np.ones(n) if area is None else np.asarray(area, dtype=np.float64)
    k = budget(coverage, n)
    weights = selection_weights(scores, k)
    total = float(events.sum())
    captured = float(weights @ events)
    area_share = float(weights @ area) / float(area.sum())
    if total > 0:
        best = float(np.sort(events)[n - k :].sum())
        hit = captured / total
        pai = hit / area_share if area_share > 0 else math.nan
        pei = captured / best
    else:
        hit = pai = pei = math.nan
    return FoldScore(k, total, captured, hit, area_share, pai, pei), weights


def summarise(folds: pd.DataFrame) -> pd.DataFrame:
    """Mean hit rate, PAI and PEI per method and coverage over the folds with events.

    Parameters
    ----------
    folds : pandas.DataFrame
        With columns ``method, coverage, hit_rate, pai, pei`` (as :data:`FOLD_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SUMMARY_COLUMNS` plus ``folds`` (folds with events) and ``events``
        (mean events per such fold), methods in the order they first appear.
    """
    order = {m: i for i, m in enumerate(dict.fromkeys(folds["method"]))}
    scored = folds.dropna(subset=["hit_rate"])
    summary = (
        scored.groupby(["method", "coverage"], sort=False)
        .agg(
            hit_rate=("hit_rate", "mean"),
            pai=("pai", "mean"),
            pei=("pei", "mean"),
            folds=("fold", "nunique"),
            events=("events", "mean"),
        )
        .reset_index()
    )
    summary = summary.sort_values(
        ["method", "coverage"], key=lambda s: s.map(order) if s.name == "method" else s
    )
    return summary[[*SUMMARY_COLUMNS, "folds", "events"]].reset_index(drop=True)


def fold_origins(
    test_start: pd.Timestamp, test_end: pd.Timestamp, *, horizon_days: int
) -> list[pd.Timestamp]:
    """Start of each fold: every ``horizon_days`` from ``test_start``, whole folds only.

    Parameters
    ----------
    test_start, test_end : pandas.Timestamp
        First and last day (inclusive) of the test period.
    horizon_days : int
        Fold length.

    Returns
    -------
    list of pandas.Timestamp
        Origins ``o`` with ``o + horizon ≤ test_end + 1 day``; a remainder shorter than the
        horizon at the end of the test period is left out.
    """
    if horizon_days < 1:
        raise ValidationError(f"horizon_days={horizon_days!r} must be at least 1")
    start = pd.Timestamp(test_start).normalize()
    stop = pd.Timestamp(test_end).normalize() + pd.Timedelta(days=1)
    if stop <= start:
        raise ValidationError(f"test_end={test_end!s} is before test_start={test_start!s}")
    step = pd.Timedelta(days=horizon_days)
    origins = []
    origin = start
    while origin + step <= stop:
        origins.append(origin)
        origin += step
    if not origins:
        raise ValidationError(
            f"the test period {start.date()}..{(stop - pd.Timedelta(days=1)).date()} is "
            f"shorter than one horizon of {horizon_days} days"
        )
    return origins


def _check_coverages(coverages: Sequence[float]) -> tuple[float, ...]:
    out = tuple(float(c) for c in coverages)
    for c in out:
        if not 0.0 < c <= 1.0:
            raise ValidationError(f"coverage={c!r} must be in (0, 1]")
    return out


def prepare_backtest(
    events: pd.DataFrame,
    *,
    cell_size: float,
    test_start: pd.Timestamp | str,
    zone: gpd.GeoDataFrame | None = None,
    category: Sequence[str] | str | None = None,
    crs: object = None,
) -> tuple[StudyArea, EventHistory]:
    """Study area and event history of a backtest.

    The study area is the zone's grid (:func:`gis.grid.zone_grid`) when a zone is given,
    otherwise the cells whose centre lies within 300 m of any event (of any category) before
    ``test_start``. With ``category``, the history holds those categories and all events
    become its ``context``.

    Parameters
    ----------
    events : pandas.DataFrame
        Columns ``category``, ``start`` (datetimes), ``x``, ``y`` (metres).
    cell_size : float
        Cell side in metres.
    test_start : pandas.Timestamp or str
    zone : geopandas.GeoDataFrame, optional
        Zone polygons in the events' CRS.
    category : str or sequence of str, optional
    crs : optional
        CRS of ``x``/``y`` (kept on the study area for output).

    Returns
    -------
    tuple
        (:class:`gis.spacetime.StudyArea`, :class:`gis.spacetime.EventHistory`).

    Raises
    ------
    ValidationError
        When no event precedes ``test_start`` or no event has the category.
    """
    x = events["x"].to_numpy(dtype=np.float64)
    y = events["y"].to_numpy(dtype=np.float64)
    start = pd.to_datetime(events["start"])
    before = (start < pd.Timestamp(test_start)).to_numpy()
    if not before.any():
        raise ValidationError(f"no event precedes test_start={pd.Timestamp(test_start).date()}")
    if zone is not None:
        grid = zone_grid(zone, cell_size=cell_size)
        study = StudyArea.from_grid(grid, cell_size=cell_size, zone=zone)
    else:
        study = StudyArea.around_events(
            x[before], y[before], cell_size=cell_size, radius=STUDY_RADIUS_M, crs=crs
        )
    full = EventHistory(study, x, y, start)
    if category is None or (not isinstance(category, str) and len(category) == 0):
        return study, full
    wanted = [category] if isinstance(category, str) else list(category)
    mask = events["category"].isin(wanted).to_numpy()
    if not mask.any():
        common = events["category"].value_counts().index[:8].tolist()
        raise ValidationError(
            f"category={wanted!r} matches no event; most frequent categories: {common}"
        )
    return study, EventHistory(study, x[mask], y[mask], start[mask], context=full)


@dataclass
class BacktestResult:
    """Everything a backtest measured.

    Attributes
    ----------
    folds : pandas.DataFrame
        One row per fold, method and coverage (:data:`FOLD_COLUMNS`).
    summary : pandas.DataFrame
        Means over folds (:func:`summarise`).
    top_cells : pandas.DataFrame
        Each fold's selected cells per method and coverage (:data:`TOP_CELL_COLUMNS`;
        ``weight`` < 1 for cells tied at the cut-off, ``x``/``y`` the cell centre) so that a
        third party can re-score them.
    seconds : dict
        Wall-clock seconds spent in each method's fit + predict.
    n_cells : int
        Cells in the study area.
    """

    folds: pd.DataFrame
    summary: pd.DataFrame
    top_cells: pd.DataFrame
    seconds: dict[str, float] = field(default_factory=dict)
    n_cells: int = 0


def _with_baselines(
    methods: Mapping[str, object] | None, horizon_days: float, block: ShiftBlock | None
) -> dict[str, object]:
    chosen = (
        default_methods(horizon_days=horizon_days, block=block)
        if methods is None
        else dict(methods)
    )
    merged = baselines(horizon_days=horizon_days, block=block)
    for name, method in chosen.items():
        merged[name] = method
    return merged


def run_backtest(
    history: EventHistory,
    *,
    test_start: pd.Timestamp | str,
    test_end: pd.Timestamp | str,
    horizon_days: int = 7,
    methods: Mapping[str, object] | None = None,
    coverages: Sequence[float] = COVERAGES,
    keep_top_cells: bool = True,
    block: ShiftBlock | None = None,
) -> BacktestResult:
    """Rolling-origin backtest: one fold per horizon in the test period.

    Parameters
    ----------
    history : gis.spacetime.EventHistory
        All incidents (training history and test period) in the study area.
    test_start, test_end : pandas.Timestamp or str
        First and last day (inclusive) of the test period.
    horizon_days : int, default 7
        Fold length; a remainder shorter than it at the end is left out.
    methods : mapping, optional
        Report name → forecaster (``fit(history, origin)`` then ``predict()`` giving the
        expected events per study cell). Default :func:`gis.forecast.default_methods` (with
        ``block``). The baselines ``count-4w``, ``count-52w`` and ``kde-52w`` are always
        included (a method given under one of these names replaces it).
    coverages : sequence of float, default (0.01, 0.05, 0.10)
    keep_top_cells : bool, default True
        Also return each fold's selected cells.
    block : gis.spacetime.ShiftBlock, optional
        Forecast and score one part of the week: each fold scores only its events in the
        block, and the baselines count (or smooth) only the past events in the block, under
        their usual names (:func:`gis.forecast.baselines`); the default learned method is
        :class:`gis.forecast.ShiftBlockForecaster` on ``blend``.

    Returns
    -------
    BacktestResult

    Raises
    ------
    ValidationError
        For an empty test period, bad coverages, a forecast of the wrong shape or with
        negative or non-finite values, or a method that cannot fit (e.g. too little
        history before ``test_start``).
    """
    coverages = _check_coverages(coverages)
    origins = fold_origins(
        pd.Timestamp(test_start), pd.Timestamp(test_end), horizon_days=horizon_days
    )
    all_methods = _with_baselines(methods, float(horizon_days), block)
    study = history.study
    area = study.area
    fold_rows: list[dict[str, object]] = []
    top_parts: list[pd.DataFrame] = []
    seconds = dict.fromkeys(all_methods, 0.0)
    keep_back = max([int(getattr(m, "train_folds", 0)) for m in all_methods.values()] + [0]) + 2
    for number, origin_ts in enumerate(origins, start=1):
        origin = float(to_days(origin_ts))
        events = history.future_counts(origin, float(horizon_days), block=block)
        end = origin_ts + pd.Timedelta(days=horizon_days)
        for name, method in all_methods.items():
            t0 = time.perf_counter()
            scores = np.asarray(method.fit(history, origin).predict(), dtype=np.float64)
            seconds[name] += time.perf_counter() - t0
            if scores.shape != (study.n_cells,) or not np.isfinite(scores).all():
                raise ValidationError(
                    f"method {name!r} returned {scores.shape} values (need "
                    f"{study.n_cells} finite ones) at fold {number}"
                )
            if (scores < 0).any():
                raise ValidationError(f"method {name!r} forecast negative counts")
            for coverage in coverages:
                result, weights = score_fold(scores, events, coverage=coverage, area=area)
                fold_rows.append(
                    {
                        "fold": number,
                        "start": origin_ts.date().isoformat(),
                        "end": (end - pd.Timedelta(days=1)).date().isoformat(),
                        "method": name,
                        "coverage": coverage,
                        "cells": result.cells,
                        "events": result.events,
                        "captured": result.captured,
                        "hit_rate": result.hit_rate,
                        "area_share": result.area_share,
                        "pai": result.pai,
                        "pei": result.pei,
                    }
                )
                if keep_top_cells:
                    chosen = np.flatnonzero(weights > 0)
                    top_parts.append(
                        pd.DataFrame(
                            {
                                "fold": number,
                                "method": name,
                                "coverage": coverage,
                                "cell": study.cells.to_numpy()[chosen],
                                "x": study.x[chosen],
                                "y": study.y[chosen],
                                "score": scores[chosen],
                                "weight": weights[chosen],
                            }
                        )
                    )
        # aggregates of origins no fit will look at again
        history.forget_before(origin - keep_back * horizon_days)
    folds = pd.DataFrame(fold_rows, columns=list(FOLD_COLUMNS))
    top = (
        pd.concat(top_parts, ignore_index=True)
        if top_parts
        else pd.DataFrame(columns=list(TOP_CELL_COLUMNS))
    )
    if len(top):
        top = top.sort_values(
            ["fold", "method", "coverage", "score"],
            ascending=[True, True, True, False],
            kind="stable",
            key=lambda s: (
                s.map({m: i for i, m in enumerate(all_methods)}) if s.name == "method" else s
            ),
        ).reset_index(drop=True)
    return BacktestResult(
        folds=folds,
        summary=summarise(folds),
        top_cells=top,
        seconds=seconds,
        n_cells=study.n_cells,
    )


@dataclass(frozen=True)
class Choice:
    """Which forecast to show, and why.

    Attributes
    ----------
    method : str
        The method to show: the learned method, or the best baseline.
    learned : str
        The learned method that was considered.
    best_baseline : str
        The baseline with the highest PAI at ``coverage``.
    gain : float
        PAI of ``learned`` / PAI of ``best_baseline`` - 1 (NaN without evidence).
    events_per_fold : float
        Mean events per fold in the evidence.
    folds : int
        Scored folds in the evidence.
    reason : str
        ``"better"`` (the learned method is shown), ``"not_better"``, ``"low_counts"`` or
        ``"no_evidence"``.
    coverage : float
    """

    method: str
    learned: str
    best_baseline: str
    gain: float
    events_per_fold: float
    folds: int
    reason: str
    coverage: float

    @property
    def use_learned(self) -> bool:
        """True when the learned method is the one to show."""
        return self.reason == "better"


def choose_method(
    summary: pd.DataFrame,
    *,
    method: str = METHOD_NAME,
    coverage: float = 0.05,
    min_events_per_fold: float = MIN_EVENTS_PER_FOLD,
    min_folds: int = MIN_FOLDS,
    min_gain: float = MIN_GAIN,
) -> Choice:
    """Show the learned forecast only where it measurably beats the baselines.

    Falls back to the best baseline (highest mean PAI at ``coverage``) when the learned
    method's PAI is not at least ``(1 + min_gain)`` times it, when the folds hold fewer than
    ``min_events_per_fold`` events on average, or when fewer than ``min_folds`` folds were
    scored.

    Parameters
    ----------
    summary : pandas.DataFrame
        From :func:`summarise` / :attr:`BacktestResult.summary` (columns ``method``,
        ``coverage``, ``pai``, ``folds``, ``events``) with the baselines and ``method``.
    method : str, default "blend"
    coverage : float, default 0.05
    min_events_per_fold : float, default 10
    min_folds : int, default 6
    min_gain : float, default 0.05

    Returns
    -------
    Choice
    """
    at = summary[np.isclose(summary["coverage"].astype(float), coverage)]
    base = at[at["method"].isin(BASELINE_NAMES)]
    learned = at[at["method"] == method]
    if base.empty:
        raise ValidationError(
            f"summary has no baseline at coverage={coverage!r}; baselines: "
            f"{', '.join(BASELINE_NAMES)}"
        )
    best = base.sort_values("pai", ascending=False, kind="stable").iloc[0]
    events = float(best["events"]) if "events" in best and pd.notna(best["events"]) else 0.0
    folds = int(best["folds"]) if pd.notna(best["folds"]) else 0
    if learned.empty or not np.isfinite(float(learned["pai"].iloc[0])) or folds == 0:
        gain, reason = math.nan, "no_evidence"
    else:
        gain = float(learned["pai"].iloc[0]) / float(best["pai"]) - 1.0
        if folds < min_folds:
            reason = "no_evidence"
        elif events < min_events_per_fold:
            reason = "low_counts"
        elif gain < min_gain:
            reason = "not_better"
        else:
            reason = "better"
    return Choice(
        method=method if reason == "better" else str(best["method"]),
        learned=method,
        best_baseline=str(best["method"]),
        gain=gain,
        events_per_fold=events,
        folds=folds,
        reason=reason,
        coverage=float(coverage),
    )


@dataclass(frozen=True)
class Reliability:
    """How the learned forecast did on the zone's own recent history.

    Attributes
    ----------
    choice : Choice
        The decision (see :func:`choose_method`).
    summary : pandas.DataFrame
        The mini backtest's summary (learned method and baselines).
    start, end : pandas.Timestamp or None
        The evidence period (None when there was none).
    """

    choice: Choice
    summary: pd.DataFrame
    start: pd.Timestamp | None
    end: pd.Timestamp | None

    @property
    def weak(self) -> bool:
        """True when the learned forecast should not be shown (fall back to a baseline)."""
        return not self.choice.use_learned


def forecast_reliability(
    history: EventHistory,
    *,
    origin: pd.Timestamp | str | float,
    forecaster: BlendForecaster | None = None,
    folds: int = 12,
    coverage: float = 0.05,
    min_events_per_fold: float = MIN_EVENTS_PER_FOLD,
    min_gain: float = MIN_GAIN,
    block: ShiftBlock | None = None,
) -> Reliability:
    """Backtest the learned forecast against the baselines on the folds just before ``origin``.

    Each of the (at most) ``folds`` horizons before ``origin`` is forecast with data before
    it only, as in :func:`run_backtest`; folds without enough history before them are
    skipped.

    Parameters
    ----------
    history : gis.spacetime.EventHistory
    origin : pandas.Timestamp, str or float
        The forecast origin; the evidence ends the day before.
    forecaster : BlendForecaster, optional
        Default ``BlendForecaster()`` (7-day horizon).
    folds : int, default 12
    coverage : float, default 0.05
    min_events_per_fold, min_gain : float
        See :func:`choose_method`.
    block : gis.spacetime.ShiftBlock, optional
        Test the forecast of this part of the week (:class:`gis.forecast.ShiftBlockForecaster`
        on ``forecaster``) against baselines that count only the block's events, on the
        block's events.

    Returns
    -------
    Reliability
    """
    forecaster = forecaster or BlendForecaster(warm_start=True)
    h = float(forecaster.horizon_days)
    day = float(origin) if isinstance(origin, int | float) else float(to_days(origin))
    usable = [
        day - h * k
        for k in range(int(folds), 0, -1)
        if len(forecaster.training_origins(history, day - h * k)) >= int(forecaster.min_train_folds)
    ]
    if not usable:
        empty = pd.DataFrame(columns=[*SUMMARY_COLUMNS, "folds", "events"])
        choice = Choice(
            method=BASELINE_NAMES[1],
            learned=METHOD_NAME,
            best_baseline=BASELINE_NAMES[1],
            gain=math.nan,
            events_per_fold=0.0,
            folds=0,
            reason="no_evidence",
            coverage=float(coverage),
        )
        return Reliability(choice=choice, summary=empty, start=None, end=None)
    start = from_days(usable[0]).normalize()
    end = from_days(day).normalize() - pd.Timedelta(days=1)
    learned = (
        forecaster
        if block is None
        else ShiftBlockForecaster(block=block, base=forecaster, horizon_days=h)
    )
    result = run_backtest(
        history,
        test_start=start,
        test_end=end,
        horizon_days=int(h),
        methods={METHOD_NAME: learned},
        coverages=(coverage,),
        keep_top_cells=False,
        block=block,
    )
    choice = choose_method(
        result.summary,
        coverage=coverage,
        min_events_per_fold=min_events_per_fold,
        min_gain=min_gain,
    )
    return Reliability(choice=choice, summary=result.summary, start=start, end=end)
