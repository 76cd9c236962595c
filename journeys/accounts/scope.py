"""The model side of access control: the base of every record an LA writes, and its queryset.

Pages, the API and exports fetch private records through ``visible_to(user)`` and change them
only through ``editable_by(user)``; the rules themselves are in ``permissions.py``.
"""

from typing import ClassVar

from django.db import models

from . import permissions
from .permissions import Visibility


class ScopedQuerySet(models.QuerySet):
    """Queryset for models with an ``la`` foreign key and a ``visibility`` field."""

    def visible_to(self, user) -> "ScopedQuerySet":
        return self.filter(permissions.record_rule(user, draft_status=self.model.draft_status))

    def editable_by(self, user) -> "ScopedQuerySet":
        return self.filter(permissions.record_edit_rule(user))


class LaOwnedModel(models.Model):
    """Base for every record an LA writes: private to the LA until it shares it."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE)

    # The ``status`` of a draft, for records whose drafts only the LA's editors and viewers read.
    draft_status: ClassVar[str | None] = None

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        # Stored with each audit log entry, so the log can be read by LA even after a deletion.
        return {"la_id": self.la_id}
