"""Render a members' briefing for one LA as a tagged PDF (WeasyPrint, PDF/UA-1) or a DOCX.

Both formats are built from one content dictionary (:func:`briefing_content`), so the PDF, the
Word document and the journey page say the same things. Rendering never touches the network
(see :mod:`journeys.reports.pdf`). python-docx and WeasyPrint are imported by the functions that
render, not at the top: the URLconf imports this module for every page and command.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from journeys.authorities.models import LocalAuthority
from journeys.evidence.selectors import demonstration_notice
from journeys.improvement import presenters
from journeys.improvement.insights import la_journey

BRIEFING_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def briefing_content(
    *, la: LocalAuthority, user=None, operator: bool = False, as_of: date | None = None
) -> dict[str, Any]:
    """Everything a briefing says. ``user`` scopes the self-evaluation parts; the command line
    renders with ``operator=True``."""
    journey = la_journey(la, user=user, operator=operator, as_of=as_of)
    table, rows = presenters.benchmark_table(la.old_la_code)
    profile = journey["enabler_profile"]
    return {
        "la": la,
        "journey": journey,
        "as_of": date.fromisoformat(journey["as_of"]),
        "profile": profile,
        "profile_table": presenters.enabler_table(profile) if profile else None,
        "profile_chart": presenters.enabler_chart(profile, la.name) if profile else None,
        "benchmarks": table,
        "benchmark_chart": presenters.benchmark_chart(rows, la.name),
        "demonstration": demonstration_notice(),
    }


def briefing_pdf(content: dict[str, Any]) -> bytes:
    from journeys.reports.pdf import html_to_pdf

    return html_to_pdf(render_to_string("reports/briefing.html", content), identifier=b"journeys-briefing")


def _table(document, table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document.add_paragraph(table.caption, style="Caption")
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Light Grid Accent 1"
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = column.title
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, column in zip(cells, table.columns, strict=True):
            value = row.get(column.key)
            cell.text = "" if value is None else str(value)
    # Repeat the header row on each page, and mark it as a header for screen readers.
    header = grid.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    header.append(marker)


def _picture(document, chart) -> None:
    from docx.shared import Cm

    document.add_paragraph(chart.title, style="Heading 3")
    shape = document.add_picture(io.BytesIO(chart.png()), width=Cm(15.5))
    # python-docx has no alt-text API: the description goes on the drawing's docPr.
    shape._inline.docPr.set("descr", chart.description)
    shape._inline.docPr.set("title", chart.title)


def briefing_docx(content: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    la, journey = content["la"], content["journey"]
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "Liberation Sans"
    styles["Normal"].font.size = Pt(11)
    document.core_properties.title = f"{la.name}: members' briefing on the improvement journey"
    document.core_properties.author = "Journeys"
    document.core_properties.language = "en-GB"
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2)

    document.add_heading(f"{la.name}: where children's services are on the improvement journey", level=0)
    subtitle = document.add_paragraph(
        f"Briefing for elected members and senior leaders, {content['as_of']:%-d %B %Y}"
    )
    subtitle.runs[0].font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
    if content["demonstration"]:
        document.add_paragraph().add_run(content["demonstration"]).bold = True

    document.add_heading("Where we are", level=1)
    summary = document.add_paragraph()
    summary.add_run(f"Stage: {journey['stage']['name']}. ").bold = True
    summary.add_run(f"Journeys is {journey['confidence']} confidence in this placement.")
    document.add_heading("Why", level=2)
    for reason in journey["reasons"]:
        document.add_paragraph(reason, style="List Bullet")
    if journey["self_view_gap"]:
        document.add_heading("Our view and the evidence", level=2)
        document.add_paragraph(journey["self_view_gap"])

    document.add_heading("Enabler profile", level=1)
    if content["profile"]:
        document.add_paragraph(
            "Scores from our latest submitted self-evaluation: the mean rating of each enabler's statements, "
            "from 0 (not yet in place) to 3 (fully in place), over the stages up to the one we are placed at."
        )
        _picture(document, content["profile_chart"])
        _table(document, content["profile_table"])
    else:
        document.add_paragraph("There is no submitted self-evaluation that this briefing may show.")

    document.add_heading("Next step", level=1)
    step = journey["next_step"]
    document.add_paragraph(
        step["text"] if step else "There is no judged inspection to time the next step from."
    )

    document.add_heading("Warning signs of slipping back", level=1)
    warning = journey["early_warning"]
    document.add_paragraph(f"Risk band: {warning['band']} (score {warning['score']:.0f} out of 100).")
    for reason in warning["reasons"]:
        document.add_paragraph(reason, style="List Bullet")
    document.add_paragraph(
        "The warning is a transparent checklist, not a prediction: tested on past inspections it ranks "
        "declines only a little better than chance. Read it as prompts for questions."
    )

    document.add_heading("Key figures", level=1)
    if content["benchmark_chart"]:
        _picture(document, content["benchmark_chart"])
    _table(document, content["benchmarks"])

    document.add_heading("About these figures", level=1)
    closing = document.add_paragraph(
        "Sources: Ofsted inspection outcomes and DfE children's social care statistics, used under the Open "
        "Government Licence v3.0. Inspections come about every three years, "
        "so time estimates are upper bounds. "
        "Journeys holds no information about individual children."
    )
    closing.alignment = WD_ALIGN_PARAGRAPH.LEFT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def briefing_render(
    *, la: LocalAuthority, format: str, user=None, operator: bool = False, as_of: date | None = None
) -> bytes:
    content = briefing_content(la=la, user=user, operator=operator, as_of=as_of)
    return briefing_pdf(content) if format == "pdf" else briefing_docx(content)
