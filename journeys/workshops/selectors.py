"""Reads for workshops. Workshop series, their summaries and contributions are open to all:
sharing priorities and learning with peers is what a workshop is for."""

from django.db.models import QuerySet

from .models import Workshop, WorkshopSeries


def series_list() -> QuerySet[WorkshopSeries]:
    return WorkshopSeries.objects.prefetch_related("workshops")


def series_get(*, slug: str) -> WorkshopSeries:
    return WorkshopSeries.objects.get(slug=slug)


def workshop_get(*, series: WorkshopSeries, slug: str) -> Workshop:
    return series.workshops.prefetch_related("invited").get(slug=slug)
