"""The embedding cache under damage and concurrency (issue 16): keys and vectors never out of step, nothing lost."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cache import CacheWarning
from analysis.config import PROJECT_ROOT
from analysis.text import embeddings as emb

MODEL = "hashing-16"
TEXTS = [f"第{i}句话，关于模型与数据" for i in range(60)]


def _embed(texts: list[str], cache: Path) -> tuple[np.ndarray, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vectors = emb.embed_passages(texts, model=MODEL, cache_dir=cache, progress=False)
    return vectors, [str(w.message) for w in caught if issubclass(w.category, CacheWarning)]


def _warm(cache: Path) -> list[Path]:
    """A cache of three shards."""
    for start in (0, 20, 40):
        _embed(TEXTS[start : start + 20], cache)
    return sorted((cache / MODEL).glob("shard-*.npz"))


EXPECTED = emb.embed_passages(TEXTS, model=MODEL, use_cache=False)


def _out_of_step(data: bytes) -> bytes:
    """The same shard with its keys shifted by one against its vectors (a valid npz file)."""
    with np.load(io.BytesIO(data)) as shard:
        keys, vectors = shard["keys"], shard["vectors"]
    buffer = io.BytesIO()
    np.savez(buffer, keys=np.roll(keys, 1), vectors=vectors)
    return buffer.getvalue()


DAMAGE = {
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "keys out of step with vectors": _out_of_step,
    "one byte changed": lambda data: data[:-30] + bytes([data[-30] ^ 1]) + data[-29:],
}


@pytest.mark.parametrize("how", list(DAMAGE))
def test_a_damaged_shard_gives_one_warning_and_the_right_vectors(tmp_path, how):
    shard = _warm(tmp_path)[1]
    shard.write_bytes(DAMAGE[how](shard.read_bytes()))
    vectors, messages = _embed(TEXTS, tmp_path)
    np.testing.assert_array_equal(vectors, EXPECTED)
    assert len(messages) == 1 and shard.name in messages[0]
    assert _embed(TEXTS, tmp_path)[1] == []


def test_files_of_the_old_layout_are_not_read(tmp_path):
    """``keys.json`` + ``vectors.npy`` (the layout before shards) could drift apart; they are ignored."""
    folder = tmp_path / MODEL
    folder.mkdir()
    (folder / "keys.json").write_text('["' + emb.cache_key(MODEL, "passage", TEXTS[0]) + '"]')
    np.save(folder / "vectors.npy", np.ones((1, 16), dtype=np.float32))
    np.testing.assert_array_equal(_embed(TEXTS[:1], tmp_path)[0], EXPECTED[:1])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 2), cut=st.floats(0, 1, exclude_max=True), flips=st.lists(st.integers(0, 10**9), max_size=3))
def test_any_truncation_or_corruption_of_a_shard_gives_the_uncached_vectors(tmp_path_factory, which, cut, flips):
    cache = tmp_path_factory.mktemp("cache")
    shard = _warm(cache)[which]
    data = bytearray(shard.read_bytes()[: max(1, int(len(shard.read_bytes()) * cut))])
    for flip in flips:
        data[flip % len(data)] ^= 1 + flip % 255
    shard.write_bytes(bytes(data))
    vectors, messages = _embed(TEXTS, cache)
    np.testing.assert_array_equal(vectors, EXPECTED)
    assert len(messages) == 1


WORKER = """
import sys, warnings
from pathlib import Path
from analysis.text import embeddings
embeddings.MAX_SHARDS = 3
cache, wid = Path(sys.argv[1]), int(sys.argv[2])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for i in range(15):
        texts = [f"文本 {wid} {i} {j}" for j in range(3)] + [f"共享 {i}"]
        embeddings.embed_passages(texts, model="hashing-16", cache_dir=cache, progress=False)
print(len([w for w in caught if w.category.__name__ == "CacheWarning"]))
"""


def test_processes_adding_to_one_cache_never_crash_warn_or_lose_vectors(tmp_path):
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path), str(w)], cwd=PROJECT_ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for w in range(3)]  # fmt: skip
    results = [w.communicate(timeout=300) for w in workers]
    assert [w.returncode for w in workers] == [0, 0, 0], [err[-500:] for _, err in results]
    assert [out.strip() for out, _ in results] == ["0", "0", "0"]  # no shard seen half merged
    texts = [f"文本 {w} {i} {j}" for w in range(3) for i in range(15) for j in range(3)] + [f"共享 {i}" for i in range(15)]
    store = emb.EmbeddingCache(tmp_path / MODEL)
    assert len(store.vectors) == len(texts)
    found = np.stack(store.get([emb.cache_key(MODEL, "passage", t) for t in texts]))
    np.testing.assert_array_equal(found, emb.embed_passages(texts, model=MODEL, use_cache=False))
