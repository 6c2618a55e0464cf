"""Read incident tables (CSV, XLSX) and mapping files from disk, the Belgian way."""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from gis.errors import ValidationError

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "cp1252")
DELIMITERS: str = ";,\t|"
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")


@dataclass
class RawTable:
    """A table as read from a file, before any validation.

    Attributes
    ----------
    rows : pandas.DataFrame
        All values as text, indexed by the row number in the file (header = row 1); blank
        lines are left out.
    encoding, delimiter : str or None
        What was detected (None for XLSX).
    blank_lines : int
        Blank lines skipped.
    malformed : pandas.DataFrame
        Rows with more fields than the header: ``row``, ``fields``, ``expected``. Shorter
        rows are kept, padded with empty fields.
    """

    rows: pd.DataFrame
    encoding: str | None
    delimiter: str | None
    blank_lines: int
    malformed: pd.DataFrame


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"cannot decode the file as any of {ENCODINGS}")  # pragma: no cover


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: header.count(d) for d in DELIMITERS}
        return max(counts, key=counts.__getitem__)


def _drop_blank(rows: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    blank = rows.apply(lambda col: col.fillna("").astype("str").str.strip().eq("")).all(axis=1)
    return rows[~blank], int(blank.sum())


def _read_csv_text(text: str, delimiter: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    try:
        with warnings.catch_warnings():
            # a first data row longer than the header: pandas warns (index_col=False)
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                index_col=False,
                engine="c",
            )
        frame.index = frame.index + 2
        return frame, pd.DataFrame(columns=["row", "fields", "expected"])
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        pass
    # rows longer than the header: read record by record so that every one is reported with
    # its row number; shorter rows are padded with empty fields, as pandas does
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    good, numbers, malformed = [], [], []
    for row, record in enumerate(reader, start=2):
        if len(record) <= len(header):
            good.append(record + [""] * (len(header) - len(record)))
            numbers.append(row)
        else:
            malformed.append((row, len(record), len(header)))
    frame = pd.DataFrame(good, columns=header, index=numbers, dtype="str")
    return frame, pd.DataFrame(malformed, columns=["row", "fields", "expected"])


def read_incident_table(path: str | Path, *, sheet: str | int | None = None) -> RawTable:
    """Read a police export (CSV or XLSX) as text, whatever its encoding and delimiter.

    CSV: UTF-8 (with or without BOM) or cp1252; ``;``, ``,``, tab or ``|`` separated.
    XLSX: the first sheet unless ``sheet`` is given; dates come out as ISO text.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    sheet : str or int, optional
        XLSX sheet name or index.

    Returns
    -------
    RawTable

    Raises
    ------
    ValidationError
        For an unsupported file type, an empty file or a file without header.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise ValidationError(
            f"file {path.name!r} has type {suffix!r}; allowed: {', '.join(TABLE_SUFFIXES)}"
        )
    if not path.is_file():
        raise ValidationError(f"file {str(path)!r} does not exist")
    if suffix in (".xlsx", ".xlsm"):
        frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=str, keep_default_na=False)
        frame.index = frame.index + 2
        frame.columns = [str(c).strip() for c in frame.columns]
        rows, blank = _drop_blank(frame)
        empty = pd.DataFrame(columns=["row", "fields", "expected"])
        return RawTable(rows, None, None, blank, empty)
    text, encoding = _decode(path.read_bytes())
    if not text.strip():
        raise ValidationError(f"file {path.name!r} is empty")
    delimiter = _sniff_delimiter(text)
    frame, malformed = _read_csv_text(text, delimiter)
    frame.columns = [str(c).strip() for c in frame.columns]
    rows, blank = _drop_blank(frame)
    return RawTable(rows, encoding, delimiter, blank, malformed)


@dataclass(frozen=True)
class ImportMapping:
    """The options of a mapping file (YAML).

    Example::

        columns:            # input field: header in the file
          id: "PV nr"
          category: "Omschrijving feit"
          start: "Datum feit"
        source: pv          # source of rows without one
        crs: EPSG:31370     # CRS of x/y
        categories:         # recode category text
          "Diefstal met braak in woning": woninginbraak
    """

    columns: dict[str, str]
    source: str | None = None
    crs: str | None = None
    categories: dict[str, str] | None = None


def read_mapping(path: str | Path) -> ImportMapping:
    """Read a mapping file.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    ImportMapping

    Raises
    ------
    ValidationError
        When the YAML is unreadable or has unknown keys.
    """
    try:
        content = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ValidationError(f"mapping file {str(path)!r} cannot be read: {error}") from error
    allowed = {"columns", "source", "crs", "categories"}
    if not isinstance(content, dict) or set(content) - allowed:
        found = sorted(content) if isinstance(content, dict) else repr(content)
        raise ValidationError(
            f"mapping file {str(path)!r} has keys {found}; allowed: {sorted(allowed)}"
        )
    return ImportMapping(
        columns={str(k): str(v) for k, v in (content.get("columns") or {}).items()},
        source=content.get("source"),
        crs=content.get("crs"),
        categories={str(k): str(v) for k, v in (content.get("categories") or {}).items()} or None,
    )
