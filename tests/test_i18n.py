"""The message catalogue is complete: every sentence in nl-BE and fr-BE, same placeholders."""

from __future__ import annotations

import string

import pytest

from gis.errors import ValidationError
from gis.i18n import LANGUAGES, MESSAGES, message


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_in_every_language_with_the_same_placeholders(key: str) -> None:
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES), key
    assert all(entry[lang].strip() for lang in LANGUAGES), key
    assert _placeholders(entry["nl"]) == _placeholders(entry["fr"]), key


DUTCH_WORDS = (" het ", " van ", " een ", " niet ", " geen ", " voor ", " met ", " wijken ")


def test_french_is_not_a_copy_of_dutch() -> None:
    # some labels are the same in both languages ("Briefing (PDF)", "X (Lambert 72)"); a
    # sentence with Dutch words in the French column is a forgotten translation
    copied = [
        k
        for k, v in MESSAGES.items()
        if any(word in f" {v['fr'].lower()} " for word in DUTCH_WORDS)
    ]
    assert not copied, copied


def test_missing_value_and_unknown_key_are_named() -> None:
    with pytest.raises(ValidationError, match="needs the value 'count'"):
        message("import.outside_zone", "nl")
    with pytest.raises(ValidationError, match="no message 'nope'"):
        message("nope")
    with pytest.raises(ValidationError, match="allowed: nl, fr"):
        message("ui.title", "de")
