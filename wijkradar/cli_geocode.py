"""CLI commands of the offline geocoder: ``wijkradar gazetteer …`` and ``wijkradar geocode``.

Registered on the main app by :func:`register` (called from :mod:`wijkradar.cli`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gis.errors import WijkradarError
from gis.i18n import message
from gis.io_backends import open_workspace
from wijkradar import geocode_services
from wijkradar.cli_common import LangOption, console, help_text
from wijkradar.cli_common import fail as _fail
from wijkradar.cli_common import progress as _progress

gazetteer_app = typer.Typer(
    help=help_text("cli.help.gazetteer"),
    no_args_is_help=True,
)

WorkspaceOption = Annotated[
    str, typer.Option("--workspace", "-w", help=help_text("cli.opt.workspace_gpkg_or_postgresql"))
]


def print_levels(run: geocode_services.GeocodeRun, lang: str = "nl") -> None:
    """Print the count per geocoding level of a run."""
    console.print(message("geocode.summary", lang, rows=run.rows))
    table = Table(message("geocode.level", lang), message("geocode.count", lang))
    for level, count in run.levels.items():
        table.add_row(message(f"geocode.level.{level}", lang), str(int(count)))
    console.print(table)


@gazetteer_app.command("import", help=help_text("cli.help.gazetteer.import"))
def gazetteer_import(
    file: Annotated[Path, typer.Argument(help=help_text("cli.opt.gazetteer.file"))],
    workspace: WorkspaceOption,
    zone: Annotated[
        list[str] | None, typer.Option("--zone", "-z", help=help_text("cli.opt.gazetteer.zone"))
    ] = None,
    buffer: Annotated[float, typer.Option(help=help_text("cli.opt.buffer"))] = 500.0,
    geocode: Annotated[bool, typer.Option(help=help_text("cli.opt.gazetteer.geocode"))] = True,
    lang: LangOption = "nl",
) -> None:
    """Load BeST-Address or the Adressenregister into the workspace, clipped to its zone."""
    try:
        ws = open_workspace(workspace)
        with _progress() as bar:
            task = bar.add_task("gazetteer", total=1.0)
            outcome = geocode_services.import_gazetteer(
                file,
                ws,
                zones=zone,
                buffer_m=buffer,
                progress=lambda step, done: bar.update(task, description=step, completed=done),
            )
        console.print(
            message(
                "gazetteer.imported",
                lang,
                register=outcome.register,
                read=outcome.read,
                kept=outcome.kept,
                streets=outcome.streets,
            )
        )
        if geocode:
            with _progress() as bar:
                task = bar.add_task("geocode", total=1.0)
                run = geocode_services.geocode_workspace(
                    ws,
                    progress=lambda step, done: bar.update(task, description=step, completed=done),
                )
            if run.rows:
                print_levels(run, lang)
    except WijkradarError as error:
        _fail(error)


def geocode_command(
    workspace: WorkspaceOption,
    redo: Annotated[bool, typer.Option(help=help_text("cli.opt.redo"))] = False,
    lang: LangOption = "nl",
) -> None:
    """Geocode every incident with status to_geocode (and retry review rows against the
    corrections); print the count per level."""
    try:
        ws = open_workspace(workspace)
        with _progress() as bar:
            task = bar.add_task("geocode", total=1.0)
            run = geocode_services.geocode_workspace(
                ws,
                redo=redo,
                progress=lambda step, done: bar.update(task, description=step, completed=done),
            )
    except WijkradarError as error:
        _fail(error)
    print_levels(run, lang)


def register(app: typer.Typer) -> None:
    """Add ``gazetteer`` and ``geocode`` to the main command line."""
    app.add_typer(gazetteer_app, name="gazetteer")
    app.command("geocode", help=help_text("cli.help.geocode"))(geocode_command)
