"""``wijkradar signals …``: bulk work on the signals of a workspace (import, export, hand-over
lists per service, the service table, counts per wijk). Same functions as the app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from gis.errors import WijkradarError
from gis.i18n import message
from gis.io_signals import SignalStore
from gis.io_workspace import GeoPackageWorkspace
from gis.roster import parse_month
from gis.safety import neutralise_formulas
from wijkradar import signal_services
from wijkradar.cli_common import LangOption, console, help_text
from wijkradar.cli_common import fail as _fail

signals_app = typer.Typer(
    help=help_text("cli.help.signals"),
    no_args_is_help=True,
)

WorkspaceOption = Annotated[
    Path, typer.Option("--workspace", "-w", help=help_text("cli.opt.workspace_gpkg"))
]


def register(app: typer.Typer) -> None:
    """Add ``signals`` to the main command line."""
    app.add_typer(signals_app, name="signals")


def _workspace(path: Path, lang: str = "nl") -> GeoPackageWorkspace:
    workspace = GeoPackageWorkspace(path)
    if not workspace.path.is_file():
        _fail(FileNotFoundError(message("signal.cli.no_workspace", lang, path=path)), lang)
    return workspace


@signals_app.command("import", help=help_text("cli.help.signals.import"))
def import_command(
    file: Annotated[Path, typer.Argument(help=help_text("cli.opt.signals.file"))],
    workspace: WorkspaceOption,
    by: Annotated[str, typer.Option(help=help_text("cli.opt.signals.by"))] = "import",
    crs: Annotated[str | None, typer.Option(help=help_text("cli.opt.signals.crs"))] = None,
    rejects: Annotated[Path | None, typer.Option(help=help_text("cli.opt.rejects"))] = None,
    lang: LangOption = "nl",
) -> None:
    """Import signals (type, x/y or lat/lon, description, date, …); bad rows are listed."""
    try:
        outcome = signal_services.import_signal_file(
            file, _workspace(workspace, lang), reported_by=by, crs=crs, lang=lang
        )
    except WijkradarError as error:
        _fail(error, lang)
    console.print(outcome.summary(lang))
    if len(outcome.rejects):
        headers = {c: message(f"report.{c}", lang) for c in ("row", "field", "value", "reason")}
        table = Table(*headers.values())
        for row in outcome.rejects.head(50).itertuples():
            table.add_row(str(row.row), row.field, escape(row.value), escape(row.reason))
        console.print(table)
        if rejects is not None:
            neutralise_formulas(outcome.rejects.rename(columns=headers)).to_csv(
                rejects, sep=";", index=False, encoding="utf-8-sig"
            )
            console.print(message("signal.cli.rejects_written", lang, path=escape(str(rejects))))


@signals_app.command("export", help=help_text("cli.help.signals.export"))
def export_command(
    out: Annotated[Path, typer.Argument(help=help_text("cli.opt.signals.out"))],
    workspace: WorkspaceOption,
    status: Annotated[
        list[str] | None, typer.Option("--status", help=help_text("cli.opt.status"))
    ] = None,
    lang: LangOption = "nl",
) -> None:
    """Export the signals to CSV (formulas neutralised) or a GeoPackage layer."""
    try:
        rows = signal_services.export_signals(_workspace(workspace, lang), out, statuses=status)
    except WijkradarError as error:
        _fail(error, lang)
    console.print(message("signal.cli.exported", lang, rows=rows, path=escape(str(out))))


@signals_app.command("handover", help=help_text("cli.help.signals.handover"))
def handover_command(
    workspace: WorkspaceOption,
    service: Annotated[str, typer.Option("--service", help=help_text("cli.opt.service"))],
    by: Annotated[str, typer.Option("--by", help=help_text("cli.opt.handover.by"))],
    out: Annotated[Path, typer.Option("--out", help=help_text("cli.opt.handover.out"))] = Path("."),
    sender: Annotated[str, typer.Option(help=help_text("cli.opt.sender"))] = "",
    reminders: Annotated[
        bool, typer.Option("--reminders/--no-reminders", help=help_text("cli.opt.reminders"))
    ] = True,
    mark: Annotated[bool, typer.Option("--mark/--no-mark", help=help_text("cli.opt.mark"))] = True,
    lang: LangOption = "nl",
) -> None:
    """Make the hand-over list of one service (PDF + CSV) and record it; no e-mail is sent."""
    try:
        made = signal_services.make_handover(
            _workspace(workspace, lang),
            service,
            by=by,
            sender=sender,
            reminders=reminders,
            mark=mark,
            lang=lang,
        )
    except WijkradarError as error:
        _fail(error, lang)
    out.mkdir(parents=True, exist_ok=True)
    (out / made.pdf_name).write_bytes(made.pdf)
    (out / made.csv_name).write_bytes(made.csv)
    done = message(
        "signal.cli.handover_done",
        lang,
        count=made.count,
        service=escape(made.service),
        marked=made.marked,
    )
    console.print(f"{done}\n{escape(str(out / made.pdf_name))}\n{escape(str(out / made.csv_name))}")


@signals_app.command("services", help=help_text("cli.help.signals.services"))
def services_command(
    workspace: WorkspaceOption,
    file: Annotated[Path | None, typer.Argument(help=help_text("cli.opt.services.file"))] = None,
    lang: LangOption = "nl",
) -> None:
    """Show the responsible services, or replace them from a CSV/XLSX file."""
    try:
        ws = _workspace(workspace, lang)
        if file is not None:
            signal_services.import_services_file(file, ws)
        services = SignalStore(ws).services()
        work = signal_services.services_with_work(ws)
    except WijkradarError as error:
        _fail(error, lang)
    table = Table(
        message("signal.col.type", lang),
        message("signal.cli.col.nis", lang),
        message("signal.col.service", lang),
        message("signal.settings.col.contact", lang),
    )
    for row in services.itertuples():
        table.add_row(row.type, row.nis, escape(row.service), escape(row.contact))
    console.print(table)
    todo = work[(work["new"] + work["open"]) > 0]
    if len(todo):
        table = Table(
            message("signal.col.service", lang),
            message("signal.cli.col.new", lang),
            message("signal.cli.col.open", lang),
        )
        for row in todo.itertuples():
            service = escape(row.service) or message("signal.cli.no_service", lang)
            table.add_row(service, str(row.new), str(row.open))
        console.print(table)


@signals_app.command("counts", help=help_text("cli.help.signals.counts"))
def counts_command(
    workspace: WorkspaceOption,
    month: Annotated[str, typer.Option(help=help_text("cli.opt.counts.month"))] = "",
    lang: LangOption = "nl",
) -> None:
    """Signal counts per wijk for a month (the block of the monthly wijk report)."""
    try:
        start = (
            parse_month(month)
            if month
            else (pd.Timestamp.now().normalize().replace(day=1) - pd.DateOffset(months=1))
        )
        end = start + pd.DateOffset(months=1)
        counts = signal_services.signal_counts_for_report(
            _workspace(workspace, lang), start=start, end=end
        )
    except (WijkradarError, ValueError) as error:
        _fail(error, lang)
    columns = {
        "reported": "signal.cli.col.reported",
        "handed_over": "signal.cli.col.handed_over",
        "resolved": "signal.cli.col.resolved",
        "not_retained": "signal.cli.col.not_retained",
        "open": "signal.cli.col.open",
        "overdue": "signal.col.overdue",
    }
    table = Table(
        message("signal.col.wijk", lang), *(message(key, lang) for key in columns.values())
    )
    for wijk, row in counts.iterrows():
        if row.sum() == 0:
            continue
        table.add_row(str(wijk), *(str(row[c]) for c in columns))
    console.print(message("signal.cli.counts_title", lang, month=f"{start:%m/%Y}"))
    console.print(table)
