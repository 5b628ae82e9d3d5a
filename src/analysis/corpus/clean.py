"""Classify every raw line of an article: content or heading (kept), or dropped with a reason.

The rules describe what scraped article pages look like, not particular lines:

0. layout found by the reader (front matter, image lines, HTML tags, subtitle timings; see
   :mod:`analysis.corpus.readers`), passed in as ``layout``;
1. blank lines;
2. site chrome matched by the pattern families in ``data/boilerplate.tsv`` (counters, credits,
   navigation, breadcrumbs, ads and calls to action), link-only lines, and timestamped
   tables of contents;
3. the page header before the article title, and the footer after an end-of-article marker;
4. the title repeated as image captions, and any short line repeated three or more times;
5. ad copy sandwiched between two ad or navigation lines, and runs of navigation-like short
   lines;
6. injected spam: a long paragraph of a spun article in which nothing was substituted while
   the rest of the article is dense with substitutions (the spam was inserted after spinning;
   a Poisson test), or a paragraph that names no AI term, shares few character bigrams with
   the rest of the corpus and is an outlier (robust z-score) in its article's character
   TF-IDF space: all three at once, so an anecdote inside an interview survives;
7. headings: short unpunctuated lines that introduce dialogue (the next kept line opens with
   a speaker label, or is itself a heading), lines matching a table-of-contents entry, and
   short lines after which no dialogue follows. In an article whose sections are numbered
   (``01 …``, ``02 …``), unnumbered heading-like lines are figure captions;
8. in a bilingual transcript, the English repeat of each Chinese turn (``translation``, see
   :mod:`analysis.corpus.translations`);
9. translators' and editors' notes standing on their own line (``注:…``, ``译者注：…``: ``note``,
   see :mod:`analysis.corpus.notes`), and figure captions with their link (a short line ending in
   ``地址:https://…``, not opening dialogue: ``caption``).

A known speaker's name alone on its line (no colon) at least twice in the article is read as a
label (:meth:`analysis.corpus.labels.LabelFinder.mark_bare_labels`).

Examples:
    >>> lines = classify(["标题", "", "Q:你好吗?", "628次阅读"], title="标题")
    >>> [(line.kind, line.kept) for line in lines]
    [('title', False), ('blank', False), ('content', True), ('counter', False)]

"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import numpy as np

from analysis.config import DATA_DIR
from analysis.corpus.labels import LabelFinder
from analysis.corpus.notes import is_note_line
from analysis.corpus.speakers import Registry
from analysis.corpus.translations import mark_translations

KEPT_KINDS = ("content", "heading")
_TERMINAL_END = re.compile(r"[。?!？！…;；]\s*[」”』\"')）]*\s*$")
_LINK = re.compile(r"^\S{0,10}?[:：]?\s*(https?://|www\.)\S+$")
_TOC = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?\s+(?=\S)")
_NUMBERED = re.compile(r"^(0\d|[1-9]\d?[.、]|[一二三四五六七八九十]{1,3}[、.])\s*\S")
_COLON_SPLIT = re.compile(r"^[^:：]{2,30}[:：][^:：]+$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'-][A-Za-z0-9]+)*")
_SQUASH = re.compile(r"[\s\W_]+")
HEADING_MAX = 40
SPAM_MIN_CJK = 40
SPAM_P_VALUE = 0.001
SPAM_MIN_PARAGRAPHS = 8
SPAM_MAX_SHARED = 0.35
SPAM_MAX_Z = -2.0
DOMAIN_CORE = ("AI", "人工智能", "模型", "算法", "数据", "神经", "机器", "计算", "学习", "智能", "论文", "研究")
CAPTION_REPEATS = 3
#: a line not opening dialogue, at most this long before a link that ends it, is a caption
CAPTION_MAX = 80
_LINKED = re.compile(r"[:：]?\s*(https?://|www\.)\S+\s*$")


@dataclass
class Line:
    """One raw line and what cleaning decided about it."""

    line_no: int
    raw_text: str
    text: str
    kind: str = "content"
    drop_reason: str | None = None
    opens_dialogue: bool = False  # the line starts with a speaker label

    @property
    def kept(self) -> bool:
        """Whether the line survives cleaning."""
        return self.kind in KEPT_KINDS

    def drop(self, kind: str, reason: str) -> None:
        """Mark the line dropped, unless an earlier rule already did."""
        if self.kept:
            self.kind, self.drop_reason = kind, reason


@cache
def _patterns() -> list[tuple[str, re.Pattern[str], str]]:
    with (DATA_DIR / "boilerplate.tsv").open(encoding="utf-8", newline="") as fh:
        return [(r["kind"], re.compile(r["pattern"]), r["reason"]) for r in csv.DictReader(fh, delimiter="\t")]


def squash(text: str) -> str:
    """Text without spaces and punctuation, for comparing titles, captions and TOC entries."""
    return _SQUASH.sub("", text).casefold()


def visual_length(text: str) -> int:
    """Length in reading units: one per CJK character, one per Latin word or number."""
    return len(_CJK.findall(text)) + len(_WORD.findall(text))


def is_short_unpunctuated(text: str, limit: int = HEADING_MAX) -> bool:
    """A short line that does not end a sentence: the shape of headings and captions."""
    return 0 < visual_length(text) <= limit and not _TERMINAL_END.search(text)


def classify(
    texts: list[str],
    title: str = "",
    raw: list[str] | None = None,
    finder: LabelFinder | None = None,
    substitutions: list[int] | None = None,
    reference: Counter[str] | None = None,
    layout: list[tuple[str, str] | None] | None = None,
) -> list[Line]:
    """Classify normalized (and restored) line texts; ``raw`` keeps the original lines.

    Args:
        texts: the lines after normalization and restoration, one per raw line.
        title: the article title from ``sources.csv``.
        raw: the raw lines (defaults to ``texts``).
        finder: speaker-label finder (defaults to one on the bundled registry).
        substitutions: for a spun article, the number of substitutions restored in each line.
        reference: CJK bigram document frequencies over the corpus's lines (see
            :func:`bigram_reference`); enables the off-topic test.
        layout: per line, the ``(kind, reason)`` of a layout line the reader dropped, else None.

    """
    finder = finder or LabelFinder(Registry.load())
    texts = finder.mark_bare_labels(texts)
    lines = [Line(i + 1, r, t) for i, (r, t) in enumerate(zip(raw or texts, texts, strict=True))]
    for line, drop in zip(lines, layout or [None] * len(lines), strict=True):
        if drop:
            line.drop(*drop)
    for line in lines:
        _drop_by_pattern(line)
    _drop_toc_header(lines)
    _drop_header_footer(lines, title, finder)
    for line in lines:
        line.opens_dialogue = line.kept and finder.at_start(line.text) is not None
    _drop_captions(lines, title)
    _drop_sandwiched_ads(lines)
    _drop_spam(lines, substitutions, reference)
    _mark_headings(lines)
    mark_translations(lines)
    _drop_notes_and_linked_captions(lines)
    return lines


def _drop_notes_and_linked_captions(lines: list[Line]) -> None:
    for line in lines:
        if not line.kept:
            continue
        if is_note_line(line.text):
            line.drop("note", "translator's or editor's note (kept in the notes column, never speech)")
        elif (
            not line.opens_dialogue
            and (m := _LINKED.search(line.text))
            and visual_length(line.text[: m.start()]) <= CAPTION_MAX
        ):
            line.drop("caption", "figure caption or reference ending with its link (an editor's insertion)")


def _drop_by_pattern(line: Line) -> None:
    text = line.text
    if not text.strip():
        line.drop("blank", "blank line")
    elif _LINK.match(text):
        line.drop("link", "link-only line")
    elif _TOC.match(text):
        line.drop("toc", "timestamped table-of-contents entry")
    else:
        for kind, pattern, reason in _patterns():
            if pattern.search(text):
                line.drop(kind, reason)
                return


def _drop_toc_header(lines: list[Line]) -> None:
    """A very short line right above a table of contents is its header (目录, 时间戳)."""
    body = _nonblank(lines)
    for line, nxt in pairwise(body):
        if line.kept and nxt.kind == "toc" and len(line.text) <= 8:
            line.drop("toc", "table-of-contents header")


def _nonblank(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.kind != "blank"]


def _drop_header_footer(lines: list[Line], title: str, finder: LabelFinder) -> None:
    body = _nonblank(lines)
    key = squash(title)
    title_at = next((i for i, line in enumerate(body) if key and squash(line.text) == key), None)
    if title_at is not None and title_at < len(body) * 0.5:
        for line in body[:title_at]:
            line.drop("boilerplate", "site header before the article title")
        body[title_at].drop("title", "article title (kept in documents)")
    else:
        _drop_leading_chrome(body, finder)
    footer_at = next((i for i, line in enumerate(body) if line.kind == "footer"), None)
    if footer_at is None:
        return
    for line in body[footer_at + 1 :]:
        line.drop("boilerplate", "site footer after the end of the article")
    for line in reversed(body[:footer_at]):
        if line.kept and not is_short_unpunctuated(line.text):
            break
        line.drop("boilerplate", "site slogan just before the footer")


def _drop_leading_chrome(body: list[Line], finder: LabelFinder) -> None:
    """Without a title line: short lines before the first paragraph, label or markdown heading are page chrome."""
    for line in body:
        structure = line.raw_text.lstrip().startswith("#") or finder.at_start(line.text)
        if line.kept and (len(line.text) >= 40 or _TERMINAL_END.search(line.text) or structure):
            return
        line.drop("boilerplate", "site header before the first paragraph")


def _drop_captions(lines: list[Line], title: str) -> None:
    key = squash(title)
    counts = Counter(squash(line.text) for line in lines if line.text)
    for line in lines:
        k = squash(line.text)
        if not line.kept or not k or line.opens_dialogue:
            continue
        if key and (k == key or (len(k) >= 0.6 * len(key) and key.startswith(k))):
            line.drop("caption", "image caption repeating the title")
        elif counts[k] >= CAPTION_REPEATS and len(line.text) <= HEADING_MAX:
            line.drop("caption", f"line repeated {counts[k]} times (caption)")


def _drop_sandwiched_ads(lines: list[Line]) -> None:
    body = [line for line in lines if line.kind not in ("blank", "caption", "title")]
    chrome = {"ad", "nav", "footer"}
    for prev, line, nxt in zip(body, body[1:], body[2:], strict=False):
        if line.kept and prev.kind in chrome and nxt.kind in chrome:
            line.drop("ad", "promotional copy between ad lines")
    run: list[Line] = []
    for line in [*body, Line(0, "", "。")]:
        if line.kept and len(line.text) <= 12 and not _TERMINAL_END.search(line.text):
            run.append(line)
            continue
        if len(run) >= 5:
            for item in run:
                item.drop("nav", "run of navigation-like short lines")
        run = []


def _drop_spam(lines: list[Line], substitutions: list[int] | None, reference: Counter[str] | None) -> None:
    """Drop long paragraphs that do not belong to the article (see the module docstring)."""
    paragraphs = [line for line in lines if line.kept and len(_CJK.findall(line.text)) >= SPAM_MIN_CJK]
    if substitutions is not None:
        chars = sum(len(p.text) for p in paragraphs) or 1
        rate = sum(substitutions[p.line_no - 1] for p in paragraphs) / chars
        for p in paragraphs:
            expected = rate * len(p.text)
            # Poisson chance of no substitution at all where `expected` were due
            if substitutions[p.line_no - 1] == 0 and math.exp(-expected) < SPAM_P_VALUE:
                p.drop("spam", f"unspun paragraph in a spun article ({expected:.1f} substitutions due, 0 found)")
    paragraphs = [p for p in paragraphs if p.kept]
    if reference is None or len(paragraphs) < SPAM_MIN_PARAGRAPHS:
        return
    shares = [_shared_share(p.text, reference) for p in paragraphs]
    if min(shares) >= SPAM_MAX_SHARED:
        return
    z = _outlier_z(_char_vectors([p.text for p in paragraphs]))
    for p, share, score in zip(paragraphs, shares, z, strict=True):
        if share < SPAM_MAX_SHARED and score < SPAM_MAX_Z and not _mentions_domain(p.text):
            p.drop("spam", f"off-topic paragraph: no AI term, {share:.0%} of its word pairs shared, z={score:.1f}")


@cache
def _domain_pattern() -> re.Pattern[str]:
    from analysis.text.tokenizer import english_terms, user_words

    terms = {*user_words(), *english_terms(), *DOMAIN_CORE}
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def _mentions_domain(text: str) -> bool:
    """Whether ``text`` names any AI-domain term (the tokenizer's dictionary plus core words)."""
    return bool(_domain_pattern().search(text))


def _char_vectors(texts: list[str]) -> np.ndarray:
    """Unit-length TF-IDF vectors of character unigrams and bigrams."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts).toarray()
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def bigram_reference(texts: list[str]) -> Counter[str]:
    """In how many of ``texts`` each CJK character bigram occurs."""
    return Counter(g for text in texts for g in set(_bigrams(text)))


def _shared_share(text: str, reference: Counter[str]) -> float:
    grams = set(_bigrams(text))
    return sum(reference[g] > 1 for g in grams) / max(1, len(grams))


def _outlier_z(vectors: np.ndarray) -> np.ndarray:
    """Robust z-score of each vector's similarity to the centroid of the others."""
    total = vectors.sum(axis=0)
    others = total[None, :] - vectors
    others /= np.linalg.norm(others, axis=1, keepdims=True)
    sims = (vectors * others).sum(axis=1)
    q1, median, q3 = np.percentile(sims, [25, 50, 75])
    return (sims - median) / max(q3 - q1, 1e-6)


def _bigrams(text: str) -> list[str]:
    cjk = "".join(_CJK.findall(text))
    return [cjk[i : i + 2] for i in range(len(cjk) - 1)]


def _mark_headings(lines: list[Line]) -> None:
    kept = [line for line in lines if line.kept]
    # entries as written and as restored (a spun article's table of contents is spun too)
    toc = {squash(_TOC.sub("", t.strip())) for line in lines if line.kind == "toc" for t in (line.raw_text, line.text)}
    toc.discard("")
    labelled = [line.opens_dialogue for line in kept]
    numbered = sum(bool(_NUMBERED.match(line.text)) and is_short_unpunctuated(line.text) for line in kept) >= 2
    last_label = max((i for i, has in enumerate(labelled) if has), default=-1)
    heading = [False] * len(kept)
    following = False  # whether the nearest later kept line opens dialogue or is a heading
    for i in range(len(kept) - 1, -1, -1):
        text = kept[i].text
        if labelled[i]:
            following = True
            continue
        k = squash(text)
        in_toc = any(len(k) >= 4 and (k == t or (len(t) >= 4 and (t in k or k in t))) for t in toc)
        shaped = is_short_unpunctuated(text) and not text.rstrip().endswith((":", "："))
        after_dialogue = shaped and last_label >= 0 and i > last_label and visual_length(text) <= 30
        if in_toc or (shaped and following) or after_dialogue:
            if numbered and not _NUMBERED.match(text) and not in_toc:
                kept[i].drop("caption", "unnumbered short line in an article with numbered sections")
                continue
            heading[i] = True
            kept[i].kind = "heading"
        elif shaped and (_COLON_SPLIT.match(text) or not _CJK.search(text)):
            kept[i].drop("caption", "caption-shaped line inside running text")
            continue
        following = heading[i]
