"""What a signed-in user's home page says needs doing, and what it shows at a glance.

Every item is something the user's role can do (accounts/permissions.py decides), with the page
to do it on. Reads go through each app's scoped selectors, so nothing appears that the user may
not see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse

from journeys.accounts import permissions
from journeys.authorities.selectors import authority_list
from journeys.improvement.insights import register_journeys
from journeys.improvement.placement import STAGES
from journeys.improvement.selectors import self_evaluation_list
from journeys.priorities.selectors import priority_list
from journeys.support.models import SupportEngagement
from journeys.workshops.models import Workshop

# A priority whose review date falls within this many days is listed as due.
REVIEW_NOTICE_DAYS = 30
# A submitted self-evaluation is listed for its region's coordinators for this many days.
RECENT_SUBMISSION_DAYS = 60


@dataclass(frozen=True)
class Task:
    text: str
    href: str
    hint: str = ""


def _day(value) -> str:
    return f"{value:%-d %B %Y}"


def _self_evaluation_tasks(user, la, today: date) -> list[Task]:
    records = list(self_evaluation_list(user=user, la=la))
    draft = next((r for r in records if r.is_draft), None)
    latest = max((r for r in records if r.submitted_at), key=lambda r: r.submitted_at, default=None)
    editor = permissions.can_edit_la(user, la)
    if draft is not None:
        return [
            Task(
                f"{'Continue' if editor else 'Read'} the draft self-evaluation",
                reverse("improvement:self-evaluation", args=[draft.pk]),
                f"Last changed {_day(draft.updated_at)}",
            )
        ]
    if editor and (latest is None or latest.submitted_at.date() < today - timedelta(days=365)):
        return [
            Task(
                "Start this year's self-evaluation",
                reverse("improvement:self-evaluations", args=[la.old_la_code]),
                f"The last was submitted {_day(latest.submitted_at)}" if latest else "None submitted yet",
            )
        ]
    if latest is not None and not editor:
        return [
            Task(
                f"Read the self-evaluation {la.name} submitted",
                reverse("improvement:self-evaluation", args=[latest.pk]),
                f"Submitted {_day(latest.submitted_at)}",
            )
        ]
    return []


def _review_tasks(user, la, today: date) -> list[Task]:
    due = (
        priority_list(user=user, la=la)
        .filter(review_on__isnull=False, review_on__lte=today + timedelta(days=REVIEW_NOTICE_DAYS))
        .exclude(status__in=["embedded", "stopped"])
        .order_by("review_on")
    )
    editor = permissions.can_edit_la(user, la)
    tasks = [
        Task(
            f"{'Review' if editor else 'Read'} ‘{p.title}’",
            reverse("priorities:detail", args=[p.pk]),
            ("Review was due " if p.review_on < today else "Review due ") + _day(p.review_on),
        )
        for p in due
    ]
    if editor:
        undated = priority_list(user=user, la=la).filter(
            review_on__isnull=True, status__in=["planned", "in_progress"]
        )
        tasks += [
            Task(
                f"Set a review date for ‘{p.title}’",
                reverse("priorities:edit", args=[p.pk]),
                "So you and your peers know when to look at progress",
            )
            for p in undated
        ]
    return tasks


def _workshop_tasks(user) -> list[Task]:
    open_workshops = (
        Workshop.objects.filter(series__closed=False).select_related("series").order_by("held_on")
    )
    return [
        Task(
            f"Add your contributions to the {w.place} workshop",
            reverse("workshops:contribute", args=[w.series.slug, w.slug]),
            f"{w.series.title}, {w.when}",
        )
        for w in open_workshops
        if permissions.can_write_to_workshop(user, w)
    ]


def _engagement_tasks(user, la) -> list[Task]:
    if not permissions.can_edit_la(user, la):
        return []
    waiting = SupportEngagement.objects.visible_to(user).filter(la=la, ended_on__isnull=False, outcome="")
    return [
        Task(
            f"Record what came of the {e.form_phrase}",
            reverse("support:engagement-outcome", args=[e.pk]),
            f"Ended {_day(e.ended_on)}",
        )
        for e in waiting
    ]


def _oversight_tasks(user, today: date) -> list[Task]:
    recent = self_evaluation_list(user=user).filter(
        status="submitted", submitted_at__date__gte=today - timedelta(days=RECENT_SUBMISSION_DAYS)
    )
    if user.is_regional_coordinator:
        recent = recent.filter(la__region=user.region)
    return [
        Task(
            f"Read {r.la.name}'s self-evaluation",
            reverse("improvement:self-evaluation", args=[r.pk]),
            f"Submitted {_day(r.submitted_at)}",
        )
        for r in recent.order_by("-submitted_at")
    ]


def home_tasks(user, *, today: date | None = None) -> list[Task]:
    """What needs doing, most pressing first, for a signed-in user."""
    today = today or date.today()
    tasks: list[Task] = []
    la = user.la
    if la is not None:
        tasks += _self_evaluation_tasks(user, la, today)
        tasks += _review_tasks(user, la, today)
        tasks += _engagement_tasks(user, la)
        if user.role == "elected_member":
            tasks.append(
                Task(
                    f"Read the members' briefing for {la.name}",
                    reverse("reports:briefing", args=[la.old_la_code, "pdf"]),
                    "PDF: where the council is on the improvement journey, and why",
                )
            )
    if user.is_regional_coordinator or user.is_national_admin:
        tasks += _oversight_tasks(user, today)
    tasks += _workshop_tasks(user)
    if permissions.can_plan_workshops(user):
        tasks.append(
            Task("Plan a workshop", reverse("workshops:plan"), "Invite local authorities to share priorities")
        )
    if permissions.can_read_audit_log(user):
        tasks.append(Task("Check the audit log", reverse("accounts:audit-log"), "Who changed what, and when"))
    return tasks


def region_glance(region: str) -> list[dict]:
    """How many of the region's LAs are at each stage, on published evidence."""
    codes = set(authority_list(region=region).values_list("old_la_code", flat=True))
    entries = register_journeys(as_of=date.today())
    counts = Counter(entry["stage"]["id"] for code, entry in entries.items() if code in codes)
    return [
        {
            "key": {"text": name},
            "value": {"text": f"{counts[stage]} local authorit{'y' if counts[stage] == 1 else 'ies'}"},
        }
        for stage, name in STAGES.items()
    ]
