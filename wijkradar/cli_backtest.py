"""``wijkradar backtest``: rolling-origin backtest of the hotspot forecast against baselines.

Registered on the main app by :func:`register` (one line in :mod:`wijkradar.cli`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table

from gis.backtest import choose_method, prepare_backtest, run_backtest
from gis.errors import ValidationError, WijkradarError
from gis.forecast import default_methods
from gis.i18n import message
from gis.io_backtest import read_event_table, read_zone_file, write_backtest
from gis.spacetime import ShiftBlock, parse_shift_block
from wijkradar.cli_common import console, help_text
from wijkradar.cli_common import fail as _fail


def _date(text: str, option: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(text).normalize()
    except ValueError as error:
        raise ValidationError(f"{option}={text!r} is not a date (yyyy-mm-dd)") from error


def _shift_block(text: str | None, lang: str) -> ShiftBlock | None:
    if text is None:
        return None
    try:
        return parse_shift_block(text)
    except ValidationError as error:
        raise ValidationError(
            message("backtest.bad_shift_block", lang, option="--shift-block", value=text)
        ) from error


def backtest_command(
    file: Annotated[Path, typer.Argument(help=help_text("cli.opt.backtest.file"))],
    crs: Annotated[str, typer.Option(help=help_text("cli.opt.backtest.crs"))],
    test_start: Annotated[str, typer.Option(help=help_text("cli.opt.test_start"))],
    test_end: Annotated[str, typer.Option(help=help_text("cli.opt.test_end"))],
    out: Annotated[Path, typer.Option(help=help_text("cli.opt.backtest.out"))],
    cell: Annotated[float, typer.Option(help=help_text("cli.opt.cell"))] = 150.0,
    horizon: Annotated[int, typer.Option(help=help_text("cli.opt.horizon"))] = 7,
    category: Annotated[
        list[str] | None, typer.Option("--category", help=help_text("cli.opt.backtest.category"))
    ] = None,
    zone_file: Annotated[
        Path | None,
        typer.Option(help=help_text("cli.opt.zone_file")),
    ] = None,
    shift_block: Annotated[
        str | None,
        typer.Option(
            "--shift-block",
            help=help_text("cli.opt.shift_block"),
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help=help_text("cli.opt.lang"))] = "nl",
) -> None:
    """Backtest the forecast against the baselines count-4w, count-52w and kde-52w."""
    started = time.perf_counter()
    try:
        start, end = _date(test_start, "--test-start"), _date(test_end, "--test-end")
        block = _shift_block(shift_block, lang)
        table = read_event_table(file, crs=crs)
        zone = None if zone_file is None else read_zone_file(zone_file, crs=table.crs)
        study, history = prepare_backtest(
            table.events,
            cell_size=cell,
            test_start=start,
            zone=zone,
            category=category,
            crs=table.crs,
        )
        result = run_backtest(
            history,
            test_start=start,
            test_end=end,
            horizon_days=horizon,
            methods=default_methods(horizon_days=horizon, block=block),
            block=block,
        )
        settings = {
            "file": str(file),
            "crs": table.crs.to_string(),
            "source_crs": table.source_crs.to_string(),
            "cell_size": cell,
            "test_start": start.date().isoformat(),
            "test_end": end.date().isoformat(),
            "horizon_days": horizon,
            "category": category,
            "zone_file": None if zone_file is None else str(zone_file),
            "study_area": "zone" if zone_file is not None else "cells within 300 m of an event",
            "rows_read": table.read,
            "rows_dropped": table.dropped,
            "events_in_study_area": history.n_events,
            "shift_block": None if block is None else block.label,
            "shift_block_detail": None
            if block is None
            else {
                "weekdays": list(block.weekdays),
                "start_hour": block.start_hour,
                "end_hour": block.end_hour,
                "hours_per_week": block.hours_per_week,
                "scored": "only the fold's events in the block",
                "baselines": "count-4w, count-52w and kde-52w count only past events in the block",
                "learned": "blend = ShiftBlockForecaster(base=BlendForecaster)",
            },
        }
        write_backtest(result, out, study=study, settings=settings)
        choice = choose_method(result.summary)
    except WijkradarError as error:
        _fail(error)
    folds = int(result.folds["fold"].nunique())
    console.print(
        message(
            "backtest.done",
            lang,
            folds=folds,
            horizon=horizon,
            start=start.date(),
            cells=study.n_cells,
            cell=f"{cell:g}",
            events=f"{choice.events_per_fold:.1f}",
        )
    )
    if block is not None:
        console.print(
            message(
                "backtest.shift_block", lang, block=block.label, hours=f"{block.hours_per_week:g}"
            )
        )
    grid = Table("methode", "dekking", "trefkans", "PAI", "PEI")
    for row in result.summary.itertuples():
        grid.add_row(
            row.method,
            f"{row.coverage:.0%}",
            f"{row.hit_rate:.3f}",
            f"{row.pai:.2f}",
            f"{row.pei:.3f}",
        )
    console.print(grid)
    gain = "–" if pd.isna(choice.gain) else f"{choice.gain:+.1%}"
    console.print(
        message(
            f"forecast.choice.{choice.reason}",
            lang,
            method=choice.learned,
            baseline=choice.best_baseline,
            gain=gain,
            events=f"{choice.events_per_fold:.1f}",
        )
    )
    console.print(f"{out}  ({time.perf_counter() - started:.1f} s)", style="dim")


def register(app: typer.Typer) -> None:
    """Add ``backtest`` to the command line."""
    app.command("backtest", help=help_text("cli.help.backtest"))(backtest_command)
