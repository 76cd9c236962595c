"""API authentication: a bearer token or the browser session, whichever the caller brings."""

from ninja.security import HttpBearer, SessionAuth

from .selectors import api_token_find
from .services import api_token_record_use


def _token_user(token: str):
    api_token = api_token_find(token=token)
    if api_token is None:
        return None
    api_token_record_use(api_token=api_token)
    return api_token.user


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = _token_user(token)
        if user is not None:
            request.user = user
        return user


def caller(request):
    """The user behind an API request (token or session); anonymous if neither."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        user = _token_user(header[7:].strip())
        if user is not None:
            return user
    return request.user


# Endpoints that need a signed-in caller accept either form of authentication.
SIGNED_IN = [TokenAuth(), SessionAuth()]
