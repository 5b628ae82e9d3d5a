"""Split speaker turns into short chunks of whole sentences: the units of topic modelling.

A chunk is a run of consecutive sentences of one turn, at most ``max_sentences`` long and at
most ``max_chars`` characters (the sentence splitter already cuts comma-spliced monologues
at clauses, see :mod:`analysis.corpus.sentences`). Every chunk keeps its provenance.

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

import pandas as pd

CHUNK_COLUMNS = ["doc_id", "turn_id", "chunk_id", "speaker", "role", "text", "n_sentences"]
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
    ``speaker``, ``role``, ``text`` and ``n_sentences``.

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
        for k, chunk in enumerate(pack(turn["text"], max_sentences, max_chars)):
            rows.append((doc_id, turn_id, f"{doc_id}:{turn_id}:{k}", speaker, role, "".join(chunk), len(chunk)))
    return pd.DataFrame(rows, columns=CHUNK_COLUMNS)
