"""Bearer tokens are authenticated here, before the audit log and version history read
``request.user``, so every change made through the API is recorded against the token's user."""

from .auth import BEARER_PATH_PREFIX, bearer_user


class BearerTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only the API takes tokens: pages are for browser sessions.
        if request.path.startswith(BEARER_PATH_PREFIX):
            user = bearer_user(request)
            if user is not None:
                request.user = user
        return self.get_response(request)
