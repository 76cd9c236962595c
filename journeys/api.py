"""The Journeys API (django-ninja): OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from ninja import NinjaAPI
from ninja.errors import ValidationError as RequestInvalid

from journeys.authorities.api import router as authorities_router
from journeys.evidence.api import indicators_router
from journeys.evidence.api import router as evidence_router
from journeys.frameworks.api import router as frameworks_router
from journeys.improvement.api import journey_router
from journeys.improvement.api import router as self_evaluations_router
from journeys.networks.api import router as networks_router
from journeys.priorities.api import router as priorities_router
from journeys.support.api import router as support_router
from journeys.workshops.api import router as workshops_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Journeys API",
    version="1",
    description=(
        "Read the register of local authorities, the improvement framework and published evidence. "
        "Send `Authorization: Bearer <token>` (from `journeys users token EMAIL`) or use a signed-in "
        "browser session. Another local authority's private records answer 404."
    ),
    urls_namespace="api",
)
api.add_router("/local-authorities", authorities_router)
api.add_router("/local-authorities", evidence_router)
api.add_router("/indicators", indicators_router)
api.add_router("/framework", frameworks_router)
api.add_router("/local-authorities", journey_router)
api.add_router("/self-assessments", self_evaluations_router)  # the published path, kept for its clients
api.add_router("/priorities", priorities_router)
api.add_router("/networks", networks_router)
api.add_router("/support", support_router)
api.add_router("/workshops", workshops_router)


@api.exception_handler(RequestInvalid)
def request_invalid(request, invalid: RequestInvalid):
    """Invalid requests answer 422 with one readable sentence, the shape every 422 documents."""
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error['loc'] if part not in ('body', 'payload'))}: {error['msg']}"
        for error in invalid.errors
    )
    return api.create_response(request, {"detail": problems}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request, denied: PermissionDenied):
    return api.create_response(request, {"detail": str(denied) or "You cannot do this."}, status=403)


@api.exception_handler(SuspiciousOperation)
def refused_request(request, refused: SuspiciousOperation):
    """What Django itself answers with 400 (a body over the upload limit, a bad host) stays a
    client error, in JSON; 413 says which when the body was too big."""
    if isinstance(refused, RequestDataTooBig):
        return api.create_response(request, {"detail": "The request body is too large."}, status=413)
    return api.create_response(request, {"detail": "The request was refused."}, status=400)


@api.exception_handler(Exception)
def unexpected_error(request, error: Exception):
    """Anything else is logged with its traceback and answers a JSON problem, never an HTML page."""
    logger.exception("API request failed: %s %s", request.method, request.path)
    return api.create_response(
        request, {"detail": "Sorry, there is a problem with the service. Try again later."}, status=500
    )
