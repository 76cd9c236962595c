"""Placement on the journey: hand-built records, then real inspections."""

from dataclasses import replace
from datetime import date

import pytest

from journeys.authorities.register import load_register
from journeys.evidence.records import Grade, Inspection
from journeys.improvement.placement import (
    STAGE_RULES,
    STAGES,
    BenchmarkFacts,
    IndicatorFact,
    SelfEvaluationSummary,
    equivalent_grade,
    place,
)
from journeys.improvement.tests import real_inspections

G, RI, INAD, OUT = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE, Grade.OUTSTANDING
AS_OF = date(2026, 7, 1)


def ilacs(published: date, overall: Grade | None, **subs: Grade) -> Inspection:
    framework = "ilacs_2026" if overall is None else "ilacs_2023"
    return Inspection("999", framework, "standard", published, published, overall, subs)


def all_subs(grade: Grade) -> dict[str, Grade]:
    return {"leaders": grade, "help_and_protection": grade, "in_care": grade, "care_leavers": grade}


def test_rule_ids_are_unique_and_stages_known():
    assert len({r.id for r in STAGE_RULES}) == len(STAGE_RULES)
    assert {r.stage_id for r in STAGE_RULES} <= set(STAGES)


@pytest.mark.parametrize(
    ("overall", "stage"),
    [(INAD, "poor_to_fair"), (RI, "fair_to_good"), (G, "good_to_great"), (OUT, "good_to_great")],
)
def test_overall_grade_anchors_the_stage(overall, stage):
    placement = place([ilacs(date(2026, 1, 10), overall, **all_subs(overall))], as_of=AS_OF)
    assert placement.stage_id == stage
    assert placement.stage_name == STAGES[stage]
    assert placement.confidence == "high"
    assert placement.reasons


def test_sub_judgements_only_still_place_with_reasons():
    """Post-April-2026 inspection: no overall grade, sub-judgements only."""
    latest = ilacs(date(2026, 5, 20), None, leaders=RI, help_and_protection=RI, in_care=G, care_leavers=G)
    placement = place([ilacs(date(2022, 3, 1), INAD, **all_subs(INAD)), latest], as_of=AS_OF)
    assert placement.stage_id == "fair_to_good"
    assert "no overall grade" in placement.reasons[0]
    assert any("better than that" in r for r in placement.reasons)
    # Derived from sub-judgements, so less sure than an overall grade would make it.
    assert (
        placement.confidence_score
        < place([ilacs(date(2026, 5, 20), RI, **all_subs(RI))], as_of=AS_OF).confidence_score
    )


def test_any_inadequate_sub_judgement_is_inadequate_equivalent():
    inspection = ilacs(date(2026, 5, 1), None, leaders=G, help_and_protection=INAD, in_care=G, care_leavers=G)
    assert equivalent_grade(inspection) == INAD
    assert place([inspection], as_of=AS_OF).stage_id == "poor_to_fair"


def test_equivalent_grade_follows_leaders_median_and_lowest():
    assert (
        equivalent_grade(
            ilacs(date(2026, 5, 1), None, leaders=G, help_and_protection=G, in_care=G, care_leavers=RI)
        )
        == G
    )
    assert (
        equivalent_grade(
            ilacs(date(2026, 5, 1), None, leaders=RI, help_and_protection=G, in_care=RI, care_leavers=RI)
        )
        == RI
    )
    assert (
        equivalent_grade(
            ilacs(date(2026, 5, 1), None, leaders=OUT, help_and_protection=OUT, in_care=OUT, care_leavers=G)
        )
        == OUT
    )


def test_good_with_leadership_below_good_is_fair_to_good():
    weak = ilacs(date(2026, 1, 10), G, leaders=RI, help_and_protection=G, in_care=G, care_leavers=G)
    placement = place([weak], as_of=AS_OF)
    assert placement.stage_id == "fair_to_good"
    assert any("impact of leaders" in r for r in placement.reasons)


def test_repeated_inadequate_is_before_the_starting_line():
    history = [
        ilacs(date(2019, 1, 1), INAD, **all_subs(INAD)),
        ilacs(date(2025, 6, 1), INAD, **all_subs(INAD)),
    ]
    assert place(history, as_of=AS_OF).stage_id == "before_starting_line"
    assert place(history[1:], as_of=AS_OF).stage_id == "poor_to_fair"


def test_findings_not_accepted_is_before_the_starting_line_with_gap():
    self_view = SelfEvaluationSummary("fair_to_good", {"Strategic approach": 2.0}, findings_accepted=False)
    placement = place(
        [ilacs(date(2025, 6, 1), INAD, **all_subs(INAD))], self_evaluation=self_view, as_of=AS_OF
    )
    assert placement.stage_id == "before_starting_line"
    assert placement.self_view_gap.startswith("Your self-evaluation places you at 'Fair to good'")
    assert "the evidence suggests 'Getting to the starting line'" in placement.self_view_gap
    assert "accept the findings and move on" in placement.self_view_gap


def test_self_view_gap_rosier_from_enabler_ratings_only():
    ratings = {f"enabler {n}": 3.0 for n in range(7)}
    placement = place(
        [ilacs(date(2025, 6, 1), RI, **all_subs(RI))],
        self_evaluation=SelfEvaluationSummary(None, ratings, findings_accepted=True),
        as_of=AS_OF,
    )
    assert placement.stage_id == "fair_to_good"
    assert "reads, from your enabler ratings, as 'Good to great'" in placement.self_view_gap
    assert "accept the findings and move on" in placement.self_view_gap


def test_no_gap_when_self_view_agrees_and_agreement_raises_confidence():
    inspection = ilacs(date(2025, 6, 1), RI, **all_subs(RI))
    agreeing = place([inspection], self_evaluation=SelfEvaluationSummary("fair_to_good"), as_of=AS_OF)
    alone = place([inspection], as_of=AS_OF)
    assert agreeing.self_view_gap is None
    assert agreeing.confidence_score > alone.confidence_score


def test_cautious_self_view_is_reported_without_the_advice():
    gap = place(
        [ilacs(date(2025, 6, 1), G, **all_subs(G))],
        self_evaluation=SelfEvaluationSummary("poor_to_fair"),
        as_of=AS_OF,
    ).self_view_gap
    assert "more cautious" in gap and "accept the findings" not in gap


def test_old_inspection_lowers_confidence_and_says_why():
    old = place([ilacs(date(2020, 6, 1), G, **all_subs(G))], as_of=AS_OF)
    recent = place([ilacs(date(2026, 1, 1), G, **all_subs(G))], as_of=AS_OF)
    assert old.confidence_score < recent.confidence_score
    assert any("years old" in r for r in old.reasons)


def test_weak_indicators_lower_confidence_for_a_good_la_and_add_reasons():
    facts = BenchmarkFacts(
        {
            "agency_rate": IndicatorFact(28.0, 4, "worsening", "Agency worker rate"),
            "turnover_rate": IndicatorFact(24.0, 4, "stable", "Turnover rate"),
        }
    )
    inspection = ilacs(date(2026, 1, 1), G, **all_subs(G))
    with_facts = place([inspection], benchmarks=facts, as_of=AS_OF)
    assert with_facts.confidence_score < place([inspection], as_of=AS_OF).confidence_score
    assert "Agency worker rate is in the worst quarter of LAs and getting worse." in with_facts.reasons
    assert with_facts.stage_id == "good_to_great"  # indicators move confidence, not the anchor


def test_later_inspections_are_ignored_as_of_a_date():
    history = [ilacs(date(2019, 1, 1), INAD, **all_subs(INAD)), ilacs(date(2023, 1, 1), G, **all_subs(G))]
    assert place(history, as_of=date(2020, 1, 1)).stage_id == "poor_to_fair"
    assert place(history, as_of=date(2024, 1, 1)).stage_id == "good_to_great"


def test_visits_never_anchor():
    visit = Inspection("999", "ilacs_2023", "monitoring visit", date(2026, 3, 1), date(2026, 3, 1), None, {})
    placement = place([ilacs(date(2024, 1, 1), RI, **all_subs(RI)), visit], as_of=AS_OF)
    assert "2024" in placement.evidence_used[0]


def test_no_inspection_places_from_indicators_with_low_confidence():
    facts = BenchmarkFacts(
        {k: IndicatorFact(1.0, 4, "worsening") for k in ("agency_rate", "caseload", "vacancy_rate")}
    )
    placement = place([], benchmarks=facts, as_of=AS_OF)
    assert placement.stage_id == "poor_to_fair"
    assert placement.confidence == "low"
    assert "no judged inspection" in placement.reasons[0]


def test_no_evidence_at_all_has_zero_confidence():
    placement = place([], as_of=AS_OF)
    assert placement.confidence_score == 0.0 and placement.confidence == "low"
    assert placement.stage_id == "before_starting_line"


def test_equivalent_grade_agrees_with_ofsted_on_real_ilacs(shared_data):
    """The sub-judgement rule against Ofsted's own overall grade, where an inspection has both."""
    both = [
        i
        for i in real_inspections(shared_data)
        if i.framework.startswith("ilacs") and i.overall is not None and len(i.sub_judgements) >= 3
    ]
    agree = sum(equivalent_grade(replace(i, overall=None)) == i.overall for i in both)
    print(f"\nSub-judgement rule agrees with the overall grade in {agree} of {len(both)} ILACS inspections")  # noqa: T201
    assert len(both) >= 250 and agree / len(both) >= 0.95


def test_real_2026_inspections_without_overall_grade_are_placed(shared_data):
    register = load_register()
    inspections = real_inspections(shared_data)
    for name, stage in (("Brent", "good_to_great"), ("Somerset", "fair_to_good")):
        code = register.lookup(name).old_la_code
        placement = place([i for i in inspections if i.la_code == code], as_of=date(2026, 7, 1))
        assert placement.stage_id == stage, name
        assert (
            "gave no overall grade; Journeys reads its sub-judgements as equivalent to"
            in placement.reasons[0]
        )
        assert "(an imputed grade, not Ofsted's)" in placement.reasons[0]
        assert "judged services" not in placement.reasons[0]
