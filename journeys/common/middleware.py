"""Cache-Control for every response Journeys draws (static files have their own, from whitenoise)."""

from django.utils.cache import patch_cache_control

# Public pages may be kept a few minutes by browsers and shared caches: published evidence
# changes only with an import.
PUBLIC_MAX_AGE = 300


class CacheControlMiddleware:
    """Anything served to a signed-in user, and every API answer, is ``private, no-store``: it may
    hold an LA's private records, and must not stay in a shared cache or on a shared computer.
    Anonymous pages are public unless they set a cookie (a CSRF token or a message)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if request.user.is_authenticated or request.path.startswith("/api/"):
            patch_cache_control(response, private=True, no_store=True)
        elif request.method in ("GET", "HEAD") and response.status_code == 200 and not response.cookies:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        else:
            patch_cache_control(response, no_cache=True)
        return response
