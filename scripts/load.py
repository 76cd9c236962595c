"""Load test: 50 users for 60 seconds against gunicorn on loopback, with production settings.

    uv run python scripts/load.py [--users 50] [--seconds 60] [--workers 4]

Sets up a throwaway SQLite database with the register, the framework and the demonstration
content, serves it with gunicorn (debug off) on 127.0.0.1, finds the pages by crawling from the
home page (anonymously and as each demonstration role, so new pages join the mix by themselves)
and runs locust headless: a mix of public pages, signed-in pages and API calls. Prints requests,
errors and the 50th/95th/99th percentile response times; exits 1 if any request failed.
Bounded: at most --seconds of load and 10 minutes in all. Locust also imports this file to find
the users it simulates (the classes below).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from locust import HttpUser, between, task

ROOT = Path(__file__).resolve().parent.parent
JOURNEYS = str(Path(sys.executable).parent / "journeys")
DEMO = {
    "editor": "editor.birmingham@journeys.example",
    "viewer": "viewer.birmingham@journeys.example",
    "member": "member.birmingham@journeys.example",
    "coordinator": "coordinator.westmidlands@journeys.example",
    "admin": "admin@journeys.example",
}
MAX_PAGES = 80
SKIP = re.compile(
    r"^/(api|django-admin|static|accounts/sign-out)/|format=|download|\.(pdf|docx|json|csv|xlsx)$"
)
# Signed-in sessions are made directly in the database: the demo serves plain HTTP, where
# the production cookies (Secure) would not be sent back by a client.
SESSIONS = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from journeys.accounts.models import User
from journeys.accounts.services import api_token_create
out = {}
for role, email in %r.items():
    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    out[role] = {"session": session.session_key, "token": api_token_create(user=user)}
print(json.dumps(out))
"""
PLAN = Path(os.environ.get("JOURNEYS_LOAD_PLAN", tempfile.gettempdir() + "/journeys-load-plan.json"))


# ---------------------------------------------------------------- what locust runs


def _plan() -> dict:
    return json.loads(PLAN.read_text()) if PLAN.exists() else {"public": ["/"], "signed_in": {}, "api": []}


class Visitor(HttpUser):
    """Someone reading public pages: the home page, LA, region, framework and evidence pages."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self):
        self.pages = _plan()["public"]
        self.client.headers["X-Forwarded-Proto"] = "https"  # as the load balancer sends it

    @task(5)
    def page(self):
        self.client.get(random.choice(self.pages))

    @task(1)
    def home(self):
        self.client.get("/")


class SignedIn(HttpUser):
    """A signed-in user of some role, on the pages that role can reach."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        plan = _plan()
        role = random.choice(sorted(plan["signed_in"]))
        self.pages = plan["signed_in"][role]["pages"]
        self.client.headers["Cookie"] = f"sessionid={plan['signed_in'][role]['session']}"
        self.client.headers["X-Forwarded-Proto"] = "https"

    @task
    def page(self):
        self.client.get(random.choice(self.pages))


class ApiClient(HttpUser):
    """A script reading the API with a bearer token."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        plan = _plan()
        self.paths = plan["api"]
        self.client.headers["Authorization"] = f"Bearer {plan['api_token']}"
        self.client.headers["X-Forwarded-Proto"] = "https"

    @task
    def call(self):
        self.client.get(random.choice(self.paths))


# ---------------------------------------------------------------- the run


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(command: list[str], env: dict) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode:
        sys.exit(f"{' '.join(command[:3])} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def crawl(base: str, headers: dict[str, str]) -> list[str]:
    """Pages reachable from the home page (same origin, HTML, status 200), at most MAX_PAGES."""
    queue, seen, pages = ["/"], {"/"}, []
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        request = urllib.request.Request(base + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                if "text/html" not in response.headers.get("Content-Type", ""):
                    continue
                html = response.read().decode()
        except Exception:  # redirects to sign-in, 403s and 404s are not part of the mix
            continue
        pages.append(path)
        for link in re.findall(r'href="(/[^"#]*)"', html):
            link = link.replace("&amp;", "&")
            if link not in seen and not SKIP.search(link):
                seen.add(link)
                queue.append(link)
    return pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    started = time.monotonic()

    with tempfile.TemporaryDirectory() as work:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{work}/load.sqlite3",
            "JOURNEYS_VAR_DIR": str(ROOT / "var"),
            "JOURNEYS_SECRET_KEY": "load-test-only-" + "x" * 50,
            "JOURNEYS_ALLOWED_HOSTS": "127.0.0.1",
            "JOURNEYS_SSL_REDIRECT": "0",
            "JOURNEYS_LOG_LEVEL": "ERROR",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        say("Setting up a database with the demonstration content…")
        run([JOURNEYS, "setup"], {**env, "JOURNEYS_DEBUG": "1"})
        run([JOURNEYS, "demo"], {**env, "JOURNEYS_DEBUG": "1"})
        identities = json.loads(
            run([JOURNEYS, "shell", "--no-imports", "-c", SESSIONS % DEMO], env).strip().splitlines()[-1]
        )

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server_log = Path(work) / "gunicorn.log"
        # The URL configuration is imported on the first request; warm each worker up before
        # measuring (see the health check loop) and give slow starts room (--timeout).
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "journeys.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
                "--timeout", "120", "--log-level", "warning", "--error-logfile", str(server_log),
            ],
            env={**env, "JOURNEYS_DEBUG": "0"},
            cwd=ROOT,
        )  # fmt: skip
        try:
            ready = 0
            for _ in range(600):  # every worker answers the home page twice in a row
                try:
                    urllib.request.urlopen(base + "/", timeout=60)
                    ready += 1
                    if ready >= 2 * args.workers:
                        break
                except OSError:
                    ready = 0
                    time.sleep(0.5)
            proto = {"X-Forwarded-Proto": "https"}
            plan = {
                "public": crawl(base, proto),
                "signed_in": {
                    role: {
                        "session": ids["session"],
                        "pages": crawl(base, {**proto, "Cookie": f"sessionid={ids['session']}"}),
                    }
                    for role, ids in identities.items()
                },
                "api": ["/api/v1/local-authorities", "/api/v1/local-authorities/330", "/api/v1/framework"],
                "api_token": identities["editor"]["token"],
            }
            PLAN.write_text(json.dumps(plan))
            distinct = set(plan["public"]) | {p for s in plan["signed_in"].values() for p in s["pages"]}
            say(f"Mix: {len(distinct)} distinct pages and {len(plan['api'])} API paths.")

            prefix = Path(work) / "stats"
            remaining = max(60, 600 - int(time.monotonic() - started))
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    __file__,
                    "--headless",
                    "--host",
                    base,
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(max(args.users // 5, 1)),
                    "--run-time",
                    f"{args.seconds}s",
                    "--stop-timeout",
                    "10",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "ERROR",
                ],
                env={**env, "JOURNEYS_LOAD_PLAN": str(PLAN)},
                timeout=remaining,
                check=False,
            )
            with open(f"{prefix}_stats.csv") as handle:
                total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
        finally:
            server.terminate()
            server.wait(timeout=30)
            PLAN.unlink(missing_ok=True)
            errors = server_log.read_text() if server_log.exists() else ""
            if "Traceback" in errors or "CRITICAL" in errors:
                say(f"gunicorn reported errors:\n{errors[-3000:]}")

    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    say(
        f"\n{args.users} users for {args.seconds} s, gunicorn with {args.workers} workers on 127.0.0.1, "
        f"SQLite: {requests} requests ({float(total['Requests/s']):.1f}/s), {failures} errors; "
        f"p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms, "
        f"max {float(total['Max Response Time']):.0f} ms"
    )
    sys.exit(1 if failures or not requests else 0)


if __name__ == "__main__":
    main()
