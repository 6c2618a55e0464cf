"""Aoristic hour × weekday profiles: exact spreading of time windows over the week."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hotspot_data import points
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.aoristic import WEEKDAYS, aoristic_profile, aoristic_weights
from gis.errors import ValidationError

MONDAY = pd.Timestamp("2024-05-06")  # a Monday


def _profile(starts, ends, **options) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "start": pd.to_datetime(starts, format="ISO8601"),
            "end": pd.to_datetime(ends, format="ISO8601"),
        }
    )
    return aoristic_profile(frame, **options)


def test_an_eight_to_six_window_puts_a_tenth_in_each_hour() -> None:
    table = _profile(["2024-05-08 08:00"], ["2024-05-08 18:00"])  # a Wednesday
    assert table.shape == (7, 24)
    assert list(table.index) == list(WEEKDAYS)
    assert list(table.columns) == list(range(24))
    np.testing.assert_allclose(table.loc["Wednesday", 8:17], 0.1)
    assert table.loc["Wednesday", 8:17].sum() == pytest.approx(1.0)
    assert table.to_numpy().sum() == pytest.approx(1.0)
    assert table.drop(index="Wednesday").to_numpy().sum() == 0
    assert table.loc["Wednesday", [7, 18]].sum() == 0


def test_a_window_across_midnight_and_the_week_boundary() -> None:
    # Sunday 22:30 to Monday 01:30: 3 hours
    table = _profile(["2024-05-12 22:30"], ["2024-05-13 01:30"])
    assert table.loc["Sunday", 22] == pytest.approx(0.5 / 3)
    assert table.loc["Sunday", 23] == pytest.approx(1 / 3)
    assert table.loc["Monday", 0] == pytest.approx(1 / 3)
    assert table.loc["Monday", 1] == pytest.approx(0.5 / 3)
    assert table.to_numpy().sum() == pytest.approx(1.0)


def test_a_window_within_one_hour_and_a_moment() -> None:
    table = _profile(["2024-05-10 14:05", "2024-05-10 14:59:59"], ["2024-05-10 14:55", None])
    assert table.loc["Friday", 14] == pytest.approx(2.0)
    assert table.to_numpy().sum() == pytest.approx(2.0)


def test_a_window_of_exactly_a_week_is_uniform() -> None:
    table = _profile(["2024-05-08 08:20"], ["2024-05-15 08:20"])
    np.testing.assert_allclose(table.to_numpy(), 1 / 168)


@pytest.mark.parametrize(
    ("long_spans", "total", "excluded"), [("uniform", 2.0, 0), ("exclude", 1.0, 1)]
)
def test_long_windows_are_spread_or_excluded(long_spans: str, total: float, excluded: int) -> None:
    table = _profile(
        ["2024-05-06 10:00", "2024-05-01 00:00"],
        ["2024-05-06 10:30", "2024-05-20 00:00"],
        long_spans=long_spans,
    )
    assert table.to_numpy().sum() == pytest.approx(total)
    assert table.loc["Monday", 10] == pytest.approx(1.0 + (total - 1.0) / 168)
    assert table.attrs["excluded_long_spans"] == excluded
    assert table.attrs["incidents"] == round(total)


def test_a_shorter_maximum_span() -> None:
    table = _profile(["2024-05-06 00:00"], ["2024-05-08 00:00"], max_span_days=1)
    np.testing.assert_allclose(table.to_numpy(), 1 / 168)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60 * 24 * 365 * 3),  # start, minutes after 2023-01-01
            st.one_of(st.none(), st.integers(0, 60 * 24 * 10)),  # window length in minutes
            st.integers(0, 59),  # seconds
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["uniform", "exclude"]),
)
def test_profile_sums_to_the_incidents_and_is_never_negative(rows, long_spans) -> None:
    base = pd.Timestamp("2023-01-01")
    start = [base + pd.Timedelta(minutes=m, seconds=s) for m, _, s in rows]
    end = [
        None if n is None else t + pd.Timedelta(minutes=n)
        for t, (_, n, _) in zip(start, rows, strict=True)
    ]
    table = aoristic_profile(
        pd.DataFrame({"start": start, "end": pd.to_datetime(end)}), long_spans=long_spans
    )
    long = sum(n is not None and n > 7 * 1440 for _, n, _ in rows)
    expected = len(rows) - (long if long_spans == "exclude" else 0)
    assert (table.to_numpy() >= 0).all()
    assert table.to_numpy().sum() == pytest.approx(expected, abs=1e-9)
    # every window's weight lies in hours it overlaps: a moment puts 1 in its start hour
    for (_, n, _), t in zip(rows, start, strict=True):
        if n is None or n == 0:
            assert table.loc[WEEKDAYS[t.day_of_week], t.hour] >= 1 - 1e-9


def test_profile_of_incidents_in_an_area() -> None:
    incidents = points(
        [10.0, 20.0, 500.0],
        [10.0, 20.0, 500.0],
        start=pd.to_datetime(["2024-05-06 09:10", "2024-05-07 10:00", "2024-05-06 09:00"]),
        end=pd.to_datetime(["2024-05-06 09:40", None, None]),
    )
    table = aoristic_profile(incidents, area=shapely.box(0, 0, 100, 100))
    assert table.to_numpy().sum() == pytest.approx(2.0)
    assert table.loc["Monday", 9] == pytest.approx(1.0)
    assert table.loc["Tuesday", 10] == pytest.approx(1.0)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValidationError, match="max_span_days=8"):
        aoristic_weights(pd.Series([MONDAY]), max_span_days=8)
    with pytest.raises(ValidationError, match="long_spans='drop'"):
        aoristic_weights(pd.Series([MONDAY]), long_spans="drop")
    with pytest.raises(ValidationError, match="end lies before"):
        aoristic_weights(pd.Series([MONDAY]), pd.Series([MONDAY - pd.Timedelta(hours=1)]))
    with pytest.raises(ValidationError, match="'start' must hold datetimes"):
        aoristic_weights(pd.Series(["2024-05-06"]))
