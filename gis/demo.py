"""Synthetic demo incidents for a police zone: believable structure, labelled synthetic.

No real Belgian incident data is public, so the demo workspace is filled by this generator. The
incidents are made up, but they carry the structure the hotspot, forecast and near-repeat methods
look for, so those methods can be shown and tested on them:

* **Persistent micro-places.** A few dozen hot micro-places (a municipal centre and its shopping
  street, stations, residential clusters, parks and schools, dangerous crossings, dumping spots)
  produce a large share of incidents during the whole period. They sit near the centres of the
  municipalities and near the centres of small (dense) wijken. The rest is a background spread over
  the wijken, denser in small wijken and near centres. Every point lies inside the given wijken.
* **Near-repeat burglary chains.** Every ``woninginbraak`` triggers on average
  0.35 follow-up burglaries within ~200 m and 1-14 days (a self-exciting,
  Hawkes-like branching process), so a Knox test finds space-time clustering.
* **Rhythms.** Each category has an hour-of-day profile for weekdays and for weekends, a weekday
  profile and a mild seasonal swing (burglaries up in the dark months, nuisance up in summer).
* **Time spans.** Burglaries and thefts from vehicles mostly have a window ``start`` < ``end``
  ("between leaving home and coming back"); the offence time lies somewhere inside it.
* **Addresses.** Street names are synthetic but Flemish-plausible, drawn per municipality from a
  common pool and assigned to 250 m cells: they do *not* match the real street at that point.
  House numbers are constant within 25 m cells, so hot micro-places repeat the same address.
  A share of rows has only an address (no x/y), for the geocoder.

The output is a plain :class:`pandas.DataFrame` in the importer's input columns, every row flagged
``synthetic=True``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import ValidationError
from gis.schema import CRS

__all__ = [
    "DEMO_CATEGORIES",
    "DEMO_COLUMNS",
    "DEMO_POSTCODES",
    "DemoCategory",
    "demo_category_table",
    "generate_demo_incidents",
]


@dataclass(frozen=True, slots=True)
class DemoCategory:
    """One incident category of the demo data.

    Attributes
    ----------
    category : str
        Dutch category name as a Belgian zone uses it (``woninginbraak``).
    source : str
        The kind of record it comes from (one of :data:`gis.schema.SOURCES`).
    harm_weight : float
        Suggested relative harm (1 = minor nuisance, 10 = serious harm to persons), loosely
        following the ordering of crime-harm indices; a default for harm-weighted hotspots.
    citizen_reported : bool
        True when incidents mostly reach the police through citizens (a call, a complaint, a
        declaration); False when mostly found by police or municipal officers themselves, so
        their counts follow where officers look.
    share : float
        Share of all demo incidents of this category (the shares sum to 1).
    """

    category: str
    source: str
    harm_weight: float
    citizen_reported: bool
    share: float


DEMO_CATEGORIES: tuple[DemoCategory, ...] = (
    DemoCategory("woninginbraak", "pv", 8.0, True, 0.07),
    DemoCategory("fietsdiefstal", "pv", 3.0, True, 0.06),
    DemoCategory("diefstal uit voertuig", "pv", 4.0, True, 0.06),
    DemoCategory("winkeldiefstal", "pv", 3.0, True, 0.05),
    DemoCategory("vandalisme", "pv", 3.0, True, 0.08),
    DemoCategory("graffiti", "melding", 1.5, True, 0.03),
    DemoCategory("geluidsoverlast", "klacht", 2.0, True, 0.12),
    DemoCategory("jongerenoverlast", "melding", 2.0, True, 0.07),
    DemoCategory("sluikstorten", "gas", 1.5, False, 0.09),
    DemoCategory("wildplassen", "gas", 1.0, False, 0.03),
    DemoCategory("parkeeroverlast", "gas", 1.0, True, 0.08),
    DemoCategory("verkeersongeval", "interventie", 3.0, True, 0.12),
    DemoCategory("verkeersongeval met gewonden", "pv", 9.0, True, 0.03),
    DemoCategory("burenruzie", "interventie", 3.0, True, 0.05),
    DemoCategory("slagen en verwondingen", "pv", 8.0, True, 0.03),
    DemoCategory("drugsoverlast", "pv", 5.0, False, 0.03),
)
"""The categories of the demo data, with their source, suggested harm weight and share."""

DEMO_COLUMNS: tuple[str, ...] = (
    "id",
    "source",
    "category",
    "start",
    "end",
    "x",
    "y",
    "street",
    "number",
    "box",
    "postcode",
    "municipality",
    "description",
    "synthetic",
)
"""Columns of :func:`generate_demo_incidents`' output (the importer's input columns)."""

DEMO_POSTCODES: dict[str, tuple[str, ...]] = {
    "23002": ("1730", "1731"),
    "23052": ("1785",),
    "23060": ("1745",),
    "23102": ("1780",),
    "24038": ("3020",),
    "24055": ("3070", "3071", "3078"),
}
"""Postcodes of the demo municipalities by NIS code, main postcode first (as postcodes.csv)."""

_POSTCODE_HINTS: dict[str, tuple[str, ...]] = {
    "1731": ("zellik", "relegem"),
    "3071": ("erps", "kwerps"),
    "3078": ("everberg", "meerbeek"),
}
"""Lower-case wijk-name fragments that put a wijk in a municipality's secondary postcode."""

_DEFAULT_RATE = 450.0
"""Incidents per 1000 ha per year: about 5,200 a year for PZ AMOW (ipz31, 11,581 ha)."""

_NEAR_REPEAT_BRANCHING = 0.35
"""Mean number of follow-up burglaries each burglary triggers."""
_NEAR_REPEAT_RADIUS_M = 200.0
_NEAR_REPEAT_MAX_DAYS = 13  # follow-ups 1..13 calendar days later, so within 14 days
_STREET_CELL_M = 250.0
_NUMBER_CELL_M = 25.0
_STREETS_PER_MUNICIPALITY = 32

_PLACE_TYPES: tuple[str, ...] = (
    "centrum",
    "winkelstraat",
    "station",
    "woonwijk",
    "park",
    "kruispunt",
    "stortplek",
)
_PLACE_SPREAD_M = {
    "centrum": 60.0,
    "winkelstraat": 45.0,
    "station": 40.0,
    "woonwijk": 90.0,
    "park": 40.0,
    "kruispunt": 15.0,
    "stortplek": 20.0,
}
"""Standard deviation of incidents around a hot micro-place of each type."""
_OTHER_PLACE_TYPES = {
    "woonwijk": 0.35,
    "park": 0.2,
    "kruispunt": 0.2,
    "stortplek": 0.15,
    "winkelstraat": 0.1,
}
"""Type mix of hot micro-places that are not a municipal centre, shopping street or station."""

_Bumps = tuple[tuple[float, float, float], ...]  # (hour centre, sd in hours, weight)


@dataclass(frozen=True, slots=True)
class _Profile:
    """How one category is spread over space and time (internal to the generator)."""

    hot_share: float  # share of incidents at hot micro-places
    near_share: float  # share of the background drawn near wijk centres (rest: uniform)
    affinity: dict[str, float]  # weight of each hot place type
    weekday_hours: _Bumps
    weekend_hours: _Bumps
    hour_floor: float  # baseline weight of every hour, relative to the bumps
    weekday_weights: tuple[float, ...]  # Monday..Sunday
    season_amplitude: float  # relative swing of the yearly cosine
    season_peak_doy: int  # day of year of the seasonal peak
    span_share: float = 0.0  # share of incidents known only as a window start..end
    span_median_h: float = 0.0
    span_min_h: float = 0.0
    span_max_h: float = 0.0
    no_number_share: float = 0.1  # located rows without a house number (a crossing, a field)


_WORKWEEK = (1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.6)
_WEEKEND_UP = (0.8, 0.8, 0.85, 0.95, 1.3, 1.8, 1.4)
_FLAT_WEEK = (1.0,) * 7

_PROFILES: dict[str, _Profile] = {
    "woninginbraak": _Profile(
        0.2, 0.3, {"woonwijk": 1.0, "centrum": 0.1},
        ((18.0, 2.0, 1.0), (11.0, 3.0, 0.55)), ((14.0, 3.5, 0.8), (19.5, 2.0, 0.5)), 0.06,
        (1.0, 1.0, 1.0, 1.0, 1.05, 0.85, 0.7), 0.3, 350, 0.85, 4.0, 1.0, 10.0, 0.02,
    ),
    "fietsdiefstal": _Profile(
        0.6, 0.7, {"station": 1.0, "centrum": 0.5, "winkelstraat": 0.4, "park": 0.3},
        ((8.0, 1.5, 0.5), (13.0, 3.5, 1.0), (18.0, 1.5, 0.6)), ((14.0, 4.0, 1.0),), 0.04,
        _WORKWEEK, 0.3, 200, 0.5, 3.0, 0.5, 9.0, 0.1,
    ),
    "diefstal uit voertuig": _Profile(
        0.4, 0.5, {"station": 0.8, "centrum": 0.4, "park": 0.4, "woonwijk": 0.3},
        ((2.0, 3.0, 1.0), (21.0, 2.0, 0.5)), ((3.0, 3.0, 1.0), (22.0, 2.0, 0.6)), 0.1,
        _FLAT_WEEK, 0.1, 10, 0.8, 6.0, 1.0, 12.0, 0.15,
    ),
    "winkeldiefstal": _Profile(
        0.85, 0.9, {"winkelstraat": 1.0, "centrum": 0.6, "station": 0.1},
        ((15.0, 3.0, 1.0),), ((14.0, 3.0, 1.0),), 0.01,
        (1.0, 1.0, 1.0, 1.1, 1.3, 1.6, 0.2), 0.1, 350, no_number_share=0.0,
    ),
    "vandalisme": _Profile(
        0.4, 0.6, {"park": 1.0, "station": 0.6, "centrum": 0.5},
        ((23.0, 3.0, 1.0),), ((1.0, 3.0, 1.0),), 0.12,
        _WEEKEND_UP, 0.1, 180, 0.3, 8.0, 1.0, 14.0, 0.2,
    ),
    "graffiti": _Profile(
        0.5, 0.6, {"station": 1.0, "park": 0.7, "centrum": 0.4},
        ((1.0, 3.0, 1.0),), ((2.0, 3.0, 1.0),), 0.1,
        _WEEKEND_UP, 0.1, 180, 0.5, 9.0, 2.0, 14.0, 0.2,
    ),
    "geluidsoverlast": _Profile(
        0.35, 0.6, {"centrum": 1.0, "woonwijk": 0.6, "park": 0.3},
        ((22.5, 2.0, 1.0),), ((0.5, 2.5, 1.0),), 0.04,
        (0.6, 0.6, 0.7, 0.8, 1.3, 1.8, 1.2), 0.25, 190, no_number_share=0.05,
    ),
    "jongerenoverlast": _Profile(
        0.6, 0.6, {"park": 1.0, "station": 0.6, "centrum": 0.6},
        ((16.0, 1.5, 0.4), (21.0, 2.0, 1.0)), ((22.0, 2.5, 1.0), (16.0, 2.5, 0.4)), 0.04,
        _WEEKEND_UP, 0.3, 190, no_number_share=0.4,
    ),
    "sluikstorten": _Profile(
        0.35, 0.2, {"stortplek": 1.0, "park": 0.2},
        ((12.0, 5.0, 1.0),), ((12.0, 5.0, 1.0),), 0.5,
        _FLAT_WEEK, 0.1, 120, 0.2, 12.0, 2.0, 48.0, 0.5,
    ),
    "wildplassen": _Profile(
        0.6, 0.8, {"centrum": 1.0, "station": 0.6, "park": 0.4},
        ((23.0, 2.0, 1.0),), ((1.0, 2.5, 1.0),), 0.05,
        (0.5, 0.5, 0.6, 0.7, 1.2, 2.0, 1.3), 0.25, 190, no_number_share=0.3,
    ),
    "parkeeroverlast": _Profile(
        0.55, 0.8, {"centrum": 0.7, "winkelstraat": 0.7, "station": 0.6, "park": 0.5},
        ((8.0, 1.0, 1.0), (15.5, 1.0, 0.9), (11.0, 2.5, 0.4)), ((11.0, 3.0, 1.0),), 0.05,
        (1.0, 1.0, 0.8, 1.0, 1.0, 0.7, 0.4), 0.05, 100, no_number_share=0.2,
    ),
    "verkeersongeval": _Profile(
        0.35, 0.5, {"kruispunt": 1.0, "centrum": 0.3, "winkelstraat": 0.2},
        ((8.0, 1.0, 1.0), (17.5, 1.5, 1.0), (12.5, 3.0, 0.35)), ((14.0, 4.0, 1.0),), 0.08,
        (1.0, 1.0, 1.0, 1.0, 1.1, 0.7, 0.6), 0.1, 340, no_number_share=0.6,
    ),
    "verkeersongeval met gewonden": _Profile(
        0.3, 0.4, {"kruispunt": 1.0, "centrum": 0.2},
        ((8.0, 1.0, 1.0), (17.5, 1.5, 1.0), (12.5, 3.0, 0.35)), ((15.0, 4.0, 1.0),), 0.08,
        (1.0, 1.0, 1.0, 1.0, 1.1, 0.8, 0.7), 0.1, 200, no_number_share=0.6,
    ),
    "burenruzie": _Profile(
        0.25, 0.5, {"woonwijk": 1.0},
        ((20.0, 3.0, 1.0),), ((17.0, 4.0, 1.0),), 0.1,
        (0.9, 0.9, 0.9, 0.9, 1.1, 1.4, 1.3), 0.15, 200, no_number_share=0.0,
    ),
    "slagen en verwondingen": _Profile(
        0.5, 0.7, {"centrum": 1.0, "station": 0.5, "park": 0.3},
        ((22.0, 3.0, 1.0),), ((1.5, 2.5, 1.0),), 0.08,
        (0.6, 0.6, 0.7, 0.8, 1.2, 2.0, 1.6), 0.1, 190, no_number_share=0.2,
    ),
    "drugsoverlast": _Profile(
        0.6, 0.6, {"park": 1.0, "station": 0.8, "centrum": 0.4},
        ((21.0, 3.0, 1.0), (16.0, 2.0, 0.4)), ((22.0, 3.0, 1.0),), 0.08,
        (0.9, 0.9, 0.9, 1.0, 1.2, 1.3, 1.0), 0.15, 190, no_number_share=0.3,
    ),
}  # fmt: skip

_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "woninginbraak": (
        "Raam ingeslagen <achterzijde> & deur geforceerd",
        "Achterdeur opengebroken, juwelen & laptop weg",
        'Bewoner meldt "sporen van braak" aan voordeur',
        "Poging tot inbraak, cilinder afgebroken",
        "Schuifraam opengewrikt, kamers doorzocht",
        "Inbraak tijdens afwezigheid, kluis meegenomen",
    ),
    "fietsdiefstal": (
        "Elektrische fiets gestolen aan fietsenstalling",
        "Fiets (slot doorgeknipt) weg aan station",
        'Kinderfiets "Btwin" verdwenen uit voortuin',
        "Fiets niet op slot, weg na boodschappen",
    ),
    "diefstal uit voertuig": (
        "Ruit auto ingeslagen, handtas weg",
        "GPS & dashcam gestolen uit bestelwagen",
        'Zijruit stuk <passagierskant>, "niets weg" volgens eigenaar',
        "Gereedschap gestolen uit werfwagen",
    ),
    "winkeldiefstal": (
        "Winkeldiefstal supermarkt, dader gevat",
        "Diefstal cosmetica & scheermesjes",
        'Klant verlaat winkel zonder betalen, "bon" vals',
        "Drank gestolen uit nachtwinkel",
    ),
    "vandalisme": (
        "Bushokje vernield",
        "Autospiegels afgetrokken in de straat",
        "Bloembakken omvergegooid & verlichting stuk",
        "Vuilbak in brand gestoken <park>",
    ),
    "graffiti": (
        "Tags op gevel gemeentehuis",
        'Graffiti "bendenaam" op brugpijler',
        "Bekladding elektriciteitskast & muur",
    ),
    "geluidsoverlast": (
        "Luide muziek bij buren na 22u",
        "Feestje in tuin, geroep & muziek",
        'Melder: "bas dreunt door de muur"',
        "Lawaai café bij sluitingsuur",
        "Blaffende hond, al uren",
    ),
    "jongerenoverlast": (
        "Groep jongeren hangt rond <speelplein>",
        "Jongeren op brommers, rondrijden & lawaai",
        "Samenscholing aan station, afval achtergelaten",
        'Jongeren roepen "scheldwoorden" naar voorbijgangers',
    ),
    "sluikstorten": (
        "Zakken huisvuil naast glasbol",
        "Bouwafval gedumpt in veldweg",
        "Matras & zetel achtergelaten langs weg",
        'Grofvuil aan container "P&D" gedeponeerd',
    ),
    "wildplassen": (
        "Wildplassen tegen kerkmuur",
        "Wildplassen na fuif, GAS-vaststelling",
        "Urineren in portiek <winkel>",
    ),
    "parkeeroverlast": (
        "Foutparkeren op voetpad aan school",
        "Wagen blokkeert inrit & garagepoort",
        'Parkeren op "kiss & ride" zone',
        "Vrachtwagen geparkeerd in woonstraat",
    ),
    "verkeersongeval": (
        "Aanrijding twee voertuigen, stoffelijke schade",
        "Kop-staartbotsing aan verkeerslichten",
        "Voertuig tegen paal, bestuurder ongedeerd",
        'Parkeerschade, tegenpartij "vluchtmisdrijf"',
    ),
    "verkeersongeval met gewonden": (
        "Fietser aangereden op kruispunt, lichtgewond",
        "Voetganger geraakt op zebrapad",
        "Botsing auto & bromfiets, 1 gewonde",
        'Ongeval <rotonde>, ziekenwagen "dringend" ter plaatse',
    ),
    "burenruzie": (
        "Burenruzie over haag & perceelgrens",
        "Discussie buren over parkeerplaats escaleert",
        'Buurman dreigt: "ik kom terug"',
    ),
    "slagen en verwondingen": (
        "Vechtpartij aan café, 1 persoon gewond",
        "Slagen na discussie <fuif>",
        'Slachtoffer geslagen met "fles", naar spoed',
    ),
    "drugsoverlast": (
        "Vermoedelijke drugsdeal in park",
        "Cannabisgeur & samenscholing aan speelplein",
        "Spuiten gevonden <fietsenstalling>",
    ),
}

_STREET_POOL: tuple[str, ...] = (
    "Kerkstraat",
    "Stationsstraat",
    "Molenstraat",
    "Nieuwstraat",
    "Dorpsstraat",
    "Schoolstraat",
    "Kouterstraat",
    "Bergstraat",
    "Veldstraat",
    "Brusselsesteenweg",
    "Markt",
    "Kerkplein",
    "Stationsplein",
    "Hoogstraat",
    "Beekstraat",
    "Bosstraat",
    "Kapelstraat",
    "Kasteelstraat",
    "Meersstraat",
    "Processiestraat",
    "Pastorijstraat",
    "Lindenlaan",
    "Eikenlaan",
    "Berkenlaan",
    "Populierenlaan",
    "Kastanjelaan",
    "Hof ter Beke",
    "Gemeenteplein",
    "Nieuwe Baan",
    "Steenweg",
    "Heirbaan",
    "Dreef",
    "Broekstraat",
    "Kouter",
    "Windmolenstraat",
    "Smisstraat",
    "Koutermolenstraat",
    "Heidestraat",
    "Vijverstraat",
    "Groenstraat",
    "Sint-Jozefstraat",
    "Sint-Martinusstraat",
    "Kardinaal Cardijnstraat",
    "Pater Damiaanstraat",
    "Koning Albertstraat",
    "Leopoldlaan",
    "Mechelsesteenweg",
    "Leuvensesteenweg",
    "Gentsesteenweg",
    "Asbeekstraat",
    "Waterstraat",
    "Spoorweglaan",
    "Fabriekstraat",
    "Bloemenlaan",
    "Rozenstraat",
    "Tulpenlaan",
    "Akkerstraat",
    "Zavelstraat",
    "Hulststraat",
    "Wilgenstraat",
)
_BOXES: tuple[str, ...] = ("1", "2", "3", "A", "B", "0.1", "0101", "0201", "12")
_BOX_SHARE = 0.05
_SUFFIX_SHARE = 0.04  # house numbers like "12A"


# --------------------------------------------------------------------------------------------
# public API


def demo_category_table() -> pd.DataFrame:
    """Return :data:`DEMO_CATEGORIES` as a table.

    Returns
    -------
    pandas.DataFrame
        One row per category; columns ``category``, ``source``, ``harm_weight``,
        ``citizen_reported``, ``share``.
    """
    return pd.DataFrame(
        {
            "category": pd.Series([c.category for c in DEMO_CATEGORIES], dtype="str"),
            "source": pd.Series([c.source for c in DEMO_CATEGORIES], dtype="str"),
            "harm_weight": [c.harm_weight for c in DEMO_CATEGORIES],
            "citizen_reported": [c.citizen_reported for c in DEMO_CATEGORIES],
            "share": [c.share for c in DEMO_CATEGORIES],
        }
    )


def generate_demo_incidents(
    wijken: gpd.GeoDataFrame,
    municipalities: gpd.GeoDataFrame,
    *,
    start: pd.Timestamp,
    end: pd.Timestamp,
    seed: int = 0,
    incidents_per_1000_ha_per_year: float = _DEFAULT_RATE,
    address_only_share: float = 0.08,
    postcodes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Generate synthetic incidents with the structure of a Flemish police zone's records.

    The incidents are made up (``synthetic`` is True on every row) but structured: persistent hot
    micro-places, a background denser near centres and in small wijken, near-repeat burglary
    chains, hour x weekday rhythms and a mild seasonality per category, time windows for
    burglaries and thefts from vehicles, and a share of rows known only by address. Street names
    and house numbers are synthetic and do not match the real street at the point.

    Parameters
    ----------
    wijken : geopandas.GeoDataFrame
        The wijken of one or more zones (column ``nis`` and polygon geometry), EPSG:31370.
        Every located incident lies inside their union.
    municipalities : geopandas.GeoDataFrame
        The municipalities of those wijken: columns ``nis`` and ``name``, optionally
        ``zone_code`` (used in the ids; ``demo`` when absent), EPSG:31370.
    start, end : pandas.Timestamp
        The period ``[start, end)`` in naive local time.
    seed : int, default 0
        Seed of the only random generator; the same seed gives the identical frame.
    incidents_per_1000_ha_per_year : float, default 450
        Mean volume, near-repeat follow-ups included. The default gives about 5,200 incidents
        a year for PZ AMOW (ipz31, 116 km2).
    address_only_share : float, default 0.08
        Share of rows that carry only an address (street, number, postcode, municipality) and
        no coordinates, in ``[0, 1]``.
    postcodes : pandas.DataFrame, optional
        Columns ``postcode`` and ``nis`` (as ``data/geography/postcodes.csv``), main postcode
        of each municipality first; defaults to :data:`DEMO_POSTCODES`. Rows in municipalities
        without a postcode get an empty ``postcode`` and are never address-only.

    Returns
    -------
    pandas.DataFrame
        One row per incident, sorted by ``start``, with the columns :data:`DEMO_COLUMNS`:
        ``id`` (``DEMO-<zone>-000001``), ``source``, ``category``, ``start`` and ``end``
        (datetime64[ns], ``end`` NaT when there is no window), ``x`` and ``y`` (float,
        EPSG:31370, NaN for address-only rows), ``street``, ``number``, ``box``, ``postcode``,
        ``municipality``, ``description`` (str, empty when unknown) and ``synthetic`` (bool).

    Raises
    ------
    ValidationError
        When a layer lacks a column, is not in EPSG:31370 or has wijken of unknown
        municipalities; when ``start``/``end`` are not naive timestamps with ``start < end``;
        when the rate or ``address_only_share`` is out of range.
    """
    t0, t1 = _check_period(start, end)
    rate = _check_rate(incidents_per_1000_ha_per_year)
    share_address_only = _check_share(address_only_share)
    area = _Area.build(wijken, municipalities, postcodes)
    rng = np.random.default_rng(seed)

    clock = _Clock.build(t0, t1)
    places = _hot_places(area, rng)
    per_year = rate * area.area_ha / 1000.0

    parts: list[_Batch] = []
    for cat_idx, cat in enumerate(DEMO_CATEGORIES):
        profile = _PROFILES[cat.category]
        mean = per_year * cat.share * clock.years(profile)
        if cat.category == "woninginbraak":
            mean *= 1.0 - _NEAR_REPEAT_BRANCHING  # the chains add the rest
        n = int(rng.poisson(mean))
        when = clock.sample(profile, n, rng)
        x, y = _locate(area, places, profile, n, rng)
        parts.append(_Batch(np.full(n, cat_idx), when, x, y))
        if cat.category == "woninginbraak":
            parts.extend(_near_repeat_chains(parts[-1], area, clock, profile, rng))

    batch = _Batch.concat(parts)
    return _assemble(batch, area, clock, share_address_only, rng)


# --------------------------------------------------------------------------------------------
# validation


def _check_period(start: object, end: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    stamps = []
    for name, value in (("start", start), ("end", end)):
        try:
            stamp = pd.Timestamp(value)
        except (TypeError, ValueError) as error:
            raise ValidationError(f"{name} must be a timestamp, got {value!r}") from error
        if stamp is pd.NaT or pd.isna(stamp):
            raise ValidationError(f"{name} must be a timestamp, got {value!r}")
        if stamp.tzinfo is not None:
            raise ValidationError(
                f"{name} must be a naive local time (Europe/Brussels wall clock), got {stamp!r}"
            )
        stamps.append(stamp.as_unit("ns"))
    if stamps[1] <= stamps[0]:
        raise ValidationError(f"end must be after start, got start={stamps[0]} and end={stamps[1]}")
    return stamps[0], stamps[1]


def _check_rate(rate: float) -> float:
    try:
        value = float(rate)
    except (TypeError, ValueError) as error:
        raise ValidationError(
            f"incidents_per_1000_ha_per_year must be a positive number, got {rate!r}"
        ) from error
    if not math.isfinite(value) or value <= 0:
        raise ValidationError(
            f"incidents_per_1000_ha_per_year must be a positive finite number, got {rate!r}"
        )
    return value


def _check_share(share: float) -> float:
    try:
        value = float(share)
    except (TypeError, ValueError) as error:
        raise ValidationError(
            f"address_only_share must be a number in [0, 1], got {share!r}"
        ) from error
    if not 0.0 <= value <= 1.0:
        raise ValidationError(f"address_only_share must be a number in [0, 1], got {share!r}")
    return value


def _check_layer(layer: object, name: str, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    if not isinstance(layer, gpd.GeoDataFrame):
        raise ValidationError(f"{name} must be a GeoDataFrame, got {type(layer).__name__}")
    missing = [c for c in columns if c not in layer.columns]
    if missing:
        raise ValidationError(f"{name} lacks the columns {missing}; required: {list(columns)}")
    if layer.crs is None or not layer.crs.equals(CRS):
        raise ValidationError(f"{name} must be in {CRS}, got crs={layer.crs}")
    if layer.empty:
        raise ValidationError(f"{name} must hold at least one row, got none")
    return layer


# --------------------------------------------------------------------------------------------
# the zone: wijken, municipalities, postcodes, street sets


@dataclass(frozen=True)
class _Area:
    """The zone's polygons and the labels the generator needs, as numpy arrays."""

    wijk_geoms: np.ndarray  # shapely polygons, prepared
    wijk_area_ha: np.ndarray
    wijk_anchor: np.ndarray  # (n, 2) representative point
    wijk_muni: np.ndarray  # index into the municipality arrays
    wijk_postcode: np.ndarray  # str, "" when unknown
    wijk_is_centre: np.ndarray  # bool: the wijk taken as its municipality's centre
    tree: shapely.STRtree
    union: shapely.Geometry  # prepared
    area_ha: float
    muni_name: np.ndarray  # str
    muni_zone: np.ndarray  # str
    muni_centre_wijk: np.ndarray  # index of each municipality's centre wijk

    @staticmethod
    def build(
        wijken: gpd.GeoDataFrame,
        municipalities: gpd.GeoDataFrame,
        postcodes: pd.DataFrame | None,
    ) -> _Area:
        wijken = _check_layer(wijken, "wijken", ("nis", "geometry"))
        municipalities = _check_layer(municipalities, "municipalities", ("nis", "name"))
        geoms = np.asarray(wijken.geometry.array, dtype=object)
        bad = ~np.isin(shapely.get_type_id(geoms), (3, 6)) | shapely.is_empty(geoms)
        if bad.any():
            raise ValidationError(
                f"wijken must hold non-empty polygons, not at row {wijken.index[bad][0]!r}"
            )
        muni = municipalities.drop_duplicates("nis")
        muni_nis = muni["nis"].astype("str").to_numpy(dtype=object)
        wijk_nis = wijken["nis"].astype("str").to_numpy(dtype=object)
        unknown = sorted(set(wijk_nis) - set(muni_nis))
        if unknown:
            raise ValidationError(
                f"wijken have nis {unknown} that are not in municipalities "
                f"(known: {sorted(muni_nis)})"
            )
        # only the municipalities that have wijken take part
        used = np.isin(muni_nis, wijk_nis)
        muni = muni[used]
        muni_nis = muni_nis[used]
        lookup = {nis: i for i, nis in enumerate(muni_nis)}
        wijk_muni = np.array([lookup[n] for n in wijk_nis], dtype=np.int64)
        zone = (
            muni["zone_code"].astype("str").fillna("").str.strip().to_numpy(dtype=object)
            if "zone_code" in muni.columns
            else np.full(len(muni), "", dtype=object)
        )
        zone = np.where(zone == "", "demo", zone)

        geoms = shapely.make_valid(geoms)
        shapely.prepare(geoms)
        area_ha = shapely.area(geoms) / 1e4
        anchor = shapely.get_coordinates(shapely.point_on_surface(geoms))
        names = (
            wijken["name"].astype("str").fillna("").to_numpy(dtype=object)
            if "name" in wijken.columns
            else np.full(len(wijken), "", dtype=object)
        )
        centre_wijk = _centre_wijken(names, area_ha, wijk_muni, muni["name"].astype("str"))
        is_centre = np.zeros(len(geoms), dtype=bool)
        is_centre[centre_wijk] = True
        union = shapely.union_all(geoms)
        shapely.prepare(union)
        return _Area(
            wijk_geoms=geoms,
            wijk_area_ha=area_ha,
            wijk_anchor=anchor,
            wijk_muni=wijk_muni,
            wijk_postcode=_wijk_postcodes(wijk_nis, names, postcodes),
            wijk_is_centre=is_centre,
            tree=shapely.STRtree(geoms),
            union=union,
            area_ha=float(shapely.area(union) / 1e4),
            muni_name=muni["name"].astype("str").to_numpy(dtype=object),
            muni_zone=zone,
            muni_centre_wijk=centre_wijk,
        )

    def wijk_of(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Index of a wijk holding each point (first match; every point lies in the union)."""
        hits = self.tree.query(shapely.points(x, y), predicate="intersects")
        first_hit = np.unique(hits[0], return_index=True)[1]
        wijk = np.full(len(x), -1, dtype=np.int64)
        wijk[hits[0][first_hit]] = hits[1][first_hit]
        if (wijk < 0).any():  # cannot happen for points inside the union; be safe
            missing = np.flatnonzero(wijk < 0)
            distance = shapely.distance(
                self.wijk_geoms[None, :], shapely.points(x[missing], y[missing])[:, None]
            )
            wijk[missing] = distance.argmin(axis=1)
        return wijk


def _centre_wijken(
    names: np.ndarray, area_ha: np.ndarray, wijk_muni: np.ndarray, muni_names: pd.Series
) -> np.ndarray:
    """Pick per municipality the wijk taken as its centre (vectorised over wijken)."""
    lower = pd.Series(names, dtype="str").str.lower().to_numpy(dtype=object)
    own = muni_names.str.lower().to_numpy(dtype=object)[wijk_muni]
    is_centrum = pd.Series(lower, dtype="str").str.contains("centrum|centraal").to_numpy()
    prefixed = np.array([n.startswith(o) for n, o in zip(lower, own, strict=True)], dtype=bool)
    exact = lower == own + " (" + own + ")"
    # "centrum" names first, then names starting with the municipality's; then the smallest
    score = 2.0 * ~is_centrum + 3.0 * ~prefixed + 0.5 * ~exact
    score = score * 1e9 + area_ha
    order = np.lexsort((score, wijk_muni))
    first = np.unique(wijk_muni[order], return_index=True)[1]
    return order[first]


def _wijk_postcodes(
    wijk_nis: np.ndarray, names: np.ndarray, postcodes: pd.DataFrame | None
) -> np.ndarray:
    """Postcode of each wijk: a secondary postcode when the wijk name says so, else the main."""
    if postcodes is None:
        table = {nis: list(codes) for nis, codes in DEMO_POSTCODES.items()}
    else:
        missing = [c for c in ("postcode", "nis") if c not in postcodes.columns]
        if missing:
            raise ValidationError(f"postcodes lacks the columns {missing}; required postcode, nis")
        table = {}
        for nis, code in zip(
            postcodes["nis"].astype("str"), postcodes["postcode"].astype("str"), strict=True
        ):
            table.setdefault(nis, []).append(code)
    lower = pd.Series(names, dtype="str").str.lower()
    result = np.array([table.get(n, [""])[0] for n in wijk_nis], dtype=object)
    for code, hints in _POSTCODE_HINTS.items():
        has_code = np.array([code in table.get(n, ()) for n in wijk_nis], dtype=bool)
        hinted = lower.str.contains("|".join(hints), regex=True).to_numpy()
        result = np.where(has_code & hinted, code, result)
    return result


# --------------------------------------------------------------------------------------------
# time


@dataclass(frozen=True)
class _Clock:
    """The period cut into hour bins, with the calendar features of each bin."""

    lo: np.ndarray  # int64 ns: start of the part of the bin inside the period
    hi: np.ndarray  # int64 ns: end of that part
    frac: np.ndarray  # share of the hour inside the period
    hour: np.ndarray
    dow: np.ndarray
    doy: np.ndarray
    start_ns: int
    end_ns: int
    day0_ns: int  # midnight of the first day

    @staticmethod
    def build(start: pd.Timestamp, end: pd.Timestamp) -> _Clock:
        bins = pd.date_range(start.floor("h"), end, freq="h", inclusive="left", unit="ns")
        bin_ns = bins.asi8
        hour_ns = 3_600_000_000_000
        lo = np.maximum(bin_ns, start.value)
        hi = np.minimum(bin_ns + hour_ns, end.value)
        frac = (hi - lo) / hour_ns
        return _Clock(
            lo=lo,
            hi=hi,
            frac=frac,
            hour=bins.hour.to_numpy(),
            dow=bins.day_of_week.to_numpy(),
            doy=bins.day_of_year.to_numpy(),
            start_ns=start.value,
            end_ns=end.value,
            day0_ns=start.floor("D").value,
        )

    def years(self, profile: _Profile) -> float:
        """Length of the period in years, weighted by the category's seasonality."""
        return float((self.frac * _season(self.doy, profile)).sum() / (24.0 * 365.25))

    def weights(self, profile: _Profile) -> np.ndarray:
        weekday = _hour_profile(profile.weekday_hours, profile.hour_floor)
        weekend = _hour_profile(profile.weekend_hours, profile.hour_floor)
        by_hour = np.where(self.dow >= 5, weekend[self.hour], weekday[self.hour])
        day = np.asarray(profile.weekday_weights)[self.dow]
        return by_hour * day * _season(self.doy, profile) * self.frac

    def sample(self, profile: _Profile, n: int, rng: np.random.Generator) -> np.ndarray:
        """Draw ``n`` times (int64 ns) from the category's rhythm, to the minute."""
        w = self.weights(profile)
        idx = rng.choice(w.size, size=n, p=w / w.sum())
        t = self.lo[idx] + (rng.random(n) * (self.hi[idx] - self.lo[idx])).astype(np.int64)
        return np.maximum(_floor_minute(t), self.start_ns)


def _hour_profile(bumps: _Bumps, floor: float) -> np.ndarray:
    """Weight of each hour 0..23: circular Gaussian bumps on a floor, mean 1."""
    h = np.arange(24) + 0.5
    w = np.full(24, floor)
    for centre, sd, weight in bumps:
        for wrap in (-24.0, 0.0, 24.0):
            w += weight * np.exp(-0.5 * ((h - centre + wrap) / sd) ** 2)
    return w / w.mean()


def _season(doy: np.ndarray, profile: _Profile) -> np.ndarray:
    phase = 2.0 * np.pi * (doy - profile.season_peak_doy) / 365.25
    return 1.0 + profile.season_amplitude * np.cos(phase)


def _floor_minute(t: np.ndarray) -> np.ndarray:
    minute = 60_000_000_000
    return t - np.mod(t, minute)


# --------------------------------------------------------------------------------------------
# space


@dataclass(frozen=True)
class _Places:
    """Hot micro-places: position, type, spread and intensity."""

    x: np.ndarray
    y: np.ndarray
    kind: np.ndarray  # index into _PLACE_TYPES
    spread: np.ndarray
    intensity: np.ndarray


def _hot_places(area: _Area, rng: np.random.Generator) -> _Places:
    """A few dozen persistent hot micro-places near centres and in small (dense) wijken."""
    n_muni = len(area.muni_name)
    km2 = area.area_ha / 100.0
    n_total = int(np.clip(round(12 + 0.15 * km2), 15, 80))
    centre_anchor = area.wijk_anchor[area.muni_centre_wijk]
    centre_geom = area.wijk_geoms[area.muni_centre_wijk]

    # every municipality: its centre (market square) and a shopping street nearby
    kinds = [np.full(n_muni, _PLACE_TYPES.index("centrum"))]
    kinds.append(np.full(n_muni, _PLACE_TYPES.index("winkelstraat")))
    anchors = [centre_anchor, centre_anchor]
    offsets = [np.full(n_muni, 80.0), np.full(n_muni, 250.0)]
    # stations near the centres of the larger half of the municipalities
    muni_area = np.bincount(area.wijk_muni, weights=area.wijk_area_ha, minlength=n_muni)
    with_station = np.argsort(-muni_area, kind="stable")[: max(1, math.ceil(n_muni / 2))]
    kinds.append(np.full(with_station.size, _PLACE_TYPES.index("station")))
    anchors.append(centre_anchor[with_station])
    offsets.append(np.full(with_station.size, 600.0))
    # the rest in wijken drawn toward small (dense) ones, near their centre
    n_other = max(0, n_total - 2 * n_muni - with_station.size)
    p = area.wijk_area_ha**-0.5
    wijk = rng.choice(area.wijk_area_ha.size, size=n_other, p=p / p.sum())
    other_types = list(_OTHER_PLACE_TYPES)
    type_p = np.array(list(_OTHER_PLACE_TYPES.values()))
    kinds.append(
        np.array([_PLACE_TYPES.index(t) for t in other_types])[
            rng.choice(len(other_types), size=n_other, p=type_p / type_p.sum())
        ]
    )
    anchors.append(area.wijk_anchor[wijk])
    offsets.append(np.minimum(0.3 * np.sqrt(area.wijk_area_ha[wijk] * 1e4), 400.0))

    kind = np.concatenate(kinds)
    anchor = np.concatenate(anchors)
    offset = np.concatenate(offsets)
    home = np.concatenate(
        [centre_geom, centre_geom, centre_geom[with_station], area.wijk_geoms[wijk]]
    )
    x = anchor[:, 0] + rng.normal(0.0, 1.0, kind.size) * offset
    y = anchor[:, 1] + rng.normal(0.0, 1.0, kind.size) * offset
    inside = shapely.contains_xy(home, x, y) & shapely.contains_xy(area.union, x, y)
    x = np.where(inside, x, anchor[:, 0])
    y = np.where(inside, y, anchor[:, 1])
    spread = np.array([_PLACE_SPREAD_M[t] for t in _PLACE_TYPES])[kind]
    intensity = rng.lognormal(0.0, 0.7, kind.size)
    return _Places(x=x, y=y, kind=kind, spread=spread, intensity=intensity)


def _locate(
    area: _Area, places: _Places, profile: _Profile, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Points of ``n`` incidents: at hot micro-places, near wijk centres or spread in wijken."""
    affinity = np.array([profile.affinity.get(t, 0.0) for t in _PLACE_TYPES])[places.kind]
    place_w = affinity * places.intensity
    hot_share = profile.hot_share if place_w.sum() > 0 else 0.0
    mode = rng.choice(3, size=n, p=_mix(hot_share, profile.near_share))
    x = np.empty(n)
    y = np.empty(n)

    hot = np.flatnonzero(mode == 0)
    if hot.size:
        place = rng.choice(place_w.size, size=hot.size, p=place_w / place_w.sum())
        x[hot], y[hot] = _scatter(
            places.x[place], places.y[place], places.spread[place], area.union, rng
        )
    near = np.flatnonzero(mode == 1)
    if near.size:  # around wijk centres, more often the municipal centres
        p = np.sqrt(area.wijk_area_ha) * np.where(area.wijk_is_centre, 3.0, 1.0)
        wijk = rng.choice(p.size, size=near.size, p=p / p.sum())
        anchor = area.wijk_anchor[wijk]
        x[near], y[near] = _scatter(
            anchor[:, 0], anchor[:, 1], np.full(near.size, 450.0), area.union, rng
        )
    spread = np.flatnonzero(mode == 2)
    if spread.size:  # uniform inside wijken, wijk density ~ area^-0.5 (small wijken denser)
        p = np.sqrt(area.wijk_area_ha)
        wijk = rng.choice(p.size, size=spread.size, p=p / p.sum())
        x[spread], y[spread] = _uniform_in(area, wijk, rng)
    return x, y


def _mix(hot_share: float, near_share: float) -> np.ndarray:
    background = 1.0 - hot_share
    return np.array([hot_share, background * near_share, background * (1.0 - near_share)])


def _scatter(
    ax: np.ndarray,
    ay: np.ndarray,
    sd: np.ndarray,
    region: shapely.Geometry,
    rng: np.random.Generator,
    *,
    rounds: int = 30,
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian scatter around anchors (inside ``region``), redrawn until inside ``region``."""
    x = ax.astype(float).copy()
    y = ay.astype(float).copy()
    todo = np.arange(ax.size)
    for _ in range(rounds):
        if todo.size == 0:
            break
        cx = ax[todo] + rng.normal(0.0, 1.0, todo.size) * sd[todo]
        cy = ay[todo] + rng.normal(0.0, 1.0, todo.size) * sd[todo]
        ok = shapely.contains_xy(region, cx, cy)
        x[todo[ok]] = cx[ok]
        y[todo[ok]] = cy[ok]
        todo = todo[~ok]
    return x, y  # the few still left stay on their anchor, which is inside


def _uniform_in(
    area: _Area, wijk: np.ndarray, rng: np.random.Generator, *, rounds: int = 200
) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points inside the given wijken (rejection from each wijk's bounding box)."""
    bounds = shapely.bounds(area.wijk_geoms)[wijk]
    anchor = area.wijk_anchor[wijk]
    x = anchor[:, 0].copy()
    y = anchor[:, 1].copy()
    todo = np.arange(wijk.size)
    for _ in range(rounds):
        if todo.size == 0:
            break
        b = bounds[todo]
        cx = b[:, 0] + rng.random(todo.size) * (b[:, 2] - b[:, 0])
        cy = b[:, 1] + rng.random(todo.size) * (b[:, 3] - b[:, 1])
        ok = shapely.contains_xy(area.wijk_geoms[wijk[todo]], cx, cy) & shapely.contains_xy(
            area.union, cx, cy
        )
        x[todo[ok]] = cx[ok]
        y[todo[ok]] = cy[ok]
        todo = todo[~ok]
    return x, y


# --------------------------------------------------------------------------------------------
# near-repeat chains


@dataclass(frozen=True)
class _Batch:
    """Generated incidents before labelling: category index, offence time, point."""

    cat: np.ndarray
    when: np.ndarray  # int64 ns
    x: np.ndarray
    y: np.ndarray

    @staticmethod
    def concat(parts: list[_Batch]) -> _Batch:
        return _Batch(
            cat=np.concatenate([p.cat for p in parts]).astype(np.int64),
            when=np.concatenate([p.when for p in parts]).astype(np.int64),
            x=np.concatenate([p.x for p in parts]).astype(float),
            y=np.concatenate([p.y for p in parts]).astype(float),
        )


def _near_repeat_chains(
    seeds: _Batch, area: _Area, clock: _Clock, profile: _Profile, rng: np.random.Generator
) -> list[_Batch]:
    """Follow-up burglaries, generation by generation (a branching process).

    Each burglary triggers Poisson(``_NEAR_REPEAT_BRANCHING``) follow-ups within
    ``_NEAR_REPEAT_RADIUS_M`` and 1..``_NEAR_REPEAT_MAX_DAYS`` calendar days later, at an hour
    drawn from the burglary rhythm of that day. Follow-ups outside the zone or after ``end``
    are dropped.
    """
    day_ns = 86_400_000_000_000
    hour_ns = 3_600_000_000_000
    lags = np.arange(1, _NEAR_REPEAT_MAX_DAYS + 1)
    lag_p = np.exp(-lags / 4.0)
    lag_p /= lag_p.sum()
    weekday_p = _hour_profile(profile.weekday_hours, profile.hour_floor)
    weekend_p = _hour_profile(profile.weekend_hours, profile.hour_floor)
    generations: list[_Batch] = []
    parents = seeds
    while parents.cat.size:
        k = rng.poisson(_NEAR_REPEAT_BRANCHING, parents.cat.size)
        src = np.repeat(np.arange(parents.cat.size), k)
        m = src.size
        if m == 0:
            break
        radius = _NEAR_REPEAT_RADIUS_M * np.sqrt(rng.random(m)) * rng.uniform(0.3, 1.0, m)
        angle = rng.uniform(0.0, 2.0 * np.pi, m)
        x = parents.x[src] + radius * np.cos(angle)
        y = parents.y[src] + radius * np.sin(angle)
        day = parents.when[src] - np.mod(parents.when[src] - clock.day0_ns, day_ns)
        day = day + rng.choice(lags, size=m, p=lag_p) * day_ns
        dow = pd.DatetimeIndex(day.view("datetime64[ns]")).day_of_week.to_numpy()
        hour_p = np.where((dow >= 5)[:, None], weekend_p[None, :], weekday_p[None, :])
        cdf = np.cumsum(hour_p, axis=1)
        hour = (cdf < rng.random(m)[:, None] * cdf[:, -1:]).sum(axis=1)
        when = _floor_minute(day + hour * hour_ns + (rng.random(m) * hour_ns).astype(np.int64))
        keep = (when < clock.end_ns) & shapely.contains_xy(area.union, x, y)
        child = _Batch(parents.cat[src][keep], when[keep], x[keep], y[keep])
        if child.cat.size:
            generations.append(child)
        parents = child
    return generations


# --------------------------------------------------------------------------------------------
# labelling: windows, addresses, descriptions, ids


def _assemble(
    batch: _Batch, area: _Area, clock: _Clock, address_only_share: float, rng: np.random.Generator
) -> pd.DataFrame:
    n = batch.cat.size
    categories = np.array([c.category for c in DEMO_CATEGORIES], dtype=object)
    sources = np.array([c.source for c in DEMO_CATEGORIES], dtype=object)
    profiles = [_PROFILES[c] for c in categories]

    # windows: the offence time lies somewhere between start and end
    span_share = np.array([p.span_share for p in profiles])[batch.cat]
    median = np.array([max(p.span_median_h, 1e-9) for p in profiles])[batch.cat]
    lo_h = np.array([p.span_min_h for p in profiles])[batch.cat]
    hi_h = np.array([p.span_max_h for p in profiles])[batch.cat]
    has_span = rng.random(n) < span_share
    span_h = np.clip(median * np.exp(rng.normal(0.0, 0.5, n)), lo_h, hi_h)
    span_ns = _floor_minute((span_h * 3_600_000_000_000).astype(np.int64))
    before = _floor_minute((rng.random(n) * span_ns).astype(np.int64))
    start = np.where(has_span, np.maximum(batch.when - before, clock.start_ns), batch.when)
    end = np.where(has_span, start + np.maximum(span_ns, 60_000_000_000), np.iinfo(np.int64).min)

    # addresses: synthetic street per 250 m cell, house number per 25 m cell
    wijk = area.wijk_of(batch.x, batch.y)
    muni = area.wijk_muni[wijk]
    streets = _street_sets(len(area.muni_name), rng)
    street = streets[muni, _cell_hash(batch.x, batch.y, _STREET_CELL_M) % streets.shape[1]]
    number_hash = _cell_hash(batch.x, batch.y, _NUMBER_CELL_M)
    number = (1 + number_hash % 140).astype(str).astype(object)
    suffix = np.array(list("ABC"), dtype=object)[(number_hash // 140) % 3]
    with_suffix = (number_hash // 420) % 100 < _SUFFIX_SHARE * 100
    number = np.where(with_suffix, number + suffix, number)
    postcode = area.wijk_postcode[wijk]
    address_only = (rng.random(n) < address_only_share) & (postcode != "")
    no_number = ~address_only & (
        rng.random(n) < np.array([p.no_number_share for p in profiles])[batch.cat]
    )
    number = np.where(no_number, "", number)
    box = np.where(
        (rng.random(n) < _BOX_SHARE) & ~no_number,
        np.array(_BOXES, dtype=object)[rng.integers(0, len(_BOXES), n)],
        "",
    )
    x = np.where(address_only, np.nan, batch.x)
    y = np.where(address_only, np.nan, batch.y)

    flat = [d for c in categories for d in _DESCRIPTIONS[c]]
    counts = np.array([len(_DESCRIPTIONS[c]) for c in categories])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    pick = offsets[batch.cat] + (rng.random(n) * counts[batch.cat]).astype(np.int64)
    description = np.array(flat, dtype=object)[pick]

    frame = pd.DataFrame(
        {
            "zone": pd.Series(area.muni_zone[muni], dtype="str"),
            "source": pd.Series(sources[batch.cat], dtype="str"),
            "category": pd.Series(categories[batch.cat], dtype="str"),
            "start": start.view("datetime64[ns]"),
            "end": end.view("datetime64[ns]"),
            "x": x,
            "y": y,
            "street": pd.Series(street, dtype="str"),
            "number": pd.Series(number, dtype="str"),
            "box": pd.Series(box, dtype="str"),
            "postcode": pd.Series(postcode, dtype="str"),
            "municipality": pd.Series(area.muni_name[muni], dtype="str"),
            "description": pd.Series(description, dtype="str"),
            "synthetic": np.ones(n, dtype=bool),
        }
    )
    frame = frame.sort_values("start", kind="stable").reset_index(drop=True)
    sequence = frame.groupby("zone", sort=False).cumcount().add(1).astype("str").str.zfill(6)
    frame.insert(0, "id", "DEMO-" + frame["zone"] + "-" + sequence)
    return frame[list(DEMO_COLUMNS)]


def _street_sets(n_muni: int, rng: np.random.Generator) -> np.ndarray:
    """Per municipality a synthetic street set drawn from the Flemish pool, (n_muni, k)."""
    k = min(_STREETS_PER_MUNICIPALITY, len(_STREET_POOL))
    keys = rng.random((n_muni, len(_STREET_POOL)))
    chosen = np.argsort(keys, axis=1)[:, :k]
    return np.array(_STREET_POOL, dtype=object)[chosen]


def _cell_hash(x: np.ndarray, y: np.ndarray, cell_m: float) -> np.ndarray:
    """A stable non-negative integer per square cell of ``cell_m`` metres."""
    ix = np.floor(x / cell_m).astype(np.int64)
    iy = np.floor(y / cell_m).astype(np.int64)
    h = (ix * 73_856_093) ^ (iy * 19_349_663)
    h = (h ^ (h >> 13)) * 1_274_126_177
    return np.abs(h ^ (h >> 16)) % 1_000_003
