"""Finding an LA by name or code, from the search in every page's header."""

import pytest

from journeys.authorities.register import load_register


def test_part_of_a_name_finds_the_authority():
    assert [a.name for a in load_register().search("birm")] == ["Birmingham"]


def test_current_authorities_come_before_former_ones_and_prefixes_before_the_rest():
    names = [a.name for a in load_register().search("york")]
    assert names[0] == "York"
    assert "North Yorkshire" in names
    assert names.index("York") < names.index("North Yorkshire")


def test_a_code_prefix_finds_authorities_by_code():
    assert "Birmingham" in [a.name for a in load_register().search("E0800002")]
    assert load_register().search("  ") == []


@pytest.mark.django_db
def test_every_page_has_the_search_form(client):
    page = client.get("/").content.decode()
    assert '<form class="app-site-search" action="/search/" method="get" role="search">' in page
    assert 'name="q"' in page
    assert "Search local authorities by name or code" in page


@pytest.mark.django_db
def test_a_partial_name_lists_matching_authorities(client):
    page = client.get("/search/", {"q": "birm"}).content.decode()
    assert "1 local authority matching ‘birm’" in page
    link = '<a class="govuk-link govuk-!-font-weight-bold" href="/local-authorities/330/">Birmingham</a>'
    assert link in page
    assert "West Midlands · DfE code 330 · ONS code E08000025" in page


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Birmingham", "birmingham ", "330", "E08000025"])
def test_an_exact_name_or_code_goes_straight_to_the_authority(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 302
    assert response["Location"] == "/local-authorities/330/"


@pytest.mark.django_db
def test_no_match_says_what_to_try(client):
    page = client.get("/search/", {"q": "Atlantis"}).content.decode()
    assert "0 local authorities matching ‘Atlantis’" in page
    assert "Check the spelling" in page


@pytest.mark.django_db
def test_an_empty_search_asks_for_a_name_or_code(client):
    page = client.get("/search/", {"q": ""}).content.decode()
    assert "There is a problem" in page
    assert '<a href="#search-page-q">Enter a local authority name or code</a>' in page
    assert "<title>Error: Search local authorities" in page
