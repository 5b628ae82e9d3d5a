"""Headlines and pair lists of notebook 02 count every speaker, at 5 speakers and at 40."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.terms.compare import rule_pairs
from analysis.terms.readings import describe_pairs, kwic_headline


@pytest.mark.parametrize("n", [5, 40])
def test_kwic_headline_counts_unregistered_speakers_too(n):
    lines = pd.DataFrame({"speaker": [f"s{i}" for i in range(n) for _ in range(i + 1)]})  # s{n-1} says it most
    text = kwic_headline("推理", lines, lines, {"s0": "甲"}, n=8)
    assert f"{len(lines)} occurrences" in text and f"from {n} speakers" in text
    assert text.split("(")[1].startswith(f"s{n - 1} {n}")  # the most frequent speaker first, registered or not
    if n > 8:
        rest = lines.speaker.value_counts().iloc[8:]
        assert f"{rest.sum()} more from {len(rest)} others" in text


@pytest.mark.parametrize("n", [5, 40])
def test_rule_pairs_are_stated_and_distinct(n):
    terms = [f"t{j}" for j in range(30)]
    counts = pd.DataFrame({f"s{i}": [(i * j) % 7 * 50 + (5 if j == i % 30 else 0) for j in range(30)] for i in range(n)},
                          index=terms)
    counts["s1"] = counts["s2"] * 2  # one pair has the same profile
    pairs = rule_pairs(counts, {"s3": "X", "s4": "X"}, min_tokens=1)
    assert pairs.iloc[0][["rule", "a", "b"]].tolist() == ["most similar", "s1", "s2"]
    assert set(" and ".join(pairs.rule).split(" and ")) == {"most similar", "most different", "same outlet"}
    assert not pairs.duplicated(["a", "b"]).any()
    assert describe_pairs(pairs).count("\n") == len(pairs) - 1


def test_a_pair_picked_by_two_rules_is_listed_once_with_both():
    counts = pd.DataFrame({"a": [900, 100], "b": [800, 200], "c": [10, 990]}, index=["泛化", "蒸馏"])
    pairs = rule_pairs(counts, named=["b", "a"])
    assert pairs[["rule", "a", "b"]].iloc[0].tolist() == ["named in the parameters and most similar", "b", "a"]
    assert len(pairs) == 2
