"""The audit log in words: who did what to which record, as a sentence a person can read.

A record is named by what people call it (a priority's title) only to a reader who may see that
record now; everyone else, and every reader of a record since deleted, sees the neutral name the
log stored ("Priority 12 of Birmingham"), which holds no LA's private words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist

from . import permissions

# Bookkeeping that changes with every save and says nothing to a reader.
_UNTOLD_FIELDS = {"id", "version", "updated_at", "created_at", "theme_overridden_at", "last_login"}
_ROLE_WORDS = {
    "la_editor": "editor",
    "la_viewer": "viewer",
    "elected_member": "elected member",
}


def actor_words(entry: LogEntry) -> str:
    """'Birmingham's editor (editor@…)', 'the West Midlands coordinator (…)' or 'Journeys'."""
    actor = entry.actor
    if actor is None:
        return "Journeys (the command line or an import)"
    if actor.la_id and actor.role in _ROLE_WORDS:
        who = f"{actor.la.name}'s {_ROLE_WORDS[actor.role]}"
    elif actor.role == "regional_coordinator":
        who = f"the {actor.region} coordinator"
    elif actor.role == "national_admin":
        who = "a national admin"
    else:
        who = "someone"
    return f"{who} ({actor.email})"


def _value_words(field, value) -> str:
    if value in (None, "", "None"):
        return "nothing"
    if field.get_internal_type() in ("DateField", "DateTimeField"):
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        shown = "%-d %B %Y" if field.get_internal_type() == "DateField" else "%-d %B %Y %H:%M"
        return moment.strftime(shown)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and not isinstance(next(iter(choices)), int):
        return str(choices.get(value, value))
    return str(value)


def _change_words(model, name: str, before, after) -> tuple[str, str] | None:
    """(what, 'from … to …') for one changed field, or None for what a reader need not see."""
    if name in _UNTOLD_FIELDS:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.is_relation and name.endswith("_by"):
        return None  # who did it is the entry's actor
    return str(field.verbose_name), f"from {_value_words(field, before)} to {_value_words(field, after)}"


def audit_record_names(entries: Iterable[LogEntry], *, viewer) -> dict[int, str]:
    """Entry id -> what people call its record, for the records ``viewer`` may read (a few
    queries, however many entries); entries missing here keep their neutral name."""
    entries = list(entries)
    wanted: dict[type, set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        if model is not None and hasattr(model, "audit_name"):
            wanted[model].add(entry.object_pk)
    names = {
        (model, str(record.pk)): record.audit_name
        for model, pks in wanted.items()
        for record in permissions.readable_among(viewer, model, pks)
        if record.audit_name
    }
    return {
        entry.pk: names[key]
        for entry in entries
        if (key := (entry.content_type.model_class(), entry.object_pk)) in names
    }


def audit_sentence(entry: LogEntry, *, name: str | None = None) -> str:
    """One entry as a sentence, e.g. "Birmingham's editor (…) changed the theme of 'Recruit
    experienced social workers' from 1 to 3" when ``name`` (from ``audit_record_names``) is
    given, or "… of Priority 12 of Birmingham …" when it is not."""
    model = entry.content_type.model_class()
    kind = str(model._meta.verbose_name) if model else entry.content_type.name
    named = entry.object_repr
    if name:
        record = f"'{name}'"
    else:
        record = named if named.lower().startswith(kind.lower()) else f"the {kind} {named}"
    who = actor_words(entry)
    who = who[0].upper() + who[1:]
    if entry.action == LogEntry.Action.CREATE:
        return f"{who} created {record}"
    if entry.action == LogEntry.Action.DELETE:
        return f"{who} deleted {record}"
    if entry.action != LogEntry.Action.UPDATE:
        return f"{who} {entry.get_action_display().lower()} {record}"
    changes = [
        words
        for name, (before, after) in (entry.changes_dict or {}).items()
        if model and (words := _change_words(model, name, before, after)) is not None
    ]
    if not changes:
        return f"{who} saved {record} without a change to what the log shows"
    if len(changes) == 1:
        ((what, fromto),) = changes
        return f"{who} changed the {what} of {record} {fromto}"
    return f"{who} changed {record}: " + "; ".join(f"the {what} {fromto}" for what, fromto in changes)
