"""Concept normalisation for counting: LLM variants, next-token prediction, symbolic AI, compound heads."""

from __future__ import annotations

import pytest

from analysis.terms.concepts import CONCEPTS_PATH, concept_of, concept_tokens, read_concepts
from analysis.text.tokenizer import tokenize


@pytest.mark.parametrize(
    "variant",
    ["大模型", "大语言模型", "大型语言模型", "大规模语言模型", "LLM", "LLMs", "llm", "large language model",
     "Large Language Models", "large-language-model"],
)  # fmt: skip
def test_every_llm_variant_is_one_concept(variant):
    assert concept_tokens(f"我们讨论{variant}的问题") == ["讨论", "大模型", "问题"]


def test_language_model_without_large_stays_apart():
    tokens = concept_tokens("字符级的语言模型")
    assert "语言模型" in tokens and "大模型" not in tokens


@pytest.mark.parametrize(
    "phrase",
    ["预测下一个符号", "预测下一个词", "预测下一个单词", "预测下一个token", "预测下一个 token", "预测 下一个词元",
     "next-token prediction", "predicting the next word", "predict the next symbol"],
)  # fmt: skip
def test_next_token_prediction_is_one_token_whatever_x(phrase):
    assert concept_tokens(f"为了{phrase},它必须理解") == ["预测下一个词", "理解"]


@pytest.mark.parametrize("phrase", ["下一个符号", "下一个词", "下一个单词", "下一个token"])
def test_the_next_symbol_without_predict_is_the_next_token(phrase):
    assert concept_tokens(f"答案的第一个词就是{phrase}") == ["答案", "词", "下一个词"]


def test_next_symbol_never_counts_as_symbol():
    text = "它将每个符号转换为嵌入,然后预测下一个符号的嵌入,预测下一个符号需要什么"
    assert concept_tokens(text).count("符号") == 1  # the first, a symbol of language, is left as it is
    assert concept_tokens(text).count("预测下一个词") == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人们曾认为符号处理只是匹配", ["符号主义", "处理"]),
        ("我们确实有符号推理", ["符号主义", "推理"]),
        ("认知只是进行符号操作", ["认知", "符号主义", "操作"]),
        ("符号主义和连接主义", ["符号主义", "连接主义"]),
        ("神经符号系统", ["神经符号", "系统"]),
    ],
)
def test_symbolic_ai_is_kept_apart_from_the_next_symbol(text, expected):
    assert [t for t in concept_tokens(text) if t in {"符号主义", "处理", "推理", "操作", "认知", "连接主义",
                                                      "神经符号", "系统"}] == expected  # fmt: skip
    assert "符号" not in concept_tokens(text) and "预测下一个词" not in concept_tokens(text)


@pytest.mark.parametrize("compound", ["逻辑推理", "数学推理", "类比推理"])
def test_a_reasoning_compound_also_credits_reasoning(compound):
    assert concept_tokens(f"数学家的{compound}能力") == ["数学家", compound, "推理", "能力"]


def test_reasoning_alone_is_counted_once():
    assert concept_tokens("推理和直觉") == ["推理", "直觉"]


def test_negated_interpretability_counts_as_interpretability():
    assert concept_tokens("黑盒模型的不可解释性") == ["黑盒模型", "可解释性"]


def test_concept_of_single_terms():
    assert concept_of("大型语言模型") == "大模型"
    assert concept_of("预测下一个符号") == "预测下一个词"
    assert concept_of("泛化") == "泛化"


@pytest.mark.parametrize("text", ["白盒模型的可解释性与过拟合,以及自监督学习", "Scaling Law 和 GPT-4"])
def test_text_without_any_rule_is_cut_like_the_tokenizer(text):
    assert concept_tokens(text) == tokenize(text)


def test_every_rule_has_a_note():
    rows = [line.split("\t") for line in CONCEPTS_PATH.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#") and not line.startswith("kind\t")]  # fmt: skip
    assert rows and all(len(row) == 4 and row[3].strip() for row in rows)


def test_a_bad_rule_names_its_line(tmp_path):
    path = tmp_path / "concepts.tsv"
    path.write_text("kind\tpattern\tconcept\tnote\nphrase\t(unclosed\tx\tnote\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"concepts.tsv:2"):
        read_concepts(path)
    path.write_text("synonym\ta\tb\tnote\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"concepts.tsv:1.*kind"):
        read_concepts(path)
