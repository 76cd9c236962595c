"""A small OpenID Connect provider for tests, served over HTTP on loopback: discovery, JWKS,
authorize, token (with PKCE) and userinfo, with ID tokens signed RS256 by a key made at start.

``person`` is who the provider says has signed in at it; ``audience`` may be changed to issue
tokens to another client. ``token_requests`` keeps every code exchange it answered."""

import base64
import hashlib
import json
import secrets
import threading
import time
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, urlencode, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "journeys-test-client"
CLIENT_SECRET = "journeys-test-secret"
KEY_ID = "test-key-1"


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Provider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.person = {"email": "lead@council.gov.uk", "name": "Alex Lead", "email_verified": True}
        self.audience = CLIENT_ID
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self._server = make_server(
            "127.0.0.1", 0, self.app, server_class=_Server, handler_class=_QuietHandler
        )
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def settings(self) -> dict:
        """Journeys' settings for this provider, as the JOURNEYS_OIDC_* variables set them."""
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "OIDC_ENABLED": True,
        }

    # --- HTTP ---------------------------------------------------------------------------------

    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if path == "/.well-known/openid-configuration":
            return self._json(start_response, self.settings() | {"issuer": self.issuer})
        if path == "/jwks":
            return self._json(start_response, {"keys": [self._public_jwk()]})
        if path == "/authorize":
            return self._authorize(start_response, query)
        if path == "/token" and environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = {k: v[-1] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()}
            return self._token(start_response, form)
        if path == "/userinfo":
            token = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ")
            if token not in self.access_tokens:
                return self._json(start_response, {"error": "invalid_token"}, "401 Unauthorized")
            return self._json(start_response, self.access_tokens[token])
        return self._json(start_response, {"error": "not_found"}, "404 Not Found")

    def _authorize(self, start_response, query):
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code", query
        assert "openid" in query["scope"].split()
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
            "challenge": query.get("code_challenge"),
            "person": dict(self.person),
        }
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        start_response("302 Found", [("Location", target)])
        return [b""]

    def _token(self, start_response, form):
        self.token_requests.append(form)
        grant = self.codes.pop(form.get("code"), None)  # a code works once
        refused = (
            grant is None
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
            or _challenge(form.get("code_verifier", "")) != grant["challenge"]
        )
        if refused:
            return self._json(start_response, {"error": "invalid_grant"}, "400 Bad Request")
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": hashlib.sha256(grant["person"]["email"].encode()).hexdigest(),
            "aud": self.audience,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **grant["person"],
        }
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": KEY_ID})
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = {"sub": claims["sub"], **grant["person"]}
        return self._json(
            start_response,
            {"access_token": access_token, "id_token": id_token, "token_type": "Bearer", "expires_in": 300},
        )

    def _public_jwk(self) -> dict:
        numbers = self.key.public_key().public_numbers()
        return {
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": KEY_ID,
            "n": _b64(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
            "e": _b64(numbers.e.to_bytes(3, "big")),
        }

    @staticmethod
    def _json(start_response, body, status="200 OK"):
        start_response(status, [("Content-Type", "application/json"), ("Cache-Control", "no-store")])
        return [json.dumps(body).encode()]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _challenge(verifier: str) -> str:
    return _b64(hashlib.sha256(verifier.encode()).digest())


def host_of(url: str) -> str:
    return urlsplit(url).netloc
