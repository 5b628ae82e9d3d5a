"""Where a term occurs inside one speaker's talk: turn-level counts, number of turns, Gries' DP.

A count says how often; dispersion says across how many answers. Keyness treats tokens as
independent, so a word said 17 times in one answer to one host question looks like a habit.
Per (speaker, term):

* ``n_turns``: turns of the speaker in which the term occurs (``n_turns_speaker``: all his turns);
* ``top_turn_count``, ``top_turn_share``: the term's occurrences in its busiest turn, and their
  share of all its occurrences;
* ``dp``: Gries' (2008) deviation of proportions over the speaker's turns, with ``s_i`` the turn's
  share of the speaker's tokens and ``v_i`` its share of the term's occurrences::

      DP = 0.5 · Σ_i |v_i − s_i|      0 = spread like the text itself, → 1 = all in one small turn

* ``dp_norm``: DP divided by its maximum ``1 − min_i s_i`` (Lijffijt & Gries 2012).

DP depends on frequency: a term said 5 times over 40 turns cannot come near 0, so no DP cut-off
is used for keyness (:mod:`analysis.terms.table` requires a number of turns and caps the busiest
turn's share instead); DP is reported beside them.

Examples (two turns of two tokens each, so s = (0.5, 0.5); 泛化 has v = (2/3, 1/3), DP = 0.5 · (1/6 + 1/6)):
    >>> turns = pd.DataFrame({"doc_id": "d", "turn_id": [0, 1], "speaker": "a", "text": ["泛化 泛化", "泛化 蒸馏"]})
    >>> long, sizes = turn_term_counts(turns)
    >>> dispersion_table(long, sizes)[["term", "count", "n_turns", "dp"]].round(3).to_dict("records")
    [{'term': '泛化', 'count': 3, 'n_turns': 2, 'dp': 0.167}, {'term': '蒸馏', 'count': 1, 'n_turns': 1, 'dp': 0.5}]

"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.terms.concepts import concept_tokens_many

TURN_KEYS = ["doc_id", "turn_id"]


def turn_term_counts(turns: pd.DataFrame, text: str = "text") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Concept-token counts per turn: ``(long, sizes)``.

    ``long``: one row per (turn, term) with ``doc_id, turn_id, speaker, term, count``; ``sizes``:
    one row per turn (all of them, empty ones too) with ``doc_id, turn_id, speaker, n_tokens``.

    Examples:
        >>> turns = pd.DataFrame({"doc_id": "d", "turn_id": [0, 1], "speaker": "a", "text": ["大语言模型和LLM", ""]})
        >>> long, sizes = turn_term_counts(turns)
        >>> long[["term", "count"]].to_dict("records"), sizes.n_tokens.tolist()
        ([{'term': '大模型', 'count': 2}], [2, 0])

    """
    tokens = concept_tokens_many(turns[text].fillna("").tolist())
    sizes = turns[[*TURN_KEYS, "speaker"]].reset_index(drop=True).assign(n_tokens=[len(t) for t in tokens])
    long = sizes[[*TURN_KEYS, "speaker"]].assign(term=tokens).explode("term").dropna(subset=["term"])
    long = long.groupby([*TURN_KEYS, "speaker", "term"], sort=True).size().rename("count").reset_index()
    return long, sizes


def dispersion_table(long: pd.DataFrame, sizes: pd.DataFrame) -> pd.DataFrame:
    """Per (speaker, term): counts, number of turns, the busiest turn, ``dp`` and ``dp_norm`` (see the module doc)."""
    sizes = sizes.assign(share=sizes["n_tokens"] / sizes.groupby("speaker")["n_tokens"].transform("sum"))
    per_speaker = sizes.groupby("speaker").agg(n_turns_speaker=("share", "size"), min_share=("share", "min"))
    rows = long.merge(sizes[[*TURN_KEYS, "share"]], on=TURN_KEYS, how="left")
    rows["v"] = rows["count"] / rows.groupby(["speaker", "term"])["count"].transform("sum")
    rows["deviation"] = (rows["v"] - rows["share"]).abs()
    table = rows.groupby(["speaker", "term"], sort=True).agg(
        count=("count", "sum"), n_turns=("count", "size"), top=("count", "max"),
        deviation=("deviation", "sum"), covered=("share", "sum"),
    ).reset_index()  # fmt: skip
    table = table.join(per_speaker, on="speaker")
    # turns without the term contribute |0 - s_i| = s_i, i.e. 1 - (shares of the turns with it)
    table["dp"] = (0.5 * (table["deviation"] + (1 - table["covered"]))).clip(0, 1).round(12)
    table["dp_norm"] = (table["dp"] / (1 - table["min_share"]).replace(0, np.nan)).fillna(0.0).round(12)
    table["top_turn_share"] = table["top"] / table["count"]
    table = table.rename(columns={"top": "top_turn_count"})
    columns = [
        "speaker",
        "term",
        "count",
        "n_turns",
        "n_turns_speaker",
        "top_turn_count",
        "top_turn_share",
        "dp",
        "dp_norm",
    ]
    return table[columns]


def speaker_counts(long: pd.DataFrame) -> pd.DataFrame:
    """The count matrix of :func:`turn_term_counts` rows (index ``term``, one column per speaker), as ``term_counts`` sorts it.

    Examples:
        >>> turns = pd.DataFrame({"doc_id": "d", "turn_id": [0, 1], "speaker": ["a", "b"], "text": ["LLM 泛化", "大模型"]})
        >>> speaker_counts(turn_term_counts(turns)[0]).to_dict()
        {'a': {'大模型': 1, '泛化': 1}, 'b': {'大模型': 1, '泛化': 0}}

    """
    counts = long.pivot_table(index="term", columns="speaker", values="count", aggfunc="sum", fill_value=0)
    counts.columns.name = None
    order = np.lexsort((counts.index.to_numpy(), -counts.sum(axis=1).to_numpy()))
    return counts.iloc[order].astype(int)
