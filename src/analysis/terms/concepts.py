"""Concept normalisation for counting: one term per concept, whatever the wording (``data/concepts.tsv``).

The stored text is never changed; only the tokens that the term statistics count are. Three
kinds of rule, all in the data file with a note on each choice:

* ``phrase``: a regex on the text, matched before the text is cut, whose every match becomes one
  token (预测下一个符号 and 预测下一个词 are both the concept 预测下一个词; 符号处理 is 符号主义 + 处理);
* ``token``: a token counted as another (大语言模型, 大型语言模型, LLM → 大模型);
* ``head``: a compound also credits its head (逻辑推理 is counted as 逻辑推理 and as 推理).

Examples:
    >>> concept_tokens("为了预测下一个符号,大型语言模型必须进行逻辑推理")
    ['预测下一个词', '大模型', '逻辑推理', '推理']
    >>> concept_tokens("LLMs 和 large language models 不是符号处理")
    ['大模型', '大模型', '符号主义', '处理']

"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis.config import DATA_DIR
from analysis.text.tokenizer import tokenize

CONCEPTS_PATH = DATA_DIR / "concepts.tsv"
KINDS = ("phrase", "token", "head")


@dataclass(frozen=True)
class Concepts:
    """The rules of a concepts file: one phrase regex, a token map, and the heads credited by compounds."""

    phrases: tuple[tuple[str, str], ...]  # (regex, concept), in file order
    tokens: dict[str, str]
    heads: tuple[tuple[str, str], ...]  # (head, concept)

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """All phrases as one alternation, one named group per phrase (the first that matches wins)."""
        if not self.phrases:
            return None
        return re.compile("|".join(f"(?P<p{i}>{regex})" for i, (regex, _) in enumerate(self.phrases)), re.IGNORECASE)


def read_concepts(path: Path = CONCEPTS_PATH) -> Concepts:
    """Parse a concepts file (see the header of ``data/concepts.tsv``); errors name the line to fix.

    Examples:
        >>> rules = read_concepts()
        >>> rules.tokens["大语言模型"], dict(rules.heads)["推理"]
        ('大模型', '推理')

    """
    phrases, tokens, heads = [], {}, []
    lines = path.read_text(encoding="utf-8").splitlines()
    for lineno, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
            continue
        fields = line.split("\t")
        if len(fields) < 3 or fields[0] not in KINDS or not fields[1] or not fields[2]:
            raise ValueError(
                f"{path.name}:{lineno}: expected 'kind<TAB>pattern<TAB>concept<TAB>note' with kind in {KINDS}"
            )
        kind, pattern, concept = fields[0], fields[1], fields[2].casefold()
        if kind == "phrase":
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{path.name}:{lineno}: bad phrase regex {pattern!r}: {exc}") from exc
            phrases.append((pattern, concept))
        elif kind == "token":
            tokens[pattern.casefold()] = concept
        else:
            heads.append((pattern.casefold(), concept))
    return Concepts(tuple(phrases), tokens, tuple(heads))


@cache
def _default() -> tuple[Concepts, re.Pattern[str] | None]:
    rules = read_concepts()
    return rules, rules.pattern


def _map(token: str, rules: Concepts) -> list[str]:
    term = rules.tokens.get(token, token)
    credits = [concept for head, concept in rules.heads if len(term) > len(head) and term.endswith(head)]
    return [term, *credits]


def concept_tokens(text: str, drop_stopwords: bool = True, rules: Concepts | None = None) -> list[str]:
    """Tokens of ``text`` for counting: :func:`~analysis.text.tokenizer.tokenize` with the concept rules applied.

    ``rules`` defaults to ``data/concepts.tsv``. A text no phrase matches is cut exactly as the
    tokenizer cuts it; one with matches is cut between them.

    Examples:
        >>> concept_tokens("从字面上理解,下一个token就是答案的第一个词")
        ['字面上', '理解', '下一个词', '答案', '词']

    """
    rules, pattern = _default() if rules is None else (rules, rules.pattern)
    text = unicodedata.normalize("NFKC", text or "")
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text) if pattern is not None else ():
        pieces += tokenize(text[position : match.start()], drop_stopwords)
        pieces.append(rules.phrases[int(match.lastgroup[1:])][1])
        position = match.end()
    pieces += tokenize(text[position:], drop_stopwords)
    return [term for token in pieces for term in _map(token, rules)]


def concept_tokens_many(texts: list[str], drop_stopwords: bool = True) -> list[list[str]]:
    """:func:`concept_tokens` of each text, in order."""
    return [concept_tokens(text, drop_stopwords) for text in texts]


def concept_of(term: str) -> str:
    """The concept a single term is counted as (the term itself when no rule maps it).

    Examples:
        >>> concept_of("LLM"), concept_of("大型语言模型"), concept_of("预测下一个符号"), concept_of("数据")
        ('大模型', '大模型', '预测下一个词', '数据')

    """
    terms = concept_tokens(term, drop_stopwords=False)
    return terms[0] if len(terms) == 1 else term.casefold()
