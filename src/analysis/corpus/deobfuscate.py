"""Detect and reverse synonym-substitution ("洗稿"/"伪原创") rewriting.

Spinning tools replace words from a fixed table (人 → 东谈主, 大模型 → 大模子, 语言 → 措辞).
Each tool has its own table: a *scheme*. A scheme is kept as data in
``data/substitutions/<scheme>.tsv`` with the columns

``spun``      the form found in the spun text
``original``  what it restores to (equal to ``spun`` for a protective entry that keeps a real
              word such as 包打天下 from being rewritten by a shorter entry)
``before``    optional regex the text just before the match must end with
``after``     optional regex the text just after the match must start with
``marker``    1 when the spun form practically never occurs in unspun Chinese; markers drive
              the detector
``note``      free text: why the entry exists, what stays ambiguous

Restoration scans the text once, left to right, trying the longest entry first at every
position and writing into a new string, so replacement is simultaneous (主要 → 重要 and
紧张 → 主要 in one pass never chain) and a longer entry always beats a shorter one.

Examples:
    >>> scheme = load_scheme("dongtanzhu")
    >>> scheme.restore("东谈主类")
    '人类'

"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from analysis.config import SUBSTITUTIONS_DIR

#: Markers per 1,000 characters above which a document counts as spun by a scheme.
DETECTION_THRESHOLD = 2.0
#: Distinct markers a spun document must show (one marker repeated is not evidence).
MIN_DISTINCT_MARKERS = 3
_CONTEXT_WINDOW = 12


@dataclass(frozen=True)
class Entry:
    """One row of a substitution table."""

    spun: str
    original: str
    before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    marker: bool = False

    def applies(self, text: str, start: int, end: int) -> bool:
        """Whether the entry's context conditions hold for ``text[start:end]``."""
        if self.before and not self.before.search(text[max(0, start - _CONTEXT_WINDOW) : start]):
            return False
        return not (self.after and not self.after.match(text, end))


@dataclass
class Scheme:
    """A substitution scheme: its entries indexed by spun form."""

    name: str
    entries: dict[str, list[Entry]] = field(default_factory=dict)

    @cached_property
    def lengths(self) -> list[int]:
        """Distinct spun-form lengths, longest first."""
        return sorted({len(s) for s in self.entries}, reverse=True)

    @property
    def markers(self) -> list[str]:
        """Spun forms flagged as markers."""
        return sorted(s for s, rows in self.entries.items() if any(e.marker for e in rows))

    def scan(self, text: str) -> Iterator[tuple[str, Entry | None]]:
        """Split ``text`` into pieces: matched entries (longest first) and single characters."""
        i, n, lengths = 0, len(text), self.lengths
        while i < n:
            for length in lengths:
                rows = self.entries.get(text[i : i + length])
                entry = next((e for e in rows or () if e.applies(text, i, i + length)), None)
                if entry is not None:
                    yield text[i : i + length], entry
                    i += length
                    break
            else:
                yield text[i], None
                i += 1

    def restore(self, text: str) -> str:
        """Return ``text`` with every applicable substitution reversed in one pass."""
        return self.restore_counted(text)[0]

    def restore_counted(self, text: str) -> tuple[str, int]:
        """The restored text and how many pieces the pass changed, from a single scan."""
        out, changed = [], 0
        for piece, entry in self.scan(text):
            if entry is not None and entry.original != piece:
                out.append(entry.original)
                changed += 1
            else:
                out.append(piece)
        return "".join(out), changed

    def marker_hits(self, text: str) -> dict[str, int]:
        """Count each marker the scan finds in ``text``."""
        hits: dict[str, int] = {}
        for piece, entry in self.scan(text):
            if entry is not None and entry.marker:
                hits[piece] = hits.get(piece, 0) + 1
        return hits


@dataclass(frozen=True)
class Detection:
    """The detector's verdict on one text."""

    scheme: str | None
    score: float
    distinct_markers: int
    scores: dict[str, float]


def _compile(pattern: str) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def read_scheme(path: Path) -> Scheme:
    """Read a substitution table from a TSV file (see the module docstring)."""
    scheme = Scheme(path.stem)
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh, delimiter="\t"), start=2):
            spun, original = (row.get("spun") or "").strip(), (row.get("original") or "").strip()
            if not spun:
                raise ValueError(f"{path}:{lineno}: empty 'spun' column")
            try:
                entry = Entry(
                    spun=spun,
                    original=original,
                    before=_compile(before + "$" if (before := (row.get("before") or "").strip()) else ""),
                    after=_compile((row.get("after") or "").strip()),
                    marker=(row.get("marker") or "0").strip() == "1",
                )
            except re.error as exc:
                raise ValueError(f"{path}:{lineno}: bad context regex: {exc}") from exc
            scheme.entries.setdefault(spun, []).append(entry)
    # rows with a context condition are tried before the unconditional fallback
    for rows in scheme.entries.values():
        rows.sort(key=lambda e: e.before is None and e.after is None)
    return scheme


@cache
def load_scheme(name: str) -> Scheme:
    """Load the bundled scheme ``name`` from ``data/substitutions``."""
    path = SUBSTITUTIONS_DIR / f"{name}.tsv"
    if not path.exists():
        known = ", ".join(scheme_names()) or "none"
        raise KeyError(f"no substitution scheme {name!r} (known: {known})")
    return read_scheme(path)


def scheme_names() -> list[str]:
    """Names of the bundled schemes."""
    return sorted(p.stem for p in SUBSTITUTIONS_DIR.glob("*.tsv"))


def detect(text: str) -> Detection:
    """Score ``text`` against every scheme; name the best one if it passes the threshold.

    The score is marker occurrences per 1,000 non-space characters. Spun text keeps the
    words a tool has no entry for, so markers are dense in spun text (tens per 1,000
    characters) and near zero in clean text.
    """
    size = max(1, len(re.sub(r"\s", "", text)))
    scores: dict[str, float] = {}
    distinct: dict[str, int] = {}
    for name in scheme_names():
        hits = load_scheme(name).marker_hits(text)
        scores[name] = 1000 * sum(hits.values()) / size
        distinct[name] = len(hits)
    best = max(scores, key=lambda k: (scores[k], k), default=None)
    if best is None:
        return Detection(None, 0.0, 0, scores)
    passed = scores[best] >= DETECTION_THRESHOLD and distinct[best] >= MIN_DISTINCT_MARKERS
    return Detection(best if passed else None, scores[best], distinct[best], scores)
