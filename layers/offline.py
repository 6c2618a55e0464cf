"""Folium maps that load nothing from the internet: every asset is served by the app itself.

folium 0.20 lists the JavaScript and CSS a map needs as ``(name, url)`` pairs in the
``default_js`` / ``default_css`` attributes of each ``JSCSSMixin`` element (the ``Map`` itself:
Leaflet, jQuery, Bootstrap, Font Awesome, awesome-markers; plugins such as ``MarkerCluster``
their own), all on public CDNs. streamlit-folium 0.27 strips ``<script src>`` and
``<link rel=stylesheet>`` from the figure header and instead collects those attributes from the
element tree, loading the scripts one after the other inside its iframe; one script that
fails to load leaves the map blank. Inline ``<script>`` in the header is not executed there
(it is added with ``innerHTML``), so inlining the libraries is no option.

This module points those attributes at copies vendored in ``layers/static/`` (see
``VERSIONS.txt`` there and ``scripts/vendor_map_assets.sh``). Streamlit serves that folder as
the file directory of a custom component, declared with
``streamlit.components.v1.declare_component(path=...)``: its file route answers with the
right ``Content-Type`` (``application/javascript``, ``text/css``, ``image/png``) on every
Streamlit version, needs no configuration and works for any main script. The component is
never rendered; it only makes Streamlit serve the folder.

Only Leaflet, jQuery (folium popups call ``$``) and Leaflet.markercluster are vendored.
Bootstrap, Font Awesome and awesome-markers are left out: they only serve ``folium.Icon``,
which is refused here (use ``CircleMarker``, ``DivIcon`` or the default marker). A branca
colormap on the map is refused too, because streamlit-folium then always adds d3 from a CDN:
draw legends with Streamlit instead. Any other element whose assets are not vendored raises
:class:`UnvendoredAssetError` when the map is built or rendered, instead of a blank map.

This is the one module of ``layers/`` that knows about the package's own asset folder and
about Streamlit's serving; it reads no file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import branca.colormap
import folium
from branca.element import Element, Link, MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from folium.template import Template

from gis.errors import ValidationError

__all__ = [
    "ASSETS_COMPONENT",
    "DEFAULT_MAX_ZOOM",
    "STATIC_DIR",
    "VENDORED_ASSETS",
    "UnvendoredAssetError",
    "localize_assets",
    "map_assets_url",
    "offline_map",
    "offline_marker_cluster",
]

STATIC_DIR: Final[Path] = Path(__file__).resolve().parent / "static"
"""Folder with the vendored assets; served to the browser whole."""

ASSETS_COMPONENT: Final[str] = "map_assets"
"""Short name of the Streamlit component that serves :data:`STATIC_DIR`."""

VENDORED_ASSETS: Final[Mapping[str, str]] = {
    # folium's asset name -> path under STATIC_DIR
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "jquery": "jquery/jquery.min.js",
    "markerclusterjs": "leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": "leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/MarkerCluster.Default.css",
}
"""folium asset names (first item of ``default_js``/``default_css`` pairs) that are vendored."""

DEFAULT_MAX_ZOOM: Final[int] = 19
"""Maximum zoom of an :func:`offline_map` (Leaflet has none without a tile layer)."""

_LEAFLET_IMAGES: Final[str] = "leaflet/images/"

# folium.Map asks for these, but nothing wijkradar draws needs them: they serve folium.Icon
# (awesome-markers, Font Awesome, glyphicons) and Bootstrap styling.
_MAP_ASSETS_NOT_NEEDED: Final[frozenset[str]] = frozenset(
    {
        "bootstrap",
        "awesome_markers",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers_font_css",
        "awesome_markers_css",
        "awesome_rotate_css",
    }
)

_E = TypeVar("_E", bound=Element)


class UnvendoredAssetError(ValidationError):
    """A map element needs a browser asset that is not vendored in ``layers/static``."""


def map_assets_url() -> str:
    """Register the vendored asset folder with Streamlit and return its URL prefix.

    ``layers/static`` is declared as the file directory of a Streamlit custom component named
    ``layers.offline.map_assets``, which Streamlit serves at
    ``<server.baseUrlPath>/component/layers.offline.map_assets/<file>`` with proper MIME
    types. The declaration registers the folder only while a Streamlit script runs, so call
    this (or :func:`offline_map`) from the app script; calling it on every rerun is cheap and
    idempotent. Outside Streamlit it only computes the prefix.

    Returns
    -------
    str
        Root-relative URL prefix ending in ``/``, e.g.
        ``"/component/layers.offline.map_assets/"``; prefixed with ``server.baseUrlPath``
        when that is set, or the component URL when ``server.customComponentBaseUrlPath``
        is set.
    """
    import streamlit as st
    import streamlit.components.v1 as components

    component = components.declare_component(ASSETS_COMPONENT, path=str(STATIC_DIR))
    if component.url:
        return component.url.rstrip("/") + "/"
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/component/{component.name}/"


def offline_map(
    location: Sequence[float] | None = None,
    *,
    asset_url: str | None = None,
    tiles: str | folium.TileLayer | None = None,
    min_zoom: int | None = None,
    max_zoom: int | None = DEFAULT_MAX_ZOOM,
    jquery: bool = True,
    **folium_map_kwargs: Any,
) -> folium.Map:
    """Build a folium map whose scripts, styles and images all come from the app.

    Parameters
    ----------
    location : sequence of float, optional
        ``[lat, lon]`` of the initial map centre (WGS84), as for ``folium.Map``.
    asset_url : str, optional
        URL prefix under which ``layers/static`` is served. Defaults to
        :func:`map_assets_url`, which also registers the folder with Streamlit.
    tiles : str or folium.TileLayer, optional
        Base map. ``None`` (default): no base map, as no tile server is reachable offline.
        A tile URL template must be relative to the app host (``/tiles/{z}/{x}/{y}.png``).
    min_zoom, max_zoom : int, optional
        Zoom bounds, set on the Leaflet map itself (folium only gives them to the tile
        layer). Without tiles Leaflet has no maximum zoom, and Leaflet.markercluster then
        fails with "Map has no maxZoom specified", so ``max_zoom`` defaults to 19.
    jquery : bool, default True
        Load jQuery, which only ``folium.Popup`` needs (its content is built with ``$``).
        Without it the map loads one script less; a ``folium.Popup`` on the map is then
        refused when it renders (check feature groups with
        ``localize_assets(group, jquery=False)``).
    **folium_map_kwargs
        Passed on to ``folium.Map`` (``zoom_start``, ``width``, ``prefer_canvas``...).

    Returns
    -------
    folium.Map
        A map whose ``default_js``/``default_css``, and those of every element added to it
        before it is rendered, point at the vendored copies; rendering it (directly or
        through ``streamlit_folium.st_folium``) rewrites the assets of newly added elements.

    Raises
    ------
    UnvendoredAssetError
        If ``tiles`` loads from another host, or (when rendered) an element on the map needs
        an asset that is not vendored.

    Examples
    --------
    >>> m = offline_map([50.85, 4.35], zoom_start=12, asset_url="/component/assets/")
    >>> m.default_js[0]
    ('leaflet', '/component/assets/leaflet/leaflet.js')

    In the app: add layers to ``m``, then ``st_folium(m, returned_objects=[])``.
    """
    url = _normalise_asset_url(map_assets_url() if asset_url is None else asset_url)
    m = _OfflineMap(
        location,
        asset_url=url,
        jquery=jquery,
        tiles=tiles,
        min_zoom=min_zoom,
        max_zoom=max_zoom,
        **folium_map_kwargs,
    )
    # folium hands min_zoom/max_zoom to the tile layer only; the map needs them itself.
    m.options.update(
        {k: v for k, v in (("min_zoom", min_zoom), ("max_zoom", max_zoom)) if v is not None}
    )
    localize_assets(m, asset_url=url, jquery=jquery)
    return m


def offline_marker_cluster(
    locations: Sequence[Sequence[float]] | None = None,
    *,
    asset_url: str | None = None,
    **marker_cluster_kwargs: Any,
) -> MarkerCluster:
    """Build a ``folium.plugins.MarkerCluster`` that loads Leaflet.markercluster from the app.

    Needed when the cluster does not sit on an :func:`offline_map` at render time, e.g. inside
    a feature group passed to ``st_folium(feature_group_to_add=...)``; on an offline map a
    plain ``MarkerCluster`` is rewritten as well.

    Parameters
    ----------
    locations : sequence of [lat, lon], optional
        Marker positions, as for ``MarkerCluster``; markers get Leaflet's default icon.
    asset_url : str, optional
        URL prefix of ``layers/static``; defaults to :func:`map_assets_url`.
    **marker_cluster_kwargs
        Passed on to ``MarkerCluster`` (``name``, ``popups``, ``options``...). ``icons``
        made of ``folium.Icon`` are refused when the map renders.

    Returns
    -------
    folium.plugins.MarkerCluster
        The cluster, with vendored ``default_js``/``default_css``.
    """
    url = _normalise_asset_url(map_assets_url() if asset_url is None else asset_url)
    cluster = MarkerCluster(locations, **marker_cluster_kwargs)
    return localize_assets(cluster, asset_url=url)


def localize_assets(element: _E, *, asset_url: str | None = None, jquery: bool = True) -> _E:
    """Point the JS/CSS of ``element`` and of everything below it at the vendored copies.

    Use it on elements that streamlit-folium adds to the map itself (feature groups passed as
    ``feature_group_to_add``, a ``layer_control``): it collects their assets after the map
    has rendered.

    Parameters
    ----------
    element : branca.element.Element
        A folium element (map, feature group, layer, plugin...). Modified in place: each
        ``JSCSSMixin`` gets its own ``default_js``/``default_css`` lists.
    asset_url : str, optional
        URL prefix of ``layers/static``; defaults to :func:`map_assets_url`.
    jquery : bool, default True
        Whether the map loads jQuery (see :func:`offline_map`); without it jQuery is dropped
        from the assets and a ``folium.Popup`` is refused.

    Returns
    -------
    branca.element.Element
        ``element`` itself.

    Raises
    ------
    UnvendoredAssetError
        If an element needs a remote asset that is not vendored, is a ``folium.Icon`` or a
        branca colormap, or is a tile layer on another host; or is a ``folium.Popup``
        while ``jquery`` is False.
    """
    url = _normalise_asset_url(map_assets_url() if asset_url is None else asset_url)
    for el in _walk(element):
        _refuse_unsupported(el)
        if not jquery and isinstance(el, folium.Popup):
            raise UnvendoredAssetError(
                f"element={el.get_name()!r} is a folium.Popup, which needs jQuery, and this "
                "map loads none; allowed: a tooltip, folium.GeoJsonPopup, or a map made "
                "with offline_map(jquery=True)"
            )
        if isinstance(el, JSCSSMixin):
            drop = _MAP_ASSETS_NOT_NEEDED if isinstance(el, folium.Map) else frozenset()
            drop = drop if jquery else drop | {"jquery"}
            el.default_js = _localized(el, el.default_js, url, drop)
            el.default_css = _localized(el, el.default_css, url, drop)
    return element


class _DefaultIconPath(MacroElement):
    """Sets ``L.Icon.Default.imagePath`` so default markers find the vendored images.

    Leaflet otherwise guesses the path from ``leaflet.css``, which streamlit-folium adds only
    after the scripts, so the guess can run before the stylesheet has loaded.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.image_path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, image_path: str) -> None:
        super().__init__()
        self._name = "DefaultIconPath"
        self.image_path = image_path


class _OfflineMap(folium.Map):
    """``folium.Map`` that rewrites its element tree to vendored assets whenever it renders."""

    def __init__(
        self,
        location: Sequence[float] | None,
        *,
        asset_url: str,
        jquery: bool,
        tiles: str | folium.TileLayer | None,
        **kwargs: Any,
    ) -> None:
        if isinstance(tiles, str) and ("{z}" not in tiles or _is_remote(tiles)):
            raise UnvendoredAssetError(
                f"tiles={tiles!r} loads a base map from another host; allowed: None or a "
                "tile URL template on the app host such as '/tiles/{z}/{x}/{y}.png'"
            )
        super().__init__(location, tiles=tiles, **kwargs)
        self._asset_url = asset_url
        self._jquery = jquery
        self.add_child(_DefaultIconPath(asset_url + _LEAFLET_IMAGES))

    def render(self, **kwargs: Any) -> None:
        localize_assets(self, asset_url=self._asset_url, jquery=self._jquery)
        super().render(**kwargs)
        root = self.get_root()
        header = getattr(root, "header", None)
        for name, child in getattr(header, "_children", {}).items():
            if isinstance(child, Link) and _is_remote(child.url):
                raise UnvendoredAssetError(
                    f"the map header links asset {name!r} from {child.url!r}, which is not "
                    f"vendored; allowed assets: {sorted(VENDORED_ASSETS)}"
                )


def _normalise_asset_url(asset_url: str) -> str:
    if not isinstance(asset_url, str) or not asset_url.strip():
        raise ValidationError(
            f"asset_url={asset_url!r} is not a URL prefix; allowed: a non-empty string "
            "such as '/component/layers.offline.map_assets/'"
        )
    return asset_url.rstrip("/") + "/"


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)


def _is_remote(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://", "//"))


def _localized(
    element: Element,
    assets: Sequence[tuple[str, str]],
    asset_url: str,
    drop: frozenset[str],
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, url in assets:
        if name in drop:
            continue
        if name in VENDORED_ASSETS:
            out.append((name, asset_url + VENDORED_ASSETS[name]))
        elif _is_remote(url):
            raise UnvendoredAssetError(
                f"{type(element).__name__} needs asset {name!r} from {url!r}, which is not "
                f"vendored; allowed assets: {sorted(VENDORED_ASSETS)} (add it to "
                "scripts/vendor_map_assets.sh and VENDORED_ASSETS, or do without the element)"
            )
        else:
            out.append((name, url))
    return out


def _refuse_unsupported(element: Element) -> None:
    if isinstance(element, folium.Icon):
        raise UnvendoredAssetError(
            f"element={element.get_name()!r} is a folium.Icon, which needs awesome-markers and "
            "Font Awesome from a CDN; allowed marker styles offline: Leaflet's default icon, "
            "folium.DivIcon, folium.CircleMarker"
        )
    if isinstance(element, branca.colormap.ColorMap):
        raise UnvendoredAssetError(
            f"element={element.get_name()!r} is a branca colormap legend, for which "
            "streamlit-folium always loads d3 from a CDN; allowed: use the colormap in a "
            "style_function only and draw the legend with Streamlit"
        )
    explicit_basemap = getattr(element, "wijkradar_basemap", False)
    if (
        isinstance(element, folium.TileLayer)
        and _is_remote(str(element.tiles))
        and not explicit_basemap
    ):
        raise UnvendoredAssetError(
            f"tile layer {element.get_name()!r} loads tiles from {element.tiles!r}; allowed: "
            "no tile layer, or tiles served by the app host"
        )
    if isinstance(element, folium.WmsTileLayer) and _is_remote(str(element.url)):
        raise UnvendoredAssetError(
            f"WMS layer {element.get_name()!r} loads from {element.url!r}; allowed: no tile "
            "layer, or a WMS served by the app host"
        )
