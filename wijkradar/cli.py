"""The ``wijkradar`` command line. Each command calls the same functions as the app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from gis.errors import WijkradarError
from gis.io_backends import create_workspace, open_workspace
from gis.io_geography import ATTRIBUTION, list_zones, load_zone
from gis.io_workspace import GeoPackageWorkspace
from wijkradar import cli_geocode, services
from wijkradar.access_services import DEMO_ACCOUNTS
from wijkradar.cli_backtest import register as register_backtest_commands
from wijkradar.cli_common import LangOption, console, errors, help_text
from wijkradar.cli_common import fail as _fail
from wijkradar.cli_common import progress as _progress
from wijkradar.cli_plan import register as register_plan_commands
from wijkradar.cli_signals import register as register_signal_commands
from wijkradar.cli_users import WorkspaceLocation
from wijkradar.cli_users import register as register_user_commands

app = typer.Typer(help=help_text("cli.help.wijkradar"), no_args_is_help=True)
zone_app = typer.Typer(help=help_text("cli.help.zone"), no_args_is_help=True)
workspace_app = typer.Typer(help=help_text("cli.help.workspace"), no_args_is_help=True)
app.add_typer(zone_app, name="zone")
app.add_typer(workspace_app, name="workspace")
cli_geocode.register(app)
register_user_commands(app)  # user, audit, export (wijkradar/cli_users.py)
register_plan_commands(app)  # plan, wijkrapport (wijkradar/cli_plan.py)
register_backtest_commands(app)  # backtest (wijkradar/cli_backtest.py)
register_signal_commands(app)  # signals (wijkradar/cli_signals.py)

WorkspaceOption = Annotated[
    Path, typer.Option("--workspace", "-w", help=help_text("cli.opt.workspace_gpkg"))
]


def _check_zones(codes: list[str]) -> None:
    """Stop with a Dutch message (exit code 2) when a code is not one of the shipped zones."""
    known = list_zones()["code"]
    unknown = [c for c in codes if c.strip().lower() not in set(known.str.lower())]
    if unknown:
        errors.print(
            f"[red]fout:[/red] onbekende politiezone {escape(repr(unknown[0]))}; kies een code "
            f"uit `wijkradar zone list`, bv. {', '.join(known.head(3))}"
        )
        raise typer.Exit(code=2)


@zone_app.command("list", help=help_text("cli.help.zone.list"))
def zone_list() -> None:
    """List the 107 police zones of Flanders and Brussels."""
    table = Table("code", "naam", "km²", "gemeenten")
    for row in list_zones().itertuples():
        table.add_row(row.code, row.name, f"{row.area_km2:.2f}", row.municipalities)
    console.print(table)
    console.print(ATTRIBUTION, style="dim")


@zone_app.command("show", help=help_text("cli.help.zone.show"))
def zone_show(code: str) -> None:
    """Show a zone's municipalities, deelgemeenten and wijken."""
    _check_zones([code])
    try:
        zone = load_zone(code)
    except WijkradarError as error:
        _fail(error)
    console.print(f"[bold]{zone.code} — {zone.name}[/bold]")
    console.print(f"oppervlakte: {zone.zone.geometry.area.sum() / 1e6:.2f} km²")
    console.print(
        f"{len(zone.municipalities)} gemeenten, {len(zone.deelgemeenten)} deelgemeenten, "
        f"{len(zone.wijken)} wijken"
    )
    table = Table("wijk", "naam", "gemeente (NIS)", "km²")
    for row in zone.wijken.itertuples():
        table.add_row(row.code, row.name, row.nis, f"{row.geometry.area / 1e6:.2f}")
    console.print(table)
    console.print(ATTRIBUTION, style="dim")


@zone_app.command("wijken", help=help_text("cli.help.zone.wijken"))
def zone_wijken(
    file: Annotated[Path, typer.Argument(help=help_text("cli.opt.zone.wijken.file"))],
    workspace: WorkspaceOption,
    layer: Annotated[str | None, typer.Option(help=help_text("cli.opt.layer"))] = None,
    code_column: Annotated[str | None, typer.Option(help=help_text("cli.opt.code_column"))] = None,
    name_column: Annotated[str | None, typer.Option(help=help_text("cli.opt.name_column"))] = None,
) -> None:
    """Replace the workspace's wijken with the zone's own polygons; report repairs, gaps and
    overlaps (m²)."""
    try:
        outcome = services.replace_wijken(
            file,
            GeoPackageWorkspace(workspace),
            layer=layer,
            code_column=code_column,
            name_column=name_column,
        )
    except WijkradarError as error:
        _fail(error)
    console.print(f"{len(outcome.wijken)} wijken opgeslagen; incidenten opnieuw toegewezen.")
    for row in outcome.repairs.itertuples():
        console.print(
            f"[yellow]hersteld/verwijderd:[/yellow] {row.code}: {row.problem} {row.detail}"
        )
    report = outcome.gaps_and_overlaps
    if len(report):
        table = Table("soort", "wijk a", "wijk b", "m²")
        for row in report.itertuples():
            kind = {"gap": "gat", "overlap": "overlap"}[row.kind]
            b = "" if pd.isna(row.wijk_b) else str(row.wijk_b)
            table.add_row(kind, str(row.wijk_a), b, f"{row.area_m2:,.0f}".replace(",", "."))
        console.print(table)
    else:
        console.print("geen gaten of overlappingen")


@workspace_app.command("create", help=help_text("cli.help.workspace.create"))
def workspace_create(
    workspace: WorkspaceLocation,
    zone: Annotated[list[str], typer.Option("--zone", "-z", help=help_text("cli.opt.zone"))],
) -> None:
    """Create an empty workspace (GeoPackage file or postgresql:// URL) for one or more zones."""
    _check_zones(zone)
    try:
        created = create_workspace(workspace, services.zone_geographies(zone))
    except WijkradarError as error:
        _fail(error)
    console.print(f"werkruimte aangemaakt: {escape(created.location)}")


@workspace_app.command("info", help=help_text("cli.help.workspace.info"))
def workspace_info(workspace: WorkspaceLocation) -> None:
    """Show a workspace's zones, incident count and import log."""
    try:
        ws = open_workspace(workspace)
        meta = ws.meta()
        log = ws.import_log()
        keys = ws.incident_keys()
    except WijkradarError as error:
        _fail(error)
    console.print(f"zones: {meta.get('zones')}  ·  incidenten: {len(keys)}")
    if meta.get("synthetic") == "true":
        console.print("[yellow]SYNTHETISCHE DEMODATA[/yellow]")
    table = Table(*log.columns)
    for row in log.itertuples(index=False):
        table.add_row(*[str(v) for v in row])
    console.print(table)


@app.command("import", help=help_text("cli.help.import"))
def import_command(
    file: Annotated[Path, typer.Argument(help=help_text("cli.opt.import.file"))],
    workspace: WorkspaceLocation,
    crs: Annotated[str | None, typer.Option(help=help_text("cli.opt.import.crs"))] = None,
    mapping: Annotated[Path | None, typer.Option(help=help_text("cli.opt.mapping"))] = None,
    source: Annotated[str, typer.Option(help=help_text("cli.opt.source"))] = "pv",
    zone: Annotated[
        list[str] | None, typer.Option("--zone", "-z", help=help_text("cli.opt.import.zone"))
    ] = None,
    lang: LangOption = "nl",
) -> None:
    """Import incidents from a CSV/XLSX file; rejected rows go to a report next to WS."""
    _check_zones(zone or [])
    try:
        ws = services.open_or_create_workspace(workspace, zone)
        with _progress() as bar:
            task = bar.add_task("import", total=1.0)
            outcome = services.import_file(
                file,
                ws,
                crs=crs,
                mapping_path=mapping,
                default_source=source,
                lang=lang,
                progress=lambda step, done: bar.update(task, description=step, completed=done),
            )
    except WijkradarError as error:
        _fail(error)
    for warning in outcome.result.warnings:
        errors.print(f"[yellow]let op:[/yellow] {warning}")
    console.print(outcome.summary(lang))
    if outcome.geocoding is not None and outcome.geocoding.rows:
        cli_geocode.print_levels(outcome.geocoding, lang)
    if outcome.reject_report:
        from gis.i18n import message

        console.print(message("import.reject_report", lang, path=outcome.reject_report))


@app.command("demo", help=help_text("cli.help.demo"))
def demo_command(
    workspace: WorkspaceOption,
    zone: Annotated[
        list[str], typer.Option("--zone", "-z", help=help_text("cli.opt.demo.zone"))
    ] = ["ipz31"],  # noqa: B006
    seed: Annotated[int, typer.Option(help=help_text("cli.opt.seed"))] = 0,
    years: Annotated[float, typer.Option(help=help_text("cli.opt.years"))] = 2.5,
    end: Annotated[str | None, typer.Option(help=help_text("cli.opt.end_date"))] = None,
) -> None:
    """Build a workspace with SYNTHETIC demo incidents for the given zone(s)."""
    _check_zones(zone)
    try:
        with _progress() as bar:
            task = bar.add_task("demo", total=1.0)
            outcome = services.build_demo(
                workspace,
                zone,
                seed=seed,
                years=years,
                end=end,
                progress=lambda step, done: bar.update(task, description=step, completed=done),
            )
    except WijkradarError as error:
        _fail(error)
    console.print("[yellow]SYNTHETISCHE DEMODATA[/yellow] — " + outcome.summary())
    console.print(f"werkruimte: {workspace}")
    console.print("[yellow]DEMO-gebruikers (enkel voor deze demowerkruimte):[/yellow]")
    for account in DEMO_ACCOUNTS:
        role, password = account.role.value, account.password
        console.print(f"  {account.name:<11} rol {role:<11} wachtwoord {password}")


def main() -> None:
    """Entry point of the ``wijkradar`` console script."""
    app()
