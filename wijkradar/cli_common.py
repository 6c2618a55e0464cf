"""What every ``wijkradar`` command module shares: consoles, the progress bar, the error exit."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from gis.i18n import LANGUAGES, error_message, message

console = Console()
"""Standard output: results."""
errors = Console(stderr=True)
"""Standard error: progress, warnings and errors."""


def progress() -> Progress:
    """A transient progress bar on standard error, for steps longer than a second."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    )


def fail(error: Exception, lang: str = "nl") -> NoReturn:
    """Print ``error`` in plain text (no markup) after ``fout:`` / ``erreur :`` and exit with
    code 2; an error naming a catalogue sentence is printed in ``lang``
    (:func:`gis.i18n.error_message`)."""
    label = message("cli.error", lang if lang in LANGUAGES else "nl")
    errors.print(f"[red]{label}[/red] {escape(error_message(error, lang))}")
    raise typer.Exit(code=2)


def _check_language(value: str) -> str:
    if value not in LANGUAGES:
        raise typer.BadParameter(f"{value!r} is geen taal; kies uit: {', '.join(LANGUAGES)}")
    return value


LangOption = Annotated[
    str,
    typer.Option(
        "--lang",
        help="Taal van de uitvoer: nl of fr / langue : nl ou fr.",
        callback=_check_language,
    ),
]
"""The ``--lang`` option of every command that prints or writes text for people."""
