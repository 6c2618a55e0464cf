"""Address review page (team chief): rows the geocoder would not place, and low scores.

Wiring only: the queue and the corrections come from :mod:`wijkradar.geocode_services`, the map
layer from :mod:`layers.review`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from gis.errors import WijkradarError
from gis.io_backends import is_postgres, open_workspace
from gis.io_gazetteer import has_gazetteer
from layers.offline import offline_map
from layers.review import review_layer, to_lambert72
from wijkradar import geocode_services
from wijkradar.auth_ui import page_roles, require_roles, require_user, workspace_version
from wijkradar.ui import belgian_dataframe, language_selector, show_error, t

DEFAULT_WORKSPACE = Path(__file__).resolve().parents[1] / "data" / "workspaces" / "demo.gpkg"


@st.cache_data(show_spinner=False)
def load_queue(path: str, modified: float) -> pd.DataFrame:
    """The review queue of the workspace (cached per file version)."""
    return geocode_services.review_queue(open_workspace(path))


def typed(row: pd.Series) -> str:
    """The address as it was typed, in one line."""
    number = " ".join(v for v in (row["number"], row["box"] and f"bus {row['box']}") if v)
    place = " ".join(v for v in (row["postcode"], row["municipality"]) if v)
    return ", ".join(v for v in (f"{row['street']} {number}".strip(), place) if v)


def candidate_label(candidate: dict[str, object]) -> str:
    return t(
        "review.candidate",
        name=candidate.get("name", ""),
        postcodes=candidate.get("postcodes", ""),
        level=t(f"geocode.level.{candidate.get('level', 'street')}"),
        score=float(candidate.get("score") or 0.0),
    )


def main() -> None:
    st.set_page_config(page_title=t("table.tab.review"), page_icon="📍", layout="wide")
    language_selector()
    st.title(t("review.title"))
    path = os.environ.get("WIJKRADAR_WORKSPACE", str(DEFAULT_WORKSPACE))
    if not is_postgres(path) and not Path(path).is_file():
        st.error(t("ui.no_workspace", path=path))
        st.stop()
    user = require_user(path)
    require_roles(user, page_roles("pages/2_Adressen_nakijken.py"))
    workspace = open_workspace(path)
    if not has_gazetteer(workspace):
        st.info(t("review.no_gazetteer", path=path))
        return
    st.caption(t("review.intro"))
    if "review_saved" in st.session_state:
        st.success(t("review.saved", rows=st.session_state.pop("review_saved")))
    queue = load_queue(path, workspace_version(path))
    if queue.empty:
        st.success(t("review.empty"))
        return
    st.metric(t("review.count", count=len(queue)), len(queue))
    overview = pd.DataFrame(
        {
            t("review.as_typed"): queue.apply(typed, axis=1),
            t("review.status"): queue["geocode_status"].map(lambda s: t(f"review.status.{s}")),
            t("review.score"): queue["score"].round(0),
            t("review.matched"): queue["matched_street"],
        }
    )
    belgian_dataframe(overview, hide_index=True, width="stretch", height=240)
    chosen = st.selectbox(
        t("review.row"),
        queue.index.tolist(),
        format_func=lambda i: f"{queue.at[i, 'id']} — {typed(queue.loc[i])}",
        key="review_row",
    )
    row = queue.loc[chosen]
    candidates = json.loads(row["candidates"] or "[]")
    current = None if pd.isna(row["x"]) else (float(row["x"]), float(row["y"]))
    left, right = st.columns([2, 3])
    correction: dict[str, object] | None = None
    with left:
        st.subheader(t("review.candidates"))
        if candidates:
            pick = st.radio(
                t("review.candidates"),
                list(range(len(candidates))),
                format_func=lambda i: f"{i + 1}. {candidate_label(candidates[i])}",
                label_visibility="collapsed",
                key=f"review_pick_{chosen}",
            )
            if st.button(t("review.choose"), type="primary", key="review_choose"):
                picked = candidates[pick]
                if picked.get("address_id"):
                    correction = {"address_id": str(picked["address_id"])}
                else:
                    correction = {"street_id": str(picked["street_id"])}
        else:
            st.info(t("review.no_candidates"))
    with right:
        fmap = offline_map(zoom_start=16)
        layer, bounds = review_layer(
            candidates,
            current,
            name=t("review.candidates"),
            labels=[candidate_label(c) for c in candidates],
            wijken=workspace.areas("wijken"),
        )
        layer.add_to(fmap)
        if bounds:
            fmap.fit_bounds(bounds)
        else:
            zones = workspace.areas("police_zones").to_crs("EPSG:4326").total_bounds
            fmap.fit_bounds([[zones[1], zones[0]], [zones[3], zones[2]]])
        st.caption(t("review.map_hint"))
        clicked = st_folium(
            fmap, key=f"review_map_{chosen}", height=420, returned_objects=["last_clicked"]
        )
        click = (clicked or {}).get("last_clicked")
        if click:
            x, y = to_lambert72(click["lat"], click["lng"])
            st.write(t("review.clicked", x=x, y=y))
            if st.button(t("review.use_click"), key="review_use_click"):
                correction = {"x": x, "y": y}
    if correction is not None:
        try:
            run = geocode_services.correct_address(
                workspace, row["raw_key"], by=user.name, **correction
            )
        except WijkradarError as error:
            show_error(error)
            return
        st.cache_data.clear()
        st.session_state["review_saved"] = run.rows
        st.rerun()


main()
