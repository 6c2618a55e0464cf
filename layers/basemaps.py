"""Optional basemaps (GRB grey, orthophoto, NGI topo, a zone's own tile server) with an
automatic fallback to "no basemap" when the tiles cannot be reached.

The map itself never needs a basemap: on a police network without internet the default is
none. A basemap only loads images; every script and stylesheet still comes from the app.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import folium
from branca.element import MacroElement, Template

from gis.errors import ValidationError


@dataclass(frozen=True)
class BasemapSpec:
    """One basemap choice.

    Attributes
    ----------
    key : str
        Identifier used in settings (``grb``, ``ortho``, ``ngi``, ``custom``, ``none``).
    url : str
        XYZ tile URL template (``{z}``, ``{x}``, ``{y}``); empty for ``none``.
    attribution : str
        Attribution shown on the map (required by the providers' licences).
    max_zoom : int
        Highest zoom the provider serves.
    """

    key: str
    url: str
    attribution: str
    max_zoom: int = 19


_DV_WMTS = (
    "https://geo.api.vlaanderen.be/{service}/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=&FORMAT=image/{fmt}&TILEMATRIXSET=GoogleMapsVL"
    "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}"
)

BASEMAPS: dict[str, BasemapSpec] = {
    "none": BasemapSpec("none", "", ""),
    "grb": BasemapSpec(
        "grb",
        _DV_WMTS.format(service="GRB", layer="grb_bsk_grijs", fmt="png"),
        "GRB © Digitaal Vlaanderen",
        21,
    ),
    "ortho": BasemapSpec(
        "ortho",
        _DV_WMTS.format(service="OMWRGBMRVL", layer="omwrgbmrvl", fmt="png"),
        "Orthofoto © Digitaal Vlaanderen",
        21,
    ),
    "ngi": BasemapSpec(
        "ngi",
        "https://cartoweb.wmts.ngi.be/1.0.0/topo/default/3857/{z}/{y}/{x}.png",
        "Topo © NGI-IGN",
        18,
    ),
}
"""The basemap choices offered in the app; ``custom`` is built from a zone's own URL."""

FALLBACK_AFTER_ERRORS = 3
"""Tile errors (without any tile loading) after which the basemap is dropped."""


def basemap_spec(key: str, *, custom_url: str | None = None) -> BasemapSpec:
    """Return the basemap for ``key``; ``custom`` needs ``custom_url``.

    Raises
    ------
    ValidationError
        For an unknown key or a custom URL without ``{z}``, ``{x}`` and ``{y}``.
    """
    if key == "custom":
        if not custom_url or not all(p in custom_url for p in ("{z}", "{x}", "{y}")):
            raise ValidationError(
                f"custom_url={custom_url!r} must be a tile URL template with {{z}}, {{x}}, {{y}}"
            )
        return BasemapSpec("custom", custom_url, "Eigen tegelserver / serveur de tuiles")
    if key not in BASEMAPS:
        raise ValidationError(
            f"basemap={key!r} is unknown; allowed: {', '.join([*BASEMAPS, 'custom'])}"
        )
    return BASEMAPS[key]


class _FallbackNotice(MacroElement):
    """Drops the basemap after repeated tile errors and says so on the map."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var layer = {{ this.layer.get_name() }}, map = {{ this._parent.get_name() }};
  var errors = 0, loaded = 0, dropped = false;
  layer.on('tileload', function () { loaded += 1; });
  layer.on('tileerror', function () {
    errors += 1;
    if (!dropped && loaded === 0 && errors >= {{ this.limit }}) {
      dropped = true;
      map.removeLayer(layer);
      var box = L.DomUtil.create('div', 'wijkradar-basemap-fallback');
      box.style.cssText = 'position:absolute;bottom:26px;right:10px;z-index:1000;background:#fff;' +
        'padding:4px 8px;border:1px solid #999;border-radius:4px;font:12px sans-serif;';
      box.textContent = {{ this.notice|tojson }};
      map.getContainer().appendChild(box);
    }
  });
})();
{% endmacro %}
"""
    )

    def __init__(self, layer: folium.TileLayer, notice: str, limit: int) -> None:
        super().__init__()
        self._name = "BasemapFallback"
        self.layer = layer
        self.notice = notice
        self.limit = int(limit)


def add_basemap(
    fmap: folium.Map, spec: BasemapSpec, *, notice: str, limit: int = FALLBACK_AFTER_ERRORS
) -> folium.TileLayer | None:
    """Add a basemap to ``fmap`` that removes itself when its tiles cannot be reached.

    Parameters
    ----------
    fmap : folium.Map
        The map (from :func:`layers.offline.offline_map`).
    spec : BasemapSpec
        The chosen basemap; ``none`` adds nothing.
    notice : str
        Text shown on the map when the basemap is dropped (escaped).
    limit : int
        Tile errors before the fallback.

    Returns
    -------
    folium.TileLayer or None
    """
    if spec.key == "none":
        return None
    layer = folium.TileLayer(
        tiles=spec.url,
        attr=html.escape(spec.attribution),
        name=spec.attribution,
        max_zoom=spec.max_zoom,
        overlay=False,
        control=False,
    )
    layer.wijkradar_basemap = True
    layer.add_to(fmap)
    fmap.add_child(_FallbackNotice(layer, notice, limit))
    return layer
