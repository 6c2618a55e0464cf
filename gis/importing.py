"""Turn a raw police export (any columns, any spelling) into canonical incidents.

Nothing is lost: every input row ends up either in the returned incidents or in the reject
report, and ``read == stored + rejected + duplicates`` always holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.areas import assign_areas
from gis.errors import ValidationError
from gis.i18n import message
from gis.parsing import (
    BELGIAN_CRS_BOUNDS,
    as_text,
    detect_belgian_crs,
    in_belgium,
    normalise_postcodes,
    parse_datetimes,
    parse_numbers,
    split_time_spans,
)
from gis.schema import CRS, INCIDENT_COLUMNS, SOURCES, GeocodeStatus, validate_incidents

INPUT_FIELDS: tuple[str, ...] = (
    "id",
    "source",
    "category",
    "start",
    "end",
    "x",
    "y",
    "lat",
    "lon",
    "street",
    "number",
    "box",
    "postcode",
    "municipality",
    "description",
)
"""Canonical input columns the importer understands (English names)."""

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "pv", "pv_nummer", "pvnummer", "pv_nr", "pvnr", "nummer_pv", "dossiernummer",
           "record", "record_id", "melding_id", "numero_pv", "no_pv", "referentie"),
    "source": ("source", "bron", "type_bron", "herkomst", "soort"),
    "category": ("category", "categorie", "feit", "feiten", "kwalificatie", "omschrijving_feit",
                 "fait", "qualification", "type"),
    "start": ("start", "begin", "van", "datum", "datum_feit", "begindatum", "datum_van",
              "start_datum", "datetime", "date", "debut"),
    "end": ("end", "einde", "tot", "einddatum", "datum_tot", "fin"),
    "x": ("x", "x_lambert", "lambert_x", "coord_x", "x_coord", "x_coordinaat"),
    "y": ("y", "y_lambert", "lambert_y", "coord_y", "y_coord", "y_coordinaat"),
    "lat": ("lat", "latitude", "breedtegraad"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad"),
    "street": ("street", "straat", "straatnaam", "rue", "adres"),
    "number": ("number", "huisnummer", "nummer", "nr", "huisnr", "numero"),
    "box": ("box", "bus", "busnummer", "boite", "bte"),
    "postcode": ("postcode", "postnummer", "code_postal", "zip", "pc"),
    "municipality": ("municipality", "gemeente", "deelgemeente", "stad", "commune",
                     "woonplaats", "plaats"),
    "description": ("description", "omschrijving", "beschrijving", "vaststellingen", "tekst",
                    "opmerking", "opmerkingen", "toelichting", "remarque"),
}  # fmt: skip
"""Header spellings recognised for each input field (after :func:`header_key`)."""

SOURCE_ALIASES: dict[str, str] = {
    "proces-verbaal": "pv",
    "proces verbaal": "pv",
    "pro justitia": "pv",
    "pj": "pv",
    "meldingen": "melding",
    "klachten": "klacht",
    "interventies": "interventie",
    "gas-boete": "gas",
    "gas boete": "gas",
    "sanction administrative": "gas",
}

EARLIEST = pd.Timestamp("1990-01-01")


def header_key(header: str) -> str:
    """Normalise a column header for matching: lower case, no accents, ``_`` separators.

    Parameters
    ----------
    header : str

    Returns
    -------
    str
        E.g. ``"PV-Nummer "`` → ``"pv_nummer"``, ``"Début"`` → ``"debut"``.
    """
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


@dataclass(frozen=True)
class ColumnMapping:
    """How the columns of one file map to the importer's input fields.

    Attributes
    ----------
    columns : dict
        Input field → header in the file.
    ignored : list of str
        Headers that match no field.
    """

    columns: dict[str, str]
    ignored: list[str] = field(default_factory=list)


def map_columns(headers: list[str], *, explicit: Mapping[str, str] | None = None) -> ColumnMapping:
    """Match a file's headers to the input fields.

    Parameters
    ----------
    headers : list of str
        Column headers as read.
    explicit : mapping, optional
        Input field → header, from a mapping file; wins over the aliases.

    Returns
    -------
    ColumnMapping

    Raises
    ------
    ValidationError
        When an explicit field or header is unknown, two headers claim the same field, or the
        required fields (id, category, start, and a location) are missing.
    """
    explicit = dict(explicit or {})
    unknown_fields = sorted(set(explicit) - set(INPUT_FIELDS))
    if unknown_fields:
        raise ValidationError(
            f"mapping names unknown fields {unknown_fields}; allowed: {', '.join(INPUT_FIELDS)}"
        )
    absent = sorted(h for h in explicit.values() if h not in headers)
    if absent:
        raise ValidationError(f"mapping names headers {absent} that the file lacks: {headers}")
    columns = dict(explicit)
    taken = set(explicit.values())
    alias_to_field = {alias: f for f, aliases in COLUMN_ALIASES.items() for alias in aliases}
    for header in headers:
        if header in taken:
            continue
        target = alias_to_field.get(header_key(header))
        if target is None or target in explicit:
            continue
        if target in columns:
            raise ValidationError(
                f"columns {columns[target]!r} and {header!r} both map to field {target!r}; "
                "name the one to use in a mapping file"
            )
        columns[target] = header
        taken.add(header)
    missing = [f for f in ("id", "category", "start") if f not in columns]
    location_fields = ("x", "lat", "street", "postcode", "municipality")
    if not any(f in columns for f in location_fields):
        missing.append("x/y, lat/lon or an address")
    if missing:
        raise ValidationError(
            f"the file lacks the required fields {missing}; headers found: {headers}. "
            "Rename the columns or give a mapping file (--mapping)."
        )
    return ColumnMapping(columns=columns, ignored=[h for h in headers if h not in taken])


@dataclass
class ImportResult:
    """What :func:`prepare_incidents` made of a table.

    Attributes
    ----------
    incidents : geopandas.GeoDataFrame
        Canonical incidents to store.
    rejects : pandas.DataFrame
        One line per problem: ``row``, ``field``, ``value``, ``reason``, ``kind``
        (``rejected`` or ``duplicate``). A row may have several lines.
    read, stored, rejected, duplicates : int
        Row counts; ``read == stored + rejected + duplicates``.
    crs : str or None
        CRS of the source coordinates (declared or detected).
    warnings : list of str
        Sentences for the user.
    """

    incidents: gpd.GeoDataFrame
    rejects: pd.DataFrame
    read: int
    stored: int
    rejected: int
    duplicates: int
    crs: str | None
    warnings: list[str]


class _Rejects:
    """Collects reject lines, vectorised per rule."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.parts: list[pd.DataFrame] = []

    def add(
        self,
        mask: pd.Series,
        field_name: str,
        values: pd.Series,
        key: str,
        *,
        kind: str = "rejected",
        **extra: object,
    ) -> None:
        if not mask.any():
            return
        shown = as_text(values[mask])
        reasons = [message(key, self.lang, value=v, **extra) for v in shown]
        self.parts.append(
            pd.DataFrame(
                {
                    "row": mask.index[mask.to_numpy()],
                    "field": field_name,
                    "value": shown.to_numpy(),
                    "reason": reasons,
                    "kind": kind,
                }
            )
        )

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(
                {
                    "row": pd.Series(dtype="int64"),
                    "field": pd.Series(dtype="str"),
                    "value": pd.Series(dtype="str"),
                    "reason": pd.Series(dtype="str"),
                    "kind": pd.Series(dtype="str"),
                }
            )
        return pd.concat(self.parts, ignore_index=True).sort_values(["row", "field"])


def _check_crs(crs: str | None) -> str | None:
    if crs is None:
        return None
    normal = crs.strip().upper().replace("EPSG_", "EPSG:")
    if normal.isdigit():
        normal = f"EPSG:{normal}"
    if normal not in BELGIAN_CRS_BOUNDS:
        raise ValidationError(
            f"crs={crs!r} is not supported; allowed: {', '.join(BELGIAN_CRS_BOUNDS)}"
        )
    return normal


def prepare_incidents(
    table: pd.DataFrame,
    *,
    municipalities: gpd.GeoDataFrame,
    deelgemeenten: gpd.GeoDataFrame,
    wijken: gpd.GeoDataFrame,
    crs: str | None = None,
    mapping: Mapping[str, str] | None = None,
    default_source: str = "pv",
    category_map: Mapping[str, str] | None = None,
    existing_keys: pd.DataFrame | None = None,
    import_id: str = "",
    synthetic: bool = False,
    malformed: pd.DataFrame | None = None,
    now: pd.Timestamp | None = None,
    lang: str = "nl",
) -> ImportResult:
    """Validate and convert a raw incident table into canonical incidents.

    Parameters
    ----------
    table : pandas.DataFrame
        Raw rows, indexed by their row number in the file (header = row 1). Column names as
        in the file.
    municipalities, deelgemeenten, wijken : geopandas.GeoDataFrame
        The zone's areas (EPSG:31370), for assignment and the in-zone flag.
    crs : str, optional
        CRS of x/y: EPSG:31370, EPSG:3812 or EPSG:4326. Detected from value ranges when
        omitted (with a warning); lat/lon columns are always EPSG:4326.
    mapping : mapping, optional
        Input field → header, for headers the aliases do not know.
    default_source : str, default "pv"
        Source of rows whose file has no source column or leaves it empty.
    category_map : mapping, optional
        Recoding of category text (e.g. ISLP qualification → wijkradar category).
    existing_keys : pandas.DataFrame, optional
        Columns ``source`` and ``id`` already stored; matching rows count as duplicates.
    import_id : str
        Identifier of this import, stored with each incident.
    synthetic : bool, default False
        Mark the rows as synthetic (demo data).
    malformed : pandas.DataFrame, optional
        Rows the reader could not split (``row``, ``fields``, ``expected``): counted as read
        and rejected.
    now : pandas.Timestamp, optional
        Latest plausible date (default: today + 1 day).
    lang : {"nl", "fr"}
        Language of reasons and warnings.

    Returns
    -------
    ImportResult

    Raises
    ------
    ValidationError
        For problems of the whole file (missing required columns, unsupported CRS).
    """
    crs = _check_crs(crs)
    if default_source not in SOURCES:
        raise ValidationError(
            f"default_source={default_source!r} is not allowed; allowed: {', '.join(SOURCES)}"
        )
    headers = [str(c) for c in table.columns]
    cols = map_columns(headers, explicit=mapping)
    warnings: list[str] = []
    if cols.ignored:
        warnings.append(message("import.ignored_columns", lang, columns=", ".join(cols.ignored)))
    raw = pd.DataFrame(index=table.index)
    for name in INPUT_FIELDS:
        raw[name] = table[cols.columns[name]] if name in cols.columns else ""
    rejects = _Rejects(lang)
    bad = pd.Series(False, index=raw.index)

    text = {
        name: as_text(raw[name])
        for name in ("id", "category", "street", "number", "box", "municipality", "description")
    }
    for name in ("id", "category"):
        empty = text[name].eq("")
        rejects.add(empty, name, raw[name], "reject.empty")
        bad |= empty
    if category_map:
        text["category"] = text["category"].replace(dict(category_map)).astype("str")

    source = as_text(raw["source"]).str.lower().replace(SOURCE_ALIASES)
    source = source.mask(source.eq(""), default_source).astype("str")
    wrong_source = ~source.isin(SOURCES)
    rejects.add(
        wrong_source, "source", raw["source"], "reject.bad_source", allowed=", ".join(SOURCES)
    )
    bad |= wrong_source

    start_text, end_text = split_time_spans(raw["start"], raw["end"])
    start = parse_datetimes(start_text)
    end = parse_datetimes(end_text)
    latest = (now or pd.Timestamp.now()).normalize() + pd.Timedelta(days=1)
    empty_start = start_text.eq("")
    rejects.add(empty_start, "start", raw["start"], "reject.empty")
    for name, parsed, given in (("start", start, start_text), ("end", end, end_text)):
        unreadable = given.ne("") & parsed.isna()
        rejects.add(unreadable, name, given, "reject.bad_date")
        implausible = parsed.notna() & ((parsed < EARLIEST) | (parsed > latest))
        rejects.add(
            implausible,
            name,
            given,
            "reject.implausible_date",
            low=EARLIEST.strftime("%d/%m/%Y"),
            high=latest.strftime("%d/%m/%Y"),
        )
        bad |= unreadable | implausible
    bad |= empty_start
    backwards = start.notna() & end.notna() & (end < start)
    rejects.add(backwards, "end", end_text, "reject.end_before_start")
    bad |= backwards

    postcode, wrong_postcode = normalise_postcodes(raw["postcode"])
    rejects.add(wrong_postcode, "postcode", raw["postcode"], "reject.bad_postcode")
    bad |= wrong_postcode

    x, y, source_crs, coordinate_bad = _coordinates(raw, crs, rejects, warnings, lang)
    bad |= coordinate_bad
    located = x.notna() & y.notna()
    has_address = text["street"].ne("") | postcode.ne("") | text["municipality"].ne("")
    nowhere = ~located & ~has_address & ~coordinate_bad
    rejects.add(nowhere, "x", raw["x"], "reject.no_location")
    bad |= nowhere

    keys = pd.DataFrame({"source": source, "id": text["id"]})
    good = ~bad
    good_keys = keys[good]
    rows = pd.Series(good_keys.index, index=good_keys.index)
    first_of = rows.groupby([good_keys["source"], good_keys["id"]]).transform("min")
    dup_in_file = pd.Series(False, index=raw.index)
    dup_in_file[good] = first_of.to_numpy() != first_of.index.to_numpy()
    rejects.add(
        dup_in_file,
        "id",
        first_of.reindex(raw.index).fillna(0).astype("int64"),
        "reject.duplicate_in_file",
        kind="duplicate",
    )
    dup_in_ws = pd.Series(False, index=raw.index)
    if existing_keys is not None and len(existing_keys):
        known = pd.MultiIndex.from_frame(existing_keys[["source", "id"]].astype("str"))
        dup_in_ws = (
            pd.Series(pd.MultiIndex.from_frame(keys).isin(known), index=raw.index)
            & good
            & ~dup_in_file
        )
        rejects.add(dup_in_ws, "id", text["id"], "reject.duplicate_in_workspace", kind="duplicate")

    keep = good & ~dup_in_file & ~dup_in_ws
    points = gpd.GeoSeries(
        gpd.points_from_xy(x[keep], y[keep]), index=raw.index[keep], crs=source_crs or CRS
    )
    points = points.where(located[keep].to_numpy(), None)
    if source_crs and source_crs != CRS:
        points = points.to_crs(CRS)
    areas = assign_areas(
        points, municipalities=municipalities, deelgemeenten=deelgemeenten, wijken=wijken
    )
    status = np.where(
        located[keep].to_numpy(), GeocodeStatus.SOURCE.value, GeocodeStatus.TO_GEOCODE.value
    )
    incidents = gpd.GeoDataFrame(
        {
            "id": text["id"][keep],
            "source": source[keep],
            "category": text["category"][keep],
            "start": start[keep],
            "end": end[keep],
            "street": text["street"][keep],
            "number": text["number"][keep],
            "box": text["box"][keep],
            "postcode": postcode[keep],
            "municipality": text["municipality"][keep],
            "description": text["description"][keep],
            "geocode_status": pd.Series(status, index=points.index, dtype="str"),
            "in_zone": areas["in_zone"] | ~located[keep],
            "nis": areas["nis"],
            "deelgemeente": areas["deelgemeente"],
            "wijk": areas["wijk"],
            "synthetic": synthetic,
            "import_id": import_id,
            "source_row": raw.index[keep].astype("int64"),
        },
        geometry=points,
        crs=CRS,
    )
    incidents = validate_incidents(incidents[list(INCIDENT_COLUMNS)])
    outside = int((located[keep] & ~areas["in_zone"]).sum())
    if outside:
        warnings.append(message("import.outside_zone", lang, count=outside))
    to_geocode = int((~located[keep]).sum())
    if to_geocode:
        warnings.append(message("import.to_geocode", lang, count=to_geocode))
    rejected = int(bad.sum())
    if malformed is not None and len(malformed):
        shape = pd.Series(malformed["fields"].to_numpy(), index=malformed["row"].to_numpy())
        expected = int(malformed["expected"].iloc[0])
        rejects.add(
            pd.Series(True, index=shape.index), "*", shape, "reject.bad_row", expected=expected
        )
        rejected += len(malformed)
    report = rejects.frame()
    duplicates = int(dup_in_file.sum() + dup_in_ws.sum())
    return ImportResult(
        incidents=incidents.reset_index(drop=True),
        rejects=report,
        read=len(raw) + (0 if malformed is None else len(malformed)),
        stored=len(incidents),
        rejected=rejected,
        duplicates=duplicates,
        crs=source_crs,
        warnings=warnings,
    )


def _coordinates(
    raw: pd.DataFrame,
    crs: str | None,
    rejects: _Rejects,
    warnings: list[str],
    lang: str,
) -> tuple[pd.Series, pd.Series, str | None, pd.Series]:
    """Parse x/y (or lat/lon), decide the CRS and reject unusable pairs."""
    bad = pd.Series(False, index=raw.index)
    use_latlon = nonblank(raw["lat"]).any() or nonblank(raw["lon"]).any()
    x_field, y_field = ("lon", "lat") if use_latlon else ("x", "y")
    x, y = parse_numbers(raw[x_field]), parse_numbers(raw[y_field])
    for name, parsed in ((x_field, x), (y_field, y)):
        unreadable = nonblank(raw[name]) & parsed.isna()
        rejects.add(unreadable, name, raw[name], "reject.bad_number")
        bad |= unreadable
    # 0/0 is how many exports write "unknown": treat as no coordinates
    zero = x.eq(0) & y.eq(0)
    x, y = x.mask(zero), y.mask(zero)
    half = (x.isna() ^ y.isna()) & ~bad
    rejects.add(half, x_field, raw[x_field], "reject.half_coordinate")
    bad |= half
    located = x.notna() & y.notna()
    if use_latlon:
        crs = "EPSG:4326"
    elif crs is None and located.any():
        crs = detect_belgian_crs(x[located], y[located])
        if crs is None:
            raise ValidationError(message("import.crs_unknown", lang))
        warnings.append(message("import.crs_detected", lang, crs=crs))
    if crs is not None:
        outside = located & ~in_belgium(x, y, crs)
        x_out = outside & ~x.between(*BELGIAN_CRS_BOUNDS[crs][0::2])
        rejects.add(x_out, x_field, raw[x_field], "reject.coordinate_out_of_range", crs=crs)
        rejects.add(
            outside & ~x_out, y_field, raw[y_field], "reject.coordinate_out_of_range", crs=crs
        )
        bad |= outside
    return x.where(~bad), y.where(~bad), crs, bad


def nonblank(values: pd.Series) -> pd.Series:
    """Return a boolean Series: True where ``values`` holds non-blank text."""
    return as_text(values).ne("")


def reject_report(rejects: pd.DataFrame, *, lang: str = "nl") -> pd.DataFrame:
    """Return the reject lines with column names and kinds in the user's language.

    Parameters
    ----------
    rejects : pandas.DataFrame
        ``ImportResult.rejects`` (``row, field, value, reason, kind``).
    lang : {"nl", "fr"}

    Returns
    -------
    pandas.DataFrame
        The same lines, e.g. ``rij, veld, waarde, reden, soort`` with ``geweigerd``/``dubbel``
        and the field as people know it (``Begin``, ``Straat``; ``(hele rij)`` for a ragged
        row). ``rejects`` itself keeps the canonical field names.
    """
    kinds = {k: message(f"report.{k}", lang) for k in ("rejected", "duplicate")}
    fields = {f: message(f"table.col.{f}", lang) for f in INPUT_FIELDS}
    fields["*"] = message("table.field.whole_row", lang)
    columns = {c: message(f"report.{c}", lang) for c in ("row", "field", "value", "reason", "kind")}
    return rejects.assign(
        kind=rejects["kind"].map(kinds).fillna(rejects["kind"]),
        field=rejects["field"].map(fields).fillna(rejects["field"]),
    ).rename(columns=columns)[list(columns.values())]
