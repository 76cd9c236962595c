"""API for the priority register and for peers.

Priorities are read through the caller's scope: another LA's unshared priority answers 404
exactly as one that does not exist. Only the LA's own editors write.
"""

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from journeys.accounts.auth import SIGNED_IN, caller
from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get
from journeys.common.api import InputSchema

from . import services
from .models import Priority
from .peers import peers_as_dict, peers_find
from .selectors import priority_as_dict, priority_can_edit, priority_get, priority_list

router = Router(tags=["Improvement priorities"])

StatusId = Literal["planned", "in_progress", "embedded", "stopped"]
StageId = Literal["before_starting_line", "poor_to_fair", "fair_to_good", "good_to_great", ""]
VisibilityId = Literal["private", "oversight", "sector"]


class ProblemOut(Schema):
    detail: str
    problems: dict[str, list[str]] = {}
    version: int | None = None


class LaBrief(Schema):
    old_la_code: str
    name: str


class PriorityOut(Schema):
    id: int
    la: LaBrief
    title: str
    issue: str
    actions: str
    learning: str
    status: str
    started_on: date | None
    review_on: date | None
    stage: str | None
    visibility: str
    theme: int
    theme_title: str
    theme_confidence: float
    theme_method: str
    classified_theme: int
    theme_overridden: bool
    theme_overridden_at: str | None
    demonstration: bool
    version: int


class PriorityIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    issue: str = Field(..., min_length=1, max_length=5000)
    actions: str = Field("", max_length=10_000)
    learning: str = Field("", max_length=10_000)
    status: StatusId = "in_progress"
    started_on: date | None = None
    review_on: date | None = None
    stage: StageId = ""
    visibility: VisibilityId = "private"


class PriorityPatch(InputSchema):
    version: int = Field(..., description="The version you read; a stale one answers 409.")
    title: str | None = Field(None, min_length=1, max_length=200)
    issue: str | None = Field(None, min_length=1, max_length=5000)
    actions: str | None = Field(None, max_length=10_000)
    learning: str | None = Field(None, max_length=10_000)
    status: StatusId | None = None
    started_on: date | None = None
    review_on: date | None = None
    stage: StageId | None = None
    visibility: VisibilityId | None = None


class ThemeIn(InputSchema):
    version: int = Field(..., description="The version you read; a stale one answers 409.")
    theme: int = Field(..., ge=1, le=5)


class PeerPairOut(Schema):
    own_priority_id: int
    their_priority_id: int
    their_text: str
    similarity: float


class PeerOut(Schema):
    la_code: str
    name: str
    region: str
    score: float
    kinds: list[str]
    improvement_partner: bool
    best_similarity: float
    shared_themes: list[int]
    reasons: list[str]
    pairs: list[PeerPairOut]


class PeersLaOut(Schema):
    old_la_code: str
    name: str
    region: str


class OwnPriorityOut(Schema):
    id: int
    title: str
    theme: int


class PeersOut(Schema):
    la: PeersLaOut
    priority_id: int | None
    own_priorities: list[OwnPriorityOut]
    evidence: str
    notes: list[str]
    matches: list[PeerOut]


def _not_found(pk: int):
    return Status(404, {"detail": f"No priority {pk} that you can see."})


def _stale(stale: services.StaleVersion):
    return Status(409, {"detail": str(stale), "version": stale.current.version})


def _invalid(error: ValidationError):
    return Status(422, {"detail": "The priority is not valid.", "problems": error.message_dict})


@router.get(
    "", auth=SIGNED_IN, response={200: list[PriorityOut], 401: ProblemOut}, summary="Priorities you can see"
)
def list_priorities(request, la: str | None = None, theme: int | None = None):
    user = caller(request)
    authority = None
    if la:
        try:
            authority = authority_get(query=la)
        except LocalAuthority.DoesNotExist:
            return []
    return [priority_as_dict(p) for p in priority_list(user=user, la=authority, theme=theme)]


@router.post(
    "",
    auth=SIGNED_IN,
    response={401: ProblemOut, 201: PriorityOut, 403: ProblemOut, 422: ProblemOut},
    summary="Record a priority for your local authority (editors)",
)
def create_priority(request, payload: PriorityIn):
    user = caller(request)
    try:
        priority = services.priority_create(user=user, data=payload.dict())
    except services.NotEditable as denied:
        return Status(403, {"detail": str(denied)})
    except ValidationError as error:
        return _invalid(error)
    return Status(201, priority_as_dict(priority))


@router.get(
    "/{int:priority_id}",
    auth=SIGNED_IN,
    response={401: ProblemOut, 200: PriorityOut, 404: ProblemOut},
    summary="One priority you can see",
)
def get_priority(request, priority_id: int):
    try:
        return Status(200, priority_as_dict(priority_get(user=caller(request), pk=priority_id)))
    except Priority.DoesNotExist:
        return _not_found(priority_id)


def _editable(user, priority_id: int):
    try:
        priority = priority_get(user=user, pk=priority_id)
    except Priority.DoesNotExist:
        return None, _not_found(priority_id)
    if not priority_can_edit(user=user, priority=priority):
        return None, Status(403, {"detail": "You can read this priority but not change it."})
    return priority, None


WRITE_PROBLEMS = dict.fromkeys((401, 403, 404, 409, 422), ProblemOut)


@router.patch(
    "/{int:priority_id}",
    auth=SIGNED_IN,
    response={200: PriorityOut, **WRITE_PROBLEMS},
    summary="Change a priority (its LA's editors; send the version you read, a stale one answers 409)",
)
def update_priority(request, priority_id: int, payload: PriorityPatch):
    user = caller(request)
    priority, error = _editable(user, priority_id)
    if error:
        return error
    changes = payload.dict(exclude_unset=True)
    expected = changes.pop("version")
    for required in ("title", "issue", "status", "visibility"):
        if required in changes and changes[required] is None:
            return Status(
                422, {"detail": f"{required} cannot be empty.", "problems": {required: ["Required."]}}
            )
    for optional in ("stage", "actions", "learning"):  # null clears these, as an empty string does
        if optional in changes and changes[optional] is None:
            changes[optional] = ""
    try:
        updated = services.priority_update(
            user=user, priority=priority, data=changes, expected_version=expected
        )
    except services.StaleVersion as stale:
        return _stale(stale)
    except ValidationError as invalid:
        return _invalid(invalid)
    return Status(200, priority_as_dict(updated))


@router.put(
    "/{int:priority_id}/theme",
    auth=SIGNED_IN,
    response={200: PriorityOut, **WRITE_PROBLEMS},
    summary="Override the suggested theme; the override is kept and audited (send the version you read)",
)
def override_theme(request, priority_id: int, payload: ThemeIn):
    user = caller(request)
    priority, error = _editable(user, priority_id)
    if error:
        return error
    try:
        updated = services.priority_theme_override(
            user=user, priority=priority, theme=payload.theme, expected_version=payload.version
        )
    except services.StaleVersion as stale:
        return _stale(stale)
    return Status(200, priority_as_dict(updated))


@router.get(
    "/peers/{code}",
    auth=SIGNED_IN,
    response={401: ProblemOut, 200: PeersOut, 404: ProblemOut},
    summary="Peers of a local authority, from the priorities you can see",
)
def la_peers(request, code: str, priority: int | None = None):
    user = caller(request)
    try:
        authority = authority_get(query=code)
    except LocalAuthority.DoesNotExist:
        return Status(404, {"detail": f"No local authority matches {code!r}."})
    chosen = None
    if priority is not None:
        try:
            chosen = priority_get(user=user, pk=priority)
        except Priority.DoesNotExist:
            return _not_found(priority)
        if chosen.la_id != authority.pk:
            return _not_found(priority)
    return Status(200, peers_as_dict(peers_find(authority=authority, user=user, priority=chosen)))
