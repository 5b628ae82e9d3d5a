"""The one cache module: code keys follow the imports, files are written atomically and checked when read."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import cache
from analysis.config import PACKAGE_DIR


def _names(*modules: str) -> set[str]:
    return {p.relative_to(PACKAGE_DIR).as_posix() for p in cache.module_files(*modules)}


def test_code_key_covers_what_the_corpus_build_imports_and_nothing_else():
    names = _names("analysis.corpus.build")
    assert {"corpus/build.py", "corpus/clean.py", "corpus/sentences.py", "cache.py", "config.py"} <= names
    assert "text/tokenizer.py" in names  # imported inside a function of clean.py
    assert not any(n.startswith(("plots/", "viewpoints/", "topics/")) for n in names)


def test_imports_of_names_and_of_submodules_are_both_followed():
    assert "analysis.viewpoints.themes" in cache.imported_modules("from analysis.viewpoints import themes")
    assert cache.imported_modules("import numpy\nfrom pandas import DataFrame") == set()


def test_content_key_separates_its_parts():
    assert cache.content_key("ab", "c") != cache.content_key("a", "bc")


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path):
    path = tmp_path / "t.txt"
    cache.atomic_write_text(path, "old")

    def broken(tmp):
        tmp.write_text("half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        cache.atomic_write(path, broken)
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_cached_frame_recomputes_a_truncated_file_with_a_warning(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"a": [1, 2, 3]})

    first = cache.cached_frame("t", "k", compute, folder=tmp_path)
    (tmp_path / "t-k.parquet").write_bytes(b"PAR1")
    with pytest.warns(cache.CacheWarning):
        again = cache.cached_frame("t", "k", compute, folder=tmp_path)
    pd.testing.assert_frame_equal(first, again)
    assert len(calls) == 2
    cache.cached_frame("t", "k", compute, folder=tmp_path)
    assert len(calls) == 2


def test_remember_computes_once_per_key():
    cache.forget()
    calls = []
    for _ in range(3):
        cache.remember("k-test", lambda: calls.append(1))
    assert len(calls) == 1


# Issue 16: current files are not rewritten, cached tables are checked whatever is wrong with them.


def test_writing_the_same_bytes_again_leaves_the_file_alone(tmp_path):
    path = cache.atomic_write_text(tmp_path / "t.txt", "same")
    before = path.stat()
    cache.atomic_write_text(path, "same")
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    cache.atomic_write_text(path, "new")
    assert path.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_a_theme_table_written_twice_unchanged_is_not_rewritten(tmp_path):
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    sha = cache.write_frame(tmp_path / "t.parquet", frame)
    inode = (tmp_path / "t.parquet").stat().st_ino
    assert cache.write_frame(tmp_path / "t.parquet", frame) == sha and (tmp_path / "t.parquet").stat().st_ino == inode


@pytest.mark.parametrize("record", ["[]", "1", "null", "{", '{"sha256": 3}', ""])
def test_cached_frame_rebuilds_when_its_record_is_damaged_or_of_the_wrong_shape(tmp_path, record):
    frame = pd.DataFrame({"a": [1, 2, 3]})
    cache.cached_frame("t", "k", lambda: frame, folder=tmp_path)
    (tmp_path / "t-k.json").write_text(record)
    with pytest.warns(cache.CacheWarning, match="t-k.parquet"):
        again = cache.cached_frame("t", "k", lambda: frame, folder=tmp_path)
    pd.testing.assert_frame_equal(again, frame)


@settings(max_examples=40, deadline=None)
@given(cut=st.floats(0, 1, exclude_max=True), flips=st.lists(st.integers(0, 10**9), max_size=3),
       which=st.sampled_from(["parquet", "json"]))  # fmt: skip
def test_any_truncation_or_corruption_of_a_cached_table_is_recomputed(cut, flips, which):
    frame = pd.DataFrame({"topic": [0, 1, -1], "words": ["模型 数据", "推理", ""], "score": [0.5, 0.25, 0.0]})
    with tempfile.TemporaryDirectory() as folder:
        cache.cached_frame("topic_selection", "k", lambda: frame, folder=Path(folder))
        path = Path(folder) / f"topic_selection-k.{which}"
        original = path.read_bytes()
        data = bytearray(original[: int(len(original) * cut)])
        for flip in flips:
            if data:
                data[flip % len(data)] ^= 1 + flip % 255
        path.write_bytes(bytes(data))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            again = cache.cached_frame("topic_selection", "k", lambda: frame, folder=Path(folder))
        pd.testing.assert_frame_equal(again, frame)
        assert len([w for w in caught if issubclass(w.category, cache.CacheWarning)]) == 1


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_written_files_get_the_mode_the_umask_gives(tmp_path, umask, mode):
    import os

    old = os.umask(umask)
    try:
        path = cache.atomic_write_text(tmp_path / "a.txt", "x")
        assert path.stat().st_mode & 0o777 == mode
        os.chmod(path, 0o600)  # written earlier with a private mode: same bytes again still fix the mode
        cache.atomic_write_text(path, "x")
        assert path.stat().st_mode & 0o777 == mode
    finally:
        os.umask(old)
