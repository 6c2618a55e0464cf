"""Streamlit wiring of the signals shared by app.py and ``pages/5_Signalen.py``: the device
position component, the signal layer of a map, and who the viewer is."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from gis.access import User
from gis.errors import WijkradarError
from gis.i18n import message
from gis.io_workspace import GeoPackageWorkspace
from gis.schema import CRS
from gis.signals import (
    OPEN_STATUSES,
    STATUSES,
    SignalViewer,
    near_hotspots,
    type_labels,
    viewer_for,
)
from layers.maps import LayerLegend
from layers.signals import signal_layer, signal_legend
from wijkradar.signal_services import signal_overview

GEOLOCATION_DIR = Path(__file__).resolve().parent / "components" / "geolocation"
PARTNER_NIS_SETTING = "signals.partner_nis.{name}"
"""Access-store setting naming a partner's municipalities (comma-separated NIS codes), used
when the partner's user record lists no wijken."""


def device_position(label: str, *, key: str) -> dict | None:
    """Draw a button that asks the browser for the device position.

    A tiny custom component (``wijkradar/components/geolocation``, plain JavaScript, no
    network): the browser asks the user's permission; it answers only over https or on
    localhost.

    Returns
    -------
    dict or None
        ``{"lat", "lon", "accuracy", "at"}``, ``{"error", "at"}``, or None before the button
        was pressed.
    """
    import streamlit.components.v1 as components

    component = components.declare_component("device_position", path=str(GEOLOCATION_DIR))
    return component(label=label, key=key, default=None)


def to_lambert(lat: float, lon: float) -> tuple[float, float]:
    """WGS84 latitude/longitude → Lambert 72 (EPSG:31370) x, y."""
    point = gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs="EPSG:4326").to_crs(CRS)
    return float(point.x.iloc[0]), float(point.y.iloc[0])


def to_wgs84(x: float, y: float) -> tuple[float, float]:
    """Lambert 72 (EPSG:31370) x, y → WGS84 latitude, longitude."""
    point = gpd.GeoSeries(gpd.points_from_xy([x], [y]), crs=CRS).to_crs("EPSG:4326")
    return float(point.y.iloc[0]), float(point.x.iloc[0])


def signal_viewer(user: User, wijken: pd.DataFrame, settings: dict[str, str]) -> SignalViewer:
    """The :class:`gis.signals.SignalViewer` of a logged-in user.

    A partner sees the municipalities of the wijken on their user record or, failing those,
    the NIS codes of the access-store setting ``signals.partner_nis.<name>``; without either
    they see nothing.
    """
    setting = settings.get(PARTNER_NIS_SETTING.format(name=user.name), "")
    partner_nis = [n.strip() for n in setting.split(",") if n.strip()]
    return viewer_for(
        user.role.value,
        wijken=user.wijken,
        neighbours=user.neighbours,
        wijk_layer=wijken,
        partner_nis=partner_nis,
    )


def signal_group(
    shown: gpd.GeoDataFrame, types: pd.DataFrame, *, lang: str
) -> tuple[folium.FeatureGroup, list[tuple[str, str]]] | None:
    """The map layer of some signals (already filtered) and its legend entries.

    Parameters
    ----------
    shown : geopandas.GeoDataFrame
        Signals as :func:`wijkradar.signal_services.signal_overview` returns them.
    types : pandas.DataFrame
        The signal types (``code``, ``colour``, labels).
    lang : str
        ``nl`` or ``fr``.

    Returns
    -------
    (folium.FeatureGroup, list of (colour, text)) or None
        None when there is no signal to show.
    """
    if shown.empty:
        return None
    labels = type_labels(types, lang)
    colours = dict(zip(types["code"], types["colour"], strict=True))
    statuses = {s: message(f"signal.status.{s}", lang) for s in STATUSES}
    tooltip = {
        "type": message("signal.col.type", lang),
        "status": message("signal.col.status", lang),
        "reported_at": message("signal.col.reported_at", lang),
        "description": message("signal.col.description", lang),
        "overdue": message("signal.col.overdue", lang),
        "near_hotspot": message("signal.col.near_hotspot", lang),
        "yes": message("signal.yes", lang),
        "no": message("signal.no", lang),
    }
    group = signal_layer(
        gpd.GeoDataFrame(shown, crs=CRS),
        name=message("signal.layer", lang),
        type_labels=labels,
        colours=colours,
        status_labels=statuses,
        labels=tooltip,
    )
    legend = signal_legend(
        sorted(shown["type"].unique()),
        type_labels=labels,
        colours=colours,
        overdue_text=message("signal.legend_overdue", lang),
        hotspot_text=message("signal.legend_hotspot", lang),
    )
    return group, legend


def add_signal_layer(
    fmap: folium.Map,
    workspace: object,
    *,
    viewer: SignalViewer,
    lang: str,
    top_cells: gpd.GeoDataFrame | None = None,
    open_only: bool = True,
    only_ids: set[str] | None = None,
    nis: Sequence[str] | None = None,
    wijken: Sequence[str] | None = None,
) -> list[tuple[str, str]]:
    """Add the signals ``viewer`` may see to ``fmap`` (beside the hotspots) and return legend
    entries for :class:`layers.maps.LayerLegend` (empty when there are none).

    Signals within 150 m of a top hotspot cell (``top_cells``) are ringed black, overdue
    ones red. Workspaces other than GeoPackage have no signals yet: nothing is added.
    """
    if not isinstance(workspace, GeoPackageWorkspace):
        return []
    from gis.io_signals import SignalStore

    try:
        shown = signal_overview(workspace, viewer=viewer, top_cells=top_cells)
        types = SignalStore(workspace).types()
    except WijkradarError:
        return []
    shown = _filtered(shown, open_only=open_only, only_ids=only_ids, nis=nis, wijken=wijken)
    made = signal_group(shown, types, lang=lang)
    if made is None:
        return []
    made[0].add_to(fmap)
    return made[1]


def _filtered(
    shown: gpd.GeoDataFrame,
    *,
    open_only: bool = True,
    only_ids: set[str] | None = None,
    nis: Sequence[str] | None = None,
    wijken: Sequence[str] | None = None,
) -> gpd.GeoDataFrame:
    if open_only:
        shown = shown[shown["status"].isin(OPEN_STATUSES)]
    if only_ids is not None:
        shown = shown[shown["signal_id"].isin(only_ids)]
    if nis is not None:
        shown = shown[shown["nis"].isin(list(nis))]
    if wijken is not None:
        shown = shown[shown["wijk"].isin(list(wijken))]
    return shown


@st.cache_data(show_spinner=False, max_entries=16)
def _user_signals(
    location: str, version: float, user_name: str, as_of: str
) -> tuple[gpd.GeoDataFrame, pd.DataFrame] | None:
    """The open signals ``user_name`` may see, with ``overdue`` as of ``as_of``, and the types
    (cached per workspace version, user and hour)."""
    from gis.io_backends import access_store_for, open_workspace
    from gis.io_signals import SignalStore

    workspace = open_workspace(location)
    if not isinstance(workspace, GeoPackageWorkspace):
        return None  # other backends have no signals yet
    store = access_store_for(workspace)
    user = store.user(user_name)
    if user is None:
        return None
    viewer = signal_viewer(user, workspace.areas("wijken"), store.settings())
    try:
        shown = signal_overview(workspace, viewer=viewer, now=pd.Timestamp(as_of))
        types = SignalStore(workspace).types()
    except WijkradarError:
        return None
    return _filtered(shown), types


def main_map_signals(
    location: str,
    version: float,
    user_name: str,
    *,
    as_of: str,
    top_cells: gpd.GeoDataFrame | None,
    wijken: Sequence[str],
    title: str,
    lang: str,
) -> folium.FeatureGroup | None:
    """The open signals ``user_name`` may see in ``wijken``, as a map layer with its own
    legend (:class:`layers.maps.LayerLegend`), for the main map (app.py's toggle).

    The signals are read once per workspace version, user and ``as_of`` time (Streamlit
    cache); per selection only the wijk filter and the hotspot flags (within 150 m of a
    ``top_cells`` cell: ringed black; overdue as of ``as_of``: red) are computed. None when
    there is nothing to show.
    """
    loaded = _user_signals(location, version, user_name, as_of)
    if loaded is None:
        return None
    signals, types = loaded
    shown = _filtered(signals, wijken=wijken)
    if top_cells is not None and len(shown):
        shown = shown.join(near_hotspots(shown, top_cells))
    made = signal_group(shown, types, lang=lang)
    if made is None:
        return None
    group, legend = made
    group.add_child(LayerLegend(title, legend, expanded=False))  # long: folded
    return group
