"""Who a label names in one document, and with what role: registry, then ``sources.csv``, then the dialogue.

A :class:`DocumentSpeakers` is built from a document's ``sources.csv`` row. Its ``interviewee``
(role ``guest``), ``interviewer`` (``host``) and ``outlet`` (``host``: an outlet or show name that
asks the questions) fields are free text: ``黄仁勋 Jensen Huang (NVIDIA CEO)``, ``杨植麟 (月之暗面),
姜大昕 (阶跃星辰)``, ``林凡 (脉脉 CEO) and AI光年``. Parentheses are notes; ``,`` ``、`` ``;`` ``/``
`` and `` separate people; a Chinese and a Latin name in one entry are two names of one person;
a Latin name also answers to its first and last word, a three-character Chinese name to its given
name, and a ``·``-joined name to each part. A new person's id is the slug of his Latin name, else
his Chinese name (``jensen-huang``, ``张璐``).

Generic labels take their meaning per document, never globally: ``Q``/``问``/``主持人``/``记者``
(the asking side) are the interviewer of ``sources.csv`` when it names exactly one (``Q (audience)``
makes them the audience; one listed as ``主持人`` itself is that one; with several named and none
so listed the page does not say which, and the label gets the document's own ``<doc_id>-host``),
and ``A``/``答`` the interviewee when there is exactly one.

Examples:
    >>> from analysis.corpus.speakers import Registry
    >>> doc = DocumentSpeakers.from_meta(
    ...     {"doc_id": "d", "interviewee": "黄仁勋 Jensen Huang (NVIDIA CEO)", "interviewer": "Dwarkesh Patel",
    ...      "outlet": "晚点聊 LateTalk"}, Registry.load())
    >>> [doc.resolve(x)[:2] for x in ("Jensen Huang", "黄仁勋", "Dwarkesh", "Q", "晚点")]
    [('jensen-huang', 'guest'), ('jensen-huang', 'guest'), ('dwarkesh-patel', 'host'), ('dwarkesh-patel', 'host'), ('latetalk', 'host')]
    >>> parse_people("杨植麟 (月之暗面), 姜大昕 (阶跃星辰/清华) and Sam Altman")
    [['杨植麟', '植麟'], ['姜大昕', '大昕'], ['Sam Altman', 'Sam', 'Altman']]

"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from analysis.corpus.speakers import Registry, label_key, mentioned, romanise

#: A full Latin label this similar to a name sources.csv gives (difflib ratio) is that person misspelled.
SPELLING_RATIO = 0.8
ASKING = {"q", "问", "提问", "主持人", "主持", "记者", "采访者", "interviewer", "host", "moderator"}
HOSTING = {"主持人", "主持", "host", "moderator"}
ANSWERING = {"a", "答", "回答", "受访者", "interviewee"}
AUDIENCE_WORDS = ("audience", "观众", "听众", "提问者", "现场")
_NOTE = re.compile(r"[(（][^()（）]*[)）]")
_SEPARATOR = re.compile(r"\s*(?:[,，、;；/|&]|\band\b|\bwith\b)\s*")
_ROLE_WORDS = re.compile(r"\b(host|hosts|moderator|interviewer|guest|podcast|programme|program|show)\b", re.I)
_LATIN = re.compile(r"^[A-Za-z]")
_DOMAIN = re.compile(r"\.[a-z]{2,}$", re.IGNORECASE)  # qq.com: an address, not a name
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9 .'-]*[A-Za-z0-9]")
_DOTTED = re.compile(r"[\u4e00-\u9fff]{1,6}(?:[·・][\u4e00-\u9fff]{1,6})+")


@dataclass(frozen=True)
class Person:
    """Someone ``sources.csv`` names for a document."""

    speaker: str
    names: tuple[str, ...]
    role: str
    field: str
    registered: bool = False


def parse_people(text: str) -> list[list[str]]:
    """The people of a ``sources.csv`` field, each as his names (first the full ones, then short forms)."""
    people = []
    for part in _SEPARATOR.split(_NOTE.sub(" ", text or "")):
        part = _ROLE_WORDS.sub(" ", part).strip(" .:：-")
        runs = _names_in(part)
        if not runs:
            continue
        names = list(runs)
        for run in runs:
            if label_key(run) in ASKING | ANSWERING:
                continue
            if _LATIN.match(run) and " " in run:
                words = run.split()
                names += [w for w in (words[0], words[-1]) if len(w) >= 3]
            elif re.fullmatch(r"[\u4e00-\u9fff]{3}", run):
                names.append(run[1:])
            elif re.search(r"[·・]", run):
                names += [p for p in re.split(r"[·・]", run) if len(p) >= 2]
        people.append(list(dict.fromkeys(names)))
    return people


def _names_in(part: str) -> list[str]:
    """The names in one entry: words with CJK characters stand alone, consecutive Latin words form one name."""
    names: list[str] = []
    latin: list[str] = []
    for word in part.split():
        if re.search(r"[\u4e00-\u9fff]", word):
            names += [" ".join(latin), word] if latin else [word]
            latin = []
        elif re.search(r"[A-Za-z]", word):
            latin.append(word)
    if latin:
        names.append(" ".join(latin))
    return [n for n in names if n]


def _squash(name: str) -> str:
    return re.sub(r"[《》\s]", "", name).casefold()


def _inside(names: tuple[str, ...] | list[str], outlet: str) -> bool:
    """Whether one of ``names`` (two characters or more) is part of the outlet's name."""
    return any(len(_squash(n)) >= 2 and _squash(n) in _squash(outlet) for n in names)


def _latin_runs(names: list[str]) -> list[str]:
    """Latin runs of four letters or more inside the names (LatePost in 晚点LatePost), longest first."""
    runs = (m for n in names for m in _LATIN_RUN.findall(n) if len(m) >= 4 and not _DOMAIN.search(m))
    return sorted(runs, key=len, reverse=True)


def person_id(names: list[str], person: bool = True) -> str:
    """ASCII id of a new person: his longest Latin name, else the Latin run of a mixed name, else his name in pinyin.

    ``person=False`` (an outlet or a show) romanises syllable by syllable.

    Examples:
        >>> person_id(["黄仁勋", "Jensen Huang"]), person_id(["张璐"]), person_id(["晚点LatePost"], person=False)
        ('jensen-huang', 'zhang-lu', 'latepost')

    """
    latin = sorted((n for n in names if _LATIN.match(n) and n.isascii() and not _DOMAIN.search(n)), key=len, reverse=True)
    runs = _latin_runs(names)
    base = latin[0] if latin else runs[0] if runs else ""
    if base:
        return re.sub(r"[^a-z0-9]+", "-", base.casefold()).strip("-") or "speaker"
    return romanise(names[0], person)


@dataclass
class DocumentSpeakers:
    """The speakers ``sources.csv`` names for one document, and the resolution of its labels."""

    doc_id: str
    registry: Registry
    people: list[Person] = field(default_factory=list)
    outlet: str = ""
    title: str = ""
    index: dict[str, Person] = field(default_factory=dict)

    @classmethod
    def from_meta(cls, meta: dict, registry: Registry) -> DocumentSpeakers:
        """Speakers of the document described by ``meta`` (a ``sources.csv`` row)."""
        doc = cls(str(meta.get("doc_id", "")), registry, outlet=str(meta.get("outlet") or ""),
                  title=str(meta.get("title") or ""))
        for col, role in (("interviewee", "guest"), ("interviewer", "host")):
            for names in parse_people(str(meta.get(col) or "")):
                doc._add(names, role, col, str(meta.get(col) or ""))
        outlet = parse_people(doc.outlet)
        if outlet:
            doc._add(outlet[0], "host", "outlet", doc.outlet)
        return doc

    def _add(self, names: list[str], role: str, col: str, text: str) -> None:
        if all(label_key(n) in ASKING | ANSWERING for n in names):
            if col == "interviewer" and any(w in text.casefold() for w in AUDIENCE_WORDS):
                self.people.append(Person("audience", tuple(names), "audience", col, True))
            elif col == "interviewer" and self.registry.resolve(names[0]):
                speaker = self.registry.resolve(names[0]) or ""
                self.people.append(Person(speaker, tuple(names), self.registry.role(speaker), col, True))
            else:
                self.people.append(Person(self.generic_id(role), tuple(names), role, col))
            return
        full = [n for n in names if not any(n != m and n in m for m in names)]  # not a short form of another
        # then the surname of a transliterated name (埃隆·马斯克 → 马斯克): a foreign name's last part names him
        keys = [*full, *(re.split(r"[·・]", n)[-1] for n in full if _DOTTED.fullmatch(n) and len(re.split(r"[·・]", n)[-1]) >= 2)]
        known = next((s for n in keys if (s := self.registry.resolve(n))), None)
        if known is not None:
            person = Person(known, tuple(names), role, col, True)
        elif (same := self._same_as_outlet(full, col)) is not None:
            person = Person(same, tuple(names), role, col)  # 晚点 the interviewer, 晚点LatePost the outlet: one host
        else:
            other = next((s for n in keys if (s := mentioned().get(label_key(n)))), None)  # 奥特曼: sam-altman
            person = Person(other or person_id(names, col != "outlet"), tuple(names), role, col)
        self.people.append(person)
        if col != "outlet":
            for name in names:
                self.index.setdefault(label_key(name), person)

    def _same_as_outlet(self, names: list[str], col: str) -> str | None:
        """One id for an interviewer whose name is part of the outlet's (晚点 / 晚点LatePost): the outlet's Latin run, else his own."""
        entries = parse_people(self.outlet)
        outlet = " ".join(entries[0]) if entries else ""
        if col == "outlet":
            named = [p for p in self.people if p.field == "interviewer" and not p.registered and _inside(p.names, outlet)]
            return named[0].speaker if named else None
        if col != "interviewer" or not outlet or not _inside(names, outlet):
            return None
        return person_id(entries[0], person=False) if _latin_runs(entries[0]) else person_id(names)

    def generic_id(self, role: str) -> str:
        """Id of an unnamed speaker of ``role`` (``主持人`` with no name): per document, never shared."""
        return f"{self.doc_id}-{role}" if self.doc_id else role

    @property
    def speakers(self) -> set[str]:
        """Ids of everyone ``sources.csv`` names for the document."""
        return {p.speaker for p in self.people}

    def with_field(self, col: str) -> list[Person]:
        """The people named in ``col`` (``interviewee``, ``interviewer`` or ``outlet``)."""
        return [p for p in self.people if p.field == col]

    @property
    def aliases(self) -> list[str]:
        """Every name of a new (unregistered) person, for mid-line label matching."""
        return [n for p in self.people if not p.registered and p.field != "outlet" for n in p.names if len(n) >= 2]

    def resolve(self, label: str) -> tuple[str, str, str] | None:
        """``(speaker, role, how)`` for a label, or None when neither registry nor sources.csv names it."""
        key = label_key(label)
        if key in ASKING or key in ANSWERING:
            return self._generic(label, key)
        speaker = self.registry.resolve(label)
        person = self.index.get(key)
        if speaker is not None and person is not None and not person.registered and speaker not in self.speakers:
            return person.speaker, person.role, (
                f"sources.csv {person.field} ({', '.join(person.names[:2])}), not the registry's {speaker}, "
                "whom this article's sources.csv does not name"
            )
        if speaker is not None:
            return self._registered(speaker)
        if person is not None:
            return person.speaker, person.role, f"sources.csv {person.field} ({', '.join(person.names[:2])})"
        near = self._spelled_like(label)
        if near is not None:
            return near.speaker, near.role, f"sources.csv {near.field} ({near.names[0]}; the label {label!r} is spelled otherwise)"
        outlet = self.with_field("outlet")
        squashed = re.sub(r"[《》\s]", "", label).casefold()
        if outlet and len(squashed) >= 2 and squashed in re.sub(r"\s", "", self.outlet).casefold():
            return outlet[0].speaker, "host", f"sources.csv outlet ({self.outlet})"
        return None

    def _spelled_like(self, label: str) -> Person | None:
        """The person whose full Latin name ``label`` (a full Latin name too) misspells, e.g. David Saxs for David Sacks."""
        if not (_LATIN.match(label) and " " in label.strip() and len(label) >= 6):
            return None
        scored = [(SequenceMatcher(None, label_key(label), label_key(p.names[0])).ratio(), p) for p in self.people
                  if p.field != "outlet" and _LATIN.match(p.names[0]) and " " in p.names[0]]  # fmt: skip
        best = max(scored, key=lambda sp: sp[0], default=(0.0, None))
        return best[1] if best[0] >= SPELLING_RATIO else None

    def _registered(self, speaker: str) -> tuple[str, str, str]:
        """A registered speaker keeps his registry role unless sources.csv makes a guest a host or back."""
        role = self.registry.role(speaker)
        named = next((p for p in self.people if p.speaker == speaker and p.field != "outlet"), None)
        if named is not None and {role, named.role} == {"guest", "host"}:
            return speaker, named.role, f"sources.csv {named.field} (the registry says {role})"
        return speaker, role, "registry"

    def _generic(self, label: str, key: str) -> tuple[str, str, str] | None:
        col = "interviewer" if key in ASKING else "interviewee"
        people = self.with_field(col)
        if col == "interviewer" and key in HOSTING:
            people = [p for p in people if p.role != "audience"]  # a moderator is never the audience
        people = [p for p in people if key in map(label_key, p.names)] or people  # sources.csv lists "主持人" itself
        if col == "interviewer" and len(people) > 1:
            named = "; ".join(p.names[0] for p in people)
            return self.generic_id("host"), "host", (f"generic label {label!r}: one of the {len(people)} interviewers "
                                                     f"sources.csv names ({named}), the page does not say which")  # fmt: skip
        if people:
            p = people[0]
            if self.registry.resolve(label) == p.speaker:
                return p.speaker, p.role, "registry"  # sources.csv agrees with the registry
            return p.speaker, p.role, f"generic label {label!r} read as the {col} of sources.csv ({', '.join(p.names[:2])})"
        speaker = self.registry.resolve(label)
        if speaker is not None:
            return speaker, self.registry.role(speaker), "registry"
        if col == "interviewer":
            return self.generic_id("host"), "host", f"generic label {label!r}: the asking side (no interviewer in sources.csv)"
        return None

    def title_names(self, texts: list[str]) -> list[tuple[str, ...]]:
        """``·``-joined names met in ``texts`` (埃隆·马斯克), each as its parts: one person per name."""
        found = {m.group() for text in texts for m in _DOTTED.finditer(text)}
        return [tuple(p for p in re.split(r"[·・]", name) if p) for name in sorted(found)]


def unnamed(label: str, meta: dict) -> str:
    """Display name of an unnamed speaker met as ``label``: the label and the outlet (else the document).

    Examples:
        >>> unnamed("主持人", {"doc_id": "d", "outlet": "WhynotTV Podcast (YouTube)"}), unnamed("Host", {"doc_id": "d"})
        ('主持人 (WhynotTV)', 'Host (d)')

    """
    outlet = parse_people(str(meta.get("outlet") or ""))
    return f"{label} ({outlet[0][0] if outlet else meta.get('doc_id')})"


def sources_names(metas: list[dict], registry: Registry) -> dict[str, list[str]]:
    """The full names ``sources.csv`` gives each new (unregistered) person, over every document, by id.

    An unnamed one (``主持人``, ``Q``: a per-document id) is named by his label and the outlet, so two
    articles' unnamed hosts do not read alike.

    Examples:
        >>> sources_names([{"doc_id": "d", "interviewee": "黄仁勋 Jensen Huang (NVIDIA CEO)", "interviewer": "主持人",
        ...                 "outlet": "WhynotTV Podcast (YouTube)"}], Registry.load())
        {'jensen-huang': ['黄仁勋', 'Jensen Huang'], 'd-host': ['主持人 (WhynotTV)'], 'whynottv': ['WhynotTV']}

    """
    names: dict[str, list[str]] = {}
    for meta in metas:
        for person in DocumentSpeakers.from_meta(meta, registry).people:
            if not person.registered:
                full = [n for n in person.names if not any(n != m and n in m for m in person.names)]
                if all(label_key(n) in ASKING | ANSWERING for n in full):
                    full = [unnamed(full[0], meta)]
                names[person.speaker] = list(dict.fromkeys([*names.get(person.speaker, []), *full]))
    return names


def linked_ids(metas: list[dict], registry: Registry) -> dict[str, str]:
    """``{id: one id}`` for new people whose full names meet across articles under different ids.

    One article names the host 课代表 of the show 课代表立正, another the show's host 课代表立正: the
    shared name makes them one person. The id kept is the one most articles use, then the shortest.

    Examples:
        >>> linked_ids([{"doc_id": "a", "interviewee": "田渊栋", "interviewer": "课代表立正", "outlet": "课代表立正"},
        ...             {"doc_id": "b", "interviewee": "徐老师", "interviewer": "课代表", "outlet": "课代表立正 (YouTube)"}],
        ...            Registry.load())
        {'ke-dai-biao-li-zheng': 'ke-daibiao'}

    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    by_name: dict[str, str] = {}
    used: dict[str, set[str]] = {}
    for meta in metas:
        for person in DocumentSpeakers.from_meta(meta, registry).people:
            if person.registered:
                continue
            used.setdefault(person.speaker, set()).add(str(meta.get("doc_id")))
            for name in person.names:
                key = label_key(name)
                if key in ASKING | ANSWERING or any(n != name and name in n for n in person.names):
                    continue
                parent[root(person.speaker)] = root(by_name.setdefault(key, person.speaker))
    groups: dict[str, list[str]] = {}
    for speaker in used:
        groups.setdefault(root(speaker), []).append(speaker)
    links = {}
    for members in groups.values():
        keep = min(members, key=lambda s: (-len(used[s]), len(s), s))
        links.update({s: keep for s in members if s != keep})
    return links
