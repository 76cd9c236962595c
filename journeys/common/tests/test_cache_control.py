"""Nothing served to a signed-in user, and no API answer, is kept by a cache; public pages are."""

import pytest

from journeys.accounts.services import api_token_create

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [
    "/",
    "/priorities/",
    "/priorities/?format=csv",
    "/priorities/?format=xlsx",
    "/local-authorities/330/",
    "/accounts/sign-out/",
]
PUBLIC_PAGES = ["/", "/local-authorities/", "/local-authorities/330/"]


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_pages_and_downloads_for_a_signed_in_user_are_private_and_not_stored(client, make_user, url):
    client.force_login(make_user("la_editor", la="330"))
    response = client.get(url)
    assert response.status_code == 200, url
    assert {"private", "no-store"} <= directives(response), url


def test_the_audit_log_and_its_download_are_private_and_not_stored(client, make_user):
    client.force_login(make_user("national_admin"))
    for url in ("/accounts/audit-log/", "/accounts/audit-log/?format=csv"):
        response = client.get(url)
        assert response.status_code == 200 and {"private", "no-store"} <= directives(response), url


@pytest.mark.parametrize("url", ["/api/v1/priorities", "/api/v1/local-authorities/330", "/api/v1/nowhere"])
def test_api_answers_are_private_and_not_stored_with_a_token_or_without(client, make_user, url):
    token = api_token_create(user=make_user("la_editor", la="330"))
    for headers in ({"Authorization": f"Bearer {token}"}, {}):
        response = client.get(url, headers=headers)
        assert {"private", "no-store"} <= directives(response), (url, headers, response.status_code)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_for_anonymous_visitors_may_be_cached_for_five_minutes(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=300"}
    assert "Cookie" in response["Vary"]  # a signed-in visitor's copy is never this one


@pytest.mark.parametrize(("url", "status"), [("/priorities/", 302), ("/no-such-page/", 404)])
def test_redirects_and_errors_for_anonymous_visitors_are_checked_again_each_time(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert directives(response) == {"no-cache"}
