"""Whole-token matching of terms and seed lists: 推理 is found in 推理能力 only when the tokenizer cuts it out.

A substring test finds 可解释 inside 不可解释性, 规模 inside 模型规模 and AI inside OpenAI, so a
seed list counts one word several times and words that merely contain a seed. Here a term matches
where its own tokens (:func:`analysis.text.tokenizer.token_spans`, case-folded) occur as a
contiguous run of the text's tokens: 数据 matches 数据 but not 数据集, 更多的数据 matches the three
tokens 更多/的/数据. A term the tokenizer keeps whole (逻辑推理) is therefore not a match for its
head (推理) unless ``concepts=True``: then a one-token seed also matches when its concept is
among the text's concept tokens (:mod:`analysis.terms.concepts`), so 推理 matches 逻辑推理 (a head
credit) and 大语言模型 matches LLM.

Examples:
    >>> token_runs("数据集里的数据和更多的数据", "数据")
    [(5, 7), (11, 13)]
    >>> whole_token_matches("OpenAI 的 AI 不可解释", ["AI", "可解释", "不可解释"])
    ['AI', '不可解释']

"""

from __future__ import annotations

from functools import cache

import numpy as np

from analysis.terms.concepts import concept_of, concept_tokens
from analysis.text.tokenizer import token_spans


def _folded(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    spans = token_spans(text)
    return spans, [" ".join(text[a:b].split()).casefold() for a, b in spans]


def token_runs(text: str, term: str) -> list[tuple[int, int]]:
    """Character spans of every whole-token occurrence of ``term`` in ``text``, left to right, not overlapping."""
    _, needle = _folded(term)
    if not needle:
        return []
    spans, tokens = _folded(text)
    runs, i, n = [], 0, len(needle)
    while i + n <= len(tokens):
        if tokens[i : i + n] == needle:
            runs.append((spans[i][0], spans[i + n - 1][1]))
            i += n
        else:
            i += 1
    return runs


@cache
def _needle(term: str) -> tuple[str, ...]:
    return tuple(_folded(term)[1])


@cache
def _concept(term: str) -> str:
    return concept_of(term)


def _contains(tokens: list[str], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return bool(n) and any(tuple(tokens[i : i + n]) == needle for i in range(len(tokens) - n + 1) if tokens[i] == needle[0])


def whole_token_matches(text: str, terms: list[str], concepts: bool = False) -> list[str]:
    """The ``terms`` that occur in ``text`` as whole tokens (or, with ``concepts``, as concepts), in the order given.

    The text is cut once, whatever the number of terms.

    Examples:
        >>> whole_token_matches("需要逻辑推理和LLM", ["推理", "大语言模型"], concepts=True)
        ['推理', '大语言模型']

    """
    tokens = _folded(text)[1]
    found = set(concept_tokens(text, drop_stopwords=False)) if concepts else set()
    return [term for term in terms if _contains(tokens, _needle(term)) or (concepts and _concept(term) in found)]


def seed_hits(texts: list[str], seed_lists: list[list[str]], concepts: bool = False) -> np.ndarray:
    """``texts × lists`` matrix: how many seeds of each list occur in each text as whole tokens.

    The whole-token counterpart of a substring count (e.g. ``analysis.viewpoints.themes.seed_hits``);
    ``concepts`` as in :func:`whole_token_matches`.

    Examples:
        >>> seed_hits(["模型规模和数据集", "数据"], [["规模", "模型规模", "数据"]]).tolist()
        [[1.0], [1.0]]
        >>> seed_hits(["强化学习"], [["化学"]]).tolist()
        [[0.0]]

    """
    flat = [seed for seeds in seed_lists for seed in seeds]
    owner = np.repeat(np.arange(len(seed_lists)), [len(seeds) for seeds in seed_lists])
    counts = np.zeros((len(texts), len(seed_lists)))
    for row, text in enumerate(texts):
        found = set(whole_token_matches(text, flat, concepts))
        np.add.at(counts[row], owner[[seed in found for seed in flat]], 1)
    return counts
