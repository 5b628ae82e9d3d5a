"""Read an ``.html`` article with BeautifulSoup: the text of each block lands on the raw line where the block starts.

The ledger keeps one row per raw line of the HTML source. The text of every innermost block element
(paragraph, heading, list item, quote, table cell, or a ``div`` without blocks inside) is given to
the line on which its start tag stands; the other lines of a block, and lines holding only tags,
scripts or styles, are dropped as ``markup``. Blocks starting on the same raw line (minified HTML)
share that line, joined by a space: only a label opening the line, or a registered label after a
sentence end, can then start a turn (a known limitation).

Examples:
    >>> rows = read_html(["<html><body>", "<p><b>何恺明:</b>好的。", "还有。</p>", "</body></html>"])
    >>> [(r.text, r.drop and r.drop[0]) for r in rows]
    [('', 'markup'), ('何恺明: 好的。 还有。', None), ('', 'markup'), ('', 'markup')]

"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from analysis.corpus.readers import ReadLine

_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dt", "dd",
           "figcaption", "div", "section", "article", "main", "body", "header", "footer", "aside", "nav")  # fmt: skip
_INVISIBLE = ("script", "style", "noscript", "head", "template", "svg", "iframe")
_SPACES = re.compile(r"\s+")


def read_html(raw_lines: list[str]) -> list[ReadLine]:
    """One :class:`ReadLine` per raw line of an HTML document."""
    soup = BeautifulSoup("\n".join(raw_lines), "html.parser")
    for tag in soup.find_all(_INVISIBLE):
        tag.decompose()
    texts: dict[int, list[str]] = {}
    owner: dict[int, int] = {}
    for block in soup.find_all(_BLOCKS):
        if not isinstance(block, Tag) or block.find(_BLOCKS) is not None or block.sourceline is None:
            continue
        text = _SPACES.sub(" ", block.get_text(" ", strip=True)).strip()
        if not text:
            continue
        start = block.sourceline - 1
        texts.setdefault(start, []).append(text)
        end = start + str(block).count("\n")
        for i in range(start + 1, min(end, len(raw_lines) - 1) + 1):
            owner.setdefault(i, start)
    rows = []
    for i, line in enumerate(raw_lines):
        if i in texts:
            rows.append(ReadLine(" ".join(texts[i])))
        elif not line.strip():
            rows.append(ReadLine(""))
        elif i in owner:
            rows.append(ReadLine("", ("markup", f"continuation of the HTML block on line {owner[i] + 1}")))
        else:
            rows.append(ReadLine("", ("markup", "HTML markup with no text of its own")))
    return rows
