"""Published versions of the improvement framework. A published version never changes."""

from django.core.exceptions import ValidationError
from django.db import models


class FrameworkVersion(models.Model):
    framework_id = models.CharField(max_length=50)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)
    published_on = models.DateField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["framework_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework_id", "version"], name="one_record_per_framework_version"
            )
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    def save(self, *args, **kwargs):
        # Self-evaluations are made against a version, so it must never change once published.
        if self.pk is not None:
            raise ValidationError("A published framework version cannot be changed; publish a new version.")
        super().save(*args, **kwargs)
