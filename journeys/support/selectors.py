"""Reads for external support: the facts behind an LA's recommendations, and its engagements.

The facts come from elsewhere in Journeys, each said plainly when it is missing:

* **stage**: the LA's placement on the journey (``journeys.improvement.insights.la_placement``);
* **slipping back**: the early warning's first statement (``insights.early_warnings``), how
  often past LAs like this one came out worse at their next inspection, or that it cannot,
  being judged inadequate; none without a judged inspection;
* **leadership grip** and **self-assessed capacity**: from the latest submitted
  self-evaluation the asker may see, scored as placement scores it (over the stages up to the
  one the LA placed itself at) — grip from the *Leadership and governance* enabler, capacity
  from the mean of the enablers that supply the people, systems and money to improve
  (``CAPACITY_ENABLERS``), each on 0–3: 2 or more strong, 1 or more developing, below 1 weak;
  unknown without one;
* **themes**: of the LA's priorities the asker may see;
* **timing**: months since the latest judged inspection, and to the next one, estimated as
  three years after the last (the usual ILACS cycle; Ofsted does not publish dates ahead).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from journeys.authorities.models import LocalAuthority
from journeys.evidence.presentation import stage_name
from journeys.improvement.insights import early_warnings, la_placement, latest_inspection
from journeys.improvement.selectors import enabler_scores, self_evaluation_latest_submitted
from journeys.priorities.selectors import priority_pool
from journeys.priorities.themes import theme_label

from .catalogue import load_forms, load_providers
from .models import SupportEngagement
from .recommend import Recommendation, SlipWarning, SupportContext, recommend

INSPECTION_CYCLE_MONTHS = 36
GRIP_ENABLER = "leadership_and_governance"
# The enablers that are the capacity to improve: its people, its systems and its money.
CAPACITY_ENABLERS = ("engaging_workforce", "supporting_apparatus", "judicious_resources")


@dataclass(frozen=True)
class SupportAdvice:
    authority: LocalAuthority
    context: SupportContext
    facts: tuple[str, ...]  # how each input was arrived at, in plain words
    recommendations: tuple[Recommendation, ...]


def _level(score: float | None) -> str | None:
    if score is None:
        return None
    return "strong" if score >= 2 else "developing" if score >= 1 else "weak"


def _months(start: date, end: date) -> float:
    return round((end - start).days / 30.44, 1)


def _self_evaluation(la: LocalAuthority, user):
    evaluation = self_evaluation_latest_submitted(la=la, user=user)
    if evaluation is None:
        return None, None
    return evaluation, enabler_scores(evaluation, up_to_stage=evaluation.self_placed_stage or None)


def _slip_warning(la: LocalAuthority, as_of: date) -> tuple[SlipWarning | None, str]:
    """The early warning's first statement, and how the facts list says it."""
    warning = early_warnings(as_of=as_of, la_codes=[la.old_la_code]).get(la.old_la_code)
    if warning is None or not warning.statements:
        return None, "Slipping back: no judged inspection yet, so the early warning has nothing to say."
    first = warning.statements[0]
    slip = SlipWarning(
        cannot_come_out_worse=first.cannot_happen,
        happened=first.happened,
        of=first.of,
        words=first.frequency.lower() if first.of else "",
    )
    return slip, f"Slipping back, from Journeys' early warning: {first.text}"


def _placement(la: LocalAuthority, evaluation, as_of: date):
    """(stage id, how it was found, latest judged inspection or None)."""
    placement = la_placement(la, evaluation=evaluation, as_of=as_of)
    how = f"Stage: {placement.stage_name}, from Journeys' placement ({placement.confidence} confidence)."
    return placement.stage_id, how, latest_inspection(la, as_of)


def support_advice(*, la: LocalAuthority, user=None, as_of: date | None = None) -> SupportAdvice:
    """Recommendations for an LA with the facts they rest on; ``user=None`` is the operator's view."""
    as_of = as_of or date.today()
    facts = []
    evaluation, scores = _self_evaluation(la, user)
    stage, how, latest = _placement(la, evaluation, as_of)
    facts.append(how)

    warning, said = _slip_warning(la, as_of)
    facts.append(said)

    if scores:
        grip = _level(scores.get(GRIP_ENABLER))
        rated = [scores[e] for e in CAPACITY_ENABLERS if scores.get(e) is not None]
        capacity = _level(sum(rated) / len(rated)) if rated else None
        facts.append(
            f"Leadership grip: {grip or 'unknown'} (its rating of leadership and governance), and "
            f"self-assessed capacity: {capacity or 'unknown'} (its ratings of the workforce, the supporting "
            "apparatus and the use of resources), from the "
            f"self-evaluation submitted on {evaluation.submitted_at:%-d %B %Y}."
        )
    else:
        grip = capacity = None
        facts.append(
            "Leadership grip and self-assessed capacity are unknown: there is no submitted self-evaluation "
            "to read them from, so no rule that depends on them applies."
        )

    priorities = list(priority_pool(user=user, la=la).filter(la=la))
    themes = frozenset(p.theme for p in priorities)
    facts.append(
        f"Strategic priorities: {len(priorities)} on the register, under "
        f"{'; '.join(theme_label(n) for n in sorted(themes))}."
        if priorities
        else "Strategic priorities: none on the register, so no theme-based rule applies."
    )

    since = to_next = None
    if latest is not None:
        since = _months(latest.dated, as_of)
        to_next = max(0.0, round(INSPECTION_CYCLE_MONTHS - since, 1))
        next_text = f"in about {to_next:.0f} months" if to_next >= 1 else "about now, or overdue"
        facts.append(
            f"Timing: the latest judged inspection, {latest.name}, was {since:.0f} months ago; the "
            f"next is estimated {next_text} (Journeys assumes a three-year cycle)."
        )
    else:
        facts.append("Timing: no judged inspection on record, so timing rules do not apply.")

    context = SupportContext(
        stage=stage,
        grip=grip,
        capacity=capacity,
        themes=themes,
        months_since_inspection=since,
        months_to_next_inspection=to_next,
        warning=warning,
    )
    advised = recommend(context, la_name=la.name, region=la.region)
    return SupportAdvice(la, context, tuple(facts), tuple(advised))


def support_advice_as_dict(advice: SupportAdvice) -> dict:
    context = advice.context
    return {
        "la": {"old_la_code": advice.authority.old_la_code, "name": advice.authority.name},
        "context": {
            "stage": context.stage,
            "stage_name": stage_name(context.stage),
            "grip": context.grip,
            "capacity": context.capacity,
            "themes": sorted(context.themes),
            "months_since_inspection": context.months_since_inspection,
            "months_to_next_inspection": context.months_to_next_inspection,
            "slipping": context.slipping,
        },
        "facts": list(advice.facts),
        "providers_source": load_providers().source,
        "recommendations": [
            {
                "form_id": r.form_id,
                "name": r.name,
                "score": r.score,
                "because": r.because,
                "rationale": list(r.reasons),
                "cautions": list(r.cautions),
                "rule_ids": list(r.rule_ids),
                "providers": [
                    {
                        "id": p.id,
                        "name": p.name,
                        "how_to_ask": p.how_to_ask,
                        "search_for": p.find_it,
                    }
                    for p in r.providers
                ],
            }
            for r in advice.recommendations
        ],
    }


def engagement_list(*, user, la: LocalAuthority | None = None) -> QuerySet[SupportEngagement]:
    records = SupportEngagement.objects.visible_to(user).select_related("la", "brokered_by_user")
    return records.filter(la=la) if la is not None else records


def engagement_get(*, user, pk: int) -> SupportEngagement:
    return engagement_list(user=user).get(pk=pk)


def engagement_as_dict(engagement: SupportEngagement) -> dict:
    return {
        "id": engagement.pk,
        "la": engagement.la.old_la_code,
        "form": engagement.form,
        "form_name": engagement.get_form_display(),
        "provider": engagement.provider,
        "brokered_by": engagement.brokered_by,
        "started_on": engagement.started_on.isoformat() if engagement.started_on else None,
        "ended_on": engagement.ended_on.isoformat() if engagement.ended_on else None,
        "status": engagement.status,
        "outcome": engagement.outcome,
        "helped": engagement.helped,
        "outcome_on": engagement.outcome_on.isoformat() if engagement.outcome_on else None,
        "visibility": engagement.visibility,
    }


def catalogue():
    return load_forms()
