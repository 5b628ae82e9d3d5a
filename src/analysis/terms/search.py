"""Free-text search over every spoken sentence, and the provenance columns every result carries.

:func:`search` finds the sentences holding a pattern (a substring, case-insensitive, or a regex;
with ``concepts=True`` also every wording ``data/concepts.tsv`` counts as the same concept) and
:func:`with_provenance` gives any table of ``doc_id, turn_id`` rows the raw file's line numbers
(``line_start``..``line_end``, 1-based, inclusive: the lines holding the sentence when one line
does, else the turn's), those lines as written (``raw_lines``), the article's ``title``, ``url``,
``outlet``, ``published``, ``translated`` (a Chinese rendering of a conversation held in another
language; None when unknown) and ``restored`` (a line was rewritten by the synonym-substitution
reversal, :mod:`analysis.corpus.deobfuscate`: the raw line then holds the spun wording, not the text
shown). ``quotes``, ``kwic`` and ``stances`` carry the same columns.

Examples:
    >>> hits = search("ImageNet")  # doctest: +SKIP
    >>> hits[["doc_id", "speaker", "line_start", "line_end"]].head(2)  # doctest: +SKIP

"""

from __future__ import annotations

import re

import pandas as pd

from analysis.checks import corpus_of
from analysis.corpus import Corpus
from analysis.corpus.people import People
from analysis.terms.concepts import read_concepts

PROVENANCE = ["line_start", "line_end", "raw_lines", "restored", "title", "url", "outlet", "published", "translated"]
COLUMNS = ["doc_id", "turn_id", "sent_id", "speaker", "role", "text", "match", "n_matches", *PROVENANCE]


def _lines_of(lines: pd.DataFrame, turns: pd.DataFrame, rows: pd.DataFrame, needles: list[pd.Series]) -> pd.DataFrame:
    """``line_start``, ``line_end`` of each row: the first line of its turn holding a needle (tried in order), else the turn's."""
    span = turns.set_index(["doc_id", "turn_id"])[["line_start", "line_end"]]
    bounds = span.reindex(pd.MultiIndex.from_frame(rows[["doc_id", "turn_id"]])).to_numpy()
    by_doc = {d: g.set_index("line_no").text.fillna("") for d, g in lines.groupby("doc_id")}
    starts, ends = [], []
    for i, (doc_id, (a, b)) in enumerate(zip(rows.doc_id, bounds, strict=True)):
        if pd.isna(a):
            starts.append(pd.NA)
            ends.append(pd.NA)
            continue
        own = by_doc[doc_id].loc[int(a) : int(b)]
        hit = next((h for n in needles if (t := n.iloc[i]) and len(h := own.index[own.str.contains(t, regex=False)])), [])
        starts.append(int(hit[0]) if len(hit) else int(a))
        ends.append(int(hit[0]) if len(hit) else int(b))
    return pd.DataFrame({"line_start": starts, "line_end": ends}, index=rows.index).astype("Int64")


def with_provenance(rows: pd.DataFrame, corpus: Corpus, text: tuple[str, ...] = ("text",)) -> pd.DataFrame:
    """``rows`` (with ``doc_id``, ``turn_id``) plus the :data:`PROVENANCE` columns.

    ``text`` names the columns whose text narrows the lines to the one holding it, tried in order
    (none found, or ``text=()``: the turn's lines).
    """
    rows = rows.reset_index(drop=True)
    lines, docs = corpus.lines, corpus.documents
    lines = lines[lines.doc_id.isin(rows.doc_id.unique())]
    needles = [rows[c].fillna("").astype(str) for c in text]
    out = rows.drop(columns=[c for c in PROVENANCE if c in rows.columns]).join(
        _lines_of(lines, corpus.turns, rows, needles)
    )
    keyed = lines.set_index(["doc_id", "line_no"])
    raw, restored = [], []
    for doc_id, a, b in zip(out.doc_id, out.line_start, out.line_end, strict=True):
        if pd.isna(a):
            raw.append(None)
            restored.append(False)
            continue
        part = keyed.loc[doc_id].loc[int(a) : int(b)]
        raw.append("\n".join(part.raw_text.astype(str)))
        restored.append(bool(part.restored.any()))
    meta = docs.set_index("doc_id").reindex(columns=["title", "url", "outlet", "published", "translated"])
    out = out.assign(raw_lines=raw, restored=restored).join(meta, on="doc_id")
    out["translated"] = out["translated"].astype("boolean")
    return out


def pattern_of(pattern: str, regex: bool = False, concepts: bool = False) -> re.Pattern[str]:
    """The compiled search pattern (case-insensitive); ``concepts`` adds every wording of the same concept.

    Examples:
        >>> pattern_of("LLM", concepts=True).search("大语言模型") is not None
        True
        >>> pattern_of("a.b").search("axb") is None
        True

    """
    if not isinstance(pattern, str) or not pattern:
        raise ValueError("search needs a non-empty pattern (str), e.g. search('意识') or search('ImageNet')")
    forms = [pattern if regex else re.escape(pattern)]
    if concepts:
        rules = read_concepts()
        concept = rules.tokens.get(pattern.casefold(), pattern)
        forms += [re.escape(t) for t, c in rules.tokens.items() if c == concept] + [re.escape(concept)]
        forms += [r for r, c in rules.phrases if c == concept]
    try:
        return re.compile("|".join(dict.fromkeys(forms)), re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {pattern!r} ({exc}); pass regex=False to match it as text") from exc


def search(
    pattern: str,
    speaker: str | list[str] | None = None,
    role: str | list[str] | None = None,
    regex: bool = False,
    concepts: bool = False,
    corpus: Corpus | None = None,
) -> pd.DataFrame:
    """Every spoken sentence holding ``pattern``, in corpus order, with its provenance.

    ``speaker`` is any name, id or alias (or a list); ``role`` keeps ``guest``, ``host`` ...;
    ``regex`` reads ``pattern`` as a regular expression; ``concepts`` also matches the other wordings
    of its concept (``LLM`` finds 大语言模型). Columns: :data:`COLUMNS` (``match``: the first
    matched text, ``n_matches`` in the sentence).

    Examples:
        >>> search("意识到", speaker="Hinton").speaker.unique().tolist()  # doctest: +SKIP
        ['geoffrey-hinton']

    """
    compiled = pattern_of(pattern, regex, concepts)
    corpus = corpus_of(corpus)
    sentences = corpus.sentences
    sentences = sentences[sentences.role != "narrator"]
    wanted = People.of(corpus).resolve_many(speaker)
    if wanted is not None:
        sentences = sentences[sentences.speaker.isin(wanted)]
    if role is not None:
        roles = [role] if isinstance(role, str) else list(role)
        unknown = sorted(set(roles) - set(corpus.turns.role))
        if unknown:
            raise ValueError(f"unknown role(s) {unknown}; the corpus has {sorted(corpus.turns.role.unique())}")
        sentences = sentences[sentences.role.isin(roles)]
    found = sentences.text.astype(str).map(compiled.findall)
    rows = sentences.assign(match=found.str[0], n_matches=found.str.len())[found.str.len() > 0]
    rows = rows.assign(match=rows["match"].map(lambda m: m if isinstance(m, str) else next((g for g in m if g), "")))
    return with_provenance(rows, corpus, ("text", "match"))[COLUMNS]
