"""Read back the HTML tables the app draws with ``wijkradar.ui.belgian_table`` (for tests)."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def belgian_value(text: str) -> float | str:
    """``"1.234,5"`` → 1234.5; anything that is not a Belgian number stays text."""
    number = text.replace(".", "").replace(",", ".")
    try:
        return float(number)
    except ValueError:
        return text


def read_table(body: str, *, index: bool = False) -> pd.DataFrame:
    """The cells of the first ``<table>`` in ``body`` (header row → columns), numbers parsed.

    With ``index`` the first column becomes the index (a table drawn with its index).
    """
    parser = _Cells()
    parser.feed(body)
    header, *rows = [r for r in parser.rows if r]
    frame = pd.DataFrame([[belgian_value(c) for c in r] for r in rows])
    if index:
        frame = frame.set_index(0)
        frame.index.name = None
        frame.columns = header[-frame.shape[1] :]
    else:
        frame.columns = header
    return frame
