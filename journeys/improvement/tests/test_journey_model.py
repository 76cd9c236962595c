"""The journey's markers and stage timeline: hand-built records, then real inspections. No database."""

from datetime import date

import pytest

from journeys.evidence.records import Grade, Inspection
from journeys.improvement.journey import (
    SelfEvaluationRatings,
    latest_inspection_of,
    load_markers,
    placed_from,
    stage_position,
    stage_timeline,
)
from journeys.improvement.placement import STAGE_ORDER, BenchmarkFacts, IndicatorFact
from journeys.improvement.tests import real_inspections

G, RI, INAD, OUT = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE, Grade.OUTSTANDING
AS_OF = date(2026, 12, 1)
RATINGS = {"not_yet": 0, "partly": 1, "mostly": 2, "fully": 3}
LABELS = {0: "Not yet in place", 1: "Partly in place", 2: "Mostly in place", 3: "Fully in place"}


def judged(day: date, overall: Grade | None, la: str = "999", **subs: Grade) -> Inspection:
    framework = "ilacs_2026" if overall is None else "ilacs_2023"
    return Inspection(la, framework, "standard", day, day, overall, subs)


def subs(grade: Grade, **others: Grade) -> dict[str, Grade]:
    return {"leaders": grade, "help_and_protection": grade, "in_care": grade, "care_leavers": grade, **others}


def self_evaluation(ratings: dict[str, int], accepted: bool | None = True) -> SelfEvaluationRatings:
    return SelfEvaluationRatings(ratings, RATINGS, LABELS, accepted)


def by_id(position) -> dict[str, str]:
    return {m.id: m.status for m in position.markers}


def test_every_stage_has_markers_with_unique_stable_ids():
    markers = load_markers()
    assert {m.stage for m in markers} == set(STAGE_ORDER)
    assert len({m.id for m in markers}) == len(markers)
    codes = {"before_starting_line": "sl", "poor_to_fair": "pf", "fair_to_good": "fg", "good_to_great": "gg"}
    assert all(m.id.startswith(f"{codes[m.stage]}-") for m in markers)
    assert {m.evidence for m in markers} == {"inspection", "indicator", "self_evaluation"}


def test_markers_read_sub_judgements_indicators_and_the_self_evaluation():
    latest = judged(date(2024, 6, 1), G, **subs(G, leaders=OUT))
    facts = BenchmarkFacts(
        {
            "agency_rate": IndicatorFact(5.0, 1, "improving", figure="5.0%, at 30 September 2025"),
            "vacancy_rate": IndicatorFact(20.0, 4, "worsening", figure="20.0%, at 30 September 2025"),
        }
    )
    ratings = self_evaluation({"gg-lg-2": 3, "gg-lg-3": 2, "gg-sa-1": 1, "gg-ap-1": 3})
    position = stage_position("good_to_great", latest, facts, ratings)
    assert by_id(position) == {
        "gg-good-secure": "met",
        "gg-repeat-plans-low": "no_evidence",
        "gg-leaders-outstanding": "met",
        "gg-help-and-protection-outstanding": "not_yet",
        "gg-in-care-outstanding": "not_yet",
        "gg-agency-low": "met",
        "gg-vacancies-low": "not_yet",
        "gg-supports-others": "met",
        "gg-outcomes-focus": "not_yet",
    }
    assert (position.met, position.not_yet, position.no_evidence) == (4, 4, 1)
    assert position.case == "partway"
    found = {m.id: m.found for m in position.markers}
    assert found["gg-agency-low"] == "5.0%, at 30 September 2025"
    assert found["gg-outcomes-focus"] == "Partly in place"


def test_outstanding_is_sustaining_excellence_not_on_the_way_to_great():
    outstanding = judged(date(2024, 6, 1), OUT, **subs(OUT))
    good = judged(date(2024, 6, 1), G, **subs(G))
    assert (
        stage_position("good_to_great", outstanding, BenchmarkFacts(), None).case == "sustaining_excellence"
    )
    assert stage_position("good_to_great", good, BenchmarkFacts(), None).case == "early"


def test_without_a_self_evaluation_its_markers_have_no_evidence_and_findings_count():
    latest = judged(date(2025, 1, 1), INAD, **subs(INAD))
    public = stage_position("before_starting_line", latest, BenchmarkFacts(), None)
    assert by_id(public) == {
        "sl-findings-accepted": "no_evidence",
        "sl-honest-diagnosis": "no_evidence",
        "sl-council-ownership": "no_evidence",
        "sl-data-checked": "no_evidence",
        "sl-leaders-not-inadequate": "not_yet",
    }
    assert public.case == "early"
    denied = stage_position("before_starting_line", latest, BenchmarkFacts(), self_evaluation({}, False))
    assert by_id(denied)["sl-findings-accepted"] == "not_yet"
    nothing = stage_position("poor_to_fair", None, BenchmarkFacts(), None)
    assert nothing.case == "not_assessed" and nothing.met == 0


def test_an_inspection_without_an_overall_grade_is_imputed_from_its_sub_judgements():
    latest = latest_inspection_of(judged(date(2026, 5, 1), None, **subs(G, care_leavers=RI)))
    assert (latest.overall, latest.grade, latest.grade_imputed) == (None, "Good", True)
    assert [s.id for s in latest.sub_judgements] == [
        "leaders",
        "help_and_protection",
        "in_care",
        "care_leavers",
    ]
    graded = judged(date(2024, 5, 1), RI, **subs(RI))
    assert latest_inspection_of(graded).grade_imputed is False
    assert placed_from([graded], BenchmarkFacts(), AS_OF) == "overall_grade"
    assert placed_from([graded, judged(date(2026, 5, 1), None, **subs(G))], BenchmarkFacts(), AS_OF) == (
        "sub_judgements"
    )
    assert placed_from([], BenchmarkFacts(), AS_OF) == "nothing"


def test_the_timeline_follows_predecessors_and_says_how_each_stage_moved():
    history = [
        judged(date(2015, 5, 13), INAD, la="909", **subs(INAD)),
        judged(date(2018, 1, 29), RI, la="909", **subs(RI)),
        judged(date(2022, 9, 20), RI, la="909", **subs(RI)),
        judged(date(2024, 10, 7), G, la="942", **subs(G)),
        # a visit is no judgement
        Inspection("942", "ilacs_2023", "monitoring visit", date(2025, 3, 1), date(2025, 3, 1), None, {}),
        judged(date(2026, 6, 1), None, la="942", **subs(RI)),
    ]
    timeline = stage_timeline(history, {"909": "Cumbria", "942": "Cumberland"}, as_of=AS_OF)
    assert [(e.la_name, e.stage.id, e.movement) for e in timeline] == [
        ("Cumbria", "poor_to_fair", "first"),
        ("Cumbria", "fair_to_good", "moved_on"),
        ("Cumbria", "fair_to_good", "held"),
        ("Cumberland", "good_to_great", "moved_on"),
        ("Cumberland", "fair_to_good", "slipped_back"),
    ]
    assert (timeline[-1].overall, timeline[-1].grade, timeline[-1].grade_imputed) == (
        None,
        "Requires improvement to be good",
        True,
    )
    assert stage_timeline(history, {}, as_of=date(2016, 1, 1))[-1].la_name == "909"


@pytest.mark.parametrize(
    ("codes", "names", "stages"),
    [
        # Cumberland reads Cumbria's history before its own first inspection (Good, 2024)
        (
            {"909", "942"},
            {"909": "Cumbria", "942": "Cumberland"},
            ["poor_to_fair", "fair_to_good", "fair_to_good", "good_to_great"],
        ),
        # Birmingham: judged inadequate twice, then requires improvement, then good
        (
            {"330"},
            {"330": "Birmingham"},
            ["poor_to_fair", "before_starting_line", "fair_to_good", "good_to_great"],
        ),
    ],
)
def test_real_timelines(shared_data, codes, names, stages):
    history = [i for i in real_inspections(shared_data) if i.la_code in codes]
    timeline = stage_timeline(history, names, as_of=AS_OF)
    assert [e.stage.id for e in timeline] == stages
    assert {e.la_name for e in timeline} == set(names.values())


def test_brents_2026_inspection_is_placed_from_sub_judgements_on_the_real_data(shared_data):
    brent = [i for i in real_inspections(shared_data) if i.la_code == "304"]
    timeline = stage_timeline(brent, {"304": "Brent"}, as_of=AS_OF)
    last = timeline[-1]
    assert (last.framework, last.overall, last.grade, last.grade_imputed) == (
        "ilacs_2026",
        None,
        "Good",
        True,
    )
    assert placed_from(brent, BenchmarkFacts(), AS_OF) == "sub_judgements"
