"""Build the corpus tables of ``docs/DATA_CONTRACT.md`` from a raw folder, and cache them.

Examples:
    >>> corpus = load_corpus()
    >>> sorted(corpus.turns.role.unique())
    ['audience', 'guest', 'host', 'narrator']

"""

from __future__ import annotations

import json
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.cache import CacheWarning, atomic_write_text, code_key, content_key, verified, warn_rebuild, write_frame
from analysis.config import DATA_DIR, PROCESSED_DIR, PROJECT_ROOT, RAW_DIR
from analysis.corpus.clean import Line, bigram_reference, classify
from analysis.corpus.deobfuscate import detect, load_scheme
from analysis.corpus.holders import assign_holders
from analysis.corpus.labels import LabelFinder
from analysis.corpus.normalize import is_traditional, normalize_line, to_simplified
from analysis.corpus.sentences import sentence_table
from analysis.corpus.sources import RawText, SourceError, read_raw, read_sources
from analysis.corpus.speakers import Registry
from analysis.corpus.turns import TURN_COLUMNS, build_turns, turn_table

TABLES = ("documents", "lines", "turns", "sentences", "speakers")
MANIFEST = "manifest.json"


class CorpusWarning(UserWarning):
    """Something in an article that the corpus kept going past (empty file, no dialogue)."""


@dataclass(frozen=True)
class Corpus:
    """The five tables. Each attribute returns a copy: editing it never changes the corpus."""

    _tables: dict[str, pd.DataFrame]

    def __getattr__(self, name: str) -> pd.DataFrame:
        """Return a copy of table ``name``."""
        if name in TABLES:
            return self._tables[name].copy()
        raise AttributeError(name)

    def save(self, folder: Path = PROCESSED_DIR, key: str = "", messages: list[str] | None = None) -> list[Path]:
        """Write every table to ``folder/<table>.parquet`` (atomically) and a manifest of their hashes."""
        files = {name: write_frame(folder / f"{name}.parquet", self._tables[name]) for name in TABLES}
        manifest = {"key": key, "files": files, "warnings": messages or []}
        atomic_write_text(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        return [folder / f"{name}.parquet" for name in TABLES]


def _read_cached(folder: Path, key: str) -> Corpus | None:
    """The tables cached in ``folder`` for ``key``, or None (with a warning when they are damaged)."""
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        warn_rebuild(f"{path.name} in {folder.name}", "unreadable")
        return None
    if meta.get("key") != key:
        return None
    files = meta.get("files", {})
    damaged = [t for t in TABLES if not verified(folder / f"{t}.parquet", files.get(t))]
    if damaged:
        warn_rebuild(f"cached table(s) {', '.join(damaged)}", "missing or not matching the manifest")
        return None
    for message in meta.get("warnings", []):
        warnings.warn(message, CorpusWarning, stacklevel=3)
    return Corpus({t: pd.read_parquet(folder / f"{t}.parquet") for t in TABLES})


def load_corpus(raw_dir: str | Path = RAW_DIR, use_cache: bool = True) -> Corpus:
    """Load, clean, restore and segment every article in ``raw_dir``.

    The project's own corpus is cached in ``data/processed`` under a key made of the raw
    files, the bundled data files and the code that builds it; any change rebuilds it, and so
    does a cached table that fails its hash check.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_absolute() and not raw_dir.exists():
        raw_dir = PROJECT_ROOT / raw_dir
    cacheable = use_cache and raw_dir.resolve() == RAW_DIR.resolve()
    key = cache_key(raw_dir) if cacheable else ""
    if cacheable and (cached := _read_cached(PROCESSED_DIR, key)) is not None:
        return cached
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = build_corpus(raw_dir)
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if cacheable:
        messages = [str(w.message) for w in caught if not issubclass(w.category, CacheWarning)]
        corpus.save(PROCESSED_DIR, key, messages)
    return corpus


def cache_key(raw_dir: Path) -> str:
    """Key of the corpus built from ``raw_dir``: its files, the bundled data files and the building code."""
    files = sorted(p for p in raw_dir.glob("*") if p.is_file())
    files += sorted(p for p in DATA_DIR.rglob("*") if p.is_file() and p.suffix in (".csv", ".tsv", ".txt"))
    return content_key(*((p.name, p.read_bytes()) for p in files), code_key(__name__))


def build_corpus(raw_dir: Path, timings: dict[str, float] | None = None) -> Corpus:
    """Build the tables from scratch (no cache).

    ``timings``, when given, receives the seconds spent in each step (``read``, ``clean``,
    ``turns``, ``sentences``), summed over the documents: the benchmark's view inside the build.
    """
    clock = _Clock(timings)
    with clock("read"):
        sources = read_sources(raw_dir)
        raws = _read_all(raw_dir, sources)
        reference = bigram_reference([line for raw in raws for line in raw.text.splitlines()])
    registry = Registry.load()
    finder = LabelFinder(registry)
    docs, lines, turns = [], [], []
    for row, raw in zip(sources.itertuples(index=False), raws, strict=True):
        doc, doc_lines, doc_turns = _build_document(row._asdict(), raw, finder, reference, clock)
        docs.append(doc)
        lines.append(doc_lines)
        turns.append(doc_turns)
    turns_table = _concat(turns, TURN_COLUMNS)
    with clock("sentences"):
        sentences = sentence_table(turns_table)
        sentences["holder"] = assign_holders(sentences)
    return Corpus(
        {
            "documents": pd.DataFrame(docs),
            "lines": _concat(lines, _LINE_COLUMNS),
            "turns": turns_table,
            "sentences": sentences,
            "speakers": _speakers_table(registry, turns_table),
        }
    )


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


def _read_all(raw_dir: Path, sources: pd.DataFrame) -> list[RawText]:
    """Read every article; refuse two files with the same content."""
    raws, seen = [], {}
    for name in sources.source_file:
        raw = read_raw(raw_dir / name)
        if raw.sha256 in seen:
            raise SourceError(f"{name} has the same content as {seen[raw.sha256]}; remove one of them")
        seen[raw.sha256] = name
        raws.append(raw)
    return raws


_LINE_COLUMNS = ["doc_id", "line_no", "raw_text", "text", "kind", "kept", "drop_reason", "restored", "n_substitutions"]


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _build_document(
    meta: dict, raw: RawText, finder: LabelFinder, reference: Counter[str], clock: _Clock
) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    with clock("clean"):
        doc, lines, classified = _clean_document(meta, raw, finder, reference)
    with clock("turns"):
        turns = build_turns(meta["doc_id"], classified, finder)
    if raw.text.strip() and not any(t.speaker != "narrator" for t in turns):
        warnings.warn(f"{meta['doc_id']}: no speaker labels found; the article is read as narration", CorpusWarning,
                      stacklevel=3)
    return doc, lines, turn_table(turns)


def _clean_document(
    meta: dict, raw: RawText, finder: LabelFinder, reference: Counter[str]
) -> tuple[dict, pd.DataFrame, list[Line]]:
    """Normalize, restore and classify one article's lines: its documents row, ledger and classified lines."""
    doc_id = meta["doc_id"]
    raw_lines = raw.text.splitlines()
    if not raw.text.strip():
        warnings.warn(f"{doc_id}: {meta['source_file']} is empty; it contributes no text", CorpusWarning, stacklevel=3)
    traditional = is_traditional(raw.text)
    normalized = [normalize_line(line) for line in raw_lines]
    if traditional:
        normalized = [to_simplified(line) for line in normalized]
    detection = detect("\n".join(normalized))
    scheme = load_scheme(detection.scheme) if detection.scheme else None
    counted = [scheme.restore_counted(t) for t in normalized] if scheme else None
    restored = [text for text, _ in counted] if counted else normalized
    substitutions = [n for _, n in counted] if counted else None
    classified = classify(
        restored, title=meta["title"], raw=raw_lines, finder=finder, substitutions=substitutions, reference=reference
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
        "n_chars_clean": int(lines.loc[lines.kept, "text"].str.len().sum()),
        "n_lines_restored": int(lines.restored.sum()),
    }
    return doc, lines, classified


def _speakers_table(registry: Registry, turns: pd.DataFrame) -> pd.DataFrame:
    table = registry.table.assign(registered=True)
    unknown = sorted(set(turns.speaker) - set(table.speaker))
    extra = [
        {"speaker": s, "name_zh": None, "name_en": None, "role": "unknown", "aliases": "", "registered": False}
        for s in unknown
    ]
    return pd.concat([table, pd.DataFrame(extra)], ignore_index=True) if extra else table
