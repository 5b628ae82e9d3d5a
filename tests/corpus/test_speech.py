"""Only the guest's words are counted (issue 27) and cleaning residue stays out of speech (issue 26).

Each phenomenon as a small article written in code, in the style of the real ones (held-out articles
check the same phenomena), plus the named cases of the five study articles.
"""

from __future__ import annotations

import io
import re
import warnings

import pytest

import analysis
from analysis.corpus.__main__ import summarise
from analysis.corpus.clean import classify
from tests.conftest import write_corpus

ANSWER = "我认为这个问题要从数据和算力两个方面来看,规模仍然是最重要的因素之一。"
EN = "I think you have to look at this from both data and compute, and scale is still one of the most important."


def _row(name: str = "a.md", **row: str) -> dict[str, str]:
    meta = {"source_file": name, "doc_id": "a", "title": "一篇访谈", "outlet": "测试媒体", "published": "",
            "url": "", "interviewee": "张三", "interviewer": "李四"}  # fmt: skip
    return {**meta, **row}


def _load(tmp_path, text: str, name: str = "a.md", **row: str):
    meta = _row(name, **row)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        return analysis.load_corpus(write_corpus(tmp_path, {name: text}, [meta]))


def _spoken(corpus) -> list[tuple[str, str, str]]:
    """(name as written in Chinese where the speaker has one, else the id, role, text) of each spoken turn."""
    names = corpus.speakers.set_index("speaker")["name_zh"].fillna("").to_dict()
    turns = corpus.turns
    return [(names.get(t.speaker) or t.speaker, t.role, t.text) for t in turns[turns.role != "narrator"].itertuples()]


def _guest_text(corpus) -> str:
    return " ".join(corpus.turns[corpus.turns.role == "guest"].text)


def test_a_label_in_corner_brackets_is_the_outlet_named_in_sources(tmp_path):
    text = "\n\n".join(f"**「暗涌」：第{i}个问题,你怎么看?**\n\n**梁文锋：**{ANSWER}" for i in range(3))
    corpus = _load(tmp_path, text, interviewee="梁文锋", interviewer="暗涌", outlet="36氪")
    assert [(s, r) for s, r, _ in _spoken(corpus)] == [("暗涌", "host"), ("梁文锋", "guest")] * 3
    assert "暗涌" not in _guest_text(corpus) and "你怎么看" not in _guest_text(corpus)


def test_a_bracketed_label_mid_line_opens_a_turn(tmp_path):
    text = "\n\n".join(f"「暗涌」:第{i}个问题?\n\n梁文锋:{ANSWER}「暗涌」:那么还有呢?" for i in range(3))
    corpus = _load(tmp_path, text, interviewee="梁文锋", interviewer="暗涌")
    assert [s for s, _, _ in _spoken(corpus)] == ["暗涌", "梁文锋", "暗涌"] * 3


def test_english_originals_in_details_blocks_are_translations_not_speech(tmp_path):
    block = '<details>\n<summary>View/Hide Original English</summary>\n<p class="english-text">{}</p>\n</details>'
    text = "\n\n".join(
        f"李四:第{i}个问题?\n\n{block.format('Li: question?')}\n\n张三:{ANSWER}\n\n{block.format('Zhang: ' + EN)}"
        for i in range(3)
    )
    corpus = _load(tmp_path, text)
    assert [(s, r) for s, r, _ in _spoken(corpus)] == [("李四", "host"), ("张三", "guest")] * 3
    assert not re.search(r"[A-Za-z]", _guest_text(corpus))
    english = corpus.lines[corpus.lines.raw_text.str.contains("english-text")]
    assert len(english) == 6 and set(english.kind) == {"translation"} and not english.kept.any()


def test_a_details_block_left_open_at_the_end_of_the_file_is_still_a_translation(tmp_path):
    text = f"李四:第一个问题?\n\n张三:{ANSWER}\n\n李四:我也是。\n\n<details>\n<summary>Original English</summary>\n\nLi: Me too.\n"
    corpus = _load(tmp_path, text)
    assert [(s, r) for s, r, _ in _spoken(corpus)] == [("李四", "host"), ("张三", "guest"), ("李四", "host")]
    assert "Me too" not in " ".join(corpus.turns.text)


def test_an_english_appendix_after_a_chinese_interview_is_not_a_second_guest(tmp_path):
    chinese = "\n\n".join(f"李四:第{i}个问题?\n\n张三:{ANSWER}" for i in range(4))
    english = "\n\n".join(f"Interviewer: Question {i}?\n\nZhang San: {EN}" for i in range(4))
    corpus = _load(tmp_path, f"{chinese}\n\n## English version\n\n{english}\n")
    assert {(s, r) for s, r, _ in _spoken(corpus)} == {("李四", "host"), ("张三", "guest")}
    appendix = corpus.lines[corpus.lines.raw_text.str.startswith(("Interviewer", "Zhang"))]
    assert set(appendix.kind) == {"translation"}


def test_an_english_passage_that_is_no_appendix_is_kept(tmp_path):
    chinese = "\n\n".join(f"李四:第{i}个问题?\n\n张三:{ANSWER}" for i in range(4))
    corpus = _load(tmp_path, f"{chinese}\n\n李四:Say it in English?\n\n张三:{EN}\n\n李四:谢谢。\n\n张三:{ANSWER}\n")
    assert EN in _guest_text(corpus)


def test_timestamps_and_label_echoes_stay_out_of_text(tmp_path):
    text = "\n\n".join(
        f"**[6:{10 + i}] 李四:** 第{i}个问题?\n\n张三 (00:0{i}:12)\n\n{ANSWER} [00:0{i}:40] {ANSWER}" for i in range(3)
    )
    corpus = _load(tmp_path, text)
    assert [(s, r) for s, r, _ in _spoken(corpus)] == [("李四", "host"), ("张三", "guest")] * 3
    assert not re.search(r"\d:\d\d|张三", " ".join(corpus.turns.text))


def test_a_quoted_label_inside_an_answer_does_not_open_a_turn(tmp_path):
    quoted = "那次面试他问我:“问:你为什么做这个?”我说因为有意思。"
    text = "\n\n".join(
        f"李四:第{i}个问题?\n\n张三:{ANSWER}{quoted}\n\n“问:你怎么回答{i}?”我就这么回答。" for i in range(3)
    )
    corpus = _load(tmp_path, text)
    spoken = _spoken(corpus)
    assert [s for s, _, _ in spoken] == ["李四", "张三"] * 3
    assert all(quoted in t and "我就这么回答" in t for s, _, t in spoken if s == "张三")


def test_numbered_generic_labels_and_narrators_do_not_become_guests(tmp_path):
    text = (
        "Speaker 2: 欢迎收听本期节目,今天我们请到了张三。\n\n"
        + "\n\n".join(f"Speaker 0:第{i}个问题是什么?\n\nSpeaker 1:{ANSWER}" for i in range(3))
        + f"\n\n旁白:{ANSWER}\n"
    )
    corpus = _load(tmp_path, text)
    roles = {(s, r) for s, r, _ in _spoken(corpus)}
    assert {s for s, r in roles if r == "guest"} == {"张三"}
    assert ("李四", "host") in roles
    assert ANSWER in " ".join(corpus.turns[corpus.turns.role == "narrator"].text)


def test_notes_stage_directions_and_glosses_leave_the_text_but_stay_in_the_ledger(tmp_path):
    answer = "我读了 Donald Hebb(加拿大心理学家)的书[笑],那台列表机(list machine)(注:一种早期计算机)很慢。"
    text = "\n\n".join(f"李四:第{i}个问题?\n\n张三:{answer}\n\n译者注:这里指的是 197{i} 年代。" for i in range(3))
    corpus = _load(tmp_path, text)
    guest = _guest_text(corpus)
    assert "我读了 Donald Hebb的书,那台列表机很慢。" in guest
    assert not re.search(r"加拿大|笑|list|注|197", guest)
    lines = corpus.lines
    line = lines[lines.raw_text.str.startswith("张三")].iloc[0]
    assert line.notes == "(加拿大心理学家) | [笑] | (list machine) | (注:一种早期计算机)"
    notes = lines[lines.raw_text.str.startswith("译者注")]
    assert set(notes.kind) == {"note"} and not notes.kept.any() and notes.notes.str.contains("197").all()


def test_a_label_with_a_note_keeps_its_note(tmp_path):
    corpus = _load(tmp_path, "\n\n".join(f"李四:问题{i}?\n\n张三(某公司创始人):{ANSWER}" for i in range(3)))
    assert [s for s, _, _ in _spoken(corpus)] == ["李四", "张三"] * 3


def test_a_figure_caption_with_its_link_is_not_speech(tmp_path):
    caption = "研究团队发现,深度比宽度更重要。地址:https://proceedings.mlr.press/v178/a.pdf"
    text = "\n\n".join(f"李四:第{i}个问题?\n\n张三:{ANSWER}\n\n{caption}" for i in range(2))
    corpus = _load(tmp_path, text)
    assert "研究团队" not in " ".join(corpus.turns.text)
    assert set(corpus.lines[corpus.lines.raw_text == caption].kind) == {"caption"}


def test_a_heading_listed_in_a_spun_table_of_contents_is_a_heading():
    raw = ["时间戳", "01:05 为什么如今的 AI 既聪明又屈曲", "06:25 数据还够用吗", "李四:您好。", f"张三:{ANSWER}",
           "为什么如今的 AI 既聪明又屈曲?", "李四:问题?"]  # fmt: skip
    restored = [line.replace("屈曲", "愚蠢") for line in raw]  # the table of contents is spun too
    lines = classify(restored, raw=raw)
    assert lines[5].kind == "heading"


@pytest.mark.parametrize(
    ("doc_id", "snippet"),
    [
        ("liwei-wang-jiqizhixin", "为什么如今的 AI 既聪明又愚蠢"),  # 002 line 31: a heading the timeline lists
        ("liwei-wang-jiqizhixin", "以色列魏茨曼科学研究所"),  # 002 line 123: a figure caption
        ("liwei-wang-jiqizhixin", "proceedings.mlr.press"),  # and its link
        ("geoffrey-hinton", "(加拿大心理学家"),  # a translator's gloss of a foreign name
        ("geoffrey-hinton", "(约 402 公里)"),  # and of a unit
    ],
)
def test_named_cases_of_the_study_articles_are_not_spoken(corpus, doc_id, snippet):
    turns = corpus.turns
    spoken = turns[(turns.doc_id == doc_id) | (turns.speaker == doc_id)]
    assert not spoken.text.str.contains(snippet, regex=False).any()


def test_a_transliterated_name_label_opens_the_named_guests_turns(tmp_path):
    text = "\n\n".join(f"**问：第{i}个问题,你怎么看?**\n\n埃隆·马斯克：{ANSWER}" for i in range(3))
    corpus = _load(tmp_path, text, interviewee="Elon Musk (特斯拉 CEO)", interviewer="特斯拉股东")
    musk = corpus.speakers.set_index("speaker").name_zh.get("elon-musk") or "elon-musk"
    assert [(s, r) for s, r, _ in _spoken(corpus)] == [("特斯拉股东", "host"), (musk, "guest")] * 3
    assert ANSWER not in " ".join(corpus.turns[corpus.turns.role == "host"].text)


def test_the_summary_reports_the_guests_share_latin_share_and_notes(tmp_path):
    text = "\n\n".join(f"李四:第{i}个问题?\n\n张三:{ANSWER}[笑]" for i in range(3))
    out = io.StringIO()
    assert summarise(write_corpus(tmp_path, {"a.md": text}, [_row()]), out) == 0
    assert "guests: 85% of the spoken text; Latin letters 0% of their letters; 3 line(s) with notes" in out.getvalue()


def test_a_name_glued_to_the_paragraph_before_its_turn_opens_the_turn(tmp_path):
    text = "\n\n".join(f"**李四**  \n第{i}个问题,请介绍一下你自己。**张三**  \n{ANSWER}" for i in range(3))
    corpus = _load(tmp_path, text)
    assert [(s, r) for s, r, _ in _spoken(corpus)] == [("李四", "host"), ("张三", "guest")] * 3
    assert ANSWER not in " ".join(corpus.turns[corpus.turns.role == "host"].text)
