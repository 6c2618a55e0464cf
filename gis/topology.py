"""Topology of a zone's wijk layer: column mapping, geometry repair, gaps and overlaps.

A police zone may replace the shipped wijk layer with polygons of its own. Before such a layer is
used, :func:`normalise_wijk_columns` maps the user's columns to ``code``/``name``,
:func:`repair_wijken` makes every geometry valid (or drops and reports it), and
:func:`wijk_gaps_and_overlaps` reports where the wijken overlap each other and which parts of the
zone no wijk covers, with their area in m².

Pure computation: nothing here reads or writes files (see ``gis.io_areas``).
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from gis.errors import ValidationError

CODE_COLUMNS: tuple[str, ...] = ("code", "wijkcode", "geoitem", "id", "wijk_id")
"""Column names (case-insensitive, in order of preference) taken as the wijk code."""

NAME_COLUMNS: tuple[str, ...] = ("name", "naam", "wijknaam", "wijk")
"""Column names (case-insensitive, in order of preference) taken as the wijk name."""

REPAIR_PROBLEMS: tuple[str, ...] = (
    "repaired",
    "missing_code",
    "empty",
    "not_polygonal",
    "duplicate_code",
)
"""Values of ``problem`` in the report of :func:`repair_wijken`; all but ``repaired`` drop the
wijk."""

REPORT_COLUMNS: tuple[str, ...] = ("code", "problem", "detail")
TOPOLOGY_COLUMNS: tuple[str, ...] = ("kind", "wijk_a", "wijk_b", "area_m2", "geometry")

_POLYGON = shapely.GeometryType.POLYGON.value
_MULTIPOLYGON = shapely.GeometryType.MULTIPOLYGON.value
_COLLECTIONS = (
    shapely.GeometryType.MULTIPOINT.value,
    shapely.GeometryType.MULTILINESTRING.value,
    _MULTIPOLYGON,
    shapely.GeometryType.GEOMETRYCOLLECTION.value,
)
_METRE_UNITS = frozenset({"metre", "meter", "m"})


def normalise_wijk_columns(
    frame: gpd.GeoDataFrame,
    *,
    code_column: str | None = None,
    name_column: str | None = None,
) -> gpd.GeoDataFrame:
    """Map a user's wijk layer to the columns ``code`` and ``name``.

    Without explicit columns, the first column whose name matches (case-insensitively)
    one of :data:`CODE_COLUMNS` becomes ``code`` and the first matching :data:`NAME_COLUMNS`
    becomes ``name``. Codes become stripped text (``1.0`` read from a Shapefile becomes ``"1"``);
    blank codes become missing, to be reported by :func:`repair_wijken`.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        The wijk polygons as read from the user's file.
    code_column : str, optional
        Column holding the wijk code; guessed when not given.
    name_column : str, optional
        Column holding the wijk name; guessed when not given. May equal ``code_column`` when the
        layer has no names.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code``, ``name``, the other columns of ``frame`` (except any other column
        spelled ``code`` or ``name`` in another case) and ``geometry``; same rows, index and CRS.

    Raises
    ------
    ValidationError
        If ``frame`` is not a GeoDataFrame, or a column cannot be found; the message lists the
        columns found and the names accepted.
    """
    if not isinstance(frame, gpd.GeoDataFrame):
        raise ValidationError(f"frame must be a GeoDataFrame, got {type(frame).__name__}")
    geometry_name = frame.geometry.name
    attributes = [str(c) for c in frame.columns if c != geometry_name]
    code_source = _find_column(attributes, code_column, CODE_COLUMNS, "code_column", "wijk code")
    name_source = _find_column(attributes, name_column, NAME_COLUMNS, "name_column", "wijk name")

    codes = _as_code(frame[code_source])
    names = frame[name_source].astype("str").str.strip()
    rest = [
        c
        for c in attributes
        if c not in (code_source, name_source) and c.lower() not in ("code", "name", "geometry")
    ]
    result = pd.DataFrame({"code": codes, "name": names}, index=frame.index)
    result = pd.concat([result, pd.DataFrame(frame[rest])], axis=1)
    return gpd.GeoDataFrame(
        result, geometry=frame.geometry.rename("geometry").to_numpy(), crs=frame.crs
    )


def repair_wijken(wijken: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Make every wijk geometry valid and polygonal; drop and report what cannot be used.

    In this order: wijken without a code are dropped (``missing_code``); missing or empty
    geometries are dropped (``empty``); invalid geometries are made valid with
    :func:`shapely.make_valid` (method ``"structure"``, so overlapping parts are unioned rather
    than cut out) and only their polygonal parts are kept (``repaired``, with shapely's
    :func:`~shapely.is_valid_reason`); geometries left without any area are dropped (``empty``
    when repair collapsed them, ``not_polygonal`` when they were points or lines); of several
    wijken with the same code the first is kept and the others dropped (``duplicate_code``).

    Parameters
    ----------
    wijken : geopandas.GeoDataFrame
        Wijk polygons with a ``code`` column (see :func:`normalise_wijk_columns`).

    Returns
    -------
    wijken : geopandas.GeoDataFrame
        The usable wijken, every geometry a valid, non-empty Polygon or MultiPolygon; same columns,
        index labels and CRS, dropped rows left out.
    report : pandas.DataFrame
        One row per problem: ``code``, ``problem`` (one of :data:`REPAIR_PROBLEMS`) and
        ``detail``; indexed by the row label in ``wijken`` (index name ``row``). A wijk that was
        repaired and then dropped as a duplicate appears twice. Empty when nothing was wrong.

    Raises
    ------
    ValidationError
        If ``wijken`` is not a GeoDataFrame or has no ``code`` column.
    """
    if not isinstance(wijken, gpd.GeoDataFrame):
        raise ValidationError(f"wijken must be a GeoDataFrame, got {type(wijken).__name__}")
    if "code" not in wijken.columns:
        raise ValidationError(
            f"wijken has no 'code' column (columns: {_column_list(wijken)}); "
            "map the columns with normalise_wijk_columns first"
        )
    labels = wijken.index
    geoms = np.asarray(wijken.geometry.array, dtype=object)
    raw_codes = wijken["code"]
    codes = raw_codes.astype("str").str.strip()
    missing_code = (raw_codes.isna() | codes.eq("")).to_numpy()
    problems: list[pd.DataFrame] = []

    def report(mask: np.ndarray, problem: str, detail: np.ndarray | list[str]) -> None:
        if mask.any():
            problems.append(
                pd.DataFrame(
                    {
                        "position": np.flatnonzero(mask),
                        "code": raw_codes.to_numpy()[mask],
                        "problem": problem,
                        "detail": detail,
                    }
                )
            )

    report(
        missing_code,
        "missing_code",
        [f"row {r!r} has no code" for r in labels[missing_code].to_list()],
    )
    alive = ~missing_code

    empty = alive & (shapely.is_missing(geoms) | shapely.is_empty(geoms))
    report(
        empty,
        "empty",
        np.where(shapely.is_missing(geoms[empty]), "geometry is missing", "geometry is empty"),
    )
    alive &= ~empty

    invalid = alive & ~shapely.is_valid(geoms)
    repaired = geoms.copy()
    repaired[invalid] = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
    # Anything that is not a Polygon or MultiPolygon (valid collections, lines, points) is
    # reduced to its polygonal parts; valid polygons are left exactly as they were.
    other = alive & ~np.isin(shapely.get_type_id(repaired), (_POLYGON, _MULTIPOLYGON))
    repaired[other] = _polygonal(repaired[other])
    no_area = alive & shapely.is_empty(repaired)

    fixed = invalid & ~no_area
    report(fixed, "repaired", shapely.is_valid_reason(geoms[fixed]))
    reduced = other & ~invalid & ~no_area
    report(
        reduced,
        "repaired",
        [f"kept the polygonal parts of a {g.geom_type}" for g in geoms[reduced]],
    )
    collapsed = invalid & no_area
    report(
        collapsed,
        "empty",
        [f"no area left after repair: {r}" for r in shapely.is_valid_reason(geoms[collapsed])],
    )
    not_polygonal = other & ~invalid & no_area
    report(
        not_polygonal,
        "not_polygonal",
        [f"geometry is a {g.geom_type}, not a polygon" for g in geoms[not_polygonal]],
    )
    alive &= ~no_area

    kept_codes = codes[alive]
    duplicate = np.zeros(len(wijken), dtype=bool)
    duplicate[np.flatnonzero(alive)] = kept_codes.duplicated(keep="first").to_numpy()
    first_label = (
        pd.Series(labels[alive].to_list(), index=kept_codes.to_numpy(), dtype=object)
        .groupby(level=0, sort=False)
        .first()
    )
    report(
        duplicate,
        "duplicate_code",
        [
            f"code also used by row {first_label[c]!r}, which is kept"
            for c in codes.to_numpy()[duplicate]
        ],
    )
    alive &= ~duplicate

    result = wijken.iloc[np.flatnonzero(alive)].copy()
    result[wijken.geometry.name] = gpd.GeoSeries(
        repaired[alive], index=result.index, crs=wijken.crs
    )
    return result, _report_frame(problems, labels)


def wijk_gaps_and_overlaps(
    wijken: gpd.GeoDataFrame,
    zone: BaseGeometry | gpd.GeoSeries | gpd.GeoDataFrame,
    *,
    min_area_m2: float = 1.0,
) -> gpd.GeoDataFrame:
    """Report where wijken overlap each other and where the zone is covered by no wijk.

    Overlaps come from an STRtree query of every wijk against all others (each pair once);
    gaps are the parts of ``zone`` minus the union of all wijken. Parts of wijken outside the
    zone are not reported; wijken with a missing or empty geometry cover nothing.

    Parameters
    ----------
    wijken : geopandas.GeoDataFrame
        Valid wijk polygons with a ``code`` column (see :func:`repair_wijken`), in a projected
        CRS in metres (EPSG:31370).
    zone : shapely.Polygon, shapely.MultiPolygon, geopandas.GeoSeries or GeoDataFrame
        The police zone. A bare shapely geometry is taken to be in the CRS of ``wijken``;
        a GeoSeries or GeoDataFrame must be in that CRS and is unioned.
    min_area_m2 : float, default 1.0
        Overlaps and gaps of this area or less (slivers from digitising) are not reported.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``kind`` (``"overlap"`` or ``"gap"``), ``wijk_a``, ``wijk_b``, ``area_m2`` and
        ``geometry``, in the CRS of ``wijken``; overlaps first, then gaps, each largest first.
        For an overlap, ``wijk_a``/``wijk_b`` are the two codes (in the order of ``wijken``)
        and ``geometry`` the polygonal intersection. For a gap, ``geometry`` is one connected
        uncovered part, ``wijk_a`` the wijk sharing the longest border with it (missing if none)
        and ``wijk_b`` is missing. No rows when the layer is topologically clean.

    Raises
    ------
    ValidationError
        If a CRS is missing, geographic (degrees) or not in metres, if ``wijken`` and ``zone``
        differ in CRS, if a geometry is invalid, or if ``min_area_m2`` is negative or not finite.
    """
    if not isinstance(wijken, gpd.GeoDataFrame):
        raise ValidationError(f"wijken must be a GeoDataFrame, got {type(wijken).__name__}")
    if "code" not in wijken.columns:
        raise ValidationError(
            f"wijken has no 'code' column (columns: {_column_list(wijken)}); "
            "map the columns with normalise_wijk_columns first"
        )
    if isinstance(min_area_m2, bool) or not isinstance(min_area_m2, (int, float, np.number)):
        raise ValidationError(f"min_area_m2 must be a number, got {min_area_m2!r}")
    if not math.isfinite(min_area_m2) or min_area_m2 < 0:
        raise ValidationError(f"min_area_m2 must be a finite number >= 0, got {min_area_m2!r}")
    crs = _metric_crs(wijken.crs, "wijken")
    zone_geom = _zone_geometry(zone, crs)

    geoms = np.asarray(wijken.geometry.array, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    codes = wijken["code"].astype("str").to_numpy()[present]
    geoms = geoms[present]
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        raise ValidationError(
            f"wijken has {int(invalid.sum())} invalid geometries (first: code "
            f"{codes[invalid][0]!r}, {shapely.is_valid_reason(geoms[invalid][0])}); "
            "repair them with repair_wijken first"
        )

    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pair = left < right
    left, right = left[pair], right[pair]
    overlap = _polygonal(shapely.intersection(geoms[left], geoms[right]))
    overlap_area = shapely.area(overlap)
    big = overlap_area > min_area_m2
    overlaps = pd.DataFrame(
        {
            "kind": "overlap",
            "wijk_a": codes[left[big]],
            "wijk_b": codes[right[big]],
            "area_m2": overlap_area[big],
            "geometry": overlap[big],
        }
    )

    uncovered = shapely.difference(zone_geom, shapely.union_all(geoms))
    parts = shapely.get_parts(_polygonal(np.array([uncovered], dtype=object)))
    gap_area = shapely.area(parts)
    parts, gap_area = parts[gap_area > min_area_m2], gap_area[gap_area > min_area_m2]
    gaps = pd.DataFrame(
        {
            "kind": "gap",
            "wijk_a": _longest_border(parts, geoms, codes, tree),
            "wijk_b": pd.Series([None] * len(parts), dtype="str"),
            "area_m2": gap_area,
            "geometry": parts,
        }
    )

    frames = [
        f.sort_values("area_m2", ascending=False, kind="stable") for f in (overlaps, gaps) if len(f)
    ]
    result = pd.concat(frames, ignore_index=True) if frames else overlaps.iloc[:0]
    result = result.astype({"kind": "str", "wijk_a": "str", "wijk_b": "str", "area_m2": "float64"})
    return gpd.GeoDataFrame(
        result[list(TOPOLOGY_COLUMNS[:-1])],
        geometry=gpd.GeoSeries(result["geometry"].to_numpy(), crs=crs),
    )


def _find_column(
    columns: list[str],
    explicit: str | None,
    candidates: tuple[str, ...],
    argument: str,
    meaning: str,
) -> str:
    """Return the column named ``explicit`` or the first of ``candidates`` (case-insensitive)."""
    by_lower: dict[str, list[str]] = {}
    for column in columns:
        by_lower.setdefault(column.lower(), []).append(column)
    if explicit is not None:
        if explicit in columns:
            return explicit
        matches = by_lower.get(str(explicit).lower(), [])
        if len(matches) == 1:
            return matches[0]
        raise ValidationError(
            f"{argument}={explicit!r} is not a column of the wijk layer; "
            f"columns found: {', '.join(columns) or '(none)'}"
        )
    for candidate in candidates:
        matches = by_lower.get(candidate, [])
        if matches:
            return matches[0]
    raise ValidationError(
        f"no column holds the {meaning}; columns found: {', '.join(columns) or '(none)'}; "
        f"accepted (case-insensitive): {', '.join(candidates)}; or name it with {argument}="
    )


def _as_code(series: pd.Series) -> pd.Series:
    """Return codes as stripped text; integral floats lose their ``.0``; blanks become missing."""
    if pd.api.types.is_float_dtype(series.dtype):
        values = series.dropna()
        if np.all(np.mod(values.to_numpy(), 1) == 0):
            series = series.astype("Int64")
    text = series.astype("str").str.strip()
    return text.mask(text.eq(""))


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Return each geometry reduced to its polygonal parts (empty Polygon when it has none)."""
    geoms = np.asarray(geoms, dtype=object)
    result = geoms.copy()
    type_ids = shapely.get_type_id(geoms)
    todo = np.flatnonzero(~np.isin(type_ids, (_POLYGON, _MULTIPOLYGON)))
    if todo.size == 0:
        return result
    parts, owner = shapely.get_parts(geoms[todo], return_index=True)
    nested = np.isin(shapely.get_type_id(parts), _COLLECTIONS)
    while nested.any():
        inner, inner_owner = shapely.get_parts(parts[nested], return_index=True)
        parts = np.concatenate([parts[~nested], inner])
        owner = np.concatenate([owner[~nested], owner[nested][inner_owner]])
        nested = np.isin(shapely.get_type_id(parts), _COLLECTIONS)
    keep = (shapely.get_type_id(parts) == _POLYGON) & ~shapely.is_empty(parts)
    collected = np.full(todo.size, None, dtype=object)
    if keep.any():
        shapely.multipolygons(parts[keep], indices=owner[keep], out=collected)
    collected[shapely.is_missing(collected)] = shapely.Polygon()
    single = shapely.get_num_geometries(collected) == 1
    collected[single] = shapely.get_geometry(collected[single], 0)
    # Polygonal parts of a collection may share edges, which a MultiPolygon may not.
    broken = ~shapely.is_valid(collected)
    collected[broken] = shapely.make_valid(
        collected[broken], method="structure", keep_collapsed=False
    )
    result[todo] = collected
    return result


def _metric_crs(crs: object, argument: str) -> pyproj.CRS:
    """Return ``crs`` as a pyproj CRS, or raise unless it is projected in metres."""
    if crs is None:
        raise ValidationError(
            f"{argument} has no CRS; areas are reported in m², so give it a projected CRS in "
            "metres (set_crs('EPSG:31370') for Belgian Lambert 72)"
        )
    crs = pyproj.CRS.from_user_input(crs)
    label = f"{crs.name} ({crs.to_string()})"
    if crs.is_geographic:
        raise ValidationError(
            f"{argument} is in the geographic CRS {label}, in degrees; areas are reported in m², "
            "so reproject it first, e.g. .to_crs('EPSG:31370')"
        )
    units = {axis.unit_name.lower() for axis in crs.axis_info}
    if not crs.is_projected or not units <= _METRE_UNITS:
        raise ValidationError(
            f"{argument} is in {label} with units {', '.join(sorted(units))}; areas are "
            "reported in m², so reproject it to a CRS in metres, e.g. .to_crs('EPSG:31370')"
        )
    return crs


def _zone_geometry(
    zone: BaseGeometry | gpd.GeoSeries | gpd.GeoDataFrame, crs: pyproj.CRS
) -> BaseGeometry:
    """Return the zone as one valid polygonal geometry in ``crs``."""
    if isinstance(zone, gpd.GeoDataFrame):
        zone = zone.geometry
    if isinstance(zone, gpd.GeoSeries):
        zone_crs = _metric_crs(zone.crs, "zone")
        if not zone_crs.equals(crs):
            raise ValidationError(
                f"zone is in {zone_crs.name} ({zone_crs.to_string()}) but wijken in "
                f"{crs.name} ({crs.to_string()}); reproject one with .to_crs"
            )
        values = np.asarray(zone.array, dtype=object)
        invalid = ~shapely.is_missing(values) & ~shapely.is_valid(values)
        if invalid.any():
            raise ValidationError(
                f"zone has an invalid geometry: {shapely.is_valid_reason(values[invalid][0])}"
            )
        zone = shapely.union_all(values)
    elif not isinstance(zone, BaseGeometry):
        raise ValidationError(
            "zone must be a shapely Polygon or MultiPolygon, a GeoSeries or a GeoDataFrame, "
            f"got {type(zone).__name__}"
        )
    elif not zone.is_valid:
        raise ValidationError(f"zone is an invalid geometry: {shapely.is_valid_reason(zone)}")
    zone = _polygonal(np.array([zone], dtype=object))[0]
    if zone.is_empty:
        raise ValidationError("zone has no polygon: it is empty or has no area")
    return zone


def _longest_border(
    gaps: np.ndarray, geoms: np.ndarray, codes: np.ndarray, tree: shapely.STRtree
) -> pd.Series:
    """Return, per gap, the code of the wijk sharing the longest border with it (or missing)."""
    neighbour = pd.Series([None] * len(gaps), dtype="str")
    if len(gaps) == 0 or len(geoms) == 0:
        return neighbour
    gap_idx, wijk_idx = tree.query(gaps, predicate="intersects")
    shared = shapely.length(
        shapely.intersection(shapely.boundary(gaps[gap_idx]), shapely.boundary(geoms[wijk_idx]))
    )
    touching = pd.DataFrame({"gap": gap_idx, "code": codes[wijk_idx], "shared": shared})
    touching = touching[touching["shared"] > 0].sort_values(
        ["gap", "shared"], ascending=[True, False], kind="stable"
    )
    best = touching.drop_duplicates("gap").set_index("gap")["code"]
    neighbour.iloc[best.index.to_numpy()] = best.to_numpy()
    return neighbour


def _report_frame(problems: list[pd.DataFrame], labels: pd.Index) -> pd.DataFrame:
    """Assemble the repair report in row order, indexed by the original row labels."""
    if not problems:
        empty = pd.DataFrame({c: pd.Series(dtype="str") for c in REPORT_COLUMNS})
        empty.index = labels[:0].rename("row")
        return empty
    report = pd.concat(problems, ignore_index=True)
    order = report["problem"].map({p: i for i, p in enumerate(REPAIR_PROBLEMS)})
    report = report.assign(_order=order).sort_values(["position", "_order"], kind="stable")
    report.index = labels[report["position"].to_numpy()].rename("row")
    report["code"] = report["code"].astype("str")
    report["detail"] = report["detail"].astype("str")
    return report[list(REPORT_COLUMNS)]


def _column_list(frame: pd.DataFrame) -> str:
    return ", ".join(str(c) for c in frame.columns) or "(none)"
