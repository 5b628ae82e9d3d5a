"""Find speaker labels (``陈羽北:``, ``Hinton:`` alone on a line, ``。《硅谷101》:`` mid-line).

A label at the start of a line is a registered alias followed by a colon, or an unregistered
label shaped like a name (see :func:`analysis.corpus.speakers.looks_like_name`) that opens a line of
dialogue: alone on the line, or followed by a sentence. A label inside a line must be a
registered alias right after the end of a sentence, so prose such as ``他说:`` never splits.

Examples:
    >>> from analysis.corpus.speakers import Registry
    >>> finder = LabelFinder(Registry.load())
    >>> [(m.speaker, m.start) for m in finder.find("好的。陈羽北:是的。")]
    [('yubei-chen', 3)]
    >>> finder.find("起点:理解大脑的工作方式")
    []

"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.corpus.speakers import Registry, looks_like_name, slug

_START = re.compile(r"^\s*(?P<label>[^:：\s][^:：]{0,15}?)\s*[:：]\s*")
_SENTENCE_END = "。?!？！…」”』)"
_TERMINAL = re.compile(r"[。?!？！…」”』.]\s*$")


@dataclass(frozen=True)
class LabelMatch:
    """A speaker label found in a line: ``text[start:end]`` is the label with its colon."""

    speaker: str
    label: str
    start: int
    end: int
    registered: bool


class LabelFinder:
    """Finds labels in normalized lines using a registry."""

    def __init__(self, registry: Registry) -> None:
        """Build the mid-line pattern from the registry's aliases."""
        self.registry = registry
        alternation = "|".join(re.escape(a) for a in registry.aliases)
        self._midline = re.compile(
            rf"(?<=[{re.escape(_SENTENCE_END)}])\s*(?P<label>{alternation})\s*[:：]", re.IGNORECASE
        )

    def at_start(self, line: str) -> LabelMatch | None:
        """The label opening ``line``, if any."""
        m = _START.match(line)
        if not m or line[m.end() :].startswith("//"):
            return None
        label = m.group("label").strip()
        speaker = self.registry.resolve(label)
        if speaker is not None:
            return LabelMatch(speaker, label, m.start("label"), m.end(), True)
        rest = line[m.end() :].strip()
        opens_dialogue = not rest or bool(_TERMINAL.search(rest)) or len(rest) >= 40
        if looks_like_name(label) and opens_dialogue:
            return LabelMatch(slug(label), label, m.start("label"), m.end(), False)
        return None

    def find(self, line: str) -> list[LabelMatch]:
        """All labels in ``line``, in order: one at the start, then registered ones mid-line."""
        first = self.at_start(line)
        found = [first] if first else []
        offset = first.end if first else 0
        for m in self._midline.finditer(line, offset):
            label = m.group("label")
            found.append(LabelMatch(self.registry.resolve(label) or slug(label), label, m.start("label"), m.end(), True))
        return found
