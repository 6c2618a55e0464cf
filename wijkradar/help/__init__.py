"""Help texts per role (``nl.md``, ``fr.md``), split into ``## `` sections."""

from __future__ import annotations

from pathlib import Path

from gis.errors import ValidationError
from gis.i18n import LANGUAGES

_HERE = Path(__file__).resolve().parent


def help_sections(lang: str = "nl") -> list[tuple[str, str]]:
    """Return the help as (title, markdown body) pairs, one per ``## `` section.

    Parameters
    ----------
    lang : {"nl", "fr"}

    Returns
    -------
    list of (str, str)
    """
    if lang not in LANGUAGES:
        raise ValidationError(f"lang={lang!r} is not supported; allowed: {', '.join(LANGUAGES)}")
    text = (_HERE / f"{lang}.md").read_text(encoding="utf-8")
    sections = []
    for chunk in text.split("\n## ")[0:]:
        chunk = chunk.removeprefix("## ").strip()
        if chunk:
            title, _, body = chunk.partition("\n")
            sections.append((title.strip(), body.strip()))
    return sections
