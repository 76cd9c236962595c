"""The rules behind "Questions members may ask", on plain facts (no database)."""

from journeys.reports.questions import RULES, BriefingFacts, FigureFacts, WarningFacts, questions_for


def figure(indicator="agency_rate", *, value=20.0, mean=12.0, quartile=4, polarity="higher_is_worse", **more):
    return FigureFacts(
        indicator=indicator,
        title=more.get("title", "Agency worker rate (FTE)"),
        value=value,
        shown=more.get("shown", f"{value:.1f}%" if value is not None else "No figure"),
        period="at 30 September 2025",
        polarity=polarity,
        quartile=quartile,
        neighbour_mean=mean,
        neighbours_shown=f"{mean:.1f}% (10 LAs)" if mean is not None else "",
        direction=more.get("direction", "worsening"),
        direction_shown=more.get("direction_shown", "Getting worse"),
    )


WARNING = WarningFacts(
    cannot_come_out_worse=False,
    frequencies=("Of LAs with caseloads like this, about 2 in 10 came out worse at their next inspection.",),
    happened=18,
    of=88,
    signs=("The vacancy rate (2025) was 17.1% against 10.2% for comparable LAs: 68% higher.",),
)


def facts(*figures, warning=None, gap=None):
    return BriefingFacts(figures=tuple(figures), warning=warning, self_view_gap=gap)


def test_rule_ids_are_stable_and_unique():
    assert [r.id for r in RULES] == [
        "figure-worst-quarter-behind-neighbours",
        "slipping-back-frequency",
        "self-view-differs-from-evidence",
    ]


def test_a_figure_in_the_worst_quarter_and_behind_its_neighbours_is_asked_about_with_its_words():
    [question] = questions_for(facts(figure()))
    assert question.rule == "figure-worst-quarter-behind-neighbours"
    assert question.text.startswith(
        "Our agency worker rate (FTE) is 20.0% (at 30 September 2025) and getting worse"
    )
    assert "20.0% against 12.0% (10 LAs) for our statistical neighbours" in question.because


def test_worst_quarter_alone_or_behind_neighbours_alone_asks_nothing():
    ahead_of_neighbours = figure(value=20.0, mean=25.0)  # poor everywhere among similar LAs
    third_quarter = figure(quartile=3)
    no_better_direction = figure(polarity="neither")
    no_figure = figure(value=None, shown="[c] Suppressed")
    no_neighbours = figure(mean=None)
    assert (
        questions_for(
            facts(ahead_of_neighbours, third_quarter, no_better_direction, no_figure, no_neighbours)
        )
        == []
    )


def test_higher_is_better_reads_a_lower_figure_as_behind():
    leavers = figure("care_leavers", value=85.0, mean=89.8, polarity="higher_is_better", direction="stable")
    [question] = questions_for(facts(leavers))
    assert "getting worse" not in question.text and "85.0%" in question.text


def test_the_weakest_three_figures_come_first_furthest_behind_first():
    figures = [figure(f"i{n}", value=12.0 + n, mean=12.0, title=f"Indicator {n}") for n in range(1, 6)]
    asked = questions_for(facts(*figures))
    assert [q.text.split(" is ")[0] for q in asked] == [
        "Our indicator 5",
        "Our indicator 4",
        "Our indicator 3",
    ]


def test_the_slipping_back_warning_is_asked_as_a_frequency_with_no_score_or_band():
    [question] = questions_for(facts(warning=WARNING))
    assert question.rule == "slipping-back-frequency"
    assert "Of 88 past inspections of councils like ours, 18 came out worse" in question.text
    assert "about 2 in 10" in question.because and "vacancy rate" in question.because
    for text in (question.text, question.because):
        assert "risk" not in text.lower() and "band" not in text.lower() and "score" not in text.lower()


def test_an_la_that_cannot_come_out_worse_or_has_no_past_cases_is_not_asked_about_slipping_back():
    inadequate = WarningFacts(True, (), 0, 0, ())
    no_cases = WarningFacts(False, (), 0, 0, ())
    assert questions_for(facts(warning=inadequate)) == questions_for(facts(warning=no_cases)) == []


def test_a_gap_between_self_evaluation_and_evidence_is_asked_about_and_quoted():
    gap = "Your self-evaluation places you at 'Good to great'; the evidence suggests 'Fair to good'."
    [question] = questions_for(facts(gap=gap))
    assert question.rule == "self-view-differs-from-evidence" and question.because == gap
    assert questions_for(facts(gap=None)) == []


def test_questions_follow_the_rules_order():
    asked = questions_for(facts(figure(), warning=WARNING, gap="They differ."))
    assert [q.rule for q in asked] == [r.id for r in RULES]
