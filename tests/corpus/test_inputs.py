"""Hostile and malformed input to the loader (issue 16, input part): clear errors, nothing read silently."""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis import SourceError
from analysis.corpus.build import CorpusWarning
from tests.conftest import QA_ARTICLE, write_corpus

HEADER = "source_file,doc_id,title,outlet,published,url,interviewee,interviewer\n"
ROW = "a.txt,a,标题,测试,2024-01-02,,何恺明,Q\n"


def _folder(tmp_path: Path, table: bytes | str) -> Path:
    (tmp_path / "a.txt").write_text(QA_ARTICLE, encoding="utf-8")
    data = table if isinstance(table, bytes) else table.encode("utf-8")
    (tmp_path / "sources.csv").write_bytes(data)
    return tmp_path


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (HEADER + "a.txt,a,标题,有,逗号,测试,2024-01-02,,何恺明,Q\n", r"sources.csv line 2: 10 fields where the header has 8"),
        (HEADER + "a.txt,a,标题,2024-01-02,,何恺明,Q\n", r"sources.csv line 2: 7 fields where the header has 8"),
        (HEADER + "标题,a,a.txt,测试,2024-01-02,,何恺明,Q\n", r"line 2: source_file '标题' is not an article file.*shifted"),
        (HEADER + "a.txt,a,标题,测试,何恺明,,2024-01-02,Q\n", r"line 2: bad published date '何恺明'"),
        ((HEADER + ROW).encode("utf-16"), r"sources.csv is UTF-16; re-save it as UTF-8"),
        ("", r"sources.csv is empty"),
        ("\n\n", r"sources.csv is empty"),
        (HEADER, r"has a header but no rows: the corpus would be empty"),
        (HEADER + '"a.txt,a,标题\n', r"sources.csv line \d+"),
    ],
)
def test_malformed_sources_csv_raises_a_source_error_naming_the_line(tmp_path, table, message):
    with pytest.raises(SourceError, match=message):
        analysis.load_corpus(_folder(tmp_path, table))


def test_well_formed_table_with_a_quoted_comma_loads(tmp_path):
    corpus = analysis.load_corpus(_folder(tmp_path, HEADER + 'a.txt,a,"标题,带逗号",测试,2024-01-02,,何恺明,Q\n'))
    assert corpus.documents.title[0] == "标题,带逗号"


def test_empty_file_beside_a_normal_one_warns_and_does_not_crash(tmp_path):
    folder = write_corpus(tmp_path, {"a.txt": QA_ARTICLE, "empty.txt": b""})
    with pytest.warns(CorpusWarning, match="empty.txt is empty"):
        corpus = analysis.load_corpus(folder)
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc["empty", "n_lines_raw"] == 0 and docs.loc["empty", "n_chars_clean"] == 0
    assert set(corpus.turns.doc_id) == {"a"}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_symlink_in_the_raw_folder_is_refused_with_its_name(tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    folder = write_corpus(tmp_path / "raw", {"a.txt": QA_ARTICLE})
    (folder / "b.txt").symlink_to(secret)
    rows = [{"source_file": n, "doc_id": n[0], "title": "t", "outlet": "o", "published": "", "url": "",
             "interviewee": "何恺明", "interviewer": "Q"} for n in ("a.txt", "b.txt")]
    write_corpus(folder, {}, rows)
    with pytest.raises(SourceError, match=r"b.txt is a symbolic link"):
        analysis.load_corpus(folder)


def test_path_resolving_outside_the_raw_folder_is_refused(tmp_path):
    (tmp_path / "outside.txt").write_text(QA_ARTICLE, encoding="utf-8")
    rows = [{"source_file": "../outside.txt", "doc_id": "x", "title": "t", "outlet": "o", "published": "", "url": "",
             "interviewee": "何恺明", "interviewer": "Q"}]
    folder = write_corpus(tmp_path / "raw", {}, rows)
    with pytest.raises(SourceError, match=r"\.\./outside.txt: the path resolves outside"):
        analysis.load_corpus(folder)


def test_html_article_is_parsed_not_reported_missing(tmp_path):
    page = ("<html><head><title>页</title><script>var x = '何恺明:假的';</script></head><body>\n"
            "<h2>第一部分</h2>\n<p><strong>Q：</strong>您怎么选择研究课题?</p>\n"
            "<p><strong>何恺明：</strong>我认为选择课题最重要的是好奇心,\n而不是能不能发表论文。</p>\n</body></html>")
    corpus = analysis.load_corpus(write_corpus(tmp_path, {"a.html": page}))
    turns = corpus.turns
    assert turns[turns.speaker == "kaiming-he"].text.tolist() == ["我认为选择课题最重要的是好奇心, 而不是能不能发表论文。"]
    assert not turns.text.str.contains("假的|<|var ", regex=True).any()
    assert len(corpus.lines) == len(page.splitlines())
    assert corpus.lines.drop_reason[corpus.lines.line_no == 5].str.contains("continuation").all()


def test_nul_bytes_and_bidi_controls_are_removed_before_label_matching(tmp_path):
    text = "Q:您\u202e怎么看?\n\n何恺\x00明:我认为\u2066数据\u2069很重要\u200f。\n"
    corpus = analysis.load_corpus(write_corpus(tmp_path, {"a.txt": text}))
    assert corpus.turns.speaker.tolist() == ["audience", "kaiming-he"]
    assert corpus.turns.text.tolist() == ["您怎么看?", "我认为数据很重要。"]
    assert "\x00" in corpus.lines.raw_text[2]  # raw_text stays as written


_PIECES = st.sampled_from([
    "**张三：**", "**李四**", "张三:", "Q:", "##### ", "---", "![](a.png)", "<details>", "</details>", "题图来源：",
    "00:00:01,000 --> 00:00:02,000", "1", "[主持人]:", "C++:", "\x00", "\u202e", "\ufeff", "\xa0", "我认为数据很重要。",
    "问题?", "Jensen Huang: It is.", "*以下是采访全文：*", "<p>好</p>", "《远光灯》:", "Speaker 0:",
])  # fmt: skip
_LINES = st.lists(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=4).map("".join), max_size=20)


@settings(max_examples=25, deadline=None)
@given(_LINES, st.sampled_from([".md", ".txt", ".html", ".srt"]))
def test_every_raw_line_lands_in_the_ledger_for_any_markdown(lines, suffix):
    text = "\n".join(["标题", *lines, "何恺明:我认为数据很重要。"])
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        folder = write_corpus(Path(tmp), {f"a{suffix}": text}, [{
            "source_file": f"a{suffix}", "doc_id": "a", "title": "标题", "outlet": "测试", "published": "", "url": "",
            "interviewee": "张三 Zhang San", "interviewer": "李四"}])  # fmt: skip
        corpus = analysis.load_corpus(folder)
    ledger = corpus.lines
    assert ledger.raw_text.tolist() == text.splitlines()
    assert (ledger.kept == ledger.drop_reason.isna()).all()
    assert not corpus.turns.text.str.contains("\x00|\u202e|\\*\\*", regex=True).any()
    spans = corpus.turns[["line_start", "line_end"]]
    assert (spans.line_start <= spans.line_end).all() and spans.line_start.is_monotonic_increasing
