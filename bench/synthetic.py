"""Synthetic raw corpora: the real articles scaled to N copies each, for the benchmark.

Each real article becomes a *template*: its raw page header (site chrome, title, intro), its
body cut into *units* (an exchange opened by a host or audience question, or a section
heading) and its footer. A synthetic copy keeps the header and footer verbatim, shuffles
the units, and lightly perturbs every kept prose line: a filler word at a sentence start,
a sentence dropped, two sentences swapped, one replaced by another sentence of the same
article, half-width punctuation turned full-width, an ideographic-space indent. Everything
else (chrome, captions, labels, TOC entries, injected spam) is copied byte for byte, so the
cleaner and the parser do the same work on every copy; spun articles stay spun because
their sentences only move within the article.

The units are found from the real corpus's own parse (``load_corpus`` on ``data/raw``):
only raw lines are ever copied, never cleaned text. Output is deterministic for a seed.

Examples:
    >>> import random
    >>> perturb_line("Q:你好。今天讲什么?讲模型。", random.Random(1), ["别的句子。"])
    'Q:今天讲什么?你好。讲模型。'

"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pandas as pd

from analysis.config import RAW_DIR, SEED
from analysis.corpus.sentences import split_sentences
from analysis.corpus.sources import read_raw

FILLERS = ("其实", "我觉得", "所以", "那么", "当然", "嗯,", "就是说", "坦白讲,", "另外,", "我想")
_LABEL = re.compile(r"^\s*[^:：\s][^:：]{0,15}?\s*[:：]\s*")
_MIN_PERTURB_CHARS = 20
_WIDE = str.maketrans({",": "，", "?": "？", "!": "！", ";": "；"})


@dataclass(frozen=True)
class Template:
    """One real article cut into a fixed header, shuffleable units and a fixed footer.

    ``perturb`` holds the 0-based indices of raw lines that are kept prose (safe to edit).
    """

    row: dict[str, str]
    lines: list[str]
    header: range
    units: list[range]
    footer: range
    perturb: frozenset[int]
    pool: list[str]
    encoding: str
    newline: str
    trailing_newline: bool


def templates(source_dir: Path = RAW_DIR) -> list[Template]:
    """Cut every article of ``source_dir`` into a :class:`Template` (uses the corpus parse).

    Examples:
        >>> [len(t.units) > 3 for t in templates()]  # doctest: +SKIP
        [True, True, True, True, True]

    """
    from analysis.corpus.build import load_corpus

    source_dir = Path(source_dir)
    corpus = load_corpus(source_dir)
    lines, turns = corpus.lines, corpus.turns
    with (source_dir / "sources.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))  # as written: no date parsing, every column kept
    out = []
    for row in rows:
        raw = read_raw(source_dir / row["source_file"])
        doc_lines = lines[lines.doc_id == row["doc_id"]]
        doc_turns = turns[turns.doc_id == row["doc_id"]]
        out.append(_template(row, raw.text, raw.encoding, doc_lines, doc_turns))
    return out


def _template(row: dict, text: str, encoding: str, lines: pd.DataFrame, turns: pd.DataFrame) -> Template:
    raw_lines = text.splitlines()
    dialogue = turns[turns.role != "narrator"]
    questions = turns[turns.role.isin(["host", "audience"])]
    starts = questions if len(questions) else dialogue
    if starts.empty:
        raise ValueError(f"{row['doc_id']}: no dialogue turns; a template needs at least one labelled turn")
    first_q = int(starts.line_start.min())
    last = int(dialogue.line_end.max())
    headings = [int(n) for n in lines.loc[lines.kind == "heading", "line_no"] if n <= last]
    body_start = max([h for h in headings if h < first_q], default=first_q)
    cuts = sorted({body_start, *(int(n) for n in starts.line_start), *(h for h in headings if h > body_start)})
    bounds = [c - 1 for c in cuts] + [last]  # 0-based, units are [bounds[i], bounds[i+1])
    units = [range(a, b) for a, b in pairwise(bounds) if b > a]
    prose = lines.loc[lines.kept & (lines.kind == "content"), "line_no"]
    perturb = frozenset(int(n) - 1 for n in prose if len(raw_lines[int(n) - 1]) >= _MIN_PERTURB_CHARS)
    pool = [s for i in sorted(perturb) if body_start - 1 <= i < last for s in _sentences(raw_lines[i])[1] if len(s) > 4 and _free(s)]
    return Template(
        row=row,
        lines=raw_lines,
        header=range(0, body_start - 1),
        units=units,
        footer=range(last, len(raw_lines)),
        perturb=perturb,
        pool=pool,
        encoding=encoding,
        newline="\r\n" if "\r\n" in text else "\n",
        trailing_newline=text.endswith(("\n", "\r")),
    )


def _sentences(line: str) -> tuple[str, list[str]]:
    """A line's leading label (or ``""``) and the sentences after it."""
    m = _LABEL.match(line)
    label = m.group() if m else ""
    return label, split_sentences(line[len(label) :])


def _free(sentence: str) -> bool:
    """Whether a sentence may move or go: it does not open with a speaker label."""
    return not _LABEL.match(sentence)


def perturb_line(line: str, rng: random.Random, pool: list[str]) -> str:
    """Lightly rewrite one prose line; the label, and any mid-line label, stay in place.

    Examples:
        >>> perturb_line("何恺明:数据很重要。模型也重要。", random.Random(0), [])
        '何恺明:数据很重要。就是说模型也重要。'

    """
    label, sents = _sentences(line)
    if not sents:
        return line
    free = [i for i, s in enumerate(sents) if _free(s)]
    done = False
    while not done:
        if len(free) >= 2 and rng.random() < 0.3:
            i = rng.choice(free[:-1])
            if i + 1 in free:
                sents[i], sents[i + 1] = sents[i + 1], sents[i]
                done = True
        if len(free) >= 3 and rng.random() < 0.25:
            drop = rng.choice(free[1:])
            sents[drop] = ""
            free.remove(drop)
            done = True
        if pool and free and rng.random() < 0.3:
            sents[rng.choice(free)] = rng.choice(pool)
            done = True
        if free and rng.random() < 0.4:
            i = rng.choice(free)
            sents[i] = rng.choice(FILLERS) + sents[i]
            done = True
    body = "".join(s for s in sents if s)
    if rng.random() < 0.3:
        body = body.translate(_WIDE)
    indent = "\u3000\u3000" if rng.random() < 0.2 else ""
    return indent + label + body


def render(template: Template, rng: random.Random) -> str:
    """One synthetic copy of ``template`` (units shuffled, prose lines perturbed)."""
    order = list(template.units)
    rng.shuffle(order)
    out = [template.lines[i] for i in template.header]
    for unit in order:
        out += [perturb_line(template.lines[i], rng, template.pool) if i in template.perturb else template.lines[i]
                for i in unit]
    out += [template.lines[i] for i in template.footer]
    text = template.newline.join(out)
    return text + template.newline if template.trailing_newline else text


def synthesize(out_dir: Path, scale: int, source_dir: Path = RAW_DIR, seed: int = SEED) -> list[dict[str, str]]:
    """Write ``scale`` synthetic copies of every article of ``source_dir`` plus a ``sources.csv``.

    Doc ids are ``<real doc id>-s<k>``; files are named like the real ones
    (``<index>_<16 hex of the content hash>.txt``) and encoded as the real file was.
    Returns the rows written to ``sources.csv``.

    Examples:
        >>> import tempfile
        >>> rows = synthesize(Path(tempfile.mkdtemp()), 2)  # doctest: +SKIP
        >>> len(rows)  # doctest: +SKIP
        10

    """
    if scale < 1:
        raise ValueError(f"scale must be a positive number of copies per article, not {scale}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows, seen = [], set()
    for k in range(scale):
        for template in _cached(source_dir):
            doc_id = f"{template.row['doc_id']}-s{k:04d}"
            rng = random.Random(f"{seed}:{doc_id}")
            data = render(template, rng).encode(template.encoding)
            while hashlib.sha256(data).hexdigest() in seen:  # never two files with the same content
                data = render(template, rng).encode(template.encoding)
            digest = hashlib.sha256(data).hexdigest()
            seen.add(digest)
            name = f"{len(rows):05d}_{digest[:16]}.txt"
            (out_dir / name).write_bytes(data)
            rows.append({**template.row, "source_file": name, "doc_id": doc_id})
    with (out_dir / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


_TEMPLATES: dict[Path, list[Template]] = {}


def _cached(source_dir: Path) -> list[Template]:
    key = Path(source_dir).resolve()
    if key not in _TEMPLATES:
        _TEMPLATES[key] = templates(source_dir)
    return _TEMPLATES[key]
