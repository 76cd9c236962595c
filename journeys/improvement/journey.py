"""An LA's journey as a typed read model: its stage, where it stands within the stage, the
improvement window or the risk of slipping back, the enabler profile by stage and the stage
timeline across its whole inspection history.

The records here hold data (dates, grades, ids, counts), not sentences: ``presenters`` words
them through ``evidence.presentation``. The API schema is derived from these dataclasses.
Placement's reasons and the early warning's statements are the sentences their calculations
already say.

Also here, because they need no database: the stage markers (``markers.yaml``, each with a
stable id) and how they are checked, and the timeline of stages from a list of inspections.
Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from journeys.common.datafiles import load_yaml
from journeys.evidence.presentation import STAGES, inspection_name
from journeys.evidence.records import FRAMEWORKS, SUB_JUDGEMENTS, Grade, Inspection

from .placement import STAGE_ORDER, BenchmarkFacts, equivalent_grade, judged_history, place

MARKERS_FILE = Path(__file__).with_name("markers.yaml")

Evidence = Literal["inspection", "indicator", "self_evaluation"]
MarkerStatus = Literal["met", "not_yet", "no_evidence"]
PlacedFrom = Literal["overall_grade", "sub_judgements", "indicators", "nothing"]
# Where an LA stands within its stage: read from the share of its markers it meets, except that
# an Outstanding LA is sustaining and spreading excellence rather than on its way to great.
PositionCase = Literal["sustaining_excellence", "well_on", "partway", "early", "not_assessed"]
Movement = Literal["first", "moved_on", "held", "slipped_back"]


# --- The read model -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StageRef:
    id: str
    name: str


@dataclass(frozen=True)
class SubJudgement:
    id: str
    name: str
    grade: str


@dataclass(frozen=True)
class LatestInspection:
    """The LA's latest judged inspection as of the journey's date."""

    la: str  # the LA as inspected: a predecessor's code when the area has no judgement of its own
    framework: str
    framework_name: str
    kind: str
    start_date: date | None  # when the fieldwork began
    published: date | None  # when the report was published
    overall: str | None  # Ofsted's overall grade; None when none was given (from April 2026)
    grade: str | None  # the grade the journey reads: Ofsted's, else imputed from the sub-judgements
    grade_imputed: bool  # True when ``grade`` is Journeys' reading of the sub-judgements
    sub_judgements: tuple[SubJudgement, ...]

    @property
    def dated(self) -> date | None:
        """The day the inspection is dated by: its fieldwork, else its publication."""
        return self.start_date or self.published

    @property
    def name(self) -> str:
        """E.g. "the inspection that began on 30 September 2024 (published May 2025)"."""
        return inspection_name(self.start_date, self.published)


@dataclass(frozen=True)
class MarkerResult:
    id: str
    stage: str
    text: str
    evidence: Evidence
    status: MarkerStatus
    found: str | None  # what the evidence holds, e.g. "Good" or "12.4%, at 30 September 2025"


@dataclass(frozen=True)
class StagePosition:
    case: PositionCase
    met: int
    not_yet: int
    no_evidence: int
    markers: tuple[MarkerResult, ...]


@dataclass(frozen=True)
class ImprovementWindow:
    """Below Good: when LAs like this one were next judged a grade better, from the timescale curves.

    Dates are when a quarter, a half and three quarters of LAs still in the same state after as
    many months had been judged better; None where the data do not reach so far."""

    curve: str
    from_grade: str
    to_grade: str
    since: date  # when the LA's current spell began
    months_so_far: float
    quarter_by: date | None
    half_by: date | None
    three_quarters_by: date | None


@dataclass(frozen=True)
class SlippingBackRisk:
    """Good or better: how often LAs like this one came out worse, and when good LAs slipped back."""

    from_grade: str
    happened: int  # past inspections of LAs like this one that came out worse ...
    of: int  # ... out of this many
    statement: str  # the early warning's own sentence
    since: date | None  # when the LA's current good spell began
    quarter_by: date | None  # when a quarter of LAs good for as long had slipped back
    half_by: date | None


@dataclass(frozen=True)
class WarningStatement:
    target: str
    title: str
    cannot_happen: bool  # True for an LA judged Inadequate: it cannot come out worse
    happened: int
    of: int
    figure: str | None
    text: str


@dataclass(frozen=True)
class WarningSignal:
    id: str
    title: str
    fired: bool
    available: bool
    reason: str


@dataclass(frozen=True)
class EarlyWarningView:
    """What happened next to LAs like this one, from past inspections; no score or band."""

    headline: str
    cannot_come_out_worse: bool
    statements: tuple[WarningStatement, ...]
    context: tuple[str, ...]  # reasons of the signals that fired: context, not scored
    caveat: str
    signals: tuple[WarningSignal, ...]


@dataclass(frozen=True)
class EnablerStageCell:
    stage: str
    met: int  # statements rated mostly or fully in place
    rated: int
    total: int


@dataclass(frozen=True)
class EnablerStageRow:
    enabler: str
    name: str
    cells: tuple[EnablerStageCell, ...]  # one per stage, in journey order


@dataclass(frozen=True)
class SameStageCell:
    enabler: str
    stage: str
    median_share_met: float  # 0-1, over the other LAs that rated any of the cell's statements
    n: int


@dataclass(frozen=True)
class PeerLA:
    la: str
    la_name: str


@dataclass(frozen=True)
class SameStage:
    """Other LAs placed at the same stage with a submitted self-evaluation: medians only when
    enough of them are behind each (``permissions.aggregate_publishable``), names only of those
    that shared theirs with the sector."""

    stage: str
    n: int
    suppressed: bool
    cells: tuple[SameStageCell, ...]
    shared: tuple[PeerLA, ...]


@dataclass(frozen=True)
class EnablerProfile:
    """The self-evaluation as a stage x enabler matrix: which statements of which stage are met."""

    assessment: int  # the self-evaluation's id
    submitted_at: date | None
    stages: tuple[StageRef, ...]
    rows: tuple[EnablerStageRow, ...]
    same_stage: SameStage | None = None


@dataclass(frozen=True)
class TimelineEntry:
    la: str  # the LA as inspected (a predecessor's code for its inspections)
    la_name: str
    framework: str
    framework_name: str
    kind: str
    start_date: date | None
    published: date | None
    overall: str | None
    grade: str | None
    grade_imputed: bool
    stage: StageRef
    movement: Movement


@dataclass(frozen=True)
class Journey:
    la: str
    la_name: str
    as_of: date
    stage: StageRef
    placed_from: PlacedFrom
    confidence: str
    confidence_score: float
    reasons: tuple[str, ...]
    self_view_gap: str | None
    evidence_used: tuple[str, ...]
    self_evaluation_used: bool
    latest_inspection: LatestInspection | None
    position: StagePosition
    improvement_window: ImprovementWindow | None
    slipping_back: SlippingBackRisk | None
    early_warning: EarlyWarningView
    enabler_profile: EnablerProfile | None
    timeline: tuple[TimelineEntry, ...]


# --- Markers ------------------------------------------------------------------------------------

_GRADES = {g.name.lower(): g for g in Grade}
_CHECK = {
    "type": "object",
    "required": ["kind"],
    "properties": {
        "kind": {"enum": ["sub_judgement", "indicator", "self_evaluation", "findings_accepted"]},
        "judgement": {"enum": [*SUB_JUDGEMENTS, "every"]},
        "at_least": {"type": "string"},
        "indicator": {"type": "string"},
        "quarter_at_most": {"type": "integer", "minimum": 1, "maximum": 4},
        "statements": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
    "additionalProperties": False,
}
MARKERS_SCHEMA = {
    "type": "object",
    "required": list(STAGE_ORDER),
    "additionalProperties": False,
    "properties": {
        stage: {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "text", "check"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z]{2}-[a-z0-9-]+$"},
                    "text": {"type": "string"},
                    "check": _CHECK,
                },
            },
        }
        for stage in STAGE_ORDER
    },
}


@dataclass(frozen=True)
class Marker:
    id: str
    stage: str
    text: str
    kind: str
    judgement: str | None = None
    at_least: str | None = None  # a grade id, or a rating id for self-evaluation statements
    indicator: str | None = None
    quarter_at_most: int | None = None
    statements: tuple[str, ...] = ()

    @property
    def evidence(self) -> Evidence:
        return {"sub_judgement": "inspection", "indicator": "indicator"}.get(self.kind, "self_evaluation")


@cache
def load_markers(path: Path = MARKERS_FILE) -> tuple[Marker, ...]:
    data = load_yaml(path, MARKERS_SCHEMA)
    markers = tuple(
        Marker(
            id=item["id"],
            stage=stage,
            text=item["text"],
            kind=item["check"]["kind"],
            judgement=item["check"].get("judgement"),
            at_least=item["check"].get("at_least"),
            indicator=item["check"].get("indicator"),
            quarter_at_most=item["check"].get("quarter_at_most"),
            statements=tuple(item["check"].get("statements", ())),
        )
        for stage in STAGE_ORDER
        for item in data[stage]
    )
    ids = [m.id for m in markers]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: marker ids repeat")
    for marker in markers:
        if marker.kind == "sub_judgement" and marker.at_least not in _GRADES:
            raise ValueError(f"{path}: {marker.id}: at_least must be one of {', '.join(_GRADES)}")
    return markers


@dataclass(frozen=True)
class SelfEvaluationRatings:
    """What markers read from the latest submitted self-evaluation the reader may see."""

    ratings: Mapping[str, int]  # statement id -> rating value (0 not yet .. 3 fully in place)
    rating_values: Mapping[str, int]  # rating id -> value, from the framework
    rating_labels: Mapping[int, str]  # value -> label
    findings_accepted: bool | None


def _check(
    marker: Marker,
    latest: Inspection | None,
    benchmarks: BenchmarkFacts,
    self_evaluation: SelfEvaluationRatings | None,
) -> tuple[MarkerStatus, str | None]:
    if marker.kind == "sub_judgement" and marker.judgement == "every":
        grades = list(latest.sub_judgements.values()) if latest else []
        if not grades:
            return "no_evidence", None
        return ("met" if min(grades) >= _GRADES[marker.at_least] else "not_yet"), min(grades).label
    if marker.kind == "sub_judgement":
        grade = latest.sub_judgements.get(marker.judgement) if latest else None
        if grade is None:
            return "no_evidence", None
        return ("met" if grade >= _GRADES[marker.at_least] else "not_yet"), grade.label
    if marker.kind == "indicator":
        fact = benchmarks.indicators.get(marker.indicator)
        if fact is None or fact.quartile is None:
            # A figure withheld or not ranked is still said, so the reader sees why.
            return "no_evidence", fact.figure if fact else None
        return ("met" if fact.quartile <= marker.quarter_at_most else "not_yet"), fact.figure
    if self_evaluation is None:
        return "no_evidence", None
    if marker.kind == "findings_accepted":
        accepted = self_evaluation.findings_accepted
        return ("no_evidence", None) if accepted is None else ("met" if accepted else "not_yet", None)
    values = [self_evaluation.ratings.get(s) for s in marker.statements]
    if any(v is None for v in values):
        return "no_evidence", None
    lowest = min(values)
    needed = self_evaluation.rating_values[marker.at_least]
    return ("met" if lowest >= needed else "not_yet"), self_evaluation.rating_labels.get(lowest)


def stage_position(
    stage_id: str,
    latest: Inspection | None,
    benchmarks: BenchmarkFacts,
    self_evaluation: SelfEvaluationRatings | None,
    *,
    markers: Iterable[Marker] | None = None,
) -> StagePosition:
    """Which of the stage's markers the LA meets, which it does not yet, and which no evidence
    held speaks to; read as how far through the stage it is."""
    results = []
    for marker in markers if markers is not None else load_markers():
        if marker.stage != stage_id:
            continue
        status, found = _check(marker, latest, benchmarks, self_evaluation)
        results.append(MarkerResult(marker.id, marker.stage, marker.text, marker.evidence, status, found))
    met = sum(r.status == "met" for r in results)
    not_yet = sum(r.status == "not_yet" for r in results)
    known = met + not_yet
    if latest is not None and equivalent_grade(latest) == Grade.OUTSTANDING and stage_id == "good_to_great":
        case: PositionCase = "sustaining_excellence"
    elif not known:
        case = "not_assessed"
    else:
        share = met / known
        case = "well_on" if share >= 2 / 3 else "partway" if share >= 1 / 3 else "early"
    return StagePosition(case, met, not_yet, len(results) - known, tuple(results))


# --- Inspections --------------------------------------------------------------------------------


def latest_inspection_of(inspection: Inspection) -> LatestInspection:
    grade = equivalent_grade(inspection)
    return LatestInspection(
        la=inspection.la_code,
        framework=inspection.framework,
        framework_name=FRAMEWORKS.get(inspection.framework, inspection.framework),
        kind=inspection.kind,
        start_date=inspection.start_date,
        published=inspection.published,
        overall=inspection.overall.label if inspection.overall else None,
        grade=grade.label if grade else None,
        grade_imputed=inspection.overall is None and grade is not None,
        sub_judgements=tuple(
            SubJudgement(key, name, inspection.sub_judgements[key].label)
            for key, name in SUB_JUDGEMENTS.items()
            if key in inspection.sub_judgements
        ),
    )


def placed_from(inspections: Iterable[Inspection], benchmarks: BenchmarkFacts, as_of: date) -> PlacedFrom:
    """What the placement is anchored on, as :func:`placement.place` chooses it."""
    history = [i for i in judged_history(inspections) if i.date <= as_of]
    if history:
        return "overall_grade" if history[-1].overall is not None else "sub_judgements"
    return "indicators" if any(f.quartile is not None for f in benchmarks.indicators.values()) else "nothing"


def stage_timeline(
    inspections: Iterable[Inspection], names: Mapping[str, str], *, as_of: date
) -> tuple[TimelineEntry, ...]:
    """The stage each judged inspection placed the area at, predecessors' inspections included,
    oldest first, each with how it moved from the one before.

    Each stage is what placement's rules read from the history up to that inspection (no
    indicators or self-evaluation: those are not held as they stood then)."""
    history = [i for i in judged_history(inspections) if i.date <= as_of]
    entries: list[TimelineEntry] = []
    for index, inspection in enumerate(history):
        stage_id = place(history[: index + 1], as_of=inspection.date).stage_id
        if not entries:
            movement: Movement = "first"
        else:
            before, now = STAGE_ORDER.index(entries[-1].stage.id), STAGE_ORDER.index(stage_id)
            movement = "moved_on" if now > before else "slipped_back" if now < before else "held"
        grade = equivalent_grade(inspection)
        entries.append(
            TimelineEntry(
                la=inspection.la_code,
                la_name=names.get(inspection.la_code, inspection.la_code),
                framework=inspection.framework,
                framework_name=FRAMEWORKS.get(inspection.framework, inspection.framework),
                kind=inspection.kind,
                start_date=inspection.start_date,
                published=inspection.published,
                overall=inspection.overall.label if inspection.overall else None,
                grade=grade.label if grade else None,
                grade_imputed=inspection.overall is None and grade is not None,
                stage=StageRef(stage_id, STAGES[stage_id]),
                movement=movement,
            )
        )
    return tuple(entries)
