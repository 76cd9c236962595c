"""What pages show is derived when the evidence changes and read back by the pages, on real data."""

import json
from io import StringIO
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journeys.authorities.models import LocalAuthority
from journeys.common.models import RenderedChart
from journeys.evidence.derivations import current_version, derivations_are_current, derivations_run
from journeys.evidence.models import DerivedResult
from journeys.improvement import early_warning, insights, timescales

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def derive_after_import(settings):
    settings.DERIVE_AFTER_IMPORT = True


IN_YEAR_HEADER = (
    "Local authority area code,Local authority name,Region,Inspection/Visit date,Publication date,"
    "Inspection/Visit type,Overall effectiveness,"
    "The impact of leaders on social work practice with children and families,"
    "The experiences and progress of children who need help and protection,"
    "The experiences and progress of children in care,"
    "The experiences and progress of care leavers,Visit Theme"
)
# Birmingham judged Inadequate in every respect, in a release Journeys has not seen.
BIRMINGHAM_INADEQUATE = (
    "E08000025,Birmingham,West Midlands,2026-02-02,2026-03-13,ILACS Standard Inspection,"
    "Inadequate,Inadequate,Inadequate,Inadequate,Inadequate,"
)


def page_text(response) -> str:
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def import_files(*paths) -> dict:
    out = StringIO()
    call_command("import_data", *map(str, paths), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_an_import_derives_what_pages_show_and_they_show_the_new_evidence(evidence, client, tmp_path):
    derivations_run()
    before = page_text(client.get("/local-authorities/330/journey/"))
    assert "Good" in before and "it cannot come out worse" not in before
    release = tmp_path / "ofsted_la_inyear_inspections_2025_26.csv"
    release.write_text(f"{IN_YEAR_HEADER}\n{BIRMINGHAM_INADEQUATE}\n", encoding="utf-8")

    result = import_files(release)  # rolled back after the test

    assert result["changed"] and result["derived"]["improvement"] > 153 * 2
    assert derivations_are_current()
    after = page_text(client.get("/local-authorities/330/journey/"))
    # The stored warning and placement are those of the new evidence, not of the evidence before.
    assert "Judged Inadequate at its last inspection, it cannot come out worse" in after
    journey = insights.la_journey(LocalAuthority.objects.get(old_la_code="330"))
    assert journey.latest_inspection.overall == "Inadequate"


def test_the_first_requests_after_an_import_read_stored_results_and_derive_nothing(evidence, client):
    derivations_run()
    calculations = (
        mock.patch.object(insights, "fit_curves", side_effect=AssertionError("curves fitted on a request")),
        mock.patch.object(
            insights, "past_cases", side_effect=AssertionError("past cases built on a request")
        ),
        mock.patch.object(
            insights, "warnings_at", side_effect=AssertionError("a warning worked out on a request")
        ),
        mock.patch.object(insights, "backtest", side_effect=AssertionError("the backtest run on a request")),
        mock.patch.object(insights, "place", side_effect=AssertionError("an LA placed on a request")),
        mock.patch.object(early_warning, "past_cases", side_effect=AssertionError("past cases built")),
        mock.patch.object(timescales, "fit_curves", side_effect=AssertionError("curves fitted")),
        mock.patch(
            "journeys.common.services.render_svg", side_effect=AssertionError("a chart drawn on a request")
        ),
    )
    for patch in calculations:
        patch.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            for path in (
                "/local-authorities/330/journey/",
                "/local-authorities/330/evidence/",
                "/local-authorities/330/",
                "/local-authorities/",
                "/methodology/timescales/",
                "/methodology/early-warning/",
            ):
                assert client.get(path).status_code == 200, path
    finally:
        for patch in calculations:
            patch.stop()
    # Each page reads a handful of rows: no page reads every inspection or figure to derive from.
    assert not [q["sql"] for q in queries.captured_queries if 'FROM "evidence_observation"' in q["sql"]]


def test_each_import_empties_the_chart_store_and_draws_again_only_what_pages_need(evidence, tmp_path):
    derivations_run()
    drawn = set(RenderedChart.objects.values_list("key", flat=True))
    assert len(drawn) > 153  # every current LA's key indicators, the curves, the sector
    RenderedChart.objects.create(key="drawn-from-evidence-no-longer-held", svg="<svg></svg>")
    release = tmp_path / "ofsted_la_inyear_inspections_2025_26.csv"
    release.write_text(f"{IN_YEAR_HEADER}\n{BIRMINGHAM_INADEQUATE}\n", encoding="utf-8")

    import_files(release)  # rolled back after the test

    kept = set(RenderedChart.objects.values_list("key", flat=True))
    assert "drawn-from-evidence-no-longer-held" not in kept
    assert len(kept) == len(drawn)  # the same charts again, Birmingham's with its new evidence
    assert not DerivedResult.objects.exclude(version=current_version()).exists()
