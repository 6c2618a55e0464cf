"""Read what an AppTest run sent to the browser beyond AppTest's own element lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest


def map_args(at: AppTest) -> dict:
    """What the app sends to the map component (streamlit-folium's arguments)."""

    def walk(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from walk(child)

    (component,) = [e for e in walk(at._tree) if e.type == "component_instance"]
    assert component.proto.component_name == "streamlit_folium.st_folium"
    return json.loads(component.proto.json_args)


def run_page(
    script: str,
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    login: str,
    *,
    timeout: float = 120,
    **state: object,
) -> AppTest:
    """Run ``script`` on ``workspace`` as demo user ``login``, with ``state`` in session state
    first; the run must raise nothing."""
    monkeypatch.setenv("WIJKRADAR_WORKSPACE", str(workspace))
    monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", login)
    at = AppTest.from_file(script, default_timeout=timeout)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    return at
