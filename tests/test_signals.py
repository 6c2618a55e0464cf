"""Signals (pure): the status workflow, overdue, hotspot proximity, per-wijk counts, services,
and what each role may see."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.errors import ValidationError
from gis.schema import CRS
from gis.signals import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    PARTNER_SIGNAL_COLUMNS,
    SIGNAL_COLUMNS,
    STATUSES,
    TRANSITIONS,
    NewSignal,
    SignalViewer,
    StatusChange,
    apply_change,
    check_services,
    check_transition,
    check_types,
    default_types,
    mark_reviewed,
    near_hotspots,
    new_signals,
    overdue,
    responsible_services,
    signal_counts_per_wijk,
    viewer_for,
    visible_signals,
)

T0 = pd.Timestamp("2026-03-01 09:00")
NOW = pd.Timestamp("2026-06-01 12:00")


def squares() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Two municipalities side by side, each one wijk: (0..1000) and (1000..2000)."""
    boxes = [shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)]
    municipalities = gpd.GeoDataFrame(
        {"nis": ["11111", "22222"], "name": ["Aa", "Bee"]}, geometry=boxes, crs=CRS
    )
    wijken = gpd.GeoDataFrame(
        {"code": ["W1", "W2"], "name": ["Een", "Twee"], "nis": ["11111", "22222"]},
        geometry=boxes,
        crs=CRS,
    )
    return municipalities, wijken


def make(
    points: list[tuple[float, float]], *, types: list[str] | None = None, at: pd.Timestamp = T0
) -> gpd.GeoDataFrame:
    municipalities, wijken = squares()
    kinds = types or ["sluikstort"] * len(points)
    records = [
        NewSignal(
            type=k,
            x=x,
            y=y,
            reported_by="jan",
            description=f"nr {i}",
            reported_at=at,
            signal_id=f"s{i}",
        )
        for i, ((x, y), k) in enumerate(zip(points, kinds, strict=True))
    ]
    signals, history = new_signals(
        records, types=default_types(), municipalities=municipalities, wijken=wijken, now=NOW
    )
    assert len(history) == len(signals)
    return signals


# -- recording ---------------------------------------------------------------------------


def test_new_signals_get_municipality_wijk_and_status_nieuw() -> None:
    signals = make([(500, 500), (1500, 200)])
    assert list(signals.columns) == list(SIGNAL_COLUMNS)
    assert signals["nis"].tolist() == ["11111", "22222"]
    assert signals["wijk"].tolist() == ["W1", "W2"]
    assert signals["status"].eq("nieuw").all()
    assert signals["opened_at"].eq(T0).all() and signals["closed_at"].isna().all()
    assert not signals["shareable"].any()


@pytest.mark.parametrize(
    ("record", "fragment"),
    [
        (NewSignal("onbekend", 500, 500, "jan"), "not an active signal type"),
        (NewSignal("sluikstort", 5000, 500, "jan"), "outside the workspace's municipalities"),
        (NewSignal("sluikstort", 500, 500, " "), "reported_by is empty"),
        (NewSignal("sluikstort", 500, 500, "jan", description="x" * 1001), "at most 1000"),
        (
            NewSignal("sluikstort", 500, 500, "jan", reported_at=NOW + pd.Timedelta(days=1)),
            "lies after",
        ),
        (NewSignal("sluikstort", 500, 500, "jan", location_source="satelliet"), "kaart"),
        (NewSignal("sluikstort", float("nan"), 500, "jan"), "not a number"),
    ],
)
def test_new_signals_refuse_bad_records(record: NewSignal, fragment: str) -> None:
    municipalities, wijken = squares()
    with pytest.raises(ValidationError, match=fragment):
        new_signals(
            [record], types=default_types(), municipalities=municipalities, wijken=wijken, now=NOW
        )


def test_an_inactive_type_is_not_offered_for_new_signals() -> None:
    types = default_types()
    types.loc[types["code"].eq("hangplek"), "active"] = False
    municipalities, wijken = squares()
    with pytest.raises(ValidationError, match="'hangplek' is not an active"):
        new_signals(
            [NewSignal("hangplek", 500, 500, "jan")],
            types=types,
            municipalities=municipalities,
            wijken=wijken,
            now=NOW,
        )


def test_description_control_characters_are_dropped() -> None:
    municipalities, wijken = squares()
    signals, _ = new_signals(
        [NewSignal("sluikstort", 10, 10, "jan", description="  lamp\x00 kapot\x1b  ")],
        types=default_types(),
        municipalities=municipalities,
        wijken=wijken,
        now=NOW,
    )
    assert signals.at[0, "description"] == "lamp kapot"


# -- the status workflow ---------------------------------------------------------------------


def test_every_status_has_its_transitions_and_closed_ones_only_reopen() -> None:
    assert set(TRANSITIONS) == set(STATUSES)
    for status in CLOSED_STATUSES:
        assert TRANSITIONS[status] == {"nieuw"}
    assert "opgelost" not in TRANSITIONS["nieuw"]  # a new signal is never "fixed" unseen
    assert "in_behandeling" not in TRANSITIONS["nieuw"]


@pytest.mark.parametrize(
    ("current", "target"),
    [(c, t) for c in STATUSES for t in STATUSES if t not in TRANSITIONS[c]],
)
def test_illegal_transitions_name_from_to_and_allowed(current: str, target: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_transition(current, target)
    text = str(error.value)
    assert repr(current) in text and repr(target) in text
    for allowed in TRANSITIONS[current]:
        assert allowed in text


def test_unknown_status_is_refused_with_the_allowed_set() -> None:
    with pytest.raises(ValidationError, match="in_behandeling"):
        check_transition("gefixt", "nieuw")


def change(sid: str, to: str, at: pd.Timestamp, service: str = "") -> StatusChange:
    return StatusChange(signal_id=sid, to_status=to, by="chef", at=at, service=service)


def test_full_workflow_sets_dates_and_service() -> None:
    signals = make([(500, 500)])
    d1, d2, d3 = (T0 + pd.Timedelta(days=d) for d in (1, 5, 9))
    signals, h1 = apply_change(
        signals, change("s0", "doorgegeven", d1, "Technische dienst"), now=NOW
    )
    signals, h2 = apply_change(signals, change("s0", "in_behandeling", d2), now=NOW)
    signals, h3 = apply_change(signals, change("s0", "opgelost", d3), now=NOW)
    row = signals.iloc[0]
    assert row["status"] == "opgelost"
    assert row["service"] == "Technische dienst" and row["handed_over_at"] == d1
    assert row["closed_at"] == d3 and row["status_at"] == d3
    history = pd.concat([h1, h2, h3])
    assert history["from_status"].tolist() == ["nieuw", "doorgegeven", "in_behandeling"]
    assert history["service"].eq("Technische dienst").all()
    reopened, _ = apply_change(signals, change("s0", "nieuw", d3 + pd.Timedelta(days=1)), now=NOW)
    assert pd.isna(reopened.iloc[0]["closed_at"])
    assert reopened.iloc[0]["opened_at"] == d3 + pd.Timedelta(days=1)


@pytest.mark.parametrize(
    ("steps", "fragment"),
    [
        ([("doorgegeven", 1, "")], "needs a service"),
        ([("doorgegeven", 1, "A"), ("doorgegeven", 2, "A")], "re-route needs another service"),
        ([("doorgegeven", 5, "A"), ("in_behandeling", 2, "")], "before its last change"),
        ([("niet_weerhouden", 400, "")], "after now"),
    ],
)
def test_bad_changes_are_refused(steps: list, fragment: str) -> None:
    signals = make([(500, 500)])
    with pytest.raises(ValidationError, match=fragment):
        for status, day, service in steps:
            signals, _ = apply_change(
                signals, change("s0", status, T0 + pd.Timedelta(days=day), service), now=NOW
            )


def test_change_of_unknown_signal_is_refused() -> None:
    with pytest.raises(ValidationError, match="'nope' is not a stored signal"):
        apply_change(make([(500, 500)]), change("nope", "doorgegeven", NOW, "A"), now=NOW)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(STATUSES),
            st.sampled_from(["", "A", "B"]),
            st.integers(min_value=-2, max_value=5),
        ),
        max_size=14,
    )
)
def test_random_transition_sequences_follow_the_state_machine(steps: list) -> None:
    signals = make([(500, 500)])
    status, at, service = "nieuw", T0, ""
    for target, new_service, days in steps:
        when = at + pd.Timedelta(days=days)
        allowed = (
            target in TRANSITIONS[status]
            and when >= at
            and (
                target != "doorgegeven"
                or (new_service and not (status == "doorgegeven" and new_service == service))
            )
        )
        before = signals.copy()
        try:
            signals, history = apply_change(
                signals, change("s0", target, when, new_service), now=NOW + pd.Timedelta(days=99)
            )
        except ValidationError:
            assert not allowed, (status, target, new_service, days)
            pd.testing.assert_frame_equal(signals, before)  # a refusal changes nothing
            continue
        assert allowed, (status, target, new_service, days)
        assert history.at[0, "from_status"] == status and history.at[0, "to_status"] == target
        status, at = target, when
        if target == "doorgegeven":
            service = new_service
        row = signals.iloc[0]
        assert row["status"] == status and row["status_at"] == at
        assert row["status"] in STATUSES
        assert pd.notna(row["closed_at"]) == (status in CLOSED_STATUSES)
        assert row["service"] == service


# -- follow-up views --------------------------------------------------------------------------


def test_overdue_uses_the_type_days_and_only_open_signals() -> None:
    types = default_types()
    days = dict(zip(types["code"], types["overdue_days"], strict=True))
    signals = make(
        [(100, 100), (200, 200), (300, 300)],
        types=["defecte_straatverlichting", "leegstaand_pand", "sluikstort"],
    )
    light = days["defecte_straatverlichting"]
    now = T0 + pd.Timedelta(days=light, hours=1)
    late = overdue(signals, types, now=now)
    assert late.tolist() == [True, days["leegstaand_pand"] <= light, days["sluikstort"] <= light]
    assert not overdue(signals, types, now=T0 + pd.Timedelta(days=light - 1)).any()
    closed, _ = apply_change(
        signals, change("s0", "niet_weerhouden", T0 + pd.Timedelta(days=1)), now=NOW
    )
    assert not overdue(closed, types, now=now).iloc[0]
    custom = types.assign(overdue_days=np.where(types["code"].eq("sluikstort"), 1, 999))
    assert overdue(signals, custom, now=T0 + pd.Timedelta(days=2)).tolist() == [False, False, True]


def test_reopening_restarts_the_overdue_clock() -> None:
    types = default_types().assign(overdue_days=10)
    signals = make([(100, 100)])
    signals, _ = apply_change(
        signals, change("s0", "niet_weerhouden", T0 + pd.Timedelta(days=2)), now=NOW
    )
    signals, _ = apply_change(signals, change("s0", "nieuw", T0 + pd.Timedelta(days=30)), now=NOW)
    assert not overdue(signals, types, now=T0 + pd.Timedelta(days=35)).iloc[0]
    assert overdue(signals, types, now=T0 + pd.Timedelta(days=41)).iloc[0]


def test_near_hotspots_flags_signals_within_reach_of_the_best_cell() -> None:
    cells = gpd.GeoDataFrame(
        {"cell": ["c1", "c2"], "rank": [2, 1]},
        geometry=[shapely.box(0, 0, 150, 150), shapely.box(300, 0, 450, 150)],
        crs=CRS,
    )
    signals = make([(75, 75), (225, 75), (75, 400), (900, 900)])
    flags = near_hotspots(signals, cells, distance=150)
    assert flags["near_hotspot"].tolist() == [True, True, False, False]
    assert flags.at[0, "hotspot_distance"] == 0.0
    assert flags.at[1, "hotspot_cell"] == "c2"  # both within reach: the better rank wins
    assert flags.at[1, "hotspot_distance"] == pytest.approx(75.0)
    assert flags.at[2, "hotspot_cell"] == "" and pd.isna(flags.at[2, "hotspot_rank"])
    assert near_hotspots(signals, cells, distance=250)["near_hotspot"].sum() == 3
    assert not near_hotspots(signals, cells.iloc[:0])["near_hotspot"].any()


def test_counts_per_wijk_for_a_month() -> None:
    types = default_types().assign(overdue_days=20)
    start, end = pd.Timestamp("2026-03-01"), pd.Timestamp("2026-04-01")
    signals = make([(100, 100), (200, 200), (300, 300), (1500, 500)])
    signals, _ = apply_change(
        signals, change("s0", "doorgegeven", T0 + pd.Timedelta(days=2), "A"), now=NOW
    )
    signals, _ = apply_change(signals, change("s0", "opgelost", T0 + pd.Timedelta(days=5)), now=NOW)
    signals, _ = apply_change(
        signals, change("s1", "niet_weerhouden", T0 + pd.Timedelta(days=40)), now=NOW
    )
    _, wijken = squares()
    counts = signal_counts_per_wijk(signals, wijken, types, start=start, end=end)
    assert counts.index.tolist() == ["W1", "W2"]
    assert counts.loc["W1"].to_dict() == {
        "reported": 3,
        "resolved": 1,
        "not_retained": 0,
        "open": 2,
        "overdue": 2,
        "handed_over": 1,
    }
    assert counts.loc["W2", "reported"] == 1 and counts.loc["W2", "overdue"] == 1
    april = signal_counts_per_wijk(
        signals, wijken, types, start=end, end=pd.Timestamp("2026-05-01")
    )
    assert april.loc["W1", "reported"] == 0 and april.loc["W1", "not_retained"] == 1
    with pytest.raises(ValidationError, match="must lie after"):
        signal_counts_per_wijk(signals, wijken, types, start=end, end=start)


# -- services and types -----------------------------------------------------------------------


def test_responsible_service_takes_the_most_specific_row() -> None:
    services = check_services(
        pd.DataFrame(
            {
                "type": ["sluikstort", "sluikstort", "*", "*"],
                "nis": ["11111", "*", "22222", "*"],
                "service": ["Milieu Aa", "Milieu overal", "Technisch Bee", "Gemeente"],
            }
        ),
        types=default_types(),
    )
    signals = make(
        [(10, 10), (1500, 10), (20, 20), (1600, 10)],
        types=["sluikstort", "sluikstort", "hangplek", "hangplek"],
    )
    assert responsible_services(signals, services).tolist() == [
        "Milieu Aa",
        "Milieu overal",
        "Gemeente",
        "Technisch Bee",
    ]
    assert responsible_services(signals, services.iloc[:1]).tolist() == ["Milieu Aa", "", "", ""]


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        ({"type": ["x"], "nis": ["*"], "service": ["A"]}, "'x' is not a signal type"),
        ({"type": ["*"], "nis": ["123"], "service": ["A"]}, "not a NIS code"),
        ({"type": ["*"], "nis": ["*"], "service": [""]}, "no service name"),
        ({"type": ["*", "*"], "nis": ["*", ""], "service": ["A", "B"]}, "twice"),
        ({"type": ["*"], "service": ["A"]}, "lacks the columns"),
    ],
)
def test_bad_service_tables_are_refused(rows: dict, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        check_services(pd.DataFrame(rows), types=default_types())


@pytest.mark.parametrize(
    ("change_", "fragment"),
    [
        ({"code": "Met Spatie"}, "is not allowed"),
        ({"colour": "rood"}, "#rrggbb"),
        ({"overdue_days": 0}, "≥ 1"),
        ({"label_nl": ""}, "no Dutch label"),
    ],
)
def test_bad_type_lists_are_refused(change_: dict, fragment: str) -> None:
    types = default_types()
    for column, value in change_.items():
        types.loc[0, column] = value
    with pytest.raises(ValidationError, match=fragment):
        check_types(types)


def test_type_list_duplicates_are_refused() -> None:
    types = default_types()
    with pytest.raises(ValidationError, match="appears twice"):
        check_types(pd.concat([types, types.iloc[:1]]))


# -- who sees what ------------------------------------------------------------------------------


def test_chef_sees_everything_inspecteur_own_wijken() -> None:
    signals = make([(100, 100), (1500, 100)])
    assert len(visible_signals(signals, SignalViewer("chef"))) == 2
    assert list(visible_signals(signals, SignalViewer("admin")).columns) == list(signals.columns)
    mine = visible_signals(signals, viewer_for("inspecteur", wijken=["W2"]))
    assert mine["wijk"].tolist() == ["W2"]
    assert "reported_by" in mine


def test_partner_sees_own_municipality_without_names_and_only_reviewed_text() -> None:
    signals = make([(100, 100), (200, 200), (1500, 100)])
    signals = mark_reviewed(signals, ["s1"], by="chef")
    shown = visible_signals(signals, SignalViewer("partner", nis=("11111",)))
    assert shown["signal_id"].tolist() == ["s0", "s1"]
    assert set(shown.columns) <= set(PARTNER_SIGNAL_COLUMNS)
    assert not {"reported_by", "reviewed_by", "address"} & set(shown.columns)
    assert shown["description"].tolist() == ["", "nr 1"]  # s0 not reviewed: text withheld
    withdrawn = mark_reviewed(signals, ["s1"], by="chef", shareable=False)
    assert (
        visible_signals(withdrawn, SignalViewer("partner", nis=("11111",)))["description"]
        .eq("")
        .all()
    )


def test_partner_without_municipality_sees_nothing() -> None:
    signals = make([(100, 100), (1500, 100)])
    assert visible_signals(signals, SignalViewer("partner")).empty
    _, wijken = squares()
    viewer = viewer_for("partner", wijken=["W2"], wijk_layer=wijken)
    assert viewer.nis == ("22222",)
    assert visible_signals(signals, viewer)["nis"].tolist() == ["22222"]
    assert viewer_for("partner", partner_nis=["11111"]).nis == ("11111",)


def test_unknown_role_is_refused() -> None:
    with pytest.raises(ValidationError, match="allowed: chef, admin, inspecteur, partner"):
        visible_signals(make([(1, 1)]), SignalViewer("burgemeester"))


def test_open_and_closed_statuses_partition_the_statuses() -> None:
    assert set(OPEN_STATUSES) | set(CLOSED_STATUSES) == set(STATUSES)
    assert not set(OPEN_STATUSES) & set(CLOSED_STATUSES)
