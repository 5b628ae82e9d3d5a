"""Build the corpus tables of ``docs/DATA_CONTRACT.md`` from a raw folder, and cache them.

Examples:
    >>> corpus = load_corpus()
    >>> sorted(corpus.turns.role.unique())
    ['audience', 'guest', 'host', 'narrator']

"""

from __future__ import annotations

import contextlib
import json
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.cache import (
    CacheWarning,
    atomic_write_text,
    code_key,
    content_key,
    file_sha256,
    read_frame,
    read_record,
    read_verified,
    warn_rebuild,
    write_frame,
)
from analysis.config import DATA_DIR, PROCESSED_DIR, PROJECT_ROOT, RAW_DIR
from analysis.corpus.document import (
    _LINE_COLUMNS,
    CorpusWarning,
    DocumentTables,
    bigram_counts,
    build_document,
    total_counts,
)
from analysis.corpus.labels import LabelFinder, bare_label
from analysis.corpus.metadata import add_dating
from analysis.corpus.roles import ANSWERING, ASKING, linked_ids, sources_names, unnamed
from analysis.corpus.sentences import SENTENCE_COLUMNS
from analysis.corpus.sources import SourceError, read_raw, read_sources
from analysis.corpus.speakers import Registry, label_key
from analysis.corpus.turns import TURN_COLUMNS
from analysis.lock import exclusive

TABLES = ("documents", "lines", "turns", "sentences", "speakers")
MANIFEST = "manifest.json"
LOCK = ".build.lock"


@dataclass(frozen=True)
class Corpus:
    """The five tables. Each attribute returns a copy: editing it never changes the corpus."""

    _tables: dict[str, pd.DataFrame]

    def __getattr__(self, name: str) -> pd.DataFrame:
        """Return a copy of table ``name``."""
        if name in TABLES:
            return self._tables[name].copy()
        raise AttributeError(f"a Corpus has the tables {', '.join(TABLES)}; no {name!r}")

    def has(self, name: str) -> bool:
        """Whether the corpus holds table ``name`` (a partial corpus, e.g. a test's, may lack some)."""
        return name in self._tables

    def __dir__(self) -> list[str]:
        """The tables and methods, for tab completion."""
        return sorted({*TABLES, "save", *(n for n in type(self).__dict__ if not n.startswith("_"))})

    def __repr__(self) -> str:
        """A few lines: rows per table, documents and guests (capped, so it stays short at any size)."""
        sizes = ", ".join(f"{name} {len(self._tables[name]):,}" for name in TABLES)
        return f"Corpus({sizes})\n" + "\n".join(f"  {k}: {v}" for k, v in self._summary().items())

    def _repr_html_(self) -> str:
        """The same summary as a small HTML table (JupyterLab)."""
        from html import escape

        rows = [(name, f"{len(self._tables[name]):,} rows", ", ".join(self._tables[name].columns)) for name in TABLES]
        body = "".join(f"<tr><td><code>.{n}</code></td><td>{r}</td><td>{escape(c)}</td></tr>" for n, r, c in rows)
        extra = "".join(f"<p><b>{k}</b>: {escape(v)}</p>" for k, v in self._summary().items())
        return f"<p><b>Corpus</b></p><table><tr><th>table</th><th>rows</th><th>columns</th></tr>{body}</table>{extra}"

    def _summary(self, limit: int = 12) -> dict[str, str]:
        """Documents and guests, the first ``limit`` of each and how many more."""
        turns = self._tables["turns"]
        names = self._tables["speakers"].set_index("speaker").name_zh.dropna().to_dict()
        guests = [f"{s} ({names[s]})" if s in names else s for s in turns[turns.role == "guest"].speaker.unique()]

        def capped(items: list[str]) -> str:
            more = f" and {len(items) - limit} more" if len(items) > limit else ""
            return ", ".join(items[:limit]) + more

        return {"documents": capped(list(self._tables["documents"].doc_id)), "guests": capped(guests),
                "tables": "each attribute is a copy (editing it never changes the corpus)"}  # fmt: skip

    def save(self, folder: Path = PROCESSED_DIR, key: str = "", messages: list[str] | None = None) -> list[Path]:
        """Write every table to ``folder/<table>.parquet`` (atomically) and a manifest of their hashes.

        A table whose file already holds it is not rewritten. The manifest is written last, so
        until it is, the previous manifest no longer matches and a reader rebuilds or waits.
        """
        files = {name: write_frame(folder / f"{name}.parquet", self._tables[name]) for name in TABLES}
        manifest = {"key": key, "files": files, "warnings": messages or []}
        manifest["check"] = _check(manifest)
        atomic_write_text(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        return [folder / f"{name}.parquet" for name in TABLES]


@dataclass(frozen=True)
class _Cached:
    """What :func:`_read_cached` found: the corpus and its build warnings, or what was wrong (None: nothing cached)."""

    corpus: Corpus | None = None
    messages: tuple[str, ...] = ()
    problem: tuple[str, str] | None = None


def _read_cached(folder: Path, key: str) -> _Cached:
    """The tables cached in ``folder`` for ``key``, each read once, checked against the manifest and parsed from those bytes."""
    path = folder / MANIFEST
    if not path.exists():
        return _Cached()
    try:
        meta = read_record(path)
    except ValueError as exc:
        return _Cached(problem=(f"{path.name} in {folder.name}", str(exc)))
    if meta.get("check") != _check(meta) and ("check" in meta or meta.get("key") == key):  # not an older format's
        return _Cached(problem=(f"{path.name} in {folder.name}", "edited or damaged (its checksum does not match)"))
    if meta.get("key") != key:
        return _Cached()
    files = meta.get("files") if isinstance(meta.get("files"), dict) else {}
    tables = {}
    for name in TABLES:
        data = read_verified(folder / f"{name}.parquet", files.get(name))
        with contextlib.suppress(ValueError):  # bytes as recorded that are no parquet file: damaged all the same
            tables[name] = read_frame(data) if data is not None else None
    damaged = [name for name in TABLES if tables.get(name) is None]
    if damaged:
        return _Cached(problem=(f"cached table(s) {', '.join(damaged)} in {folder.name}", "missing or not matching the manifest"))
    messages = meta.get("warnings")
    return _Cached(Corpus(tables), tuple(str(m) for m in messages) if isinstance(messages, list) else ())


def _check(manifest: dict) -> str:
    """Checksum of a manifest's content (everything but the checksum itself)."""
    body = {k: v for k, v in manifest.items() if k != "check"}
    return content_key(json.dumps(body, sort_keys=True, ensure_ascii=False))


def load_corpus(raw_dir: str | Path = RAW_DIR, use_cache: bool = True) -> Corpus:
    """Load, clean, restore and segment every article in ``raw_dir``.

    The project's own corpus is cached in ``data/processed`` under a key made of the raw
    files, the bundled data files and the code that builds it; any change rebuilds it, and so
    does a cached table that fails its hash check. The rebuild goes through the per-document
    store of :mod:`analysis.corpus.partitions`: only new or changed articles are built again.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_absolute() and not raw_dir.exists():
        raw_dir = PROJECT_ROOT / raw_dir
    if use_cache and raw_dir.resolve() == RAW_DIR.resolve():
        return cached_corpus(raw_dir, PROCESSED_DIR)
    return _replayed(raw_dir)[0]


def cached_corpus(raw_dir: Path, folder: Path) -> Corpus:
    """The corpus of ``raw_dir``, cached in ``folder`` (what :func:`load_corpus` does for the project).

    Reading needs no lock (every file is replaced in one step and checked against the
    manifest). A miss takes the folder's lock, checks again (another process may just have
    built it), and only then builds and writes, so two processes never build at once and a
    damaged cache gets one :class:`~analysis.cache.CacheWarning`.
    """
    key = cache_key(raw_dir)
    found = _read_cached(folder, key)
    if found.corpus is None:
        with exclusive(folder / LOCK, f"building the corpus tables in {folder.name}"):
            found = _read_cached(folder, key)
            if found.corpus is None:
                if found.problem:
                    warn_rebuild(*found.problem)
                corpus, messages = _replayed(raw_dir)
                _remove_leftovers(folder)
                corpus.save(folder, key, messages)
                return corpus
    for message in found.messages:
        warnings.warn(message, CorpusWarning, stacklevel=3)
    return found.corpus


def _replayed(raw_dir: Path) -> tuple[Corpus, list[str]]:
    """Build the corpus, passing its warnings on; return it with their messages (cache warnings left out).

    The project's own folder is built through the per-document store (only new or changed articles
    are built again); any other folder is built afresh.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if raw_dir.resolve() == RAW_DIR.resolve():
            from analysis.corpus.partitions import build

            corpus = build(raw_dir)[0]
        else:
            corpus = build_corpus(raw_dir)
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return corpus, [str(w.message) for w in caught if not issubclass(w.category, CacheWarning)]


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of an earlier save that was killed mid-write (only a save under the lock makes them)."""
    for name in (*TABLES, Path(MANIFEST).stem):
        for tmp in folder.glob(f".{name}.*.tmp"):
            tmp.unlink(missing_ok=True)


def cache_key(raw_dir: Path) -> str:
    """Key of the corpus built from ``raw_dir``: its files, the bundled data files and the building code."""
    files = sorted(p for p in raw_dir.glob("*") if p.is_file())
    files += sorted(p for p in DATA_DIR.rglob("*") if p.is_file() and p.suffix in (".csv", ".tsv", ".txt"))
    return content_key(*((p.name, p.read_bytes()) for p in files), code_key(__name__))


def build_corpus(raw_dir: Path, timings: dict[str, float] | None = None, progress: bool = False) -> Corpus:
    """Build the tables from scratch (no cache), one task per document on :mod:`analysis.engine`.

    Every document is read, cleaned, restored and segmented on its own; the only thing shared is
    the corpus's bigram reference (:func:`bigram_counts`, summed), so the tables do not depend on
    the number of workers. ``timings``, when given, receives the seconds spent in each step
    (``clean``, ``turns``, ``sentences``), summed over the documents: the benchmark's view inside
    the build.
    """
    import dask

    from analysis.engine import run

    sources = read_sources(raw_dir)
    check_distinct(raw_dir, sources)
    registry = Registry.load()
    finder = dask.delayed(LabelFinder(registry), pure=True)
    metas = [row._asdict() for row in sources.itertuples(index=False)]
    raws = [dask.delayed(read_raw, pure=True)(raw_dir / m["source_file"]) for m in metas]
    reference = dask.delayed(total_counts, pure=True)([dask.delayed(bigram_counts, pure=True)(r) for r in raws])
    tasks = [dask.delayed(build_document, pure=True)(m, r, finder, reference) for m, r in zip(metas, raws, strict=True)]
    return assemble(run(tasks, progress=progress), registry, timings)


def assemble(parts: list[DocumentTables], registry: Registry, timings: dict[str, float] | None = None) -> Corpus:
    """The corpus from its documents' tables (in ``sources.csv`` order), warnings given again in that order."""
    for part in parts:
        for category, message in part.messages:
            warnings.warn(message, category, stacklevel=2)
        for step, seconds in part.timings.items():
            if timings is not None:
                timings[step] = timings.get(step, 0.0) + seconds
    metas = [p.doc for p in parts]
    links = linked_ids(metas, registry)  # one person, one id, whichever article names him how
    turns = _concat([p.turns for p in parts], TURN_COLUMNS).replace({"speaker": links})
    sentences = _concat([p.sentences for p in parts], [*SENTENCE_COLUMNS, "holder"])
    return Corpus(
        {
            "documents": add_dating(pd.DataFrame(metas)),
            "lines": _concat([p.lines for p in parts], _LINE_COLUMNS),
            "turns": turns,
            # column types inferred over the whole table, as when it was built in one piece
            "sentences": sentences.replace({"speaker": links, "holder": links}).infer_objects(),
            "speakers": _speakers_table(registry, turns, _unnamed_names(metas, turns, _linked_names(sources_names(metas, registry), links))),
        }
    )


def _unnamed_names(metas: list[dict], turns: pd.DataFrame, names: dict[str, list[str]]) -> dict[str, list[str]]:
    """``names`` plus a display name for each per-document id no ``sources.csv`` name gives (``Host`` → ``Host (All-In)``)."""
    out = dict(names)
    for meta in metas:
        for speaker in (f"{meta.get('doc_id')}-host", f"{meta.get('doc_id')}-guest"):
            labels = turns.speaker_raw[turns.speaker == speaker].dropna()
            if speaker not in out and len(labels):
                out[speaker] = [unnamed(bare_label(labels.mode().iloc[0]), meta)]
    return out


def _linked_names(names: dict[str, list[str]], links: dict[str, str]) -> dict[str, list[str]]:
    """The sources.csv names of each person under his one id."""
    out: dict[str, list[str]] = {}
    for speaker, found in names.items():
        kept = links.get(speaker, speaker)
        out[kept] = list(dict.fromkeys([*out.get(kept, []), *found]))
    return out


def check_distinct(raw_dir: Path, sources: pd.DataFrame) -> list[str]:
    """The SHA-256 of every article file; refuse two files with the same content."""
    seen: dict[str, str] = {}
    for name in sources.source_file:
        sha = file_sha256(raw_dir / name)
        if sha in seen:
            raise SourceError(f"{name} has the same content as {seen[sha]}; remove one of them")
        seen[sha] = name
    return list(seen)


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _new_speaker(speaker: str, turns: pd.DataFrame, names: list[str]) -> dict:
    """A speakers row for an id the registry does not know: his commonest role, the labels he was met under.

    His display names are the ones ``sources.csv`` gives (``names``), else his labels bare of brackets and
    role words (``[徐老师]`` → 徐老师, ``主持人 Zuckerberg`` → Zuckerberg): one in Chinese, one in Latin
    script, the first ``sources.csv`` gives, else the fullest label (埃隆·马斯克 rather than its part 埃隆).
    """
    labels = sorted(set(turns.speaker_raw.dropna().str.strip()))
    bare = [x for x in map(bare_label, labels) if x and label_key(x) not in ASKING | ANSWERING]  # not 主持人, Q, A

    def pick(test: Callable[[str], bool]) -> str | None:
        return next((x for x in names if test(x)), None) or _fullest([x for x in bare if test(x)])

    zh, en = pick(lambda x: any("\u4e00" <= c <= "\u9fff" for c in x)), pick(str.isascii)
    role = turns.role.mode().iloc[0] if len(turns) else "unknown"
    return {"speaker": speaker, "name_zh": zh, "name_en": en, "role": role,
            "aliases": "|".join(dict.fromkeys([*labels, *names])), "registered": False}  # fmt: skip


def _fullest(names: list[str]) -> str | None:
    """The first of ``names`` that no other of them contains (埃隆·马斯克, not 埃隆), else the first.

    Examples:
        >>> _fullest(["埃隆", "埃隆·马斯克", "马斯克"]), _fullest([])
        ('埃隆·马斯克', None)

    """
    keys = [label_key(n) for n in names]
    return next((n for n, k in zip(names, keys, strict=True) if not any(k != o and k in o for o in keys)), None)


def _speakers_table(registry: Registry, turns: pd.DataFrame, named: dict[str, list[str]] | None = None) -> pd.DataFrame:
    table = registry.table.assign(registered=True)
    unknown = sorted(set(turns.speaker) - set(table.speaker))
    extra = [_new_speaker(s, turns[turns.speaker == s], (named or {}).get(s, [])) for s in unknown]
    return pd.concat([table, pd.DataFrame(extra)], ignore_index=True) if extra else table


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.corpus.build [RAW_DIR OUT_DIR]``: build the cached tables (the project's by default)."""
    args = list(argv or [])
    if len(args) not in (0, 2):
        print("usage: python -m analysis.corpus.build [RAW_DIR OUT_DIR]", file=sys.stderr)
        return 2
    raw_dir, out_dir = (Path(args[0]), Path(args[1])) if args else (RAW_DIR, PROCESSED_DIR)
    corpus = cached_corpus(raw_dir, out_dir)
    print(f"[corpus] {len(corpus.documents)} documents, {len(corpus.turns)} turns in {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
