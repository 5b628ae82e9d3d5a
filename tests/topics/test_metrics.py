import math

import numpy as np
import pytest

from analysis.topics import metrics as tm
from analysis.topics.metrics import (
    cross_speaker_share,
    npmi_coherence,
    npmi_pair,
    shared_topics,
    speaker_shares,
    stability,
    topic_diversity,
    topic_npmi,
    zero_pair_share,
)

# Reference corpus of 5 documents, counted by hand:
#   D(a)=4, D(b)=3, D(c)=2, D(a,b)=3, D(a,c)=1, D(b,c)=0
DOCS = [["a", "b"], ["a", "b", "a"], ["a", "b"], ["a", "c"], ["c"]]


def test_npmi_pair_hand_computed() -> None:
    sets = [set(d) for d in DOCS]
    # a,b: P(ab)=3/5, P(a)P(b)=(4/5)(3/5)=12/25 -> log(5/4) / -log(3/5)
    assert npmi_pair("a", "b", sets) == pytest.approx(math.log(1.25) / -math.log(0.6))
    assert npmi_pair("a", "b", sets) == pytest.approx(0.43683, abs=1e-5)
    # a,c: P(ac)=1/5, P(a)P(c)=(4/5)(2/5)=8/25 -> log(5/8) / -log(1/5)
    assert npmi_pair("a", "c", sets) == pytest.approx(math.log(0.625) / math.log(5))
    assert npmi_pair("a", "c", sets) == pytest.approx(-0.29203, abs=1e-5)
    # never together -> -1; symmetric
    assert npmi_pair("b", "c", sets) == -1.0
    assert npmi_pair("c", "a", sets) == npmi_pair("a", "c", sets)


def test_npmi_conventions() -> None:
    assert npmi_pair("a", "b", [{"a", "b"}, {"a", "b"}]) == 1.0  # together in every document
    assert npmi_pair("a", "z", [{"a"}]) == -1.0  # a word absent from the reference
    # independent words: P(ab) = P(a)P(b) -> 0
    assert npmi_pair("a", "b", [{"a", "b"}, {"a"}, {"b"}, set()]) == pytest.approx(0.0)


def test_topic_and_model_coherence_are_means() -> None:
    sets = [set(d) for d in DOCS]
    topic = topic_npmi(["a", "b", "c"], sets)
    expected = (npmi_pair("a", "b", sets) + npmi_pair("a", "c", sets) - 1.0) / 3
    assert topic == pytest.approx(expected)
    assert topic == pytest.approx((0.43683 - 0.29203 - 1.0) / 3, abs=1e-5)
    assert npmi_coherence([["a", "b"], ["a", "c"]], DOCS) == pytest.approx((0.43683 - 0.29203) / 2, abs=1e-5)
    # only the first top_n words count
    assert npmi_coherence([["a", "b", "c"]], DOCS, top_n=2) == pytest.approx(0.43683, abs=1e-5)
    assert math.isnan(topic_npmi(["a"], sets))


def test_topic_diversity() -> None:
    assert topic_diversity([["a", "b"], ["c", "d"]]) == 1.0
    assert topic_diversity([["a", "b"], ["a", "b"]]) == 0.5
    assert topic_diversity([["a", "b", "x"], ["a", "c", "y"]], top_n=2) == 0.75


def test_shared_topics_threshold_is_ten_percent_of_the_topic() -> None:
    topics = [0] * 10 + [1] * 10 + [-1] * 5
    speakers = ["a"] * 9 + ["b"] + ["a"] * 10 + ["b"] * 5  # topic 0: b has exactly 10 %
    assert shared_topics(topics, speakers) == [0]
    assert cross_speaker_share(topics, speakers) == 0.5
    assert shared_topics(topics, speakers, min_share=0.11) == []
    assert list(speaker_shares(topics, speakers).index) == [0, 1]  # outliers left out


def test_stability_is_label_invariant_and_drops_with_disagreement() -> None:
    assert stability([[0, 0, 1, 1], [5, 5, 7, 7]]) == 1.0
    assert stability([[0, 0, 1, 1], [0, 1, 0, 1]]) < 0.0 + 1e-9
    assert stability([[0, 0, 1, 1], [0, 0, 1, 1], [0, 1, 0, 1]]) == pytest.approx((1.0 + 2 * -0.5) / 3)


def test_zero_pair_share_counts_pairs_that_never_meet() -> None:
    # pairs of [a, b, c] in DOCS: a-b meet, a-c meet, b-c never -> 1 of 3
    assert zero_pair_share([["a", "b", "c"]], DOCS) == pytest.approx(0.3333, abs=1e-4)
    assert zero_pair_share([["a", "b"], ["b", "c"]], DOCS) == 0.5  # pooled over topics
    assert math.isnan(zero_pair_share([["a"]], DOCS))


def test_largest_share_and_catch_all_hand_computed() -> None:
    assert tm.largest_share([0, 0, 1, 2, -1, -1]) == pytest.approx(0.5)
    assert np.isnan(tm.largest_share([-1, -1]))
    # 145 of 413 chunks in one of eight topics: 35 % >= max(20 %, 2/8) -> flagged; 60 of 413 (15 %) is not
    sizes = [145, 60, 50, 48, 40, 30, 25, 15]
    assert tm.catch_all(sizes) == [True] + [False] * 7
    assert tm.catch_all([30, 30, 40]) == [False, False, False]  # 40 % < twice an even split of three (67 %)
