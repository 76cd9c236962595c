"""Register pages, API and CLI."""

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_list_page_shows_all_153_las_with_links(client):
    page = client.get("/local-authorities/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "All 153 local authorities" in html
    assert len(re.findall(r'href="/local-authorities/\d{3}/"', html)) == 153
    assert "Birmingham" in html and "Westmorland and Furness" in html


def test_region_page_lists_only_that_region(client):
    html = client.get("/regions/west-midlands/").content.decode()
    assert "Birmingham" in html and "Manchester" not in html
    assert client.get("/regions/atlantis/").status_code == 404


@pytest.mark.parametrize("code", ["330", "E08000025", "birmingham"])
def test_la_page_accepts_any_code_form(client, code):
    html = client.get(f"/local-authorities/{code}/").content.decode()
    assert "<h1" in html and "Birmingham" in html and "E08000025" in html


def test_former_la_page_names_its_successors(client):
    html = client.get("/local-authorities/909/").content.decode()
    assert "Cumberland" in html and "Westmorland and Furness" in html and "no longer exists" in html


def test_unknown_la_is_404(client):
    assert client.get("/local-authorities/999/").status_code == 404


def test_list_downloads_as_csv_and_xlsx(client):
    csv_response = client.get("/local-authorities/?format=csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Local authority,DfE code,Region,Stage,Latest judgement" and len(lines) == 154
    xlsx = client.get("/local-authorities/?format=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_api_lists_153_current_las(client):
    data = client.get("/api/v1/local-authorities").json()
    assert len(data) == 153
    assert {"old_la_code", "new_la_code", "name", "region", "type", "successors", "predecessors"} <= set(
        data[0]
    )


def test_api_filters_by_region_and_rejects_unknown_regions(client):
    data = client.get("/api/v1/local-authorities", {"region": "North West"}).json()
    assert len(data) == 24 and {d["region"] for d in data} == {"North West"}
    assert client.get("/api/v1/local-authorities", {"region": "Atlantis"}).status_code == 422


@pytest.mark.parametrize("code", ["330", "E08000025", "Birmingham"])
def test_api_finds_an_la_by_any_code_form(client, code):
    data = client.get(f"/api/v1/local-authorities/{code}").json()
    assert (data["old_la_code"], data["new_la_code"], data["region"]) == ("330", "E08000025", "West Midlands")


def test_api_unknown_la_is_404(client):
    response = client.get("/api/v1/local-authorities/999")
    assert response.status_code == 404 and "999" in response.json()["detail"]


def test_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/local-authorities" in schema["paths"] and "/api/v1/framework" in schema["paths"]


def test_cli_shows_birmingham_as_json(capsys):
    call_command("la", "show", "330", "--json")
    data = json.loads(capsys.readouterr().out)
    assert (data["name"], data["new_la_code"], data["region"]) == ("Birmingham", "E08000025", "West Midlands")


def test_cli_resolves_durham_to_county_durham(capsys):
    call_command("la", "show", "durham", "--json")
    data = json.loads(capsys.readouterr().out)
    assert (data["old_la_code"], data["name"]) == ("840", "County Durham")


def test_cli_shows_former_la_successors(capsys):
    call_command("la", "show", "Northamptonshire", "--json")
    data = json.loads(capsys.readouterr().out)
    assert {s["name"] for s in data["successors"]} == {"North Northamptonshire", "West Northamptonshire"}


def test_cli_unknown_la_is_bad_input():
    with pytest.raises(CommandError, match="no local authority matches '999'") as error:
        call_command("la", "show", "999")
    assert error.value.returncode == 2


def test_cli_lists_a_region(capsys):
    call_command("la", "list", "--region", "North East", "--json")
    assert len(json.loads(capsys.readouterr().out)) == 12
