"""Bad input: clear errors, and nothing silently altered (issue: bad input, new articles)."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import SourceError, load_corpus
from analysis.corpus.build import CorpusWarning
from analysis.corpus.clean import classify
from analysis.corpus.sources import decode
from analysis.corpus.turns import build_turns
from tests.conftest import write_corpus

DIALOGUE = "标题\n\nQ:您怎么看大模型?\n\n何恺明:我认为数据很重要。\n"


def test_new_article_is_picked_up(tmp_path):
    corpus = load_corpus(write_corpus(tmp_path, {"a.txt": DIALOGUE, "b.txt": DIALOGUE.replace("重要", "关键")}))
    assert list(corpus.documents.doc_id) == ["a", "b"]
    assert set(corpus.turns.speaker) == {"audience", "kaiming-he"}


def test_file_without_row_and_row_without_file_are_named(tmp_path):
    folder = write_corpus(tmp_path, {"a.txt": DIALOGUE})
    (folder / "extra.txt").write_text(DIALOGUE + "多一行。", encoding="utf-8")
    with pytest.raises(SourceError, match=r"extra.txt.*source_file"):
        load_corpus(folder)
    (folder / "extra.txt").unlink()
    (folder / "a.txt").unlink()
    with pytest.raises(SourceError, match=r"no file: a.txt"):
        load_corpus(folder)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.pop("title"), "missing column"),
        (lambda r: r.update(published="23/08/2024"), "bad published date"),
    ],
)
def test_malformed_sources_csv(tmp_path, change, message):
    row = {"source_file": "a.txt", "doc_id": "a", "title": "t", "outlet": "o", "published": "", "url": "",
           "interviewee": "x", "interviewer": "y"}
    change(row)
    with pytest.raises(SourceError, match=message):
        load_corpus(write_corpus(tmp_path, {"a.txt": DIALOGUE}, [row]))


def test_duplicate_doc_id_and_duplicate_content(tmp_path):
    rows = [{"source_file": n, "doc_id": "same", "title": "t", "outlet": "o", "published": "", "url": "",
             "interviewee": "x", "interviewer": "y"} for n in ("a.txt", "b.txt")]
    with pytest.raises(SourceError, match="duplicate doc_id same"):
        load_corpus(write_corpus(tmp_path / "1", {"a.txt": DIALOGUE, "b.txt": DIALOGUE + "。"}, rows))
    with pytest.raises(SourceError, match=r"b.txt has the same content as a.txt"):
        load_corpus(write_corpus(tmp_path / "2", {"a.txt": DIALOGUE, "b.txt": DIALOGUE}))


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("\ufeff" + DIALOGUE, "utf-8-sig"),
        (DIALOGUE.replace("\n", "\r\n"), "utf-8"),
        (DIALOGUE.replace("\n", "\r\n", 2), "utf-8"),  # mixed newlines
        (DIALOGUE.encode("gb18030"), "gb18030"),
        ("Q:我認為資料很重要,這是我們的觀點。請問您怎麼看?".encode("big5"), "big5"),
    ],
)
def test_encodings_are_detected_and_recorded(tmp_path, data, encoding):
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    corpus = load_corpus(write_corpus(tmp_path, {"a.txt": raw}))
    assert corpus.documents.encoding[0] == encoding
    assert len(corpus.lines) == len(decode(raw)[0].splitlines())


def test_traditional_article_is_simplified_in_text_only(tmp_path):
    raw = "何恺明:我認為資料很重要,這是我們的觀點。"
    corpus = load_corpus(write_corpus(tmp_path, {"a.txt": raw}))
    assert corpus.documents.traditional[0]
    assert corpus.lines.raw_text[0] == raw
    assert "认为" in corpus.lines.text[0] and "这是我们的观点" in corpus.lines.text[0]


def test_undecodable_bytes_stop_with_file_and_offset(tmp_path):
    with pytest.raises(SourceError, match=r"a.txt: cannot decode byte 6"):
        load_corpus(write_corpus(tmp_path, {"a.txt": "你好".encode() + b"\xff\xfe\xfd\x80"}))


def test_empty_file_and_file_without_labels_warn(tmp_path):
    folder = write_corpus(tmp_path, {"empty.txt": " \n", "prose.txt": "一段没有说话人的叙述。\n"})
    with pytest.warns(CorpusWarning) as caught:
        corpus = load_corpus(folder)
    messages = " ".join(str(w.message) for w in caught)
    assert "empty.txt is empty" in messages and "prose: no speaker labels" in messages
    assert set(corpus.turns.speaker) == {"narrator"}


lines_strategy = st.lists(
    st.one_of(
        st.text(alphabet=st.sampled_from(list("大模型数据推理。,:?! QA何恺明陈羽北《硅谷101》\u3000\xa0")), max_size=30),
        st.sampled_from(["Q:问题?", "何恺明:回答。", "Hinton:", "起点:理解大脑", "628次阅读", "01:05 目录", ""]),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(lines_strategy)
def test_ledger_and_turns_hold_for_any_lines(lines):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        classified = classify(lines, title="标题")
        turns = build_turns("h", classified)
    assert [line.line_no for line in classified] == list(range(1, len(lines) + 1))
    assert all(line.kept == (line.drop_reason is None) for line in classified)
    content = {line.line_no for line in classified if line.kind == "content"}
    covered = {n for t in turns for n in range(t.line_start, t.line_end + 1)}
    assert content <= covered
