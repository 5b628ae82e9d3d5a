"""Split Chinese (and mixed English) text into sentences.

A sentence ends at 。!?！？… (a run counts once) together with any closing quotes or
brackets after it, or at . ! ? followed by a space and a capital in English. URLs, decimals
(9.11) and abbreviations inside a word are never cut. Some transcripts run a whole answer
together with commas; a "sentence" longer than ``max_chars`` is cut at clause commas into
pieces of at most about ``max_chars`` characters (``1,000`` is not a clause comma); a piece
that still runs past ``HARD_LIMIT`` times that (a dump with no punctuation) is cut by length.
Everything runs in time linear in the text: URLs are found once per text, not once per comma.

Examples:
    >>> split_sentences("他说:“好。”然后走了。9.11 比 9.9 大吗?见 https://a.b/c?d=1 。OK. Next one")
    ['他说:“好。”', '然后走了。', '9.11 比 9.9 大吗?', '见 https://a.b/c?d=1 。', 'OK.', 'Next one']

"""

from __future__ import annotations

import re
from bisect import bisect_right

import pandas as pd

_URL = re.compile(r"(https?://|www\.)[^\s\u4e00-\u9fff]+")
_BOUNDARY = re.compile(
    r"(?:[。!?！？]+|…+|\.{3,})[」”’』\"')）\]]*"  # Chinese terminators and closers
    r"|(?<=[A-Za-z0-9)\"'])[.!?]+[\"')]*(?=\s+[A-Z\"“‘(\u4e00-\u9fff])"  # English sentence end
)


MAX_CHARS = 150
#: A piece still longer than this many times ``max_chars`` after the comma cuts is cut by length.
HARD_LIMIT = 4
_CLAUSE = re.compile(r"(?<!\d)[,;，；]|[,;，；](?!\d)")  # not between two digits


def split_sentences(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """Sentences of ``text``, stripped, none empty; over-long ones cut at clause commas."""
    return [piece for sentence in _sentences(text) for piece in _clauses(sentence, max_chars)]


def _clauses(sentence: str, max_chars: int) -> list[str]:
    """Greedily pack the comma-separated clauses of a long sentence into pieces."""
    if len(sentence) <= max_chars:
        return [sentence]
    urls = _Spans(sentence)
    cuts = [m.end() for m in _CLAUSE.finditer(sentence) if not urls.covers(m.start())]
    pieces, start, last = [], 0, 0
    for cut in [*cuts, len(sentence)]:
        if cut - start > max_chars and last > start:
            pieces.append(sentence[start:last])
            start = last
        last = cut
    pieces.append(sentence[start:])
    return [q.strip() for p in pieces for q in _hard_cut(p.strip(), max_chars) if q.strip()]


def _hard_cut(piece: str, max_chars: int) -> list[str]:
    """A piece with no clause comma over ``HARD_LIMIT`` times ``max_chars`` is cut every ``max_chars`` characters.

    Examples:
        >>> [len(p) for p in _hard_cut("字" * 1000, 150)]
        [150, 150, 150, 150, 150, 150, 100]

    """
    if len(piece) <= HARD_LIMIT * max_chars:
        return [piece]
    return [piece[i : i + max_chars] for i in range(0, len(piece), max_chars)]


class _Spans:
    """The URL spans of a text, found once; ``covers(pos)`` is a binary search (no rescan per position).

    Examples:
        >>> _Spans("见 https://a.b/c?d=1,2 好").covers(18), _Spans("见 https://a.b/c 好,").covers(17)
        (True, False)

    """

    def __init__(self, text: str) -> None:
        """Find the URLs of ``text`` (they never overlap: one regex scan)."""
        spans = [m.span() for m in _URL.finditer(text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def covers(self, pos: int) -> bool:
        """Whether ``pos`` lies inside a URL."""
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


def _sentences(text: str) -> list[str]:
    urls = _Spans(text)
    out, start = [], 0
    for m in _BOUNDARY.finditer(text):
        if urls.covers(m.start()):
            continue
        out.append(text[start : m.end()])
        start = m.end()
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


SENTENCE_COLUMNS = ["doc_id", "turn_id", "sent_id", "speaker", "role", "section", "text"]


def sentence_table(turns: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every turn (``sent_id`` counts from 0 within the turn)."""
    rows = [
        (t.doc_id, t.turn_id, i, t.speaker, t.role, t.section, s)
        for t in turns.itertuples(index=False)
        for i, s in enumerate(split_sentences(t.text))
    ]
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
