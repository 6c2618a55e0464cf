"""``wijkradar plan`` and ``wijkradar wijkrapport``: the presence planner on the command line.

Registered on the main app by :func:`register` (one line in :mod:`wijkradar.cli`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from gis.errors import WijkradarError
from gis.i18n import message
from gis.io_backends import open_workspace
from gis.planning import PlanSettings
from wijkradar import planning_service
from wijkradar.cli_common import LangOption, console, help_text
from wijkradar.cli_common import fail as _fail


def plan_command(
    workspace: Annotated[
        str, typer.Option("--workspace", "-w", help=help_text("cli.opt.workspace_gpkg_or_url"))
    ],
    week: Annotated[str, typer.Option(help=help_text("cli.opt.week"))],
    out: Annotated[Path, typer.Option(help=help_text("cli.opt.plan.out"))],
    roster: Annotated[Path | None, typer.Option(help=help_text("cli.opt.roster"))] = None,
    duties: Annotated[Path | None, typer.Option(help=help_text("cli.opt.duties"))] = None,
    seed: Annotated[int, typer.Option(help=help_text("cli.opt.plan.seed"))] = 0,
    inspector: Annotated[
        list[str] | None, typer.Option("--inspector", help=help_text("cli.opt.inspector"))
    ] = None,
    mode_speed: Annotated[
        float, typer.Option("--bike-kmh", help=help_text("cli.opt.bike_kmh"))
    ] = 15.0,
    publish: Annotated[bool, typer.Option(help=help_text("cli.opt.publish"))] = False,
    by: Annotated[str, typer.Option(help=help_text("cli.opt.plan.by"))] = "chef",
    briefings: Annotated[bool, typer.Option(help=help_text("cli.opt.briefings"))] = True,
    forecast: Annotated[
        bool,
        typer.Option(help=help_text("cli.opt.forecast")),
    ] = False,
    lang: LangOption = "nl",
) -> None:
    """Make the week's presence plan: slots per shift with place, time, dwell and reason."""
    started = time.perf_counter()
    try:
        ws = open_workspace(workspace)
        settings = PlanSettings(speed_bike_m_per_min=mode_speed * 1000 / 60)
        result = planning_service.make_week_plan(
            ws,
            week,
            user=by,
            roster_path=roster,
            duties_path=duties,
            seed=seed,
            settings=settings,
            inspectors=inspector,
            use_forecast=forecast,
            lang=lang,
        )
        planned = time.perf_counter() - started
        version = None
        if publish:
            version = planning_service.store.publish_plan(ws, result.plan_id, user=by)
        files = planning_service.export_week(
            ws, result.plan_id, out, briefings=briefings, lang=lang
        )
    except WijkradarError as error:
        _fail(error, lang)
    plan = result.plan
    if ws.is_synthetic():
        console.print(f"[yellow]{escape(message('report.synthetic', lang))}[/yellow]")
    state = (
        message("plan.cli.published", lang, version=version)
        if version
        else message("plan.cli.draft", lang)
    )
    summary = message(
        "plan.cli.summary", lang, week=week, state=state, plan_id=result.plan_id,
        method=plan.method, seed=seed, seconds=f"{planned:.1f}".replace(".", ","),
    )  # fmt: skip
    console.print(escape(summary))
    table = Table(
        message("plan.col.inspector", lang),
        message("plan.cli.col.shifts", lang),
        message("plan.col.slots", lang),
        *(
            message(f"plan.cli.col.{c}", lang)
            for c in ("duties", "hotspot_minutes", "travel_minutes", "free_minutes", "pool")
        ),
    )
    for name, part in plan.shifts.groupby("inspector"):
        slots = plan.slots[plan.slots["inspector"] == name]
        table.add_row(
            str(name),
            str(len(part)),
            str(len(slots)),
            str(int((slots["kind"] == "duty").sum())),
            str(int(part["hotspot_minutes"].sum())),
            str(int(part["travel_minutes"].sum())),
            str(int(part["free_minutes"].sum())),
            message(f"plan.cli.pool.{part['pool'].iloc[0]}", lang),
        )
    console.print(table)
    flagged = result.fairness[result.fairness["flag"] != ""]
    if len(flagged):
        sheet = message("report.sheet.wijken", lang)
        console.print(escape(message("plan.cli.flagged", lang, n=len(flagged), sheet=sheet)))
        for row in flagged.head(8).itertuples():
            line = message(
                "plan.cli.flag_line", lang, name=row.name,
                minutes=f"{row.minutes_share * 100:.0f}", harm=f"{row.harm_share * 100:.0f}",
                flag=message(f"plan.flag.{row.flag}", lang),
            )  # fmt: skip
            console.print("  " + escape(line))
    for note in plan.notes:
        console.print(escape(message("plan.cli.note", lang, note=note)))
    if len(plan.uncovered):
        console.print(message("plan.cli.uncovered", lang, n=len(plan.uncovered)))
    console.print(escape(message("plan.cli.files", lang, n=len(files), out=out)))


def report_command(
    workspace: Annotated[
        str, typer.Option("--workspace", "-w", help=help_text("cli.opt.workspace_gpkg_or_url"))
    ],
    month: Annotated[str, typer.Option(help=help_text("cli.opt.report.month"))],
    out: Annotated[Path, typer.Option(help=help_text("cli.opt.pdf_file"))],
    zone: Annotated[str | None, typer.Option(help=help_text("cli.opt.report.zone"))] = None,
    lang: LangOption = "nl",
) -> None:
    """Write the monthly wijk report (incidents, trends, hotspots, presence done) as PDF."""
    try:
        path = planning_service.monthly_report(
            open_workspace(workspace), month, out, zone=zone, lang=lang
        )
    except WijkradarError as error:
        _fail(error, lang)
    console.print(escape(message("plan.cli.report", lang, path=path)))


def demo_followup_command(
    workspace: Annotated[
        str, typer.Option("--workspace", "-w", help=help_text("cli.opt.workspace_gpkg_or_url"))
    ],
    weeks: Annotated[int, typer.Option(help=help_text("cli.opt.weeks"))] = 6,
    end: Annotated[str | None, typer.Option(help=help_text("cli.opt.end_date"))] = None,
    seed: Annotated[int, typer.Option(help=help_text("cli.opt.seed"))] = 0,
) -> None:
    """Fill a DEMO workspace with SYNTHETIC published plans and outcomes of past weeks."""
    try:
        ws = open_workspace(workspace)
        if not ws.is_synthetic():
            raise WijkradarError("demo-opvolging works only on a synthetic (demo) workspace")
        when = pd.Timestamp(end) if end else pd.Timestamp.now()
        filled = planning_service.add_demo_history(ws, weeks=weeks, end=when, seed=seed)
    except WijkradarError as error:
        _fail(error)
    console.print(f"[yellow]SYNTHETISCH[/yellow] — plannen en opvolging voor {', '.join(filled)}")


def register(app: typer.Typer) -> None:
    """Add ``plan``, ``wijkrapport`` and ``demo-opvolging`` to the command line."""
    app.command("plan", help=help_text("cli.help.plan"))(plan_command)
    app.command("wijkrapport", help=help_text("cli.help.wijkrapport"))(report_command)
    app.command("demo-opvolging", help=help_text("cli.help.demo-opvolging"))(demo_followup_command)
