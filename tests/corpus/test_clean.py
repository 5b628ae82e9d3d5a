"""Cleaning rules generalize: chrome of the same kind in new wording, spam in a clean article."""

from __future__ import annotations

from analysis.config import RAW_DIR
from analysis.corpus.clean import bigram_reference, classify

SPAM = ("卤鹅文化周的火爆并不是偶然。众所周知,卤鹅是潮汕百姓餐桌上不可或缺的硬菜,潮州卤鹅尤以磷溪卤鹅闻名。"
        "对于潮州人来说,它既是美味,也是乡愁,是很多人对于家乡的活态记忆。")


def _kinds(lines, **kwargs):
    return {line.raw_text: line.kind for line in classify(lines, **kwargs)}


def test_chrome_in_new_wording_is_dropped():
    page = ["首页 新闻 科技 财经 体育 汽车", "1,024次阅读", "张三 发自 北京", "来源:新智元", "新智元标题",
            "Q:您怎么看数据?", "何恺明:数据很重要。", "扫码关注公众号,获取更多资讯", "相关阅读", "另一篇文章的标题"]
    kinds = _kinds(page, title="新智元标题")
    assert kinds["新智元标题"] == "title"
    assert [kinds[p] for p in page if kinds[p] in ("content", "heading")] == ["content", "content"]


def test_off_topic_paragraph_in_a_clean_article_is_spam():
    article = next(RAW_DIR.glob("000_*.txt")).read_text(encoding="utf-8").splitlines()
    lines = [*article[:60], SPAM, *article[60:]]
    corpus_lines = lines + [line for p in sorted(RAW_DIR.glob("00[34]_*.txt")) for line in p.read_text("utf-8").splitlines()]
    kinds = _kinds(lines, title="何恺明做科研也emo!最新QA完整版在此", reference=bigram_reference(corpus_lines))
    assert kinds[SPAM] == "spam"
    assert sum(kind == "spam" for kind in kinds.values()) == 1


def test_unspun_paragraph_in_a_spun_article_is_spam():
    prose = "咱们认为东谈主工智能的使命旨趣很伏击,大模子的讲话技艺也很伏击,咱们作念了好多实验来领会它的使命相貌。" * 2
    lines = [prose] * 6 + [SPAM]
    kinds = classify(lines, substitutions=[12] * 6 + [0])
    assert [line.kind for line in kinds] == ["content"] * 6 + ["spam"]
