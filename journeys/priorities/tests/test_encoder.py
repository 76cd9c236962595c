"""The numpy MiniLM encoder reproduces sentence-transformers' all-MiniLM-L6-v2 vectors."""

import numpy as np
import pytest

from journeys.priorities import encoder

# First six dimensions of the normalised embeddings from sentence-transformers 6.2.0 + torch
# (docs: shared research, stack appendix). They guard against a wrong or tampered model.
REFERENCE = {
    "Improve the stability of the social care workforce and reduce agency reliance": [
        -0.028246,
        -0.066367,
        -0.101160,
        0.068910,
        -0.047185,
        0.113412,
    ],
    "Recruit and retain permanent social workers": [
        -0.064921,
        -0.000511,
        0.000983,
        0.099594,
        0.033904,
        0.107743,
    ],
    "Strengthen partnership working with health and police on safeguarding": [
        -0.039747,
        0.137779,
        -0.054756,
        -0.009013,
        0.009582,
        0.157679,
    ],
}

needs_model = pytest.mark.skipif(not encoder.available(), reason="MiniLM weights not installed")


@needs_model
def test_matches_reference_vectors():
    vectors = encoder.encode(list(REFERENCE))
    assert vectors.shape == (3, encoder.DIMENSIONS)
    np.testing.assert_allclose(vectors[:, :6], np.array(list(REFERENCE.values())), atol=1e-5)


@needs_model
def test_reference_cosines_and_unit_length():
    first, second, third = encoder.encode(list(REFERENCE))
    assert float(first @ second) == pytest.approx(0.475, abs=1e-3)
    assert float(first @ third) == pytest.approx(0.272, abs=1e-3)
    np.testing.assert_allclose(np.linalg.norm([first, second, third], axis=1), 1.0, atol=1e-6)


@needs_model
def test_batching_and_padding_do_not_change_vectors():
    texts = list(REFERENCE) + [
        "MASH",
        "A much longer statement about early help, thresholds and the front door " * 3,
    ]
    together = encoder.encode(texts, batch_size=32)
    one_by_one = np.vstack([encoder.encode([text]) for text in texts])
    np.testing.assert_allclose(together, one_by_one, atol=1e-5)


@needs_model
def test_encoder_is_loaded_once():
    assert encoder.get_encoder() is encoder.get_encoder()


@needs_model
def test_single_string_is_rejected():
    with pytest.raises(TypeError):
        encoder.encode("not a list")


def test_missing_package_is_reported(monkeypatch):
    monkeypatch.setattr(encoder.importlib.util, "find_spec", lambda name: None)
    assert encoder.model_dir() is None
    assert encoder.available() is False
