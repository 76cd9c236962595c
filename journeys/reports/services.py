"""Render a members' briefing for one LA as a tagged PDF (WeasyPrint, PDF/UA-1) or a DOCX.

Both formats are built from one content dictionary (:func:`briefing_content`), so the PDF, the
Word document and the journey page say the same things. Rendering never touches the network
(see :mod:`journeys.reports.pdf`). python-docx and WeasyPrint are imported by the functions that
render, not at the top: the URLconf imports this module for every page and command.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from django.template.loader import render_to_string

from journeys.authorities.models import LocalAuthority
from journeys.evidence.selectors import demonstration_notice
from journeys.improvement import presenters
from journeys.improvement.insights import la_journey
from journeys.improvement.journey import Journey

BRIEFING_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def briefing_content(
    *, la: LocalAuthority, user=None, operator: bool = False, as_of: date | None = None
) -> dict[str, Any]:
    """Everything a briefing says. ``user`` scopes the self-evaluation parts; the command line
    renders with ``operator=True``."""
    read = la_journey(la, user=user, operator=operator, as_of=as_of)
    journey = _as_briefing(read)
    table, rows = presenters.benchmark_table(la.old_la_code)
    profile = read.enabler_profile
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


def _as_briefing(journey: Journey) -> dict[str, Any]:
    """The journey read model in the shape the briefing reads it."""
    warning = journey.early_warning
    if journey.slipping_back:
        step = presenters.risk_sentence(journey.slipping_back)
    else:
        step = presenters.window_sentence(journey.improvement_window)
    return {
        "as_of": journey.as_of.isoformat(),
        "self_evaluation_used": journey.self_evaluation_used,
        "stage": {"id": journey.stage.id, "name": journey.stage.name},
        "confidence": journey.confidence,
        "reasons": list(journey.reasons),
        "self_view_gap": journey.self_view_gap,
        "next_step": SimpleNamespace(text=step) if journey.latest_inspection else None,
        "early_warning": {
            "headline": warning.headline,
            "statements": [{"text": s.text} for s in warning.statements],
            "context": list(warning.context),
            "caveat": warning.caveat,
        },
    }


def briefing_pdf(content: dict[str, Any]) -> bytes:
    from journeys.reports.pdf import html_to_pdf

    return html_to_pdf(render_to_string("reports/briefing.html", content), identifier=b"journeys-briefing")


def briefing_docx(content: dict[str, Any]) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    from journeys.reports.word import WordDocument

    la, journey = content["la"], content["journey"]
    word = WordDocument(title=f"{la.name}: members' briefing on the improvement journey")

    def picture(chart) -> None:
        word.picture(title=chart.title, description=chart.description, png=chart.png())

    word.heading(f"{la.name}: where children's services are on the improvement journey", level=0)
    subtitle = word.paragraph(
        f"Briefing for elected members and senior leaders, {content['as_of']:%-d %B %Y}"
    )
    subtitle.runs[0].font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
    if content["demonstration"]:
        word.paragraph().add_run(content["demonstration"]).bold = True

    word.heading("Where we are", level=1)
    summary = word.paragraph()
    summary.add_run(f"Stage: {journey['stage']['name']}. ").bold = True
    summary.add_run(f"Journeys is {journey['confidence']} confidence in this placement.")
    word.heading("Why", level=2)
    for reason in journey["reasons"]:
        word.bullet(reason)
    if journey["self_view_gap"]:
        word.heading("Our view and the evidence", level=2)
        word.paragraph(journey["self_view_gap"])

    word.heading("Enabler profile", level=1)
    if content["profile"]:
        word.paragraph(
            "From our latest submitted self-evaluation: for each enabler and each stage, how many of the "
            "stage's statements are rated mostly or fully in place."
        )
        picture(content["profile_chart"])
        word.data_table(content["profile_table"])
    else:
        word.paragraph("There is no submitted self-evaluation that this briefing may show.")

    word.heading("Next step", level=1)
    step = journey["next_step"]
    word.paragraph(step.text if step else "There is no judged inspection to time the next step from.")

    word.heading("Warning signs of slipping back", level=1)
    warning = journey["early_warning"]
    for statement in warning["statements"] or [{"text": warning["headline"]}]:
        word.paragraph(statement["text"])
    if warning["context"]:
        word.paragraph("Signs to ask about:")
    for reason in warning["context"]:
        word.bullet(reason)
    word.paragraph(warning["caveat"])

    word.heading("Key figures", level=1)
    if content["benchmark_chart"]:
        picture(content["benchmark_chart"])
    word.data_table(content["benchmarks"])

    word.heading("About these figures", level=1)
    closing = word.paragraph(
        "Sources: Ofsted inspection outcomes and DfE children's social care statistics, used under the Open "
        "Government Licence v3.0. Inspections come about every three years, "
        "so time estimates are upper bounds. "
        "Journeys holds no information about individual children."
    )
    closing.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return word.bytes()


def briefing_render(
    *, la: LocalAuthority, format: str, user=None, operator: bool = False, as_of: date | None = None
) -> bytes:
    content = briefing_content(la=la, user=user, operator=operator, as_of=as_of)
    return briefing_pdf(content) if format == "pdf" else briefing_docx(content)
