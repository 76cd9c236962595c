"""The register of LAs (stage and latest judgement, sortable, by region) and an LA's own page."""

import re

import pytest

from journeys.improvement.tests.conftest import evidence  # noqa: F401 (the real evidence, as a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence")]


def _rows(html: str) -> list[str]:
    body = html[html.index("<tbody") : html.index("</tbody>")]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("</tr>")[:-1]]


def test_the_register_shows_each_las_stage_and_latest_judgement(client):
    html = client.get("/local-authorities/").content.decode()
    assert "All 153 local authorities" in html
    rows = _rows(html)
    assert len(rows) == 153
    assert "Birmingham 330 West Midlands Good to great Good, 18 April 2023" in rows


def test_the_register_filters_by_region_and_sorts_by_judgement(client):
    html = client.get(
        "/local-authorities/", {"region": "west-midlands", "sort": "judgement", "order": "desc"}
    )
    html = html.content.decode()
    rows = _rows(html)
    assert len(rows) == 14 and all(" West Midlands " in row for row in rows)
    assert "Local authorities in West Midlands" in html
    grades = [
        re.search(r"(Outstanding|Good|Requires improvement to be good|Inadequate),", r).group(1) for r in rows
    ]
    order = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
    assert [order.index(g) for g in grades] == sorted(order.index(g) for g in grades)
    assert 'aria-sort="descending"' in html
    assert '<option value="west-midlands" selected>West Midlands</option>' in html
    # Sorting keeps the region, and the download is of what is shown.
    assert "?sort=name&amp;order=asc&amp;region=west-midlands" in html
    csv = client.get("/local-authorities/", {"region": "west-midlands", "format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert csv.splitlines()[0] == "Local authority,DfE code,Region,Stage,Latest judgement"
    assert len(csv.splitlines()) == 15


def test_an_unknown_region_shows_every_la(client):
    assert len(_rows(client.get("/local-authorities/", {"region": "atlantis"}).content.decode())) == 153


def test_an_las_page_leads_with_its_stage_latest_inspection_and_key_figures(client):
    html = client.get("/local-authorities/330/").content.decode()
    main = html[html.index("<main") :]
    stage = main.index("Stage of the improvement journey")
    assert "Good to great" in main[stage : stage + 400]
    assert "Good: ILACS (2023 framework), 18 April 2023" in main
    assert main.index("Key indicators, latest period") < main.index("Codes and region")
    assert stage < main.index("DfE LA code")
    csv = client.get("/local-authorities/330/?format=csv")
    assert csv.content.decode("utf-8-sig").startswith(
        "Indicator,Period,Value,Quarter among LAs (1 = best),Direction of travel,Statistical neighbour model"
    )


def test_a_former_las_page_has_no_journey(client):
    html = client.get("/local-authorities/909/").content.decode()
    assert "no longer exists" in html and "Stage of the improvement journey" not in html
