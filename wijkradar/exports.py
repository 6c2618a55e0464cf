"""Exports per user: exactly what the user may see, through the access session, audited.

``wijkradar export --as NAME --what WHAT`` and the app's download buttons both call
:func:`export_frame` / :func:`write_export`. What can be exported is a registry: a module adds
a kind with :func:`register_export` (the planner registers ``plan`` when it lands; until then
``plan`` answers that no plan exists in this version).

The files of ``wijkradar export`` keep the canonical field names (the CSV matches the
GeoPackage layer beside it); the app labels its tables and downloads for people first with
:func:`people_table` (headings and code words in the user's language).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from gis import i18n
from gis.access import PARTNER_COLUMNS, Role, partner_table
from gis.errors import ValidationError, WorkspaceError
from gis.i18n import code_words
from gis.io_access import AccessSession
from gis.safety import neutralise_formulas
from gis.selection import Selection


@dataclass(frozen=True)
class ExportOptions:
    """Filters of an export (all optional)."""

    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    categories: tuple[str, ...] | None = None
    wijken: tuple[str, ...] = ()
    level: str = "wijk"
    period: str = "month"
    cell_size: float = 200.0
    extra: dict[str, object] = field(default_factory=dict)

    def filters(self) -> dict[str, object]:
        """The options as an audit filter."""
        return {
            "start": self.start,
            "end": self.end,
            "categories": None if self.categories is None else list(self.categories),
            "wijken": list(self.wijken),
            "level": self.level,
            "period": self.period,
            "cell_size": self.cell_size,
        }


Exporter = Callable[[AccessSession, ExportOptions], pd.DataFrame]
EXPORTS: dict[str, Exporter] = {}
"""Export kinds by name; extend with :func:`register_export`."""


def register_export(name: str) -> Callable[[Exporter], Exporter]:
    """Register an export kind: a function (session, options) → table the user may see.

    The function must read only through the :class:`AccessSession` (never the workspace),
    with ``audit=False``: :func:`export_frame` audits the export once.
    """

    def register(function: Exporter) -> Exporter:
        EXPORTS[name] = function
        return function

    return register


@register_export("incidents")
def _incidents(session: AccessSession, options: ExportOptions) -> pd.DataFrame:
    return session.incidents(
        wijken=options.wijken or None,
        start=options.start,
        end=options.end,
        categories=options.categories,
        audit=False,
    )


@register_export("nuisance")
def _nuisance(session: AccessSession, options: ExportOptions) -> pd.DataFrame:
    return session.nuisance(
        level=options.level,
        period=options.period,
        categories=options.categories,
        start=options.start,
        end=options.end,
        cell_size=max(options.cell_size, session.policy.min_cell_m),
        audit=False,
    )


@register_export("hotspots")
def _hotspots(session: AccessSession, options: ExportOptions) -> pd.DataFrame:
    if session.user.role is Role.PARTNER:
        return session.nuisance(
            level="grid",
            period="total",
            categories=options.categories,
            start=options.start,
            end=options.end,
            cell_size=max(options.cell_size, session.policy.min_cell_m),
            audit=False,
        )
    selection = Selection(
        wijken=options.wijken,
        start=options.start,
        end=options.end,
        categories=options.categories,
    )
    grid, _ = session.hotspots(selection, cell_size=options.cell_size, audit=False)
    grid = grid[grid["count"] > 0].sort_values(["count", "cell"], ascending=[False, True])
    return grid.reset_index(drop=True)


EXPORT_MODULES: tuple[str, ...] = ("wijkradar.plan_exports",)
"""Modules imported (when they exist) before an export, so that they can register kinds:
the planner's ``wijkradar/plan_exports.py`` registers ``plan`` with :func:`register_export`."""


@register_export("plan")
def _plan(session: AccessSession, options: ExportOptions) -> pd.DataFrame:
    raise WorkspaceError(
        "there is no presence plan to export in this version (the planner registers the "
        "'plan' export in wijkradar/plan_exports.py)"
    )


def _load_export_modules() -> None:
    import importlib
    import importlib.util

    for name in EXPORT_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def export_frame(session: AccessSession, what: str, options: ExportOptions) -> pd.DataFrame:
    """Return the table of export kind ``what`` as ``session.user`` may see it (not audited)."""
    _load_export_modules()
    if what not in EXPORTS:
        raise ValidationError(f"what={what!r} cannot be exported; allowed: {', '.join(EXPORTS)}")
    frame = EXPORTS[what](session, options)
    if session.user.role is Role.PARTNER:
        extra = set(frame.columns) - set(PARTNER_COLUMNS)
        if extra:
            raise ValidationError(f"export {what!r} would give a partner columns {sorted(extra)}")
    return frame


CODE_WORDS: dict[str, str] = {
    "source": "table.source.{}",
    "action": "audit.action.{}",
    "role": "auth.role_{}",
    "category": "category.{}",
}
"""Columns holding codes, and the catalogue key of each code's word (see :func:`people_table`)."""


def column_labels(fields: Iterable[str], lang: str = "nl") -> dict[str, str]:
    """Heading of each field (``table.col.<field>`` in the catalogue), in ``lang``.

    Parameters
    ----------
    fields : iterable of str
    lang : {"nl", "fr"}

    Returns
    -------
    dict
        Field → heading, for ``DataFrame.rename(columns=...)``; a field without a heading in
        the catalogue (``geometry``) is left out, so it keeps its name.
    """
    return i18n.column_labels(fields, lang, prefix="table.col")


def people_table(
    frame: pd.DataFrame, lang: str = "nl", *, codes: Mapping[str, str] = CODE_WORDS
) -> pd.DataFrame:
    """A table for people: code columns as words and headings in ``lang``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical columns (incidents, import log, audit log…); not changed.
    lang : {"nl", "fr"}
    codes : mapping, default :data:`CODE_WORDS`
        Column → catalogue key of its codes' words (``"table.source.{}"``).

    Returns
    -------
    pandas.DataFrame
        A copy, for the screen and for :func:`csv_bytes` / :func:`xlsx_bytes`.
    """
    table = frame.copy()
    for column, key in codes.items():
        if column in table.columns:
            table[column] = code_words(table[column], key, lang)
    return table.rename(columns=column_labels(table.columns, lang))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV for spreadsheets (``;``, UTF-8 with BOM), formulas neutralised, no
    geometry."""
    table = partner_table(frame) if "geometry" in frame else pd.DataFrame(frame)
    buffer = io.StringIO()
    neutralise_formulas(table).to_csv(buffer, sep=";", index=False)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(frame: pd.DataFrame, *, sheet_name: str = "data") -> bytes:
    """A table as an XLSX workbook, every text cell written as text (never a formula).

    Parameters
    ----------
    frame : pandas.DataFrame
    sheet_name : str, default "data"
        Name of the one sheet (the app gives it in the user's language); characters Excel
        refuses (``[]:*?/\\``) are replaced, and it is cut at 31 characters.

    Returns
    -------
    bytes
    """
    from openpyxl import Workbook

    table = neutralise_formulas(partner_table(frame) if "geometry" in frame else frame)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", "_", sheet_name)[:31] or "data"
    sheet.append([str(c) for c in table.columns])
    for row in table.itertuples(index=False):
        sheet.append([None if pd.isna(v) else v for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it looks like a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ExportResult:
    """Files written by one export and the number of rows in them."""

    files: list[Path]
    rows: int


def write_export(
    session: AccessSession,
    what: str,
    out_dir: str | Path,
    options: ExportOptions | None = None,
    *,
    xlsx: bool = False,
) -> ExportResult:
    """Write export ``what`` for ``session.user`` as GeoPackage + CSV (+ XLSX); audit it.

    Parameters
    ----------
    session : AccessSession
    what : str
        A key of :data:`EXPORTS`.
    out_dir : str or pathlib.Path
        Folder (created when missing).
    options : ExportOptions, optional
    xlsx : bool, default False
        Write an XLSX workbook too.

    Returns
    -------
    ExportResult
    """
    options = options or ExportOptions()
    frame = export_frame(session, what, options)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = pd.Timestamp.now().strftime("%Y%m%d-%H%M%S")
    stem = f"{what}-{session.user.name}-{stamp}"
    files = []
    if isinstance(frame, gpd.GeoDataFrame):
        path = folder / f"{stem}.gpkg"
        table = frame.copy()
        for column in table.columns:
            if table[column].dtype == object and column != table.geometry.name:
                table[column] = table[column].astype("str")
        pyogrio.write_dataframe(table, path, layer=what, driver="GPKG")
        files.append(path)
    path = folder / f"{stem}.csv"
    path.write_bytes(csv_bytes(frame))
    files.append(path)
    if xlsx:
        path = folder / f"{stem}.xlsx"
        path.write_bytes(xlsx_bytes(frame, sheet_name=what))
        files.append(path)
    session.audit(
        "export", what, options.filters(), len(frame), detail=", ".join(p.name for p in files)
    )
    return ExportResult(files=files, rows=len(frame))
