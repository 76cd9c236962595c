"""The theme classifier: trained on Journeys' own examples, tested on the 2016 workshop summary's.

The workshop summary's table (d) gives one example priority and one example of learning per
theme. None of them is in the training data; they are read from the seed file here and must
come out under the theme the workshops put them in.
"""

import re
from pathlib import Path

import numpy as np
import pytest

from journeys.common.datafiles import DataFileError
from journeys.priorities import classifier, encoder
from journeys.priorities.themes import THEMES_YAML, ThemesFileError, labelled_examples, load_themes

TITLES = {
    1: "Workforce development, creating conditions for effective frontline social-work practice",
    2: "Practice improvement",
    3: "Strengthening key aspects of the children's services system",
    4: "Effective scrutiny and role of members, securing efficiencies, or planning for improvement",
    5: "Innovations in delivering services",
}

needs_model = pytest.mark.skipif(not encoder.available(), reason="MiniLM weights not installed")


def _table_row(seed_text: str, label: str) -> list[str]:
    """One row of the seed's table (d): five tab-separated cells after the label, tags removed."""
    line = next(line for line in seed_text.splitlines() if line.startswith(label + "\t"))
    cells = line.split("\t")[1:]
    assert len(cells) == 5, line
    return [re.sub(r"\s+([,.;])", r"\1", " ".join(re.sub(r"<[^>]+>", "", cell).split())) for cell in cells]


@pytest.fixture(scope="module")
def seed_text(shared_data: Path) -> str:
    return (shared_data.parent / "seed" / "lga-isos-regional-workshops-2016.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_priorities(seed_text) -> list[tuple[str, int]]:
    priorities = [
        (text, theme) for theme, text in enumerate(_table_row(seed_text, "Examples of priorities"), 1)
    ]
    # Theme 3's cell lists three alternatives; each alone must land in theme 3 too.
    whole_theme_3 = priorities[2][0]
    parts = [part.strip(" ;") for part in re.split(r";? or ", whole_theme_3)]
    assert len(parts) == 3, parts
    return priorities + [(part, 3) for part in parts]


@pytest.fixture(scope="module")
def seed_learning(seed_text) -> list[tuple[str, int]]:
    return [(text, theme) for theme, text in enumerate(_table_row(seed_text, "Examples of learning"), 1)]


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


# --- the themes file ---------------------------------------------------------------------------


def test_five_themes_with_the_workshop_titles_and_dozens_of_examples():
    themes = load_themes()
    assert {theme.number: theme.title for theme in themes} == TITLES
    for theme in themes:
        assert len(theme.examples) >= 40, theme.number
        assert len(theme.description) > 50


def test_seed_statements_are_not_in_the_training_data(seed_priorities, seed_learning):
    examples = {_normalise(text) for text in labelled_examples()[0]}
    for text, _ in seed_priorities + seed_learning:
        assert _normalise(text) not in examples, text


@needs_model
def test_no_training_example_is_a_near_copy_of_a_seed_statement(seed_priorities, seed_learning):
    examples, _ = labelled_examples()
    seeds = [text for text, _ in seed_priorities + seed_learning]
    similarity = encoder.encode(seeds) @ encoder.encode(examples).T
    assert similarity.max() < 0.9, (seeds[similarity.max(1).argmax()], examples[similarity.max(0).argmax()])


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("version: 1\nthemes: [\n", "YAML syntax error"),
        ("version: 1\n", "themes.yaml: themes: is missing"),
        ("version: 1\nthemes:\n  - {number: 9}\n", "themes"),
    ],
)
def test_broken_themes_file_names_file_place_and_problem(tmp_path, content, problem):
    path = tmp_path / "themes.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ThemesFileError) as failure:
        load_themes(path)
    assert str(path) in str(failure.value)
    assert problem in str(failure.value)


def test_duplicate_example_is_reported_with_both_places(tmp_path):
    source = Path(classifier.__file__).parent / "data" / "themes.yaml"
    first_example = load_themes()[0].examples[0]
    blocks = source.read_text(encoding="utf-8").split("    examples:\n")
    blocks[2] = f'      - "{first_example.upper()}"\n' + blocks[2]  # theme 2 repeats theme 1's first example
    path = tmp_path / "themes.yaml"
    path.write_text("    examples:\n".join(blocks), encoding="utf-8")
    with pytest.raises(ThemesFileError) as failure:
        load_themes(path)
    assert failure.value.where.startswith("themes[1].examples[")
    assert "duplicate of the example at themes[0].examples[" in failure.value.problem


@pytest.mark.parametrize(
    ("change", "where", "problem"),
    [
        (lambda data: data["themes"][3].pop("short_title"), "themes[3].short_title", "is missing"),
        (lambda data: data["themes"][3].update(examples="many"), "themes[3].examples", "should be a list"),
    ],
)
def test_damaged_copy_of_the_themes_file_names_file_and_path(damaged_copy, change, where, problem):
    path = damaged_copy(THEMES_YAML, change)
    with pytest.raises(DataFileError) as failure:
        load_themes(path)
    assert str(failure.value).startswith(f"{path}: {where}: {problem}")


# --- classification ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", classifier.METHODS)
def test_seed_example_priorities_get_their_seed_theme(method, seed_priorities):
    if method == "embedding" and not encoder.available():
        pytest.skip("MiniLM weights not installed")
    results = classifier.classify([text for text, _ in seed_priorities], method=method)
    assert [(r.text, r.theme) for r in results] == seed_priorities
    assert all(r.method == method and r.theme_title == TITLES[r.theme] for r in results)


# The theme-5 lesson is about explaining change to social workers; its words are workforce words,
# and the innovation context lives only in the table's column, so the classifier reads it as
# theme 1. Kept as a strict expected failure: the day it passes, this marker must go.
LEARNING_KNOWN_MISS = {5}


@needs_model
@pytest.mark.parametrize("theme", [1, 2, 3, 4, 5])
def test_seed_learning_lines_get_their_seed_theme_with_embeddings(theme, seed_learning, request):
    if theme in LEARNING_KNOWN_MISS:
        request.applymarker(pytest.mark.xfail(strict=True, reason="workforce wording, innovation context"))
    text = seed_learning[theme - 1][0]
    assert classifier.classify([text], method="embedding")[0].theme == theme


def test_confidence_is_a_probability_and_results_keep_order():
    texts = [
        "Reduce agency social worker numbers",
        "Improve scrutiny by councillors",
        "Pilot a new family model",
    ]
    results = classifier.classify(texts)
    assert [r.text for r in results] == texts
    assert all(0.2 < r.confidence <= 1.0 for r in results)


def test_fallback_is_used_when_the_model_is_absent(monkeypatch):
    monkeypatch.setattr(encoder, "available", lambda: False)
    assert classifier.default_method() == "tfidf"
    result = classifier.classify(["Strengthen the MASH and the front door"])[0]
    assert (result.method, result.theme) == ("tfidf", 3)


def test_empty_input_and_single_string():
    assert classifier.classify([]) == []
    with pytest.raises(TypeError):
        classifier.classify("one string")
    with pytest.raises(ValueError):
        classifier.classify(["text"], method="bag-of-words")


def test_classification_is_deterministic():
    texts = [text for text, _ in zip(*labelled_examples(), strict=True)][::25]
    first = classifier.classify(texts, method="tfidf")
    classifier.trained.cache_clear()
    assert classifier.classify(texts, method="tfidf") == first


# --- held-out evaluation -----------------------------------------------------------------------


def test_evaluate_reports_held_out_accuracy_for_both_methods():
    report = classifier.evaluate()
    assert report["n_train"] + report["n_test"] == report["n_examples"]
    assert report["n_test"] >= 0.2 * report["n_examples"]
    assert report["split"] == {"held_out_share": 0.25, "seed": classifier.SPLIT_SEED, "stratified": True}
    tfidf = report["methods"]["tfidf"]
    assert tfidf["n"] == report["n_test"] == sum(theme["n"] for theme in tfidf["per_theme"].values())
    assert tfidf["correct"] == tfidf["n"] - len(tfidf["errors"])
    assert tfidf["accuracy"] == pytest.approx(tfidf["correct"] / tfidf["n"])
    assert tfidf["accuracy"] >= 0.85
    assert classifier.evaluate() == report


@needs_model
def test_embedding_held_out_accuracy_is_at_least_90_percent():
    embedding = classifier.evaluate()["methods"]["embedding"]
    assert embedding["available"] is True
    assert embedding["accuracy"] >= 0.9, embedding["errors"]


@needs_model
def test_embeddings_of_examples_are_reused_not_recomputed(monkeypatch):
    classifier.classify(["warm up"], method="embedding")

    def fail(texts):
        raise AssertionError(f"re-encoded {len(texts)} texts")

    examples, _ = labelled_examples()
    monkeypatch.setattr(encoder, "encode", fail)
    vectors = classifier._example_vectors(examples[:3])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
