"""The domain tokenizer: dictionary terms, English terms, names, filtering, determinism."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis.text.tokenizer as tk
from analysis.terms.keyness import term_counts, top_terms
from analysis.text.tokenizer import PARALLEL_MIN_TEXTS, english_terms, stopwords, tokenize, tokenize_many, user_words

DOMAIN_TERMS = [
    "大模型", "大语言模型", "语言模型", "自监督学习", "思维链", "反向传播", "玻尔兹曼机", "白盒模型", "黑盒模型",
    "世界模型", "强化学习", "快速权重", "残差学习", "蒸馏", "可解释性", "泛化", "过拟合", "神经网络",
]  # fmt: skip


@pytest.mark.parametrize("term", DOMAIN_TERMS)
def test_domain_term_is_one_token_in_context(term):
    assert tokenize(f"我们今天讨论{term}的问题") == ["讨论", term, "问题"]


def test_every_user_dictionary_word_survives_whole():
    assert len(user_words()) >= 50
    assert [w for w in user_words() if tokenize(f"关于{w}的", drop_stopwords=False)[1:2] != [w]] == []


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("他讲了Scaling Law的事", "scaling law"),
        ("next-token prediction是核心", "next-token prediction"),
        ("关于AI for Science的问题", "ai for science"),
        ("GPT-4发布了", "gpt-4"),
        ("GPT-3.5和", "gpt-3.5"),
        ("AlphaGo下棋", "alphago"),
        ("CS231n这门课", "cs231n"),
        ("ImageNet数据集", "imagenet"),
        ("Transformer架构", "transformer"),
    ],
)
def test_english_terms_kept_whole_and_case_folded(text, token):
    assert token in tokenize(text)


def test_english_term_list_is_deduplicated_longest_first():
    terms = english_terms()
    assert len({t.casefold() for t in terms}) == len(terms)
    assert [len(t) for t in terms] == sorted((len(t) for t in terms), reverse=True)


def test_dotted_names_kept_whole_with_one_dot():
    assert "冯·诺依曼" in tokenize("我还读了冯・诺依曼(计算机之父)的书")
    assert "冯·诺依曼" in tokenize("冯·诺依曼和图灵")


def test_numbers_punctuation_and_single_letters_dropped():
    tokens = tokenize("13万亿个Token,第一次20瓦;x和y。3.5%!")
    assert tokens == ["token", "瓦"]


def test_stopwords_and_fillers_dropped_unless_asked():
    text = "其实就是这个,我认为可能非常重要,一个模型"
    assert tokenize(text) == ["重要", "模型"]
    assert "其实" in tokenize(text, drop_stopwords=False)
    assert {"其实", "就是", "这个", "我认为", "可能", "非常", "一个"} <= stopwords()


def test_deterministic_and_parallel_identical():
    texts = ["大模型的泛化能力与过拟合,Scaling Law。", "辛顿讲反向传播和玻尔兹曼机"] * (PARALLEL_MIN_TEXTS // 2 + 1)
    serial = tokenize_many(texts, n_jobs=1)
    assert serial == tokenize_many(texts, n_jobs=2)
    assert serial == [tokenize(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"大模型的泛化能力说 \t\r\n\u3000,。!?", "GPT-4", "Scaling Law", "思维链"]), max_size=40))
def test_memoized_cut_is_exactly_jieba(parts):
    text = "".join(parts)
    assert tk._cut(text) == tk._segmenter().lcut(text, HMM=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"冯诺依曼和大模型 ·・AIai2.0-", *tk.english_terms()]), max_size=30))
def test_guarded_protected_spans_match_the_plain_pattern(parts):
    """The one-character guards in the protected-span regex only skip positions, never change a match."""
    terms = "|".join(tk._term_regex(t) for t in tk.english_terms())
    plain = re.compile(rf"(?P<term>{terms})|(?P<name>{tk._DOTTED_NAME})|(?P<latin>{tk._LATIN_WORD})", re.IGNORECASE)
    text = "".join(parts)
    spans = [(m.span(), m.lastgroup) for m in tk._protected().finditer(text)]
    assert spans == [(m.span(), m.lastgroup) for m in plain.finditer(text)]


def test_joined_texts_tokenize_as_their_parts():
    """BERTopic's c-TF-IDF joins chunks with spaces; the memoized pieces must not change the counts."""
    parts = ["我认为大语言模型的泛化很重要。", "辛顿讲反向传播,", "思维链其实是推理。"]
    assert tokenize(" ".join(parts)) == [token for part in parts for token in tokenize(part)]


def test_empty_and_missing_text():
    assert tokenize("") == []
    assert tokenize_many([]) == []


def test_stopwords_never_reach_top_terms(corpus):
    turns = corpus.turns
    counts = term_counts(turns[turns.role == "guest"])
    top = top_terms(counts, n=50)
    assert not set(top.term) & stopwords()
    assert not top.term.str.fullmatch(r"[\d\W_]+").any()


def test_restored_yubei_chen_article_yields_domain_tokens(corpus):
    turns = corpus.turns
    tokens = {t for text in turns[turns.doc_id == "yubei-chen-guigu101"].text for t in tokenize(text)}
    assert {"大模型", "语言模型"} <= tokens
    assert not {"大模子", "模子"} & tokens


@pytest.mark.parametrize(
    "text",
    ["我认为大语言模型的Scaling Law和GPT-4其实非常重要", "冯・诺依曼和图灵", "数据集 和  数据,13个", "AI for Science 的问题"],
)
def test_token_spans_cover_the_text_in_order_and_agree_with_tokenize(text):
    spans = tk.token_spans(text)
    assert all(a < b for a, b in spans) and all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
    # only whitespace lies between the spans
    gaps = [text[b1:a2] for (_, b1), (a2, _) in zip([(0, 0), *spans], [*spans, (len(text), len(text))], strict=True)]
    assert all(not gap.strip() for gap in gaps)
    pieces = [" ".join(text[a:b].split()).casefold().replace("・", "·") for a, b in spans]
    assert [p for p in pieces if p in tokenize(text)] == tokenize(text)
