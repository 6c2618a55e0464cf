"""Small Streamlit helpers shared by app.py and every page: language and translation.

The chosen language is kept under :data:`LANGUAGE_KEY` in ``st.session_state`` (a widget's own
state is dropped on pages that do not draw it), so every page speaks the same language.
"""

from __future__ import annotations

import streamlit as st

from gis.i18n import LANGUAGES, message

LANGUAGE_KEY = "language"
_WIDGET_KEY = "_language_widget"
_NAMES = {"nl": "Nederlands", "fr": "Français"}


def _remember_language() -> None:
    st.session_state[LANGUAGE_KEY] = st.session_state[_WIDGET_KEY]


def language_selector() -> str:
    """Draw the language choice in the sidebar and return the chosen language code."""
    current = st.session_state.get(LANGUAGE_KEY, "nl")
    st.session_state[_WIDGET_KEY] = current
    st.sidebar.selectbox(
        message("ui.language", "nl") + " / " + message("ui.language", "fr"),
        LANGUAGES,
        key=_WIDGET_KEY,
        format_func=_NAMES.__getitem__,
        on_change=_remember_language,
    )
    return st.session_state.get(LANGUAGE_KEY, current)


def t(key: str, **values: object) -> str:
    """Translate ``key`` into the language chosen in the sidebar (nl-BE by default)."""
    return message(key, st.session_state.get(LANGUAGE_KEY, "nl"), **values)


def belgian_number(value: float, decimals: int = 0) -> str:
    """Format a number the Belgian way: ``12.345,6``."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
