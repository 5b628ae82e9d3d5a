"""Split speaker turns into short chunks of whole sentences: the units of topic modelling.

A chunk is a run of consecutive sentences of one turn, at most ``max_sentences`` long and at
most ``max_chars`` characters (the sentence splitter already cuts comma-spliced monologues
at clauses, see :mod:`analysis.corpus.sentences`). Every chunk keeps its provenance, down to the
ids of its sentences (``sent_ids``), so its vector is pooled from theirs (:func:`chunk_embeddings`):
the corpus is embedded once, sentence by sentence, and every notebook reads those vectors.

Examples:
    >>> sents = pd.DataFrame({
    ...     "doc_id": ["d"] * 4, "turn_id": [0, 0, 0, 1], "sent_id": [0, 1, 2, 0],
    ...     "speaker": ["a"] * 4, "role": ["guest"] * 4, "text": ["一。", "二。", "三。", "四。"]})
    >>> chunk_turns(sents, max_sentences=2)[["chunk_id", "text"]].to_numpy().tolist()
    [['d:0:0', '一。二。'], ['d:0:1', '三。'], ['d:1:0', '四。']]

"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.text.embeddings import Backend, embed_passages, pool

CHUNK_COLUMNS = ["doc_id", "turn_id", "chunk_id", "speaker", "role", "text", "n_sentences", "sent_ids"]
_CLAUSE = re.compile(r"(?<=[,;:，；：])")


def pack(sentences: Iterable[str], max_sentences: int, max_chars: int) -> list[list[str]]:
    """Group consecutive sentences greedily into chunks within both limits.

    Examples:
        >>> pack(["一。", "二。", "三三三。"], max_sentences=3, max_chars=5)
        [['一。', '二。'], ['三三三。']]

    """
    chunks: list[list[str]] = []
    for sentence in sentences:
        last = chunks[-1] if chunks else None
        if last and len(last) < max_sentences and len("".join(last)) + len(sentence) <= max_chars:
            last.append(sentence)
        else:
            chunks.append([sentence])
    return chunks


def chunk_turns(
    sentences: pd.DataFrame,
    roles: Iterable[str] = ("guest",),
    max_sentences: int = 3,
    max_chars: int = 200,
) -> pd.DataFrame:
    """Chunks of the turns whose ``role`` is in ``roles``, from a ``sentences`` table.

    Returns one row per chunk with ``doc_id``, ``turn_id``, ``chunk_id`` (``doc:turn:k``),
    ``speaker``, ``role``, ``text``, ``n_sentences`` and ``sent_ids`` (a tuple of the ``sent_id`` of its sentences).

    Examples:
        >>> import analysis
        >>> chunks = chunk_turns(analysis.load_corpus().sentences)
        >>> chunks.chunk_id.is_unique
        True

    """
    kept = sentences[sentences["role"].isin(list(roles))].sort_values(["doc_id", "turn_id", "sent_id"])
    rows = []
    for (doc_id, turn_id), turn in kept.groupby(["doc_id", "turn_id"], sort=True):
        speaker, role = turn["speaker"].iloc[0], turn["role"].iloc[0]
        ids = iter(turn["sent_id"].tolist())
        for k, chunk in enumerate(pack(turn["text"], max_sentences, max_chars)):
            members = tuple(next(ids) for _ in chunk)
            rows.append((doc_id, turn_id, f"{doc_id}:{turn_id}:{k}", speaker, role, "".join(chunk), len(chunk), members))
    return pd.DataFrame(rows, columns=CHUNK_COLUMNS)


def chunk_embeddings(chunks: pd.DataFrame, sentences: pd.DataFrame, model: str | Backend | None = None) -> np.ndarray:
    """One unit vector per chunk: the length-weighted mean of its sentences' (cached) embeddings.

    The e5 backend pools a text longer than its window the same way (a token-weighted mean of
    the windows' mean-pooled vectors), so a chunk's vector is its text embedded with attention
    kept within each sentence; the corpus is embedded once, by sentence (``make report`` does it
    before the notebooks), and no chunk text is embedded again. Weights are character counts.

    Examples:
        >>> sents = pd.DataFrame({"doc_id": ["d"] * 3, "turn_id": [0, 0, 0], "sent_id": [0, 1, 2],
        ...                       "speaker": ["a"] * 3, "role": ["guest"] * 3, "text": ["一二。", "三。", "四五六。"]})
        >>> chunks = chunk_turns(sents, max_sentences=2)
        >>> vectors = chunk_embeddings(chunks, sents, model="hashing-16")
        >>> vectors.shape, bool(np.allclose(np.linalg.norm(vectors, axis=1), 1))
        ((2, 16), True)

    """
    members = chunks[["doc_id", "turn_id", "sent_ids"]].explode("sent_ids")
    where = pd.MultiIndex.from_frame(sentences[["doc_id", "turn_id", "sent_id"]])
    rows = where.get_indexer(pd.MultiIndex.from_arrays([members.doc_id, members.turn_id, members.sent_ids.astype(int)]))
    if (rows < 0).any():
        raise ValueError("chunks name sentences that are not in the sentences table (chunk them from the same table)")
    texts = sentences["text"].to_numpy()[rows].tolist()
    owner = np.repeat(np.arange(len(chunks)), chunks["n_sentences"].to_numpy())
    return pool(embed_passages(texts, model=model, progress=False), owner, np.array([len(t) for t in texts]))
