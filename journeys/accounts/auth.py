"""API authentication: a bearer token or the browser session, whichever the caller brings.

A token is checked once per request (BearerTokenMiddleware, before the audit log reads the
user); the API's own guards then find the answer already on the request.
"""

from ninja.security import HttpBearer, SessionAuth

from .selectors import api_token_find
from .services import api_token_record_use

BEARER_PATH_PREFIX = "/api/"


def _bearer_token(request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return None


def bearer_user(request):
    """The active user whose live token the request carries, or None; looked up once per request."""
    if not hasattr(request, "_bearer_user"):
        token = _bearer_token(request)
        api_token = api_token_find(token=token) if token else None
        if api_token is not None:
            api_token_record_use(api_token=api_token)
        request._bearer_user = api_token.user if api_token else None
    return request._bearer_user


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = bearer_user(request)
        if user is not None:
            request.user = user
        return user


def caller(request):
    """The user behind an API request (token or session); anonymous if neither."""
    return bearer_user(request) or request.user


# Endpoints that need a signed-in caller accept either form of authentication.
SIGNED_IN = [TokenAuth(), SessionAuth()]
