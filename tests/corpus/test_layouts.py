"""Every layout of issue 15, as small articles written in code: labels, markdown, speakers, roles."""

from __future__ import annotations

import re
import warnings

import pytest

import analysis
from tests.conftest import write_corpus

ANSWER = "我认为这个问题要从数据和算力两个方面来看,规模仍然是最重要的因素之一。"


def _load(tmp_path, text: str, name: str = "a.md", **row: str):
    meta = {"source_file": name, "doc_id": "a", "title": "一篇访谈", "outlet": "测试媒体", "published": "",
            "url": "", "interviewee": "张三", "interviewer": "李四"}
    meta.update(row)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = analysis.load_corpus(write_corpus(tmp_path, {name: text}, [meta]))
    return corpus, [str(w.message) for w in caught]


def _spoken(corpus):
    turns = corpus.turns
    return [(t.speaker, t.role, t.text) for t in turns[turns.role != "narrator"].itertuples()]


@pytest.mark.parametrize(
    "label",
    ["**张三：**", "**张三**：", "**张三**:", "**张三** ：", "张三：", "张三:", "##### **张三：** ", "张三(某公司创始人):",
     "嘉宾 张三:"],
)
def test_markdown_label_forms(tmp_path, label):
    text = f"**李四：**您怎么看?\n\n{label}{ANSWER}\n\n**李四**:还有呢?\n\n{label}{ANSWER}\n"
    corpus, _ = _load(tmp_path, text)
    assert [(s, r) for s, r, _ in _spoken(corpus)] == [("li-si", "host"), ("zhang-san", "guest")] * 2
    assert all("*" not in t and "#" not in t for _, _, t in _spoken(corpus))
    assert corpus.turns.raw_text.str.contains("**", regex=False).any()


def test_question_inside_one_bold_span_and_label_with_timestamp(tmp_path):
    text = f"**Q：您怎么看规模?**\n\n**Zhang San  (00:01:22)**：{ANSWER}\n\n**Q：还有呢?**\n\n**张三 [00:02:10]**:{ANSWER}\n"
    corpus, _ = _load(tmp_path, text, interviewee="张三 Zhang San")
    assert _spoken(corpus) == [("li-si", "host", "您怎么看规模?"), ("zhang-san", "guest", ANSWER)] * 1 + [
        ("li-si", "host", "还有呢?"), ("zhang-san", "guest", ANSWER)]


def test_bold_name_alone_and_name_with_colon_alone_open_turns(tmp_path):
    text = f"**李四**\n\n您怎么看?\n\n**张三**\n\n{ANSWER}\n\n第二段。\n\n**李四**\n\n还有呢?\n\n张三:\n\n{ANSWER}\n"
    corpus, _ = _load(tmp_path, text)
    assert [s for s, _, _ in _spoken(corpus)] == ["li-si", "zhang-san", "li-si", "zhang-san"]
    assert _spoken(corpus)[1][2] == f"{ANSWER} 第二段。"


def test_front_matter_images_rules_details_bom_nbsp_and_no_final_newline(tmp_path):
    text = ("---\ntitle: \"一篇访谈\"\ntags:\n  - ai\n---\n\n![图片](https://x.y/a.png)\n\n标题\n=====\n\n"
            f"*以下是采访全文：*\n\n<details>\n<summary>Original</summary>\n\n李四:您\ufeff怎么看?\n\n</details>\n\n"
            f"张三:{ANSWER[:10]}\xa0{ANSWER[10:]}")
    corpus, _ = _load(tmp_path, text)
    kinds = dict(zip(corpus.lines.line_no, corpus.lines.kind, strict=True))
    assert {kinds[i] for i in range(1, 6)} == {"frontmatter"} and kinds[7] == "image"
    assert kinds[10] == "markup" and kinds[14] == "markup" and kinds[15] == "markup"
    assert [s for s, _, _ in _spoken(corpus)] == ["li-si", "zhang-san"]
    assert "\ufeff" not in "".join(corpus.turns.text) and "\xa0" not in "".join(corpus.turns.text)
    assert len(corpus.lines) == len(text.splitlines())


def test_whole_turns_written_as_headings(tmp_path):
    text = ("##### 1. 观点一:规模很重要。\n\n##### 2. 观点二:数据也很重要。\n\n以下为实录:\n\n"
            f"##### **李四：** 您怎么看?\n\n##### **张三：** {ANSWER}\n\n##### {ANSWER}\n\n###### **李四：** 还有呢?\n\n"
            f"##### **张三：** {ANSWER}\n")
    corpus, _ = _load(tmp_path, text)
    spoken = _spoken(corpus)
    assert [s for s, _, _ in spoken] == ["li-si", "zhang-san", "li-si", "zhang-san"]
    assert spoken[1][2] == f"{ANSWER} {ANSWER}"


@pytest.mark.parametrize(
    ("labels", "row", "guest", "host"),
    [
        (("马斯克", "主持人"), {"interviewee": "Elon Musk", "interviewer": ""}, "elon-musk", "a-host"),
        (("Jiaming", "Q"), {"interviewee": "Jiaming Song", "interviewer": "某播客"}, "jiaming-song", "mou-boke"),
        (("A", "晚点"), {"interviewee": "王五", "interviewer": "", "outlet": "晚点LatePost"}, "wang-wu", "latepost"),
        (("张三", "《远光灯》"), {"outlet": "远光灯 podcast"}, "zhang-san", "yuan-guang-deng"),
        (("张三", "腾讯新闻"), {"outlet": "腾讯新闻 qq.com"}, "zhang-san", "teng-xun-xin-wen"),
        (("Speaker 1", "Speaker 0"), {}, "zhang-san", "li-si"),
    ],
)
def test_aliases_first_names_outlets_generic_and_numbered_labels(tmp_path, labels, row, guest, host):
    answerer, asker = labels
    title = "埃隆·马斯克访谈" if answerer == "马斯克" else "一篇访谈"
    text = "\n\n".join(f"{asker}:第{i}个问题是什么?\n\n{answerer}:{ANSWER}" for i in range(3)) + "\n"
    corpus, messages = _load(tmp_path, text, title=title, **row)
    assert [(s, r) for s, r, _ in _spoken(corpus)] == [(host, "host"), (guest, "guest")] * 3
    assert any(m.startswith(f"a: speaker {guest!r}") and "has role guest" in m for m in messages)


def test_typo_of_a_label_joins_its_speaker(tmp_path):
    text = "\n\n".join(["主持人:问题?", f"埃隆:{ANSWER}"] * 3 + ["主持人:问题?", f"挨隆:{ANSWER}"]) + "\n"
    corpus, messages = _load(tmp_path, text, interviewee="Elon Musk", interviewer="主持人")
    assert set(corpus.turns[corpus.turns.role == "guest"].speaker) == {"elon-musk"}
    assert any("'挨隆' read as '埃隆'" in m for m in messages)


def test_panel_with_one_moderator_and_three_guests(tmp_path):
    guests = ["杨植麟", "姜大昕", "朱军"]
    text = "\n\n".join(f"**张鹏：**{g}怎么看?\n\n**{g}**：{ANSWER}" for g in guests * 2) + "\n"
    corpus, _ = _load(tmp_path, text, interviewee="杨植麟 (月之暗面), 姜大昕 (阶跃星辰), 朱军 (清华)",
                      interviewer="张鹏 (极客公园, moderator)")
    spoken = _spoken(corpus)
    assert {s for s, r, _ in spoken if r == "guest"} == {"yang-zhilin", "jiang-daxin", "zhu-jun"}  # pinyin of the names
    assert {s for s, r, _ in spoken if r == "host"} == {"zhang-peng"}


def test_q_means_the_audience_only_where_sources_csv_says_so(tmp_path):
    text = f"Q:问题?\n\n张三:{ANSWER}\n\nQ:问题二?\n\n张三:{ANSWER}\n"
    lecture, _ = _load(tmp_path / "1", text, interviewer="Q (audience)")
    podcast, _ = _load(tmp_path / "2", text, interviewer="晚点聊 LateTalk host")
    assert set(lecture.turns[lecture.turns.speaker_raw == "Q"].role) == {"audience"}
    assert set(podcast.turns[podcast.turns.speaker_raw == "Q"].role) == {"host"}


def test_roles_inferred_from_the_dialogue_when_nothing_names_the_labels(tmp_path):
    text = "\n\n".join(f"Lex Fridman:为什么会这样?\n\nIlya:{ANSWER}" for _ in range(3)) + "\n"
    corpus, messages = _load(tmp_path, text, interviewee="", interviewer="")
    assert any(re.match(r"a: speaker 'unregistered-ilya' .* has role guest: role inferred", m) for m in messages)
    roles = dict(zip(corpus.turns.speaker, corpus.turns.role, strict=False))
    assert roles["unregistered-ilya"] == "guest" and roles["unregistered-lex-fridman"] == "host"


def test_bilingual_transcript_keeps_the_chinese_turn_once(tmp_path):
    pair = ("**黄仁勋**: 我们的工作是做尽可能多必要的事。\n\n<details>\n<summary>Original English</summary>\n\n"
            "**Jensen Huang**: Our job is to do as much as necessary.\n\n</details>\n\n"
            "**Dwarkesh Patel**: 好的。\n\n<details>\n<summary>Original English</summary>\n\n"
            "**Dwarkesh Patel**: Okay.\n\n</details>\n\n")
    corpus, _ = _load(tmp_path, pair * 4, interviewee="黄仁勋 Jensen Huang", interviewer="Dwarkesh Patel")
    spoken = _spoken(corpus)
    assert [s for s, _, _ in spoken] == ["jensen-huang", "dwarkesh-patel"] * 4
    assert (corpus.lines.kind == "translation").sum() == 8


def test_subtitles_are_narration_with_timings_dropped(tmp_path):
    srt = "".join(f"{i}\n00:00:0{i},000 --> 00:00:0{i},900\n这是第{i}句字幕,没有说话人。\n\n" for i in range(1, 5))
    corpus, messages = _load(tmp_path, srt, name="a.srt")
    assert set(corpus.turns.speaker) == {"narrator"}
    timing = corpus.lines[corpus.lines.kind == "timing"]
    assert len(timing) == 8 and timing.drop_reason.str.contains("subtitle").all()
    assert any("no speaker labels" in m for m in messages)


@pytest.mark.parametrize(
    "line",
    ["题图来源：视觉中国", "嘉宾：张三,某公司创始人;王五,某基金合伙人", "视频链接:见文末", "**Founder Park**"],
)
def test_pseudo_labels_are_not_speakers(tmp_path, line):
    text = f"{line}\n\n来自极客公园,专注与科技创业者聊真问题。\n\n李四:问题?\n\n张三:{ANSWER}\n\n李四:问题二?\n\n张三:{ANSWER}\n"
    corpus, messages = _load(tmp_path, text, outlet="Founder Park")
    assert set(corpus.turns.speaker) <= {"narrator", "li-si", "zhang-san"}
    assert not any("not in the registry" in m for m in messages)


def test_unresolved_line_initial_labels_are_announced_not_merged_silently(tmp_path):
    text = f"李四:问题?\n\n张三:{ANSWER}\n[主持人]: 下一个问题?\nC++: 这是一门语言。\n"
    corpus, messages = _load(tmp_path, text, interviewer="")
    assert any("'C++' (line 5)" in m for m in messages)
    assert any("'[主持人]'" in m for m in messages)  # read as a label, and the decision is announced
    assert "下一个问题" not in corpus.turns[corpus.turns.speaker == "zhang-san"].text.iloc[0]


def test_a_registry_first_name_does_not_capture_another_person_named_in_sources_csv(tmp_path):
    text = "\n\n".join(f"Andrew:为什么会这样?\n\n张三:{ANSWER}" for _ in range(3)) + "\n"
    corpus, _ = _load(tmp_path, text, interviewer="Andrew Huberman")
    assert set(corpus.turns[corpus.turns.speaker_raw == "Andrew"].speaker) == {"andrew-huberman"}
    corpus, _ = _load(tmp_path / "ng", text, interviewer="吴恩达 (Andrew Ng)")
    assert set(corpus.turns[corpus.turns.speaker_raw == "Andrew"].speaker) == {"andrew-ng"}


def test_latin_typo_joins_its_speaker(tmp_path):
    text = "\n\n".join(["Lex:问题?", f"Jensen Huang:{ANSWER}"] * 3 + ["Lex:问题?", f"Jenson Huang:{ANSWER}"]) + "\n"
    corpus, _ = _load(tmp_path, text, interviewee="黄仁勋 Jensen Huang", interviewer="Lex Fridman")
    assert set(corpus.turns[corpus.turns.role == "guest"].speaker) == {"jensen-huang"}


def test_a_moderator_label_is_not_the_audience_of_a_lecture(tmp_path):
    text = f"主持人:欢迎大家。\n\n张三:{ANSWER}\n\nQ:请问规模重要吗?\n\n张三:{ANSWER}\n"
    corpus, _ = _load(tmp_path, text, interviewer="Q (audience)")
    roles = dict(zip(corpus.turns.speaker_raw, corpus.turns.role, strict=False))
    assert roles["主持人"] == "host" and roles["Q"] == "audience" and roles["张三"] == "guest"
