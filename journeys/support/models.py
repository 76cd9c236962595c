"""Engagements of external support: which form, who brokered it, when, and what came of it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from journeys.accounts.scope import LaOwnedModel

from .catalogue import load_forms

FORM_CHOICES = [(form.id, form.name) for form in load_forms()]


class SupportEngagement(LaOwnedModel):
    form = models.CharField("form of support", max_length=64, choices=FORM_CHOICES)
    provider = models.CharField("who provided it", max_length=200, blank=True)
    brokered_by = models.CharField("who brokered it", max_length=200, blank=True)
    brokered_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.TextField("outcome notes", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_form_display()} for {self.la}"

    def clean(self):
        super().clean()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "End date must be the same as or after the start date"})
