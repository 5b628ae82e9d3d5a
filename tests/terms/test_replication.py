"""Key terms replicated per interview: every interview, one interview, G² against every other person."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.terms.keyness import log_likelihood
from analysis.terms.replication import repeat_speakers, replicated_key_terms, replication_summary, term_profiles


def _turns(a1: str, a2: str) -> pd.DataFrame:
    """Speaker a: 6 turns of ``a1`` in d1 and 6 of ``a2`` in d2; b: 12 turns of 数据 模型 in d3."""
    texts = [a1] * 6 + [a2] * 6 + ["数据 模型"] * 12
    return pd.DataFrame({"doc_id": ["d1"] * 6 + ["d2"] * 6 + ["d3"] * 12, "turn_id": range(24),
                         "speaker": ["a"] * 12 + ["b"] * 12, "text": texts})  # fmt: skip


KEY = pd.DataFrame({"speaker": ["a", "a", "b"], "term": ["泛化", "蒸馏", "数据"], "key": [True, True, False]})


def test_a_term_of_both_interviews_is_the_persons_and_one_of_one_is_the_interviews():
    table = replicated_key_terms(_turns("泛化 蒸馏 数据", "泛化 模型"), KEY)
    level = table.drop_duplicates("term").set_index("term").replication
    assert level.to_dict() == {"泛化": "every interview", "蒸馏": "one interview"}
    assert set(table.person) == {"a"}  # b has one interview: nothing to replicate


def test_each_interview_is_tested_against_the_other_people_only():
    table = replicated_key_terms(_turns("泛化 蒸馏 数据", "泛化 模型"), KEY).set_index(["term", "doc_id"])
    # d1: 泛化 6 of 18 tokens; reference: b's 24 tokens, no 泛化 (a's own d2 is not in the reference)
    expected = log_likelihood(np.array([6.0]), np.array([0.0]), 18, 24)[0]
    assert np.isclose(table.loc[("泛化", "d1"), "g2"], expected) and table.loc[("泛化", "d1"), "n_tokens"] == 18


def test_summary_counts_terms_per_level():
    summary = replication_summary(replicated_key_terms(_turns("泛化 蒸馏 数据", "泛化 模型"), KEY)).set_index("person")
    assert summary.loc["a", "every interview"] == 1 and summary.loc["a", "one interview"] == 1
    assert summary.loc["a", "key_terms"] == 2 and summary.loc["a", "interviews"] == 2


def test_profiles_and_repeat_speakers():
    turns = _turns("泛化 数据", "泛化 模型")
    assert repeat_speakers(turns) == ["a"]
    profiles = term_profiles(turns, n_terms=2)
    assert list(profiles.index) == [("a", "d1"), ("a", "d2"), ("b", "d3")] and np.allclose(profiles.sum(axis=1), 1)
