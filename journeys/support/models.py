"""Engagements of external support: which form, who brokered it, when, and what came of it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from journeys.accounts.scope import LaOwnedModel

from .catalogue import load_forms

FORM_CHOICES = [(form.id, form.name) for form in load_forms()]


class SupportEngagement(LaOwnedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        FINISHED = "finished", "Finished"

    form = models.CharField("form of support", max_length=64, choices=FORM_CHOICES)
    provider = models.CharField("who provided it", max_length=200, blank=True)
    brokered_by = models.CharField("who brokered it", max_length=200, blank=True)
    brokered_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    outcome = models.TextField("outcome summary", blank=True)
    helped = models.BooleanField("whether it helped", null=True, blank=True)  # None: not known yet
    outcome_on = models.DateField("date of the outcome", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-created_at", "-pk"]

    @property
    def form_phrase(self) -> str:
        """The form's name inside a sentence: "peer review", but "LGA children's improvement adviser"."""
        name = self.get_form_display()
        first = name.split()[0]
        return name[0].lower() + name[1:] if first[1:].islower() else name

    def __str__(self):
        return f"{self.get_form_display()} for {self.la}"

    def clean(self):
        super().clean()
        problems = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            problems["ended_on"] = "End date must be the same as or after the start date"
        if self.started_on and self.outcome_on and self.outcome_on < self.started_on:
            problems["outcome_on"] = "Date of the outcome must be the same as or after the start date"
        if problems:
            raise ValidationError(problems)
