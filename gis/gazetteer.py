"""The gazetteer: official address points of a zone, from BeST-Address or the Adressenregister.

Pure functions on (Geo)DataFrames; reading the files is :mod:`gis.io_gazetteer`'s job.

Two registers are understood:

**BeST-Address** (federal, the ``openaddress-be*.zip`` products), one CSV row per address with
the columns of :data:`BEST_COLUMNS`. Coordinates come in ``EPSG:31370_x``/``EPSG:31370_y``
(Belgian Lambert 72); newer releases carry ``EPSG:3812_x``/``EPSG:3812_y`` (Lambert 2008)
instead, which are projected to EPSG:31370; ``EPSG:4326_lat``/``EPSG:4326_lon`` are the last
resort.

**Adressenregister** (Flemish address register) extracts as CSV or GeoPackage, one row per
address. Column names are matched case-insensitively (:data:`ADRESSENREGISTER_ALIASES`):

==================  =================================================================
field               accepted column names
==================  =================================================================
address id          ``adresId``, ``ADRESID``, ``adres_id``, ``objectId``, ``id``
street id           ``straatnaamId``, ``STRAATNMID``, ``straatnaam_id``
street name         ``straatnaam``, ``STRAATNM``
house number        ``huisnummer``, ``HUISNR``
box number          ``busnummer``, ``BUSNR``, ``APPTNR``
postcode            ``postcode``, ``postinfo``
municipality        ``gemeentenaam``, ``GEMEENTE``
NIS code            ``niscode``, ``NISCODE``, ``nis``
status              ``status``, ``adresStatus`` (``inGebruik``, ``voorgesteld``,
                    ``gehistoreerd``, ``afgekeurd``)
position            ``x``/``y`` (Lambert 72, or Lambert 2008 when the values say so) or the
                    geometry of a GeoPackage
==================  =================================================================

Statuses other than current (``current`` / ``inGebruik``) are kept: old records may still use
a retired address. The geocoder ranks them lower.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.address_normalise import parse_house_numbers
from gis.errors import ValidationError
from gis.parsing import as_text, parse_numbers
from gis.schema import CRS

BEST_COLUMNS: tuple[str, ...] = (
    "EPSG:31370_x",
    "EPSG:31370_y",
    "EPSG:4326_lat",
    "EPSG:4326_lon",
    "address_id",
    "box_number",
    "house_number",
    "municipality_id",
    "municipality_name_de",
    "municipality_name_fr",
    "municipality_name_nl",
    "postcode",
    "postname_fr",
    "postname_nl",
    "street_id",
    "streetname_de",
    "streetname_fr",
    "streetname_nl",
    "region_code",
    "status",
)
"""Columns of the BeST-Address ``openaddress`` CSV (a 3812 release has ``EPSG:3812_x/_y``)."""

BEST_COORDINATES: tuple[tuple[str, str, str], ...] = (
    ("EPSG:31370_x", "EPSG:31370_y", "EPSG:31370"),
    ("EPSG:3812_x", "EPSG:3812_y", "EPSG:3812"),
    ("EPSG:4326_lon", "EPSG:4326_lat", "EPSG:4326"),
)
"""Coordinate column pairs of BeST, in order of preference, with their CRS."""

ADRESSENREGISTER_ALIASES: dict[str, tuple[str, ...]] = {
    "address_id": ("adresid", "adres_id", "objectid", "object_id", "id"),
    "street_id": ("straatnaamid", "straatnmid", "straatnaam_id", "straatnaamobjectid"),
    "street_nl": ("straatnaam", "straatnm"),
    "house_number": ("huisnummer", "huisnr"),
    "box_number": ("busnummer", "busnr", "apptnr"),
    "postcode": ("postcode", "postinfo", "postinfoid"),
    "municipality_nl": ("gemeentenaam", "gemeente"),
    "nis": ("niscode", "nis", "gemeenteid", "nis_code"),
    "status": ("status", "adresstatus"),
    "x": ("x", "x_lambert", "positie_x", "xcoord"),
    "y": ("y", "y_lambert", "positie_y", "ycoord"),
}
"""Adressenregister field → accepted column names (compared lower case, without spaces)."""

CURRENT_STATUSES: frozenset[str] = frozenset({"current", "ingebruik", "in gebruik", "en usage"})
"""Status values (lower case) of addresses in use."""

ADDRESS_COLUMNS: tuple[str, ...] = (
    "address_id",
    "street_id",
    "street_nl",
    "street_fr",
    "street_de",
    "house_number",
    "box_number",
    "number",
    "suffix",
    "box",
    "postcode",
    "postname_nl",
    "postname_fr",
    "nis",
    "municipality_nl",
    "municipality_fr",
    "status",
    "current",
    "register",
    "deelgemeente",
    "geometry",
)
"""Columns of the stored gazetteer addresses (layer ``gazetteer_addresses``, EPSG:31370)."""

STREET_COLUMNS: tuple[str, ...] = (
    "street_id",
    "street_nl",
    "street_fr",
    "street_de",
    "nis",
    "municipality_nl",
    "postcodes",
    "deelgemeenten",
    "addresses",
    "current",
    "geometry",
)
"""Columns of the stored street table (layer ``gazetteer_streets``): one row per street, its
point the address nearest to the mean of its addresses (so it lies on the street)."""

_TEXT_ADDRESS_COLUMNS = [c for c in ADDRESS_COLUMNS if c not in ("number", "current", "geometry")]


def _last_segment(values: pd.Series) -> pd.Series:
    """Identifiers may come as URIs (``https://…/adres/123``): keep the last path segment."""
    text = as_text(values)
    return text.str.replace(r"^.*/", "", regex=True).astype("str")


def _finish(frame: pd.DataFrame, x: pd.Series, y: pd.Series, crs: str) -> gpd.GeoDataFrame:
    """Parse numbers, set ``current`` and the geometry (projected to EPSG:31370)."""
    parsed = parse_house_numbers(frame["house_number"], frame["box_number"])
    frame["number"] = parsed["number"]
    frame["suffix"] = parsed["suffix"]
    frame["box"] = parsed["box"]
    frame["current"] = frame["status"].str.lower().isin(CURRENT_STATUSES)
    located = x.notna() & y.notna()
    points = gpd.GeoSeries(
        gpd.points_from_xy(x[located], y[located]), index=x.index[located], crs=crs
    )
    if crs != CRS:
        points = points.to_crs(CRS)
    frame = frame[located.to_numpy()]
    for column in _TEXT_ADDRESS_COLUMNS:
        frame[column] = as_text(frame[column]) if column in frame else ""
    out = gpd.GeoDataFrame(frame, geometry=points, crs=CRS)
    return out[list(ADDRESS_COLUMNS)].reset_index(drop=True)


def best_addresses(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Turn BeST-Address ``openaddress`` rows into gazetteer addresses.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows as read from the CSV (text columns of :data:`BEST_COLUMNS`; one pair of
        coordinate columns is enough).

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`ADDRESS_COLUMNS`, EPSG:31370; rows without coordinates are left out.

    Raises
    ------
    ValidationError
        When columns other than coordinates are missing, or no coordinate pair is present.
    """
    needed = [c for c in BEST_COLUMNS if not c.startswith("EPSG:")]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValidationError(
            f"the BeST-Address file lacks the columns {missing}; expected {list(BEST_COLUMNS)}"
        )
    pair = next(
        (
            (xc, yc, crs)
            for xc, yc, crs in BEST_COORDINATES
            if xc in table.columns and yc in table.columns
        ),
        None,
    )
    if pair is None:
        raise ValidationError(
            "the BeST-Address file has no coordinate columns; expected one of "
            f"{[p[:2] for p in BEST_COORDINATES]}"
        )
    x_col, y_col, crs = pair
    x, y = parse_numbers(table[x_col]), parse_numbers(table[y_col])
    frame = pd.DataFrame(
        {
            "address_id": _last_segment(table["address_id"]),
            "street_id": _last_segment(table["street_id"]),
            "street_nl": as_text(table["streetname_nl"]),
            "street_fr": as_text(table["streetname_fr"]),
            "street_de": as_text(table["streetname_de"]),
            "house_number": as_text(table["house_number"]),
            "box_number": as_text(table["box_number"]),
            "postcode": as_text(table["postcode"]),
            "postname_nl": as_text(table["postname_nl"]),
            "postname_fr": as_text(table["postname_fr"]),
            "nis": _last_segment(table["municipality_id"]),
            "municipality_nl": as_text(table["municipality_name_nl"]),
            "municipality_fr": as_text(table["municipality_name_fr"]),
            "status": as_text(table["status"]),
            "register": "best",
            "deelgemeente": "",
        },
        index=table.index,
    )
    # a street without a Dutch name (Brussels, Wallonia) is matched on its other names
    return _finish(frame, x, y, crs)


def _alias_columns(columns: list[str]) -> dict[str, str]:
    keys = {str(c).lower().replace(" ", "").replace("_", ""): str(c) for c in columns}
    found: dict[str, str] = {}
    for target, aliases in ADRESSENREGISTER_ALIASES.items():
        for alias in aliases:
            key = alias.replace("_", "")
            if key in keys:
                found[target] = keys[key]
                break
    return found


def adressenregister_addresses(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Turn an Adressenregister extract (CSV rows or GeoPackage features) into addresses.

    Parameters
    ----------
    table : pandas.DataFrame or geopandas.GeoDataFrame
        Columns as in :data:`ADRESSENREGISTER_ALIASES` (any case); position from ``x``/``y``
        or, for a GeoDataFrame with a CRS, from its point geometry.

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`ADDRESS_COLUMNS`, EPSG:31370.

    Raises
    ------
    ValidationError
        Naming the missing fields and the accepted column names.
    """
    found = _alias_columns(list(table.columns))
    has_geometry = isinstance(table, gpd.GeoDataFrame) and table.crs is not None
    required = ["address_id", "street_nl", "house_number"]
    if not has_geometry:
        required += ["x", "y"]
    missing = [f for f in required if f not in found]
    if missing:
        accepted = {f: ADRESSENREGISTER_ALIASES[f] for f in missing}
        raise ValidationError(
            f"the Adressenregister extract lacks {missing}; accepted column names: {accepted}; "
            f"columns found: {[str(c) for c in table.columns]}"
        )

    def column(name: str) -> pd.Series:
        if name in found:
            return as_text(table[found[name]])
        return pd.Series("", index=table.index, dtype="str")

    nis = _last_segment(column("nis"))
    street = column("street_nl")
    street_id = _last_segment(column("street_id"))
    # without a street id, the street is its name within its municipality
    street_id = street_id.mask(street_id.eq(""), "name:" + nis + ":" + street.str.lower())
    status = column("status")
    status = status.mask(status.eq(""), "inGebruik")
    frame = pd.DataFrame(
        {
            "address_id": _last_segment(column("address_id")),
            "street_id": street_id.astype("str"),
            "street_nl": street,
            "street_fr": "",
            "street_de": "",
            "house_number": column("house_number"),
            "box_number": column("box_number"),
            "postcode": column("postcode").str.replace(r"\.0$", "", regex=True),
            "postname_nl": "",
            "postname_fr": "",
            "nis": nis,
            "municipality_nl": column("municipality_nl"),
            "municipality_fr": "",
            "status": status.astype("str"),
            "register": "adressenregister",
            "deelgemeente": "",
        },
        index=table.index,
    )
    if has_geometry and not ("x" in found and "y" in found):
        geometry = table.geometry.to_crs(CRS)
        points = geometry.where(geometry.geom_type == "Point")
        x = pd.Series(shapely.get_x(points.to_numpy()), index=table.index)
        y = pd.Series(shapely.get_y(points.to_numpy()), index=table.index)
        return _finish(frame, x, y, CRS)
    x, y = parse_numbers(table[found["x"]]), parse_numbers(table[found["y"]])
    crs = "EPSG:3812" if bool((x.dropna() > 400_000).all() and x.notna().any()) else CRS
    return _finish(frame, x, y, crs)


def clip_to_areas(
    addresses: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, *, buffer_m: float = 500.0
) -> gpd.GeoDataFrame:
    """Keep the addresses within ``buffer_m`` metres of the areas (a zone's polygon).

    Parameters
    ----------
    addresses : geopandas.GeoDataFrame
        Gazetteer addresses, EPSG:31370.
    areas : geopandas.GeoDataFrame
        Polygons, EPSG:31370 (e.g. the workspace's police zones).
    buffer_m : float, default 500
        Margin around the areas, in metres.

    Returns
    -------
    geopandas.GeoDataFrame
        The addresses inside, index reset.
    """
    if buffer_m < 0:
        raise ValidationError(f"buffer_m={buffer_m} must be 0 or more metres")
    region = shapely.union_all(areas.geometry.to_numpy()).buffer(buffer_m)
    shapely.prepare(region)
    inside = shapely.contains_xy(
        region,
        shapely.get_x(addresses.geometry.to_numpy()),
        shapely.get_y(addresses.geometry.to_numpy()),
    )
    return addresses[inside].reset_index(drop=True)


def with_deelgemeenten(
    addresses: gpd.GeoDataFrame, deelgemeenten: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Fill ``deelgemeente`` with the code of the deelgemeente holding each address point."""
    from gis.areas import area_code_at

    codes = area_code_at(addresses.geometry, deelgemeenten)
    return addresses.assign(deelgemeente=codes.fillna("").astype("str"))


def build_streets(addresses: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Summarise the addresses per street: names, municipality, postcodes, a point on it.

    Parameters
    ----------
    addresses : geopandas.GeoDataFrame
        Gazetteer addresses (:data:`ADDRESS_COLUMNS`).

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`STREET_COLUMNS`, one row per ``street_id``; the point is the address nearest
        to the mean of the street's current addresses (all addresses when none is current).
    """
    if addresses.empty:
        frame = pd.DataFrame({c: pd.Series(dtype="str") for c in STREET_COLUMNS[:-1]})
        frame = frame.astype({"addresses": "int64", "current": bool})
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)
    frame = pd.DataFrame(
        {
            "street_id": addresses["street_id"].to_numpy(),
            "x": shapely.get_x(addresses.geometry.to_numpy()),
            "y": shapely.get_y(addresses.geometry.to_numpy()),
            "current": addresses["current"].to_numpy(),
        }
    )
    # prefer current addresses for the point: weight 1 for current, ~0 otherwise
    weight = np.where(frame["current"], 1.0, 1e-6)
    frame["wx"], frame["wy"], frame["w"] = frame["x"] * weight, frame["y"] * weight, weight
    sums = frame.groupby("street_id")[["wx", "wy", "w"]].transform("sum")
    mean_x, mean_y = sums["wx"] / sums["w"], sums["wy"] / sums["w"]
    frame["d"] = (frame["x"] - mean_x) ** 2 + (frame["y"] - mean_y) ** 2
    nearest = frame.sort_values(["street_id", "d"], kind="stable").drop_duplicates("street_id")
    nearest = nearest.set_index("street_id")

    def joined(column: str) -> pd.Series:
        values = addresses[["street_id", column]].drop_duplicates()
        values = values[values[column].ne("")].sort_values(column)
        return values.groupby("street_id")[column].agg(",".join)

    first = (
        addresses.sort_values("current", ascending=False, kind="stable")
        .drop_duplicates("street_id")
        .set_index("street_id")
    )
    ids = first.index
    streets = pd.DataFrame(
        {
            "street_id": ids,
            "street_nl": first["street_nl"].to_numpy(),
            "street_fr": first["street_fr"].to_numpy(),
            "street_de": first["street_de"].to_numpy(),
            "nis": first["nis"].to_numpy(),
            "municipality_nl": first["municipality_nl"].to_numpy(),
            "postcodes": joined("postcode").reindex(ids).fillna("").to_numpy(),
            "deelgemeenten": joined("deelgemeente").reindex(ids).fillna("").to_numpy(),
            "addresses": addresses.groupby("street_id").size().reindex(ids).to_numpy(),
            "current": addresses.groupby("street_id")["current"].any().reindex(ids).to_numpy(),
        }
    )
    streets = streets.astype({c: "str" for c in STREET_COLUMNS[:8]})
    points = gpd.points_from_xy(nearest.loc[ids, "x"], nearest.loc[ids, "y"])
    return gpd.GeoDataFrame(streets, geometry=points, crs=CRS)[list(STREET_COLUMNS)]
