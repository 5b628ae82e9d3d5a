"""Readings of the term tables in words, built only from the computed values (for notebook 02).

Examples:
    >>> table = pd.DataFrame({"speaker": ["a", "a"], "term": ["泛化", "蒸馏"], "count": [9, 6], "n_turns": [5, 2],
    ...     "g2": [30.0, 20.0], "log_ratio": [2.5, 3.0], "ci_low": [1.2, 0.4], "ci_high": [3.1, 3.9],
    ...     "direction": "over", "significant": True, "key": [True, False], "why_not_key": ["", "fewer than 3 turns"],
    ...     "top_turn_count": [3, 4]})
    >>> print(describe_key(table, ["a", "b"], {"a": "甲"}))
    - **甲**: 泛化 (9× in 5 turns, LR +2.5 [1.2, 3.1])
    - **b**: no term passes every condition
    >>> print(describe_not_key(table, {"a": "甲"}))
    - fewer than 3 turns (1): 蒸馏 (甲, 6× in 2 turns, 4 in the busiest)

"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.corpus.speakers import display_name
from analysis.terms.concepts import Concepts, read_concepts
from analysis.text.tokenizer import tokenize_many


def concept_variants(turns: pd.DataFrame, rules: Concepts | None = None) -> pd.DataFrame:
    """How often each wording of a concept occurs per speaker: ``concept, variant, speaker, count``.

    Phrase rules count their matches as the tokenizer sees them (the variant is the matched text:
    符号 for the 符号 of 符号处理, whose 处理 stays a token), token rules the
    tokens they rename, head rules the compounds that credit the head. Variants that are the
    concept itself are counted too, so each concept's rows add up to what it gathers.

    Examples:
        >>> turns = pd.DataFrame({"speaker": ["a", "b"], "text": ["大语言模型和LLM", "大模型"]})
        >>> concept_variants(turns).query("concept == '大模型'")[["variant", "speaker", "count"]].to_dict("records")
        [{'variant': 'llm', 'speaker': 'a', 'count': 1}, {'variant': '大模型', 'speaker': 'b', 'count': 1}, {'variant': '大语言模型', 'speaker': 'a', 'count': 1}]

    """
    rules = rules or read_concepts()
    rows: list[tuple[str, str, str]] = []
    texts = turns["text"].fillna("").tolist()
    pattern = rules.pattern
    for speaker, text in zip(turns["speaker"], texts, strict=True):
        for m in pattern.finditer(text) if pattern is not None else ():
            rows.append((rules.phrases[int(m.lastgroup[1:])][1], " ".join(m.group().split()).casefold(), speaker))
    wanted = set(rules.tokens) | set(rules.tokens.values())
    for speaker, tokens in zip(turns["speaker"], tokenize_many(texts, n_jobs=1), strict=True):
        for token in tokens:
            if token in wanted:
                rows.append((rules.tokens.get(token, token), token, speaker))
            rows += [(c, token, speaker) for head, c in rules.heads if len(token) >= len(head) and token.endswith(head)]
    frame = pd.DataFrame(rows, columns=["concept", "variant", "speaker"])
    counts = frame.groupby(["concept", "variant", "speaker"]).size().rename("count").reset_index()
    return counts.sort_values(["concept", "variant", "speaker"], kind="stable").reset_index(drop=True)


def describe_concepts(variants: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """Markdown list: for every concept gathered from another wording than its own, who used which wording how often."""
    lines = []
    for concept, rows in variants.groupby("concept", sort=True):
        if set(rows["variant"]) == {concept}:
            continue
        parts = [
            f"{variant} ({', '.join(f'{display_name(s, names)} {c}' for s, c in zip(r.speaker, r['count'], strict=True))})"
            for variant, r in rows.groupby("variant", sort=True)
        ]
        lines.append(f"- **{concept}** ({rows['count'].sum()}×) gathers " + "; ".join(parts))
    return "\n".join(lines) or "No concept gathers more than one wording in this selection."


def shared_top_terms(top: pd.DataFrame, min_speakers: int | None = None) -> list[str]:
    """Terms in the top list of at least ``min_speakers`` speakers (default: all), most widely shared first."""
    n = top["speaker"].nunique() if min_speakers is None else min_speakers
    spread = top.groupby("term")["speaker"].nunique()
    return spread[spread >= n].sort_values(ascending=False, kind="stable").index.tolist()


def _row(r, names: Mapping[str, str] | None = None, who: bool = False) -> str:
    speaker = f"{display_name(r.speaker, names)}, " if who else ""
    return f"{r.term} ({speaker}{r.count}× in {r.n_turns} turn{'s' if r.n_turns != 1 else ''}"


def describe_key(table: pd.DataFrame, speakers: list[str], names: Mapping[str, str] | None = None, n: int = 5) -> str:
    """Markdown list of each speaker's first ``n`` key terms (highest G²) with count, turns and log-ratio interval."""
    key = table[table["key"]].sort_values(["speaker", "g2", "term"], ascending=[True, False, True])
    lines = []
    for speaker in speakers:
        rows = key[key["speaker"] == speaker].head(n)
        terms = ", ".join(
            f"{_row(r)}, LR {r.log_ratio:+.1f} [{r.ci_low:.1f}, {r.ci_high:.1f}])" for r in rows.itertuples()
        )
        lines.append(f"- **{display_name(speaker, names)}**: {terms or 'no term passes every condition'}")
    return "\n".join(lines)


def describe_not_key(table: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """Markdown list of the significant over-used terms that are not key, grouped by the condition they fail."""
    failed = table[table["significant"] & (table["direction"] == "over") & ~table["key"]]
    lines = []
    for reason, rows in failed.groupby("why_not_key", sort=True):
        rows = rows.sort_values(["g2", "term"], ascending=[False, True])
        parts = [f"{_row(r, names, who=True)}, {r.top_turn_count} in the busiest)" for r in rows.itertuples()]
        lines.append(f"- {reason} ({len(rows)}): " + ", ".join(parts))
    return "\n".join(lines) or "Every significant over-used term passes the dispersion conditions."


def former_key_terms(plain: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Terms significant and over-used in a plain G² table (raw tokens) with what the keyness table says now.

    ``status`` is ``key``, the table's ``why_not_key`` reason, or ``no longer a term of its own`` when the
    term is no longer tested on its own: merged into a concept (大语言模型 → 大模型) or no longer cut out
    (元 of 元意思, now the one token 元意义).
    """
    old = plain[plain["significant"] & (plain["direction"] == "over")][["speaker", "term", "count_target", "g2"]]
    now = table.set_index(["speaker", "term"])[["count", "n_turns", "key", "why_not_key"]]
    merged = old.join(now, on=["speaker", "term"])
    status = merged["why_not_key"].where(~merged["key"].fillna(False).astype(bool), "key")
    merged["status"] = status.where(merged["key"].notna(), "no longer a term of its own").replace("", "key")
    return merged.rename(columns={"count_target": "count_plain", "g2": "g2_plain"}).reset_index(drop=True)


def kwic_headline(term: str, lines: pd.DataFrame, whole: pd.DataFrame, names: Mapping[str, str] | None = None,
                  n: int = 8) -> str:  # fmt: skip
    """Markdown heading of a concordance: occurrences, whole-token occurrences, and every speaker's count.

    Every speaker of ``lines`` is counted (registered or not); past ``n`` speakers the rest are summed.

    Examples:
        >>> lines = pd.DataFrame({"speaker": ["a", "b", "b", "c"]})
        >>> kwic_headline("推理", lines, lines.head(3), {"b": "乙"}, n=1)
        '### 推理: 4 occurrences, 3 as a whole token, from 3 speakers (乙 2; 2 more from 2 others)'

    """
    per = lines.speaker.value_counts(sort=False).sort_values(ascending=False, kind="stable")
    shown = "; ".join(f"{display_name(s, names)} {c}" for s, c in per.head(n).items())
    rest = per.iloc[n:]
    tail = f"; {int(rest.sum())} more from {len(rest)} others" if len(rest) else ""
    return (f"### {term}: {len(lines)} occurrences, {len(whole)} as a whole token, from {len(per)} speaker"
            f"{'' if len(per) == 1 else 's'} ({shown}{tail})")  # fmt: skip


def describe_pairs(pairs: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """One line per compared pair naming the rule that picked it (a ``compare.rule_pairs`` table).

    Examples:
        >>> p = pd.DataFrame({"rule": ["most similar"], "a": ["a"], "b": ["b"], "similarity": [0.91]})
        >>> describe_pairs(p, {"a": "甲"})
        '- **most similar**: 甲 and b (profile cosine 0.91)'

    """
    return "\n".join(f"- **{r.rule}**: {display_name(r.a, names)} and {display_name(r.b, names)} (profile cosine {r.similarity:.2f})"
                     for r in pairs.itertuples())  # fmt: skip
