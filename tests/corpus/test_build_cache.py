"""The cached corpus tables (issue 16): verified on read, rebuilt after one warning, never half written.

Every test builds a small corpus into a folder of its own with ``cached_corpus`` (what
``load_corpus`` does for ``data/processed``), so nothing here touches the project's cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cache import CacheWarning
from analysis.config import PROJECT_ROOT
from analysis.corpus.build import MANIFEST, TABLES, CorpusWarning, build_corpus, cached_corpus
from analysis.corpus.document import LONG_LINE
from tests.conftest import QA_ARTICLE, write_corpus

FILES = [f"{t}.parquet" for t in TABLES] + [MANIFEST]


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("raw"), {"qa.txt": QA_ARTICLE})


@pytest.fixture(scope="module")
def reference(raw, tmp_path_factory) -> dict[str, bytes]:
    """The bytes of every file of a clean build."""
    out = tmp_path_factory.mktemp("clean")
    cached_corpus(raw, out)
    return {name: (out / name).read_bytes() for name in FILES}


def _files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def _load(raw: Path, out: Path) -> tuple[list[str], dict[str, pd.DataFrame]]:
    """Load through the cache; the cache warnings given, and the tables."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = cached_corpus(raw, out)
    return [str(w.message) for w in caught if issubclass(w.category, CacheWarning)], corpus._tables


def _fresh(raw: Path, folder: Path, reference: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in reference.items():
        (folder / name).write_bytes(data)
    return folder


def _foreign_parquet() -> bytes:
    """A valid parquet file with the turns table's columns, from another corpus."""
    other = build_corpus(write_corpus(Path(os.environ.get("TMPDIR", "/tmp")) / f"foreign-{os.getpid()}",
                                      {"qa.txt": QA_ARTICLE.replace("好奇心", "兴趣")})).turns  # fmt: skip
    return other.to_parquet(index=False)


DAMAGE = {
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "one byte changed": lambda data: data[:100] + bytes([data[100] ^ 1]) + data[101:],
    "garbage": lambda data: b"\x00\xff" * 50,
}


@pytest.mark.parametrize("how", list(DAMAGE))
@pytest.mark.parametrize("name", FILES)
def test_a_damaged_cached_file_is_rebuilt_after_one_warning(raw, reference, tmp_path, name, how):
    out = _fresh(raw, tmp_path / "out", reference)
    (out / name).write_bytes(DAMAGE[how](reference[name]))
    messages, _ = _load(raw, out)
    assert len(messages) == 1 and "\n" not in messages[0] and "rebuilding" in messages[0]
    assert _files(out) == reference
    assert _load(raw, out)[0] == []  # rebuilt once, then trusted


@pytest.mark.parametrize("name", FILES)
def test_a_missing_cached_file_is_rebuilt(raw, reference, tmp_path, name):
    out = _fresh(raw, tmp_path / "out", reference)
    (out / name).unlink()
    _load(raw, out)
    assert _files(out) == reference


def test_a_valid_but_foreign_turns_table_is_not_served(raw, reference, tmp_path):
    out = _fresh(raw, tmp_path / "out", reference)
    (out / "turns.parquet").write_bytes(_foreign_parquet())
    messages, tables = _load(raw, out)
    assert len(messages) == 1 and "turns" in messages[0]
    assert "好奇心" in " ".join(tables["turns"].text) and _files(out) == reference


@pytest.mark.parametrize("content", ["[]", "1", '"text"', "null", '{"key": 3, "files": []}', "{"])
def test_a_manifest_of_the_wrong_shape_is_rebuilt_not_a_traceback(raw, reference, tmp_path, content):
    out = _fresh(raw, tmp_path / "out", reference)
    (out / MANIFEST).write_text(content)
    _load(raw, out)
    assert _files(out) == reference


def test_a_manifest_whose_hashes_were_edited_to_vouch_for_a_foreign_table_is_caught(raw, reference, tmp_path):
    import hashlib

    out = _fresh(raw, tmp_path / "out", reference)
    foreign = _foreign_parquet()
    (out / "turns.parquet").write_bytes(foreign)
    meta = json.loads(reference[MANIFEST])
    meta["files"]["turns"] = hashlib.sha256(foreign).hexdigest()
    (out / MANIFEST).write_text(json.dumps(meta))
    messages, _ = _load(raw, out)
    assert len(messages) == 1 and MANIFEST in messages[0] and _files(out) == reference


def test_current_tables_are_not_rewritten(raw, reference, tmp_path):
    out = _fresh(raw, tmp_path / "out", reference)
    before = {name: (out / name).stat() for name in FILES}
    cached_corpus(raw, out)
    build_corpus(raw).save(out, json.loads(reference[MANIFEST])["key"], json.loads(reference[MANIFEST])["warnings"])
    after = {name: (out / name).stat() for name in FILES}
    assert {n: (s.st_ino, s.st_mtime_ns) for n, s in before.items()} == {
        n: (s.st_ino, s.st_mtime_ns) for n, s in after.items()
    }


def test_leftover_temporary_files_of_a_killed_save_are_removed_by_the_next_build(raw, reference, tmp_path):
    out = _fresh(raw, tmp_path / "out", reference)
    (out / ".turns.parquet.abc123.tmp").write_bytes(reference["turns.parquet"][:10])
    (out / MANIFEST).unlink()
    _load(raw, out)
    assert sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp")) == []
    assert _files(out) == reference


_ALL = st.sampled_from(FILES)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_ALL, cut=st.floats(0, 1, exclude_max=True), flips=st.lists(st.integers(0, 10**9), max_size=3),
       data=st.data())  # fmt: skip
def test_any_truncation_or_corruption_of_any_cached_file_is_rebuilt_identically(
    raw, reference, tmp_path, name, cut, flips, data
):
    out = _fresh(raw, tmp_path / f"out-{time.perf_counter_ns()}", reference)
    original = reference[name]
    damaged = bytearray(original[: int(len(original) * cut)] if data.draw(st.booleans()) else original)
    for flip in flips:
        if damaged:
            damaged[flip % len(damaged)] ^= 1 + flip % 255
    (out / name).write_bytes(bytes(damaged))
    messages, _ = _load(raw, out)
    assert _files(out) == reference
    assert len(messages) <= 1
    changed = bytes(damaged) != original
    if changed and name != MANIFEST:
        assert len(messages) == 1  # a table is never served unchecked
    if changed and name == MANIFEST:  # only a change that leaves the same JSON may pass without a word
        same = False
        with contextlib.suppress(ValueError):
            same = json.loads(bytes(damaged)) == json.loads(original)
        assert same or len(messages) == 1


def test_a_very_long_line_gets_a_warning_and_finishes(tmp_path):
    line = "何恺明:" + ("我觉得这个方向很有意思，" * (LONG_LINE // 11 + 2))
    raw = write_corpus(tmp_path / "raw", {"qa.txt": QA_ARTICLE + "\n" + line + "\n"})
    line_no = len((QA_ARTICLE + "\n").splitlines()) + 1
    with pytest.warns(CorpusWarning, match=rf"line {line_no} of qa\.txt has [\d,]+ characters"):
        corpus = build_corpus(raw)
    assert len(corpus.sentences) > LONG_LINE // 150


def test_concurrent_loads_while_another_process_rebuilds_never_fail(raw, reference, tmp_path):
    """A process alternating two raw folders rewrites the tables while this one loads one of them."""
    out = _fresh(raw, tmp_path / "out", reference)
    other = write_corpus(tmp_path / "other", {"qa.txt": QA_ARTICLE.replace("好奇心", "兴趣")})
    code = (
        "import sys, time, warnings; warnings.simplefilter('ignore')\n"
        "from pathlib import Path\nfrom analysis.corpus.build import cached_corpus\n"
        "print('ready', flush=True); end = time.time() + float(sys.argv[4])\n"
        "while time.time() < end:\n"
        "    for raw in sys.argv[1:3]:\n        cached_corpus(Path(raw), Path(sys.argv[3]))\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", code, str(other), str(raw), str(out), "4"], cwd=PROJECT_ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    loads, failures, damaged = 0, [], []
    try:
        assert writer.stdout.readline().strip() == "ready"
        while writer.poll() is None:
            try:
                messages, tables = _load(raw, out)
                damaged += messages
                assert "好奇心" in " ".join(tables["turns"].text)
            except Exception as exc:  # any failure is what this test is about
                failures.append(repr(exc))
            loads += 1
    finally:
        writer.wait(30)
    assert writer.returncode == 0, writer.stderr.read()
    assert loads >= 3 and failures == [] and damaged == [], (loads, failures[:3], damaged[:3])
