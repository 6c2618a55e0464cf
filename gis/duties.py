"""Fixed duties of the wijkdienst (school gates, markets, stations, events) and school holidays.

A fixed duty recurs on given weekdays at given times (a school gate 08:05–08:25 Monday to
Friday, the weekly market on Tuesday morning) or happens once (a kermis, a festivity). The
planner places fixed duties first; every other presence slot fits around them.

School duties are off during the Flemish school holidays. :func:`flemish_school_holidays`
applies the rules of the Flemish school calendar (the one in force until 2026–27, with a one-week
autumn and carnival break): autumn break in the week of 1 November (the week after when 1
November is a Sunday), two weeks of Christmas break from the Monday of the week of 25 December
(the Monday after when it is a Saturday or Sunday), carnival break from the seventh Monday
before Easter, two weeks of Easter break (from the first Monday of April; from Easter Monday
when Easter is in March; from the second Monday before Easter when Easter is after 15 April),
summer from 1 July to 31 August, and the days off 11 November, Easter Monday, 1 May,
Ascension Day and the Friday after, and Whit Monday. Days a school closes on its own
(pedagogische studiedagen) are passed as ``extra_days_off``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from gis.errors import ValidationError

__all__ = [
    "DUTY_COLUMNS",
    "DUTY_KINDS",
    "WEEKDAY_CODES",
    "check_duties",
    "demo_duties",
    "duty_occurrences",
    "easter_sunday",
    "flemish_school_holidays",
    "parse_weekdays",
]

DUTY_KINDS: dict[str, str] = {
    "school": "schoolpoort",
    "markt": "wekelijkse markt",
    "station": "stationsomgeving",
    "evenement": "evenement",
    "andere": "vaste taak",
}
"""Duty kinds and their Dutch label."""

DUTY_COLUMNS: tuple[str, ...] = (
    "duty_id",
    "kind",
    "name",
    "wijk",
    "x",
    "y",
    "weekdays",
    "start",
    "end",
    "date_from",
    "date_to",
    "school_holidays_off",
)
"""A fixed duty: ``weekdays`` as ``ma,di,wo,do,vr`` (empty for a one-off event, which then
needs ``date_from``), ``start``/``end`` as ``HH:MM``, ``date_from``/``date_to`` (ISO dates,
empty = no limit), ``x``/``y`` in EPSG:31370."""

WEEKDAY_CODES: tuple[str, ...] = ("ma", "di", "wo", "do", "vr", "za", "zo")

_ALIASES = {
    "maandag": "ma",
    "dinsdag": "di",
    "woensdag": "wo",
    "donderdag": "do",
    "vrijdag": "vr",
    "zaterdag": "za",
    "zondag": "zo",
    "mon": "ma",
    "tue": "di",
    "wed": "wo",
    "thu": "do",
    "fri": "vr",
    "sat": "za",
    "sun": "zo",
    "lu": "ma",
    "me": "wo",
    "je": "do",
    "ve": "vr",
    "sa": "za",
    "zat": "za",
    "zon": "zo",
    "din": "di",
    "woe": "wo",
    "don": "do",
    "vrij": "vr",
    "lun": "ma",
    "mar": "di",
    "mer": "wo",
    "jeu": "do",
    "ven": "vr",
    "sam": "za",
    "dim": "zo",
    "lundi": "ma",
    "mardi": "di",
    "mercredi": "wo",
    "jeudi": "do",
    "vendredi": "vr",
    "samedi": "za",
    "dimanche": "zo",
}


def parse_weekdays(text: str) -> tuple[int, ...]:
    """Parse ``"ma,di,do,vr"`` or ``"ma-vr"`` into weekday numbers (Monday = 0).

    Parameters
    ----------
    text : str
        Dutch (``ma``…``zo``, full names), French (``lun``…``dim``, full names, and ``lu``,
        ``me``, ``je``, ``ve``, ``sa``; ``ma`` and ``di`` are read as Dutch) or English
        (``mon``…``sun``) codes,
        separated by commas, semicolons, slashes or spaces; ranges with ``-`` (spaces around
        it allowed). Empty gives ().

    Returns
    -------
    tuple of int
        Sorted, unique.

    Raises
    ------
    ValidationError
        Naming the unknown code.
    """
    out: set[int] = set()
    for part in str(text or "").lower().replace(";", ",").replace("/", ",").split(","):
        for token in re.sub(r"\s*-\s*", "-", part).split():  # "ma - vr" is "ma-vr"
            ends = [t.strip().rstrip(".") for t in token.split("-")]
            codes = []
            for end in ends:
                code = _ALIASES.get(end, end)
                if code not in WEEKDAY_CODES:
                    raise ValidationError(
                        f"weekday {end!r} in {text!r} is unknown; allowed: "
                        f"{', '.join(WEEKDAY_CODES)}",
                        key="error.weekday",
                        values={"day": end, "text": text},
                    )
                codes.append(WEEKDAY_CODES.index(code))
            if len(codes) == 2:
                lo, hi = codes
                out.update(range(lo, hi + 1) if lo <= hi else [*range(lo, 7), *range(0, hi + 1)])
            else:
                out.update(codes)
    return tuple(sorted(out))


def easter_sunday(year: int) -> dt.date:
    """Return the date of Easter Sunday (Gregorian, anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _span(first: dt.date, days: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(days)]


def flemish_school_holidays(
    years: Iterable[int], *, extra_days_off: Iterable[dt.date] = ()
) -> frozenset[dt.date]:
    """Days without school in Flanders for the calendar years ``years`` (see module notes).

    Parameters
    ----------
    years : iterable of int
        Calendar years.
    extra_days_off : iterable of datetime.date
        Further days without school (pedagogische studiedagen, local holidays).

    Returns
    -------
    frozenset of datetime.date
        Every holiday day, weekends inside the breaks included.
    """
    days: set[dt.date] = set(extra_days_off)
    for year in years:
        # autumn break (and 11 November)
        nov1 = dt.date(year, 11, 1)
        start = nov1 + dt.timedelta(days=1) if nov1.weekday() == 6 else _monday(nov1)
        days.update(_span(start, 7))
        days.add(dt.date(year, 11, 11))
        # Christmas break of this year (runs into January of the next)
        xmas = dt.date(year, 12, 25)
        start = (
            xmas + dt.timedelta(days=7 - xmas.weekday()) if xmas.weekday() >= 5 else (_monday(xmas))
        )
        days.update(_span(start, 14))
        # Christmas break of the previous year, its January part
        prev = dt.date(year - 1, 12, 25)
        start = (
            prev + dt.timedelta(days=7 - prev.weekday()) if prev.weekday() >= 5 else (_monday(prev))
        )
        days.update(d for d in _span(start, 14) if d.year == year)
        # carnival, Easter, public days off
        easter = easter_sunday(year)
        easter_monday = easter + dt.timedelta(days=1)
        days.update(_span(easter_monday - dt.timedelta(weeks=7), 7))
        if easter.month == 3:
            start = easter_monday
        elif easter > dt.date(year, 4, 15):
            start = easter_monday - dt.timedelta(weeks=2)
        else:
            first = dt.date(year, 4, 1)
            start = first + dt.timedelta(days=(7 - first.weekday()) % 7)
        days.update(_span(start, 14))
        days.add(easter_monday)
        days.add(dt.date(year, 5, 1))
        ascension = easter + dt.timedelta(days=39)
        days.update((ascension, ascension + dt.timedelta(days=1)))
        days.add(easter + dt.timedelta(days=50))  # Whit Monday
        # summer
        days.update(_span(dt.date(year, 7, 1), 62))
    return frozenset(days)


def _hhmm(value: object, column: str, duty: str) -> int:
    text = str(value).strip()
    try:
        hours, minutes = text.replace("u", ":").replace(".", ":").split(":")[:2]
        total = int(hours) * 60 + int(minutes or 0)
    except ValueError:
        total = -1
    if not 0 <= total <= 24 * 60:
        raise ValidationError(
            f"duty {duty!r}: {column}={text!r} is not a time of day HH:MM",
            key=f"error.duty_time_{column}",
            values={"duty": duty, "value": text},
        )
    return total


def check_duties(duties: pd.DataFrame) -> pd.DataFrame:
    """Check a fixed-duty table; return it with clean columns (see :data:`DUTY_COLUMNS`).

    Parameters
    ----------
    duties : pandas.DataFrame
        At least ``name``, ``start``, ``end``, ``x``, ``y`` and either ``weekdays`` or
        ``date_from``. Missing ``duty_id`` values are numbered, missing ``kind`` is
        ``andere``, ``school_holidays_off`` defaults to True for kind ``school``.

    Returns
    -------
    pandas.DataFrame
        :data:`DUTY_COLUMNS`; ``x``/``y`` float64, ``school_holidays_off`` bool, text
        columns str.

    Raises
    ------
    ValidationError
        Naming the duty and the column at fault.
    """
    frame = duties.copy()
    for column in ("name", "start", "end", "x", "y"):
        if column not in frame.columns:
            raise ValidationError(
                f"duties lack the column {column!r}; needs {DUTY_COLUMNS}",
                key="error.duty_column",
                values={"column": column, "columns": ", ".join(DUTY_COLUMNS)},
            )
    n = len(frame)
    text = {
        c: frame[c].fillna("").astype("str").str.strip()
        if c in frame
        else pd.Series([""] * n, index=frame.index, dtype="str")
        for c in (
            "duty_id",
            "kind",
            "name",
            "wijk",
            "weekdays",
            "date_from",
            "date_to",
            "start",
            "end",
        )
    }
    duty_id = text["duty_id"].where(
        text["duty_id"] != "",
        "duty-" + pd.Series(np.arange(1, n + 1), index=frame.index).astype("str"),
    )
    kind = text["kind"].str.lower().replace("", "andere")
    bad = ~kind.isin(list(DUTY_KINDS))
    if bad.any():
        duty, value = duty_id[bad].iloc[0], kind[bad].iloc[0]
        raise ValidationError(
            f"duty {duty!r}: kind={value!r} is unknown; allowed: {', '.join(DUTY_KINDS)}",
            key="error.duty_kind",
            values={"duty": duty, "value": value, "allowed": ", ".join(DUTY_KINDS)},
        )
    x = pd.to_numeric(frame["x"], errors="coerce")
    y = pd.to_numeric(frame["y"], errors="coerce")
    missing = x.isna() | y.isna()
    if missing.any():
        duty = duty_id[missing].iloc[0]
        raise ValidationError(
            f"duty {duty!r} has no point: give x and y (EPSG:31370)",
            key="error.duty_point",
            values={"duty": duty},
        )
    for i in frame.index:
        lo = _hhmm(text["start"][i], "start", duty_id[i])
        hi = _hhmm(text["end"][i], "end", duty_id[i])
        if hi <= lo:
            raise ValidationError(
                f"duty {duty_id[i]!r}: end={text['end'][i]!r} is not after start="
                f"{text['start'][i]!r}",
                key="error.duty_end",
                values={"duty": duty_id[i], "start": text["start"][i], "end": text["end"][i]},
            )
        parse_weekdays(text["weekdays"][i])
        if not text["weekdays"][i] and not text["date_from"][i]:
            raise ValidationError(
                f"duty {duty_id[i]!r} needs weekdays (recurring) or date_from (one-off)",
                key="error.duty_when",
                values={"duty": duty_id[i]},
            )
        for column in ("date_from", "date_to"):
            if text[column][i]:
                try:
                    pd.Timestamp(text[column][i])
                except ValueError as error:
                    raise ValidationError(
                        f"duty {duty_id[i]!r}: {column}={text[column][i]!r} is not a date",
                        key=f"error.duty_{column}",
                        values={"duty": duty_id[i], "value": text[column][i]},
                    ) from error
    if "school_holidays_off" in frame.columns:
        raw = frame["school_holidays_off"].astype("str").str.strip().str.lower()
        off = raw.isin(["true", "1", "ja", "yes", "oui", "waar", "x"])
        off = off.where(
            raw.isin(
                [
                    "true",
                    "1",
                    "ja",
                    "yes",
                    "oui",
                    "waar",
                    "x",
                    "false",
                    "0",
                    "nee",
                    "no",
                    "non",
                    "onwaar",
                ]
            ),
            kind == "school",
        )
    else:
        off = kind == "school"
    return pd.DataFrame(
        {
            "duty_id": duty_id.astype("str"),
            "kind": kind.astype("str"),
            "name": text["name"],
            "wijk": text["wijk"],
            "x": x.astype(float),
            "y": y.astype(float),
            "weekdays": text["weekdays"],
            "start": text["start"],
            "end": text["end"],
            "date_from": text["date_from"],
            "date_to": text["date_to"],
            "school_holidays_off": off.astype(bool),
        }
    ).reset_index(drop=True)


def duty_occurrences(
    duties: pd.DataFrame,
    *,
    week_start: pd.Timestamp,
    days: int = 7,
    holidays: frozenset[dt.date] | None = None,
) -> pd.DataFrame:
    """Expand fixed duties into their occurrences in ``[week_start, week_start + days)``.

    Parameters
    ----------
    duties : pandas.DataFrame
        Checked by :func:`check_duties`.
    week_start : pandas.Timestamp
        First day (midnight).
    days : int, default 7
        Length of the period.
    holidays : frozenset of datetime.date, optional
        School holidays; default :func:`flemish_school_holidays` of the years concerned.

    Returns
    -------
    pandas.DataFrame
        ``duty_id``, ``kind``, ``name``, ``wijk``, ``x``, ``y``, ``start``, ``end``
        (timestamps), sorted by start.
    """
    duties = check_duties(duties)
    first = pd.Timestamp(week_start).normalize()
    dates = [(first + pd.Timedelta(days=i)).date() for i in range(days)]
    if holidays is None:
        holidays = flemish_school_holidays({d.year for d in dates})
    rows = []
    for duty in duties.itertuples(index=False):
        weekdays = parse_weekdays(duty.weekdays)
        lo = pd.Timestamp(duty.date_from).date() if duty.date_from else None
        hi = pd.Timestamp(duty.date_to).date() if duty.date_to else None
        if not weekdays and lo is not None and hi is None:
            hi = lo
        start_min = _hhmm(duty.start, "start", duty.duty_id)
        end_min = _hhmm(duty.end, "end", duty.duty_id)
        for day in dates:
            if weekdays and day.weekday() not in weekdays:
                continue
            if (lo is not None and day < lo) or (hi is not None and day > hi):
                continue
            if duty.school_holidays_off and day in holidays:
                continue
            midnight = pd.Timestamp(day)
            rows.append(
                {
                    "duty_id": duty.duty_id,
                    "kind": duty.kind,
                    "name": duty.name,
                    "wijk": duty.wijk,
                    "x": duty.x,
                    "y": duty.y,
                    "start": midnight + pd.Timedelta(minutes=start_min),
                    "end": midnight + pd.Timedelta(minutes=end_min),
                }
            )
    columns = ["duty_id", "kind", "name", "wijk", "x", "y", "start", "end"]
    if not rows:
        frame = pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
        return frame.astype(
            {"x": float, "y": float, "start": "datetime64[ns]", "end": "datetime64[ns]"}
        )
    frame = pd.DataFrame(rows, columns=columns)
    frame["start"] = frame["start"].astype("datetime64[ns]")
    frame["end"] = frame["end"].astype("datetime64[ns]")
    return frame.sort_values(["start", "duty_id"], kind="stable").reset_index(drop=True)


def demo_duties(wijken: pd.DataFrame, *, first_day: pd.Timestamp, seed: int = 0) -> pd.DataFrame:
    """SYNTHETIC fixed duties for the demo: school gates, a weekly market, station, a kermis.

    Per municipality: two schools (gates 08:05–08:25 and 15:20–15:40, Wednesday 12:00–12:20,
    off in school holidays) in its smallest (densest) wijken, a weekly market (a drawn
    weekday, 08:30–09:30) and, for the larger half of the municipalities, the station
    surroundings on Friday 16:30–17:00; one kermis in the first municipality, on the Saturday
    two weeks after ``first_day``, 20:00–21:00.

    Parameters
    ----------
    wijken : geopandas.GeoDataFrame
        ``code``, ``name``, ``nis``, EPSG:31370.
    first_day : pandas.Timestamp
        A day of the demo period (the kermis is placed after it).
    seed : int, default 0

    Returns
    -------
    pandas.DataFrame
        :data:`DUTY_COLUMNS`.
    """
    rng = np.random.default_rng(seed)
    rows = []
    areas = wijken.assign(_area=wijken.geometry.area)
    sizes = areas.groupby("nis")["_area"].sum().sort_values(ascending=False)
    with_station = set(sizes.index[: max(1, (len(sizes) + 1) // 2)])
    for n, (nis, part) in enumerate(areas.groupby("nis", sort=True)):
        part = part.sort_values("_area")
        centre = part.iloc[0]
        point = centre.geometry.representative_point()
        for k in range(min(2, len(part))):
            school = part.iloc[k]
            p = school.geometry.representative_point()
            for label, start, end, days in (
                ("begin", "08:05", "08:25", "ma,di,wo,do,vr"),
                ("einde", "15:20", "15:40", "ma,di,do,vr"),
                ("einde", "12:00", "12:20", "wo"),
            ):
                rows.append(
                    (
                        "school",
                        f"Schoolpoort {school['name']} ({label})",
                        school["code"],
                        p.x,
                        p.y,
                        days,
                        start,
                        end,
                        "",
                        "",
                        True,
                    )
                )
        day = ("ma", "di", "wo", "do", "vr", "za")[int(rng.integers(0, 6))]
        rows.append(
            (
                "markt",
                f"Wekelijkse markt {centre['name']}",
                centre["code"],
                point.x,
                point.y,
                day,
                "08:30",
                "09:30",
                "",
                "",
                False,
            )
        )
        if nis in with_station:
            p = part.iloc[min(1, len(part) - 1)].geometry.representative_point()
            rows.append(
                (
                    "station",
                    f"Stationsomgeving {part.iloc[0]['name']}",
                    part.iloc[min(1, len(part) - 1)]["code"],
                    p.x,
                    p.y,
                    "vr",
                    "16:30",
                    "17:00",
                    "",
                    "",
                    False,
                )
            )
        if n == 0:
            saturday = pd.Timestamp(first_day).normalize()
            saturday += pd.Timedelta(days=(5 - saturday.day_of_week) % 7 + 14)
            day_text = saturday.strftime("%Y-%m-%d")
            rows.append(
                (
                    "evenement",
                    f"Kermis {centre['name']}",
                    centre["code"],
                    point.x,
                    point.y,
                    "",
                    "20:00",
                    "21:00",
                    day_text,
                    day_text,
                    False,
                )
            )
    frame = pd.DataFrame(rows, columns=[c for c in DUTY_COLUMNS if c != "duty_id"])
    frame.insert(0, "duty_id", [f"demo-{i + 1:03d}" for i in range(len(frame))])
    return check_duties(frame)
