r"""Character-level normalization applied to ``text`` (never to ``raw_text``).

NUL bytes, other control characters and bidirectional controls (U+202A–U+202E, U+2066–U+2069,
U+200E/F, U+061C) are removed, so they can neither hide a speaker label nor reach ``text``.
Full-width ASCII forms become half-width (the corpus writes , : ? ! in half-width),
odd spaces (U+00A0, U+3000, zero-width, U+FEFF) become plain spaces, runs of spaces collapse,
markdown marks are removed (heading ``#``, quote ``>``, bullet ``*``/``-``, ``**``/``__`` anywhere, emphasis around a whole line,
images, ``[text](url)`` links keep their text, ``<br>`` tags, backslash escapes), a timestamp
between a speaker label and its colon (``Lex Fridman (00:01:22):``) is dropped, so is a bracketed
timestamp anywhere else (``[6:14] Chuck Robbins:``, ``…(00:12:03)``: never spoken), a name with a
timestamp alone on its line (``Demis Hassabis (00:00:12)``, a transcript's label echo) becomes the
label ``Demis Hassabis:``, and a Traditional-Chinese document is converted to Simplified with OpenCC.

Examples:
    >>> normalize_line("\u3000ＡＩ\xa0\xa0模型，好")
    'AI 模型,好'
    >>> normalize_line("_这需要我们探索。_")
    '这需要我们探索。'
    >>> normalize_line("##### **李大海：** 你说的**没错**。")
    '李大海: 你说的没错。'
    >>> normalize_line("**Lex Fridman  (00:01:22)**：Hi")
    'Lex Fridman:Hi'
    >>> normalize_line("何恺\x00明\u202e:好")
    '何恺明:好'
    >>> normalize_line("**[6:14] Chuck Robbins:** 好 [01:02:03]"), normalize_line("Demis Hassabis (00:00:12)")
    ('Chuck Robbins: 好', 'Demis Hassabis:')

"""

from __future__ import annotations

import re
from functools import cache

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Share of CJK characters OpenCC changes above which a document is taken as Traditional.
TRADITIONAL_SHARE = 0.05


_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1$")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_HEADING = re.compile(r"^(>\s?)+|^#{1,6}\s+|^#{1,6}(?=\*\*)|^[*+-]\s+(?=\S)")
_STRONG = re.compile(r"\*\*+|(?<![A-Za-z0-9])__+|__+(?![A-Za-z0-9])")
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*\)"  # a link target, one level of parentheses inside allowed
_IMAGE = re.compile(rf"!\[[^\]]*\]{_TARGET}")
_LINK = re.compile(rf"\[([^\]]*)\]{_TARGET}")
_TAG = re.compile(r"</?(br|wbr|span|strong|b|em|i|u|sup|sub|font)\b[^>]*>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_LABEL_TIME = re.compile(r"^([^:：]{1,30}?)\s*[(（\[【]\s*\d{1,2}:\d{2}(?::\d{2})?\s*[)）\]】]\s*(?=[:：])")
_STAMP = r"[(（\[【]\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\s*[)）\]】]"
_TIMESTAMP = re.compile(rf"\s*{_STAMP}\s*")
#: a name (two to four CJK characters, or up to four capitalised Latin words) with a timestamp, alone on its line
_ECHO = re.compile(rf"^([\u4e00-\u9fff]{{2,4}}|[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){{0,3}})\s*{_STAMP}$")


def strip_markup(line: str) -> str:
    r"""Remove markdown and inline-HTML marks from one line, keeping its words.

    Examples:
        >>> strip_markup("[![](a.png)](b) 见[论文](https://x.y/z) \| **重点**<br />")
        '见论文 | 重点'

    """
    text = _HEADING.sub("", line.lstrip())
    text = _LINK.sub(r"\1", _IMAGE.sub("", text))
    text = _TAG.sub("", _STRONG.sub("", text))
    return _ESCAPE.sub(r"\1", text).strip()


def strip_controls(line: str) -> str:
    """Remove NUL, control and bidirectional-control characters (tabs become spaces)."""
    return _CONTROLS.sub("", line.replace("\t", " "))


def normalize_line(line: str) -> str:
    """Normalize one line: controls, markup, widths, spaces, whole-line emphasis, label timestamps."""
    text = _SPACES.sub(" ", strip_markup(strip_controls(line)).translate(_WIDTH)).strip()
    text = _EMPHASIS.sub(r"\2", text)
    text = _ECHO.sub(r"\1:", _LABEL_TIME.sub(r"\1", text))
    return _TIMESTAMP.sub(_space_between, text).strip()


def _space_between(m: re.Match[str]) -> str:
    """What a removed timestamp leaves: a space between two Latin words, else nothing."""
    before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
    return " " if before.isascii() and before.isalnum() and after.isascii() and after.isalnum() else ""


@cache
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional to Simplified Chinese (OpenCC t2s)."""
    return _t2s().convert(text)


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in Traditional characters (by the share OpenCC would change)."""
    cjk = _CJK.findall(text)
    if not cjk:
        return False
    sample = "".join(cjk[:20000])
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample), strict=False))
    return changed / len(sample) > TRADITIONAL_SHARE
