"""``wijkradar plan`` and ``wijkradar wijkrapport``: the presence planner on the command line.

Registered on the main app by :func:`register` (one line in :mod:`wijkradar.cli`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table

from gis.errors import WijkradarError
from gis.io_backends import open_workspace
from gis.planning import PlanSettings
from wijkradar import planning_service
from wijkradar.cli_common import console
from wijkradar.cli_common import fail as _fail


def plan_command(
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Werkruimte (.gpkg of URL).")],
    week: Annotated[str, typer.Option(help="ISO-week, bv. 2026-W49.")],
    out: Annotated[Path, typer.Option(help="Map voor weekplan (Excel) en briefings (PDF).")],
    roster: Annotated[
        Path | None, typer.Option(help="Dienstrooster (CSV/XLSX) om eerst in te lezen.")
    ] = None,
    duties: Annotated[Path | None, typer.Option(help="Vaste taken (CSV/XLSX).")] = None,
    seed: Annotated[int, typer.Option(help="Toevalszaad voor onvoorspelbare tijden.")] = 0,
    inspector: Annotated[
        list[str] | None, typer.Option("--inspector", help="Enkel deze inspecteur(s).")
    ] = None,
    mode_speed: Annotated[float, typer.Option("--bike-kmh", help="Fietssnelheid km/u.")] = 15.0,
    publish: Annotated[bool, typer.Option(help="Publiceer het plan meteen.")] = False,
    by: Annotated[str, typer.Option(help="Wie maakt/publiceert het plan.")] = "chef",
    briefings: Annotated[bool, typer.Option(help="Schrijf een PDF per dienst.")] = True,
    forecast: Annotated[
        bool,
        typer.Option(
            help="Gebruik de forecast (gis.forecast, met betrouwbaarheidstoets; "
            "traag) in plaats van de snelle basislijn."
        ),
    ] = False,
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
        )
        planned = time.perf_counter() - started
        version = None
        if publish:
            version = planning_service.store.publish_plan(ws, result.plan_id, user=by)
        files = planning_service.export_week(ws, result.plan_id, out, briefings=briefings)
    except WijkradarError as error:
        _fail(error)
    plan = result.plan
    if ws.is_synthetic():
        console.print("[yellow]SYNTHETISCHE DEMODATA[/yellow]")
    state = f"gepubliceerd als versie {version}" if version else "ontwerp (nog niet gepubliceerd)"
    console.print(
        f"[bold]Plan {week}[/bold] — {state} · id {result.plan_id} · methode {plan.method} · "
        f"seed {seed} · {planned:.1f} s"
    )
    table = Table(
        "inspecteur",
        "diensten",
        "momenten",
        "vaste taken",
        "hotspot-min",
        "reis-min",
        "vrije straat-min",
        "plaatsen",
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
            {"own": "eigen wijk", "neighbour": "buurwijk", "none": "geen"}[part["pool"].iloc[0]],
        )
    console.print(table)
    flagged = result.fairness[result.fairness["flag"] != ""]
    if len(flagged):
        console.print(
            f"[bold]{len(flagged)} wijken buiten 0,5–2 × hun aandeel in de gemelde schade"
            "[/bold] (alle wijken: blad 'Wijken' van het weekplan):"
        )
        for row in flagged.head(8).itertuples():
            console.print(
                f"  {row.name}: {row.minutes_share:.0%} van de minuten, {row.harm_share:.0%} van "
                f"de schade → {row.flag}"
            )
    for note in plan.notes:
        console.print(f"[yellow]let op:[/yellow] {note}")
    if len(plan.uncovered):
        console.print(f"niet gedekt: {len(plan.uncovered)} vaste taken")
    console.print(f"{len(files)} bestanden in {out}")


def report_command(
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Werkruimte (.gpkg of URL).")],
    month: Annotated[str, typer.Option(help="Maand, bv. 2026-11.")],
    out: Annotated[Path, typer.Option(help="PDF-bestand.")],
    zone: Annotated[str | None, typer.Option(help="Zonecode (standaard de eerste).")] = None,
) -> None:
    """Write the monthly wijk report (incidents, trends, hotspots, presence done) as PDF."""
    try:
        path = planning_service.monthly_report(open_workspace(workspace), month, out, zone=zone)
    except WijkradarError as error:
        _fail(error)
    console.print(f"wijkrapport: {path}")


def demo_followup_command(
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Werkruimte (.gpkg of URL).")],
    weeks: Annotated[int, typer.Option(help="Aantal weken terug.")] = 6,
    end: Annotated[
        str | None, typer.Option(help="Einddatum (jjjj-mm-dd), standaard vandaag.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Toevalszaad.")] = 0,
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
    app.command("plan")(plan_command)
    app.command("wijkrapport")(report_command)
    app.command("demo-opvolging")(demo_followup_command)
