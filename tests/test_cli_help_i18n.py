"""The command line's ``--help`` comes from the message catalogue (gis/i18n_cli.py), in Dutch or,
with ``WIJKRADAR_LANG=fr``, in French; no hard-coded help text and no developer docstring."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from gis.i18n import message
from gis.i18n_cli import CLI_MESSAGES
from gis.signals import STATUSES
from wijkradar.cli import app
from wijkradar.cli_common import HELP_LANGUAGE, _help_language

ROOT = Path(__file__).resolve().parents[1]
TYPER_OWN = {"install_completion", "show_completion"}  # typer's completion options, in English
PLAN_KEYS = (
    "cli.help.plan",
    "cli.opt.week",
    "cli.opt.roster",
    "cli.opt.forecast",
    "cli.opt.workspace_gpkg_or_url",
)


def flat(text: str) -> str:
    """The output with rich's line wrapping and table borders undone."""
    return " ".join(text.replace("│", " ").split())


def _commands(command: object, path: str = "wijkradar") -> Iterator[tuple[str, object]]:
    """Every (where, help text) of ``command`` and its sub-commands: the command's own help and
    the help of each of its options and arguments."""
    yield path, command.help
    for param in command.params:
        if param.name in TYPER_OWN:
            continue
        text = getattr(param, "help", None)
        if text:
            yield f"{path} {param.name}", text
    for name, sub in getattr(command, "commands", {}).items():  # a group's sub-commands
        yield from _commands(sub, f"{path} {name}")


def _help(*args: str, lang: str | None) -> str:
    """``wijkradar ARGS`` in a fresh interpreter (the help language is read at import)."""
    env = {k: v for k, v in os.environ.items() if k != "WIJKRADAR_LANG"}
    env["COLUMNS"] = "200"
    if lang is not None:
        env["WIJKRADAR_LANG"] = lang
    code = "from wijkradar.cli import app; app(prog_name='wijkradar')"
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return flat(done.stdout)


def test_every_help_text_is_a_catalogue_sentence() -> None:
    assert HELP_LANGUAGE == "nl"  # the test run itself has no WIJKRADAR_LANG
    catalogue = {message(key, "nl") for key in CLI_MESSAGES}
    shown = dict(_commands(typer.main.get_command(app)))
    assert len(shown) > 100
    strays = {where: text for where, text in shown.items() if text not in catalogue}
    assert not strays, strays
    # and no catalogue sentence is left over from a removed option
    assert catalogue == set(shown.values())


def test_cli_keys_are_new_and_have_no_placeholders() -> None:
    assert all(key.startswith(("cli.help.", "cli.opt.")) for key in CLI_MESSAGES)
    assert all("{" not in text for entry in CLI_MESSAGES.values() for text in entry.values())


def test_status_help_names_every_status() -> None:
    for lang in ("nl", "fr"):
        text = message("cli.opt.status", lang)
        assert all(status in text for status in STATUSES), (lang, text)


def test_help_language_from_the_environment() -> None:
    assert _help_language(None) == "nl"
    assert _help_language("") == "nl"
    assert _help_language("fr") == "fr"
    assert _help_language(" FR ") == "fr"
    assert _help_language("fr_BE.UTF-8") == "fr"
    assert _help_language("nl-BE") == "nl"
    assert _help_language("de") == "nl"


@pytest.mark.parametrize("lang", [None, "nl", "de"])
def test_plan_help_is_dutch_by_default_and_for_an_unknown_language(lang: str | None) -> None:
    output = _help("plan", "--help", lang=lang)
    for key in PLAN_KEYS:
        assert message(key, "nl") in output, key
        assert message(key, "fr") not in output, key
    assert "Make the week's presence plan" not in output  # the docstring is not the help


def test_plan_help_is_french_with_wijkradar_lang_fr() -> None:
    output = _help("plan", "--help", lang="fr")
    for key in PLAN_KEYS:
        assert message(key, "fr") in output, key
        assert message(key, "nl") not in output, key
    assert message("cli.opt.lang", "fr") in output
    assert "Make the week's presence plan" not in output


def test_command_list_is_french_with_wijkradar_lang_fr() -> None:
    output = _help("--help", lang="fr")
    assert message("cli.help.wijkradar", "fr") in output
    assert message("cli.help.zone", "fr") in output
    assert message("cli.help.zone", "nl") not in output
