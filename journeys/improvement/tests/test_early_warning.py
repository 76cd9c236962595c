"""The slipping-back warning: signals as context, frequencies from past cases, no look-ahead."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.evidence.records import Grade, Inspection, Observation
from journeys.improvement.early_warning import (
    GOOD_TO_RI,
    INDICATORS,
    MEASURES_BY_ID,
    SIGNALS,
    SIGNALS_BY_ID,
    WORSE,
    Count,
    Population,
    fit_outlook,
    in_tens,
    past_cases,
    sub_judgement_grade,
    warning_at,
)

G, RI, INAD, OUT = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE, Grade.OUTSTANDING
LA = "900"
NEIGHBOURS = ("901", "902", "903")
AS_OF = date(2024, 6, 1)


def inspection(
    published: date, grade: Grade | None, la: str = LA, kind: str = "standard", start: date | None = None
) -> Inspection:
    return Inspection(la, "ilacs_2023", kind, start or published - timedelta(days=60), published, grade, {})


def observation(
    area: str, indicator: str, year: int, value: float, published: date | None = None
) -> Observation:
    return Observation(area, indicator, year, value, None, published or date(year + 1, 2, 28))


def neighbours_at(indicator: str, value: float, years=(2021, 2022)) -> list[Observation]:
    return [observation(n, indicator, y, value) for n in NEIGHBOURS for y in years]


def fired(warning) -> set[str]:
    return {s.id for s in warning.signals if s.result.fired}


def test_signal_ids_are_unique_and_each_explains_itself():
    assert len(SIGNALS_BY_ID) == len(SIGNALS)
    assert all(s.title and s.why for s in SIGNALS)


def test_agency_rate_high_against_neighbours_and_rising():
    observations = [
        observation(LA, "agency_rate", 2021, 12.0),
        observation(LA, "agency_rate", 2022, 24.0),
        *neighbours_at("agency_rate", 12.0),
    ]
    warning = warning_at(LA, AS_OF, [inspection(date(2022, 1, 1), G)], observations, NEIGHBOURS)
    assert {"agency_high", "agency_rising"} <= fired(warning)
    agency = next(s for s in warning.signals if s.id == "agency_high")
    assert "24.0% against 12.0% for comparable LAs: 100% higher" in agency.result.reason
    assert agency.result.reason in warning.context
    quiet = warning_at(
        LA,
        AS_OF,
        [inspection(date(2022, 1, 1), G)],
        neighbours_at("agency_rate", 12.0)
        + [observation(LA, "agency_rate", 2021, 12.0), observation(LA, "agency_rate", 2022, 12.5)],
        NEIGHBOURS,
    )
    assert not {"agency_high", "agency_rising"} & fired(quiet)


def test_england_is_the_comparison_without_enough_neighbours():
    observations = [observation(LA, "caseload", 2022, 24.0), observation("England", "caseload", 2022, 16.0)]
    warning = warning_at(LA, AS_OF, [], observations)
    assert "caseload_high" in fired(warning)


def test_missing_figures_are_said_and_do_not_fire():
    warning = warning_at(LA, AS_OF, [], [])
    assert not fired(warning) and not warning.context and not warning.statements
    assert all(not s.result.available for s in warning.signals)
    assert warning.headline == "No judged inspection yet to speak of." and warning.share is None


def test_sigh_of_relief_after_a_step_up_to_good():
    history = [inspection(date(2019, 5, 1), RI), inspection(date(2023, 1, 1), G)]
    warning = warning_at(LA, AS_OF, history, [])  # 17 months after the step up
    assert "sigh_of_relief" in fired(warning)
    assert any("collective sigh of relief" in r for r in warning.context)
    steady = [inspection(date(2019, 5, 1), G), inspection(date(2023, 1, 1), G)]
    assert "sigh_of_relief" not in fired(warning_at(LA, AS_OF, steady, []))


def test_a_step_up_without_an_overall_grade_is_not_called_a_judgement():
    subs = dict.fromkeys(("leaders", "help_and_protection", "in_care", "care_leavers"), G)
    history = [
        inspection(date(2019, 5, 1), RI),
        Inspection(LA, "ilacs_2026", "standard", date(2022, 11, 1), date(2023, 1, 1), None, subs),
    ]
    reasons = [
        s.result.reason for s in warning_at(LA, AS_OF, history, []).signals if s.id == "sigh_of_relief"
    ]
    assert reasons[0].startswith("Sub-judgements equivalent to 'good' (no overall grade given) 17 months ago")


def test_time_since_inspection():
    assert "time_since_inspection" in fired(warning_at(LA, AS_OF, [inspection(date(2019, 1, 1), OUT)], []))
    assert not fired(warning_at(LA, AS_OF, [inspection(date(2024, 1, 1), INAD)], []))


def test_leadership_changes_are_said_only_where_recorded():
    history = [inspection(date(2023, 1, 1), G)]
    unrecorded = warning_at(LA, AS_OF, history, [])
    none_recorded = warning_at(LA, AS_OF, history, [], leadership_changes=[])
    changed = warning_at(LA, AS_OF, history, [], leadership_changes=[date(2024, 1, 1), date(2020, 1, 1)])
    leadership = [
        next(s for s in w.signals if s.id == "leadership_change") for w in (unrecorded, none_recorded)
    ]
    assert [s.result.available for s in leadership] == [False, True]
    assert "1 change(s) of leadership in the last two years." in changed.context


# --- A figure's place in its year -------------------------------------------------------------


def test_a_figure_is_placed_among_every_la_of_its_year_and_never_among_england_or_regions():
    observations = [observation(f"8{n:02d}", "caseload", 2022, 10.0 + n) for n in range(10)]
    observations += [
        observation("England", "caseload", 2022, 99.0),
        observation("London", "caseload", 2022, 1.0),
    ]
    population = Population(observations)
    caseload = MEASURES_BY_ID["caseload_level"]
    top, bottom = (population.position(caseload, code, AS_OF) for code in ("809", "800"))
    assert (top.share_below, top.third, top.among) == (1.0, 2, 10)
    assert (bottom.share_below, bottom.third) == (0.0, 0)
    assert population.position(caseload, "805", AS_OF).third == 1
    # Before the figures were published there is no place to speak of.
    assert population.position(caseload, "809", date(2023, 2, 27)) is None


def test_a_change_is_placed_among_every_la_s_change_that_year():
    observations = [observation(f"8{n:02d}", "caseload", 2021, 15.0) for n in range(4)]
    observations += [observation(f"8{n:02d}", "caseload", 2022, 15.0 + n) for n in range(4)]
    change = Population(observations).position(MEASURES_BY_ID["caseload_change"], "803", AS_OF)
    assert (change.year, change.value, change.share_below) == (2022, 3.0, 1.0)


def test_frequencies_in_words():
    assert in_tens(Count(26, 91)) == "about 3 in 10"
    assert in_tens(Count(1, 40)) == "fewer than 1 in 10"
    assert in_tens(Count(0, 12)) == "none of 12"


def test_worse_reads_sub_judgements_where_there_is_no_overall_grade():
    subs = {"leaders": RI, "help_and_protection": G, "in_care": G, "care_leavers": G}
    graded = Inspection(LA, "ilacs_2023", "standard", date(2024, 1, 1), date(2024, 3, 1), G, subs)
    ungraded = Inspection(LA, "ilacs_2026", "short", date(2026, 5, 1), date(2026, 6, 1), None, subs)
    # (RI + RI + G) / 3 rounds to RI, whatever the overall grade says.
    assert sub_judgement_grade(graded) == sub_judgement_grade(ungraded) == RI
    assert sub_judgement_grade(inspection(date(2024, 1, 1), G)) is None


# --- Frequencies from past cases --------------------------------------------------------------

CASE_LAS = [f"8{n:02d}" for n in range(30)]
CAME_OUT_WORSE = {"820", "822", "824", "812"}  # 3 of the 10 highest caseloads, 1 of the middle 10


def past_evidence(lead_caseload: float = 50.0) -> tuple[list[Inspection], list[Observation]]:
    """30 LAs judged Good in 2019 and again in 2022, caseloads 10-39 in 2021; four came out worse."""
    inspections, observations = [], []
    for n, code in enumerate(CASE_LAS):
        inspections.append(inspection(date(2019, 3, 1), G, la=code))
        grade = RI if code in CAME_OUT_WORSE else G
        inspections.append(inspection(date(2022, 8, 1), grade, la=code, start=date(2022, 6, 1)))
        observations.append(observation(code, "caseload", 2021, 10.0 + n))
    observations.append(observation(LA, "caseload", 2021, lead_caseload))
    return inspections, observations


def test_the_outlook_counts_what_happened_by_the_lead_figure_s_third():
    inspections, observations = past_evidence()
    cases = past_cases(inspections, observations)
    assert len(cases) == 30 and sum(c.outcome < c.previous for c in cases) == 4
    outlook = fit_outlook(cases, WORSE)
    assert outlook.measure.id == "caseload_level" and outlook.fitted_auc > 0.5
    assert outlook.by_third == (Count(0, 10), Count(1, 10), Count(3, 10))
    assert outlook.overall == Count(4, 30)


def test_the_warning_says_how_often_las_like_it_came_out_worse():
    inspections, observations = past_evidence()
    cases = past_cases(inspections, observations)
    history = inspections + [inspection(date(2023, 1, 1), G)]
    warning = warning_at(LA, AS_OF, history, observations, cases=cases)
    worse, good_to_ri = warning.statements
    assert worse.text == (
        "Of LAs with caseloads like this (the highest third of LAs in 2021), about 3 in 10 came out "
        "worse at their next inspection (3 of 10 inspections since 2022)."
    )
    assert good_to_ri.target == GOOD_TO_RI.id and (good_to_ri.happened, good_to_ri.of) == (3, 10)
    assert good_to_ri.text.startswith("Of LAs judged Good or better with caseloads like this")
    assert worse.frequency == "About 3 in 10" and warning.share == 0.3
    assert worse.figure == "Average caseload 50.0 (2021): the highest third of 31 LAs"


def test_an_la_judged_inadequate_cannot_come_out_worse():
    inspections, observations = past_evidence()
    cases = past_cases(inspections, observations)
    warning = warning_at(
        LA, AS_OF, inspections + [inspection(date(2023, 1, 1), INAD)], observations, cases=cases
    )
    (statement,) = warning.statements  # "Good or better now" does not apply
    assert statement.cannot_happen and warning.cannot_come_out_worse
    assert "it cannot come out worse" in statement.text and statement.frequency == "Cannot come out worse"
    assert warning.share == -1.0


def test_frequencies_count_only_past_cases_known_by_the_date():
    inspections, observations = past_evidence()
    cases = past_cases(inspections, observations)
    history = inspections + [inspection(date(2020, 1, 1), G)]
    # On 1 July 2022 the 2022 inspections had started but none was published.
    early = warning_at(LA, date(2022, 7, 1), history, observations, cases=cases)
    assert [s.text for s in early.statements] == ["Journeys holds too few past inspections to say."] * 2
    later = warning_at(LA, date(2022, 8, 2), history, observations, cases=cases)
    assert later.statements[0].of == 10


# --- No look-ahead ----------------------------------------------------------------------------

days_after = st.integers(min_value=0, max_value=3000)
later_observation = st.builds(
    lambda area, indicator, year, value, lag: Observation(
        area, indicator, year, value, None, AS_OF + timedelta(days=1 + lag)
    ),
    st.sampled_from((LA, *NEIGHBOURS, "England", *CASE_LAS[:5])),
    st.sampled_from(INDICATORS),
    st.integers(min_value=2015, max_value=2030),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    days_after,
)
later_inspection = st.builds(
    lambda la, grade, start_lag, report_lag: Inspection(
        la,
        "ilacs_2023",
        "standard",
        AS_OF - timedelta(days=30) + timedelta(days=start_lag),
        AS_OF + timedelta(days=start_lag + report_lag),
        grade,
        {},
    ),
    st.sampled_from((LA, *CASE_LAS[:5])),
    st.sampled_from(list(Grade)),
    days_after,
    st.integers(min_value=0, max_value=200),
)


def known_evidence() -> tuple[list[Inspection], list[Observation]]:
    """The LA's own history and figures, its neighbours', England's, and 30 past cases."""
    inspections, observations = past_evidence()
    inspections += [inspection(date(2019, 3, 1), RI), inspection(date(2022, 3, 1), G)]
    cells = [(a, i, y) for a in (LA, *NEIGHBOURS, "England") for i in INDICATORS for y in (2020, 2021, 2022)]
    observations += [
        observation(area, indicator, year, 10.0 + n % 7) for n, (area, indicator, year) in enumerate(cells)
    ]
    return inspections, observations


def warning_with_cases(inspections, observations, **options):
    return warning_at(
        LA,
        AS_OF,
        inspections,
        observations,
        NEIGHBOURS,
        cases=past_cases(inspections, observations),
        **options,
    )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(later_observation, max_size=30),
    st.lists(later_inspection, max_size=3),
    st.floats(min_value=-50, max_value=50, allow_nan=False),
)
def test_nothing_published_after_the_as_of_date_changes_the_warning(
    extra_observations, extra_inspections, shift
):
    inspections, observations = known_evidence()
    before = warning_with_cases(inspections, observations)
    assert before.statements[0].of > 0  # the frequencies are in play
    # Revise known years in a later publication, and add later figures and inspections (of the
    # LA and of past cases' LAs, which become later past cases).
    revised = [
        Observation(o.area, o.indicator, o.year, o.value + shift, None, AS_OF + timedelta(days=10))
        for o in observations[:20] + observations[-20:]
    ]
    after = warning_with_cases(
        inspections + extra_inspections, observations + revised + extra_observations, leadership_changes=None
    )
    assert after == before


def test_the_same_change_published_in_time_does_change_the_warning():
    """The control for the test above: the evidence cut is what hides later data, nothing else."""
    inspections, observations = known_evidence()
    before = warning_with_cases(inspections, observations)
    in_time = [observation(LA, "agency_rate", 2023, 60.0, published=AS_OF)]
    too_late = [observation(LA, "agency_rate", 2023, 60.0, published=AS_OF + timedelta(days=1))]
    assert warning_with_cases(inspections, observations + in_time).context != before.context
    assert warning_with_cases(inspections, observations + too_late) == before
    # A caseload published in time moves the LA within its year, and so what the warning says.
    lower = [observation(LA, "caseload", 2022, 1.0, published=AS_OF)]
    moved = warning_with_cases(inspections, observations + lower)
    assert "the lowest third of LAs in 2022" in moved.statements[0].text
    assert "the lowest third" not in before.statements[0].text


def test_a_revision_published_before_the_date_replaces_the_first_figure():
    first = observation(LA, "caseload", 2022, 16.0, published=date(2023, 2, 28))
    revised = observation(LA, "caseload", 2022, 24.0, published=date(2023, 6, 1))
    england = observation("England", "caseload", 2022, 16.0)
    for order in ([first, revised, england], [revised, first, england]):
        assert "caseload_high" in fired(warning_at(LA, AS_OF, [], order))
    assert "caseload_high" not in fired(warning_at(LA, date(2023, 5, 1), [], [first, revised, england]))


def test_undated_observations_are_never_counted():
    undated = [
        Observation(LA, "agency_rate", 2020, 90.0, None, None),
        *neighbours_at("agency_rate", 10.0, (2020,)),
    ]
    assert "agency_high" not in fired(warning_at(LA, AS_OF, [], undated, NEIGHBOURS))
