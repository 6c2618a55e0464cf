"""Spatial assignment of incidents to municipality, deelgemeente and wijk."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import ValidationError


def _check_same_crs(points: gpd.GeoSeries, areas: gpd.GeoDataFrame, name: str) -> None:
    if points.crs is None or areas.crs is None:
        raise ValidationError(
            f"points and {name} need a CRS, got points.crs={points.crs}, {name}.crs={areas.crs}"
        )
    if not points.crs.equals(areas.crs):
        raise ValidationError(
            f"points.crs={points.crs.to_string()} differs from {name}.crs="
            f"{areas.crs.to_string()}; reproject one of them first"
        )
    if points.crs.is_geographic:
        raise ValidationError(
            f"points.crs={points.crs.to_string()} is geographic (degrees); use a metric CRS "
            "such as EPSG:31370"
        )


def area_code_at(
    points: gpd.GeoSeries, areas: gpd.GeoDataFrame, *, code_column: str = "code"
) -> pd.Series:
    """Return the code of the area that holds each point.

    A point on the shared boundary of two areas gets the smallest code of the two, so the
    assignment is deterministic whatever the order of the layers.

    Parameters
    ----------
    points : geopandas.GeoSeries
        Points (missing or empty geometries allowed), in the CRS of ``areas``.
    areas : geopandas.GeoDataFrame
        Polygons with a ``code_column``.
    code_column : str, default "code"
        Column of ``areas`` holding the code to return.

    Returns
    -------
    pandas.Series
        Indexed like ``points``; the area code, or missing where no area holds the point.
    """
    _check_same_crs(points, areas, "areas")
    codes = areas[code_column].astype("str").to_numpy()
    tree = shapely.STRtree(areas.geometry.to_numpy())
    geoms = points.to_numpy()
    point_idx, area_idx = tree.query(geoms, predicate="intersects")
    result = np.full(len(points), None, dtype=object)
    if len(point_idx):
        pairs = pd.DataFrame({"p": point_idx, "code": codes[area_idx]})
        first = pairs.sort_values(["p", "code"], kind="stable").drop_duplicates("p")
        result[first["p"].to_numpy()] = first["code"].to_numpy()
    return pd.Series(result, index=points.index, dtype="str", name=code_column)


def assign_areas(
    points: gpd.GeoSeries,
    *,
    municipalities: gpd.GeoDataFrame,
    deelgemeenten: gpd.GeoDataFrame,
    wijken: gpd.GeoDataFrame,
) -> pd.DataFrame:
    """Give every located incident its municipality (NIS), deelgemeente and wijk.

    Parameters
    ----------
    points : geopandas.GeoSeries
        Incident points in EPSG:31370 (missing geometries allowed).
    municipalities : geopandas.GeoDataFrame
        Column ``nis``.
    deelgemeenten, wijken : geopandas.GeoDataFrame
        Column ``code``.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``points`` with columns ``nis``, ``deelgemeente``, ``wijk`` (missing
        where the point lies in none) and ``in_zone`` (True where a wijk holds the point).
    """
    wijk = area_code_at(points, wijken)
    return pd.DataFrame(
        {
            "nis": area_code_at(points, municipalities, code_column="nis"),
            "deelgemeente": area_code_at(points, deelgemeenten),
            "wijk": wijk,
            "in_zone": wijk.notna(),
        },
        index=points.index,
    )
