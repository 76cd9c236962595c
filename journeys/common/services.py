"""Writes that span the domain apps: loading the demonstration content."""

from journeys.accounts.services import DEMO_PASSWORD, demo_accounts_create
from journeys.evidence.services import evidence_demo_load


def demo_load() -> dict:
    """Load every app's demonstration content; running it again adds nothing."""
    return {"password": DEMO_PASSWORD, "accounts": demo_accounts_create(), "evidence": evidence_demo_load()}
