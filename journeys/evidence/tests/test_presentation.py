"""The one presentation layer: figures, periods, directions, quartiles, ranks and neighbour models
worded the same way wherever they appear. No database."""

from datetime import date

import pytest

from journeys.evidence import presentation
from journeys.evidence.catalogue import load_catalogue
from journeys.improvement.placement import BenchmarkFacts, IndicatorFact, _indicator_signals

CATALOGUE = load_catalogue()
AGENCY = CATALOGUE["agency_rate"]  # percent, lower is better, census at 30 September
CLA_RATE = CATALOGUE["cla_rate_per_10k"]  # per 10,000 children, no better direction


def test_a_figure_has_its_unit_and_its_unit_s_decimal_places():
    assert presentation.format_value(12.4, None, AGENCY) == "12.4%"
    assert presentation.format_value(12.0, None, AGENCY) == "12.0%"
    assert presentation.format_value(416.04, None, CLA_RATE) == "416.0"
    assert presentation.format_value(1234.0, None, CATALOGUE["cin_at31_episodes"]) == "1,234"


def test_every_symbol_says_what_it_means_and_a_published_low_is_not_missing():
    assert presentation.format_value(None, "c", AGENCY) == "[c] Suppressed to protect confidentiality"
    assert presentation.format_value(None, "low", AGENCY) == "[low] Rounds to zero, but is not zero"
    assert presentation.format_value(None, "x", AGENCY) == "[x] Not available"
    assert presentation.format_value(None, "z", AGENCY) == "[z] Not applicable"
    assert "published" not in presentation.format_value(None, "low", AGENCY).lower()
    assert presentation.format_value(None, None, AGENCY) == "No figure"
    assert presentation.format_cell(None, None, AGENCY) == ""


@pytest.mark.parametrize(
    ("kind", "long", "short"),
    [
        ("reporting_year", "year to 31 March 2025", "2025"),
        ("academic_year", "2024/25 academic year", "2024/25"),
        ("financial_year", "2024-25 financial year", "2024-25"),
        ("census_date", "at 30 September 2025", "2025"),
        (None, "2025", "2025"),
    ],
)
def test_a_period_is_named_by_its_kind(kind, long, short):
    assert presentation.period_name(kind, 2025) == long
    assert presentation.period_short(kind, 2025) == short


def test_an_indicator_s_period_comes_from_its_dataset():
    assert presentation.indicator_period(AGENCY, 2025) == "at 30 September 2025"
    assert presentation.indicator_period(CATALOGUE["rereferral_rate"], 2025) == "year to 31 March 2025"
    assert presentation.indicator_period(CATALOGUE["cin_rate_per_10k"], 2025) == "year to 31 March 2025"


def test_direction_reads_polarity_and_judges_nothing_without_one():
    assert presentation.direction("higher_is_worse", -1.0, 12.0) == "improving"
    assert presentation.direction("higher_is_better", -1.0, 12.0) == "worsening"
    assert presentation.direction("neither", -20.0, 400.0) == "falling"
    # Under 2% of the figure's size a year there is no clear change, whatever the polarity.
    assert presentation.direction("higher_is_worse", -0.2, 12.0) == "stable"
    assert presentation.direction_name("stable") == "No clear change"
    assert presentation.direction_name("falling") == "Falling"
    assert presentation.direction_name(None) == "Not enough years for a trend"


def test_quartile_one_is_the_best_quarter_and_no_direction_means_a_position():
    assert presentation.quartile_name(1) == "1 (best quarter)"
    assert presentation.quartile_name(4) == "4 (worst quarter)"
    assert presentation.quartile_name(None) == "Not ranked"
    assert "1 is the best quarter" in presentation.QUARTILE_AXIS
    assert presentation.rank_name(3, 152, "higher_is_worse") == "3 of 152 (1 = best)"
    assert presentation.rank_name(3, 152, "neither") == "3 of 152 (1 = highest)"
    assert presentation.rank_heading("neither") == "Position (1 = highest)"
    assert presentation.ranking_order("neither") == "highest to lowest"


def test_the_neighbour_model_is_named():
    assert presentation.neighbour_model_name("dfe-2021") == "DfE 2021 statistical neighbour groupings"
    assert presentation.neighbour_model_name("dfe-2025") == "DfE 2025 statistical neighbour model"
    assert presentation.neighbours_cell(350.34, 10, "dfe-2021", CLA_RATE) == (
        "350.3 (10 LAs, DfE 2021 statistical neighbour groupings)"
    )


def test_months_that_are_not_reached_are_said_so():
    assert presentation.months_name(None) == "not reached"
    assert presentation.months_name(30.25) == "30.2 months"
    assert presentation.duration_name(106.1) == "8 years and 10 months"
    assert presentation.duration_name(24.2) == "2 years"
    assert presentation.duration_name(13) == "1 year and 1 month"
    assert presentation.duration_name(0.4) == "0 months"


def test_a_lower_is_better_rate_in_the_second_quarter_is_better_than_the_median():
    facts = BenchmarkFacts(
        {
            "agency_rate": IndicatorFact(
                12.4, 2, "improving", "Agency worker rate", 2025, "12.4%, at 30 September 2025"
            )
        }
    )
    _, strong = _indicator_signals(facts)
    assert strong == [
        "Agency worker rate (12.4%, at 30 September 2025) is in the second quarter of LAs, "
        "better than the median, and improving."
    ]


def test_an_inspection_is_named_by_its_fieldwork_and_an_imputed_grade_says_so():
    assert presentation.inspection_name(date(2024, 9, 30), date(2025, 5, 2)) == (
        "the inspection that began on 30 September 2024 (published May 2025)"
    )
    graded = presentation.judgement_phrase("Good", date(2024, 9, 30), date(2025, 5, 2), overall_given=True)
    assert graded.endswith("judged services 'good'")
    imputed = presentation.judgement_phrase("Good", date(2026, 5, 4), None, overall_given=False)
    assert imputed == (
        "the inspection that began on 4 May 2026 gave no overall grade; Journeys reads its "
        "sub-judgements as equivalent to 'good' (an imputed grade, not Ofsted's)"
    )


def test_a_unit_and_a_neighbour_mean_for_the_briefing_s_table():
    assert presentation.unit_name(AGENCY) == "Per cent"
    assert presentation.unit_name(CATALOGUE["caseload"]) == "Cases per FTE case-holding social worker"
    assert presentation.neighbours_mean(10.79, 10, AGENCY) == "10.8% (10 LAs)"
    assert presentation.neighbours_mean(None, 0, AGENCY) == ""


def test_confidence_is_said_in_plain_words_never_as_journeys_being_confident():
    sentences = [presentation.confidence_sentence(band) for band in ("high", "medium", "low")]
    assert sentences[0] == "The evidence points clearly to this stage."
    assert all("confidence" not in s and "Journeys" not in s for s in sentences)


def test_the_evidence_version_names_the_latest_import_and_its_day():
    assert (
        presentation.evidence_version_name("41.40.1764657612.5", date(2026, 12, 2))
        == "Evidence version 41.40 (last import 2 December 2026)"
    )
    assert presentation.evidence_version_name("0.0.0", None) == "No evidence imported yet"
