"""``python -m analysis.corpus DIR``: load a folder laid out like ``data/raw/`` and summarise each document.

For every document: its lines (kept and dropped, by kind), then one row per speaker with role,
how the role was decided, turns, characters and share of the spoken text, one line on the guests'
text (their share of the spoken text, the share of Latin letters in it, the notes kept out of
it), then the warnings the build raised about it; last, the ids a reader should check
(:func:`analysis.corpus.people.identity_checks`). A folder that cannot be read prints the ``SourceError`` and exits 2.

Examples:
    >>> import pandas as pd
    >>> turns = pd.DataFrame({"doc_id": ["d"] * 2, "speaker": ["a", "b"], "speaker_raw": ["A", "B"],
    ...     "role": ["host", "guest"], "role_source": ["registry"] * 2, "n_chars": [10, 30]})
    >>> speaker_summary(turns).share.tolist()
    [0.25, 0.75]
    >>> guest_line(turns.assign(text=["问?", "AI 模型"]), pd.DataFrame({"notes": ["[笑]", None]}))
    'guests: 75% of the spoken text; Latin letters 50% of their letters; 1 line(s) with notes kept out of the text'

"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path
from typing import TextIO

import pandas as pd

from analysis.corpus.build import load_corpus
from analysis.corpus.people import identity_checks
from analysis.corpus.sources import SourceError


def speaker_summary(turns: pd.DataFrame) -> pd.DataFrame:
    """One row per speaker of one document's turns: labels, role, how decided, turns, characters, spoken share."""
    spoken = turns[turns.role != "narrator"].n_chars.sum()
    rows = []
    for (speaker, role), group in turns.groupby(["speaker", "role"], sort=False):
        chars = int(group.n_chars.sum())
        rows.append({
            "speaker": speaker, "role": role, "labels": ", ".join(sorted(set(group.speaker_raw.dropna()))),
            "turns": len(group), "chars": chars,
            "share": round(chars / spoken, 2) if role != "narrator" and spoken else None,
            "how": "; ".join(dict.fromkeys(group.role_source)),
        })  # fmt: skip
    return pd.DataFrame(rows)


def guest_line(turns: pd.DataFrame, lines: pd.DataFrame) -> str:
    """One document's guests in one line: share of the spoken text, Latin share of their letters, notes kept apart."""
    spoken = turns[turns.role != "narrator"].n_chars.sum()
    guest = turns[turns.role == "guest"]
    latin = sum(len(re.findall(r"[A-Za-z]", t)) for t in guest.text)
    letters = latin + sum(len(re.findall(r"[\u4e00-\u9fff]", t)) for t in guest.text)
    return (f"guests: {guest.n_chars.sum() / spoken if spoken else 0:.0%} of the spoken text; Latin letters "
            f"{latin / letters if letters else 0:.0%} of their letters; {int(lines.notes.notna().sum())} line(s) "
            "with notes kept out of the text")  # fmt: skip


def summarise(raw_dir: Path, out: TextIO | None = None) -> int:
    """Print the per-document summary of ``raw_dir``; 0 when it loads, 2 on a SourceError."""
    out = out or sys.stdout
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            corpus = load_corpus(raw_dir)
        except SourceError as exc:
            print(f"error: {exc}", file=out)
            return 2
    messages = [str(w.message) for w in caught]
    turns, lines = corpus.turns, corpus.lines
    used: set[int] = set()
    for doc in corpus.documents.itertuples():
        doc_lines = lines[lines.doc_id == doc.doc_id]
        kinds = ", ".join(f"{k} {n}" for k, n in doc_lines.kind.value_counts().items())
        doc_turns = turns[turns.doc_id == doc.doc_id]
        print(f"\n== {doc.doc_id} ({doc.source_file}): {len(doc_lines)} lines ({kinds}); {len(doc_turns)} turns", file=out)
        if len(doc_turns):
            print(speaker_summary(doc_turns).to_string(index=False, max_colwidth=120), file=out)
            print(guest_line(doc_turns, doc_lines), file=out)
        mine = [i for i, m in enumerate(messages) if m.startswith((f"{doc.doc_id}:", f"{doc.doc_id} "))]
        used.update(mine)
        for i in mine:
            print(f"  warning: {messages[i]}", file=out)
    rest = [m for i, m in enumerate(messages) if i not in used]
    for message in rest:
        print(f"warning: {message}", file=out)
    checks = identity_checks(corpus.speakers, turns)
    if len(checks):
        print("\n== ids to check (one person under two ids, or two under one)", file=out)
        print(checks.to_string(index=False, max_colwidth=160), file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m analysis.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("raw_dir", nargs="?", default="data/raw", help="folder with sources.csv and the articles")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 200)
    return summarise(Path(args.raw_dir))


if __name__ == "__main__":
    sys.exit(main())
