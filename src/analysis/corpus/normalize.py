r"""Character-level normalization applied to ``text`` (never to ``raw_text``).

Full-width ASCII forms become half-width (the corpus writes , : ? ! in half-width),
odd spaces (U+00A0, U+3000, zero-width) become plain spaces, runs of spaces collapse,
markdown emphasis around a whole line (``_…_``, ``**…**``) is removed, and a Traditional-Chinese document is converted to Simplified with OpenCC.

Examples:
    >>> normalize_line("\u3000ＡＩ\xa0\xa0模型，好")
    'AI 模型,好'
    >>> normalize_line("_这需要我们探索。_")
    '这需要我们探索。'

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


def normalize_line(line: str) -> str:
    """Fold widths and spaces of one line; drop markdown emphasis wrapping the whole line."""
    text = _SPACES.sub(" ", line.translate(_WIDTH)).strip()
    return _EMPHASIS.sub(r"\2", text)


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
