"""A ``kill -9`` anywhere in the table and embedding build, then a rebuild: the same outputs as a clean build (issue 16).

The build runs as a subprocess (``analysis.corpus.build.main`` into a folder of its own, then
every sentence embedded with the model-free ``hashing-64`` backend in small batches, so the
embedding cache writes and merges many shards). Each trial kills it after a random delay
within a phase of a clean build (measured first): anywhere in the table build, near its end
where the tables are saved, anywhere in the embedding batches. The next run, on whatever the
killed one left, must give byte-identical tables and the very vectors of a clean build.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from analysis.config import PROJECT_ROOT, RAW_DIR
from analysis.text import embeddings as emb

TRIALS = 3
#: Two of the five articles (the Q&A and the Karpathy interview): enough text for many shards, a short build.
ARTICLES = ("000_47c955baa4f2bcdf.txt", "004_6c051f767e9fa5f6.txt")
DRIVER = """
import sys
from pathlib import Path
import pandas as pd
from analysis.corpus import build
from analysis.text import embeddings
embeddings.MAX_SHARDS = 3
raw, out, cache = map(Path, sys.argv[1:4])
print("ready", flush=True)
build.main([str(raw), str(out)])
print("tables", flush=True)
texts = list(pd.read_parquet(out / "sentences.parquet").text)
for start in range(0, len(texts), 20):
    embeddings.embed_passages(texts[start : start + 20], model="hashing-64", cache_dir=cache, progress=False)
    print("batch", start, flush=True)
print("done", flush=True)
"""


def _start(raw: Path, out: Path, cache: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(raw), str(out), str(cache)], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _outputs(out: Path, cache: Path) -> tuple[dict[str, bytes], dict[str, np.ndarray]]:
    tables = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}
    return tables, emb.EmbeddingCache(cache / "hashing-64").vectors


def _raw(folder: Path) -> Path:
    folder.mkdir()
    for name in ARTICLES:
        (folder / name).write_bytes((RAW_DIR / name).read_bytes())
    rows = (RAW_DIR / "sources.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "sources.csv").write_text("".join([rows[0], *(r for r in rows if r.startswith(ARTICLES))]), encoding="utf-8")
    return folder


def test_kill_9_at_random_points_then_rebuild_gives_the_clean_outputs(tmp_path):
    raw = _raw(tmp_path / "raw")
    clean_out, clean_cache = tmp_path / "clean" / "processed", tmp_path / "clean" / "cache"
    proc = _start(raw, clean_out, clean_cache)
    start, marks = time.perf_counter(), {}
    for line in proc.stdout:
        marks.setdefault(line.split()[0], time.perf_counter() - start)
    assert proc.wait(timeout=600) == 0
    clean_tables, clean_vectors = _outputs(clean_out, clean_cache)

    rng = random.Random(16)
    # Alternately: anywhere in the table build, near its end (the save), anywhere in the embedding batches.
    embedding = marks["done"] - marks["tables"]
    windows = [("ready", 0.0, marks["tables"]), ("ready", 0.85 * marks["tables"], 1.05 * marks["tables"]),
               ("tables", 0.0, embedding)]  # fmt: skip
    reached = []
    for trial in range(TRIALS):
        out, cache = tmp_path / f"crashed-{trial}" / "processed", tmp_path / f"crashed-{trial}" / "cache"
        proc = _start(raw, out, cache)
        after, low, high = windows[trial % len(windows)]
        seen = ["ready"]
        while after != "ready" and not seen[-1].startswith(after):
            seen.append(proc.stdout.readline().strip())
        time.sleep(rng.uniform(low, high))
        os.kill(proc.pid, signal.SIGKILL)
        seen += proc.communicate(timeout=60)[0].splitlines()
        reached.append(seen[-1])
        proc = _start(raw, out, cache)
        proc.communicate(timeout=600)
        assert proc.returncode == 0, reached
        tables, vectors = _outputs(out, cache)
        assert tables == clean_tables, reached
        assert sorted(vectors) == sorted(clean_vectors)
        assert all(np.array_equal(vectors[k], clean_vectors[k]) for k in clean_vectors)
        leftovers = [p.name for folder in (out, cache / "hashing-64") for p in folder.iterdir() if p.suffix == ".tmp"]
        assert leftovers == [], leftovers
    print("phase marks of the clean run (s):", {k: round(v, 2) for k, v in marks.items()}, "last mark before each kill:", reached)
