"""Layout readers: what each raw line holds before cleaning, for text, markdown, subtitle and HTML files.

A reader returns one :class:`ReadLine` per raw line of the file (the ledger's rows): the text the
line contributes (markup removed later by :func:`analysis.corpus.normalize.normalize_line`), or a
``drop`` with a kind and a reason for lines that are layout, not content:

- ``frontmatter``: a YAML block (``---`` … ``---``) at the top of the file;
- ``image``: a line holding only images (``![](…)``, ``<img>``), possibly inside a link;
- ``markup``: HTML tags alone on a line (``<details>``, ``<summary>…</summary>``, ``<br />``),
  setext underlines and horizontal rules (``====``, ``----``, ``***``), and for an ``.html`` file
  the lines that carry no text of their own (tags, scripts, styles, continuations);
- ``timing``: subtitle timing lines (``00:00:03,000 --> 00:00:05,000``) and the cue number above them;
- ``translation``: in a Chinese document, the Latin-script lines of a ``<details>`` block (``<summary>Original
  English</summary>`` and the English original of the turn above): kept apart, never counted as speech.

The same rules apply to every suffix (a ``.txt`` scraped from a markdown page gets the same
treatment); ``.html``/``.htm`` files are parsed with BeautifulSoup, never with regexes.

Examples:
    >>> [(r.text, r.drop and r.drop[0]) for r in read_lines(["---", "title: x", "---", "![](a.png)", "Q:好?"], ".md")]
    [('', 'frontmatter'), ('', 'frontmatter'), ('', 'frontmatter'), ('', 'image'), ('Q:好?', None)]
    >>> [r.drop and r.drop[0] for r in read_lines(["1", "00:00:01,000 --> 00:00:02,500", "你好"], ".srt")]
    ['timing', 'timing', None]

"""

from __future__ import annotations

import re
from dataclasses import dataclass

HTML_SUFFIXES = (".html", ".htm")
_FRONT_FENCE = re.compile(r"^(---|\+\+\+)\s*$")
_FRONT_KEY = re.compile(r"^\s*([A-Za-z_][\w-]*\s*:|-\s|#)|^\s*$")
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*\)"  # a link target, one level of parentheses inside allowed
_IMAGE_ONLY = re.compile(rf"^\s*(\[?!\[[^\]]*\]{_TARGET}\]?({_TARGET})?\s*|<img\b[^>]*>\s*)+$", re.IGNORECASE)
_TAG_ONLY = re.compile(r"^\s*(</?[a-zA-Z][\w-]*(\s[^<>]*)?/?>\s*)+$")
_SUMMARY = re.compile(r"^\s*<summary\b[^>]*>.*</summary>\s*$", re.IGNORECASE)
_RULE = re.compile(r"^\s*([=\-*_])(\s*\1){2,}\s*$")
_TIMING = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}")
_CUE = re.compile(r"^\s*\d{1,6}\s*$")
_DETAILS_OPEN = re.compile(r"^\s*<details\b", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
_SUMMARY_TAG = re.compile(r"<summary\b", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
#: a line under this share of CJK letters is Latin script; a document over ``CHINESE_SHARE`` is Chinese
LATIN_SHARE = 0.1
CHINESE_SHARE = 0.3


@dataclass(frozen=True)
class ReadLine:
    """One raw line: the text it contributes, or why it is dropped as layout."""

    text: str
    drop: tuple[str, str] | None = None


def read_lines(raw_lines: list[str], suffix: str = ".txt") -> list[ReadLine]:
    """One :class:`ReadLine` per raw line, for a file of type ``suffix``."""
    if suffix.lower() in HTML_SUFFIXES:
        from analysis.corpus.html import read_html

        return read_html(raw_lines)
    out = [ReadLine(line) for line in raw_lines]
    _front_matter(raw_lines, out)
    for i, line in enumerate(raw_lines):
        if out[i].drop:
            continue
        if _IMAGE_ONLY.match(line):
            out[i] = ReadLine("", ("image", "image line (markup, no text)"))
        elif _SUMMARY.match(line) or _TAG_ONLY.match(line):
            out[i] = ReadLine("", ("markup", "HTML tag line (layout, no text)"))
        elif _RULE.match(line):
            out[i] = ReadLine("", ("markup", "markdown rule or heading underline"))
        elif _TIMING.match(line):
            out[i] = ReadLine("", ("timing", "subtitle timing line"))
            if i and _CUE.match(raw_lines[i - 1]):
                out[i - 1] = ReadLine("", ("timing", "subtitle cue number"))
    _original_language_blocks(raw_lines, out)
    return out


def cjk_share(text: str) -> float:
    """CJK characters among CJK characters and Latin letters (0 for text with neither).

    Examples:
        >>> cjk_share("大模型 LLM"), cjk_share("I think so")
        (0.5, 0.0)

    """
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def _original_language_blocks(raw_lines: list[str], out: list[ReadLine]) -> None:
    """In a Chinese document, drop the Latin-script lines of each ``<details>`` block as ``translation``."""
    blocks, start = [], None
    for i, line in enumerate(raw_lines):
        if start is None and _DETAILS_OPEN.match(line):
            start = i
        if start is not None and _DETAILS_CLOSE.search(line):
            blocks.append(range(start, i + 1))
            start = None
    if start is not None:  # a block left open at the end of the file (a scrape cut short) runs to its end
        blocks.append(range(start, len(raw_lines)))
    inside = {i for block in blocks for i in block}
    if not blocks or cjk_share(" ".join(r.text for i, r in enumerate(out) if i not in inside)) <= CHINESE_SHARE:
        return
    reason = (
        "translation",
        "original-language block (<details>) of a Chinese document: the source text, not the speech",
    )
    for i in inside:
        text = out[i].text
        if not out[i].drop and text.strip() and (_SUMMARY_TAG.search(text) or cjk_share(text) < LATIN_SHARE):
            out[i] = ReadLine("", reason)


def _front_matter(raw_lines: list[str], out: list[ReadLine]) -> None:
    """Mark a YAML/TOML front-matter block opening the file (a leading BOM or blank lines allowed)."""
    start = next((i for i, line in enumerate(raw_lines) if line.strip("\ufeff \t")), None)
    if start is None or not _FRONT_FENCE.match(raw_lines[start].lstrip("\ufeff")):
        return
    for end in range(start + 1, len(raw_lines)):
        if _FRONT_FENCE.match(raw_lines[end]):
            break
        if not _FRONT_KEY.match(raw_lines[end]) and not raw_lines[end].startswith((" ", "\t")):
            return  # not YAML: a rule above prose
    else:
        return
    for i in range(start, end + 1):
        out[i] = ReadLine("", ("frontmatter", "front matter (page metadata, not article text)"))
