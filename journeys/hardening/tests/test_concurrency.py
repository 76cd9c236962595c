"""Concurrency: editors saving one draft or one priority, and two imports at once, as separate processes.

Each side is its own `journeys` process with its own database connection, as on two app
servers. Both are released at the same moment (a shared start time), on a throwaway database
of the suite's backend.
"""

import json
import subprocess
import time

import pytest
from django.db import connection

from journeys.hardening.tests.databases import (
    JOURNEYS,
    cli_env,
    journeys,
    postgres_available,
    throwaway_databases,
)

BACKEND = "postgresql" if connection.vendor == "postgresql" else "sqlite"
IMPORT_FILES = [
    "dfe-statistical-neighbours/sn_model_2025_wide.csv",
    "dfe-csc-ees/b1_children_in_need_2013_to_2025.csv",
]
START_UP = 25  # seconds allowed for both processes to start before the shared start time

# Each editor loads the draft, waits for the start time, then saves with the version it loaded.
EDITOR = """
import json, time
from journeys.accounts.models import User
from journeys.improvement.models import SelfEvaluation
from journeys.improvement.services import StaleVersion, self_evaluation_create, self_evaluation_update
user = User.objects.get(email="editor.birmingham@journeys.example")
draft = SelfEvaluation.objects.editable_by(user).filter(status="draft").first()
if draft is None:
    draft = self_evaluation_create(user=user)
loaded = draft.version
time.sleep(max(0, {start} - time.time()))
try:
    saved = self_evaluation_update(evaluation_id=draft.pk, user=user, expected_version=loaded,
                                   changes={{"self_placed_stage": "{stage}"}})
    print(json.dumps({{"saved": saved.version}}))
except StaleVersion as stale:
    print(json.dumps({{"stale": str(stale)}}))
"""


@pytest.fixture
def database(tmp_path):
    if BACKEND == "postgresql" and not postgres_available():
        pytest.skip("PostgreSQL is not reachable")
    with throwaway_databases(BACKEND, tmp_path, "concurrency_test", "concurrency_reference") as found:
        yield found


def last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def at_once(url: str, *commands: list[str]) -> list[subprocess.CompletedProcess]:
    processes = [
        subprocess.Popen(
            [JOURNEYS, *c], env=cli_env(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for c in commands
    ]
    results = []
    for command, process in zip(commands, processes, strict=True):
        out, err = process.communicate(timeout=600)
        results.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return results


def test_two_editors_saving_the_same_draft_one_wins_and_the_other_is_told(database):
    url = database["concurrency_test"].url
    journeys(url, "setup")
    journeys(url, "demo")  # Birmingham's demonstration editor
    journeys(
        url, "shell", "--no-imports", "-c", EDITOR.format(start=0, stage="")
    )  # starts the draft both will edit
    before = last_json(journeys(url, "shell", "--no-imports", "-c", EDITOR_VERSION).stdout)
    start = time.time() + START_UP
    first, second = at_once(
        url,
        ["shell", "--no-imports", "-c", EDITOR.format(start=start, stage="poor_to_fair")],
        ["shell", "--no-imports", "-c", EDITOR.format(start=start, stage="fair_to_good")],
    )
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    outcomes = [last_json(r.stdout) for r in (first, second)]
    saved = [o for o in outcomes if "saved" in o]
    stale = [o for o in outcomes if "stale" in o]
    assert len(saved) == 1 and len(stale) == 1, outcomes
    assert "Someone else saved this self-evaluation" in stale[0]["stale"]
    after = last_json(journeys(url, "shell", "--no-imports", "-c", EDITOR_VERSION).stdout)
    assert after["version"] == before["version"] + 1 == saved[0]["saved"]
    winner = "poor_to_fair" if "saved" in outcomes[0] else "fair_to_good"
    assert after["stage"] == winner  # the loser's change was not written over it


EDITOR_VERSION = """
import json
from journeys.improvement.models import SelfEvaluation
draft = SelfEvaluation.objects.get(la__old_la_code="330", status="draft")
print(json.dumps({"version": draft.version, "stage": draft.self_placed_stage}))
"""


def test_two_imports_at_once_end_as_one_import(database, shared_data):
    url, reference = database["concurrency_test"].url, database["concurrency_reference"]
    files = [str(shared_data / f) for f in IMPORT_FILES]
    for db in (url, reference.url):
        journeys(db, "setup")
    journeys(reference.url, "import", *files)

    first, second = at_once(url, ["import", "--json", *files], ["import", "--json", *files])
    for result in (first, second):
        # One waits for the other's write lock and then finds the files already imported; a
        # refusal must be a clear exit 2, never a traceback.
        assert result.returncode in (0, 2), result.stderr
        assert "Traceback" not in result.stderr
        if result.returncode == 2:
            assert result.stderr.strip(), "refused without a reason"
    assert 0 in (first.returncode, second.returncode)
    assert database["concurrency_test"].evidence_state() == reference.evidence_state()
    assert database["concurrency_test"].derived_keys() == reference.derived_keys()


# An editor and one priority of theirs, made without the classifier; prints the token and its id.
PRIORITY_SETUP = """
import json
from journeys.accounts.services import api_token_create, user_create
from journeys.authorities.models import LocalAuthority
from journeys.priorities.models import Priority
la = LocalAuthority.objects.get(old_la_code="330")
editor = user_create(email="editor@example.org", role="la_editor", la=la)
priority = Priority.objects.create(la=la, title="Stabilise the workforce", issue="Agency staff.",
                                   theme=2, classified_theme=2, theme_confidence=0.5, theme_method="tfidf")
print(json.dumps({"token": api_token_create(user=editor), "pk": priority.pk}))
"""

# Each process reads the priority's version, waits for the start time, then PATCHes it through
# the API (Django's WSGI handler, its own database connection) with the version it read.
PRIORITY_EDITOR = """
import json, time
from django.test import Client
from journeys.priorities.models import Priority
loaded = Priority.objects.get(pk={pk}).version
client = Client(HTTP_HOST="localhost")
time.sleep(max(0, {start} - time.time()))
response = client.patch("/api/v1/priorities/{pk}", json.dumps({{"version": loaded, "learning": "{label}"}}),
                        content_type="application/json", HTTP_AUTHORIZATION="Bearer {token}")
print(json.dumps({{"status": response.status_code, "label": "{label}", "body": response.json()}}))
"""

PRIORITY_STATE = """
import json
from journeys.priorities.models import Priority
p = Priority.objects.get(pk={pk})
print(json.dumps({{"version": p.version, "learning": p.learning}}))
"""

EDITORS = 4


def test_same_version_patches_of_one_priority_at_once_only_one_wins(database):
    url = database["concurrency_test"].url
    journeys(url, "setup")
    made = last_json(journeys(url, "shell", "--no-imports", "-c", PRIORITY_SETUP).stdout)
    start = time.time() + START_UP
    results = at_once(
        url,
        *(
            ["shell", "--no-imports", "-c", PRIORITY_EDITOR.format(start=start, label=f"editor {n}", **made)]
            for n in range(EDITORS)
        ),
    )
    assert all(r.returncode == 0 for r in results), "\n".join(r.stderr for r in results)
    outcomes = [last_json(r.stdout) for r in results]
    statuses = sorted(o["status"] for o in outcomes)
    assert statuses == [200] + [409] * (EDITORS - 1), outcomes
    winner = next(o for o in outcomes if o["status"] == 200)
    assert all(o["body"]["version"] == 2 for o in outcomes if o["status"] == 409)
    after = last_json(journeys(url, "shell", "--no-imports", "-c", PRIORITY_STATE.format(**made)).stdout)
    assert after == {"version": 2, "learning": winner["label"]}  # no loser wrote over the winner
