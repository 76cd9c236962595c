"""How external support reads on a page: an engagement's summary rows."""

from __future__ import annotations

from journeys.evidence.presentation import date_name

from .models import SupportEngagement

HELPED_WORDS = {True: "Yes", False: "No", None: "Not known yet"}


def engagement_rows(engagement: SupportEngagement) -> list[dict]:
    """Summary-list rows for one engagement: what it is, where it stands and what came of it."""
    start, end = engagement.started_on, engagement.ended_on
    if start and end:
        dates = f"{date_name(start)} to {date_name(end)}"
    elif start or end:
        dates = f"From {date_name(start)}" if start else f"Until {date_name(end)}"
    else:
        dates = "Not recorded"
    brokered = engagement.brokered_by or "Not recorded"
    if engagement.brokered_by_user:
        brokered = f"{brokered} ({engagement.brokered_by_user.email})"
    rows = [
        ("Status", engagement.get_status_display()),
        ("Dates", dates),
        ("Brokered by", brokered),
        ("Outcome summary", engagement.outcome or "Not recorded yet"),
        ("Did it help?", HELPED_WORDS[engagement.helped]),
        ("Date of the outcome", date_name(engagement.outcome_on, missing="Not recorded")),
    ]
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]
