"""One article through the corpus layer: read → normalize → restore → classify → turns → sentences.

A pure function of the article, its ``sources.csv`` row, the label finder and the corpus's bigram
reference (:func:`build_document`), so that a worker can run it anywhere; :mod:`analysis.corpus.build`
assembles the documents into the corpus tables and caches them.

Examples:
    >>> from analysis.config import RAW_DIR
    >>> from analysis.corpus.sources import read_raw
    >>> restored = restore_document(read_raw(RAW_DIR / "001_ba05433491b67c0d.txt"))[4]
    >>> any("东谈主" in line for line in restored)
    False

"""

from __future__ import annotations

import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd

from analysis.corpus.clean import Line, bigram_reference, classify
from analysis.corpus.deobfuscate import Detection, detect, load_scheme
from analysis.corpus.holders import assign_holders
from analysis.corpus.labels import LabelFinder
from analysis.corpus.normalize import is_traditional, normalize_line, to_simplified
from analysis.corpus.notes import split_notes
from analysis.corpus.readers import ReadLine, read_lines
from analysis.corpus.roles import DocumentSpeakers
from analysis.corpus.sentences import sentence_table
from analysis.corpus.sources import RawText
from analysis.corpus.turns import build_turns, turn_table

#: A raw line longer than this gets a warning (a file with no line breaks, a pasted dump).
LONG_LINE = 100_000


class CorpusWarning(UserWarning):
    """Something in an article that the corpus kept going past (empty file, no dialogue)."""


@dataclass
class DocumentTables:
    """One document's rows of the documents, lines, turns and sentences tables, and what its build said."""

    doc: dict
    lines: pd.DataFrame
    turns: pd.DataFrame
    sentences: pd.DataFrame
    messages: list[tuple[type[Warning], str]]
    timings: dict[str, float]


def build_document(meta: dict, raw: RawText, finder: LabelFinder, reference: Counter[str]) -> DocumentTables:
    """Clean, restore and segment one article (a pure function: a worker can run it anywhere).

    Warnings are recorded, not shown: :func:`assemble` gives them again in document order.
    """
    timings: dict[str, float] = {}
    clock = _Clock(timings)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc, lines, turns = _build_document(meta, raw, finder, reference, clock)
        with clock("sentences"):
            sentences = sentence_table(turns)
            sentences["holder"] = assign_holders(sentences)
    return DocumentTables(doc, lines, turns, sentences, [(w.category, str(w.message)) for w in caught], timings)


def bigram_counts(raw: RawText) -> Counter[str]:
    """In how many of the article's raw lines each CJK bigram occurs (summed over articles: the reference)."""
    return bigram_reference(raw.text.splitlines())


def total_counts(counts: list[Counter[str]]) -> Counter[str]:
    """The corpus's bigram reference: the documents' :func:`bigram_counts` added up."""
    total: Counter[str] = Counter()
    for count in counts:
        total.update(count)
    return total


class _Clock:
    """Adds the seconds spent in each named block to a dict (does nothing without one)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    @contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            if self.timings is not None:
                self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - start


_LINE_COLUMNS = [
    "doc_id", "line_no", "raw_text", "text", "kind", "kept", "drop_reason", "restored", "n_substitutions", "notes",
]  # fmt: skip


def _build_document(
    meta: dict, raw: RawText, finder: LabelFinder, reference: Counter[str], clock: _Clock
) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    finder = finder.for_document(DocumentSpeakers.from_meta(meta, finder.registry))
    with clock("clean"):
        doc, lines, classified = _clean_document(meta, raw, finder, reference)
    with clock("turns"):
        turns = build_turns(meta["doc_id"], classified, finder)
    if raw.text.strip() and not any(t.speaker != "narrator" for t in turns):
        warnings.warn(f"{meta['doc_id']}: no speaker labels found; the article is read as narration", CorpusWarning,
                      stacklevel=3)
    return doc, lines, turn_table(turns)


def _notes(line: Line) -> str | None:
    """The editorial notes a line holds (`` | ``-joined; the whole text of a ``note`` line), else None."""
    if line.kind == "note":
        return line.text
    notes = split_notes(line.text)[1] if line.kind == "content" else []
    return " | ".join(notes) or None


def restore_document(
    raw: RawText,
) -> tuple[list[str], bool, list[str], Detection, list[str], list[int] | None, list[ReadLine]]:
    """An article's raw lines, whether it is traditional, its normalized lines, detection, restored lines, counts, layout."""
    raw_lines = raw.text.splitlines()
    traditional = is_traditional(raw.text)
    layout = read_lines(raw_lines, raw.path.suffix)
    normalized = [normalize_line(line.text) for line in layout]
    if traditional:
        normalized = [to_simplified(line) for line in normalized]
    detection = detect("\n".join(normalized))
    scheme = load_scheme(detection.scheme) if detection.scheme else None
    counted = [scheme.restore_counted(t) for t in normalized] if scheme else None
    restored = [text for text, _ in counted] if counted else normalized
    substitutions = [n for _, n in counted] if counted else None
    return raw_lines, traditional, normalized, detection, restored, substitutions, layout


def _clean_document(
    meta: dict, raw: RawText, finder: LabelFinder, reference: Counter[str]
) -> tuple[dict, pd.DataFrame, list[Line]]:
    """Normalize, restore and classify one article's lines: its documents row, ledger and classified lines."""
    doc_id = meta["doc_id"]
    if not raw.text.strip():
        warnings.warn(f"{doc_id}: {meta['source_file']} is empty; it contributes no text", CorpusWarning, stacklevel=3)
    raw_lines, traditional, normalized, detection, restored, substitutions, layout = restore_document(raw)
    for line_no, line in enumerate(raw_lines, 1):
        if len(line) > LONG_LINE:
            warnings.warn(f"{doc_id}: line {line_no} of {meta['source_file']} has {len(line):,} characters (over "
                          f"{LONG_LINE:,}); it is read like any other line, but slowly (about 30 s per million "
                          "characters): break it into paragraphs if it is one", CorpusWarning, stacklevel=3)  # fmt: skip
    classified = classify(
        restored, title=meta["title"], raw=raw_lines, finder=finder, substitutions=substitutions, reference=reference,
        layout=[line.drop for line in layout],
    )
    lines = pd.DataFrame(
        {
            "doc_id": doc_id,
            "line_no": [line.line_no for line in classified],
            "raw_text": raw_lines,
            "text": [line.text if line.kept else "" for line in classified],
            "kind": [line.kind for line in classified],
            "kept": [line.kept for line in classified],
            "drop_reason": [line.drop_reason for line in classified],
            "restored": [a != b for a, b in zip(normalized, restored, strict=True)],
            "n_substitutions": substitutions or [0] * len(raw_lines),
            "notes": [_notes(line) for line in classified],
        },
        columns=_LINE_COLUMNS,
    )
    doc = {
        **{k: (v if v != "" else None) for k, v in meta.items()},
        "obfuscation": detection.scheme,
        "obfuscation_score": round(detection.score, 3),
        "encoding": raw.encoding,
        "traditional": traditional,
        "raw_sha256": raw.sha256,
        "n_lines_raw": len(raw_lines),
        "n_lines_kept": int(lines.kept.sum()),
        "n_chars_raw": len(raw.text),
        "n_chars_clean": sum(len(line.text) for line in classified if line.kept),
        "n_lines_restored": int(lines.restored.sum()),
    }
    return doc, lines, classified
