"""Where and when presence pays: the risk of each place (grid cell) per hour of the week.

The planner needs, for every candidate place, the expected harm in the coming week and how that
harm spreads over the 168 hours of the week. This module builds that from the incidents:

* **Which incidents.** By default only categories that citizens report (burglary, theft,
  nuisance, accidents …), not offences that police activity itself discovers (drug
  possession, traffic fines, GAS findings): otherwise presence chases its own tail. The list
  is a setting the chief can change (see :func:`driving_categories`).
* **How much, per place.** A forecast per grid cell for the next week when one is given (the
  ``forecast`` argument: a table of expected weekly harm per cell and its reliability, e.g. from
  ``gis.forecast``); otherwise the **baseline**: ``0.7 × harm per week over 52 weeks + 0.3 ×
  harm per week over the last 8 weeks`` (harm from ``data/harm_weights.csv``, 1 for unknown
  categories). The baseline is what an honest forecast falls back to when it cannot beat it.
* **When.** An aoristic hour × weekday profile of the place's incidents (time windows spread
  over the hours they cover, :mod:`gis.aoristic`), shrunk toward the profile of the whole
  zone with a weight of ``shrink`` incidents, because a place with eight incidents cannot
  tell the hour on its own.
* **Evidence.** A place is a hotspot for planning only when its expected harm is in the top
  ``hotspot_share`` of the zone's cells *and* it had at least ``min_incidents`` incidents in 52
  weeks. Low-count places are left out instead of pretending: the planner then plans fewer
  data-driven slots and says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.aoristic import aoristic_weights
from gis.demo import DEMO_CATEGORIES
from gis.errors import ValidationError
from gis.harm import harm_weights
from gis.hotspots import analysis_grid, cell_positions
from gis.i18n import category_label, message, weekday_names

__all__ = [
    "PLACE_COLUMNS",
    "PROACTIVE_CATEGORIES",
    "PlaceRisk",
    "driving_categories",
    "peak_text",
    "place_risk",
]

PROACTIVE_CATEGORIES: frozenset[str] = frozenset(
    {c.category for c in DEMO_CATEGORIES if not c.citizen_reported}
    | {
        "drugsbezit",
        "verkeersovertreding",
        "snelheidsovertreding",
        "rijden onder invloed",
        "gordeldracht",
        "gsm achter het stuur",
        "parkeerovertreding",
        "gas-vaststelling",
        "identiteitscontrole",
        "illegaal verblijf",
        "wapenbezit",
    }
)
"""Categories mostly found by police or municipal officers themselves: left out by default."""

PLACE_COLUMNS: tuple[str, ...] = (
    "place",
    "wijk",
    "wijk_name",
    "street",
    "x",
    "y",
    "expected",
    "top_percent",
    "incidents",
    "eligible",
    "threshold",
    "reliable",
    "evidence",
    "peak",
    "geometry",
)

_PLURAL = {
    "woninginbraak": "woninginbraken",
    "fietsdiefstal": "fietsdiefstallen",
    "diefstal uit voertuig": "diefstallen uit voertuig",
    "winkeldiefstal": "winkeldiefstallen",
    "vandalisme": "feiten van vandalisme",
    "graffiti": "graffitimeldingen",
    "geluidsoverlast": "meldingen geluidsoverlast",
    "jongerenoverlast": "meldingen jongerenoverlast",
    "parkeeroverlast": "meldingen parkeeroverlast",
    "verkeersongeval": "verkeersongevallen",
    "verkeersongeval met gewonden": "verkeersongevallen met gewonden",
    "burenruzie": "burenruzies",
    "slagen en verwondingen": "feiten van slagen en verwondingen",
    "sluikstorten": "feiten van sluikstorten",
    "drugsoverlast": "meldingen drugsoverlast",
    "wildplassen": "feiten van wildplassen",
}


def driving_categories(
    categories: Iterable[str], *, proactive: Iterable[str] = PROACTIVE_CATEGORIES
) -> list[str]:
    """Return the categories that drive the plan by default: all but the proactive ones.

    Parameters
    ----------
    categories : iterable of str
        Categories present in the workspace.
    proactive : iterable of str
        Categories found by police activity itself.

    Returns
    -------
    list of str
        Sorted.
    """
    left_out = {p.strip().lower() for p in proactive}
    return sorted({c for c in categories if str(c).strip().lower() not in left_out})


def _count_text(count: int, category: str, lang: str = "nl") -> str:
    """``3 woninginbraken`` (Dutch plural where known), else ``3× category`` (in French the
    category's French name where the catalogue has one)."""
    if lang == "nl" and count > 1 and category in _PLURAL:
        return f"{count} {_PLURAL[category]}"
    label = category_label(category, lang)
    return f"1 {label}" if count == 1 else f"{count}× {label}"


def peak_text(profile: np.ndarray, *, hours: int = 4, lang: str = "nl") -> str:
    """Describe the peak of a 168-hour profile: ``piek di–do 16–20u`` (``pic mar–jeu 16–20h``).

    The hours are the ``hours``-long window (wrapping past midnight) holding the most weight
    over the week; the days are those whose weight is at least the mean day's, written as a
    range when consecutive.

    Parameters
    ----------
    profile : numpy.ndarray
        168 weights, Monday 0:00 first.
    hours : int, default 4
        Length of the peak window.
    lang : {"nl", "fr"}

    Returns
    -------
    str
    """
    names = weekday_names(lang)
    week = np.asarray(profile, dtype=float).reshape(7, 24)
    by_hour = week.sum(axis=0)
    windows = np.array([by_hour[(np.arange(hours) + h) % 24].sum() for h in range(24)])
    first = int(np.argmax(windows))
    by_day = week.sum(axis=1)
    days = [d for d in range(7) if by_day[d] >= by_day.mean() - 1e-12]
    if len(days) >= 6:
        day_text = message("plan.text.every_day", lang)
    elif len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        day_text = f"{names[days[0]]}–{names[days[-1]]}"
    else:
        day_text = ", ".join(names[d] for d in days)
    return message(
        "plan.text.peak", lang, days=day_text, start=first, end=(first + hours) % 24 or 24
    )


@dataclass(frozen=True)
class PlaceRisk:
    """Places with their expected harm next week and their hour-of-week profile.

    Attributes
    ----------
    places : geopandas.GeoDataFrame
        One row per candidate place (:data:`PLACE_COLUMNS`): ``place`` (cell id), ``wijk``,
        ``street`` (most frequent street of the incidents there, else the wijk name),
        ``x``/``y`` (where to stand: the mean of the incidents, inside the cell),
        ``expected`` (harm next week), ``top_percent`` (rank among the zone's cells),
        ``incidents`` (in 52 weeks), ``eligible`` (a planning hotspot), ``reliable``,
        ``evidence`` (reason text), ``peak`` (``piek di–do 16–20u``), geometry (the cell).
    profiles : numpy.ndarray
        (len(places), 168): share of the place's weekly risk in each hour (rows sum to 1).
    threshold : float
        Expected harm a place needs to be eligible.
    method : str
        ``"baseline"`` or the forecast's name.
    reliable : bool
        Whether the zone-level forecast is trusted (False when it fell back to baseline).
    categories : tuple of str
        Categories that drove the risk.
    notes : list of str
        Plain-Dutch remarks on the evidence (shown with the plan).
    """

    places: gpd.GeoDataFrame
    profiles: np.ndarray
    threshold: float
    method: str
    reliable: bool
    categories: tuple[str, ...]
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def combine(parts: Sequence[PlaceRisk]) -> PlaceRisk:
        """Join the place risks of several zones (each keeps its own threshold per place)."""
        if not parts:
            raise ValidationError("combine needs at least one PlaceRisk")
        places = pd.concat([p.places for p in parts], ignore_index=True)
        return PlaceRisk(
            places=gpd.GeoDataFrame(places, geometry="geometry", crs=parts[0].places.crs),
            profiles=np.vstack([p.profiles for p in parts]),
            threshold=min(p.threshold for p in parts),
            method=parts[0].method,
            reliable=all(p.reliable for p in parts),
            categories=tuple(sorted(set().union(*(p.categories for p in parts)))),
            notes=[n for p in parts for n in p.notes],
        )

    def hourly(self, index: int) -> np.ndarray:
        """Expected harm of place ``index`` in each hour of the week (168 values)."""
        return self.profiles[index] * float(self.places["expected"].iloc[index])


def place_risk(
    incidents: gpd.GeoDataFrame,
    wijken: gpd.GeoDataFrame,
    *,
    now: pd.Timestamp,
    categories: Sequence[str],
    harm_table: pd.DataFrame | None = None,
    forecast: pd.DataFrame | None = None,
    forecast_method: str = "forecast",
    cell_size: float = 150.0,
    hotspot_share: float = 0.05,
    min_incidents: int = 5,
    shrink: float = 10.0,
    lang: str = "nl",
) -> PlaceRisk:
    """Expected harm per grid cell next week and its hour-of-week profile (see module notes).

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Canonical incidents (``category``, ``start``, ``end``, ``street``, points), EPSG:31370.
    wijken : geopandas.GeoDataFrame
        The wijken of the zone (``code``, ``name``): the grid covers them.
    now : pandas.Timestamp
        Start of the planned week: only incidents before it count.
    categories : sequence of str
        Categories that drive the plan (see :func:`driving_categories`).
    harm_table : pandas.DataFrame, optional
        Harm weights (``category``, ``weight``); None counts every incident as 1.
    forecast : pandas.DataFrame, optional
        Expected harm next week per cell: index or column ``cell``, column ``expected`` and
        optional ``reliable`` (bool; False everywhere means the forecast fell back to
        baseline). None uses the baseline.
    forecast_method : str
        Name of the forecast, for the plan's version record.
    cell_size : float, default 150
        Grid cell side in metres.
    hotspot_share : float, default 0.05
        Share of the zone's cells that can be planning hotspots (0–1].
    min_incidents : int, default 5
        Incidents in 52 weeks a place needs.
    shrink : float, default 10
        Weight (in incidents) of the zone profile in a place's profile.
    lang : {"nl", "fr"}
        Language of the evidence, peak and note texts.

    Returns
    -------
    PlaceRisk
    """
    if not 0.0 < hotspot_share <= 1.0:
        raise ValidationError(f"hotspot_share={hotspot_share!r} must lie in (0, 1]")
    if min_incidents < 1:
        raise ValidationError(f"min_incidents={min_incidents!r} must be at least 1")
    now = pd.Timestamp(now)
    grid = analysis_grid(wijken, cell_size=cell_size)
    located = incidents.geometry.notna() & ~incidents.geometry.is_empty
    if "in_zone" in incidents.columns:
        located &= incidents["in_zone"].astype(bool)
    long_start = now - pd.Timedelta(weeks=52)
    short_start = now - pd.Timedelta(weeks=8)
    chosen = set(categories)
    recent = incidents[
        located.to_numpy()
        & incidents["category"].isin(chosen).to_numpy()
        & (incidents["start"] >= long_start).to_numpy()
        & (incidents["start"] < now).to_numpy()
    ]
    pos = cell_positions(recent, grid) if len(recent) else np.empty(0, dtype=np.int64)
    inside = pos >= 0
    recent, pos = recent[inside], pos[inside]
    harm = (
        harm_weights(recent, harm_table, default=1.0).to_numpy()
        if harm_table is not None and len(recent)
        else np.ones(len(recent))
    )
    short = (recent["start"] >= short_start).to_numpy()
    n_cells = len(grid)
    count52 = np.bincount(pos, minlength=n_cells)
    harm52 = np.bincount(pos, weights=harm, minlength=n_cells)
    harm8 = np.bincount(pos[short], weights=harm[short], minlength=n_cells)
    notes: list[str] = []
    reliable = True
    method = "baseline"
    if forecast is not None:
        table = forecast.set_index("cell") if "cell" in forecast.columns else forecast
        expected = table["expected"].reindex(grid["cell"]).fillna(0.0).to_numpy(dtype=float)
        method = forecast_method
        if "reliable" in table.columns and not table["reliable"].astype(bool).any():
            reliable = False
            notes.append(message("plan.text.forecast_unreliable", lang))
    else:
        expected = 0.7 * harm52 / 52.0 + 0.3 * harm8 / 8.0
    order = np.lexsort((grid["cell"].to_numpy(), -expected))
    rank = np.empty(n_cells, dtype=np.int64)
    rank[order] = np.arange(1, n_cells + 1)
    top_percent = 100.0 * rank / max(n_cells, 1)
    k = max(1, int(np.ceil(hotspot_share * n_cells)))
    threshold = float(expected[order[k - 1]]) if n_cells else 0.0
    eligible = (expected >= threshold) & (expected > 0) & (count52 >= min_incidents)
    weak = (expected >= threshold) & (expected > 0) & (count52 < min_incidents)
    if weak.any():
        notes.append(
            message("plan.text.weak_places", lang, n=int(weak.sum()), minimum=min_incidents)
        )
    if not eligible.any():
        notes.append(message("plan.text.no_places", lang))
    keep = np.flatnonzero(eligible)
    # zone profile, then each eligible place's shrunk profile
    end = recent["end"] if "end" in recent.columns else None
    zone_profile = aoristic_weights(recent["start"], end) if len(recent) else np.ones(168)
    zone_profile = (zone_profile + 1e-9) / (zone_profile + 1e-9).sum()
    by_cell = pd.Series(np.arange(len(recent))).groupby(pos)
    members = {int(c): idx.to_numpy() for c, idx in by_cell}
    profiles = np.empty((keep.size, 168))
    streets, xs, ys, evidence, peaks = [], [], [], [], []
    cells = grid.geometry.to_numpy()
    all_pos = cell_positions(incidents[located.to_numpy()], grid)
    all_streets = incidents.loc[located.to_numpy(), "street"].astype("str").to_numpy()
    for row, cell in enumerate(keep):
        idx = members.get(int(cell), np.empty(0, dtype=np.int64))
        part = recent.iloc[idx]
        own = aoristic_weights(part["start"], part["end"] if end is not None else None)
        n = float(own.sum())
        blend = (own + shrink * zone_profile) / (n + shrink)
        profiles[row] = blend / blend.sum()
        x = float(shapely.get_x(part.geometry.to_numpy()).mean())
        y = float(shapely.get_y(part.geometry.to_numpy()).mean())
        if not shapely.contains_xy(cells[cell], x, y):
            point = shapely.point_on_surface(cells[cell])
            x, y = float(point.x), float(point.y)
        xs.append(x)
        ys.append(y)
        names = all_streets[all_pos == cell]
        names = names[(names != "") & (names != "nan") & (names != "<NA>")]
        streets.append(pd.Series(names).mode().iloc[0] if names.size else "")
        recent8 = part[part["start"] >= short_start]
        top8 = recent8["category"].value_counts()
        if len(top8) and int(top8.iloc[0]) >= 2:
            what = _count_text(int(top8.iloc[0]), str(top8.index[0]), lang)
            text = (
                message("plan.text.count_8w_others", lang, what=what, n=int(top8.iloc[1:].sum()))
                if len(top8) > 1
                else message("plan.text.count_8w", lang, what=what)
            )
        elif len(recent8) >= 3:
            text = message("plan.text.incidents_8w", lang, n=len(recent8), total=len(part))
        else:
            top = part["category"].value_counts()
            category = category_label(top.index[0], lang)
            text = message("plan.text.incidents_52w", lang, n=len(part), category=category)
        evidence.append(text)
        peaks.append(peak_text(profiles[row], lang=lang))
    holder = gpd.sjoin(
        gpd.GeoDataFrame(
            geometry=gpd.GeoSeries(shapely.points(xs, ys), crs=wijken.crs)
            if keep.size
            else gpd.GeoSeries([], crs=wijken.crs),
            crs=wijken.crs,
        ),
        wijken[["code", "name", "geometry"]].reset_index(drop=True),
        predicate="intersects",
        how="left",
    )
    holder = holder[~holder.index.duplicated()]
    wijk = holder["code"].fillna("").astype("str").to_numpy() if keep.size else []
    wijk_name = holder["name"].fillna("").astype("str").to_numpy() if keep.size else []
    street = [s or n for s, n in zip(streets, wijk_name, strict=True)]
    places = gpd.GeoDataFrame(
        {
            "place": pd.Series(grid["cell"].to_numpy()[keep], dtype="str"),
            "wijk": pd.Series(wijk, dtype="str"),
            "wijk_name": pd.Series(wijk_name, dtype="str"),
            "street": pd.Series(street, dtype="str"),
            "x": np.asarray(xs, dtype=float),
            "y": np.asarray(ys, dtype=float),
            "expected": expected[keep],
            "top_percent": top_percent[keep],
            "incidents": count52[keep].astype(np.int64),
            "eligible": np.ones(keep.size, dtype=bool),
            "threshold": np.full(keep.size, threshold),
            "reliable": np.full(keep.size, reliable),
            "evidence": pd.Series(evidence, dtype="str"),
            "peak": pd.Series(peaks, dtype="str"),
        },
        geometry=gpd.GeoSeries(cells[keep], crs=wijken.crs),
        crs=wijken.crs,
    )
    return PlaceRisk(
        places=places,
        profiles=profiles,
        threshold=threshold,
        method=method,
        reliable=reliable,
        categories=tuple(sorted(chosen)),
        notes=notes,
    )
