"""Tables and coordinates the notebook shows for one fitted topic model, whichever model won.

Chunk → topic assignments, topic × speaker counts, one row per topic, the 2-D map of the
chunks, each topic's mean embedding and the topics' hierarchy. Nothing here depends on which
model produced the :class:`~analysis.topics.base.TopicResult`.

Examples:
    >>> chunks = pd.DataFrame({"doc_id": ["d"] * 3, "turn_id": [0, 0, 1], "chunk_id": ["d:0:0", "d:0:1", "d:1:0"],
    ...                        "speaker": ["ann", "ann", "bob"], "text": ["x", "y", "z"]})
    >>> result = TopicResult("nmf", np.array([0, 0, 1]), {0: ["x"], 1: ["z"]})
    >>> speaker_counts(chunks, result).to_dict()
    {'ann': {'0 x': 2, '1 z': 0}, 'bob': {'0 x': 0, '1 z': 1}}

"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import linkage

from analysis.topics import metrics as tm
from analysis.topics.base import DEFAULT_SETTINGS, TopicResult, TopicSettings, topic_label

#: UMAP's ``min_dist`` for the 2-D map of the chunks (looser than the clustering's 0.0, for legibility).
MAP_MIN_DIST = 0.1


def assignment_table(chunks: pd.DataFrame, result: TopicResult) -> pd.DataFrame:
    """Chunk → topic table: doc_id, turn_id, chunk_id, speaker, model, topic, topic_label, text."""
    labels = result.labels()
    out = chunks[["doc_id", "turn_id", "chunk_id", "speaker"]].copy()
    out["model"] = result.method
    out["topic"] = result.topics.astype(int)
    out["topic_label"] = [labels.get(t, topic_label(t, [])) for t in out["topic"]]
    out["text"] = chunks["text"].to_numpy()
    return out.reset_index(drop=True)


def speaker_counts(chunks: pd.DataFrame, result: TopicResult) -> pd.DataFrame:
    """Topic label × speaker table of chunk counts (outliers, if any, as their own row)."""
    labels = result.labels()
    label = pd.Series([labels.get(t, topic_label(t, [])) for t in result.topics], index=chunks.index, name="label")
    counts = pd.crosstab(label, chunks["speaker"])
    counts.columns.name = None
    order = [labels.get(t, topic_label(t, [])) for t in sorted(set(result.topics.tolist()))]
    return counts.loc[order]


def topic_table(chunks: pd.DataFrame, result: TopicResult, specific: pd.DataFrame | None = None,
                n_speakers: int = 3) -> pd.DataFrame:
    """One row per topic: size, its top words, its main speakers, ``catch-all`` and (with ``specific``) the sharing test.

    ``catch-all`` marks a topic holding a large share of the chunks (:func:`metrics.catch_all`).
    ``specific`` is the per-topic table of :func:`analysis.topics.null.sharing_test`; from it
    come ``q`` (Benjamini–Hochberg) and ``speaker-specific`` (q below the test's level). The old
    ``≥2 guests ≥10 %`` criterion is kept as ``two guests ≥10 %`` for comparison only.
    """
    shared = set(tm.shared_topics(result.topics, chunks["speaker"]))
    counts = speaker_counts(chunks, result)
    labels = result.labels()
    table = pd.DataFrame({
        "topic": list(result.topic_words),
        "chunks": [int((result.topics == t).sum()) for t in result.topic_words],
        "top words": [" ".join(w) for w in result.topic_words.values()],
        "main speakers": [", ".join(counts.loc[labels[t]].sort_values(ascending=False).index[:n_speakers])
                          for t in result.topic_words],
        "two guests ≥10 %": [t in shared for t in result.topic_words],
    })  # fmt: skip
    table["catch-all"] = tm.catch_all(table["chunks"].tolist())
    for aspect, words in result.aspects.items():
        table[aspect] = [" ".join(words.get(t, [])) for t in result.topic_words]
    if specific is not None:
        tests = specific.set_index("topic")
        table["q"] = table["topic"].map(tests["q"])
        table["speaker-specific"] = table["topic"].map(tests["specific"])
    return table


def top_word_weights(result: TopicResult, n_words: int = 8) -> dict[int, list[tuple[str, float]]]:
    """The first ``n_words`` (word, weight) pairs of each topic, as the model weighs them."""
    return {t: list(pairs)[:n_words] for t, pairs in result.word_weights.items()}


def document_map(embeddings: np.ndarray, groups: Sequence[str], settings: TopicSettings = DEFAULT_SETTINGS) -> np.ndarray:
    """2-D UMAP coordinates of the chunks, on the embeddings the clustering saw (centred when ``settings.centre``)."""
    from umap import UMAP

    from analysis.topics.models import centre

    vectors = centre(embeddings, groups) if settings.centre else embeddings
    umap = UMAP(n_neighbors=settings.n_neighbors, n_components=2, min_dist=MAP_MIN_DIST, metric="cosine",
                random_state=settings.seed)  # fmt: skip
    return umap.fit_transform(vectors)


def topic_vectors(embeddings: np.ndarray, result: TopicResult) -> np.ndarray:
    """Each topic's mean chunk embedding (raw, not centred), in ``result.topic_words`` order."""
    return np.stack([embeddings[result.topics == t].mean(axis=0) for t in result.topic_words])


def topic_tree(vectors: np.ndarray) -> np.ndarray:
    """Average-linkage hierarchy of topic vectors by cosine distance (scipy linkage matrix)."""
    return linkage(vectors, method="average", metric="cosine")
