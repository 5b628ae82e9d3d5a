"""Build the corpus tables of ``DATA_CONTRACT.md`` from a raw folder, and cache them.

Examples:
    >>> corpus = load_corpus()
    >>> sorted(corpus.turns.role.unique())
    ['audience', 'guest', 'host', 'narrator']

"""

from __future__ import annotations

import json
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.cache import content_key
from analysis.clean import bigram_reference, classify
from analysis.config import DATA_DIR, PROCESSED_DIR, PROJECT_ROOT, RAW_DIR
from analysis.deobfuscate import detect, load_scheme
from analysis.labels import LabelFinder
from analysis.normalize import is_traditional, normalize_line, to_simplified
from analysis.sentences import split_sentences
from analysis.sources import RawText, SourceError, read_raw, read_sources
from analysis.speakers import Registry
from analysis.turns import build_turns

TABLES = ("documents", "lines", "turns", "sentences", "speakers")
_CORPUS_MODULES = (
    "clean", "corpus", "deobfuscate", "labels", "normalize", "sentences", "sources", "speakers", "tokenize", "turns",
)  # fmt: skip


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

    def save(self, folder: Path = PROCESSED_DIR) -> list[Path]:
        """Write every table to ``folder/<table>.parquet``; return the paths."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in TABLES:
            path = folder / f"{name}.parquet"
            self._tables[name].to_parquet(path, index=False)
            paths.append(path)
        return paths


def load_corpus(raw_dir: str | Path = RAW_DIR, use_cache: bool = True) -> Corpus:
    """Load, clean, restore and segment every article in ``raw_dir``.

    The project's own corpus is cached in ``data/processed`` under a key made of the raw
    files, the bundled data files and this package's corpus code; any change rebuilds it.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_absolute() and not raw_dir.exists():
        raw_dir = PROJECT_ROOT / raw_dir
    key = _cache_key(raw_dir)
    manifest = PROCESSED_DIR / "manifest.json"
    cacheable = use_cache and raw_dir.resolve() == RAW_DIR.resolve()
    if cacheable and manifest.exists():
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if meta.get("key") == key and all((PROCESSED_DIR / f"{t}.parquet").exists() for t in TABLES):
            for message in meta.get("warnings", []):
                warnings.warn(message, CorpusWarning, stacklevel=2)
            return Corpus({t: pd.read_parquet(PROCESSED_DIR / f"{t}.parquet") for t in TABLES})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = build_corpus(raw_dir)
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if cacheable:
        corpus.save(PROCESSED_DIR)
        messages = [str(w.message) for w in caught]
        manifest.write_text(json.dumps({"key": key, "warnings": messages}, ensure_ascii=False, indent=1), "utf-8")
    return corpus


def _cache_key(raw_dir: Path) -> str:
    files = sorted(p for p in raw_dir.glob("*") if p.is_file())
    files += sorted(p for p in DATA_DIR.rglob("*") if p.is_file() and p.suffix in (".csv", ".tsv", ".txt"))
    return content_key(*((p.name, p.read_bytes()) for p in files), modules=_CORPUS_MODULES)


def build_corpus(raw_dir: Path) -> Corpus:
    """Build the tables from scratch (no cache)."""
    sources = read_sources(raw_dir)
    registry = Registry.load()
    finder = LabelFinder(registry)
    docs, lines, turns = [], [], []
    raws = _read_all(raw_dir, sources)
    reference = bigram_reference([line for raw in raws for line in raw.text.splitlines()])
    for row, raw in zip(sources.itertuples(index=False), raws, strict=True):
        doc, doc_lines, doc_turns = _build_document(row._asdict(), raw, finder, reference)
        docs.append(doc)
        lines.append(doc_lines)
        turns.append(doc_turns)
    turns_table = _concat(turns, _TURN_COLUMNS)
    speakers = _speakers_table(registry, turns_table)
    return Corpus(
        {
            "documents": pd.DataFrame(docs),
            "lines": _concat(lines, _LINE_COLUMNS),
            "turns": turns_table,
            "sentences": _sentences(turns_table),
            "speakers": speakers,
        }
    )


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
_TURN_COLUMNS = [
    "doc_id", "turn_id", "speaker", "speaker_raw", "role", "section",
    "text", "raw_text", "line_start", "line_end", "n_chars",
]  # fmt: skip


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _build_document(
    meta: dict, raw: RawText, finder: LabelFinder, reference: Counter[str]
) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
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
    turns = build_turns(doc_id, classified, finder)
    if raw.text.strip() and not any(t.speaker != "narrator" for t in turns):
        warnings.warn(f"{doc_id}: no speaker labels found; the article is read as narration", CorpusWarning, stacklevel=3)
    turn_table = pd.DataFrame(
        [
            {
                "doc_id": t.doc_id, "turn_id": t.turn_id, "speaker": t.speaker, "speaker_raw": t.speaker_raw,
                "role": t.role, "section": t.section, "text": t.text, "raw_text": t.raw_text,
                "line_start": t.line_start, "line_end": t.line_end, "n_chars": len(t.text),
            }
            for t in turns
        ],
        columns=_TURN_COLUMNS,
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
    return doc, lines, turn_table


def _sentences(turns: pd.DataFrame) -> pd.DataFrame:
    rows = [
        {
            "doc_id": t.doc_id, "turn_id": t.turn_id, "sent_id": i, "speaker": t.speaker,
            "role": t.role, "section": t.section, "text": s,
        }
        for t in turns.itertuples(index=False)
        for i, s in enumerate(split_sentences(t.text))
    ]
    return pd.DataFrame(rows, columns=["doc_id", "turn_id", "sent_id", "speaker", "role", "section", "text"])


def _speakers_table(registry: Registry, turns: pd.DataFrame) -> pd.DataFrame:
    table = registry.table.assign(registered=True)
    unknown = sorted(set(turns.speaker) - set(table.speaker))
    extra = [
        {"speaker": s, "name_zh": None, "name_en": None, "role": "unknown", "aliases": "", "registered": False}
        for s in unknown
    ]
    return pd.concat([table, pd.DataFrame(extra)], ignore_index=True) if extra else table
