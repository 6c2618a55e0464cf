"""Reading a zone's own wijk polygons from a file: GeoJSON, GeoPackage or zipped Shapefile.

File access only: the result is handed to ``gis.topology`` (column mapping, repair, gaps and
overlaps).
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pyogrio
import pyproj
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from gis.errors import ValidationError
from gis.schema import CRS

WIJK_FILE_SUFFIXES: dict[str, str] = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GeoPackage",
    ".zip": "zipped Shapefile",
}
"""File extensions :func:`read_wijk_file` accepts, and the format each stands for."""

_POLYGON_TYPES = frozenset({"Polygon", "MultiPolygon", "CurvePolygon", "MultiSurface"})
_GENERIC_TYPES = frozenset({"Unknown", "Geometry", "GeometryCollection"})
_SHAPEFILE_PARTS = (".shx", ".dbf")


def read_wijk_file(
    path: str | Path,
    *,
    layer: str | None = None,
    crs: str | int | pyproj.CRS | None = None,
) -> gpd.GeoDataFrame:
    """Read a zone's wijk polygons from a file and return them in EPSG:31370.

    Parameters
    ----------
    path : str or pathlib.Path
        A GeoJSON (``.geojson``, ``.json``), GeoPackage (``.gpkg``) or zipped Shapefile
        (``.zip`` holding ``.shp``, ``.shx``, ``.dbf`` and preferably ``.prj``, possibly in a
        folder).
    layer : str, optional
        The GeoPackage layer, or the Shapefile in the zip (its name with or without ``.shp``).
        When not given, the one polygon layer is read; a GeoPackage whose layers declare no
        polygon type falls back to its one layer of unspecified geometry type.
    crs : str, int or pyproj.CRS, optional
        The CRS of the coordinates in the file, overriding what the file declares. Needed for
        a Shapefile without ``.prj``, or a GeoJSON in Lambert 72 without a ``crs`` member
        (which GDAL reads as WGS84).

    Returns
    -------
    geopandas.GeoDataFrame
        The file's columns as they are (map them with ``gis.topology.normalise_wijk_columns``)
        and ``geometry`` in EPSG:31370; a fresh RangeIndex.

    Raises
    ------
    ValidationError
        If the extension is not one of :data:`WIJK_FILE_SUFFIXES`, the file is missing or
        unreadable, the layer is unknown or ambiguous (the message lists the layers), the file
        has no CRS and none is given, or its coordinates do not fit its CRS.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WIJK_FILE_SUFFIXES:
        allowed = ", ".join(f"{s} ({f})" for s, f in WIJK_FILE_SUFFIXES.items())
        raise ValidationError(
            f"wijk file {path.name!r} has the extension {suffix or '(none)'!r}; allowed: {allowed}"
        )
    if not path.is_file():
        raise ValidationError(f"wijk file {str(path)!r} does not exist")
    if suffix == ".zip":
        source, layer_name = _shapefile_in_zip(path, layer), None
    elif suffix == ".gpkg":
        source, layer_name = str(path), _geopackage_layer(path, layer)
    else:
        if layer is not None:
            raise ValidationError(
                f"layer={layer!r} applies to GeoPackage and zipped Shapefile only; "
                f"{path.name!r} is a GeoJSON file with a single layer"
            )
        source, layer_name = str(path), None

    try:
        frame = pyogrio.read_dataframe(source, layer=layer_name)
    except (DataSourceError, DataLayerError) as exc:
        raise ValidationError(f"cannot read wijk file {path.name!r}: {exc}") from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        raise ValidationError(f"wijk file {path.name!r} (layer {layer_name!r}) has no geometry")

    if crs is not None:
        try:
            frame = frame.set_crs(crs, allow_override=True)
        except pyproj.exceptions.CRSError as exc:
            raise ValidationError(f"crs={crs!r} is not a known CRS: {exc}") from exc
    if frame.crs is None:
        raise ValidationError(
            f"wijk file {path.name!r} declares no CRS (a Shapefile without its .prj?); "
            "give the CRS of its coordinates with the crs option, e.g. crs='EPSG:31370' "
            "for Belgian Lambert 72, or add the .prj file"
        )
    _check_degrees(frame, path.name)
    if not frame.crs.equals(CRS):
        frame = frame.to_crs(CRS)
    if not np.isfinite(shapely.get_coordinates(frame.geometry.array)).all():
        raise ValidationError(
            f"wijk file {path.name!r}: coordinates cannot be projected from {frame.crs} to {CRS}"
        )
    return frame.reset_index(drop=True)


def _geopackage_layer(path: Path, layer: str | None) -> str:
    """Return the layer of the GeoPackage to read."""
    try:
        layers = pyogrio.list_layers(path)
    except (DataSourceError, DataLayerError) as exc:
        raise ValidationError(f"cannot read wijk file {path.name!r}: {exc}") from exc
    listing = ", ".join(f"{name} ({kind or 'no geometry'})" for name, kind in layers) or "(none)"
    if layer is not None:
        if layer not in layers[:, 0]:
            raise ValidationError(f"layer={layer!r} is not in {path.name!r}; its layers: {listing}")
        return layer
    base = [str(kind).split()[0] if kind else None for kind in layers[:, 1]]
    candidates = [n for n, b in zip(layers[:, 0], base, strict=True) if b in _POLYGON_TYPES]
    if not candidates:
        candidates = [n for n, b in zip(layers[:, 0], base, strict=True) if b in _GENERIC_TYPES]
    if len(candidates) == 1:
        return str(candidates[0])
    if not candidates:
        raise ValidationError(f"{path.name!r} has no polygon layer; its layers: {listing}")
    raise ValidationError(
        f"{path.name!r} has several polygon layers ({', '.join(map(str, candidates))}); "
        f"choose one with the layer option; its layers: {listing}"
    )


def _shapefile_in_zip(path: Path, layer: str | None) -> str:
    """Return the GDAL ``/vsizip/`` path of the Shapefile to read from the zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                m
                for m in archive.namelist()
                if not m.endswith("/")
                and not m.startswith("__MACOSX/")
                and not PurePosixPath(m).name.startswith("._")
            ]
    except zipfile.BadZipFile as exc:
        raise ValidationError(f"wijk file {path.name!r} is not a valid zip file: {exc}") from exc
    shapefiles = [m for m in members if m.lower().endswith(".shp")]
    names = ", ".join(shapefiles) or "(none)"
    if layer is not None:
        wanted = layer.lower().removesuffix(".shp")
        chosen = [
            m
            for m in shapefiles
            if wanted in (PurePosixPath(m).stem.lower(), m.lower().removesuffix(".shp"))
        ]
        if len(chosen) != 1:
            raise ValidationError(
                f"layer={layer!r} is not {'a unique' if chosen else 'a'} Shapefile in "
                f"{path.name!r}; Shapefiles in it: {names}"
            )
    elif len(shapefiles) == 1:
        chosen = shapefiles
    elif not shapefiles:
        raise ValidationError(
            f"{path.name!r} holds no Shapefile (.shp); it holds: {', '.join(members) or '(none)'}"
        )
    else:
        raise ValidationError(
            f"{path.name!r} holds several Shapefiles ({names}); choose one with the layer option"
        )
    member = chosen[0]
    stem = member[: -len(".shp")].lower()
    lowered = {m.lower() for m in members}
    missing = [s for s in _SHAPEFILE_PARTS if stem + s not in lowered]
    if missing:
        raise ValidationError(
            f"{path.name!r} holds {member} without {' and '.join(member[:-4] + s for s in missing)}"
            "; a Shapefile needs its .shp, .shx and .dbf (and .prj for the CRS) in the zip"
        )
    return f"/vsizip/{path.resolve().as_posix()}/{member}"


def _check_degrees(frame: gpd.GeoDataFrame, name: str) -> None:
    """Raise if a frame in a geographic CRS holds coordinates that cannot be degrees."""
    if not frame.crs.is_geographic or frame.empty:
        return
    xmin, ymin, xmax, ymax = frame.total_bounds
    if np.isnan([xmin, ymin, xmax, ymax]).any():
        return
    if xmin < -180 or xmax > 180 or ymin < -90 or ymax > 90:
        raise ValidationError(
            f"wijk file {name!r} is read as {frame.crs.name} ({frame.crs.to_string()}), in "
            f"degrees, but holds coordinates up to ({xmax:.0f}, {ymax:.0f}); a GeoJSON without "
            "a 'crs' member counts as WGS84. Give the CRS of its coordinates with the crs "
            "option, e.g. crs='EPSG:31370' for Belgian Lambert 72"
        )
