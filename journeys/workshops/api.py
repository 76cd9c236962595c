"""API for workshops: series and their summary reports (public, like the summaries themselves)."""

from ninja import Router, Schema, Status

from .models import WorkshopSeries
from .report import summary_content, summary_json
from .selectors import series_get, series_list

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
