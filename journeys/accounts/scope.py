"""The one access-control mechanism: a queryset scope for everything an LA writes.

Pages, the API and exports all fetch private records through ``visible_to(user)`` and change
them only through ``editable_by(user)``, so a record outside the user's scope is simply not
found: another LA's private record answers 404, never 403 and never data.

Who sees what:
- the LA's own users see all its records, drafts included;
- a record shared for oversight is also seen by the coordinators of the LA's region and by
  national admins;
- a record shared with the sector is seen by every signed-in user;
- only the LA's own editors change its records.
"""

from django.db import models
from django.db.models import Q


class Visibility(models.TextChoices):
    PRIVATE = "private", "Only people in our local authority"
    OVERSIGHT = "oversight", "Also our regional coordinators and national admins"
    SECTOR = "sector", "Everyone who uses Journeys"


SHARED_FOR_OVERSIGHT = [Visibility.OVERSIGHT, Visibility.SECTOR]


class ScopedQuerySet(models.QuerySet):
    """Queryset for models with an ``la`` foreign key and a ``visibility`` field."""

    def visible_to(self, user) -> "ScopedQuerySet":
        if not user.is_authenticated:
            return self.none()
        rule = Q(visibility=Visibility.SECTOR)
        if user.la_id is not None:
            rule |= Q(la_id=user.la_id)
        if user.is_regional_coordinator:
            rule |= Q(la__region=user.region, visibility__in=SHARED_FOR_OVERSIGHT)
        if user.is_national_admin:
            rule |= Q(visibility__in=SHARED_FOR_OVERSIGHT)
        return self.filter(rule)

    def editable_by(self, user) -> "ScopedQuerySet":
        if not (user.is_authenticated and user.is_la_editor):
            return self.none()
        return self.filter(la_id=user.la_id)


class LaOwnedModel(models.Model):
    """Base for every record an LA writes: private to the LA until it shares it."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
