"""Shared fixtures of the test suite: the shipped zone geography, CSV writing, workspaces.

Keep fixtures here generic; a test module may override one with a fixture of the same name.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import streamlit
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from gis.io_geography import ZoneGeography, load_zone
from gis.io_workspace import GeoPackageWorkspace

WriteCsv = Callable[..., Path]
"""Signature of the ``write_csv`` fixture (see :func:`write_csv`)."""


@pytest.fixture(scope="session")
def amow() -> ZoneGeography:
    """The shipped geography of PZ AMOW (ipz31): Asse, Merchtem, Opwijk, Wemmel; 32 wijken."""
    return load_zone("ipz31")


@pytest.fixture(scope="session")
def herko() -> ZoneGeography:
    """The shipped geography of PZ HerKo (ipz51): Herent, Kortenberg."""
    return load_zone("ipz51")


def csv_text(rows: Sequence[Sequence[object]], *, delimiter: str = ";") -> str:
    """Join rows into CSV text without quoting (``None`` becomes an empty field)."""
    return "\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows)


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Return a function that writes a CSV file into ``tmp_path`` and returns its path.

    ``write_csv(rows, name="incidents.csv", *, encoding="utf-8", delimiter=";",
    newline="\\n", trailing_newline=True)``: ``rows`` is a sequence of rows (the header
    first; ``[]`` for a blank line) or ready-made text. Fields are joined as given, without
    quoting, so a test controls every byte.
    """

    def write(
        rows: Sequence[Sequence[object]] | str,
        name: str = "incidents.csv",
        *,
        encoding: str = "utf-8",
        delimiter: str = ";",
        newline: str = "\n",
        trailing_newline: bool = True,
    ) -> Path:
        text = rows if isinstance(rows, str) else csv_text(rows, delimiter=delimiter)
        text = text.replace("\r\n", "\n").replace("\n", newline)
        if trailing_newline and not text.endswith(newline):
            text += newline
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


@pytest.fixture(scope="session")
def empty_workspace_file(tmp_path_factory: pytest.TempPathFactory, amow: ZoneGeography) -> Path:
    """An empty ipz31 workspace made once with ``GeoPackageWorkspace.create``; do not write."""
    return GeoPackageWorkspace.create(tmp_path_factory.mktemp("template") / "ws.gpkg", [amow]).path


@pytest.fixture
def workspace(tmp_path: Path, empty_workspace_file: Path) -> GeoPackageWorkspace:
    """A new, empty GeoPackage workspace for ipz31 at ``tmp_path / "ws" / "ws.gpkg"``.

    A copy of :func:`empty_workspace_file` (creating one takes most of a second).
    """
    path = tmp_path / "ws" / "ws.gpkg"
    path.parent.mkdir()
    shutil.copyfile(empty_workspace_file, path)
    return GeoPackageWorkspace(path)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What the pages' download buttons would send, by file name (AppTest drops them)."""
    sent: dict[str, bytes] = {}
    keep = MemoryMediaFileStorage.load_and_get_id

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        if filename is not None and isinstance(path_or_data, bytes):
            sent[filename] = path_or_data
        return keep(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load_and_get_id)
    return sent


@pytest.fixture
def tab_titles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The browser tab title of every page run, in order."""
    titles: list[str] = []
    keep = streamlit.set_page_config

    def set_page_config(*args, **kwargs):
        titles.append(kwargs.get("page_title", args[0] if args else None))
        return keep(*args, **kwargs)

    monkeypatch.setattr(streamlit, "set_page_config", set_page_config)
    return titles
