"""The workshop summary report: one content dictionary, rendered as JSON, HTML, tagged PDF and DOCX.

The table of the five themes lists the local areas exactly as the source printed them (Halton
twice, "NE Lincolnshire", "Bristol", and the former LAs Cumbria and Poole), with a note linking
each former LA to its successors. A series report covers all its workshops; a workshop report
only what was captured at that workshop.
"""

from __future__ import annotations

import json
from typing import Any

from django.template.loader import render_to_string

from journeys.priorities.themes import load_themes

from .models import Workshop, WorkshopContribution, WorkshopSeries

REPORT_FORMATS = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _area(contribution: WorkshopContribution) -> dict:
    la = contribution.la
    return {
        "printed_name": contribution.area_name,
        "old_la_code": la.old_la_code,
        "name": la.name,
        "status": la.status,
        "successors": [{"old_la_code": s.old_la_code, "name": s.name} for s in la.successors.all()],
    }


def _introduction(series: WorkshopSeries) -> str:
    """The line under the title, from what is recorded: never a lone full stop."""
    parts = [series.period] if series.period else []
    if series.commissioned_by:
        parts.append(f"Commissioned by {series.commissioned_by}")
    if series.facilitated_by:
        parts.append(f"Facilitated by {series.facilitated_by}")
    return " ".join(f"{part.rstrip('.')}." for part in parts)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def summary_content(*, series: WorkshopSeries, workshop: Workshop | None = None) -> dict[str, Any]:
    """What the public summary holds: only contributions published for anyone to read."""
    contributions = (
        WorkshopContribution.objects.filter(
            series=series,
            status=WorkshopContribution.Status.PUBLISHED,
            audience=WorkshopContribution.Audience.PUBLIC,
        )
        .select_related("la", "workshop")
        .prefetch_related("la__successors")
    )
    if workshop is not None:
        contributions = contributions.filter(workshop=workshop)
    by_theme: dict[int, list[WorkshopContribution]] = {}
    for contribution in contributions.order_by("theme", "position", "pk"):
        by_theme.setdefault(contribution.theme, []).append(contribution)

    themes = []
    for theme in load_themes():
        examples = series.theme_examples.get(str(theme.number), {})
        items = by_theme.get(theme.number, [])
        # A series without the seed's printed examples takes its own: the first shared under the theme.
        first_priority = next((c.priority for c in items if c.priority), None)
        first_learning = next((c.learning for c in items if c.learning), None)
        themes.append(
            {
                "number": theme.number,
                "title": theme.title,
                "printed_title": examples.get("printed_title", theme.title),
                "local_areas": [c.area_name for c in items],
                "areas": [_area(c) for c in items],
                "example_priority": examples.get("priority") or first_priority,
                "example_learning": examples.get("learning") or first_learning,
                "shared": [
                    {
                        "area": c.area_name,
                        "priority": c.priority,
                        "issue": c.issue,
                        "learning": c.learning,
                        "support_experience": c.support_experience,
                        "workshop": c.workshop.place if c.workshop else None,
                    }
                    for c in items
                    if c.priority or c.learning or c.issue
                ],
            }
        )
    former = {}
    for theme in themes:
        for area in theme["areas"]:
            if area["status"] == "former":
                former[area["printed_name"]] = area["successors"]
    former_notes = [
        f"{name} no longer exists as a local authority; its services passed to "
        + " and ".join(s["name"] for s in successors)
        + "."
        for name, successors in former.items()
    ]
    support = [c.support_experience for c in contributions if c.support_experience]
    workshops = [workshop] if workshop is not None else list(series.workshops.all())
    return {
        "series": {
            "slug": series.slug,
            "title": series.title,
            "period": series.period,
            "commissioned_by": series.commissioned_by,
            "facilitated_by": series.facilitated_by,
            "source": series.source,
            "date_note": series.date_note,
            "purposes": series.purposes,
            "line": _introduction(series),
            "introduction": series.introduction,
            "closed": series.closed,
        },
        "key_messages": _lines(series.key_messages),
        "conclusions": _lines(series.conclusions),
        "workshop": None
        if workshop is None
        else {"slug": workshop.slug, "place": workshop.place, "when": workshop.when},
        "workshops": [
            {
                "slug": w.slug,
                "place": w.place,
                "venue": w.venue,
                "when": w.when,
                "region": w.region or None,
                "hosts": w.hosts,
                "invited": [a.name for a in w.invited.all()],
                "attended": [a.name for a in w.attended.all()],
            }
            for w in workshops
        ],
        "themes": themes,
        "former_las": former_notes,
        "support_lessons": [lesson["lesson"] for lesson in series.support_lessons],
        "support_experiences": support,
        "attendance_note": (
            "The source does not say which local areas attended which workshop, "
            "so local areas are listed for the "
            "series as a whole."
            if contributions.filter(workshop__isnull=True).exists()
            else ""
        ),
    }


def summary_json(content: dict[str, Any]) -> dict[str, Any]:
    """The machine-readable report (what the CLI and API return)."""
    return {
        **{key: value for key, value in content.items() if key != "themes"},
        "themes": [
            {
                key: theme[key]
                for key in (
                    "number",
                    "title",
                    "printed_title",
                    "local_areas",
                    "areas",
                    "example_priority",
                    "example_learning",
                    "shared",
                )
            }
            for theme in content["themes"]
        ],
    }


def summary_title(content: dict[str, Any]) -> str:
    if content["workshop"]:
        return f"Workshop summary: {content['workshop']['place']}, {content['series']['title']}"
    return f"Summary report: {content['series']['title']}"


def summary_html(content: dict[str, Any]) -> str:
    """A standalone HTML document (also the source of the PDF)."""
    return render_to_string("workshops/report_document.html", {"c": content, "title": summary_title(content)})


def summary_pdf(content: dict[str, Any]) -> bytes:
    # WeasyPrint and python-docx are imported by the functions that render: they take most of a
    # second to load, and the URLconf imports this module for every page and command.
    from journeys.reports.pdf import html_to_pdf

    return html_to_pdf(summary_html(content), identifier=b"journeys-workshop-summary")


def summary_docx(content: dict[str, Any]) -> bytes:
    from journeys.reports.word import WordDocument

    title = summary_title(content)
    word = WordDocument(title=title)
    series = content["series"]
    word.heading(title, level=0)
    if series["line"]:
        word.paragraph(series["line"])
    if series["source"]:
        word.paragraph(f"Source: {series['source']}")
    if series["introduction"]:
        word.paragraph(series["introduction"])
    if series["purposes"]:
        word.heading("Purpose", level=1)
        for purpose in series["purposes"]:
            word.bullet(purpose)
    if content["key_messages"]:
        word.heading("Key messages", level=1)
        for message in content["key_messages"]:
            word.bullet(message)

    word.heading("Workshops and attendance", level=1)
    for workshop in content["workshops"]:
        venue = f", {workshop['venue']}" if workshop["venue"] else ""
        word.bullet(f"{workshop['place']}{venue}: {workshop['when']}")
        if workshop["attended"]:
            word.paragraph(f"Attended by: {', '.join(workshop['attended'])}.")
    if series["date_note"]:
        word.paragraph(series["date_note"])

    word.heading("Improvement priorities by theme", level=1)
    if content["attendance_note"]:
        word.paragraph(content["attendance_note"])
    word.table(
        "Table 1: the five themes and the local areas under each",
        ["Theme", "Local areas", "Example of a priority", "Example of learning"],
        [
            [
                f"{t['number']}. {t['printed_title']}",
                ", ".join(t["local_areas"]) or "None recorded",
                t["example_priority"] or "",
                t["example_learning"] or "",
            ]
            for t in content["themes"]
        ],
    )
    for note in content["former_las"]:
        word.paragraph(note)
    shared = [(t, s) for t in content["themes"] for s in t["shared"]]
    if shared:
        word.heading("What local areas shared", level=1)
        for theme, item in shared:
            word.heading(f"{item['area']} (theme {theme['number']})", level=2)
            for label, key in (
                ("Priority", "priority"),
                ("Issue addressed", "issue"),
                ("Learning", "learning"),
                ("External support", "support_experience"),
            ):
                if item[key]:
                    word.paragraph(f"{label}: {item[key]}")
    word.heading("Lessons on external support", level=1)
    for lesson in content["support_lessons"] or ["None recorded."]:
        word.bullet(lesson)
    for experience in content["support_experiences"]:
        word.bullet(experience)
    if content["conclusions"]:
        word.heading("Conclusions", level=1)
        for conclusion in content["conclusions"]:
            word.paragraph(conclusion)
    return word.bytes()


def summary_render(content: dict[str, Any], format: str) -> bytes:
    if format == "json":
        return json.dumps(summary_json(content), indent=2, ensure_ascii=False).encode()
    if format == "html":
        return summary_html(content).encode()
    if format == "pdf":
        return summary_pdf(content)
    if format == "docx":
        return summary_docx(content)
    raise ValueError(f"unknown format {format!r}; use one of {', '.join(REPORT_FORMATS)}")
