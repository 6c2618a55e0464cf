"""The service roster of the wijkdienst: inspectors, their wijken and their shifts.

Two tables:

* **inspectors**: ``inspector`` (name), ``wijken`` (wijk codes joined by ``;``), ``mode``
  (``fiets`` or ``te voet``: how the inspector moves between presence slots), ``base_x``,
  ``base_y`` (the wijkpost in EPSG:31370; empty = the inside point of the first wijk).
* **shifts**: ``shift_id``, ``inspector``, ``date`` (ISO), ``start``, ``end`` (``HH:MM``; an
  end before the start runs past midnight), ``street_minutes`` (the time free for street
  presence in that shift), ``absence`` (empty, or ``verlof``/``ziekte``/``opleiding``: no
  presence that day).

A roster file (CSV or XLSX) holds one row per shift with the inspector's wijken on every row;
Dutch headers are recognised (``inspecteur``, ``wijk(en)``, ``datum``, ``begin``, ``einde``,
``uren straat``, ``afwezig``, ``vervoer``).
"""

from __future__ import annotations

import math
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import ValidationError

__all__ = [
    "INSPECTOR_COLUMNS",
    "MODES",
    "SHIFT_COLUMNS",
    "demo_roster",
    "parse_month",
    "parse_week",
    "roster_from_rows",
    "shift_times",
]

INSPECTOR_COLUMNS: tuple[str, ...] = ("inspector", "wijken", "mode", "base_x", "base_y")
SHIFT_COLUMNS: tuple[str, ...] = (
    "shift_id",
    "inspector",
    "date",
    "start",
    "end",
    "street_minutes",
    "absence",
)
MODES: tuple[str, ...] = ("fiets", "te voet")

_HEADERS: dict[str, tuple[str, ...]] = {
    "inspector": ("inspector", "inspecteur", "naam", "name", "wijkinspecteur"),
    "wijken": ("wijken", "wijk", "wijk(en)", "wijkcodes"),
    "date": ("date", "datum", "dag"),
    "start": ("start", "begin", "van", "aanvang"),
    "end": ("end", "einde", "tot", "eind"),
    "street_hours": (
        "street_hours",
        "uren straat",
        "straat",
        "uren_straat",
        "straaturen",
        "uren vrij voor straat",
        "street",
    ),
    "street_minutes": ("street_minutes", "minuten straat"),
    "absence": ("absence", "afwezig", "afwezigheid", "verlof"),
    "mode": ("mode", "vervoer", "vervoermiddel"),
    "base_x": ("base_x", "post_x"),
    "base_y": ("base_y", "post_y"),
}


def parse_week(week: str) -> pd.Timestamp:
    """Return the Monday (midnight) of an ISO week written ``2026-W49``.

    Raises
    ------
    ValidationError
        When ``week`` is not of the form ``YYYY-Www`` or the week does not exist.
    """
    match = re.fullmatch(r"\s*(\d{4})-?W(\d{1,2})\s*", str(week), flags=re.IGNORECASE)
    if not match:
        raise ValidationError(
            f"week={week!r} must be an ISO week such as 2026-W49",
            key="error.week_format",
            values={"week": week},
        )
    year, number = int(match.group(1)), int(match.group(2))
    try:
        import datetime as dt

        monday = dt.date.fromisocalendar(year, number, 1)
    except ValueError as error:
        raise ValidationError(
            f"week={week!r} does not exist in {year}",
            key="error.week_missing",
            values={"week": week, "year": year},
        ) from error
    return pd.Timestamp(monday)


def parse_month(month: str) -> pd.Timestamp:
    """Return the first day (midnight) of a month written ``2026-11``.

    Raises
    ------
    ValidationError
        When ``month`` is not of the form ``YYYY-MM`` with a month 1–12.
    """
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(month))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError(
            f"month={month!r} must be YYYY-MM",
            key="error.month_format",
            values={"month": month},
        )
    return pd.Timestamp(year=int(match.group(1)), month=int(match.group(2)), day=1)


def _minutes(text: str, what: str, row: object = None) -> int:
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:hu.](\d{2}))?\s*", str(text))
    total = int(match.group(1)) * 60 + int(match.group(2) or 0) if match else -1
    if not 0 <= total <= 24 * 60:
        where = f"roster row {row!r}: " if row is not None else ""
        raise ValidationError(
            f"{where}{what}={text!r} is not a time of day HH:MM",
            key=f"error.roster_time_{what}",
            values={"row": "–" if row is None else row, "value": text},
        )
    return total


def shift_times(shifts: pd.DataFrame) -> pd.DataFrame:
    """Add ``begin`` and ``finish`` timestamps to shifts (an end before start runs past 24h).

    Parameters
    ----------
    shifts : pandas.DataFrame
        :data:`SHIFT_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        The same rows with ``begin``/``finish`` (datetime64).
    """
    date = pd.to_datetime(shifts["date"].astype("str"), format="%Y-%m-%d")
    start = np.array([_minutes(v, "start") for v in shifts["start"]], dtype=np.int64)
    end = np.array([_minutes(v, "end") for v in shifts["end"]], dtype=np.int64)
    end = np.where(end <= start, end + 24 * 60, end)
    begin = date + pd.to_timedelta(start, unit="min")
    finish = date + pd.to_timedelta(end, unit="min")
    return shifts.assign(begin=begin.to_numpy(), finish=finish.to_numpy())


def _pick(rows: pd.DataFrame, field: str) -> str | None:
    names = {str(c).strip().lower(): c for c in rows.columns}
    for alias in _HEADERS[field]:
        if alias in names:
            return names[alias]
    return None


def _dates(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip()
    iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    text_dm = text.str.replace("-", "/").str.replace(".", "/")
    day_first = pd.to_datetime(text_dm, format="%d/%m/%Y", errors="coerce")
    short = text.str.slice(0, 10)
    iso = iso.fillna(pd.to_datetime(short, format="%Y-%m-%d", errors="coerce"))
    return iso.fillna(day_first)


def roster_from_rows(
    rows: pd.DataFrame, *, known_wijken: set[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build the inspectors and shifts tables from roster rows (one row per shift).

    Parameters
    ----------
    rows : pandas.DataFrame
        Text columns with English or Dutch headers (see module notes). ``street_hours`` may
        use a decimal comma. A row with an ``absence`` needs no times.
    known_wijken : set of str, optional
        Wijk codes of the workspace; an unknown code is refused.

    Returns
    -------
    tuple of pandas.DataFrame
        ``inspectors`` (:data:`INSPECTOR_COLUMNS`) and ``shifts`` (:data:`SHIFT_COLUMNS`).

    Raises
    ------
    ValidationError
        Naming the row (file row number when the index holds it), the column and the value.
    """
    columns = {field: _pick(rows, field) for field in _HEADERS}
    for field in ("inspector", "wijken", "date"):
        if columns[field] is None:
            accepted = ", ".join(_HEADERS[field])
            raise ValidationError(
                f"roster lacks a column for {field!r}; accepted headers: {accepted}",
                key="error.roster_column",
                values={"headers": accepted},
            )

    def text(field: str) -> pd.Series:
        column = columns[field]
        if column is None:
            return pd.Series([""] * len(rows), index=rows.index, dtype="str")
        return rows[column].fillna("").astype("str").str.strip()

    inspector = text("inspector")
    if (inspector == "").any():
        row = rows.index[inspector == ""][0]
        raise ValidationError(
            f"roster row {row!r} has no inspector",
            key="error.roster_no_inspector",
            values={"row": row},
        )
    wijken = text("wijken").str.replace(",", ";").str.replace(" ", "")
    date = _dates(text("date"))
    if date.isna().any():
        first = rows.index[date.isna()][0]
        value = text("date")[first]
        raise ValidationError(
            f"roster row {first!r}: date={value!r} is not a date (dd/mm/jjjj)",
            key="error.roster_date",
            values={"row": first, "value": value},
        )
    absence = text("absence")
    start, end = text("start"), text("end")
    if columns["street_minutes"] is not None:
        street = pd.to_numeric(text("street_minutes").str.replace(",", "."), errors="coerce")
    elif columns["street_hours"] is not None:
        hours = pd.to_numeric(text("street_hours").str.replace(",", "."), errors="coerce")
        street = hours * 60.0
    else:
        street = pd.Series(np.nan, index=rows.index)
    for i in rows.index:
        if absence[i]:
            continue
        lo = _minutes(start[i], "start", i)
        hi = _minutes(end[i], "end", i)
        length = (hi - lo) % (24 * 60) or 24 * 60
        if pd.isna(street[i]):
            street[i] = round(length * 0.4)  # without a figure: 40 % of the shift
        if not 0 <= street[i] <= length:
            raise ValidationError(
                f"roster row {i!r}: street time {street[i]:g} min does not fit the shift "
                f"{start[i]}–{end[i]} ({length} min)",
                key="error.roster_street_time",
                values={
                    "row": i, "minutes": f"{street[i]:g}", "start": start[i], "end": end[i],
                    "length": length,
                },
            )  # fmt: skip
    mode = text("mode").str.lower().replace({"": "fiets", "voet": "te voet", "fiets ": "fiets"})
    bad = ~mode.isin(MODES)
    if bad.any():
        row, value = rows.index[bad][0], mode[bad].iloc[0]
        raise ValidationError(
            f"roster row {row!r}: vervoer={value!r}; allowed: {', '.join(MODES)}",
            key="error.roster_mode",
            values={"row": row, "value": value, "allowed": ", ".join(MODES)},
        )
    if known_wijken is not None:
        for i in rows.index:
            unknown = [w for w in wijken[i].split(";") if w and w not in known_wijken]
            if unknown:
                raise ValidationError(
                    f"roster row {i!r}: wijk {unknown[0]!r} is not a wijk of the workspace",
                    key="error.roster_wijk",
                    values={"row": i, "wijk": unknown[0]},
                )
    base_x = pd.to_numeric(text("base_x").str.replace(",", "."), errors="coerce")
    base_y = pd.to_numeric(text("base_y").str.replace(",", "."), errors="coerce")
    per = pd.DataFrame(
        {"inspector": inspector, "wijken": wijken, "mode": mode, "base_x": base_x, "base_y": base_y}
    )
    inspectors = (
        per.groupby("inspector", sort=True)
        .agg(
            wijken=(
                "wijken",
                lambda s: ";".join(dict.fromkeys(w for v in s for w in v.split(";") if w)),
            ),
            mode=("mode", "first"),
            base_x=("base_x", "first"),
            base_y=("base_y", "first"),
        )
        .reset_index()
    )
    iso = date.dt.strftime("%Y-%m-%d")
    shifts = pd.DataFrame(
        {
            "shift_id": inspector + "|" + iso + "|" + start.where(absence == "", "-"),
            "inspector": inspector,
            "date": iso,
            "start": start.where(absence == "", "00:00"),
            "end": end.where(absence == "", "00:00"),
            "street_minutes": street.where(absence == "", 0).fillna(0).round().astype("int64"),
            "absence": absence,
        }
    ).reset_index(drop=True)
    duplicated = shifts["shift_id"].duplicated()
    if duplicated.any():
        shift = shifts["shift_id"][duplicated].iloc[0]
        raise ValidationError(
            f"roster lists shift {shift!r} twice",
            key="error.roster_duplicate",
            values={"shift": shift},
        )
    return inspectors[list(INSPECTOR_COLUMNS)], shifts[list(SHIFT_COLUMNS)]


DEMO_POPULATION: dict[str, int] = {
    "23002": 34_000,  # Asse
    "23052": 17_000,  # Merchtem
    "23060": 15_000,  # Opwijk
    "23102": 17_000,  # Wemmel
    "24038": 22_000,  # Herent
    "24055": 21_000,  # Kortenberg
}
"""Rounded inhabitants of the demo municipalities, to size the synthetic roster."""

_FIRST = (
    "An",
    "Bart",
    "Els",
    "Tom",
    "Sofie",
    "Kris",
    "Lies",
    "Wim",
    "Katrien",
    "Jan",
    "Nele",
    "Pieter",
    "Inge",
    "Dirk",
    "Sarah",
    "Koen",
    "Eva",
    "Steven",
    "Hanne",
    "Joris",
    "Lotte",
    "Geert",
    "Ilse",
    "Ruben",
    "Marijke",
    "Jens",
    "Veerle",
    "Bram",
    "Ann",
    "Stijn",
)
_LAST = (
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Hermans",
    "Aerts",
    "Michiels",
    "Verhoeven",
    "Lemmens",
    "Van Damme",
    "Martens",
    "Desmet",
    "Coppens",
    "Vermeulen",
    "De Clercq",
    "Pauwels",
    "Smets",
    "Van den Broeck",
    "Segers",
    "Cools",
    "Bogaerts",
    "Leemans",
    "Wuyts",
)


def _group_wijken(wijken: gpd.GeoDataFrame, groups: int) -> list[list[int]]:
    """Split wijken into ``groups`` groups of one or two touching wijken (large ones paired)."""
    n = len(wijken)
    pairs_wanted = max(0, n - groups)
    geoms = wijken.geometry.to_numpy()
    area = shapely.area(geoms)
    free = set(range(n))
    out: list[list[int]] = []
    tree = shapely.STRtree(geoms)
    for i in np.argsort(-area, kind="stable"):
        if len(out) >= pairs_wanted or i not in free:
            continue
        near = [j for j in tree.query(geoms[i], predicate="intersects") if j in free and j != i]
        same = [j for j in near if wijken["nis"].iloc[j] == wijken["nis"].iloc[i]]
        choice = same or near
        if not choice:
            continue
        j = max(choice, key=lambda k: area[k])
        free -= {i, j}
        out.append([int(i), int(j)])
    out.extend([[i] for i in sorted(free)])
    return out


def demo_roster(
    wijken: gpd.GeoDataFrame,
    *,
    first_week: pd.Timestamp,
    weeks: int,
    population: dict[str, int] | None = None,
    per_inhabitants: int = 4000,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A believable SYNTHETIC roster: about one inspector per ``per_inhabitants`` inhabitants.

    Each inspector has one or two touching wijken; works five days a week (mostly Monday to
    Friday, with a rotating Saturday) in day shifts 07:30–16:00 or late shifts 12:00–20:00
    with 2½–4 hours for the street; about one day in twelve is leave.

    Parameters
    ----------
    wijken : geopandas.GeoDataFrame
        ``code``, ``name``, ``nis``, EPSG:31370.
    first_week : pandas.Timestamp
        Monday of the first week.
    weeks : int
        Number of weeks.
    population : dict, optional
        Inhabitants per NIS code; default :data:`DEMO_POPULATION` (other municipalities count
        3,000 inhabitants per wijk).
    per_inhabitants : int, default 4000
        Inhabitants per inspector.
    seed : int, default 0
        Seed of the draws.

    Returns
    -------
    tuple of pandas.DataFrame
        ``inspectors`` and ``shifts`` (see module notes).
    """
    rng = np.random.default_rng(seed)
    population = DEMO_POPULATION if population is None else population
    wijken = wijken.reset_index(drop=True)
    inspectors = []
    combos = [f"{f} {last}" for f in _FIRST for last in _LAST]
    names = iter(np.array(combos, dtype=object)[rng.permutation(len(combos))])
    for nis, part in wijken.groupby("nis", sort=True):
        people = population.get(str(nis), 3000 * len(part))
        count = max(1, round(people / per_inhabitants), math.ceil(len(part) / 2))
        count = min(count, len(part))
        for group in _group_wijken(part.reset_index(drop=True), count):
            codes = [str(part["code"].iloc[g]) for g in group]
            inside = part.geometry.iloc[group[0]].representative_point()
            inspectors.append(
                {
                    "inspector": next(names),
                    "wijken": ";".join(codes),
                    "mode": "fiets" if rng.random() < 0.8 else "te voet",
                    "base_x": float(inside.x),
                    "base_y": float(inside.y),
                }
            )
    frame = pd.DataFrame(inspectors, columns=list(INSPECTOR_COLUMNS))
    rows = []
    monday = pd.Timestamp(first_week).normalize()
    for k, person in enumerate(frame["inspector"]):
        for week in range(weeks):
            start = monday + pd.Timedelta(weeks=week)
            saturday = (week + k) % 4 == 0
            days = [0, 1, 2, 3, 5] if saturday else [0, 1, 2, 3, 4]
            if saturday:
                days[rng.integers(0, 4)] = 4
                days = sorted(set(days) | {5})[:5]
            late = rng.random(7) < 0.35
            for day in days:
                date = (start + pd.Timedelta(days=day)).strftime("%Y-%m-%d")
                if rng.random() < 1 / 12:
                    rows.append((person, date, "00:00", "00:00", 0, "verlof"))
                    continue
                begin, end = ("12:00", "20:00") if late[day] else ("07:30", "16:00")
                street = int(rng.choice([150, 180, 210, 240]))
                rows.append((person, date, begin, end, street, ""))
    shifts = pd.DataFrame(
        rows, columns=["inspector", "date", "start", "end", "street_minutes", "absence"]
    )
    shifts.insert(
        0,
        "shift_id",
        shifts["inspector"]
        + "|"
        + shifts["date"]
        + "|"
        + shifts["start"].where(shifts["absence"] == "", "-"),
    )
    shifts = shifts.astype({c: "str" for c in SHIFT_COLUMNS if c != "street_minutes"})
    return frame, shifts[list(SHIFT_COLUMNS)]
