"""An LA's named contacts, and requests to talk from one LA to another.

Contact details are seen by the LA's own users and, once a request to talk between two LAs is
accepted, by the other LA's users; the rules are in accounts/permissions.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Contact(models.Model):
    class Kind(models.TextChoices):
        IMPROVEMENT_LEAD = "improvement_lead", "Improvement lead"
        DIRECTORS_OFFICE = "directors_office", "Director's office"

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    name = models.CharField(max_length=200)
    job_title = models.CharField("role", max_length=200, blank=True)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["la", "kind"]
        constraints = [models.UniqueConstraint(fields=["la", "kind"], name="one_contact_of_each_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.la}"


class TalkRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    from_la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    to_la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    message = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_la", "to_la"],
                condition=Q(status="pending"),
                name="one_waiting_talk_request_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(from_la=models.F("to_la")), name="talk_request_to_another_la"
            ),
        ]

    def __str__(self):
        return f"{self.from_la} asks to talk to {self.to_la}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED
