"""Incidents prepared for fast forecasting: a study area of grid cells and a time-sorted history.

:class:`StudyArea` is the set of analysis cells a forecast ranks (a zone's grid, or the cells
near past events) with the fine KDE lattices on it; :class:`EventHistory` holds the incidents
inside it as numpy arrays sorted by time, and computes (and caches) the windowed, decayed and
kernel-smoothed counts per cell that baselines and forecasters use. Every quantity "at origin
``t``" only uses events strictly before ``t``.

Times are in days since 1970-01-01 (float) inside; the public functions take timestamps.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from gis.errors import ValidationError
from gis.grid import _check_cell_size, _check_metric
from gis.kde import Lattice, _check_bandwidth, default_subdivisions

EPOCH = pd.Timestamp("1970-01-01")
STUDY_RADIUS_M = 300.0
"""Without a zone, the study area is the cells whose centre lies this close to a past event."""


def to_days(when: pd.Timestamp | str | np.ndarray | pd.Series) -> float | np.ndarray:
    """Timestamps → days since 1970-01-01 (float).

    Parameters
    ----------
    when : timestamp, str, or array/Series of datetimes

    Returns
    -------
    float or numpy.ndarray
    """
    if isinstance(when, pd.Series | np.ndarray | pd.DatetimeIndex):
        values = pd.to_datetime(pd.Series(when)).astype("datetime64[ns]")
        return (values - EPOCH).dt.total_seconds().to_numpy() / 86_400.0
    return (pd.Timestamp(when) - EPOCH).total_seconds() / 86_400.0


def from_days(days: float) -> pd.Timestamp:
    """Days since 1970-01-01 → timestamp (inverse of :func:`to_days`)."""
    return EPOCH + pd.Timedelta(days=float(days))


class StudyArea:
    """The cells a forecast ranks, with their area inside the zone and their KDE lattices.

    Parameters
    ----------
    col, row : array-like of int
        Cell indices (cell ``(c, r)`` spans ``[c·s, (c+1)·s) × [r·s, (r+1)·s)``).
    cell_size : float
        Cell side ``s`` in metres (50–500).
    area : array-like of float, optional
        Share of each cell inside the zone (0–1]; default 1.
    zone : shapely.Geometry, optional
        The zone outline: events outside it are left out, density outside it never counts.
    crs : object, optional
        The (metric) CRS of the coordinates, kept for output.

    Attributes
    ----------
    n_cells : int
    x, y : numpy.ndarray
        Cell centres.
    """

    def __init__(
        self,
        col: np.ndarray,
        row: np.ndarray,
        *,
        cell_size: float,
        area: np.ndarray | None = None,
        zone: shapely.Geometry | None = None,
        crs: object = None,
    ) -> None:
        self.cell_size = _check_cell_size(cell_size)
        self.col = np.asarray(col, dtype=np.int64)
        self.row = np.asarray(row, dtype=np.int64)
        self.n_cells = len(self.col)
        if self.n_cells == 0 or len(self.row) != self.n_cells:
            raise ValidationError(
                f"a study area needs at least one cell and as many rows as cols, got "
                f"{len(self.col)} cols and {len(self.row)} rows"
            )
        self.area = np.ones(self.n_cells) if area is None else np.asarray(area, dtype=float)
        if len(self.area) != self.n_cells or (self.area <= 0).any():
            raise ValidationError("area must give a positive share for every cell")
        self.zone = zone
        if zone is not None:
            shapely.prepare(zone)
        self.crs = crs
        self.x = (self.col + 0.5) * self.cell_size
        self.y = (self.row + 0.5) * self.cell_size
        self.cells = pd.Series([f"{c}_{r}" for c, r in zip(self.col, self.row, strict=True)])
        self._lookup = pd.Index(pd.MultiIndex.from_arrays([self.col, self.row]))
        # a dense (row, col) → cell table over the cells' box, when it is not huge
        self._c0, self._r0 = int(self.col.min()), int(self.row.min())
        box = (int(self.row.max()) - self._r0 + 1, int(self.col.max()) - self._c0 + 1)
        self._table: np.ndarray | None = None
        if box[0] * box[1] <= 16 * max(self.n_cells, 1_000_000) and self._lookup.is_unique:
            self._table = np.full(box, -1, dtype=np.int64)
            self._table[self.row - self._r0, self.col - self._c0] = np.arange(self.n_cells)
        self._lattices: dict[int, Lattice] = {}

    @classmethod
    def from_grid(
        cls,
        grid: gpd.GeoDataFrame,
        *,
        cell_size: float | None = None,
        zone: gpd.GeoDataFrame | None = None,
    ) -> StudyArea:
        """Study area of a grid from :func:`gis.grid.zone_grid` (and its zone).

        Parameters
        ----------
        grid : geopandas.GeoDataFrame
            Columns ``col``, ``row``, ``area_share``; metric CRS.
        cell_size : float, optional
            Cell side in metres; by default the widest cell's extent.
        zone : geopandas.GeoDataFrame, optional
            The zone the grid was clipped to.

        Returns
        -------
        StudyArea
        """
        _check_metric(grid, "grid")
        size = cell_size
        if size is None:
            # the widest cell spans exactly one cell size (clipped cells are narrower)
            bounds = shapely.bounds(grid.geometry.to_numpy())
            extent = np.maximum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
            size = float(np.round(extent.max(), 6))
        outline = None if zone is None else shapely.union_all(zone.to_crs(grid.crs).geometry)
        return cls(
            grid["col"].to_numpy(),
            grid["row"].to_numpy(),
            cell_size=size,
            area=grid["area_share"].to_numpy() if "area_share" in grid else None,
            zone=outline,
            crs=grid.crs,
        )

    @classmethod
    def around_events(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        *,
        cell_size: float,
        radius: float = STUDY_RADIUS_M,
        crs: object = None,
    ) -> StudyArea:
        """The cells whose centre lies within ``radius`` metres of an event.

        Parameters
        ----------
        x, y : numpy.ndarray
            Event coordinates (metres).
        cell_size : float
        radius : float, default 300

        Returns
        -------
        StudyArea
        """
        size = _check_cell_size(cell_size)
        ok = np.isfinite(x) & np.isfinite(y)
        x, y = np.asarray(x, dtype=float)[ok], np.asarray(y, dtype=float)[ok]
        if len(x) == 0:
            raise ValidationError("there are no located events to build a study area from")
        points = np.unique(np.column_stack([x, y]), axis=0)
        reach = math.ceil(radius / size) + 1
        cols = np.arange(math.floor(x.min() / size) - reach, math.floor(x.max() / size) + reach + 1)
        rows = np.arange(math.floor(y.min() / size) - reach, math.floor(y.max() / size) + reach + 1)
        col, row = (a.ravel() for a in np.meshgrid(cols, rows))
        centres = np.column_stack([(col + 0.5) * size, (row + 0.5) * size])
        distance, _ = cKDTree(points).query(centres, distance_upper_bound=radius)
        near = np.isfinite(distance)
        return cls(col[near], row[near], cell_size=size, crs=crs)

    def lattice(self, subdivisions: int) -> Lattice:
        """The fine lattice with ``subdivisions`` pixels per cell side (built once)."""
        if subdivisions not in self._lattices:
            self._lattices[subdivisions] = Lattice(
                self.col,
                self.row,
                cell_size=self.cell_size,
                subdivisions=subdivisions,
                zone=self.zone,
            )
        return self._lattices[subdivisions]

    def locate(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Index of the study cell of each point; -1 outside the study area (or the zone).

        Parameters
        ----------
        x, y : numpy.ndarray

        Returns
        -------
        numpy.ndarray
            int64.
        """
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        ok = np.isfinite(x) & np.isfinite(y)
        out = np.full(len(x), -1, dtype=np.int64)
        col = np.floor(x[ok] / self.cell_size).astype(np.int64)
        row = np.floor(y[ok] / self.cell_size).astype(np.int64)
        if self._table is None:
            out[ok] = self._lookup.get_indexer(pd.MultiIndex.from_arrays([col, row]))
        else:
            r, c = row - self._r0, col - self._c0
            hit = (r >= 0) & (c >= 0) & (r < self._table.shape[0]) & (c < self._table.shape[1])
            found = np.full(len(col), -1, dtype=np.int64)
            found[hit] = self._table[r[hit], c[hit]]
            out[ok] = found
        if self.zone is not None:
            inside = out >= 0
            inside[inside] = shapely.contains_xy(self.zone, x[inside], y[inside])
            out[~inside] = -1
        return out

    def frame(self) -> pd.DataFrame:
        """Cells as a table: ``cell``, ``col``, ``row``, ``x``, ``y`` (centre), ``area_share``."""
        return pd.DataFrame(
            {
                "cell": self.cells,
                "col": self.col,
                "row": self.row,
                "x": self.x,
                "y": self.y,
                "area_share": self.area,
            }
        )


WEEKDAY_OF_EPOCH = 3
"""1970-01-01 was a Thursday (Monday = 0)."""
WEEKDAY_CODES: tuple[str, ...] = ("ma", "di", "wo", "do", "vr", "za", "zo")
"""Dutch weekday codes, Monday first (as in :mod:`gis.duties`)."""


@dataclass(frozen=True)
class ShiftBlock:
    """A part of the week: some weekdays, from ``start_hour`` to ``end_hour``.

    A block may run past midnight (``start_hour=22, end_hour=6``); its night hours then
    belong to the weekday the shift started on.

    Parameters
    ----------
    weekdays : tuple of int, default every day
        0 = Monday … 6 = Sunday.
    start_hour, end_hour : float, default 0 and 24
        Local wall-clock hours, 0–24.
    """

    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
    start_hour: float = 0.0
    end_hour: float = 24.0

    def __post_init__(self) -> None:
        if not self.weekdays or any(d not in range(7) for d in self.weekdays):
            raise ValidationError(
                f"weekdays={self.weekdays!r} must name days 0 (Monday) … 6 (Sunday)"
            )
        for name in ("start_hour", "end_hour"):
            if not 0.0 <= float(getattr(self, name)) <= 24.0:
                raise ValidationError(f"{name}={getattr(self, name)!r} must be between 0 and 24")
        if float(self.start_hour) == float(self.end_hour):
            raise ValidationError(
                f"start_hour={self.start_hour!r} equals end_hour: the block would be empty"
            )

    @property
    def hours_per_week(self) -> float:
        """Length of the block in hours per week."""
        span = (float(self.end_hour) - float(self.start_hour)) % 24.0 or 24.0
        return span * len(set(self.weekdays))

    @property
    def label(self) -> str:
        """The block as :func:`parse_shift_block` reads it, e.g. ``ma-vr 08:00-16:00``."""
        days = sorted(set(self.weekdays))
        codes = WEEKDAY_CODES
        if len(days) == 7:
            text = ""
        elif days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
            text = f"{codes[days[0]]}-{codes[days[-1]]} "
        else:
            text = ",".join(codes[d] for d in days) + " "
        return f"{text}{_clock(self.start_hour)}-{_clock(self.end_hour)}"

    def contains(self, t: np.ndarray) -> np.ndarray:
        """Which times (days since 1970-01-01, wall clock) fall in the block."""
        t = np.asarray(t, dtype=np.float64)
        day = np.floor(t)
        hour = (t - day) * 24.0
        start, end = float(self.start_hour), float(self.end_hour)
        if start < end:
            in_hours = (hour >= start) & (hour < end)
            shift_day = day
        else:  # past midnight: the early hours belong to the previous day's shift
            early = hour < end
            in_hours = (hour >= start) | early
            shift_day = day - early
        weekday = (shift_day.astype(np.int64) + WEEKDAY_OF_EPOCH) % 7
        return in_hours & np.isin(weekday, np.asarray(self.weekdays))


def _clock(hour: float) -> str:
    minutes = round(float(hour) * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


_TIME_SPAN = re.compile(
    r"^(?P<days>.*?)\s*(?P<h1>\d{1,2})(?:[:.hu](?P<m1>\d{2})|[hu])?\s*-\s*"
    r"(?P<h2>\d{1,2})(?:[:.hu](?P<m2>\d{2})|[hu])?\s*$",
    re.IGNORECASE,
)


def parse_shift_block(text: str) -> ShiftBlock:
    """Read a shift block such as ``"ma-vr 08:00-16:00"`` or ``"22:00-06:00"``.

    Parameters
    ----------
    text : str
        Optional weekdays, then ``HH[:MM]-HH[:MM]`` (wall clock; ``24:00`` ends at midnight;
        an end before the start runs past midnight, the night belonging to the day the shift
        started). Weekdays as in :func:`gis.duties.parse_weekdays`: Dutch ``ma`` … ``zo``
        (French ``lun`` … ``dim``, ``lu``, ``me``, ``je``, ``ve``, ``sa`` and full names
        accepted; ``ma`` and ``di`` are Dutch), a list ``za,zo`` or a range ``ma-vr`` (also
        ``ma - vr``); without weekdays, every day.

    Returns
    -------
    ShiftBlock

    Raises
    ------
    ValidationError
        Naming ``text`` when it is not a block (no time span, an unknown day, an hour past 24,
        minutes past 59, an empty block).
    """
    from gis.duties import parse_weekdays  # here: gis.duties is planning, not needed otherwise

    source = str(text or "").strip()
    found = _TIME_SPAN.match(source)
    if found is None:
        raise ValidationError(
            f"shift block {source!r} has no time span HH:MM-HH:MM (e.g. 'ma-vr 08:00-16:00')"
        )
    hours = []
    for h, m in (("h1", "m1"), ("h2", "m2")):
        hour, minute = int(found[h]), int(found[m] or 0)
        if minute > 59 or hour > 24 or (hour == 24 and minute > 0):
            raise ValidationError(
                f"shift block {source!r}: {found[h]}:{found[m] or '00'} is not a time of day"
            )
        hours.append(hour + minute / 60.0)
    days_text = found["days"].strip().rstrip(",;").strip()
    try:
        weekdays = parse_weekdays(days_text) if days_text else tuple(range(7))
    except ValidationError as error:
        raise ValidationError(f"shift block {source!r}: {error}") from error
    if not weekdays:
        raise ValidationError(f"shift block {source!r} names no weekday")
    start, end = hours
    if start == 24.0:
        start = 0.0
    try:
        return ShiftBlock(weekdays=weekdays, start_hour=start, end_hour=end)
    except ValidationError as error:
        raise ValidationError(f"shift block {source!r}: {error}") from error


@dataclass
class _Events:
    t: np.ndarray  # days, sorted
    cell: np.ndarray
    x: np.ndarray
    y: np.ndarray
    pixels: dict[int, np.ndarray]


class EventHistory:
    """Incidents inside a study area, sorted by time, with cached per-cell aggregates.

    Parameters
    ----------
    study : StudyArea
    x, y : numpy.ndarray
        Event coordinates in the study area's CRS (metres).
    start : array-like of datetimes
        Event times.
    context : EventHistory, optional
        A wider set of events on the same study area (e.g. all categories when the history
        holds one category), used by forecasters as covariates.

    Attributes
    ----------
    study : StudyArea
    n_events : int
        Events inside the study area.
    first, last : float
        Time (days) of the first and last event (NaN when empty).
    """

    def __init__(
        self,
        study: StudyArea,
        x: np.ndarray,
        y: np.ndarray,
        start: np.ndarray | pd.Series,
        *,
        context: EventHistory | None = None,
    ) -> None:
        self.study = study
        t = np.asarray(to_days(start), dtype=np.float64)
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        if not len(t) == len(x) == len(y):
            raise ValidationError(
                f"x, y and start must have the same length, got {len(x)}, {len(y)}, {len(t)}"
            )
        cell = study.locate(x, y)
        keep = (cell >= 0) & np.isfinite(t)
        order = np.argsort(t[keep], kind="stable")
        self._ev = _Events(
            t=t[keep][order],
            cell=cell[keep][order],
            x=x[keep][order],
            y=y[keep][order],
            pixels={},
        )
        self.context = context
        if context is not None and context.study is not study:
            raise ValidationError("context must be built on the same StudyArea")
        self.n_events = len(self._ev.t)
        self.first = float(self._ev.t[0]) if self.n_events else math.nan
        self.last = float(self._ev.t[-1]) if self.n_events else math.nan
        self._cache: dict[tuple, np.ndarray] = {}

    @classmethod
    def from_incidents(
        cls,
        incidents: gpd.GeoDataFrame,
        study: StudyArea,
        *,
        category: str | list[str] | None = None,
        time_column: str = "start",
    ) -> EventHistory:
        """History of canonical incidents (optionally one or more categories).

        Parameters
        ----------
        incidents : geopandas.GeoDataFrame
            Points in the study area's CRS with a datetime column ``start``.
        study : StudyArea
        category : str or list of str, optional
            Keep these categories; the full table then becomes the ``context``.
        time_column : str, default "start"

        Returns
        -------
        EventHistory
        """
        if (
            study.crs is not None
            and incidents.crs is not None
            and not incidents.crs.equals(study.crs)
        ):
            raise ValidationError(
                f"incidents.crs={incidents.crs.to_string()} differs from the study area's "
                f"crs={study.crs}"
            )
        geoms = incidents.geometry.to_numpy()
        located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        x = np.full(len(geoms), np.nan)
        y = np.full(len(geoms), np.nan)
        x[located] = shapely.get_x(geoms[located])
        y[located] = shapely.get_y(geoms[located])
        start = incidents[time_column]
        if category is None:
            return cls(study, x, y, start)
        wanted = [category] if isinstance(category, str) else list(category)
        mask = incidents["category"].isin(wanted).to_numpy()
        context = cls(study, x, y, start)
        return cls(study, x[mask], y[mask], start[mask], context=context)

    # -- raw access -------------------------------------------------------------------------

    @property
    def t(self) -> np.ndarray:
        """Event times in days, sorted."""
        return self._ev.t

    @property
    def cell(self) -> np.ndarray:
        """Study-cell index of each event."""
        return self._ev.cell

    def pixels(self, subdivisions: int) -> np.ndarray:
        """Pixel index of each event on the study area's lattice with ``subdivisions``."""
        if subdivisions not in self._ev.pixels:
            lattice = self.study.lattice(subdivisions)
            self._ev.pixels[subdivisions] = lattice.pixel_index(self._ev.x, self._ev.y)
        return self._ev.pixels[subdivisions]

    def window(self, origin: float, days: float) -> slice:
        """Events with ``origin - days <= t < origin`` (a slice of the sorted arrays)."""
        lo = np.searchsorted(self._ev.t, origin - days, side="left")
        hi = np.searchsorted(self._ev.t, origin, side="left")
        return slice(int(lo), int(hi))

    # -- aggregates (cached) ----------------------------------------------------------------

    def _cached(self, key: tuple, compute, cache: bool = True) -> np.ndarray:
        value = self._cache.get(key)
        if value is None:
            value = compute()
            if cache:
                self._cache[key] = value
        return value

    def memo(self, key: tuple, compute) -> object:
        """Cache any value derived from this history under ``key`` (``key[1]`` = origin)."""
        return self._cached(key, compute)

    def clear_cache(self) -> None:
        """Drop the cached aggregates (they are rebuilt on demand)."""
        self._cache.clear()
        if self.context is not None:
            self.context.clear_cache()

    def forget_before(self, origin: float) -> None:
        """Drop the cached aggregates of origins before ``origin`` (to bound memory)."""
        for key in [k for k in self._cache if k[1] < origin]:
            del self._cache[key]
        if self.context is not None:
            self.context.forget_before(origin)

    def counts(self, origin: float, days: float, *, cache: bool = True) -> np.ndarray:
        """Events per cell in ``[origin - days, origin)``."""

        def compute() -> np.ndarray:
            s = self.window(origin, days)
            return np.bincount(self._ev.cell[s], minlength=self.study.n_cells).astype(float)

        return self._cached(("counts", origin, days), compute, cache)

    def future_counts(
        self, origin: float, days: float, *, block: ShiftBlock | None = None
    ) -> np.ndarray:
        """Events per cell in ``[origin, origin + days)`` (the target of a fold).

        With ``block``, only the events in that part of the week.
        """
        if block is None:
            return self.counts(origin + days, days)
        return self.block_counts(origin + days, days, block=block)

    def block_counts(self, origin: float, days: float, *, block: ShiftBlock) -> np.ndarray:
        """Events per cell in ``[origin - days, origin)`` that fall in ``block``."""

        def compute() -> np.ndarray:
            s = self.window(origin, days)
            inside = block.contains(self._ev.t[s])
            cells = self._ev.cell[s][inside]
            return np.bincount(cells, minlength=self.study.n_cells).astype(float)

        return self._cached(("block_counts", origin, days, block), compute)

    def block_kde(
        self, origin: float, *, block: ShiftBlock, bandwidth: float, days: float
    ) -> np.ndarray:
        """Kernel-smoothed counts of the events in ``[origin - days, origin)`` in ``block``."""
        bw = _check_bandwidth(bandwidth)

        def compute() -> np.ndarray:
            sub = default_subdivisions(self.study.cell_size, bw)
            s = self.window(origin, days)
            inside = block.contains(self._ev.t[s])
            lattice = self.study.lattice(sub)
            return lattice.smooth_pixels(self.pixels(sub)[s][inside], None, bw)

        return self._cached(("block_kde", origin, bw, days, block), compute)

    def decayed(
        self, origin: float, half_life: float, max_age: float, *, cache: bool = True
    ) -> np.ndarray:
        """Exponentially decayed event count per cell (weight ``0.5 ** (age / half_life)``)."""

        def compute() -> np.ndarray:
            s = self.window(origin, max_age)
            w = np.exp2(-(origin - self._ev.t[s]) / half_life)
            return np.bincount(self._ev.cell[s], weights=w, minlength=self.study.n_cells)

        return self._cached(("decayed", origin, half_life, max_age), compute, cache)

    def kde(
        self,
        origin: float,
        *,
        bandwidth: float,
        days: float,
        half_life: float | None = None,
        cache: bool = True,
    ) -> np.ndarray:
        """Kernel-smoothed (optionally decayed) counts per cell of the events in the window.

        Parameters
        ----------
        origin : float
            Days; only events before it count.
        bandwidth : float
            Gaussian kernel standard deviation (m).
        days : float
            Window length before ``origin``.
        half_life : float, optional
            Exponential decay of the weights with age (days); none by default.
        cache : bool, default True
            Keep the result for the next call with the same arguments.

        Returns
        -------
        numpy.ndarray
            Expected count per cell; sums to the (weighted) number of events in the window.
        """
        bw = _check_bandwidth(bandwidth)

        def compute() -> np.ndarray:
            sub = default_subdivisions(self.study.cell_size, bw)
            s = self.window(origin, days)
            w = None if half_life is None else np.exp2(-(origin - self._ev.t[s]) / half_life)
            return self.study.lattice(sub).smooth_pixels(self.pixels(sub)[s], w, bw)

        return self._cached(("kde", origin, bw, days, half_life), compute, cache)
