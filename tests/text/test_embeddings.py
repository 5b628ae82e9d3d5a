"""The embedding backend: switching it changes every call (queries included), widths come from the model, the cache survives damage."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import analysis
from analysis.cache import CacheWarning, forget
from analysis.text import embeddings as emb
from analysis.topics.models import ProjectEmbedder
from analysis.viewpoints import calibration, themes
from analysis.viewpoints.quotations import load_dev
from tests.conftest import QA_ARTICLE, write_corpus


class Spy:
    """A hashing backend that records what it was asked to embed."""

    def __init__(self, dim: int) -> None:
        self.inner = emb.HashingBackend(dim)
        self.name = f"spy-{dim}"
        self.kinds: list[str] = []

    def dimension(self) -> int:
        return self.inner.dimension()

    def encode(self, texts, kind):
        self.kinds += [kind] * len(texts)
        return self.inner.encode(texts, kind)


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Vectors of these tests go to a temporary folder, never to the project's cache."""
    monkeypatch.setattr(emb, "CACHE_DIR", tmp_path / "cache")
    forget()
    yield
    forget()


@pytest.fixture
def small_corpus(tmp_path):
    return analysis.load_corpus(write_corpus(tmp_path / "raw", {"qa.txt": QA_ARTICLE}))


def test_hashing_backend_is_deterministic_unit_length_and_as_wide_as_asked():
    a = emb.embed_passages(["大模型的可解释性", "大脑"], model="hashing-40", use_cache=False)
    b = emb.embed_passages(["大模型的可解释性", "大脑"], model="hashing-40", use_cache=False)
    assert a.shape == (2, 40) and np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1)


def test_the_environment_switches_passages_queries_and_the_topic_embedder(monkeypatch, tmp_path):
    monkeypatch.setenv(emb.MODEL_ENV, "hashing-48")
    assert emb.embed_passages(["数据"], cache_dir=tmp_path).shape == (1, 48)
    assert emb.embed_queries(["数据"], cache_dir=tmp_path).shape == (1, 48)
    assert ProjectEmbedder(use_cache=False).embed(["数据"]).shape == (1, 48)
    assert emb.embed_passages([], cache_dir=tmp_path).shape == (0, 48)


def test_theme_scoring_sends_passages_and_queries_to_the_chosen_backend(small_corpus):
    spy = Spy(24)
    forget()
    scores, vectors = themes.cached_scores(small_corpus, model=spy)
    assert vectors.shape[1] == 24
    assert {"passage", "query"} <= set(spy.kinds)
    assert scores.assigned.dtype == bool


def test_every_notebook_path_follows_the_environment(monkeypatch, small_corpus):
    monkeypatch.setenv(emb.MODEL_ENV, "hashing-32")
    forget()
    _, vectors = themes.cached_scores(small_corpus)
    assert vectors.shape[1] == 32
    dev = load_dev().head(0)
    assert calibration.compare_prototypes(small_corpus, dev).eq(0).all()  # every prototype embedded at width 32


def test_passage_and_query_are_cached_apart(tmp_path):
    spy = Spy(16)
    emb.embed_passages(["同一句话"], model=spy, cache_dir=tmp_path)
    emb.embed_queries(["同一句话"], model=spy, cache_dir=tmp_path)
    emb.embed_queries(["同一句话"], model=spy, cache_dir=tmp_path)
    assert spy.kinds == ["passage", "query"]


def test_a_damaged_shard_is_dropped_with_a_warning_and_recomputed(tmp_path):
    spy = Spy(16)
    first = emb.embed_passages(["甲", "乙"], model=spy, cache_dir=tmp_path)
    shard = next((tmp_path / spy.name).glob("shard-*.npz"))
    shard.write_bytes(shard.read_bytes()[:40])
    with pytest.warns(CacheWarning, match="damaged"):
        again = emb.embed_passages(["甲", "乙"], model=spy, cache_dir=tmp_path)
    assert np.array_equal(first, again) and spy.kinds == ["passage"] * 4


def test_two_writers_keep_both_sets_of_vectors(tmp_path):
    spy = Spy(16)
    folder = tmp_path / spy.name
    one, two = emb.EmbeddingCache(folder), emb.EmbeddingCache(folder)  # opened before either writes
    one.add(["k1"], np.ones((1, 16), dtype=np.float32))
    two.add(["k2"], np.zeros((1, 16), dtype=np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        merged = emb.EmbeddingCache(folder)
    assert set(merged.vectors) == {"k1", "k2"}


def test_many_shards_are_merged_into_one(tmp_path, monkeypatch):
    monkeypatch.setattr(emb, "MAX_SHARDS", 3)
    cache = emb.EmbeddingCache(tmp_path)
    for i in range(5):
        cache.add([f"k{i}"], np.full((1, 4), i, dtype=np.float32))
    assert len(list(tmp_path.glob("shard-*.npz"))) <= 3
    assert set(emb.EmbeddingCache(tmp_path).vectors) == {f"k{i}" for i in range(5)}
