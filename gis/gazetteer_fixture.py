"""A SYNTHETIC BeST-Address extract of PZ AMOW and PZ HerKo, and messy addresses drawn from it.

Nothing here is real address data. Street *names* are those of the six municipalities (Asse,
Merchtem, Opwijk, Wemmel, Herent, Kortenberg), some repeated on purpose (Kerkstraat in several
deelgemeenten, Brusselsesteenweg in Asse and Zellik), but every street is a synthetic straight
line laid inside the real deelgemeente polygon, and every address id, street id and coordinate is
made up. Address ids start at 900000001 and street ids at 9000001 so they cannot be mistaken
for register ids.

:func:`synthetic_best_table` returns rows in exactly the column layout of the BeST
``openaddress`` CSV, so that the real reader is what the tests exercise;
:func:`messy_addresses` returns police-style address rows with their truth, for the precision
tests and the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.address_normalise import format_house_number, street_key
from gis.errors import ValidationError
from gis.gazetteer import BEST_COLUMNS

SYNTHETIC_LABEL = "SYNTHETIC — not real address data (wijkradar test fixture)"

MUNICIPALITY_NAMES: dict[str, str] = {
    "23002": "Asse",
    "23052": "Merchtem",
    "23060": "Opwijk",
    "23102": "Wemmel",
    "24038": "Herent",
    "24055": "Kortenberg",
}

DEELGEMEENTE_POST: dict[str, tuple[str, str]] = {
    "23002A": ("1730", "Asse"),
    "23002B": ("1730", "Mollem"),
    "23002C": ("1730", "Kobbegem"),
    "23002D": ("1731", "Relegem"),
    "23002E": ("1731", "Zellik"),
    "23002F": ("1730", "Bekkerzeel"),
    "23052A": ("1785", "Merchtem"),
    "23052B": ("1785", "Brussegem"),
    "23052C": ("1785", "Hamme"),
    "23060A": ("1745", "Opwijk"),
    "23060B": ("1745", "Mazenzele"),
    "23102A": ("1780", "Wemmel"),
    "24038A": ("3020", "Herent"),
    "24038B": ("3020", "Winksele"),
    "24038C": ("3020", "Veltem-Beisem"),
    "24055A": ("3070", "Kortenberg"),
    "24055B": ("3071", "Erps-Kwerps"),
    "24055C": ("3078", "Meerbeek"),
    "24055D": ("3078", "Everberg"),
}
"""Deelgemeente code → (postcode, postal name)."""

STREETS: tuple[tuple[str, str, str], ...] = (
    # (deelgemeente, Dutch name, French name or "")
    ("23002A", "Steenweg op Mollem", ""),
    ("23002A", "Kalkoven", ""),
    ("23002A", "Brusselsesteenweg", ""),
    ("23002A", "Nieuwstraat", ""),
    ("23002A", "Stationsstraat", ""),
    ("23002A", "Koningin Astridlaan", ""),
    ("23002A", "Koning Albertstraat", ""),
    ("23002A", "Sint-Ursulastraat", ""),
    ("23002A", "Pleinstraat", ""),
    ("23002A", "Gemeenteplein", ""),
    ("23002B", "Kerkstraat", ""),
    ("23002B", "Kasteelstraat", ""),
    ("23002C", "Kerkstraat", ""),
    ("23002C", "Broekstraat", ""),
    ("23002D", "Relegemstraat", ""),
    ("23002E", "Brusselsesteenweg", ""),
    ("23002E", "Noorderlaan", ""),
    ("23002F", "Kruisstraat", ""),
    ("23052A", "Brusselsesteenweg", ""),
    ("23052A", "Kerkstraat", ""),
    ("23052A", "Stationsstraat", ""),
    ("23052A", "Markt", ""),
    ("23052B", "Kerkstraat", ""),
    ("23052C", "Dorpstraat", ""),
    ("23060A", "Nijverseel", ""),
    ("23060A", "Ringlaan", ""),
    ("23060A", "Onze-Lieve-Vrouwplein", ""),
    ("23060B", "Heirbaan", ""),
    ("23102A", "De Limburg Stirumlaan", "Avenue de Limburg Stirum"),
    ("23102A", "Kaasmarkt", "Marché aux Fromages"),
    ("23102A", "August De Boeckstraat", "Rue August De Boeck"),
    ("23102A", "Frans Robbrechtsstraat", "Rue Frans Robbrechts"),
    ("23102A", "Koning Boudewijnlaan", "Avenue Roi Baudouin"),
    ("24038A", "Wilselsesteenweg", ""),
    ("24038A", "Kerkstraat", ""),
    ("24038A", "Schoonzichtlaan", ""),
    ("24038B", "Brusselsesteenweg", ""),
    ("24038B", "Delle", ""),
    ("24038C", "Bovenbergstraat", ""),
    ("24055A", "Leuvensesteenweg", ""),
    ("24055A", "Kouterstraat", ""),
    ("24055A", "Stationsstraat", ""),
    ("24055B", "Dorpsplein", ""),
    ("24055B", "Kerkstraat", ""),
    ("24055C", "Kerkstraat", ""),
    ("24055D", "Hoogstraat", ""),
)
"""The synthetic streets: real names, synthetic geometry."""

_NAME_HEADS = (
    "Molen",
    "Kapel",
    "Hof",
    "Kasteel",
    "Linde",
    "Berken",
    "Eiken",
    "Bos",
    "Veld",
    "Beek",
    "Heide",
    "Akker",
    "Vijver",
    "Klooster",
    "Wind",
    "Zonne",
    "Water",
    "Meersen",
    "Populier",
    "Wilgen",
    "Beuken",
    "Dries",
    "Hoeve",
    "Smis",
    "School",
    "Pastorij",
    "Abdij",
    "Bron",
    "Weide",
    "Kouter",
    "Leeuwerik",
    "Merel",
    "Rozen",
    "Tulpen",
)
_NAME_TAILS = ("straat", "laan", "weg", "dreef", "veld", "hof", "baan", "pad", "berg", "kouter")


@dataclass(frozen=True)
class SyntheticGazetteer:
    """A synthetic BeST table and the truth needed to score a geocoder on it.

    Attributes
    ----------
    table : pandas.DataFrame
        BeST ``openaddress`` columns (text), one row per address.
    streets : pandas.DataFrame
        street_id, nis, deelgemeente, postcode, postname, street_nl, street_fr.
    missing_numbers : pandas.DataFrame
        street_id, number: house numbers left out of the register on purpose (gaps).
    """

    table: pd.DataFrame
    streets: pd.DataFrame
    missing_numbers: pd.DataFrame


def _street_line(
    polygon: shapely.Geometry, length: float, rng: np.random.Generator, taken: list
) -> shapely.LineString:
    """A straight line of ``length`` m well inside ``polygon``, away from lines already laid."""
    inner = polygon.buffer(-30.0)
    if inner.is_empty:
        inner = polygon
    xmin, ymin, xmax, ymax = inner.bounds
    best = None
    for attempt in range(400):
        cx, cy = rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)
        angle = rng.uniform(0, np.pi)
        scale = length if attempt < 300 else length * 0.5
        dx, dy = np.cos(angle) * scale / 2, np.sin(angle) * scale / 2
        line = shapely.LineString([(cx - dx, cy - dy), (cx + dx, cy + dy)])
        if not inner.contains(line):
            continue
        if all(line.distance(other) > 60.0 for other in taken):
            return line
        best = best or line
    if best is None:
        raise ValidationError("could not lay a synthetic street inside the deelgemeente")
    return best


def synthetic_best_table(
    *,
    seed: int = 0,
    extra_streets: int = 0,
    coordinates: str = "EPSG:31370",
) -> SyntheticGazetteer:
    """Build a SYNTHETIC BeST-Address extract of the six municipalities of ipz31 and ipz51.

    Parameters
    ----------
    seed : int
        Seed of every random choice.
    extra_streets : int, default 0
        Further streets with made-up names per deelgemeente (for benchmarks: 30 gives about
        600 streets and 30 000 addresses).
    coordinates : {"EPSG:31370", "EPSG:3812"}
        Which projected coordinate columns to write (a newer BeST release has 3812).

    Returns
    -------
    SyntheticGazetteer
    """
    if coordinates not in ("EPSG:31370", "EPSG:3812"):
        raise ValidationError(
            f"coordinates={coordinates!r} is not supported; allowed: EPSG:31370, EPSG:3812"
        )
    from gis.io_geography import data_dir

    rng = np.random.default_rng(seed)
    deelgemeenten = gpd.read_parquet(data_dir() / "geography" / "deelgemeenten.parquet")
    deelgemeenten = deelgemeenten.set_index("code")
    streets = list(STREETS)
    for code in DEELGEMEENTE_POST if extra_streets else ():
        names = {f"{h}{t}" for h in _NAME_HEADS for t in _NAME_TAILS}
        existing = {n for c, n, _ in streets if c[:5] == code[:5]}
        pool = sorted(names - existing)
        for name in rng.choice(pool, size=min(extra_streets, len(pool)), replace=False):
            streets.append((code, str(name), ""))
    rows: list[dict[str, object]] = []
    street_rows: list[dict[str, object]] = []
    missing: list[tuple[str, int]] = []
    taken: dict[str, list] = {}
    address_id = 900_000_000
    for street_number, (code, name_nl, name_fr) in enumerate(streets):
        street_id = str(9_000_001 + street_number)
        postcode, postname = DEELGEMEENTE_POST[code]
        nis = code[:5]
        highest = int(rng.integers(12, 90))
        spacing = 14.0
        line = _street_line(
            deelgemeenten.geometry[code],
            (highest // 2 + 2) * spacing,
            rng,
            taken.setdefault(code, []),
        )
        taken[code].append(line)
        (x0, y0), (x1, y1) = line.coords
        ux, uy = (x1 - x0) / line.length, (y1 - y0) / line.length
        street_rows.append(
            {
                "street_id": street_id,
                "nis": nis,
                "deelgemeente": code,
                "postcode": postcode,
                "postname": postname,
                "street_nl": name_nl,
                "street_fr": name_fr,
            }
        )
        for number in range(1, highest + 1):
            if 3 < number < highest - 2 and rng.random() < 0.08:
                missing.append((street_id, number))
                continue
            along = spacing * (1 + (number - 1) // 2)
            side = 1.0 if number % 2 else -1.0
            base_x = x0 + ux * along - uy * 9.0 * side
            base_y = y0 + uy * along + ux * 9.0 * side
            variants = [("", "")]
            draw = rng.random()
            if draw < 0.08:
                variants = [("", str(b)) for b in range(1, int(rng.integers(2, 5)) + 1)]
                if rng.random() < 0.5:
                    variants.insert(0, ("", ""))
            elif draw < 0.13:
                variants = [("", ""), ("A", "")]
            for suffix, box in variants:
                address_id += 1
                shift = 5.0 if suffix else 0.0
                status = "current"
                roll = rng.random()
                if roll < 0.03:
                    status = "retired"
                elif roll < 0.04:
                    status = "proposed"
                rows.append(
                    {
                        "x": base_x + ux * shift,
                        "y": base_y + uy * shift,
                        "address_id": str(address_id),
                        "box_number": box,
                        "house_number": f"{number}{suffix}",
                        "municipality_id": nis,
                        "municipality_name_de": "",
                        "municipality_name_fr": MUNICIPALITY_NAMES[nis],
                        "municipality_name_nl": MUNICIPALITY_NAMES[nis],
                        "postcode": postcode,
                        "postname_fr": postname,
                        "postname_nl": postname,
                        "street_id": street_id,
                        "streetname_de": "",
                        "streetname_fr": name_fr,
                        "streetname_nl": name_nl,
                        "region_code": "BE-VLG",
                        "status": status,
                    }
                )
    frame = pd.DataFrame(rows)
    points = gpd.GeoSeries(gpd.points_from_xy(frame["x"], frame["y"]), crs="EPSG:31370")
    wgs = points.to_crs("EPSG:4326")
    projected = points if coordinates == "EPSG:31370" else points.to_crs(coordinates)
    epsg = coordinates.split(":")[1]
    frame[f"EPSG:{epsg}_x"] = np.round(shapely.get_x(projected.to_numpy()), 2).astype(str)
    frame[f"EPSG:{epsg}_y"] = np.round(shapely.get_y(projected.to_numpy()), 2).astype(str)
    frame["EPSG:4326_lat"] = np.round(shapely.get_y(wgs.to_numpy()), 7).astype(str)
    frame["EPSG:4326_lon"] = np.round(shapely.get_x(wgs.to_numpy()), 7).astype(str)
    columns = [c.replace("31370", epsg) for c in BEST_COLUMNS]
    table = frame[columns].astype("str")
    return SyntheticGazetteer(
        table=table,
        streets=pd.DataFrame(street_rows).astype("str"),
        missing_numbers=pd.DataFrame(missing, columns=["street_id", "number"]),
    )


# -- messy addresses --------------------------------------------------------------------------

_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("steenweg", "stwg."),
    ("steenweg", "stw"),
    ("straat", "str."),
    ("straat", "str"),
    ("laan", "ln"),
    ("plein", "pl."),
    ("Koningin ", "Kon. "),
    ("Koning ", "Kon "),
    ("Sint-", "St.-"),
    ("Sint-", "St "),
    ("Onze-Lieve-Vrouw", "O.L.V.-"),
    ("Avenue ", "Av. "),
)

KINDS: tuple[str, ...] = (
    "clean",
    "case",
    "abbreviation",
    "typo",
    "no_postcode",
    "deelgemeente_name",
    "postcode_only",
    "french",
    "box_form",
    "box_is_postcode",
    "one_field",
    "missing_number",
    "ambiguous",
    "unknown_street",
)
"""Perturbation kinds of :func:`messy_addresses`."""


def _typo(name: str, rng: np.random.Generator) -> str:
    """One edit (drop, double or swap of two letters) away from the first 3 letters."""
    i = int(rng.integers(3, len(name) - 1))
    kind = rng.integers(0, 3)
    if kind == 0:
        return name[:i] + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i] + name[i:]
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def messy_addresses(
    gazetteer: SyntheticGazetteer, rows: int, *, seed: int = 0, kinds: tuple[str, ...] = KINDS
) -> pd.DataFrame:
    """Draw police-style address rows from the synthetic register, each with its truth.

    Parameters
    ----------
    gazetteer : SyntheticGazetteer
        From :func:`synthetic_best_table`.
    rows : int
        Number of rows.
    seed : int
        Seed of every random choice.
    kinds : tuple of str
        Perturbations to draw from (:data:`KINDS`), equally often.

    Returns
    -------
    pandas.DataFrame
        ``street``, ``number``, ``box``, ``postcode``, ``municipality`` (text as typed),
        ``kind``, ``true_street_id`` (``""`` for ambiguous and unknown streets),
        ``true_number``, ``true_suffix``, ``true_box`` and ``expect``: ``"address"`` (the
        register holds that exact address), ``"street"`` (the street is known, the number is
        not in the register), ``"review"`` (the text fits several streets: must not be
        placed) or ``"none"`` (no such street: must not be placed).
    """
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValidationError(f"kinds {unknown} are not known; allowed: {', '.join(KINDS)}")
    rng = np.random.default_rng(seed)
    table = gazetteer.table
    streets = gazetteer.streets.set_index("street_id")
    current = table[table["status"].eq("current")].reset_index(drop=True)
    keys = street_key(streets["street_nl"])
    key_count = keys.value_counts()
    # street names in several streets: the ambiguous cases
    repeated = streets[keys.map(key_count).gt(1).to_numpy()]
    same_postcode = repeated.groupby(["street_nl", "postcode"]).filter(lambda g: len(g) > 1)
    same_municipality = repeated.groupby(["street_nl", "nis"]).filter(
        lambda g: g["postcode"].nunique() > 1
    )
    all_keys = set(keys) | set(street_key(streets["street_fr"][streets["street_fr"].ne("")]))
    missing = gazetteer.missing_numbers.to_dict("records")
    street_of = streets.to_dict("index")
    current_rows = current.to_dict("records")
    french_rows = [a for a in current_rows if a["streetname_fr"]]
    same_postcode_rows = same_postcode.to_dict("records")
    same_municipality_rows = same_municipality.to_dict("records")
    repeated_rows = repeated.to_dict("records")
    picks = rng.choice(np.asarray(kinds), size=rows)
    draws = rng.integers(0, 1 << 30, size=(rows, 4))
    no_truth = {"true_street_id": "", "true_number": 0, "true_suffix": "", "true_box": ""}
    out: list[dict[str, object]] = []
    typos: list[tuple[int, list[str]]] = []
    for i, kind in enumerate(picks.tolist()):
        r = draws[i].tolist()
        source = french_rows if kind == "french" else current_rows
        a = source[r[0] % len(source)]
        street = a["streetname_nl"]
        number = a["house_number"]
        box = a["box_number"]
        postcode = a["postcode"]
        place = a["municipality_name_nl"]
        digits = number.rstrip("AB")
        truth = {
            "true_street_id": a["street_id"],
            "true_number": int(digits),
            "true_suffix": number[len(digits) :],
            "true_box": box,
            "expect": "address",
        }
        number_field, box_field = number, box
        if kind == "case":
            street = street.upper() if r[1] % 2 else street.lower()
            place = place.upper()
        elif kind == "abbreviation":
            options = [(f, t) for f, t in _ABBREVIATIONS if f in street]
            if options:
                f, t = options[r[1] % len(options)]
                street = street.replace(f, t, 1)
        elif kind == "typo" and len(street) >= 12:
            typo_rng = np.random.default_rng(r[1])
            typos.append((i, [_typo(street, typo_rng) for _ in range(5)]))
        elif kind == "no_postcode":
            postcode = ""
        elif kind == "deelgemeente_name":
            place = a["postname_nl"] if r[1] % 2 else f"{a['postname_nl']} ({place})"
            postcode = "" if r[2] % 2 else postcode
        elif kind == "postcode_only":
            place = ""
        elif kind == "french":
            street = a["streetname_fr"]
            place = "Wemmel"
        elif kind == "box_form" and box:
            forms = ("bus", "slash", "b", "bte", "boite")
            number_field = format_house_number(
                int(digits), number[len(digits) :], box, form=forms[r[1] % len(forms)]
            )
            box_field = ""
        elif kind == "box_is_postcode":
            box_field = postcode
            truth["true_box"] = ""
        elif kind == "one_field":
            tail = f", {postcode} {place}" if r[1] % 2 else ""
            joined = f"{number} bus {box}" if box else number
            street = f"{street} {joined}{tail}"
            number_field, box_field = "", ""
            postcode, place = ("", "") if tail else (postcode, place)
        elif kind == "missing_number" and missing:
            gap = missing[r[1] % len(missing)]
            st = street_of[gap["street_id"]]
            street, number_field, box_field = st["street_nl"], str(gap["number"]), ""
            postcode, place = st["postcode"], MUNICIPALITY_NAMES[st["nis"]]
            truth = {
                "true_street_id": gap["street_id"],
                "true_number": int(gap["number"]),
                "true_suffix": "",
                "true_box": "",
                "expect": "street",
            }
        elif kind == "ambiguous":
            choice = r[1] % 3
            if choice == 0 and same_postcode_rows:
                st = same_postcode_rows[r[2] % len(same_postcode_rows)]
                street, postcode, place = st["street_nl"], st["postcode"], ""
            elif choice == 1 and same_municipality_rows:
                st = same_municipality_rows[r[2] % len(same_municipality_rows)]
                street, postcode, place = st["street_nl"], "", MUNICIPALITY_NAMES[st["nis"]]
            else:
                st = repeated_rows[r[2] % len(repeated_rows)]
                street, postcode, place = st["street_nl"], "", ""
            number_field, box_field = str(1 + r[3] % 9), ""
            truth = {**no_truth, "expect": "review"}
        elif kind == "unknown_street":
            street = ("Zonnebloemstraat", "Avenue des Tilleuls", "Hazelaarpad", "Kon. Albertlaan")[
                r[1] % 4
            ]
            truth = {**no_truth, "expect": "none"}
        out.append(
            {
                "street": street,
                "number": number_field,
                "box": box_field,
                "postcode": postcode,
                "municipality": place,
                "kind": str(kind),
                **truth,
            }
        )
    if typos:
        # a typo must not spell another street of the register
        flat = pd.Series([c for _, cands in typos for c in cands], dtype="str")
        keys = street_key(flat).to_numpy().reshape(len(typos), 5)
        for (i, cands), row_keys in zip(typos, keys, strict=True):
            free = [c for c, k in zip(cands, row_keys, strict=True) if k not in all_keys]
            if free:
                out[i]["street"] = free[0]
    frame = pd.DataFrame(out)
    return frame.astype({c: "str" for c in frame.columns if c != "true_number"})
