"""The classify and peers commands, the demonstration priorities, and the model staying offline."""

import importlib.util
import io
import json
import socket
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from journeys.accounts.permissions import Visibility
from journeys.authorities.models import LocalAuthority
from journeys.priorities import encoder
from journeys.priorities.models import Priority
from journeys.priorities.services import priority_demo_load

from .test_classifier import _table_row


def run(*args, stdin: str | None = None) -> object:
    out = io.StringIO()
    if stdin is not None:
        original, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        call_command(*args, stdout=out)
    finally:
        if stdin is not None:
            sys.stdin = original
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def seed_rows(shared_data: Path) -> dict[str, list[str]]:
    text = (shared_data.parent / "seed" / "lga-isos-regional-workshops-2016.txt").read_text(encoding="utf-8")
    return {label: _table_row(text, label) for label in ("Examples of priorities", "Examples of learning")}


def test_classify_themes_the_seed_example_priorities(seed_rows):
    texts = seed_rows["Examples of priorities"]
    result = run("classify", *texts, "--json")
    assert [r["theme"] for r in result] == [1, 2, 3, 4, 5]
    assert [r["text"] for r in result] == texts
    for row in result:
        assert set(row) >= {"text", "theme", "theme_title", "confidence"} and 0 < row["confidence"] <= 1


def test_classify_reads_one_statement_per_line_from_stdin(seed_rows):
    # The learning lines of themes 1-4; theme 5's is a known miss (see test_classifier).
    lines = seed_rows["Examples of learning"][:4]
    result = run("classify", "-", "--json", stdin="\n".join(lines) + "\n\n")
    assert [r["theme"] for r in result] == [1, 2, 3, 4]


def test_classify_evaluate_reports_held_out_accuracy():
    result = run("classify", "--evaluate", "--json")
    assert result["n_test"] > 0 and result["split"]["seed"]
    assert result["accuracy"] >= 0.9
    assert result["methods"]["tfidf"]["accuracy"] >= 0.9


@pytest.mark.parametrize("args", [(), ("",), ("a", "-"), ("--evaluate", "text")])
def test_classify_bad_input_exits_2(args):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("classify", *args, stdout=io.StringIO())
    assert error.value.returncode == 2


@pytest.mark.django_db
def test_peers_330_returns_matches_with_reasons_and_never_private_priorities(make_user):
    assert priority_demo_load() > 30
    birmingham = LocalAuthority.objects.get(old_la_code="330")
    private_elsewhere = make_user("la_editor", la="352")
    from journeys.priorities.services import priority_create

    secret = priority_create(
        user=private_elsewhere,
        data={
            "title": "Strengthen member scrutiny of children's services",
            "issue": "Scrutiny is weak.",
            "status": "in_progress",
            "visibility": Visibility.PRIVATE,
        },
    )
    result = run("peers", "330", "--json")
    assert result["la"]["old_la_code"] == "330"
    assert result["own_priorities"] and all(p["theme"] == 4 for p in result["own_priorities"])
    assert result["matches"]
    for match in result["matches"]:
        assert match["reasons"] and match["la_code"] != "330"
        assert all(pair["their_priority_id"] != secret.pk for pair in match["pairs"])
    assert "352" not in [m["la_code"] for m in result["matches"]] or all(
        pair["their_priority_id"] != secret.pk for m in result["matches"] for pair in m["pairs"]
    )
    # Theme-4 sharers from 2016 (Barnsley, Bury, Lewisham, Leicestershire) are among the matches.
    codes = {m["la_code"] for m in result["matches"]}
    assert codes & {
        a.old_la_code
        for a in LocalAuthority.objects.filter(name__in=["Barnsley", "Bury", "Lewisham", "Leicestershire"])
    }
    assert priority_demo_load() == 0  # idempotent
    assert Priority.objects.filter(la=birmingham, is_demo=True).count() == 1


@pytest.mark.django_db
def test_peers_without_evidence_says_so_and_names_no_partner():
    priority_demo_load()
    result = run("peers", "330", "--json")
    if result["evidence"] != "loaded":
        assert result["evidence"] == "no published evidence loaded"
        assert not any(m["improvement_partner"] for m in result["matches"])
        assert any("no published evidence loaded" in note for note in result["notes"])


@pytest.mark.django_db
def test_peers_unknown_la_exits_2():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("peers", "999", "--json", stdout=io.StringIO())
    assert error.value.returncode == 2


def test_no_torch_is_installed():
    assert importlib.util.find_spec("torch") is None
    assert importlib.util.find_spec("sentence_transformers") is None


def test_encoder_loads_from_site_packages_with_the_network_off(monkeypatch):
    folder = encoder.model_dir()
    assert folder is not None and "site-packages" in str(folder)

    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    fresh = encoder.MiniLMEncoder(folder)  # not the cached one: load again, offline
    vectors = fresh.encode(["Recruit and retain permanent social workers"])
    assert vectors.shape == (1, encoder.DIMENSIONS)
