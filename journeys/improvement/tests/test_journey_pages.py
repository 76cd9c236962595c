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
    assert "self_view_gap" in journey and journey["next_step"]
    warning = journey["early_warning"]
    assert " in 10 " in warning["headline"] and not {"score", "band"} & set(warning)


def test_the_latest_inspection_is_typed_and_named_by_its_fieldwork(evidence, client, make_user):
    devon = client.get("/api/v1/local-authorities/878/journey").json()["latest_inspection"]
    assert (devon["start_date"], devon["published"][:7]) == ("2024-09-30", "2025-05")
    assert devon["name"] == "the inspection that began on 30 September 2024 (published May 2025)"
    assert run("journey", "878", "--json")["latest_inspection"]["start_date"] == "2024-09-30"
    client.force_login(make_user("regional_coordinator", region="South West"))
    region = client.get(reverse("improvement:region-journeys", args=["south-west"]) + "?format=csv")
    [row] = [line for line in region.content.decode().splitlines() if line.startswith("Devon,")]
    assert row.endswith(",30 September 2024")


@pytest.mark.parametrize(
    "code", ["304", "933"]
)  # Brent and Somerset: 2026 inspections with sub-judgements only
def test_an_la_whose_latest_inspection_has_no_overall_grade_is_placed(evidence, code):
    journey = run("journey", code, "--json")
    assert journey["stage"]["id"] and journey["reasons"]
    assert "no overall grade" in journey["reasons"][0]


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


def test_the_api_types_the_warning_and_offers_no_score_or_band(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    warning = schemas["JourneyOut"]["properties"]["early_warning"]
    assert warning == {"$ref": "#/components/schemas/EarlyWarningOut"}
    fields = set(schemas["EarlyWarningOut"]["properties"])
    assert {"statements", "cannot_come_out_worse", "context", "caveat"} <= fields
    assert not {"score", "band"} & fields
    assert schemas["WarningStatementOut"]["properties"]["of"]["type"] == "integer"


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
    assert len(own["enabler_profile"]["enablers"]) == 7 and own["enabler_profile"]["same_stage"]["suppressed"]
    page = client.get(reverse("improvement:la-journey", args=["330"]))
    assert page.status_code == 200 and b"Enabler profile" in page.content
    profile = BeautifulSoup(page.content, "html.parser").select_one("figure svg[role=img]")
    assert profile["aria-label"].startswith("Bar chart: Enabler profile. Self-evaluation scores")
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
    assert '"Not estimated" means Journeys cannot give a window' in soup.get_text()
    assert soup.select_one("th[aria-sort='descending']") is not None
    assert len(soup.select("table tbody tr")) == 14
    assert client.get(region + "?format=csv")["Content-Type"].startswith("text/csv")


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
