"""SYNTHETIC demo signals, so that a newcomer sees the signal follow-up at once.

Nothing here is a real observation: points are drawn inside the real wijk polygons (some near
the demo's incident hotspots, so that "a light out near a hotspot" shows), descriptions come
from a short list of invented sentences, and reporters are the demo users ``inspecteur.demo*``.
Every row is marked ``synthetic``.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.areas import area_code_at
from gis.schema import CRS
from gis.signals import (
    SIGNAL_COLUMNS,
    StatusChange,
    apply_change,
    check_services,
    default_types,
    empty_history,
    normalise_signals,
    responsible_services,
)

DEMO_REPORTERS: tuple[str, ...] = ("inspecteur.demo1", "inspecteur.demo2", "coordinator.demo")
DEMO_CHIEF = "chef.demo"

_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "defecte_straatverlichting": (
        "Twee lantaarnpalen op rij branden niet; 's avonds is het stuk tussen de kruispunten "
        "donker.",
        "Lamp knippert en valt uit na 22 uur.",
        "Paal scheef gereden, armatuur hangt los.",
    ),
    "beschadigde_signalisatie": (
        "Verkeersbord B1 (voorrang verlenen) omver gereden.",
        "Bord zone 30 is dichtgegroeid en niet meer zichtbaar.",
        "Wegmarkering zebrapad bijna weg.",
    ),
    "gevaarlijke_oversteek": (
        "Schoolkinderen steken over tussen geparkeerde wagens, geen zebrapad.",
        "Zicht op de oversteek belemmerd door haag.",
    ),
    "verlaten_voertuig": (
        "Bestelwagen zonder nummerplaat staat er al drie weken.",
        "Aanhangwagen met platte banden op de parkeerstrook.",
    ),
    "sluikstort": (
        "Vuilniszakken en een matras naast de glasbollen.",
        "Bouwafval gedumpt aan de rand van het veld.",
        "Zakken met huisvuil in de berm.",
    ),
    "leegstaand_pand": (
        "Woning lijkt leeg; achterdeur open, sporen van inbraak.",
        "Winkelpand al lang leeg, ruiten ingegooid.",
    ),
    "hangplek": (
        "Groepje jongeren 's avonds aan het bankje, veel zwerfvuil en lawaai.",
        "Overdekte fietsenstalling gebruikt als hangplek, graffiti.",
    ),
    "overgroeide_beplanting": (
        "Haag hangt over het fietspad, fietsers moeten op de rijbaan.",
        "Struiken verbergen de ingang van het park; onveilig gevoel.",
    ),
    "beschadigd_wegdek": (
        "Diepe put in het voetpad voor de bakker.",
        "Losliggende tegels aan de bushalte.",
    ),
    "graffiti_vandalisme": (
        "Bushokje beklad, ruit gebarsten.",
        "Speeltuigen beschadigd.",
    ),
    "andere": ("Afsluiting rond de werf ligt omver.",),
}

_SERVICES: tuple[tuple[str, str], ...] = (
    ("sluikstort", "Milieudienst {name}"),
    ("beschadigde_signalisatie", "Dienst mobiliteit {name}"),
    ("gevaarlijke_oversteek", "Dienst mobiliteit {name}"),
    ("*", "Technische dienst {name}"),
)
_VEHICLE_SERVICE = "Verkeersdienst politie (takeling)"

_TYPE_WEIGHTS: dict[str, float] = {
    "defecte_straatverlichting": 0.22,
    "sluikstort": 0.18,
    "beschadigde_signalisatie": 0.1,
    "overgroeide_beplanting": 0.1,
    "hangplek": 0.08,
    "beschadigd_wegdek": 0.08,
    "gevaarlijke_oversteek": 0.06,
    "verlaten_voertuig": 0.06,
    "leegstaand_pand": 0.05,
    "graffiti_vandalisme": 0.05,
    "andere": 0.02,
}


def demo_services(municipalities: pd.DataFrame) -> pd.DataFrame:
    """A believable (invented) responsible-service table for the demo municipalities."""
    rows = [
        {"type": t, "nis": nis, "service": pattern.format(name=name), "contact": ""}
        for nis, name in zip(municipalities["nis"], municipalities["name"], strict=True)
        for t, pattern in _SERVICES
    ]
    rows.append({"type": "verlaten_voertuig", "nis": "*", "service": _VEHICLE_SERVICE,
                 "contact": ""})  # fmt: skip
    return check_services(pd.DataFrame(rows), types=default_types())


def _points_in(polygon: shapely.Geometry, n: int, rng: np.random.Generator) -> list:
    xmin, ymin, xmax, ymax = polygon.bounds
    found: list = []
    while len(found) < n:
        xs = rng.uniform(xmin, xmax, 4 * n)
        ys = rng.uniform(ymin, ymax, 4 * n)
        points = shapely.points(xs, ys)
        found.extend(points[shapely.contains(polygon, points)][: n - len(found)])
    return found


def generate_demo_signals(
    wijken: gpd.GeoDataFrame,
    municipalities: gpd.GeoDataFrame,
    *,
    now: pd.Timestamp,
    hot_points: gpd.GeoSeries | None = None,
    per_municipality: int = 14,
    seed: int = 0,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, pd.DataFrame]:
    """Draw SYNTHETIC signals with a believable follow-up history.

    Parameters
    ----------
    wijken, municipalities : geopandas.GeoDataFrame
        The workspace's areas (EPSG:31370).
    now : pandas.Timestamp
        The end of the demo period; signals are reported in the 120 days before it.
    hot_points : geopandas.GeoSeries, optional
        Centres of incident hotspots; about a third of the street-light, hang-out and
        vacant-building signals are put within 120 m of one.
    per_municipality : int, default 14
        Signals per municipality.
    seed : int
        Seed of the generator.

    Returns
    -------
    signals : geopandas.GeoDataFrame
        :data:`gis.signals.SIGNAL_COLUMNS`, ``synthetic`` true, statuses spread over the
        whole workflow (some overdue, some closed).
    history : pandas.DataFrame
        Every status change, as :func:`gis.signals.apply_change` writes it.
    services : pandas.DataFrame
        The responsible-service table (:func:`demo_services`).
    """
    rng = np.random.default_rng(seed)
    now = pd.Timestamp(now).floor("s")
    services = demo_services(municipalities)
    types = list(_TYPE_WEIGHTS)
    weights = np.array(list(_TYPE_WEIGHTS.values()))
    weights = weights / weights.sum()
    hot = None if hot_points is None or hot_points.empty else hot_points.to_numpy()
    rows = []
    for nis, polygon in zip(municipalities["nis"], municipalities.geometry, strict=True):
        kinds = rng.choice(types, size=per_municipality, p=weights)
        points = _points_in(polygon, per_municipality, rng)
        for kind, point in zip(kinds, points, strict=True):
            near_hot = hot is not None and kind in (
                "defecte_straatverlichting", "hangplek", "leegstaand_pand"
            ) and rng.random() < 0.4  # fmt: skip
            if near_hot:
                inside = [p for p in hot if polygon.contains(p)]
                if inside:
                    centre = inside[int(rng.integers(len(inside)))]
                    angle, radius = rng.uniform(0, 2 * np.pi), rng.uniform(10, 120)
                    candidate = shapely.Point(
                        centre.x + radius * np.cos(angle), centre.y + radius * np.sin(angle)
                    )
                    if polygon.contains(candidate):
                        point = candidate
            age_days = float(rng.uniform(1, 120))
            reported = (now - pd.Timedelta(days=age_days)).floor("min")
            texts = _DESCRIPTIONS[kind]
            rows.append(
                {
                    "signal_id": f"demo-{seed}-{len(rows) + 1:04d}",
                    "type": kind,
                    "status": "nieuw",
                    "description": texts[int(rng.integers(len(texts)))],
                    "address": "",
                    "nis": nis,
                    "location_source": str(rng.choice(["kaart", "toestel", "kaart"])),
                    "reported_at": reported,
                    "reported_by": str(rng.choice(DEMO_REPORTERS)),
                    "opened_at": reported,
                    "status_at": reported,
                    "service": "",
                    "handed_over_at": pd.NaT,
                    "closed_at": pd.NaT,
                    "shareable": bool(rng.random() < 0.5),
                    "reviewed_by": "",
                    "synthetic": True,
                    "geometry": point,
                }
            )
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=CRS)
    frame["wijk"] = area_code_at(frame.geometry, wijken).fillna("").astype("str")
    frame["reviewed_by"] = np.where(frame["shareable"], DEMO_CHIEF, "")
    signals = normalise_signals(frame[list(SIGNAL_COLUMNS)])
    history = [
        pd.DataFrame(
            {
                "signal_id": signals["signal_id"],
                "at": signals["reported_at"],
                "by": signals["reported_by"],
                "from_status": "",
                "to_status": "nieuw",
                "service": "",
                "note": "",
            }
        )
    ]
    responsible = responsible_services(signals, services)
    for position in range(len(signals)):
        row = signals.iloc[position]
        age = (now - row["reported_at"]).total_seconds() / 86400
        path = _demo_path(age, rng)
        at = row["reported_at"]
        for step in path:
            at = min(at + pd.Timedelta(days=float(rng.uniform(1, max(2.0, age / 4)))), now)
            change = StatusChange(
                signal_id=row["signal_id"],
                to_status=step,
                by=DEMO_CHIEF,
                at=at.floor("min"),
                service=responsible.iloc[position] if step == "doorgegeven" else "",
                note="dubbele melding" if step == "niet_weerhouden" else "",
            )
            signals, entry = apply_change(signals, change, now=now)
            history.append(entry)
    history_frame = pd.concat(history, ignore_index=True) if history else empty_history()
    return signals, history_frame, services


def _demo_path(age_days: float, rng: np.random.Generator) -> list[str]:
    """Statuses a demo signal went through, older ones further along."""
    draw = rng.random()
    if age_days < 7:
        return [] if draw < 0.7 else ["doorgegeven"]
    if draw < 0.08:
        return []  # never handed over: overdue if old enough
    if draw < 0.14:
        return ["niet_weerhouden"]
    if draw < 0.3:
        return ["doorgegeven"]
    if draw < 0.42:
        return ["doorgegeven", "in_behandeling"]
    if draw < 0.95:
        if age_days > 14:
            return ["doorgegeven", "in_behandeling", "opgelost"]
        return ["doorgegeven", "in_behandeling"]
    return ["doorgegeven", "opgelost", "nieuw"]  # re-opened: the light is out again
