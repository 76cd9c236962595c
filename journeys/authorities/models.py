"""Local authorities: the register's records in the database, so other records can refer to them."""

from django.db import models
from django.utils.text import slugify

from .register import REGIONS


class LocalAuthority(models.Model):
    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        FORMER = "former", "Former"

    old_la_code = models.CharField("DfE LA code", max_length=3, unique=True)
    new_la_code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=100)
    region = models.CharField(max_length=64, choices=[(r, r) for r in REGIONS])
    region_code = models.CharField(max_length=9)
    type = models.CharField(max_length=40)
    ofsted_urn = models.CharField("Ofsted URN", max_length=10, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices)
    aliases = models.JSONField(default=list, blank=True)
    other_ecodes = models.JSONField("earlier ONS codes", default=list, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    successors = models.ManyToManyField("self", symmetrical=False, related_name="predecessors", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT


def region_slug(region: str) -> str:
    return slugify(region)


REGION_BY_SLUG = {region_slug(region): region for region in REGIONS}
