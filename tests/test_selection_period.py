"""Named periods of the map page (gis.selection.period_bounds)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.errors import ValidationError
from gis.selection import PERIOD_PRESETS, period_bounds

FIRST = pd.Timestamp("2023-05-17 09:12")
LAST = pd.Timestamp("2026-03-04 23:59")


@pytest.mark.parametrize(
    ("preset", "start", "end"),
    [
        ("4w", "2026-02-05", "2026-03-05"),  # 28 days: each weekday four times
        ("13w", "2025-12-04", "2026-03-05"),  # 91 days
        ("12m", "2025-03-05", "2026-03-05"),  # the map's default: one calendar year
        ("this_year", "2026-01-01", "2026-03-05"),
        ("last_year", "2025-01-01", "2026-01-01"),
        ("all", "2023-05-17", "2026-03-05"),
    ],
)
def test_named_period_days(preset: str, start: str, end: str) -> None:
    assert period_bounds(preset, first=FIRST, last=LAST) == (pd.Timestamp(start), pd.Timestamp(end))


def test_every_preset_is_tested_above() -> None:
    assert set(PERIOD_PRESETS) == {"4w", "13w", "12m", "this_year", "last_year", "all"}


def test_leap_year_and_year_start() -> None:
    # the last incident on 1 January: "this year" is that one day, "last year" all of 2024
    last = pd.Timestamp("2025-01-01 00:30")
    assert period_bounds("this_year", first=FIRST, last=last) == (
        pd.Timestamp("2025-01-01"),
        pd.Timestamp("2025-01-02"),
    )
    assert period_bounds("12m", first=FIRST, last=pd.Timestamp("2024-02-28")) == (
        pd.Timestamp("2023-02-28"),  # a year back from 29 February
        pd.Timestamp("2024-02-29"),
    )


@pytest.mark.parametrize("preset", ["", "12M", "week", "custom"])
def test_unknown_preset_names_the_allowed_ones(preset: str) -> None:
    with pytest.raises(ValidationError, match=r"preset=.*expected one of .*'4w'"):
        period_bounds(preset, first=FIRST, last=LAST)


def test_last_before_first_is_refused() -> None:
    with pytest.raises(ValidationError, match="lies before"):
        period_bounds("all", first=LAST, last=FIRST)


days = st.datetimes(min_value=pd.Timestamp("2000-01-01"), max_value=pd.Timestamp("2040-12-31"))


@settings(max_examples=200, deadline=None)
@given(first=days, span=st.integers(0, 5000), minutes=st.integers(0, 1439))
def test_periods_are_whole_days_ending_on_the_last_incident(first, span, minutes) -> None:
    first = pd.Timestamp(first)
    last = first.normalize() + pd.Timedelta(days=span, minutes=minutes)
    day_after = last.normalize() + pd.Timedelta(days=1)
    for preset in PERIOD_PRESETS:
        start, end = period_bounds(preset, first=first, last=last)
        assert start == start.normalize() and end == end.normalize() and start < end
        if preset == "last_year":
            assert end == pd.Timestamp(year=last.year, month=1, day=1)
            assert start == pd.Timestamp(year=last.year - 1, month=1, day=1)
        else:  # the latest incident is always inside the period
            assert end == day_after and start <= last < end
        if preset in ("4w", "13w"):  # whole weeks: every weekday as often
            assert (end - start) / pd.Timedelta(days=7) == {"4w": 4, "13w": 13}[preset]
    all_start, _ = period_bounds("all", first=first, last=last)
    assert all_start <= first  # everything imported is in "all"
