"""The address review page (pages/2_Adressen_nakijken.py) through streamlit's AppTest."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from gazetteer_data import review_workspace
from streamlit.testing.v1 import AppTest

from gis.io_gazetteer import read_corrections
from gis.io_workspace import GeoPackageWorkspace
from wijkradar import geocode_services

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "2_Adressen_nakijken.py")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic demo workspace with a gazetteer and three imported address-only rows."""
    return review_workspace(tmp_path_factory.mktemp("review"))


@pytest.fixture
def page(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    path = tmp_path / "demo.gpkg"
    for sibling in template.parent.glob(f"{template.stem}.*"):  # the access store beside it
        shutil.copyfile(sibling, tmp_path / sibling.name)
    monkeypatch.setenv("WIJKRADAR_WORKSPACE", str(path))
    monkeypatch.setenv("WIJKRADAR_DEMO_LOGIN", "chef")
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def queue_of(page: AppTest) -> pd.DataFrame:
    return geocode_services.review_queue(GeoPackageWorkspace(os.environ["WIJKRADAR_WORKSPACE"]))


def test_lists_the_rows_to_review_with_their_candidates(page: AppTest) -> None:
    assert page.title[0].value == "Adressen nakijken"
    table = page.dataframe[0].value
    queue = queue_of(page)
    assert len(table) == len(queue) >= 2  # the demo's own address-only rows are in it too
    typed = set(table["Zoals ingegeven"])
    assert {"Kerkstraat 5, 1730 Asse", "Brusselsesteenweg 10, Asse"} <= typed
    assert not any(v.startswith("Kalkoven") for v in typed)
    assert set(table["Status"]) <= {"na te kijken", "niet te lokaliseren", "lage score"}
    kerk = queue.index[queue["id"].eq("R1")][0]
    page.selectbox(key="review_row").set_value(kerk).run()
    options = page.radio[0].options
    assert len(options) == 2 and options[0].startswith("1. Kerkstraat (1730)")


def test_choosing_a_candidate_stores_the_correction_and_empties_the_row(page: AppTest) -> None:
    queue = queue_of(page)
    row = queue[queue["id"].eq("R1")].iloc[0]
    candidate = json.loads(row["candidates"])[1]
    page.selectbox(key="review_row").set_value(int(row.name)).run()
    page.radio[0].set_value(1)
    page.button(key="review_choose").click().run()
    assert not page.exception, page.exception
    workspace = GeoPackageWorkspace(os.environ["WIJKRADAR_WORKSPACE"])
    corrections = read_corrections(workspace)
    assert corrections["raw_key"].tolist() == [row["raw_key"]]
    assert corrections["by"].tolist() == ["chef"]
    assert corrections["address_id"].tolist() == [candidate["address_id"]]
    assert len(page.dataframe[0].value) == len(queue) - 1
    assert "Verbetering bewaard" in page.success[0].value
    incidents = workspace.incidents()
    assert incidents.loc[incidents["id"].eq("R1"), "geocode_status"].tolist() == ["geocoded"]


def test_french_labels(page: AppTest) -> None:
    page.sidebar.selectbox(key="_language_widget").set_value("fr").run()
    assert page.title[0].value == "Vérifier les adresses"
    assert set(page.dataframe[0].value["Statut"]) <= {"à vérifier", "non localisable", "score bas"}
