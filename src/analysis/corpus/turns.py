"""Split an article's kept lines into speaker turns.

A dialogue turn starts at a speaker label, wherever it appears on a line, and runs to the
next label or heading. Text before the first label, and text after a heading that no label
opens, is narration. Headings become the ``section`` of the turns below them (a heading split over consecutive lines
is one section). Each turn records in ``role_source`` how its role was decided (``registry``,
``sources.csv …``, ``inferred from the dialogue …``, ``narration``; see :mod:`analysis.corpus.inference`).
A line-initial ``X:`` that is not a label stays text of the turn it is in, and is announced: one
:class:`UnresolvedLabelWarning` per document lists every such line. Editorial notes, stage directions
and glosses (:mod:`analysis.corpus.notes`) are left out of a turn's text (the ledger keeps them).

Examples:
    >>> from analysis.corpus.clean import classify
    >>> lines = classify(["采访开始。", "Q:你好吗?", "很好。", "何恺明:我很好。"])
    >>> [(t.speaker, t.text) for t in build_turns("d", lines)]
    [('narrator', '采访开始。'), ('audience', '你好吗? 很好。'), ('kaiming-he', '我很好。')]

"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from itertools import pairwise

import pandas as pd

from analysis.corpus.clean import Line
from analysis.corpus.inference import settle_roles
from analysis.corpus.labels import LabelFinder, LabelMatch
from analysis.corpus.notes import split_notes
from analysis.corpus.speakers import Registry


class UnknownSpeakerWarning(UserWarning):
    """A label that looks like a speaker is not in the registry."""


class UnresolvedLabelWarning(UserWarning):
    """Lines open with ``X:`` where ``X`` is no speaker the document knows: kept as text of the surrounding turn."""


@dataclass
class Turn:
    """One speaker turn (or a block of narration)."""

    doc_id: str
    turn_id: int
    speaker: str
    speaker_raw: str | None
    role: str
    section: str | None
    line_start: int
    line_end: int
    texts: list[str] = field(default_factory=list)
    raws: list[str] = field(default_factory=list)
    how: str = ""

    @property
    def text(self) -> str:
        """Cleaned text of the turn, paragraphs joined by a space."""
        return " ".join(t for t in self.texts if t)

    @property
    def raw_text(self) -> str:
        """The turn as written, label included, one raw line per line."""
        return "\n".join(self.raws)


def build_turns(doc_id: str, lines: list[Line], finder: LabelFinder | None = None) -> list[Turn]:
    """Turns of one article from its classified lines (see :mod:`analysis.corpus.clean`)."""
    finder = finder or LabelFinder(Registry.load())
    turns: list[Turn] = []
    section: str | None = None
    current: Turn | None = None
    after_heading = False
    unknown: list[tuple[int, str, Turn]] = []
    unresolved: list[str] = []

    def open_turn(m: LabelMatch | None, line_no: int) -> Turn:
        speaker, label = (m.speaker, m.label) if m else ("narrator", None)
        role, how = (m.role, m.how) if m else ("narrator", "narration")
        turn = Turn(doc_id, len(turns), speaker, label, role, section, line_no, line_no, how=how)
        turns.append(turn)
        return turn

    for line in lines:
        if not line.kept:
            continue
        if line.kind == "heading":
            # a heading split over consecutive lines is one section title
            section = f"{section} {line.text}" if after_heading and section else line.text
            current, after_heading = None, True
            continue
        after_heading = False
        matches = finder.find(line.text)
        if (not matches or matches[0].start > 0) and (loose := finder.unresolved(line.text)) is not None:
            unresolved.append(f"{loose!r} (line {line.line_no})")
        raw_matches = finder.find(line.raw_text) if matches else []
        cut_points = [m.start for m in matches]
        raw_cuts = [m.start for m in raw_matches] if len(raw_matches) == len(matches) else cut_points
        pieces = _split(line.text, cut_points)
        raw_pieces = _split(line.raw_text, raw_cuts)
        lead_text, lead_raw = pieces[0], raw_pieces[0]
        if lead_text.strip():
            if current is None:
                current = open_turn(None, line.line_no)
            current.texts.append(split_notes(lead_text.strip())[0])
            current.raws.append(lead_raw)
            current.line_end = line.line_no
        for m, text, raw in zip(matches, pieces[1:], raw_pieces[1:], strict=True):
            current = open_turn(m, line.line_no)
            current.texts.append(split_notes(text[m.end - m.start :].strip())[0])
            current.raws.append(raw)
            if not m.registered:
                unknown.append((line.line_no, m.label, current))
    settle_roles(turns, finder.document, [line.text for line in lines])
    for line_no, label, turn in unknown:
        if turn.speaker.startswith("unregistered-"):
            warnings.warn(
                f"{doc_id} line {line_no}: speaker label {label!r} is not in the registry; "
                f"using id {turn.speaker!r} (add it to src/analysis/data/speakers.csv)",
                UnknownSpeakerWarning,
                stacklevel=2,
            )
    if unresolved:
        warnings.warn(
            f"{doc_id}: {len(unresolved)} line(s) open with 'X:' that is no known speaker, kept as text of the "
            f"surrounding turn: {', '.join(unresolved)}. If one is a speaker, add it to sources.csv "
            "(interviewee/interviewer) or src/analysis/data/speakers.csv",
            UnresolvedLabelWarning,
            stacklevel=2,
        )
    return turns


def _split(text: str, cuts: list[int]) -> list[str]:
    """``text`` cut at ``cuts``: the lead before the first cut, then one piece per cut."""
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in pairwise(bounds)]


TURN_COLUMNS = [
    "doc_id", "turn_id", "speaker", "speaker_raw", "role", "section",
    "text", "raw_text", "line_start", "line_end", "n_chars", "role_source",
]  # fmt: skip


def turn_table(turns: list[Turn]) -> pd.DataFrame:
    """The turns of one document as rows of the ``turns`` table."""
    rows = [
        {
            "doc_id": t.doc_id, "turn_id": t.turn_id, "speaker": t.speaker, "speaker_raw": t.speaker_raw,
            "role": t.role, "section": t.section, "text": t.text, "raw_text": t.raw_text,
            "line_start": t.line_start, "line_end": t.line_end, "n_chars": len(t.text),
            "role_source": t.how or "unknown",
        }
        for t in turns
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=TURN_COLUMNS)
