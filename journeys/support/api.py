"""API for external support: the catalogue, an LA's recommendations and its engagements, whose
outcomes its editors record."""

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from journeys.accounts import permissions
from journeys.accounts.auth import SIGNED_IN, caller
from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get
from journeys.common.api import InputSchema

from . import services
from .selectors import catalogue, engagement_as_dict, engagement_list, support_advice, support_advice_as_dict

router = Router(tags=["External support"])


class ProblemOut(Schema):
    detail: str
    problems: dict[str, list[str]] = {}


class SupportFormOut(Schema):
    id: str
    name: str
    purpose: str
    ingredients: list[str]
    works_best: list[str]
    avoid_when: list[str]


class AuthorityBriefOut(Schema):
    old_la_code: str
    name: str


class SupportContextOut(Schema):
    stage: str
    stage_name: str
    grip: str | None
    capacity: str | None
    themes: list[int]
    months_since_inspection: float | None
    months_to_next_inspection: float | None
    slipping: Literal["cannot_come_out_worse", "often", "sometimes", "seldom"] | None = Field(
        description="How often past LAs like this one came out worse at their next inspection "
        "(often: 3 in 10 or more; sometimes: 1–2 in 10; seldom: fewer), or that it cannot, being "
        "judged inadequate; null without a judged inspection"
    )


class ProviderOut(Schema):
    id: str
    name: str
    how_to_ask: str
    search_for: str = Field(description="What to search for to find the provider's own pages")


class RecommendationOut(Schema):
    form_id: str
    name: str
    score: int
    because: str = Field(description="One sentence: the LA's facts that make this form fit")
    rationale: list[str]
    cautions: list[str]
    rule_ids: list[str]
    providers: list[ProviderOut] = Field(description="Who provides it in the LA's region, and how to ask")


class AdviceOut(Schema):
    la: AuthorityBriefOut
    context: SupportContextOut
    facts: list[str]
    providers_source: str
    recommendations: list[RecommendationOut]


EngagementStatus = Literal["planned", "in_progress", "finished"]


class EngagementOut(Schema):
    id: int
    la: str
    form: str
    form_name: str
    provider: str
    brokered_by: str
    started_on: str | None = Field(description="ISO date")
    ended_on: str | None = Field(description="ISO date")
    status: EngagementStatus
    outcome: str = Field(description="The outcome summary")
    helped: bool | None = Field(description="Whether it helped; null while not known")
    outcome_on: str | None = Field(description="ISO date of the outcome")
    visibility: str


class EngagementOutcomeIn(InputSchema):
    status: EngagementStatus
    outcome: str = Field("", max_length=10_000, description="The outcome summary")
    helped: bool | None = Field(None, description="Whether it helped; null while not known")
    outcome_on: date | None = None


@router.get("/forms", response=list[SupportFormOut], summary="The catalogue of forms of external support")
def list_forms(request):
    return [
        {
            "id": f.id,
            "name": f.name,
            "purpose": f.purpose,
            "ingredients": list(f.ingredients),
            "works_best": list(f.works_best),
            "avoid_when": list(f.avoid_when),
        }
        for f in catalogue()
    ]


@router.get(
    "/recommendations/{code}",
    auth=SIGNED_IN,
    response={401: ProblemOut, 200: AdviceOut, 404: ProblemOut},
    summary="Recommended support for a local authority, with rationale",
)
def recommendations(request, code: str):
    try:
        authority = authority_get(query=code)
    except LocalAuthority.DoesNotExist:
        return Status(404, {"detail": f"No local authority matches {code!r}."})
    return Status(200, support_advice_as_dict(support_advice(la=authority, user=caller(request))))


@router.get(
    "/engagements",
    auth=SIGNED_IN,
    response={200: list[EngagementOut], 401: ProblemOut},
    summary="Support engagements you can see",
)
def engagements(request):
    return [engagement_as_dict(e) for e in engagement_list(user=caller(request))]


def _own_engagement(user, engagement_id: int):
    """(engagement, None) for the caller's own LA's editors; else (None, the refusal): another
    LA's engagement is not found, even when shared, and their own LA's other users are refused."""
    engagement = engagement_list(user=user).filter(pk=engagement_id, la_id=user.la_id).first()
    if engagement is None:
        return None, Status(404, {"detail": f"No support engagement {engagement_id} of your LA."})
    if not permissions.can_edit_la(user, engagement.la):
        return None, Status(403, {"detail": "Only your LA's editors change its support engagements."})
    return engagement, None


@router.get(
    "/engagements/{int:engagement_id}",
    auth=SIGNED_IN,
    response={200: EngagementOut, 401: ProblemOut, 404: ProblemOut},
    summary="One support engagement you can see",
)
def get_engagement(request, engagement_id: int):
    engagement = engagement_list(user=caller(request)).filter(pk=engagement_id).first()
    if engagement is None:
        return Status(404, {"detail": f"No support engagement {engagement_id} you can see."})
    return Status(200, engagement_as_dict(engagement))


@router.put(
    "/engagements/{int:engagement_id}/outcome",
    auth=SIGNED_IN,
    response={200: EngagementOut, **dict.fromkeys((401, 403, 404, 422), ProblemOut)},
    summary="Record where an engagement stands and what came of it (its LA's editors; audited)",
)
def update_engagement_outcome(request, engagement_id: int, payload: EngagementOutcomeIn):
    engagement, refusal = _own_engagement(caller(request), engagement_id)
    if refusal:
        return refusal
    try:
        updated = services.engagement_outcome_update(
            user=caller(request), engagement=engagement, data=payload.dict()
        )
    except ValidationError as error:
        return Status(422, {"detail": "The outcome is not valid.", "problems": error.message_dict})
    except services.NotEditable as denied:
        return Status(403, {"detail": str(denied)})
    return Status(200, engagement_as_dict(updated))
