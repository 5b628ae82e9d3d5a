import numpy as np
import pandas as pd
import pytest

from analysis.topics.base import TopicResult, TopicSettings, topic_label
from analysis.topics.baselines import fit_lda, fit_nmf, make_vectorizer
from analysis.topics.chunks import chunk_turns, pack
from analysis.topics.models import centre, fit_bertopic
from analysis.topics.tables import assignment_table, topic_table
from tests.topics.conftest import THEMES, HashEmbedder


def synthetic_chunks(per_cell: int = 12) -> pd.DataFrame:
    """Two speakers (one document each) talking about three themes."""
    rng = np.random.default_rng(0)
    rows = []
    for speaker in ("ann", "bob"):
        for theme, words in THEMES.items():
            vocab = words.split()
            for i in range(per_cell):
                text = " ".join(rng.choice(vocab, size=6)) + f" {speaker}style filler"
                rows.append({"doc_id": f"doc-{speaker}", "turn_id": i, "chunk_id": f"{speaker}:{theme}:{i}",
                             "speaker": speaker, "theme": theme, "text": text})
    return pd.DataFrame(rows)


def synthetic_embeddings(chunks: pd.DataFrame, style: float = 0.0) -> np.ndarray:
    """Theme centres plus noise, plus an optional per-speaker offset (document style); not normalised."""
    rng = np.random.default_rng(1)
    centres = {t: rng.normal(size=16) * 3 for t in THEMES}
    offsets = {s: rng.normal(size=16) * style for s in chunks.speaker.unique()}
    vectors = np.stack([centres[t] + offsets[s] + rng.normal(size=16) * 0.3
                        for t, s in zip(chunks.theme, chunks.speaker, strict=True)])
    return vectors.astype(np.float32)


SETTINGS = TopicSettings(min_cluster_size=5, n_neighbors=10, aspects=(), centre=False)


@pytest.fixture(scope="module")
def chunks() -> pd.DataFrame:
    return synthetic_chunks()


# --- chunking -------------------------------------------------------------------------------


def test_chunks_follow_sentence_boundaries_and_keep_provenance() -> None:
    sentences = pd.DataFrame({
        "doc_id": ["d"] * 5 + ["e"],
        "turn_id": [0, 0, 0, 0, 1, 0],
        "sent_id": [0, 1, 2, 3, 0, 0],
        "speaker": ["kaiming-he"] * 5 + ["guigu101"],
        "role": ["guest"] * 5 + ["host"],
        "text": ["一。", "二。", "三。", "四。", "五。", "问?"],
    })
    chunks = chunk_turns(sentences, max_sentences=3)
    assert chunks.text.tolist() == ["一。二。三。", "四。", "五。"]
    assert chunks.chunk_id.tolist() == ["d:0:0", "d:0:1", "d:1:0"]
    assert set(chunks.speaker) == {"kaiming-he"}
    with_host = chunk_turns(sentences, roles=("guest", "host"))
    assert with_host.speaker.tolist()[-1] == "guigu101"


def test_chunks_respect_max_chars() -> None:
    assert pack(["甲" * 8 + "。", "乙" * 8 + "。"], max_sentences=3, max_chars=10) == [["甲" * 8 + "。"], ["乙" * 8 + "。"]]


# --- building blocks ------------------------------------------------------------------------


def test_centre_removes_each_document_mean() -> None:
    vectors = np.array([[1.0, 2.0], [3.0, 2.0], [0.0, 5.0], [0.0, 7.0]])
    out = centre(vectors, ["a", "a", "b", "b"])
    np.testing.assert_allclose(out, [[-1, 0], [1, 0], [0, -1], [0, 1]], atol=1e-6)


def test_vectorizer_vocabulary_is_fixed_at_chunk_level() -> None:
    vectorizer = make_vectorizer(["x y", "x z", "x y"], str.split, min_df=2)
    assert vectorizer.get_feature_names_out().tolist() == ["x", "y"]
    # refitting on two concatenated "topic documents" keeps the chunk-level vocabulary
    assert vectorizer.fit(["x y x z", "x y"]).get_feature_names_out().tolist() == ["x", "y"]


def test_topic_label() -> None:
    assert topic_label(2, ["数据", "模型"]) == "2 数据·模型"
    assert topic_label(-1, ["x"]) == "-1 (outlier)"


# --- models ---------------------------------------------------------------------------------


def test_bertopic_finds_the_themes_and_is_deterministic(chunks: pd.DataFrame) -> None:
    embeddings = synthetic_embeddings(chunks)
    first = fit_bertopic(chunks.text, embeddings, SETTINGS, str.split, chunks.doc_id, HashEmbedder())
    second = fit_bertopic(chunks.text, embeddings, SETTINGS, str.split, chunks.doc_id, HashEmbedder())
    np.testing.assert_array_equal(first.topics, second.topics)
    assert first.topic_words == second.topic_words
    assert -1 not in first.topics  # outliers reduced
    assert len(first.topic_words) == 3
    purity = pd.crosstab(first.topics, chunks.theme).max(axis=1).sum() / len(chunks)
    assert purity > 0.95
    tops = {frozenset(words[:4]) for words in first.topic_words.values()}
    assert tops == {frozenset(w.split()) for w in THEMES.values()}


def test_shared_umap_fits_give_the_same_topics_as_fresh_fits(chunks: pd.DataFrame) -> None:
    embeddings, reductions = synthetic_embeddings(chunks), {}
    fresh = fit_bertopic(chunks.text, embeddings, SETTINGS, str.split, chunks.doc_id, HashEmbedder())
    for clustering in ("hdbscan", "kmeans"):  # the reduction does not depend on the clustering
        settings = TopicSettings(**{**SETTINGS.__dict__, "clustering": clustering, "n_topics": 3})
        shared = fit_bertopic(chunks.text, embeddings, settings, str.split, chunks.doc_id, HashEmbedder(), reductions)
        assert len(reductions) == 1
        assert pd.crosstab(shared.topics, fresh.topics).gt(0).sum(axis=1).eq(1).all()  # same partition
    again = fit_bertopic(chunks.text, embeddings, SETTINGS, str.split, chunks.doc_id, HashEmbedder(), reductions)
    np.testing.assert_array_equal(again.topics, fresh.topics)
    assert again.topic_words == fresh.topic_words
    fit_bertopic(chunks.text, embeddings, TopicSettings(**{**SETTINGS.__dict__, "seed": SETTINGS.seed + 1}),
                 str.split, chunks.doc_id, HashEmbedder(), reductions)
    assert len(reductions) == 2  # another seed is another reduction


def test_centring_removes_document_style(chunks: pd.DataFrame) -> None:
    styled = synthetic_embeddings(chunks, style=6.0)  # style dominates: clusters follow speakers
    plain = fit_bertopic(chunks.text, styled, SETTINGS, str.split, chunks.doc_id, HashEmbedder())
    centred = fit_bertopic(chunks.text, styled, TopicSettings(**{**SETTINGS.__dict__, "centre": True}),
                           str.split, chunks.doc_id, HashEmbedder())
    by_speaker = pd.crosstab(plain.topics, chunks.speaker).min(axis=1).eq(0).all()
    mixed = pd.crosstab(centred.topics, chunks.speaker).min(axis=1).gt(0).all()
    assert by_speaker and mixed
    with pytest.raises(ValueError, match="groups"):
        fit_bertopic(chunks.text, styled, TopicSettings(centre=True), str.split)


def test_keybert_aspect_uses_the_wrapped_embedder(chunks: pd.DataFrame) -> None:
    settings = TopicSettings(**{**SETTINGS.__dict__, "aspects": ("keybert",)})
    result = fit_bertopic(chunks.text, synthetic_embeddings(chunks), settings, str.split, chunks.doc_id,
                          HashEmbedder())
    assert set(result.aspects["keybert"]) == set(result.topic_words)
    assert all(result.aspects["keybert"].values())


@pytest.mark.parametrize("fit", [fit_nmf, fit_lda])
def test_baselines_are_seeded_and_find_the_themes(chunks: pd.DataFrame, fit) -> None:
    first, second = fit(chunks.text, 3, SETTINGS, str.split), fit(chunks.text, 3, SETTINGS, str.split)
    np.testing.assert_array_equal(first.topics, second.topics)
    assert len(first.topic_words) == 3
    assert all(len(words) == 10 for words in first.topic_words.values())
    purity = pd.crosstab(first.topics, chunks.theme).max(axis=1).sum() / len(chunks)
    assert purity > 0.9


def test_raw_outliers_are_kept_before_reassignment(chunks: pd.DataFrame) -> None:
    rng = np.random.default_rng(1)
    centres = {t: rng.normal(size=16) * 3 for t in THEMES}
    loose = np.stack([centres[t] + rng.normal(size=16) * 4.0 for t in chunks.theme]).astype(np.float32)
    embeddings = loose  # loose themes: HDBSCAN leaves the fringe of each as noise
    result = fit_bertopic(chunks.text, embeddings, SETTINGS, str.split, chunks.doc_id, HashEmbedder())
    assert (result.before_reassignment() == -1).sum() > 0
    assert (result.topics == -1).sum() == 0  # reassigned
    kept = fit_bertopic(chunks.text, embeddings, TopicSettings(**{**SETTINGS.__dict__, "reduce_outliers": False}),
                        str.split, chunks.doc_id, HashEmbedder())
    np.testing.assert_array_equal(kept.topics, result.before_reassignment())


def test_topic_table_carries_the_per_topic_test(chunks: pd.DataFrame) -> None:
    result = fit_nmf(chunks.text, 3, SETTINGS, str.split)
    specific = pd.DataFrame({"topic": [0, 1, 2], "q": [0.01, 0.5, 0.9], "specific": [True, False, False]})
    table = topic_table(chunks, result, specific)
    assert table["speaker-specific"].tolist() == [True, False, False]
    assert table["chunks"].sum() == len(chunks)


def test_assignment_table_columns(chunks: pd.DataFrame) -> None:
    result = TopicResult("x", np.array([0] * (len(chunks) - 1) + [-1]), {0: ["image", "pixel"]})
    table = assignment_table(chunks, result)
    assert table.columns.tolist() == ["doc_id", "turn_id", "chunk_id", "speaker", "model", "topic", "topic_label",
                                      "text"]
    assert table.topic_label.tolist()[0] == "0 image·pixel"
    assert table.topic_label.tolist()[-1] == "-1 (outlier)"


def test_nmf_seeds_start_from_different_points(chunks: pd.DataFrame) -> None:
    # nndsvdar started every seed from one SVD (issue 26: "± 0.000 over seeds"); a random start differs per seed
    a = fit_nmf(chunks.text, 3, SETTINGS, str.split)
    b = fit_nmf(chunks.text, 3, TopicSettings(**{**SETTINGS.__dict__, "seed": SETTINGS.seed + 1}), str.split)
    assert a.model.init == "random" and not np.allclose(a.model.components_, b.model.components_)


def test_topic_table_flags_a_catch_all_topic(chunks: pd.DataFrame) -> None:
    topics = np.where(np.arange(len(chunks)) < len(chunks) * 0.6, 0, np.arange(len(chunks)) % 4 + 1)
    result = TopicResult("nmf", topics, {t: [f"w{t}"] for t in range(5)})
    table = topic_table(chunks, result)
    assert table.set_index("topic")["catch-all"].to_dict() == {0: True, 1: False, 2: False, 3: False, 4: False}
