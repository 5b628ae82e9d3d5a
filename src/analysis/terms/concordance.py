"""Keyword in context: every occurrence of a term in the turns, with its provenance.

Matching is on the cleaned and restored turn text, case-insensitive: as a substring by default
(Chinese has no spaces to match on), or on whole tokens with ``whole_token=True``
(:mod:`analysis.terms.matching`: 数据 then skips 数据集); ``window`` counts characters on each side.

Examples:
    >>> import pandas as pd
    >>> turns = pd.DataFrame({"doc_id": ["d"], "turn_id": [0], "speaker": ["s"], "role": ["guest"],
    ...                       "text": ["我们需要更多数据,数据决定一切"]})
    >>> kwic("数据", window=4, corpus=turns)[["left", "keyword", "right"]].to_dict("records")
    [{'left': '需要更多', 'keyword': '数据', 'right': ',数据决'}, {'left': '多数据,', 'keyword': '数据', 'right': '决定一切'}]

"""

from __future__ import annotations

import re

import pandas as pd

from analysis.corpus import Corpus, load_corpus
from analysis.corpus.people import People
from analysis.terms.matching import token_runs
from analysis.terms.search import PROVENANCE, with_provenance

COLUMNS = ["doc_id", "turn_id", "speaker", "role", "start", "left", "keyword", "right", *PROVENANCE]
_NEEDED = ("doc_id", "turn_id", "speaker", "text")


def _source(corpus: Corpus | pd.DataFrame | None) -> Corpus | pd.DataFrame:
    """The corpus (None: the project's) or a turns table with the columns kwic needs; else a TypeError."""
    if corpus is None:
        return load_corpus()
    if isinstance(corpus, pd.DataFrame):
        missing = [c for c in _NEEDED if c not in corpus.columns]
        if missing:
            raise TypeError(f"kwic's corpus is a Corpus or a turns table with {list(_NEEDED)}; this table lacks {missing}")
        return corpus
    if not isinstance(corpus, Corpus):
        raise TypeError(f"kwic's corpus is a Corpus (analysis.load_corpus()), a turns table or None; got {type(corpus).__name__}")
    return corpus


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _rows(turn, term: str, window: int, whole_token: bool) -> list[dict]:
    text = str(turn.text)
    where = {"doc_id": turn.doc_id, "turn_id": turn.turn_id, "speaker": turn.speaker, "role": turn.role}
    if whole_token:
        spans = token_runs(text, term) if term.casefold() in text.casefold() else []
    else:
        spans = [m.span() for m in re.finditer(re.escape(term), text, re.IGNORECASE)]
    return [
        where
        | {
            "start": a,
            "left": _flat(text[max(0, a - window) : a]),
            "keyword": text[a:b],
            "right": _flat(text[b : b + window]),
        }
        for a, b in spans
    ]


def kwic(
    term: str,
    window: int = 20,
    speaker: str | list[str] | None = None,
    corpus: Corpus | pd.DataFrame | None = None,
    whole_token: bool = False,
) -> pd.DataFrame:
    """Concordance of ``term``: one row per occurrence, in corpus order.

    Columns: ``doc_id, turn_id, speaker, role, start`` (character offset of the match in the
    turn's ``text``), ``left, keyword, right`` (line breaks shown as spaces), then the provenance
    of :func:`analysis.terms.search.with_provenance` (raw lines, title, url, restored, translated;
    empty when ``corpus`` is a bare turns table). ``speaker`` keeps only that speaker (or those
    speakers), by any of his names (``Hinton``, ``辛顿``); ``corpus`` is a :class:`Corpus` or a turns
    table, ``None`` meaning the project's own corpus; ``whole_token`` matches only whole tokens.

    Examples:
        >>> kwic("可解释性", window=5).columns.tolist()[:8]  # doctest: +NORMALIZE_WHITESPACE
        ['doc_id', 'turn_id', 'speaker', 'role', 'start', 'left', 'keyword', 'right']

    """
    if not isinstance(term, str) or not term:
        raise ValueError(f"kwic needs a non-empty term (str), e.g. kwic('数据'); got {term!r}")
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise ValueError(f"window is a number of characters (int >= 0), e.g. window=20; got {window!r}")
    source = _source(corpus)
    turns = source if isinstance(source, pd.DataFrame) else source.turns
    wanted = People.of(source).resolve_many(speaker)
    if wanted is not None:
        turns = turns[turns["speaker"].isin(wanted)]
    rows = pd.DataFrame(
        [row for turn in turns.itertuples(index=False) for row in _rows(turn, term, window, whole_token)],
        columns=COLUMNS[:8],
    )
    if isinstance(source, pd.DataFrame):
        return rows.reindex(columns=COLUMNS)
    context = rows.assign(_wide=rows.left + rows.keyword + rows.right, _left=rows.left + rows.keyword)
    return with_provenance(context, source, ("_wide", "_left", "keyword"))[COLUMNS]
