"""CLI of users, exports per user and the audit log (registered in :mod:`wijkradar.cli`).

``wijkradar user add|remove|list``, ``wijkradar export --as NAME --what …`` and
``wijkradar audit list|export``. Workspaces are given as a path or a ``postgresql://`` URL.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from gis.access import Role
from gis.errors import WijkradarError
from gis.io_backends import access_store_for, open_workspace
from wijkradar import access_services
from wijkradar.cli_common import console, help_text
from wijkradar.cli_common import fail as _fail
from wijkradar.exports import EXPORTS, ExportOptions, write_export

user_app = typer.Typer(help=help_text("cli.help.user"), no_args_is_help=True)
audit_app = typer.Typer(help=help_text("cli.help.audit"), no_args_is_help=True)

WorkspaceLocation = Annotated[
    str, typer.Option("--workspace", "-w", help=help_text("cli.opt.workspace_location"))
]


def _operator() -> str:
    """Who runs the command on the server (recorded in the audit log of user changes)."""
    try:
        return f"os:{getpass.getuser()}"
    except (KeyError, OSError):
        return "os:?"


@user_app.command("add", help=help_text("cli.help.user.add"))
def user_add(
    name: Annotated[str, typer.Argument(help=help_text("cli.opt.user.name"))],
    role: Annotated[str, typer.Option("--role", help=help_text("cli.opt.role"))],
    workspace: WorkspaceLocation,
    wijk: Annotated[
        list[str] | None, typer.Option("--wijk", help=help_text("cli.opt.wijk"))
    ] = None,
    neighbour: Annotated[
        list[str] | None,
        typer.Option("--neighbour", help=help_text("cli.opt.neighbour")),
    ] = None,
    email: Annotated[str | None, typer.Option(help=help_text("cli.opt.email"))] = None,
    subject: Annotated[str | None, typer.Option(help=help_text("cli.opt.subject"))] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help=help_text("cli.opt.password_stdin"))
    ] = False,
) -> None:
    """Add or update a user (argon2-hashed password from stdin, or an OIDC mapping)."""
    if role not in {r.value for r in Role}:
        _fail(ValueError(f"onbekende rol {role!r}; kies uit {', '.join(r.value for r in Role)}"))
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = access_services.add_user(
            open_workspace(workspace),
            name,
            role,
            wijken=wijk or (),
            neighbours=neighbour or (),
            password=password,
            email=email,
            subject=subject,
            by=_operator(),
        )
    except (WijkradarError, ValueError) as error:
        _fail(error)
    console.print(f"gebruiker {user.name} ({user.role.value}) bewaard")


@user_app.command("remove", help=help_text("cli.help.user.remove"))
def user_remove(
    name: Annotated[str, typer.Argument(help=help_text("cli.opt.user.remove.name"))],
    workspace: WorkspaceLocation,
) -> None:
    """Remove a user (their audit records stay)."""
    try:
        access_services.remove_user(open_workspace(workspace), name, by=_operator())
    except WijkradarError as error:
        _fail(error)
    console.print(f"gebruiker {name} verwijderd")


@user_app.command("list", help=help_text("cli.help.user.list"))
def user_list(workspace: WorkspaceLocation) -> None:
    """List the users, their roles and wijken (never a password or hash)."""
    try:
        users = access_store_for(open_workspace(workspace)).users()
    except WijkradarError as error:
        _fail(error)
    table = Table("naam", "rol", "wijken", "buurwijken (lezen)", "e-mail (OIDC)", "demo")
    for user in users:
        table.add_row(
            escape(user.name),
            user.role.value,
            ", ".join(user.wijken),
            ", ".join(user.neighbours),
            escape(user.email or ""),
            "DEMO" if user.demo else "",
        )
    console.print(table)


def export_command(
    as_user: Annotated[str, typer.Option("--as", help=help_text("cli.opt.export.as"))],
    what: Annotated[str, typer.Option("--what", help=help_text("cli.opt.export.what"))],
    workspace: WorkspaceLocation,
    out: Annotated[Path, typer.Option("--out", help=help_text("cli.opt.export.out"))],
    start: Annotated[str | None, typer.Option(help=help_text("cli.opt.start_date"))] = None,
    end: Annotated[str | None, typer.Option(help=help_text("cli.opt.end_exclusive"))] = None,
    category: Annotated[
        list[str] | None, typer.Option("--category", help=help_text("cli.opt.category"))
    ] = None,
    level: Annotated[str, typer.Option(help=help_text("cli.opt.level"))] = "wijk",
    period: Annotated[str, typer.Option(help=help_text("cli.opt.period"))] = "month",
    cell_size: Annotated[float, typer.Option(help=help_text("cli.opt.cell_size"))] = 200.0,
    xlsx: Annotated[bool, typer.Option("--xlsx", help=help_text("cli.opt.xlsx"))] = False,
) -> None:
    """Write (GeoPackage + CSV) exactly what user --as may see; audited like a download."""
    if what not in EXPORTS:
        _fail(ValueError(f"--what {what!r} bestaat niet; kies uit {', '.join(EXPORTS)}"))
    options = ExportOptions(
        start=pd.Timestamp(start) if start else None,
        end=pd.Timestamp(end) if end else None,
        categories=tuple(category) if category else None,
        level=level,
        period=period,
        cell_size=cell_size,
    )
    try:
        session = access_services.session_as(workspace, as_user, client="cli")
        result = write_export(session, what, out, options, xlsx=xlsx)
    except (WijkradarError, ValueError) as error:
        _fail(error)
    for path in result.files:
        console.print(str(path))
    console.print(f"{result.rows} rijen · geregistreerd in het auditlogboek")


@audit_app.command("list", help=help_text("cli.help.audit.list"))
def audit_list(
    as_user: Annotated[str, typer.Option("--as", help=help_text("cli.opt.audit.as"))],
    workspace: WorkspaceLocation,
    user: Annotated[str | None, typer.Option(help=help_text("cli.opt.audit.user"))] = None,
    action: Annotated[str | None, typer.Option(help=help_text("cli.opt.audit.action"))] = None,
    last: Annotated[int, typer.Option(help=help_text("cli.opt.last"))] = 50,
) -> None:
    """Show the audit log (chef/admin); the reading itself is audited."""
    try:
        session = access_services.session_as(workspace, as_user, client="cli")
        frame = session.read_audit(user=user, action=action)
    except WijkradarError as error:
        _fail(error)
    table = Table("seq", "tijd (UTC)", "gebruiker", "rol", "actie", "wat", "filter", "rijen")
    for row in frame.tail(last).itertuples(index=False):
        table.add_row(
            str(row.seq),
            row.at[:19],
            escape(row.user),
            row.role,
            row.action,
            escape(row.what),
            escape(row.filters),
            str(row.rows),
        )
    console.print(table)


@audit_app.command("export", help=help_text("cli.help.audit.export"))
def audit_export(
    as_user: Annotated[str, typer.Option("--as", help=help_text("cli.opt.audit.as"))],
    workspace: WorkspaceLocation,
    out: Annotated[Path, typer.Option("--out", help=help_text("cli.opt.csv_file"))],
) -> None:
    """Write the whole audit log as CSV (chef/admin); audited."""
    try:
        session = access_services.session_as(workspace, as_user, client="cli")
        path = access_services.export_audit(session, out)
    except WijkradarError as error:
        _fail(error)
    console.print(str(path))


postgis_app = typer.Typer(help=help_text("cli.help.postgis"), no_args_is_help=True)


@postgis_app.command("create", help=help_text("cli.help.postgis.create"))
def postgis_create(
    url: Annotated[str, typer.Argument(help=help_text("cli.opt.postgis.url"))],
    zone: Annotated[list[str], typer.Option("--zone", "-z", help=help_text("cli.opt.zone"))],
) -> None:
    """Create an empty workspace in a PostGIS schema (password from ~/.pgpass or PGPASSWORD)."""
    from gis.io_backends import create_workspace
    from gis.io_geography import load_zone

    try:
        workspace = create_workspace(url, [load_zone(z) for z in zone])
    except WijkradarError as error:
        _fail(error)
    console.print(f"werkruimte aangemaakt: {escape(workspace.location)}")


@postgis_app.command("copy", help=help_text("cli.help.postgis.copy"))
def postgis_copy(
    source: Annotated[str, typer.Argument(help=help_text("cli.opt.postgis.source"))],
    url: Annotated[str, typer.Argument(help=help_text("cli.opt.postgis.target"))],
) -> None:
    """Copy a workspace (areas, incidents, import log, users) to a new PostGIS schema."""
    from gis.io_backends import copy_workspace

    try:
        workspace = copy_workspace(source, url)
    except WijkradarError as error:
        _fail(error)
    console.print(
        f"gekopieerd naar {escape(workspace.location)}: {len(workspace.incident_keys())} incidenten"
    )


def register(app: typer.Typer) -> None:
    """Add ``user``, ``audit``, ``export`` and ``postgis`` to the main ``wijkradar`` app."""
    app.add_typer(user_app, name="user")
    app.add_typer(audit_app, name="audit")
    app.add_typer(postgis_app, name="postgis")
    app.command("export", help=help_text("cli.help.export"))(export_command)
