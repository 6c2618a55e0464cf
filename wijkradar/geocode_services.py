"""Use cases of the offline geocoder, shared by the CLI and the app: gazetteer import,
geocoding a workspace, the review queue and corrections."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from gis.address_normalise import raw_address_key
from gis.errors import ValidationError
from gis.gazetteer import (
    adressenregister_addresses,
    best_addresses,
    build_streets,
    clip_to_areas,
    with_deelgemeenten,
)
from gis.geocoding import (
    GazetteerIndex,
    GeocodeLevel,
    apply_geocoding,
    geocode_addresses,
    level_counts,
    prepare_gazetteer,
)
from gis.io_gazetteer import (
    add_correction,
    has_gazetteer,
    read_corrections,
    read_gazetteer,
    read_gazetteer_file,
    read_geocode_results,
    store_gazetteer,
    store_geocoding,
)
from gis.schema import GeocodeStatus
from gis.workspace import Workspace

Progress = Callable[[str, float], None]
"""Called with a step label and the fraction done (0–1)."""

CHUNK_ROWS = 25_000
"""Rows geocoded per step of the progress bar."""

LOW_SCORE = 75.0
"""Geocoded rows under this score are listed in the review queue too."""


def _no_progress(step: str, fraction: float) -> None:
    return None


@dataclass
class GazetteerImport:
    """What a gazetteer import read and kept.

    Attributes
    ----------
    register : str
        ``best`` or ``adressenregister``.
    read, kept, streets : int
        Rows read from the file, addresses kept inside the zone + buffer, streets.
    """

    register: str
    read: int
    kept: int
    streets: int


def import_gazetteer(
    path: str | Path,
    workspace: Workspace,
    *,
    zones: list[str] | None = None,
    buffer_m: float = 500.0,
    progress: Progress = _no_progress,
) -> GazetteerImport:
    """Load a BeST-Address or Adressenregister file into the workspace's gazetteer.

    Parameters
    ----------
    path : str or pathlib.Path
        ``openaddress-be*.zip``/``.csv`` (BeST) or an Adressenregister ``.csv``/``.gpkg``.
    workspace : Workspace
        Must exist; its gazetteer is replaced.
    zones : list of str, optional
        Clip to these of the workspace's zones (default: all of them).
    buffer_m : float, default 500
        Keep addresses up to this distance outside the zone(s).
    progress : callable
        Receives progress steps.

    Returns
    -------
    GazetteerImport
    """
    police_zones = workspace.areas("police_zones")
    if zones:
        wanted = {z.strip().lower() for z in zones}
        unknown = sorted(wanted - set(police_zones["code"].str.lower()))
        if unknown:
            raise ValidationError(
                f"zones {unknown} are not in workspace {workspace.path.name}; it holds "
                f"{', '.join(police_zones['code'])}"
            )
        police_zones = police_zones[police_zones["code"].str.lower().isin(wanted)]
    xmin, ymin, xmax, ymax = police_zones.total_bounds
    bbox = (xmin - buffer_m, ymin - buffer_m, xmax + buffer_m, ymax + buffer_m)
    progress("read", 0.05)
    register, table, read = read_gazetteer_file(path, bbox=bbox)
    progress("normalise", 0.5)
    reader = best_addresses if register == "best" else adressenregister_addresses
    addresses = reader(table)
    addresses = clip_to_areas(addresses, police_zones, buffer_m=buffer_m)
    addresses = with_deelgemeenten(addresses, workspace.areas("deelgemeenten"))
    streets = build_streets(addresses)
    progress("store", 0.8)
    store_gazetteer(
        workspace,
        addresses,
        streets,
        {
            "imported_at": pd.Timestamp.now().isoformat(timespec="seconds"),
            "file": Path(path).name,
            "register": register,
            "read": read,
            "kept": len(addresses),
            "streets": len(streets),
            "zones": ",".join(police_zones["code"]),
            "buffer_m": buffer_m,
        },
    )
    progress("done", 1.0)
    return GazetteerImport(register=register, read=read, kept=len(addresses), streets=len(streets))


def load_index(workspace: Workspace) -> GazetteerIndex:
    """Read the workspace's gazetteer and prepare it for matching."""
    addresses, streets = read_gazetteer(workspace)
    return prepare_gazetteer(
        addresses,
        streets,
        municipalities=workspace.areas("municipalities"),
        deelgemeenten=workspace.areas("deelgemeenten"),
    )


@dataclass
class GeocodeRun:
    """What one geocoding run did.

    Attributes
    ----------
    rows : int
        Incidents geocoded.
    levels : pandas.Series
        Count per :class:`gis.geocoding.GeocodeLevel`.
    statuses : pandas.Series
        Count per resulting geocode status.
    """

    rows: int
    levels: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))
    statuses: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))


def geocode_workspace(
    workspace: Workspace,
    *,
    retry_review: bool = True,
    redo: bool = False,
    raw_keys: tuple[str, ...] = (),
    progress: Progress = _no_progress,
) -> GeocodeRun:
    """Geocode the workspace's incidents that have an address but no point.

    Rows with status ``to_geocode`` are geocoded; ``review`` rows are tried again (a
    correction may have been stored since); with ``redo`` every row whose point came from the
    geocoder is redone (after a new gazetteer). Incidents and their result rows are written
    in one transaction; municipality/deelgemeente/wijk are assigned from the new points.

    Parameters
    ----------
    workspace : Workspace
        Must hold a gazetteer.
    retry_review, redo : bool
        Which rows besides ``to_geocode`` to take.
    raw_keys : tuple of str
        Also redo the geocoded rows with these normalised raw texts (after a correction).
    progress : callable
        Receives progress steps.

    Returns
    -------
    GeocodeRun
    """
    progress("gazetteer", 0.02)
    index = load_index(workspace)
    corrections = read_corrections(workspace)
    progress("read", 0.1)
    incidents = workspace.incidents()
    statuses = [GeocodeStatus.TO_GEOCODE.value]
    if retry_review or redo:
        statuses.append(GeocodeStatus.REVIEW.value)
    if redo:
        statuses += [GeocodeStatus.GEOCODED.value, GeocodeStatus.NOT_LOCATABLE.value]
    wanted = incidents["geocode_status"].isin(statuses)
    if raw_keys:
        keys = raw_address_key(
            incidents["street"],
            incidents["number"],
            incidents["box"],
            incidents["postcode"],
            incidents["municipality"],
        )
        wanted |= keys.isin(raw_keys) & incidents["geocode_status"].ne(GeocodeStatus.SOURCE.value)
    todo = incidents.index[wanted.to_numpy()]
    if len(todo) == 0:
        progress("done", 1.0)
        return GeocodeRun(rows=0, levels=level_counts(pd.DataFrame({"level": []})))
    rows = incidents.loc[todo, ["street", "number", "box", "postcode", "municipality"]]
    parts = []
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows.iloc[start : start + CHUNK_ROWS]
        parts.append(geocode_addresses(chunk, index, corrections=corrections))
        progress("geocode", 0.1 + 0.75 * min(1.0, (start + len(chunk)) / len(rows)))
    results = pd.concat(parts)
    updated = apply_geocoding(
        incidents,
        results,
        municipalities=workspace.areas("municipalities"),
        deelgemeenten=workspace.areas("deelgemeenten"),
        wijken=workspace.areas("wijken"),
    )
    table = results.assign(
        source=incidents.loc[todo, "source"].to_numpy(),
        id=incidents.loc[todo, "id"].to_numpy(),
        geocoded_at=pd.Timestamp.now().isoformat(timespec="seconds"),
    )
    progress("store", 0.9)
    store_geocoding(workspace, updated, table)
    progress("done", 1.0)
    return GeocodeRun(
        rows=len(results),
        levels=level_counts(results),
        statuses=results["status"].value_counts(),
    )


def geocode_if_possible(
    workspace: Workspace, *, progress: Progress = _no_progress
) -> GeocodeRun | None:
    """Geocode the pending rows when the workspace has a gazetteer; None when it has none."""
    if not has_gazetteer(workspace):
        return None
    return geocode_workspace(workspace, progress=progress)


def review_queue(workspace: Workspace, *, low_score: float = LOW_SCORE) -> pd.DataFrame:
    """List the incidents a team chief should check: review rows, rows that could not be
    located (municipality bucket) and low-score points.

    Parameters
    ----------
    workspace : Workspace
    low_score : float
        Geocoded rows under this score are listed too.

    Returns
    -------
    pandas.DataFrame
        One row per incident: source, id, start, category, street, number, box, postcode,
        municipality, geocode_status, level, score, street (matched), candidates (JSON),
        raw_key, x, y (current point, NaN without one); review rows first, then the
        unlocated ones, then the rest by score.
    """
    results = read_geocode_results(workspace)
    columns = [
        "source",
        "id",
        "start",
        "category",
        "street",
        "number",
        "box",
        "postcode",
        "municipality",
        "geocode_status",
    ]
    incidents = workspace.incidents(columns=columns)
    unresolved = results["status"].isin(
        [GeocodeStatus.REVIEW.value, GeocodeStatus.NOT_LOCATABLE.value]
    )
    wanted = unresolved | (
        results["status"].eq(GeocodeStatus.GEOCODED.value)
        & results["level"].ne(GeocodeLevel.MANUAL.value)
        & (results["score"] < low_score)
    )
    chosen = results[wanted].rename(columns={"street": "matched_street"})
    table = incidents.merge(chosen, on=["source", "id"], how="inner")
    table = table[table["geocode_status"].eq(table["status"])]
    located = table.geometry.notna()
    table["x"] = np.where(located, table.geometry.x, np.nan)
    table["y"] = np.where(located, table.geometry.y, np.nan)
    table = pd.DataFrame(table.drop(columns=["geometry", "status"]))
    order = {GeocodeStatus.REVIEW.value: 0, GeocodeStatus.NOT_LOCATABLE.value: 1}
    table["_order"] = table["geocode_status"].map(order).fillna(2)
    table = table.sort_values(["_order", "score", "start"], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def correct_address(
    workspace: Workspace,
    raw_key: str,
    *,
    by: str,
    address_id: str = "",
    street_id: str = "",
    x: float | None = None,
    y: float | None = None,
) -> GeocodeRun:
    """Store a correction for a raw address text and re-geocode the rows that carry it.

    The correction is kept in ``geocode_corrections`` and used for the same normalised raw text
    in every later import or geocoding run.

    Parameters
    ----------
    workspace : Workspace
    raw_key : str
        The normalised raw text (``raw_key`` of the review queue).
    by : str
        Who made the correction.
    address_id, street_id : str
        The register address or street chosen (one of them, or a point).
    x, y : float, optional
        A point clicked on the map (EPSG:31370).

    Returns
    -------
    GeocodeRun
        The re-geocoding of the workspace's pending rows.
    """
    if not raw_key:
        raise ValidationError("raw_key is empty: nothing to correct")
    if not (address_id or street_id or (x is not None and y is not None)):
        raise ValidationError("a correction needs address_id, street_id or a point (x, y)")
    if not by.strip():
        raise ValidationError("by is empty: name who made the correction")
    add_correction(
        workspace,
        {
            "raw_key": raw_key,
            "address_id": address_id,
            "street_id": street_id,
            "x": "" if x is None else f"{x:.2f}",
            "y": "" if y is None else f"{y:.2f}",
            "by": by.strip(),
            "at": pd.Timestamp.now().isoformat(timespec="seconds"),
        },
    )
    return geocode_workspace(workspace, raw_keys=(raw_key,))
