"""Writes for the commentary an LA's editors add to its members' briefing.

Each save of the commentary is a new version; sharing one publishes it in the briefing. Both
are in the audit log (who and when, not the text).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from journeys.accounts import permissions
from journeys.authorities.models import LocalAuthority

from .models import BriefingCommentary

DEMO_COMMENTARY = (
    (
        "Agency social work is down by a third since 2022, and every team now has a permanent manager.\n\n"
        "We ask members to keep the vacancy rate under review: it is still above our neighbours'."
    ),
    (
        "Agency social work is down by a third since 2022, and every team now has a permanent manager.\n\n"
        "We ask members to keep the vacancy rate under review, and to visit a front-line team this year."
    ),
)
COMMENTARY_MAX_CHARACTERS = 2000  # about 300 words: a briefing of 2 to 4 pages has room for that


class StaleCommentary(Exception):
    """Someone saved a newer version since the one the editor started from."""


@transaction.atomic
def commentary_save(*, user, la: LocalAuthority, text: str, based_on: int) -> BriefingCommentary:
    """Save the text as the LA's next version. ``based_on`` is the version the editor loaded
    (0 for none): a newer one saved meanwhile is refused rather than silently replaced."""
    if not permissions.can_write_commentary(user, la):
        raise PermissionDenied("only the LA's editors write its briefing commentary")
    LocalAuthority.objects.select_for_update().filter(pk=la.pk).first()  # one save at a time per LA
    latest = BriefingCommentary.objects.filter(la=la).aggregate(latest=Max("version"))["latest"] or 0
    if latest != based_on:
        raise StaleCommentary
    return BriefingCommentary.objects.create(la=la, version=latest + 1, text=text, saved_by=user)


@transaction.atomic
def commentary_share(*, user, la: LocalAuthority, version: int) -> BriefingCommentary:
    """Share a version in the briefing; only the newest version is shared, so what the editor
    read is what everyone reads."""
    if not permissions.can_write_commentary(user, la):
        raise PermissionDenied("only the LA's editors share its briefing commentary")
    latest = BriefingCommentary.objects.select_for_update().filter(la=la).order_by("-version").first()
    if latest is None or latest.version != version:
        raise StaleCommentary
    if not latest.is_shared:
        latest.shared_at = timezone.now()
        latest.shared_by = user
        latest.save(update_fields=["shared_at", "shared_by"])
    return latest


def commentary_demo_load() -> str:
    """Birmingham's demonstration commentary: a shared version and a newer draft, written by its
    demonstration editor; running it again adds nothing."""
    from django.contrib.auth import get_user_model

    from journeys.improvement.services import DEMO_EDITOR

    editor = get_user_model().objects.filter(email=DEMO_EDITOR).first()
    if editor is None:
        return "skipped: no demonstration editor"
    if BriefingCommentary.objects.filter(la_id=editor.la_id).exists():
        return "already loaded"
    shared, draft = DEMO_COMMENTARY
    first = commentary_save(user=editor, la=editor.la, text=shared, based_on=0)
    commentary_share(user=editor, la=editor.la, version=first.version)
    commentary_save(user=editor, la=editor.la, text=draft, based_on=first.version)
    return "a shared version and a draft"
