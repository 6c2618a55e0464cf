"""Vectorised parsers for the fields of Belgian police exports: dates, spans, numbers, CRS."""

from __future__ import annotations

import pandas as pd

_SPAN = r"^\s*(?:tussen|van|entre|du)\s+(?P<a>.+?)\s+(?:en|tot|et|au)\s+(?P<b>.+?)\s*$"
_TIME_ONLY = r"^\s*([01]?\d|2[0-3])[:hu.]([0-5]\d)(?::([0-5]\d))?\s*$"
_UTC_OFFSET = r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$"

DAY_FIRST_FORMATS: tuple[str, ...] = tuple(
    f"%d{sep}%m{sep}%Y{time}"
    for sep in ("/", "-", ".")
    for time in (" %H:%M:%S", " %H:%M", " %Hu%M", " %H.%M", "")
)
"""Day-first formats tried after ISO 8601, in order."""

BELGIAN_CRS_BOUNDS: dict[str, tuple[float, float, float, float]] = {
    "EPSG:31370": (17_000.0, 18_000.0, 300_000.0, 250_000.0),
    "EPSG:3812": (500_000.0, 500_000.0, 800_000.0, 750_000.0),
    "EPSG:4326": (2.5, 49.45, 6.45, 51.55),
}
"""Belgium's bounding box (xmin, ymin, xmax, ymax) in each accepted CRS, with a margin."""


def as_text(values: pd.Series) -> pd.Series:
    """Return ``values`` as stripped strings, missing values as ``""``.

    Parameters
    ----------
    values : pandas.Series

    Returns
    -------
    pandas.Series
        dtype ``str``, same index.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d %H:%M:%S").fillna("").astype("str")
    return values.astype("str").where(values.notna(), "").str.strip().astype("str")


def parse_datetimes(values: pd.Series) -> pd.Series:
    """Parse Belgian date/time strings: ISO 8601 or dd/mm/yyyy [HH:MM[:SS]].

    Also accepts ``-`` and ``.`` as date separators and ``14u30`` / ``14.30`` times. Values
    that already are datetimes pass through.

    Parameters
    ----------
    values : pandas.Series
        Text (or datetimes).

    Returns
    -------
    pandas.Series
        ``datetime64[ns]`` indexed like ``values``; ``NaT`` where the text is empty or cannot
        be read (tell the two apart with ``as_text(values) == ""``).
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype("datetime64[ns]")
    text = as_text(values)
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = text.ne("")
    iso = text.str.match(r"^\d{4}-\d{2}-\d{2}")
    if (todo & iso).any():
        # with a UTC offset (+01:00 in winter, +02:00 in summer): local wall-clock time
        aware = text.str.contains(_UTC_OFFSET, case=False)
        for utc in (False, True):
            subset = todo & iso & (aware if utc else ~aware)
            if not subset.any():
                continue
            parsed = pd.to_datetime(text[subset], format="ISO8601", errors="coerce", utc=utc)
            if getattr(parsed.dt, "tz", None) is not None:
                parsed = parsed.dt.tz_convert("Europe/Brussels").dt.tz_localize(None)
            result.loc[parsed.index] = _to_ns(parsed)
        todo &= result.isna()
    for fmt in DAY_FIRST_FORMATS:
        if not todo.any():
            break
        parsed = _to_ns(pd.to_datetime(text[todo], format=fmt, errors="coerce"))
        hit = parsed.notna()
        if hit.any():
            result.loc[parsed.index[hit]] = parsed[hit]
            todo &= result.isna()
    return result


def _to_ns(parsed: pd.Series) -> pd.Series:
    """Return ``parsed`` as ``datetime64[ns]``, NaT where outside that type's range (1677–2262)."""
    inside = parsed.between(pd.Timestamp.min, pd.Timestamp.max)
    return parsed.where(inside).astype("datetime64[ns]")


def split_time_spans(start: pd.Series, end: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Split spans written in one field ("tussen 3/2/2025 8:00 en 18:00") into start and end.

    Recognises ``tussen … en …``, ``van … tot …`` and French ``entre … et …`` /
    ``du … au …``. An end given as a time only takes the start's date (the next day when it
    would fall before the start). Rows without a span keep their values.

    Parameters
    ----------
    start, end : pandas.Series
        Text of the start and end fields, same index.

    Returns
    -------
    tuple of pandas.Series
        Start and end text, the span parts moved into them.
    """
    start_text, end_text = as_text(start), as_text(end)
    parts = start_text.str.extract(_SPAN, flags=2)  # re.IGNORECASE
    is_span = parts["a"].notna()
    if not is_span.any():
        return start_text, end_text
    start_text = start_text.mask(is_span, parts["a"])
    span_end = parts["b"].where(is_span)
    time_only = span_end.str.extract(_TIME_ONLY)
    has_time_only = time_only[0].notna()
    if has_time_only.any():
        first = parse_datetimes(start_text[has_time_only])
        seconds = time_only.loc[has_time_only, 2].fillna("0").astype(int)
        clock = pd.to_timedelta(
            time_only.loc[has_time_only, 0].astype(int) * 3600
            + time_only.loc[has_time_only, 1].astype(int) * 60
            + seconds,
            unit="s",
        )
        combined = first.dt.normalize() + clock
        combined = combined.where(combined >= first, combined + pd.Timedelta(days=1))
        span_end.loc[has_time_only] = combined.dt.strftime("%Y-%m-%d %H:%M:%S")
    end_text = end_text.mask(is_span & end_text.eq(""), span_end)
    return start_text.astype("str"), end_text.astype("str")


def parse_numbers(values: pd.Series) -> pd.Series:
    """Parse numbers written the Belgian way ("150123,45", "150 123.4") or the English way.

    Parameters
    ----------
    values : pandas.Series

    Returns
    -------
    pandas.Series
        float64; NaN where empty or unreadable.
    """
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("float64")
    text = as_text(values).str.replace(r"[\s\u00a0]", "", regex=True)
    both = text.str.contains(",", regex=False) & text.str.contains(".", regex=False)
    if both.any():
        # "1.234,5" (thousands dot) vs "1,234.5" (thousands comma): the last one is decimal
        mixed = text[both]
        comma_decimal = mixed.str.rfind(",") > mixed.str.rfind(".")
        mixed = mixed.mask(comma_decimal, mixed.str.replace(".", "", regex=False))
        mixed = mixed.mask(~comma_decimal, mixed.str.replace(",", "", regex=False))
        text = text.mask(both, mixed)
    text = text.str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce").astype("float64")


def in_belgium(x: pd.Series, y: pd.Series, crs: str) -> pd.Series:
    """Tell which coordinate pairs fall in Belgium's bounding box for ``crs``.

    Parameters
    ----------
    x, y : pandas.Series
        Easting/northing (or lon/lat for EPSG:4326).
    crs : {"EPSG:31370", "EPSG:3812", "EPSG:4326"}

    Returns
    -------
    pandas.Series
        Boolean, indexed like ``x``.
    """
    xmin, ymin, xmax, ymax = BELGIAN_CRS_BOUNDS[crs]
    return x.between(xmin, xmax) & y.between(ymin, ymax)


def detect_belgian_crs(x: pd.Series, y: pd.Series) -> str | None:
    """Guess the CRS of coordinates from their value ranges.

    Parameters
    ----------
    x, y : pandas.Series
        Coordinates (NaN allowed and ignored).

    Returns
    -------
    str or None
        The accepted CRS whose Belgian box holds most of the pairs (at least half), or None.
    """
    located = x.notna() & y.notna()
    if not located.any():
        return None
    shares = {
        crs: float(in_belgium(x[located], y[located], crs).mean()) for crs in BELGIAN_CRS_BOUNDS
    }
    best = max(shares, key=shares.__getitem__)
    return best if shares[best] >= 0.5 else None


def normalise_postcodes(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Clean postcodes ("B-1730", "1730.0", " 1730 ") and flag invalid ones.

    Parameters
    ----------
    values : pandas.Series

    Returns
    -------
    tuple of pandas.Series
        The cleaned 4-digit text ("" where empty) and a boolean mask of invalid non-empty
        values.
    """
    text = as_text(values).str.upper().str.replace(r"^B\s*-?\s*", "", regex=True)
    text = text.str.replace(r"\.0$", "", regex=True)
    valid = text.str.fullmatch(r"[1-9]\d{3}")
    invalid = text.ne("") & ~valid.astype(bool)
    return text.astype("str"), invalid
