"""Accessibility everywhere: every page each role can reach, checked with axe-core (WCAG 2.2 AA),
at 390 px wide for horizontal page scroll (a wide table scrolls inside its own region instead),
for dates not in the GOV.UK style ('1 December 2026'), and for links to what the role is refused.

For each role the crawl starts at the home page, follows every same-origin link (one page per
URL pattern, so 153 LA pages cost one visit, not 153; at most MAX_PAGES_PER_ROLE), and also
visits the error pages (404, and 403 where the role is refused) and every form submitted
empty, to show its errors, except a confirmation that withdraws something (its warning button
would withdraw it for every role after). Those pages, and what a withdrawn record and a
withdrawn report look like, are visited at the end, once the crawl no longer needs what they
withdraw. Downloads, the API, Django's admin and signing out are left out.
Screenshots of the first page of each URL pattern go to test-results/screenshots/a11y/.
"""

import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from journeys.common.tests.browser import axe_violations
from journeys.conftest import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-results" / "screenshots" / "a11y"
PAGES_PER_ROUTE = 1
MAX_PAGES_PER_ROLE = 80
SKIPPED_PREFIXES = ("/api/", "/django-admin/", "/static/", "/accounts/sign-out/")
DOWNLOAD = re.compile(r"download|\.(pdf|docx|xlsx|csv|json|zip)$")
# Pages no link leads to (reached from an email or after a refusal elsewhere), crawled from too.
# Pages no link leads to: reached by a form (the header's search) or from outside (email links).
UNLINKED_PAGES = [
    "/search/?q=bir",
    "/accounts/council-sign-in/refused/",
    "/accounts/set-password/MQ/no-such-token/",
    # The members' briefing and its commentary (the demonstration has a shared version and a draft).
    "/local-authorities/330/briefing/?preview=draft",
    "/local-authorities/330/briefing/commentary/",
    # Deep behind the compare page, so reached early whatever else a role's crawl finds first.
    "/comparison-groups/",
]
ROLES = {
    "anonymous": None,
    "la editor": "editor.birmingham@journeys.example",
    "la viewer": "viewer.birmingham@journeys.example",
    "elected member": "member.birmingham@journeys.example",
    "regional coordinator": "coordinator.westmidlands@journeys.example",
    "national admin": "admin@journeys.example",
}


@pytest.fixture
def site(live_server):
    from journeys.site.services import demo_load

    load_reference_data()  # the live server's database is emptied between tests
    demo_load()
    return live_server.url


def route_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def wanted(site: str, href: str) -> str | None:
    """The same-origin page a link leads to, or None for links the crawl leaves alone."""
    url, _ = urldefrag(href)
    if not url.startswith(site):
        return None
    path = url[len(site) :] or "/"
    if path.startswith(SKIPPED_PREFIXES) or "format=" in path or DOWNLOAD.search(urlsplit(path).path):
        return None
    return path


def sign_in(context, site: str, email: str | None):
    if email is None:
        return
    from journeys.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies["sessionid"].value, "url": site}]
    )


NARROW = {"width": 390, "height": 844}
# Dates on screen must read like '1 December 2026': no ISO dates, no abbreviated months.
OTHER_DATE_STYLE = re.compile(
    r"\b(?:19|20)\d\d-\d\d-\d\d\b|\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) \d{4}\b"
)
# The page's own width beyond the viewport, and the visible text of main (form values left out).
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
MAIN_TEXT = "() => (document.querySelector('main') || document.body).innerText"
# Pages people print (evidence, journeys, reports): printed, they show the content alone, and no
# table is cut off inside its scrolling region.
PRINTED_ROUTES = {
    "evidence:la",
    "evidence:indicator",
    "improvement:la-journey",
    "reports:briefing-page",
    "improvement:region-journeys",
    "workshops:series",
    "workshops:workshop",
}
PRINT_PROBLEMS = """() => {
  const shown = (selector) => [...document.querySelectorAll(selector)].some(
    (element) => getComputedStyle(element).display !== 'none');
  const problems = ['.govuk-service-navigation', '.app-site-search', '.govuk-footer']
    .filter(shown).map((selector) => selector + ' is printed');
  for (const wrapper of document.querySelectorAll('.app-table-wrapper')) {
    if (wrapper.scrollWidth > wrapper.clientWidth + 1) problems.push('a table is cut off');
  }
  return problems;
}"""


def check(page, label: str, url: str, found: list, shot: str | None):
    if shot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)
    for violation in axe_violations(page):
        found.append(
            f"{label} {url}: {violation['id']} ({violation['impact']}) {violation['help']} "
            f"{violation['nodes'][:3]}"
        )
    if dates := sorted({m.group(0) for m in OTHER_DATE_STYLE.finditer(page.evaluate(MAIN_TEXT))}):
        found.append(f"{label} {url}: dates not written like '1 December 2026': {dates[:5]}")
    if route_of(url.split(" ")[0]) in PRINTED_ROUTES:
        page.emulate_media(media="print")
        if problems := page.evaluate(PRINT_PROBLEMS):
            found.append(f"{label} {url}: printed, {sorted(set(problems))}")
        page.emulate_media(media="screen")
    wide = page.viewport_size
    page.set_viewport_size(NARROW)
    if (overflow := page.evaluate(PAGE_OVERFLOW)) > 0:
        found.append(f"{label} {url}: at {NARROW['width']} px the page scrolls sideways by {overflow} px")
    page.set_viewport_size(wide)


def submit_forms_empty(page, site, label, url, found, counts):
    """Submit each form on the page that has fields, with nothing filled in, and check the result."""
    forms = page.locator("main form[method=post], main form[method=POST]")
    for index in range(forms.count()):
        form = forms.nth(index)
        fields = form.locator("input:not([type=hidden]):not([type=submit]), textarea, select")
        if fields.count() == 0 or "sign-out" in (form.get_attribute("action") or ""):
            continue
        page.goto(site + url)
        form = page.locator("main form[method=post], main form[method=POST]").nth(index)
        for field in form.locator("input[type=text], input[type=email], input[type=number], textarea").all():
            if field.is_visible():
                field.fill("")
        submit = form.locator("button[type=submit], button:not([type]), input[type=submit]").first
        if not submit.count() or "govuk-button--warning" in (submit.get_attribute("class") or ""):
            continue
        submit.click()
        page.wait_for_load_state()
        counts["forms"] += 1
        check(page, label, f"{url} (form {index + 1} submitted empty)", found, None)


def visit_withdrawals(page, site, found) -> int:
    """Withdraw the demonstration self-evaluation as Birmingham's editor and the 2016 workshops'
    summary report as a national admin, through their confirmation pages, checking each page on
    the way; returns how many pages were checked."""
    from journeys.improvement.models import SelfEvaluation

    evaluation = SelfEvaluation.objects.get(la__old_la_code="330", status=SelfEvaluation.Status.SUBMITTED)
    steps = [
        (
            ROLES["la editor"],
            f"/self-evaluations/{evaluation.pk}/withdraw/",
            [f"/self-evaluations/{evaluation.pk}/", f"/self-evaluations/{evaluation.pk}/history/"],
        ),
        (
            ROLES["national admin"],
            "/workshops/lga-2016/withdraw-report/",
            ["/workshops/lga-2016/", "/workshops/", f"/workshops/lga-2016/{_first_workshop('lga-2016')}/"],
        ),
    ]
    checked = 0
    for email, confirm, after in steps:
        page.context.clear_cookies()
        sign_in(page.context, site, email)
        response = page.goto(site + confirm)
        if response.status != 200:
            found.append(f"{email} {confirm}: the confirmation page answered {response.status}")
            continue
        check(page, email, confirm, found, route_of(confirm).replace(":", "-"))
        page.get_by_label("Why are you withdrawing it? (optional)").fill("Checked by the accessibility crawl")
        page.get_by_role("button", name="Yes, withdraw it").click()
        page.wait_for_load_state()
        checked += 1
        for url in after:
            response = page.goto(site + url)
            if response.status not in (200, 410):
                found.append(f"{email} {url}: answered {response.status} once withdrawn")
            check(page, email, f"{url} (withdrawn)", found, f"withdrawn-{route_of(url).replace(':', '-')}")
            checked += 1
    return checked


def _first_workshop(series: str) -> str:
    from journeys.workshops.models import Workshop

    return Workshop.objects.filter(series__slug=series).order_by("pk").values_list("slug", flat=True)[0]


def test_every_reachable_page_passes_axe_for_every_role(page, site, capsys):
    found: list[str] = []
    counts = {"pages": 0, "forms": 0, "errors": 0}
    shots = set()
    for label, email in ROLES.items():
        page.context.clear_cookies()
        sign_in(page.context, site, email)
        queue, seen, per_route = deque(["/", *UNLINKED_PAGES]), {"/", *UNLINKED_PAGES}, {}
        visited = 0
        while queue and visited < MAX_PAGES_PER_ROLE:
            url = queue.popleft()
            route = route_of(url) or "unresolved"
            if per_route.get(route, 0) >= PAGES_PER_ROUTE:
                continue
            try:
                response = page.goto(site + url)
            except PlaywrightError:  # a download the link's address did not give away
                continue
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            if response.status == 403:  # a page linked for this role that refuses it
                found.append(f"{label} {url}: offered by a link, but refused (403)")
            per_route[route] = per_route.get(route, 0) + 1
            visited += 1
            shot = None
            if route not in shots:
                shots.add(route)
                shot = f"{route.replace(':', '-')}-{label.replace(' ', '-')}"
            check(page, label, url, found, shot)
            for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
                path = wanted(site, href)
                if path and path not in seen:
                    seen.add(path)
                    queue.append(path)
            submit_forms_empty(page, site, label, url, found, counts)
        counts["pages"] += visited

        # Error pages as this role sees them: 404 for everyone, 403 where the role is refused.
        for url in ("/no-such-page/", "/accounts/audit-log/"):
            response = page.goto(site + url)
            if response.status in (403, 404):
                counts["errors"] += 1
                check(page, label, f"{url} ({response.status})", found, f"error-{response.status}")

    counts["pages"] += visit_withdrawals(page, site, found)

    with capsys.disabled():
        print(  # noqa: T201 – how much the crawl covered
            f"\naccessibility: {counts['pages']} pages, {counts['forms']} forms submitted empty, "
            f"{counts['errors']} error pages over {len(ROLES)} roles and {len(shots)} URL patterns, "
            f"each also at {NARROW['width']} px; "
            f"{len(found)} violations"
        )
    assert not found, "\n".join(found)
