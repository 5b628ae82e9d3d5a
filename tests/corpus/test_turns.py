"""Speaker turns: gold counts and attributions, label shapes, headings, narration."""

from __future__ import annotations

import warnings

import pytest

from analysis.corpus.clean import classify
from analysis.corpus.turns import UnknownSpeakerWarning, build_turns
from tests.conftest import gold


def _turns(lines: list[str], title: str = ""):
    return build_turns("t", classify(lines, title=title))


def _holding(corpus, doc_id: str, snippet: str, column: str = "raw_text"):
    turns = corpus.turns
    return turns[(turns.doc_id == doc_id) & turns[column].str.contains(snippet, regex=False)]


def test_gold_turn_counts(corpus):
    for row in gold("turn_counts.csv"):
        got = ((corpus.turns.doc_id == row["doc_id"]) & (corpus.turns.speaker == row["speaker"])).sum()
        assert got == int(row["turns"]), row


def test_gold_who_said(corpus):
    for row in gold("who_said.csv"):
        hit = _holding(corpus, row["doc_id"], row["snippet"])
        assert sorted(set(hit.speaker)) == [row["speaker"]], row


def test_gold_sections_and_headings(corpus):
    for row in gold("sections.csv"):
        hit = _holding(corpus, row["doc_id"], row["snippet"])
        assert len(hit) and all(row["section_part"] in s for s in hit.section), row
    for row in gold("not_spoken.csv"):
        hit = _holding(corpus, row["doc_id"], row["snippet"], column="text")
        assert hit.empty, row


def test_every_speaker_is_registered_and_roles_are_known(corpus):
    assert set(corpus.turns.speaker) <= set(corpus.speakers.speaker)
    assert set(corpus.turns.role) <= {"guest", "host", "audience", "narrator"}


def test_every_kept_content_line_belongs_to_a_turn(corpus):
    lines = corpus.lines[corpus.lines.kept & (corpus.lines.kind == "content")]
    for doc_id, group in lines.groupby("doc_id"):
        turns = corpus.turns[corpus.turns.doc_id == doc_id]
        for line_no in group.line_no:
            owners = turns[(turns.line_start <= line_no) & (turns.line_end >= line_no)]
            assert 1 <= len(owners) <= 2, (doc_id, line_no)  # two only where a label starts mid-line
            inner = owners[(owners.line_start < line_no) & (owners.line_end > line_no)]
            assert len(inner) <= 1


def test_label_alone_on_a_line_opens_a_turn():
    turns = _turns(["Hellermark:你好吗?", "Hinton:", "第一段。", "第二段。"])
    assert [(t.speaker, t.text) for t in turns] == [
        ("joel-hellermark", "你好吗?"),
        ("geoffrey-hinton", "第一段。 第二段。"),
    ]


def test_label_in_the_middle_of_a_line_opens_a_turn():
    turns = _turns(["陈羽北:这是回答的结尾。《硅谷101》:下一个问题?", "陈羽北 :回答。"])
    assert [t.speaker for t in turns] == ["yubei-chen", "guigu101", "yubei-chen"]
    assert turns[1].raw_text == "《硅谷101》:下一个问题?"
    assert turns[2].speaker_raw == "陈羽北"


def test_headings_with_colons_are_sections_not_speakers():
    turns = _turns(["引言文字。", "大模型的未来:数据效益是个问题", "Q:问题?", "何恺明:回答。"])
    assert [t.speaker for t in turns] == ["narrator", "audience", "kaiming-he"]
    assert turns[1].section == "大模型的未来:数据效益是个问题"


def test_prose_ending_with_a_colon_is_not_a_label():
    turns = _turns(["他说:", "科研中95%的时间是令人沮丧的。", "Q:问题?"])
    assert turns[0].speaker == "narrator"


def test_unknown_label_warns_with_document_and_line_and_gets_a_slug():
    with pytest.warns(UnknownSpeakerWarning, match=r"t line 2: .*'张三'"):
        turns = _turns(["Q:问题?", "张三:我来回答这个问题。"])
    assert turns[1].speaker == "unregistered-张三"
    assert turns[1].role == "guest"  # inferred: answers, does not ask
    assert turns[1].how.startswith("role inferred from the dialogue")


def test_text_after_the_dialogue_is_narration():
    turns = _turns(["Q:问题?", "何恺明:回答。", "One More Thing", "会场外排满了人。"])
    assert [t.speaker for t in turns] == ["audience", "kaiming-he", "narrator"]
    assert turns[2].section == "One More Thing"


def test_no_labels_gives_narration_only():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        turns = _turns(["第一段叙述。", "第二段叙述。"])
    assert {t.speaker for t in turns} == {"narrator"}


def test_heading_split_over_two_lines_is_one_section():
    lines = ["目录", "14:55 理论视角看思维链(CoT)", "引言。", "理论视角看思维链:", "Transformer 是一种电路", "Q:问题?"]
    turns = _turns(lines)
    assert turns[1].section == "理论视角看思维链: Transformer 是一种电路"


def test_turns_are_ordered_and_their_line_spans_never_go_backwards(corpus):
    for _, turns in corpus.turns.groupby("doc_id"):
        assert turns.turn_id.tolist() == list(range(len(turns)))
        assert (turns.line_start <= turns.line_end).all()
        assert turns.line_start.is_monotonic_increasing


def test_sentences_hold_all_of_their_turn(corpus):
    joined = corpus.sentences.groupby(["doc_id", "turn_id"]).text.agg("".join)
    for turn in corpus.turns.itertuples():
        assert joined.get((turn.doc_id, turn.turn_id), "").replace(" ", "") == turn.text.replace(" ", "")
