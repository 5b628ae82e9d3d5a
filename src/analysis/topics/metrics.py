"""Measures of a topic model: NPMI coherence, diversity, cross-speaker share, stability.

Whether topics are shared across speakers *more than chance* is tested in
:mod:`analysis.topics.null`; :func:`cross_speaker_share` alone cannot tell (see there).

NPMI uses document co-occurrence over a reference corpus (here: the chunks themselves).
For words i, j in N reference documents, with D(.) the number of documents containing them:
``NPMI = log(P(i,j) / (P(i) P(j))) / -log P(i,j)``, with P(x) = D(x) / N. Conventions:
-1 when the pair never co-occurs, +1 when both occur in every document. A topic's coherence
is the mean over its word pairs; a model's is the mean over its topics.

Examples:
    >>> docs = [{"a", "b"}, {"a", "b"}, {"c"}, {"a", "c"}]
    >>> round(npmi_pair("a", "b", docs), 4)
    0.415

"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from analysis.topics.base import OUTLIER


def npmi_pair(word_i: str, word_j: str, documents: Sequence[set[str]]) -> float:
    """NPMI of two words by document co-occurrence in ``documents`` (sets of tokens).

    Examples:
        >>> npmi_pair("a", "c", [{"a"}, {"c"}])
        -1.0

    """
    n = len(documents)
    n_i = sum(word_i in d for d in documents)
    n_j = sum(word_j in d for d in documents)
    n_ij = sum(word_i in d and word_j in d for d in documents)
    if n_ij == 0:
        return -1.0
    if n_ij == n:
        return 1.0
    p_i, p_j, p_ij = n_i / n, n_j / n, n_ij / n
    return math.log(p_ij / (p_i * p_j)) / -math.log(p_ij)


def topic_npmi(words: Sequence[str], documents: Sequence[set[str]]) -> float:
    """Mean NPMI over all pairs of ``words``; NaN with fewer than two words.

    Examples:
        >>> topic_npmi(["a", "b"], [{"a", "b"}, {"c"}])
        1.0

    """
    pairs = list(combinations(words, 2))
    if not pairs:
        return float("nan")
    return float(np.mean([npmi_pair(i, j, documents) for i, j in pairs]))


def _pair_npmi(n_ij: np.ndarray, n_i: np.ndarray, n_j: np.ndarray, n: int) -> np.ndarray:
    """:func:`npmi_pair` on arrays of document counts (same conventions)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log(n_ij * n / (n_i * n_j)) / -np.log(n_ij / n)
    return np.where(n_ij == 0, -1.0, np.where(n_ij == n, 1.0, value))


def npmi_coherence(topic_words: Sequence[Sequence[str]], documents: Sequence[Sequence[str]], top_n: int = 10) -> float:
    """Mean NPMI of the first ``top_n`` words of each topic, over tokenised reference ``documents``.

    Same values as averaging :func:`topic_npmi`, computed from one word × word co-occurrence
    count matrix. Only document counts of the topic words enter, so the value does not depend
    on which other words the reference documents keep (e.g. a vectorizer's ``max_df``).

    Examples:
        >>> round(npmi_coherence([["a", "b"], ["a", "c"]], [["a", "b"], ["a", "b"], ["c"], ["a", "c"]]), 4)
        0.0613

    """
    scores = [float(_pair_npmi(n_ij, n_i, n_j, len(documents)).mean())
              for n_ij, n_i, n_j in _pair_counts(topic_words, documents, top_n)]
    return float(np.mean(scores)) if scores else float("nan")


def _pair_counts(topic_words: Sequence[Sequence[str]], documents: Sequence[Sequence[str]],
                 top_n: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per topic with ≥ 2 words: document counts of each pair of its first ``top_n`` words, and of each word."""
    tops = [list(words)[:top_n] for words in topic_words]
    index = {w: i for i, w in enumerate(sorted({w for words in tops for w in words}))}
    incidence = np.zeros((len(documents), len(index)))
    for row, document in enumerate(documents):
        incidence[row, [index[w] for w in set(document) if w in index]] = 1.0
    joint = incidence.T @ incidence
    out = []
    for words in tops:
        ids = np.array([index[w] for w in words], dtype=int)
        i, j = np.triu_indices(len(ids), 1)
        if len(i):
            out.append((joint[ids[i], ids[j]], joint[ids[i], ids[i]], joint[ids[j], ids[j]]))
    return out


def zero_pair_share(topic_words: Sequence[Sequence[str]], documents: Sequence[Sequence[str]], top_n: int = 10) -> float:
    """Share of the top-word pairs (all topics pooled) that never share a reference document (NPMI −1 by convention).

    Examples:
        >>> zero_pair_share([["a", "b", "c"]], [["a", "b"], ["c"]])
        0.6667

    """
    pairs = np.concatenate([n_ij for n_ij, _, _ in _pair_counts(topic_words, documents, top_n)] or [np.array([])])
    return round(float(np.mean(pairs == 0)), 4) if len(pairs) else float("nan")


def topic_diversity(topic_words: Sequence[Sequence[str]], top_n: int = 10) -> float:
    """Share of unique words among the first ``top_n`` words of all topics.

    Examples:
        >>> topic_diversity([["a", "b"], ["a", "c"]])
        0.75

    """
    tops = [w for words in topic_words for w in list(words)[:top_n]]
    return len(set(tops)) / len(tops) if tops else float("nan")


def speaker_shares(topics: Sequence[int], speakers: Sequence[str]) -> pd.DataFrame:
    """Topics × speakers table: share of each topic's chunks by speaker (outliers left out).

    Examples:
        >>> speaker_shares([0, 0, 1, -1], ["a", "b", "a", "b"]).to_dict()
        {'a': {0: 0.5, 1: 1.0}, 'b': {0: 0.5, 1: 0.0}}

    """
    frame = pd.DataFrame({"topic": list(topics), "speaker": list(speakers)})
    frame = frame[frame["topic"] != OUTLIER]
    counts = pd.crosstab(frame["topic"], frame["speaker"])
    return counts.div(counts.sum(axis=1), axis=0)


def shared_topics(topics: Sequence[int], speakers: Sequence[str], min_share: float = 0.10, min_speakers: int = 2) -> list[int]:
    """Topics to which at least ``min_speakers`` speakers each contribute ≥ ``min_share`` of chunks.

    Examples:
        >>> shared_topics([0, 0, 1, 1], ["a", "b", "a", "a"])
        [0]

    """
    shares = speaker_shares(topics, speakers)
    return [int(t) for t in shares.index[(shares >= min_share).sum(axis=1) >= min_speakers]]


def cross_speaker_share(topics: Sequence[int], speakers: Sequence[str], min_share: float = 0.10) -> float:
    """Share of (non-outlier) topics that are shared by two or more speakers (see :func:`shared_topics`).

    Examples:
        >>> cross_speaker_share([0, 0, 1, 1], ["a", "b", "a", "a"])
        0.5

    """
    n_topics = len({t for t in topics if t != OUTLIER})
    return len(shared_topics(topics, speakers, min_share)) / n_topics if n_topics else float("nan")


def stability_per_run(assignments: Sequence[Sequence[int]]) -> list[float]:
    """Each run's mean adjusted Rand index with every other run (their mean is :func:`stability`).

    Examples:
        >>> stability_per_run([[0, 0, 1, 1], [1, 1, 0, 0], [0, 1, 0, 1]])
        [0.25, 0.25, -0.5]

    """
    runs = list(assignments)
    if len(runs) < 2:
        return [float("nan")] * len(runs)
    ari = np.array([[adjusted_rand_score(a, b) if i != j else np.nan for j, b in enumerate(runs)] for i, a in enumerate(runs)])
    return [float(v) for v in np.nanmean(ari, axis=1)]


def stability(assignments: Sequence[Sequence[int]]) -> float:
    """Mean adjusted Rand index over all pairs of assignment vectors (e.g. one per seed).

    Examples:
        >>> stability([[0, 0, 1, 1], [1, 1, 0, 0], [0, 0, 1, 1]])
        1.0

    """
    pairs = list(combinations(assignments, 2))
    return float(np.mean([adjusted_rand_score(a, b) for a, b in pairs])) if pairs else float("nan")


#: Smallest share of the chunks (with a topic) that makes a topic a catch-all, when it is also
#: at least twice an even split's share (:func:`catch_all`).
CATCH_ALL_SHARE = 0.2


def largest_share(topics: Sequence[int]) -> float:
    """Share of the chunks with a topic that fall in the largest topic; NaN when no chunk has one.

    Examples:
        >>> largest_share([0, 0, 0, 1, -1])
        0.75

    """
    sizes = pd.Series([t for t in topics if t != OUTLIER]).value_counts()
    return float(sizes.iloc[0] / sizes.sum()) if len(sizes) else float("nan")


def catch_all(sizes: Sequence[int], min_share: float = CATCH_ALL_SHARE) -> list[bool]:
    """Which topics (given their chunk counts) hold ≥ ``min_share`` of the chunks and ≥ twice an even split.

    A topic like that (145 of 413 chunks, issue 26) is where a model puts what it cannot place;
    its top words describe the corpus, not a theme.

    Examples:
        >>> catch_all([145, 60, 50, 48, 40, 40, 30])
        [True, False, False, False, False, False, False]
        >>> catch_all([50, 50])
        [False, False]

    """
    total = sum(sizes)
    return [bool(total and size / total >= max(min_share, 2 / len(sizes))) for size in sizes]
