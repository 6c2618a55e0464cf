"""The presence planner: for every shift of the week, an ordered list of presence slots.

Input: the roster (inspectors with their wijken and shifts, :mod:`gis.roster`), the fixed
duties of the week (:mod:`gis.duties`) and the risk of each place per hour of the week
(:mod:`gis.place_risk`). Only places and times are used, never data about persons.

The rules, in the order they are applied:

1. **Fixed duties first.** Each duty occurrence goes to an inspector on shift whose own wijk
   holds it (else a neighbouring wijk's inspector), who can reach it from the wijkpost after the
   shift begins and be back before it ends; the least loaded one when several can. A duty
   nobody can take is listed as uncovered.
2. **How often each place.** Each inspector gets a number of data-driven visits from the
   street time left in each shift (``street_minutes`` − duties − their travel) divided by
   the cost of a visit (mean dwell + a typical leg). The visits go to the inspector's **own
   wijken**; to the neighbouring wijken only when the own wijken have no place above the
   threshold. Visits go one by one to the place with the highest gain, ``expected harm in
   the hours the inspector is on shift (as a weekly rate) × decay^visits already planned
   there`` (all inspectors together), and stop when the gain
   drops below the eligibility threshold: a place with a weak forecast gets one visit, a
   strong one several, a place below the threshold none. Weak evidence therefore plans *fewer*
   data-driven slots (the rest of the street time stays free) instead of inventing hotspots.
   No inspector plans more than ``max_place_share`` of their week's street minutes at one
   place (at least one visit is always allowed), and no place gets two visits on one day.
3. **When.** Each visit is drawn (controlled randomness, ``seed``) among the inspector's
   shift blocks of ``block_hours`` with probability ∝ (the place's risk in that block)^1.5
   (blocks below half the place's average hourly risk only as a last resort), never
   twice on the same day at the same place, and rarely (× 0.15) in a block of the day already
   used for that place: visits are spread over days and times, weighted toward the risky ones,
   but not predictable. The minute within the block is drawn too.
4. **Dwell.** 10–15 minutes (Koper curve): 10 at the weakest eligible place, 15 at the
   strongest of the inspector's pool, by rank.
5. **Route and time budget.** Within a block the visits are ordered by nearest neighbour and
   2-opt from where the inspector is. Travel is the straight-line distance × ``detour``
   (1.3: usual ratio of street to straight distance) ÷ speed (bike 250 m/min = 15 km/h,
   on foot 75 m/min = 4.5 km/h), rounded up to whole minutes. A tour starts and ends at the
   wijkpost; when the next slot is more than ``max_wait`` minutes away the inspector returns
   to the post in between. Dwell + all travel (returns included) must fit the shift's street
   minutes and the shift itself; the lowest-gain visit is dropped until it does.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import ValidationError
from gis.i18n import MESSAGES, message, weekday_names
from gis.place_risk import PlaceRisk
from gis.roster import shift_times

__all__ = [
    "SLOT_COLUMNS",
    "Plan",
    "PlanSettings",
    "check_slots",
    "make_plan",
    "order_route",
    "retime_travel",
    "wijk_fairness",
    "wijk_neighbours",
]

SLOT_COLUMNS: tuple[str, ...] = (
    "slot_id",
    "inspector",
    "shift_id",
    "date",
    "seq",
    "kind",
    "place",
    "wijk",
    "street",
    "x",
    "y",
    "start",
    "end",
    "dwell_min",
    "travel_min",
    "return_min",
    "window_start",
    "window_end",
    "reason",
    "duty_id",
    "expected",
)
"""One presence slot. ``kind`` is ``hotspot``, ``duty`` or ``manual`` (added by the chief);
``travel_min`` is the leg to the slot, ``return_min`` the leg back to the wijkpost after it
(0 when the tour goes on); ``window_start``/``window_end`` the block the visit was drawn in."""

_LOW_BLOCK = 0.5
"""Blocks where a place's risk is below half its average hour are drawn only as a last resort."""


@dataclass(frozen=True)
class PlanSettings:
    """The planner's parameters (see module notes)."""

    dwell_min: int = 10
    dwell_max: int = 15
    detour: float = 1.3
    speed_bike_m_per_min: float = 250.0
    speed_foot_m_per_min: float = 75.0
    max_place_share: float = 0.1
    decay: float = 0.5
    block_hours: int = 2
    max_wait: int = 20
    neighbours: bool = True
    seed: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.dwell_min <= self.dwell_max <= 60:
            raise ValidationError(
                f"dwell {self.dwell_min}–{self.dwell_max} min must satisfy 1 <= min <= max <= 60"
            )
        if not 0.0 < self.max_place_share <= 1.0:
            raise ValidationError(f"max_place_share={self.max_place_share!r} must lie in (0, 1]")
        if not 0.0 < self.decay < 1.0:
            raise ValidationError(f"decay={self.decay!r} must lie in (0, 1)")
        if self.detour < 1.0:
            raise ValidationError(f"detour={self.detour!r} must be at least 1")
        if not 1 <= self.block_hours <= 8:
            raise ValidationError(f"block_hours={self.block_hours!r} must lie within 1–8")

    def speed(self, mode: str) -> float:
        """Metres per minute for ``fiets`` or ``te voet``."""
        return self.speed_foot_m_per_min if mode == "te voet" else self.speed_bike_m_per_min

    def as_dict(self) -> dict[str, object]:
        """The settings as a plain dict (for the plan's version record)."""
        return asdict(self)


@dataclass
class Plan:
    """A week plan.

    Attributes
    ----------
    week_start : pandas.Timestamp
        Monday of the week.
    slots : pandas.DataFrame
        :data:`SLOT_COLUMNS`, ordered by inspector, start.
    shifts : pandas.DataFrame
        Per shift: ``shift_id``, ``inspector``, ``date``, ``begin``, ``finish``,
        ``street_minutes``, ``duty_minutes``, ``hotspot_minutes``, ``travel_minutes``,
        ``used_minutes``, ``free_minutes``, ``slots``, ``pool`` (``own``, ``neighbour``
        or ``none``).
    uncovered : pandas.DataFrame
        Duty occurrences nobody on shift could take.
    notes : list of str
        Plain-Dutch remarks (evidence, uncovered duties, over-full shifts).
    settings : PlanSettings
    method : str
        Forecast method behind the plan (``baseline`` or the forecast's name).
    """

    week_start: pd.Timestamp
    slots: pd.DataFrame
    shifts: pd.DataFrame
    uncovered: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    settings: PlanSettings = field(default_factory=PlanSettings)
    method: str = "baseline"


# --------------------------------------------------------------------------------------------
# geometry helpers


def wijk_neighbours(wijken: gpd.GeoDataFrame) -> dict[str, set[str]]:
    """Return wijk code → codes of the wijken that touch it (within 1 m)."""
    geoms = wijken.geometry.to_numpy()
    codes = wijken["code"].astype("str").to_numpy()
    tree = shapely.STRtree(geoms)
    left, right = tree.query(shapely.buffer(geoms, 1.0), predicate="intersects")
    out: dict[str, set[str]] = {str(c): set() for c in codes}
    for i, j in zip(left, right, strict=True):
        if codes[i] != codes[j]:
            out[str(codes[i])].add(str(codes[j]))
    return out


def _route_length(order: list[int], start: np.ndarray, xy: np.ndarray) -> float:
    points = np.vstack([start[None, :], xy[order]])
    return float(np.hypot(*np.diff(points, axis=0).T).sum())


def order_route(xy: np.ndarray, start: tuple[float, float]) -> list[int]:
    """Order points for a short open route from ``start``: nearest neighbour, then 2-opt.

    Parameters
    ----------
    xy : numpy.ndarray
        (n, 2) coordinates in metres.
    start : tuple of float
        Where the route starts.

    Returns
    -------
    list of int
        Visiting order (indices into ``xy``).
    """
    n = len(xy)
    if n <= 1:
        return list(range(n))
    origin = np.asarray(start, dtype=float)
    left = set(range(n))
    order: list[int] = []
    here = origin
    while left:
        nxt = min(left, key=lambda i: (float(np.hypot(*(xy[i] - here))), i))
        order.append(nxt)
        left.remove(nxt)
        here = xy[nxt]
    improved = True
    best = _route_length(order, origin, xy)
    while improved:
        improved = False
        for i in range(n - 1):
            for j in range(i + 1, n):
                candidate = order[:i] + order[i : j + 1][::-1] + order[j + 1 :]
                length = _route_length(candidate, origin, xy)
                if length < best - 1e-9:
                    order, best, improved = candidate, length, True
    return order


# --------------------------------------------------------------------------------------------
# the plan


@dataclass
class _Item:
    kind: str
    x: float
    y: float
    dwell: int
    place: str = ""
    wijk: str = ""
    street: str = ""
    reason: str = ""
    duty_id: str = ""
    expected: float = 0.0
    gain: float = math.inf
    target: float = 0.0  # minutes after the shift's begin
    window: tuple[float, float] = (0.0, 0.0)
    start: float = 0.0
    travel: int = 0
    back: int = 0


@dataclass
class _Shift:
    shift_id: str
    inspector: str
    date: str
    begin: pd.Timestamp
    finish: pd.Timestamp
    street: int
    base: tuple[float, float]
    speed: float
    items: list[_Item] = field(default_factory=list)
    capacity: int = 0

    @property
    def length(self) -> float:
        return (self.finish - self.begin) / pd.Timedelta(minutes=1)


def _travel(a: tuple[float, float], b: tuple[float, float], speed: float, detour: float) -> int:
    distance = math.hypot(a[0] - b[0], a[1] - b[1])
    return 0 if distance < 1.0 else math.ceil(distance * detour / speed)


def _simulate(shift: _Shift, items: list[_Item], settings: PlanSettings) -> tuple[int, int]:
    """Time the items (in order) of a shift. Return (-1, used) or (index to drop, used)."""
    t = 0.0
    pos = shift.base
    at_base = True
    used = 0
    length = shift.length
    last_data = -1
    previous: _Item | None = None
    for k, item in enumerate(items):
        here = (item.x, item.y)
        if not at_base:
            leg = _travel(pos, here, shift.speed, settings.detour)
            arrive = t + leg
            if item.target - arrive > settings.max_wait and previous is not None:
                back = _travel(pos, shift.base, shift.speed, settings.detour)
                previous.back = back
                used += back
                t += back
                pos, at_base = shift.base, True
        if at_base:
            leg = _travel(shift.base, here, shift.speed, settings.detour)
            depart = max(t, item.target - leg)
            arrive = depart + leg
        item.travel = leg
        item.back = 0
        used += leg
        if item.kind == "duty":
            if arrive > item.target + 1e-9 and last_data >= 0:
                return last_data, used
            # a duty unreachable from the post itself is kept: the inspector arrives late
            item.start = item.target
        else:
            item.start = max(arrive, item.target)
            if item.start >= item.window[1] or item.start + item.dwell > length:
                return k, used
            last_data = k
        used += item.dwell
        t = item.start + item.dwell
        pos, at_base, previous = here, False, item
    if previous is not None:
        back = _travel(pos, shift.base, shift.speed, settings.detour)
        previous.back = back
        used += back
        if t + back > length + 1e-9 and last_data >= 0:
            return last_data, used
    return -1, used


def _sequence(shift: _Shift, settings: PlanSettings) -> list[_Item]:
    """Sort by target time; reorder runs of data visits in one block by a short route."""
    items = sorted(shift.items, key=lambda i: (i.target, i.kind != "duty"))
    out: list[_Item] = []
    pos = shift.base
    k = 0
    while k < len(items):
        item = items[k]
        if item.kind == "duty":
            out.append(item)
            pos = (item.x, item.y)
            k += 1
            continue
        run = [item]
        while (
            k + len(run) < len(items)
            and items[k + len(run)].kind != "duty"
            and items[k + len(run)].window == item.window
        ):
            run.append(items[k + len(run)])
        targets = sorted(i.target for i in run)
        xy = np.array([(i.x, i.y) for i in run])
        order = order_route(xy, pos)
        for target, index in zip(targets, order, strict=True):
            run[index].target = target
            out.append(run[index])
        pos = (out[-1].x, out[-1].y)
        k += len(run)
    return out


def _duty_reason(kind: str, name: str, lang: str) -> str:
    key = f"plan.duty.{kind}"
    label = message(key, lang) if key in MESSAGES else kind
    return message("plan.text.duty_reason", lang, kind=label, name=name)


def make_plan(
    shifts: pd.DataFrame,
    inspectors: pd.DataFrame,
    wijken: gpd.GeoDataFrame,
    risk: PlaceRisk,
    duties: pd.DataFrame,
    *,
    week_start: pd.Timestamp,
    settings: PlanSettings | None = None,
    lang: str = "nl",
) -> Plan:
    """Plan the week's presence slots for every shift (see module notes for the rules).

    Parameters
    ----------
    shifts : pandas.DataFrame
        :data:`gis.roster.SHIFT_COLUMNS`; only shifts in the week without absence count.
    inspectors : pandas.DataFrame
        :data:`gis.roster.INSPECTOR_COLUMNS`.
    wijken : geopandas.GeoDataFrame
        ``code``, ``name``, EPSG:31370 (for bases and neighbours).
    risk : PlaceRisk
        Candidate places, their expected harm and hour-of-week profiles.
    duties : pandas.DataFrame
        Duty occurrences of the week (:func:`gis.duties.duty_occurrences`).
    week_start : pandas.Timestamp
        Monday of the week.
    settings : PlanSettings, optional
    lang : {"nl", "fr"}
        Language of the slots' reasons and the plan's notes (they are stored with the plan).

    Returns
    -------
    Plan
    """
    settings = settings or PlanSettings()
    rng = np.random.default_rng(settings.seed)
    week_start = pd.Timestamp(week_start).normalize()
    week_end = week_start + pd.Timedelta(days=7)
    wijken = wijken.reset_index(drop=True)
    codes = wijken["code"].astype("str").to_numpy()
    neighbours = wijk_neighbours(wijken)
    inside = wijken.geometry.representative_point()
    centre = {str(c): (float(p.x), float(p.y)) for c, p in zip(codes, inside, strict=True)}
    people = inspectors.set_index("inspector")
    own: dict[str, list[str]] = {}
    for name, row in people.iterrows():
        own[str(name)] = [w for w in str(row["wijken"]).split(";") if w]
    notes = list(risk.notes)
    day_names = weekday_names(lang)

    # shifts of the week
    week = shifts[(shifts["absence"].fillna("").astype("str") == "")]
    week = shift_times(week) if len(week) else week.assign(begin=pd.NaT, finish=pd.NaT)
    week = week[(week["begin"] >= week_start) & (week["begin"] < week_end)]
    week = week[week["street_minutes"].astype(int) > 0].sort_values(["begin", "inspector"])
    unknown = sorted(set(week["inspector"]) - set(own))
    if unknown:
        raise ValidationError(f"shifts name inspectors {unknown} who are not in the roster")
    plan_shifts: list[_Shift] = []
    for row in week.itertuples(index=False):
        person = people.loc[row.inspector]
        mine = own[row.inspector]
        base = (person["base_x"], person["base_y"])
        if pd.isna(base[0]) or pd.isna(base[1]):
            base = centre.get(mine[0], centre[str(codes[0])]) if mine else centre[str(codes[0])]
        plan_shifts.append(
            _Shift(
                shift_id=row.shift_id,
                inspector=row.inspector,
                date=row.date,
                begin=row.begin,
                finish=row.finish,
                street=int(row.street_minutes),
                base=(float(base[0]), float(base[1])),
                speed=settings.speed(str(person["mode"])),
            )
        )

    # 1. fixed duties
    duty_wijk = duties["wijk"].fillna("").astype("str").to_numpy() if len(duties) else []
    if len(duties):
        missing = duty_wijk == ""
        if missing.any():
            points = shapely.points(
                duties["x"].to_numpy()[missing], duties["y"].to_numpy()[missing]
            )
            tree = shapely.STRtree(wijken.geometry.to_numpy())
            which, part = tree.query(points, predicate="intersects")
            found = np.full(int(missing.sum()), "", dtype=object)
            found[which] = codes[part]
            duty_wijk = duty_wijk.astype(object)
            duty_wijk[missing] = found
    duty_load: dict[str, float] = defaultdict(float)
    uncovered_rows = []
    for k, duty in enumerate(duties.itertuples(index=False)):
        wijk = str(duty_wijk[k])
        best: tuple[int, float, int] | None = None
        for s_index, shift in enumerate(plan_shifts):
            mine = own[shift.inspector]
            tier = (
                0 if wijk in mine else 1 if any(wijk in neighbours.get(w, ()) for w in mine) else 2
            )
            if tier == 2:
                continue
            here = (float(duty.x), float(duty.y))
            leg = _travel(shift.base, here, shift.speed, settings.detour)
            lo = shift.begin + pd.Timedelta(minutes=leg)
            hi = shift.finish - pd.Timedelta(minutes=leg)
            if not (lo <= duty.start and duty.end <= hi):
                continue
            start = (duty.start - shift.begin) / pd.Timedelta(minutes=1)
            end = (duty.end - shift.begin) / pd.Timedelta(minutes=1)
            clash = any(
                i.kind == "duty" and i.target < end + leg and start < i.target + i.dwell + leg
                for i in shift.items
            )
            if clash:
                continue
            key = (tier, duty_load[shift.inspector], s_index)
            if best is None or key < best:
                best = key
        if best is None:
            uncovered_rows.append({**duty._asdict(), "wijk": wijk})
            continue
        shift = plan_shifts[best[2]]
        start = (duty.start - shift.begin) / pd.Timedelta(minutes=1)
        dwell = round((duty.end - duty.start) / pd.Timedelta(minutes=1))
        shift.items.append(
            _Item(
                kind="duty",
                x=float(duty.x),
                y=float(duty.y),
                dwell=dwell,
                place=str(duty.duty_id),
                wijk=wijk,
                street=str(duty.name),
                reason=_duty_reason(str(duty.kind), str(duty.name), lang),
                duty_id=str(duty.duty_id),
                target=start,
                window=(start, start + dwell),
            )
        )
        duty_load[shift.inspector] += dwell
    if uncovered_rows:
        sheet = message("report.sheet.uncovered", lang)
        notes.append(message("plan.text.uncovered", lang, n=len(uncovered_rows), sheet=sheet))

    # 2. pools and how many visits
    places = risk.places.reset_index(drop=True)
    place_wijk = places["wijk"].astype("str").to_numpy()
    expected = places["expected"].to_numpy(dtype=float)
    threshold = (
        places["threshold"].to_numpy(dtype=float)
        if "threshold" in places.columns
        else np.full(len(places), risk.threshold)
    )
    pools: dict[str, tuple[str, np.ndarray]] = {}
    for name, mine in own.items():
        pool = np.flatnonzero(np.isin(place_wijk, mine))
        kind = "own"
        if pool.size == 0 and settings.neighbours:
            near = set().union(*(neighbours.get(w, set()) for w in mine)) - set(mine)
            pool = np.flatnonzero(np.isin(place_wijk, sorted(near)))
            kind = "neighbour" if pool.size else "none"
        elif pool.size == 0:
            kind = "none"
        pools[name] = (kind, pool)
    mean_dwell = (settings.dwell_min + settings.dwell_max) / 2.0
    for shift in plan_shifts:
        _, pool = pools[shift.inspector]
        duty_cost = sum(
            i.dwell + 2 * _travel(shift.base, (i.x, i.y), shift.speed, settings.detour)
            for i in shift.items
        )
        if pool.size:
            legs = [
                _travel(
                    shift.base,
                    (places["x"].iat[p], places["y"].iat[p]),
                    shift.speed,
                    settings.detour,
                )
                for p in pool
            ]
            leg = 0.7 * float(np.median(legs))
        else:
            leg = 0.0
        free = shift.street - duty_cost
        shift.capacity = max(0, int(free // (mean_dwell + leg + 1))) if pool.size else 0
    by_person: dict[str, list[_Shift]] = defaultdict(list)
    for shift in plan_shifts:
        by_person[shift.inspector].append(shift)

    # dwell by rank in the pool: 10 at the weakest eligible place .. 15 at the strongest
    dwell_of: dict[int, int] = {}
    for _name, (_kind, pool) in pools.items():
        if pool.size == 0:
            continue
        ranks = pd.Series(expected[pool]).rank(pct=True, method="average").to_numpy()
        span = settings.dwell_max - settings.dwell_min
        for p, r in zip(pool, ranks, strict=True):
            value = settings.dwell_min + round(span * (r if pool.size > 1 else 1.0))
            dwell_of[int(p)] = max(dwell_of.get(int(p), 0), int(value))

    visits_total = np.zeros(len(places), dtype=np.int64)
    allocation: dict[str, list[tuple[int, float]]] = {}
    order = sorted(by_person, key=lambda n: (pools[n][1].size, n))
    for name in order:
        kind, pool = pools[name]
        n_visits = sum(s.capacity for s in by_person[name])
        cap_minutes = max(
            float(settings.dwell_max),
            settings.max_place_share * sum(s.street for s in by_person[name]),
        )
        hours = sorted(
            {
                int(
                    (s.begin + pd.Timedelta(minutes=m)).day_of_week * 24
                    + (s.begin + pd.Timedelta(minutes=m)).hour
                )
                for s in by_person[name]
                for m in range(0, int(s.length), 60)
            }
        )
        rate = np.zeros(len(places))
        if pool.size and hours:
            rate[pool] = expected[pool] * 168.0 * risk.profiles[pool][:, hours].mean(axis=1)
        heap = [(-rate[p] * settings.decay ** visits_total[p], int(p)) for p in pool]
        heapq.heapify(heap)
        mine_count: dict[int, int] = defaultdict(int)
        chosen: list[tuple[int, float]] = []
        while heap and len(chosen) < n_visits:
            negative, p = heapq.heappop(heap)
            gain = -negative
            if gain < threshold[p] - 1e-12:
                continue
            chosen.append((p, gain))
            visits_total[p] += 1
            mine_count[p] += 1
            if (mine_count[p] + 1) * dwell_of[p] <= cap_minutes:
                heapq.heappush(heap, (-rate[p] * settings.decay ** visits_total[p], p))
        allocation[name] = chosen

    # 3. when: draw a block of a shift for each visit
    place_dates: dict[int, set[str]] = defaultdict(set)
    place_blocks: dict[int, set[int]] = defaultdict(set)
    block = settings.block_hours * 60
    for name in order:
        kind, _ = pools[name]
        mine = by_person[name]
        options = []
        for s_index, shift in enumerate(mine):
            length = shift.length
            for lo in np.arange(0.0, length - settings.dwell_min + 1e-9, block):
                hi = min(lo + block, length)
                first_hour = shift.begin + pd.Timedelta(minutes=float(lo))
                hours = [
                    (
                        (first_hour + pd.Timedelta(hours=h)).day_of_week * 24
                        + (first_hour + pd.Timedelta(hours=h)).hour
                    )
                    for h in range(max(1, math.ceil((hi - lo) / 60)))
                ]
                busy = sum(
                    max(0.0, min(hi, i.target + i.dwell) - max(lo, i.target))
                    for i in shift.items
                    if i.kind == "duty"
                )
                options.append(
                    (
                        s_index,
                        float(lo),
                        float(hi),
                        hours,
                        1.0 - busy / (hi - lo),
                        int(first_hour.hour),
                    )
                )
        for p, gain in sorted(allocation.get(name, []), key=lambda v: -v[1]):
            profile = risk.profiles[p]
            weights = np.zeros(len(options))
            for o, (s_index, _lo, _hi, hours, free, hour_of_day) in enumerate(options):
                shift = mine[s_index]
                if shift.capacity <= 0 or free <= 0 or shift.date in place_dates[p]:
                    continue
                mass = float(profile[hours].sum())
                repeat = 0.15 if hour_of_day in place_blocks[p] else 1.0
                weights[o] = (mass**1.5) * free * repeat
                if mass * 168.0 / len(hours) < _LOW_BLOCK:
                    weights[o] *= 1e-6  # only when no block of normal risk is left
            if weights.sum() <= 0:
                continue
            o = int(rng.choice(len(options), p=weights / weights.sum()))
            s_index, lo, hi, hours, _free, hour_of_day = options[o]
            shift = mine[s_index]
            dwell = dwell_of[p]
            slack = max(0.0, hi - lo - dwell)
            target = lo + float(rng.integers(0, int(slack) + 1))
            row = places.iloc[p]
            ratio = f"{float(profile[hours].mean() * 168.0):.1f}".replace(".", ",")
            prefix = ""
            if kind == "neighbour":
                prefix = message("plan.text.neighbour", lang, wijk=row["wijk_name"])
            learned = risk.reliable and risk.method != "baseline"
            source = message(f"plan.text.source_{'forecast' if learned else 'baseline'}", lang)
            reason = message(
                "plan.text.reason",
                lang,
                prefix=prefix,
                evidence=row["evidence"],
                peak=row["peak"],
                source=source,
                top=max(1, math.ceil(float(row["top_percent"]))),
                day=day_names[hours[0] // 24],
                start=hours[0] % 24,
                end=(hours[0] % 24 + len(hours)) % 24 or 24,
                ratio=ratio,
            )
            shift.items.append(
                _Item(
                    kind="hotspot",
                    x=float(row["x"]),
                    y=float(row["y"]),
                    dwell=dwell,
                    place=str(row["place"]),
                    wijk=str(row["wijk"]),
                    street=str(row["street"]),
                    reason=reason,
                    expected=float(row["expected"]),
                    gain=gain,
                    target=target,
                    window=(lo, hi),
                )
            )
            shift.capacity -= 1
            place_dates[p].add(shift.date)
            place_blocks[p].add(hour_of_day)

    # 4. route and time budget
    def settle(shift: _Shift) -> int:
        while True:
            sequence = _sequence(shift, settings)
            drop, used = _simulate(shift, sequence, settings)
            over = used > shift.street and any(i.kind != "duty" for i in sequence)
            if drop < 0 and not over:
                shift.items = sequence
                return used
            if drop < 0:
                data = [i for i in sequence if i.kind != "duty"]
                drop_item = min(data, key=lambda i: i.gain)
            else:
                drop_item = sequence[drop]
            shift.items = [i for i in sequence if i is not drop_item]

    used_of = {id(s): settle(s) for s in plan_shifts}

    # 5. output
    rows = []
    summary = []
    for shift in plan_shifts:
        duty_minutes = sum(i.dwell for i in shift.items if i.kind == "duty")
        hot_minutes = sum(i.dwell for i in shift.items if i.kind != "duty")
        travel = sum(i.travel + i.back for i in shift.items)
        used = used_of[id(shift)]
        if duty_minutes + travel > shift.street and shift.items:
            notes.append(
                message(
                    "plan.text.duties_exceed",
                    lang,
                    inspector=shift.inspector,
                    date=shift.date,
                    minutes=shift.street,
                )
            )
        summary.append(
            {
                "shift_id": shift.shift_id,
                "inspector": shift.inspector,
                "date": shift.date,
                "begin": shift.begin,
                "finish": shift.finish,
                "street_minutes": shift.street,
                "duty_minutes": duty_minutes,
                "hotspot_minutes": hot_minutes,
                "travel_minutes": travel,
                "used_minutes": used,
                "free_minutes": max(0, shift.street - used),
                "slots": len(shift.items),
                "pool": pools[shift.inspector][0],
            }
        )
        for seq, item in enumerate(shift.items, start=1):
            start = shift.begin + pd.Timedelta(minutes=round(item.start))
            rows.append(
                {
                    "slot_id": f"{shift.shift_id}|{seq}",
                    "inspector": shift.inspector,
                    "shift_id": shift.shift_id,
                    "date": shift.date,
                    "seq": seq,
                    "kind": item.kind,
                    "place": item.place,
                    "wijk": item.wijk,
                    "street": item.street,
                    "x": item.x,
                    "y": item.y,
                    "start": start,
                    "end": start + pd.Timedelta(minutes=item.dwell),
                    "dwell_min": item.dwell,
                    "travel_min": item.travel,
                    "return_min": item.back,
                    "window_start": shift.begin + pd.Timedelta(minutes=item.window[0]),
                    "window_end": shift.begin + pd.Timedelta(minutes=item.window[1]),
                    "reason": item.reason,
                    "duty_id": item.duty_id,
                    "expected": item.expected,
                }
            )
    slots = _slot_frame(rows)
    lacking = [n for n, (k, _) in pools.items() if k == "none" and n in by_person]
    if lacking:
        notes.append(message("plan.text.no_place_for", lang, n=len(lacking)))
    uncovered = pd.DataFrame(uncovered_rows, columns=list(duties.columns))
    return Plan(
        week_start=week_start,
        slots=slots,
        shifts=pd.DataFrame(summary),
        uncovered=uncovered,
        notes=notes,
        settings=settings,
        method=risk.method,
    )


def _slot_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(SLOT_COLUMNS))
    types = {
        "seq": "int64",
        "x": float,
        "y": float,
        "dwell_min": "int64",
        "travel_min": "int64",
        "return_min": "int64",
        "expected": float,
        "start": "datetime64[ns]",
        "end": "datetime64[ns]",
        "window_start": "datetime64[ns]",
        "window_end": "datetime64[ns]",
    }
    text = {c: "str" for c in SLOT_COLUMNS if c not in types}
    return (
        frame.astype({**types, **text})
        .sort_values(["inspector", "start", "seq"], kind="stable")
        .reset_index(drop=True)
    )


def retime_travel(
    slots: pd.DataFrame,
    shifts: pd.DataFrame,
    inspectors: pd.DataFrame,
    wijken: gpd.GeoDataFrame,
    *,
    settings: PlanSettings | None = None,
) -> pd.DataFrame:
    """Recompute ``seq``, ``travel_min`` and ``return_min`` of (edited) slots per shift.

    Slots keep their start times; they are ordered by start within each shift, and a tour
    returns to the wijkpost when the gap to the next slot exceeds the travel there and back
    by more than ``max_wait`` minutes (as the planner does).

    Returns
    -------
    pandas.DataFrame
        The slots with fresh ``seq``, ``travel_min``, ``return_min``.
    """
    settings = settings or PlanSettings()
    people = inspectors.set_index("inspector")
    centre = {
        str(c): (float(p.x), float(p.y))
        for c, p in zip(wijken["code"], wijken.geometry.representative_point(), strict=True)
    }
    out = []
    for shift_id, part in slots.sort_values("start", kind="stable").groupby("shift_id", sort=False):
        person = people.loc[part["inspector"].iloc[0]]
        base = (person["base_x"], person["base_y"])
        if pd.isna(base[0]) or pd.isna(base[1]):
            first = str(person["wijken"]).split(";")[0]
            base = centre.get(first, next(iter(centre.values())))
        speed = settings.speed(str(person["mode"]))
        part = part.copy()
        travel = np.zeros(len(part), dtype=np.int64)
        back = np.zeros(len(part), dtype=np.int64)
        pos = base
        end_prev = None
        for k, row in enumerate(part.itertuples(index=False)):
            here = (float(row.x), float(row.y))
            if end_prev is not None:
                direct = _travel(pos, here, speed, settings.detour)
                gap = (row.start - end_prev) / pd.Timedelta(minutes=1)
                if gap - direct > settings.max_wait:
                    back[k - 1] = _travel(pos, base, speed, settings.detour)
                    travel[k] = _travel(base, here, speed, settings.detour)
                else:
                    travel[k] = direct
            else:
                travel[k] = _travel(base, here, speed, settings.detour)
            pos, end_prev = here, row.end
        back[-1] = _travel(pos, base, speed, settings.detour)
        part["seq"] = np.arange(1, len(part) + 1)
        part["travel_min"] = travel
        part["return_min"] = back
        out.append(part)
        del shift_id
    if not out:
        return slots
    return pd.concat(out).sort_values(["inspector", "start"], kind="stable").reset_index(drop=True)


def wijk_fairness(
    slots: pd.DataFrame, harm_per_wijk: pd.Series, *, names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Compare each wijk's share of planned minutes with its share of reported harm.

    Parameters
    ----------
    slots : pandas.DataFrame
        Planned slots (``wijk``, ``dwell_min``).
    harm_per_wijk : pandas.Series
        Harm-weighted citizen-reported incidents per wijk code (every wijk of the zone).
    names : dict, optional
        Wijk code → name.

    Returns
    -------
    pandas.DataFrame
        ``wijk``, ``name``, ``minutes``, ``minutes_share``, ``harm``, ``harm_share``,
        ``ratio`` (minutes share ÷ harm share; inf with minutes but no harm, NaN with
        neither) and ``flag`` (``too_much`` when ratio > 2, ``too_little`` when < 0.5, else
        empty; labelled in the user's language by :func:`wijkradar.plan_tables.fairness_table`),
        largest ratio first.
    """
    minutes = slots.groupby("wijk")["dwell_min"].sum().astype(float)
    index = sorted(set(harm_per_wijk.index.astype("str")) | set(minutes.index.astype("str")))
    minutes = minutes.reindex(index).fillna(0.0)
    harm = harm_per_wijk.astype(float)
    harm.index = harm.index.astype("str")
    harm = harm.reindex(index).fillna(0.0)
    m_share = minutes / minutes.sum() if minutes.sum() > 0 else minutes * 0.0
    h_share = harm / harm.sum() if harm.sum() > 0 else harm * 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(h_share > 0, m_share / h_share, np.where(m_share > 0, np.inf, np.nan))
    flag = np.where(ratio > 2.0, "too_much", np.where(ratio < 0.5, "too_little", ""))
    frame = pd.DataFrame(
        {
            "wijk": index,
            "name": [(names or {}).get(w, w) for w in index],
            "minutes": minutes.to_numpy(),
            "minutes_share": m_share.to_numpy(),
            "harm": harm.to_numpy(),
            "harm_share": h_share.to_numpy(),
            "ratio": ratio,
            "flag": flag,
        }
    )
    return frame.sort_values("ratio", ascending=False, na_position="last").reset_index(drop=True)


def check_slots(slots: pd.DataFrame, shifts: pd.DataFrame, *, lang: str = "nl") -> list[str]:
    """List, in plain words, what breaks the rules in (edited) slots.

    Checks: each slot lies inside a shift of its inspector (and gets that ``shift_id``),
    slots of one inspector do not overlap, dwell + travel fit each shift's street minutes,
    and visits (not duties) last 10–15 minutes.

    Parameters
    ----------
    slots : pandas.DataFrame
        :data:`SLOT_COLUMNS` (``travel_min``/``return_min`` as recomputed by
        :func:`retime_travel`).
    shifts : pandas.DataFrame
        :data:`gis.roster.SHIFT_COLUMNS`.
    lang : {"nl", "fr"}

    Returns
    -------
    list of str
        Empty when the slots respect the rules.
    """
    problems: list[str] = []
    working = shift_times(shifts[shifts["absence"].fillna("") == ""])
    for row in slots.itertuples(index=False):
        own = working[working["inspector"] == row.inspector]
        inside = own[(own["begin"] <= row.start) & (own["finish"] >= row.end)]
        when = f"{row.inspector} {pd.Timestamp(row.start):%d/%m %H:%M}"
        if inside.empty:
            problems.append(message("plan.check.outside_shift", lang, when=when))
        if row.kind != "duty" and not 10 <= int(row.dwell_min) <= 15:
            problems.append(
                message("plan.check.dwell", lang, when=when, minutes=int(row.dwell_min))
            )
    for name, part in slots.sort_values("start").groupby("inspector"):
        ends = part["end"].to_numpy()[:-1]
        starts = part["start"].to_numpy()[1:]
        for k in np.flatnonzero(starts < ends):
            when = f"{name} {pd.Timestamp(starts[k]):%d/%m %H:%M}"
            problems.append(message("plan.check.overlap", lang, when=when))
    street = working.set_index("shift_id")["street_minutes"]
    used = slots.groupby("shift_id")[["dwell_min", "travel_min", "return_min"]].sum().sum(axis=1)
    for shift_id, minutes in used.items():
        if shift_id in street.index and minutes > street[shift_id] + 1e-9:
            problems.append(
                message(
                    "plan.check.street_time",
                    lang,
                    shift=shift_id,
                    minutes=int(minutes),
                    available=int(street[shift_id]),
                )
            )
    return problems
