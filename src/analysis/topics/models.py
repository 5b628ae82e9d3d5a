"""BERTopic (light install) on precomputed embeddings of the interview chunks.

It uses the same vectorizer as the NMF / LDA baselines (:mod:`analysis.topics.baselines`), so
their top words and metrics compare like with like. Everything is seeded: two fits with the
same settings give identical assignments.

Examples:
    >>> from analysis.topics.chunks import chunk_turns
    >>> import analysis
    >>> chunks = chunk_turns(analysis.load_corpus().sentences)  # doctest: +SKIP
    >>> result = fit_bertopic(chunks.text, embed_passages(chunks.text.tolist()), groups=chunks.doc_id)  # doctest: +SKIP
    >>> result.labels()  # doctest: +SKIP

"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
from bertopic import BERTopic
from bertopic.backend import BaseEmbedder
from bertopic.representation import KeyBERTInspired, MaximalMarginalRelevance
from hdbscan import HDBSCAN
from sklearn.cluster import AgglomerativeClustering, KMeans
from umap import UMAP

from analysis.cache import content_key
from analysis.config import SEED
from analysis.text.embeddings import embed_passages
from analysis.topics.base import DEFAULT_SETTINGS, OUTLIER, TopicResult, TopicSettings
from analysis.topics.baselines import Tokenizer, make_vectorizer, project_tokenizer


def cache_umap_kernels() -> int:
    """Let numba keep UMAP's compiled kernels on disk, as it already does for pynndescent's.

    umap-learn compiles about a hundred numba functions without ``cache=True``, so every new
    process (each notebook kernel) spent ~10 s compiling them before its first fit. This turns on
    numba's own cache for them: machine code stored beside the package (or in
    ``NUMBA_CACHE_DIR``), keyed and invalidated by numba. Returns how many were switched on.
    """
    from numba.core.dispatcher import Dispatcher
    from umap import distances, layouts, umap_, utils

    switched = 0
    for module in (umap_, layouts, utils, distances):
        for function in vars(module).values():
            if isinstance(function, Dispatcher) and type(function._cache).__name__ == "NullCache":
                function.enable_caching()
                switched += 1
    return switched


cache_umap_kernels()


def compile_kernels() -> None:
    """Compile (and cache) UMAP's and HDBSCAN's numba kernels with a tiny fit; ``make setup`` runs it once."""
    x = np.random.default_rng(SEED).normal(size=(60, 8)).astype(np.float32)
    HDBSCAN(min_cluster_size=5).fit(UMAP(n_neighbors=5, n_components=2, metric="cosine", random_state=SEED).fit_transform(x))


def centre(vectors: np.ndarray, groups: Sequence[Any]) -> np.ndarray:
    """Subtract each group's mean vector, then L2-normalise rows (removes per-document style).

    Examples:
        >>> centre(np.array([[1.0, 0.0], [0.0, 1.0]]), ["a", "a"]).astype(float).round(3).tolist()
        [[0.707, -0.707], [-0.707, 0.707]]

    """
    out = np.asarray(vectors, dtype=np.float64).copy()
    groups = np.asarray(groups)
    for g in pd.unique(groups):
        rows = groups == g
        out[rows] -= out[rows].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return (out / np.where(norms == 0, 1.0, norms)).astype(np.float32)


@contextmanager
def _bertopic_warnings_silenced() -> Iterator[None]:
    """Silence BERTopic's logger (its warning about custom topic lists is expected here)."""
    logger = logging.getLogger("BERTopic")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


class ProjectEmbedder(BaseEmbedder):
    """BERTopic backend wrapping :func:`analysis.text.embeddings.embed_passages` (cached, offline)."""

    def __init__(self, model: Any = None, use_cache: bool = True) -> None:
        """Use the project's embedding ``model`` (None: the project-wide choice)."""
        super().__init__()
        self.model = model
        self.use_cache = use_cache

    def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
        """Embed documents or words through the project cache."""
        return embed_passages(list(documents), model=self.model, use_cache=self.use_cache, progress=verbose)


class SharedUMAP:
    """UMAP whose fits are shared, through ``fitted``, by models with the same input and parameters.

    A settings sweep fits BERTopic many times on the same embeddings, but the reduction depends
    only on the (centred) embeddings and the UMAP parameters and seed, so each distinct one is
    fitted once. UMAP is deterministic under a fixed ``random_state``: a shared fit is exactly
    what a refit would give.

    Examples:
        >>> fitted = {}
        >>> x = np.random.default_rng(0).normal(size=(40, 8)).astype(np.float32)
        >>> a = SharedUMAP(fitted, n_neighbors=5, random_state=0).fit_transform(x)
        >>> b = SharedUMAP(fitted, n_neighbors=5, random_state=0).fit_transform(x)
        >>> len(fitted), np.array_equal(a, b)
        (1, True)

    """

    def __init__(self, fitted: dict[str, UMAP], **params: Any) -> None:
        """Share fits through ``fitted`` (key → fitted UMAP); ``params`` go to ``umap.UMAP``."""
        self.fitted, self.params = fitted, params
        self.model: UMAP | None = None

    def fit_transform(self, x: np.ndarray, y: np.ndarray | None = None) -> np.ndarray:
        """Fit (or reuse the fit for this input) and return the reduced coordinates."""
        x = np.ascontiguousarray(x)
        key = content_key(x.shape, x, None if y is None else np.asarray(y), sorted(self.params.items()))
        if key not in self.fitted:
            self.fitted[key] = UMAP(**self.params).fit(x, y=y)
        self.model = self.fitted[key]
        return self.model.embedding_.copy()

    def transform(self, x: np.ndarray) -> np.ndarray:
        """Reduce new points with the fitted UMAP."""
        if self.model is None:
            raise ValueError("SharedUMAP is not fitted yet: call fit_transform first")
        return self.model.transform(x)


def make_reducer(settings: TopicSettings, fitted: dict[str, UMAP] | None = None) -> Any:
    """The UMAP for BERTopic's ``umap_model`` slot; with ``fitted``, fits are shared (see :class:`SharedUMAP`)."""
    params = {"n_neighbors": settings.n_neighbors, "n_components": settings.n_components, "min_dist": 0.0,
              "metric": "cosine", "random_state": settings.seed}  # fmt: skip
    return UMAP(**params) if fitted is None else SharedUMAP(fitted, **params)


def make_clusterer(settings: TopicSettings) -> Any:
    """The model for BERTopic's ``hdbscan_model`` slot, per ``settings.clustering``."""
    if settings.clustering == "hdbscan":
        return HDBSCAN(min_cluster_size=settings.min_cluster_size, metric="euclidean", prediction_data=True)
    if settings.clustering == "kmeans":
        return KMeans(n_clusters=settings.n_topics, random_state=settings.seed, n_init=10)
    if settings.clustering == "agglomerative":
        return AgglomerativeClustering(n_clusters=settings.n_topics, linkage="ward")
    raise ValueError(f"unknown clustering {settings.clustering!r}: use hdbscan, kmeans or agglomerative")


def make_representation(name: str, settings: TopicSettings) -> Any:
    """KeyBERTInspired, MaximalMarginalRelevance or None (plain c-TF-IDF) for ``name``."""
    if name == "keybert":
        return KeyBERTInspired(top_n_words=settings.top_n, random_state=settings.seed)
    if name == "mmr":
        return MaximalMarginalRelevance(diversity=0.3, top_n_words=settings.top_n)
    if name == "ctfidf":
        return None
    raise ValueError(f"unknown representation {name!r}: use ctfidf, keybert or mmr")


def _representations(settings: TopicSettings) -> dict[str, Any] | None:
    """BERTopic's representation_model: the main one under "Main" plus the aspects."""
    models = {"Main": make_representation(settings.representation, settings)}
    models |= {name: make_representation(name, settings) for name in settings.aspects}
    models = {k: v for k, v in models.items() if v is not None}
    return models or None


def _pairs(representation: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """(word, weight) pairs of a BERTopic representation, padding blanks dropped."""
    return [(word, float(weight)) for word, weight in representation if word]


def fit_bertopic(
    texts: Sequence[str],
    embeddings: np.ndarray,
    settings: TopicSettings = DEFAULT_SETTINGS,
    tokenizer: Tokenizer | None = None,
    groups: Sequence[Any] | None = None,
    embedder: BaseEmbedder | None = None,
    reductions: dict[str, UMAP] | None = None,
) -> TopicResult:
    """Fit BERTopic on precomputed ``embeddings``; ``groups`` (doc ids) are needed when centring.

    Clusters on (optionally centred) embeddings, reassigns outliers to the nearest topic
    embedding when ``settings.reduce_outliers`` (the assignments before it, with HDBSCAN's
    noise as -1, are kept as ``raw_topics``), then computes the final representations (aspects
    use the raw embedding model, ``embedder``, by default :class:`ProjectEmbedder`). Fits given
    the same ``reductions`` dict share their UMAP fits (see :class:`SharedUMAP`). When HDBSCAN
    finds no cluster, every chunk stays an outlier and the result has no topics.
    """
    texts = list(texts)
    if settings.centre:
        if groups is None:
            raise ValueError("centre=True needs groups (e.g. chunks.doc_id)")
        embeddings = centre(embeddings, groups)
    vectorizer = make_vectorizer(texts, tokenizer or project_tokenizer(), settings.min_df, settings.max_df)
    model = BERTopic(
        embedding_model=embedder or ProjectEmbedder(),
        umap_model=make_reducer(settings, reductions),
        hdbscan_model=make_clusterer(settings),
        vectorizer_model=vectorizer,
        top_n_words=settings.top_n,
    )
    topics, _ = model.fit_transform(texts, embeddings=embeddings)
    raw_topics = np.asarray(topics).copy()
    if (raw_topics == OUTLIER).all():  # no cluster at all: nothing to reassign to, no topic words
        return TopicResult("bertopic", raw_topics, {}, model, {name: {} for name in settings.aspects}, raw_topics)
    if settings.reduce_outliers and OUTLIER in topics:
        topics = model.reduce_outliers(texts, topics, strategy="embeddings", embeddings=embeddings)
    with _bertopic_warnings_silenced():
        model.update_topics(
            texts, topics=topics, vectorizer_model=vectorizer, representation_model=_representations(settings),
            top_n_words=settings.top_n,
        )
    used = [t for t in sorted(set(topics)) if t != OUTLIER]
    weights = {t: _pairs(model.get_topic(t)) for t in used}
    words = {t: [w for w, _ in pairs] for t, pairs in weights.items()}
    aspects = {name: {t: [w for w, _ in _pairs(model.topic_aspects_[name][t])] for t in used} for name in settings.aspects}
    return TopicResult("bertopic", np.asarray(topics), words, model, aspects, raw_topics, weights)
