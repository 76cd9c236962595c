"""The MiniLM weights are upstream's, checked on load; anything else falls back to TF-IDF and says so."""

import html
import logging
import shutil
from pathlib import Path

import pytest

from journeys.priorities import classifier, encoder

PACKAGE_FOLDER = Path(encoder.__file__).parent


@pytest.fixture
def model_folder(tmp_path, monkeypatch):
    """A folder named by JOURNEYS_MODEL_DIR with the real tokenizer; the test writes the weights."""
    packaged = encoder.check_model().folder
    shutil.copy(packaged / "tokenizer.json", tmp_path / "tokenizer.json")
    monkeypatch.setenv(encoder.MODEL_DIR_SETTING, str(tmp_path))
    encoder.get_encoder.cache_clear()
    yield tmp_path
    encoder.get_encoder.cache_clear()


def test_the_installed_weights_are_upstreams():
    check = encoder.check_model()
    assert check.verified, check.reason
    assert (check.folder / "model.safetensors").stat().st_size == 90_868_376


def test_weights_of_the_right_size_but_other_bytes_are_not_used(model_folder, caplog):
    with (model_folder / "model.safetensors").open("wb") as file:
        file.truncate(encoder.UPSTREAM_WEIGHTS_BYTES)  # all zeros: upstream's size, not its bytes
    with caplog.at_level(logging.WARNING, logger="journeys.priorities.encoder"):
        check = encoder.check_model()
    assert not check.verified
    assert check.reason == "the model's weights do not match upstream's SHA-256 checksum"
    assert "Theme suggestions use TF-IDF instead" in caplog.text
    assert not encoder.available()
    assert classifier.default_method() == "tfidf"
    with pytest.raises(encoder.ModelUnavailable, match="SHA-256"):
        encoder.encode(["Recruit and retain permanent social workers"])


def test_weights_of_another_size_are_not_used(model_folder):
    (model_folder / "model.safetensors").write_bytes(b"not a model")
    check = encoder.check_model()
    assert check.reason == "the model's weights are 11 bytes, not upstream's 90,868,376"
    assert encoder.model_dir() is None


def test_upstreams_files_in_another_folder_replace_the_packaged_ones(model_folder):
    packaged = Path(encoder.importlib.util.find_spec(encoder.MODEL_PACKAGE).origin).parent / "model"
    (model_folder / "model.safetensors").symlink_to(packaged / "model.safetensors")
    assert encoder.model_dir() == model_folder
    assert encoder.encode(["Recruit and retain permanent social workers"]).shape == (1, encoder.DIMENSIONS)


def test_the_licence_and_attribution_ship_with_the_app():
    notice = (PACKAGE_FOLDER / "MODEL-NOTICE").read_text()
    assert "Apache License, Version 2.0" in notice
    assert "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2" in notice
    assert encoder.UPSTREAM_WEIGHTS_SHA256 in notice
    assert (
        "Apache License\n                           Version 2.0, January 2004"
        in (PACKAGE_FOLDER / "MODEL-LICENCE").read_text()
    )


@pytest.mark.django_db
def test_the_about_page_names_the_model_its_licence_and_that_it_is_in_use(client):
    page = client.get("/about/").content.decode()
    assert 'href="https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2">all-MiniLM-L6-v2</a>' in page
    assert "Apache License, Version 2.0" in page
    assert "In use: checked against the published checksum" in page
    assert 'href="/about/"' in page  # the footer leads here from every page


@pytest.mark.django_db
def test_the_about_page_says_when_the_model_is_not_used(client, model_folder):
    (model_folder / "model.safetensors").write_bytes(b"not a model")
    page = html.unescape(client.get("/about/").content.decode())
    assert "Not in use" in page
    assert (
        "Theme suggestions use a simpler word-matching method (TF-IDF), "
        "because the model's weights are 11 bytes" in page
    )
