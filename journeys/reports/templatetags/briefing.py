"""Template helpers for briefings."""

from django import template

register = template.Library()


@register.filter
def get_item(row: dict, key: str):
    value = row.get(key)
    return "" if value is None else value
