"""Find speaker labels (``陈羽北:``, ``Hinton:`` alone on a line, ``。《硅谷101》:`` mid-line).

Labels are matched on normalized lines (markdown marks, control characters and label timestamps
already removed by :mod:`analysis.corpus.normalize`). A label at the start of a line is a name
the document knows (the registry, then the document's ``sources.csv`` row, see
:mod:`analysis.corpus.roles`) followed by a colon, or an unknown label shaped like a name (see
:func:`analysis.corpus.speakers.looks_like_name`) that opens a line of dialogue: alone on the
line, or followed by a sentence (a transliterated ``埃隆·马斯克`` is name-shaped too). Brackets around a label (``[主持人]:``, ``【主持人】：``,
``「暗涌」：``, ``《硅谷101》:``) are part of its form, not of the name, and so is a list bullet before it (``·网易科技：``). A label right after an opening
quotation mark, or inside a quotation (``他问我：“问：你为什么…”``), is quoted speech, not a turn.
A narrator's label (``旁白``, ``Narrator``) opens narration, never a speaker's turn. Words listed in ``data/pseudo_labels.txt`` (``题图来源``, ``嘉宾``, ``视频链接`` …) are
never labels. A label inside a line must be a known name right after the end of a sentence, so
prose such as ``他说:`` never splits. A known person's name alone on its line with no colon
(``**蔡崇信**`` above its turn) is a label when the document labels him at least twice (alone or
with a colon): once could be a heading; an outlet's name alone (``**Founder Park**``) is a brand line.

Examples:
    >>> from analysis.corpus.speakers import Registry
    >>> finder = LabelFinder(Registry.load())
    >>> [(m.speaker, m.start) for m in finder.find("好的。陈羽北:是的。")]
    [('yubei-chen', 3)]
    >>> finder.find("起点:理解大脑的工作方式"), finder.unresolved("起点:理解大脑的工作方式")
    ([], '起点')
    >>> finder.at_start("[主持人]: 下一个问题?").how, finder.find("题图来源:视觉中国")
    ("generic label '主持人': the asking side (no interviewer in sources.csv)", [])

"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from analysis.config import DATA_DIR
from analysis.corpus.roles import DocumentSpeakers
from analysis.corpus.speakers import Registry, label_key, looks_like_name, slug

_ROLE_WORDS = r"主持人|主持|嘉宾|记者|提问|Host|Guest"
#: a line-initial label: a Latin name (after a role word or not: ``主持人 Dwarkesh Patel:``) or a short CJK one
_START = re.compile(
    rf"^\s*(?P<label>(?:(?:{_ROLE_WORDS})\s*[·・]?\s*)?[A-Za-z][A-Za-z0-9 .'’-]{{0,39}}?|[^:：\s][^:：]{{0,15}}?)\s*[:：]\s*"
)
_NOTE = re.compile(r"\s*[(（][^()（）]*[)）]$")
_ROLE_PREFIX = re.compile(rf"^({_ROLE_WORDS})\s*[·・:]?\s+(?=\S)", re.IGNORECASE)
_BULLET = re.compile(r"^[·•・▪◦●]\s*")
_BRACKETS = re.compile(r"^[\[【〔(（「『《](.+)[\]】〕)）」』》]$")
#: a transliterated name (埃隆·马斯克)
_DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:[·・][\u4e00-\u9fff]{1,6}){1,2}")
_OPENING_QUOTES = "“「『‘\"'"
_QUOTE_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"))
NARRATOR_LABELS = frozenset({"旁白", "画外音", "解说", "narrator", "narration", "voiceover", "voice-over"})
_SENTENCE_END = "。?!？！…」”』)"
_TERMINAL = re.compile(r"[。?!？！…」”』.]\s*$")
_SPEECH_VERB = re.compile(r"(说|道|表示|认为|指出|提到|强调|写道|问道|回忆|回答)$")  # 他说: is prose, not a name
_PROSE_LEAD = re.compile(r"^以下|(是|为|如下|包括|问)$|" + _SPEECH_VERB.pattern)
BARE_MIN_REPEATS = 2


@cache
def pseudo_labels() -> frozenset[str]:
    """Keys of the words that look like labels but never name a speaker (``data/pseudo_labels.txt``)."""
    lines = (DATA_DIR / "pseudo_labels.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(label_key(w) for w in lines if w.strip() and not w.startswith("#"))


@dataclass(frozen=True)
class LabelMatch:
    """A speaker label found in a line: ``text[start:end]`` is the label with its colon.

    ``registered`` is true when the registry or ``sources.csv`` names the speaker; ``role`` and
    ``how`` say which role the document gives him and how that was decided.
    """

    speaker: str
    label: str
    start: int
    end: int
    registered: bool
    role: str = "unknown"
    how: str = ""


class LabelFinder:
    """Finds labels in normalized lines using a registry and, optionally, one document's speakers."""

    def __init__(self, registry: Registry, document: DocumentSpeakers | None = None) -> None:
        """Build the mid-line pattern from the registry's aliases and the document's new names."""
        self.registry = registry
        self.document = document or DocumentSpeakers("", registry)
        extra = sorted({a for a in self.document.aliases if registry.resolve(a) is None}, key=lambda a: (-len(a), a))
        alternation = "|".join(re.escape(a) for a in (*registry.aliases, *extra))
        self._midline = re.compile(
            rf"(?<=[{re.escape(_SENTENCE_END)}])\s*(?P<open>[「『《【\[]?)(?P<label>{alternation})[」』》】\]]?\s*[:：]",
            re.IGNORECASE,
        )

    def for_document(self, document: DocumentSpeakers) -> LabelFinder:
        """A finder that also knows the speakers of ``document``."""
        return LabelFinder(self.registry, document)

    def resolve(self, label: str) -> tuple[str, str, str] | None:
        """``(speaker, role, how)`` of a label the registry or the document knows, else None.

        A note after the name (``杨植麟(月之暗面)``) or a role word before it (``主持人 张鹏``) is
        tried without, when the label as written names nobody. A role word that contradicts the
        name (``主持人 Zuckerberg`` where Zuckerberg is the guest) is a slip of the page: the role
        word decides, read as its generic label.
        """
        label = _bare(label)
        if label_key(label) in pseudo_labels():
            return None
        found = self.document.resolve(label)
        for shorter in (_NOTE.sub("", label).strip(), _ROLE_PREFIX.sub("", label).strip()):
            if found is None and shorter and shorter != label:
                found = self.document.resolve(shorter)
        word = _ROLE_PREFIX.match(label)
        if found is not None and word and found[1] in ("guest", "host"):
            generic = self.document.resolve(word.group(1))
            if generic is not None and generic[1] in ("guest", "host") and generic[1] != found[1]:
                return generic[0], generic[1], f"{generic[2]}; the label {label!r} names {found[0]} ({found[1]}), the role word decides"
        return found

    def at_start(self, line: str) -> LabelMatch | None:
        """The label opening ``line``, if any."""
        m = _START.match(line)
        if not m or line[m.end() :].startswith("//"):
            return None
        label = m.group("label").strip()
        if label_key(_bare(label)) in pseudo_labels() or _quoted(label):
            return None
        if label_key(_bare(label)) in NARRATOR_LABELS:
            return LabelMatch(
                "narrator", label, m.start("label"), m.end(), True, "narrator", "narration (a narrator's label)"
            )
        resolved = self.resolve(label)
        if resolved is not None:
            speaker, role, how = resolved
            return LabelMatch(speaker, label, m.start("label"), m.end(), True, role, how)
        rest = line[m.end() :].strip()
        opens_dialogue = not rest or bool(_TERMINAL.search(rest)) or len(rest) >= 40
        name = _NOTE.sub("", _bare(label)).strip() or _bare(label)
        shaped = looks_like_name(name) or looks_like_name(label) or bool(_DOTTED_NAME.fullmatch(name))
        if shaped and opens_dialogue and not _SPEECH_VERB.search(name):
            return LabelMatch(slug(name), label, m.start("label"), m.end(), False)
        return None

    def unresolved(self, line: str) -> str | None:
        """The ``X`` of a line-initial ``X:`` that is neither a label nor a known pseudo-label, else None."""
        m = _START.match(line)
        if not m or line[m.end() :].startswith("//") or self.at_start(line) is not None:
            return None
        label = m.group("label").strip()
        if label_key(_bare(label)) in pseudo_labels() or _PROSE_LEAD.search(label) or _quoted(label):
            return None  # a known pseudo-label, or prose introducing what follows (以下是…:, 他认为:)
        return label

    def find(self, line: str) -> list[LabelMatch]:
        """All labels in ``line``, in order: one at the start, then known ones mid-line."""
        first = self.at_start(line)
        found = [first] if first else []
        offset = first.end if first else 0
        for m in self._midline.finditer(line, offset):
            label = m.group("label")
            if _inside_quotation(line, m.start("open")):
                continue
            resolved = self.resolve(label)
            speaker, role, how = resolved or (slug(label), "unknown", "")
            found.append(LabelMatch(speaker, label, m.start("open"), m.end(), True, role, how))
        return found

    def _glued(self, text: str) -> str:
        """Key of a known person's name ending ``text`` right after a sentence end, else ``""``."""
        m = _GLUED.search(text)
        return label_key(m.group("name")) if m and m.start() > 0 and _is_person(self.resolve(m.group("name"))) else ""

    def mark_bare_labels(self, texts: list[str]) -> list[str]:
        """``texts`` with a colon added to each known name alone on its line, when the document labels him twice.

        Both forms count: ``**张三**`` alone and ``张三:`` opening a line; an outlet never does. So does a
        name glued to the end of the paragraph before its turn (``…项目。**张三**``, the page lost a line break).
        """
        keys = [label_key(t) if t.strip() and _is_person(self.resolve(t)) else "" for t in texts]
        glued = [self._glued(t) if not k else "" for t, k in zip(texts, keys, strict=True)]
        counts = dict.fromkeys(filter(None, keys + glued), 0)
        for text, key, end in zip(texts, keys, glued, strict=True):
            m = _START.match(text) if not key else None
            k = key or (label_key(m.group("label")) if m else "")
            for found in {k, end}:
                if found in counts:
                    counts[found] += 1
        out = list(texts)
        for i, k in enumerate(k or g for k, g in zip(keys, glued, strict=True)):
            if k and counts[k] >= BARE_MIN_REPEATS:
                nxt = next((j for j in range(i + 1, len(texts)) if texts[j].strip()), None)
                if nxt is not None and not keys[nxt]:
                    out[i] = texts[i].rstrip() + ":"
        return out


_GLUED = re.compile(rf"(?<=[{re.escape(_SENTENCE_END)}])\s*(?P<name>[^{re.escape(_SENTENCE_END)}:：]{{2,30}}?)\s*$")


def _is_person(resolved: tuple[str, str, str] | None) -> bool:
    """A resolution naming a person (registry or sources.csv people), not an outlet."""
    return resolved is not None and "outlet" not in resolved[2]


def _quoted(label: str) -> bool:
    """A label opening with a quotation mark that does not close around it (``“问``, not ``「暗涌」``)."""
    return label.startswith(tuple(_OPENING_QUOTES)) and not _BRACKETS.match(label)


def _inside_quotation(line: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened earlier on the line and not yet closed.

    Examples:
        >>> _inside_quotation("他问我:“问:为什么?”", 7), _inside_quotation("“好。”问:为什么?", 5)
        (True, False)

    """
    before = line[:pos]
    return any(before.count(a) > before.count(b) for a, b in _QUOTE_PAIRS)


def _bare(label: str) -> str:
    """A label without the brackets around it or a list bullet before it (``·网易科技``, ``• Q``)."""
    label = _BULLET.sub("", label.strip())
    inner = _BRACKETS.match(label)
    return inner.group(1).strip() if inner else label


def bare_label(label: str) -> str:
    """A label without its brackets, note and role word: the name it gives.

    Examples:
        >>> bare_label("[徐老师]"), bare_label("主持人 Dwarkesh Patel"), bare_label("杨植麟(月之暗面)")
        ('徐老师', 'Dwarkesh Patel', '杨植麟')

    """
    label = _bare(label)
    return _ROLE_PREFIX.sub("", _NOTE.sub("", label).strip()).strip() or label
