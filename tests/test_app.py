"""The Streamlit app through streamlit.testing's AppTest, on a small synthetic workspace."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from app_elements import map_args
from html_tables import read_table
from streamlit.testing.v1 import AppTest

from gis.io_workspace import GeoPackageWorkspace
from wijkradar.services import build_demo

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("app") / "demo.gpkg"
    build_demo(path, ["ipz31", "ipz51"], seed=3, years=1.0, end="2026-06-30")
    return path


@pytest.fixture
def app(demo_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("WIJKRADAR_WORKSPACE", str(demo_workspace))
    monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", "chef")  # demo workspaces only (test_app_login)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _selected_count(at: AppTest) -> int:
    return int(at.metric[0].value.replace(".", ""))


def _period_shown(at: AppTest) -> str:
    """The dates the chosen period covers, as the sidebar says them under the choice."""
    (shown,) = [c.value for c in at.sidebar.caption if re.fullmatch(r"[\d/]+ – [\d/]+", c.value)]
    return shown


def _expected(workspace: Path, **filters: object) -> int:
    incidents = GeoPackageWorkspace(workspace).incidents()
    keep = incidents.geometry.notna() & incidents["in_zone"]
    for column, values in filters.items():
        keep &= incidents[column].isin(values)
    return int(keep.sum())


def test_opens_on_first_zone_with_synthetic_label(app: AppTest, demo_workspace: Path) -> None:
    assert app.sidebar.selectbox(key="zone").value == "ipz31"
    assert any("SYNTHETISCHE DEMODATA" in w.value for w in app.warning)
    municipalities = {"23002", "23052", "23060", "23102"}
    # the default period is the 12 months up to the latest incident: all of a 1-year demo
    assert _selected_count(app) == _expected(demo_workspace, nis=municipalities)
    top = read_table(app.html[0].value)
    assert len(top) == 15 and top["Aantal"].is_monotonic_decreasing
    assert "Wijken voor omgevingsanalyse" in app.main.caption[-1].value


@pytest.mark.parametrize("zone", ["ipz31", "ipz51"])
def test_zone_choice(app: AppTest, demo_workspace: Path, zone: str) -> None:
    app.sidebar.selectbox(key="zone").set_value(zone).run()
    assert not app.exception
    nis = {"ipz31": {"23002", "23052", "23060", "23102"}, "ipz51": {"24038", "24055"}}[zone]
    assert _selected_count(app) == _expected(demo_workspace, nis=nis)


@pytest.mark.parametrize("nis", ["23002", "23052", "23060", "23102"])
def test_municipality_choice(app: AppTest, demo_workspace: Path, nis: str) -> None:
    app.sidebar.selectbox(key="municipality").set_value(nis).run()
    assert not app.exception
    assert _selected_count(app) == _expected(demo_workspace, nis={nis})
    wijken = app.sidebar.selectbox(key="wijk").options
    assert all(nis in w or w == "(alle)" for w in wijken) or len(wijken) > 1


def test_wijk_choice(app: AppTest, demo_workspace: Path) -> None:
    app.sidebar.selectbox(key="municipality").set_value("23102").run()
    options = [o for o in app.sidebar.selectbox(key="wijk").options if o != "(alle)"]
    assert options, "Wemmel has wijken"
    codes = GeoPackageWorkspace(demo_workspace).areas("wijken").set_index("name")["code"]
    for name in options:
        app.sidebar.selectbox(key="wijk").set_value(codes[name]).run()
        assert not app.exception
        assert _selected_count(app) == _expected(demo_workspace, wijk={codes[name]})


def test_category_choice(app: AppTest, demo_workspace: Path) -> None:
    app.sidebar.multiselect(key="categories").set_value(["woninginbraak"]).run()
    assert not app.exception
    nis = {"23002", "23052", "23060", "23102"}
    incidents = GeoPackageWorkspace(demo_workspace).incidents()
    expected = incidents["nis"].isin(nis) & incidents["category"].eq("woninginbraak")
    assert _selected_count(app) == int((expected & incidents.geometry.notna()).sum())
    app.sidebar.multiselect(key="categories").set_value([]).run()
    assert not app.exception
    assert _selected_count(app) == 0
    assert any("Geen incidenten" in i.value for i in app.info)


def test_own_period_choice(app: AppTest, demo_workspace: Path) -> None:
    incidents = GeoPackageWorkspace(demo_workspace).incidents()
    in_view = incidents["nis"].isin({"23002", "23052", "23060", "23102"}) & incidents["in_zone"]

    def expected(first: pd.Timestamp, last: pd.Timestamp) -> int:
        days = incidents["start"].between(first, last + pd.Timedelta(days=1), inclusive="left")
        return int((in_view & days).sum())

    assert not app.sidebar.date_input, "the date picker is only drawn when asked for"
    app.sidebar.selectbox(key="period_preset").set_value("custom").run()
    start, end = pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-31")
    app.sidebar.date_input(key="period").set_value((start.date(), end.date())).run()
    assert not app.exception
    assert _period_shown(app) == "01/03/2026 – 31/03/2026"
    assert _selected_count(app) == expected(start, end) > 0
    # while only the first day of a range is picked, the map shows that day
    app.sidebar.date_input(key="period").set_value((start.date(),)).run()
    assert not app.exception
    assert _period_shown(app) == "01/03/2026 – 01/03/2026"
    assert _selected_count(app) == expected(start, start) < expected(start, end)


@pytest.mark.parametrize(("preset", "weeks"), [("4w", 4), ("13w", 13), ("this_year", None)])
def test_named_period_choice(
    app: AppTest, demo_workspace: Path, preset: str, weeks: int | None
) -> None:
    # each named period ends with the day of the zone's latest located incident
    incidents = GeoPackageWorkspace(demo_workspace).incidents()
    nis = {"23002", "23052", "23060", "23102"}
    in_view = incidents["nis"].isin(nis) & incidents["in_zone"] & incidents.geometry.notna()
    last_day = incidents.loc[in_view, "start"].max().normalize()
    day_after = last_day + pd.Timedelta(days=1)
    first_day = day_after - pd.Timedelta(weeks=weeks) if weeks else last_day.replace(month=1, day=1)
    app.sidebar.selectbox(key="period_preset").set_value(preset).run()
    assert not app.exception
    assert _period_shown(app) == f"{first_day:%d/%m/%Y} – {last_day:%d/%m/%Y}"
    keep = in_view & (incidents["start"] >= first_day) & (incidents["start"] < day_after)
    assert 0 < _selected_count(app) == int(keep.sum()) < _expected(demo_workspace, nis=nis)


@pytest.mark.parametrize("cell_size", [50, 150, 500])
def test_cell_size_choice(app: AppTest, cell_size: int) -> None:
    before = read_table(app.html[0].value)["Aantal"].iloc[0]
    app.sidebar.selectbox(key="cell_size").set_value(cell_size).run()
    assert not app.exception
    after = read_table(app.html[0].value)["Aantal"].iloc[0]
    if cell_size > 150:
        assert after >= before
    elif cell_size < 150:
        assert after <= before


def test_french(app: AppTest) -> None:
    app.sidebar.selectbox(key="_language_widget").set_value("fr").run()
    assert not app.exception
    assert app.title[0].value.startswith("wijkradar — points chauds")
    assert app.metric[0].label == "Incidents sélectionnés"


def test_missing_workspace_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKRADAR_WORKSPACE", str(tmp_path / "none.gpkg"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "make run" in at.error[0].value


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_help_page_has_a_section_per_role(lang: str) -> None:
    roles = ["chef", "inspecteur", "partner", "admin"]
    at = AppTest.from_file(str(Path(APP).parent / "pages" / "9_Hulp.py"), default_timeout=30)
    at.session_state["language"] = lang
    at.run()
    assert not at.exception
    titles = [e.label for e in at.expander]
    assert len(titles) == 5
    for role in roles:
        assert any(f"({role})" in title for title in titles), (role, titles)


@pytest.mark.parametrize(
    "method", ["count", "harm", "gi_star", "clusters", "trends", "near_repeat"]
)
def test_hotspot_method_choice(app: AppTest, method: str) -> None:
    app.sidebar.selectbox(key="method").set_value(method).run()
    assert not app.exception
    profile = read_table(app.html[-1].value, index=True)  # the hour × weekday table
    assert profile.shape == (7, 24)
    # every selected incident is spread over its possible hours; cells are shown as whole
    # numbers (each off by at most 0.5)
    assert abs(profile.to_numpy().sum() - _selected_count(app)) <= 7 * 24 * 0.5


def test_forecast_says_which_method_the_map_shows_and_why(app: AppTest) -> None:
    app.sidebar.selectbox(key="method").set_value("forecast").run(timeout=300)
    assert not app.exception
    assert any(s.value.startswith("Voorspelling vanaf") for s in app.subheader)
    verdicts = [m.value for m in [*app.warning, *app.success] if "de kaart toont" in m.value]
    assert len(verdicts) == 1, verdicts  # better / not better / too few counts: said once
    evidence = app.dataframe[0].value  # the backtest on the selection's own past weeks
    assert {"count-4w", "count-52w", "kde-52w"} <= set(evidence["methode"])


def test_hour_weekday_table_for_one_hotspot_cell(app: AppTest) -> None:
    whole = read_table(app.html[-1].value, index=True).to_numpy().sum()
    top_count = int(read_table(app.html[0].value)["Aantal"].iloc[0])
    app.selectbox(key="when").set_value(1).run()
    assert not app.exception
    cell = read_table(app.html[-1].value, index=True).to_numpy().sum()
    # the table now covers only the incidents of the top cell (cells shown as whole numbers)
    assert abs(cell - top_count) <= 7 * 24 * 0.5
    assert cell < whole


@pytest.mark.parametrize(
    ("method", "drawn", "absent"),
    [
        ("count", {"wijk-polygon", "hotspot-cell"}, {"hotspot-near_repeat", "hotspot-gi_star"}),
        ("near_repeat", {"wijk-polygon", "hotspot-cell", "hotspot-near_repeat"}, set()),
        ("gi_star", {"wijk-polygon", "hotspot-gi_star"}, {"hotspot-cell"}),
    ],
)
def test_map_layers_per_method(app: AppTest, method: str, drawn: set, absent: set) -> None:
    app.sidebar.selectbox(key="method").set_value(method).run()
    assert not app.exception
    layers = map_args(app)["feature_group"]
    assert all(name in layers for name in drawn), drawn
    assert not any(name in layers for name in absent), absent


def test_a_filter_change_keeps_the_map_and_swaps_its_layers(app: AppTest) -> None:
    before = map_args(app)
    app.sidebar.selectbox(key="municipality").set_value("23102").run()  # Wemmel
    after = map_args(app)
    assert after["key"] == before["key"]  # same component: the browser keeps its Leaflet map
    assert after["script"] == before["script"]
    assert after["feature_group"] != before["feature_group"]
    assert after["feature_group"].count('"code"') < before["feature_group"].count('"code"')
    assert "jquery" not in " ".join(after["js_links"])
