"""Keyness statistics against hand-computed values, and the frequency tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.terms.keyness import (
    critical_value,
    frequency_table,
    key_terms,
    keyness,
    keyness_one_vs_rest,
    log_likelihood,
    log_ratio,
    term_counts,
    tfidf_table,
    top_terms,
)


def test_log_likelihood_hand_computed():
    # Target: 30 of 1,000 tokens; reference: 10 of 2,000 tokens.
    # E1 = 1000 * 40 / 3000 = 13.3333, E2 = 2000 * 40 / 3000 = 26.6667
    # G² = 2 * (30 * ln(30 / 13.3333) + 10 * ln(10 / 26.6667))
    #    = 2 * (30 * ln 2.25 + 10 * ln 0.375)
    #    = 2 * (30 * 0.810930 + 10 * (-0.980829))
    #    = 2 * (24.327906 - 9.808293) = 2 * 14.519613 = 29.039226
    assert log_likelihood(np.array([30]), np.array([10]), 1000, 2000)[0] == pytest.approx(29.039226, abs=1e-5)


def test_log_likelihood_zero_cell():
    # 5 of 1,000 against 0 of 1,000: E1 = E2 = 2.5, G² = 2 * 5 * ln(5 / 2.5) = 10 ln 2 = 6.931472
    assert log_likelihood(np.array([5]), np.array([0]), 1000, 1000)[0] == pytest.approx(10 * math.log(2))


def test_log_likelihood_equal_rates_is_zero():
    assert log_likelihood(np.array([10]), np.array([20]), 1000, 2000)[0] == pytest.approx(0.0)


def test_log_ratio_hand_computed():
    # log2(((30 + 0.5) / 1000) / ((10 + 0.5) / 2000)) = log2(0.0305 / 0.00525) = log2(5.809524)
    #   = ln(5.809524) / ln 2 = 1.759499 / 0.693147 = 2.538420
    assert log_ratio(np.array([30]), np.array([10]), 1000, 2000)[0] == pytest.approx(2.538420, abs=1e-6)
    # without smoothing it is Hardie's plain log2(0.03 / 0.005) = log2 6
    assert log_ratio(np.array([30]), np.array([10]), 1000, 2000, smoothing=0)[0] == pytest.approx(math.log2(6))


def test_critical_values():
    assert critical_value(0.001) == pytest.approx(10.828, abs=1e-3)
    assert critical_value(0.05) == pytest.approx(3.841, abs=1e-3)
    assert critical_value(0.001, n_tests=100) > critical_value(0.001)


def _counts() -> pd.DataFrame:
    # target "a" has 1,000 tokens, the reference b + c has 2,000
    index = pd.Index(["泛化", "蒸馏", "模型", "其他"], name="term")
    return pd.DataFrame({"a": [30, 5, 10, 955], "b": [5, 0, 10, 985], "c": [5, 0, 10, 985]}, index=index)


def test_keyness_table_matches_hand_computation():
    table = keyness(_counts(), "a", min_count=1).set_index("term")
    row = table.loc["泛化"]
    assert (row.count_target, row.count_reference) == (30, 10)
    assert row.g2 == pytest.approx(29.039226, abs=1e-5)
    assert row.rate_target == pytest.approx(300.0)
    assert row.rate_reference == pytest.approx(50.0)
    assert row.direction == "over"
    assert row.significant
    assert table.loc["模型", "g2"] == pytest.approx(0.0)
    # 蒸馏: 5 of 1,000 against 0 of 2,000: E1 = 5/3, G² = 2 * 5 * ln(5 / (5/3)) = 10 ln 3 = 10.986 ≥ 10.83
    assert table.loc["蒸馏", "g2"] == pytest.approx(10 * math.log(3))
    assert table.loc["蒸馏", "significant"]


def test_keyness_sorted_by_signed_g2_and_min_count():
    table = keyness(_counts(), "a", min_count=6)
    assert "蒸馏" not in set(table.term)
    signed = np.where(table.direction == "over", table.g2, -table.g2)
    assert list(signed) == sorted(signed, reverse=True)


def test_bonferroni_raises_the_cutoff():
    # 蒸馏 has G² = 10.99: above 10.83 (p < 0.001) but below 13.41 (p < 0.001 / 4 terms tested)
    plain = keyness(_counts(), "a", min_count=1)
    corrected = keyness(_counts(), "a", min_count=1, bonferroni=True)
    assert plain.significant.sum() >= corrected.significant.sum()
    assert plain.set_index("term").loc["蒸馏", "significant"]
    assert not corrected.set_index("term").loc["蒸馏", "significant"]


def test_one_vs_rest_and_key_terms():
    table = keyness_one_vs_rest(_counts(), min_count=1)
    assert set(table.speaker) == {"a", "b", "c"}
    assert key_terms(table, n=5).term.tolist() == ["泛化", "蒸馏"]
    assert key_terms(table, n=1).term.tolist() == ["泛化"]


def test_counts_rates_and_top_terms():
    frame = pd.DataFrame({"speaker": ["x", "x", "y"], "text": ["大模型与泛化", "大模型", "蒸馏,蒸馏和泛化"]})
    counts = term_counts(frame)
    assert counts.to_dict() == {"x": {"大模型": 2, "泛化": 1, "蒸馏": 0}, "y": {"大模型": 0, "泛化": 1, "蒸馏": 2}}
    freq = frequency_table(counts).set_index(["speaker", "term"])
    assert freq.loc[("x", "大模型"), "rate_per_10k"] == pytest.approx(2 / 3 * 10_000)
    assert top_terms(counts, n=1).term.tolist() == ["大模型", "蒸馏"]


def test_tfidf_prefers_terms_a_speaker_owns():
    counts = pd.DataFrame({"a": [5, 5], "b": [5, 0]}, index=pd.Index(["模型", "蒸馏"], name="term"))
    table = tfidf_table(counts)
    a = table[table.speaker == "a"].set_index("term").tfidf
    assert a["蒸馏"] > a["模型"]
    assert set(table.columns) == {"speaker", "term", "count", "tfidf", "rank"}
