"""Domain tokenizer for the interviews: jieba plus an AI user dictionary, whole English terms and names.

A text is cut in three passes, left to right:

1. *protected spans* are found first and kept whole: the multi-word English and mixed terms of
   ``data/english_terms.txt`` (case-insensitive, longest first), Chinese names written with a
   middle dot (冯・诺依曼; every dot variant becomes ``·`` U+00B7, the standard 间隔号, so that
   spellings count together), and any other run of Latin letters and digits with inner ``- . +``
   (GPT-4, GPT-3.5, CS231n);
2. the text between them goes to a private ``jieba.Tokenizer`` (built once per process, never
   the global one) loaded with ``data/userdict.txt``;
3. tokens are filtered: Latin ones case-folded; punctuation, numbers (13, 3.5, 万亿, 两个, 第一次)
   and single Latin letters dropped; stopwords from ``data/stopwords.txt`` dropped unless asked
   to keep them.

Segmentation is deterministic, and :func:`tokenize_many` gives the same output in one process or
on any number of Dask workers (:mod:`analysis.engine`).

Examples:
    >>> tokenize("我认为大语言模型的Scaling Law和GPT-4其实非常重要")
    ['大语言模型', 'scaling law', 'gpt-4', '重要']
    >>> tokenize("冯・诺依曼和图灵")
    ['冯·诺依曼', '图灵']

"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

import jieba

from analysis.config import CACHE_DIR, DATA_DIR

USERDICT_PATH = DATA_DIR / "userdict.txt"
STOPWORDS_PATH = DATA_DIR / "stopwords.txt"
ENGLISH_TERMS_PATH = DATA_DIR / "english_terms.txt"

#: Middle-dot variants found between the parts of a transliterated name; all become ``NAME_DOT``.
DOTS = "·・•‧∙⋅"
NAME_DOT = "·"
#: Below this many texts, :func:`tokenize_many` stays in this process unless a Dask session is open
#: or workers are asked for (starting a cluster costs more than it saves).
PARALLEL_MIN_TEXTS = 50_000
#: Texts per Dask task.
TEXTS_PER_TASK = 2000
MEMO_SIZE = 1 << 16  # texts whose tokens stay memoized per process

_WHITESPACE = re.compile(r"(\s+)")
_HAN = "\u4e00-\u9fff"
_LATIN = "A-Za-zÀ-ÖØ-öø-ÿ"
_LATIN_WORD = rf"[{_LATIN}][{_LATIN}0-9]*(?:[-.+'][{_LATIN}0-9]+)*\+*"
_DOTTED_NAME = rf"[{_HAN}]+(?:[{DOTS}][{_HAN}]+)+"
_NUMERIC = re.compile(r"^第?[\d.,%零〇一二两三四五六七八九十百千万亿]+[个位年次种件条层倍岁天%]?$")
_HAS_WORD_CHAR = re.compile(rf"[{_HAN}{_LATIN}0-9]")


def read_word_list(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a data file, stripped, in file order.

    Examples:
        >>> "大模型" in read_word_list(USERDICT_PATH)
        True

    """
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@cache
def stopwords() -> frozenset[str]:
    """The stopword set (case-folded).

    Examples:
        >>> {"其实", "就是", "我认为", "the"} <= stopwords()
        True

    """
    return frozenset(word.casefold() for word in read_word_list(STOPWORDS_PATH))


@cache
def user_words() -> tuple[str, ...]:
    """Words of the jieba user dictionary (the first field of each line).

    Examples:
        >>> "可解释性" in user_words()
        True

    """
    return tuple(line.split()[0] for line in read_word_list(USERDICT_PATH))


@cache
def english_terms() -> tuple[str, ...]:
    """Protected multi-word and mixed terms, longest first, case-insensitive duplicates removed.

    Examples:
        >>> "AI for Science" in english_terms()
        True

    """
    unique = {term.casefold(): term for term in reversed(read_word_list(ENGLISH_TERMS_PATH))}
    return tuple(sorted(unique.values(), key=lambda t: (-len(t), t.casefold())))


@cache
def _segmenter() -> jieba.Tokenizer:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    segmenter.tmp_dir = str(CACHE_DIR / "jieba")
    (CACHE_DIR / "jieba").mkdir(parents=True, exist_ok=True)
    for line in read_word_list(USERDICT_PATH):
        word, *rest = line.split()
        freq = int(rest[0]) if rest and rest[0].isdigit() else None
        segmenter.add_word(word, freq)
    return segmenter


def _term_regex(term: str) -> str:
    body = r"\s+".join(re.escape(part) for part in term.split())
    return rf"(?<![{_LATIN}0-9]){body}(?![{_LATIN}0-9])"


@cache
def _protected() -> re.Pattern[str]:
    """Protected spans; each alternative first checks one character, so plain Han text is scanned fast.

    A term can only start at one of the terms' first characters; a dotted name only at the
    start of a Han run (a match inside a run would already have matched from the run's start).
    """
    terms = "|".join(_term_regex(t) for t in english_terms())
    firsts = re.escape("".join(sorted({t[0] for t in english_terms()})))
    name = rf"(?<![{_HAN}]){_DOTTED_NAME}"
    return re.compile(rf"(?P<term>(?=[{firsts}])(?:{terms}))|(?P<name>{name})|(?P<latin>{_LATIN_WORD})", re.IGNORECASE)


def _cut(text: str) -> list[str]:
    """``jieba.lcut(text)``, memoized per whitespace-separated piece.

    jieba segments every run of Han and Latin characters on its own, so cutting at whitespace
    first gives exactly its output for the whole text; the pieces repeat when BERTopic's
    c-TF-IDF joins a topic's chunks with spaces into one long document.
    """
    return [token for piece in _WHITESPACE.split(text) if piece for token in _cut_piece(piece)]


@lru_cache(maxsize=MEMO_SIZE)
def _cut_piece(piece: str) -> tuple[str, ...]:
    return tuple(_segmenter().lcut(piece, HMM=True))


def _split_name(span: str) -> list[str]:
    """Tokens of a dotted span: jieba decides where the name starts and ends inside Han runs."""
    parts = re.split(f"[{DOTS}]", span)
    left, right = _cut(parts[0]), _cut(parts[-1])
    name = NAME_DOT.join([left[-1], *parts[1:-1], right[0]])
    return [*left[:-1], name, *right[1:]]


def _raw_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    for match in _protected().finditer(text):
        tokens += _cut(text[position : match.start()])
        span = match.group()
        if match.lastgroup == "name":
            tokens += _split_name(span)
        else:
            tokens.append(" ".join(span.split()))
        position = match.end()
    return tokens + _cut(text[position:])


def _piece_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of jieba's tokens in ``text[start:end]`` (its tokens concatenate to each whitespace piece)."""
    spans: list[tuple[int, int]] = []
    position = start
    for piece in _WHITESPACE.split(text[start:end]):
        if piece and not piece.isspace():
            for token in _cut_piece(piece):
                spans.append((position, position + len(token)))
                position += len(token)
        else:
            position += len(piece)
    return spans


def token_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every token of ``text`` before filtering (stopwords, numbers, punctuation included).

    The same cut as :func:`tokenize` on text that NFKC leaves alone (full-width Latin, for one, is
    cut as written). Used to match terms on whole tokens (:mod:`analysis.terms.matching`).

    Examples:
        >>> text = "逻辑推理和Scaling Law"
        >>> [text[a:b] for a, b in token_spans(text)]
        ['逻辑推理', '和', 'Scaling Law']

    """
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _protected().finditer(text):
        spans += _piece_spans(text, position, match.start())
        start, end = match.span()
        if match.lastgroup == "name":
            parts = re.split(f"[{DOTS}]", match.group())
            left, right = _cut(parts[0]), _cut(parts[-1])
            inner_start, inner_end = start + sum(map(len, left[:-1])), end - sum(map(len, right[1:]))
            spans += [*_piece_spans(text, start, inner_start), (inner_start, inner_end)]
            spans += _piece_spans(text, inner_end, end)
        else:
            spans.append((start, end))
        position = end
    return spans + _piece_spans(text, position, len(text))


def _keep(token: str, drop_stopwords: bool) -> bool:
    if not _HAS_WORD_CHAR.search(token) or _NUMERIC.match(token):
        return False
    if len(token) == 1 and token.isascii():
        return False
    return not (drop_stopwords and token in stopwords())


def tokenize(text: str, drop_stopwords: bool = True) -> list[str]:
    """Cut ``text`` into domain-aware tokens (see the module docstring for the rules).

    Examples:
        >>> tokenize("白盒模型的可解释性与过拟合")
        ['白盒模型', '可解释性', '过拟合']
        >>> tokenize("AlphaGo用的是Transformer吗", drop_stopwords=False)
        ['alphago', '用', '的', '是', 'transformer', '吗']

    """
    return list(_tokens(text or "", drop_stopwords))


@lru_cache(maxsize=MEMO_SIZE)
def _tokens(text: str, drop_stopwords: bool) -> tuple[str, ...]:
    """Memoized: topic models re-tokenize the same chunks many times (vectorizer, c-TF-IDF, metrics)."""
    normalized = unicodedata.normalize("NFKC", text)
    tokens = (token.strip().casefold() for token in _raw_tokens(normalized))
    return tuple(token for token in tokens if _keep(token, drop_stopwords))


def tokenize_many(texts: Iterable[str], drop_stopwords: bool = True, n_jobs: int | None = None) -> list[list[str]]:
    """Tokenize many texts, on Dask workers when it pays; order and output never depend on it.

    ``n_jobs=1`` stays in this process; ``n_jobs=N`` uses a local cluster of ``N`` workers;
    ``None`` uses the open :func:`analysis.engine.session` if there is one, else Dask's default
    (:func:`analysis.engine.choose`) once there are at least ``PARALLEL_MIN_TEXTS`` texts.

    Examples:
        >>> tokenize_many(["大模型", "思维链"])
        [['大模型'], ['思维链']]

    """
    import analysis.engine as engine

    texts = list(texts)
    parallel = (engine.active() or len(texts) >= PARALLEL_MIN_TEXTS) if n_jobs is None else n_jobs > 1
    if not parallel:
        return [tokenize(text, drop_stopwords) for text in texts]
    import dask

    task = dask.delayed(_tokenize_all, pure=True)
    parts = [task(texts[i : i + TEXTS_PER_TASK], drop_stopwords) for i in range(0, len(texts), TEXTS_PER_TASK)]
    return [tokens for part in engine.run(parts, workers=n_jobs, n_items=len(texts)) for tokens in part]


def _tokenize_all(texts: list[str], drop_stopwords: bool) -> list[list[str]]:
    return [tokenize(text, drop_stopwords) for text in texts]
