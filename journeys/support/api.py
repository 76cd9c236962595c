"""API for external support: the catalogue, an LA's recommendations and its engagements."""

from ninja import Router, Schema, Status

from journeys.accounts.auth import SIGNED_IN, caller
from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get

from .selectors import catalogue, engagement_as_dict, engagement_list, support_advice, support_advice_as_dict

router = Router(tags=["External support"])


class ProblemOut(Schema):
    detail: str


@router.get("/forms", response=list[dict], summary="The catalogue of forms of external support")
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
    response={401: ProblemOut, 200: dict, 404: ProblemOut},
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
    response={200: list[dict], 401: ProblemOut},
    summary="Support engagements you can see",
)
def engagements(request):
    return [engagement_as_dict(e) for e in engagement_list(user=caller(request))]
