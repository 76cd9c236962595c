"""The support catalogue and the rules that recommend forms of support."""

from itertools import product

import pytest

from journeys.common.datafiles import DataFileError
from journeys.support.catalogue import (
    FORMS_YAML,
    PROVIDERS_YAML,
    CatalogueFileError,
    load_forms,
    load_providers,
)
from journeys.support.recommend import LEVELS, POOR, RULES, STAGES, SlipWarning, SupportContext, recommend

FORM_IDS = [
    "peer_review",
    "peer_challenge_triad",
    "improvement_partner",
    "regional_network",
    "sector_led_support",
    "lga_improvement_adviser",
    "diagnostic",
    "improvement_board",
    "commissioned_support",
    "dfe_intervention",
]


def form_ids(context):
    return [r.form_id for r in recommend(context)]


def test_catalogue_has_the_ten_forms_each_fully_described():
    forms = load_forms()
    assert [form.id for form in forms] == FORM_IDS
    for form in forms:
        assert form.purpose and form.ingredients and form.works_best and form.avoid_when


def test_rules_have_unique_ids_and_point_at_catalogue_forms():
    assert len({rule.id for rule in RULES}) == len(RULES)
    assert {rule.form for rule in RULES} <= set(FORM_IDS)
    # Every form can be recommended by at least one rule.
    assert {rule.form for rule in RULES if rule.points > 0} == set(FORM_IDS)


def test_broken_catalogue_names_file_place_and_problem(tmp_path):
    path = tmp_path / "forms.yaml"
    path.write_text("version: 1\nforms:\n  - id: Peer Review\n", encoding="utf-8")
    with pytest.raises(CatalogueFileError) as failure:
        load_forms(path)
    assert [problem.where for problem in failure.value.problems] == [
        "forms[0].avoid_when",
        "forms[0].for",
        "forms[0].id",
        "forms[0].in_a_sentence",
        "forms[0].ingredients",
        "forms[0].name",
        "forms[0].works_best",
    ]
    assert str(failure.value).startswith(f"{path}: forms[0].avoid_when: is missing\n")


@pytest.mark.parametrize(
    ("change", "where", "problem"),
    [
        (lambda data: data["forms"][2].pop("works_best"), "forms[2].works_best", "is missing"),
        (
            lambda data: data["forms"][2].update(ingredients="people"),
            "forms[2].ingredients",
            "should be a list",
        ),
        (lambda data: data["forms"][3].update(id="peer_review"), "forms[3].id", "duplicate id 'peer_review'"),
    ],
)
def test_damaged_copy_of_the_forms_file_names_file_and_path(damaged_copy, change, where, problem):
    path = damaged_copy(FORMS_YAML, change)
    with pytest.raises(DataFileError) as failure:
        load_forms(path)
    assert str(failure.value).startswith(f"{path}: {where}: {problem}")


@pytest.mark.parametrize(
    ("stage", "grip", "capacity"), list(product(STAGES, (*LEVELS, None), (*LEVELS, None)))
)
def test_dfe_intervention_only_when_inadequate_with_weak_grip(stage, grip, capacity):
    recommended = "dfe_intervention" in form_ids(SupportContext(stage, grip, capacity, frozenset({1})))
    assert recommended == (stage in POOR and grip == "weak")


def test_peer_review_planned_six_to_nine_months_after_inspection_holds_the_mirror_up():
    context = SupportContext("poor_to_fair", "developing", "developing", frozenset({3}), 7, 20)
    review = next(r for r in recommend(context) if r.form_id == "peer_review")
    assert "peer-review-after-inspection" in review.rule_ids
    assert any("hold the mirror up" in reason for reason in review.reasons)


@pytest.mark.parametrize(("since", "to_next"), [(2, 30), (20, 3)])
def test_no_peer_review_just_after_or_just_before_an_inspection(since, to_next):
    context = SupportContext("fair_to_good", "strong", "strong", frozenset({2}), since, to_next)
    assert "peer_review" not in form_ids(context)


def test_support_must_add_capacity_not_drain_it():
    stretched = SupportContext("fair_to_good", "strong", "weak", frozenset({2}), 7, 20)
    ids = form_ids(stretched)
    assert "peer_challenge_triad" not in ids
    assert "peer_challenge_triad" in form_ids(
        SupportContext("fair_to_good", "strong", "strong", frozenset({2}), 7, 20)
    )
    review = next(r for r in recommend(stretched) if r.form_id == "peer_review")
    assert any("add capacity, not drain it" in caution for caution in review.cautions)


def test_before_the_starting_line_starts_with_a_diagnostic():
    assert form_ids(SupportContext("before_starting_line"))[0] == "diagnostic"


def test_poor_to_fair_with_weak_capacity_gets_a_partner_that_adds_capacity():
    recommendations = recommend(SupportContext("poor_to_fair", "developing", "weak", frozenset({1})))
    partner = next(r for r in recommendations if r.form_id == "improvement_partner")
    assert partner == recommendations[0]
    assert any("add capacity" in reason for reason in partner.reasons)


def test_priority_themes_shape_the_advice():
    without = form_ids(SupportContext("fair_to_good", "strong", "strong"))
    with_members_theme = recommend(SupportContext("fair_to_good", "strong", "strong", frozenset({4})))
    assert "lga_improvement_adviser" not in without and "regional_network" not in without
    adviser = next(r for r in with_members_theme if r.form_id == "lga_improvement_adviser")
    assert "members" in adviser.reasons[0]


def test_good_to_great_gets_no_improvement_board_or_intervention():
    ids = form_ids(SupportContext("good_to_great", "strong", "strong", frozenset({5}), 12, 20))
    assert "improvement_board" not in ids and "dfe_intervention" not in ids
    assert "regional_network" in ids and "sector_led_support" in ids


@pytest.mark.parametrize(("stage", "grip"), list(product(STAGES, (*LEVELS, None))))
def test_every_recommendation_is_ranked_and_explained(stage, grip):
    recommendations = recommend(SupportContext(stage, grip, "developing", frozenset({1, 3}), 8, 18))
    assert recommendations
    scores = [r.score for r in recommendations]
    assert scores == sorted(scores, reverse=True) and min(scores) > 0
    assert all(r.reasons and r.name for r in recommendations)


@pytest.mark.parametrize(
    "arguments",
    [
        {"stage": "great"},
        {"stage": "poor_to_fair", "grip": "firm"},
        {"stage": "poor_to_fair", "themes": frozenset({6})},
    ],
)
def test_unknown_inputs_are_rejected(arguments):
    with pytest.raises(ValueError):
        SupportContext(**arguments)


# --- The journey stage, the slipping-back warning and self-assessed capacity, weighed together ---

GOOD_OFTEN_SLIPPING = SlipWarning(happened=12, of=30, words="about 4 in 10")
INADEQUATE = SlipWarning(cannot_come_out_worse=True)


def test_slipping_back_is_read_in_tenths_as_the_warning_words_it():
    assert INADEQUATE.level == "cannot_come_out_worse"
    assert GOOD_OFTEN_SLIPPING.level == "often"  # 12 of 30: about 4 in 10
    assert SlipWarning(happened=12, of=52, words="about 2 in 10").level == "sometimes"
    assert SlipWarning(happened=1, of=20, words="fewer than 1 in 10").level == "seldom"
    assert SlipWarning(happened=0, of=12, words="none of 12").level == "seldom"
    assert SlipWarning().level is None  # no past cases to count
    assert SupportContext("fair_to_good").slipping is None


def test_a_good_la_doubting_its_capacity_gets_different_support_from_an_inadequate_la():
    good_stretched = SupportContext(
        "good_to_great", "strong", "weak", frozenset({1}), 14, 22, GOOD_OFTEN_SLIPPING
    )
    inadequate = SupportContext("poor_to_fair", "weak", "weak", frozenset({1}), 14, 22, INADEQUATE)

    good = recommend(good_stretched, la_name="Rutland")
    assert [(r.form_id, r.score) for r in good] == [
        ("peer_review", 3),
        ("regional_network", 2),
        ("lga_improvement_adviser", 2),
        ("diagnostic", 2),
        ("improvement_partner", 1),
    ]
    diagnostic = next(r for r in good if r.form_id == "diagnostic")
    assert diagnostic.rule_ids == ("diagnostic-good-doubts-capacity",)
    assert diagnostic.because == (
        "Because Rutland is placed at 'Good to great' on the journey, it places itself at 'weak' on its "
        "capacity to improve and about 4 in 10 past LAs like it came out worse at their next inspection, "
        "a diagnostic fits."
    )

    bad = recommend(inadequate, la_name="Birmingham")
    assert [(r.form_id, r.score) for r in bad] == [
        ("improvement_partner", 5),
        ("dfe_intervention", 5),
        ("improvement_board", 4),
        ("lga_improvement_adviser", 2),
        ("regional_network", 1),
        ("diagnostic", 1),
    ]
    partner = bad[0]
    assert "partner-cannot-come-out-worse" in partner.rule_ids
    assert partner.because == (
        "Because Birmingham is placed at 'Poor to fair' on the journey, it places itself at 'weak' on its "
        "capacity to improve and it cannot come out worse at its next inspection, being judged inadequate, "
        "an improvement partner LA fits."
    )
    assert {r.form_id for r in good} != {r.form_id for r in bad}


def test_the_same_good_la_with_capacity_and_little_slipping_is_pointed_outward():
    confident = SupportContext(
        "good_to_great",
        "strong",
        "strong",
        frozenset({5}),
        14,
        22,
        SlipWarning(happened=0, of=12, words="none of 12"),
    )
    ids = form_ids(confident)
    assert "diagnostic" not in ids and "lga_improvement_adviser" not in ids
    network = next(r for r in recommend(confident) if r.form_id == "regional_network")
    assert "network-slipping-seldom" in network.rule_ids
    assert "none of 12 past LAs like it came out worse" in network.because


def test_every_recommendation_says_in_one_sentence_why_it_fits():
    for stage, grip, capacity, warning in product(
        STAGES, (*LEVELS, None), (*LEVELS, None), (None, INADEQUATE, GOOD_OFTEN_SLIPPING)
    ):
        context = SupportContext(stage, grip, capacity, frozenset({2, 4}), 8, 18, warning)
        for r in recommend(context, la_name="Leeds"):
            assert r.because.startswith("Because Leeds") or r.because.startswith("Because about")
            assert r.because.endswith(" fits.") and r.because.count(". ") == 0
            assert r.because.count(",") <= 4  # at most three facts, however many rules fired


def test_providers_are_named_for_the_las_region_and_every_form_has_one_everywhere():
    from journeys.authorities.register import REGIONS

    providers = load_providers()
    assert providers.source
    for region in REGIONS:
        for form_id in FORM_IDS:
            assert providers.for_form(form_id, region), (form_id, region)
    london = [p.name for p in providers.for_form("peer_review", "Inner London")]
    assert london == [
        "London Innovation and Improvement Alliance (LIIA)",
        "LGA children's improvement advisers",
    ]
    west = providers.for_form("peer_challenge_triad", "West Midlands")
    assert [p.name for p in west] == ["The West Midlands region's improvement and innovation alliance"]
    assert west[0].find_it == "West Midlands regional improvement and innovation alliance children's services"
    assert [p.id for p in providers.for_form("dfe_intervention", "North East")] == ["dfe_commissioner"]
    # No invented addresses: how to ask is said in words, and how to find it is what to search for.
    for provider in providers.providers:
        assert "@" not in provider.how_to_ask and "http" not in provider.find_it

    advised = recommend(
        SupportContext("fair_to_good", "strong", "strong", frozenset({2})), region="South East"
    )
    triad = next(r for r in advised if r.form_id == "peer_challenge_triad")
    assert triad.providers[0].name == "South East Sector Led Improvement Programme (SESLIP)"


def test_a_provider_offering_an_unknown_form_names_file_and_place(damaged_copy):
    path = damaged_copy(PROVIDERS_YAML, lambda data: data["providers"][1]["forms"].append("mentoring"))
    with pytest.raises(CatalogueFileError) as failure:
        load_providers(path)
    assert str(failure.value).startswith(
        f"{path}: providers[1].forms[5]: no support form with id 'mentoring'"
    )


def test_rules_that_read_the_warning_or_capacity_are_declared_with_stable_ids():
    reads = {rule.id: rule.when.facts() for rule in RULES}
    assert reads["review-slipping-often"] == ("stage", "slipping")
    assert reads["diagnostic-good-doubts-capacity"] == ("stage", "capacity", "slipping")
    assert reads["partner-cannot-come-out-worse"] == ("slipping",)
    assert reads["weak-capacity-triad"] == ("capacity",)
