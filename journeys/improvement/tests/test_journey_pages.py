"""The journey with real evidence imported: CLI, API and pages (the issue's Done-when lines)."""

import json
from io import StringIO
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse

from journeys.common import services as common_services
from journeys.common.charts import render_svg
from journeys.common.models import RenderedChart
from journeys.frameworks.selectors import framework_current
from journeys.improvement import presenters
from journeys.improvement.placement import STAGE_ORDER
from journeys.improvement.sector import JUDGEMENT_LABELS
from journeys.improvement.services import (
    self_evaluation_create,
    self_evaluation_submit,
    self_evaluation_update,
)
from journeys.improvement.tests.conftest import complete_changes

pytestmark = pytest.mark.django_db


def run(*args) -> dict:
    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def test_journey_330_returns_a_stage_with_reasons(evidence):
    journey = run("journey", "330", "--json")
    assert journey["la"] == "330"
    assert journey["stage"]["id"] in {"before_starting_line", "poor_to_fair", "fair_to_good", "good_to_great"}
    assert (
        journey["stage"]["name"] and journey["reasons"] and journey["confidence"] in {"high", "medium", "low"}
    )
    assert "self_view_gap" in journey and journey["slipping_back"] and journey["improvement_window"] is None
    warning = journey["early_warning"]
    assert " in 10 " in warning["headline"] and not {"score", "band"} & set(warning)
    # Birmingham's history: inadequate twice (2014, 2016), requires improvement (2018), good (2023)
    assert [e["stage"]["id"] for e in journey["timeline"]] == [
        "poor_to_fair",
        "before_starting_line",
        "fair_to_good",
        "good_to_great",
    ]
    assert journey == run("journey", "330", "--json") and journey == json.loads(
        json.dumps(run("journey", "330", "--json"))
    )


def test_journey_330_in_words(evidence):
    out = StringIO()
    call_command("journey", "330", stdout=out)
    said = out.getvalue()
    assert said.startswith("Birmingham (330), as of ")
    assert "Birmingham is early in 'Good to great', on the way to great" in said
    assert "Risk of slipping back: " in said and "Timeline:" in said
    assert "- Meets: Good is secure across the service" in said


def test_the_latest_inspection_is_typed_and_named_by_its_fieldwork(evidence, client, make_user):
    devon = client.get("/api/v1/local-authorities/878/journey").json()["latest_inspection"]
    assert (devon["start_date"], devon["published"][:7]) == ("2024-09-30", "2025-05")
    assert run("journey", "878", "--json")["latest_inspection"]["start_date"] == "2024-09-30"
    page = client.get(reverse("improvement:la-journey", args=["878"]))
    said = " ".join(BeautifulSoup(page.content, "html.parser").get_text(" ").split())
    assert "The inspection that began on 30 September 2024 (published May 2025)" in said
    client.force_login(make_user("regional_coordinator", region="South West"))
    region = client.get(reverse("improvement:region-journeys", args=["south-west"]) + "?format=csv")
    [row] = [line for line in region.content.decode().splitlines() if line.startswith("Devon,")]
    assert row.endswith(",30 September 2024")


@pytest.mark.parametrize(
    "code", ["304", "933"]
)  # Brent and Somerset: 2026 inspections with sub-judgements only
def test_an_la_whose_latest_inspection_has_no_overall_grade_is_placed(evidence, client, code):
    journey = run("journey", code, "--json")
    assert journey["stage"]["id"] and journey["reasons"]
    assert "no overall grade" in journey["reasons"][0]
    assert journey["placed_from"] == "sub_judgements"
    latest = journey["latest_inspection"]
    assert (latest["framework"], latest["overall"], latest["grade_imputed"]) == ("ilacs_2026", None, True)
    page = client.get(reverse("improvement:la-journey", args=[code]))
    said = " ".join(BeautifulSoup(page.content, "html.parser").get_text(" ").split())
    assert (
        "has no overall grade (Ofsted gives none from April 2026), so Journeys places it from the "
        "sub-judgements" in said
    )
    assert "None given; Journeys reads the sub-judgements as" in said


def _page_text(client, code: str) -> str:
    page = client.get(reverse("improvement:la-journey", args=[code]))
    assert page.status_code == 200
    return " ".join(BeautifulSoup(page.content, "html.parser").select_one("main").get_text(" ").split())


def test_kensington_and_chelsea_and_birmingham_are_told_different_journeys(evidence, client):
    kc, birmingham = _page_text(client, "207"), _page_text(client, "330")
    # Both are at "Good to great"; K&C, judged outstanding, sustains excellence, Birmingham heads for great.
    assert "Good to great" in kc and "Good to great" in birmingham
    assert "sustaining and spreading excellence" in kc and "on the way to great" not in kc
    assert "Birmingham is early in 'Good to great', on the way to great" in birmingham
    assert "sustaining and spreading excellence" not in birmingham
    kc_markers = run("journey", "207", "--json")["position"]["markers"]
    birmingham_markers = run("journey", "330", "--json")["position"]["markers"]
    met = {m["id"] for m in kc_markers if m["status"] == "met"}
    assert {"gg-leaders-outstanding", "gg-help-and-protection-outstanding"} <= met
    assert met == {
        "gg-good-secure",
        "gg-leaders-outstanding",
        "gg-help-and-protection-outstanding",
        "gg-repeat-plans-low",
    }
    assert {m["id"] for m in birmingham_markers if m["status"] == "met"} == {"gg-good-secure"}
    for said in (kc, birmingham):
        assert "Risk of slipping back" in said and "Improvement window" not in said
        assert "risk band" not in said.lower() and "later than the data can tell" not in said


def test_below_good_the_next_step_is_an_improvement_window_in_plain_english(evidence, client):
    somerset = run("journey", "933", "--json")
    window = somerset["improvement_window"]
    assert somerset["slipping_back"] is None and window["from_grade"] == "Requires improvement to be good"
    said = _page_text(client, "933")
    assert (
        "Improvement window" in said
        and "Of LAs judged requires improvement to be good that had already" in said
    )
    assert "Ofsted inspects each LA about every three years" in said
    assert "later than the data can tell" not in said and "percentile" not in said


def test_cumberlands_timeline_starts_with_cumbrias_inspections(evidence, client):
    timeline = run("journey", "942", "--json")["timeline"]
    assert [e["la_name"] for e in timeline][:3] == ["Cumbria"] * 3 and timeline[-1]["la_name"] == "Cumberland"
    assert "including the inspections of the councils Cumberland was formed from" in _page_text(client, "942")
    download = client.get(reverse("improvement:la-journey", args=["942"]) + "?table=timeline&format=csv")
    assert download["Content-Type"].startswith("text/csv") and "Cumbria" in download.content.decode()


def test_timescales_gives_three_curves_from_the_real_data(evidence):
    report = run("timescales", "--json")
    for curve in ("inadequate_to_ri_or_better", "ri_to_good_or_better", "good_to_worse"):
        assert {"n", "events", "median_months", "q25_months", "q75_months"} <= set(report[curve])
        assert report[curve]["n"] > 0 and report[curve]["events"] > 0
    assert 30 < report["inadequate_to_ri_or_better"]["median_months"] < 50
    assert report["indicative"]["whole_service_months"] == 24


def test_backtest_reports_both_targets_out_of_sample_beside_the_caseload(evidence):
    report = run("early_warning", "--backtest", "--json")
    targets = report["targets"]
    assert set(targets) == {"worse", "good_to_requires_improvement", "worse_from_sub_judgements"}
    for target in targets.values():
        print(f"\n{target['title']}: n={target['n']} positives={target['positives']} auc={target['auc']}")  # noqa: T201
        assert target["n"] >= 50 and 0 < target["positives"] < target["n"]
        low, high = target["auc_ci95"]
        assert low <= target["auc"] <= high and 0 <= target["precision_at_20"] <= 1
        assert target["base_rate"] == round(target["positives"] / target["n"], 3)
        assert target["baselines"]["caseload level (place in its year)"]["auc"] is not None
    worse = targets["worse"]
    caseload = worse["baselines"]["caseload level (place in its year)"]["auc"]
    assert worse["auc"] >= 0.70 and worse["auc"] >= caseload - 0.02 and worse["goal"]["met"]


def test_early_warning_for_one_la_and_the_sector_at_a_date(evidence):
    warning = run("early_warning", "--la", "330", "--as-of", "2024-04-01", "--json")
    assert warning["la"] == "330" and warning["as_of"] == "2024-04-01"
    assert warning["statements"] and not {"score", "band"} & set(warning)
    sector = run("sector", "--as-of", "2016-01-31", "--json")
    assert sector["as_of"] == "2016-01-31" and sector["inspected"] > 50
    assert set(sector["by_judgement"]) >= {"Inadequate", "Good"}


def test_an_la_judged_inadequate_is_told_it_cannot_come_out_worse(client, evidence):
    warnings = run("early_warning", "--json")
    inadequate = [w for w in warnings if w["cannot_come_out_worse"]]
    assert inadequate and all(len(w["statements"]) == 1 for w in inadequate)
    page = client.get(reverse("improvement:la-journey", args=[inadequate[0]["la"]]))
    said = " ".join(BeautifulSoup(page.content, "html.parser").get_text(" ").split())
    assert "it cannot come out worse" in said and "Risk band" not in said
    api = client.get(f"/api/v1/local-authorities/{inadequate[0]['la']}/journey").json()["early_warning"]
    assert api["cannot_come_out_worse"] and api["statements"][0]["cannot_happen"]


def test_the_api_types_the_journey_to_the_last_field_and_offers_no_score_or_band(client):
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    ok = doc["paths"]["/api/v1/local-authorities/{code}/journey"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Journey"}
    warning = schemas["Journey"]["properties"]["early_warning"]
    assert warning == {"$ref": "#/components/schemas/EarlyWarningView"}
    fields = set(schemas["EarlyWarningView"]["properties"])
    assert {"statements", "cannot_come_out_worse", "context", "caveat"} <= fields
    assert not {"score", "band"} & fields
    assert schemas["WarningStatement"]["properties"]["of"]["type"] == "integer"

    def walk(schema, seen=()):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(schemas[name], (*seen, name))
            return
        if schema.get("type") == "object":
            assert schema.get("properties"), schema  # no untyped object anywhere in the journey
        for key in ("anyOf", "allOf", "oneOf"):
            for option in schema.get(key, ()):
                walk(option, seen)
        if "items" in schema:
            walk(schema["items"], seen)
        for value in schema.get("properties", {}).values():
            walk(value, seen)

    walk(schemas["Journey"])
    for name in ("ImprovementWindow", "SlippingBackRisk", "EnablerProfile", "TimelineEntry", "StagePosition"):
        assert name in schemas


def test_sector_cli_and_page_count_as_ofsted_does_when_asked(client, evidence):
    """The CLI and the page give Ofsted's official counts as at 31 March 2025 and name the convention."""
    sector = run("sector", "--as-of", "2025-03-31", "--convention", "ofsted", "--json")
    assert sector["convention"] == "ofsted"
    assert [sector["by_judgement"][label] for label in JUDGEMENT_LABELS[:4]] == [36, 67, 31, 19]
    page = client.get("/sector/?as_of_0=31&as_of_1=3&as_of_2=2025&convention=ofsted")
    text = BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)
    assert (
        "as Ofsted counts: inspections carried out by the date and published by the following 30 June" in text
    )
    by_publication = client.get("/sector/?as_of_0=31&as_of_1=3&as_of_2=2025")
    assert "by publication" in BeautifulSoup(by_publication.content, "html.parser").get_text(" ", strip=True)


def test_cli_refuses_a_bad_date_with_exit_2(evidence):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as refused:
        call_command("sector", "--as-of", "31/03/2020")
    assert refused.value.returncode == 2


def test_journey_api_adds_the_self_evaluation_only_for_those_in_scope(client, evidence, make_user):
    editor = make_user("la_editor", la="330")
    draft = self_evaluation_create(user=editor)
    changes = complete_changes(framework_current(), rating="fully")
    self_evaluation_update(
        evaluation_id=draft.pk,
        user=editor,
        expected_version=1,
        changes={**changes, "self_placed_stage": "good_to_great"},
    )
    self_evaluation_submit(evaluation_id=draft.pk, user=editor)
    public = client.get("/api/v1/local-authorities/330/journey").json()
    assert (
        public["stage"]["name"]
        and public["self_evaluation_used"] is False
        and public["enabler_profile"] is None
    )
    client.force_login(editor)
    own = client.get("/api/v1/local-authorities/330/journey").json()
    assert own["self_evaluation_used"] is True
    profile = own["enabler_profile"]
    assert len(profile["rows"]) == 7 and [s["id"] for s in profile["stages"]] == list(STAGE_ORDER)
    assert profile["same_stage"] == {
        "stage": "good_to_great",
        "n": 0,
        "suppressed": True,
        "cells": [],
        "shared": [],
    }
    # Every statement rated fully in place: each stage's statements are all met, none averaged away.
    assert all(c["met"] == c["rated"] == c["total"] > 0 for row in profile["rows"] for c in row["cells"])
    markers = {m["id"]: m["status"] for m in own["position"]["markers"]}
    assert markers["gg-supports-others"] == "met"
    assert {m["id"]: m["status"] for m in public["position"]["markers"]}[
        "gg-supports-others"
    ] == "no_evidence"
    page = client.get(reverse("improvement:la-journey", args=["330"]))
    assert page.status_code == 200 and b"Enabler profile by stage" in page.content
    assert b"Fewer than 3 other LAs at the same stage have submitted a self-evaluation" in page.content
    soup = BeautifulSoup(page.content, "html.parser")
    chart = [s for s in soup.select("figure svg[role=img]") if "Enabler profile" in s["aria-label"]]
    assert chart[0]["aria-label"].startswith("Bar chart: Enabler profile by stage. For each of the seven")
    table = [t for t in soup.select("table") if "by stage and enabler" in t.caption.get_text()][0]
    headings = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headings == [
        "Enabler",
        "Getting to the starting line",
        "Poor to fair",
        "Fair to good",
        "Good to great",
    ]
    assert table.select("tbody tr")[0].select("td")[0].get_text(strip=True) == "3 of 3 met"
    assert client.get("/api/v1/local-authorities/999/journey").status_code == 404


def test_pages_render_with_tables_and_charts(client, evidence, make_user):
    for url in (
        reverse("improvement:la-journey", args=["330"]),
        reverse("improvement:methodology-timescales"),
        reverse("improvement:methodology-early-warning"),
        reverse("improvement:sector") + "?as_of_0=31&as_of_1=3&as_of_2=2019",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        soup = BeautifulSoup(response.content, "html.parser")
        figures = soup.select("figure.app-figure")
        assert soup.select("table") and figures, url
        # Each chart is one image named by its description; the table beside it has the figures.
        for figure in figures:
            svg = figure.select_one("svg")
            assert svg["role"] == "img" and svg.select_one("title").get_text() == svg["aria-label"], url
            assert figure.select_one("figcaption").get_text() in svg["aria-label"], url
    methodology = BeautifulSoup(
        client.get(reverse("improvement:methodology-early-warning")).content, "html.parser"
    )
    said = " ".join(methodology.get_text(" ").split())
    low, high = run("early_warning", "--backtest", "--json")["targets"]["worse"]["auc_ci95"]
    assert f"(95% interval {low:.2f} to {high:.2f})" in said
    assert "95% interval of the AUC" in said  # a column of the backtest table
    region = reverse("improvement:region-journeys", args=["west-midlands"])
    assert client.get(region).status_code == 302  # sign in first
    client.force_login(make_user("regional_coordinator", region="West Midlands"))
    by_risk = client.get(region + "?sort=risk&order=desc")
    soup = BeautifulSoup(by_risk.content, "html.parser")
    assert '"Too few LAs to say" means too few local authorities' in soup.get_text()
    assert soup.select_one("th[aria-sort='descending']") is not None
    assert len(soup.select("table tbody tr")) == 14
    csv = client.get(region + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert "Improvement window (below Good),Risk of slipping back (Good or better)" in lines[0]
    [birmingham] = [line for line in lines if line.startswith("Birmingham,")]
    assert "Not applicable: Good or better" in birmingham and "LAs like it came out worse" in birmingham
    assert "risk band" not in csv.content.decode().lower()


def test_sector_chart_tells_the_judgements_apart_by_pattern_and_order_as_well_as_colour(client, evidence):
    soup = BeautifulSoup(client.get(reverse("improvement:sector")).content, "html.parser")
    svg = soup.select_one("figure svg[role=img]")
    # Outstanding is solid; every other judgement has its own pattern, in the columns and the legend.
    patterns = [f"url(#{p['id']})" for p in svg.select("defs pattern")]
    assert len(patterns) == len(JUDGEMENT_LABELS) - 1
    legend = [s["fill"] for s in svg.select("g.role-legend-symbol path")]
    assert legend[1:] == patterns
    # The legend lists the judgements in the order they are stacked, outstanding at the top.
    assert [t.get_text() for t in svg.select("g.role-legend-label text")] == list(JUDGEMENT_LABELS)
    assert soup.select_one("table") is not None


@pytest.fixture
def draws():
    """Counts the charts actually drawn (still drawing them), from an empty store."""
    RenderedChart.objects.all().delete()
    with mock.patch.object(common_services, "render_svg", wraps=render_svg) as spy:
        yield spy


def _svgs(response) -> list[str]:
    return [str(svg) for svg in BeautifulSoup(response.content, "html.parser").select("figure svg[role=img]")]


def test_journey_pages_draw_each_chart_once_then_read_it_back(client, evidence, make_user, draws):
    client.force_login(make_user("regional_coordinator", region="West Midlands"))
    for url in (
        reverse("improvement:la-journey", args=["330"]),
        reverse("improvement:region-journeys", args=["west-midlands"]),
        reverse("improvement:sector"),
        reverse("improvement:methodology-timescales"),
        reverse("improvement:methodology-early-warning"),
    ):
        draws.reset_mock()
        first = client.get(url)
        assert first.status_code == 200 and draws.call_count == len(_svgs(first)) >= 1, url
        draws.reset_mock()
        again = client.get(url)
        assert draws.call_count == 0 and _svgs(again) == _svgs(first), url


def _submit(editor, rating: str, based_on=None):
    draft = self_evaluation_create(user=editor, based_on=based_on)
    self_evaluation_update(
        evaluation_id=draft.pk,
        user=editor,
        expected_version=draft.version,
        changes=complete_changes(framework_current(), rating=rating),
    )
    return self_evaluation_submit(evaluation_id=draft.pk, user=editor)


def test_a_new_self_evaluation_redraws_the_enabler_chart_only(client, evidence, make_user, draws):
    editor = make_user("la_editor", la="330")
    first = _submit(editor, "partly")
    client.force_login(editor)
    page = reverse("improvement:la-journey", args=["330"])
    before = _svgs(client.get(page))
    assert len(before) == 2 and draws.call_count == 2  # the key indicators and the enabler profile
    _submit(editor, "fully", based_on=first)
    draws.reset_mock()
    after = _svgs(client.get(page))
    assert draws.call_count == 1 and len(after) == 2
    changed = [old != new for old, new in zip(before, after, strict=True)]
    assert changed.count(True) == 1 and "Enabler profile" in after[changed.index(True)]
    assert RenderedChart.objects.count() == 3


def test_new_data_is_a_new_key_and_a_new_drawing(evidence, draws):
    series = [
        {"as_of": "2024-03-31", "by_judgement": dict.fromkeys(JUDGEMENT_LABELS, 30), "inspected": 150},
    ]
    drawn = presenters.sector_chart(series)
    assert presenters.sector_chart(series).svg == drawn.svg and draws.call_count == 1
    # One more LA inspected, as after an import: a new key, drawn afresh, never the stored chart.
    series[0]["by_judgement"][JUDGEMENT_LABELS[0]] += 1
    redrawn = presenters.sector_chart(series)
    assert redrawn.chart.key() != drawn.chart.key() and redrawn.svg != drawn.svg
    assert draws.call_count == 2


def test_the_same_stage_medians_appear_once_three_other_las_are_behind_them(client, evidence, make_user):
    # Kensington and Chelsea, Brent and North Yorkshire are all at "Good to great", as Birmingham is.
    for code, rating in (("207", "fully"), ("304", "mostly"), ("815", "partly")):
        _submit(make_user("la_editor", la=code), rating)
    editor = make_user("la_editor", la="330")
    _submit(editor, "not_yet")
    client.force_login(editor)
    same = client.get("/api/v1/local-authorities/330/journey").json()["enabler_profile"]["same_stage"]
    assert (same["n"], same["suppressed"], same["shared"]) == (3, False, [])
    # Fully, mostly and partly in place: two of the three meet every statement, so the median is all met.
    assert {c["median_share_met"] for c in same["cells"]} == {1.0} and len(same["cells"]) == 7 * 4
    said = _page_text(client, "330")
    assert "Median share of statements met, other LAs at 'Good to great' (3 LAs)" in said
    assert "100% (3 LAs)" in said
