"""The priority register: what each LA is working on to improve, themed like the 2016 workshops."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from journeys.accounts.scope import LaOwnedModel
from journeys.evidence.presentation import STAGES

from .themes import THEME_NUMBERS, load_themes

THEME_CHOICES = [(theme.number, f"{theme.number}. {theme.title}") for theme in load_themes()]

# The stages of the improvement journey, by the ids the framework and placement use.
STAGE_CHOICES = list(STAGES.items())


class Priority(LaOwnedModel):
    """One improvement priority of one LA.

    ``theme`` is the theme in force. The classifier's own answer is kept in ``classified_theme``
    and ``theme_confidence``; when a person overrides the theme, ``theme_overridden_by``/``_at``
    are set and later edits of the text update only the classifier's answer, never the override.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        EMBEDDED = "embedded", "Achieved and embedded"
        STOPPED = "stopped", "Stopped"

    title = models.CharField(max_length=200)
    issue = models.TextField("issue it addresses")
    actions = models.TextField(blank=True)
    learning = models.TextField("learning so far", blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    started_on = models.DateField(null=True, blank=True)
    review_on = models.DateField("review date", null=True, blank=True)
    stage = models.CharField("stage of the journey", max_length=32, choices=STAGE_CHOICES, blank=True)

    theme = models.PositiveSmallIntegerField(choices=THEME_CHOICES)
    classified_theme = models.PositiveSmallIntegerField(choices=THEME_CHOICES)
    theme_confidence = models.FloatField()
    theme_method = models.CharField(
        max_length=16, choices=[("embedding", "Sentence embeddings"), ("tfidf", "TF-IDF")]
    )
    theme_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    theme_overridden_at = models.DateTimeField(null=True, blank=True)
    # Every save adds one; a save made from a stale page or API read is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)

    # The statement's MiniLM sentence vector (float32 bytes), written by the services, so peer
    # matching and networks need not encode every statement on every request. The key says what it
    # was computed from (encoder.vector_key): once the statement changes, it no longer matches and
    # the vector is not used.
    statement_vector = models.BinaryField(null=True, blank=True, editable=False)
    statement_vector_key = models.CharField(max_length=64, blank=True, default="", editable=False)

    # Demonstration priorities are written by Journeys, never by the LA, and say so on every page.
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["la__name", "-created_at", "-pk"]
        verbose_name_plural = "priorities"
        constraints = [
            models.CheckConstraint(name="priority_theme_1_to_5", condition=models.Q(theme__in=THEME_NUMBERS)),
        ]

    def __str__(self):
        # No title here: the audit log stores this name for every reader, and a private title is
        # the LA's alone. ``audit_name`` is shown instead to a reader who may see the priority.
        return f"Priority {self.pk} of {self.la}"

    @property
    def audit_name(self) -> str:
        """What people call the priority: its title."""
        return self.title.strip()

    def clean(self):
        super().clean()
        if self.started_on and self.review_on and self.review_on < self.started_on:
            raise ValidationError({"review_on": "Review date must be the same as or after the start date"})

    @property
    def statement(self) -> str:
        """The text the classifier and peer matching read: the title and the issue it addresses."""
        issue = self.issue.strip()
        return f"{self.title.strip()}. {issue}" if issue else self.title.strip()

    @property
    def theme_is_overridden(self) -> bool:
        return self.theme_overridden_at is not None


class StoredThemeClassifier(models.Model):
    """The theme classifier's weights, trained once by ``journeys setup`` and loaded by every app
    server, so no request waits for training. ``digest`` (classifier.training_digest) names the
    examples, encoder and settings it was trained from; a model for other ones is never used."""

    digest = models.CharField(max_length=64, unique=True)
    method = models.CharField(max_length=16)
    weights = models.BinaryField()  # classifier.LinearThemeModel.to_bytes()
    examples = models.PositiveIntegerField()
    trained_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Theme classifier {self.digest[:12]} ({self.method}, {self.examples} examples)"
