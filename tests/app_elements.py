"""Read what an AppTest run sent to the browser beyond AppTest's own element lists."""

from __future__ import annotations

import json

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
