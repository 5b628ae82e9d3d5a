"""One speaker resolver: every public function that takes a speaker accepts any of his names.

A speaker is known by his id, his Chinese and Latin names and every alias: the registry
(``data/speakers.csv``), the corpus's ``speakers`` table (the labels a new speaker was met under)
and the names ``sources.csv`` gives the people of each article (a new guest's ``黄仁勋 Jensen
Huang``). Names compare without spaces, Latin case-folded (:func:`analysis.corpus.speakers.label_key`).
An unknown name raises a ``ValueError`` naming the closest matches and listing the known speakers;
a name two speakers share raises one naming both.

Examples:
    >>> people = People.from_tables(speakers=pd.DataFrame({"speaker": ["geoffrey-hinton"], "name_zh": ["辛顿"],
    ...     "name_en": ["Geoffrey Hinton"], "aliases": ["Hinton|Geoff"]}))
    >>> [people.resolve(n) for n in ("geoffrey-hinton", "Hinton", "geoffrey hinton", "辛顿")]
    ['geoffrey-hinton', 'geoffrey-hinton', 'geoffrey-hinton', 'geoffrey-hinton']
    >>> people.resolve("Hintn")
    Traceback (most recent call last):
    ...
    ValueError: unknown speaker 'Hintn'; closest: 'Hinton' (geoffrey-hinton). Known speakers: geoffrey-hinton (辛顿 / Geoffrey Hinton)

"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analysis.corpus.roles import DocumentSpeakers
from analysis.corpus.speakers import Registry, label_key

#: Closest names an unknown speaker's error proposes.
N_CLOSE = 3


@dataclass(frozen=True)
class People:
    """Every name of every speaker, and each speaker's readable names."""

    index: dict[str, frozenset[str]]
    spelled: dict[str, str]
    names: dict[str, str]

    @classmethod
    def from_tables(
        cls, speakers: pd.DataFrame, documents: pd.DataFrame | None = None, present: Iterable[str] = ()
    ) -> People:
        """The names in a ``speakers`` table, ``sources.csv`` rows (``documents``) and bare ids (``present``).

        Only speakers of the ``speakers`` table or of ``present`` are known: a registry row of someone
        the tables do not hold still resolves, a person merely mentioned does not.
        """
        index: dict[str, set[str]] = {}
        spelled: dict[str, str] = {}
        names: dict[str, str] = {}

        def add(name: object, speaker: str) -> None:
            if isinstance(name, str) and name.strip():
                key = label_key(name)
                index.setdefault(key, set()).add(speaker)
                spelled.setdefault(key, name.strip())

        for row in speakers.itertuples(index=False):
            zh, en = getattr(row, "name_zh", None), getattr(row, "name_en", None)
            names[row.speaker] = " / ".join(n for n in (zh, en) if isinstance(n, str) and n) or row.speaker
            for name in (row.speaker, zh, en, *str(getattr(row, "aliases", "") or "").split("|")):
                add(name, row.speaker)
        known = set(names) | set(present)
        if documents is not None and len(documents):
            registry = Registry.load()
            for meta in documents.to_dict("records"):
                for person in DocumentSpeakers.from_meta(meta, registry).people:
                    if person.speaker in known and person.field != "outlet":
                        for name in person.names:
                            add(name, person.speaker)
        for speaker in present:
            names.setdefault(speaker, speaker)
            add(speaker, speaker)
        return cls({k: frozenset(v) for k, v in index.items()}, spelled, names)

    @classmethod
    def of(cls, corpus: object | None = None) -> People:
        """The speakers of a :class:`~analysis.corpus.Corpus`, a table with a ``speaker`` column, or the project's corpus."""
        if corpus is None:
            from analysis.corpus.build import load_corpus

            corpus = load_corpus()
        if isinstance(corpus, pd.DataFrame):
            if "speaker" not in corpus.columns:
                raise TypeError(f"expected a Corpus or a table with a 'speaker' column; got columns {list(corpus.columns)[:8]}")
            registry = Registry.load().table
            new = corpus[~corpus.speaker.isin(registry.speaker)]
            labels = new.get("speaker_raw", pd.Series(dtype=object, index=new.index)).fillna("")
            aliases = labels.groupby(new.speaker).agg(lambda s: "|".join(sorted(set(s) - {""})))
            extra = pd.DataFrame({"speaker": aliases.index, "aliases": aliases.to_numpy()})
            return cls.from_tables(pd.concat([registry, extra], ignore_index=True))
        speakers = getattr(corpus, "speakers", None)
        if not isinstance(speakers, pd.DataFrame):
            raise TypeError(f"expected a Corpus (analysis.load_corpus()) or a turns table; got {type(corpus).__name__}")
        return cls.from_tables(speakers, corpus.documents, corpus.turns.speaker.unique())

    def resolve(self, name: str) -> str:
        """The id of the speaker ``name`` names (an id, a name or an alias)."""
        if not isinstance(name, str):
            raise TypeError(f"a speaker is a name or an id (str), e.g. 'geoffrey-hinton' or '辛顿'; got {type(name).__name__}")
        found = self.index.get(label_key(name), frozenset())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise ValueError(f"{name!r} names several speakers: {', '.join(sorted(found))}; pass one of these ids")
        close = difflib.get_close_matches(label_key(name), list(self.index), n=4 * N_CLOSE, cutoff=0.5)
        first = {}  # the closest spelling of each speaker, so one person is named once
        for k in close:
            first.setdefault(frozenset(self.index[k]), k)
        hint = ", ".join(f"{self.spelled[k]!r} ({', '.join(sorted(ids))})" for ids, k in list(first.items())[:N_CLOSE])
        known = ", ".join(f"{s} ({n})" if n != s else s for s, n in sorted(self.names.items()))
        raise ValueError(f"unknown speaker {name!r}; " + (f"closest: {hint}. " if hint else "") + f"Known speakers: {known}")

    def resolve_many(self, names: str | Iterable[str] | None) -> list[str] | None:
        """Ids of one name or a list of names (``None`` stays ``None``: every speaker)."""
        if names is None:
            return None
        if isinstance(names, str):
            return [self.resolve(names)]
        if isinstance(names, pd.Series | pd.Index | list | tuple | set | frozenset):
            return list(dict.fromkeys(self.resolve(n) for n in names))
        raise TypeError(f"speaker must be a name, an id or a list of them; got {type(names).__name__}")


def resolve_speaker(name: str, corpus: object | None = None) -> str:
    """The id of the speaker ``name`` names in ``corpus`` (default: the project's corpus).

    Examples:
        >>> resolve_speaker("Hinton"), resolve_speaker("辛顿"), resolve_speaker("Geoffrey Hinton")  # doctest: +SKIP
        ('geoffrey-hinton', 'geoffrey-hinton', 'geoffrey-hinton')

    """
    return People.of(corpus).resolve(name)


def resolve_speakers(names: str | Iterable[str] | None, corpus: object | None = None) -> list[str] | None:
    """Ids of one name or a list of names in ``corpus`` (``None``: every speaker, returned as ``None``)."""
    return None if names is None else People.of(corpus).resolve_many(names)


def identity_checks(speakers: pd.DataFrame, turns: pd.DataFrame) -> pd.DataFrame:
    """Ids a reader should check: possibly one person under two ids (``split``) or two under one (``merged``).

    ``split``: two ids share a name (a display name or an alias, generic labels such as ``主持人`` aside).
    ``merged``: one id is a guest in one article and a host in another, or was met under a label that is
    part of another speaker's name and of none of his own (``主持人 Zuckerberg`` among Dwarkesh Patel's
    turns). These are questions, not verdicts: a host can be a guest elsewhere, a page can slip.

    Examples:
        >>> speakers = pd.DataFrame({"speaker": ["a", "b", "c", "m"], "name_zh": ["张三", "张三", None, None],
        ...     "name_en": [None, None, "Ann Lee", "Mark Zuckerberg"], "aliases": ""})
        >>> turns = pd.DataFrame({"doc_id": ["d", "e", "d", "e"], "speaker": ["a", "a", "c", "c"],
        ...     "speaker_raw": ["张三", "张三", "Ann Lee", "主持人 Zuckerberg"], "role": ["guest", "host", "host", "host"]})
        >>> identity_checks(speakers, turns)[["kind", "speakers"]].to_dict("records")
        [{'kind': 'split', 'speakers': 'a, b'}, {'kind': 'merged', 'speakers': 'a'}, {'kind': 'merged', 'speakers': 'c'}]

    """
    from analysis.corpus.labels import bare_label
    from analysis.corpus.roles import ANSWERING, ASKING

    generic = ASKING | ANSWERING | {"audience", "narrator"}
    labelled = turns.groupby("speaker").speaker_raw.agg(lambda s: {bare_label(x) for x in s.dropna()} - {""})
    names_of: dict[str, set[str]] = {}
    owners: dict[str, set[str]] = {}
    for row in speakers.itertuples(index=False):
        found = {row.name_zh, row.name_en, *str(getattr(row, "aliases", "") or "").split("|")}
        keys = {label_key(bare_label(n)) for n in found if isinstance(n, str) and n.strip()} - generic
        names_of[row.speaker] = keys
        for key in keys:
            owners.setdefault(key, set()).add(row.speaker)
    shared: dict[frozenset[str], list[str]] = {}
    for key, ids in owners.items():
        if len(ids) > 1:
            shared.setdefault(frozenset(ids), []).append(key)
    rows = [{"kind": "split", "speakers": ", ".join(sorted(ids)), "evidence": f"share the name(s) {', '.join(sorted(keys))}"}
            for ids, keys in shared.items()]  # fmt: skip
    spoken = turns[~turns.role.isin(["narrator", "audience"])]
    for speaker, group in spoken.groupby("speaker", sort=True):
        roles = group.groupby("role").doc_id.unique()
        if {"guest", "host"} <= set(roles.index):
            rows.append({"kind": "merged", "speakers": speaker,
                         "evidence": f"guest in {', '.join(roles['guest'])}; host in {', '.join(roles['host'])}"})  # fmt: skip
        own = names_of.get(speaker, set())
        for label in sorted(labelled.get(speaker, set())):
            key = label_key(label)
            others = sorted(o for o, keys in names_of.items() if o != speaker and any(key in k and key != k for k in keys))
            if key not in generic and others and not any(key in k for k in own if k != key):
                rows.append({"kind": "merged", "speakers": speaker,
                             "evidence": f"met under the label {label!r}, a name of {', '.join(others)}"})  # fmt: skip
    return pd.DataFrame(rows, columns=["kind", "speakers", "evidence"])
