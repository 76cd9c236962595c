"""Writes for workshops: loading the 2016 series, planning a workshop, capturing contributions,
writing and withdrawing a series' summary report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority
from journeys.notifications.services import notify_workshop_invitation
from journeys.priorities.classifier import classify
from journeys.priorities.services import theme_classifier_load

from .models import REPORT_WITHDRAWAL_REASON_MAX_LENGTH, Workshop, WorkshopContribution, WorkshopSeries
from .seed_2016 import load_series


class SeriesClosed(PermissionDenied):
    def __init__(self, series: WorkshopSeries):
        super().__init__(f"{series.title} is closed: nothing more can be recorded in it")
        self.series = series


@transaction.atomic
def workshop_series_load_2016() -> WorkshopSeries:
    """The ``lga-2016`` series from the seed: its four workshops and table (d) at series level.

    Idempotent: a second run changes nothing. Local areas keep the names the summary printed
    and link to the register's record of the time (former LAs included).
    """
    seed = load_series()
    series, created = WorkshopSeries.objects.get_or_create(
        slug=seed.id,
        defaults={
            "title": seed.title,
            "commissioned_by": seed.commissioned_by,
            "facilitated_by": seed.facilitated_by,
            "period": seed.period,
            "source": seed.source,
            "date_note": seed.date_note,
            "closed": True,  # a record of workshops held in 2016: nothing more is added to it
            "purposes": list(seed.purposes),
            "support_lessons": [
                {"id": lesson.id, "lesson": lesson.lesson} for lesson in seed.support_lessons
            ],
            "theme_examples": {
                str(theme.number): {
                    "printed_title": theme.printed_title,
                    "priority": theme.example_priority,
                    "learning": theme.example_learning,
                }
                for theme in seed.themes
            },
        },
    )
    if not created:
        return series
    for workshop in seed.workshops:
        Workshop.objects.create(
            series=series,
            slug=workshop.id,
            place=workshop.place,
            when_text=workshop.when,
            held_on=workshop.exact_date,
        )
    authorities = {a.old_la_code: a for a in LocalAuthority.objects.all()}
    for theme in seed.themes:
        for position, area in enumerate(theme.local_areas):
            WorkshopContribution.objects.create(
                series=series,
                la=authorities[area.authority.old_la_code],
                printed_name=area.printed_name,
                theme=theme.number,
                position=position,
            )
    return series


@transaction.atomic
def workshop_plan(*, user, data: Mapping[str, Any], invited: Iterable[LocalAuthority]) -> Workshop:
    """A new workshop, in an existing series or a new one named by ``data['series_title']``."""
    if not permissions.can_coordinate_region(user, data["region"]):
        raise PermissionDenied("only the region's coordinators and national admins plan its workshops")
    title = data["series_title"].strip()
    series = WorkshopSeries.objects.filter(title__iexact=title).first()
    if series is not None and series.closed:
        raise SeriesClosed(series)
    if series is None:
        series = WorkshopSeries.objects.create(
            slug=_unique(WorkshopSeries, slugify(title)[:60] or "series"), title=title
        )
    workshop = Workshop(
        series=series,
        slug=_unique(Workshop, slugify(data["place"])[:60] or "workshop", series=series),
        region=data["region"],
        place=data["place"],
        venue=data.get("venue", ""),
        held_on=data.get("held_on"),
        hosts=data.get("hosts", ""),
        created_by=user,
    )
    workshop.full_clean()
    workshop.save()
    workshop.invited.set(invited)
    for la in invited:
        notify_workshop_invitation(workshop=workshop, la=la)
    return workshop


def theme_suggest(text: str) -> int | None:
    """The theme Journeys' stored classifier gives a priority's words (None for no words)."""
    if not text.strip():
        return None
    return classify([text], model=theme_classifier_load())[0].theme


def _unique(model, base: str, **scope) -> str:
    slug, number = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def contribution_add(
    *, user, workshop: Workshop, la: LocalAuthority, data: Mapping[str, Any]
) -> WorkshopContribution:
    """What one LA taking part shared at a workshop, captured by the region's coordinator or the
    LA's editor while the series is open; audited with who recorded it. It stays a draft until
    ``data['publish']``; with no theme chosen, the classifier's suggestion is used."""
    if workshop.series.closed:
        raise SeriesClosed(workshop.series)
    if not permissions.can_write_to_workshop(user, workshop, la):
        raise PermissionDenied(
            "only the LAs taking part in a workshop, through their editors or the region's coordinators, "
            "record what they shared"
        )
    suggested = theme_suggest(" ".join(filter(None, [data.get("priority", ""), data.get("issue", "")])))
    theme = data.get("theme") or suggested or 1
    position = WorkshopContribution.objects.filter(series=workshop.series, theme=theme).count()
    contribution = WorkshopContribution(
        series=workshop.series,
        workshop=workshop,
        la=la,
        theme=theme,
        suggested_theme=suggested,
        status=WorkshopContribution.Status.PUBLISHED
        if data.get("publish")
        else WorkshopContribution.Status.DRAFT,
        audience=data.get("audience") or WorkshopContribution.Audience.ATTENDEES,
        position=position,
        priority=data.get("priority", ""),
        issue=data.get("issue", ""),
        learning=data.get("learning", ""),
        support_experience=data.get("support_experience", ""),
        recorded_by=user,
    )
    contribution.full_clean()
    contribution.save()
    return contribution


def _changeable(user, contribution: WorkshopContribution) -> None:
    if contribution.series.closed:
        raise SeriesClosed(contribution.series)
    if not permissions.can_change_contribution(user, contribution):
        raise PermissionDenied("only those who may write for its LA at its workshop change a contribution")


@transaction.atomic
def contribution_update(
    *, user, contribution: WorkshopContribution, data: Mapping[str, Any]
) -> WorkshopContribution:
    """Change a contribution's words, theme and audience; ``data['publish']`` publishes it."""
    _changeable(user, contribution)
    for field in ("priority", "issue", "learning", "support_experience"):
        setattr(contribution, field, data.get(field, ""))
    contribution.suggested_theme = theme_suggest(f"{contribution.priority} {contribution.issue}")
    contribution.theme = data.get("theme") or contribution.suggested_theme or contribution.theme
    contribution.audience = data.get("audience") or contribution.audience
    if data.get("publish"):
        contribution.status = WorkshopContribution.Status.PUBLISHED
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def contribution_withdraw(*, user, contribution: WorkshopContribution) -> WorkshopContribution:
    """Take a contribution out of every summary; it is kept, and can be published again."""
    _changeable(user, contribution)
    contribution.status = WorkshopContribution.Status.WITHDRAWN
    contribution.save()
    return contribution


@transaction.atomic
def workshop_attendance_record(*, user, workshop: Workshop, attended: Iterable[LocalAuthority]) -> Workshop:
    if not permissions.can_facilitate_series(user, workshop.series):
        raise PermissionDenied("only the series' coordinators record attendance")
    workshop.attended.set(attended)
    return workshop


@transaction.atomic
def series_report_write(*, user, series: WorkshopSeries, data: Mapping[str, Any]) -> WorkshopSeries:
    """The facilitator's words: introduction, key messages and conclusions."""
    if not permissions.can_facilitate_series(user, series):
        raise PermissionDenied("only the series' coordinators write its report")
    series.introduction = data.get("introduction", "")
    series.key_messages = data.get("key_messages", "")
    series.conclusions = data.get("conclusions", "")
    series.purposes = [line.strip() for line in data.get("purposes", "").splitlines() if line.strip()]
    series.save()
    return series


@transaction.atomic
def series_report_withdraw(*, user, series: WorkshopSeries, reason: str = "") -> WorkshopSeries:
    """Withdraw a series' summary report: it is kept, and its pages, downloads and API answer that
    it was withdrawn, when and why (410 Gone) instead of showing it. The audit log records who."""
    series = WorkshopSeries.objects.select_for_update().get(pk=series.pk)
    if not permissions.can_withdraw_series_report(user, series):
        raise PermissionDenied("only those who facilitate a series withdraw its summary report, once")
    reason = reason.strip()
    if len(reason) > REPORT_WITHDRAWAL_REASON_MAX_LENGTH:
        raise ValidationError(
            f"The reason must be {REPORT_WITHDRAWAL_REASON_MAX_LENGTH:,} characters or fewer"
        )
    series.report_withdrawn_at = timezone.now()
    series.report_withdrawn_by = user
    series.report_withdrawal_reason = reason
    series.save()
    return series
