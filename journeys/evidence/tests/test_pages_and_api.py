"""Evidence pages, downloads and API on the imported official files; demonstration data."""

import csv
import io
import pickle

import pytest
from bs4 import BeautifulSoup

from journeys.common.models import RenderedChart
from journeys.evidence import models
from journeys.evidence.derivations import current_version
from journeys.evidence.services import evidence_demo_load

from .conftest import evidence_clear, run_import

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


@pytest.fixture
def suppressed(imported):
    """A shown figure the source suppressed ('c')."""
    row = (
        models.Benchmark.objects.filter(symbol="c", indicator="rereferral_rate")
        .order_by("la_code", "year")
        .first()
    )
    assert row is not None and row.value is None
    return row


def test_la_evidence_page_shows_headline_charts_and_inspections(client, imported):
    response = client.get("/local-authorities/330/evidence/")
    assert response.status_code == 200
    page = text(response)
    assert "Headline indicators for Birmingham, latest year" in page
    assert (
        "Agency worker rate (FTE) The workforce is equipped and effective at 30 September 2025 12.4%" in page
    )
    assert "Overall absence: children looked after for 12 months at 31 March" in page  # academic year
    assert "Inspection timeline for Birmingham" in page
    # Trend charts come one outcome or enabler at a time, from the contents list.
    assert not BeautifulSoup(response.content, "html.parser").select("figure.app-figure")
    assert "Trend charts for each National Framework outcome and enabler" in page
    response = client.get("/local-authorities/330/evidence/", {"section": "enabler_workforce"})
    page = text(response)
    assert "Trends: The workforce is equipped and effective" in page
    assert "Statistical neighbours (mean)" in page
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select("figure.app-figure")) == 5  # four workforce census rates and social worker changes
    figures = soup.select("figure.app-figure")
    assert figures and all(f.select_one("figcaption") and f.select_one("table") for f in figures)
    svg = figures[0].select_one("svg")
    assert svg["role"] == "img" and svg["aria-label"].startswith("Line chart") and svg.select_one("title")
    assert "Demonstration data" not in page


def test_trend_charts_mark_the_change_of_neighbour_model(client, imported):
    page = client.get("/local-authorities/330/evidence/", {"section": "outcome_stay_together"})
    soup = BeautifulSoup(page.content, "html.parser")
    [figure] = [
        f
        for f in soup.select("figure.app-figure")
        if "Children in need per 10,000 children" in f.select_one("figcaption").get_text()
    ]
    assert (
        "Marked at 2025: DfE 2025 statistical neighbour model from here."
        in figure.select_one("svg")["aria-label"]
    )
    rows = {
        tr.find(["th", "td"]).get_text(strip=True): tr.get_text(" ", strip=True)
        for tr in figure.select("tbody tr")
    }
    assert rows["2024"].endswith("DfE 2021 statistical neighbour groupings")
    # From 2025 both models cover the year: the 2021 groupings' mean is given beside the 2025 one.
    assert "DfE 2025 statistical neighbour model" in rows["2025"]
    assert rows["2025"].endswith("(10 LAs, DfE 2021 statistical neighbour groupings)")


def test_reorganised_and_joint_return_las_are_explained(client, imported):
    cumberland = text(client.get("/local-authorities/942/evidence/", {"section": "enabler_workforce"}))
    assert "was formed from Cumbria" in cumberland and "(inspection of Cumbria)" in cumberland
    # Its first census counted half a year (turnover 2.1%): flagged, and no trend starts from it.
    assert "Cumberland was formed in 2023: its figures up to 2023 cover its first months only" in cumberland
    assert "2023 (new LA's first year) 2.1%" in cumberland
    turnover = models.Benchmark.objects.get(la_code="942", indicator="turnover_rate", year=2025)
    assert (turnover.trend_direction, turnover.trend_summary) == ("", "")
    cumbria = text(client.get("/local-authorities/909/evidence/"))
    assert "Cumbria no longer exists" in cumbria
    kingston = text(client.get("/local-authorities/314/evidence/"))
    assert "make a joint return" in kingston


def test_suppressed_figure_is_suppressed_on_the_page_in_the_api_and_in_the_csv(client, suppressed):
    url = f"/local-authorities/{suppressed.la_code}/evidence/"
    assert "[c] Suppressed to protect confidentiality" in text(client.get(url))
    api = client.get(
        f"/api/v1/local-authorities/{suppressed.la_code}/indicators", {"year": suppressed.year}
    ).json()
    figure = next(f for f in api if f["indicator"] == "rereferral_rate")
    assert (figure["value"], figure["symbol"]) == (None, "c")
    benchmarks = client.get(
        f"/api/v1/local-authorities/{suppressed.la_code}/benchmarks",
        {"year": suppressed.year, "indicator": "rereferral_rate"},
    ).json()["benchmarks"]
    assert (benchmarks[0]["value"], benchmarks[0]["symbol"]) == (None, "c")
    download = client.get(
        url, {"download": "rereferral_rate", "format": "csv", "section": "outcome_stay_together"}
    )
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    year_row = next(r for r in rows if r[0] == str(suppressed.year))
    assert year_row[1] == "[c] Suppressed to protect confidentiality"
    ranking = text(client.get("/indicators/rereferral_rate/", {"year": suppressed.year}))
    assert "[c] Suppressed to protect confidentiality" in ranking


def test_indicator_page_ranks_every_la_and_filters_by_region(client, imported):
    everyone = BeautifulSoup(client.get("/indicators/agency_rate/").content, "html.parser")
    assert everyone.select_one("h1").get_text(strip=True) == "Agency worker rate (FTE)"
    source = everyone.find("a", string="Children's social work workforce (DfE)")
    assert source["href"].endswith("/find-statistics/children-s-social-work-workforce")
    ranking = everyone.select("table")[-1].select("tbody tr")
    assert len(ranking) == 153
    west_midlands = client.get("/indicators/agency_rate/", {"year": 2025, "region": "West Midlands"})
    rows = BeautifulSoup(west_midlands.content, "html.parser").select("table")[-1].select("tbody tr")
    assert 10 < len(rows) < 20 and "Birmingham" in west_midlands.content.decode()
    assert client.get("/indicators/no_such_thing/").status_code == 404
    wrong = text(client.get("/indicators/agency_rate/", {"year": "1800", "region": "Atlantis"}))
    assert "Select a year Journeys has figures for, from 2017 to 2025" in wrong
    assert "Select a region from the list" in wrong and "Select a valid choice" not in wrong
    xlsx = client.get("/indicators/agency_rate/", {"download": "ranking", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_compare_page_needs_two_las_then_shows_them_side_by_side(client, imported):
    html = client.get("/compare/", {"la1": "330"}).content.decode()
    assert html.index("govuk-error-summary") < html.index("<h1"), "the error summary opens the page"
    one = text(client.get("/compare/", {"la1": "330"}))
    # Each message names its own field once in the summary and once at the field.
    assert one.count("Select a second local authority to compare") == 2
    assert "Select the first local authority" not in one and "This field is required" not in one
    # LAs alone chart the first indicator; a form sent with no indicator asks for one.
    assert "Select an indicator for the chart" not in one
    nothing = text(client.get("/compare/", {"la1": "", "indicator": ""}))
    assert nothing.count("Select an indicator for the chart") == 2
    assert nothing.count("Select the first local authority to compare") == 2
    both = client.get("/compare/", {"la1": "330", "la2": "331", "indicator": "vacancy_rate"})
    page = text(both)
    assert "Latest figures of the chosen local authorities" in page and "Coventry" in page
    assert "Social worker vacancy rate (FTE) over time" in page
    unknown = text(client.get("/compare/", {"la1": "330", "la2": "999", "indicator": "nope"}))
    assert (
        "Select a local authority from the list" in unknown and "Select an indicator from the list" in unknown
    )
    same = client.get("/compare/", {"la1": "330", "la2": "330", "indicator": "vacancy_rate"})
    repeated = "Select a different local authority: Birmingham is already local authority 1"
    assert text(same).count(repeated) == 2  # in the summary and at the second list


def test_about_the_data_lists_every_import_with_its_provenance(client, imported):
    page = text(client.get("/about-the-data/"))
    assert "Files imported" in page and "csww_indicators_2017_to_2025.csv" in page
    assert "2505: a total row (the denominator of the breakdown's percentages), not a measure" in page


def test_api_lists_indicators_and_an_las_evidence(client, imported):
    indicators = client.get("/api/v1/indicators").json()
    assert {"agency_rate", "cin_rate_per_10k"} <= {i["id"] for i in indicators}
    benchmarks = client.get("/api/v1/local-authorities/330/benchmarks", {"year": 2025}).json()["benchmarks"]
    agency = next(b for b in benchmarks if b["indicator"] == "agency_rate")
    assert (
        agency["value"] == 12.4
        and agency["neighbour_model"] == "dfe-2025"
        and agency["neighbours_used"] == 10
    )
    assert agency["trend"]["direction"] in {"improving", "worsening", "stable"}
    inspections = client.get("/api/v1/local-authorities/Wakefield/inspections").json()
    assert [i["start_date"] for i in inspections].count("2025-03-24") == 1
    assert client.get("/api/v1/local-authorities/999/benchmarks").status_code == 404
    assert client.get("/api/v1/local-authorities/330/benchmarks", {"indicator": "nope"}).status_code == 422


def test_demonstration_data_is_labelled_and_gives_way_to_real_imports(client, imported):
    evidence_clear()  # rolled back after the test
    assert evidence_demo_load() == "loaded"
    assert evidence_demo_load() == "already loaded"
    for url in ("/local-authorities/330/evidence/", "/indicators/agency_rate/", "/about-the-data/"):
        assert "Demonstration data – not official statistics" in text(client.get(url))


def test_demonstration_data_is_not_loaded_over_real_imports(imported):
    assert evidence_demo_load() == "not loaded: official files have been imported"


def test_the_evidence_section_is_drawn_again_whenever_the_evidence_changes(client, imported):
    url = "/local-authorities/330/evidence/?section=enabler_workforce"
    assert "Agency worker rate (FTE), Birmingham" in text(client.get(url))
    assert text(client.get(url)) == text(client.get(url))  # the kept copy, read back
    evidence_clear()  # rolled back after the test
    assert "Agency worker rate (FTE), Birmingham" not in text(client.get(url))
    evidence_demo_load()
    assert "Agency worker rate (FTE), Birmingham" in text(client.get(url))


def test_an_import_removes_what_was_derived_and_drawn_before(imported, shared_data, tmp_path, settings):
    settings.DERIVE_AFTER_IMPORT = True
    models.DerivedResult.objects.create(
        version="drawn-before", key="evidence:la-section:330:", value=pickle.dumps("<p>Earlier figures</p>")
    )
    RenderedChart.objects.create(key="drawn-before", svg="<svg>earlier figures</svg>")
    source = shared_data / "ofsted-la-inspection-outcomes" / "ofsted_la_inyear_inspections_2024_25.csv"
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes() + b"\n")  # the same rows in a file Journeys has not seen
    run_import(str(copy))  # rolled back after the test
    assert not models.DerivedResult.objects.exclude(version=current_version()).exists()
    assert not RenderedChart.objects.filter(key="drawn-before").exists()
    # What pages show is there again, derived from the evidence now held.
    stored = models.DerivedResult.objects.get(version=current_version(), key="evidence:la-section:330:")
    assert "Birmingham" in pickle.loads(stored.value)
    assert RenderedChart.objects.count() > 150  # a key-indicators chart for every current LA, and more


def test_the_api_lists_the_catalogue_and_says_what_each_period_is(client, imported):
    indicators = client.get("/api/v1/indicators").json()
    assert len(indicators) >= 60
    kinds = {i["id"]: (i["period_kind"], i["polarity"]) for i in indicators}
    assert kinds["absence_overall_cla"] == ("academic_year", "higher_is_worse")
    assert kinds["spend_per_child"] == ("financial_year", "neither")
    assert kinds["agency_rate"] == ("census_date", "higher_is_worse")
    sources = {i["id"]: i["source_url"] for i in indicators}
    assert sources["spend_per_child"] == (
        "https://www.gov.uk/government/collections/local-authority-revenue-expenditure-and-financing"
    )
    assert all(url for i, url in sources.items() if not i.startswith("ofsted_")), sources
    figures = client.get("/api/v1/local-authorities/330/indicators", {"year": 2025}).json()
    absence = next(f for f in figures if f["indicator"] == "absence_overall_cla")
    assert (absence["period_kind"], absence["period"], absence["value"]) == ("academic_year", "2024/25", 8.5)
    benchmarks = client.get(
        "/api/v1/local-authorities/352/benchmarks", {"year": 2025, "indicator": "spend_per_child"}
    ).json()["benchmarks"]
    assert (benchmarks[0]["period"], benchmarks[0]["period_kind"]) == ("2024-25", "financial_year")


def test_the_indicator_list_groups_by_outcome_and_shows_the_dashboard_coverage(client, imported):
    page = text(client.get("/indicators/"))
    assert "Contents" in page and "Children in care and care leavers have stable, loving homes" in page
    assert "Journeys holds 60 of the 68 metrics" in page
    assert "UASC" in page and "is not among the files Journeys holds" in page
    ranking = text(client.get("/indicators/absence_overall_cla/"))
    assert "Local authorities ranked, 2024/25" in ranking
