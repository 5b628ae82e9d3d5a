"""Representative quotes and their checks against judgments (analysis.viewpoints.quotations)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.viewpoints import themes
from analysis.viewpoints.quotations import QUOTE_COLUMNS, hit_rate, load_dev, quotes
from analysis.viewpoints.themes import theme_ids
from tests.conftest import QA_ARTICLE, gold, write_corpus


@pytest.mark.parametrize(("speaker", "theme"), sorted(set(zip(load_dev().speaker, load_dev().theme, strict=True))))
def test_guest_has_quotes_on_each_theme_he_discusses(speaker: str, theme: str) -> None:
    q = quotes(speaker, theme, k=5)
    assert len(q) >= 1
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
