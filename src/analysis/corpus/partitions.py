"""The corpus tables partitioned by document, so that adding an article rebuilds and embeds only that article.

The store (``CACHE_DIR/corpus`` by default) holds one parquet file per document and table, each
named by a content key and checked against its recorded hash when read
(:func:`analysis.cache.cached_frame`)::

    bigrams/doc-<raw key>.parquet          gram, n_lines (raw lines holding it), in_text (in the restored text)
    documents|lines|turns|sentences/doc-<doc key>.parquet
    warnings/doc-<doc key>.parquet         category, message: what the document's build said
    embeddings/<backend>/doc-<doc key>.parquet   doc_id, turn_id, sent_id, vector
    manifest.json                          doc_id → doc key, in ``sources.csv`` order

Each table's folder is a parquet dataset of the current corpus (files of documents no longer in
it are removed): ``dask.dataframe.read_parquet(store / "turns" / "*.parquet")`` reads it.

What a document's tables depend on: its ``sources.csv`` row, its raw bytes, the package's data
files and code, and one thing shared with the corpus, the bigram reference of the off-topic test
(:func:`analysis.corpus.clean.classify` asks only whether each bigram of a paragraph occurs in
more than one raw line of the corpus). The *doc key* therefore hashes, besides the document's own
inputs, the set of its restored text's bigrams that occur more than once in the corpus: an added
article changes another document's key only when it makes one of that document's unique bigrams
shared, and only then is that document rebuilt too. Workers compute (:mod:`analysis.engine`); this
process alone writes the store. The tables assembled from the store are those of
:func:`analysis.corpus.build.build_corpus`, byte for byte.

Examples:
    >>> import tempfile
    >>> corpus, stats = build(RAW_DIR, Path(tempfile.mkdtemp()))  # doctest: +SKIP
    >>> stats["built"] == len(corpus.documents)  # doctest: +SKIP
    True

"""

from __future__ import annotations

import importlib
import json
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.cache import atomic_write_text, cached_frame, code_key, content_key
from analysis.config import CACHE_DIR, DATA_DIR, RAW_DIR
from analysis.corpus.build import Corpus, assemble, check_distinct
from analysis.corpus.clean import bigram_reference
from analysis.corpus.document import DocumentTables, bigram_counts, build_document, restore_document
from analysis.corpus.labels import LabelFinder
from analysis.corpus.sources import read_raw, read_sources
from analysis.corpus.speakers import Registry

DEFAULT_STORE = CACHE_DIR / "corpus"
TABLES = ("documents", "lines", "turns", "sentences", "warnings")
MANIFEST = "manifest.json"

__all__ = ["DEFAULT_STORE", "build", "doc_keys", "sentence_embeddings", "text_bigrams"]


def base_key() -> str:
    """Hash of the package's data files and of the code that builds a document."""
    files = sorted(p for p in DATA_DIR.rglob("*") if p.is_file() and p.suffix in (".csv", ".tsv", ".txt"))
    return content_key(*((p.name, p.read_bytes()) for p in files), code_key(__name__))


def text_bigrams(path: Path) -> pd.DataFrame:
    """One row per CJK bigram of an article: in how many raw lines it occurs, and whether its restored text has it."""
    raw = read_raw(path)
    counts = bigram_counts(raw)
    in_text = set(bigram_reference(restore_document(raw)[4]))
    grams = sorted(set(counts) | in_text)
    return pd.DataFrame({"gram": grams, "n_lines": [counts.get(g, 0) for g in grams],
                         "in_text": [g in in_text for g in grams]})  # fmt: skip


def doc_keys(metas: list[dict], raw_keys: list[str], bigrams: list[pd.DataFrame], base: str) -> tuple[
        list[str], list[Counter[str]]]:  # fmt: skip
    """Each document's key and the part of the corpus's bigram reference its build reads."""
    every = pd.concat([b.assign(doc=i) for i, b in enumerate(bigrams)], ignore_index=True)
    total = every.groupby("gram", sort=False)["n_lines"].sum()
    every["total"] = every["gram"].map(total).to_numpy()
    shared = every[every["in_text"] & (every["total"] > 1)]
    by_doc = {i: g for i, g in shared.groupby("doc", sort=False)}
    keys, references = [], []
    for i, (meta, raw_key) in enumerate(zip(metas, raw_keys, strict=True)):
        part = by_doc.get(i, shared.iloc[:0])
        reference = Counter(dict(zip(part["gram"], part["total"].astype(int).tolist(), strict=True)))
        keys.append(content_key("doc", base, sorted(meta.items(), key=lambda kv: kv[0]), raw_key, sorted(reference)))
        references.append(reference)
    return keys, references


def build(raw_dir: Path = RAW_DIR, store: Path | None = None, progress: bool = False,
          timings: dict[str, float] | None = None) -> tuple[Corpus, dict[str, Any]]:  # fmt: skip
    """The corpus of ``raw_dir``, building only the documents the store does not hold; and what it did.

    The returned dict counts documents (``docs``), documents built (``built``) and bigram tables
    computed (``scanned``), with the seconds of each phase (``scan``, ``build``, ``assemble``).
    """
    import dask

    from analysis.engine import run, session

    store = Path(store or DEFAULT_STORE)
    raw_dir = Path(raw_dir)
    stats: dict[str, Any] = {}
    start = time.perf_counter()
    sources = read_sources(raw_dir)
    shas = check_distinct(raw_dir, sources)
    metas = [row._asdict() for row in sources.itertuples(index=False)]
    paths = [raw_dir / m["source_file"] for m in metas]
    base = base_key()
    raw_keys = [content_key("bigrams", base, sha) for sha in shas]
    registry = Registry.load()
    finder = LabelFinder(registry)
    with session(len(metas), progress=progress):  # one cluster for both phases
        todo = [i for i, k in enumerate(raw_keys) if not _held(store / "bigrams", k)]
        scanned = dict(zip(todo, run([dask.delayed(text_bigrams, pure=True)(paths[i]) for i in todo], progress),
                           strict=True))  # fmt: skip
        bigrams = [cached_frame("doc", k, lambda i=i: scanned.get(i, text_bigrams(paths[i])), store / "bigrams")
                   for i, k in enumerate(raw_keys)]  # fmt: skip
        keys, references = doc_keys(metas, raw_keys, bigrams, base)
        stats.update(docs=len(metas), scanned=len(todo), scan=time.perf_counter() - start)

        start = time.perf_counter()
        todo = [i for i, k in enumerate(keys) if not all(_held(store / t, k) for t in TABLES)]
        shared_finder = dask.delayed(finder, pure=True)
        tasks = [dask.delayed(build_document, pure=True)(metas[i], dask.delayed(read_raw, pure=True)(paths[i]),
                                                         shared_finder, references[i]) for i in todo]  # fmt: skip
        built = dict(zip(todo, run(tasks, progress), strict=True))
        stats.update(built=len(todo), build=time.perf_counter() - start)

    start = time.perf_counter()
    parts = []
    for i, key in enumerate(keys):
        def compute(i: int = i) -> DocumentTables:
            if i not in built:  # a damaged file of a document: build it here
                built[i] = build_document(metas[i], read_raw(paths[i]), finder, references[i])
            return built[i]

        parts.append(replace(_stored(store, key, compute), timings=built[i].timings if i in built else {}))
    atomic_write_text(store / MANIFEST, json.dumps({"docs": [[m["doc_id"], k] for m, k in zip(metas, keys, strict=True)]},
                                                   ensure_ascii=False, indent=0))  # fmt: skip
    _prune(store, {*keys, *raw_keys})
    corpus = assemble(parts, registry, timings)
    stats["assemble"] = time.perf_counter() - start
    return corpus, stats


def _held(folder: Path, key: str) -> bool:
    """Whether ``folder`` holds the file (and its hash record) of ``key``."""
    return (folder / f"doc-{key}.parquet").is_file() and (folder / f"doc-{key}.json").is_file()


def _stored(store: Path, key: str, compute: Any) -> DocumentTables:
    """A document's tables from the store, computed (and written) when missing or damaged."""
    frames = {t: cached_frame("doc", key, lambda t=t: _frame(compute(), t), store / t) for t in TABLES}
    messages = [(_category(c), m) for c, m in zip(frames["warnings"]["category"], frames["warnings"]["message"],
                                                  strict=True)]  # fmt: skip
    doc = {k: _python(v) for k, v in frames["documents"].iloc[0].items()}
    return DocumentTables(doc, frames["lines"], frames["turns"], frames["sentences"], messages, {})


def _frame(part: DocumentTables, table: str) -> pd.DataFrame:
    if table == "documents":
        return pd.DataFrame([part.doc])
    if table == "warnings":
        names = [f"{c.__module__}:{c.__qualname__}" for c, _ in part.messages]
        return pd.DataFrame({"category": names, "message": [m for _, m in part.messages]}, dtype=object)
    return getattr(part, table)


def _python(value: Any) -> Any:
    """A value of a one-row parquet frame as the build's dict holds it (numpy scalars → Python, NaN → None)."""
    if isinstance(value, np.generic):
        value = value.item()
    return None if isinstance(value, float) and np.isnan(value) else value


def _category(name: str) -> type[Warning]:
    module, _, qualname = name.partition(":")
    try:
        found = importlib.import_module(module)
        for part in qualname.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError):
        return UserWarning
    return found if isinstance(found, type) and issubclass(found, Warning) else UserWarning


def _prune(store: Path, keep: set[str]) -> None:
    """Remove the files of documents no longer in the corpus (each table's folder stays the current corpus)."""
    for path in store.glob("*/**/doc-*.*"):
        if path.stem.removeprefix("doc-") not in keep:
            path.unlink(missing_ok=True)


def sentence_embeddings(store: Path | None = None, model: str | None = None, progress: bool = False) -> pd.DataFrame:
    """Vectors of every sentence of the stored corpus (run :func:`build` first), embedding only new documents.

    One parquet file per document in ``embeddings/<backend>/``; the texts of documents without
    one go to :func:`analysis.text.embeddings.embed_passages` together (on the engine's workers,
    cached by text as always), then each document's rows are written on their own.
    """
    from analysis.text.embeddings import embed_passages, get_backend

    store = Path(store or DEFAULT_STORE)
    manifest = store / MANIFEST
    if not manifest.is_file():
        raise FileNotFoundError(f"{manifest} is missing; build the store first (analysis.corpus.partitions.build)")
    docs = json.loads(manifest.read_text(encoding="utf-8"))["docs"]
    folder = store / "embeddings" / get_backend(model).name
    sentences = {key: pd.read_parquet(store / "sentences" / f"doc-{key}.parquet") for _, key in docs}
    todo = [key for _, key in docs if not _held(folder, key)]
    texts = [t for key in todo for t in sentences[key]["text"]]
    vectors = embed_passages(texts, model=model, progress=progress)
    offsets = np.cumsum([0, *(len(sentences[key]) for key in todo)])
    fresh = {key: vectors[a:b] for key, a, b in zip(todo, offsets[:-1], offsets[1:], strict=True)}

    def rows(key: str) -> pd.DataFrame:
        s = sentences[key]
        found = fresh[key] if key in fresh else embed_passages(s["text"].tolist(), model=model, progress=False)
        return s[["doc_id", "turn_id", "sent_id"]].assign(vector=list(found))

    frames = [cached_frame("doc", key, lambda key=key: rows(key), folder) for _, key in docs]
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["doc_id", "turn_id", "sent_id", "vector"])
