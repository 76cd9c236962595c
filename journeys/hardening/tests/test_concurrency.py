"""Concurrency: two editors saving one draft, and two imports at once, as separate processes.

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
