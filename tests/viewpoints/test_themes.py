"""Theme assignment and coverage (analysis.viewpoints.themes)."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.cache import forget
from analysis.viewpoints.quotations import quotes
from analysis.viewpoints.themes import cached_scores, coverage, theme_assignments, theme_ids

GUESTS = ["kaiming-he", "yubei-chen", "liwei-wang", "geoffrey-hinton", "andrej-karpathy"]
REQUIRED = {"scaling", "interpretability", "reasoning", "self_supervised", "brain", "ai_for_science",
            "research_practice"}  # fmt: skip


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return cached_scores()[0]


@pytest.fixture(scope="module")
def assignments() -> pd.DataFrame:
    return theme_assignments(write=False)


def test_taxonomy_has_the_required_themes() -> None:
    assert set(theme_ids()) >= REQUIRED


def test_assignments_carry_provenance(assignments: pd.DataFrame) -> None:
    needed = {"doc_id", "turn_id", "sent_id", "speaker", "theme", "score", "by_seed", "by_embedding", "text"}
    assert needed <= set(assignments.columns)
    assert (assignments.by_seed | assignments.by_embedding).all()
    assert not assignments.duplicated(["doc_id", "turn_id", "sent_id", "theme"]).any()


def test_most_sentences_get_at_most_one_theme(scores: pd.DataFrame) -> None:
    per_sentence = scores[scores.role == "guest"].groupby("row").assigned.sum()
    assert (per_sentence >= 2).mean() < 0.1
    assert 0.2 < (per_sentence == 0).mean() < 0.8


@pytest.mark.parametrize(("snippet", "theme"), [
    ("我认为选择课题最重要的标准是你对问题的好奇心和热情", "research_practice"),
    ("为了预测下一个符号,它必须进行一些推理", "reasoning"),
    ("大脑它相当于一个20瓦功耗的一个灯泡", "brain"),
    ("我想让视觉自监督学习也取得成功", "self_supervised"),
    ("可解释性也许不完全是一个客观的问题", "interpretability"),
    ("但真正的问题在于数据的规模和计算的规模", "scaling"),
    ("在数学或者一些自然科学领域,我们需要的并非海量的简单文本", "ai_for_science"),
])  # fmt: skip
def test_known_statements_land_in_their_theme(assignments: pd.DataFrame, snippet: str, theme: str) -> None:
    themes = set(assignments.loc[assignments.text.str.contains(snippet, regex=False), "theme"])
    assert theme in themes


@pytest.mark.parametrize(("speaker", "theme"), [
    ("andrej-karpathy", "ai_for_science"), ("liwei-wang", "self_supervised"), ("yubei-chen", "ai_for_science"),
])  # fmt: skip
def test_guest_who_does_not_discuss_a_theme_gets_low_coverage_not_padding(
    scores: pd.DataFrame, speaker: str, theme: str
) -> None:
    share = coverage(scores, unit="sentences").loc[speaker, theme]
    discussed = coverage(scores, unit="sentences").loc[speaker].max()
    assert share < 0.03 < discussed
    assert len(quotes(speaker, theme, k=10)) <= 2


def test_theme_assignments_are_deterministic() -> None:
    corpus = analysis.load_corpus()
    forget()
    first = theme_assignments(corpus, write=False)
    forget()
    pd.testing.assert_frame_equal(first, theme_assignments(corpus, write=False))


@pytest.mark.parametrize(("text", "theme", "counted"), [
    ("我们可以将神经网络与逻辑电路进行类比:神经网络中的神经元对应电路中的逻辑门", "brain", False),
    ("我们的大脑中并没有足够多的神经元来做这种事", "brain", True),
    ("你感觉你的大脑已经完全被骑自行车这件事给占据了", "brain", False),
    ("我之前在CIFAR-10数据集上做了类似的小规模实验", "scaling", False),
    ("门口站着一个年轻的学生", "research_practice", False),
    ("挑选学生的时候我会看他是否有好奇心", "research_practice", True),
])  # fmt: skip
def test_ambiguous_seeds_count_only_in_context(text: str, theme: str, counted: bool) -> None:
    from analysis.viewpoints.themes import load_themes, seed_matches

    themes = load_themes().query("id == @theme")
    assert bool(seed_matches([text], themes)[0][0]) is counted
