"""The priority register filters by theme, region, stage, status and words, within what the user may see."""

import pytest

from journeys.priorities import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(make_user):
    birmingham = make_user("la_editor", la="330")
    leeds = make_user("la_editor", la="383")
    shared = {"visibility": "sector"}
    services.priority_create(
        user=birmingham,
        data={
            **shared,
            "title": "Recruit experienced social workers",
            "issue": "Agency reliance is high.",
            "status": "in_progress",
            "stage": "fair_to_good",
        },
    )
    services.priority_create(
        user=birmingham,
        data={
            **shared,
            "title": "Strengthen scrutiny by members",
            "issue": "Scrutiny rarely challenges.",
            "status": "planned",
            "stage": "good_to_great",
        },
    )
    services.priority_create(
        user=leeds,
        data={
            **shared,
            "title": "Reduce agency social workers",
            "issue": "Too many locums.",
            "status": "embedded",
            "stage": "fair_to_good",
        },
    )
    services.priority_create(
        user=leeds,
        data={
            "visibility": "private",
            "title": "A private plan about social workers",
            "issue": "Ours alone.",
            "status": "in_progress",
        },
    )
    return make_user("la_viewer", la="330")


def _titles(client, **params) -> list[str]:
    page = client.get("/priorities/", params).content.decode()
    titles = [
        "Recruit experienced social workers",
        "Strengthen scrutiny by members",
        "Reduce agency social workers",
        "A private plan about social workers",
    ]
    return [t for t in titles if t in page]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {},
            [
                "Recruit experienced social workers",
                "Strengthen scrutiny by members",
                "Reduce agency social workers",
            ],
        ),
        ({"region": "Yorkshire and The Humber"}, ["Reduce agency social workers"]),
        ({"stage": "fair_to_good"}, ["Recruit experienced social workers", "Reduce agency social workers"]),
        ({"status": "planned"}, ["Strengthen scrutiny by members"]),
        ({"q": "social WORKERS"}, ["Recruit experienced social workers", "Reduce agency social workers"]),
        ({"q": "agency", "region": "West Midlands"}, ["Recruit experienced social workers"]),
        ({"theme": "4"}, ["Strengthen scrutiny by members"]),
        (
            {"status": "nonsense", "region": "Atlantis"},
            [
                "Recruit experienced social workers",
                "Strengthen scrutiny by members",
                "Reduce agency social workers",
            ],
        ),
    ],
)
def test_filters_narrow_what_the_user_may_see(client, register, params, expected):
    client.force_login(register)
    assert _titles(client, **params) == expected


def test_the_filter_form_keeps_the_choices_and_the_download_follows_them(client, register):
    client.force_login(register)
    page = client.get("/priorities/", {"region": "Yorkshire and The Humber", "q": "agency"}).content.decode()
    assert '<option value="Yorkshire and The Humber" selected>' in page
    assert 'value="agency"' in page
    assert "Clear the filters" in page
    assert "?region=Yorkshire+and+The+Humber&amp;q=agency&amp;format=csv" in page
    csv = client.get("/priorities/", {"region": "Yorkshire and The Humber", "format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "Reduce agency social workers" in lines[1]
