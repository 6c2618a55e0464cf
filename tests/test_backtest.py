"""Backtest scoring (ties, PAI, PEI), rolling folds without leakage, the choice, the CLI."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import synthetic_events
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gis.backtest import (
    FOLD_COLUMNS,
    SUMMARY_COLUMNS,
    TOP_CELL_COLUMNS,
    budget,
    choose_method,
    fold_origins,
    forecast_reliability,
    prepare_backtest,
    run_backtest,
    score_fold,
    selection_weights,
)
from gis.errors import ValidationError
from gis.forecast import BASELINE_NAMES, BlendForecaster, CountBaseline
from gis.io_backtest import read_event_table
from gis.spacetime import EventHistory, to_days
from wijkradar.cli import app

# -- ties ----------------------------------------------------------------------------------


def test_tied_cells_share_the_slots_left() -> None:
    scores = np.array([5.0, 3.0, 3.0, 3.0, 1.0])
    assert selection_weights(scores, 1).tolist() == [1, 0, 0, 0, 0]
    # one cell above the cut, three tied cells share the one slot left
    assert selection_weights(scores, 2) == pytest.approx([1, 1 / 3, 1 / 3, 1 / 3, 0])
    assert selection_weights(scores, 3) == pytest.approx([1, 2 / 3, 2 / 3, 2 / 3, 0])
    assert selection_weights(scores, 4).tolist() == [1, 1, 1, 1, 0]
    assert selection_weights(scores, 5).tolist() == [1, 1, 1, 1, 1]
    assert selection_weights(np.zeros(4), 2).tolist() == [0.5, 0.5, 0.5, 0.5]


def test_hand_computed_fold_with_ties() -> None:
    scores = np.array([5.0, 3.0, 3.0, 3.0, 1.0])
    events = np.array([2.0, 0.0, 3.0, 1.0, 4.0])
    # coverage 40 % of 5 cells → 2 cells: cell 0 fully, cells 1–3 one third each
    result, weights = score_fold(scores, events, coverage=0.4)
    captured = 2 + (0 + 3 + 1) / 3
    assert result.cells == 2
    assert result.captured == pytest.approx(captured)
    assert result.hit_rate == pytest.approx(captured / 10)
    assert result.area_share == pytest.approx(2 / 5)
    assert result.pai == pytest.approx((captured / 10) / (2 / 5))
    assert result.pei == pytest.approx(captured / (4 + 3))  # the best 2 cells hold 7
    assert weights.sum() == pytest.approx(2)


def test_clipped_cells_count_by_their_area() -> None:
    scores = np.array([5.0, 3.0, 3.0, 3.0, 1.0])
    events = np.array([2.0, 0.0, 3.0, 1.0, 4.0])
    area = np.array([1.0, 0.5, 1.0, 1.0, 1.0])
    result, _ = score_fold(scores, events, coverage=0.4, area=area)
    share = (1.0 + (0.5 + 1.0 + 1.0) / 3) / 4.5
    assert result.area_share == pytest.approx(share)
    assert result.pai == pytest.approx(result.hit_rate / share)


def test_tie_order_does_not_matter() -> None:
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 4, 200).astype(float)
    events = rng.poisson(1.0, 200).astype(float)
    order = rng.permutation(200)
    a, _ = score_fold(scores, events, coverage=0.05)
    b, _ = score_fold(scores[order], events[order], coverage=0.05)
    assert a.captured == pytest.approx(b.captured)


def test_budget_is_the_ceiling_of_the_area_share() -> None:
    assert budget(0.05, 5481) == 275
    assert budget(0.07, 100) == 7  # not 8 through 7.000000000000001
    assert budget(0.01, 10) == 1
    assert budget(1.0, 10) == 10
    with pytest.raises(ValidationError, match="coverage"):
        budget(0.0, 10)


@settings(max_examples=60, deadline=None)
@given(
    data=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 6)), min_size=2, max_size=60),
    coverage=st.sampled_from([0.01, 0.05, 0.1, 0.3, 0.5]),
)
def test_pei_is_at_most_one_and_one_for_the_oracle(
    data: list[tuple[int, int]], coverage: float
) -> None:
    scores = np.array([s for s, _ in data], dtype=float)
    events = np.array([e for _, e in data], dtype=float)
    result, _ = score_fold(scores, events, coverage=coverage)
    oracle, _ = score_fold(events, events, coverage=coverage)
    if events.sum() == 0:
        assert math.isnan(result.pei) and math.isnan(oracle.pei)
    else:
        assert 0.0 <= result.pei <= 1.0 + 1e-12
        assert oracle.pei == pytest.approx(1.0)
        assert 0.0 <= result.hit_rate <= 1.0 + 1e-12


def test_perfect_method_has_pai_of_one_over_the_area_share() -> None:
    events = np.zeros(100)
    events[[3, 50, 77]] = [4.0, 2.0, 1.0]
    result, _ = score_fold(events, events, coverage=0.05)  # 5 cells hold every event
    assert result.hit_rate == 1.0
    assert result.pai == pytest.approx(100 / 5)
    assert result.pei == 1.0


def test_a_fold_without_events_is_not_scored() -> None:
    result, _ = score_fold(np.arange(10.0), np.zeros(10), coverage=0.1)
    assert math.isnan(result.hit_rate) and math.isnan(result.pai)


def test_folds_are_whole_horizons() -> None:
    origins = fold_origins(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-31"), horizon_days=7)
    assert [o.day for o in origins] == [1, 8, 15, 22]  # 29–31 January: shorter, left out
    with pytest.raises(ValidationError, match="shorter than one horizon"):
        fold_origins(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-03"), horizon_days=7)


# -- rolling backtest ------------------------------------------------------------------------


def synthetic_history(frame: pd.DataFrame | None = None) -> EventHistory:
    frame = synthetic_events.events(days=400, per_day=3.0) if frame is None else frame
    zone = synthetic_events.square_zone()
    _, history = prepare_backtest(
        frame, cell_size=150, test_start="2022-01-01", zone=zone, crs=synthetic_events.CRS
    )
    return history


@pytest.fixture(scope="module")
def small_run() -> tuple[EventHistory, object]:
    history = synthetic_history()
    methods = {"blend": BlendForecaster(train_folds=8, warm_start=True)}
    result = run_backtest(
        history, test_start="2021-12-01", test_end="2021-12-28", horizon_days=7, methods=methods
    )
    return history, result


def test_backtest_reports_every_method_coverage_and_fold(small_run) -> None:
    _, result = small_run
    assert list(result.folds.columns) == list(FOLD_COLUMNS)
    assert set(SUMMARY_COLUMNS) <= set(result.summary.columns)
    methods = list(dict.fromkeys(result.summary["method"]))
    assert methods == [*BASELINE_NAMES, "blend"]
    assert result.folds["fold"].nunique() == 4
    assert sorted(result.summary["coverage"].unique()) == [0.01, 0.05, 0.10]
    assert len(result.folds) == 4 * 4 * 3
    # hotspot data: every method beats random selection by far
    at5 = result.summary[result.summary["coverage"] == 0.05].set_index("method")
    assert (at5["pai"] > 3).all()
    assert (at5["pei"] <= 1).all()


def test_top_cells_can_be_rescored(small_run) -> None:
    history, result = small_run
    top = result.top_cells
    assert list(top.columns) == list(TOP_CELL_COLUMNS)
    one = top[(top["fold"] == 2) & (top["method"] == "count-52w") & (top["coverage"] == 0.05)]
    assert one["weight"].sum() == pytest.approx(budget(0.05, history.study.n_cells))
    # re-score from the written cells alone
    origin = to_days(pd.Timestamp("2021-12-08"))
    events = pd.Series(history.future_counts(origin, 7.0), index=history.study.cells)
    captured = (events[one["cell"]].to_numpy() * one["weight"].to_numpy()).sum()
    row = result.folds[
        (result.folds["fold"] == 2)
        & (result.folds["method"] == "count-52w")
        & (result.folds["coverage"] == 0.05)
    ]
    assert captured == pytest.approx(row["captured"].iloc[0])


def test_an_event_planted_in_the_test_fold_does_not_change_its_forecast() -> None:
    base = synthetic_events.events(days=400, per_day=3.0)
    # a burst of 40 events in a quiet corner during the first test fold only
    planted = pd.DataFrame(
        {
            "id": [f"P{i}" for i in range(40)],
            "category": "woninginbraak",
            "start": pd.Timestamp("2021-12-02 12:00"),
            "x": synthetic_events.ORIGIN_X + 2_900.0,
            "y": synthetic_events.ORIGIN_Y + 100.0,
        }
    )
    methods = {"blend": BlendForecaster(train_folds=6), "blend-log": BlendForecaster(link="log")}
    runs = []
    for frame in (base, pd.concat([base, planted], ignore_index=True)):
        runs.append(
            run_backtest(
                synthetic_history(frame),
                test_start="2021-12-01",
                test_end="2021-12-14",
                methods=methods,
            )
        )
    clean, leaked = runs
    first = clean.top_cells["fold"] == 1
    pd.testing.assert_frame_equal(
        clean.top_cells[first].reset_index(drop=True),
        leaked.top_cells[leaked.top_cells["fold"] == 1].reset_index(drop=True),
    )
    # the planted events are scored in fold 1 and do move the forecast of fold 2
    assert (
        leaked.folds.loc[leaked.folds["fold"] == 1, "events"].iloc[0]
        == clean.folds.loc[clean.folds["fold"] == 1, "events"].iloc[0] + 40
    )
    second = (clean.top_cells["fold"] == 2) & (clean.top_cells["method"] == "count-4w")
    moved = (leaked.top_cells["fold"] == 2) & (leaked.top_cells["method"] == "count-4w")
    assert (
        not clean.top_cells[second]["cell"]
        .reset_index(drop=True)
        .equals(leaked.top_cells[moved]["cell"].reset_index(drop=True))
    )


def test_forecasts_only_see_events_before_the_origin() -> None:
    history = synthetic_history()
    origin = to_days(pd.Timestamp("2021-12-01"))
    blend = BlendForecaster(train_folds=6).fit(history, origin)
    before = blend.predict()
    # the same forecast from a history cut at the origin
    frame = synthetic_events.events(days=400, per_day=3.0)
    cut = synthetic_history(frame[frame["start"] < pd.Timestamp("2021-12-01")])
    again = BlendForecaster(train_folds=6).fit(cut, origin).predict()
    np.testing.assert_allclose(before, again, rtol=1e-9)


# -- the choice ---------------------------------------------------------------------------


def summary(pai: dict[str, float], *, events: float = 50.0, folds: int = 20) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "method": list(pai),
            "coverage": 0.05,
            "hit_rate": 0.3,
            "pai": list(pai.values()),
            "pei": 0.5,
            "folds": folds,
            "events": events,
        }
    )


@pytest.mark.parametrize(
    ("pai", "events", "folds", "method", "reason"),
    [
        ({"count-4w": 3, "count-52w": 4, "kde-52w": 5, "blend": 6}, 50, 20, "blend", "better"),
        ({"count-4w": 3, "count-52w": 4, "kde-52w": 5, "blend": 5.1}, 50, 20, "kde-52w",
         "not_better"),
        ({"count-4w": 3, "count-52w": 7, "kde-52w": 5, "blend": 6}, 50, 20, "count-52w",
         "not_better"),
        ({"count-4w": 3, "count-52w": 4, "kde-52w": 5, "blend": 9}, 3, 20, "kde-52w",
         "low_counts"),
        ({"count-4w": 3, "count-52w": 4, "kde-52w": 5, "blend": 9}, 50, 2, "kde-52w",
         "no_evidence"),
        ({"count-4w": 3, "count-52w": 4, "kde-52w": 5}, 50, 20, "kde-52w", "no_evidence"),
    ],
)  # fmt: skip
def test_choose_method_falls_back_to_the_best_baseline(
    pai: dict[str, float], events: float, folds: int, method: str, reason: str
) -> None:
    choice = choose_method(summary(pai, events=events, folds=folds))
    assert (choice.method, choice.reason) == (method, reason)
    assert choice.use_learned == (reason == "better")


def test_reliability_on_the_zone_own_history() -> None:
    history = synthetic_history()
    reliability = forecast_reliability(
        history,
        origin=pd.Timestamp("2021-12-01"),
        forecaster=BlendForecaster(train_folds=6, warm_start=True),
        folds=6,
    )
    assert reliability.start == pd.Timestamp("2021-10-20")
    assert reliability.end == pd.Timestamp("2021-11-30")
    assert reliability.choice.folds == 6
    assert reliability.choice.events_per_fold == pytest.approx(
        history.counts(to_days(pd.Timestamp("2021-12-01")), 42.0).sum() / 6
    )
    assert set(reliability.summary["method"]) == {*BASELINE_NAMES, "blend"}
    assert reliability.weak == (reliability.choice.method != "blend")


def test_reliability_without_history_says_so() -> None:
    history = synthetic_history()
    reliability = forecast_reliability(history, origin=pd.Timestamp("2021-01-20"))
    assert reliability.choice.reason == "no_evidence"
    assert reliability.weak
    assert reliability.choice.method in BASELINE_NAMES


def test_a_method_returning_garbage_is_refused() -> None:
    class Broken(CountBaseline):
        def predict(self, origin=None):
            return np.full(3, np.nan)

    with pytest.raises(ValidationError, match="broken"):
        run_backtest(
            synthetic_history(),
            test_start="2021-12-01",
            test_end="2021-12-07",
            methods={"broken": Broken()},
        )


# -- command line -------------------------------------------------------------------------


@pytest.mark.parametrize("with_zone", [True, False])
def test_cli_writes_folds_summary_and_top_cells(tmp_path: Path, with_zone: bool) -> None:
    csv, zone = synthetic_events.write_backtest_inputs(tmp_path)
    out = tmp_path / "out"
    args = [
        "backtest", str(csv), "--crs", "EPSG:31370", "--cell", "150",
        "--test-start", "2021-12-01", "--test-end", "2021-12-21", "--horizon", "7",
        "--out", str(out), "--category", "woninginbraak",
    ]  # fmt: skip
    if with_zone:
        args += ["--zone-file", str(zone)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns[:5]) == list(SUMMARY_COLUMNS)
    assert set(BASELINE_NAMES) <= set(summary["method"])
    assert "blend" in set(summary["method"])
    assert len(summary) == len(set(summary["method"])) * 3
    folds = pd.read_csv(out / "folds.csv")
    assert list(folds.columns) == list(FOLD_COLUMNS)
    assert folds["fold"].nunique() == 3
    top = pd.read_csv(out / "top_cells.csv")
    assert list(top.columns) == list(TOP_CELL_COLUMNS)
    cells = pd.read_csv(out / "cells.csv")
    assert top["cell"].isin(cells["cell"]).all()
    if with_zone:
        # the 3 km square is not aligned on 150 m: 21 rows of cells, the outer two clipped
        assert len(cells) == 420
        assert cells["area_share"].sum() == pytest.approx(400)
    assert "de kaart toont" in result.output


def test_cli_names_a_bad_category(tmp_path: Path) -> None:
    csv, _ = synthetic_events.write_backtest_inputs(tmp_path)
    result = CliRunner().invoke(
        app,
        [
            "backtest", str(csv), "--crs", "EPSG:31370", "--test-start", "2021-12-01",
            "--test-end", "2021-12-21", "--out", str(tmp_path / "o"), "--category", "bestaatniet",
        ],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "bestaatniet" in result.output


def test_study_area_without_zone_is_the_cells_near_earlier_events() -> None:
    frame = pd.DataFrame(
        {
            "category": ["a", "a", "b"],
            "start": pd.to_datetime(["2021-01-01", "2021-02-01", "2021-06-01"]),
            "x": [1_000.0, 5_000.0, 9_000.0],
            "y": [1_000.0, 1_000.0, 1_000.0],
        }
    )
    study, history = prepare_backtest(frame, cell_size=100, test_start="2021-03-01")
    # two events before the test: cells whose centre is within 300 m of either of them
    # 32 cell centres lie within 300 m of a point on a cell corner (hand count: 2 × (6 + 6 + 4))
    assert study.n_cells == 2 * 32
    assert history.n_events == 2  # the third event lies outside the study area
    assert study.area.tolist() == [1.0] * study.n_cells


def test_event_table_in_degrees_is_reprojected_to_metres(tmp_path: Path) -> None:
    # a Belgian export: ';', comma decimals, day-first dates, lon/lat in EPSG:4326
    text = "\n".join(
        [
            "PV-nummer;Feit;Datum;X;Y",
            "A1;woninginbraak;03/02/2024 14:30;4,3517;50,8466",
            "A2;woninginbraak;04/02/2024;4,3600;50,8500",
            "A3;fietsdiefstal;31/02/2024;4,3600;50,8500",  # no such date: left out
            "A4;fietsdiefstal;05/02/2024;0;0",  # 0/0 means unknown: left out
        ]
    )
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    table = read_event_table(path, crs="EPSG:4326")
    assert table.crs.to_epsg() == 32631  # UTM 31N, metres
    assert table.source_crs.to_epsg() == 4326
    assert table.read == 4
    assert table.dropped == {"no_start": 1, "no_location": 1, "malformed": 0}
    assert table.events["id"].tolist() == ["A1", "A2"]
    assert table.events["start"].iloc[0] == pd.Timestamp("2024-02-03 14:30")
    # 0.0083° of longitude and 0.0034° of latitude at 50.8° N: about 585 m and 378 m
    dx = table.events["x"].diff().iloc[1]
    dy = table.events["y"].diff().iloc[1]
    assert dx == pytest.approx(585, abs=15)
    assert dy == pytest.approx(378, abs=15)


def test_unknown_crs_is_named(tmp_path: Path) -> None:
    csv, _ = synthetic_events.write_backtest_inputs(tmp_path)
    with pytest.raises(ValidationError, match="EPSG:999999"):
        read_event_table(csv, crs="EPSG:999999")
