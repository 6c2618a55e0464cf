"""What every ``wijkradar`` command module shares: consoles, the progress bar, the error exit."""

from __future__ import annotations

import os
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


def _help_language(value: str | None) -> str:
    """``nl`` or ``fr`` from the value of ``WIJKRADAR_LANG`` (``fr``, ``FR``, ``fr-BE`` and
    ``fr_BE.UTF-8`` all mean French); unset, empty or unknown is Dutch."""
    code = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else "nl"


HELP_LANGUAGE: str = _help_language(os.environ.get("WIJKRADAR_LANG"))
"""Language of the command line's ``--help``: ``WIJKRADAR_LANG`` (``nl`` default, or ``fr``).

Typer reads the help texts when the command modules are imported, before any option is
parsed, so this is an environment variable and not ``--lang``."""


def help_text(key: str) -> str:
    """Return the help text ``key`` of the command line in :data:`HELP_LANGUAGE`.

    Parameters
    ----------
    key : str
        A ``cli.help.*`` (command) or ``cli.opt.*`` (option, argument) key of the message
        catalogue (:mod:`gis.i18n_cli`).

    Returns
    -------
    str
        The sentence in Dutch, or in French when ``WIJKRADAR_LANG=fr``.
    """
    return message(key, HELP_LANGUAGE)


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
        help=help_text("cli.opt.lang"),
        callback=_check_language,
    ),
]
"""The ``--lang`` option of every command that prints or writes text for people."""
