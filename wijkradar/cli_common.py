"""What every ``wijkradar`` command module shares: consoles, the progress bar, the error exit."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

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


def fail(error: Exception) -> NoReturn:
    """Print ``error`` in plain text (no markup) after ``fout:`` and exit with code 2."""
    errors.print(f"[red]fout:[/red] {escape(str(error))}")
    raise typer.Exit(code=2)
