"""Workshops where LAs share improvement priorities and learning, grouped in series.

A series (like ``lga-2016``) holds workshops; a contribution is what one LA shared: a priority,
the issue it addresses, learning and its experience of external support. A contribution may
belong to the series as a whole when the source does not say at which workshop it was shared
(the 2016 summary's table (d)). LAs are linked as they were then, former LAs included.

A closed series (a past one, like ``lga-2016``) is read-only: what was shared stays as recorded.
Who writes to an open one is decided in accounts/permissions.py.

A series' summary report is published as soon as the series exists. Those who facilitate it may
withdraw it; it is kept, and its pages then say that it was withdrawn, and when, instead of
showing it (410 Gone).
"""

from django.conf import settings
from django.db import models

from journeys.authorities.register import REGIONS
from journeys.priorities.models import THEME_CHOICES

REPORT_WITHDRAWAL_REASON_MAX_LENGTH = 1_000


class WorkshopSeries(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=300)
    commissioned_by = models.CharField(max_length=200, blank=True)
    facilitated_by = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=100, blank=True)
    source = models.TextField(blank=True)
    date_note = models.TextField(blank=True)
    purposes = models.JSONField(default=list, blank=True)
    support_lessons = models.JSONField(default=list, blank=True)  # [{"id", "lesson"}]
    theme_examples = models.JSONField(
        default=dict, blank=True
    )  # theme number -> {"priority", "learning", "printed_title"}
    closed = models.BooleanField(default=False, help_text="A closed series takes no more contributions.")
    # The facilitator's own words for the report: what the workshops were for, what they said.
    introduction = models.TextField(blank=True)
    key_messages = models.TextField(blank=True)
    conclusions = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    report_withdrawn_at = models.DateTimeField("date its summary report was withdrawn", null=True, blank=True)
    report_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report_withdrawal_reason = models.TextField(blank=True, max_length=REPORT_WITHDRAWAL_REASON_MAX_LENGTH)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "workshop series"
        verbose_name_plural = "workshop series"

    def __str__(self):
        return self.title

    @property
    def report_withdrawn(self) -> bool:
        return self.report_withdrawn_at is not None


class Workshop(models.Model):
    series = models.ForeignKey(WorkshopSeries, on_delete=models.CASCADE, related_name="workshops")
    slug = models.SlugField(max_length=64)
    region = models.CharField(max_length=64, choices=[(r, r) for r in REGIONS], blank=True)
    place = models.CharField(max_length=100)
    venue = models.CharField(max_length=200, blank=True)
    held_on = models.DateField(null=True, blank=True)
    when_text = models.CharField(max_length=100, blank=True)  # e.g. "October or November 2016"
    hosts = models.CharField(max_length=300, blank=True)
    invited = models.ManyToManyField("authorities.LocalAuthority", related_name="+", blank=True)
    attended = models.ManyToManyField(
        "authorities.LocalAuthority", related_name="workshops_attended", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["series", "held_on", "place"]
        constraints = [
            models.UniqueConstraint(fields=["series", "slug"], name="one_workshop_slug_per_series")
        ]

    def __str__(self):
        return f"{self.place} ({self.series.slug})"

    @property
    def when(self) -> str:
        return f"{self.held_on:%-d %B %Y}" if self.held_on else (self.when_text or "Date to be set")


class WorkshopContribution(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Audience(models.TextChoices):
        ATTENDEES = "attendees", "The local authorities that attended the workshop"
        REGION = "region", "Local authorities in the workshop's region"
        SECTOR = "sector", "Everyone who uses Journeys"
        PUBLIC = "public", "Anyone, in the public summary report"

    series = models.ForeignKey(WorkshopSeries, on_delete=models.CASCADE, related_name="contributions")
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, null=True, blank=True, related_name="contributions"
    )
    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    printed_name = models.CharField(max_length=100, blank=True)  # the name as the source printed it
    theme = models.PositiveSmallIntegerField(choices=THEME_CHOICES)
    position = models.PositiveSmallIntegerField(default=0)  # order within the theme, as printed
    priority = models.TextField(blank=True)
    issue = models.TextField("issue addressed", blank=True)
    learning = models.TextField(blank=True)
    support_experience = models.TextField("experience of external support", blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.PUBLIC)
    suggested_theme = models.PositiveSmallIntegerField(choices=THEME_CHOICES, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["theme", "position", "pk"]

    def __str__(self):
        return f"{self.area_name}, theme {self.theme}"

    @property
    def area_name(self) -> str:
        return self.printed_name or self.la.name

    @property
    def audit_name(self) -> str:
        """What people call a contribution: the priority it shares (none for one the 2016 summary
        listed only by its area, which keeps its neutral name)."""
        return self.priority.strip()
