"""Assign an improvement-priority statement to one of the five workshop themes.

Two methods, one interface:

* ``embedding`` (preferred): logistic regression on all-MiniLM-L6-v2 sentence vectors, so
  "cut locum use" and "fewer agency SWs" land together although they share no words;
* ``tfidf`` (fallback when the model is absent, or when asked for): logistic regression on word
  and character n-grams of the same labelled examples.

Both train on ``data/themes.yaml`` and are deterministic. Training the embedding method means
encoding every example (seconds, far longer on a busy server), so it is not done where a request
waits: ``journeys setup`` trains it once and stores its weights (:class:`LinearThemeModel`, under
:func:`training_digest`), and app servers load them. ``evaluate()`` measures each method on a
held-out, stratified part of the examples (fixed seed) after training on the rest, so the accuracy
shown to users is honest about what the examples can support.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal, Protocol

import numpy as np

from journeys.priorities import encoder
from journeys.priorities.themes import labelled_examples, theme_by_number

Method = Literal["embedding", "tfidf"]
METHODS: tuple[Method, ...] = ("embedding", "tfidf")

HELD_OUT_SHARE = 0.25
SPLIT_SEED = 2016  # fixed, so evaluate() reports the same figures on every run

# Sentence vectors are unit length and the classes overlap little, so weak regularisation fits best.
_EMBEDDING_C = 10.0
_TFIDF_C = 20.0


@dataclass(frozen=True)
class Classification:
    text: str
    theme: int
    theme_title: str
    confidence: float  # the model's probability for the chosen theme, 0–1
    method: Method


class ThemeModel(Protocol):
    method: Method

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...

    @property
    def classes(self) -> np.ndarray: ...


class _EmbeddingModel:
    method: Method = "embedding"

    def __init__(self, texts: Sequence[str], labels: Sequence[int]):
        # scikit-learn is imported where a model is built: it takes over a second to load, and the
        # URLconf imports this module for every page and command.
        from sklearn.linear_model import LogisticRegression

        self._regression = LogisticRegression(C=_EMBEDDING_C, max_iter=2000)
        self._regression.fit(_example_vectors(tuple(texts)), labels)

    @property
    def classes(self) -> np.ndarray:
        return self._regression.classes_

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self._regression.predict_proba(_example_vectors(tuple(texts)))

    def weights(self) -> LinearThemeModel:
        return LinearThemeModel(
            classes=self._regression.classes_.astype(np.int64),
            coefficients=self._regression.coef_,
            intercepts=self._regression.intercept_,
        )


@dataclass(frozen=True, eq=False)
class LinearThemeModel:
    """The trained embedding classifier reduced to its weights: all that prediction needs.

    It is a multinomial logistic regression, so a theme's probability is the softmax of the
    statement vector's scores, as scikit-learn computes it; loading it needs neither scikit-learn
    nor the examples' vectors.
    """

    classes: np.ndarray  # theme numbers
    coefficients: np.ndarray  # one row of encoder.DIMENSIONS weights per theme
    intercepts: np.ndarray
    method: Method = "embedding"

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        from scipy.special import softmax

        scores = encoder.encode(list(texts)) @ self.coefficients.T + self.intercepts
        return softmax(scores, axis=1)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez(buffer, classes=self.classes, coefficients=self.coefficients, intercepts=self.intercepts)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes | memoryview) -> LinearThemeModel:
        # allow_pickle=False: stored bytes are read as plain arrays, never as code.
        with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as arrays:
            return cls(arrays["classes"], arrays["coefficients"], arrays["intercepts"])


class _TfidfModel:
    method: Method = "tfidf"

    def __init__(self, texts: Sequence[str], labels: Sequence[int]):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, make_pipeline

        # Words carry the meaning; character n-grams catch abbreviations and word forms (SW, SWs, LAC).
        features = FeatureUnion(
            [
                ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")),
                ("characters", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
            ]
        )
        self._pipeline = make_pipeline(features, LogisticRegression(C=_TFIDF_C, max_iter=2000))
        self._pipeline.fit(list(texts), labels)

    @property
    def classes(self) -> np.ndarray:
        return self._pipeline.classes_

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self._pipeline.predict_proba(list(texts))


@cache
def _encoded(texts: tuple[str, ...]) -> np.ndarray:
    return encoder.encode(texts)


def _example_vectors(texts: tuple[str, ...]) -> np.ndarray:
    """Vectors for texts, reusing the in-memory vectors of the labelled examples."""
    examples, _ = labelled_examples()
    known = dict(zip(examples, _encoded(examples), strict=True))
    unknown = tuple(dict.fromkeys(text for text in texts if text not in known))
    if unknown:
        known.update(zip(unknown, encoder.encode(unknown), strict=True))
    return np.vstack([known[text] for text in texts]) if texts else np.zeros((0, encoder.DIMENSIONS))


def default_method() -> Method:
    return "embedding" if encoder.available() else "tfidf"


def _build(method: Method, texts: Sequence[str], labels: Sequence[int]) -> ThemeModel:
    if method == "embedding":
        return _EmbeddingModel(texts, labels)
    if method == "tfidf":
        return _TfidfModel(texts, labels)
    raise ValueError(f"unknown method {method!r}; use one of {METHODS}")


@cache
def trained(method: Method) -> ThemeModel:
    """A model trained here, on every example, kept for the life of the process."""
    texts, labels = labelled_examples()
    return _build(method, texts, labels)


def train_for_storage() -> LinearThemeModel:
    """The embedding classifier trained on every example, as weights to store."""
    texts, labels = labelled_examples()
    return _EmbeddingModel(texts, labels).weights()


def training_digest() -> str:
    """What the stored embedding classifier was trained from: the examples, the sentence encoder,
    the learning settings and scikit-learn's version. Any change gives a new digest, so a stored
    model is used only while it is still the one training would produce."""
    texts, labels = labelled_examples()
    identity = {
        "method": "embedding",
        "encoder": encoder.identity(),
        "C": _EMBEDDING_C,
        "scikit-learn": importlib.metadata.version("scikit-learn"),
        "examples": [[label, text] for text, label in zip(texts, labels, strict=True)],
    }
    return hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode("utf-8")).hexdigest()


def classify(
    texts: Sequence[str], method: Method | None = None, model: ThemeModel | None = None
) -> list[Classification]:
    """The most likely theme of each text, by ``model`` (e.g. the stored one) or by a model of
    ``method`` trained here (``None``: embeddings when the encoder's weights are installed)."""
    if isinstance(texts, str):
        raise TypeError("classify() takes a sequence of texts, not a single string")
    if not texts:
        return []
    if model is None:
        model = trained(method or default_method())
    probabilities = model.predict_proba(texts)
    results = []
    for text, row in zip(texts, probabilities, strict=True):
        best = int(np.argmax(row))
        theme = int(model.classes[best])
        results.append(
            Classification(text, theme, theme_by_number(theme).title, float(row[best]), model.method)
        )
    return results


def _held_out_split() -> tuple[list[str], list[str], list[int], list[int]]:
    from sklearn.model_selection import train_test_split

    texts, labels = labelled_examples()
    return train_test_split(
        list(texts), list(labels), test_size=HELD_OUT_SHARE, stratify=list(labels), random_state=SPLIT_SEED
    )


@cache
def _evaluate_method(method: Method) -> dict:
    train_texts, test_texts, train_labels, test_labels = _held_out_split()
    model = _build(method, train_texts, train_labels)
    predicted = model.classes[np.argmax(model.predict_proba(test_texts), axis=1)]
    correct = predicted == np.array(test_labels)
    per_theme = {
        int(theme): {
            "n": int(np.sum(np.array(test_labels) == theme)),
            "correct": int(np.sum(correct & (predicted == theme))),
        }
        for theme in sorted(set(test_labels))
    }
    return {
        "available": True,
        "accuracy": float(correct.mean()),
        "n": len(test_labels),
        "correct": int(correct.sum()),
        "per_theme": per_theme,
        "errors": [
            {"text": text, "expected": int(expected), "predicted": int(got)}
            for text, expected, got, ok in zip(test_texts, test_labels, predicted, correct, strict=True)
            if not ok
        ],
    }


def evaluate() -> dict:
    """Held-out accuracy of both methods (train on 75 % of the examples, test on the other 25 %)."""
    texts, _ = labelled_examples()
    train_texts, test_texts, _, _ = _held_out_split()
    methods = {}
    for method in METHODS:
        if method == "embedding" and not encoder.available():
            methods[method] = {"available": False, "accuracy": None, "n": len(test_texts)}
        else:
            methods[method] = _evaluate_method(method)
    return {
        "split": {"held_out_share": HELD_OUT_SHARE, "seed": SPLIT_SEED, "stratified": True},
        "n_examples": len(texts),
        "n_train": len(train_texts),
        "n_test": len(test_texts),
        "methods": methods,
    }
