"""The members' briefing for one LA: its key figures, its questions and its commentary, put
together once (:func:`briefing_content`) and rendered three ways – the page, a tagged PDF
(WeasyPrint, PDF/UA-1) and a DOCX – so all three say the same things.

Rendering never touches the network (see :mod:`journeys.reports.pdf`). python-docx and WeasyPrint
are imported by the functions that render, not at the top: the URLconf imports this module for
every page and command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority
from journeys.common.tables import Column, Table
from journeys.evidence import presentation
from journeys.evidence.selectors import demonstration_notice
from journeys.improvement import presenters as journey_presenters
from journeys.improvement.presenters import KEY_INDICATORS

from .models import BriefingCommentary
from .questions import BriefingFacts, Question, questions_for
from .selectors import (
    BriefingFigure,
    JourneyReading,
    commentary_latest,
    commentary_shared,
    data_version,
    journey_reading,
    latest_figures,
)

BRIEFING_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DRAFT_MARK = "Draft – not shared"


def key_figures_table(figures: list[BriefingFigure], la_name: str) -> tuple[Table, tuple[str, ...]]:
    """The key workforce and practice figures, each with its unit, period, statistical
    neighbours' mean, England's figure, quarter among LAs and direction; and the neighbour
    models they were compared under."""
    by_id = {f.facts.indicator: f for f in figures}
    shown = [by_id[i] for i in KEY_INDICATORS if i in by_id]
    rows = [
        {
            "indicator": f.facts.title,
            "unit": f.unit,
            "year": f.facts.period,
            "value": f.facts.shown,
            "neighbours": f.facts.neighbours_shown,
            "england": f.england,
            "quartile": f.quartile,
            "trend": f.facts.direction_shown,
        }
        for f in shown
    ]
    models = tuple(dict.fromkeys(f.neighbour_model for f in shown))
    table = Table(
        "Key indicators, latest period",
        [
            Column("indicator", "Indicator"),
            Column("unit", "Unit"),
            Column("year", "Period"),
            Column("value", la_name, numeric=True),
            Column("neighbours", presentation.NEIGHBOURS_HEADING, numeric=True),
            Column("england", "England", numeric=True),
            Column("quartile", "Quarter among LAs (1 = best)"),
            Column("trend", "Direction of travel"),
        ],
        rows,
    )
    return table, models


def questions_of(figures: list[BriefingFigure], journey: JourneyReading) -> list[Question]:
    facts = BriefingFacts(
        figures=tuple(f.facts for f in figures),
        warning=journey.warning,
        self_view_gap=journey.self_view_gap,
    )
    return questions_for(facts)


@dataclass(frozen=True)
class BriefingCommentaryText:
    """The commentary as the briefing carries it."""

    paragraphs: tuple[str, ...]
    version: int
    dated: date  # when it was shared, or saved for a draft
    draft: bool

    @property
    def heading(self) -> str:
        return (
            "Commentary from the council (draft, not shared)" if self.draft else "Commentary from the council"
        )

    @property
    def note(self) -> str:
        if self.draft:
            return (
                f"{DRAFT_MARK}. Version {self.version}, saved {presentation.date_name(self.dated)}: "
                "only the council's own officers see this preview."
            )
        return f"Version {self.version}, shared {presentation.date_name(self.dated)}."


@dataclass(frozen=True)
class Briefing:
    la: LocalAuthority
    journey: JourneyReading
    confidence: str  # in plain words
    key_figures: Table
    neighbour_models: tuple[str, ...]
    questions: tuple[Question, ...]
    commentary: BriefingCommentaryText | None
    data_version: str
    demonstration: str | None
    profile_table: Table | None
    profile_chart: journey_presenters.Figure | None
    benchmark_chart: journey_presenters.Figure | None

    @property
    def as_of(self) -> date:
        return self.journey.as_of

    @property
    def date_name(self) -> str:
        return presentation.date_name(self.as_of)

    @property
    def title(self) -> str:
        return f"{self.la.name}: members' briefing on the improvement journey"

    @property
    def figures_note(self) -> str:
        if not self.key_figures.rows:
            return f"No figures for {self.la.name} have been imported yet."
        models = " and the ".join(self.neighbour_models)
        return (
            f"Each figure is the latest published, beside the mean of {self.la.name}'s statistical "
            f"neighbours (similar LAs, as grouped by the {models}) and England's figure. "
            f"{presentation.QUARTILE_AXIS}."
        )

    no_questions = (
        "None of the figures stands in the worst quarter of LAs behind the statistical neighbours, and "
        "nothing else here points to a question."
    )
    sources = (
        "Sources: Ofsted inspection outcomes and DfE children's social care statistics, used under the "
        "Open Government Licence v3.0. Inspections come about every three years, so time estimates are "
        "upper bounds. Journeys holds no information about individual children."
    )

    @property
    def running_head(self) -> str:
        draft = f" – {DRAFT_MARK.upper()}" if self.commentary and self.commentary.draft else ""
        return f"Members' briefing: {self.la.name}, {self.date_name}{draft}"


def _commentary_text(version: BriefingCommentary, *, draft: bool) -> BriefingCommentaryText:
    paragraphs = tuple(p.strip() for p in version.text.replace("\r\n", "\n").split("\n\n") if p.strip())
    dated = version.saved_at if draft else version.shared_at
    return BriefingCommentaryText(paragraphs, version.version, timezone.localdate(dated), draft)


def briefing_commentary(
    *, la: LocalAuthority, user=None, draft: bool = False
) -> BriefingCommentaryText | None:
    """The latest shared commentary; with ``draft``, for those who may read the LA's drafts, the
    newest version if it is not shared yet."""
    if draft and user is not None and permissions.can_see_drafts(user, la):
        latest = commentary_latest(la=la)
        if latest is not None and not latest.is_shared:
            return _commentary_text(latest, draft=True)
    shared = commentary_shared(la=la)
    return _commentary_text(shared, draft=False) if shared else None


def briefing_content(
    *, la: LocalAuthority, user=None, operator: bool = False, as_of: date | None = None, draft: bool = False
) -> Briefing:
    """Everything a briefing says. ``user`` scopes the self-evaluation parts and the draft
    commentary; the command line renders with ``operator=True``."""
    journey = journey_reading(la, user=user, operator=operator, as_of=as_of)
    figures = latest_figures(la_code=la.old_la_code)
    table, models = key_figures_table(figures, la.name)
    _, rows = journey_presenters.benchmark_table(la.old_la_code)
    profile = journey.enabler_profile
    return Briefing(
        la=la,
        journey=journey,
        confidence=presentation.confidence_sentence(journey.confidence),
        key_figures=table,
        neighbour_models=models,
        questions=tuple(questions_of(figures, journey)),
        commentary=briefing_commentary(la=la, user=user, draft=draft),
        data_version=data_version(),
        demonstration=demonstration_notice(),
        profile_table=journey_presenters.enabler_table(profile) if profile else None,
        profile_chart=journey_presenters.enabler_chart(profile, la.name) if profile else None,
        benchmark_chart=journey_presenters.benchmark_chart(rows, la.name),
    )


def briefing_pdf(briefing: Briefing) -> bytes:
    from journeys.reports.pdf import html_to_pdf

    return html_to_pdf(
        render_to_string("reports/briefing.html", {"briefing": briefing}), identifier=b"journeys-briefing"
    )


def briefing_docx(briefing: Briefing) -> bytes:
    from journeys.reports.word import briefing_document

    return briefing_document(briefing)


def briefing_render(
    *,
    la: LocalAuthority,
    format: str,
    user=None,
    operator: bool = False,
    as_of: date | None = None,
    draft: bool = False,
) -> bytes:
    content = briefing_content(la=la, user=user, operator=operator, as_of=as_of, draft=draft)
    return briefing_pdf(content) if format == "pdf" else briefing_docx(content)
