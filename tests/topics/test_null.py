"""The permutation null of "topics are shared across speakers"."""

import numpy as np
import pandas as pd
import pytest

from analysis.topics.base import TopicSettings
from analysis.topics.baselines import fit_nmf
from analysis.topics.models import fit_bertopic
from analysis.topics.null import ALPHA, permuted_speakers, sharing_index, sharing_test
from analysis.topics.selection import turn_blocks
from tests.topics.conftest import SPEAKERS, HashEmbedder, theme_embeddings

B = 199


def test_sharing_index_ends_and_middle() -> None:
    assert sharing_index([0, 0, 1, 1], ["a", "b", "a", "b"]) == pytest.approx(1.0)
    assert sharing_index([0, 0, 1, 1], ["a", "a", "b", "b"]) == pytest.approx(0.0)
    # outliers are left out: the rest is perfectly speaker-specific
    assert sharing_index([0, 0, 1, 1, -1], ["a", "a", "b", "b", "a"]) == pytest.approx(0.0)
    middle = sharing_index([0, 0, 0, 1, 1, 1], ["a", "a", "b", "a", "b", "b"])
    assert 0.0 < middle < 1.0


def test_shuffle_moves_whole_turns_and_keeps_each_speakers_turn_count() -> None:
    speakers = ["a", "a", "a", "b", "b", "c"]
    blocks = ["t1", "t1", "t2", "t3", "t3", "t4"]
    observed, draws = permuted_speakers(speakers, blocks, n_permutations=50, seed=3)
    assert observed.tolist() == [0, 0, 0, 1, 1, 2]
    assert (draws[:, 0] == draws[:, 1]).all() and (draws[:, 3] == draws[:, 4]).all()
    first_chunk_of_each_turn = draws[:, [0, 2, 3, 5]]
    assert all(sorted(row) == [0, 0, 1, 2] for row in first_chunk_of_each_turn.tolist())
    assert len({tuple(row) for row in draws.tolist()}) > 1  # it does shuffle


def test_a_turn_with_two_speakers_is_refused() -> None:
    with pytest.raises(ValueError, match="one speaker"):
        permuted_speakers(["a", "b"], ["t1", "t1"])


def test_speaker_specific_assignment_fails_and_shared_one_passes(specific_chunks, shared_chunks) -> None:
    specific = sharing_test(specific_chunks.theme, specific_chunks.speaker, turn_blocks(specific_chunks), B)
    assert specific.statistic == pytest.approx(0.0)
    assert specific.p_less == pytest.approx(1 / (B + 1))  # nothing in the null is as extreme
    assert specific.verdict == "less shared than chance"
    assert specific.topics["specific"].all()
    shared = sharing_test(shared_chunks.theme, shared_chunks.speaker, turn_blocks(shared_chunks), B)
    assert shared.p_less >= ALPHA and shared.verdict == "consistent with chance"
    assert not shared.topics["specific"].any()
    # the old criterion cannot tell the two apart under the null: chance passes it
    assert shared.cross_speaker_null > 0.9


def test_null_is_not_fooled_by_turn_clumping(shared_chunks) -> None:
    """Consecutive chunks of a turn share their theme; shuffling turns (not chunks) keeps that."""
    blocks = turn_blocks(shared_chunks)
    by_turn = sharing_test(shared_chunks.theme, shared_chunks.speaker, blocks, B)
    by_chunk = sharing_test(shared_chunks.theme, shared_chunks.speaker, None, B)
    assert by_turn.n_blocks == blocks.nunique() and by_chunk.n_blocks == len(shared_chunks)
    assert by_turn.null.std() > by_chunk.null.std()  # the turn null is wider: fewer independent units


@pytest.mark.parametrize(("corpus", "rejected"), [("specific_chunks", True), ("shared_chunks", False)])
def test_nmf_topics_of_a_constructed_corpus(corpus, rejected, request) -> None:
    chunks = request.getfixturevalue(corpus)
    result = fit_nmf(chunks.text, 3, TopicSettings(min_df=1), str.split)
    purity = pd.crosstab(result.topics, chunks.theme).max(axis=1).sum() / len(chunks)
    assert purity > 0.9
    test = sharing_test(result.topics, chunks.speaker, turn_blocks(chunks), B)
    assert (test.p_less < ALPHA) is rejected


def test_centring_makes_speaker_specific_topics_look_shared(specific_chunks) -> None:
    """Why the verdict is never taken from a centred fit: one guest per document erases the guest's topic."""
    embeddings = theme_embeddings(specific_chunks)
    kmeans = TopicSettings(clustering="kmeans", n_topics=3, n_neighbors=10, aspects=(), centre=False)
    blocks = turn_blocks(specific_chunks)
    plain = fit_bertopic(specific_chunks.text, embeddings, kmeans, str.split, specific_chunks.doc_id, HashEmbedder())
    centred = fit_bertopic(specific_chunks.text, embeddings, TopicSettings(**{**kmeans.__dict__, "centre": True}),
                           str.split, specific_chunks.doc_id, HashEmbedder())
    assert sharing_test(plain.topics, specific_chunks.speaker, blocks, B).p_less < ALPHA
    assert sharing_test(centred.topics, specific_chunks.speaker, blocks, B).p_less >= ALPHA


def test_coarser_blocks_keep_one_speaker_and_move_consecutive_turns_together(specific_chunks) -> None:
    blocks = turn_blocks(specific_chunks, 3)
    assert blocks.nunique() == len(SPEAKERS) * 12 // 3
    assert set(specific_chunks.groupby(blocks.to_numpy())["speaker"].nunique()) == {1}
    test = sharing_test(specific_chunks.theme, specific_chunks.speaker, blocks, B)
    assert test.n_blocks == blocks.nunique() and test.p_less < ALPHA  # still fails with fewer, larger blocks


def test_p_values_are_reproducible_and_bounded(shared_chunks) -> None:
    args = (shared_chunks.theme, shared_chunks.speaker, turn_blocks(shared_chunks), B)
    a, b = sharing_test(*args, seed=5), sharing_test(*args, seed=5)
    assert a.p_less == b.p_less and np.array_equal(a.null, b.null)
    assert 1 / (B + 1) <= a.p_less <= 1 and 1 / (B + 1) <= a.p_more <= 1
    summary = a.summary()
    assert summary["null_low"] <= summary["null_mean"] <= summary["null_high"]


def test_no_topic_is_not_testable() -> None:
    test = sharing_test([-1, -1, -1, -1], ["a", "a", "b", "b"], ["1", "1", "2", "2"], 19)
    assert test.verdict == "not testable" and np.isnan(test.p_less) and test.topics.empty
