"""The partner report for the local safety meeting, as PDF (fpdf2, no markup parsing).

Every text is written as plain text (``cell``/``multi_cell`` without markdown), so nothing in
an area name or category can become markup; the table holds only partner-safe aggregates.
"""

from __future__ import annotations

import pandas as pd
from fpdf import FPDF

from gis.access import PartnerPolicy, check_partner_result, partner_table


def _latin1(text: object) -> str:
    """The core PDF fonts cover Latin-1: other characters become '?'."""
    return str(text).encode("latin-1", "replace").decode("latin-1")


def nuisance_pdf(
    frame: pd.DataFrame,
    policy: PartnerPolicy,
    *,
    title: str,
    subtitle: str,
    note: str,
    headers: dict[str, str],
    synthetic_label: str | None = None,
) -> bytes:
    """Return a PDF with the partner table (area, category, period, count).

    Parameters
    ----------
    frame : pandas.DataFrame
        A partner result (checked again here with :func:`gis.access.check_partner_result`).
    policy : PartnerPolicy
    title, subtitle, note : str
        Heading, zone/period line and the suppression note.
    headers : dict
        Column headings for ``area``, ``category``, ``period`` and ``count``.
    synthetic_label : str, optional
        Printed in red on top when the data are synthetic.

    Returns
    -------
    bytes
    """
    table = partner_table(check_partner_result(frame, policy))
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_creator("wijkradar")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    if synthetic_label:
        pdf.set_text_color(180, 0, 0)
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 5, _latin1(synthetic_label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 7, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, _latin1(subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, _latin1(note), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    widths = {"area": 70, "category": 50, "period": 35, "count": 25}
    pdf.set_font("Helvetica", "B", 10)
    for column, width in widths.items():
        pdf.cell(width, 6, _latin1(headers[column]), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for row in table.itertuples(index=False):
        area = f"{row.area_name} ({row.area})" if row.area_name else str(row.area)
        pdf.cell(widths["area"], 5, _latin1(area)[:45], border=1)
        pdf.cell(widths["category"], 5, _latin1(row.category)[:30], border=1)
        pdf.cell(widths["period"], 5, _latin1(row.period), border=1)
        pdf.cell(widths["count"], 5, str(int(row.count)), border=1, align="R")
        pdf.ln()
    return bytes(pdf.output())
