"""Key terms controlled for the prompt (analysis.terms.prompted)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.terms import prompted
from analysis.terms.keyness import critical_value, log_likelihood

TURNS = pd.DataFrame({
    "doc_id": "d", "turn_id": range(6), "role": ["host", "guest", "host", "guest", "guest", "host"],
    "speaker": ["h", "g", "h", "g", "g", "h"],
    "section": [None, None, "与直觉有关", "与直觉有关", "与直觉有关", None],
    "text": ["你怎么看数据?", "直觉 直觉 数据", "下一个问题", "直觉", "数据 数据", "谢谢"],
})  # fmt: skip


def test_a_term_counts_as_prompted_when_the_question_or_the_section_used_it() -> None:
    table = pd.DataFrame({"speaker": "g", "term": ["直觉", "数据"], "count": [3, 3]})
    out = prompted.with_prompted(table, TURNS).set_index("term")
    # 直觉: turn 1 (question about 数据, no section) 2 uses not prompted; turn 3 under the 直觉 section 1 use prompted
    assert out.loc["直觉", "prompted_count"] == 1 and out.loc["直觉", "prompted"] == 1 / 3
    # 数据: turn 1 answers "你怎么看数据?" (1 use prompted); turns 3-4 answer "下一个问题" (2 uses not)
    assert out.loc["数据", "prompted_count"] == 1


def test_smallest_detectable_is_the_first_count_over_the_cut_off() -> None:
    cut = critical_value(0.001, 400)
    a = prompted.smallest_detectable(700, 60_000, cut)
    g2 = [log_likelihood(np.array([x]), np.array([0]), 700, 60_000)[0] for x in (a - 1, a)]
    assert g2[0] < cut <= g2[1]


def test_echo_margin_and_power_readings() -> None:
    table = pd.DataFrame({"speaker": ["g", "g", "g", "q"], "term": ["直觉", "课程", "程序", "数据"],
                          "key": [True, True, False, False], "count": [16, 5, 5, 3], "count_reference": [2, 0, 0, 40],
                          "g2": [42.0, 17.5, 17.5, 1.0], "prompted_count": [12, 0, 0, 0],
                          "prompted": [0.75, 0.0, 0.0, 0.0], "why_not_key": ["", "", "over 50% in one turn", "not significant"]})  # fmt: skip
    assert "直觉 (12 of 16 uses answer a prompt using it)" in prompted.describe_echoes(table)
    assert "课程 passes by 0.10 of G²; ties with 程序 (over 50% in one turn)" in prompted.describe_margins(table, 17.4)
    power = prompted.describe_power(table, pd.Series({"g": 5000, "q": 700}), 17.4)
    assert "**q**: 700 content tokens, 1 terms tested" in power and "**g**" not in power


def test_a_word_of_a_multiword_heading_counts_as_prompted() -> None:
    # "Yann" said under the heading "我所了解的Yann LeCun" (one token, `yann lecun`) echoes the heading.
    turns = pd.DataFrame({"doc_id": "d", "turn_id": [0, 1], "role": ["host", "guest"], "speaker": ["h", "g"],
                          "section": [None, "03我所了解的Yann LeCun"], "text": ["说说他吧", "Yann 是我的导师, Yann 很严格"]})  # fmt: skip
    table = pd.DataFrame({"speaker": "g", "term": ["yann"], "count": [2]})
    assert prompted.with_prompted(table, turns).prompted_count.tolist() == [2]
