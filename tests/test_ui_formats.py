"""Belgian number and date formats of the app's tables, and the role-filtered navigation."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from html_tables import read_table
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from gis.access import Role
from gis.i18n import MESSAGES
from wijkradar.auth_ui import PAGES, page_roles
from wijkradar.ui import STYLED_ROWS_MAX, belgian_number, belgian_styler, belgian_table_html

REPO = Path(__file__).resolve().parents[1]


def _shown(styler) -> list[list[str]]:
    """The texts a browser gets for the table's cells (what st.dataframe/st.table show)."""
    rendered = styler._translate(False, False)  # pandas' own display values
    return [[cell["display_value"] for cell in row[1:]] for row in rendered["body"]]


def test_numbers_and_dates_are_belgian() -> None:
    frame = pd.DataFrame(
        {
            "count": [12345, 7],
            "share": [1234.56, 0.5],
            "day": pd.to_datetime(["2026-01-02", "2026-12-31"]),
            "at": pd.to_datetime(["2026-01-02 00:00", "2026-03-04 10:05"]),
            "year": [2026, 2025],
            "name": ["Asse", "Wemmel"],
            "late": [True, False],
        }
    )
    shown = _shown(belgian_styler(frame, plain=["year"]))
    assert shown[0] == ["12.345", "1.234,6", "02/01/2026", "02/01/2026 00:00", "2026", "Asse", True]
    assert shown[1] == ["7", "0,5", "31/12/2026", "04/03/2026 10:05", "2025", "Wemmel", False]


@pytest.mark.parametrize("decimals", [0, 1, 3])
def test_decimals_apply_to_floats_only(decimals: int) -> None:
    frame = pd.DataFrame({"n": [1000], "x": [0.123456]})
    (row,) = _shown(belgian_styler(frame, decimals=decimals))
    assert row[0] == "1.000"
    assert row[1] == f"{0.123456:.{decimals}f}".replace(".", ",")


def test_a_styled_table_keeps_its_colours() -> None:
    frame = pd.DataFrame({"a": [1.0, 5.0], "b": [3.0, 9.0]})
    styler = belgian_styler(frame.style.background_gradient(cmap="Reds", axis=None), decimals=0)
    styler._compute()
    assert styler.ctx, "the gradient's cell styles survive the formatting"
    assert _shown(styler) == [["1", "3"], ["5", "9"]]


def test_missing_values_show_empty() -> None:
    frame = pd.DataFrame({"x": [1.5, None], "d": pd.to_datetime(["2026-01-01", None])})
    assert _shown(belgian_styler(frame))[1] == ["", ""]


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 3))
def test_styler_and_belgian_number_agree(value: float, decimals: int) -> None:
    frame = pd.DataFrame({"x": [value]})
    (row,) = _shown(belgian_styler(frame, decimals=decimals))
    assert row[0] == belgian_number(value, decimals)


def test_every_page_is_in_the_navigation_table() -> None:
    files = {"app.py"} | {f"pages/{p.name}" for p in (REPO / "pages").glob("*.py")}
    assert set(PAGES) == files
    for key, roles in PAGES.values():
        assert key in MESSAGES and roles


@pytest.mark.parametrize(
    ("page", "allowed", "refused"),
    [
        ("pages/4_Planning.py", Role.CHEF, Role.INSPECTEUR),
        ("pages/8_Auditlog.py", Role.ADMIN, Role.PARTNER),
        ("pages/1_Importeren.py", Role.CHEF, Role.INSPECTEUR),
        ("app.py", Role.INSPECTEUR, Role.PARTNER),
    ],
)
def test_page_roles(page: str, allowed: Role, refused: Role) -> None:
    assert allowed in page_roles(page) and refused not in page_roles(page)


def test_html_table_escapes_text_and_formats_numbers() -> None:
    frame = pd.DataFrame(
        {"wijk": ["<script>alert(1)</script>", "Asse & co"], "n": [12345, 3], "x": [0.25, 1.0]}
    )
    body = belgian_table_html(frame.style.bar(subset=["x"], color="#fb6a4a"))
    assert "<script>" not in body and "&lt;script&gt;" in body and "Asse &amp; co" in body
    table = read_table(body)
    assert list(table.columns) == ["wijk", "n", "x"]
    assert table["n"].tolist() == [12345.0, 3.0] and table["x"].tolist() == [0.2, 1.0]
    assert ">12.345<" in body and ">0,2<" in body  # Belgian separators in the page itself
    assert "linear-gradient" in body  # the bar survives


def test_html_table_with_index_keeps_row_names() -> None:
    profile = pd.DataFrame([[1.4, 2.6]], index=["<ma>"], columns=[0, 1])
    body = belgian_table_html(profile, decimals=0, hide_index=False)
    assert "&lt;ma&gt;" in body
    table = read_table(body, index=True)
    assert table.loc["<ma>"].tolist() == [1.0, 3.0]


def _long_table_page() -> None:
    import pandas as pd

    from wijkradar.ui import STYLED_ROWS_MAX, belgian_dataframe

    rows = STYLED_ROWS_MAX + 1
    frame = pd.DataFrame(
        {
            "n": range(rows),
            "at": pd.date_range("2026-01-01", periods=rows, freq="h"),
            "year": 2026,
            "name": "Asse",
        }
    )
    belgian_dataframe(frame, plain=["year"], hide_index=True)


def test_a_long_table_formats_in_the_browser() -> None:
    at = AppTest.from_function(_long_table_page).run()
    assert not at.exception
    columns = json.loads(at.dataframe[0].proto.columns)
    assert columns["at"]["type_config"] == {"type": "datetime", "format": "DD/MM/YYYY HH:mm"}
    assert columns["n"]["type_config"]["format"] == "localized"
    assert columns["year"]["type_config"]["format"] == "plain"
    assert "name" not in columns  # text is shown as it is
    assert len(at.dataframe[0].value) == STYLED_ROWS_MAX + 1  # nothing cut off
