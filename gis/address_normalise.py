"""Normalisation of Belgian (Flemish) address text, vectorised over pandas Series.

Police exports write the same address in many ways: ``"Kon. Astridln 12 bus 3"``,
``"KONINGIN ASTRIDLAAN 12/3"``, ``"St.-Ursulastr. 4b"``, ``"Av. de Limburg Stirum 7 bte 2"``.
This module turns each part into a comparable form:

- :func:`fold` — lower case, no diacritics, punctuation to spaces, single spaces.
- :func:`expand_street` — :func:`fold` plus the usual abbreviations written out
  (``stwg``/``stw`` → ``steenweg``, ``str.`` → ``straat``, ``ln`` → ``laan``, ``pl``/``pln`` →
  ``plein``, ``St.`` → ``sint``, ``O.L.V.`` → ``onze lieve vrouw``, ``Av.`` → ``avenue`` …).
  ``Kon.`` stays ``kon``: Koning or Koningin is decided by the register (see :func:`loose_key`).
- :func:`street_key` — the expanded text without spaces: ``"August De Boeckstraat"``,
  ``"august de boeck straat"`` and ``"AUGUST DE BOECKSTRAAT"`` all give
  ``"augustdeboeckstraat"``.
- :func:`loose_key` — every word but particles and the last one shortened to its initial
  (``"koning albertstraat"`` and ``"kon albertstraat"`` → ``"kalbertstraat"``); only used when
  the exact key finds nothing, and only accepted when the register has exactly one street with
  that loose key in the block.
- :func:`parse_house_numbers` — ``"12"``, ``"12A"``, ``"12 bus 3"``, ``"12/3"``, ``"12 b3"``,
  ``"12-14"``, ``"12 bte 2"`` … into number, suffix, box and range end; a box equal to the
  postcode is dropped.
- :func:`split_street_number` — ``"Kerkstraat 12 bus 3, 1785 Merchtem"`` in one field split into
  street, number text, postcode and place.

All functions work on the unique values of their input and map the result back, so repeated
addresses cost nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from gis.parsing import as_text

PARTICLES: frozenset[str] = frozenset(
    {
        "de",
        "den",
        "der",
        "van",
        "ten",
        "ter",
        "te",
        "op",
        "in",
        "t",
        "s",
        "la",
        "le",
        "les",
        "du",
        "des",
        "d",
        "l",
        "aux",
        "au",
        "et",
        "en",
    }
)
"""Words kept whole by :func:`loose_key` (articles and prepositions of Dutch and French)."""

# (pattern, replacement) applied in order to folded text (lower case, single spaces).
# "w" = at least two letters of a compound before the abbreviated tail ("kerkstr").
_STREET_RULES: tuple[tuple[str, str], ...] = (
    (r"\bo l v\b", "onze lieve vrouw"),
    (r"\bolv\b", "onze lieve vrouw"),
    (r"\bst$", "straat"),
    (r"\bsts\b", "sint"),
    (r"\bste\b", "sainte"),
    (r"\bst\b", "sint"),
    (r"\b([a-z]{2,})(?:str|strt)$", r"\1straat"),
    (r"\b([a-z]{2,})(?:str|strt)\b(?=\s)", r"\1straat"),
    (r"\b(?:str|strt)\b", "straat"),
    (r"\b([a-z]{2,})(?:stwg|stw|stwg|stnwg|stnw)\b", r"\1steenweg"),
    (r"\b(?:stwg|stw|stnwg|stnw|steenwg)\b", "steenweg"),
    (r"\b([a-z]{2,})(?:pln|pl)\b", r"\1plein"),
    (r"\b(?:pln|pl)\b", "plein"),
    (r"\b([a-z]{2,}[^aeiou ])ln\b", r"\1laan"),
    (r"\bln\b", "laan"),
    (r"\b([a-z]{2,})drf\b", r"\1dreef"),
    (r"\bdrf\b", "dreef"),
    (r"\bkon\b", "kon"),
    (r"\bburg\b", "burgemeester"),
    (r"\bdr\b", "dokter"),
    (r"\bprof\b", "professor"),
    (r"\bgen\b", "generaal"),
    (r"\bav\b", "avenue"),
    (r"\bave\b", "avenue"),
    (r"\b(?:bd|bld|boul|blvd)\b", "boulevard"),
    (r"\b(?:ch|chee|chaus|chs)\b", "chaussee"),
    (r"\br\b(?= )", "rue"),
    (r"\bpl\b", "place"),
)
_COMPILED_RULES = tuple((re.compile(p), r) for p, r in _STREET_RULES)

_BOX_WORDS = r"(?:bus|bte|boite|boîte|bt|box|app|appt|apt|b)"
NUMBER_PATTERN = re.compile(
    r"^\s*(?:(?:nr|no|n|num|numero|huisnr|huisnummer)\s*[.:°]?\s*)?"
    r"(?P<number>\d{1,5})"
    r"(?:\s*(?P<range>/|tot|a)\s*(?P<end>\d{1,5})(?=\s*$|\s+" + _BOX_WORDS + r"))?"
    r"(?:\s*(?P<suffix>bis|ter|[a-z])(?![a-z0-9]))?"
    r"(?:\s*(?:/|" + _BOX_WORDS + r"\b\.?|" + _BOX_WORDS + r"(?=\d))\s*[.:]?\s*"
    r"(?P<box>[a-z0-9]{1,6}(?:[./][a-z0-9]{1,4})?))?"
    r"\s*$",
    re.IGNORECASE,
)
"""House number forms: ``12``, ``12A``, ``12 a``, ``12bis``, ``12-14``, ``12 bus 3``,
``12/3``, ``12 b3``, ``12 bte 2``, ``12 boîte A``, ``nr. 12``, ``12A bus 0.1``."""

_TRAILING_PLACE = re.compile(
    r"^(?P<rest>.*?)[\s,]+(?:b-?\s*)?(?P<postcode>[1-9]\d{3})(?:\s+(?P<place>[^\d,]+?))?\s*$",
    re.IGNORECASE,
)
_STREET_THEN_NUMBER = re.compile(r"^(?P<street>.*?[^\d\s,])[\s,]+(?P<number>\d.*)$")
_NUMBER_THEN_STREET = re.compile(
    r"^(?P<number>\d{1,5}\s?[a-zA-Z]?)[\s,]+(?P<street>(?:rue|r\.|avenue|av\.?|place|pl\.|"
    r"chaussee|chaussée|ch\.|boulevard|bd|drève|dreve|clos|square|allée|allee|chemin|"
    r"sentier|impasse|quai|parvis|rond-point)\b.*)$",
    re.IGNORECASE,
)
"""French order: number first, then a French street word (``12, Avenue de Limburg Stirum``)."""


def _on_unique(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a vectorised ``func`` to the unique values of ``values`` and map back."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    result = func(pd.Series(uniques, dtype="str"))
    return pd.Series(result.to_numpy()[codes], index=values.index, dtype="str")


def _fold_unique(text: pd.Series) -> pd.Series:
    text = text.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    text = text.str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()
    return text.astype("str")


def fold(values: pd.Series) -> pd.Series:
    """Lower case, strip diacritics, turn punctuation into spaces, collapse spaces.

    Parameters
    ----------
    values : pandas.Series
        Any text (missing values become ``""``).

    Returns
    -------
    pandas.Series
        dtype ``str``, same index: ``"Rue d'Été"`` → ``"rue d ete"``.
    """
    return _on_unique(as_text(values), _fold_unique)


def _expand_unique(text: pd.Series) -> pd.Series:
    # O.L.V. and St. are written with dots: collapse "o.l.v." before folding loses them
    text = text.str.replace(r"(?i)\bo\s*\.\s*l\s*\.\s*v\b\.?", " olv ", regex=True)
    text = _fold_unique(text)
    for pattern, replacement in _COMPILED_RULES:
        text = text.str.replace(pattern, replacement, regex=True)
    return text.str.replace(r"\s+", " ", regex=True).str.strip().astype("str")


def expand_street(values: pd.Series) -> pd.Series:
    """Fold street names and write out the usual abbreviations.

    Parameters
    ----------
    values : pandas.Series
        Street names as typed.

    Returns
    -------
    pandas.Series
        dtype ``str``: ``"Brusselse Stwg."`` → ``"brusselse steenweg"``,
        ``"St.-Ursulastr."`` → ``"sint ursulastraat"``, ``"O.L.V.-plein"`` →
        ``"onze lieve vrouw plein"``, ``"Kon. Astridln"`` → ``"kon astridlaan"``.
    """
    return _on_unique(as_text(values), _expand_unique)


def street_key(values: pd.Series) -> pd.Series:
    """Return the matching key of street names: expanded, without spaces.

    Parameters
    ----------
    values : pandas.Series
        Street names as typed or as in the register.

    Returns
    -------
    pandas.Series
        dtype ``str``: ``"August De Boeckstraat"`` → ``"augustdeboeckstraat"``.
    """
    return _on_unique(
        as_text(values), lambda u: _expand_unique(u).str.replace(" ", "", regex=False)
    )


def _loose_unique(expanded: pd.Series) -> pd.Series:
    out = []
    for text in expanded.tolist():  # unique street names only: a few thousand at most
        words = text.split()
        if len(words) < 2:
            out.append(text)
            continue
        head = [w if (w in PARTICLES or w.isdigit()) else w[0] for w in words[:-1]]
        out.append("".join([*head, words[-1]]))
    return pd.Series(out, dtype="str")


def loose_key(values: pd.Series) -> pd.Series:
    """Return the loose key of street names: leading words reduced to their initial.

    ``"Koning Albertstraat"``, ``"Kon. Albertstraat"`` and ``"K. Albertstraat"`` all give
    ``"kalbertstraat"``; ``"Koningin Astridlaan"`` gives ``"kastridlaan"``. Particles (``de``,
    ``van``, ``op`` …) and the last word stay whole. The geocoder uses it only when the
    exact key finds nothing, and only when the register holds one street with that loose key.

    Parameters
    ----------
    values : pandas.Series
        Street names as typed or as in the register.

    Returns
    -------
    pandas.Series
        dtype ``str``.
    """
    return _on_unique(as_text(values), lambda u: _loose_unique(_expand_unique(u)))


def normalise_box(values: pd.Series) -> pd.Series:
    """Normalise box numbers: upper case, no spaces or keywords, leading zeros dropped.

    Parameters
    ----------
    values : pandas.Series
        Box numbers as typed (``"bus 03"``, ``"bte A"``, ``"0.1"``).

    Returns
    -------
    pandas.Series
        dtype ``str``: ``"3"``, ``"A"``, ``"0.1"``; ``""`` where empty.
    """

    def run(u: pd.Series) -> pd.Series:
        text = _fold_keep_dots(u)
        text = text.str.replace(
            r"^(?:bus|bte|boite|bt|box|app|appt|apt|b)\b\.?\s*(?=\S)", "", regex=True
        )
        text = text.str.replace(r"\s+", "", regex=True).str.upper()
        text = text.str.replace(r"^0+(?=\d)", "", regex=True)
        return text.astype("str")

    return _on_unique(as_text(values), run)


def _fold_keep_dots(text: pd.Series) -> pd.Series:
    text = text.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    text = text.str.lower().str.replace(r"[^a-z0-9./]+", " ", regex=True).str.strip()
    return text.astype("str")


def parse_house_numbers(
    number: pd.Series, box: pd.Series | None = None, postcode: pd.Series | None = None
) -> pd.DataFrame:
    """Parse house number text into number, suffix, box and range end.

    Parameters
    ----------
    number : pandas.Series
        House number text: ``"12"``, ``"12A"``, ``"12 bus 3"``, ``"12/3"``, ``"12 b3"``,
        ``"12-14"``, ``"12 bte 2"``, ``"nr. 12"``.
    box : pandas.Series, optional
        A separate box field; wins over a box found in ``number`` when not empty.
    postcode : pandas.Series, optional
        The row's postcode: a box equal to it (``"12 bus 1730"``) is a typing slip and is
        dropped.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``number``: ``number`` (Int64, missing where unreadable or empty),
        ``suffix`` (str, upper case, ``""`` if none), ``box`` (str, normalised, ``""`` if
        none), ``range_end`` (Int64, the 14 of ``12-14``) and ``parsed`` (bool, False where
        the text is not empty but not a house number).
    """
    text = as_text(number)
    codes, uniques = pd.factorize(text, use_na_sentinel=False)
    unique = pd.Series(uniques, dtype="str")
    folded = _fold_keep_dots(unique.str.replace(r"\s*[-–]\s*", " tot ", regex=True))
    parts = folded.str.extract(NUMBER_PATTERN)
    is_range = parts["range"].isin(["tot", "a"]) & parts["end"].notna()
    slash_box = parts["range"].eq("/") & parts["end"].notna()
    box_found = parts["box"].fillna("").mask(slash_box, parts["end"]).astype("str")
    end = pd.to_numeric(parts["end"].where(is_range), errors="coerce")
    start = pd.to_numeric(parts["number"], errors="coerce")
    end = end.where(end > start)
    result = pd.DataFrame(
        {
            "number": start.astype("Int64").to_numpy()[codes],
            "suffix": parts["suffix"].fillna("").str.upper().to_numpy()[codes],
            "box": normalise_box(box_found).to_numpy()[codes],
            "range_end": end.astype("Int64").to_numpy()[codes],
            "parsed": (parts["number"].notna() | unique.eq("")).to_numpy()[codes],
        },
        index=number.index,
    )
    result["suffix"] = result["suffix"].astype("str")
    result["box"] = result["box"].astype("str")
    if box is not None:
        given = normalise_box(box)
        result["box"] = given.where(given.ne(""), result["box"]).astype("str")
    if postcode is not None:
        same = result["box"].eq(as_text(postcode)) & result["box"].ne("")
        result.loc[same, "box"] = ""
    return result


def format_house_number(number: int, suffix: str = "", box: str = "", *, form: str = "bus") -> str:
    """Write a house number the way one of the export forms does (inverse of the parser).

    Parameters
    ----------
    number : int
    suffix : str
        Letter or ``bis``; may be empty.
    box : str
        Box number; may be empty.
    form : {"bus", "slash", "b", "bte", "boite"}
        ``12A bus 3``, ``12A/3``, ``12A b3``, ``12A bte 3``, ``12A boîte 3``.

    Returns
    -------
    str
    """
    head = f"{number}{suffix}"
    if not box:
        return head
    joins = {"bus": " bus ", "slash": "/", "b": " b", "bte": " bte ", "boite": " boîte "}
    return f"{head}{joins[form]}{box}"


def split_street_number(street: pd.Series, number: pd.Series) -> pd.DataFrame:
    """Split addresses typed in one field into street, number, postcode and place.

    ``"Kerkstraat 12 bus 3"``, ``"Kerkstraat 12, 1785 Merchtem"`` and French
    ``"12, Avenue de Limburg Stirum"`` are split when the number field is empty. Street names
    holding digits (``"11 Novemberlaan"``) stay whole unless a house number follows.

    Parameters
    ----------
    street, number : pandas.Series
        The street and number fields as typed.

    Returns
    -------
    pandas.DataFrame
        Columns ``street``, ``number``, ``postcode``, ``place`` (str; ``""`` where absent).
    """
    street_text, number_text = as_text(street), as_text(number)
    codes, uniques = pd.factorize(street_text.str.cat(number_text, sep="\x1f"))
    unique = pd.Series(uniques, dtype="str").str.split("\x1f", n=1, expand=True)
    s, n = unique[0].astype("str"), unique[1].astype("str")
    postcode = pd.Series("", index=unique.index, dtype="str")
    place = pd.Series("", index=unique.index, dtype="str")
    trailing = s.str.extract(_TRAILING_PLACE)
    has_place = trailing["postcode"].notna() & trailing["rest"].str.contains(r"[a-zA-Z]", na=False)
    s = s.mask(has_place, trailing["rest"]).astype("str")
    postcode = postcode.mask(has_place, trailing["postcode"]).astype("str")
    place = place.mask(has_place, trailing["place"].fillna("").str.strip()).astype("str")
    s = s.str.strip(" ,").astype("str")
    empty_number = n.eq("")
    after = s.str.extract(_STREET_THEN_NUMBER)
    after_ok = empty_number & after["number"].notna()
    after_ok &= after["number"].fillna("").str.match(NUMBER_PATTERN)
    s = s.mask(after_ok, after["street"]).astype("str")
    n = n.mask(after_ok, after["number"]).astype("str")
    before = s.str.extract(_NUMBER_THEN_STREET)
    before_ok = empty_number & ~after_ok & before["number"].notna()
    s = s.mask(before_ok, before["street"]).astype("str")
    n = n.mask(before_ok, before["number"]).astype("str")
    out = pd.DataFrame(
        {
            "street": s.str.strip(" ,").to_numpy()[codes],
            "number": n.str.strip().to_numpy()[codes],
            "postcode": postcode.to_numpy()[codes],
            "place": place.to_numpy()[codes],
        },
        index=street.index,
    )
    return out.astype("str")


def place_key(values: pd.Series) -> pd.Series:
    """Return the matching key of place names (municipality, deelgemeente, postal name).

    ``"Mollem (Asse)"`` → ``"mollem"``, ``"Asse (Dg.)"`` → ``"asse"``, ``"ERPS-KWERPS"`` →
    ``"erpskwerps"``, ``"1731 Zellik"`` → ``"zellik"``.

    Parameters
    ----------
    values : pandas.Series

    Returns
    -------
    pandas.Series
        dtype ``str``.
    """

    def run(u: pd.Series) -> pd.Series:
        text = u.str.replace(r"\(.*?\)", " ", regex=True).str.replace(r"\d+", " ", regex=True)
        text = _fold_unique(text).str.replace(
            r"^(?:b|deelgemeente|gemeente|commune)\s+", "", regex=True
        )
        return text.str.replace(" ", "", regex=False).astype("str")

    return _on_unique(as_text(values), run)


def raw_address_key(
    street: pd.Series,
    number: pd.Series,
    box: pd.Series,
    postcode: pd.Series,
    municipality: pd.Series,
) -> pd.Series:
    """Return the normalised raw text of an address: the key under which corrections are kept.

    Parameters
    ----------
    street, number, box, postcode, municipality : pandas.Series
        The address fields as typed (same index).

    Returns
    -------
    pandas.Series
        dtype ``str``: folded fields joined by ``"|"``.
    """
    parts = [fold(v) for v in (street, number, box, postcode, municipality)]
    joined = parts[0].str.cat(parts[1:], sep="|")
    return joined.astype("str")


def parity(numbers: pd.Series) -> pd.Series:
    """Return 0 for even and 1 for odd house numbers (missing stays missing)."""
    values = numbers.astype("Int64")
    return (values % 2).astype("Int64")


__all__ = [
    "NUMBER_PATTERN",
    "PARTICLES",
    "expand_street",
    "fold",
    "format_house_number",
    "loose_key",
    "normalise_box",
    "parity",
    "parse_house_numbers",
    "place_key",
    "raw_address_key",
    "split_street_number",
    "street_key",
]
