"""Help page: what each role can do, in the user's language."""

from __future__ import annotations

import streamlit as st

from wijkradar.help import help_sections
from wijkradar.ui import language_selector, page_title, t


def main() -> None:
    st.set_page_config(page_title=page_title("nav.help"), page_icon="❓", layout="wide")
    lang = language_selector()
    st.title(t("help.title"))
    for title, body in help_sections(lang):
        with st.expander(title, expanded=True):
            st.markdown(body)


main()
