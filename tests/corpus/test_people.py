"""One speaker resolver (analysis.corpus.people): ids, names and aliases; unknown names say what is known."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.corpus.people import People, resolve_speaker


@pytest.mark.parametrize("name", ["geoffrey-hinton", "Hinton", "Geoffrey Hinton", "geoffrey hinton", "辛顿", "杰弗里·辛顿"])
def test_every_name_of_hinton_resolves(corpus, name):
    assert resolve_speaker(name, corpus) == "geoffrey-hinton"


def test_an_unknown_name_names_the_closest_and_the_known_speakers(corpus):
    with pytest.raises(ValueError, match=r"closest: '何凯明' \(kaiming-he\).*Known speakers: .*liwei-wang \(王立威"):
        resolve_speaker("何凯铭", corpus)
    with pytest.raises(TypeError, match="a speaker is a name or an id"):
        resolve_speaker(3, corpus)


def test_a_name_two_speakers_share_is_an_error_naming_both():
    people = People.from_tables(pd.DataFrame({"speaker": ["a-li", "b-li"], "name_zh": ["李一", "李二"],
                                              "name_en": ["Li", "Li"], "aliases": ["", ""]}))  # fmt: skip
    with pytest.raises(ValueError, match="several speakers: a-li, b-li"):
        people.resolve("Li")


def test_a_new_guest_answers_to_the_names_sources_csv_gives_him():
    speakers = pd.DataFrame({"speaker": ["jensen-huang"], "name_zh": [None], "name_en": ["Jensen Huang"], "aliases": [""]})
    documents = pd.DataFrame({"doc_id": ["d"], "interviewee": ["黄仁勋 Jensen Huang (NVIDIA CEO)"], "interviewer": ["Q"],
                              "outlet": ["x"], "title": ["t"]})  # fmt: skip
    people = People.from_tables(speakers, documents)
    assert [people.resolve(n) for n in ("黄仁勋", "Jensen", "huang")] == ["jensen-huang"] * 3


def test_keyness_one_vs_rest_takes_names_and_says_which_columns_exist():
    counts = pd.DataFrame({"kaiming-he": [5, 1], "liwei-wang": [1, 5]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
    assert set(analysis.keyness_one_vs_rest(counts, speakers=["何恺明"]).speaker) == {"kaiming-he"}
    with pytest.raises(ValueError, match=r"not among the columns of counts: \['kaiming-he', 'liwei-wang'\]"):
        analysis.keyness_one_vs_rest(counts, speakers=["辛顿"])
    with pytest.raises(TypeError, match="count matrix"):
        analysis.keyness_one_vs_rest(counts.to_dict())


def test_coverage_of_assigned_pairs_says_what_to_pass():
    assigned = pd.DataFrame({"speaker": ["a"], "theme": ["x"], "text": ["句子"]})
    with pytest.raises(TypeError, match=r"call coverage\(\) for the project's"):
        analysis.coverage(assigned)


def test_corpus_repr_is_short_and_completes(corpus):
    assert len(repr(corpus)) < 2000 and "turns" in repr(corpus) and "geoffrey-hinton" in repr(corpus)
    assert "<table>" in corpus._repr_html_()
    assert {"documents", "lines", "turns", "sentences", "speakers", "save"} <= set(dir(corpus))
    with pytest.raises(AttributeError, match="a Corpus has the tables"):
        _ = corpus.turn


def _doc(interviewee: str, interviewer: str, outlet: str = "x"):
    from analysis.corpus.roles import DocumentSpeakers
    from analysis.corpus.speakers import Registry

    return DocumentSpeakers.from_meta({"doc_id": "d", "interviewee": interviewee, "interviewer": interviewer,
                                       "outlet": outlet}, Registry.load())  # fmt: skip


@pytest.mark.parametrize(("interviewee", "label", "expected"), [
    ("张璐 (Fusion Fund 创始合伙人)", "张璐", "zhang-lu"),
    ("杨植麟 (月之暗面), 姜大昕 (阶跃星辰)", "姜大昕", "jiang-daxin"),
    ("黄仁勋 Jensen Huang (NVIDIA CEO)", "黄仁勋", "jensen-huang"),
    ("奥特曼", "奥特曼", "sam-altman"),
    ("Sam Altman (OpenAI)", "Altman", "sam-altman"),
    ("埃隆·马斯克 (特斯拉)", "埃隆·马斯克", "elon-musk"),
    ("黄仁勋", "黄仁勋", "jensen-huang"),
])  # fmt: skip
def test_a_new_person_gets_a_readable_ascii_id_the_same_in_every_article(interviewee, label, expected):
    assert _doc(interviewee, "Q").resolve(label)[:2] == (expected, "guest")


def test_an_interviewer_named_after_the_outlet_is_the_outlet():
    doc = _doc("方汉 (昆仑万维)", "晚点 (文: 王与桐)", "晚点LatePost (Cubox clip 2024-Q2)")
    assert {p.speaker for p in doc.people if p.role == "host"} == {"latepost"}
    assert doc.resolve("晚点")[:2] == ("latepost", "host")


def test_a_misspelled_full_latin_label_is_the_person_sources_csv_names():
    doc = _doc("Satya Nadella (Microsoft CEO)", "David Sacks (ASR spelling David Saxs)")
    assert doc.resolve("David Saxs")[:2] == ("david-sacks", "host")
    assert doc.resolve("David Smith") is None


def test_display_names_of_a_new_person_come_from_sources_csv(tmp_path):
    from tests.conftest import write_corpus

    article = "主持人:您好。\n\n张璐:我认为开源很重要,这是第一点。\n\n主持人:为什么?\n\n张璐:因为生态会更好,这是第二点。\n"
    raw = write_corpus(tmp_path / "raw", {"a.txt": article},
                       [{"source_file": "a.txt", "doc_id": "a", "title": "标题", "outlet": "测试", "published": "",
                         "url": "", "interviewee": "张璐 (Fusion Fund)", "interviewer": "主持人"}])  # fmt: skip
    corpus = analysis.load_corpus(raw)
    row = corpus.speakers.set_index("speaker").loc["zhang-lu"]
    assert row.name_zh == "张璐" and "张璐" in row.aliases and not row.registered
    assert resolve_speaker("张璐", corpus) == "zhang-lu"


def test_one_person_has_one_id_across_articles_that_name_him_differently(tmp_path):
    from tests.conftest import write_corpus

    def article(host: str) -> str:
        return "".join(f"{host}:第{i}个问题是什么?\n\n田渊栋:我认为这个问题要从数据和算力两个方面来看。\n\n" for i in range(3))

    row = {"title": "标题", "published": "", "url": "", "interviewee": "田渊栋"}
    raw = write_corpus(tmp_path / "raw", {"a.txt": article("课代表立正"), "b.txt": article("课代表")}, [
        {"source_file": "a.txt", "doc_id": "a", "outlet": "课代表立正", "interviewer": "课代表立正 (播客主持人)", **row},
        {"source_file": "b.txt", "doc_id": "b", "outlet": "课代表立正 (YouTube)", "interviewer": "课代表 (主持人)", **row},
    ])  # fmt: skip
    corpus = analysis.load_corpus(raw)
    hosts = corpus.turns[corpus.turns.role == "host"].groupby("doc_id").speaker.unique().map(list).to_dict()
    assert hosts == {"a": ["ke-daibiao"], "b": ["ke-daibiao"]}
    assert set(corpus.turns.speaker) <= set(corpus.speakers.speaker)
    assert "ke-dai-biao-li-zheng" not in set(corpus.speakers.speaker) | set(corpus.sentences.speaker)
    assert resolve_speaker("课代表立正", corpus) == resolve_speaker("课代表", corpus) == "ke-daibiao"


def test_a_generic_label_is_never_a_display_name():
    from analysis.corpus.build import _new_speaker

    turns = pd.DataFrame({"speaker_raw": ["主持人", "David Saxs"], "role": ["host", "host"]})
    row = _new_speaker("david-sacks", turns, ["David Sacks"])
    assert (row["name_zh"], row["name_en"]) == (None, "David Sacks") and "主持人" in row["aliases"]


def _two_articles(tmp_path, articles: dict[str, str], rows: list[dict[str, str]]):
    from tests.conftest import write_corpus

    base = {"title": "标题", "published": "", "url": "", "outlet": "测试"}
    files = {f"{doc}.txt": text for doc, text in articles.items()}
    return analysis.load_corpus(write_corpus(tmp_path / "raw", files, [
        {**base, "source_file": f"{r['doc_id']}.txt", **r} for r in rows]))  # fmt: skip


def test_a_person_named_in_chinese_in_one_article_and_in_latin_in_another_has_one_id(tmp_path):
    def article(label: str) -> str:
        return "".join(f"主持人:第{i}个问题是什么?\n\n{label}:我认为算力和数据都重要,这是我的看法。\n\n" for i in range(3))

    corpus = _two_articles(tmp_path, {"a": article("黄仁勋"), "b": article("Jensen Huang")},
                           [{"doc_id": "a", "interviewee": "黄仁勋", "interviewer": "主持人"},
                            {"doc_id": "b", "interviewee": "Jensen Huang", "interviewer": "主持人"}])  # fmt: skip
    guests = corpus.turns[corpus.turns.role == "guest"].groupby("doc_id").speaker.unique().map(list).to_dict()
    assert guests == {"a": ["jensen-huang"], "b": ["jensen-huang"]}
    row = corpus.speakers.set_index("speaker").loc["jensen-huang"]
    assert (row.name_zh, row.name_en) == ("黄仁勋", "Jensen Huang")


def test_a_role_word_before_a_latin_name_is_a_label_and_a_contradicting_one_decides():
    from analysis.corpus.labels import LabelFinder
    from analysis.corpus.speakers import Registry

    finder = LabelFinder(Registry.load(), _doc("Mark Zuckerberg (Meta CEO)", "Dwarkesh Patel"))
    assert finder.at_start("主持人 Dwarkesh Patel:Mark,欢迎来到播客。").speaker == "dwarkesh-patel"
    slip = finder.at_start("主持人 Zuckerberg:有没有什么项目?")
    assert (slip.speaker, slip.role) == ("dwarkesh-patel", "host") and "the role word decides" in slip.how
    assert finder.at_start("Mark Zuckerberg:谢谢邀请。").speaker == "mark-zuckerberg"


def test_a_generic_label_is_a_named_interviewer_only_when_it_can_only_be_him():
    doc = _doc("Satya Nadella (Microsoft CEO)", "David Sacks; 主持人 (intro only)")
    assert doc.resolve("主持人")[:2] == ("d-host", "host")
    assert doc.resolve("David Sacks")[:2] == ("david-sacks", "host")
    assert _doc("Satya Nadella", "David Sacks").resolve("主持人")[:2] == ("david-sacks", "host")
    several = _doc("Elon Musk", "Jason Calacanis; David Sacks").resolve("Host")
    assert several[:2] == ("d-host", "host") and "the page does not say which" in several[2]


def test_display_names_are_the_fullest_bare_names_and_unnamed_hosts_say_their_outlet(tmp_path):
    from analysis.corpus.build import _new_speaker

    turns = pd.DataFrame({"speaker_raw": ["埃隆", "埃隆·马斯克", "马斯克", "主持人 Musk"], "role": "guest"})
    row = _new_speaker("elon-musk", turns, [])
    assert (row["name_zh"], row["name_en"]) == ("埃隆·马斯克", "Musk")
    assert _new_speaker("elon-musk", turns, ["Elon Musk"])["name_en"] == "Elon Musk"
    bracketed = pd.DataFrame({"speaker_raw": ["[徐老师]"], "role": "guest"})
    assert _new_speaker("x", bracketed, [])["name_zh"] == "徐老师"
    article = "".join(f"主持人:第{i}个问题是什么?\n\n张璐:我认为开源很重要,这是第{i}点。\n\n" for i in range(3))
    corpus = _two_articles(tmp_path, {"a": article, "b": article.replace("开源", "生态")}, [
        {"doc_id": "a", "interviewee": "张璐", "interviewer": "主持人", "outlet": "WhynotTV Podcast (YouTube)"},
        {"doc_id": "b", "interviewee": "张璐", "interviewer": "主持人 (not named)", "outlet": "晚点聊"}])  # fmt: skip
    names = corpus.speakers.set_index("speaker").name_zh
    assert (names["a-host"], names["b-host"]) == ("主持人 (WhynotTV)", "主持人 (晚点聊)")
    article = "".join(f"Host:第{i}个问题是什么?\n\nElon Musk:我认为开源很重要,这是第{i}点。\n\n" for i in range(3))
    panel = _two_articles(tmp_path / "panel", {"c": article}, [
        {"doc_id": "c", "interviewee": "Elon Musk", "interviewer": "Jason Calacanis; David Sacks", "outlet": "All-In Podcast"}])  # fmt: skip
    assert panel.speakers.set_index("speaker").name_en["c-host"] == "Host (All-In)"


def test_the_caveats_name_the_interviews_without_a_guest_turn_and_why():
    from analysis.corpus.readings import corpus_caveats

    docs = pd.DataFrame({"doc_id": ["a", "b"], "translated": [False, False]})
    turns = pd.DataFrame({"doc_id": ["a", "a", "b"], "speaker": ["x", "h", "narrator"], "role": ["guest", "host", "narrator"]})
    text = corpus_caveats(docs, turns)
    assert "1 of 2 interviews has no guest turn" in text and "b (no speaker label found: read entirely as narration)" in text
    assert "no guest turn" not in corpus_caveats(docs.iloc[:1], turns)


def test_identity_checks_flag_a_shared_name_a_person_in_both_roles_and_a_label_of_someone_else():
    from analysis.corpus.people import identity_checks

    speakers = pd.DataFrame({"speaker": ["zhang-san", "zhangsan-2", "dwarkesh-patel", "mark-zuckerberg", "x-host"],
                             "name_zh": ["张三", None, None, None, "主持人 (X)"],
                             "name_en": [None, None, "Dwarkesh Patel", "Mark Zuckerberg", None],
                             "aliases": ["张三", "张三|Zhang San", "Dwarkesh Patel|主持人 Zuckerberg", "", "主持人"]})  # fmt: skip
    turns = pd.DataFrame({"doc_id": ["a", "b", "a", "a", "c"],
                          "speaker": ["zhang-san", "zhang-san", "dwarkesh-patel", "dwarkesh-patel", "x-host"],
                          "speaker_raw": ["张三", "张三", "Dwarkesh Patel", "主持人 Zuckerberg", "主持人"],
                          "role": ["guest", "host", "host", "host", "host"]})  # fmt: skip
    checks = identity_checks(speakers, turns)
    assert checks.speakers.tolist() == ["zhang-san, zhangsan-2", "dwarkesh-patel", "zhang-san"]
    assert "'Zuckerberg', a name of mark-zuckerberg" in checks.evidence[1] and "guest in a; host in b" in checks.evidence[2]


def test_a_speaker_sources_csv_leaves_out_is_on_the_asking_side_when_every_named_guest_speaks(tmp_path):
    article = "".join(f"David Saxs:我想问你第{i}个问题,这件事你怎么看,为什么会这样呢。\n\n"
                      f"纳德拉:我认为这是一个长期的问题,需要很多年的投入,{'也需要耐心和资源。' * 3}\n\n" for i in range(4))  # fmt: skip
    corpus = _two_articles(tmp_path, {"a": article}, [{"doc_id": "a", "interviewee": "纳德拉", "interviewer": ""}])
    roles = corpus.turns.groupby("speaker_raw").role.unique().map(list).to_dict()
    assert roles == {"David Saxs": ["host"], "纳德拉": ["guest"]}


def test_a_list_bullet_before_a_label_is_part_of_its_form():
    from analysis.corpus.labels import LabelFinder
    from analysis.corpus.speakers import Registry

    finder = LabelFinder(Registry.load(), _doc("姚海波 (昆仲资本)", "网易科技 (采访: 杨霞清)", "网易科技《态度AGI》"))
    assert finder.at_start("·网易科技:2024年您哪个AI工具用得最多?").speaker == finder.at_start("网易科技:问题?").speaker
    assert finder.at_start("• 姚海波:丰收。").speaker == "yao-haibo"
