"""Split Chinese (and mixed English) text into sentences.

A sentence ends at 。!?！？… (a run counts once) together with any closing quotes or
brackets after it, or at . ! ? followed by a space and a capital in English. URLs, decimals
(9.11) and abbreviations inside a word are never cut. Some transcripts run a whole answer
together with commas; a "sentence" longer than ``max_chars`` is cut where a reader would start a
new sentence: at each clause comma followed by a connective that opens one (所以, 但是, 然后,
我的意思是, 我觉得 …; ``CONNECTIVES``), keeping every piece at least ``MIN_PIECE`` characters;
a piece still over ``max_chars`` is cut at clause commas into pieces of at most about
``max_chars`` characters (``1,000`` is not a clause comma); a piece that still runs past
``HARD_LIMIT`` times that (a dump with no punctuation) is cut by length.
Everything runs in time linear in the text: URLs are found once per text, not once per comma.

Examples:
    >>> split_sentences("他说:“好。”然后走了。9.11 比 9.9 大吗?见 https://a.b/c?d=1 。OK. Next one")
    ['他说:“好。”', '然后走了。', '9.11 比 9.9 大吗?', '见 https://a.b/c?d=1 。', 'OK.', 'Next one']
    >>> split_sentences("我第一次接触深度学习时还是本科生,那时他在那里教课,所以我上了他的课,然后我就开始研究这个方向了", 40)
    ['我第一次接触深度学习时还是本科生,那时他在那里教课,', '所以我上了他的课,然后我就开始研究这个方向了']

"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise

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
#: words that open a new sentence in a comma-chained spoken answer
CONNECTIVES = (
    "所以", "但是", "但", "可是", "不过", "然后", "而且", "因为", "因此", "于是", "后来", "另外", "此外", "其实",
    "我的意思是", "我是说", "我想", "我认为", "我觉得", "比如", "例如", "首先", "其次", "最后", "总之",
    "换句话说", "也就是说", "当然", "如果", "现在", "那时", "当时", "好吧",
)  # fmt: skip
_CONNECTIVE = re.compile(r"\s*(?:" + "|".join(CONNECTIVES) + ")")
#: a piece cut before a connective is at least this long (so 但是, 所以, … never stand alone)
MIN_PIECE = 20


def split_sentences(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """Sentences of ``text``, stripped, none empty; over-long ones cut at clause commas."""
    return [piece for sentence in _sentences(text) for piece in _clauses(sentence, max_chars)]


def _clauses(sentence: str, max_chars: int) -> list[str]:
    """A long sentence cut before its connectives, then its clauses greedily packed into pieces."""
    if len(sentence) <= max_chars:
        return [sentence]
    urls = _Spans(sentence)
    cuts = [m.end() for m in _CLAUSE.finditer(sentence) if not urls.covers(m.start())]
    bounds = [0]
    for cut in cuts:
        if _CONNECTIVE.match(sentence, cut) and cut - bounds[-1] >= MIN_PIECE and len(sentence) - cut >= MIN_PIECE:
            bounds.append(cut)
    bounds.append(len(sentence))
    pieces = [p for a, b in pairwise(bounds) for p in _pack(sentence, a, b, cuts, max_chars)]
    return [q.strip() for p in pieces for q in _hard_cut(p.strip(), max_chars) if q.strip()]


def _pack(sentence: str, start: int, end: int, cuts: list[int], max_chars: int) -> list[str]:
    """``sentence[start:end]`` greedily packed at its clause ``cuts`` into pieces of about ``max_chars``."""
    pieces, last = [], start
    for cut in [*cuts[bisect_right(cuts, start) : bisect_left(cuts, end)], end]:
        if cut - start > max_chars and last > start:
            pieces.append(sentence[start:last])
            start = last
        last = cut
    pieces.append(sentence[start:end])
    return pieces


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
