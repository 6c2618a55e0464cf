"""Aoristic hour × weekday profiles: when do the incidents of a hotspot or wijk happen?

Many incidents are known only as a time window: a burglary happened "between leaving at 8:00
and coming home at 18:00". Aoristic analysis (Ratcliffe 2002) spreads each incident's weight of
one over the hours its window overlaps, in proportion to the minutes of overlap, so an 8:00–18:00
window puts 0.1 in each hour from 8 to 17. The profile is a 7 × 24 table (Monday..Sunday ×
hour 0..23) that sums to the number of incidents.

* An incident without ``end`` (or with ``end == start``) counts fully in its start hour.
* Windows wrap around the week: Sunday 22:00 – Monday 02:00 spreads over both days.
* Windows longer than ``max_span_days`` (default 7: a whole week) say nothing about the hour or
  the day. ``long_spans="uniform"`` (default) spreads them evenly over the 168 hours of the week,
  so they still count once; ``"exclude"`` leaves them out (the profile then sums to the number
  of incidents kept; :func:`aoristic_profile` reports how many were left out in ``attrs``).

The computation is exact for any times (to the nanosecond) and has no loop over incidents:
every window adds a constant density ``1 / length`` between its start and its end on the
week's time axis; these densities are summed as jumps at the window ends, and the integral of
the resulting step function over each hour follows from cumulative sums of the jumps and of
jump × position, binned by hour (numpy ``bincount`` + ``cumsum``).
"""

from __future__ import annotations

from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import ValidationError

__all__ = ["WEEKDAYS", "aoristic_profile", "aoristic_weights"]

WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
_MINUTE_NS = 60 * 10**9
_WEEK_MIN = 7 * 24 * 60
_MONDAY_NS = pd.Timestamp("1970-01-05").value  # a Monday, 00:00
LongSpans = Literal["uniform", "exclude"]


def _minutes(values: pd.Series, name: str) -> np.ndarray:
    if not pd.api.types.is_datetime64_any_dtype(values):
        raise ValidationError(f"column {name!r} must hold datetimes, got dtype {values.dtype}")
    if getattr(values.dt, "tz", None) is not None:
        raise ValidationError(f"column {name!r} must hold naive local times, not tz-aware ones")
    ns = values.to_numpy().astype("datetime64[ns]")
    missing = np.isnat(ns)
    out = (ns.astype(np.int64) - _MONDAY_NS) / _MINUTE_NS
    out[missing] = np.nan
    return out


def aoristic_weights(
    start: pd.Series,
    end: pd.Series | None = None,
    *,
    max_span_days: float = 7.0,
    long_spans: LongSpans = "uniform",
) -> np.ndarray:
    """Aoristic weight of every hour of the week, summed over incidents.

    Parameters
    ----------
    start : pandas.Series
        Naive datetimes (the start of each window, or the moment).
    end : pandas.Series, optional
        Naive datetimes, NaT where the incident has no window; aligned with ``start``.
    max_span_days : float, default 7
        Longest window spread over its hours, in (0, 7] days.
    long_spans : {"uniform", "exclude"}, default "uniform"
        What to do with longer windows (see module notes).

    Returns
    -------
    numpy.ndarray
        Shape (168,): hour of the week, Monday 00:00–01:00 first. Sums to the number of
        incidents with a start (minus excluded long windows).
    """
    if not 0.0 < max_span_days <= 7.0:
        raise ValidationError(f"max_span_days={max_span_days!r} must lie in (0, 7]")
    if long_spans not in ("uniform", "exclude"):
        raise ValidationError(
            f"long_spans={long_spans!r} is not supported; allowed: uniform, exclude"
        )
    s = _minutes(start, "start")
    if end is None:
        e = np.full(len(s), np.nan)
    else:
        if len(end) != len(start):
            raise ValidationError("end must be aligned with start (same length)")
        e = _minutes(end, "end")
    keep = ~np.isnan(s)
    s, e = s[keep], e[keep]
    length = np.where(np.isnan(e), 0.0, e - s)
    if (length < 0).any():
        raise ValidationError("an incident's end lies before its start")
    profile = np.zeros(168)
    # moments: the whole weight in the start hour
    moment = length == 0
    s_week = np.mod(s, _WEEK_MIN)
    hour = np.minimum((s_week[moment] // 60).astype(np.int64), 167)
    profile += np.bincount(hour, minlength=168)
    # windows longer than max_span_days
    long = length > max_span_days * 1440.0 + 1e-9
    if long_spans == "uniform":
        profile += long.sum() / 168.0
    # windows: density 1/length from s to s+length, wrapping once around the week
    span = ~moment & ~long
    if span.any():
        lo = s_week[span]
        size = length[span]
        density = 1.0 / size
        hi = lo + size
        wraps = hi > _WEEK_MIN
        position = np.concatenate(
            [lo, np.minimum(hi, _WEEK_MIN), np.zeros(wraps.sum()), hi[wraps] - _WEEK_MIN]
        )
        jump = np.concatenate([density, -density, density[wraps], -density[wraps]])
        profile += _integrate_hours(position, jump)
    return profile


def _integrate_hours(position: np.ndarray, jump: np.ndarray) -> np.ndarray:
    """Integral over each hour of the week of the step function with these jumps.

    The step function is ``f(t) = sum(jump[k] for position[k] <= t)``. Over hour h it is the
    level reached before the hour, ``L_h``, for 60 minutes, plus each jump k inside the hour
    for the rest of the hour: ``60 * L_h + sum(jump[k] * (60 - offset[k]))``.
    """
    inside = position < _WEEK_MIN
    position, jump = position[inside], jump[inside]
    bucket = (position // 60).astype(np.int64)
    offset = position - 60.0 * bucket
    per_hour = np.bincount(bucket, weights=jump, minlength=168)
    level = np.concatenate([[0.0], np.cumsum(per_hour)[:-1]])
    within = np.bincount(bucket, weights=jump * (60.0 - offset), minlength=168)
    # rounding can leave -1e-12 where the true weight is 0
    return np.maximum(60.0 * level + within, 0.0)


def aoristic_profile(
    incidents: pd.DataFrame,
    *,
    area: gpd.GeoDataFrame | shapely.Geometry | None = None,
    max_span_days: float = 7.0,
    long_spans: LongSpans = "uniform",
) -> pd.DataFrame:
    """Aoristic hour × weekday profile of incidents, optionally only those inside an area.

    Parameters
    ----------
    incidents : pandas.DataFrame or geopandas.GeoDataFrame
        Columns ``start`` and optional ``end`` (naive datetimes, ``end`` NaT when unknown).
    area : geopandas.GeoDataFrame or shapely geometry, optional
        A hotspot polygon, cluster or wijk: only incidents whose point lies in it (boundary
        included) count. Needs ``incidents`` to be a GeoDataFrame in the same CRS.
    max_span_days : float, default 7
        Longest window spread over its hours, in (0, 7] days.
    long_spans : {"uniform", "exclude"}, default "uniform"
        Longer windows: spread evenly over the week, or left out.

    Returns
    -------
    pandas.DataFrame
        7 × 24 float64: index ``weekday`` (``Monday`` … ``Sunday``), columns ``hour`` 0–23.
        Sums to the number of incidents counted; ``attrs["incidents"]`` holds that number
        and ``attrs["excluded_long_spans"]`` the windows left out.
    """
    if "start" not in incidents.columns:
        raise ValidationError("incidents lack the column 'start'")
    frame = incidents
    if area is not None:
        if not isinstance(incidents, gpd.GeoDataFrame):
            raise ValidationError("area needs incidents as a GeoDataFrame with points")
        if isinstance(area, gpd.GeoDataFrame | gpd.GeoSeries):
            if not area.crs.equals(incidents.crs):
                raise ValidationError(
                    f"area.crs={area.crs.to_string()} differs from incidents.crs="
                    f"{incidents.crs.to_string()}"
                )
            shape = shapely.union_all(area.geometry.to_numpy())
        elif isinstance(area, shapely.Geometry):
            shape = area
        else:
            raise ValidationError(
                f"area must be a GeoDataFrame or a shapely geometry, got {type(area).__name__}"
            )
        shapely.prepare(shape)
        points = incidents.geometry.to_numpy()
        frame = incidents[shapely.intersects(shape, points)]
    end = frame["end"] if "end" in frame.columns else None
    weights = aoristic_weights(
        frame["start"], end, max_span_days=max_span_days, long_spans=long_spans
    )
    table = pd.DataFrame(
        weights.reshape(7, 24),
        index=pd.Index(WEEKDAYS, name="weekday"),
        columns=pd.RangeIndex(24, name="hour"),
    )
    starts = _minutes(frame["start"], "start")
    ends = _minutes(end, "end") if end is not None else np.full(len(frame), np.nan)
    excluded = 0
    if long_spans == "exclude":
        excluded = int(((ends - starts) > max_span_days * 1440.0 + 1e-9).sum())
    table.attrs["incidents"] = int((~np.isnan(starts)).sum()) - excluded
    table.attrs["excluded_long_spans"] = excluded
    return table
