"""Whole-token matching of terms and seeds, and the whole-token concordance."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.terms.concordance import kwic
from analysis.terms.matching import seed_hits, token_runs, whole_token_matches


@pytest.mark.parametrize(
    ("text", "term", "found"),
    [
        ("我们需要更多数据", "数据", True),
        ("这个数据集很大", "数据", False),  # 数据集 is one token
        ("OpenAI 发布了新模型", "AI", False),  # AI inside a Latin word
        ("AI 的问题", "ai", True),  # case-insensitive
        ("模型规模很重要", "规模", False),  # 模型规模 is one term of the dictionary
        ("扩大规模很重要", "扩大规模", True),
        ("逻辑推理很难", "推理", False),  # a compound does not match its head here (the concept layer credits it)
        ("Scaling Law 还没有到尽头", "Scaling Law", True),
        ("scaling law还没有到尽头", "Scaling  Law", True),
        ("需要更多的数据", "更多的数据", True),  # several tokens in a row
        ("更多的数据集", "更多的数据", False),
    ],
)
def test_whole_token_match(text, term, found):
    assert bool(token_runs(text, term)) is found


def test_runs_are_character_spans_of_the_text():
    text = "数据集里的数据,还是数据"
    assert [text[a:b] for a, b in token_runs(text, "数据")] == ["数据", "数据"]


def test_seed_hits_count_each_seed_once_and_skip_containing_words():
    seeds = [["规模", "模型规模", "数据"], ["可解释", "可解释性"]]
    assert seed_hits(["模型规模和数据集", "黑盒的可解释性"], seeds).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert whole_token_matches("规模和模型规模", ["规模", "模型规模"]) == ["规模", "模型规模"]


def test_kwic_whole_token_skips_longer_words():
    turns = pd.DataFrame({"doc_id": ["d"], "turn_id": [0], "speaker": ["s"], "role": ["guest"],
                          "text": ["数据集里的数据"]})  # fmt: skip
    assert len(kwic("数据", corpus=turns)) == 2
    lines = kwic("数据", corpus=turns, whole_token=True)
    assert lines[["start", "keyword"]].to_dict("records") == [{"start": 5, "keyword": "数据"}]


@pytest.mark.parametrize(
    ("text", "seed", "plain", "with_concepts"),
    [
        ("对于需要严密逻辑推理的问题", "推理", False, True),  # a compound credits its head
        ("LLM 的能力", "大语言模型", False, True),  # another wording of the same concept
        ("为了预测下一个符号", "预测下一个词", False, True),
        ("深度强化学习", "化学", False, False),  # concepts never bring substring matches back
        ("你读博士后的时候", "博士", False, False),
    ],
)
def test_concept_aware_seed_matching(text, seed, plain, with_concepts):
    assert bool(whole_token_matches(text, [seed])) is plain
    assert bool(whole_token_matches(text, [seed], concepts=True)) is with_concepts
