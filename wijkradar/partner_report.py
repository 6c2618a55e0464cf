"""The partner downloads for the local safety meeting: the CSV table and the PDF (fpdf2, no
markup parsing), in the user's language.

Every text is written as plain text (``cell``/``multi_cell`` without markdown), so nothing in
an area name or category can become markup; the table holds only partner-safe aggregates
(checked again with :func:`gis.access.check_partner_result`). The PDF is set in DejaVu Sans
(:func:`wijkradar.plan_reports.find_font`), so every character prints as written.
"""

from __future__ import annotations

import pandas as pd
from fpdf import FPDF

from gis.access import WHOLE_PERIOD, PartnerPolicy, check_partner_result, partner_table
from gis.i18n import category_label, message
from wijkradar.plan_reports import find_font


def period_word(period: str, lang: str = "nl") -> str:
    """A partner row's ``period`` as a reader sees it: the whole-period code becomes a word
    in ``lang``; months, quarters and weeks (``2026-03``, ``2026-Q1``, ``2026-W05``) stay."""
    return message("partner.period_total", lang) if period == WHOLE_PERIOD else str(period)


def partner_download(
    frame: pd.DataFrame, policy: PartnerPolicy, *, lang: str = "nl"
) -> pd.DataFrame:
    """The partner table as the app offers it for download: headings, level and whole-period
    words in ``lang``; the same rows and counts as ``frame`` (checked again first).

    Parameters
    ----------
    frame : pandas.DataFrame
        A partner result (:data:`gis.access.PARTNER_COLUMNS`).
    policy : PartnerPolicy
    lang : {"nl", "fr"}

    Returns
    -------
    pandas.DataFrame
        Level, area, area name, category, period and count, without geometry.
    """
    table = partner_table(check_partner_result(frame, policy))
    levels = {v: message(f"partner.level_{v}", lang) for v in table["level"].unique()}
    return pd.DataFrame(
        {
            message("partner.level", lang): table["level"].map(levels),
            message("partner.area", lang): table["area"],
            message("partner.col.area_name", lang): table["area_name"],
            message("ui.category", lang): [category_label(c, lang) for c in table["category"]],
            message("ui.period", lang): table["period"].map(lambda p: period_word(p, lang)),
            message("ui.count", lang): table["count"],
        }
    )


def nuisance_pdf(
    frame: pd.DataFrame,
    policy: PartnerPolicy,
    *,
    title: str,
    subtitle: str,
    note: str,
    headers: dict[str, str],
    synthetic_label: str | None = None,
    lang: str = "nl",
) -> bytes:
    """Return a PDF with the partner table (area, category, period, count).

    Parameters
    ----------
    frame : pandas.DataFrame
        A partner result (checked again here with :func:`gis.access.check_partner_result`).
    policy : PartnerPolicy
    title, subtitle, note : str
        Heading, zone/period line and the suppression note, in the reader's language.
    headers : dict
        Column headings for ``area``, ``category``, ``period`` and ``count``.
    synthetic_label : str, optional
        Printed in red on top when the data are synthetic.
    lang : {"nl", "fr"}
        Language of the whole-period word in the table (see :func:`period_word`).

    Returns
    -------
    bytes

    Raises
    ------
    gis.errors.AccessDeniedError
        For a table a partner must not receive.
    gis.errors.WijkradarError
        When DejaVu Sans is not installed.
    """
    table = partner_table(check_partner_result(frame, policy))
    regular, bold = find_font()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_title(title)
    pdf.set_creator("wijkradar")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    if synthetic_label:
        pdf.set_text_color(180, 0, 0)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5, synthetic_label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    widths = {"area": 70, "category": 50, "period": 35, "count": 25}
    pdf.set_font("DejaVu", "B", 9)
    for column, width in widths.items():
        pdf.cell(width, 6, _fit(pdf, headers[column], width), border=1)
    pdf.ln()
    pdf.set_font("DejaVu", "", 8)
    for row in table.itertuples(index=False):
        area = f"{row.area_name} ({row.area})" if row.area_name else str(row.area)
        period = period_word(row.period, lang)
        pdf.cell(widths["area"], 5, _fit(pdf, area, widths["area"]), border=1)
        category = category_label(row.category, lang)
        pdf.cell(widths["category"], 5, _fit(pdf, category, widths["category"]), border=1)
        pdf.cell(widths["period"], 5, _fit(pdf, period, widths["period"]), border=1)
        pdf.cell(widths["count"], 5, str(int(row.count)), border=1, align="R")
        pdf.ln()
    return bytes(pdf.output())


def _fit(pdf: FPDF, text: object, width: float) -> str:
    """``text`` cut (with ``…``) to fit a cell ``width`` mm wide in the current font."""
    text = str(text)
    room = width - 2 * pdf.c_margin
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text + "…") > room:
        text = text[:-1]
    return text + "…"
