"""Reads for the members' briefing: the journey, the figures beside their comparators, the data
version and the LA's commentary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from journeys.authorities.models import LocalAuthority
from journeys.evidence import presentation
from journeys.evidence.catalogue import load_catalogue
from journeys.evidence.selectors import benchmark_rows, evidence_version, import_list
from journeys.improvement import presenters as journey_presenters
from journeys.improvement.insights import la_journey
from journeys.improvement.journey import EnablerProfile

from .models import BriefingCommentary
from .questions import FigureFacts, WarningFacts


@dataclass(frozen=True)
class JourneyReading:
    """What the briefing says about the LA's place on the improvement journey."""

    as_of: date
    stage: str  # the stage's name
    position: str  # where the LA stands within its stage, in one sentence
    placed_from: str  # what the placement was made from, in one sentence
    confidence: str  # "high", "medium" or "low"
    reasons: tuple[str, ...]
    self_view_gap: str | None
    self_evaluation_used: bool
    next_step_heading: str  # the improvement window below Good, the risk of slipping back at Good or better
    next_step: str  # a sentence, also when there is no judged inspection to time it from
    warning_headline: str
    warning_statements: tuple[str, ...]
    warning_signs: tuple[str, ...]
    warning_caveat: str
    warning: WarningFacts
    enabler_profile: EnablerProfile | None


def journey_reading(
    la: LocalAuthority, *, user=None, operator: bool = False, as_of: date | None = None
) -> JourneyReading:
    """The one place the briefing reads the journey (``improvement.insights.la_journey``)."""
    journey = la_journey(la, user=user, operator=operator, as_of=as_of)
    warning = journey.early_warning
    possible = [s for s in warning.statements if not s.cannot_happen]
    if journey.latest_inspection is None:
        heading, step = "Next step", "There is no judged inspection to time the next step from."
    elif journey.slipping_back:
        heading, step = (
            "Next step: the risk of slipping back",
            journey_presenters.risk_sentence(journey.slipping_back),
        )
    else:
        heading, step = (
            "Next step: the improvement window",
            journey_presenters.window_sentence(journey.improvement_window),
        )
    return JourneyReading(
        as_of=journey.as_of,
        stage=journey.stage.name,
        position=journey_presenters.position_sentence(journey),
        placed_from=journey_presenters.placed_from_sentence(journey),
        confidence=journey.confidence,
        reasons=journey.reasons,
        self_view_gap=journey.self_view_gap,
        self_evaluation_used=journey.self_evaluation_used,
        next_step_heading=heading,
        next_step=step,
        warning_headline=warning.headline,
        warning_statements=tuple(s.text for s in warning.statements) or (warning.headline,),
        warning_signs=warning.context,
        warning_caveat=warning.caveat,
        warning=WarningFacts(
            cannot_come_out_worse=warning.cannot_come_out_worse,
            frequencies=tuple(s.text for s in possible),
            happened=possible[0].happened if possible else 0,
            of=possible[0].of if possible else 0,
            signs=warning.context,
        ),
        enabler_profile=journey.enabler_profile,
    )


@dataclass(frozen=True)
class BriefingFigure:
    """One of the LA's latest figures with its comparators, every part in words."""

    facts: FigureFacts
    unit: str
    england: str
    quartile: str
    neighbour_model: str


def latest_figures(*, la_code: str) -> list[BriefingFigure]:
    """The LA's latest figure of every indicator, beside its statistical neighbours' mean,
    England's figure, its quarter among LAs and its direction of travel."""
    catalogue = load_catalogue()
    latest = {}
    for row in benchmark_rows(la_code=la_code).order_by("indicator", "-year"):
        if row.indicator in catalogue.indicators:
            latest.setdefault(row.indicator, row)
    figures = []
    for indicator_id, row in latest.items():
        indicator = catalogue[indicator_id]
        model = row.neighbour_model or None
        figures.append(
            BriefingFigure(
                facts=FigureFacts(
                    indicator=indicator_id,
                    title=indicator.title,
                    value=row.value,
                    shown=presentation.format_value(row.value, row.symbol or None, indicator),
                    period=presentation.indicator_period(indicator, row.year),
                    polarity=indicator.polarity,
                    quartile=row.quartile,
                    neighbour_mean=row.neighbour_mean,
                    neighbours_shown=presentation.neighbours_mean(
                        row.neighbour_mean, row.neighbours_used, indicator
                    ),
                    direction=row.trend_direction or None,
                    direction_shown=presentation.direction_name(row.trend_direction or None),
                ),
                unit=presentation.unit_name(indicator),
                england=presentation.format_cell(row.england_value, row.england_symbol or None, indicator),
                quartile=presentation.quartile_name(row.quartile),
                neighbour_model=presentation.neighbour_model_name(model),
            )
        )
    return figures


def data_version() -> str:
    """The evidence the briefing is drawn from, in words, for every page's header or footer."""
    latest = import_list().first()
    return presentation.evidence_version_name(
        evidence_version(), latest.imported_at.date() if latest else None
    )


# --- Commentary --------------------------------------------------------------------------------


def commentary_versions(*, user, la: LocalAuthority):
    """The LA's commentary versions the user may read, newest first."""
    return BriefingCommentary.objects.visible_to(user).filter(la=la).select_related("saved_by", "shared_by")


def commentary_latest(*, la: LocalAuthority) -> BriefingCommentary | None:
    """The newest version, shared or not (for the LA's editors' form)."""
    return BriefingCommentary.objects.filter(la=la).order_by("-version").first()


def commentary_shared(*, la: LocalAuthority) -> BriefingCommentary | None:
    """The version the briefing carries: the latest one shared."""
    return BriefingCommentary.objects.filter(la=la, shared_at__isnull=False).order_by("-version").first()
