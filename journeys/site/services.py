"""Loading the demonstration content of every app."""

from __future__ import annotations

from journeys.accounts.services import DEMO_PASSWORD, demo_accounts_create
from journeys.evidence.services import evidence_demo_load
from journeys.improvement.services import self_evaluation_demo_load
from journeys.priorities.services import priority_demo_load
from journeys.workshops.services import workshop_series_load_2016


def demo_load() -> dict:
    """Load every app's demonstration content; running it again adds nothing."""
    return {
        "password": DEMO_PASSWORD,
        "accounts": demo_accounts_create(),
        "evidence": evidence_demo_load(),
        "self_evaluations": self_evaluation_demo_load(),
        "demonstration_priorities": priority_demo_load(),
        "workshop_series": workshop_series_load_2016().slug,
    }
