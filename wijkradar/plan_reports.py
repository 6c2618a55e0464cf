"""Printable reports of the presence planner: shift briefings (PDF), week plan (Excel) and the
monthly wijk report (PDF).

PDFs are made with fpdf2 in DejaVu Sans (Debian ``fonts-dejavu-core``), so Dutch and French
characters (ë, é, ç, –, ×) render. Maps are drawn from the geometries themselves as vector
paths: no tiles, no network. No Streamlit here.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from fpdf import FPDF

from gis.errors import WijkradarError
from gis.i18n import message, weekday_names
from gis.safety import neutralise_formulas
from wijkradar.plan_tables import (
    fairness_table,
    overview_table,
    plan_table,
    shift_table,
    uncovered_table,
)

__all__ = [
    "FONT_DIRS",
    "briefing_pdf",
    "find_font",
    "monthly_report_pdf",
    "week_plan_xlsx",
]

FONT_DIRS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts/dejavu",
)
_MIN_EXTENT_M = 1500.0


def find_font() -> tuple[Path, Path]:
    """Return the DejaVu Sans regular and bold font files.

    Looks in ``$WIJKRADAR_FONT_DIR`` and then :data:`FONT_DIRS`.

    Raises
    ------
    WijkradarError
        When the fonts are missing (install Debian's ``fonts-dejavu-core``).
    """
    dirs = [os.environ.get("WIJKRADAR_FONT_DIR", ""), *FONT_DIRS]
    for folder in filter(None, dirs):
        regular = Path(folder) / "DejaVuSans.ttf"
        bold = Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    raise WijkradarError(
        "DejaVu Sans not found (looked in $WIJKRADAR_FONT_DIR and "
        f"{', '.join(FONT_DIRS)}); install it with `apt-get install fonts-dejavu-core`"
    )


class _Pdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        regular, bold = find_font()
        self.add_font("DejaVu", "", str(regular))
        self.add_font("DejaVu", "B", str(bold))
        self.set_font("DejaVu", size=9)
        self.set_auto_page_break(auto=True, margin=15)
        self.footer_text = footer_text
        self.set_creator("wijkradar")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font("DejaVu", size=7)
        self.set_text_color(90)
        self.cell(0, 5, f"{self.footer_text} · p. {self.page_no()}", align="C")
        self.set_text_color(0)


def _rings(geometry: shapely.Geometry) -> list[np.ndarray]:
    out = []
    for part in shapely.get_parts(geometry):
        if isinstance(part, shapely.Polygon):
            out.append(np.asarray(part.exterior.coords))
        elif isinstance(part, shapely.LineString | shapely.LinearRing):
            out.append(np.asarray(part.coords))
    return out


class _MapFrame:
    """Affine map from Lambert metres to a box on the page (y down)."""

    def __init__(self, bounds: Sequence[float], box: tuple[float, float, float, float]) -> None:
        xmin, ymin, xmax, ymax = bounds
        x0, y0, width, height = box
        span_x = max(xmax - xmin, 1.0)
        span_y = max(ymax - ymin, 1.0)
        self.scale = min(width / span_x, height / span_y)
        self.x0 = x0 + (width - span_x * self.scale) / 2 - xmin * self.scale
        self.y0 = y0 + (height - span_y * self.scale) / 2 + ymax * self.scale
        self.box = box

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        return self.x0 + x * self.scale, self.y0 - y * self.scale


def _draw_polygons(pdf: FPDF, frame: _MapFrame, geoms: Sequence, *, style: str) -> None:
    for geometry in geoms:
        if geometry is None or geometry.is_empty:
            continue
        for ring in _rings(geometry):
            points = [frame(float(x), float(y)) for x, y in ring[:, :2]]
            if len(points) >= 3:
                pdf.polygon(points, style=style)


def _draw_map(
    pdf: FPDF,
    box: tuple[float, float, float, float],
    *,
    wijken: gpd.GeoDataFrame,
    own: Sequence[str],
    places: gpd.GeoDataFrame | None,
    alerts: gpd.GeoDataFrame | None,
    slots: pd.DataFrame,
    base: tuple[float, float] | None,
) -> None:
    mine = wijken[wijken["code"].isin(list(own))]
    if len(slots):  # zoom on the slots and the post; the wijk outline is drawn clipped
        xs = [*slots["x"].astype(float), *([base[0]] if base else [])]
        ys = [*slots["y"].astype(float), *([base[1]] if base else [])]
        extent = [min(xs), min(ys), max(xs), max(ys)]
    else:
        extent = list(mine.total_bounds) if len(mine) else list(wijken.total_bounds)
    size = max(extent[2] - extent[0], extent[3] - extent[1])
    grow = max(0.0, (_MIN_EXTENT_M - size) / 2) + 0.08 * max(size, _MIN_EXTENT_M)
    extent = [extent[0] - grow, extent[1] - grow, extent[2] + grow, extent[3] + grow]
    frame = _MapFrame(extent, box)
    x0, y0, width, height = box
    pdf.set_draw_color(120)
    pdf.set_line_width(0.2)
    pdf.rect(x0, y0, width, height)
    window = shapely.box(*extent)
    visible = wijken[wijken.intersects(window)]
    clipped = shapely.intersection(visible.geometry.to_numpy(), window)
    pdf.set_draw_color(170)
    pdf.set_line_width(0.15)
    _draw_polygons(pdf, frame, clipped, style="D")
    if places is not None and len(places):
        pdf.set_fill_color(253, 174, 97)
        pdf.set_draw_color(230, 120, 40)
        shown = places[places.intersects(window)]
        _draw_polygons(
            pdf, frame, shapely.intersection(shown.geometry.to_numpy(), window), style="DF"
        )
    if alerts is not None and len(alerts):
        pdf.set_draw_color(200, 0, 0)
        pdf.set_line_width(0.5)
        shown = alerts[alerts.intersects(window)]
        _draw_polygons(
            pdf, frame, shapely.intersection(shown.geometry.to_numpy(), window), style="D"
        )
    pdf.set_draw_color(40)
    pdf.set_line_width(0.5)
    _draw_polygons(pdf, frame, [shapely.intersection(g, window) for g in mine.geometry], style="D")
    # route and numbered slots
    pdf.set_line_width(0.3)
    pdf.set_draw_color(30, 80, 160)
    if len(slots):
        xy = [frame(float(x), float(y)) for x, y in zip(slots["x"], slots["y"], strict=True)]
        if base is not None:
            xy = [frame(*base), *xy]
        for (ax, ay), (bx, by) in itertools.pairwise(xy):
            pdf.line(ax, ay, bx, by)
    if base is not None:
        bx, by = frame(*base)
        pdf.set_fill_color(30, 30, 30)
        pdf.rect(bx - 1.2, by - 1.2, 2.4, 2.4, style="F")
    pdf.set_font("DejaVu", "B", 6.5)
    for number, (x, y, kind) in enumerate(
        zip(slots["x"], slots["y"], slots["kind"], strict=True), start=1
    ):
        px, py = frame(float(x), float(y))
        colour = (120, 60, 160) if kind == "duty" else (30, 80, 160)
        pdf.set_fill_color(*colour)
        pdf.set_draw_color(255)
        pdf.ellipse(px - 2.1, py - 2.1, 4.2, 4.2, style="DF")
        pdf.set_text_color(255)
        pdf.set_xy(px - 2.1, py - 1.6)
        pdf.cell(4.2, 3.2, str(number), align="C")
    pdf.set_text_color(0)
    # scale bar
    metres = 10 ** np.floor(np.log10((extent[2] - extent[0]) / 4))
    bar = float(metres * frame.scale)
    pdf.set_draw_color(0)
    pdf.set_line_width(0.4)
    pdf.line(x0 + 4, y0 + height - 4, x0 + 4 + bar, y0 + height - 4)
    pdf.set_font("DejaVu", size=6.5)
    pdf.set_xy(x0 + 4, y0 + height - 9)
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    pdf.cell(bar, 4, label, align="C")


_LEGEND = (
    ((30, 80, 160), "visit"),
    ((120, 60, 160), "duty"),
    ((253, 174, 97), "cell"),
    ((200, 0, 0), "alert"),
    ((30, 30, 30), "base"),
)


def _legend(pdf: FPDF, lang: str) -> None:
    pdf.set_font("DejaVu", size=7)
    for colour, key in _LEGEND:
        label = message(f"report.legend.{key}", lang)
        pdf.set_fill_color(*colour)
        pdf.rect(pdf.get_x(), pdf.get_y() + 1, 3, 3, style="F")
        pdf.set_x(pdf.get_x() + 4)
        pdf.cell(pdf.get_string_width(label) + 5, 5, label)
    pdf.ln(6)


def _hhmm(value: object) -> str:
    return pd.Timestamp(value).strftime("%H:%M")


def briefing_pdf(
    path: str | Path,
    *,
    inspector: str,
    shifts: Sequence[tuple[pd.Series, pd.DataFrame]],
    wijken: gpd.GeoDataFrame,
    own: Sequence[str],
    week: str,
    version: str,
    method: str,
    places: gpd.GeoDataFrame | None = None,
    alerts: gpd.GeoDataFrame | None = None,
    base: tuple[float, float] | None = None,
    synthetic: bool = False,
    lang: str = "nl",
) -> Path:
    """Write an inspector's briefings: one page per shift with the wijk map and the slot list.

    Parameters
    ----------
    path : str or pathlib.Path
        PDF to write.
    inspector : str
    shifts : sequence of (pandas.Series, pandas.DataFrame)
        Per shift: the shift (``begin``, ``finish``, ``street_minutes``) and its slots in
        order (:data:`gis.planning.SLOT_COLUMNS`).
    wijken : geopandas.GeoDataFrame
        ``code``, ``name``, EPSG:31370.
    own : sequence of str
        The inspector's wijk codes (drawn bold).
    week, version, method : str
        Plan week, version label and forecast method, printed on every page.
    places, alerts : geopandas.GeoDataFrame, optional
        Hotspot cells and near-repeat alert zones to draw.
    base : tuple of float, optional
        The wijkpost.
    synthetic : bool
        Print the synthetic-data warning.
    lang : {"nl", "fr"}
        Language of every printed text (the slots' reasons stay as the plan wrote them).

    Returns
    -------
    pathlib.Path
    """
    path = Path(path)
    persons = message("report.persons", lang)
    pdf = _Pdf(
        message(
            "report.briefing.footer", lang, week=week, version=version, method=method,
            persons=persons,
        )
    )  # fmt: skip
    names = dict(zip(wijken["code"], wijken["name"], strict=False))
    own_names = ", ".join(str(names.get(w, w)) for w in own)
    for shift, slots in shifts:
        _briefing_page(
            pdf,
            inspector,
            shift,
            slots,
            names,
            own_names,
            wijken=wijken,
            own=own,
            places=places,
            alerts=alerts,
            base=base,
            synthetic=synthetic,
            lang=lang,
        )
    if not shifts:
        pdf.add_page()
        pdf.cell(0, 6, message("report.briefing.no_shifts", lang, inspector=inspector, week=week))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def _briefing_page(
    pdf: _Pdf,
    inspector: str,
    shift: pd.Series,
    slots: pd.DataFrame,
    names: dict,
    own_names: str,
    **drawing: object,
) -> None:
    synthetic = bool(drawing.pop("synthetic"))
    lang = str(drawing.pop("lang"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    title = message("report.briefing.title", lang, inspector=inspector)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=9)
    day = pd.Timestamp(shift["begin"])
    shift_line = message(
        "report.briefing.shift",
        lang,
        day=weekday_names(lang, full=True)[day.day_of_week],
        date=day.strftime("%d/%m/%Y"),
        begin=_hhmm(shift["begin"]),
        finish=_hhmm(shift["finish"]),
        minutes=int(shift["street_minutes"]),
        wijken=own_names,
    )
    pdf.cell(0, 5, shift_line, new_x="LMARGIN", new_y="NEXT")
    dwell = int(slots["dwell_min"].sum()) if len(slots) else 0
    travel = int(slots["travel_min"].sum() + slots["return_min"].sum()) if len(slots) else 0
    totals = message("report.briefing.totals", lang, slots=len(slots), dwell=dwell, travel=travel)
    pdf.cell(0, 5, totals, new_x="LMARGIN", new_y="NEXT")
    if synthetic:
        pdf.set_text_color(180, 0, 0)
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(0, 5, message("report.synthetic", lang), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=9)
        pdf.set_text_color(0)
    top = pdf.get_y() + 2
    height = max(70.0, 105.0 - 7.0 * max(0, len(slots) - 4))  # keep one page per shift
    _draw_map(pdf, (10, top, 190, height), slots=slots, **drawing)  # type: ignore[arg-type]
    pdf.set_xy(10, top + height + 2)
    _legend(pdf, lang)
    pdf.set_font("DejaVu", size=8)
    pdf.set_fill_color(255)
    pdf.set_draw_color(150)
    pdf.set_line_width(0.1)
    widths = (7, 22, 43, 15, 11, 92)
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=4,
        first_row_as_headings=True,
        cell_fill_color=(242, 242, 242),
        cell_fill_mode="ROWS",
    ) as table:
        columns = ("nr", "time", "place", "dwell", "travel", "reason")
        table.row([message(f"report.briefing.col.{c}", lang) for c in columns])
        for number, row in enumerate(slots.itertuples(index=False), start=1):
            place = f"{row.street} ({names.get(row.wijk, row.wijk)})"
            if row.kind == "hotspot":
                place += " · " + message("plan.cell", lang, cell=row.place)
            table.row(
                [
                    str(number),
                    f"{_hhmm(row.start)}–{_hhmm(row.end)}",
                    place,
                    f"{int(row.dwell_min)} min",
                    f"{int(row.travel_min)} min",
                    str(row.reason),
                ]
            )
    if slots.empty:
        no_slots = message("report.briefing.no_slots", lang)
        pdf.cell(0, 6, no_slots, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", size=7.5)
    pdf.multi_cell(0, 4, message("report.briefing.footnote", lang))


def week_plan_xlsx(
    path: str | Path,
    *,
    slots: pd.DataFrame,
    shifts: pd.DataFrame,
    fairness: pd.DataFrame,
    uncovered: pd.DataFrame,
    notes: Sequence[str],
    header: dict[str, str],
    wijk_names: dict[str, str] | None = None,
    lang: str = "nl",
) -> Path:
    """Write the week plan as an Excel workbook, in ``lang``.

    Sheets (named in ``lang``): plan (all slots), overview (inspectors × days, minutes),
    shifts (per shift: budget and use), wijken (share of minutes vs share of harm, flags),
    not covered (duties nobody could take), info (week, version, method, notes). The tables
    are those of :mod:`wijkradar.plan_tables`, as on the planning page.

    Parameters
    ----------
    path : str or pathlib.Path
    slots, shifts, fairness, uncovered : pandas.DataFrame
        See :func:`~wijkradar.plan_tables.plan_table`,
        :func:`~wijkradar.plan_tables.shift_table`,
        :func:`~wijkradar.plan_tables.fairness_table` and
        :func:`~wijkradar.plan_tables.uncovered_table`.
    notes : sequence of str
        The plan's remarks.
    header : dict
        Info field key (``report.info.<key>`` in the catalogue) → value.
    wijk_names : dict, optional
        Wijk code → name.
    lang : {"nl", "fr"}

    Returns
    -------
    pathlib.Path
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    info = pd.DataFrame(
        {
            message("report.info.field", lang): [
                *(message(f"report.info.{key}", lang) for key in header),
                *(message("report.info.note", lang, n=i + 1) for i in range(len(notes))),
            ],
            message("report.info.value", lang): [*header.values(), *notes],
        }
    )
    sheets = {
        "plan": plan_table(slots, lang, wijk_names=wijk_names),
        "overview": overview_table(slots, lang).reset_index(),
        "shifts": shift_table(shifts, lang),
        "wijken": fairness_table(fairness, lang),
        "uncovered": uncovered_table(uncovered, lang),
        "info": info,
    }
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for key, frame in sheets.items():
            neutralise_formulas(frame).to_excel(
                writer, sheet_name=message(f"report.sheet.{key}", lang), index=False
            )
    return path


def _table(pdf: FPDF, frame: pd.DataFrame, widths: Sequence[float]) -> None:
    pdf.set_fill_color(255)
    pdf.set_draw_color(150)
    pdf.set_line_width(0.1)
    with pdf.table(
        col_widths=tuple(widths),
        text_align="LEFT",
        line_height=4.2,
        cell_fill_color=(242, 242, 242),
        cell_fill_mode="ROWS",
    ) as table:
        table.row([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            table.row(
                [f"{v:.1f}".replace(".", ",") if isinstance(v, float) else str(v) for v in row]
            )


def monthly_report_pdf(
    path: str | Path,
    *,
    month: str,
    zone_name: str,
    per_wijk: pd.DataFrame,
    categories: pd.DataFrame,
    hotspots: pd.DataFrame,
    presence: pd.DataFrame,
    notes: Sequence[str] = (),
    synthetic: bool = False,
    lang: str = "nl",
) -> Path:
    """Write the monthly wijk report for the coordinator, in ``lang``.

    The tables' columns are fields (``report.monthly.col.<field>`` in the catalogue gives
    their heading); a ``trend`` column holds ``up``, ``down`` or ``""``.

    Parameters
    ----------
    month : str
        ``YYYY-MM``.
    per_wijk : pandas.DataFrame
        Per wijk: incidents this month, previous month, same month last year, trend.
    categories : pandas.DataFrame
        Incidents per category this month and the change.
    hotspots : pandas.DataFrame
        Top places of the month (street, wijk, incidents).
    presence : pandas.DataFrame
        Per wijk: planned and done slots and minutes.
    notes : sequence of str
        Remarks printed at the end (already in ``lang``).
    lang : {"nl", "fr"}

    Returns
    -------
    pathlib.Path
    """
    path = Path(path)
    pdf = _Pdf(message("report.monthly.footer", lang, month=month, zone=zone_name))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    title = message("report.monthly.title", lang, zone=zone_name, month=month)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    if synthetic:
        pdf.set_text_color(180, 0, 0)
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(0, 5, message("report.synthetic", lang), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
    sections = (
        ("per_wijk", per_wijk),
        ("per_category", categories),
        ("hotspots", hotspots),
        ("presence", presence),
    )
    for key, frame in sections:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 7, message(f"report.monthly.{key}", lang), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=8)
        if frame.empty:
            pdf.cell(0, 5, message("report.monthly.no_data", lang), new_x="LMARGIN", new_y="NEXT")
            continue
        width = 190 / len(frame.columns)
        _table(pdf, _monthly_labels(frame, lang), [width] * len(frame.columns))
    if notes:
        pdf.ln(3)
        pdf.set_font("DejaVu", size=8)
        for note in notes:
            pdf.multi_cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


_TREND_WORDS = {"up": "report.monthly.trend_up", "down": "report.monthly.trend_down"}


def _monthly_labels(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Headings and trend words of a monthly-report table in ``lang``."""
    if "trend" in frame:
        words = {code: message(key, lang) for code, key in _TREND_WORDS.items()}
        frame = frame.assign(trend=frame["trend"].map(words).fillna("≈"))
    return frame.rename(columns={c: message(f"report.monthly.col.{c}", lang) for c in frame})
