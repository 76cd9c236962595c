"""The members' briefing for one LA, downloaded as tagged PDF or Word."""

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from journeys.authorities.pages import authority_or_404

from .services import BRIEFING_FORMATS, briefing_render


@require_safe
def briefing_view(request, code: str, format: str):
    if format not in BRIEFING_FORMATS:
        raise Http404("No such format")
    la = authority_or_404(code)
    content = briefing_render(la=la, format=format, user=request.user)
    response = HttpResponse(content, content_type=BRIEFING_FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="journeys-briefing-{slugify(la.name)}.{format}"'
    return response
