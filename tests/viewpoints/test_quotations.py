"""Representative quotes and their checks against judgments (analysis.viewpoints.quotations)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.plots.tables import NO_QUOTE, quote_cells
from analysis.viewpoints import themes
from analysis.viewpoints.quotations import (
    QUOTE_COLUMNS,
    QUOTE_MARGIN,
    RARE_KEYWORD_SENTENCES,
    RARE_SUPPORT,
    hit_rate,
    load_dev,
    quotable,
    quotes,
)
from analysis.viewpoints.quote_review import KEY, load_reviews, verdicts
from analysis.viewpoints.themes import theme_ids
from tests.conftest import QA_ARTICLE, gold, write_corpus


def test_guests_have_quotes_on_the_themes_they_discuss() -> None:
    # Precision first: a theme a guest touches in one sentence may get no quote (Hinton on AI for science: only
    # "我认为医疗保健显然是一个大领域", labelled marginal by both annotators), and reviewers may doubt every candidate
    # (Karpathy's advice to PhD students, a comma fragment): at most two dev pairs, each for one of those reasons.
    pairs = sorted(set(zip(load_dev().speaker, load_dev().theme, strict=True)))
    found = {pair: quotes(*pair, k=5) for pair in pairs}
    empty = [pair for pair, q in found.items() if q.empty]
    assert len(empty) <= 2, empty
    doubted = verdicts(load_reviews())
    for pair in empty:
        alone = quotes(*pair, k=5, review=False)
        assert alone.join(doubted, on=KEY).verdict.eq("rejected").all(), (pair, alone.text.tolist())
    for (speaker, theme), q in found.items():
        assert (q.speaker == speaker).all() and (q.theme == theme).all()


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


def test_nothing_to_quote_gives_an_empty_frame_with_the_columns(tmp_path: Path) -> None:
    corpus = analysis.load_corpus(write_corpus(tmp_path / "raw", {"qa.txt": QA_ARTICLE}))
    q = quotes("kaiming-he", "ai_for_science", corpus=corpus)
    assert q.empty and list(q.columns) == QUOTE_COLUMNS


def test_an_unknown_speaker_is_an_error_naming_the_closest_and_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown speaker 'Hintn'; closest: 'Hinton' \(geoffrey-hinton\).*Known speakers: .*kaiming-he"):
        quotes("Hintn", "brain")


@pytest.mark.parametrize(("k", "error"), [(-1, ValueError), (0, ValueError), ("5", TypeError), (2.5, TypeError)])
def test_k_must_be_a_whole_number_of_at_least_one(k: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="k must"):
        quotes("geoffrey-hinton", "brain", k=k)


def test_every_quote_carries_its_raw_lines() -> None:
    q = quotes("辛顿", "reasoning", k=5)
    assert (q.speaker == "geoffrey-hinton").all() and q.line_start.notna().all()
    for row in q.itertuples():
        assert row.line_start <= row.line_end and row.title and row.raw_lines


def test_unknown_theme_names_the_valid_ids() -> None:
    with pytest.raises(ValueError, match="research_practice"):
        quotes("kaiming-he", "no-such-theme")


def test_repeated_calls_reuse_the_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    quotes("kaiming-he", "scaling")

    def fail(*_: object) -> None:
        raise AssertionError("scores recomputed")

    monkeypatch.setattr(themes, "_scored", fail)
    for theme in theme_ids():
        quotes("geoffrey-hinton", theme, k=5)


def test_quotes_work_on_another_corpus(tmp_path: Path) -> None:
    corpus = analysis.load_corpus(write_corpus(tmp_path / "raw", {"qa.txt": QA_ARTICLE}))
    q = quotes("kaiming-he", "research_practice", k=3, corpus=corpus)
    assert len(q) == 1 and "好奇心" in q.text.iloc[0]
    assert quotes("kaiming-he", "ai_for_science", corpus=corpus).empty


def test_every_name_of_hinton_gives_the_same_quotes() -> None:
    tables = [quotes(name, "reasoning", k=5) for name in ("geoffrey-hinton", "Hinton", "Geoffrey Hinton", "辛顿")]
    assert len(tables[0])
    for table in tables[1:]:
        pd.testing.assert_frame_equal(tables[0], table)


@pytest.mark.parametrize(("text", "theme", "seed"), [
    ("推理成本将来会降 100 倍", "reasoning", "推理"),  # inference, not reasoning
    ("但是跑一遍推理,跑一遍训练,那可能就是好几百秒", "reasoning", "推理"),
    ("机器人大脑现在也能做运动规划", "brain", "大脑"),  # a robot's control model
    ("如果大规模采纳这个方案,算力会更短缺", "scaling", "算力"),  # compute as a shortage
])  # fmt: skip
def test_a_seed_in_another_sense_does_not_count(text: str, theme: str, seed: str) -> None:
    found = themes.seed_matches([text], themes.load_themes().query("id == @theme"))[0][0]
    assert seed not in found


def test_reasoning_and_the_brain_keep_their_own_sense() -> None:
    found = themes.seed_matches(["为了预测下一个符号,它必须进行一些推理", "大脑是否进行反向传播"], themes.load_themes())
    ids = themes.load_themes().id.tolist()
    assert "推理" in found[0][ids.index("reasoning")] and "大脑" in found[1][ids.index("brain")]


def test_a_theme_in_passing_needs_a_higher_margin() -> None:
    base = {"doc_id": "d", "speaker": "s", "theme": "t", "by_seed": True, "strong_seed": True, "seeds": "幻觉",
            "text": "我相信幻觉问题最终也会被克服,这需要验证。"}
    passing = pd.DataFrame([{**base, "emb_sentence": QUOTE_MARGIN + 0.1}] + [{**base, "by_seed": False, "emb_sentence": 0.0}] * 99)
    at_length = pd.DataFrame([{**base, "emb_sentence": QUOTE_MARGIN + 0.1}] * RARE_KEYWORD_SENTENCES + [{**base, "by_seed": False, "emb_sentence": 0.0}] * 99)
    assert not quotable(passing).iloc[0] and quotable(at_length).iloc[0]
    assert quotable(passing.assign(emb_sentence=RARE_SUPPORT)).iloc[0]


def test_a_speaker_without_quotes_is_said_to_have_none_not_padded() -> None:
    corpus = analysis.load_corpus()
    panel = {"geoffrey-hinton": quotes("geoffrey-hinton", "reasoning", k=2), "kaiming-he": quotes("kaiming-he", "reasoning").iloc[:0]}
    table = quote_cells(panel, corpus.turns, corpus.documents, k=3)
    assert table.iloc[:, 1].tolist() == [NO_QUOTE, "—", "—"]
    assert "raw line" in table.iloc[0, 0] and table.iloc[2, 0] == "—"
