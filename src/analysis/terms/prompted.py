"""Key terms controlled for the prompt: is a key term the guest's own vocabulary, or an echo of the interviewer's.

A term a guest repeats because the question used it (Hinton's 直觉 in answers to questions about
intuition) is keyness of the interview, not of the guest. :func:`with_prompted` adds to a keyness
table (:mod:`analysis.terms.table`) the column

* ``prompted``: the share of the term's occurrences in the speaker's turns that answer a prompt
  using the term or its concept, where the prompt is the nearest earlier host or audience turn
  (:func:`analysis.viewpoints.prompting.prompts`) together with the section heading the answer sits
  under (an editor's heading such as "与 Yann LeCun 的交往" frames every answer below it);

and ``prompted_count``. The readings say which key terms are mostly echoes (:func:`describe_echoes`),
which pass the cut-off only narrowly or tie with terms that are not key (:func:`describe_margins`),
and what the test could have detected for a speaker with no key term (:func:`describe_power`).

Examples:
    >>> turns = pd.DataFrame({"doc_id": "d", "turn_id": [0, 1, 2, 3], "role": ["host", "guest", "host", "guest"],
    ...                       "speaker": ["h", "g", "h", "g"], "section": None,
    ...                       "text": ["你的直觉呢?", "直觉很重要,直觉", "数据呢?", "直觉和数据"]})
    >>> table = pd.DataFrame({"speaker": ["g", "g"], "term": ["直觉", "数据"], "count": [3, 1]})
    >>> with_prompted(table, turns)[["term", "prompted_count", "prompted"]].to_dict("records")
    [{'term': '直觉', 'prompted_count': 2, 'prompted': 0.6666666666666666}, {'term': '数据', 'prompted_count': 1, 'prompted': 1.0}]

"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.terms.dispersion import TURN_KEYS, turn_term_counts
from analysis.terms.keyness import log_likelihood
from analysis.viewpoints.prompting import prompts

#: A key term with at least this share of its uses in answers to prompts using it is read as an echo.
ECHO_SHARE = 0.5
#: A key term whose G² exceeds the cut-off by less than this is read as a narrow pass.
NARROW_G2 = 1.0


def prompt_terms(turns: pd.DataFrame) -> pd.DataFrame:
    """Per guest turn (``doc_id``, ``turn_id``): the concept tokens of its prompt and its section heading.

    A multi-word token also counts as each of its words, so an answer saying "Yann" under the heading
    "我所了解的Yann LeCun" (one token, ``yann lecun``) answers a prompt that used ``yann``.

    Examples:
        >>> t = pd.DataFrame({"doc_id": "d", "turn_id": [0, 1], "role": ["host", "guest"], "speaker": ["h", "g"],
        ...                   "section": [None, "我所了解的Yann LeCun"], "text": ["你好", "Yann 说得对"]})
        >>> sorted(t for t in prompt_terms(t).term if t.isascii())
        ['lecun', 'yann', 'yann lecun']

    """
    asked = prompts(turns)
    text = turns.set_index(["doc_id", "turn_id"]).text
    keys = pd.MultiIndex.from_arrays([asked.doc_id, asked.prompt_turn.fillna(-1).astype(int)])
    question = pd.Series(text.reindex(keys).fillna("").to_numpy(), index=asked.index)
    prompt = asked.assign(text=question + " " + asked.section.fillna("").astype(str))
    long, _ = turn_term_counts(prompt[[*TURN_KEYS, "speaker", "text"]])
    words = long.assign(term=long.term.str.split(" ")).explode("term")
    return pd.concat([long, words])[[*TURN_KEYS, "term"]].drop_duplicates().reset_index(drop=True)


def with_prompted(table: pd.DataFrame, turns: pd.DataFrame) -> pd.DataFrame:
    """``table`` (``speaker``, ``term``, ``count``) with ``prompted_count`` and ``prompted`` from every turn of ``turns``."""
    guest = turns[turns.speaker.isin(set(table.speaker))]
    long, _ = turn_term_counts(guest[[*TURN_KEYS, "speaker", "text"]])
    echoed = long.merge(prompt_terms(turns), on=[*TURN_KEYS, "term"])
    counted = echoed.groupby(["speaker", "term"])["count"].sum().rename("prompted_count")
    out = table.drop(columns=["prompted_count", "prompted"], errors="ignore").join(counted, on=["speaker", "term"])
    out["prompted_count"] = out.prompted_count.fillna(0).astype(int)
    out["prompted"] = out.prompted_count / out["count"].where(out["count"] > 0)
    return out


def _name(speaker: str, names: Mapping[str, str] | None) -> str:
    return (names or {}).get(speaker, speaker)


def describe_echoes(table: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """Markdown: the key terms mostly said in answer to a prompt that used them, and how many key terms are the guest's own.

    Examples:
        >>> t = pd.DataFrame({"speaker": "g", "term": ["直觉", "数据"], "key": True, "count": [16, 9],
        ...                   "prompted_count": [12, 1], "prompted": [0.75, 0.11]})
        >>> describe_echoes(t)
        '- **g**: 1 of 2 key terms mostly echo the prompt: 直觉 (12 of 16 uses answer a prompt using it).'

    """
    key = table[table.key]
    lines = []
    for speaker, rows in key.groupby("speaker", sort=True):
        echo = rows[rows.prompted >= ECHO_SHARE].sort_values(["prompted", "term"], ascending=[False, True])
        if len(echo):
            terms = ", ".join(f"{r.term} ({r.prompted_count} of {r.count} uses answer a prompt using it)" for r in echo.itertuples())
            lines.append(f"- **{_name(speaker, names)}**: {len(echo)} of {len(rows)} key terms mostly echo the prompt: {terms}.")
    return "\n".join(lines) or f"No key term has {ECHO_SHARE:.0%} or more of its uses in answers to prompts that used it."


def describe_margins(table: pd.DataFrame, cut: float, names: Mapping[str, str] | None = None) -> str:
    """Markdown: key terms within ``NARROW_G2`` of the G² cut-off, and not-key terms with the same counts (ties).

    Examples:
        >>> t = pd.DataFrame({"speaker": "g", "term": ["课程", "学生"], "key": [True, False], "g2": [10.92, 10.92],
        ...                   "count": [5, 5], "count_reference": [0, 0], "why_not_key": ["", "fewer than 3 turns"]})
        >>> describe_margins(t, 10.83)
        '- **g**: 课程 passes by 0.09 of G²; ties with 学生 (fewer than 3 turns).'

    """
    key = table[table.key & (table.g2 - cut < NARROW_G2)]
    lines = []
    for r in key.sort_values(["speaker", "g2"]).itertuples():
        same = table[(table.speaker == r.speaker) & ~table.key & (table["count"] == r.count)
                     & (table.count_reference == r.count_reference)]  # fmt: skip
        ties = "; ties with " + ", ".join(f"{t.term} ({t.why_not_key})" for t in same.itertuples()) if len(same) else ""
        lines.append(f"- **{_name(r.speaker, names)}**: {r.term} passes by {r.g2 - cut:.2f} of G²{ties}.")
    return "\n".join(lines) or f"No key term is within {NARROW_G2} of the G² cut-off."


def smallest_detectable(size: float, reference: float, cut: float, reference_count: int = 0) -> int:
    """Fewest uses a term needs in ``size`` tokens to reach G² ``cut`` against ``reference_count`` in ``reference`` tokens.

    Over-use only: counts from just above the expected one upwards.

    Examples:
        >>> smallest_detectable(688, 60_000, 17.3)  # 2 uses against 0: G² = 2 · 2 ln(2 / (2 · 688 / 60,688)) ≈ 17.9
        2

    """
    expected = reference_count / reference * size
    for a in range(int(np.floor(expected)) + 1, int(size) + 1):
        if log_likelihood(np.array([a]), np.array([reference_count]), size, reference)[0] >= cut:
            return a
    return int(size) + 1


def describe_power(table: pd.DataFrame, sizes: pd.Series, cut: float, names: Mapping[str, str] | None = None) -> str:
    """Markdown: for each speaker of ``sizes`` (content tokens) with no key term, what the test could have found.

    Per speaker: his content tokens and the number of tests, and how many uses a term needs to pass the cut-off
    when the others never use it, and when they use it at a typical tested term's rate (the median reference count).
    """
    lines = []
    for speaker, size in sizes.items():
        rows = table[table.speaker == speaker]
        if rows.key.any() or rows.empty:
            continue
        reference = float(sizes.sum() - size)
        typical = int(rows.count_reference.median())
        lines.append(f"- **{_name(speaker, names)}**: {int(size):,} content tokens, {len(rows)} terms tested; a term the others "
                     f"never use needs ≥ {smallest_detectable(size, reference, cut)} uses to pass, one they use "
                     f"{typical} times (the median tested term) ≥ {smallest_detectable(size, reference, cut, typical)}; "
                     "and it must also be spread over 3 answers. No key term here means no word that frequent, not "
                     "a vocabulary like the others'.")  # fmt: skip
    return "\n".join(lines)
