"""Two speakers term by term: counts, rates, G² and log ratio side by side (figures: ``analysis.plots.terms``).

Examples:
    >>> counts = pd.DataFrame({"a": [9, 1], "b": [1, 9]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
    >>> comparison_table(counts, "a", "b")[["term", "count_a", "count_b"]].to_dict("records")
    [{'term': '泛化', 'count_a': 9, 'count_b': 1}, {'term': '蒸馏', 'count_a': 1, 'count_b': 9}]

"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.corpus.speakers import display_name
from analysis.terms.keyness import PER, SMOOTHING, log_likelihood, log_ratio


def pick_pair(counts: pd.DataFrame, pair: list[str] | tuple[str, str] | None = None) -> tuple[str, str]:
    """``pair`` when both are columns of ``counts``, else the two speakers with the most tokens.

    Examples:
        >>> counts = pd.DataFrame({"a": [1], "b": [5], "c": [3]})
        >>> pick_pair(counts, ["a", "z"])
        ('b', 'c')

    """
    if pair is not None and len(pair) == 2 and set(pair) <= set(counts.columns):
        return pair[0], pair[1]
    largest = counts.sum().sort_values(ascending=False, kind="stable").index[:2]
    return largest[0], largest[1]


def vocabulary_similarity(counts: pd.DataFrame) -> pd.DataFrame:
    """Cosine between speakers' term profiles: log(1 + rate per 10,000 tokens) over every term.

    The log keeps the few very frequent words from deciding every pair.

    Examples:
        >>> counts = pd.DataFrame({"a": [9, 1], "b": [8, 2], "c": [0, 9]}, index=["泛化", "蒸馏"])
        >>> vocabulary_similarity(counts).round(2).loc["a"].tolist()
        [1.0, 1.0, 0.6]

    """
    profile = np.log1p(counts / counts.sum().replace(0, 1) * PER).T
    unit = profile.to_numpy() / np.maximum(np.linalg.norm(profile.to_numpy(), axis=1, keepdims=True), 1e-12)
    return pd.DataFrame(unit @ unit.T, index=counts.columns, columns=counts.columns)


def speaker_outlets(turns: pd.DataFrame, documents: pd.DataFrame) -> dict[str, str]:
    """Each speaker's outlet: that of the interview where he speaks most (``outlet`` of ``documents``).

    Examples:
        >>> turns = pd.DataFrame({"speaker": ["a", "a", "b"], "doc_id": ["d", "e", "e"], "n_chars": [5, 9, 3]})
        >>> speaker_outlets(turns, pd.DataFrame({"doc_id": ["d", "e"], "outlet": ["X", "Y"]}))
        {'a': 'Y', 'b': 'Y'}

    """
    size = turns.groupby(["speaker", "doc_id"]).n_chars.sum().reset_index()
    main = size.sort_values(["speaker", "n_chars"], ascending=[True, False], kind="stable").drop_duplicates("speaker")
    outlet = documents.set_index("doc_id").outlet
    return {s: str(outlet.get(d)) for s, d in zip(main.speaker, main.doc_id, strict=True) if pd.notna(outlet.get(d))}


def rule_pairs(counts: pd.DataFrame, outlets: Mapping[str, str] | None = None, min_tokens: int = 1000,
               named: Sequence[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """The pairs a two-speaker comparison shows, each picked by a stated rule.

    Among speakers with at least ``min_tokens`` content tokens (all of them if fewer than two have
    that many): the ``most similar`` and the ``most different`` pair by :func:`vocabulary_similarity`,
    and, when ``outlets`` (speaker → outlet of his interview) gives two speakers one outlet, the
    ``same outlet`` pair with most tokens together (the interviewer held constant). Columns:
    ``rule``, ``a``, ``b``, ``similarity``; a pair picked by several rules is listed once, its rules joined
    by "and".
    ``named`` (two speaker ids, when both have counts) comes first, as ``named in the parameters``.

    Examples:
        >>> counts = pd.DataFrame({"a": [900, 100], "b": [800, 200], "c": [10, 990]}, index=["泛化", "蒸馏"])
        >>> rule_pairs(counts, {"a": "X", "c": "X", "b": "Y"})[["rule", "a", "b"]].values.tolist()
        [['most similar', 'a', 'b'], ['most different and same outlet', 'a', 'c']]

    """
    sizes = counts.sum()
    large = [s for s in counts.columns if sizes[s] >= min_tokens]
    eligible = large if len(large) >= 2 else list(counts.columns)
    similarity = vocabulary_similarity(counts[eligible])
    pairs = [(a, b, float(similarity.loc[a, b])) for i, a in enumerate(eligible) for b in eligible[i + 1:]]
    if not pairs:
        return pd.DataFrame(columns=["rule", "a", "b", "similarity"])
    chosen = [("most similar", *max(pairs, key=lambda p: p[2])), ("most different", *min(pairs, key=lambda p: p[2]))]
    if named is not None and len(named) == 2 and set(named) <= set(counts.columns):
        a, b = named
        chosen.insert(0, ("named in the parameters", a, b, float(vocabulary_similarity(counts[[a, b]]).loc[a, b])))
    same = [p for p in pairs if outlets and outlets.get(p[0]) and outlets.get(p[0]) == outlets.get(p[1])]
    if same:
        chosen.append(("same outlet", *max(same, key=lambda p: sizes[p[0]] + sizes[p[1]])))
    table = pd.DataFrame(chosen, columns=["rule", "a", "b", "similarity"])
    key = table[["a", "b"]].apply(lambda r: tuple(sorted(r)), axis=1)
    first = table.groupby(key, sort=False).head(1).set_index(key[~key.duplicated()])
    first["rule"] = table.groupby(key, sort=False).rule.agg(" and ".join)
    return first.reset_index(drop=True)


def comparison_table(counts: pd.DataFrame, a: str, b: str, min_count: int = 2) -> pd.DataFrame:
    """Terms of two speakers with counts, rates, G² and log ratio (``a`` against ``b``).

    ``plot_rate_a``/``plot_rate_b`` are the rates with :data:`SMOOTHING` added to the counts so
    that a term one speaker never says still has a place on a log axis. Terms with fewer than
    ``min_count`` occurrences in the two together are left out.

    Examples:
        >>> counts = pd.DataFrame({"a": [9, 1], "b": [1, 9]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
        >>> comparison_table(counts, "a", "b").log_ratio.round(2).tolist()
        [2.66, -2.66]

    """
    pair = counts[[a, b]]
    pair = pair[pair.sum(axis=1) >= min_count]
    total_a, total_b = float(counts[a].sum()), float(counts[b].sum())
    table = pd.DataFrame({"term": pair.index, "count_a": pair[a].to_numpy(), "count_b": pair[b].to_numpy()})
    table["rate_a"] = table["count_a"] / total_a * PER
    table["rate_b"] = table["count_b"] / total_b * PER
    table["plot_rate_a"] = (table["count_a"] + SMOOTHING) / total_a * PER
    table["plot_rate_b"] = (table["count_b"] + SMOOTHING) / total_b * PER
    table["g2"] = log_likelihood(table["count_a"], table["count_b"], total_a, total_b)
    table["log_ratio"] = log_ratio(table["count_a"], table["count_b"], total_a, total_b)
    return table.sort_values(["g2", "term"], ascending=[False, True]).reset_index(drop=True)


def distinctive(table: pd.DataFrame, n: int = 12) -> pd.Series:
    """Mask of the ``n`` terms with the highest G² on each side of a :func:`comparison_table`."""
    side_a = table[table["log_ratio"] > 0].nlargest(n, "g2").index
    side_b = table[table["log_ratio"] < 0].nlargest(n, "g2").index
    return table.index.isin(side_a.union(side_b))


def describe_comparison(table: pd.DataFrame, a: str, b: str, names: Mapping[str, str] | None = None, n: int = 5) -> str:
    """One markdown sentence naming the ``n`` most distinctive terms on each side of a comparison.

    Examples:
        >>> counts = pd.DataFrame({"a": [9, 1], "b": [1, 9]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
        >>> describe_comparison(comparison_table(counts, "a", "b"), "a", "b")
        'Most distinctive of **a**: 泛化; of **b**: 蒸馏.'

    """
    side_a = table[table["log_ratio"] > 0].nlargest(n, "g2")["term"]
    side_b = table[table["log_ratio"] < 0].nlargest(n, "g2")["term"]
    return f"Most distinctive of **{display_name(a, names)}**: {', '.join(side_a)}; of **{display_name(b, names)}**: {', '.join(side_b)}."
