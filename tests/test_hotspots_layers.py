"""The hotspot layer adapter draws every method's result, escapes text, and has labels."""

from __future__ import annotations

import json

import folium
import numpy as np
import pandas as pd
import pytest
from hotspot_data import points, square_zone

from gis.clusters import incident_clusters
from gis.getis_ord import GI_CLASSES, getis_ord_hotspots
from gis.harm import harm_hotspots
from gis.hotspots import hotspot_labels
from gis.near_repeat import near_repeat_hotspots
from gis.trends import PATTERNS, emerging_hotspots
from layers.hotspots import CLASS_COLOURS, RAMP, hotspot_result_layer, legend_entries

EVIL = '<script>alert("x")</script>'


@pytest.fixture(scope="module")
def incidents():
    rng = np.random.default_rng(0)
    n = 1500
    x = np.concatenate([rng.uniform(0, 2000, n), rng.normal(700, 15, 300)])
    y = np.concatenate([rng.uniform(0, 2000, n), rng.normal(1300, 15, 300)])
    days = np.concatenate([rng.integers(0, 365, n), rng.integers(200, 365, 300)])
    category = np.where(np.arange(n + 300) < n, "vandalisme", EVIL)
    return points(
        x,
        y,
        start=pd.Timestamp("2024-01-01") + pd.to_timedelta(days, "D"),
        category=category,
    )


@pytest.fixture(scope="module")
def results(incidents):
    zone = square_zone(2000.0)
    return {
        "harm": harm_hotspots(incidents, zone),
        "gi_star": getis_ord_hotspots(incidents, zone),
        "clusters": incident_clusters(incidents, zone),
        "trends": emerging_hotspots(incidents, zone),
        "near_repeat": near_repeat_hotspots(incidents, now=pd.Timestamp("2024-12-31"), zone=zone),
    }


def _features(group: folium.FeatureGroup) -> list[dict]:
    layers = [child for child in group._children.values() if isinstance(child, folium.GeoJson)]
    return [f for layer in layers for f in layer.data["features"]]


@pytest.mark.parametrize("method", ["harm", "gi_star", "clusters", "trends", "near_repeat"])
def test_every_method_draws_on_a_map(results, method: str) -> None:
    result = results[method]
    labels = hotspot_labels("nl")
    group = hotspot_result_layer(result, name=labels[f"method.{method}"], labels=labels)
    features = _features(group)
    assert len(features) == len(result.drawn) > 0
    for feature in features:
        assert feature["properties"]["_colour"].startswith("#")
        assert set(result.tooltip) <= set(feature["properties"])
    # drawn in WGS84 around Belgium's Lambert origin, not metres
    lon, lat = np.array(features[0]["geometry"]["coordinates"][0][0])[:2]
    assert abs(lon) < 10 and 40 < lat < 60
    fmap = folium.Map(location=[50.8, 4.4], tiles=None)
    group.add_to(fmap)
    html_text = fmap.get_root().render()
    assert EVIL not in html_text
    entries = legend_entries(result, labels)
    assert entries and all(colour.startswith("#") for colour, _ in entries)


def test_text_is_escaped_and_classes_are_labelled(results) -> None:
    clusters = _features(hotspot_result_layer(results["clusters"], name="c"))
    text = json.dumps([f["properties"] for f in clusters])
    assert EVIL not in text
    assert "&lt;script&gt;" in text
    labels = hotspot_labels("fr")
    gi = _features(hotspot_result_layer(results["gi_star"], name="g", labels=labels))
    shown = {f["properties"]["gi_class"] for f in gi}
    assert "point chaud, confiance 99 %" in shown
    assert "none" not in shown  # non-significant cells are not drawn
    colours = {f["properties"]["_colour"] for f in gi}
    assert CLASS_COLOURS["hot_99"] in colours


def test_value_ramp_follows_rank(results) -> None:
    result = results["harm"]
    features = _features(hotspot_result_layer(result, name="h"))
    harm = np.array([float(f["properties"]["harm"]) for f in features])
    colour = np.array([RAMP.index(f["properties"]["_colour"]) for f in features])
    assert colour[np.argmax(harm)] == len(RAMP) - 1
    assert colour[np.argmin(harm)] == 0
    order = np.argsort(harm, kind="stable")
    assert (np.diff(colour[order]) >= 0).all()  # more harm never gets a lighter colour


def test_max_features_keeps_the_hottest(results) -> None:
    result = results["harm"]
    features = _features(hotspot_result_layer(result, name="h", max_features=10))
    assert len(features) == 10
    shown = sorted(float(f["properties"]["harm"]) for f in features)
    hottest = sorted(result.drawn["harm"].nlargest(10).round(2))
    assert shown == pytest.approx(hottest)


def test_an_empty_result_gives_an_empty_layer() -> None:
    result = near_repeat_hotspots(points([], []), now=pd.Timestamp("2024-01-01"))
    group = hotspot_result_layer(result, name="leeg")
    assert _features(group) == []
    assert legend_entries(result) == []


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_labels_cover_every_class_code(lang: str) -> None:
    labels = hotspot_labels(lang)
    codes = [c for c in GI_CLASSES if c != "none"]
    codes += [f"{p}_{kind}" for p in PATTERNS for kind in ("hot", "cold")]
    assert set(codes) == set(CLASS_COLOURS)
    for code in codes:
        assert labels[code] and labels[code] != code
    assert len({labels[c] for c in codes}) == len(codes)  # no two classes read the same
