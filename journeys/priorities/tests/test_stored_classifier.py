"""The theme classifier is trained by `journeys setup`, stored, and loaded by app servers, never
trained where a request waits."""

import logging

import numpy as np
import pytest

from journeys.priorities import classifier, encoder, services
from journeys.priorities.models import StoredThemeClassifier
from journeys.priorities.themes import labelled_examples

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not encoder.available(), reason="MiniLM weights not installed"),
]

STATEMENTS = [
    "Recruit permanent social workers",
    "Improve scrutiny by councillors",
    "Pilot a new family model",
]


@pytest.fixture(autouse=True)
def fresh_process_cache():
    services._stored_classifier.cache_clear()
    yield
    services._stored_classifier.cache_clear()


def test_stored_weights_give_scikit_learns_probabilities():
    texts, labels = labelled_examples()
    fitted = classifier._EmbeddingModel(texts, labels)
    stored = classifier.LinearThemeModel.from_bytes(fitted.weights().to_bytes())
    assert list(stored.classes) == [1, 2, 3, 4, 5]
    assert np.allclose(stored.predict_proba(STATEMENTS), fitted.predict_proba(STATEMENTS), atol=1e-6)


def test_setup_trains_and_stores_the_classifier_once():
    assert services.theme_classifier_train() is True
    assert services.theme_classifier_train() is False
    stored = StoredThemeClassifier.objects.get()
    assert (stored.digest, stored.method) == (classifier.training_digest(), "embedding")
    assert stored.examples == len(labelled_examples()[0])


def test_a_priority_is_themed_by_the_stored_classifier_without_training(make_user, monkeypatch):
    services.theme_classifier_train()

    def no_training(*args):
        raise AssertionError("the classifier was trained while writing a priority")

    monkeypatch.setattr(classifier, "_EmbeddingModel", no_training)
    monkeypatch.setattr(classifier, "trained", no_training)
    editor = make_user("la_editor", la="330")
    priority = services.priority_create(
        user=editor, data={"title": "Recruit permanent social workers", "issue": "Too many locums"}
    )
    assert (priority.theme, priority.theme_method) == (1, "embedding")
    assert priority.theme_confidence > 0.9


def test_without_a_stored_classifier_one_is_trained_once_and_stored(caplog):
    with caplog.at_level(logging.WARNING, logger="journeys.priorities.services"):
        model = services.theme_classifier_load()
    assert "No stored theme classifier" in caplog.text
    assert StoredThemeClassifier.objects.filter(digest=classifier.training_digest()).count() == 1
    assert [r.theme for r in classifier.classify(STATEMENTS, model=model)] == [1, 4, 5]


def test_changed_examples_give_another_digest(monkeypatch):
    before = classifier.training_digest()
    texts, labels = labelled_examples()
    monkeypatch.setattr(classifier, "labelled_examples", lambda: (texts[:-1], labels[:-1]))
    assert classifier.training_digest() != before
    monkeypatch.setattr(classifier, "labelled_examples", lambda: (texts, (2, *labels[1:])))
    assert classifier.training_digest() != before


def test_a_stored_model_for_other_examples_is_not_used():
    texts, labels = labelled_examples()
    stale = classifier._EmbeddingModel(texts[:100], labels[:100]).weights()  # themes 1 and 2 only
    StoredThemeClassifier.objects.create(
        digest="0" * 64, method="embedding", weights=stale.to_bytes(), examples=100
    )
    assert list(services.theme_classifier_load().classes) == [1, 2, 3, 4, 5]
    assert set(StoredThemeClassifier.objects.values_list("digest", flat=True)) == {
        "0" * 64,
        classifier.training_digest(),
    }
