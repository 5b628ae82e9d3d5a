"""Are topics shared across speakers more than chance? A permutation null for the topic × speaker table.

"Two or more speakers each give ≥ 10 % of a topic's chunks" (:func:`metrics.cross_speaker_share`)
says little on its own: with a few hundred chunks and topics of twenty or more, almost any
assignment passes it, including one drawn at random. The question it stands for is whether
*which topic a chunk falls in* depends on *who speaks*. This module answers it with

* a statistic, the **sharing index** ``1 − I(T;S) / H(S)`` (one minus Theil's uncertainty
  coefficient of speaker given topic): 1 when every topic has the same speaker mix as the
  whole corpus, 0 when each topic's chunks come from a single speaker. It equals the
  size-weighted mean entropy of the topics' speaker mixes, H(S|T), relative to H(S);
* its distribution under the null that topics are assigned independently of the speaker:
  speakers are shuffled between **blocks** (turns: a turn's chunks move together, because
  consecutive chunks of one answer share their topic far more than two random chunks do;
  shuffling single chunks would make ordinary answer-level clumping look speaker-specific),
  keeping the topic of every chunk, the size of every topic and each speaker's number of turns;
* one-sided p-values both ways (Phipson & Smyth: ``(1 + #{null at least as extreme}) / (1 + B)``):
  ``p_less`` (topics more speaker-specific than chance) and ``p_more`` (spread more evenly
  than chance, which a constraint such as per-document centring can produce), and per topic a
  p-value for "this topic's speaker mix departs from the corpus's" (KL divergence, one-sided),
  with Benjamini–Hochberg q-values over the topics.

Centring. BERTopic may cluster embeddings from which each document's mean was subtracted
(:func:`analysis.topics.models.centre`). Each document is one guest, so that removes each
guest's mean position: every guest's chunks then scatter around the same origin, and topics
spread over guests by construction (the old "every topic is shared", cross-speaker share 1.0
for every centred setting). The only shuffle that keeps the centring meaningful keeps every
chunk in its document, and with one guest per document it leaves every speaker label where it
is: its null is the observed value itself (p = 1 both ways), so it tests nothing. Sharing is
therefore *measured without centring*: on NMF / LDA assignments (word counts, never centred)
or on an uncentred BERTopic fit. A centred assignment can still be put through the test, but
a result consistent with chance is then what the centring produces, not evidence of sharing.

What it cannot show: that a speaker-specific topic reflects the speaker rather than his
interview (with one interview per guest, the host's questions, the translation and the outlet
are confounded with the guest), nor that speakers say the same thing within a shared topic. It
is conditional on one fitted assignment; run it on every seed's assignment to see the model's
own variation.

Examples:
    >>> sharing_index([0, 0, 1, 1], ["a", "b", "a", "b"])
    1.0
    >>> sharing_index([0, 0, 1, 1], ["a", "a", "b", "b"])
    0.0

"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control

from analysis.config import SEED
from analysis.topics.base import OUTLIER

#: Permutations per test: p-values resolve to 0.001.
N_PERMUTATIONS = 999
#: Significance level of every verdict this module gives.
ALPHA = 0.05


def _contingency(topics: np.ndarray, speakers: np.ndarray, n_topics: int, n_speakers: int) -> np.ndarray:
    """Topic × speaker counts, one table per row of ``speakers`` (draws × chunks): shape (draws, K, S)."""
    draws = speakers.shape[0]
    cells = (np.arange(draws)[:, None] * n_topics + topics[None, :]) * n_speakers + speakers
    return np.bincount(cells.ravel(), minlength=draws * n_topics * n_speakers).reshape(draws, n_topics, n_speakers)


def _plogp_ratio(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``p log(p / q)`` elementwise with 0 log 0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0, p * np.log(p / q), 0.0)


def sharing_from_counts(counts: np.ndarray) -> np.ndarray:
    """Sharing index ``1 − I(T;S)/H(S)`` of each topic × speaker table in ``counts`` (…, K, S); NaN for one speaker."""
    p = counts / counts.sum(axis=(-2, -1), keepdims=True)
    p_topic, p_speaker = p.sum(axis=-1, keepdims=True), p.sum(axis=-2, keepdims=True)
    mutual = _plogp_ratio(p, p_topic * p_speaker).sum(axis=(-2, -1))
    entropy = -_plogp_ratio(p_speaker, 1.0).sum(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(entropy > 0, 1.0 - mutual / entropy, np.nan)


def _codes(values: Sequence[object] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of ``values`` (numbers as they are, anything else as text) and the sorted distinct values."""
    array = np.asarray(values)
    if not np.issubdtype(array.dtype, np.number):
        array = np.asarray([str(v) for v in array])
    uniques, codes = np.unique(array, return_inverse=True)
    return codes.astype(int).ravel(), uniques


def sharing_index(topics: Sequence[int], speakers: Sequence[str]) -> float:
    """Sharing index of one assignment (outliers left out): 1 = every topic mixes speakers as the corpus does.

    Examples:
        >>> round(sharing_index([0, 0, 0, 1, 1, 1], ["a", "a", "b", "a", "b", "b"]), 3)
        0.918

    """
    topics, speakers = np.asarray(topics), np.asarray([str(s) for s in speakers])
    kept = topics != OUTLIER
    topic_codes, topic_ids = _codes(topics[kept])
    speaker_codes, names = _codes(speakers[kept])
    counts = _contingency(topic_codes, speaker_codes[None, :], len(topic_ids), len(names))
    return float(sharing_from_counts(counts)[0])


def permuted_speakers(speakers: Sequence[str], blocks: Sequence[object] | None, n_permutations: int = N_PERMUTATIONS,
                      seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Speaker codes per chunk (observed, shape (n,)) and ``n_permutations`` shuffles of them between blocks.

    Every block keeps one speaker (all its chunks move together); each speaker keeps his number
    of blocks. ``blocks=None`` shuffles single chunks.

    Examples:
        >>> observed, draws = permuted_speakers(["a", "a", "b"], ["t1", "t1", "t2"], n_permutations=20, seed=0)
        >>> observed.tolist(), bool((draws[:, 0] == draws[:, 1]).all())
        ([0, 0, 1], True)

    """
    codes, _ = _codes(speakers)
    block_codes, block_ids = _codes(np.arange(len(codes)) if blocks is None else list(blocks))
    block_speaker = np.full(len(block_ids), -1)
    block_speaker[block_codes] = codes
    if not np.array_equal(block_speaker[block_codes], codes):
        raise ValueError("every block must belong to one speaker: pass turn ids (doc_id:turn_id) or None")
    rng = np.random.default_rng(seed)
    draws = rng.permuted(np.tile(block_speaker, (n_permutations, 1)), axis=1)
    return codes, draws[:, block_codes]


def _topic_divergence(counts: np.ndarray) -> np.ndarray:
    """KL divergence of each topic's speaker mix from the table's overall mix: shape (…, K)."""
    p_speaker = counts.sum(axis=-2, keepdims=True) / counts.sum(axis=(-2, -1), keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        mix = counts / counts.sum(axis=-1, keepdims=True)
    return _plogp_ratio(np.nan_to_num(mix), p_speaker).sum(axis=-1)


def _cross_speaker(counts: np.ndarray, min_share: float = 0.10) -> np.ndarray:
    """Share of topics with ≥ 2 speakers each ≥ ``min_share`` of the topic, per table (the criterion of metrics)."""
    if counts.shape[-2] == 0:
        return np.full(counts.shape[:-2], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = counts / counts.sum(axis=-1, keepdims=True)
    return ((shares >= min_share).sum(axis=-1) >= 2).mean(axis=-1)


@dataclass(frozen=True)
class SharingTest:
    """The permutation test of one assignment: the sharing index, its null, both p-values, and per-topic tests."""

    statistic: float
    null: np.ndarray = field(repr=False)
    p_less: float
    p_more: float
    cross_speaker: float
    cross_speaker_null: float
    n_blocks: int
    topics: pd.DataFrame = field(repr=False)

    @property
    def verdict(self) -> str:
        """``"less shared than chance"``, ``"more evenly spread than chance"``, ``"consistent with chance"`` at :data:`ALPHA`.

        ``"not testable"`` when there is no topic (every chunk an outlier) or a single speaker.
        """
        if np.isnan(self.statistic):
            return "not testable"
        if self.p_less < ALPHA:
            return "less shared than chance"
        if self.p_more < ALPHA:
            return "more evenly spread than chance"
        return "consistent with chance"

    def summary(self) -> dict[str, float]:
        """The numbers a table row needs: statistic, null mean, SD and 95 % range, p-values, the old criterion."""
        low, high = np.quantile(self.null, [0.025, 0.975])
        return {"sharing": self.statistic, "null_mean": float(self.null.mean()), "null_sd": float(self.null.std(ddof=1)),
                "null_low": float(low), "null_high": float(high), "p_less": self.p_less, "p_more": self.p_more,
                "cross_speaker": self.cross_speaker, "cross_speaker_null": self.cross_speaker_null,
                "specific_topics": int(self.topics["specific"].sum())}  # fmt: skip


def sharing_test(topics: Sequence[int], speakers: Sequence[str], blocks: Sequence[object] | None = None,
                 n_permutations: int = N_PERMUTATIONS, seed: int = SEED) -> SharingTest:
    """Test whether ``topics`` depend on ``speakers`` by shuffling speakers between ``blocks`` (see the module).

    ``topics`` has one topic id per chunk (outliers, -1, left out of every table but still moved
    with their block). The per-topic table has, for each topic: ``chunks``, the most
    over-represented speaker (largest term of the divergence), his ``share`` of the topic and
    his ``overall`` share of all chunks, ``divergence`` (KL, nats), ``p``, ``q`` (BH) and
    ``specific`` (q < :data:`ALPHA`).
    """
    topics = np.asarray(topics)
    observed, draws = permuted_speakers(speakers, blocks, n_permutations, seed)
    kept = topics != OUTLIER
    topic_codes, topic_ids = _codes(topics[kept])
    names = _codes(list(speakers))[1]
    n_speakers = len(names)
    real = _contingency(topic_codes, observed[None, kept], len(topic_ids), n_speakers)
    null = _contingency(topic_codes, draws[:, kept], len(topic_ids), n_speakers)
    with np.errstate(divide="ignore", invalid="ignore"):  # no topic at all: NaN, "not testable"
        statistic, null_index = float(sharing_from_counts(real)[0]), sharing_from_counts(null)
        divergence, null_divergence = _topic_divergence(real)[0], _topic_divergence(null)
        p_topic = (1 + (null_divergence >= divergence - 1e-12).sum(axis=0)) / (1 + n_permutations)
        table = _topic_table(real[0], names, topic_ids, divergence, p_topic)
    testable = not np.isnan(statistic)
    return SharingTest(
        statistic=statistic, null=null_index,
        p_less=float((1 + (null_index <= statistic + 1e-12).sum()) / (1 + n_permutations)) if testable else np.nan,
        p_more=float((1 + (null_index >= statistic - 1e-12).sum()) / (1 + n_permutations)) if testable else np.nan,
        cross_speaker=float(_cross_speaker(real)[0]), cross_speaker_null=float(_cross_speaker(null).mean()),
        n_blocks=len(_codes(list(blocks))[1]) if blocks is not None else len(topics),
        topics=table,
    )  # fmt: skip


def _topic_table(counts: np.ndarray, names: np.ndarray, topic_ids: np.ndarray, divergence: np.ndarray,
                 p: np.ndarray) -> pd.DataFrame:
    """Per-topic rows of :func:`sharing_test` from the observed table."""
    overall = counts.sum(axis=0) / counts.sum()
    mix = counts / counts.sum(axis=1, keepdims=True)
    top = _plogp_ratio(mix, overall[None, :]).argmax(axis=1)
    q = false_discovery_control(p, method="bh") if len(p) else p
    rows = np.arange(len(topic_ids))
    return pd.DataFrame({
        "topic": topic_ids, "chunks": counts.sum(axis=1), "speaker": names[top], "share": mix[rows, top],
        "overall": overall[top], "divergence": divergence, "p": p, "q": q, "specific": q < ALPHA,
    })  # fmt: skip
