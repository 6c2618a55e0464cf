"""Offline geocoding of Belgian addresses against a gazetteer (BeST-Address / Adressenregister).

Pure and vectorised: every step works on the *unique* queries of a batch with joins; fuzzy
matching (rapidfuzz ``process.cdist``) only runs for the street names that no exact join
found, within the block of streets their postcode or municipality allows.

The cascade, per address:

1. a stored correction for the same normalised raw text (:func:`gis.address_normalise.
   raw_address_key`) wins;
2. the **street** is found by its exact key, then by its loose key (``Kon.`` → Koning or
   Koningin, whichever the register has), then by fuzzy ratio. A street is accepted only when
   it is the one candidate in the block (or, fuzzy, clearly ahead of the next one); several
   candidates go to **review** and are never guessed;
3. within the street: the exact **address** (number, suffix, box) → the address with the box
   ignored → the **interpolated** point between the nearest existing numbers on the same side
   of the street (same parity) → the **street** point;
4. no street at all: the **municipality** bucket (no point, wijk ``<nis>WONB``).

Every result carries its level, a score (0–100), the register's ``street_id`` and
``address_id``, and, for review rows, the candidates as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from rapidfuzz import fuzz, process

from gis.address_normalise import (
    expand_street,
    loose_key,
    parse_house_numbers,
    place_key,
    raw_address_key,
    split_street_number,
    street_key,
)
from gis.areas import assign_areas
from gis.errors import ValidationError
from gis.parsing import as_text, normalise_postcodes
from gis.schema import CRS, GeocodeStatus


class GeocodeLevel(StrEnum):
    """How precisely a row was placed."""

    MANUAL = "manual"  # a stored correction (team chief)
    ADDRESS = "address"  # the exact register address
    ADDRESS_NO_BOX = "address_no_box"  # the house, box ignored
    INTERPOLATED = "interpolated"  # between the nearest numbers on the same side
    STREET = "street"  # the street's point
    MUNICIPALITY = "municipality"  # no point: "niet te lokaliseren" bucket of the municipality
    REVIEW = "review"  # several candidates: a person decides
    NONE = "none"  # nothing usable


LEVEL_PENALTY: dict[str, float] = {
    GeocodeLevel.MANUAL: 0.0,
    GeocodeLevel.ADDRESS: 0.0,
    GeocodeLevel.ADDRESS_NO_BOX: 3.0,
    GeocodeLevel.INTERPOLATED: 10.0,
    GeocodeLevel.STREET: 25.0,
}
"""Score taken off the street score for each level."""

ACCEPT_FUZZY = 88.0
"""Lowest fuzzy ratio (0–100) at which a street is taken without review."""
FUZZY_MARGIN = 8.0
"""Lead a fuzzy street needs over the next candidate street to be taken."""
REVIEW_FUZZY = 70.0
"""Lowest fuzzy ratio at which a street is offered as a review candidate."""
LOOSE_SCORE = 95.0
"""Score of a street found by its loose key (abbreviated first names)."""
MAX_INTERPOLATION_GAP = 40
"""Largest difference between the two neighbouring numbers that is interpolated."""
MAX_ONE_SIDED_GAP = 4
"""Largest distance to the only neighbouring number that is used as the point."""
MAX_CANDIDATES = 5
"""Candidates kept for a review row."""
UNLOCATABLE_WIJK = "WONB"
"""Suffix of the wijk code of a municipality's "niet te lokaliseren" bucket: ``23002WONB``."""

RESULT_COLUMNS: tuple[str, ...] = (
    "raw_key",
    "status",
    "level",
    "score",
    "street_id",
    "address_id",
    "street",
    "nis",
    "deelgemeente",
    "x",
    "y",
    "candidates",
)
"""Columns of :func:`geocode_addresses`' result."""

CORRECTION_COLUMNS: tuple[str, ...] = ("raw_key", "address_id", "street_id", "x", "y", "by", "at")
"""Columns of the ``geocode_corrections`` table."""


@dataclass(frozen=True)
class GazetteerIndex:
    """A gazetteer prepared for matching (built by :func:`prepare_gazetteer`).

    Attributes
    ----------
    addresses : pandas.DataFrame
        address_id, street_id, number (int64, -1 unknown), suffix, box, current, x, y.
    houses : pandas.DataFrame
        One point per (street_id, number), sorted, with ``parity``, for interpolation.
    names : pandas.DataFrame
        One row per street name (nl/fr/de): street_id, nis, key, loose, expanded, name.
    streets : pandas.DataFrame
        Indexed by street_id: name, nis, current, x, y, postcodes.
    street_postcodes, street_deelgemeenten : pandas.DataFrame
        street_id with each postcode / deelgemeente it has addresses in.
    places : pandas.DataFrame
        key, nis, deelgemeente, postcode: municipality, deelgemeente and postal names.
    postcode_nis : pandas.DataFrame
        postcode, nis.
    all_nis : tuple of str
        Every municipality of the gazetteer.
    """

    addresses: pd.DataFrame
    houses: pd.DataFrame
    names: pd.DataFrame
    streets: pd.DataFrame
    street_postcodes: pd.DataFrame
    street_deelgemeenten: pd.DataFrame
    places: pd.DataFrame
    postcode_nis: pd.DataFrame
    all_nis: tuple[str, ...]


def prepare_gazetteer(
    addresses: gpd.GeoDataFrame,
    streets: gpd.GeoDataFrame,
    *,
    municipalities: gpd.GeoDataFrame | None = None,
    deelgemeenten: gpd.GeoDataFrame | None = None,
    postcodes: pd.DataFrame | None = None,
) -> GazetteerIndex:
    """Prepare stored gazetteer layers for :func:`geocode_addresses`.

    Parameters
    ----------
    addresses, streets : geopandas.GeoDataFrame
        Layers ``gazetteer_addresses`` / ``gazetteer_streets`` (see :mod:`gis.gazetteer`).
    municipalities : geopandas.GeoDataFrame, optional
        nis, name: municipality names as place names.
    deelgemeenten : geopandas.GeoDataFrame, optional
        code, name, nis: deelgemeente names (``"Mollem (Asse)"``) as place names.
    postcodes : pandas.DataFrame, optional
        postcode, nis: extra postcode → municipality rows.

    Returns
    -------
    GazetteerIndex
    """
    if addresses.crs is not None and not addresses.crs.equals(CRS):
        raise ValidationError(f"gazetteer addresses must be in {CRS}, got {addresses.crs}")
    geoms = addresses.geometry.to_numpy()
    number = pd.to_numeric(addresses["number"], errors="coerce").fillna(-1).astype("int64")
    table = pd.DataFrame(
        {
            "address_id": as_text(addresses["address_id"]).to_numpy(),
            "street_id": as_text(addresses["street_id"]).to_numpy(),
            "number": number.to_numpy(),
            "suffix": as_text(addresses["suffix"]).str.upper().to_numpy(),
            "box": as_text(addresses["box"]).to_numpy(),
            "current": addresses["current"].astype(bool).to_numpy(),
            "x": shapely.get_x(geoms),
            "y": shapely.get_y(geoms),
        }
    )
    # current addresses first, the house itself (no box) before its boxes
    table = table.assign(_nobox=table["box"].eq("")).sort_values(
        ["street_id", "number", "suffix", "current", "_nobox"],
        ascending=[True, True, True, False, False],
        kind="stable",
    )
    table = table.drop(columns="_nobox").reset_index(drop=True)
    houses = table[(table["number"] >= 0) & table["suffix"].eq("")]
    houses = houses.drop_duplicates(["street_id", "number"]).assign(
        parity=lambda f: f["number"] % 2
    )
    houses = houses[["street_id", "parity", "number", "x", "y", "address_id"]]
    houses = houses.sort_values("number", kind="stable").reset_index(drop=True)

    s = streets
    sg = s.geometry.to_numpy()
    street_table = pd.DataFrame(
        {
            "name": as_text(s["street_nl"])
            .mask(as_text(s["street_nl"]).eq(""), as_text(s["street_fr"]))
            .to_numpy(),
            "nis": as_text(s["nis"]).to_numpy(),
            "current": s["current"].astype(bool).to_numpy(),
            "x": shapely.get_x(sg),
            "y": shapely.get_y(sg),
            "postcodes": as_text(s["postcodes"]).to_numpy(),
        },
        index=pd.Index(as_text(s["street_id"]).to_numpy(), name="street_id"),
    )
    names = []
    for column in ("street_nl", "street_fr", "street_de"):
        part = pd.DataFrame(
            {
                "street_id": as_text(s["street_id"]),
                "nis": as_text(s["nis"]),
                "name": as_text(s[column]),
            }
        )
        names.append(part[part["name"].ne("")])
    name_table = pd.concat(names, ignore_index=True)
    name_table["key"] = street_key(name_table["name"])
    name_table["loose"] = loose_key(name_table["name"])
    name_table["expanded"] = expand_street(name_table["name"])
    name_table = name_table.drop_duplicates(["street_id", "key"]).reset_index(drop=True)

    def exploded(column: str, out: str) -> pd.DataFrame:
        values = as_text(s[column]).str.split(",")
        frame = pd.DataFrame(
            {"street_id": as_text(s["street_id"]).to_numpy(), out: values.to_numpy()}
        ).explode(out)
        frame[out] = frame[out].astype("str")
        return frame[frame[out].ne("")].drop_duplicates().reset_index(drop=True)

    places = _place_table(addresses, municipalities, deelgemeenten)
    postcode_nis = pd.DataFrame(
        {"postcode": as_text(addresses["postcode"]), "nis": as_text(addresses["nis"])}
    )
    if postcodes is not None and len(postcodes):
        postcode_nis = pd.concat(
            [postcode_nis, postcodes[["postcode", "nis"]].astype("str")], ignore_index=True
        )
    postcode_nis = postcode_nis[postcode_nis["postcode"].ne("")].drop_duplicates()
    return GazetteerIndex(
        addresses=table,
        houses=houses,
        names=name_table,
        streets=street_table,
        street_postcodes=exploded("postcodes", "postcode"),
        street_deelgemeenten=exploded("deelgemeenten", "deelgemeente"),
        places=places,
        postcode_nis=postcode_nis.reset_index(drop=True),
        all_nis=tuple(sorted(set(street_table["nis"]))),
    )


def _place_table(
    addresses: pd.DataFrame,
    municipalities: pd.DataFrame | None,
    deelgemeenten: pd.DataFrame | None,
) -> pd.DataFrame:
    parts = []
    for column in ("municipality_nl", "municipality_fr"):
        parts.append(
            pd.DataFrame(
                {
                    "name": as_text(addresses[column]),
                    "nis": as_text(addresses["nis"]),
                    "deelgemeente": "",
                    "postcode": "",
                }
            )
        )
    for column in ("postname_nl", "postname_fr"):
        parts.append(
            pd.DataFrame(
                {
                    "name": as_text(addresses[column]),
                    "nis": as_text(addresses["nis"]),
                    "deelgemeente": "",
                    "postcode": as_text(addresses["postcode"]),
                }
            )
        )
    if municipalities is not None:
        parts.append(
            pd.DataFrame(
                {
                    "name": as_text(municipalities["name"]),
                    "nis": as_text(municipalities["nis"]),
                    "deelgemeente": "",
                    "postcode": "",
                }
            )
        )
    table = pd.concat(parts, ignore_index=True).drop_duplicates()
    table["key"] = place_key(table["name"])
    municipal_keys = set(table.loc[table["postcode"].eq(""), "key"])
    if deelgemeenten is not None:
        dg = pd.DataFrame(
            {
                "name": as_text(deelgemeenten["name"]),
                "nis": as_text(deelgemeenten["nis"]),
                "deelgemeente": as_text(deelgemeenten["code"]),
                "postcode": "",
            }
        )
        dg["key"] = place_key(dg["name"])
        # "Asse (Dg.)" is the municipality's own name: the municipality, not a deelgemeente
        dg = dg[~dg["key"].isin(municipal_keys)]
        table = pd.concat([table, dg], ignore_index=True)
    # a postal name that is a deelgemeente name takes the deelgemeente's code
    dg_of = table[table["deelgemeente"].ne("")].drop_duplicates("key").set_index("key")
    named = table["deelgemeente"].eq("") & table["key"].isin(dg_of.index)
    table.loc[named, "deelgemeente"] = table.loc[named, "key"].map(dg_of["deelgemeente"])
    # a municipality name is not a postal restriction
    table.loc[table["key"].isin(municipal_keys), "postcode"] = ""
    table = table[table["key"].ne("")]
    return (
        table[["key", "nis", "deelgemeente", "postcode"]].drop_duplicates().reset_index(drop=True)
    )


# -- the batch --------------------------------------------------------------------------------


def _resolve_places(postcode: pd.Series, place: pd.Series, index: GazetteerIndex) -> pd.DataFrame:
    """Per unique (postcode, place): candidate municipalities and postcode/deelgemeente filters."""
    frame = pd.DataFrame({"postcode": postcode.to_numpy(), "place": place.to_numpy()})
    unique = frame.drop_duplicates().reset_index(drop=True)
    digits = unique["place"].str.extract(r"\b([1-9]\d{3})\b")[0].fillna("")
    unique["pc"] = unique["postcode"].mask(unique["postcode"].eq(""), digits).astype("str")
    unique["key"] = place_key(unique["place"])
    pc_nis = index.postcode_nis.groupby("postcode")["nis"].agg(lambda v: tuple(sorted(set(v))))
    by_key = index.places.groupby("key")
    key_nis = by_key["nis"].agg(lambda v: tuple(sorted(set(v))))
    key_dg = by_key["deelgemeente"].agg(lambda v: tuple(sorted(set(v) - {""})))
    key_pc = by_key["postcode"].agg(lambda v: tuple(sorted(set(v) - {""})))
    nis_pc = unique["pc"].map(pc_nis)
    nis_pl = unique["key"].map(key_nis)
    out_nis, conflict, known_pc = [], [], []
    for a, b in zip(nis_pc.tolist(), nis_pl.tolist(), strict=True):
        a = a if isinstance(a, tuple) else ()
        b = b if isinstance(b, tuple) else ()
        known_pc.append(bool(a))
        if a and b:
            both = tuple(sorted(set(a) & set(b)))
            conflict.append(not both)
            out_nis.append(both or tuple(sorted(set(a) | set(b))))
        else:
            conflict.append(False)
            out_nis.append(a or b or ())
    unique["nis_set"] = pd.Series(out_nis, dtype=object)
    unique["conflict"] = conflict
    unique["placed"] = unique["nis_set"].map(len).gt(0)
    dg = unique["key"].map(key_dg)
    unique["dg"] = [d[0] if isinstance(d, tuple) and len(d) == 1 else "" for d in dg]
    pl_pc = unique["key"].map(key_pc)
    pl_pc = pd.Series([p[0] if isinstance(p, tuple) and len(p) == 1 else "" for p in pl_pc])
    unique["pcf"] = unique["pc"].where(pd.Series(known_pc), pl_pc).astype("str")
    unique["place_unknown"] = unique["place"].ne("") & nis_pl.isna()
    unique.loc[~unique["placed"], "nis_set"] = pd.Series(
        [index.all_nis] * int((~unique["placed"]).sum()),
        dtype=object,
        index=unique.index[~unique["placed"]],
    )
    return unique


def _narrow(
    cand: pd.DataFrame, queries: pd.DataFrame, index: GazetteerIndex
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep the candidates that fit the postcode/deelgemeente; split unique from ambiguous.

    ``cand`` has qid, street_id, score. Returns (resolved: qid, street_id, score, penalty;
    ambiguous: qid, street_id, score).
    """
    if cand.empty:
        empty = pd.DataFrame(columns=["qid", "street_id", "score", "penalty"])
        return empty, empty[["qid", "street_id", "score"]]
    cand = cand.drop_duplicates(["qid", "street_id"]).copy()
    cand["penalty"] = 0.0
    for column, table, target in (
        ("pcf", index.street_postcodes, "postcode"),
        ("dg", index.street_deelgemeenten, "deelgemeente"),
    ):
        wanted = queries[column].reindex(cand["qid"]).to_numpy()
        pairs = pd.MultiIndex.from_arrays([cand["street_id"].to_numpy(), wanted])
        known = pd.MultiIndex.from_frame(table[["street_id", target]])
        fits = pairs.isin(known)
        asked = wanted != ""
        any_fit = pd.Series(fits).groupby(cand["qid"].to_numpy()).transform("any").to_numpy()
        keep = ~asked | fits | ~any_fit
        cand.loc[asked & ~any_fit, "penalty"] += 5.0  # postcode/deelgemeente did not fit
        cand = cand[keep]
    conflict = queries["conflict"].reindex(cand["qid"]).to_numpy()
    cand.loc[conflict, "penalty"] += 5.0
    # several candidates, exactly one current: the others are retired streets
    current = index.streets["current"].reindex(cand["street_id"]).fillna(False).to_numpy()
    cand["current"] = current
    counts = cand.groupby("qid")["street_id"].transform("size")
    current_counts = cand.groupby("qid")["current"].transform("sum")
    only_current = (counts > 1) & (current_counts == 1) & cand["current"]
    retired_of_one = (counts > 1) & (current_counts == 1) & ~cand["current"]
    cand.loc[only_current, "penalty"] += 5.0
    cand = cand[~retired_of_one.to_numpy()]
    counts = cand.groupby("qid")["street_id"].transform("size")
    resolved = cand[counts == 1][["qid", "street_id", "score", "penalty"]]
    ambiguous = cand[counts > 1][["qid", "street_id", "score"]]
    return resolved, ambiguous


def _compatible(query: str, name: str) -> bool:
    """True when every word of ``query`` is the start of the same word of ``name``."""
    q, n = query.split(), name.split()
    if len(q) != len(n) or q[-1] != n[-1]:
        return False
    return all(b.startswith(a) for a, b in zip(q, n, strict=True))


def _fuzzy(
    todo: pd.DataFrame, queries: pd.DataFrame, index: GazetteerIndex
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fuzzy street match for the queries no join found, block by block."""
    resolved, review = [], []
    names = index.names
    if todo.empty:
        return (
            pd.DataFrame(columns=["qid", "street_id", "score", "penalty"]),
            pd.DataFrame(columns=["qid", "street_id", "score"]),
        )
    block_key = todo["nis_set"].map("|".join) + "#" + todo["pcf"] + "#" + todo["dg"]
    for _, group in todo.groupby(block_key.to_numpy(), sort=False):
        first = group.iloc[0]
        choices = names[names["nis"].isin(first["nis_set"])]
        for column, table, target in (
            ("pcf", index.street_postcodes, "postcode"),
            ("dg", index.street_deelgemeenten, "deelgemeente"),
        ):
            if first[column]:
                allowed = table.loc[table[target].eq(first[column]), "street_id"]
                narrowed = choices[choices["street_id"].isin(allowed)]
                if len(narrowed):
                    choices = narrowed
        if choices.empty:
            continue
        choices = choices.sort_values("street_id", kind="stable")
        street_ids, starts = np.unique(choices["street_id"].to_numpy(), return_index=True)
        scores = process.cdist(
            group["skey"].tolist(),
            choices["key"].tolist(),
            scorer=fuzz.ratio,
            dtype=np.uint8,
            score_cutoff=int(REVIEW_FUZZY),
            workers=1,
        )
        per_street = np.maximum.reduceat(scores, starts, axis=1).astype(np.int16)
        order = np.argsort(-per_street, axis=1, kind="stable")[:, :MAX_CANDIDATES]
        top = np.take_along_axis(per_street, order, axis=1).astype(float)
        best = top[:, 0]
        second = top[:, 1] if top.shape[1] > 1 else np.zeros(len(top))
        accept = (best >= ACCEPT_FUZZY) & (best - second >= FUZZY_MARGIN)
        qids = group.index.to_numpy()
        if accept.any():
            resolved.append(
                pd.DataFrame(
                    {
                        "qid": qids[accept],
                        "street_id": street_ids[order[accept, 0]],
                        "score": best[accept],
                        "penalty": 0.0,
                    }
                )
            )
        offer = ~accept & (best >= REVIEW_FUZZY)
        if offer.any():
            rows, ranks = np.nonzero(top[offer] >= REVIEW_FUZZY)
            review.append(
                pd.DataFrame(
                    {
                        "qid": qids[offer][rows],
                        "street_id": street_ids[order[offer][rows, ranks]],
                        "score": top[offer][rows, ranks],
                    }
                )
            )
    res = (
        pd.concat(resolved, ignore_index=True)
        if resolved
        else pd.DataFrame(columns=["qid", "street_id", "score", "penalty"])
    )
    rev = (
        pd.concat(review, ignore_index=True)
        if review
        else pd.DataFrame(columns=["qid", "street_id", "score"])
    )
    return res, rev


def _resolve_streets(queries: pd.DataFrame, index: GazetteerIndex) -> pd.DataFrame:
    """Per unique street query: street_id + score, or review candidates, or nothing."""
    names = index.names
    q_nis = queries[["nis_set"]].explode("nis_set").rename(columns={"nis_set": "nis"})
    q_nis = q_nis.reset_index(names="qid")
    q_nis["nis"] = q_nis["nis"].astype("str")
    has_street = queries["skey"].ne("")
    q_nis = q_nis[has_street.reindex(q_nis["qid"]).to_numpy()]

    exact = q_nis.assign(key=queries["skey"].reindex(q_nis["qid"]).to_numpy())
    exact = exact.merge(names[["street_id", "nis", "key"]], on=["nis", "key"])
    exact["score"] = 100.0
    resolved_a, ambiguous_a = _narrow(exact[["qid", "street_id", "score"]], queries, index)
    found = set(exact["qid"])

    rest = q_nis[~q_nis["qid"].isin(found)]
    loose = rest.assign(loose=queries["lkey"].reindex(rest["qid"]).to_numpy())
    loose = loose.merge(names[["street_id", "nis", "loose", "expanded"]], on=["nis", "loose"])
    if len(loose):
        q_text = queries["expanded"].reindex(loose["qid"]).to_numpy()
        ok = [_compatible(a, b) for a, b in zip(q_text, loose["expanded"], strict=True)]
        loose = loose[np.asarray(ok, dtype=bool)]
    loose["score"] = LOOSE_SCORE
    resolved_b, ambiguous_b = _narrow(loose[["qid", "street_id", "score"]], queries, index)
    found |= set(loose["qid"])

    todo = queries[has_street & ~queries.index.isin(list(found))]
    todo = todo[todo["skey"].str.len() >= 4]
    resolved_c, review_c = _fuzzy(todo, queries, index)

    resolved = pd.concat([resolved_a, resolved_b, resolved_c], ignore_index=True)
    review = pd.concat([ambiguous_a, ambiguous_b, review_c], ignore_index=True)
    out = queries[[]].copy()
    r = resolved.drop_duplicates("qid").set_index("qid")
    out["street_id"] = r["street_id"].reindex(out.index).astype("str")
    out["street_score"] = (r["score"].astype(float) - r["penalty"].astype(float)).reindex(out.index)
    review = review[~review["qid"].isin(r.index)]
    review = review.sort_values(["qid", "score"], ascending=[True, False], kind="stable")
    review = review.groupby("qid").head(MAX_CANDIDATES)
    out["review"] = out.index.isin(review["qid"].unique())
    return out, review


def _match_addresses(rows: pd.DataFrame, index: GazetteerIndex) -> pd.DataFrame:
    """Within a known street: exact address → box ignored → interpolated → street point.

    ``rows`` has street_id, number (Int64), suffix, box; returns level, address_id, x, y per
    row (same index).
    """
    out = pd.DataFrame(index=rows.index)
    out["level"] = GeocodeLevel.STREET.value
    out["address_id"] = ""
    street = index.streets.reindex(rows["street_id"])
    out["x"] = street["x"].to_numpy()
    out["y"] = street["y"].to_numpy()
    number = rows["number"].astype("Int64")
    has_number = number.notna().to_numpy()
    work = pd.DataFrame(
        {
            "rid": rows.index[has_number],
            "street_id": rows["street_id"].to_numpy()[has_number],
            "number": number[has_number].astype("int64").to_numpy(),
            "suffix": rows["suffix"].to_numpy()[has_number],
            "box": rows["box"].to_numpy()[has_number],
        }
    )
    addr = index.addresses

    def take(found: pd.DataFrame, level: str) -> None:
        found = found.drop_duplicates("rid")
        out.loc[found["rid"], "level"] = level
        out.loc[found["rid"], "address_id"] = found["address_id"].to_numpy()
        out.loc[found["rid"], "x"] = found["x"].to_numpy()
        out.loc[found["rid"], "y"] = found["y"].to_numpy()

    exact = work.merge(addr, on=["street_id", "number", "suffix", "box"], sort=False)
    take(exact, GeocodeLevel.ADDRESS.value)
    work = work[~work["rid"].isin(exact["rid"])]
    house = work.merge(addr.drop(columns="box"), on=["street_id", "number", "suffix"], sort=False)
    take(house, GeocodeLevel.ADDRESS_NO_BOX.value)
    work = work[~work["rid"].isin(house["rid"])]
    # "12A" not in the register but 12 is: its neighbour
    bare = work[work["suffix"].ne("")].merge(
        index.houses[["street_id", "number", "x", "y", "address_id"]],
        on=["street_id", "number"],
    )
    take(bare, GeocodeLevel.INTERPOLATED.value)
    work = work[~work["rid"].isin(bare["rid"])]
    if len(work):
        work = work.assign(parity=work["number"] % 2).sort_values("number", kind="stable")
        houses = index.houses
        lower = pd.merge_asof(
            work,
            houses.rename(
                columns={"number": "n_lo", "x": "x_lo", "y": "y_lo", "address_id": "a_lo"}
            ),
            left_on="number",
            right_on="n_lo",
            by=["street_id", "parity"],
            direction="backward",
        )
        upper = pd.merge_asof(
            work,
            houses.rename(
                columns={"number": "n_hi", "x": "x_hi", "y": "y_hi", "address_id": "a_hi"}
            ),
            left_on="number",
            right_on="n_hi",
            by=["street_id", "parity"],
            direction="forward",
        )
        both = lower.merge(upper[["rid", "n_hi", "x_hi", "y_hi", "a_hi"]], on="rid")
        n, lo, hi = both["number"], both["n_lo"], both["n_hi"]
        two = lo.notna() & hi.notna() & ((hi - lo) <= MAX_INTERPOLATION_GAP)
        t = ((n - lo) / (hi - lo)).where(two)
        x = both["x_lo"] + t * (both["x_hi"] - both["x_lo"])
        y = both["y_lo"] + t * (both["y_hi"] - both["y_lo"])
        near_lo = ~two & lo.notna() & ((n - lo) <= MAX_ONE_SIDED_GAP)
        near_hi = ~two & ~near_lo & hi.notna() & ((hi - n) <= MAX_ONE_SIDED_GAP)
        x = x.where(two, both["x_lo"].where(near_lo, both["x_hi"].where(near_hi)))
        y = y.where(two, both["y_lo"].where(near_lo, both["y_hi"].where(near_hi)))
        nearest = both["a_lo"].where((n - lo) <= (hi - n).fillna(np.inf), both["a_hi"])
        nearest = nearest.where(two, both["a_lo"].where(near_lo, both["a_hi"].where(near_hi)))
        placed = (two | near_lo | near_hi).to_numpy()
        found = pd.DataFrame(
            {
                "rid": both["rid"][placed],
                "x": x[placed],
                "y": y[placed],
                "address_id": nearest[placed].astype("str"),
            }
        )
        take(found, GeocodeLevel.INTERPOLATED.value)
    # an interpolated point names the nearest existing address, but it is not that address
    out.loc[out["level"].eq(GeocodeLevel.INTERPOLATED.value), "address_id"] = ""
    return out


def _empty_corrections() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="str") for c in CORRECTION_COLUMNS})


def geocode_addresses(
    rows: pd.DataFrame,
    index: GazetteerIndex,
    *,
    corrections: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Geocode address rows against a prepared gazetteer.

    Parameters
    ----------
    rows : pandas.DataFrame
        Columns ``street``, ``number``, ``box``, ``postcode``, ``municipality`` (text as typed;
        missing columns count as empty).
    index : GazetteerIndex
        From :func:`prepare_gazetteer`.
    corrections : pandas.DataFrame, optional
        :data:`CORRECTION_COLUMNS`; the last correction of a raw key wins.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``rows``, :data:`RESULT_COLUMNS`: ``status`` (a
        :class:`gis.schema.GeocodeStatus` value: geocoded, review or not_locatable),
        ``level`` (:class:`GeocodeLevel`), ``score`` (0–100), register ids, the point
        (``x``/``y`` in EPSG:31370, NaN without one), ``nis``/``deelgemeente`` from the place
        when known, and ``candidates`` (JSON list; review rows only).
    """
    fields = {}
    for column in ("street", "number", "box", "postcode", "municipality"):
        fields[column] = (
            as_text(rows[column])
            if column in rows
            else pd.Series("", index=rows.index, dtype="str")
        )
    raw = raw_address_key(*fields.values())
    codes, uniques = pd.factorize(raw)
    first = pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy()
    u = {name: values.iloc[first].reset_index(drop=True) for name, values in fields.items()}
    u_raw = pd.Series(uniques, dtype="str")

    split = split_street_number(u["street"], u["number"])
    postcode, _ = normalise_postcodes(u["postcode"].mask(u["postcode"].eq(""), split["postcode"]))
    place = u["municipality"].mask(u["municipality"].eq(""), split["place"]).astype("str")
    numbers = parse_house_numbers(split["number"], u["box"], postcode)

    places = _resolve_places(postcode, place, index)
    place_id = pd.MultiIndex.from_frame(pd.DataFrame({"p": postcode, "q": place}))
    place_row = pd.MultiIndex.from_frame(places[["postcode", "place"]]).get_indexer(place_id)
    prow = places.iloc[place_row].reset_index(drop=True)

    skey = street_key(split["street"])
    queries_frame = pd.DataFrame({"skey": skey, "block": place_row, "street": split["street"]})
    q_codes, _ = pd.factorize(pd.MultiIndex.from_frame(queries_frame[["skey", "block"]]))
    q_first = pd.Series(np.arange(len(q_codes))).groupby(q_codes).first().to_numpy()
    queries = pd.DataFrame(
        {
            "skey": skey.iloc[q_first].to_numpy(),
            "lkey": loose_key(split["street"].iloc[q_first]).to_numpy(),
            "expanded": expand_street(split["street"].iloc[q_first]).to_numpy(),
            "nis_set": prow["nis_set"].iloc[q_first].to_numpy(),
            "pcf": prow["pcf"].iloc[q_first].to_numpy(),
            "dg": prow["dg"].iloc[q_first].to_numpy(),
            "conflict": prow["conflict"].iloc[q_first].to_numpy(),
        }
    )
    streets, review = _resolve_streets(queries, index)

    res = pd.DataFrame(index=pd.RangeIndex(len(u_raw)))
    res["raw_key"] = u_raw
    res["street_id"] = streets["street_id"].to_numpy()[q_codes]
    res["street_score"] = streets["street_score"].to_numpy()[q_codes]
    res["review"] = streets["review"].to_numpy()[q_codes]
    res["qid"] = q_codes
    nis_set = prow["nis_set"]
    single_nis = nis_set.map(lambda s: s[0] if len(s) == 1 else "")
    res["nis"] = single_nis.where(prow["placed"], "").astype("str")
    res["deelgemeente"] = prow["dg"].astype("str")

    # corrections: by raw key, the latest wins
    forced = pd.Series(False, index=res.index)
    manual = pd.DataFrame(index=res.index, columns=["x", "y", "address_id"], dtype=object)
    if corrections is not None and len(corrections):
        latest = corrections.sort_values("at", kind="stable").drop_duplicates(
            "raw_key", keep="last"
        )
        latest = latest.set_index("raw_key")
        hit = res["raw_key"].isin(latest.index)
        if hit.any():
            c = latest.reindex(res.loc[hit, "raw_key"])
            addr = index.addresses.drop_duplicates("address_id").set_index("address_id")
            a_x = addr["x"].reindex(c["address_id"]).to_numpy()
            a_y = addr["y"].reindex(c["address_id"]).to_numpy()
            a_street = addr["street_id"].reindex(c["address_id"]).to_numpy()
            cx = pd.to_numeric(c["x"], errors="coerce").to_numpy()
            cy = pd.to_numeric(c["y"], errors="coerce").to_numpy()
            x = np.where(np.isnan(a_x), cx, a_x)
            y = np.where(np.isnan(a_y), cy, a_y)
            street_given = as_text(c["street_id"]).to_numpy()
            street_id = np.where(pd.isna(a_street), street_given, a_street).astype(object)
            rows_hit = res.index[hit]
            point = ~np.isnan(x)
            manual.loc[rows_hit[point], "x"] = x[point]
            manual.loc[rows_hit[point], "y"] = y[point]
            manual.loc[rows_hit[point], "address_id"] = np.where(
                np.isnan(a_x[point]), "", c["address_id"].to_numpy()[point]
            )
            forced.loc[rows_hit[point]] = True
            # a correction naming only a street: match the number within that street
            street_only = ~point & (street_id != "")
            res.loc[rows_hit, "street_id"] = np.where(
                point | street_only, street_id, res.loc[rows_hit, "street_id"].to_numpy()
            )
            res.loc[rows_hit[street_only], "street_score"] = 100.0
            res.loc[rows_hit[point | street_only], "review"] = False
            res.loc[rows_hit[point], "street_score"] = 100.0

    located = res["street_id"].notna() & res["street_id"].ne("") & ~forced
    matched = _match_addresses(
        pd.DataFrame(
            {
                "street_id": res["street_id"][located],
                "number": numbers["number"][located],
                "suffix": numbers["suffix"][located],
                "box": numbers["box"][located],
            }
        ),
        index,
    )
    res["level"] = GeocodeLevel.NONE.value
    res["address_id"] = ""
    res["x"] = np.nan
    res["y"] = np.nan
    res.loc[located, ["level", "address_id", "x", "y"]] = matched[
        ["level", "address_id", "x", "y"]
    ].to_numpy()
    res.loc[forced, "level"] = GeocodeLevel.MANUAL.value
    res.loc[forced, ["x", "y", "address_id"]] = manual.loc[
        forced, ["x", "y", "address_id"]
    ].to_numpy()
    penalty = res["level"].map(LEVEL_PENALTY).fillna(0.0).astype(float)
    res["score"] = (res["street_score"].fillna(0.0) - penalty).clip(0, 100).round(1)
    has_point = res["x"].notna() & res["level"].ne(GeocodeLevel.NONE.value)
    res["status"] = np.where(has_point, GeocodeStatus.GEOCODED.value, "")
    is_review = ~has_point & res["review"]
    res.loc[is_review, "level"] = GeocodeLevel.REVIEW.value
    res.loc[is_review, "status"] = GeocodeStatus.REVIEW.value
    bucket = ~has_point & ~is_review
    municipal = bucket & res["nis"].ne("")
    res.loc[municipal, "level"] = GeocodeLevel.MUNICIPALITY.value
    res.loc[bucket, "status"] = GeocodeStatus.NOT_LOCATABLE.value
    res.loc[bucket | is_review, "score"] = 0.0
    res.loc[~has_point, ["x", "y"]] = np.nan
    res["street"] = index.streets["name"].reindex(res["street_id"].fillna("")).fillna("").to_numpy()
    res["street_id"] = res["street_id"].fillna("").where(has_point, "").astype("str")
    res["address_id"] = res["address_id"].fillna("").astype("str")
    res["street"] = res["street"].where(has_point, "").astype("str")
    res["candidates"] = ""
    if is_review.any():
        res.loc[is_review, "candidates"] = _candidates_json(
            res[is_review], review, numbers.loc[is_review], index
        )
    out = res[list(RESULT_COLUMNS)].iloc[codes].set_axis(rows.index)
    out["x"] = out["x"].astype(float)
    out["y"] = out["y"].astype(float)
    out["score"] = out["score"].astype(float)
    return out


def _candidates_json(
    res: pd.DataFrame, review: pd.DataFrame, numbers: pd.DataFrame, index: GazetteerIndex
) -> pd.Series:
    """For each review row: its candidate streets, each with the point of the number there."""
    pairs = res[["qid"]].reset_index(names="rid").merge(review, on="qid")
    num = numbers.reindex(pairs["rid"])
    placed = _match_addresses(
        pd.DataFrame(
            {
                "street_id": pairs["street_id"].to_numpy(),
                "number": num["number"].to_numpy(),
                "suffix": num["suffix"].to_numpy(),
                "box": num["box"].to_numpy(),
            }
        ),
        index,
    )
    streets = index.streets.reindex(pairs["street_id"])
    pairs = pairs.assign(
        name=streets["name"].to_numpy(),
        nis=streets["nis"].to_numpy(),
        postcodes=streets["postcodes"].to_numpy(),
        level=placed["level"].to_numpy(),
        address_id=placed["address_id"].to_numpy(),
        x=placed["x"].round(2).to_numpy(),
        y=placed["y"].round(2).to_numpy(),
    )
    columns = ["street_id", "name", "nis", "postcodes", "score", "level", "address_id", "x", "y"]
    records = pairs[columns].astype(object).where(pairs[columns].notna(), None)
    items = [
        json.dumps(dict(zip(columns, values, strict=True)), ensure_ascii=False)
        for values in records.itertuples(index=False, name=None)
    ]
    texts = (
        pd.Series(items, dtype="str")
        .groupby(pairs["rid"].to_numpy(), sort=False)
        .agg(lambda v: "[" + ",".join(v) + "]")
    )
    return texts.reindex(res.index).fillna("[]").astype("str")


def apply_geocoding(
    incidents: gpd.GeoDataFrame,
    results: pd.DataFrame,
    *,
    municipalities: gpd.GeoDataFrame,
    deelgemeenten: gpd.GeoDataFrame,
    wijken: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame:
    """Write geocoding results into incidents: point, status and areas.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Canonical incidents.
    results : pandas.DataFrame
        From :func:`geocode_addresses`, indexed like the incidents it concerns (a subset).
    municipalities, deelgemeenten, wijken : geopandas.GeoDataFrame
        The workspace's areas.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy of ``incidents``: the rows of ``results`` with their new geometry,
        ``geocode_status``, ``nis``, ``deelgemeente``, ``wijk`` and ``in_zone``. Rows in a
        municipality bucket get wijk ``<nis>WONB`` and no point.
    """
    out = incidents.copy()
    if results.empty:
        return out
    idx = results.index
    has_point = results["x"].notna().to_numpy()
    points = gpd.GeoSeries(
        gpd.points_from_xy(results["x"].fillna(0), results["y"].fillna(0)), index=idx, crs=CRS
    ).where(has_point, None)
    areas = assign_areas(
        points[has_point], municipalities=municipalities, deelgemeenten=deelgemeenten, wijken=wijken
    )
    geometry = out.geometry.copy()
    geometry.loc[idx] = points
    out = out.set_geometry(geometry)
    out.loc[idx, "geocode_status"] = results["status"].to_numpy()
    located_idx = idx[has_point]
    for column in ("nis", "deelgemeente", "wijk"):
        out.loc[located_idx, column] = areas[column].to_numpy()
    out.loc[located_idx, "in_zone"] = areas["in_zone"].to_numpy()
    pointless = idx[~has_point]
    nis = results.loc[pointless, "nis"].replace("", np.nan)
    out.loc[pointless, "nis"] = nis.to_numpy()
    out.loc[pointless, "deelgemeente"] = (
        results.loc[pointless, "deelgemeente"].replace("", np.nan).to_numpy()
    )
    bucket = results.loc[pointless, "level"].eq(GeocodeLevel.MUNICIPALITY.value).to_numpy()
    wijk = np.where(bucket, nis.fillna("").to_numpy() + UNLOCATABLE_WIJK, None)
    out.loc[pointless, "wijk"] = pd.Series(wijk, index=pointless, dtype="str").to_numpy()
    zone_nis = set(municipalities["nis"])
    out.loc[pointless, "in_zone"] = ~nis.notna().to_numpy() | nis.isin(zone_nis).to_numpy()
    for column in ("nis", "deelgemeente", "wijk", "geocode_status"):
        out[column] = out[column].astype("str")
    out["in_zone"] = out["in_zone"].astype(bool)
    return out


def level_counts(results: pd.DataFrame) -> pd.Series:
    """Count results per level, in the order of :class:`GeocodeLevel`."""
    order = [level.value for level in GeocodeLevel]
    return results["level"].value_counts().reindex(order, fill_value=0).astype("int64")
