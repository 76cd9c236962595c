"""API for external support: the catalogue, an LA's recommendations and its engagements."""

from ninja import Field, Router, Schema, Status

from journeys.accounts.auth import SIGNED_IN, caller
from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get

from .selectors import catalogue, engagement_as_dict, engagement_list, support_advice, support_advice_as_dict

router = Router(tags=["External support"])


class ProblemOut(Schema):
    detail: str


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


class RecommendationOut(Schema):
    form_id: str
    name: str
    score: int
    rationale: list[str]
    cautions: list[str]
    rule_ids: list[str]


class AdviceOut(Schema):
    la: AuthorityBriefOut
    context: SupportContextOut
    facts: list[str]
    recommendations: list[RecommendationOut]


class EngagementOut(Schema):
    id: int
    la: str
    form: str
    form_name: str
    provider: str
    brokered_by: str
    started_on: str | None = Field(description="ISO date")
    ended_on: str | None = Field(description="ISO date")
    outcome: str
    visibility: str


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
