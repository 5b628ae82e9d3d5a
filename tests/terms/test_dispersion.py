"""Turn-level counts and dispersion (number of turns, Gries' DP) against hand-computed values."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.terms.dispersion import dispersion_table, turn_term_counts


def _turns(texts: list[str], speaker: str = "a") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": "d", "turn_id": range(len(texts)), "speaker": speaker, "text": texts})


def test_dp_hand_computed():
    # turns of 4, 2 and 2 tokens: s = (0.5, 0.25, 0.25)
    # 泛化 occurs 1, 2, 0 times: v = (1/3, 2/3, 0)
    # DP = 0.5 * (|1/3 - 1/2| + |2/3 - 1/4| + |0 - 1/4|) = 0.5 * (1/6 + 5/12 + 1/4) = 0.5 * 10/12 = 0.416667
    # min s = 0.25, so DP_norm = 0.416667 / 0.75 = 0.555556
    long, sizes = turn_term_counts(_turns(["泛化 蒸馏 数据 模型", "泛化 泛化", "数据 模型"]))
    row = dispersion_table(long, sizes).set_index("term").loc["泛化"]
    assert row["count"] == 3 and row["n_turns"] == 2 and row["n_turns_speaker"] == 3
    assert row["dp"] == pytest.approx(5 / 12)
    assert row["dp_norm"] == pytest.approx(5 / 12 / 0.75)
    assert row["top_turn_count"] == 2 and row["top_turn_share"] == pytest.approx(2 / 3)


def test_a_term_spread_like_the_text_has_dp_zero_and_one_in_a_single_turn_is_high():
    long, sizes = turn_term_counts(_turns(["泛化 蒸馏"] * 4 + ["数据 模型"] * 4 + ["蒸馏 蒸馏"]))
    table = dispersion_table(long, sizes).set_index("term")
    assert table.loc["泛化", "n_turns"] == 4
    # 9 turns of 2 tokens; 泛化 in 4 of them once: v_i = 1/4 there, s_i = 1/9 everywhere
    assert table.loc["泛化", "dp"] == pytest.approx(0.5 * (4 * (1 / 4 - 1 / 9) + 5 / 9))
    one = dispersion_table(*turn_term_counts(_turns(["数据 模型"] * 8 + ["蒸馏 蒸馏"]))).set_index("term").loc["蒸馏"]
    assert one["n_turns"] == 1 and one["dp"] == pytest.approx(8 / 9) and one["dp_norm"] == pytest.approx(1.0)


def test_dispersion_is_per_speaker():
    turns = pd.concat([_turns(["泛化", "泛化"], "a"), _turns(["泛化", "蒸馏"], "b").assign(doc_id="e")])
    table = dispersion_table(*turn_term_counts(turns)).set_index(["speaker", "term"])
    assert table.loc[("a", "泛化"), "n_turns"] == 2 and table.loc[("b", "泛化"), "n_turns"] == 1
    assert table.loc[("a", "泛化"), "dp"] == pytest.approx(0.0)


def test_turn_counts_use_concepts_and_keep_empty_turns():
    long, sizes = turn_term_counts(_turns(["预测下一个符号和预测下一个词", "", "大型语言模型"]))
    assert long.set_index("term")["count"].to_dict() == {"预测下一个词": 2, "大模型": 1}
    assert sizes["n_tokens"].tolist() == [2, 0, 1]
