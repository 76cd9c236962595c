"""Self-evaluations against the improvement framework, with their version history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from journeys.accounts.scope import LaOwnedModel

# Each enabler's evidence notes: room for a page of evidence, not for a document pasted in whole
# (every saved version keeps a copy).
NOTE_MAX_LENGTH = 5_000
NOTE_TOO_LONG = f"Notes must be {NOTE_MAX_LENGTH:,} characters or fewer"
WITHDRAWAL_REASON_MAX_LENGTH = 1_000


class SelfEvaluation(LaOwnedModel):
    """One LA's self-evaluation against a published framework version.

    A draft is private to the LA and changes in place; every save bumps ``version``, which is
    how a save made from a stale page is caught (optimistic locking). Submitting freezes the
    record and shares it for oversight; a later self-evaluation starts as a new draft copied
    from it. A submitted one is never deleted, since others have read it: its LA's editors may
    withdraw it, and it is kept, marked withdrawn, and no longer counts as the LA's latest.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    draft_status = Status.DRAFT  # drafts: only the LA's editors and viewers (accounts/permissions.py)

    framework_version = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    # characteristic id -> rating id (not_yet, partly, mostly, fully)
    ratings = models.JSONField(default=dict, blank=True)
    # enabler id -> evidence notes
    notes = models.JSONField(default=dict, blank=True)
    # enabler id -> indicator ids from the evidence catalogue
    indicator_links = models.JSONField(default=dict, blank=True)
    # self-evaluation question id -> answer
    answers = models.JSONField(default=dict, blank=True)
    self_placed_stage = models.CharField(max_length=32, blank=True)
    findings_accepted = models.BooleanField(null=True, blank=True)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True, max_length=WITHDRAWAL_REASON_MAX_LENGTH)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "self-evaluation"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["la"], condition=Q(status="draft"), name="one_draft_per_la"),
        ]

    def __str__(self):
        return f"Self-evaluation {self.pk} ({self.get_status_display().lower()}) for {self.la}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_submitted(self) -> bool:
        """Submitted and not withdrawn: what placement, oversight and briefings rely on."""
        return self.status == self.Status.SUBMITTED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN
