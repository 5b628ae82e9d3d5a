"""The corpus build and the embeddings on a local Dask cluster of two worker processes, and the per-document store.

The cluster's tables must be the in-process build's, byte for byte; the store must give the
same tables while building only what is new.
"""

from __future__ import annotations

import io
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest

from analysis import engine
from analysis.cache import CacheWarning
from analysis.config import RAW_DIR
from analysis.corpus.build import TABLES, build_corpus
from analysis.corpus.partitions import build, sentence_embeddings
from analysis.text.embeddings import embed_passages
from analysis.text.tokenizer import tokenize_many
from tests.conftest import QA_ARTICLE, write_corpus


def _bytes(corpus) -> dict[str, bytes]:
    out = {}
    for table in TABLES:
        buffer = io.BytesIO()
        getattr(corpus, table).to_parquet(buffer, index=False)
        out[table] = buffer.getvalue()
    return out


def _quiet_build(raw: Path, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = build_corpus(raw, **kwargs)
    return corpus, [(w.category, str(w.message)) for w in caught]


@pytest.fixture(scope="module")
def in_process():
    with engine.session(workers=0):
        return _quiet_build(RAW_DIR)


@pytest.fixture(scope="module")
def cluster():
    with engine.session(workers=2) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        yield client


def test_two_worker_build_is_the_in_process_build_byte_for_byte(in_process, cluster):
    corpus, messages = _quiet_build(RAW_DIR)
    assert _bytes(corpus) == _bytes(in_process[0])
    assert messages == in_process[1]  # the workers' warnings come back, in document order
    assert set(engine.worker_peak_memory()) == set(cluster.scheduler_info()["workers"])


def test_two_worker_embeddings_and_tokens_are_the_in_process_ones(in_process, cluster, monkeypatch):
    texts = in_process[0].sentences.text.tolist()
    monkeypatch.setenv(engine.SCHEDULER_ENV, cluster.scheduler.address)  # embedding goes to workers only for a named cluster
    on_cluster = embed_passages(texts, model="hashing-64", use_cache=False, progress=False)
    monkeypatch.delenv(engine.SCHEDULER_ENV)
    on_cluster_tokens = tokenize_many(texts[:300])
    with engine.session(workers=0):  # the synchronous scheduler inside the cluster's session
        here = embed_passages(texts, model="hashing-64", use_cache=False, progress=False)
        here_tokens = tokenize_many(texts[:300])
    assert on_cluster.tobytes() == here.tobytes()
    assert on_cluster_tokens == here_tokens == tokenize_many(texts[:300], n_jobs=1)


def test_local_embedding_runs_in_this_process_and_a_named_cluster_gets_it(cluster, monkeypatch):
    seen = []
    real = engine.run

    def spy(tasks, progress=False, workers=None, n_items=None):
        seen.append(workers)
        return real(tasks, progress=progress, workers=workers, n_items=n_items)

    monkeypatch.setattr(engine, "run", spy)
    texts = [f"第{i}句话" for i in range(300)]
    embed_passages(texts, model="hashing-64", use_cache=False, progress=False)
    monkeypatch.setenv(engine.SCHEDULER_ENV, cluster.scheduler.address)
    embed_passages(texts, model="hashing-64", use_cache=False, progress=False)
    assert seen == [0, None]  # 0: the synchronous scheduler here; None: the session's (named) cluster


def test_store_on_the_cluster_gives_the_in_process_tables(in_process, cluster, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus, stats = build(RAW_DIR, tmp_path / "store")
    assert stats["built"] == stats["docs"] == len(in_process[0].documents)
    assert _bytes(corpus) == _bytes(in_process[0])
    vectors = sentence_embeddings(tmp_path / "store", model="hashing-64")
    expected = embed_passages(in_process[0].sentences.text.tolist(), model="hashing-64", use_cache=False,
                              progress=False)  # fmt: skip
    assert np.array_equal(np.stack(vectors.vector.to_numpy()), expected)


# --- the per-document store, in process ---------------------------------------------------------------


ARTICLE_B = QA_ARTICLE.replace("好奇心和热情", "长期的兴趣").replace("过拟合", "欠拟合问题")
UNIQUE = "Q:您怎么看开源?\n\n何恺明:蝙蝠侠骑着独角兽穿越沙漠,这句话只在这一篇里出现过。\n"
#: only words a.txt and b.txt share already, and new ones: no other article's input changes
NEW = "问答实录\n\nQ:您怎么选择研究课题?\n\n何恺明:下周我们再讨论强化学习和机器人。\n"


def _folder(tmp_path: Path, articles: dict[str, str]) -> Path:
    raw = tmp_path / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    return write_corpus(raw, articles)


def _built(raw: Path, store: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(raw, store)


def test_adding_an_article_builds_only_that_article(tmp_path):
    store = tmp_path / "store"
    first = {"a.txt": QA_ARTICLE + UNIQUE, "b.txt": ARTICLE_B}
    _, stats = _built(_folder(tmp_path, first), store)
    assert (stats["built"], stats["scanned"]) == (2, 2)
    raw = _folder(tmp_path, {**first, "c.txt": NEW})
    corpus, stats = _built(raw, store)
    assert (stats["built"], stats["scanned"]) == (1, 1)
    assert _bytes(corpus) == _bytes(_quiet_build(raw)[0])
    _, stats = _built(raw, store)
    assert stats["built"] == stats["scanned"] == 0


def test_an_article_sharing_another_ones_unique_words_rebuilds_that_one_too(tmp_path):
    """a.txt's unique sentence becomes shared when d.txt repeats it: a.txt's off-topic test input changed."""
    store = tmp_path / "store"
    first = {"a.txt": QA_ARTICLE + UNIQUE, "b.txt": ARTICLE_B}
    _built(_folder(tmp_path, first), store)
    raw = _folder(tmp_path, {**first, "d.txt": NEW + UNIQUE})
    corpus, stats = _built(raw, store)
    assert stats["built"] == 2 and stats["scanned"] == 1
    assert _bytes(corpus) == _bytes(_quiet_build(raw)[0])


def test_removed_article_leaves_the_store_and_a_damaged_file_is_rebuilt(tmp_path):
    store = tmp_path / "store"
    first = {"a.txt": QA_ARTICLE + UNIQUE, "b.txt": ARTICLE_B}
    _built(_folder(tmp_path, first), store)
    raw = _folder(tmp_path, {"b.txt": ARTICLE_B})
    corpus, _ = _built(raw, store)
    assert len(list((store / "turns").glob("*.parquet"))) == 1  # a.txt's files are gone
    victim = next((store / "sentences").glob("*.parquet"))
    victim.write_bytes(b"not parquet")
    with pytest.warns(CacheWarning):
        again, _ = build(raw, store)
    assert _bytes(again) == _bytes(corpus) == _bytes(_quiet_build(raw)[0])
