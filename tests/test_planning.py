"""The presence planner's rules, on a small synthetic world (tests/planning_data.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import folium
import numpy as np
import pandas as pd
import planning_data as world
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.duties import (
    check_duties,
    duty_occurrences,
    easter_sunday,
    flemish_school_holidays,
    parse_weekdays,
)
from gis.errors import ValidationError
from gis.i18n import message, weekday_names
from gis.place_risk import driving_categories, peak_text
from gis.planning import PlanSettings, make_plan, order_route, retime_travel, wijk_fairness
from gis.roster import parse_week, roster_from_rows, shift_times
from layers.planning import slot_layer


def _plan(seed: int = 0, **options: object):
    risk = options.pop("risk", None) or world.risk()
    occurrences = duty_occurrences(world.duties(), week_start=world.WEEK)
    return make_plan(
        options.pop("shifts", world.shifts()),
        world.inspectors(),
        world.wijken(),
        risk,
        occurrences,
        week_start=world.WEEK,
        settings=PlanSettings(seed=seed, **options),
    )


@pytest.fixture(scope="module")
def plan():
    return _plan(seed=0)


def _cell_of(point: tuple[float, float]) -> str:
    return f"{math.floor(point[0] / 150)}_{math.floor(point[1] / 150)}"


# -- fixed duties ------------------------------------------------------------------------------
def test_fixed_duties_are_planned_at_their_times(plan) -> None:
    occurrences = duty_occurrences(world.duties(), week_start=world.WEEK)
    # school Mon, Tue, Thu, Fri; market Wednesday; kermis Friday 4 December
    assert len(occurrences) == 6
    duties = plan.slots[plan.slots["kind"] == "duty"]
    assert len(duties) + len(plan.uncovered) == len(occurrences)
    assert plan.uncovered.empty
    merged = occurrences.merge(
        duties, left_on=["duty_id", "start"], right_on=["duty_id", "start"], how="left"
    )
    assert (merged["end_x"] == merged["end_y"]).all()
    school = duties[duties["duty_id"] == "school-a"]
    assert set(school["inspector"]) == {"Insp A"}  # own wijk first
    assert (school["start"].dt.strftime("%H:%M") == "15:20").all()
    kermis = duties[duties["duty_id"] == "kermis-b"]
    assert kermis["start"].tolist() == [pd.Timestamp("2026-12-04 18:00")]


def test_duty_nobody_can_reach_is_listed_as_uncovered() -> None:
    shifts = world.shifts()
    shifts.loc[shifts["inspector"] != "Insp D", "absence"] = "verlof"
    plan = _plan(shifts=shifts)
    assert plan.slots.empty
    assert len(plan.uncovered) == 6
    assert any("niemand van dienst" in n for n in plan.notes)


def test_school_duties_are_off_in_school_holidays() -> None:
    christmas = pd.Timestamp("2026-12-21")  # Monday of the Christmas break 2026
    occurrences = duty_occurrences(world.duties(), week_start=christmas)
    assert "school-a" not in set(occurrences["duty_id"])
    assert "markt-c" in set(occurrences["duty_id"])


@pytest.mark.parametrize(
    ("day", "off"),
    [
        (dt.date(2025, 10, 27), True),  # autumn break (1 Nov 2025 is a Saturday)
        (dt.date(2025, 11, 3), False),
        (dt.date(2025, 11, 11), True),
        (dt.date(2025, 12, 22), True),  # Christmas break 22/12/2025 – 4/1/2026
        (dt.date(2026, 1, 4), True),
        (dt.date(2026, 1, 5), False),
        (dt.date(2026, 2, 16), True),  # carnival 16–22/2/2026
        (dt.date(2026, 2, 23), False),
        (dt.date(2026, 4, 6), True),  # Easter break 6–19/4/2026
        (dt.date(2026, 4, 20), False),
        (dt.date(2026, 5, 14), True),  # Ascension Day and the Friday after
        (dt.date(2026, 5, 15), True),
        (dt.date(2026, 5, 25), True),  # Whit Monday
        (dt.date(2026, 6, 30), False),
        (dt.date(2026, 7, 1), True),
        (dt.date(2026, 8, 31), True),
        (dt.date(2026, 11, 2), True),  # 1 Nov 2026 is a Sunday: break 2–8 Nov
        (dt.date(2026, 10, 26), False),
        (dt.date(2025, 4, 7), True),  # Easter 20/4/2025 (after 15/4): break 7–21/4
        (dt.date(2025, 4, 21), True),
        (dt.date(2025, 4, 22), False),
    ],
)
def test_flemish_school_holidays(day: dt.date, off: bool) -> None:
    assert (day in flemish_school_holidays({2025, 2026})) is off


def test_easter_dates() -> None:
    assert easter_sunday(2025) == dt.date(2025, 4, 20)
    assert easter_sunday(2026) == dt.date(2026, 4, 5)
    assert easter_sunday(2027) == dt.date(2027, 3, 28)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("ma,di,do,vr", (0, 1, 3, 4)),
        ("ma-vr", (0, 1, 2, 3, 4)),
        ("zaterdag", (5,)),
        ("vr-ma", (0, 4, 5, 6)),
        ("", ()),
        ("Mon; wed", (0, 2)),
    ],
)
def test_parse_weekdays(text: str, days: tuple[int, ...]) -> None:
    assert parse_weekdays(text) == days


@pytest.mark.parametrize("text", ["ma - vr", "ma -vr", "lun- ven", "MA -  VR."])
def test_a_range_may_have_spaces_around_its_dash(text: str) -> None:
    assert parse_weekdays(text) == (0, 1, 2, 3, 4)


@pytest.mark.parametrize("lang", ["nl", "fr"])
@pytest.mark.parametrize("full", [False, True])
def test_the_day_labels_the_app_shows_are_read_back_as_the_same_days(lang: str, full: bool) -> None:
    # a user copies "mar" or "di" from the hour x weekday table into a shift block
    names = weekday_names(lang, full=full)
    assert len(set(names)) == 7 and names[0] in ("ma", "lun", "maandag", "lundi")
    for day, name in enumerate(names):
        assert parse_weekdays(name) == (day,)
    assert names[1] == message("ui.day_1" if not full else "ui.dayname_1", lang)


@pytest.mark.parametrize(("lang", "monday"), [("nl", "ma"), ("fr", "lun")])
def test_slot_tooltips_name_the_day_in_the_users_language(lang: str, monday: str) -> None:
    slots = pd.DataFrame(
        {
            "x": [150_000.0],
            "y": [180_000.0],
            "start": [pd.Timestamp("2026-12-07 17:00")],  # a Monday
            "end": [pd.Timestamp("2026-12-07 17:15")],
            "kind": ["hotspot"],
            "street": ["Kerkstraat"],
            "reason": ["top-cel"],
        }
    )
    group = slot_layer(slots, name="plan", day_names=weekday_names(lang))
    fmap = folium.Map()
    group.add_to(fmap)
    html = fmap.get_root().render()
    assert f"1. {monday} 07/12 17:00–17:15 — Kerkstraat" in html
    assert "Mon 07/12" not in html


def test_bad_duties_are_refused_with_their_name() -> None:
    bad = world.duties().assign(start=["15:20", "xx", "18:00"])
    with pytest.raises(ValidationError, match="markt-c"):
        check_duties(bad)
    with pytest.raises(ValidationError, match="weekday 'mx'"):
        parse_weekdays("ma,mx")


# -- slots ---------------------------------------------------------------------------------------
def test_dwell_is_ten_to_fifteen_minutes(plan) -> None:
    hot = plan.slots[plan.slots["kind"] == "hotspot"]
    assert len(hot) >= 8
    assert hot["dwell_min"].between(10, 15).all()
    assert ((hot["end"] - hot["start"]) / pd.Timedelta(minutes=1) == hot["dwell_min"]).all()


def test_time_budget_counts_travel_and_fits_the_shift(plan) -> None:
    shifts = shift_times(world.shifts()).set_index("shift_id")
    for shift_id, part in plan.slots.groupby("shift_id"):
        shift = shifts.loc[shift_id]
        used = part["dwell_min"].sum() + part["travel_min"].sum() + part["return_min"].sum()
        assert used <= shift["street_minutes"], shift_id
        part = part.sort_values("start")
        assert part["start"].iloc[0] >= shift["begin"] + pd.Timedelta(
            minutes=int(part["travel_min"].iloc[0])
        )
        assert (
            part["end"].iloc[-1] + pd.Timedelta(minutes=int(part["return_min"].iloc[-1]))
            <= (shift["finish"])
        )
        gaps = part["start"].iloc[1:].to_numpy() - part["end"].iloc[:-1].to_numpy()
        needed = part["travel_min"].iloc[1:].to_numpy() + part["return_min"].iloc[:-1].to_numpy()
        assert (gaps / np.timedelta64(1, "m") >= needed).all(), shift_id
    summary = plan.shifts.set_index("shift_id")
    totals = plan.slots.groupby("shift_id")[["dwell_min", "travel_min", "return_min"]].sum()
    assert (totals.sum(axis=1) == summary.loc[totals.index, "used_minutes"]).all()


def test_travel_is_distance_times_detour_over_speed(plan) -> None:
    redone = retime_travel(plan.slots, world.shifts(), world.inspectors(), world.wijken())
    merged = plan.slots.merge(redone, on="slot_id", suffixes=("", "_again"))
    assert (merged["travel_min"] == merged["travel_min_again"]).all()
    assert (merged["return_min"] == merged["return_min_again"]).all()
    first = plan.slots[plan.slots["inspector"] == "Insp B"].sort_values("start").iloc[0]
    base = world.inspectors().set_index("inspector").loc["Insp B"]
    metres = math.hypot(first["x"] - base["base_x"], first["y"] - base["base_y"])
    assert first["travel_min"] == math.ceil(metres * 1.3 / 75.0)  # on foot, 4.5 km/h


def test_visits_to_a_place_are_spread_over_days_and_hours(plan) -> None:
    hot = plan.slots[plan.slots["kind"] == "hotspot"]
    assert not hot.duplicated(["place", "date"]).any()
    for _place, part in hot.groupby("place"):
        if len(part) >= 3:
            assert part["start"].dt.hour.nunique() >= 2


def test_cap_on_one_inspectors_share_of_a_place() -> None:
    street = world.shifts().groupby("inspector")["street_minutes"].sum()
    for share in (0.02, 0.01):  # 24 min of 1200 street minutes; 12 min (one visit allowed)
        plan = _plan(max_place_share=share)
        hot = plan.slots[plan.slots["kind"] == "hotspot"]
        per = hot.groupby(["inspector", "place"])["dwell_min"].agg(["sum", "size"])
        per = per.reset_index()
        limit = np.maximum(15, share * per["inspector"].map(street))
        assert (per["sum"] <= limit).all()
    assert (per["size"] == 1).all()
    assert (_plan().slots.groupby(["inspector", "place"]).size() > 1).any()  # default binds less


def test_own_wijk_first_then_neighbours_never_further(plan) -> None:
    hot = plan.slots[plan.slots["kind"] == "hotspot"]
    assert set(hot.loc[hot["inspector"] == "Insp A", "wijk"]) == {"A"}
    b_wijken = set(hot.loc[hot["inspector"] == "Insp B", "wijk"])
    assert b_wijken and b_wijken <= {"A", "C"}  # B has no hotspot: neighbours only
    assert hot[hot["inspector"] == "Insp B"]["reason"].str.startswith("buurwijk").all()
    assert hot[hot["inspector"] == "Insp D"].empty  # D has no neighbours with hotspots
    pools = plan.shifts.groupby("inspector")["pool"].first()
    assert pools.to_dict() == {"Insp A": "own", "Insp B": "neighbour", "Insp D": "none"}


def test_no_neighbours_when_switched_off() -> None:
    plan = _plan(neighbours=False)
    assert plan.slots[
        (plan.slots["inspector"] == "Insp B") & (plan.slots["kind"] == "hotspot")
    ].empty


def test_no_slot_outside_the_zone(plan) -> None:
    zone = shapely.union_all(world.wijken().geometry.to_numpy())
    assert shapely.contains_xy(zone, plan.slots["x"], plan.slots["y"]).all()


def test_higher_forecast_gets_more_minutes(plan) -> None:
    hot = plan.slots[plan.slots["kind"] == "hotspot"]
    minutes = hot.groupby("place")["dwell_min"].sum()
    risk = world.risk().places.set_index("place")
    strong, weak = _cell_of(world.STRONG), _cell_of(world.WEAK)
    assert risk.at[strong, "expected"] > risk.at[weak, "expected"]
    assert minutes.get(strong, 0) > minutes.get(weak, 0)


def test_forecast_and_time_block_drive_the_hour(plan) -> None:
    strong = plan.slots[plan.slots["place"] == _cell_of(world.STRONG)]
    # burglaries there happen Tue–Thu 16–20h: most visits fall in the afternoon blocks
    assert (strong["start"].dt.hour >= 14).mean() >= 0.6
    assert strong["reason"].str.contains("woninginbraken in 8 weken").all()
    assert strong["reason"].str.contains("top").all()


def test_randomness_is_controlled_by_the_seed() -> None:
    first, again, other = _plan(seed=1), _plan(seed=1), _plan(seed=2)
    pd.testing.assert_frame_equal(first.slots, again.slots)
    key = ["inspector", "place", "start"]
    assert set(map(tuple, first.slots[key].to_numpy())) != set(
        map(tuple, other.slots[key].to_numpy())
    )
    for plan in (first, other):  # both respect the rules
        hot = plan.slots[plan.slots["kind"] == "hotspot"]
        assert hot["dwell_min"].between(10, 15).all()
        assert not hot.duplicated(["place", "date"]).any()


def test_weak_evidence_plans_fewer_slots_and_says_so() -> None:
    strict = _plan(risk=world.risk(min_incidents=50))  # only STRONG has 60 incidents
    normal = _plan()
    hot_strict = strict.slots[strict.slots["kind"] == "hotspot"]
    assert len(hot_strict) < len(normal.slots[normal.slots["kind"] == "hotspot"])
    assert set(hot_strict["place"]) == {_cell_of(world.STRONG)}
    assert any("minder dan 50 incidenten" in n for n in strict.notes)
    none = _plan(risk=world.risk(min_incidents=500))
    assert (none.slots["kind"] == "duty").all()
    assert any("enkel de vaste taken" in n for n in none.notes)


def test_proactive_categories_do_not_drive_the_plan() -> None:
    found = world.incidents()
    chosen = driving_categories(found["category"].unique())
    assert "drugsoverlast" not in chosen and "woninginbraak" in chosen
    default = world.risk().places
    assert not (default["wijk"] == "B").any()
    everything = world.risk(**{}).__class__  # keep the import of the class used
    assert everything is not None
    from gis.place_risk import place_risk

    with_drugs = place_risk(
        found, world.wijken(), now=world.WEEK, categories=sorted(found["category"].unique())
    )
    assert (with_drugs.places["wijk"] == "B").any()


def test_peak_text() -> None:
    profile = np.zeros((7, 24))
    profile[1:4, 16:20] = 1.0
    assert peak_text(profile.ravel()) == "piek di–do 16–20u"


def test_fairness_flags_ratios_above_two_and_below_half() -> None:
    slots = pd.DataFrame({"wijk": ["A", "A", "B", "C"], "dwell_min": [60, 60, 15, 15]})
    harm = pd.Series({"A": 10.0, "B": 10.0, "C": 80.0, "D": 0.0})
    table = wijk_fairness(slots, harm).set_index("wijk")
    assert table.at["A", "minutes_share"] == pytest.approx(0.8)
    assert table.at["A", "ratio"] == pytest.approx(8.0)
    assert table.at["A", "flag"] == "too_much"
    assert table.at["C", "ratio"] == pytest.approx(0.1 / 0.8)
    assert table.at["C", "flag"] == "too_little"
    assert table.at["B", "flag"] == ""
    assert np.isnan(table.at["D", "ratio"])


# -- route ----------------------------------------------------------------------------------------
def _length(order, start, xy) -> float:
    points = [start, *[tuple(xy[i]) for i in order]]
    return sum(math.dist(a, b) for a, b in itertools.pairwise(points))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 1000)), min_size=1, max_size=6))
def test_route_is_a_permutation_no_longer_than_nearest_neighbour(points) -> None:
    xy = np.array(points)
    order = order_route(xy, (0.0, 0.0))
    assert sorted(order) == list(range(len(points)))
    best = min(_length(p, (0.0, 0.0), xy) for p in itertools.permutations(range(len(points))))
    # nearest neighbour + 2-opt: never worse than 1.5 × the optimum on these small sets
    assert _length(order, (0.0, 0.0), xy) <= 1.5 * best + 1e-6


def test_two_opt_untangles_a_crossing() -> None:
    xy = np.array([[0.0, 10.0], [10.0, 0.0], [10.0, 10.0], [0.0, 20.0]])
    order = order_route(xy, (0.0, 0.0))
    assert _length(order, (0.0, 0.0), xy) == pytest.approx(
        min(_length(p, (0.0, 0.0), xy) for p in itertools.permutations(range(4)))
    )


# -- roster ---------------------------------------------------------------------------------------
def test_roster_rows_with_dutch_headers() -> None:
    rows = pd.DataFrame(
        {
            "Inspecteur": ["An Peeters", "An Peeters", "Jan Maes"],
            "Wijk(en)": ["A;B", "A;B", "C"],
            "Datum": ["30/11/2026", "01/12/2026", "2026-11-30"],
            "Begin": ["08:00", "", "22:00"],
            "Einde": ["16:00", "", "06:00"],
            "Uren straat": ["3,5", "", "2"],
            "Afwezig": ["", "verlof", ""],
            "Vervoer": ["", "", "te voet"],
        },
        index=[2, 3, 4],
    )
    inspectors, shifts = roster_from_rows(rows, known_wijken={"A", "B", "C"})
    assert inspectors.set_index("inspector").loc["An Peeters", "wijken"] == "A;B"
    assert inspectors.set_index("inspector").loc["Jan Maes", "mode"] == "te voet"
    assert shifts["street_minutes"].tolist() == [210, 0, 120]
    assert shifts["absence"].tolist() == ["", "verlof", ""]
    night = shift_times(shifts.iloc[[2]])
    assert night["finish"].iloc[0] == pd.Timestamp("2026-12-01 06:00")


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"Wijk(en)": ["Z"]}, "wijk 'Z'"),
        ({"Datum": ["31/02/2026"]}, "not a date"),
        ({"Uren straat": ["9"]}, "does not fit"),
        ({"Vervoer": ["auto"]}, "vervoer"),
    ],
)
def test_bad_roster_rows_are_refused(change: dict, match: str) -> None:
    rows = pd.DataFrame(
        {
            "Inspecteur": ["An"],
            "Wijk(en)": ["A"],
            "Datum": ["30/11/2026"],
            "Begin": ["08:00"],
            "Einde": ["16:00"],
            "Uren straat": ["3"],
            "Vervoer": ["fiets"],
        }
    )
    rows = rows.assign(**change)
    with pytest.raises(ValidationError, match=match):
        roster_from_rows(rows, known_wijken={"A"})


@pytest.mark.parametrize(
    ("week", "monday"),
    [("2026-W49", "2026-11-30"), ("2026W01", "2025-12-29"), ("2020-W53", "2020-12-28")],
)
def test_parse_week(week: str, monday: str) -> None:
    assert parse_week(week) == pd.Timestamp(monday)


@pytest.mark.parametrize("week", ["2026-49", "2026-W54", "W49"])
def test_bad_week(week: str) -> None:
    with pytest.raises(ValidationError, match="week"):
        parse_week(week)


def test_forecast_module_with_its_fallback_drives_the_plan() -> None:
    pytest.importorskip("gis.forecast")
    from gis.place_risk import place_risk
    from wijkradar.planning_service import forecast_for_week

    found = world.incidents()
    categories = driving_categories(found["category"].unique())
    table, label = forecast_for_week(found, world.wijken(), world.WEEK, categories)
    assert set(table.columns) == {"cell", "expected", "reliable"}
    # 108 events in a year are too few for the learned forecast: honest fallback to a baseline
    assert not table["reliable"].any() and "terugval" in label
    risk = place_risk(
        found,
        world.wijken(),
        now=world.WEEK,
        categories=categories,
        forecast=table,
        forecast_method=label,
    )
    assert risk.method == label and not risk.reliable
    assert any("niet betrouwbaar" in n for n in risk.notes)
    expected = risk.places.set_index("place")["expected"]
    assert expected[_cell_of(world.STRONG)] > expected[_cell_of(world.WEAK)]
    plan = _plan(risk=risk)
    hot = plan.slots[plan.slots["kind"] == "hotspot"]
    assert len(hot) and hot["reason"].str.contains("basislijn top").all()


def test_check_slots_accepts_the_plan_and_flags_edits(plan) -> None:
    from gis.planning import check_slots

    assert check_slots(plan.slots, world.shifts()) == []
    edited = plan.slots.copy()
    hot = edited.index[edited["kind"] == "hotspot"]
    first, second = hot[0], hot[1]
    edited.loc[first, ["start", "end"]] = [
        pd.Timestamp("2026-11-30 06:00"),
        pd.Timestamp("2026-11-30 06:15"),
    ]
    edited.loc[second, "dwell_min"] = 25
    edited.loc[second, "end"] = edited.loc[second, "start"] + pd.Timedelta(minutes=25)
    problems = check_slots(edited, world.shifts())
    assert any("buiten een dienst" in p for p in problems)
    assert any("verblijf 25 min" in p for p in problems)
    overlap = plan.slots.copy()
    a = overlap.index[overlap["inspector"] == "Insp A"]
    overlap.loc[a[1], ["start", "end"]] = [overlap.loc[a[0], "start"], overlap.loc[a[0], "end"]]
    assert any("overlapt" in p for p in check_slots(overlap, world.shifts()))
