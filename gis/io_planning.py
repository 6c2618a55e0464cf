"""Planning tables in the workspace: roster, fixed duties, plan versions, slot outcomes, log.

Tables (attribute tables beside the canonical layers, written through the workspace's
``write_layers`` so every write is one transaction, in a GeoPackage or in PostGIS):

* ``roster_inspectors``, ``roster_shifts`` — :mod:`gis.roster`;
* ``duties`` — :mod:`gis.duties`;
* ``plans`` — one row per plan version: ``plan_id``, ``week``, ``version`` (0 for a draft,
  1, 2, … once published), ``status`` (``draft``/``published``/``replaced``), who made and
  who published it and when, the forecast ``method``, ``seed``, ``settings`` (JSON), the
  driving ``categories`` and the ``notes``;
* ``plan_slots`` — the slots of every plan (:data:`gis.planning.SLOT_COLUMNS` + ``plan_id``);
* ``slot_outcomes`` — an inspector's report on a slot: ``done`` (with the visit recorded in
  the workspace's ``visits`` layer, the interface of :mod:`gis.workspace`) or ``not_done``
  with a reason;
* ``planning_settings`` (key/value: the driving categories) and ``planning_log`` (who changed
  what, when: category list changes, roster imports, publications).

Persons appear only as the police's own staff (inspector names, who published); no incident
text or address is written here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from gis.duties import DUTY_COLUMNS, check_duties
from gis.errors import ValidationError, WorkspaceError
from gis.io_tables import read_incident_table
from gis.planning import SLOT_COLUMNS, Plan
from gis.roster import INSPECTOR_COLUMNS, SHIFT_COLUMNS, roster_from_rows
from gis.workspace import Visit

__all__ = [
    "OUTCOME_COLUMNS",
    "PLAN_COLUMNS",
    "current_plan",
    "driving_category_setting",
    "load_duties",
    "load_roster",
    "log_action",
    "plan_slots",
    "planning_log",
    "plans",
    "publish_plan",
    "read_duties_file",
    "read_roster_file",
    "record_outcome",
    "record_outcomes",
    "save_duties",
    "save_plan",
    "save_roster",
    "set_driving_categories",
    "slot_outcomes",
    "update_draft",
]

PLAN_COLUMNS: tuple[str, ...] = (
    "plan_id",
    "week",
    "version",
    "status",
    "created_at",
    "created_by",
    "published_at",
    "published_by",
    "method",
    "seed",
    "settings",
    "categories",
    "notes",
)
OUTCOME_COLUMNS: tuple[str, ...] = (
    "outcome_id",
    "plan_id",
    "slot_id",
    "inspector",
    "status",
    "reason",
    "visit_id",
    "start",
    "end",
    "recorded_at",
    "recorded_by",
)
LOG_COLUMNS: tuple[str, ...] = ("at", "user", "action", "detail")
_SLOT_TIMES = frozenset({"start", "end", "window_start", "window_end"})
_OUTCOME_TIMES = frozenset({"start", "end", "recorded_at"})
_INT_COLUMNS = {"seq", "dwell_min", "travel_min", "return_min", "version", "seed", "street_minutes"}
_FLOAT_COLUMNS = {"x", "y", "expected", "base_x", "base_y"}


def _now() -> str:
    return pd.Timestamp.now().floor("s").isoformat()


def _typed(
    frame: pd.DataFrame, columns: Sequence[str], times: frozenset[str] = frozenset()
) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        values = (
            frame[column]
            if column in frame.columns
            else pd.Series([None] * len(frame), index=frame.index, dtype=object)
        )
        if column in times:
            if not pd.api.types.is_datetime64_any_dtype(values):
                values = pd.to_datetime(values.astype("str"), format="ISO8601", errors="coerce")
            out[column] = values.astype("datetime64[ns]")
        elif column in _INT_COLUMNS:
            out[column] = pd.to_numeric(values, errors="coerce").fillna(0).astype("int64")
        elif column in _FLOAT_COLUMNS:
            out[column] = pd.to_numeric(values, errors="coerce").astype(float)
        elif column == "school_holidays_off":
            out[column] = values.astype("str").str.lower().isin(["true", "1"])
        else:
            out[column] = values.fillna("").astype("str")
    return out.reset_index(drop=True)


def _read(
    workspace, table: str, columns: Sequence[str], times: frozenset[str] = frozenset()
) -> pd.DataFrame:
    if not workspace.has_layer(table):
        return _typed(pd.DataFrame(columns=list(columns)), columns, times)
    frame = pd.DataFrame(workspace.read_layer(table))
    frame = frame.drop(columns=["geometry"], errors="ignore")
    return _typed(frame, columns, times)


def _write(workspace, tables: dict[str, pd.DataFrame], *, append: Sequence[str] = ()) -> None:
    workspace.write_layers({k: pd.DataFrame(v) for k, v in tables.items()}, append=append)


def log_action(workspace, user: str, action: str, detail: str) -> None:
    """Append a line to the planning log (who, when, what)."""
    row = pd.DataFrame([{"at": _now(), "user": user, "action": action, "detail": detail}])
    _write(workspace, {"planning_log": row}, append=["planning_log"])


def planning_log(workspace) -> pd.DataFrame:
    """Return the planning log, newest last."""
    return _read(workspace, "planning_log", LOG_COLUMNS)


# -- roster and duties ------------------------------------------------------------------------
def read_roster_file(
    path: str | Path, *, known_wijken: set[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a roster CSV/XLSX (one row per shift) into inspectors and shifts tables.

    See :func:`gis.roster.roster_from_rows` for the columns and checks.
    """
    table = read_incident_table(path)
    return roster_from_rows(table.rows, known_wijken=known_wijken)


def read_duties_file(path: str | Path) -> pd.DataFrame:
    """Read a fixed-duty CSV/XLSX (:data:`gis.duties.DUTY_COLUMNS`; Dutch headers allowed)."""
    rows = read_incident_table(path).rows
    aliases = {
        "soort": "kind",
        "naam": "name",
        "dagen": "weekdays",
        "begin": "start",
        "einde": "end",
        "van_datum": "date_from",
        "tot_datum": "date_to",
        "schoolvakantie_vrij": "school_holidays_off",
        "id": "duty_id",
    }
    rows = rows.rename(
        columns={
            c: aliases.get(str(c).strip().lower(), str(c).strip().lower()) for c in rows.columns
        }
    )
    return check_duties(rows)


def save_roster(
    workspace, inspectors: pd.DataFrame, shifts: pd.DataFrame, *, user: str, replace: bool = False
) -> None:
    """Store a roster: shifts of the same inspector and date are replaced; inspectors updated.

    Parameters
    ----------
    replace : bool, default False
        Drop the whole stored roster first.
    """
    old_inspectors, old_shifts = (
        (
            _typed(pd.DataFrame(columns=INSPECTOR_COLUMNS), INSPECTOR_COLUMNS),
            _typed(pd.DataFrame(columns=SHIFT_COLUMNS), SHIFT_COLUMNS),
        )
        if replace
        else load_roster(workspace)
    )
    keep = old_inspectors[~old_inspectors["inspector"].isin(inspectors["inspector"])]
    new_inspectors = pd.concat([keep, _typed(inspectors, INSPECTOR_COLUMNS)], ignore_index=True)
    key = old_shifts["inspector"] + "|" + old_shifts["date"]
    new_key = set(shifts["inspector"] + "|" + shifts["date"])
    new_shifts = pd.concat(
        [old_shifts[~key.isin(new_key)], _typed(shifts, SHIFT_COLUMNS)], ignore_index=True
    ).sort_values(["date", "inspector", "start"], kind="stable")
    log = pd.DataFrame(
        [
            {
                "at": _now(),
                "user": user,
                "action": "roster",
                "detail": f"{len(inspectors)} inspecteurs, {len(shifts)} diensten",
            }
        ]
    )
    _write(
        workspace,
        {"roster_inspectors": new_inspectors, "roster_shifts": new_shifts, "planning_log": log},
        append=["planning_log"],
    )


def load_roster(workspace) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the stored (inspectors, shifts); empty tables when there is no roster yet."""
    return (
        _read(workspace, "roster_inspectors", INSPECTOR_COLUMNS),
        _read(workspace, "roster_shifts", SHIFT_COLUMNS),
    )


def save_duties(workspace, duties: pd.DataFrame, *, user: str) -> None:
    """Replace the stored fixed duties."""
    duties = check_duties(duties)
    log = pd.DataFrame(
        [{"at": _now(), "user": user, "action": "duties", "detail": f"{len(duties)} vaste taken"}]
    )
    _write(workspace, {"duties": duties, "planning_log": log}, append=["planning_log"])


def load_duties(workspace) -> pd.DataFrame:
    """Return the stored fixed duties (:data:`gis.duties.DUTY_COLUMNS`)."""
    return _read(workspace, "duties", DUTY_COLUMNS)


# -- settings ---------------------------------------------------------------------------------
def driving_category_setting(workspace) -> list[str] | None:
    """Return the chief's list of categories that drive the plan, or None (the default)."""
    table = _read(workspace, "planning_settings", ("key", "value"))
    match = table[table["key"] == "driving_categories"]
    if match.empty:
        return None
    return json.loads(match["value"].iloc[-1])


def set_driving_categories(workspace, categories: Sequence[str], *, user: str) -> str:
    """Store the driving categories and log the change (added and removed ones).

    Returns
    -------
    str
        The logged detail, e.g. ``+drugsoverlast; -parkeeroverlast``.
    """
    if not categories:
        raise ValidationError(
            "at least one category must drive the plan", key="error.categories_empty"
        )
    before = set(driving_category_setting(workspace) or [])
    after = sorted(set(categories))
    added = sorted(set(after) - before)
    removed = sorted(before - set(after))
    detail = "; ".join([*(f"+{c}" for c in added), *(f"-{c}" for c in removed)]) or "ongewijzigd"
    if not before:
        detail = "eerste lijst: " + ", ".join(after)
    table = pd.DataFrame([{"key": "driving_categories", "value": json.dumps(after)}])
    log = pd.DataFrame([{"at": _now(), "user": user, "action": "categories", "detail": detail}])
    _write(workspace, {"planning_settings": table, "planning_log": log}, append=["planning_log"])
    return detail


# -- plans ------------------------------------------------------------------------------------
def plans(workspace, *, week: str | None = None) -> pd.DataFrame:
    """Return the plan versions (:data:`PLAN_COLUMNS`), of one ISO week or all."""
    table = _read(workspace, "plans", PLAN_COLUMNS)
    return table[table["week"] == week].reset_index(drop=True) if week else table


def plan_slots(workspace, plan_id: str) -> pd.DataFrame:
    """Return the slots of one plan version."""
    table = _read(workspace, "plan_slots", ("plan_id", *SLOT_COLUMNS), _SLOT_TIMES)
    part = table[table["plan_id"] == plan_id].drop(columns=["plan_id"])
    return part.sort_values(["inspector", "start"], kind="stable").reset_index(drop=True)


def current_plan(workspace, week: str) -> pd.Series | None:
    """Return the newest published version of a week's plan, or None."""
    table = plans(workspace, week=week)
    published = table[table["status"] == "published"]
    if published.empty:
        return None
    return published.sort_values("version").iloc[-1]


def save_plan(
    workspace,
    plan: Plan,
    *,
    week: str,
    user: str,
    categories: Sequence[str],
) -> str:
    """Store a plan as a new draft version; return its ``plan_id``."""
    plan_id = uuid.uuid4().hex[:12]
    row = {
        "plan_id": plan_id,
        "week": week,
        "version": 0,
        "status": "draft",
        "created_at": _now(),
        "created_by": user,
        "published_at": "",
        "published_by": "",
        "method": plan.method,
        "seed": plan.settings.seed,
        "settings": json.dumps(plan.settings.as_dict(), sort_keys=True),
        "categories": json.dumps(sorted(categories), ensure_ascii=False),
        "notes": json.dumps(plan.notes, ensure_ascii=False),
    }
    slots = _typed(plan.slots.assign(plan_id=plan_id), ("plan_id", *SLOT_COLUMNS), _SLOT_TIMES)
    _write(
        workspace,
        {"plans": _typed(pd.DataFrame([row]), PLAN_COLUMNS), "plan_slots": slots},
        append=["plans", "plan_slots"],
    )
    return plan_id


def update_draft(workspace, plan_id: str, slots: pd.DataFrame, *, user: str) -> None:
    """Replace the slots of a draft plan (the chief's moves, removals and additions)."""
    table = plans(workspace)
    match = table[table["plan_id"] == plan_id]
    if match.empty:
        raise WorkspaceError(f"plan_id={plan_id!r} is not in the workspace")
    if match["status"].iloc[0] != "draft":
        raise ValidationError(
            f"plan {plan_id!r} is {match['status'].iloc[0]}; only a draft can be changed",
            key="error.plan_not_draft",
        )
    all_slots = _read(workspace, "plan_slots", ("plan_id", *SLOT_COLUMNS), _SLOT_TIMES)
    others = all_slots[all_slots["plan_id"] != plan_id]
    mine = _typed(slots.assign(plan_id=plan_id), ("plan_id", *SLOT_COLUMNS), _SLOT_TIMES)
    log = pd.DataFrame(
        [
            {
                "at": _now(),
                "user": user,
                "action": "plan_edit",
                "detail": f"plan {plan_id}: {len(mine)} slots",
            }
        ]
    )
    _write(
        workspace,
        {"plan_slots": pd.concat([others, mine], ignore_index=True), "planning_log": log},
        append=["planning_log"],
    )


def publish_plan(workspace, plan_id: str, *, user: str) -> int:
    """Publish a draft: it gets the next version number of its week; earlier ones are replaced.

    Returns
    -------
    int
        The version number.
    """
    table = plans(workspace)
    match = table.index[table["plan_id"] == plan_id]
    if match.empty:
        raise WorkspaceError(f"plan_id={plan_id!r} is not in the workspace")
    i = match[0]
    if table.at[i, "status"] != "draft":
        raise ValidationError(
            f"plan {plan_id!r} is {table.at[i, 'status']}, not a draft",
            key="error.plan_not_draft",
        )
    week = table.at[i, "week"]
    same = table["week"] == week
    version = int(table.loc[same, "version"].max()) + 1
    table.loc[same & (table["status"] == "published"), "status"] = "replaced"
    table.loc[i, ["status", "version", "published_at", "published_by"]] = [
        "published",
        version,
        _now(),
        user,
    ]
    log = pd.DataFrame(
        [
            {
                "at": _now(),
                "user": user,
                "action": "publish",
                "detail": f"week {week} versie {version} ({plan_id})",
            }
        ]
    )
    _write(workspace, {"plans": table, "planning_log": log}, append=["planning_log"])
    return version


# -- outcomes ---------------------------------------------------------------------------------
def slot_outcomes(workspace, *, plan_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Return the reported outcomes (:data:`OUTCOME_COLUMNS`), the latest per slot last."""
    table = _read(workspace, "slot_outcomes", OUTCOME_COLUMNS, _OUTCOME_TIMES)
    if plan_ids is not None:
        table = table[table["plan_id"].isin(list(plan_ids))]
    return table.reset_index(drop=True)


def record_outcome(
    workspace,
    plan_id: str,
    slot: pd.Series,
    *,
    done: bool,
    user: str,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
    note: str = "",
    reason: str = "",
    record_visits: Callable[[list[Visit]], None] | None = None,
) -> str:
    """Report a slot as done (the visit is recorded) or not done (with a reason).

    Parameters
    ----------
    slot : pandas.Series
        A row of :func:`plan_slots`.
    done : bool
        True when the inspector was there.
    start, end : pandas.Timestamp, optional
        When the inspector was there (default: the planned times).
    note : str
        A short note (no personal data).
    reason : str
        Why a slot was not done; required when ``done`` is False.
    record_visits : callable, optional
        Records the visit; default the workspace's own ``record_visits``. The app passes the
        access session's (which checks the inspector's own wijken and audits).

    Returns
    -------
    str
        The outcome id.
    """
    report = slot.to_frame().T.assign(
        done=done,
        done_start=pd.Timestamp(start) if start is not None else pd.Timestamp(slot["start"]),
        done_end=pd.Timestamp(end) if end is not None else pd.Timestamp(slot["end"]),
        note=note,
        not_done_reason=reason,
    )
    return record_outcomes(workspace, plan_id, report, user=user, record_visits=record_visits)[0]


def record_outcomes(
    workspace,
    plan_id: str,
    reports: pd.DataFrame,
    *,
    user: str,
    record_visits: Callable[[list[Visit]], None] | None = None,
) -> list[str]:
    """Report many slots at once (one write for the visits, one for the outcomes).

    Parameters
    ----------
    reports : pandas.DataFrame
        Rows of :func:`plan_slots` with ``done`` (bool), ``done_start``, ``done_end``,
        ``note`` and ``not_done_reason`` (required where ``done`` is False).

    Returns
    -------
    list of str
        The outcome ids, in the order of ``reports``.
    """
    visits, rows = [], []
    now = pd.Timestamp.now().floor("s")
    for report in reports.to_dict("records"):
        done = bool(report["done"])
        reason = str(report.get("not_done_reason") or "")
        if not done and not reason.strip():
            raise ValidationError(
                "a slot that was not done needs a reason", key="error.reason_needed"
            )
        start, end = pd.Timestamp(report["done_start"]), pd.Timestamp(report["done_end"])
        visit_id = ""
        if done:
            visit = Visit(
                inspector=str(report["inspector"]),
                wijk=str(report["wijk"]) or "-",
                place=str(report["place"]),
                start=start,
                end=end,
                note=str(report.get("note") or ""),
                x=float(report["x"]),
                y=float(report["y"]),
            )
            visits.append(visit)
            visit_id = visit.visit_id
        rows.append(
            {
                "outcome_id": uuid.uuid4().hex[:12],
                "plan_id": plan_id,
                "slot_id": str(report["slot_id"]),
                "inspector": str(report["inspector"]),
                "status": "done" if done else "not_done",
                "reason": reason,
                "visit_id": visit_id,
                "start": start if done else pd.NaT,
                "end": end if done else pd.NaT,
                "recorded_at": now,
                "recorded_by": user,
            }
        )
    if visits:
        (record_visits or workspace.record_visits)(visits)
    if rows:
        table = _typed(pd.DataFrame(rows), OUTCOME_COLUMNS, _OUTCOME_TIMES)
        _write(workspace, {"slot_outcomes": table}, append=["slot_outcomes"])
    return [row["outcome_id"] for row in rows]
