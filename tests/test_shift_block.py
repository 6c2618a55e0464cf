"""Shift-block forecasts: the block parser, honest block baselines, the backtest and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import synthetic_events
from typer.testing import CliRunner

from gis.backtest import (
    FOLD_COLUMNS,
    SUMMARY_COLUMNS,
    TOP_CELL_COLUMNS,
    forecast_reliability,
    prepare_backtest,
    run_backtest,
)
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
from gis.spacetime import EventHistory, ShiftBlock, StudyArea, parse_shift_block, to_days
from wijkradar.cli import app

NIGHT = ShiftBlock(start_hour=22, end_hour=6)


def flat(text: str) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(text.split())


# -- the parser -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weekdays", "start", "end", "label"),
    [
        ("22:00-06:00", (0, 1, 2, 3, 4, 5, 6), 22, 6, "22:00-06:00"),
        ("ma-vr 08:00-16:00", (0, 1, 2, 3, 4), 8, 16, "ma-vr 08:00-16:00"),
        ("lun-ven 8-16", (0, 1, 2, 3, 4), 8, 16, "ma-vr 08:00-16:00"),
        ("lu-ve 8u-16u", (0, 1, 2, 3, 4), 8, 16, "ma-vr 08:00-16:00"),
        ("za,zo 22u30-6u", (5, 6), 22.5, 6, "za,zo 22:30-06:00"),
        ("vendredi 20.30-02:00", (4,), 20.5, 2, "vr 20:30-02:00"),
        ("Vrijdag 18h-24h", (4,), 18, 24, "vr 18:00-24:00"),
        ("vr-ma 20:00-04:00", (0, 4, 5, 6), 20, 4, "ma,vr,za,zo 20:00-04:00"),
    ],
)
def test_shift_blocks_are_read_in_dutch_and_french(
    text: str, weekdays: tuple[int, ...], start: float, end: float, label: str
) -> None:
    block = parse_shift_block(text)
    assert block == ShiftBlock(weekdays=weekdays, start_hour=start, end_hour=end)
    assert block.label == label
    assert parse_shift_block(block.label) == block


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "no time span"),
        ("nacht", "no time span"),
        ("xx 08:00-16:00", "weekday 'xx'"),
        ("25:00-06:00", "not a time of day"),
        ("08:61-09:00", "not a time of day"),
        ("08:00-08:00", "empty"),
    ],
)
def test_a_bad_shift_block_is_named(text: str, match: str) -> None:
    with pytest.raises(ValidationError, match=match) as error:
        parse_shift_block(text)
    assert repr(text) in str(error.value)


# -- honest baselines -----------------------------------------------------------------------


def two_cell_history() -> EventHistory:
    """Cell A (x = 500) only has night events, cell B (x = 2 500) only day events."""
    study = StudyArea(np.arange(30), np.zeros(30, dtype=np.int64), cell_size=100)
    night = ["2021-03-01 23:00", "2021-03-10 02:30", "2021-03-20 22:15"]  # all three in 22–06
    day = ["2021-03-02 12:00", "2021-03-05 09:00", "2021-03-11 15:00", "2021-03-21 21:59",
           "2021-03-25 06:00"]  # fmt: skip
    x = np.array([550.0] * len(night) + [2_550.0] * len(day))
    y = np.full(len(x), 50.0)
    return EventHistory(study, x, y, pd.to_datetime(night + day))


def test_block_baselines_count_only_the_events_in_the_block() -> None:
    history = two_cell_history()
    origin = pd.Timestamp("2021-03-28")
    a, b = 5, 25
    year = CountBaseline(days=365, block=NIGHT).fit(history, origin).predict()
    assert year[a] == pytest.approx(3 * 7 / 365)
    assert year[b] == 0.0  # five events in cell B, none at night
    month = CountBaseline(days=28, block=NIGHT).fit(history, origin).predict()
    assert month[a] == pytest.approx(3 * 7 / 28)  # 2021-03-01 is within the 28 days
    assert month[b] == 0.0
    smooth = KdeBaseline(days=365, bandwidth=250, block=NIGHT).fit(history, origin).predict()
    assert smooth.sum() == pytest.approx(3 * 7 / 365)
    assert smooth[20:].sum() == 0.0  # 2 km from cell A: beyond the kernel's 1 km reach
    # without the block the same baselines do count cell B
    assert CountBaseline(days=365).fit(history, origin).predict()[b] == pytest.approx(5 * 7 / 365)


def test_two_blocks_that_cover_the_week_add_up_to_the_weekly_baselines() -> None:
    frame = synthetic_events.events(days=400, per_day=3.0, seed=4)
    _, history = prepare_backtest(
        frame, cell_size=150, test_start="2021-12-01", zone=synthetic_events.square_zone()
    )
    origin = to_days(pd.Timestamp("2021-12-01"))
    day = ShiftBlock(start_hour=6, end_hour=22)
    weekly = baselines()
    for name in BASELINE_NAMES:
        parts = [
            baselines(block=block)[name].fit(history, origin).predict() for block in (NIGHT, day)
        ]
        full = weekly[name].fit(history, origin).predict()
        np.testing.assert_allclose(parts[0] + parts[1], full, rtol=1e-9, atol=1e-12)
        assert 0 < parts[0].sum() < full.sum()


def test_default_methods_of_a_block() -> None:
    methods = default_methods(block=NIGHT)
    assert list(methods) == [*BASELINE_NAMES, "blend"]
    assert all(methods[n].block == NIGHT for n in BASELINE_NAMES)
    assert isinstance(methods["blend"], ShiftBlockForecaster)
    assert isinstance(methods["blend"].base, BlendForecaster)
    assert methods["blend"].train_folds == 52


# -- the block forecast beats the all-hours ranking ------------------------------------------

NIGHT_SPOTS = ((600.0, 600.0), (2_400.0, 600.0), (1_500.0, 2_400.0))
DAY_SPOTS = ((600.0, 2_400.0), (2_400.0, 2_400.0), (1_500.0, 1_200.0))


def day_and_night_events(seed: int = 3, days: int = 420) -> pd.DataFrame:
    """Busy day hotspots (events 08–20) and quieter night hotspots (22–06), plus background."""
    rng = np.random.default_rng(seed)
    parts = []
    for spots, per_day, hours in ((DAY_SPOTS, 4.0, (8.0, 12.0)), (NIGHT_SPOTS, 2.0, (22.0, 8.0))):
        n = rng.poisson(per_day * days)
        which = rng.integers(0, len(spots), n)
        centre = np.array(spots)[which]
        hour = (hours[0] + rng.uniform(0, hours[1], n)) % 24
        parts.append((centre + rng.normal(0, 70, (n, 2)), rng.integers(0, days, n) + hour / 24))
    n = rng.poisson(1.5 * days)  # background at any hour
    parts.append((rng.uniform(0, 3_000, (n, 2)), rng.uniform(0, days, n)))
    xy = np.clip(np.vstack([p[0] for p in parts]), 1.0, 2_999.0)
    t = np.concatenate([p[1] for p in parts])
    return pd.DataFrame(
        {
            "id": [f"D{i}" for i in range(len(t))],
            "category": "diefstal",
            "start": pd.Timestamp("2021-01-01") + pd.to_timedelta(t, "D"),
            "x": synthetic_events.ORIGIN_X + xy[:, 0],
            "y": synthetic_events.ORIGIN_Y + xy[:, 1],
        }
    )


def test_the_block_forecast_beats_the_all_hours_ranking() -> None:
    _, history = prepare_backtest(
        day_and_night_events(),
        cell_size=150,
        test_start="2022-01-03",
        zone=synthetic_events.square_zone(),
    )
    methods = {
        "blend": ShiftBlockForecaster(
            block=NIGHT, base=BlendForecaster(train_folds=8, warm_start=True)
        ),
        "blend-all-hours": BlendForecaster(train_folds=8, warm_start=True),
        "count-52w-all-hours": CountBaseline(days=365),
    }
    result = run_backtest(
        history,
        test_start="2022-01-03",
        test_end="2022-01-30",
        methods=methods,
        block=NIGHT,
        keep_top_cells=False,
    )
    pai = result.summary.pivot(index="method", columns="coverage", values="pai")
    # the all-hours rankings put the busy day hotspots first: the top 1 % holds no night
    # hotspot, and the top 5 % only part of them
    for block_method, all_hours in (
        ("blend", "blend-all-hours"),
        ("count-52w", "count-52w-all-hours"),
    ):
        assert pai.at[block_method, 0.01] > 10.0
        assert pai.at[all_hours, 0.01] < 0.2 * pai.at[block_method, 0.01]
        assert pai.at[block_method, 0.05] > 1.2 * pai.at[all_hours, 0.05]
    # every fold scored the night events only
    origin = to_days(pd.Timestamp("2022-01-03"))
    night_events = history.future_counts(origin, 7.0, block=NIGHT).sum()
    assert result.folds.loc[result.folds["fold"] == 1, "events"].iloc[0] == night_events
    assert night_events < 0.5 * history.future_counts(origin, 7.0).sum()


def test_reliability_of_a_block_uses_block_baselines() -> None:
    _, history = prepare_backtest(
        day_and_night_events(),
        cell_size=150,
        test_start="2022-01-03",
        zone=synthetic_events.square_zone(),
    )
    origin = pd.Timestamp("2022-01-03")
    reliability = forecast_reliability(
        history,
        origin=origin,
        forecaster=BlendForecaster(train_folds=6, warm_start=True),
        folds=6,
        block=NIGHT,
    )
    night_per_fold = history.block_counts(to_days(origin), 42.0, block=NIGHT).sum() / 6
    assert reliability.choice.events_per_fold == pytest.approx(night_per_fold)
    assert set(reliability.summary["method"]) == {*BASELINE_NAMES, "blend"}


# -- command line ---------------------------------------------------------------------------


def run_cli(csv: Path, zone: Path, out: Path, *extra: str) -> object:
    args = [
        "backtest", str(csv), "--crs", "EPSG:31370", "--cell", "150",
        "--test-start", "2021-12-01", "--test-end", "2021-12-14", "--horizon", "7",
        "--out", str(out), "--zone-file", str(zone), *extra,
    ]  # fmt: skip
    return CliRunner().invoke(app, args)


def test_cli_shift_block_writes_the_same_tables_as_the_weekly_run(tmp_path: Path) -> None:
    csv, zone = synthetic_events.write_backtest_inputs(tmp_path)
    weekly = run_cli(csv, zone, tmp_path / "weekly")
    block = run_cli(csv, zone, tmp_path / "block", "--shift-block", "ma-vr 08:00-16:00")
    assert weekly.exit_code == 0, weekly.output
    assert block.exit_code == 0, block.output
    assert "ma-vr 08:00-16:00 (40 uur per week)" in flat(block.output)
    for name, columns in (
        ("folds.csv", FOLD_COLUMNS),
        ("summary.csv", None),
        ("top_cells.csv", TOP_CELL_COLUMNS),
        ("cells.csv", None),
    ):
        a = pd.read_csv(tmp_path / "weekly" / name)
        b = pd.read_csv(tmp_path / "block" / name)
        assert list(a.columns) == list(b.columns)
        if columns is not None:
            assert list(b.columns) == list(columns)
        if name != "top_cells.csv":  # tied cells at the cut-off may differ in number
            assert a.shape == b.shape
    summary = pd.read_csv(tmp_path / "block" / "summary.csv")
    assert list(summary.columns[:5]) == list(SUMMARY_COLUMNS)
    assert list(dict.fromkeys(summary["method"])) == [*BASELINE_NAMES, "blend"]
    folds_a = pd.read_csv(tmp_path / "weekly" / "folds.csv")
    folds_b = pd.read_csv(tmp_path / "block" / "folds.csv")
    assert (folds_b["events"] < folds_a["events"]).all()  # only the block's events
    pd.testing.assert_frame_equal(
        folds_a[["fold", "start", "end", "method", "coverage", "cells"]],
        folds_b[["fold", "start", "end", "method", "coverage", "cells"]],
    )
    top = pd.read_csv(tmp_path / "block" / "top_cells.csv")
    weights = top.groupby(["fold", "method", "coverage"])["weight"].sum()
    np.testing.assert_allclose(weights.to_numpy(), folds_b.set_index(
        ["fold", "method", "coverage"]).loc[weights.index, "cells"].to_numpy())  # fmt: skip
    run_weekly = json.loads((tmp_path / "weekly" / "run.json").read_text(encoding="utf-8"))
    run_block = json.loads((tmp_path / "block" / "run.json").read_text(encoding="utf-8"))
    assert run_weekly["shift_block"] is None
    assert run_block["shift_block"] == "ma-vr 08:00-16:00"
    assert run_block["shift_block_detail"]["hours_per_week"] == 40
    assert set(run_weekly) == set(run_block)


@pytest.mark.parametrize(
    ("lang", "words"), [("nl", "is geen shiftblok"), ("fr", "n'est pas un bloc horaire")]
)
def test_cli_names_a_bad_shift_block(tmp_path: Path, lang: str, words: str) -> None:
    csv, zone = synthetic_events.write_backtest_inputs(tmp_path)
    result = run_cli(csv, zone, tmp_path / "o", "--shift-block", "ma-zz 8-16", "--lang", lang)
    assert result.exit_code == 2
    text = flat(result.output)
    assert "--shift-block='ma-zz 8-16'" in text
    assert words in text
    assert not (tmp_path / "o").exists()


def test_map_forecast_of_a_block_falls_back_to_a_block_baseline() -> None:
    frame = day_and_night_events()
    incidents = gpd.GeoDataFrame(
        frame[["id", "category", "start"]],
        geometry=gpd.points_from_xy(frame["x"], frame["y"]),
        crs=synthetic_events.CRS,
    )
    zone = synthetic_events.square_zone()
    grid = zone_grid(zone, cell_size=150)
    layer = forecast_cells(
        incidents, grid, origin="2022-01-03", cell_size=150, zone=zone, evidence_folds=6,
        forecaster=BlendForecaster(train_folds=6), block=NIGHT,
    )  # fmt: skip
    study = StudyArea.from_grid(grid, cell_size=150, zone=zone)
    history = EventHistory.from_incidents(incidents, study)
    origin = to_days(pd.Timestamp("2022-01-03"))
    night_per_fold = history.block_counts(origin, 42.0, block=NIGHT).sum() / 6
    assert layer.choice.events_per_fold == pytest.approx(night_per_fold)
    # on these data the block's own count beats the learned block forecast: the map shows it
    assert layer.choice.method in BASELINE_NAMES and not layer.choice.use_learned
    expected = baselines(block=NIGHT)[layer.choice.method].fit(history, origin).predict()
    np.testing.assert_allclose(layer.cells["expected"].to_numpy(), expected)
