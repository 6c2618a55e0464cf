"""Harm weights: the shipped table, the reader, per-incident weights and per-cell sums."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hotspot_data import points, square_zone

from gis.demo import DEMO_CATEGORIES
from gis.errors import ValidationError
from gis.harm import check_harm_table, harm_hotspots, harm_per_cell, harm_weights
from gis.hotspots import analysis_grid
from gis.io_harm import read_harm_weights


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return read_harm_weights()


def test_shipped_table_covers_the_demo_categories(table: pd.DataFrame) -> None:
    assert list(table.columns) == ["category", "weight", "rationale"]
    assert {c.category for c in DEMO_CATEGORIES} <= set(table["category"])
    assert (table["weight"] > 0).all()
    assert (table["rationale"].str.len() > 20).all()
    weight = dict(zip(table["category"], table["weight"], strict=True))
    # the ordering a harm index exists for
    assert weight["woninginbraak"] > weight["fietsdiefstal"] > weight["wildplassen"]
    assert weight["verkeersongeval met gewonden"] > weight["verkeersongeval"]


def test_harm_weights_follow_the_category(table: pd.DataFrame) -> None:
    incidents = pd.DataFrame(
        {"category": ["woninginbraak", " wildplassen", "fietsdiefstal"]}, index=[7, 8, 9]
    )
    weights = harm_weights(incidents, table)
    assert weights.index.tolist() == [7, 8, 9]
    assert weights.tolist() == [8.0, 1.0, 3.0]


def test_unknown_categories_are_refused_unless_a_default_is_given(table: pd.DataFrame) -> None:
    incidents = pd.DataFrame({"category": ["woninginbraak", "ufo-waarneming"]})
    with pytest.raises(ValidationError, match="ufo-waarneming"):
        harm_weights(incidents, table)
    assert harm_weights(incidents, table, default=2.5).tolist() == [8.0, 2.5]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"category": ["a", "a"], "weight": [1, 2]}, "'a' twice"),
        ({"category": ["a"], "weight": [-1]}, "not a number >= 0"),
        ({"category": ["a"], "weight": ["veel"]}, "'veel'"),
        ({"category": [""], "weight": [1]}, "empty 'category'"),
        ({"category": ["a"]}, r"lacks the columns \['weight'\]"),
    ],
)
def test_bad_tables_are_refused(rows: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        check_harm_table(pd.DataFrame(rows))


def test_a_zone_can_ship_its_own_table(tmp_path: Path) -> None:
    path = tmp_path / "harm.csv"
    path.write_text(
        "category;weight;rationale\nwoninginbraak;12,5;ons beleid\n".replace(",5", ".5")
    )
    table = read_harm_weights(path)
    assert table.loc[0, "weight"] == 12.5
    with pytest.raises(ValidationError, match="no harm weight table"):
        read_harm_weights(tmp_path / "missing.csv")


def test_harm_per_cell_sums_weights(table: pd.DataFrame) -> None:
    grid = analysis_grid(square_zone(300.0), cell_size=100.0)
    incidents = points(
        [10, 20, 30, 40, 50, 250, 900],
        [10, 20, 30, 40, 50, 250, 900],  # the last lies outside the zone
        category=["woninginbraak"] * 2 + ["wildplassen"] * 3 + ["fietsdiefstal", "woninginbraak"],
    )
    scores = harm_per_cell(incidents, grid, table=table)
    by_cell = scores.set_index(grid["cell"])
    assert by_cell.loc["0_0", "harm"] == 2 * 8.0 + 3 * 1.0
    assert by_cell.loc["0_0", "count"] == 5
    assert by_cell.loc["2_2", "harm"] == 3.0
    assert scores["harm"].sum() == 22.0  # the outside burglary never counts
    plain = harm_per_cell(incidents, grid)
    assert (plain["harm"] == plain["count"]).all()


def test_harm_hotspots_rank_by_harm(table: pd.DataFrame) -> None:
    incidents = points(
        [10] * 3 + [150] * 5,
        [10] * 3 + [150] * 5,
        category=["woninginbraak"] * 3 + ["wildplassen"] * 5,
    )
    result = harm_hotspots(incidents, square_zone(300.0), cell_size=100.0, table=table)
    frame = result.frame.set_index("cell")
    assert frame.loc["0_0", "rank"] == 1  # 3 burglaries (24) beat 5 urinations (5)
    assert frame.loc["1_1", "rank"] == 2
    assert (frame["rank"] == 0).sum() == 7  # empty cells are unranked
    assert frame["share"].sum() == pytest.approx(1.0)
    counted = harm_hotspots(incidents, square_zone(300.0), cell_size=100.0)
    assert counted.frame.set_index("cell").loc["1_1", "rank"] == 1
    assert np.isclose(result.frame["harm"].sum(), 29.0)
    assert result.value == "harm" and result.method == "harm"
