"""Service-wide pages, the GOV.UK rendering path and production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from journeys.common import components
from journeys.common.components import render_component
from journeys.common.tables import Column, Table, neutralise

pytestmark = pytest.mark.django_db


def test_home_page_has_landmarks_and_no_crown(client):
    html = client.get("/").content.decode()
    for landmark in ("<header", "<main", "<footer", 'href="#main-content"'):
        assert landmark in html
    assert "govuk-logo" not in html and "crown" not in html.lower() and "GDS Transport" not in html


def test_scripts_carry_the_csp_nonce(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert response.content.decode().count(f'nonce="{nonce}"') == 2
    assert "'unsafe-inline'" not in policy


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_components_render_through_govuk_frontend_macros():
    assert 'class="govuk-tag govuk-tag--blue"' in render_component(
        "tag", {"text": "Fair", "classes": "govuk-tag--blue"}
    )
    assert "&lt;script&gt;" in render_component("tag", {"text": "<script>"})


def test_remembered_components_keep_text_and_safe_markup_apart():
    plain = render_component("tag", {"text": "<b>x</b>"})
    # The same characters marked safe must not come back escaped from the first call's memory.
    safe = render_component("tag", {"text": mark_safe("<b>x</b>")})  # noqa: S308
    assert "&lt;b&gt;x" in plain and "<b>x</b>" in safe
    assert render_component("tag", {"text": "<b>x</b>"}) == plain


def test_remembered_components_match_a_fresh_render():
    params = {"items": [{"text": "Home", "href": "/"}, {"text": "Birmingham", "href": "/330/"}]}
    remembered = [render_component("breadcrumbs", params) for _ in range(2)]
    assert remembered[0] == remembered[1] == components._render("breadcrumbs", params)


def test_remembered_components_tell_equal_values_of_different_types_apart():
    assert ">\n  1\n<" in render_component("tag", {"text": 1})
    assert "True" in render_component("tag", {"text": True})
    assert "1.0" in render_component("tag", {"text": 1.0})


def test_parameters_that_are_not_plain_data_are_rendered_each_time():
    lazy = gettext_lazy("Home")
    assert "Home" in render_component("tag", {"text": lazy})
    with pytest.raises(components._Unfrozen):
        components._frozen({"text": lazy})


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_exports_neutralise_spreadsheet_formulas(value):
    assert neutralise(value) == "'" + value
    table = Table("t", [Column("a", "A")], [{"a": value}])
    assert f"'{value}".encode() in table.as_csv()


def test_numbers_are_not_neutralised():
    assert neutralise(-1.5) == -1.5


def test_unknown_page_is_a_govuk_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def _production_env(**overrides) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, "DJANGO_SETTINGS_MODULE": "journeys.settings.base", **overrides}


def _django(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=_production_env(**env),
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _django(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        JOURNEYS_DEBUG="0",
        JOURNEYS_SECRET_KEY="x" * 60 + "production-like-secret",
        JOURNEYS_ALLOWED_HOSTS="journeys.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_serving_without_a_secret_key_is_refused_in_production():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "journeys"), "serve"],
        env=_production_env(JOURNEYS_DEBUG="0", JOURNEYS_SECRET_KEY=""),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "JOURNEYS_SECRET_KEY must be set" in result.stderr


def test_every_page_says_when_it_shows_demonstration_data(client):
    from journeys.evidence.services import evidence_demo_load

    assert "demonstration data" not in client.get("/sector/").content.decode()
    evidence_demo_load()
    for path in ("/", "/sector/", "/local-authorities/330/journey/"):
        html = client.get(path).content.decode()
        assert "showing demonstration data" in html and "not official statistics" in html, path
