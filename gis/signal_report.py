"""Hand-over lists of signals for a municipal service: CSV, map extracts and a PDF.

Everything is made in memory and returned as bytes (the caller decides where files go); maps
are drawn offline with matplotlib from the stored geometries — no tiles, no network. The PDF
uses fpdf2 with the DejaVu Sans font (Debian ``fonts-dejavu-core``, or the copy matplotlib
ships) so that Dutch and French text (é, ë, ç, ’) prints correctly. The only files read are
those fonts.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import WorkspaceError
from gis.i18n import message
from gis.safety import neutralise_formulas
from gis.signals import days_open, overdue, type_labels

FONT_DIRS: tuple[Path, ...] = (Path("/usr/share/fonts/truetype/dejavu"),)
"""Where DejaVu Sans is looked for first (Debian ``fonts-dejavu-core``); matplotlib's own
copy is the fallback."""

HANDOVER_FIELDS: tuple[str, ...] = (
    "nr",
    "kind",
    "signal_id",
    "type",
    "status",
    "reported_at",
    "days_open",
    "overdue",
    "address",
    "municipality",
    "wijk",
    "x",
    "y",
    "lat",
    "lon",
    "description",
    "photos",
    "map",
)
"""Columns of a hand-over list, in order (their headers are translated, see
:func:`handover_table`)."""


def _font_files() -> tuple[Path, Path]:
    candidates = list(FONT_DIRS)
    try:
        import matplotlib

        candidates.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        pass
    for folder in candidates:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    raise WorkspaceError(
        "the DejaVu Sans font is missing; install it with `apt-get install fonts-dejavu-core`"
    )


def _label(key: str, lang: str, **values: object) -> str:
    return message(key, lang, **values)


def handover_table(
    signals: gpd.GeoDataFrame,
    types: pd.DataFrame,
    *,
    municipality_names: Mapping[str, str],
    wijk_names: Mapping[str, str],
    photos: pd.DataFrame | None = None,
    reminders: Sequence[str] = (),
    now: pd.Timestamp,
    lang: str = "nl",
) -> pd.DataFrame:
    """The rows of a hand-over list, one per signal, in the order of ``signals``.

    Parameters
    ----------
    signals : geopandas.GeoDataFrame
        The signals for one service (:data:`gis.signals.SIGNAL_COLUMNS`).
    types : pandas.DataFrame
        The type list (labels, overdue days).
    municipality_names, wijk_names : mapping
        NIS code → name, wijk code → name.
    photos : pandas.DataFrame, optional
        Photo records (``signal_id``, ``file``): listed by file name.
    reminders : sequence of str
        Ids of signals sent before and still open (listed as a reminder).
    now : pandas.Timestamp
        For days open and overdue.
    lang : {"nl", "fr"}

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HANDOVER_FIELDS` (untranslated names; see :func:`handover_csv`);
        ``map`` refers to the signal's map extract in the PDF.
    """
    labels = type_labels(types, lang)
    points = signals.geometry
    wgs = points.to_crs("EPSG:4326") if len(points) else points
    files = {}
    if photos is not None and len(photos):
        files = photos.groupby("signal_id")["file"].agg(lambda f: ", ".join(f)).to_dict()
    late = overdue(signals, types, now=now)
    numbers = np.arange(1, len(signals) + 1)
    kind = np.where(
        signals["signal_id"].isin(list(reminders)),
        _label("signal.report.kind_reminder", lang),
        _label("signal.report.kind_new", lang),
    )
    table = pd.DataFrame(
        {
            "nr": numbers,
            "kind": kind,
            "signal_id": signals["signal_id"].to_numpy(),
            "type": [labels.get(code, code) for code in signals["type"]],
            "status": [_label(f"signal.status.{s}", lang) for s in signals["status"]],
            "reported_at": signals["reported_at"].dt.strftime("%d/%m/%Y").to_numpy(),
            "days_open": days_open(signals, now=now).to_numpy(),
            "overdue": np.where(late, _label("signal.yes", lang), "").astype(object),
            "address": signals["address"].to_numpy(),
            "municipality": [municipality_names.get(n, "") for n in signals["nis"]],
            "wijk": [wijk_names.get(w, w) for w in signals["wijk"]],
            "x": points.x.round(1).to_numpy() if len(points) else [],
            "y": points.y.round(1).to_numpy() if len(points) else [],
            "lat": wgs.y.round(6).to_numpy() if len(points) else [],
            "lon": wgs.x.round(6).to_numpy() if len(points) else [],
            "description": signals["description"].to_numpy(),
            "photos": [files.get(sid, "") for sid in signals["signal_id"]],
            "map": [_label("signal.report.map_ref", lang, nr=n) for n in numbers],
        }
    )
    return table[list(HANDOVER_FIELDS)]


def handover_csv(table: pd.DataFrame, *, lang: str = "nl") -> bytes:
    """Write a hand-over list as CSV for a spreadsheet: ``;``-separated, UTF-8 with BOM,
    translated headers, every cell that a spreadsheet would run as a formula neutralised
    (:func:`gis.safety.neutralise_formulas`)."""
    headers = {f: _label(f"signal.col.{f}", lang) for f in HANDOVER_FIELDS}
    safe = neutralise_formulas(table.astype({"description": object, "address": object}))
    text = safe.rename(columns=headers).to_csv(sep=";", index=False, decimal=",")
    return text.encode("utf-8-sig")


# -- maps -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapContext:
    """What is drawn around signals on a map extract (all EPSG:31370).

    Attributes
    ----------
    wijken : geopandas.GeoDataFrame
        Wijk polygons (``code``, ``name``): drawn as outlines with their name.
    municipalities : geopandas.GeoDataFrame or None
        Municipality polygons, drawn as thicker outlines.
    addresses : geopandas.GeoDataFrame or None
        Address points of the gazetteer, when the workspace has one: grey dots that show
        where the houses and streets are.
    colours : mapping
        Signal type → colour.
    """

    wijken: gpd.GeoDataFrame
    municipalities: gpd.GeoDataFrame | None = None
    addresses: gpd.GeoDataFrame | None = None
    colours: Mapping[str, str] | None = None


def _figure(width_in: float, height_in: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    axes.set_aspect("equal")
    return figure, axes


def _draw_outlines(
    axes, frame: gpd.GeoDataFrame | None, box, *, colour: str, width: float, names: bool
) -> None:
    if frame is None or frame.empty:
        return
    shown = frame[frame.intersects(box)]
    for geometry in shown.geometry:
        for part in getattr(geometry, "geoms", [geometry]):
            for ring in [part.exterior, *part.interiors]:
                xs, ys = ring.xy
                axes.plot(xs, ys, color=colour, linewidth=width, zorder=2)
    if names and "name" in shown:
        for name, geometry in zip(shown["name"], shown.geometry, strict=True):
            inside = geometry.intersection(box)
            if inside.is_empty or inside.area < 0.05 * box.area:
                continue
            spot = inside.representative_point()
            axes.text(
                spot.x,
                spot.y,
                str(name),
                color=colour,
                fontsize=7,
                alpha=0.8,
                ha="center",
                va="center",
                zorder=3,
            )


def _scale_bar(axes, box, length: float) -> None:
    xmin, ymin, xmax, ymax = box.bounds
    x0 = xmax - 0.05 * (xmax - xmin) - length  # bottom right, away from the legend side
    y0 = ymin + 0.05 * (ymax - ymin)
    axes.plot([x0, x0 + length], [y0, y0], color="black", linewidth=2.5, zorder=6)
    axes.text(
        x0 + length / 2,
        y0 + 0.015 * (ymax - ymin),
        f"{length:g} m",
        ha="center",
        va="bottom",
        fontsize=7,
        zorder=6,
    )
    xn, yn = xmax - 0.06 * (xmax - xmin), ymax - 0.12 * (ymax - ymin)
    axes.annotate(
        "N",
        xy=(xn, yn + 0.07 * (ymax - ymin)),
        xytext=(xn, yn),
        ha="center",
        fontsize=8,
        arrowprops={"arrowstyle": "-|>", "color": "black"},
        zorder=6,
    )


def _png(figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=150, facecolor="white")
    return out.getvalue()


def map_extract_png(
    signal: pd.Series,
    signals: gpd.GeoDataFrame,
    context: MapContext,
    *,
    label: str = "",
    size_m: float = 400.0,
) -> bytes:
    """Draw a square map extract around one signal (PNG).

    Parameters
    ----------
    signal : pandas.Series
        One row of a signal table (with ``geometry``, ``type``).
    signals : geopandas.GeoDataFrame
        Other signals drawn small around it (the same list).
    context : MapContext
    label : str
        Text next to the signal's marker (its number in the list).
    size_m : float, default 400
        Side of the extract in metres.

    Returns
    -------
    bytes
        A PNG of 3×3 inches at 150 dpi, white background.
    """
    point = signal.geometry
    half = size_m / 2
    box = shapely.box(point.x - half, point.y - half, point.x + half, point.y + half)
    figure, axes = _figure(3.0, 3.0)
    if context.addresses is not None and len(context.addresses):
        near = context.addresses[context.addresses.intersects(box)]
        axes.scatter(near.geometry.x, near.geometry.y, s=2, color="#b0b0b0", zorder=1)
    _draw_outlines(axes, context.wijken, box, colour="#1f3b73", width=0.8, names=True)
    _draw_outlines(axes, context.municipalities, box, colour="#1f3b73", width=2.0, names=False)
    colours = dict(context.colours or {})
    others = signals[signals.intersects(box)]
    if len(others):
        axes.scatter(
            others.geometry.x,
            others.geometry.y,
            s=18,
            c=[colours.get(t, "#555555") for t in others["type"]],
            edgecolors="black",
            linewidths=0.4,
            zorder=4,
        )
    axes.scatter(
        [point.x],
        [point.y],
        s=160,
        c=[colours.get(signal["type"], "#c0392b")],
        edgecolors="black",
        linewidths=1.5,
        zorder=5,
    )
    if label:
        axes.text(
            point.x,
            point.y,
            label,
            ha="center",
            va="center",
            fontsize=7,
            fontweight="bold",
            zorder=6,
        )
    axes.plot(*box.exterior.xy, color="#888888", linewidth=1.0, zorder=7)
    axes.set_xlim(point.x - half, point.x + half)
    axes.set_ylim(point.y - half, point.y + half)
    _scale_bar(axes, box, 100.0 if size_m >= 300 else 50.0)
    return _png(figure)


def overview_map_png(
    signals: gpd.GeoDataFrame, context: MapContext, *, labels: Sequence[str] | None = None
) -> bytes:
    """Draw every signal of a list on the outlines of its municipalities and wijken (PNG)."""
    figure, axes = _figure(7.0, 5.0)
    if signals.empty:
        return _png(figure)
    xmin, ymin, xmax, ymax = signals.total_bounds
    pad = max(300.0, 0.08 * max(xmax - xmin, ymax - ymin))
    xmin, ymin, xmax, ymax = xmin - pad, ymin - pad, xmax + pad, ymax + pad
    width, height = xmax - xmin, ymax - ymin
    if width / height < 7 / 5:  # fill the 7:5 frame
        extra = (height * 7 / 5 - width) / 2
        xmin, xmax = xmin - extra, xmax + extra
    else:
        extra = (width * 5 / 7 - height) / 2
        ymin, ymax = ymin - extra, ymax + extra
    box = shapely.box(xmin, ymin, xmax, ymax)
    _draw_outlines(axes, context.wijken, box, colour="#7f93b8", width=0.5, names=False)
    _draw_outlines(axes, context.municipalities, box, colour="#1f3b73", width=1.5, names=True)
    colours = dict(context.colours or {})
    axes.scatter(
        signals.geometry.x,
        signals.geometry.y,
        s=70,
        c=[colours.get(t, "#c0392b") for t in signals["type"]],
        edgecolors="black",
        linewidths=0.8,
        zorder=5,
    )
    for text, x, y in zip(labels or [], signals.geometry.x, signals.geometry.y, strict=False):
        axes.text(x, y, text, ha="center", va="center", fontsize=5.5, fontweight="bold", zorder=6)
    axes.set_xlim(xmin, xmax)
    axes.set_ylim(ymin, ymax)
    length = float(10 ** np.floor(np.log10(max(width / 5, 1.0))))
    _scale_bar(axes, box, length)
    return _png(figure)


# -- PDF ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverDocument:
    """What the header of a hand-over PDF says.

    Attributes
    ----------
    service : str
        The service the list is for.
    sender : str
        Who sends it (e.g. ``Wijkdienst PZ AMOW — chef Peeters``).
    created_at : pandas.Timestamp
    handover_id : str
        Printed on every page, so an answer can refer to it.
    synthetic : bool
        Print the synthetic-data warning.
    """

    service: str
    sender: str
    created_at: pd.Timestamp
    handover_id: str
    synthetic: bool = False


def handover_pdf(
    table: pd.DataFrame,
    signals: gpd.GeoDataFrame,
    document: HandoverDocument,
    context: MapContext,
    *,
    photos: Mapping[str, Sequence[tuple[str, bytes]]] | None = None,
    lang: str = "nl",
) -> bytes:
    """Make the PDF of a hand-over list: a summary table and overview map, then one block
    per signal with its map extract, description and first photo.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`handover_table` (same order as ``signals``).
    signals : geopandas.GeoDataFrame
        The signals of the list (EPSG:31370).
    document : HandoverDocument
    context : MapContext
    photos : mapping, optional
        signal_id → [(file name, bytes)] of cleaned photos; the first is printed.
    lang : {"nl", "fr"}

    Returns
    -------
    bytes
        The PDF.
    """
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    regular, bold = _font_files()
    t = lambda key, **v: _label(key, lang, **v)  # noqa: E731
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_title(t("signal.report.title", service=document.service))
    pdf.set_creator("wijkradar")
    footer = t("signal.report.footer", handover=document.handover_id[:8])

    def page_footer() -> None:
        pdf.set_y(-12)
        pdf.set_font("DejaVu", "", 7)
        pdf.cell(0, 5, f"{footer} — {t('signal.report.page', page=pdf.page_no())}", align="C")

    pdf.footer = page_footer  # type: ignore[method-assign]
    pdf.add_page()
    nl = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    if document.synthetic:
        pdf.set_font("DejaVu", "B", 9)
        pdf.set_text_color(180, 0, 0)
        pdf.multi_cell(0, 5, t("signal.report.synthetic"), **nl)
        pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, t("signal.report.title", service=document.service), **nl)
    pdf.set_font("DejaVu", "", 9)
    when = document.created_at.strftime("%d/%m/%Y %H:%M")
    pdf.multi_cell(
        0, 5, t("signal.report.subtitle", sender=document.sender, date=when, count=len(table)), **nl
    )
    pdf.multi_cell(0, 5, t("signal.report.intro"), **nl)
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 7.5)
    summary = (
        "nr",
        "kind",
        "type",
        "address",
        "municipality",
        "reported_at",
        "days_open",
        "overdue",
    )
    widths = (8, 20, 38, 48, 24, 20, 12, 12)
    with pdf.table(
        col_widths=widths, text_align="LEFT", line_height=4, headings_style=_headings()
    ) as grid:
        header = grid.row()
        for field in summary:
            header.cell(t(f"signal.col.{field}"))
        for _, row in table.iterrows():
            line = grid.row()
            for field in summary:
                value = row[field]
                line.cell("" if pd.isna(value) else str(value))
    pdf.ln(3)
    if len(signals):
        labels = [str(n) for n in table["nr"]]
        image = overview_map_png(signals, context, labels=labels)
        if pdf.get_y() + 125 > pdf.h - 15:
            pdf.add_page()
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 6, t("signal.report.overview_map"), **nl)
        pdf.image(io.BytesIO(image), w=175)
    photos = photos or {}
    for position, (_, row) in enumerate(table.iterrows()):
        signal = signals.iloc[position]
        pdf.add_page() if position % 2 == 0 else pdf.ln(4)
        top = pdf.get_y()
        pdf.set_font("DejaVu", "B", 11)
        title = f"{row['nr']}. {row['type']} — {row['municipality']}"
        pdf.multi_cell(0, 6, title, **nl)
        top = pdf.get_y()
        extract = map_extract_png(signal, signals, context, label=str(row["nr"]))
        pdf.image(io.BytesIO(extract), x=pdf.l_margin, y=top, w=75)
        pdf.set_font("DejaVu", "", 6.5)
        pdf.set_xy(pdf.l_margin, top + 76)
        pdf.multi_cell(75, 3.5, t("signal.report.map_caption", x=row["x"], y=row["y"]), **nl)
        bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + 80, top)
        pdf.set_font("DejaVu", "", 8.5)
        facts = [
            (t("signal.col.kind"), row["kind"]),
            (t("signal.col.signal_id"), row["signal_id"]),
            (t("signal.col.status"), row["status"]),
            (t("signal.col.reported_at"), row["reported_at"]),
            (
                t("signal.col.days_open"),
                f"{row['days_open']}"
                + (f" ({t('signal.col.overdue').lower()})" if row["overdue"] else ""),
            ),
            (t("signal.col.address"), row["address"] or "—"),
            (t("signal.col.wijk"), row["wijk"]),
            ("Lambert 72", f"{row['x']:.0f}, {row['y']:.0f}"),
            ("WGS84", f"{row['lat']:.6f}, {row['lon']:.6f}"),
            (t("signal.col.photos"), _short_files(row["photos"]) or t("signal.report.no_photo")),
        ]
        for name, value in facts:
            pdf.set_x(pdf.l_margin + 80)
            pdf.set_font("DejaVu", "B", 8.5)
            pdf.cell(28, 4.5, f"{name}:")
            pdf.set_font("DejaVu", "", 8.5)
            pdf.multi_cell(0, 4.5, str(value), **nl)
        pdf.set_x(pdf.l_margin + 80)
        pdf.set_font("DejaVu", "B", 8.5)
        pdf.multi_cell(0, 4.5, t("signal.col.description") + ":", **nl)
        pdf.set_x(pdf.l_margin + 80)
        pdf.set_font("DejaVu", "", 8.5)
        pdf.multi_cell(0, 4.5, str(row["description"]) or "—", **nl)
        pictures = list(photos.get(str(row["signal_id"]), []))
        if pictures:
            pdf.set_x(pdf.l_margin + 80)
            y = pdf.get_y() + 1
            if y + 45 < pdf.h - 15:
                pdf.image(io.BytesIO(pictures[0][1]), x=pdf.l_margin + 80, y=y, h=42)
                pdf.set_y(y + 43)
        pdf.set_y(max(pdf.get_y(), bottom) + 2)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        del top
    return bytes(pdf.output())


def _short_files(files: str) -> str:
    """``<64 hex>.jpg, …`` → ``574ea45b5d56….jpg, …`` (the CSV has the full names)."""
    names = [f.strip() for f in str(files or "").split(",") if f.strip()]
    return ", ".join(f"{n[:12]}…{n[n.rfind('.') :]}" if len(n) > 24 else n for n in names)


def _headings():
    from fpdf.fonts import FontFace

    return FontFace(family="DejaVu", emphasis="BOLD", fill_color=(225, 230, 240))
