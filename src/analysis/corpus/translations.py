"""Bilingual transcripts: keep the Chinese turn, drop its English repeat as a ``translation``.

Some transcripts give every turn twice, in Chinese and then in English (often inside a
``<details>`` block). A document is taken as bilingual when at least ``MIN_PAIRS`` labelled
turns written in Latin script (under ``LATIN_SHARE`` CJK characters) directly follow a Chinese
turn (over ``CJK_SHARE``), and such pairs make up at least ``MIN_SHARE`` of its labelled turns;
the lines of each English repeat are then dropped with kind ``translation``, so nothing is
counted twice. An English turn that repeats nothing (an English-only passage) is left alone, except
in an appendix: when at least ``MIN_PAIRS`` labelled Latin-script turns follow the last Chinese one
of a document with at least ``MIN_PAIRS`` Chinese turns, and nothing but Latin script follows, that
tail is the interview again in English (``translation``), not a second conversation.

Examples:
    >>> from analysis.corpus.clean import classify
    >>> zh, en = "何恺明:我认为数据很重要,规模也很重要。", "Kaiming He: I think data matters, and scale too."
    >>> lines = classify([zh, en] * 3, title="t")
    >>> [line.kind for line in lines]
    ['content', 'translation', 'content', 'translation', 'content', 'translation']

"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from analysis.corpus.readers import cjk_share

if TYPE_CHECKING:
    from analysis.corpus.clean import Line

MIN_PAIRS = 3
MIN_SHARE = 0.3
LATIN_SHARE = 0.1
CJK_SHARE = 0.3
_LABEL = re.compile(r"^[^:：]{1,40}[:：]")  # the label opening a block is not part of its language


def mark_translations(lines: list[Line]) -> None:
    """Drop the English repeats of a bilingual transcript (see the module docstring)."""
    blocks: list[list[Line]] = []
    for line in lines:
        if line.kind == "heading":
            blocks.append([])
        elif line.kind == "content":
            if line.opens_dialogue or not blocks:
                blocks.append([])
            blocks[-1].append(line)
    labelled = [b for b in blocks if b and b[0].opens_dialogue]
    shares = {id(b): cjk_share(_LABEL.sub("", " ".join(x.text for x in b))) for b in labelled}
    repeats = [
        b for prev, b in pairwise(blocks)
        if id(b) in shares and id(prev) in shares and shares[id(b)] < LATIN_SHARE and shares[id(prev)] > CJK_SHARE
    ]  # fmt: skip
    if len(repeats) >= MIN_PAIRS and len(repeats) >= MIN_SHARE * len(labelled):
        for block in repeats:
            for line in block:
                line.drop("translation", "English repeat of the Chinese turn above (bilingual transcript)")
    for block in _appendix(blocks, shares):
        for line in block:
            line.drop("translation", "English version after the Chinese interview (appendix)")


def _appendix(blocks: list[list[Line]], shares: dict[int, float]) -> list[list[Line]]:
    """The Latin-script blocks after a document's last Chinese turn, when they are an English version of it."""
    chinese = [i for i, b in enumerate(blocks) if shares.get(id(b), 0.0) > CJK_SHARE]
    if len(chinese) < MIN_PAIRS:
        return []
    tail = [b for b in blocks[chinese[-1] + 1 :] if b]
    texts = [
        _LABEL.sub("", " ".join(x.text for x in b)) if id(b) in shares else " ".join(x.text for x in b) for b in tail
    ]
    if sum(id(b) in shares for b in tail) < MIN_PAIRS or any(cjk_share(t) >= LATIN_SHARE for t in texts):
        return []
    return tail
