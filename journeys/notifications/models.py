"""Notifications: what happened that concerns a person, listed in Journeys and, if they choose,
emailed to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from journeys.accounts.models import Role


class Kind(models.TextChoices):
    """What a notification is about. The values are stable ids: stored, and named in settings."""

    SELF_EVALUATION_SUBMITTED = "self_evaluation_submitted", "A self-evaluation is submitted in your region"
    NETWORK_INVITATION = "network_invitation", "Your local authority is invited to join a network"
    NETWORK_ANSWER = "network_answer", "A local authority joins, declines or leaves a network"
    TALK_REQUEST = "talk_request", "Another local authority asks yours to talk"
    TALK_ANSWER = "talk_answer", "A local authority answers your request to talk"
    WORKSHOP_INVITATION = "workshop_invitation", "Your local authority is invited to a workshop"
    PRIORITY_REVIEW = "priority_review", "A priority's review date is reached"


# The kinds each role can receive (accounts/permissions.py says who is told of each event), so
# the settings page offers a person only the choices that matter to them.
KINDS_BY_ROLE = {
    Role.REGIONAL_COORDINATOR: [Kind.SELF_EVALUATION_SUBMITTED, Kind.NETWORK_ANSWER],
    Role.NATIONAL_ADMIN: [Kind.NETWORK_ANSWER],
    Role.LA_EDITOR: [
        Kind.NETWORK_INVITATION,
        Kind.TALK_REQUEST,
        Kind.TALK_ANSWER,
        Kind.WORKSHOP_INVITATION,
        Kind.PRIORITY_REVIEW,
    ],
    Role.LA_VIEWER: [],
    Role.ELECTED_MEMBER: [],
}


class Notification(models.Model):
    """One thing one person is told. ``link`` is a path in Journeys to the record it is about;
    ``event`` names the event for those told of it once only (a review date reached)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    sentence = models.CharField(max_length=500)
    link = models.CharField(max_length=300)
    event = models.CharField(max_length=100, blank=True, default="")
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"], condition=~Q(event=""), name="one_notification_per_event"
            )
        ]

    def __str__(self):
        # No sentence here: it may name a private record.
        return f"{self.get_kind_display()} for {self.recipient}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationChoice(models.Model):
    """How a person wants one kind of notification: in Journeys only, or by email too. With no
    choice stored, it is emailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    by_email = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_choice_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user}: {'email' if self.by_email else 'Journeys only'}"
