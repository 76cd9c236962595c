"""The commentary an LA's editors write for its members' briefing.

Every save is a new version (nothing is overwritten, so the history shows who said what when).
A version stays private to the LA until one of its editors shares it; the briefing then carries
the latest shared version, which anyone who downloads the briefing reads. The rules are in
accounts/permissions.py (``commentary_rule``).
"""

from django.conf import settings
from django.db import models

from journeys.accounts import permissions


class BriefingCommentaryQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BriefingCommentaryQuerySet":
        return self.filter(permissions.commentary_rule(user))


class BriefingCommentary(models.Model):
    """One saved version of an LA's commentary for its members' briefing."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    text = models.TextField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = BriefingCommentaryQuerySet.as_manager()

    class Meta:
        ordering = ["la", "-version"]
        verbose_name_plural = "briefing commentaries"
        constraints = [
            models.UniqueConstraint(fields=["la", "version"], name="one_commentary_version_number_per_la")
        ]

    def __str__(self):
        return f"{self.la}: briefing commentary, version {self.version}"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    def get_additional_data(self) -> dict:
        # Stored with each audit log entry, so the log can be read by LA.
        return {"la_id": self.la_id}
