"""Stored sentence vectors: written with the priority, reused by peer matching, redone when stale."""

import importlib
import io

import numpy as np
import pytest
from django.apps import apps
from django.core.management import call_command

from journeys.authorities.models import LocalAuthority
from journeys.networks.selectors import network_proposals, proposal_as_dict
from journeys.priorities import encoder, services
from journeys.priorities.models import Priority
from journeys.priorities.peers import peers_as_dict, peers_find
from journeys.priorities.selectors import priority_stored_vectors
from journeys.priorities.similarity import priority_vectors, stored_vectoriser

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not encoder.available(), reason="the MiniLM model is not installed"),
]

WORKFORCE = {
    "title": "Recruit and keep permanent social workers",
    "issue": "Too many frontline posts are filled by agency staff.",
    "status": "in_progress",
    "visibility": "sector",
}


@pytest.fixture
def editor(make_user):
    return make_user("la_editor", la="330")


@pytest.fixture
def count_encoded(monkeypatch):
    """How many texts the encoder is asked for, from here on."""
    texts: list[str] = []
    encode = encoder.encode

    def counting(batch, *args, **kwargs):
        texts.extend(batch)
        return encode(batch, *args, **kwargs)

    monkeypatch.setattr(encoder, "encode", counting)
    return texts


def _forget_vectors():
    Priority.objects.update(statement_vector=None, statement_vector_key="")


def test_a_new_priority_stores_the_vector_of_its_statement(editor):
    priority = services.priority_create(user=editor, data=WORKFORCE)
    priority.refresh_from_db()
    stored = encoder.vector_from_bytes(priority.statement_vector)
    assert priority.statement_vector_key == encoder.vector_key(priority.statement)
    assert stored.shape == (encoder.DIMENSIONS,) and stored.dtype == np.float32
    np.testing.assert_allclose(stored, encoder.encode([priority.statement])[0], atol=1e-6)


def test_a_changed_statement_gets_a_fresh_vector_and_an_unchanged_one_is_not_encoded(editor, count_encoded):
    priority = services.priority_create(user=editor, data=WORKFORCE)
    old_vector, old_key = bytes(priority.statement_vector), priority.statement_vector_key

    services.priority_update(
        user=editor, priority=priority, data={"learning": "Fewer leavers this year."}, expected_version=1
    )
    priority.refresh_from_db()
    assert bytes(priority.statement_vector) == old_vector and priority.statement_vector_key == old_key

    del count_encoded[:]
    services.priority_update(
        user=editor,
        priority=priority,
        data={"title": "Strengthen member scrutiny of children's services"},
        expected_version=2,
    )
    priority.refresh_from_db()
    assert priority.statement in count_encoded
    assert priority.statement_vector_key == encoder.vector_key(priority.statement) != old_key
    np.testing.assert_allclose(
        encoder.vector_from_bytes(priority.statement_vector),
        encoder.encode([priority.statement])[0],
        atol=1e-6,
    )


def test_a_vector_whose_statement_changed_elsewhere_is_not_used(editor):
    priority = services.priority_create(user=editor, data=WORKFORCE)
    Priority.objects.filter(pk=priority.pk).update(title="Improve the front door")  # not through Journeys
    priority.refresh_from_db()
    assert priority_stored_vectors(priorities=[priority]) == {}


def test_peers_match_the_same_with_stored_vectors_as_with_fresh_encoding(count_encoded):
    assert services.priority_demo_load() > 30
    birmingham = LocalAuthority.objects.get(old_la_code="330")

    del count_encoded[:]
    stored = peers_as_dict(peers_find(authority=birmingham, limit=50))
    assert count_encoded == []  # every statement had its vector

    _forget_vectors()
    fresh = peers_as_dict(peers_find(authority=birmingham, limit=50))
    assert len(count_encoded) == Priority.objects.count()
    assert stored["matches"] and stored == fresh


def test_network_proposals_are_the_same_with_stored_vectors(count_encoded):
    services.priority_demo_load()
    region = LocalAuthority.objects.get(old_la_code="330").region

    del count_encoded[:]
    stored = [proposal_as_dict(p, {}) for p in network_proposals(region=region)]
    assert count_encoded == []
    _forget_vectors()
    fresh = [proposal_as_dict(p, {}) for p in network_proposals(region=region)]
    assert count_encoded and stored == fresh


def test_only_statements_without_a_current_vector_are_encoded(count_encoded):
    texts = ["Reduce agency social workers", "Strengthen scrutiny by members", "Improve the front door"]
    known = dict(zip(texts[:2], encoder.encode(texts[:2]), strict=True))
    del count_encoded[:]
    vectors = stored_vectoriser(known)([texts[2], texts[0], texts[2], texts[1]])
    assert count_encoded == [texts[2]]
    np.testing.assert_allclose(vectors, priority_vectors([texts[2], texts[0], texts[2], texts[1]]), atol=1e-5)


def test_without_the_model_stored_vectors_give_way_to_tfidf(monkeypatch):
    texts = ["front door and MASH", "MASH at the front door", "member scrutiny"]
    stored = {text: np.ones(encoder.DIMENSIONS, dtype=np.float32) for text in texts}
    monkeypatch.setattr(encoder, "available", lambda: False)
    np.testing.assert_array_equal(stored_vectoriser(stored)(texts), priority_vectors(texts))


def test_setup_fills_missing_and_out_of_date_vectors(editor):
    first = services.priority_create(user=editor, data=WORKFORCE)
    second = services.priority_create(user=editor, data={**WORKFORCE, "title": "Improve the front door"})
    Priority.objects.filter(pk=first.pk).update(statement_vector=None)
    Priority.objects.filter(pk=second.pk).update(statement_vector_key="stale")

    assert services.priority_vectors_fill() == 2
    assert services.priority_vectors_fill() == 0
    for priority in Priority.objects.all():
        assert priority.statement_vector_key == encoder.vector_key(priority.statement)
    Priority.objects.update(statement_vector=None)
    call_command("setup", stdout=io.StringIO())
    assert set(priority_stored_vectors(priorities=Priority.objects.all())) == {
        p.statement for p in Priority.objects.all()
    }


def test_the_migration_fills_the_vectors_of_priorities_recorded_before_it(editor):
    priority = services.priority_create(user=editor, data=WORKFORCE)
    vector, key = encoder.vector_from_bytes(priority.statement_vector), priority.statement_vector_key
    Priority.objects.update(statement_vector=None, statement_vector_key="")

    migration = importlib.import_module("journeys.priorities.migrations.0003_priority_statement_vector")
    migration.fill_vectors(apps, None)
    priority.refresh_from_db()
    assert priority.statement_vector_key == key
    np.testing.assert_allclose(encoder.vector_from_bytes(priority.statement_vector), vector, atol=1e-6)


def test_vector_bytes_round_trip_and_reject_other_shapes():
    vector = np.linspace(-1, 1, encoder.DIMENSIONS, dtype=np.float32)
    assert np.array_equal(encoder.vector_from_bytes(memoryview(encoder.vector_to_bytes(vector))), vector)
    assert encoder.vector_from_bytes(b"\x00" * 12) is None
    with pytest.raises(ValueError):
        encoder.vector_to_bytes(np.zeros(3))
