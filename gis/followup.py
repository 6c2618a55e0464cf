"""Follow-up of the presence plan: planned vs done, dosage per place, and an effect view.

* **Planned vs done** per inspector, per wijk or per week: slots planned, reported done, not
  done, still open; planned minutes and minutes actually present (from the reported times).
* **Dosage**: minutes of presence per place (hotspot cell) from the logged visits, whatever
  plan they belonged to.
* **Effect view** after some weeks: incidents in the visited places, in a buffer ring around
  them and in comparable unvisited places (matched on their incident count before) with their
  own buffer, before and during the presence period, summarised by the **weighted
  displacement difference** (WDD, Wheeler & Ratcliffe 2018, building on the weighted
  displacement quotient of Bowers & Johnson 2003)::

      WDD = ΔT − ΔC + ΔD − ΔCD,    Var(WDD) ≈ T0+T1+C0+C1+D0+D1+CD0+CD1  (Poisson counts)

  with Δ = during − before for the treated places T, their buffer D, the control places C and
  the control buffer CD. A negative WDD means fewer incidents in the visited places and their
  surroundings than the comparison suggests. This is **observational**: places were visited
  because they were hot, so regression to the mean, other measures and chance can explain a
  difference; it does not prove an effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import ValidationError
from gis.hotspots import cell_positions
from gis.i18n import message

__all__ = ["EffectResult", "dosage", "effect_view", "latest_outcomes", "planned_vs_done"]


def latest_outcomes(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Keep the last reported outcome of each slot (a later report corrects an earlier one)."""
    if outcomes.empty:
        return outcomes
    ordered = outcomes.sort_values("recorded_at", kind="stable")
    return ordered.drop_duplicates(["plan_id", "slot_id"], keep="last").reset_index(drop=True)


def planned_vs_done(
    slots: pd.DataFrame, outcomes: pd.DataFrame, *, by: str | Sequence[str] = "inspector"
) -> pd.DataFrame:
    """Count planned, done, not done and open slots and minutes per group.

    Parameters
    ----------
    slots : pandas.DataFrame
        Published slots with ``plan_id``, ``slot_id``, ``inspector``, ``wijk``, ``start``,
        ``dwell_min`` (a ``week`` column is derived from ``start`` when missing).
    outcomes : pandas.DataFrame
        ``plan_id``, ``slot_id``, ``status`` (``done``/``not_done``), ``start``, ``end``,
        ``recorded_at``.
    by : str or sequence of str, default "inspector"
        ``inspector``, ``wijk``, ``week`` or a combination.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``planned``, ``done``, ``not_done``, ``open``,
        ``planned_minutes``, ``done_minutes``, ``done_share`` (done ÷ planned).
    """
    keys = [by] if isinstance(by, str) else list(by)
    frame = slots.copy()
    if "week" not in frame.columns:
        iso = pd.to_datetime(frame["start"]).dt.isocalendar()
        frame["week"] = iso["year"].astype("str") + "-W" + iso["week"].astype("str").str.zfill(2)
    for key in keys:
        if key not in frame.columns:
            raise ValidationError(f"by={key!r}: slots have no such column")
    last = latest_outcomes(outcomes)
    merged = frame.merge(
        last[["plan_id", "slot_id", "status", "start", "end"]].rename(
            columns={"start": "done_start", "end": "done_end"}
        ),
        on=["plan_id", "slot_id"],
        how="left",
    )
    status = merged["status"].fillna("")
    minutes = (
        (
            (pd.to_datetime(merged["done_end"]) - pd.to_datetime(merged["done_start"]))
            / pd.Timedelta(minutes=1)
        )
        .where(status == "done", 0.0)
        .fillna(0.0)
    )
    merged = merged.assign(
        planned=1,
        done=(status == "done").astype(int),
        not_done=(status == "not_done").astype(int),
        open=(status == "").astype(int),
        planned_minutes=merged["dwell_min"].astype(float),
        done_minutes=minutes.astype(float),
    )
    table = merged.groupby(keys, sort=True)[
        ["planned", "done", "not_done", "open", "planned_minutes", "done_minutes"]
    ].sum()
    table["done_share"] = table["done"] / table["planned"].where(table["planned"] > 0)
    return table.reset_index()


def dosage(visits: pd.DataFrame, *, by: str = "place") -> pd.DataFrame:
    """Minutes of presence and number of visits per place (or per wijk).

    Parameters
    ----------
    visits : pandas.DataFrame
        ``place``, ``wijk``, ``start``, ``end`` (the workspace's visits).
    by : {"place", "wijk"}, default "place"

    Returns
    -------
    pandas.DataFrame
        ``place`` (and ``wijk``) or ``wijk``, ``visits``, ``minutes``, ``mean_minutes``,
        most minutes first.
    """
    if by not in ("place", "wijk"):
        raise ValidationError(f"by={by!r} is not supported; allowed: place, wijk")
    minutes = (pd.to_datetime(visits["end"]) - pd.to_datetime(visits["start"])) / pd.Timedelta(
        minutes=1
    )
    keys = ["place", "wijk"] if by == "place" else ["wijk"]
    frame = visits.assign(minutes=minutes.astype(float))
    table = frame.groupby(keys, sort=True).agg(
        visits=("minutes", "size"), minutes=("minutes", "sum")
    )
    table["mean_minutes"] = table["minutes"] / table["visits"]
    table = table.reset_index().sort_values(
        ["minutes", *keys], ascending=[False, *[True] * len(keys)]
    )
    return table.reset_index(drop=True)


@dataclass(frozen=True)
class EffectResult:
    """Counts and the weighted displacement difference (see module notes).

    Attributes
    ----------
    counts : pandas.DataFrame
        Index ``treated``, ``buffer``, ``control``, ``control_buffer``; columns ``cells``,
        ``before``, ``during``, ``change``.
    wdd : float
        Weighted displacement difference (negative: relative decrease).
    wdd_se : float
        Its standard error (square root of the summed counts).
    z : float
        ``wdd / wdd_se`` (NaN when there are no counts).
    wdq : float
        Weighted displacement quotient (Bowers & Johnson): displacement over success,
        NaN when undefined.
    weak_control : bool
        The comparison places had far fewer or far more incidents before than the visited
        ones (outside 0.5–2×): too few similar unvisited places, so the comparison is weak.
    """

    counts: pd.DataFrame
    wdd: float
    wdd_se: float
    z: float
    wdq: float
    weak_control: bool = False

    def caution(self, lang: str = "nl") -> str:
        """The observational caution (and the weak-comparison warning when it applies).

        Parameters
        ----------
        lang : {"nl", "fr"}

        Returns
        -------
        str
        """
        text = message("plan.effect_caution", lang)
        if self.weak_control:
            control, treated = (
                self.counts.at["control", "before"],
                self.counts.at["treated", "before"],
            )
            text += " " + message(
                "plan.effect_weak_control", lang, control=f"{control:.0f}", treated=f"{treated:.0f}"
            )
        return text


def effect_view(
    incidents: gpd.GeoDataFrame,
    grid: gpd.GeoDataFrame,
    visited: Sequence[str],
    *,
    before: tuple[pd.Timestamp, pd.Timestamp],
    during: tuple[pd.Timestamp, pd.Timestamp],
    buffer_m: float = 300.0,
) -> EffectResult:
    """Compare incidents in visited places, their buffer and matched unvisited places.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Points with ``start`` (the categories that matter), in the grid's CRS.
    grid : geopandas.GeoDataFrame
        Analysis grid (``cell`` ids, :func:`gis.hotspots.analysis_grid`).
    visited : sequence of str
        Cell ids of the visited places (e.g. with a dosage of at least some minutes).
    before, during : tuple of pandas.Timestamp
        ``[start, end)`` of the period before and of the presence period.
    buffer_m : float, default 300
        Cells whose centre lies within this distance of a place's centre form its buffer.

    Returns
    -------
    EffectResult

    Notes
    -----
    Controls: for each visited cell (largest count before first) the unused cell outside
    every buffer with the nearest count before (ties: nearest by distance, then cell id).
    """
    if buffer_m <= 0:
        raise ValidationError(f"buffer_m={buffer_m!r} must be > 0")
    cells = grid["cell"].astype("str").to_numpy()
    treated = np.isin(cells, list(visited))
    if not treated.any():
        raise ValidationError("visited names no cell of the grid")
    pos = cell_positions(incidents, grid)
    when = pd.to_datetime(incidents["start"]).to_numpy()

    def counts(period: tuple[pd.Timestamp, pd.Timestamp]) -> np.ndarray:
        lo, hi = (np.datetime64(pd.Timestamp(t)) for t in period)
        keep = (pos >= 0) & (when >= lo) & (when < hi)
        return np.bincount(pos[keep], minlength=len(grid)).astype(float)

    c0, c1 = counts(before), counts(during)
    centres = shapely.centroid(grid.geometry.to_numpy())
    xy = np.column_stack([shapely.get_x(centres), shapely.get_y(centres)])

    def ring(mask: np.ndarray) -> np.ndarray:
        tree = shapely.STRtree(centres)
        _, hit = tree.query(centres[mask], predicate="dwithin", distance=buffer_m)
        near = np.zeros(len(grid), dtype=bool)
        near[hit] = True
        return near & ~mask

    buffer = ring(treated)
    pool = ~treated & ~buffer
    control = np.zeros(len(grid), dtype=bool)
    for t in sorted(np.flatnonzero(treated), key=lambda i: (-c0[i], cells[i])):
        options = np.flatnonzero(pool & ~control)
        if options.size == 0:
            break
        distance = np.hypot(*(xy[options] - xy[t]).T)
        best = min(
            range(options.size),
            key=lambda k: (abs(c0[options[k]] - c0[t]), distance[k], cells[options[k]]),
        )
        control[options[best]] = True
    control_buffer = ring(control) & ~treated & ~buffer & ~control
    rows = {}
    for name, mask in (
        ("treated", treated),
        ("buffer", buffer),
        ("control", control),
        ("control_buffer", control_buffer),
    ):
        rows[name] = {
            "cells": int(mask.sum()),
            "before": float(c0[mask].sum()),
            "during": float(c1[mask].sum()),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["change"] = table["during"] - table["before"]
    delta = table["change"]
    wdd = float(delta["treated"] - delta["control"] + delta["buffer"] - delta["control_buffer"])
    var = float(table[["before", "during"]].to_numpy().sum())
    se = float(np.sqrt(var))
    z = wdd / se if se > 0 else float("nan")
    t0, t1 = table.at["treated", "before"], table.at["treated", "during"]
    b0, b1 = table.at["buffer", "before"], table.at["buffer", "during"]
    k0, k1 = table.at["control", "before"], table.at["control", "during"]
    wdq = float("nan")
    if k0 > 0 and k1 > 0:
        success = t1 / k1 - t0 / k0
        if success != 0:
            wdq = float((b1 / k1 - b0 / k0) / success)
    weak = bool(t0 > 0 and not 0.5 <= k0 / t0 <= 2.0)
    return EffectResult(counts=table, wdd=wdd, wdd_se=se, z=float(z), wdq=wdq, weak_control=weak)
