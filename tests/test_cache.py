"""The one cache module: code keys follow the imports, files are written atomically and checked when read."""

from __future__ import annotations

import pandas as pd
import pytest

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
