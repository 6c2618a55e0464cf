"""Follow-up figures with known answers: planned vs done, dosage, weighted displacement."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gis.errors import ValidationError
from gis.followup import EffectResult, dosage, effect_view, latest_outcomes, planned_vs_done
from gis.hotspots import analysis_grid

T = pd.Timestamp


def _slots() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "plan_id": ["p1"] * 4 + ["p2"],
            "slot_id": ["s1", "s2", "s3", "s4", "s1"],
            "inspector": ["An", "An", "Jan", "Jan", "An"],
            "wijk": ["A", "A", "B", "A", "A"],
            "place": ["c1", "c2", "c3", "c1", "c1"],
            "start": [
                T("2026-11-30 10:00"),
                T("2026-12-01 14:00"),
                T("2026-12-01 16:00"),
                T("2026-12-02 09:00"),
                T("2026-12-07 10:00"),
            ],
            "dwell_min": [12, 15, 10, 14, 15],
        }
    )


def _outcomes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "plan_id": ["p1", "p1", "p1", "p1", "p2"],
            "slot_id": ["s1", "s2", "s3", "s3", "s1"],
            "status": ["done", "not_done", "done", "done", "done"],
            "start": [
                T("2026-11-30 10:02"),
                pd.NaT,
                T("2026-12-01 16:00"),
                T("2026-12-01 16:05"),
                T("2026-12-07 10:00"),
            ],
            "end": [
                T("2026-11-30 10:14"),
                pd.NaT,
                T("2026-12-01 16:08"),
                T("2026-12-01 16:25"),
                T("2026-12-07 10:10"),
            ],
            "recorded_at": [
                T("2026-11-30 11:00"),
                T("2026-12-01 15:00"),
                T("2026-12-01 17:00"),
                T("2026-12-01 18:00"),
                T("2026-12-07 11:00"),
            ],
        }
    )


def test_latest_outcome_per_slot_wins() -> None:
    last = latest_outcomes(_outcomes())
    assert len(last) == 4
    s3 = last[(last["plan_id"] == "p1") & (last["slot_id"] == "s3")].iloc[0]
    assert s3["end"] == T("2026-12-01 16:25")


def test_planned_vs_done_per_inspector() -> None:
    table = planned_vs_done(_slots(), _outcomes(), by="inspector").set_index("inspector")
    an, jan = table.loc["An"], table.loc["Jan"]
    assert (an["planned"], an["done"], an["not_done"], an["open"]) == (3, 2, 1, 0)
    assert an["planned_minutes"] == 12 + 15 + 15
    assert an["done_minutes"] == 12 + 10
    assert (jan["planned"], jan["done"], jan["not_done"], jan["open"]) == (2, 1, 0, 1)
    assert jan["done_minutes"] == 20  # the corrected report (16:05–16:25) counts
    assert jan["done_share"] == pytest.approx(0.5)


def test_planned_vs_done_per_wijk_and_week() -> None:
    wijk = planned_vs_done(_slots(), _outcomes(), by="wijk").set_index("wijk")
    assert wijk.loc["A", "planned"] == 4 and wijk.loc["A", "done"] == 2
    assert wijk.loc["B", "done_minutes"] == 20
    week = planned_vs_done(_slots(), _outcomes(), by="week").set_index("week")
    assert week.loc["2026-W49", "planned"] == 4
    assert week.loc["2026-W50", "done_minutes"] == 10
    with pytest.raises(ValidationError, match="by='team'"):
        planned_vs_done(_slots(), _outcomes(), by="team")


def test_dosage_per_place_and_wijk() -> None:
    visits = pd.DataFrame(
        {
            "place": ["c1", "c1", "c2", "c3"],
            "wijk": ["A", "A", "A", "B"],
            "start": [
                T("2026-11-30 10:00"),
                T("2026-12-01 18:00"),
                T("2026-12-01 09:00"),
                T("2026-12-02 12:00"),
            ],
            "end": [
                T("2026-11-30 10:12"),
                T("2026-12-01 18:15"),
                T("2026-12-01 09:10"),
                T("2026-12-02 12:14"),
            ],
        }
    )
    per_place = dosage(visits).set_index("place")
    assert per_place.loc["c1", "minutes"] == 27 and per_place.loc["c1", "visits"] == 2
    assert per_place.loc["c1", "mean_minutes"] == pytest.approx(13.5)
    assert per_place.index[0] == "c1"  # most minutes first
    per_wijk = dosage(visits, by="wijk").set_index("wijk")
    assert per_wijk.loc["A", "minutes"] == 37 and per_wijk.loc["B", "minutes"] == 14


def _grid() -> gpd.GeoDataFrame:
    zone = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 1500, 150)], crs="EPSG:31370")
    return analysis_grid(zone, cell_size=150.0)  # ten cells in a row, "0_0" .. "9_0"


def _points(cells_counts: dict[int, int], when: str) -> list[dict]:
    rows = []
    for col, n in cells_counts.items():
        for k in range(n):
            rows.append({"x": col * 150 + 20 + k, "y": 75.0, "start": T(when)})
    return rows


def test_weighted_displacement_difference_known_answer() -> None:
    # treated cell 2; buffer (<= 160 m): cells 1 and 3; pool: 0, 5..9 (4 is not a buffer
    # cell of 2 at 300 m? with buffer_m=160 only direct neighbours count)
    before = _points({2: 10, 1: 4, 3: 2, 7: 9, 6: 3, 8: 1, 0: 20}, "2026-09-01")
    during = _points({2: 4, 1: 3, 3: 2, 7: 10, 6: 2, 8: 2, 0: 20}, "2026-10-15")
    frame = pd.DataFrame(before + during)
    incidents = gpd.GeoDataFrame(
        frame[["start"]], geometry=gpd.points_from_xy(frame["x"], frame["y"]), crs="EPSG:31370"
    )
    result = effect_view(
        incidents,
        _grid(),
        ["2_0"],
        before=(T("2026-08-01"), T("2026-10-01")),
        during=(T("2026-10-01"), T("2026-12-01")),
        buffer_m=160.0,
    )
    counts = result.counts
    assert counts.loc["treated"].tolist()[:3] == [1, 10, 4]
    assert counts.loc["buffer"].tolist()[:3] == [2, 6, 5]
    # control: the unused pool cell with the nearest count before (9, cell 7); its ring 6, 8
    assert counts.loc["control"].tolist()[:3] == [1, 9, 10]
    assert counts.loc["control_buffer"].tolist()[:3] == [2, 4, 4]
    # WDD = ΔT − ΔC + ΔD − ΔCD = (−6) − (+1) + (−1) − 0 = −8
    assert result.wdd == pytest.approx(-8.0)
    assert result.wdd_se == pytest.approx(np.sqrt(10 + 4 + 9 + 10 + 6 + 5 + 4 + 4))
    assert result.z == pytest.approx(-8.0 / np.sqrt(52))
    # WDQ = (D1/C1 − D0/C0) / (T1/C1 − T0/C0) = (5/10 − 6/9) / (4/10 − 10/9)
    assert result.wdq == pytest.approx((0.5 - 6 / 9) / (0.4 - 10 / 9))
    assert not result.weak_control  # 9 before vs 10: comparable
    assert "waarneming" in result.caution()
    assert "vergelijking is zwak" not in result.caution()
    assert result.caution("fr").startswith("Attention : il s'agit d'une observation")


def test_effect_view_needs_a_visited_cell() -> None:
    incidents = gpd.GeoDataFrame(
        {"start": [T("2026-09-01")]}, geometry=[shapely.Point(10, 10)], crs="EPSG:31370"
    )
    with pytest.raises(ValidationError, match="visited"):
        effect_view(
            incidents,
            _grid(),
            ["99_99"],
            before=(T("2026-08-01"), T("2026-09-15")),
            during=(T("2026-09-15"), T("2026-10-01")),
        )


def test_effect_caution_warns_of_a_weak_comparison_in_each_language() -> None:
    counts = pd.DataFrame(
        {"cells": [1, 2, 1, 2], "before": [10, 6, 30, 4], "during": [4, 5, 28, 4]},
        index=["treated", "buffer", "control", "control_buffer"],
    )
    weak = EffectResult(counts=counts, wdd=0.0, wdd_se=1.0, z=0.0, wdq=0.0, weak_control=True)
    assert "30 incidenten tegenover 10" in weak.caution()
    assert weak.caution().endswith("dus de vergelijking is zwak.")
    assert "30 incidents contre 10" in weak.caution("fr")
    assert "la comparaison est donc faible" in weak.caution("fr")
    fine = EffectResult(counts=counts, wdd=0.0, wdd_se=1.0, z=0.0, wdq=0.0)
    assert "zwak" not in fine.caution() and "faible" not in fine.caution("fr")
