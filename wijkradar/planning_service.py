"""Use cases of the presence planner, shared by ``wijkradar plan`` and the planning pages.

Each joins workspace access (:mod:`gis.io_planning`) to the pure computation
(:mod:`gis.place_risk`, :mod:`gis.planning`, :mod:`gis.followup`) and the exports
(:mod:`wijkradar.plan_reports`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from gis import io_planning as store
from gis.duties import demo_duties, duty_occurrences
from gis.errors import ValidationError
from gis.followup import EffectResult, dosage, effect_view, latest_outcomes, planned_vs_done
from gis.harm import harm_weights
from gis.hotspots import analysis_grid, cell_positions
from gis.i18n import message
from gis.io_harm import read_harm_weights
from gis.near_repeat import near_repeat_alert_zones
from gis.place_risk import PlaceRisk, driving_categories, place_risk
from gis.planning import Plan, PlanSettings, make_plan, wijk_fairness
from gis.roster import demo_roster, parse_month, parse_week, shift_times

__all__ = [
    "WeekPlan",
    "add_demo_history",
    "add_demo_planning",
    "alert_zones",
    "effect_for_weeks",
    "export_week",
    "followup_for_weeks",
    "harm_per_wijk",
    "make_week_plan",
    "monthly_report",
    "planning_categories",
    "published_slots",
    "week_label",
    "week_risk",
]

BURGLARY = "woninginbraak"
CELL_ID = r"-?\d+_-?\d+"
"""Pattern of a grid cell id (``col_row``): visits to hotspot cells, not to fixed duties."""


def week_label(day: pd.Timestamp) -> str:
    """Return the ISO week of ``day`` as ``2026-W49``."""
    year, week, _ = pd.Timestamp(day).isocalendar()
    return f"{year}-W{week:02d}"


def planning_categories(workspace, incidents: pd.DataFrame | None = None) -> list[str]:
    """The categories that drive the plan: the chief's list, else all but proactive ones."""
    chosen = store.driving_category_setting(workspace)
    if chosen:
        return chosen
    if incidents is None:
        incidents = workspace.incidents(columns=["category"])
    return driving_categories(incidents["category"].dropna().unique())


def _harm_table() -> pd.DataFrame | None:
    try:
        return read_harm_weights()
    except ValidationError:
        return None


def week_risk(
    workspace,
    week_start: pd.Timestamp,
    categories: Sequence[str],
    *,
    wijk_codes: Sequence[str] | None = None,
    forecast: pd.DataFrame | None = None,
    incidents: gpd.GeoDataFrame | None = None,
    use_forecast: bool = False,
    lang: str = "nl",
) -> tuple[PlaceRisk, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Place risk for the week, computed per police zone (each zone its own threshold).

    Parameters
    ----------
    workspace
        An open workspace.
    week_start : pandas.Timestamp
        Monday of the week.
    categories : sequence of str
        Categories that drive the plan.
    wijk_codes : sequence of str, optional
        Only the zones holding one of these wijken.
    forecast : pandas.DataFrame, optional
        Expected harm per cell (see :func:`gis.place_risk.place_risk`).
    incidents : geopandas.GeoDataFrame, optional
        The 52 weeks before the week, when already read.
    use_forecast : bool, default False
        Fit :mod:`gis.forecast` per zone (see :func:`forecast_for_week`).
    lang : {"nl", "fr"}
        Language of the places' evidence texts and the notes.

    Returns
    -------
    tuple
        The combined :class:`PlaceRisk`, the wijken of the zones concerned, and the incidents
        read (52 weeks before the week).
    """
    zones = workspace.areas("police_zones")
    municipalities = workspace.areas("municipalities")
    wijken = workspace.areas("wijken")
    if incidents is None:
        incidents = workspace.incidents(
            start=week_start - pd.Timedelta(weeks=52),
            end=week_start,
            columns=["category", "start", "end", "street", "in_zone", "wijk", "nis"],
        )
    parts, areas = [], []
    harm = _harm_table()
    for code in zones["code"]:
        nis = set(municipalities.loc[municipalities["zone_code"] == code, "nis"])
        mine = wijken[wijken["nis"].isin(nis)]
        if wijk_codes is not None and not mine["code"].isin(list(wijk_codes)).any():
            continue
        areas.append(mine)
        part = incidents[incidents["nis"].isin(nis)]
        table, method = forecast, "forecast"
        if use_forecast:
            history = workspace.incidents(
                nis=sorted(nis),
                start=week_start - pd.Timedelta(weeks=120),
                end=week_start,
                categories=list(categories),
                columns=["category", "start", "in_zone"],
            )
            history = history[history["in_zone"].astype(bool).to_numpy()]
            table, method = forecast_for_week(history, mine, week_start, categories)
        parts.append(
            place_risk(
                part,
                mine,
                now=week_start,
                categories=categories,
                harm_table=harm,
                forecast=table,
                forecast_method=method,
                lang=lang,
            )
        )
    if not parts:
        raise ValidationError("the roster's wijken are not in any zone of the workspace")
    area = gpd.GeoDataFrame(pd.concat(areas, ignore_index=True), crs=wijken.crs)
    return PlaceRisk.combine(parts), area, incidents


def forecast_for_week(
    incidents: gpd.GeoDataFrame,
    wijken: gpd.GeoDataFrame,
    week_start: pd.Timestamp,
    categories: Sequence[str],
    *,
    cell_size: float = 150.0,
) -> tuple[pd.DataFrame, str]:
    """Expected harm per cell next week from :mod:`gis.forecast`, with its honest fallback.

    The learned forecast (``blend``) is backtested on the zone's recent weeks
    (:func:`gis.backtest.forecast_reliability`); when it does not beat the baselines the chosen
    baseline forecasts instead and every cell is marked ``reliable=False``. Events become harm
    through each cell's mean harm weight over 52 weeks (the zone's mean where a cell had none).
    Slow (a mini backtest: over a minute for PZ AMOW on a loaded machine), hence opt-in.

    Returns
    -------
    tuple
        Table ``cell``, ``expected``, ``reliable``; and the method label for the plan record.
    """
    from gis.backtest import forecast_reliability
    from gis.forecast import BlendForecaster, baselines
    from gis.spacetime import EventHistory, StudyArea

    grid = analysis_grid(wijken, cell_size=cell_size)
    study = StudyArea.from_grid(grid, cell_size=cell_size, zone=wijken)
    located = incidents[incidents.geometry.notna().to_numpy()]
    history = EventHistory.from_incidents(located, study, category=list(categories))
    choice = forecast_reliability(history, origin=week_start).choice
    model = BlendForecaster() if choice.use_learned else baselines()[choice.method]
    events = np.asarray(model.fit(history, week_start).predict(), dtype=float)
    recent = located[
        located["category"].isin(list(categories)).to_numpy()
        & (located["start"] >= week_start - pd.Timedelta(weeks=52)).to_numpy()
        & (located["start"] < week_start).to_numpy()
    ]
    pos = cell_positions(recent, grid) if len(recent) else np.empty(0, dtype=np.int64)
    harm = _harm_table()
    weights = (
        harm_weights(recent, harm, default=1.0).to_numpy()
        if harm is not None and len(recent)
        else np.ones(len(recent))
    )
    keep = pos >= 0
    total = np.bincount(pos[keep], weights=weights[keep], minlength=len(grid))
    count = np.bincount(pos[keep], minlength=len(grid))
    mean = float(weights[keep].mean()) if keep.any() else 1.0
    per_event = np.where(count > 0, total / np.maximum(count, 1), mean)
    table = pd.DataFrame(
        {
            "cell": grid["cell"].to_numpy(),
            "expected": events * per_event,
            "reliable": bool(choice.use_learned),
        }
    )
    if choice.use_learned:
        return table, str(choice.learned)
    return table, f"{choice.method} (terugval, {choice.learned}: {choice.reason})"


def harm_per_wijk(
    incidents: pd.DataFrame, categories: Sequence[str], wijken: pd.DataFrame
) -> pd.Series:
    """Harm-weighted incidents of ``categories`` per wijk code (every wijk listed)."""
    part = incidents[incidents["category"].isin(list(categories))]
    harm = _harm_table()
    weights = (
        harm_weights(part, harm, default=1.0)
        if harm is not None and len(part)
        else pd.Series(1.0, index=part.index)
    )
    totals = weights.groupby(part["wijk"].astype("str")).sum()
    return totals.reindex(wijken["code"].astype("str")).fillna(0.0)


def alert_zones(
    incidents: gpd.GeoDataFrame, wijken: gpd.GeoDataFrame, now: pd.Timestamp
) -> gpd.GeoDataFrame:
    """Near-repeat alert zones of burglaries in the 14 days before ``now``."""
    burglaries = incidents[
        (incidents["category"] == BURGLARY) & incidents.geometry.notna().to_numpy()
    ]
    return near_repeat_alert_zones(burglaries, now=now, zone=wijken)


@dataclass
class WeekPlan:
    """A made (draft) week plan with what it was made from.

    Attributes
    ----------
    plan : Plan
    plan_id : str
        Draft version id in the workspace.
    week : str
        ISO week.
    risk : PlaceRisk
    wijken : geopandas.GeoDataFrame
    fairness : pandas.DataFrame
        See :func:`gis.planning.wijk_fairness`.
    categories : list of str
    """

    plan: Plan
    plan_id: str
    week: str
    risk: PlaceRisk
    wijken: gpd.GeoDataFrame
    fairness: pd.DataFrame
    categories: list[str]


def make_week_plan(
    workspace,
    week: str,
    *,
    user: str,
    roster_path: str | Path | None = None,
    duties_path: str | Path | None = None,
    seed: int = 0,
    settings: PlanSettings | None = None,
    inspectors: Sequence[str] | None = None,
    forecast: pd.DataFrame | None = None,
    use_forecast: bool = False,
    lang: str = "nl",
) -> WeekPlan:
    """Make the week's plan from the stored (or given) roster and duties; store it as a draft.

    Parameters
    ----------
    workspace
        An open workspace.
    week : str
        ISO week, e.g. ``2026-W49``.
    user : str
        Who makes the plan (recorded with the version).
    roster_path, duties_path : path, optional
        Roster / fixed-duty CSV or XLSX to import first (stored in the workspace).
    seed : int
        Seed of the controlled randomness.
    settings : PlanSettings, optional
        Planner parameters (``seed`` is overridden by ``seed``).
    inspectors : sequence of str, optional
        Plan only these inspectors.
    forecast : pandas.DataFrame, optional
        Expected harm next week per cell (see :func:`gis.place_risk.place_risk`).
    use_forecast : bool, default False
        Use :mod:`gis.forecast` with its reliability check (see :func:`forecast_for_week`)
        instead of the fast harm-weighted baseline.
    lang : {"nl", "fr"}
        Language of the texts stored with the plan (each slot's reason, the notes): the
        language of whoever makes it.

    Returns
    -------
    WeekPlan
    """
    week_start = parse_week(week)
    all_wijken = workspace.areas("wijken")
    if roster_path is not None:
        people, shifts = store.read_roster_file(
            roster_path, known_wijken=set(all_wijken["code"].astype("str"))
        )
        store.save_roster(workspace, people, shifts, user=user)
    if duties_path is not None:
        store.save_duties(workspace, store.read_duties_file(duties_path), user=user)
    people, shifts = store.load_roster(workspace)
    if inspectors is not None:
        people = people[people["inspector"].isin(list(inspectors))]
        shifts = shifts[shifts["inspector"].isin(list(inspectors))]
    in_week = shifts[
        pd.to_datetime(shifts["date"]).between(week_start, week_start + pd.Timedelta(days=6))
    ]
    if in_week.empty:
        raise ValidationError(
            f"the roster has no shifts in week {week}; import a roster with --roster "
            "(columns inspecteur, wijken, datum, begin, einde, uren straat)",
            key="error.no_shifts",
            values={"week": week},
        )
    codes = sorted({w for v in people["wijken"] for w in str(v).split(";") if w})
    categories = planning_categories(workspace)
    risk, wijken, incidents = week_risk(
        workspace,
        week_start,
        categories,
        wijk_codes=codes,
        forecast=forecast,
        use_forecast=use_forecast,
        lang=lang,
    )
    duties = store.load_duties(workspace)
    occurrences = duty_occurrences(duties, week_start=week_start)
    occurrences = occurrences[
        occurrences["wijk"].isin(wijken["code"]) | (occurrences["wijk"] == "")
    ]
    base = settings or PlanSettings()
    settings = PlanSettings(**{**base.as_dict(), "seed": int(seed)})
    plan = make_plan(
        in_week,
        people,
        wijken,
        risk,
        occurrences,
        week_start=week_start,
        settings=settings,
        lang=lang,
    )
    plan_id = store.save_plan(workspace, plan, week=week, user=user, categories=categories)
    fairness = wijk_fairness(
        plan.slots,
        harm_per_wijk(incidents, categories, wijken),
        names=dict(zip(wijken["code"], wijken["name"], strict=True)),
    )
    return WeekPlan(
        plan=plan,
        plan_id=plan_id,
        week=week,
        risk=risk,
        wijken=wijken,
        fairness=fairness,
        categories=list(categories),
    )


def uncovered_duties(workspace, week_start: pd.Timestamp, slots: pd.DataFrame) -> pd.DataFrame:
    """Duty occurrences of the week that no slot of the plan covers."""
    occurrences = duty_occurrences(store.load_duties(workspace), week_start=week_start)
    planned = slots[slots["kind"] == "duty"]
    key = set(zip(planned["duty_id"], pd.to_datetime(planned["start"]), strict=True))
    missing = [
        (d, s) not in key for d, s in zip(occurrences["duty_id"], occurrences["start"], strict=True)
    ]
    return occurrences[missing].reset_index(drop=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def export_week(
    workspace,
    plan_id: str,
    out_dir: str | Path,
    *,
    briefings: bool = True,
    inspectors: Sequence[str] | None = None,
    lang: str = "nl",
) -> list[Path]:
    """Write the week plan (Excel) and a PDF briefing per inspector per shift into ``out_dir``.

    Parameters
    ----------
    workspace
        An open workspace.
    plan_id : str
    out_dir : str or pathlib.Path
    briefings : bool, default True
        Also write the briefings (else only the workbook).
    inspectors : sequence of str, optional
        Briefings only for these inspectors.
    lang : {"nl", "fr"}
        Language of the documents (sheet names, headings, labels).

    Returns
    -------
    list of pathlib.Path
        The files written, the workbook first.
    """
    from wijkradar.plan_reports import briefing_pdf, week_plan_xlsx

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    versions = store.plans(workspace)
    row = versions[versions["plan_id"] == plan_id]
    if row.empty:
        raise ValidationError(f"plan_id={plan_id!r} is not in the workspace")
    row = row.iloc[0]
    week = str(row["week"])
    week_start = parse_week(week)
    version = (
        message("report.version", lang, n=row["version"])
        if row["status"] != "draft"
        else message("report.draft", lang)
    )
    slots = store.plan_slots(workspace, plan_id)
    people, shifts = store.load_roster(workspace)
    shifts = shift_times(shifts[shifts["absence"] == ""])
    shifts = shifts[
        shifts["shift_id"].isin(slots["shift_id"])
        | ((shifts["begin"] >= week_start) & (shifts["begin"] < week_start + pd.Timedelta(days=7)))
    ]
    categories = json.loads(row["categories"]) or planning_categories(workspace)
    risk, wijken, incidents = week_risk(
        workspace,
        week_start,
        categories,
        wijk_codes=sorted({w for v in people["wijken"] for w in str(v).split(";") if w}),
    )
    summary = shifts.merge(
        slots.groupby("shift_id").agg(
            slots=("slot_id", "size"), minutes=("dwell_min", "sum"), travel=("travel_min", "sum")
        ),
        left_on="shift_id",
        right_index=True,
        how="left",
    ).fillna({"slots": 0, "minutes": 0, "travel": 0})
    fairness = wijk_fairness(
        slots,
        harm_per_wijk(incidents, categories, wijken),
        names=dict(zip(wijken["code"], wijken["name"], strict=True)),
    )
    header = {
        "week": week,
        "version": version,
        "method": str(row["method"]),
        "created_by": str(row["created_by"]),
        "created_at": str(row["created_at"]),
        "published_by": str(row["published_by"]),
        "published_at": str(row["published_at"]),
        "seed": str(row["seed"]),
        "categories": ", ".join(categories),
    }
    synthetic = workspace.is_synthetic()
    if synthetic:
        header["warning"] = message("report.synthetic", lang)
    files = [
        week_plan_xlsx(
            out / f"weekplan-{week}.xlsx",
            slots=slots,
            shifts=summary,
            fairness=fairness,
            uncovered=uncovered_duties(workspace, week_start, slots),
            notes=json.loads(row["notes"] or "[]"),
            header=header,
            wijk_names=dict(zip(wijken["code"], wijken["name"], strict=True)),
            lang=lang,
        )
    ]
    if not briefings:
        return files
    alerts = alert_zones(incidents, wijken, week_start)
    lookup = people.set_index("inspector")
    for name, part in summary.sort_values("begin").groupby("inspector", sort=True):
        if inspectors is not None and name not in inspectors:
            continue
        pages = [
            (shift, slots[slots["shift_id"] == shift["shift_id"]].sort_values("start"))
            for _, shift in part.iterrows()
        ]
        own = [w for w in str(lookup.at[name, "wijken"]).split(";") if w]
        base_x, base_y = lookup.at[name, "base_x"], lookup.at[name, "base_y"]
        base = None if pd.isna(base_x) or pd.isna(base_y) else (float(base_x), float(base_y))
        files.append(
            briefing_pdf(
                out / f"briefing-{week}-{_slug(str(name))}.pdf",
                inspector=str(name),
                shifts=pages,
                wijken=wijken,
                own=own,
                week=week,
                version=version,
                method=str(row["method"]),
                places=risk.places,
                alerts=alerts,
                base=base,
                synthetic=synthetic,
                lang=lang,
            )
        )
    return files


def published_slots(workspace, weeks: Sequence[str]) -> pd.DataFrame:
    """Slots of the current published version of each week (``plan_id`` and ``week`` added)."""
    frames = []
    for week in weeks:
        current = store.current_plan(workspace, week)
        if current is None:
            continue
        frames.append(
            store.plan_slots(workspace, current["plan_id"]).assign(
                plan_id=current["plan_id"], week=week
            )
        )
    if not frames:
        return pd.DataFrame(
            columns=[
                "plan_id",
                "week",
                "slot_id",
                "inspector",
                "wijk",
                "start",
                "dwell_min",
                "place",
            ]
        )
    return pd.concat(frames, ignore_index=True)


def followup_for_weeks(workspace, weeks: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Planned vs done per inspector, wijk and week, and dosage per place, for ``weeks``."""
    slots = published_slots(workspace, weeks)
    outcomes = store.slot_outcomes(workspace, plan_ids=list(slots["plan_id"].unique()))
    starts = [parse_week(w) for w in weeks] or [pd.Timestamp.now()]
    visits = workspace.visits(start=min(starts), end=max(starts) + pd.Timedelta(days=7))
    empty = pd.DataFrame()
    return {
        "per_inspector": planned_vs_done(slots, outcomes, by="inspector") if len(slots) else empty,
        "per_wijk": planned_vs_done(slots, outcomes, by="wijk") if len(slots) else empty,
        "per_week": planned_vs_done(slots, outcomes, by="week") if len(slots) else empty,
        "dosage": dosage(visits[visits["place"].astype("str").str.fullmatch(CELL_ID)])
        if len(visits)
        else empty,
        "outcomes": latest_outcomes(outcomes),
    }


def effect_for_weeks(
    workspace, weeks: Sequence[str], *, min_minutes: float = 30.0, buffer_m: float = 300.0
) -> EffectResult:
    """Effect view over ``weeks`` of presence: visited cells (>= ``min_minutes``) vs matched
    unvisited cells, each with a buffer, the same number of weeks before (see
    :func:`gis.followup.effect_view`)."""
    if not weeks:
        raise ValidationError("weeks must name at least one week")
    starts = sorted(parse_week(w) for w in weeks)
    during = (starts[0], starts[-1] + pd.Timedelta(days=7))
    span = during[1] - during[0]
    before = (during[0] - span, during[0])
    visits = workspace.visits(start=during[0], end=during[1])
    dose = dosage(visits) if len(visits) else pd.DataFrame(columns=["place", "minutes"])
    visited = dose.loc[dose["minutes"] >= min_minutes, "place"].astype("str").tolist()
    categories = planning_categories(workspace)
    incidents = workspace.incidents(
        start=before[0],
        end=during[1],
        categories=categories,
        columns=["category", "start", "in_zone"],
    )
    incidents = incidents[incidents.geometry.notna().to_numpy()]
    grid = analysis_grid(workspace.areas("wijken"), cell_size=150.0)
    return effect_view(incidents, grid, visited, before=before, during=during, buffer_m=buffer_m)


def monthly_report(
    workspace, month: str, out: str | Path, *, zone: str | None = None, lang: str = "nl"
) -> Path:
    """Write the monthly wijk report (incidents, trends, hotspots, presence) as a PDF.

    Parameters
    ----------
    workspace
        An open workspace.
    month : str
        ``YYYY-MM``.
    out : str or pathlib.Path
        The PDF to write.
    zone : str, optional
        Zone code; the workspace's first zone by default.
    lang : {"nl", "fr"}
        Language of the report.

    Returns
    -------
    pathlib.Path
    """
    from wijkradar.plan_reports import monthly_report_pdf

    first = parse_month(month)
    nxt = first + pd.offsets.MonthBegin(1)
    previous = first - pd.offsets.MonthBegin(1)
    year_ago = first - pd.DateOffset(years=1)
    zones = workspace.areas("police_zones")
    zone = zone or str(zones["code"].iloc[0])
    municipalities = workspace.areas("municipalities")
    nis = set(municipalities.loc[municipalities["zone_code"] == zone, "nis"])
    wijken = workspace.areas("wijken")
    wijken = wijken[wijken["nis"].isin(nis)]
    categories = planning_categories(workspace)
    incidents = workspace.incidents(nis=sorted(nis), start=year_ago, end=nxt, categories=categories)

    def period(lo: pd.Timestamp, hi: pd.Timestamp) -> pd.DataFrame:
        return incidents[(incidents["start"] >= lo) & (incidents["start"] < hi)]

    now, before = period(first, nxt), period(previous, first)
    last_year = period(year_ago, year_ago + pd.offsets.MonthBegin(1))
    names = dict(zip(wijken["code"], wijken["name"], strict=True))
    counts = (
        pd.DataFrame(
            {
                "this_month": now["wijk"].value_counts(),
                "previous_month": before["wijk"].value_counts(),
                "last_year": last_year["wijk"].value_counts(),
            }
        )
        .reindex(wijken["code"])
        .fillna(0)
        .astype(int)
    )
    trend = np.where(
        counts["this_month"] > 1.25 * counts["last_year"].clip(lower=1),
        "up",
        np.where(counts["this_month"] < 0.8 * counts["last_year"], "down", ""),
    )
    from wijkradar.signal_services import signal_counts_for_report  # issue #8

    signals = signal_counts_for_report(workspace, start=first, end=nxt, wijken=wijken["code"])
    signals = signals[["reported", "resolved", "overdue"]].set_axis(
        ["signals", "signals_resolved", "signals_overdue"], axis=1)  # fmt: skip
    per_wijk = counts.assign(trend=trend).join(signals).reset_index(names="wijk")
    per_wijk.insert(1, "name", per_wijk["wijk"].map(names))
    per_wijk = per_wijk.sort_values("this_month", ascending=False).drop(columns=["wijk"])
    cats = (
        pd.DataFrame(
            {
                "this_month": now["category"].value_counts(),
                "previous_month": before["category"].value_counts(),
            }
        )
        .fillna(0)
        .astype(int)
    )
    cats = (
        cats.assign(difference=cats["this_month"] - cats["previous_month"])
        .reset_index(names="category")
        .sort_values("this_month", ascending=False)
    )
    grid = analysis_grid(wijken, cell_size=150.0)
    located = now[now.geometry.notna().to_numpy()]
    pos = cell_positions(located, grid) if len(located) else np.empty(0, dtype=np.int64)
    top = pd.Series(pos[pos >= 0]).value_counts().head(10)
    streets = located["street"].astype("str").to_numpy()
    hot = pd.DataFrame(
        {
            "cell": grid["cell"].to_numpy()[top.index.to_numpy()] if len(top) else [],
            "street": [pd.Series(streets[pos == p]).mode().iloc[0] for p in top.index],
            "wijk": [
                names.get(w, w)
                for w in (
                    pd.Series(located["wijk"].astype("str").to_numpy()[pos == p]).mode().iloc[0]
                    for p in top.index
                )
            ],
            "incidents": top.to_numpy(),
        }
    )
    weeks = sorted({week_label(d) for d in pd.date_range(first, nxt - pd.Timedelta(days=1))})
    follow = followup_for_weeks(workspace, weeks)
    presence = follow["per_wijk"]
    if len(presence):
        presence = presence[presence["wijk"].isin(wijken["code"])]
        presence = presence.assign(wijk=presence["wijk"].map(names))[
            ["wijk", "planned", "done", "not_done", "planned_minutes", "done_minutes"]
        ]
    notes = [
        message("report.monthly.note_categories", lang, categories=", ".join(categories)),
        message("report.monthly.note_trend", lang),
    ]
    zone_name = str(zones.loc[zones["code"] == zone, "name"].iloc[0])
    return monthly_report_pdf(
        out,
        month=month,
        zone_name=zone_name,
        per_wijk=per_wijk,
        categories=cats,
        hotspots=hot,
        presence=presence,
        notes=notes,
        synthetic=workspace.is_synthetic(),
        lang=lang,
    )


def add_demo_planning(
    workspace, wijken: gpd.GeoDataFrame, *, end: pd.Timestamp, seed: int = 0
) -> None:
    """Store a SYNTHETIC roster (12 weeks back, 12 ahead of ``end``) and fixed duties."""
    monday = pd.Timestamp(end).normalize()
    monday -= pd.Timedelta(days=monday.day_of_week)
    first = monday - pd.Timedelta(weeks=12)
    people, shifts = demo_roster(wijken, first_week=first, weeks=25, seed=seed)
    store.save_roster(workspace, people, shifts, user="demo (synthetisch)", replace=True)
    store.save_duties(
        workspace, demo_duties(wijken, first_day=monday, seed=seed), user="demo (synthetisch)"
    )


def add_demo_history(
    workspace, *, weeks: int, end: pd.Timestamp, seed: int = 0, done_share: float = 0.85
) -> list[str]:
    """SYNTHETIC follow-up for the demo: published plans of the ``weeks`` weeks before ``end``
    with made-up outcomes (``done_share`` done, a few minutes early or late; the rest not done
    with a reason), so the follow-up and effect views have something to show.

    Returns
    -------
    list of str
        The ISO weeks filled.
    """
    if not 1 <= weeks <= 52:
        raise ValidationError(f"weeks={weeks!r} must lie within 1–52")
    rng = np.random.default_rng(seed)
    end = pd.Timestamp(end).normalize()
    monday = end - pd.Timedelta(days=end.day_of_week)
    user = "demo (synthetisch)"
    reasons = np.array(["interventie", "andere opdracht", "weer", "tijd tekort"], dtype=object)
    filled = []
    for k in range(weeks, 0, -1):
        week = week_label(monday - pd.Timedelta(weeks=k))
        made = make_week_plan(workspace, week, user=user, seed=seed + k)
        store.publish_plan(workspace, made.plan_id, user=user)
        slots = made.plan.slots
        n = len(slots)
        start = slots["start"] + pd.to_timedelta(rng.integers(-5, 11, n), unit="min")
        dwell = slots["dwell_min"].to_numpy() + rng.integers(-3, 4, n)
        reports = slots.assign(
            done=rng.random(n) < done_share,
            done_start=start,
            done_end=start + pd.to_timedelta(np.maximum(dwell, 5), unit="min"),
            note="",
            not_done_reason=rng.choice(reasons, n),
        )
        store.record_outcomes(workspace, made.plan_id, reports, user=user)
        filled.append(week)
    return filled
