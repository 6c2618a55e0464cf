"""The one canonical incident schema of wijkradar, and its validation at the door.

Every incident, whatever file or generator it came from, is stored with exactly these columns.
Times are naive local wall-clock times (Europe/Brussels), as police exports give them.
"""

from __future__ import annotations

from enum import StrEnum

import geopandas as gpd
import pandas as pd

from gis.errors import ValidationError

CRS = "EPSG:31370"
"""Belgian Lambert 72: the CRS of every stored geometry."""


class GeocodeStatus(StrEnum):
    """Where an incident's point comes from."""

    SOURCE = "source"  # coordinates given in the source file
    TO_GEOCODE = "to_geocode"  # an address, not yet matched to a point
    GEOCODED = "geocoded"  # matched to an address point by the geocoder
    REVIEW = "review"  # the geocoder found candidates but would not guess
    NOT_LOCATABLE = "not_locatable"  # no point can be given (municipality bucket)


SOURCES: tuple[str, ...] = ("pv", "melding", "klacht", "interventie", "gas", "signaal", "andere")
"""Allowed values of ``source``: the kind of record an incident comes from."""

TEXT_COLUMNS: tuple[str, ...] = (
    "id",
    "source",
    "category",
    "street",
    "number",
    "box",
    "postcode",
    "municipality",
    "description",
    "geocode_status",
    "nis",
    "deelgemeente",
    "wijk",
    "import_id",
)
TIME_COLUMNS: tuple[str, ...] = ("start", "end")
INCIDENT_COLUMNS: tuple[str, ...] = (
    "id",
    "source",
    "category",
    "start",
    "end",
    "street",
    "number",
    "box",
    "postcode",
    "municipality",
    "description",
    "geocode_status",
    "in_zone",
    "nis",
    "deelgemeente",
    "wijk",
    "synthetic",
    "import_id",
    "source_row",
    "geometry",
)
"""Stored columns, in order. ``nis``/``deelgemeente``/``wijk`` are area codes assigned from the
point; ``in_zone`` is False for points outside the workspace's zone (kept and flagged);
``source_row`` is the row number in the imported file (header = row 1)."""

REQUIRED_VALUES: tuple[str, ...] = ("id", "source", "category", "start", "geocode_status")


def empty_incidents() -> gpd.GeoDataFrame:
    """Return an incident table with the canonical columns and no rows.

    Returns
    -------
    geopandas.GeoDataFrame
        Zero rows, canonical columns and dtypes, CRS EPSG:31370.
    """
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in INCIDENT_COLUMNS[:-1]})
    frame = frame.astype(
        {
            **{c: "str" for c in TEXT_COLUMNS},
            "start": "datetime64[ns]",
            "end": "datetime64[ns]",
            "in_zone": bool,
            "synthetic": bool,
            "source_row": "int64",
        }
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def validate_incidents(incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Check that a table holds canonical incidents; return it with canonical column order.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Candidate incidents.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows, columns in canonical order.

    Raises
    ------
    ValidationError
        Naming the column (and the first offending row) that breaks the schema.
    """
    if not isinstance(incidents, gpd.GeoDataFrame):
        raise ValidationError(f"incidents must be a GeoDataFrame, got {type(incidents).__name__}")
    missing = [c for c in INCIDENT_COLUMNS if c not in incidents.columns]
    if missing:
        raise ValidationError(f"incidents lack the canonical columns {missing}")
    if incidents.crs is None or not incidents.crs.equals(CRS):
        raise ValidationError(f"incidents must be in {CRS}, got crs={incidents.crs}")
    for column in TIME_COLUMNS:
        if not pd.api.types.is_datetime64_any_dtype(incidents[column]):
            raise ValidationError(
                f"column {column!r} must hold datetimes, got dtype {incidents[column].dtype}"
            )
    for column in REQUIRED_VALUES:
        empty = incidents[column].isna()
        if column not in TIME_COLUMNS:
            empty |= incidents[column].astype("str").str.strip().eq("")
        if empty.any():
            raise ValidationError(
                f"column {column!r} is empty at row {incidents.index[empty.to_numpy()][0]!r}"
            )
    bad_source = ~incidents["source"].isin(SOURCES)
    if bad_source.any():
        first = incidents.index[bad_source.to_numpy()][0]
        raise ValidationError(
            f"column 'source' has {incidents.at[first, 'source']!r} at row {first!r}; "
            f"allowed: {', '.join(SOURCES)}"
        )
    statuses = {s.value for s in GeocodeStatus}
    bad_status = ~incidents["geocode_status"].isin(statuses)
    if bad_status.any():
        first = incidents.index[bad_status.to_numpy()][0]
        raise ValidationError(
            f"column 'geocode_status' has {incidents.at[first, 'geocode_status']!r} at row "
            f"{first!r}; allowed: {', '.join(sorted(statuses))}"
        )
    backwards = incidents["end"].notna() & (incidents["end"] < incidents["start"])
    if backwards.any():
        first = incidents.index[backwards.to_numpy()][0]
        raise ValidationError(f"column 'end' is before 'start' at row {first!r}")
    located = incidents.geometry.notna() & ~incidents.geometry.is_empty
    wrong_type = located & (incidents.geometry.geom_type != "Point")
    if wrong_type.any():
        first = incidents.index[wrong_type.to_numpy()][0]
        raise ValidationError(f"geometry must be a Point, not at row {first!r}")
    return incidents[list(INCIDENT_COLUMNS)]
