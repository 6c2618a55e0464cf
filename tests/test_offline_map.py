"""Offline folium maps load every script, stylesheet and image from the app itself.

Fast tests check the HTML folium renders and the links streamlit-folium would load; browser
tests (``-m browser``) run tests/apps/offline_map_app.py in Streamlit and real Chromium.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable
from typing import Any

import branca.colormap
import folium
import folium.plugins
import pytest
import streamlit_folium
from browser import (
    OUTPUT_DIR,
    REPO_ROOT,
    RequestLog,
    assert_only_loopback,
    chromium,  # noqa: F401  (fixture)
    component_frame,
    is_loopback_url,
    needs_chromium,
    streamlit_app,
)

from gis.errors import ValidationError
from layers.offline import (
    DEFAULT_MAX_ZOOM,
    STATIC_DIR,
    VENDORED_ASSETS,
    UnvendoredAssetError,
    localize_assets,
    map_assets_url,
    offline_map,
    offline_marker_cluster,
)

ASSET_URL = "/component/layers.offline.map_assets/"
APP = REPO_ROOT / "tests" / "apps" / "offline_map_app.py"
FOLIUM_COMPONENT = "streamlit_folium.st_folium"

WIJKEN = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"wijk": "Centrum", "incidenten": 42},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[4.34, 50.84], [4.37, 50.84], [4.37, 50.86], [4.34, 50.84]]],
            },
        }
    ],
}


def _geojson(m: folium.Map) -> None:
    folium.GeoJson(WIJKEN, name="wijken").add_to(m)


def _geojson_tooltip_popup(m: folium.Map) -> None:
    folium.GeoJson(
        WIJKEN,
        tooltip=folium.GeoJsonTooltip(["wijk", "incidenten"]),
        popup=folium.GeoJsonPopup(["wijk"]),
    ).add_to(m)


def _choropleth_like(m: folium.Map) -> None:
    colours = branca.colormap.linear.YlOrRd_09.scale(0, 100)  # styling only, not on the map
    folium.GeoJson(
        WIJKEN,
        style_function=lambda f: {"fillColor": colours(f["properties"]["incidenten"])},
        highlight_function=lambda _f: {"weight": 4},
    ).add_to(m)


def _feature_group_layer_control(m: folium.Map) -> None:
    group = folium.FeatureGroup(name="Wijken").add_to(m)
    folium.GeoJson(WIJKEN).add_to(group)
    folium.LayerControl().add_to(m)


def _rectangle_polygon(m: folium.Map) -> None:
    folium.Rectangle([[50.84, 4.34], [50.86, 4.37]], tooltip="zone").add_to(m)
    folium.Polygon([[50.84, 4.34], [50.86, 4.37], [50.84, 4.37]], popup="ploeg").add_to(m)


def _plain_marker_cluster(m: folium.Map) -> None:
    folium.plugins.MarkerCluster([[50.85, 4.35], [50.851, 4.351]]).add_to(m)


def _offline_marker_cluster(m: folium.Map) -> None:
    offline_marker_cluster([[50.85, 4.35]], asset_url=ASSET_URL, name="Incidenten").add_to(m)


def _markers(m: folium.Map) -> None:
    folium.Marker([50.85, 4.35], popup="post").add_to(m)
    folium.CircleMarker([50.85, 4.35], radius=5).add_to(m)
    folium.Marker([50.85, 4.35], icon=folium.DivIcon(html="<b>1</b>")).add_to(m)


LAYERS: dict[str, Callable[[folium.Map], None]] = {
    "geojson": _geojson,
    "geojson_tooltip_popup": _geojson_tooltip_popup,
    "choropleth_like": _choropleth_like,
    "feature_group_layer_control": _feature_group_layer_control,
    "rectangle_polygon": _rectangle_polygon,
    "plain_marker_cluster": _plain_marker_cluster,
    "offline_marker_cluster": _offline_marker_cluster,
    "markers": _markers,
}

_REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


def _map_with(layer: str) -> folium.Map:
    m = offline_map([50.85, 4.355], zoom_start=13, asset_url=ASSET_URL)
    LAYERS[layer](m)
    return m


def _assert_vendored(urls: list[str]) -> None:
    assert urls
    for url in urls:
        assert not _REMOTE.match(url), url
        assert url.startswith(ASSET_URL), url
        assert (STATIC_DIR / url.removeprefix(ASSET_URL)).is_file(), url


def _st_folium_args(m: folium.Map, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> dict:
    """What st_folium would send to its iframe (the component call, captured)."""
    sent: dict[str, Any] = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    streamlit_folium.st_folium(m, returned_objects=[], **kwargs)
    return sent


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_rendered_html_links_only_vendored_assets(layer: str) -> None:
    html = _map_with(layer).get_root().render()
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]*)\"", html)
    styles = re.findall(r"<link[^>]*\shref=\"([^\"]*)\"", html)
    assert any(s.endswith("leaflet/leaflet.js") for s in scripts)
    assert any(s.endswith("leaflet/leaflet.css") for s in styles)
    _assert_vendored(scripts + styles)
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", tag), tag
    assert "cdn" not in html.lower()


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_st_folium_loads_only_vendored_assets(layer: str, monkeypatch) -> None:
    sent = _st_folium_args(_map_with(layer), monkeypatch)
    _assert_vendored(sent["js_links"] + sent["css_links"])
    assert sent["js_links"][0] == ASSET_URL + "leaflet/leaflet.js"  # Leaflet before plugins
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", sent["header"])


def test_marker_cluster_adds_its_vendored_files() -> None:
    html = _map_with("plain_marker_cluster").get_root().render()
    for path in (
        "leaflet.markercluster/leaflet.markercluster.js",
        "leaflet.markercluster/MarkerCluster.css",
        "leaflet.markercluster/MarkerCluster.Default.css",
    ):
        assert f'"{ASSET_URL}{path}"' in html


def test_default_icon_path_points_at_vendored_images() -> None:
    html = _map_with("markers").get_root().render()
    assert f'L.Icon.Default.imagePath = "{ASSET_URL}leaflet/images/";' in html
    assert (STATIC_DIR / "leaflet" / "images" / "marker-icon.png").is_file()


def test_feature_group_to_add_needs_localize_assets(monkeypatch) -> None:
    # st_folium collects the assets of feature_group_to_add after the map rendered, so a
    # plain plugin there still points at its CDN unless localize_assets is applied.
    plain = folium.FeatureGroup(name="dynamisch")
    folium.plugins.MarkerCluster([[50.85, 4.35]]).add_to(plain)
    sent = _st_folium_args(_map_with("geojson"), monkeypatch, feature_group_to_add=plain)
    assert any(_REMOTE.match(u) for u in sent["js_links"])

    fixed = folium.FeatureGroup(name="dynamisch")
    folium.plugins.MarkerCluster([[50.85, 4.35]]).add_to(fixed)
    localize_assets(fixed, asset_url=ASSET_URL)
    sent = _st_folium_args(_map_with("geojson"), monkeypatch, feature_group_to_add=fixed)
    _assert_vendored(sent["js_links"] + sent["css_links"])
    assert "feature_group_feature_group_0" in sent["feature_group"]


def test_offline_map_leaves_folium_defaults_alone() -> None:
    before = (list(folium.Map.default_js), list(folium.plugins.MarkerCluster.default_js))
    _map_with("plain_marker_cluster").get_root().render()
    assert (list(folium.Map.default_js), list(folium.plugins.MarkerCluster.default_js)) == before
    assert folium.Map.default_js[0][1].startswith("https://")


def test_offline_map_has_no_tiles_and_a_max_zoom() -> None:
    m = offline_map([50.85, 4.35], asset_url=ASSET_URL)
    assert isinstance(m, folium.Map)
    assert not [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert m.options["max_zoom"] == DEFAULT_MAX_ZOOM
    m = offline_map([50.85, 4.35], asset_url=ASSET_URL, min_zoom=8, max_zoom=16)
    assert (m.options["min_zoom"], m.options["max_zoom"]) == (8, 16)
    assert '"maxZoom": 16' in m.get_root().render()


def test_tiles_on_the_app_host_are_allowed() -> None:
    m = offline_map([50.85, 4.35], asset_url=ASSET_URL, tiles="/tiles/{z}/{x}/{y}.png", attr="x")
    assert "/tiles/{z}/{x}/{y}.png" in m.get_root().render()


@pytest.mark.parametrize(
    "tiles",
    [
        "OpenStreetMap",
        "cartodbpositron",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "//tiles.example/{z}/{x}/{y}.png",
    ],
)
def test_remote_tiles_are_refused(tiles: str) -> None:
    with pytest.raises(UnvendoredAssetError, match="tiles"):
        offline_map([50.85, 4.35], asset_url=ASSET_URL, tiles=tiles)


def test_remote_tile_layer_object_is_refused() -> None:
    with pytest.raises(UnvendoredAssetError, match="tile layer"):
        offline_map([50.85, 4.35], asset_url=ASSET_URL, tiles=folium.TileLayer("OpenStreetMap"))


@pytest.mark.parametrize(
    ("add", "match"),
    [
        (lambda m: folium.Marker([50.85, 4.35], icon=folium.Icon("red")).add_to(m), "folium.Icon"),
        (lambda m: branca.colormap.linear.YlOrRd_09.scale(0, 1).add_to(m), "colormap"),
        (
            lambda m: folium.Choropleth(
                WIJKEN,
                data={"Centrum": 42},
                key_on="feature.properties.wijk",
            ).add_to(m),
            "colormap",
        ),
        (lambda m: folium.plugins.Fullscreen().add_to(m), "not vendored"),
        (lambda m: folium.TileLayer("OpenStreetMap").add_to(m), "tile layer"),
    ],
    ids=["icon", "colormap", "choropleth_legend", "unvendored_plugin", "remote_tiles"],
)
def test_elements_needing_a_cdn_fail_loudly(add: Callable[[folium.Map], Any], match) -> None:
    m = offline_map([50.85, 4.35], asset_url=ASSET_URL)
    add(m)
    with pytest.raises(UnvendoredAssetError, match=match):
        m.get_root().render()


def test_unvendored_asset_error_is_a_validation_error() -> None:
    assert issubclass(UnvendoredAssetError, ValidationError)
    assert issubclass(UnvendoredAssetError, ValueError)


@pytest.mark.parametrize("asset_url", ["", "   "])
def test_empty_asset_url_is_refused(asset_url: str) -> None:
    with pytest.raises(ValidationError, match="asset_url"):
        offline_map([50.85, 4.35], asset_url=asset_url)


def test_asset_url_gets_a_trailing_slash() -> None:
    m = offline_map([50.85, 4.35], asset_url="/assets")
    assert m.default_js[0] == ("leaflet", "/assets/leaflet/leaflet.js")


@pytest.mark.parametrize(
    ("base_url_path", "expected"),
    [
        ("", "/component/layers.offline.map_assets/"),
        ("wijkradar", "/wijkradar/component/layers.offline.map_assets/"),
        ("/politie/wijkradar/", "/politie/wijkradar/component/layers.offline.map_assets/"),
    ],
)
def test_map_assets_url_follows_base_url_path(base_url_path, expected, monkeypatch) -> None:
    import streamlit

    real = streamlit.get_option
    monkeypatch.setattr(
        streamlit,
        "get_option",
        lambda key: base_url_path if key == "server.baseUrlPath" else real(key),
    )
    assert map_assets_url() == expected


def test_vendored_files_match_versions_and_checksums() -> None:
    for path in VENDORED_ASSETS.values():
        assert (STATIC_DIR / path).is_file(), path
    rows = [
        line.split("\t")
        for line in (STATIC_DIR / "VERSIONS.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert {r[0] for r in rows} == {"leaflet", "jquery", "leaflet.markercluster"}
    versions = {r[0]: r[1] for r in rows}
    folium_js = dict(folium.Map.default_js)  # the versions folium itself would load
    assert f"leaflet@{versions['leaflet']}/" in folium_js["leaflet"]
    assert f"jquery-{versions['jquery']}." in folium_js["jquery"]
    for _name, _version, licence, _directory, licence_file in rows:
        assert licence
        assert (STATIC_DIR / licence_file).is_file(), licence_file
    sums = (STATIC_DIR / "SHA256SUMS").read_text().splitlines()
    assert len(sums) >= len(VENDORED_ASSETS)
    for line in sums:
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest() == digest, name


def test_streamlit_config_sends_no_usage_stats() -> None:
    # With usage stats on, Streamlit's frontend fetches https://data.streamlit.io/metrics.json.
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8501/x.js", True),
        ("ws://localhost:8501/_stcore/stream", True),
        ("http://[::1]:8501/", True),
        ("http://127.8.9.10/", True),
        ("data:image/png;base64,AAAA", True),
        ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", False),
        ("http://10.0.0.1/", False),
        ("http://localhost.example.com/", False),
        ("ftp://127.0.0.1/", False),
    ],
)
def test_is_loopback_url(url: str, local: bool) -> None:
    assert is_loopback_url(url) is local


def test_assert_only_loopback_names_the_offenders() -> None:
    assert_only_loopback(["http://127.0.0.1:1/"])
    with pytest.raises(AssertionError, match=r"code\.jquery\.com"):
        assert_only_loopback(["http://127.0.0.1:1/", "https://code.jquery.com/jquery.js"])
    with pytest.raises(AssertionError, match="no request"):
        assert_only_loopback([])


# --- real browser -----------------------------------------------------------------------


def _open_app(chromium, url: str):
    context = chromium.new_context(viewport={"width": 1000, "height": 800})
    log = RequestLog().attach(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    frame = component_frame(page, FOLIUM_COMPONENT)
    frame.wait_for_selector(".leaflet-container", timeout=30_000)
    frame.wait_for_selector("path.leaflet-interactive", timeout=30_000)
    page.get_by_text("kaart klaar").wait_for(timeout=30_000)
    return context, page, frame, log, errors


def _assert_assets_served(log: RequestLog, prefix: str) -> None:
    served = {u: r for u, r in log.responses.items() if prefix in u}
    assert any(u.endswith("/leaflet/leaflet.js") for u in served), log.urls
    assert any(u.endswith("/leaflet/leaflet.css") for u in served), log.urls
    for url, (status, content_type) in served.items():
        assert status == 200, url
        kind = url.rsplit(".", 1)[-1]
        expected = {"js": "javascript", "css": "text/css", "png": "image/png"}[kind]
        assert expected in content_type, (url, content_type)
    assert not log.failed, log.failed


@pytest.mark.browser
@needs_chromium
def test_offline_map_draws_in_chromium_without_leaving_loopback(chromium) -> None:
    with streamlit_app(APP, env={"WIJKRADAR_TEST_MAP": "polygon"}) as app:
        context, page, frame, log, errors = _open_app(chromium, app.url)
        try:
            assert frame.locator(".leaflet-container").count() == 1
            assert frame.locator("path.leaflet-interactive").count() == 1
            assert frame.evaluate("() => typeof window.L === 'object' && !!window.L.map")
            assert frame.evaluate("() => window.L.version") == "1.9.3"
            iframe = page.locator(f"iframe[src*='/component/{FOLIUM_COMPONENT}/']")
            box = iframe.bounding_box()
            assert box is not None and box["height"] >= 400, box
            OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
            page.wait_for_timeout(300)  # let Leaflet finish its first frame
            page.screenshot(path=str(OUTPUT_DIR / "offline_map.png"), full_page=True)
            assert not errors, errors
            _assert_assets_served(log, "/component/layers.offline.map_assets/")
            assert_only_loopback(log.urls)
        finally:
            context.close()


@pytest.mark.browser
@needs_chromium
def test_all_layer_types_work_offline_under_a_base_url_path(chromium) -> None:
    with streamlit_app(APP, env={"WIJKRADAR_TEST_MAP": "full"}, base_url_path="wijkradar") as app:
        context, page, frame, log, errors = _open_app(chromium, app.url)
        try:
            # GeoJson square, Polygon triangle, Rectangle.
            assert frame.locator("path.leaflet-interactive").count() == 3
            # One cluster on the map, one from feature_group_to_add.
            frame.wait_for_selector(".marker-cluster", timeout=10_000)
            assert frame.locator(".marker-cluster").count() == 2
            assert frame.evaluate("() => window.feature_group.length") == 1
            assert frame.locator(".leaflet-control-layers").count() == 1
            icon = frame.locator("img.leaflet-marker-icon")
            icon.wait_for(timeout=10_000)
            src = icon.get_attribute("src") or ""
            assert "/wijkradar/component/layers.offline.map_assets/leaflet/images/" in src
            frame.wait_for_function(
                "() => document.querySelector('img.leaflet-marker-icon').naturalWidth > 0"
            )
            # A folium.Popup needs jQuery: clicking the triangle opens it.
            frame.locator('path.leaflet-interactive[stroke="#2980b9"]').click()
            frame.wait_for_selector(".leaflet-popup-content:has-text('Patrouillezone')")
            # GeoJsonTooltip on hover.
            frame.locator('path.leaflet-interactive[stroke="#c0392b"]').hover()
            frame.wait_for_selector(".leaflet-tooltip:has-text('Centrum')")
            OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUTPUT_DIR / "offline_map_full.png"), full_page=True)
            assert not errors, errors
            _assert_assets_served(log, "/wijkradar/component/layers.offline.map_assets/")
            assert_only_loopback(log.urls)
        finally:
            context.close()


def test_a_map_without_jquery_loads_none_and_refuses_a_popup(monkeypatch) -> None:
    m = offline_map([50.9, 4.2], asset_url=ASSET_URL, jquery=False)
    folium.GeoJson({"type": "Point", "coordinates": [4.2, 50.9]}, tooltip="ok").add_to(
        folium.FeatureGroup(name="groep").add_to(m)
    )
    sent = _st_folium_args(m, monkeypatch)
    assert not any("jquery" in url for url in sent["js_links"])
    assert any(url.endswith("leaflet/leaflet.js") for url in sent["js_links"])
    group = folium.FeatureGroup(name="met popup")
    folium.Marker([50.9, 4.2], popup=folium.Popup("x")).add_to(group)
    with pytest.raises(UnvendoredAssetError, match="needs jQuery"):
        localize_assets(group, asset_url=ASSET_URL, jquery=False)
    with_jquery = offline_map([50.9, 4.2], asset_url=ASSET_URL)
    assert any("jquery" in url for url in _st_folium_args(with_jquery, monkeypatch)["js_links"])
