"""Key terms of a person that hold in each of his interviews, and per-interview term profiles.

A term is key for a guest on his turns pooled (:mod:`analysis.terms.table`). With several
interviews of one person, :func:`replicated_key_terms` tests each of his key terms again in each
interview alone, against the same reference (every *other* person's turns): over-used
(``log_ratio > 0``) and ``g2 ≥`` the χ² cut-off at ``alpha`` (uncorrected: the term was chosen
on the pooled test, the question is only whether each interview repeats it). ``replication``:

* ``every interview``: over-used and significant in each of his interviews: a finding about the person;
* ``one interview``: significant in exactly one: a finding about that interview (its host, topic, format);
* ``partly``: significant in some but not all of three or more;
* ``no interview alone``: key only when his interviews are pooled.

A short interview has little power: a term can fail in it for lack of tokens, so ``partly`` is
not evidence against the person; the table keeps each interview's size (``n_tokens``).

Examples:
    >>> turns = pd.DataFrame({"doc_id": ["d1"] * 4 + ["d2"] * 4 + ["d3"] * 8, "turn_id": range(16),
    ...                       "speaker": ["a"] * 8 + ["b"] * 8,
    ...                       "text": ["泛化 数据"] * 4 + ["泛化 模型"] * 4 + ["数据 模型"] * 8})
    >>> key = pd.DataFrame({"speaker": ["a"], "term": ["泛化"], "key": [True]})
    >>> table = replicated_key_terms(turns, key)
    >>> table[["doc_id", "count", "significant", "replication"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'doc_id': 'd1', 'count': 4, 'significant': True, 'replication': 'every interview'},
     {'doc_id': 'd2', 'count': 4, 'significant': True, 'replication': 'every interview'}]

"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2

from analysis.stats.replication import shares
from analysis.terms.dispersion import turn_term_counts
from analysis.terms.keyness import log_likelihood, log_ratio

ALPHA = 0.05
N_TERMS = 500
LEVELS = ("every interview", "partly", "one interview", "no interview alone")


def interview_counts(turns: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Concept-token counts per (speaker, doc_id, term), and tokens per (speaker, doc_id) as ``n_tokens``."""
    long, sizes = turn_term_counts(turns)
    counts = long.groupby(["speaker", "doc_id", "term"], as_index=False)["count"].sum()
    return counts, sizes.groupby(["speaker", "doc_id"], as_index=False)["n_tokens"].sum()


def repeat_speakers(turns: pd.DataFrame) -> list[str]:
    """Speakers of ``turns`` who speak in at least two documents, sorted."""
    docs = turns.groupby("speaker").doc_id.nunique()
    return sorted(docs[docs >= 2].index)


def replicated_key_terms(turns: pd.DataFrame, keyness: pd.DataFrame, alpha: float = ALPHA) -> pd.DataFrame:
    """Each key term of each repeat person, tested in each of his interviews against everyone else.

    ``turns``: the selection (e.g. guest turns); ``keyness``: a keyness table of the same selection
    (``speaker, term, key``). One row per (person, term, doc_id): ``count``, ``n_tokens``,
    ``log_ratio``, ``g2``, ``significant`` (over-used and ``g2`` at least the cut-off), and per
    (person, term) ``n_interviews``, ``n_significant`` and ``replication`` (see the module doc).
    """
    counts, sizes = interview_counts(turns)
    rows = []
    for person in repeat_speakers(turns):
        terms = keyness.loc[keyness.key & (keyness.speaker == person), "term"].tolist()
        if not terms:
            continue
        others = counts[counts.speaker != person].groupby("term")["count"].sum()
        other_size = float(sizes.loc[sizes.speaker != person, "n_tokens"].sum())
        mine = counts[counts.speaker == person].pivot_table(index="term", columns="doc_id", values="count",
                                                            aggfunc="sum", fill_value=0)  # fmt: skip
        for doc_id, n_tokens in sizes.loc[sizes.speaker == person, ["doc_id", "n_tokens"]].itertuples(index=False):
            a = mine.get(doc_id, pd.Series(dtype=float)).reindex(terms, fill_value=0).to_numpy(dtype=float)
            b = others.reindex(terms, fill_value=0).to_numpy(dtype=float)
            rows.append(pd.DataFrame({"person": person, "term": terms, "doc_id": doc_id, "count": a.astype(int),
                                      "n_tokens": int(n_tokens), "log_ratio": log_ratio(a, b, max(n_tokens, 1), other_size),
                                      "g2": log_likelihood(a, b, max(n_tokens, 1), other_size)}))  # fmt: skip
    columns = ["person", "term", "doc_id", "count", "n_tokens", "log_ratio", "g2", "significant", "n_interviews",
               "n_significant", "replication"]  # fmt: skip
    if not rows:
        return pd.DataFrame(columns=columns)
    table = pd.concat(rows, ignore_index=True)
    table["significant"] = (table.log_ratio > 0) & (table.g2 >= chi2.isf(alpha, df=1))
    grouped = table.groupby(["person", "term"])
    table["n_interviews"] = grouped.doc_id.transform("size")
    table["n_significant"] = grouped.significant.transform("sum").astype(int)
    table["replication"] = np.select(
        [table.n_significant == table.n_interviews, table.n_significant == 1, table.n_significant == 0],
        ["every interview", "one interview", "no interview alone"], "partly",
    )  # fmt: skip
    return table[columns]


def replication_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per person: his key terms, how many fall in each replication level, and his number of interviews."""
    per_term = table.drop_duplicates(["person", "term"])
    summary = per_term.pivot_table(index="person", columns="replication", values="term", aggfunc="count", fill_value=0)
    summary = summary.reindex(columns=list(LEVELS), fill_value=0)
    summary.columns.name = None
    interviews = table.groupby("person").doc_id.nunique().rename("interviews")
    return summary.assign(key_terms=summary.sum(axis=1)).join(interviews).reset_index()


def term_profiles(turns: pd.DataFrame, n_terms: int = N_TERMS) -> pd.DataFrame:
    """(speaker, doc_id) × term shares over the ``n_terms`` most frequent concept tokens of ``turns``."""
    counts, _ = interview_counts(turns)
    top = counts.groupby("term")["count"].sum().sort_values(ascending=False, kind="stable").head(n_terms).index
    return shares(counts[counts.term.isin(top)], "speaker", "doc_id", "term")
