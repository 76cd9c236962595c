"""Loading the demonstration content of every app."""

from __future__ import annotations

from contextlib import nullcontext

from journeys.accounts.services import DEMO_PASSWORD, demo_accounts_create
from journeys.common.progress import Output, step
from journeys.evidence.services import evidence_demo_load
from journeys.improvement.services import self_evaluation_demo_load
from journeys.priorities.services import priority_demo_load
from journeys.support.services import engagement_demo_load
from journeys.workshops.services import workshop_series_load_2016


def demo_load(*, out: Output | None = None) -> dict:
    """Load every app's demonstration content; running it again adds nothing. With ``out``,
    each step says what it is doing (and, every 10 s, that it still is)."""
    steps = (
        ("accounts", "Creating the demonstration accounts", demo_accounts_create),
        ("evidence", "Loading the demonstration evidence", evidence_demo_load),
        ("self_evaluations", "Writing a demonstration self-evaluation", self_evaluation_demo_load),
        ("demonstration_priorities", "Writing demonstration priorities", priority_demo_load),
        ("support_engagements", "Recording a demonstration support engagement", engagement_demo_load),
        ("workshop_series", "Loading the 2016 workshops", lambda: workshop_series_load_2016().slug),
    )
    result = {"password": DEMO_PASSWORD}
    for key, what, load in steps:
        with step(out, what) if out is not None else nullcontext():
            result[key] = load()
    return result
