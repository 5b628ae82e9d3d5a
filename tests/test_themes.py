"""Theme assignment, quotes, stance axes and speaker similarity (analysis.themes, .stance, .viewpoint)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import stance, viewpoint
from analysis.themes import (
    QUOTE_COLUMNS,
    cached_scores,
    coverage,
    hit_rate,
    load_dev,
    quotes,
    theme_assignments,
    theme_ids,
    theme_statements,
)
from tests.conftest import gold, write_corpus

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


@pytest.mark.parametrize(("speaker", "theme"), sorted(set(zip(load_dev().speaker, load_dev().theme, strict=True))))
def test_guest_has_quotes_on_each_theme_he_discusses(speaker: str, theme: str) -> None:
    q = quotes(speaker, theme, k=5)
    assert len(q) >= 1
    assert (q.speaker == speaker).all() and (q.theme == theme).all()


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


def test_gold_theme_quotes_are_in_the_top_five() -> None:
    rows = pd.DataFrame(gold("theme_quotes.csv"))
    result = hit_rate(rows, k=5, field="raw_text")
    assert result.hit.all(), result.loc[~result.hit, ["speaker", "theme", "snippet"]].to_string()


def test_dev_judgments_mostly_in_the_top_five() -> None:
    assert hit_rate(load_dev(), k=5).hit.mean() >= 0.75


def test_quotes_are_substantive_distinct_and_best_first() -> None:
    q = quotes("liwei-wang", "ai_for_science", k=10)
    assert list(q.columns) == QUOTE_COLUMNS and len(q) == 10
    assert (q.text.str.len() >= 12).all() and not q.text.duplicated().any()
    first_of_turn = ~q.duplicated(["doc_id", "turn_id"])
    assert q.loc[first_of_turn, "quote_score"].is_monotonic_decreasing
    assert first_of_turn.iloc[: first_of_turn.sum()].all()


def test_nothing_to_quote_gives_an_empty_frame_with_the_columns() -> None:
    q = quotes("nobody-at-all", "brain")
    assert q.empty and list(q.columns) == QUOTE_COLUMNS


def test_unknown_theme_names_the_valid_ids() -> None:
    with pytest.raises(ValueError, match="research_practice"):
        quotes("kaiming-he", "no-such-theme")


def test_repeated_calls_reuse_the_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    quotes("kaiming-he", "scaling")

    def fail(*_: object) -> None:
        raise AssertionError("scores recomputed")

    monkeypatch.setattr(analysis.themes, "score_sentences", fail)
    for theme in theme_ids():
        quotes("geoffrey-hinton", theme, k=5)


def test_theme_assignments_are_deterministic() -> None:
    corpus = analysis.load_corpus()
    analysis.themes._SCORES.clear()
    first = theme_assignments(corpus, write=False)
    analysis.themes._SCORES.clear()
    pd.testing.assert_frame_equal(first, theme_assignments(corpus, write=False))


def test_quotes_work_on_another_corpus(tmp_path: Path) -> None:
    article = "\n".join([
        "问答实录", "",
        "Q:您怎么选择研究课题?", "",
        "何恺明:我认为选择课题最重要的标准是你对问题的好奇心和热情,而不是能不能发表论文。", "",
        "Q:数据会越来越多吗?", "",
        "何恺明:增加数据量和模型规模仍然是减少过拟合最有效的方法,但数据的回报可能会递减。", "",
    ])  # fmt: skip
    corpus = analysis.load_corpus(write_corpus(tmp_path / "raw", {"qa.txt": article}))
    q = quotes("kaiming-he", "research_practice", k=3, corpus=corpus)
    assert len(q) == 1 and "好奇心" in q.text.iloc[0]
    assert quotes("kaiming-he", "ai_for_science", corpus=corpus).empty


def test_stance_axis_separates_its_own_prototypes() -> None:
    for name in stance.load_axes().axis.unique():
        axis = stance.build_axis(name)
        positions = stance.prototype_positions(axis)
        assert (positions.loc[positions.pole == 1, "position"] > 0).all()
        assert (positions.loc[positions.pole == -1, "position"] < 0).all()


def test_similarity_matrices_are_symmetric_with_unit_diagonal() -> None:
    rows, vectors = theme_statements("brain")
    for matrix in (viewpoint.embedding_similarity(rows, vectors, GUESTS), viewpoint.tfidf_similarity(rows, GUESTS)):
        assert np.allclose(matrix.to_numpy(), matrix.to_numpy().T)
        assert np.allclose(np.diag(matrix.to_numpy()), 1)
