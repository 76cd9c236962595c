"""Regional networks of improvement: LAs working together on a common challenge.

Who sees a network (``Network.objects.visible_to(user)``): signed-in users of its member and
invited LAs, the coordinators of its region and national admins. Only the region's coordinators
(and national admins) accept proposals, edit, dissolve and record meetings. Accepting makes
invitations, not members: each LA's editors join or decline, and members may leave. Members'
users add shared learning. Every change is kept in the network's history (django-simple-history).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from journeys.accounts import permissions
from journeys.authorities.register import REGIONS
from journeys.priorities.models import THEME_CHOICES


class NetworkQuerySet(models.QuerySet):
    """Reads by the rules in accounts/permissions.py."""

    def visible_to(self, user) -> "NetworkQuerySet":
        rule = permissions.network_rule(user)
        return self if rule is None else self.filter(rule).distinct()

    def coordinated_by(self, user) -> "NetworkQuerySet":
        rule = permissions.network_coordinate_rule(user)
        return self if rule is None else self.filter(rule)


class Network(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DISSOLVED = "dissolved", "Dissolved"

    region = models.CharField(max_length=64, choices=[(r, r) for r in REGIONS])
    name = models.CharField(max_length=200)
    purpose = models.TextField()
    theme = models.PositiveSmallIntegerField(choices=THEME_CHOICES, null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    members = models.ManyToManyField("authorities.LocalAuthority", related_name="networks")
    proposal_id = models.CharField(max_length=64, blank=True)  # the proposal it was accepted from
    dissolved_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[members], excluded_fields=["updated_at"])
    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["region", "status", "name"]
        constraints = [
            # Accepting the same proposal twice cannot make a second network.
            models.UniqueConstraint(
                fields=["proposal_id"], condition=~models.Q(proposal_id=""), name="one_network_per_proposal"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.region})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class NetworkInvitation(models.Model):
    """An LA asked to join a network: its editors join or decline, and a member may leave."""

    class Status(models.TextChoices):
        INVITED = "invited", "Not answered yet"
        JOINED = "joined", "Joined"
        DECLINED = "declined", "Declined"
        LEFT = "left", "Left"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.INVITED)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["la__name"]
        constraints = [models.UniqueConstraint(fields=["network", "la"], name="one_invitation_per_la")]

    def __str__(self):
        return f"{self.la} invited to {self.network.name}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.INVITED


class NetworkMeeting(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    notes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.network.name}, {self.held_on:%-d %B %Y}"


class SharedLearning(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="learning")
    la = models.ForeignKey(
        "authorities.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Learning shared in {self.network.name}"
