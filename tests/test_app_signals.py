"""The signals page and the main map's signal toggle (AppTest), per role; the folium layer."""

from __future__ import annotations

from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from app_elements import map_args, run_page

from gis.io_signals import SignalStore
from gis.io_workspace import GeoPackageWorkspace
from gis.schema import CRS
from gis.signals import default_types, type_labels
from layers.signals import OVERDUE_RING, signal_layer, signal_legend, signal_style
from wijkradar.services import build_demo

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "5_Signalen.py")
APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("signals-app") / "demo.gpkg"
    build_demo(path, ["ipz31"], seed=5, years=1.0)
    return path


def test_chef_records_a_signal_from_a_chosen_point(demo: Path, monkeypatch) -> None:
    store = SignalStore(GeoPackageWorkspace(demo))
    before = len(store.signals())
    at = run_page(
        PAGE,
        demo,
        monkeypatch,
        "chef",
        signal_point={"lat": 50.9100, "lon": 4.1980, "source": "kaart"},
    )
    assert at.title[0].value == "Signalen uit de wijk"
    section = at.radio(key="signal_section")
    assert section.options == [
        "Melden",
        "Opvolgen",
        "Doorgeven",
        "Soorten en diensten",
    ]
    assert any("SYNTHETISCHE DEMODATA" in w.value for w in at.warning)
    at.selectbox(key="signal_type").set_value("defecte_straatverlichting")
    at.text_area(key="signal_description_0").input("Lamp <b>kapot</b> aan de kerk")
    at.button(key="signal_save").click().run()
    assert not at.exception, at.exception
    assert any("Signaal bewaard" in s.value for s in at.success)
    assert at.text_area(key="signal_description_1").value == ""  # the form is emptied
    signals = store.signals()
    assert len(signals) == before + 1
    new = signals.sort_values("status_at").iloc[-1]
    assert new["reported_by"] == "chef" and new["nis"] == "23002"
    assert new["description"] == "Lamp <b>kapot</b> aan de kerk"


def test_chef_changes_a_status_and_makes_a_handover(demo: Path, monkeypatch) -> None:
    store = SignalStore(GeoPackageWorkspace(demo))
    at = run_page(PAGE, demo, monkeypatch, "chef")
    at.radio(key="signal_section").set_value("follow").run()
    assert not at.exception, at.exception
    assert at.dataframe, "the follow-up table is shown"
    sid = at.selectbox(key="signal_chosen").value
    status = store.signals().set_index("signal_id").at[sid, "status"]
    form_select = next(s for s in at.selectbox if s.label == "Nieuwe status")
    target = form_select.options[0]
    form_select.set_value(target)
    text = next(i for i in at.text_input if i.label == "Dienst")
    if not text.value:
        text.input("Technische dienst Asse")
    next(b for b in at.button if b.label == "Status bewaren").click().run()
    assert not at.exception, at.exception
    history = store.history([sid])
    assert history["from_status"].iloc[-1] == status
    assert history["by"].iloc[-1] == "chef"
    # hand-over of the first service with work
    handovers = len(store.handovers())
    at.radio(key="signal_section").set_value("handover").run()
    at.button(key="signal_make").click().run()
    assert not at.exception, at.exception
    assert any("opgemaakt" in s.value for s in at.success)
    assert len(store.handovers()) == handovers + 1


def test_inspecteur_cannot_hand_over_or_edit_settings(demo: Path, monkeypatch) -> None:
    at = run_page(PAGE, demo, monkeypatch, "inspecteur")
    for section in ("handover", "settings"):
        at.radio(key="signal_section").set_value(section).run()
        assert not at.exception, at.exception
        assert [i.value for i in at.info] == ["Enkel een chef kan dit wijzigen."]
        assert not [b for b in at.button if b.key in ("signal_make", "signal_types_save")]


def test_partner_sees_own_municipality_without_names(demo: Path, monkeypatch) -> None:
    workspace = GeoPackageWorkspace(demo)
    signals = SignalStore(workspace).signals()
    at = run_page(PAGE, demo, monkeypatch, "partner")
    assert any("Partnerweergave" in c.value for c in at.caption)
    assert not [r for r in at.radio if r.key == "signal_section"]
    table = at.dataframe[0].value
    mine = signals[signals["nis"] == "23002"]
    assert len(table) == len(mine) > 0
    assert "jan" not in table.to_string() and "inspecteur.demo" not in table.to_string()
    expected = mine["description"].where(mine["shareable"], "")  # same order: by date
    assert table["Beschrijving"].tolist() == expected.tolist()
    assert expected.eq("").any() and expected.ne("").any()


def test_main_map_has_the_signal_toggle(demo: Path, monkeypatch) -> None:
    at = run_page(APP, demo, monkeypatch, "chef")
    toggle = at.checkbox(key="show_signals")
    assert toggle.value is True and toggle.label == "Toon signalen op de kaart"
    assert not at.sidebar.checkbox, "the box sits under the map, not among the filters"
    assert "signal-marker" in map_args(at)["feature_group"]
    toggle.uncheck().run()
    assert not at.exception, at.exception
    layers = map_args(at)["feature_group"]
    assert "signal-marker" not in layers and "hotspot-cell" in layers
    at.checkbox(key="show_signals").check().run()
    assert "signal-marker" in map_args(at)["feature_group"]


# -- the folium layer ---------------------------------------------------------------------------


def test_layer_escapes_text_and_marks_overdue_and_hotspot() -> None:
    signals = gpd.GeoDataFrame(
        {
            "signal_id": ["a", "b"],
            "type": ["sluikstort", "hangplek"],
            "status": ["nieuw", "opgelost"],
            "description": ["<script>alert('x')</script>", "ok"],
            "reported_at": pd.to_datetime(["2026-05-01", "2026-05-02"]),
            "overdue": [True, False],
            "near_hotspot": [False, True],
        },
        geometry=[shapely.Point(150000, 170000), shapely.Point(150100, 170000)],
        crs=CRS,
    )
    types = default_types()
    labels = {
        k: k for k in ("type", "status", "reported_at", "description", "overdue", "near_hotspot")
    }
    fmap = folium.Map(tiles=None)
    group = signal_layer(
        signals,
        name="Signalen",
        type_labels=type_labels(types),
        colours=dict(zip(types["code"], types["colour"], strict=True)),
        status_labels={},
        labels=labels,
    ).add_to(fmap)
    page = fmap.get_root().render()
    assert "<script>alert" not in page
    (layer,) = [c for c in group._children.values() if isinstance(c, folium.GeoJson)]
    features = {f["properties"]["description"]: f["properties"] for f in layer.data["features"]}
    assert set(features) == {"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", "ok"}
    bad = features["&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"]
    assert bad["style"]["className"] == "signal-marker signal-overdue"
    assert features["ok"]["style"]["className"] == "signal-marker signal-near-hotspot"
    assert features["ok"]["style"]["radius"] > bad["style"]["radius"]
    assert (bad["overdue"], features["ok"]["overdue"]) == ("ja", "nee")
    assert "signal-overdue" in page and "signal-near-hotspot" in page


def test_signal_style_and_legend() -> None:
    late = signal_style({"status": "nieuw", "overdue": True}, "#ffffff")
    near = signal_style({"status": "nieuw", "near_hotspot": True}, "#ffffff")
    closed = signal_style({"status": "opgelost"}, "#ffffff")
    assert late["color"] == OVERDUE_RING and late["weight"] > closed["weight"]
    assert near["radius"] > closed["radius"]
    assert closed["fillOpacity"] < late["fillOpacity"]
    legend = signal_legend(
        ["sluikstort", "sluikstort"],
        type_labels={"sluikstort": "Sluikstort"},
        colours={"sluikstort": "#8e44ad"},
        overdue_text="te laat",
        hotspot_text="bij hotspot",
    )
    assert legend == [
        ("#8e44ad", "Sluikstort"),
        (OVERDUE_RING, "te laat"),
        ("#000000", "bij hotspot"),
    ]
