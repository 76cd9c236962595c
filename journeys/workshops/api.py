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


class SeriesBriefOut(Schema):
    slug: str
    title: str
    period: str
    workshops: list[str] = Field(description="Where each workshop was held")


class SeriesOut(Schema):
    slug: str
    title: str
    period: str
    commissioned_by: str
    facilitated_by: str
    source: str
    date_note: str
    purposes: list[str]


class WorkshopBriefOut(Schema):
    slug: str
    place: str
    when: str


class WorkshopOut(WorkshopBriefOut):
    venue: str
    region: str | None
    hosts: str
    invited: list[str]


class SuccessorOut(Schema):
    old_la_code: str
    name: str


class AreaOut(Schema):
    printed_name: str = Field(description="The area as the source names it")
    old_la_code: str
    name: str
    status: str
    successors: list[SuccessorOut]


class SharedOut(Schema):
    area: str
    priority: str
    issue: str
    learning: str
    support_experience: str
    workshop: str | None


class ThemeOut(Schema):
    number: int
    title: str
    printed_title: str
    local_areas: list[str]
    areas: list[AreaOut]
    example_priority: str | None
    example_learning: str | None
    shared: list[SharedOut]


class SummaryOut(Schema):
    series: SeriesOut
    workshop: WorkshopBriefOut | None
    workshops: list[WorkshopOut]
    themes: list[ThemeOut]
    former_las: list[str]
    support_lessons: list[str]
    support_experiences: list[str]
    attendance_note: str


class ContributionOut(Schema):
    id: int
    series: str
    workshop: str
    la: str
    theme: int


@router.get("", response=list[SeriesBriefOut], summary="Workshop series")
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


@router.get(
    "/{slug}/summary",
    response={200: SummaryOut, 404: ProblemOut, 410: ProblemOut},
    summary="A series' summary report",
    description="410 Gone, saying when, once the report has been withdrawn.",
)
def series_summary(request, slug: str):
    try:
        series = series_get(slug=slug)
    except WorkshopSeries.DoesNotExist:
        return Status(404, {"detail": f"No workshop series {slug!r}."})
    if series.report_withdrawn:
        when = f"{series.report_withdrawn_at:%-d %B %Y}"
        return Status(410, {"detail": f"The summary report of {slug!r} was withdrawn on {when}."})
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
    response={201: ContributionOut, 401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
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
