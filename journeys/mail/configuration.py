"""Email and task-queue settings from URLs in the environment (plain Python, used by settings).

``JOURNEYS_EMAIL_URL``:
- ``smtp://user:password@host:port``: plain SMTP (port 25 by default);
- ``smtp+tls://…``: SMTP upgraded with STARTTLS (port 587 by default);
- ``smtps://…``: SMTP over TLS from the start (port 465 by default).
User name and password are percent-decoded, so ``%40`` stands for ``@``; ``?timeout=`` sets the
seconds to wait for the server (20 by default).
"""

from urllib.parse import parse_qs, unquote, urlsplit

SCHEMES = {"smtp": (25, False, False), "smtp+tls": (587, True, False), "smtps": (465, False, True)}


def email_settings(url: str) -> dict:
    """Django's EMAIL_* settings for an email URL; ValueError for one Journeys cannot use."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise ValueError(f"JOURNEYS_EMAIL_URL must start smtp://, smtp+tls:// or smtps://, not {url!r}")
    if not parts.hostname:
        raise ValueError("JOURNEYS_EMAIL_URL has no host")
    port, starttls, tls = SCHEMES[parts.scheme]
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": starttls,
        "EMAIL_USE_SSL": tls,
        "EMAIL_TIMEOUT": float(query.get("timeout", 20)),
    }
