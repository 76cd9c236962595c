"""Real-browser walk through the self-evaluation, journey, methodology, region and sector pages, with axe."""

import pytest

from journeys.common.tests.browser import check_page, sign_in
from journeys.conftest import load_reference_data
from journeys.improvement.tests.conftest import import_real_evidence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, shared_data):
    load_reference_data()  # the live server's database is emptied between tests
    import_real_evidence(shared_data)
    return live_server.url


def check(page, name: str):
    check_page(page, f"journeys-{name}")


def test_self_evaluation_journey_methodology_region_and_sector_pages(page, site, make_user):
    editor = make_user("la_editor", la="330")
    page.goto(f"{site}/accounts/sign-in/")
    page.get_by_label("Email address").fill(editor.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{site}/local-authorities/330/journey/")
    assert (
        "Where Birmingham is on the improvement journey" in page.get_by_role("heading", level=1).inner_text()
    )
    check(page, "la-journey")

    page.get_by_role("link", name="Self-evaluations for Birmingham").first.click()
    check(page, "self-evaluations")
    page.get_by_role("button", name="Start a new self-evaluation").click()
    assert page.locator(".govuk-task-list").first.is_visible()
    check(page, "self-evaluation-task-list")

    page.get_by_role("link", name="Strategic approach").click()
    check(page, "self-evaluation-enabler")
    page.locator("fieldset").first.get_by_label("Mostly in place").check()
    page.get_by_label("Evidence for strategic approach").fill("Practice audits, March 2026.")
    page.get_by_role("button", name="Save and continue").click()
    assert "1 of 12 statements rated" in page.content()

    page.get_by_role("link", name="Ofsted's three self-evaluation questions").click()
    check(page, "self-evaluation-questions")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="See every saved version and compare two of them").click()
    assert "between the two versions" in page.content()
    check(page, "self-evaluation-history")

    for name, path in (
        ("methodology-timescales", "/methodology/timescales/"),
        ("methodology-early-warning", "/methodology/early-warning/"),
        ("region", "/regions/west-midlands/journeys/?sort=risk&order=desc"),
        ("sector", "/sector/?as_of_0=31&as_of_1=3&as_of_2=2019"),
    ):
        page.goto(f"{site}{path}")
        check(page, name)
    page.goto(f"{site}/sector/?as_of_0=31&as_of_1=13&as_of_2=2019")
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "sector-error")


@pytest.fixture
def plain_site(live_server):
    load_reference_data()
    return live_server.url


def test_an_editor_withdraws_a_submitted_self_evaluation_and_sees_it_marked(page, plain_site, make_user):
    from journeys.frameworks.selectors import framework_current
    from journeys.improvement.services import (
        self_evaluation_create,
        self_evaluation_submit,
        self_evaluation_update,
    )
    from journeys.improvement.tests.conftest import complete_changes

    editor = make_user("la_editor", la="330")
    draft = self_evaluation_create(user=editor)
    self_evaluation_update(
        evaluation_id=draft.pk, user=editor, expected_version=1, changes=complete_changes(framework_current())
    )
    self_evaluation_submit(evaluation_id=draft.pk, user=editor)
    sign_in(page, plain_site, editor)

    page.goto(f"{plain_site}/self-evaluations/{draft.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Submitted self-evaluation"
    page.get_by_role("link", name="Withdraw this self-evaluation").click()
    assert "Are you sure you want to withdraw" in page.get_by_role("heading", level=1).inner_text()
    check(page, "self-evaluation-withdraw")
    page.get_by_label("Why are you withdrawing it? (optional)").fill("Rated against last year's framework")
    page.get_by_role("button", name="Yes, withdraw it").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Withdrawn self-evaluation"
    assert page.locator(".govuk-tag", has_text="Withdrawn").is_visible()
    assert "Rated against last year's framework" in page.locator(".govuk-inset-text").inner_text()
    assert page.get_by_role("link", name="Withdraw this self-evaluation").count() == 0
    check(page, "self-evaluation-withdrawn")
    page.get_by_role("link", name="See every saved version and compare two of them").click()
    assert page.locator(".govuk-tag", has_text="Withdrawn").is_visible()
    assert "(withdrawn)" in page.locator("#b").inner_text()
    check(page, "self-evaluation-withdrawn-history")
    page.goto(f"{plain_site}/local-authorities/330/self-evaluations/")
    assert page.locator("td", has_text="Withdrawn").count() == 1


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("207", "sustaining and spreading excellence"),
        ("330", "on the way to great"),
        ("304", "has no overall grade (Ofsted gives none from April 2026)"),
    ],
)
def test_kensington_and_chelsea_birmingham_and_brent_journey_pages(page, site, code, said):
    page.goto(f"{site}/local-authorities/{code}/journey/")
    main = page.locator("main").inner_text()
    assert said in main and "Risk of slipping back" in main and "The journey so far" in main
    check(page, f"la-journey-{code}")
