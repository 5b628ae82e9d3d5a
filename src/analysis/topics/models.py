"""Topic models of the interview chunks: BERTopic (light install) and NMF / LDA baselines.

Every model sees the same chunks (:mod:`analysis.topics.chunks`) and the same tokens (one
CountVectorizer built on the project tokenizer), so their metrics
(:mod:`analysis.topics.metrics`) compare like with like. Everything is seeded: two runs with
the same settings give identical assignments.

Examples:
    >>> from analysis.topics.chunks import chunk_turns
    >>> import analysis
    >>> chunks = chunk_turns(analysis.load_corpus().sentences)  # doctest: +SKIP
    >>> runs, metrics = compare_models(chunks, embed(chunks.text.tolist()))  # doctest: +SKIP
    >>> metrics[["model", "npmi", "shared_topics"]]  # doctest: +SKIP

"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from bertopic import BERTopic
from bertopic.backend import BaseEmbedder
from bertopic.representation import KeyBERTInspired, MaximalMarginalRelevance
from hdbscan import HDBSCAN
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from umap import UMAP

from analysis.cache import content_key
from analysis.config import SEED
from analysis.text.embeddings import embed_passages
from analysis.topics.metrics import OUTLIER

Tokenizer = Callable[[str], list[str]]


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


def project_tokenizer() -> Tokenizer:
    """The project's jieba tokenizer with domain dictionary and stopwords (``analysis.text.tokenizer``)."""
    from analysis.text.tokenizer import tokenize

    return tokenize


@dataclass(frozen=True)
class TopicSettings:
    """Knobs of the topic models; the defaults are the settings chosen in notebook 03.

    ``clustering`` is ``"hdbscan"`` (uses ``min_cluster_size``) or ``"kmeans"`` /
    ``"agglomerative"`` (use ``n_topics``); ``representation`` (the main top words, used for
    labels and metrics) and each of ``aspects`` (extra word lists) is ``"ctfidf"``, ``"keybert"``
    or ``"mmr"``; ``centre`` subtracts each document's mean embedding before clustering.
    """

    clustering: str = "hdbscan"
    min_cluster_size: int = 12
    n_topics: int = 12
    n_neighbors: int = 15
    n_components: int = 5
    centre: bool = True
    representation: str = "ctfidf"
    aspects: tuple[str, ...] = ("keybert",)
    reduce_outliers: bool = True
    top_n: int = 10
    min_df: int = 2
    max_df: float = 1.0
    seed: int = SEED


#: The settings every function uses unless given others.
DEFAULT_SETTINGS = TopicSettings()


@dataclass
class TopicResult:
    """One fitted model: a topic per chunk (-1 = outlier), the top words of each topic, extra word lists."""

    method: str
    topics: np.ndarray
    topic_words: dict[int, list[str]]
    model: Any = field(default=None, repr=False)
    aspects: dict[str, dict[int, list[str]]] = field(default_factory=dict)

    def labels(self, n_words: int = 4) -> dict[int, str]:
        """Readable label per topic, e.g. ``"3 数据·模型·泛化·记忆"``."""
        return {t: topic_label(t, words, n_words) for t, words in self.topic_words.items()}


def topic_label(topic: int, words: Sequence[str], n_words: int = 4) -> str:
    """``"<id> w1·w2·…"`` from the first ``n_words`` words; outliers are labelled as such.

    Examples:
        >>> topic_label(3, ["数据", "模型", "泛化", "记忆", "规模"])
        '3 数据·模型·泛化·记忆'
        >>> topic_label(-1, [])
        '-1 (outlier)'

    """
    return f"{topic} (outlier)" if topic == OUTLIER else f"{topic} " + "·".join(list(words)[:n_words])


def make_vectorizer(texts: Sequence[str], tokenizer: Tokenizer, min_df: int = 2, max_df: float = 1.0) -> CountVectorizer:
    """CountVectorizer on the project tokenizer with its vocabulary fixed from the chunks ``texts``.

    Fixing the vocabulary at chunk level matters for BERTopic: its c-TF-IDF refits the
    vectorizer on one concatenated document per topic, where ``min_df`` would count topics.

    Examples:
        >>> make_vectorizer(["a b", "a c", "a b"], str.split).get_feature_names_out().tolist()
        ['a', 'b']

    """
    options = {"tokenizer": tokenizer, "token_pattern": None, "lowercase": False}
    fitted = CountVectorizer(min_df=min_df, max_df=max_df, **options).fit(list(texts))
    return CountVectorizer(vocabulary=fitted.get_feature_names_out().tolist(), **options)


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


def _words(representation: list[tuple[str, float]]) -> list[str]:
    """Words of a BERTopic representation, padding blanks dropped."""
    return [word for word, _ in representation if word]


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
    embedding, then computes the final representations (aspects use the raw embedding model,
    ``embedder``, by default :class:`ProjectEmbedder`). Fits given the same ``reductions`` dict
    share their UMAP fits (see :class:`SharedUMAP`).
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
    if settings.reduce_outliers and OUTLIER in topics:
        topics = model.reduce_outliers(texts, topics, strategy="embeddings", embeddings=embeddings)
    with _bertopic_warnings_silenced():
        model.update_topics(
            texts, topics=topics, vectorizer_model=vectorizer, representation_model=_representations(settings),
            top_n_words=settings.top_n,
        )
    used = [t for t in sorted(set(topics)) if t != OUTLIER]
    words = {t: _words(model.get_topic(t)) for t in used}
    aspects = {name: {t: _words(model.topic_aspects_[name][t]) for t in used} for name in settings.aspects}
    return TopicResult("bertopic", np.asarray(topics), words, model, aspects)


def _decomposition_result(method: str, doc_topic: np.ndarray, components: np.ndarray, vocab: np.ndarray,
                          top_n: int, model: Any) -> TopicResult:
    """Argmax assignment (-1 for chunks without any token) and top words of the used topics."""
    topics = np.where(doc_topic.sum(axis=1) > 0, doc_topic.argmax(axis=1), OUTLIER)
    used = sorted(int(t) for t in set(topics) if t != OUTLIER)
    words = {t: vocab[np.argsort(-components[t], kind="stable")[:top_n]].tolist() for t in used}
    return TopicResult(method, topics, words, model)


def fit_nmf(texts: Sequence[str], n_topics: int, settings: TopicSettings = DEFAULT_SETTINGS,
            tokenizer: Tokenizer | None = None) -> TopicResult:
    """NMF on TF-IDF of the same token counts (seeded ``nndsvdar`` init, so the seed matters)."""
    texts = list(texts)
    vectorizer = make_vectorizer(texts, tokenizer or project_tokenizer(), settings.min_df, settings.max_df)
    counts = vectorizer.fit_transform(texts)
    tfidf = TfidfTransformer().fit_transform(counts)
    model = NMF(n_components=n_topics, init="nndsvdar", random_state=settings.seed, max_iter=1000)
    doc_topic = model.fit_transform(tfidf)
    doc_topic[np.asarray(counts.sum(axis=1)).ravel() == 0] = 0
    return _decomposition_result("nmf", doc_topic, model.components_, vectorizer.get_feature_names_out(),
                                 settings.top_n, model)


def fit_lda(texts: Sequence[str], n_topics: int, settings: TopicSettings = DEFAULT_SETTINGS,
            tokenizer: Tokenizer | None = None) -> TopicResult:
    """LDA (batch variational Bayes) on the same token counts, seeded."""
    texts = list(texts)
    vectorizer = make_vectorizer(texts, tokenizer or project_tokenizer(), settings.min_df, settings.max_df)
    counts = vectorizer.fit_transform(texts)
    model = LatentDirichletAllocation(n_components=n_topics, learning_method="batch", max_iter=100, evaluate_every=5,
                                      random_state=settings.seed)
    doc_topic = model.fit_transform(counts)
    doc_topic[np.asarray(counts.sum(axis=1)).ravel() == 0] = 0
    return _decomposition_result("lda", doc_topic, model.components_, vectorizer.get_feature_names_out(),
                                 settings.top_n, model)
