"""Split Chinese (and mixed English) text into sentences.

A sentence ends at 。!?！？… (a run counts once) together with any closing quotes or
brackets after it, or at . ! ? followed by a space and a capital in English. URLs, decimals
(9.11) and abbreviations inside a word are never cut.

Examples:
    >>> split_sentences("他说:“好。”然后走了。9.11 比 9.9 大吗?见 https://a.b/c?d=1 。OK. Next one")
    ['他说:“好。”', '然后走了。', '9.11 比 9.9 大吗?', '见 https://a.b/c?d=1 。', 'OK.', 'Next one']

"""

from __future__ import annotations

import re

_URL = re.compile(r"(https?://|www\.)[^\s\u4e00-\u9fff]+")
_BOUNDARY = re.compile(
    r"(?:[。!?！？]+|…+|\.{3,})[」”’』\"')）\]]*"  # Chinese terminators and closers
    r"|(?<=[A-Za-z0-9)\"'])[.!?]+[\"')]*(?=\s+[A-Z\"“‘(\u4e00-\u9fff])"  # English sentence end
)


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, stripped, none empty."""
    protected = [(m.start(), m.end()) for m in _URL.finditer(text)]
    out, start = [], 0
    for m in _BOUNDARY.finditer(text):
        if any(a <= m.start() < b for a, b in protected):
            continue
        out.append(text[start : m.end()])
        start = m.end()
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]
