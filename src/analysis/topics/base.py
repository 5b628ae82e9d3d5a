"""What every topic model shares: its settings, its result, and how a topic is labelled.

Kept apart from :mod:`analysis.topics.models` (BERTopic, UMAP: slow to import) so the NMF/LDA
baselines and the metrics load without them.

Examples:
    >>> TopicSettings().describe("nmf")
    'k=12, min_df=2, max_df=1.0'
    >>> TopicSettings(min_cluster_size=8).describe("bertopic")
    'hdbscan min_cluster_size=8, centred, min_df=2, max_df=1.0'

"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis.config import SEED

#: Topic id of a chunk that belongs to no topic (HDBSCAN noise, or a chunk without any token).
OUTLIER = -1

#: The models the package fits, in the order tables list them.
MODELS = ("bertopic", "nmf", "lda")


@dataclass(frozen=True)
class TopicSettings:
    """Knobs of the topic models (each model reads the ones it uses).

    BERTopic: ``clustering`` is ``"hdbscan"`` (uses ``min_cluster_size``) or ``"kmeans"`` /
    ``"agglomerative"`` (use ``n_topics``); ``representation`` (the main top words, used for
    labels and metrics) and each of ``aspects`` (extra word lists) is ``"ctfidf"``, ``"keybert"``
    or ``"mmr"``; ``centre`` subtracts each document's mean embedding before clustering;
    ``reduce_outliers`` reassigns HDBSCAN's outliers to the nearest topic. NMF and LDA use
    ``n_topics``. All use the vectorizer's ``min_df`` / ``max_df``, ``top_n`` and ``seed``.
    The defaults are a usable BERTopic setting (the benchmark's); notebook 03 chooses each
    model's setting by measurement (:mod:`analysis.topics.selection`).
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

    def describe(self, model: str) -> str:
        """The knobs that matter for ``model``, as a short readable string (the seed left out)."""
        vocabulary = f"min_df={self.min_df}, max_df={self.max_df}"
        if model != "bertopic":
            return f"k={self.n_topics}, {vocabulary}"
        size = f"min_cluster_size={self.min_cluster_size}" if self.clustering == "hdbscan" else f"k={self.n_topics}"
        return f"{self.clustering} {size}, {'centred' if self.centre else 'not centred'}, {vocabulary}"


#: The settings every function uses unless given others.
DEFAULT_SETTINGS = TopicSettings()


@dataclass
class TopicResult:
    """One fitted model: a topic per chunk (-1 = outlier), each topic's top words and their weights.

    ``raw_topics`` are the assignments before any outlier reassignment (BERTopic's HDBSCAN
    noise is -1 there); ``word_weights`` pairs each top word with the model's weight for it.
    """

    method: str
    topics: np.ndarray
    topic_words: dict[int, list[str]]
    model: Any = field(default=None, repr=False)
    aspects: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    raw_topics: np.ndarray | None = None
    word_weights: dict[int, list[tuple[str, float]]] = field(default_factory=dict)

    def labels(self, n_words: int = 4) -> dict[int, str]:
        """Readable label per topic, e.g. ``"3 数据·模型·泛化·记忆"``."""
        return {t: topic_label(t, words, n_words) for t, words in self.topic_words.items()}

    def before_reassignment(self) -> np.ndarray:
        """Assignments before outlier reassignment (the final ones when there was none)."""
        return self.topics if self.raw_topics is None else self.raw_topics


def topic_label(topic: int, words: Sequence[str], n_words: int = 4) -> str:
    """``"<id> w1·w2·…"`` from the first ``n_words`` words; outliers are labelled as such.

    Examples:
        >>> topic_label(3, ["数据", "模型", "泛化", "记忆", "规模"])
        '3 数据·模型·泛化·记忆'
        >>> topic_label(-1, [])
        '-1 (outlier)'

    """
    return f"{topic} (outlier)" if topic == OUTLIER else f"{topic} " + "·".join(list(words)[:n_words])
