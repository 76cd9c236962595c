"""Named statistical neighbours, both neighbour models, the compare page as people use it, saved
comparison groups, and re-reading a held file for indicators new to the catalogue."""

from statistics import mean

import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup

from journeys.evidence import catalogue, models
from journeys.evidence.catalogue import CATALOGUE_YAML
from journeys.evidence.selectors import la_neighbour_groups

from .conftest import evidence_clear, run_import

pytestmark = pytest.mark.django_db

# Birmingham's neighbours as DfE's files give them, closest first (sn_model_2025_wide.csv and
# New_Statistical_Neighbour_Groupings_April_2021.csv, row 330).
BIRMINGHAM_2025 = [
    ("Nottingham", "Very close"),
    ("Manchester", "Very close"),
    ("Bradford", "Very close"),
    ("Newcastle upon Tyne", "Close"),
    ("Oldham", "Close"),
    ("Blackburn with Darwen", "Close"),
    ("Sheffield", "Close"),
    ("Middlesbrough", "Close"),
    ("Southampton", "Close"),
    ("Salford", "Close"),
]
BIRMINGHAM_2021 = ["821", "333", "336", "892", "352", "335", "308", "831", "320", "380"]


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_birmingham_s_neighbours_are_named_with_their_bands_under_both_models(imported):
    in_force, earlier = la_neighbour_groups(la_code="330")
    assert (in_force.model, in_force.in_force, in_force.years) == (
        "dfe-2025",
        True,
        "figures for 2025 onwards",
    )
    assert [(n.name, n.band) for n in in_force.neighbours] == BIRMINGHAM_2025
    assert (earlier.model, earlier.in_force, earlier.years) == ("dfe-2021", False, "figures before 2025")
    assert earlier.codes == BIRMINGHAM_2021
    assert [n.band for n in earlier.neighbours[:4]] == ["Close"] * 4


def test_a_former_la_has_only_the_model_that_lists_it(imported):
    (only,) = la_neighbour_groups(la_code="928")  # Northamptonshire, in the 2021 groupings alone
    assert (only.model, only.in_force, only.years) == ("dfe-2021", True, "figures of every year")


def test_the_evidence_page_names_the_neighbours_and_both_models(client, imported):
    response = client.get("/local-authorities/330/evidence/")
    page = text(response)
    assert "Statistical neighbours" in page
    assert (
        "Birmingham's 10 statistical neighbours under the DfE 2025 statistical neighbour model, "
        "used for figures for 2025 onwards"
    ) in page
    assert (
        "1 Nottingham Very close 2 Manchester Very close 3 Bradford Very close 4 Newcastle upon Tyne Close"
        in page
    )
    assert "used for figures before 2025" in page and "1 Luton Close 2 Sandwell Close" in page
    soup = BeautifulSoup(response.content, "html.parser")
    headline = soup.find("caption", string=lambda s: s and s.startswith("Headline indicators")).parent
    headings = [th.get_text(" ", strip=True) for th in headline.select("thead th")]
    assert "Statistical neighbours under the other model (mean)" in headings
    agency = next(tr for tr in headline.select("tbody tr") if "Agency worker rate" in tr.get_text())
    assert "DfE 2025 statistical neighbour model" in agency.get_text()
    assert "DfE 2021 statistical neighbour groupings" in agency.get_text()


def test_the_2025_benchmark_gives_the_mean_under_both_models(client, imported):
    answer = client.get(
        "/api/v1/local-authorities/330/benchmarks", {"year": 2025, "indicator": "agency_rate"}
    )
    body = answer.json()
    assert (body["la_code"], body["la_name"]) == ("330", "Birmingham")
    models_listed = body["neighbour_models"]
    assert [m["model"] for m in models_listed] == ["dfe-2025", "dfe-2021"]
    assert [(n["name"], n["band"]) for n in models_listed[0]["neighbours"]] == BIRMINGHAM_2025
    assert models_listed[0]["used_for"] == "figures for 2025 onwards"
    (agency,) = body["benchmarks"]
    assert (agency["neighbour_model"], agency["neighbour_model_name"]) == (
        "dfe-2025",
        "DfE 2025 statistical neighbour model",
    )
    assert agency["period_name"] == "at 30 September 2025"
    figures = dict(
        models.Observation.objects.filter(
            indicator="agency_rate", year=2025, value__isnull=False
        ).values_list("area", "value")
    )
    old = [figures[code] for code in BIRMINGHAM_2021 if code in figures]
    other = agency["other_neighbours"]
    assert (other["model"], other["used"]) == ("dfe-2021", len(old))
    assert other["mean"] == pytest.approx(mean(old))
    # Before 2025 only the 2021 groupings cover the year.
    earlier = client.get(
        "/api/v1/local-authorities/330/benchmarks", {"year": 2024, "indicator": "agency_rate"}
    ).json()["benchmarks"][0]
    assert (earlier["neighbour_model"], earlier["other_neighbours"]) == ("dfe-2021", None)


def test_trend_tables_show_both_means_and_the_chart_marks_the_change(client, imported):
    response = client.get("/local-authorities/330/evidence/", {"section": "enabler_workforce"})
    soup = BeautifulSoup(response.content, "html.parser")
    figure = next(f for f in soup.select("figure.app-figure") if "Agency worker rate" in f.get_text())
    assert "DfE 2025 statistical neighbour model from here" in figure.select_one("svg")["aria-label"]
    rows = {
        tr.select_one("th, td").get_text(strip=True): tr.get_text(" ", strip=True)
        for tr in figure.select("tbody tr")
    }
    assert "DfE 2021 statistical neighbour groupings" in rows["2025"]
    assert "DfE 2025" in rows["2025"] and "DfE 2025" not in rows["2024"]


def test_the_compare_page_opens_from_the_evidence_page_with_the_neighbours_chosen(client, imported):
    soup = BeautifulSoup(client.get("/local-authorities/330/evidence/").content, "html.parser")
    link = soup.find("a", string="Compare Birmingham with its statistical neighbours")["href"]
    response = client.get(link)
    page = text(response)
    assert "There is a problem" not in page
    compared = BeautifulSoup(response.content, "html.parser")
    latest = compared.find("caption", string="Latest figures of the chosen local authorities").parent
    columns = [th.get_text(strip=True) for th in latest.select("thead th")]
    assert columns == ["Indicator", "Birmingham", *[name for name, _ in BIRMINGHAM_2025], "England"]
    assert "Other 10 chosen LAs (mean)" in page  # 11 lines would not be told apart


def test_compare_takes_up_to_12_las_and_its_errors_say_what_to_do(client, imported):
    codes = ["330", "892", "352", "380", "391", "353", "889", "373", "806", "852", "355", "331"]
    query = {f"la{n}": code for n, code in enumerate(codes, start=1)} | {"indicator": "agency_rate"}
    page = text(client.get("/compare/", query))
    assert "There is a problem" not in page and "Coventry" in page
    empty = text(client.get("/compare/", {"indicator": "agency_rate"}))
    assert "Select the first local authority to compare" in empty
    assert "Select a second local authority to compare" in empty
    repeated = text(client.get("/compare/", {"la1": "330", "la12": "330", "indicator": "agency_rate"}))
    assert "Select a different local authority: Birmingham is already local authority 1" in repeated
    wrong = text(client.get("/compare/", {"la1": "330", "la2": "999", "indicator": "nope"}))
    assert "Select a local authority from the list" in wrong and "Select an indicator from the list" in wrong
    # LAs alone (an older link): the first indicator is charted instead of an error.
    assert "There is a problem" not in text(client.get("/compare/", {"la1": "330", "la2": "331"}))


def test_my_statistical_neighbours_is_one_click_for_an_la_s_users(client, imported, make_user):
    client.force_login(make_user("la_viewer", la="330"))
    soup = BeautifulSoup(client.get("/compare/").content, "html.parser")
    link = soup.find("a", string=lambda s: s and "Compare with my statistical neighbours" in s)["href"]
    page = text(client.get(link))
    assert "There is a problem" not in page and "Salford" in page and "Nottingham" in page


def test_a_saved_group_is_its_owner_s_alone_and_audited(client, imported, make_user):
    owner, other = make_user("la_editor", la="330"), make_user("la_editor", la="330")
    client.force_login(owner)
    form = {"name": "West Midlands cities", "la1": "330", "la2": "331", "la3": "336"}
    assert client.post("/comparison-groups/new/", form).status_code == 302
    group = models.ComparisonGroup.objects.get(owner=owner)
    assert group.la_codes == ["330", "331", "336"]
    assert "West Midlands cities Birmingham, Coventry, Wolverhampton" in text(
        client.get("/comparison-groups/")
    )
    # The same name twice is refused, GOV.UK style.
    again = text(client.post("/comparison-groups/new/", form))
    assert "You already have a group called West Midlands cities. Enter a different name" in again
    nameless = text(client.post("/comparison-groups/new/", {"name": " ", "la1": ""}))
    assert (
        "Enter a name for the group" in nameless
        and "Select the first local authority in the group" in nameless
    )
    # Reused on the evidence and compare pages.
    evidence = BeautifulSoup(client.get("/local-authorities/352/evidence/").content, "html.parser")
    link = evidence.find("a", string="Compare Manchester with West Midlands cities")["href"]
    assert "Manchester Birmingham Coventry Wolverhampton" in text(client.get(link))
    assert "Compare West Midlands cities" in text(client.get("/compare/"))
    # Renamed, then deleted.
    renamed = {"name": "Our cities", "la1": "330", "la2": "331"}
    assert client.post(f"/comparison-groups/{group.pk}/", renamed).status_code == 302
    group.refresh_from_db()
    assert (group.name, group.la_codes) == ("Our cities", ["330", "331"])
    assert "Comparison group Our cities saved." in text(client.get("/comparison-groups/"))
    # Another user's group is not found, to read, change or delete.
    client.force_login(other)
    for url in (f"/comparison-groups/{group.pk}/", f"/comparison-groups/{group.pk}/delete/"):
        assert client.get(url).status_code == 404
        assert client.post(url, renamed).status_code == 404
    assert "Our cities" not in text(client.get("/comparison-groups/"))
    assert "Compare Birmingham with Our cities" not in text(client.get("/local-authorities/330/evidence/"))
    client.force_login(owner)
    assert client.post(f"/comparison-groups/{group.pk}/delete/").status_code == 302
    assert not models.ComparisonGroup.objects.exists()
    trail = LogEntry.objects.filter(content_type__model="comparisongroup", object_pk=str(group.pk))
    assert sorted(trail.values_list("action", flat=True)) == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.DELETE,
    ]
    assert set(trail.values_list("actor", flat=True)) == {owner.pk}


def test_a_group_holds_at_most_12_las_and_sign_in_comes_first(client, imported, make_user):
    assert client.get("/comparison-groups/").status_code == 302  # to sign in
    client.force_login(make_user("elected_member", la="330"))
    form = {"name": "Too many", **{f"la{n}": code for n, code in enumerate(BIRMINGHAM_2021, start=1)}}
    form["la13"] = "330"  # there is no 13th list: the extra choice is not read
    assert client.post("/comparison-groups/new/", form).status_code == 302
    assert len(models.ComparisonGroup.objects.get(name="Too many").la_codes) == 10


def test_a_held_file_is_read_again_for_an_indicator_new_to_the_catalogue(
    official_file, damaged_copy, monkeypatch
):
    evidence_clear()  # rolled back after the test
    source = official_file("csww_indicators_2017_to_2025.csv")
    real = catalogue._load

    def without_vacancy_rate(data):
        data["indicators"] = [i for i in data["indicators"] if i["id"] != "vacancy_rate"]
        for metric in data["dashboard_metrics"]:
            if metric.get("held_by") == ["vacancy_rate"]:
                metric.pop("held_by")
                metric["missing"] = "not yet in the catalogue"

    older = damaged_copy(CATALOGUE_YAML, without_vacancy_rate)
    monkeypatch.setattr(catalogue, "_load", lambda path: real(older.resolve()))
    first = run_import(str(source))
    assert first["files"][0]["status"] == "imported"
    assert not models.Observation.objects.filter(indicator="vacancy_rate").exists()

    monkeypatch.setattr(catalogue, "_load", real)  # the catalogue gains vacancy_rate
    again = run_import(str(source))
    (result,) = again["files"]
    assert again["changed"] and result["status"] == "reread"
    assert (
        result["notes"][-1]
        == "Read again for indicators new to the catalogue: Social worker vacancy rate (FTE)."
    )
    held = models.Observation.objects.get(indicator="vacancy_rate", area="330", year=2025)
    assert held.source.file_name == source.name
    assert models.Benchmark.objects.filter(indicator="vacancy_rate", la_code="330", year=2025).exists()
    assert models.DataImport.objects.count() == 1
    # Read for everything the catalogue asks of it, the file changes nothing a third time.
    third = run_import(str(source))
    assert not third["changed"] and third["files"][0]["status"] == "unchanged"
