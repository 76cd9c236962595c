"""API for workshops: series and their summary reports (public, like the summaries themselves),
and recording what an LA taking part shared."""

from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Router, Schema, Status

from journeys.accounts.auth import SIGNED_IN, caller
from journeys.authorities.models import LocalAuthority
from journeys.authorities.selectors import authority_get
from journeys.common.api import InputSchema

from . import services
from .models import Workshop, WorkshopSeries
from .report import summary_content, summary_json
from .selectors import series_get, series_list, workshop_get

router = Router(tags=["Workshops"])


class ProblemOut(Schema):
    detail: str


@router.get("", response=list[dict], summary="Workshop series")
def list_series(request):
    return [
        {
            "slug": s.slug,
            "title": s.title,
            "period": s.period,
            "workshops": [w.place for w in s.workshops.all()],
        }
        for s in series_list()
    ]


@router.get("/{slug}/summary", response={200: dict, 404: ProblemOut}, summary="A series' summary report")
def series_summary(request, slug: str):
    try:
        series = series_get(slug=slug)
    except WorkshopSeries.DoesNotExist:
        return Status(404, {"detail": f"No workshop series {slug!r}."})
    return Status(200, summary_json(summary_content(series=series)))


class ContributionIn(InputSchema):
    la: str = Field(..., min_length=1, max_length=100, description="The LA's code or name")
    theme: int = Field(..., ge=1, le=5)
    priority: str = Field(..., min_length=1, max_length=2000)
    issue: str = Field("", max_length=5000)
    learning: str = Field("", max_length=5000)
    support_experience: str = Field("", max_length=5000)
    audience: Literal["attendees", "region", "sector", "public"] = Field(
        "public", description="Who may read it once published"
    )
    publish: bool = Field(True, description="False keeps it a draft")


@router.post(
    "/{slug}/{workshop}/contributions",
    auth=SIGNED_IN,
    response={201: dict, 401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    summary="Record what an LA taking part shared at a workshop (its editors, the region's coordinators)",
)
def contribution_add(request, slug: str, workshop: str, payload: ContributionIn):
    try:
        record = workshop_get(series=series_get(slug=slug), slug=workshop)
    except (WorkshopSeries.DoesNotExist, Workshop.DoesNotExist):
        return Status(404, {"detail": f"No workshop {workshop!r} in series {slug!r}."})
    try:
        la = authority_get(query=payload.la)
    except LocalAuthority.DoesNotExist:
        return Status(422, {"detail": f"la: no local authority matches {payload.la!r}."})
    try:
        contribution = services.contribution_add(
            user=caller(request), workshop=record, la=la, data=payload.dict(exclude={"la"})
        )
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied)})
    except ValidationError as invalid:
        return Status(422, {"detail": "; ".join(invalid.messages)})
    return Status(
        201,
        {
            "id": contribution.pk,
            "series": slug,
            "workshop": workshop,
            "la": la.old_la_code,
            "theme": contribution.theme,
            "status": contribution.status,
            "audience": contribution.audience,
        },
    )
