"""Small Streamlit helpers shared by app.py and every page: language, translation and
Belgian number and date formats.

The chosen language is kept under :data:`LANGUAGE_KEY` in ``st.session_state`` (a widget's own
state is dropped on pages that do not draw it), so every page speaks the same language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from gis.i18n import LANGUAGES, error_message, message, weekday_names

LANGUAGE_KEY = "language"
_WIDGET_KEY = "_language_widget"
_NAMES = {"nl": "Nederlands", "fr": "Français"}


_TRANSLATED_KEY = "_translated_widgets"


def translated(key: str) -> str:
    """Mark the widget ``key`` as showing translated choices; return ``key``.

    Streamlit's browser side keeps a keyed selectbox's or multiselect's chosen labels as they
    were drawn: after a language switch it would go on showing "(alle)" or "Laatste 12
    maanden" to a French user. A switch re-sets each marked widget's value through the
    Session State API, which makes the browser show it again in the new language (the choice
    itself is kept).
    """
    st.session_state.setdefault(_TRANSLATED_KEY, set()).add(key)
    return key


def _remember_language() -> None:
    st.session_state[LANGUAGE_KEY] = st.session_state[_WIDGET_KEY]
    for key in st.session_state.get(_TRANSLATED_KEY, ()):
        if key in st.session_state:  # drawn on this page: show its choice in the new words
            st.session_state[key] = st.session_state[key]


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


def current_language() -> str:
    """The language chosen in the sidebar (``"nl"`` until one is chosen)."""
    return st.session_state.get(LANGUAGE_KEY, "nl")


def show_error(error: BaseException) -> None:
    """Show ``error`` to the user (``st.error``), in their language where it names a
    catalogue sentence (:func:`gis.i18n.error_message`)."""
    st.error(error_message(error, current_language()))


def page_title(nav_key: str | None = None) -> str:
    """The browser tab's title: ``wijkradar — <page name>`` in the user's language.

    Parameters
    ----------
    nav_key : str, optional
        The page's navigation key (``nav.planning`` …); None for the map page.

    Returns
    -------
    str
    """
    return "wijkradar" if nav_key is None else f"wijkradar — {t(nav_key)}"


def t(key: str, **values: object) -> str:
    """Translate ``key`` into the language chosen in the sidebar (nl-BE by default)."""
    return message(key, current_language(), **values)


def day_names(*, full: bool = False) -> tuple[str, ...]:
    """Weekday names (Monday first) in the language chosen in the sidebar."""
    return weekday_names(current_language(), full=full)


def belgian_number(value: float, decimals: int = 0) -> str:
    """Format a number the Belgian way: ``12.345,6``."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


STYLED_ROWS_MAX = 2_000
"""Tables up to this many rows get their numbers formatted on the server (exact Belgian
format); longer ones use the browser's locale, as formatting each cell in Python would
slow the page down."""


def belgian_styler(
    frame: pd.DataFrame | Styler, *, decimals: int = 1, plain: Sequence[str] = ()
) -> Styler:
    """Format a table the Belgian way: ``12.345,6`` and ``31/12/2026 14:05``.

    Parameters
    ----------
    frame : pandas.DataFrame or pandas.io.formats.style.Styler
        The table (a Styler keeps its colours).
    decimals : int, default 1
        Decimals of float columns (integer columns get none).
    plain : sequence of str
        Numeric columns shown without a thousands separator (years, codes).

    Returns
    -------
    pandas.io.formats.style.Styler
    """
    styler = frame.style if isinstance(frame, pd.DataFrame) else frame
    data = styler.data
    for column in data.columns:
        values = data[column]
        if pd.api.types.is_bool_dtype(values):
            continue
        if pd.api.types.is_datetime64_any_dtype(values):
            with_time = bool((values.dropna() != values.dropna().dt.normalize()).any())
            pattern = "%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y"
            styler = styler.format(
                lambda v, p=pattern: "" if pd.isna(v) else v.strftime(p), subset=[column]
            )
        elif pd.api.types.is_numeric_dtype(values):
            integer = pd.api.types.is_integer_dtype(values)
            styler = styler.format(
                precision=0 if integer else decimals,
                decimal=",",
                thousands="" if column in plain else ".",
                na_rep="",
                subset=[column],
            )
    return styler


def belgian_dataframe(
    frame: pd.DataFrame | Styler,
    *,
    decimals: int = 1,
    plain: Sequence[str] = (),
    **options: Any,
) -> None:
    """``st.dataframe`` with Belgian numbers and dates (see :func:`belgian_styler`).

    Up to :data:`STYLED_ROWS_MAX` rows the server formats every cell; longer tables format
    dates as dd/mm/jjjj and numbers in the browser's locale (nl-BE or fr-BE on a Belgian
    workstation).

    Parameters
    ----------
    frame : pandas.DataFrame or Styler
    decimals : int, default 1
    plain : sequence of str
        Numeric columns without thousands separator.
    **options
        Passed on to ``st.dataframe`` (``hide_index``, ``width``, ``key``…).
    """
    data = frame if isinstance(frame, pd.DataFrame) else frame.data
    if len(data) <= STYLED_ROWS_MAX:
        st.dataframe(belgian_styler(frame, decimals=decimals, plain=plain), **options)
        return
    config: dict[str, Any] = {}
    for column in data.columns:
        values = data[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            config[column] = st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm")
        elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            config[column] = st.column_config.NumberColumn(
                format="plain" if column in plain else "localized"
            )
    st.dataframe(frame, column_config=config | options.pop("column_config", {}), **options)


_TABLE_STYLES = [
    {"selector": "", "props": "border-collapse: collapse; font-size: 0.85rem; width: 100%;"},
    {"selector": "th, td", "props": "padding: 2px 6px; border-bottom: 1px solid #e6e6e6;"},
    {"selector": "th", "props": "text-align: left; font-weight: 600;"},
    {"selector": "td", "props": "text-align: right;"},
]


def belgian_table(
    frame: pd.DataFrame | Styler,
    *,
    decimals: int = 1,
    plain: Sequence[str] = (),
    hide_index: bool = True,
) -> None:
    """Draw :func:`belgian_table_html` with ``st.html``."""
    st.html(belgian_table_html(frame, decimals=decimals, plain=plain, hide_index=hide_index))


def belgian_table_html(
    frame: pd.DataFrame | Styler,
    *,
    decimals: int = 1,
    plain: Sequence[str] = (),
    hide_index: bool = True,
) -> str:
    """A small static table as plain HTML, with Belgian numbers and dates.

    For the tables next to the map: unlike ``st.table``/``st.dataframe`` it makes the
    browser load no Arrow decoder or table component, which on a slow police workstation
    delays the map by about half a second. Text is HTML-escaped; a Styler keeps its colours.

    Parameters
    ----------
    frame : pandas.DataFrame or Styler
    decimals : int, default 1
    plain : sequence of str
        Numeric columns without thousands separator.
    hide_index : bool, default True

    Returns
    -------
    str
        A ``<style>`` block and the ``<table>``.
    """
    styler = belgian_styler(frame, decimals=decimals, plain=plain)
    data = styler.data
    text = [
        c
        for c in data.columns
        if not pd.api.types.is_numeric_dtype(data[c])
        and not pd.api.types.is_datetime64_any_dtype(data[c])
    ]
    if text:
        styler = styler.format(escape="html", subset=text).set_properties(
            subset=text, **{"text-align": "left"}
        )
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    styler = styler.set_table_styles(_TABLE_STYLES).set_table_attributes('class="wijkradar-table"')
    if hide_index:
        styler = styler.hide(axis="index")
    return styler.to_html()
