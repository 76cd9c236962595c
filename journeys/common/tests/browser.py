"""Helpers for browser tests: Debian's Chromium driven by Playwright, checked with axe-core."""

import json
from pathlib import Path

from django.conf import settings

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-results" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# WCAG 2.2 A and AA, the level the Public Sector Bodies Accessibility Regulations require,
# plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; returns the violations, each with its nodes."""
    # evaluate() runs through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def describe(violations: list[dict]) -> str:
    return json.dumps(violations, indent=2)


def check_page(page, name: str) -> None:
    """Keep a full-page screenshot to look at, and fail on any axe violation."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], f"{name}: {describe(violations)}"


# The password browser tests give the users they make, so that they can sign in through the page.
PASSWORD = "correct horse battery staple"


def sign_in(page, site: str, user) -> None:
    """Sign in through the sign-in page as ``user`` (made with PASSWORD), starting signed out."""
    page.context.clear_cookies()
    page.goto(f"{site}/accounts/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert "Signed in as" in page.content()
