"""Tests of the vectorised parsers of Belgian police exports (gis.parsing)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyproj
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.parsing import (
    BELGIAN_CRS_BOUNDS,
    as_text,
    detect_belgian_crs,
    in_belgium,
    normalise_postcodes,
    parse_datetimes,
    parse_numbers,
    split_time_spans,
)

TS = pd.Timestamp
TO_3812 = pyproj.Transformer.from_crs("EPSG:31370", "EPSG:3812", always_xy=True)
TO_4326 = pyproj.Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)

# seconds precision, well inside datetime64[ns]
datetimes = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31))


def parse_one(text: str) -> pd.Timestamp:
    return parse_datetimes(pd.Series([text])).iloc[0]


# -- as_text -------------------------------------------------------------------------------


def test_as_text_strips_and_blanks_missing_values() -> None:
    values = pd.Series([" a ", None, np.nan, "", "\tb\n"], index=[5, 6, 7, 8, 9], dtype=object)
    text = as_text(values)
    assert text.tolist() == ["a", "", "", "", "b"]
    assert text.index.tolist() == [5, 6, 7, 8, 9]


def test_as_text_formats_datetimes_as_iso() -> None:
    values = pd.Series([TS("2024-03-05 14:30:05"), pd.NaT])
    assert as_text(values).tolist() == ["2024-03-05 14:30:05", ""]


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/03/2024", "2024-03-05 00:00"),
        ("5/3/2024", "2024-03-05 00:00"),
        ("05/03/2024 14:30", "2024-03-05 14:30"),
        ("5/3/2024 8:05", "2024-03-05 08:05"),
        ("05/03/2024 14:30:15", "2024-03-05 14:30:15"),
        ("05-03-2024", "2024-03-05 00:00"),
        ("05-03-2024 23:59", "2024-03-05 23:59"),
        ("05.03.2024", "2024-03-05 00:00"),
        ("05/03/2024 14u30", "2024-03-05 14:30"),
        ("05.03.2024 14.30", "2024-03-05 14:30"),
        ("  05/03/2024 14:30  ", "2024-03-05 14:30"),
        ("29/02/2024", "2024-02-29 00:00"),
        ("2024-03-05", "2024-03-05 00:00"),
        ("2024-03-05T14:30", "2024-03-05 14:30"),
        ("2024-03-05 14:30:05", "2024-03-05 14:30:05"),
        ("2024-03-05T14:30:00.250", "2024-03-05 14:30:00.250"),
        # offsets are converted to Brussels wall-clock time
        ("2024-03-05T14:30:00+01:00", "2024-03-05 14:30"),
        ("2024-07-05T14:30:00+02:00", "2024-07-05 14:30"),
        ("2024-03-05T13:30:00Z", "2024-03-05 14:30"),
        ("2024-07-05T12:30:00Z", "2024-07-05 14:30"),
    ],
)
def test_parse_datetimes_reads_belgian_and_iso_dates(text: str, expected: str) -> None:
    assert parse_one(text) == TS(expected)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",  # no such day
        "29/02/2023",  # not a leap year
        "32/01/2024",
        "05/13/2024",  # month 13: not read as mm/dd either
        "2024-13-01",
        "2024-02-30",
        "05/03/24",  # two-digit year
        "05/03/2024 24:00",
        "05/03/2024 14:60",
        "gisteren",
        "14:30",
        "01/01/2999",  # outside datetime64[ns]: NaT, not OutOfBoundsDatetime
        "2999-01-01",
        "01/01/1500",
    ],
)
def test_parse_datetimes_gives_nat_for_impossible_dates(text: str) -> None:
    assert pd.isna(parse_one(text))


def test_parse_datetimes_keeps_index_dtype_and_blank_values() -> None:
    values = pd.Series(["05/03/2024", "", None, "31/02/2024", "2024-03-06"], index=[9, 3, 7, 2, 4])
    parsed = parse_datetimes(values)
    assert parsed.dtype == "datetime64[ns]"
    assert parsed.index.tolist() == [9, 3, 7, 2, 4]
    assert parsed.tolist()[0] == TS("2024-03-05") and parsed[4] == TS("2024-03-06")
    assert parsed[[3, 7, 2]].isna().all()


def test_parse_datetimes_reads_mixed_utc_offsets_in_one_column() -> None:
    # an ISO export across a DST change carries +01:00 and +02:00; with naive values mixed in
    values = pd.Series(
        ["2024-03-30T23:00:00+01:00", "2024-03-31T12:00:00+02:00", "2024-04-01 08:00", "05/04/2024"]
    )
    assert parse_datetimes(values).tolist() == [
        TS("2024-03-30 23:00"),
        TS("2024-03-31 12:00"),
        TS("2024-04-01 08:00"),
        TS("2024-04-05"),
    ]


def test_parse_datetimes_passes_datetimes_through() -> None:
    values = pd.Series([TS("2024-03-05 14:30"), pd.NaT], dtype="datetime64[us]")
    parsed = parse_datetimes(values)
    assert parsed.dtype == "datetime64[ns]"
    assert parsed[0] == TS("2024-03-05 14:30") and pd.isna(parsed[1])


DATE_FORMATS = {
    "dd/mm/yyyy HH:MM": lambda d: d.strftime("%d/%m/%Y %H:%M"),
    "dd/mm/yyyy HH:MM:SS": lambda d: d.strftime("%d/%m/%Y %H:%M:%S"),
    "d/m/yyyy H:MM": lambda d: f"{d.day}/{d.month}/{d.year:04d} {d.hour}:{d.minute:02d}",
    "dd-mm-yyyy": lambda d: d.strftime("%d-%m-%Y"),
    "dd-mm-yyyy HH:MM:SS": lambda d: d.strftime("%d-%m-%Y %H:%M:%S"),
    "ISO with T": lambda d: d.strftime("%Y-%m-%dT%H:%M:%S"),
    "ISO with space": lambda d: d.strftime("%Y-%m-%d %H:%M:%S"),
    "ISO with T, minutes": lambda d: d.strftime("%Y-%m-%dT%H:%M"),
}
PRECISION = {
    "dd/mm/yyyy HH:MM": "min",
    "d/m/yyyy H:MM": "min",
    "ISO with T, minutes": "min",
    "dd-mm-yyyy": "D",
}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(datetimes, st.sampled_from(sorted(DATE_FORMATS))), min_size=1))
def test_any_formatted_datetime_parses_back_to_itself(
    cases: list[tuple[dt.datetime, str]],
) -> None:
    # one Series with all formats mixed: the vectorised paths must not disturb each other
    texts = pd.Series([DATE_FORMATS[name](d) for d, name in cases])
    expected = [TS(d).floor(PRECISION.get(name, "s")) for d, name in cases]
    assert parse_datetimes(texts).tolist() == expected


# -- spans ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected_start", "expected_end"),
    [
        ("tussen 05/03/2024 08:00 en 18:00", "", "2024-03-05 08:00", "2024-03-05 18:00"),
        ("tussen 05/03/2024 22:00 en 02:00", "", "2024-03-05 22:00", "2024-03-06 02:00"),
        ("tussen 31/12/2024 23:30 en 00:15", "", "2024-12-31 23:30", "2025-01-01 00:15"),
        ("tussen 05/03/2024 10:00 en 10:00", "", "2024-03-05 10:00", "2024-03-05 10:00"),
        ("Tussen 5/3/2024 8u00 en 17u30", "", "2024-03-05 08:00", "2024-03-05 17:30"),
        ("tussen 05/03/2024 08:00 en 12:15:30", "", "2024-03-05 08:00", "2024-03-05 12:15:30"),
        ("van 05/03/2024 08:00 tot 07/03/2024 18:00", "", "2024-03-05 08:00", "2024-03-07 18:00"),
        ("tussen 05/03/2024 en 07/03/2024", "", "2024-03-05", "2024-03-07"),
        ("entre 05/03/2024 22:00 et 01:00", "", "2024-03-05 22:00", "2024-03-06 01:00"),
        ("du 2024-03-05T10:00:00 au 2024-03-06T09:00", "", "2024-03-05 10:00", "2024-03-06 09:00"),
        # a given end field wins over the span's end
        ("tussen 5/3/2024 8:00 en 18:00", "5/3/2024 19:00", "2024-03-05 08:00", "2024-03-05 19:00"),
        # no span: unchanged
        ("05/03/2024 08:00", "06/03/2024 09:00", "2024-03-05 08:00", "2024-03-06 09:00"),
    ],
)  # fmt: skip
def test_split_time_spans(start: str, end: str, expected_start: str, expected_end: str) -> None:
    start_text, end_text = split_time_spans(pd.Series([start]), pd.Series([end]))
    assert parse_datetimes(start_text)[0] == TS(expected_start)
    assert parse_datetimes(end_text)[0] == TS(expected_end)


@pytest.mark.parametrize("clock", ["24:00", "25:00", "18:60", "07:30:61"])
def test_span_end_that_is_no_time_of_day_is_not_rolled_over(clock: str) -> None:
    # "25:00" once became 01:00 the next day; it must stay unreadable so that it is rejected
    start_text, end_text = split_time_spans(
        pd.Series([f"tussen 05/03/2024 22:00 en {clock}"]), pd.Series([""])
    )
    assert parse_datetimes(start_text)[0] == TS("2024-03-05 22:00")
    assert end_text[0] == clock
    assert pd.isna(parse_datetimes(end_text)[0])


def test_split_time_spans_keeps_index_and_other_rows() -> None:
    start = pd.Series(["tussen 05/03/2024 22:00 en 02:00", "06/03/2024", ""], index=[4, 2, 9])
    end = pd.Series(["", "07/03/2024", ""], index=[4, 2, 9])
    start_text, end_text = split_time_spans(start, end)
    assert start_text.index.tolist() == [4, 2, 9] and end_text.index.tolist() == [4, 2, 9]
    assert start_text.tolist() == ["05/03/2024 22:00", "06/03/2024", ""]
    assert parse_datetimes(end_text).tolist()[:2] == [TS("2024-03-06 02:00"), TS("2024-03-07")]
    assert end_text[9] == ""


@settings(max_examples=30, deadline=None)
@given(
    start=datetimes.map(lambda d: d.replace(second=0, microsecond=0)),
    end=st.one_of(
        st.tuples(st.just("time"), st.times().map(lambda t: t.replace(microsecond=0))),
        st.tuples(st.just("full"), st.timedeltas(dt.timedelta(0), dt.timedelta(days=30))),
    ),
    word=st.sampled_from([("tussen", "en"), ("van", "tot"), ("entre", "et"), ("du", "au")]),
)
def test_spans_split_into_start_and_end(
    start: dt.datetime, end: tuple[str, object], word: tuple[str, str]
) -> None:
    kind, value = end
    if kind == "time":
        assert isinstance(value, dt.time)
        b_text = value.strftime("%H:%M:%S") if value.second else value.strftime("%H:%M")
        expected = dt.datetime.combine(start.date(), value)
        if expected < start:
            expected += dt.timedelta(days=1)
    else:
        assert isinstance(value, dt.timedelta)
        expected = (start + value).replace(microsecond=0)
        b_text = expected.strftime("%d/%m/%Y %H:%M:%S")
    text = f"{word[0]} {start:%d/%m/%Y %H:%M} {word[1]} {b_text}"
    start_text, end_text = split_time_spans(pd.Series([text]), pd.Series([""]))
    assert parse_datetimes(start_text)[0] == TS(start)
    assert parse_datetimes(end_text)[0] == TS(expected)
    assert parse_datetimes(end_text)[0] >= parse_datetimes(start_text)[0]


# -- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("150123,45", 150123.45),
        ("150123.45", 150123.45),
        ("150 123,4", 150123.4),
        ("150\u00a0123,4", 150123.4),
        ("150.123,45", 150123.45),
        ("150,123.45", 150123.45),
        ("1.234.567,89", 1234567.89),
        ("1,234,567.89", 1234567.89),
        ("-1.234,5", -1234.5),
        ("  42  ", 42.0),
        ("0", 0.0),
        ("1e5", 100000.0),
    ],
)
def test_parse_numbers_reads_belgian_and_english_numbers(text: str, expected: float) -> None:
    assert parse_numbers(pd.Series([text]))[0] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("text", ["", "abc", "12a", "1,2,3", "--1", "nan"])
def test_parse_numbers_gives_nan_for_text(text: str) -> None:
    assert np.isnan(parse_numbers(pd.Series([text]))[0])


def test_parse_numbers_passes_numbers_through_and_keeps_index() -> None:
    parsed = parse_numbers(pd.Series([1, 2, 3], index=[7, 8, 9]))
    assert parsed.dtype == "float64" and parsed.tolist() == [1.0, 2.0, 3.0]
    assert parse_numbers(pd.Series(["1,5", None], index=[3, 1])).index.tolist() == [3, 1]


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(groups)


NUMBER_STYLES = {
    # name: (thousands separator, decimal separator)
    "belgian dot thousands": (".", ","),
    "belgian space thousands": (" ", ","),
    "belgian nbsp thousands": ("\u00a0", ","),
    "comma decimal, no thousands": ("", ","),
    "english": (",", "."),
    "plain": ("", "."),
}


@settings(max_examples=100, deadline=None)
@given(
    cents=st.lists(st.integers(-(10**12), 10**12), min_size=1, max_size=20),
    style=st.sampled_from(sorted(NUMBER_STYLES)),
)
def test_numbers_written_with_separators_round_trip(cents: list[int], style: str) -> None:
    thousands, decimal = NUMBER_STYLES[style]
    texts = [
        ("-" if c < 0 else "")
        + _group(str(abs(c) // 100), thousands)
        + f"{decimal}{abs(c) % 100:02d}"
        for c in cents
    ]
    parsed = parse_numbers(pd.Series(texts))
    np.testing.assert_allclose(parsed.to_numpy(), np.array(cents) / 100, rtol=1e-15, atol=0)


# -- postcodes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("1730", "1730"),
        (" 1730 ", "1730"),
        ("B-1730", "1730"),
        ("b-1785", "1785"),
        ("B 1745", "1745"),
        ("B1780", "1780"),
        ("1730.0", "1730"),  # a numeric spreadsheet cell
        ("9990", "9990"),
        ("1000", "1000"),
    ],
)
def test_valid_postcodes_are_cleaned(text: str, clean: str) -> None:
    cleaned, invalid = normalise_postcodes(pd.Series([text]))
    assert cleaned[0] == clean
    assert not invalid[0]


@pytest.mark.parametrize("text", ["173", "17300", "0730", "abcd", "1730a", "NL-1730", "17 30"])
def test_invalid_postcodes_are_flagged(text: str) -> None:
    _, invalid = normalise_postcodes(pd.Series([text]))
    assert invalid[0]


def test_empty_postcode_is_not_invalid() -> None:
    cleaned, invalid = normalise_postcodes(pd.Series(["", None, "  "], index=[4, 5, 6]))
    assert cleaned.tolist() == ["", "", ""] and not invalid.any()
    assert invalid.index.tolist() == [4, 5, 6]


@given(
    code=st.integers(1000, 9999),
    prefix=st.sampled_from(["", "B-", "B ", "b-", "B"]),
    suffix=st.sampled_from(["", ".0", " "]),
)
def test_any_belgian_postcode_survives_decoration(code: int, prefix: str, suffix: str) -> None:
    cleaned, invalid = normalise_postcodes(pd.Series([f" {prefix}{code}{suffix}"]))
    assert cleaned[0] == str(code)
    assert not invalid[0]


@given(st.from_regex(r"\A(\d{1,3}|\d{5,6}|0\d{3})\Z"))
def test_postcodes_of_wrong_length_or_leading_zero_are_invalid(text: str) -> None:
    assert normalise_postcodes(pd.Series([text]))[1][0]


# -- CRS detection -------------------------------------------------------------------------

lambert72_points = st.lists(
    st.tuples(st.floats(140_000, 175_000), st.floats(165_000, 190_000)), min_size=1, max_size=30
)


def _in(crs: str, xy: list[tuple[float, float]]) -> tuple[pd.Series, pd.Series]:
    x, y = np.array(xy, dtype=float).T
    if crs == "EPSG:3812":
        x, y = TO_3812.transform(x, y)
    elif crs == "EPSG:4326":
        x, y = TO_4326.transform(x, y)  # always_xy: lon, lat
    return pd.Series(x), pd.Series(y)


@settings(max_examples=50, deadline=None)
@given(points=lambert72_points, crs=st.sampled_from(sorted(BELGIAN_CRS_BOUNDS)))
def test_crs_is_detected_from_belgian_points(points: list[tuple[float, float]], crs: str) -> None:
    x, y = _in(crs, points)
    assert in_belgium(x, y, crs).all()
    assert detect_belgian_crs(x, y) == crs


@settings(max_examples=30, deadline=None)
@given(points=lambert72_points, crs=st.sampled_from(sorted(BELGIAN_CRS_BOUNDS)))
def test_points_are_in_belgium_in_exactly_one_crs(
    points: list[tuple[float, float]], crs: str
) -> None:
    x, y = _in(crs, points)
    for other in BELGIAN_CRS_BOUNDS:
        assert in_belgium(x, y, other).all() == (other == crs)


def test_crs_detection_ignores_missing_values_and_a_minority_of_outliers() -> None:
    x = pd.Series([150_000.0, 151_000.0, np.nan, 999_999.0, 152_000.0])
    y = pd.Series([170_000.0, 171_000.0, 170_000.0, 999_999.0, np.nan])
    assert detect_belgian_crs(x, y) == "EPSG:31370"


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ([np.nan, np.nan], [np.nan, np.nan]),
        ([1_000_000.0, 2_000_000.0], [1_000_000.0, 2_000_000.0]),
        ([50.9, 50.8], [4.2, 4.3]),  # lat/lon swapped
        ([150_000.0, 9e6, 9e6], [170_000.0, 9e6, 9e6]),  # majority nowhere
    ],
)
def test_crs_detection_gives_none_without_a_belgian_majority(x: list, y: list) -> None:
    assert detect_belgian_crs(pd.Series(x), pd.Series(y)) is None


def test_in_belgium_uses_the_crs_bounds() -> None:
    x = pd.Series([4.35, 4.35, 7.0, 150_000.0])
    y = pd.Series([50.85, 52.0, 50.85, 170_000.0])
    assert in_belgium(x, y, "EPSG:4326").tolist() == [True, False, False, False]
    assert in_belgium(x, y, "EPSG:31370").tolist() == [False, False, False, True]
