"""Settle the speakers of one document's turns: group aliases, infer roles nothing else decides, warn.

Run after the turns are cut (see :func:`analysis.corpus.turns.build_turns`):

1. Aliases are grouped. A label that is a part of a ``·``-joined name written in the document
   (``马斯克`` in ``埃隆·马斯克``) joins the speaker of another part; an unknown label (two to four
   Chinese characters, or five or more Latin letters) one character away from a more frequent
   label of the same length (``挨隆`` / ``埃隆``, ``Jenson`` / ``Jensen``) is a typo of it.
2. A speaker whose role neither the registry nor ``sources.csv`` decides is inferred from the
   dialogue: the asking side (turns ending with a question, or far shorter than the others')
   is ``host``, the side answering at length ``guest``. When every interviewee ``sources.csv`` names
   has turns of his own, a speaker it does not name is on the asking side (``host``: a co-host the
   row leaves out, e.g. ``David Saxs`` beside the named guest). When ``sources.csv`` names exactly one
   interviewee (or interviewer) that no label matched, the largest inferred guest (host) is him.
   A numbered generic label (``Speaker 1``, ``发言人2``) left over once every guest ``sources.csv``
   names has his turns is not taken for a guest: its role stays ``unknown`` (a narrator, an aside).
3. A label nothing knows that is used once, in a dialogue of at least two known speakers and
   six turns, is not a speaker (a bullet ``自动驾驶:`` or a bold ``**观点提炼：**`` line): its
   turn becomes narration.
4. Every speaker whose role did not come from the registry gets one :class:`RoleWarning` naming
   the document, his labels, his role and how it was decided.

Examples:
    >>> from analysis.corpus.roles import DocumentSpeakers
    >>> from analysis.corpus.speakers import Registry
    >>> from analysis.corpus.turns import Turn
    >>> doc = DocumentSpeakers.from_meta({"doc_id": "d", "interviewee": "Elon Musk", "title": "埃隆·马斯克访谈"},
    ...                                  Registry.load())
    >>> turns = [Turn("d", 0, "unregistered-埃隆", "埃隆", "unknown", None, 1, 1, ["很长的回答。" * 9]),
    ...          Turn("d", 1, "unregistered-马斯克", "马斯克", "unknown", None, 2, 2, ["是的。" * 9]),
    ...          Turn("d", 2, "unregistered-埃隆", "埃隆", "unknown", None, 3, 3, ["对。" * 9]),
    ...          Turn("d", 3, "unregistered-挨隆", "挨隆", "unknown", None, 4, 4, ["对。" * 9])]
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     settle_roles(turns, doc, [])
    >>> {(t.speaker, t.role) for t in turns}
    {('elon-musk', 'guest')}

"""

from __future__ import annotations

import re
import warnings
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from analysis.corpus.roles import DocumentSpeakers
from analysis.corpus.speakers import _NUMBERED

if TYPE_CHECKING:
    from analysis.corpus.turns import Turn

ASK_SHARE = 0.4
STRAY_MIN_KNOWN = 2
STRAY_MIN_TURNS = 6
SHORT_SHARE = 0.35
_TYPO_LABEL = re.compile(r"^([\u4e00-\u9fff]{2,4}|[A-Za-z][A-Za-z .'-]{4,})$")  # short Chinese, or 5+ Latin


class RoleWarning(UserWarning):
    """A speaker's role was decided by ``sources.csv`` or inferred from the dialogue, not by the registry."""


def settle_roles(turns: list[Turn], document: DocumentSpeakers, texts: list[str]) -> None:
    """Group aliases and settle roles of ``turns`` in place (see the module docstring)."""
    dialogue = [t for t in turns if t.speaker != "narrator"]
    if not dialogue:
        return
    notes: dict[str, list[str]] = defaultdict(list)
    _group_dotted(dialogue, document, [document.title, *texts], notes)
    _group_typos(dialogue, notes)
    _infer(dialogue, document, notes)
    for t in dialogue:
        base = [t.how] if t.how and t.how != "registry" and t.role != "unknown" else []
        if notes.get(t.speaker):
            t.how = "; ".join(dict.fromkeys([*base, *notes[t.speaker]]))
    _drop_stray(dialogue)
    _warn(dialogue)


def _relabel(turns: list[Turn], source: str, target: Turn, how: str, notes: dict[str, list[str]]) -> None:
    """Give the turns of ``source`` to the speaker of ``target`` (an alias of him), noting how."""
    notes[target.speaker] += [*notes.pop(source, []), how]
    for t in turns:
        if t.speaker == source:
            t.speaker, t.role, t.how = target.speaker, target.role, target.how


def _group_dotted(turns: list[Turn], document: DocumentSpeakers, texts: list[str], notes: dict[str, list[str]]) -> None:
    for parts in document.title_names(texts):
        members = [t for t in turns if _is_part((t.speaker_raw or "").strip(), parts)]
        if len({t.speaker for t in members}) < 2:
            continue
        known = [t for t in members if t.role != "unknown"]
        counts = Counter(t.speaker for t in members)
        head = known[0] if known else max(members, key=lambda t: (counts[t.speaker], t.speaker))
        full = "·".join(parts)
        for t in list(members):
            if t.role == "unknown" and t.speaker != head.speaker:
                _relabel(turns, t.speaker, head, f"label {t.speaker_raw!r} is part of the name {full}", notes)


def _is_part(label: str, parts: tuple[str, ...]) -> bool:
    """Whether ``label`` is a part of a dotted name (the text around it may run into the first or last part)."""
    if len(label) < 2:
        return False
    return label in parts[1:-1] or parts[0].endswith(label) or parts[-1].startswith(label)


def _group_typos(turns: list[Turn], notes: dict[str, list[str]]) -> None:
    counts = Counter((t.speaker_raw or "").strip() for t in turns)
    for label, n in sorted(counts.items(), key=lambda kv: (kv[1], kv[0])):
        turn = next(t for t in turns if (t.speaker_raw or "").strip() == label)
        if turn.role != "unknown" or not _TYPO_LABEL.match(label):
            continue
        near = [
            other for other, m in counts.items()
            if m > n and len(other) == len(label) and sum(a != b for a, b in zip(other, label, strict=True)) == 1
        ]  # fmt: skip
        if near:
            best = max(near, key=lambda o: (counts[o], o))
            target = next(t for t in turns if (t.speaker_raw or "").strip() == best)
            if target.speaker != turn.speaker:
                _relabel(turns, turn.speaker, target, f"label {label!r} read as {best!r} (one character apart: a typo)", notes)


def _infer(turns: list[Turn], document: DocumentSpeakers, notes: dict[str, list[str]]) -> None:
    stats = _stats(turns)
    longest = max(mean for _, _, mean in stats.values())
    present = {t.speaker for t in turns}
    named = {p.speaker for p in document.with_field("interviewee")}
    inferred: dict[str, list[str]] = defaultdict(list)
    for speaker, (n, asks, mean) in stats.items():
        mine = [t for t in turns if t.speaker == speaker]
        if not any(t.role == "unknown" for t in mine):
            continue
        if named and named <= present and not _NUMBERED.match((mine[0].speaker_raw or "").strip()):
            notes[speaker].append(f"every interviewee sources.csv names ({', '.join(sorted(named))}) has his own "
                                  "turns, so this speaker is on the asking side")  # fmt: skip
            for t in mine:
                t.role = "host"
            continue
        role = "host" if asks >= ASK_SHARE or mean < SHORT_SHARE * longest else "guest"
        notes[speaker].append(
            f"role inferred from the dialogue: {n} turn(s), {asks:.0%} ending with a question, "
            f"{mean:.0f} characters on average (the longest speaker averages {longest:.0f})"
        )
        for t in turns:
            if t.speaker == speaker:
                t.role = role
        inferred[role].append(speaker)
    for role, col in (("guest", "interviewee"), ("host", "interviewer")):
        missing = [p for p in document.with_field(col) if p.speaker not in present]
        if len(missing) == 1 and inferred[role]:
            person = missing[0]
            biggest = max(inferred[role], key=lambda s: (sum(len(t.text) for t in turns if t.speaker == s), s))
            notes[person.speaker] = [
                *notes.pop(biggest, []),
                f"the only {col} of sources.csv ({', '.join(person.names[:2])}) that no label names",
            ]
            for t in turns:
                if t.speaker == biggest:
                    t.speaker = person.speaker
    _numbered_not_guests(turns, document, notes)


def _numbered_not_guests(turns: list[Turn], document: DocumentSpeakers, notes: dict[str, list[str]]) -> None:
    """Inferred guests labelled ``Speaker N`` get role ``unknown`` when the named guests are all present."""
    present = {t.speaker for t in turns}
    named = {p.speaker for p in document.with_field("interviewee")}
    if not named or not named <= present:
        return
    for t in turns:
        if t.role == "guest" and t.speaker not in named and _NUMBERED.match((t.speaker_raw or "").strip()):
            t.role = "unknown"
            note = f"generic label {t.speaker_raw.strip()!r} is none of the guests sources.csv names: role unknown"
            if note not in notes[t.speaker]:
                notes[t.speaker].append(note)


def _drop_stray(turns: list[Turn]) -> None:
    """A label nothing knows, used once, in a dialogue of at least two known speakers, is text: narration."""
    counts = Counter(t.speaker for t in turns)
    known = {t.speaker for t in turns if not t.speaker.startswith("unregistered-")}
    if len(known) < STRAY_MIN_KNOWN or len(turns) < STRAY_MIN_TURNS:
        return
    for t in turns:
        if t.speaker.startswith("unregistered-") and counts[t.speaker] == 1:
            t.how = (f"narration: line {t.line_start} opens with {t.speaker_raw!r}, used once and naming no known "
                     f"speaker (the dialogue is between {', '.join(sorted(known))})")  # fmt: skip
            t.texts.insert(0, f"{t.speaker_raw}:")
            t.speaker, t.role, t.speaker_raw = "narrator", "narrator", None


def _stats(turns: list[Turn]) -> dict[str, tuple[int, float, float]]:
    """Per speaker: number of turns, share ending with a question, mean characters."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for t in turns:
        grouped[t.speaker].append(t.text)
    return {
        s: (len(texts), sum(x.rstrip().endswith(("?", "？")) for x in texts) / len(texts),
            sum(map(len, texts)) / len(texts))
        for s, texts in grouped.items()
    }  # fmt: skip


def _warn(turns: list[Turn]) -> None:
    seen: dict[str, list[Turn]] = defaultdict(list)
    for t in turns:
        seen[t.speaker].append(t)
    for speaker, group in seen.items():
        hows = list(dict.fromkeys(t.how for t in group if t.how and t.how != "registry"))
        if not hows:
            continue
        if speaker == "narrator":
            message = f"{group[0].doc_id}: " + "; ".join(hows)
        else:
            labels = sorted({(t.speaker_raw or "").strip() for t in group})
            message = (f"{group[0].doc_id}: speaker {speaker!r} (label(s) {', '.join(map(repr, labels))}) has role "
                       f"{group[0].role}: {'; '.join(hows)}")  # fmt: skip
        warnings.warn(message, RoleWarning, stacklevel=3)
