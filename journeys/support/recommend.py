"""Recommend forms of external support for an LA, with a plain-English rationale for each.

The 2016 workshops concluded that the right form of support depends on the **leadership grip**,
the organisation's **self-assessed capacity** and its **strategic priorities**, and that timing
matters (a peer review planned some months after an inspection). Journeys adds the LA's stage on
the journey and its risk of **slipping back** (how often past LAs like it came out worse at
their next inspection, or that it cannot come out worse, being judged inadequate).
Recommendations are a pure function of those facts, expressed as declarative rules: each rule
has a stable id, a condition, the form it scores, points (negative points are cautions) and the
rationale shown to users. A form is recommended when its points add up to more than zero; every
rule that fired is listed, and one sentence (``because``) says which of the LA's facts made the
form fit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from journeys.evidence.presentation import STAGES as STAGE_NAMES
from journeys.priorities.themes import THEME_NUMBERS, theme_by_number
from journeys.support.catalogue import Provider, get_form, load_forms, load_providers

STAGES = tuple(STAGE_NAMES)
LEVELS = ("strong", "developing", "weak")  # for leadership grip and self-assessed capacity
# How often past LAs like this one came out worse at their next inspection, in tenths as the
# warning words it ("about 3 in 10"): often from 3 in 10, sometimes 1–2 in 10, seldom below.
SLIPPING = ("cannot_come_out_worse", "often", "sometimes", "seldom")
OFTEN_TENTHS, SOMETIMES_TENTHS = 3, 1

POOR = frozenset({"before_starting_line", "poor_to_fair"})  # services judged inadequate, or close to it
IMPROVING = frozenset({"poor_to_fair", "fair_to_good"})


def _tenths(happened: int, of: int) -> int:
    return round(10 * happened / of)


@dataclass(frozen=True)
class SlipWarning:
    """The early warning's first statement: of ``of`` past cases like the LA's, ``happened``
    came out worse at their next inspection; ``words`` is how the warning says it."""

    cannot_come_out_worse: bool = False
    happened: int = 0
    of: int = 0
    words: str = ""  # "about 3 in 10", "none of 12"

    @property
    def level(self) -> str | None:
        """One of SLIPPING, or None when the warning has no past cases to count."""
        if self.cannot_come_out_worse:
            return "cannot_come_out_worse"
        if not self.of:
            return None
        tenths = _tenths(self.happened, self.of) if self.happened else 0
        return "often" if tenths >= OFTEN_TENTHS else "sometimes" if tenths >= SOMETIMES_TENTHS else "seldom"


@dataclass(frozen=True)
class SupportContext:
    stage: str  # one of STAGES
    grip: str | None = None  # leadership grip: one of LEVELS, or None when not assessed
    capacity: str | None = None  # the organisation's own view of its capacity to improve
    themes: frozenset[int] = frozenset()  # its strategic priority themes, 1–5
    months_since_inspection: float | None = None
    months_to_next_inspection: float | None = None
    warning: SlipWarning | None = None  # None: no judged inspection, so no warning

    @property
    def slipping(self) -> str | None:
        return self.warning.level if self.warning else None

    def __post_init__(self):
        if self.stage not in STAGES:
            raise ValueError(f"unknown journey stage {self.stage!r}; use one of {STAGES}")
        for name in ("grip", "capacity"):
            value = getattr(self, name)
            if value is not None and value not in LEVELS:
                raise ValueError(f"unknown {name} {value!r}; use one of {LEVELS} or None")
        if not set(self.themes) <= set(THEME_NUMBERS):
            raise ValueError(f"themes must be among {THEME_NUMBERS}, got {sorted(self.themes)}")
        object.__setattr__(self, "themes", frozenset(self.themes))


@dataclass(frozen=True)
class When:
    """A condition; every field left as None matches anything, and all the set ones must hold."""

    stages: frozenset[str] | None = None
    grip: frozenset[str] | None = None
    capacity: frozenset[str] | None = None
    any_theme: frozenset[int] | None = None
    months_since: tuple[float, float] | None = None  # inclusive range
    months_to_next: tuple[float, float] | None = None
    slipping: frozenset[str] | None = None  # levels of SLIPPING

    def holds(self, context: SupportContext) -> bool:
        def within(value: float | None, bounds: tuple[float, float] | None) -> bool:
            return bounds is None or (value is not None and bounds[0] <= value <= bounds[1])

        return (
            (self.stages is None or context.stage in self.stages)
            and (self.grip is None or context.grip in self.grip)
            and (self.capacity is None or context.capacity in self.capacity)
            and (self.any_theme is None or bool(self.any_theme & context.themes))
            and within(context.months_since_inspection, self.months_since)
            and within(context.months_to_next_inspection, self.months_to_next)
            and (self.slipping is None or context.slipping in self.slipping)
        )

    def facts(self) -> tuple[str, ...]:
        """Which of the LA's facts the condition reads, in the order FACTS names them."""
        set_fields = {
            "stage": self.stages,
            "grip": self.grip,
            "capacity": self.capacity,
            "slipping": self.slipping,
            "themes": self.any_theme,
            "since": self.months_since,
            "to_next": self.months_to_next,
        }
        return tuple(name for name in FACTS if set_fields[name] is not None)


@dataclass(frozen=True)
class Rule:
    id: str
    form: str  # a support form id from the catalogue
    points: int  # positive: a reason for the form; negative: a caution against it
    when: When
    rationale: str


@dataclass(frozen=True)
class Recommendation:
    form_id: str
    name: str
    score: int
    reasons: tuple[str, ...]
    cautions: tuple[str, ...] = ()
    rule_ids: tuple[str, ...] = field(default=())
    because: str = ""  # one sentence: the LA's facts that made the form fit
    providers: tuple[Provider, ...] = ()  # who provides it in the LA's region, and how to ask


def _set(*values):
    return frozenset(values)


RULES: tuple[Rule, ...] = (
    # --- Before the starting line and poor to fair ---------------------------------------------
    Rule(
        "diagnostic-before-starting-line",
        "diagnostic",
        3,
        When(stages=_set("before_starting_line")),
        "Before anything else the LA needs an honest, shared picture of how deep the problems go; an "
        "independent diagnostic gives leaders and members evidence they can accept and act on.",
    ),
    Rule(
        "diagnostic-weak-grip",
        "diagnostic",
        1,
        When(grip=_set("weak")),
        "With a weak grip, leaders may not yet see the whole picture; an outside view helps them accept the "
        "findings and move on.",
    ),
    Rule(
        "board-when-poor",
        "improvement_board",
        2,
        When(stages=POOR),
        "An improvement board with an independent chair keeps the chief executive, members and partners "
        "owning the improvement and challenges its pace.",
    ),
    Rule(
        "board-weak-grip",
        "improvement_board",
        1,
        When(stages=POOR, grip=_set("weak", "developing")),
        "While leaders' grip is still developing, independent oversight adds the challenge they cannot yet "
        "supply themselves.",
    ),
    Rule(
        "board-not-for-good",
        "improvement_board",
        -2,
        When(stages=_set("good_to_great")),
        "A good LA needs lighter-touch assurance than a formal improvement board.",
    ),
    Rule(
        "adviser-when-poor",
        "lga_improvement_adviser",
        2,
        When(stages=POOR),
        "An experienced adviser gives the DCS, chief executive and lead member a trusted sounding board and "
        "helps broker further support.",
    ),
    Rule(
        "adviser-members-theme",
        "lga_improvement_adviser",
        1,
        When(any_theme=_set(4)),
        "Your priorities include scrutiny and the role of members; an adviser can help members understand "
        "and challenge children's services.",
    ),
    Rule(
        "partner-poor-to-fair",
        "improvement_partner",
        3,
        When(stages=_set("poor_to_fair")),
        "A partner LA that has made the same journey lends know-how, people and tested tools when they are "
        "scarcest.",
    ),
    Rule(
        "partner-adds-capacity",
        "improvement_partner",
        1,
        When(capacity=_set("weak", "developing")),
        "Your own capacity is stretched; a partner's people add capacity rather than consuming it.",
    ),
    Rule(
        "dfe-inadequate-weak-grip",
        "dfe_intervention",
        5,
        When(stages=POOR, grip=_set("weak")),
        "Services are inadequate and leaders do not yet have a grip on them: this is the one situation in "
        "which statutory intervention, with a commissioner assessing capacity to improve, is warranted.",
    ),
    # --- Peer review and the inspection cycle ---------------------------------------------------
    Rule(
        "peer-review-after-inspection",
        "peer_review",
        3,
        When(stages=IMPROVING, months_since=(6, 9)),
        "A peer review planned 6–9 months after the inspection can validate the progress made and hold "
        "the mirror up to where improvement is still needed, in time to act before the next inspection.",
    ),
    Rule(
        "peer-review-mid-cycle",
        "peer_review",
        1,
        When(months_since=(10, 24), months_to_next=(6, 24)),
        "Mid-way between inspections there is time to act on an independent challenge of your "
        "self-evaluation.",
    ),
    Rule(
        "peer-review-good-to-great",
        "peer_review",
        1,
        When(stages=_set("good_to_great")),
        "A challenging review guards against complacency and the risk of slipping back after a good "
        "judgement.",
    ),
    Rule(
        "peer-review-too-soon",
        "peer_review",
        -3,
        When(months_since=(0, 4)),
        "The inspection has only just held the mirror up; act on its findings first and plan a review for "
        "later.",
    ),
    Rule(
        "peer-review-too-late",
        "peer_review",
        -3,
        When(months_to_next=(0, 4)),
        "With an inspection due within a few months there would be no time to act on the review's findings.",
    ),
    Rule(
        "peer-review-before-starting-line",
        "peer_review",
        -2,
        When(stages=_set("before_starting_line")),
        "A peer review is most useful once leaders accept the depth of the problems; start with a "
        "diagnostic.",
    ),
    # --- Mutual and regional support -------------------------------------------------------------
    Rule(
        "triad-fair-to-good",
        "peer_challenge_triad",
        3,
        When(stages=_set("fair_to_good")),
        "Moving from fair to good is about consistent quality; challenge from two LAs at a similar point, "
        "brokered by the region, spreads what works.",
    ),
    Rule(
        "triad-good-to-great",
        "peer_challenge_triad",
        2,
        When(stages=_set("good_to_great")),
        "A triad lets a strong LA test itself against peers and give as well as receive challenge.",
    ),
    Rule(
        "network-shared-priority",
        "regional_network",
        2,
        When(any_theme=frozenset(THEME_NUMBERS)),
        "A regional network built around a shared priority gives low-cost ideas and mutual support from LAs "
        "working on the same challenge.",
    ),
    Rule(
        "network-good-to-great",
        "regional_network",
        1,
        When(stages=_set("good_to_great")),
        "Sharing what works in a regional network keeps a good LA learning and helps others improve.",
    ),
    Rule(
        "sector-led-practice-model",
        "sector_led_support",
        2,
        When(stages=IMPROVING, any_theme=_set(2)),
        "Your priorities include practice improvement; an LA with a proven practice model can help you "
        "adopt one faster.",
    ),
    Rule(
        "sector-led-innovation",
        "sector_led_support",
        2,
        When(stages=_set("good_to_great"), any_theme=_set(5)),
        "A strong LA with innovation priorities can join sector-led programmes that fund new models and "
        "share them with others.",
    ),
    Rule(
        "commissioned-defined-task",
        "commissioned_support",
        1,
        When(grip=_set("strong"), any_theme=_set(1, 3, 5)),
        "With a firm grip you can specify and manage specialist help for a defined task, such as a "
        "workforce programme or a redesign.",
    ),
    # --- Slipping back: what the early warning says about past LAs like this one ----------------
    Rule(
        "review-slipping-often",
        "peer_review",
        2,
        When(stages=_set("fair_to_good", "good_to_great"), slipping=_set("often")),
        "Past LAs like yours often came out worse at their next inspection; an independent review tests "
        "whether the improvement is holding before inspectors do.",
    ),
    Rule(
        "diagnostic-good-doubts-capacity",
        "diagnostic",
        2,
        When(
            stages=_set("good_to_great"),
            capacity=_set("weak", "developing"),
            slipping=_set("often", "sometimes"),
        ),
        "A good judgement with little capacity behind it is where slipping back starts; a focused look at "
        "the basics finds where they are giving way while there is time to act.",
    ),
    Rule(
        "adviser-good-stretched",
        "lga_improvement_adviser",
        2,
        When(stages=_set("good_to_great"), capacity=_set("weak")),
        'After a good judgement a stretched service risks a "collective sigh of relief"; an adviser helps '
        "leaders keep their grip without adding to the load.",
    ),
    Rule(
        "partner-cannot-come-out-worse",
        "improvement_partner",
        1,
        When(slipping=_set("cannot_come_out_worse")),
        "Judged inadequate, the service cannot come out worse at its next inspection: the task is to climb, "
        "and a partner that climbed from the same place shows the way.",
    ),
    Rule(
        "board-cannot-come-out-worse",
        "improvement_board",
        1,
        When(slipping=_set("cannot_come_out_worse")),
        "With nowhere lower to fall, the risk is drift rather than decline; an independent chair keeps the "
        "pace of improvement under challenge.",
    ),
    Rule(
        "network-slipping-seldom",
        "regional_network",
        1,
        When(slipping=_set("seldom")),
        "Few past LAs like yours came out worse at their next inspection, so you can give time to others in "
        "the region as well as learn from them.",
    ),
    # --- Capacity: support must add capacity, not drain it ---------------------------------------
    Rule(
        "weak-capacity-triad",
        "peer_challenge_triad",
        -3,
        When(capacity=_set("weak")),
        "Support must add capacity, not drain it: a triad asks for senior time to challenge others that you "
        "do not have now.",
    ),
    Rule(
        "weak-capacity-review",
        "peer_review",
        -1,
        When(capacity=_set("weak")),
        "Support must add capacity, not drain it: hosting a review takes senior time, so keep its scope "
        "tight.",
    ),
    Rule(
        "weak-capacity-commissioned",
        "commissioned_support",
        -2,
        When(capacity=_set("weak")),
        "Support must add capacity, not drain it: managing a contract and absorbing its learning needs "
        "capacity you lack.",
    ),
    Rule(
        "weak-capacity-network",
        "regional_network",
        -1,
        When(capacity=_set("weak")),
        "With little spare capacity, take part in a network for what it gives you rather than to lead it.",
    ),
)


# The facts a rule may read, in the order the ``because`` sentence names them.
FACTS = ("stage", "grip", "capacity", "slipping", "themes", "since", "to_next")
BECAUSE_MOST = 3  # facts named in one sentence; more would stop it being plain


def _fact_clause(fact: str, context: SupportContext, rules: list[Rule], la: str, its: str) -> str:
    """One fact about the LA as a clause; ``la`` names it ("Birmingham" or "it")."""
    match fact:
        case "stage":
            return f"{la} is placed at '{STAGE_NAMES[context.stage]}' on the journey"
        case "grip":
            return f"{la} places itself at '{context.grip}' on leadership and governance"
        case "capacity":
            return f"{la} places itself at '{context.capacity}' on its capacity to improve"
        case "slipping":
            warning = context.warning
            if warning.cannot_come_out_worse:
                return f"{la} cannot come out worse at its next inspection, being judged inadequate"
            return f"{warning.words} past LAs like {la} came out worse at their next inspection"
        case "themes":
            wanted = frozenset().union(*(r.when.any_theme for r in rules if r.when.any_theme))
            labels = [
                f"theme {n} ({theme_by_number(n).short_title.lower()})"
                for n in sorted(wanted & context.themes)
            ]
            return f"{la} has priorities under {_and(labels)}"
        case "since":
            return f"{its} latest inspection was {context.months_since_inspection:.0f} months ago"
        case "to_next":
            return f"{its} next inspection is about {context.months_to_next_inspection:.0f} months away"
    raise ValueError(f"unknown fact {fact!r}")


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def because(context: SupportContext, form_id: str, rules: list[Rule], la_name: str) -> str:
    """The one sentence that says why a form fits: the LA's facts its positive rules read."""
    facts = [f for f in FACTS if any(f in r.when.facts() for r in rules if r.points > 0)][:BECAUSE_MOST]
    clauses = []
    for fact in facts:
        first = not clauses
        clauses.append(
            _fact_clause(fact, context, rules, la_name if first else "it", f"{la_name}'s" if first else "its")
        )
    return f"Because {_and(clauses)}, {get_form(form_id).in_a_sentence} fits."


def recommend(
    context: SupportContext, rules: Iterable[Rule] = RULES, *, la_name: str = "the LA", region: str = ""
) -> list[Recommendation]:
    """Recommended forms of support, best first, each with its reasons, any cautions, the
    sentence that says why it fits ``la_name`` and who provides it in ``region``."""
    fired: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.when.holds(context):
            fired.setdefault(rule.form, []).append(rule)

    catalogue_order = {form.id: index for index, form in enumerate(load_forms())}
    recommendations = []
    for form_id, form_rules in fired.items():
        score = sum(rule.points for rule in form_rules)
        if score <= 0:
            continue
        recommendations.append(
            Recommendation(
                form_id=form_id,
                name=get_form(form_id).name,
                score=score,
                reasons=tuple(rule.rationale for rule in form_rules if rule.points > 0),
                cautions=tuple(rule.rationale for rule in form_rules if rule.points < 0),
                rule_ids=tuple(rule.id for rule in form_rules),
                because=because(context, form_id, form_rules, la_name),
                providers=load_providers().for_form(form_id, region) if region else (),
            )
        )
    recommendations.sort(key=lambda r: (-r.score, catalogue_order[r.form_id]))
    return recommendations
