"""Keyword in context: windows, provenance, filters."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.plots.tables import style_kwic
from analysis.terms.concordance import COLUMNS, kwic


@pytest.fixture
def turns() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d2"],
            "turn_id": [0, 1, 0],
            "speaker": ["kaiming-he", "audience", "liwei-wang"],
            "role": ["guest", "audience", "guest"],
            "text": ["数据很重要,更多数据", "推理呢?", "大模型需要数据和\n推理能力"],
        }
    )


def test_every_occurrence_with_provenance(turns):
    table = kwic("数据", window=3, corpus=turns)
    assert table.columns.tolist() == COLUMNS
    assert table[["doc_id", "turn_id", "speaker", "start"]].to_records(index=False).tolist() == [
        ("d1", 0, "kaiming-he", 0),
        ("d1", 0, "kaiming-he", 8),
        ("d2", 0, "liwei-wang", 5),
    ]
    assert table.iloc[1][["left", "keyword", "right"]].tolist() == [",更多", "数据", ""]


def test_start_points_into_the_turn_text(turns):
    for row in kwic("推理", corpus=turns).itertuples():
        text = turns.set_index(["doc_id", "turn_id"]).loc[(row.doc_id, row.turn_id), "text"]
        assert text[row.start : row.start + len(row.keyword)] == row.keyword


def test_line_breaks_shown_as_spaces(turns):
    row = kwic("推理", window=3, corpus=turns, speaker="liwei-wang").iloc[0]
    assert row.left == "据和 "


def test_speaker_filter_and_case(turns):
    assert kwic("推理", corpus=turns, speaker="audience").speaker.tolist() == ["audience"]
    assert len(kwic("推理", corpus=turns, speaker=["audience", "liwei-wang"])) == 2
    upper = pd.DataFrame(
        {"doc_id": ["d"], "turn_id": [0], "speaker": ["s"], "role": ["guest"], "text": ["GPT-4 and gpt-4"]}
    )
    assert kwic("gpt-4", corpus=upper).keyword.tolist() == ["GPT-4", "gpt-4"]


def test_no_match_and_empty_term(turns):
    assert kwic("蒸馏", corpus=turns).empty
    with pytest.raises(ValueError, match="non-empty"):
        kwic("", corpus=turns)


def test_style_renders(turns):
    assert "数据" in style_kwic(kwic("数据", corpus=turns)).to_html()


def test_project_corpus_provenance_matches_turns(corpus):
    table = kwic("可解释性", window=10, corpus=corpus)
    assert len(table) > 0
    turns = corpus.turns.set_index(["doc_id", "turn_id"])
    for row in table.itertuples():
        turn = turns.loc[(row.doc_id, row.turn_id)]
        assert turn.speaker == row.speaker
        assert turn.text[row.start : row.start + len(row.keyword)] == row.keyword
