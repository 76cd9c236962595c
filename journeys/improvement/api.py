"""API for self-evaluations and an LA's place on the improvement journey.

Self-evaluations are read through the caller's scope: another LA's draft answers 404 exactly
as a record that does not exist.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema, Status

from journeys.accounts.auth import SIGNED_IN, caller
from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get
from journeys.common.api import InputSchema

from .insights import la_journey
from .journey import Journey
from .models import SelfEvaluation
from .selectors import self_evaluation_can_edit, self_evaluation_get, self_evaluation_problems
from .services import (
    DraftExists,
    InvalidChanges,
    NotEditable,
    StaleVersion,
    self_evaluation_create,
    self_evaluation_submit,
    self_evaluation_update,
)

router = Router(tags=["Self-evaluations"])


class ProblemOut(Schema):
    detail: str
    problems: list[str] = []
    id: int | None = None
    version: int | None = None


class SelfEvaluationOut(Schema):
    id: int
    la: str
    la_name: str
    framework_id: str
    framework_version: int
    status: str
    visibility: str
    version: int
    ratings: dict[str, str]
    notes: dict[str, str]
    indicator_links: dict[str, list[str]]
    answers: dict[str, str]
    self_placed_stage: str | None
    findings_accepted: bool | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    withdrawn_at: datetime | None = Field(
        description="When its LA withdrew it; a withdrawn one no longer counts as the LA's latest"
    )
    withdrawal_reason: str
    can_edit: bool
    still_to_do: list[str]


class CreateIn(InputSchema):
    based_on: int | None = None


class UpdateIn(InputSchema):
    version: int
    ratings: dict[str, str | None] | None = None
    notes: dict[str, str] | None = None
    indicator_links: dict[str, list[str]] | None = None
    answers: dict[str, str] | None = None
    self_placed_stage: str | None = None
    findings_accepted: bool | None = None


class SubmitIn(InputSchema):
    version: int | None = None
    share_with_sector: bool = False


def _out(evaluation: SelfEvaluation, user) -> dict:
    return {
        "id": evaluation.pk,
        "la": evaluation.la.old_la_code,
        "la_name": evaluation.la.name,
        "framework_id": evaluation.framework_version.framework_id,
        "framework_version": evaluation.framework_version.version,
        "status": evaluation.status,
        "visibility": evaluation.visibility,
        "version": evaluation.version,
        "ratings": evaluation.ratings,
        "notes": evaluation.notes,
        "indicator_links": evaluation.indicator_links,
        "answers": evaluation.answers,
        "self_placed_stage": evaluation.self_placed_stage or None,
        "findings_accepted": evaluation.findings_accepted,
        "created_at": evaluation.created_at,
        "updated_at": evaluation.updated_at,
        "submitted_at": evaluation.submitted_at,
        "withdrawn_at": evaluation.withdrawn_at,
        "withdrawal_reason": evaluation.withdrawal_reason,
        "can_edit": self_evaluation_can_edit(user=user, evaluation=evaluation),
        "still_to_do": self_evaluation_problems(evaluation) if evaluation.is_draft else [],
    }


def _not_found(pk: int):
    return Status(404, {"detail": f"No self-evaluation {pk} that you can see."})


# What a write to a self-evaluation can answer besides success, each with a readable detail.
WRITE_PROBLEMS = dict.fromkeys((401, 403, 404, 409, 422), ProblemOut)


@router.post(
    "",
    auth=SIGNED_IN,
    response={201: SelfEvaluationOut, **WRITE_PROBLEMS},
    summary="Start a draft self-evaluation for your local authority",
)
def create_self_evaluation(request, payload: CreateIn | None = None):
    user = caller(request)
    based_on = None
    if payload is not None and payload.based_on is not None:
        try:
            based_on = self_evaluation_get(user=user, pk=payload.based_on)
        except SelfEvaluation.DoesNotExist:
            return _not_found(payload.based_on)
    try:
        draft = self_evaluation_create(user=user, based_on=based_on)
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied)})
    except DraftExists as exists:
        return Status(409, {"detail": str(exists), "id": exists.draft.pk, "version": exists.draft.version})
    return Status(201, _out(draft, user))


@router.get(
    "/{int:evaluation_id}",
    auth=SIGNED_IN,
    response={200: SelfEvaluationOut, 401: ProblemOut, 404: ProblemOut},
    summary="One self-evaluation you can see",
)
def get_self_evaluation(request, evaluation_id: int):
    user = caller(request)
    try:
        return Status(200, _out(self_evaluation_get(user=user, pk=evaluation_id), user))
    except SelfEvaluation.DoesNotExist:
        return _not_found(evaluation_id)


def _editable_or_error(user, evaluation_id: int):
    """The record if the caller may see it; a 404 if not, a 403 if they may only read it."""
    try:
        evaluation = self_evaluation_get(user=user, pk=evaluation_id)
    except SelfEvaluation.DoesNotExist:
        return None, _not_found(evaluation_id)
    if not SelfEvaluation.objects.editable_by(user).filter(pk=evaluation.pk).exists():
        return None, Status(403, {"detail": "You can read this self-evaluation but not change it."})
    return evaluation, None


@router.put(
    "/{int:evaluation_id}",
    auth=SIGNED_IN,
    response={200: SelfEvaluationOut, **WRITE_PROBLEMS},
    summary="Save changes to a draft (send the version you loaded; a stale one answers 409)",
)
def update_self_evaluation(request, evaluation_id: int, payload: UpdateIn):
    user = caller(request)
    evaluation, error = _editable_or_error(user, evaluation_id)
    if error:
        return error
    changes = payload.dict(exclude_unset=True)
    expected = changes.pop("version")
    try:
        updated = self_evaluation_update(
            evaluation_id=evaluation.pk, user=user, expected_version=expected, changes=changes
        )
    except StaleVersion as stale:
        return Status(409, {"detail": str(stale), "id": evaluation.pk, "version": stale.current.version})
    except NotEditable as frozen:
        return Status(409, {"detail": str(frozen), "id": evaluation.pk})
    except InvalidChanges as invalid:
        return Status(422, {"detail": "Some changes do not fit the framework.", "problems": invalid.problems})
    return Status(200, _out(updated, user))


@router.post(
    "/{int:evaluation_id}/submit",
    auth=SIGNED_IN,
    response={200: SelfEvaluationOut, **WRITE_PROBLEMS},
    summary="Submit a complete draft: it is frozen and shared for oversight",
)
def submit_self_evaluation(request, evaluation_id: int, payload: SubmitIn | None = None):
    user = caller(request)
    evaluation, error = _editable_or_error(user, evaluation_id)
    if error:
        return error
    payload = payload or SubmitIn()
    try:
        submitted = self_evaluation_submit(
            evaluation_id=evaluation.pk,
            user=user,
            expected_version=payload.version,
            share_with_sector=payload.share_with_sector,
        )
    except StaleVersion as stale:
        return Status(409, {"detail": str(stale), "id": evaluation.pk, "version": stale.current.version})
    except NotEditable as frozen:
        return Status(409, {"detail": str(frozen), "id": evaluation.pk})
    except InvalidChanges as invalid:
        return Status(422, {"detail": "The self-evaluation is not complete.", "problems": invalid.problems})
    return Status(200, _out(submitted, user))


journey_router = Router(tags=["Improvement journey"])


@journey_router.get(
    "/{code}/journey",
    response={200: Journey, 404: ProblemOut},
    summary="Where an LA is on the improvement journey, and why",
    description=(
        "From published evidence for everyone; the LA's latest submitted self-evaluation joins in "
        "(self-view gap, self-evaluation markers, enabler profile by stage) only for callers who may "
        "see it. Below Good the next step is the improvement window; at Good or better, the risk of "
        "slipping back. The timeline covers every judged inspection, predecessor LAs included."
    ),
)
def get_journey(request, code: str):
    try:
        la = authority_get(query=code)
    except LocalAuthority.DoesNotExist:
        return Status(404, {"detail": f"No local authority matches {code!r}."})
    return Status(200, la_journey(la, user=caller(request)))
