"""Representative quotes: a speaker's best statements on a theme, with provenance.

Candidates are a speaker's sentences assigned to the theme (:mod:`analysis.viewpoints.themes`)
that are long enough and mostly Chinese. ``hit_rate`` checks a ranking against judgments of
which turns are typical (``data/theme_dev.csv``, or the gold set's rows).

Examples:
    >>> q = quotes("何恺明", "research_practice", k=3)
    >>> len(q) <= 3 and list(q.columns[:3]) == ["doc_id", "turn_id", "sent_id"] and bool(q.speaker.eq("kaiming-he").all())
    True

"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.checks import check_count, corpus_of
from analysis.config import DATA_DIR
from analysis.corpus import Corpus, load_corpus
from analysis.corpus.people import People
from analysis.terms.search import PROVENANCE, with_provenance
from analysis.text.embeddings import embed_queries
from analysis.viewpoints.themes import cached_scores, check_theme

DEV_PATH = DATA_DIR / "theme_dev.csv"
#: Quotes skip sentences shorter than this many characters ...
MIN_QUOTE_CHARS = 12
#: ... and sentences with a smaller share of Chinese characters (captions, URLs, English titles).
MIN_HAN_SHARE = 0.3
#: A quote whose keywords are all common words (``weak`` or context-ruled seeds of ``data/theme_seed_rules.csv``)
#: needs this embedding margin of its own for the theme (``emb_sentence``, z units): see :func:`supported`.
QUOTE_SUPPORT = 1.2
#: Sentences at least this long get no length penalty in the quote ranking.
FULL_LENGTH = 80
#: Two quotes whose embeddings are closer than this count as duplicates.
DUPLICATE_COSINE = 0.95

QUOTE_COLUMNS = [
    "doc_id", "turn_id", "sent_id", "speaker", "holder", "theme", "text", "score",
    "quote_score", "by_seed", "by_embedding", "seeds", "section", *PROVENANCE,
]  # fmt: skip


def han_share(text: pd.Series) -> pd.Series:
    """Share of Chinese characters in each text.

    Examples:
        >>> han_share(pd.Series(["大模型", "White Box ML", ""])).round(2).tolist()
        [1.0, 0.0, 0.0]

    """
    return text.str.count(r"[\u4e00-\u9fff]") / text.str.len().clip(lower=1)


def _length_factor(text: pd.Series) -> np.ndarray:
    return np.log(np.minimum(text.str.len().to_numpy(), FULL_LENGTH) / FULL_LENGTH)


def _deduplicate(candidates: pd.DataFrame, vectors: np.ndarray) -> pd.DataFrame:
    """Drop a candidate whose text or embedding repeats a better-ranked one."""
    kept: list[int] = []
    for i in range(len(candidates)):
        if not kept or (vectors[kept] @ vectors[i]).max() < DUPLICATE_COSINE:
            kept.append(i)
    return candidates.iloc[kept]


def _turns_first(candidates: pd.DataFrame) -> pd.DataFrame:
    """Best sentence of each turn first (best first), then the remaining sentences (best first)."""
    rank_in_turn = candidates.groupby(["doc_id", "turn_id"]).cumcount()
    return candidates.assign(_later=rank_in_turn > 0).sort_values(["_later", "quote_score"], ascending=[True, False])


def substantive(scores: pd.DataFrame) -> pd.Series:
    """Whether each row's sentence is quotable: long enough and mostly Chinese.

    Examples:
        >>> substantive(pd.DataFrame({"text": ["我认为选择课题最重要的是好奇心", "好的。", "White Box ML vs Black Box"]})).tolist()
        [True, False, False]

    """
    return (scores.text.str.len() >= MIN_QUOTE_CHARS) & (han_share(scores.text) >= MIN_HAN_SHARE)


def supported(scores: pd.DataFrame) -> pd.Series:
    """Whether a keyword of the theme is in the sentence and carries it: a strong seed, or a weak one with support.

    A quote needs both kinds of evidence. A keyword: an embedding alone also finds sentences that
    merely sit in an answer on the theme. And, when every keyword found is a common word (数学, 像素,
    坚持, 学生: a seed with a rule in ``data/theme_seed_rules.csv``), the sentence's own embedding margin
    ``emb_sentence >= QUOTE_SUPPORT``; the turn's similarity does not count here, since an anecdote inside
    an answer on research practice (门口站着一个年轻的学生) is not itself about research practice.

    Examples:
        >>> rows = pd.DataFrame({"by_seed": [True, True, True, False], "strong_seed": [True, False, False, False],
        ...                      "emb_sentence": [0.2, 0.4, 1.3, 2.5]})
        >>> supported(rows).tolist()
        [True, False, True, False]

    """
    return scores.by_seed & (scores.strong_seed | (scores.emb_sentence >= QUOTE_SUPPORT))


def theme_statements(theme: str, role: str = "guest", corpus: Corpus | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Substantive sentences assigned to ``theme`` (by speakers of ``role``) and their vectors.

    Examples:
        >>> rows, vectors = theme_statements("brain")  # doctest: +SKIP
        >>> len(rows) == len(vectors)  # doctest: +SKIP
        True

    """
    check_theme(theme)
    scores, vectors = cached_scores(corpus)
    rows = scores[(scores.theme == theme) & scores.assigned & (scores.role == role) & substantive(scores)
                  & supported(scores)]
    return rows.reset_index(drop=True), vectors[rows.row.to_numpy()]


def quotes(speaker: str, theme: str, k: int = 10, corpus: Corpus | None = None, own_view: bool = True) -> pd.DataFrame:
    """The ``k`` most representative statements of ``speaker`` on ``theme``, best first.

    Candidates are the speaker's sentences assigned to the theme, at least ``MIN_QUOTE_CHARS``
    long and mostly Chinese (``MIN_HAN_SHARE``), and, unless ``own_view=False``, stating his own
    view (``holder`` is the speaker: a sentence reporting someone else's view is left out, see
    :mod:`analysis.corpus.holders`); they are ranked by ``quote_score = score + log(min(len, FULL_LENGTH) / FULL_LENGTH)``
    (short sentences pay), near-duplicates are dropped, and the best sentence of each turn comes
    before a second sentence of the same turn. Nothing on the theme gives an empty frame.
    ``speaker`` is any of his names (``辛顿``, ``Hinton``, ``geoffrey-hinton``); an unknown one is a
    ``ValueError`` naming the closest and the known speakers. Each quote carries its provenance
    (:data:`analysis.terms.search.PROVENANCE`: raw lines, title, url, restored, translated).

    Examples:
        >>> quotes("nobody", "scaling")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: unknown speaker 'nobody'; ...

    """
    check_theme(theme)
    k = check_count(k)
    corpus = corpus_of(corpus)
    speaker = People.of(corpus).resolve(speaker)
    scores, vectors = cached_scores(corpus)
    mask = (scores.speaker == speaker) & (scores.theme == theme) & scores.assigned
    if own_view:
        mask &= scores.holder == speaker
    candidates = scores[mask & substantive(scores) & supported(scores)]
    candidates = candidates.assign(quote_score=candidates.score + _length_factor(candidates.text))
    candidates = candidates.sort_values("quote_score", ascending=False)
    candidates = candidates.drop_duplicates("text")
    candidates = _deduplicate(candidates, vectors[candidates.row.to_numpy()])
    top = _turns_first(candidates).head(k)
    return with_provenance(top, corpus)[QUOTE_COLUMNS]


def load_dev() -> pd.DataFrame:
    """Dev judgments: (speaker, theme, doc_id, snippet of the clean text of a turn typical of both).

    Examples:
        >>> list(load_dev().columns)
        ['speaker', 'theme', 'doc_id', 'snippet']

    """
    return pd.read_csv(DEV_PATH)


def hit_rate(judgments: pd.DataFrame, k: int = 5, field: str = "text", corpus: Corpus | None = None) -> pd.DataFrame:
    """Per judgment, whether the turn whose ``field`` holds the snippet is among ``quotes(speaker, theme, k)``.

    ``field="raw_text"`` matches the snippet as written in the raw file (the gold set's convention).

    Examples:
        >>> hit_rate(load_dev().head(2)).hit.tolist()  # doctest: +SKIP
        [True, True]

    """
    turns = (load_corpus() if corpus is None else corpus).turns
    hits = []
    for row in judgments.itertuples(index=False):
        holds = turns[(turns.doc_id == row.doc_id) & turns[field].astype(str).str.contains(row.snippet, regex=False)]
        top = quotes(row.speaker, row.theme, k=k, corpus=corpus)
        wanted = set(zip(holds.doc_id, holds.turn_id, strict=True))
        hits.append(bool(wanted & set(zip(top.doc_id, top.turn_id, strict=True))))
    return judgments.assign(hit=hits)


def quote_table(speakers: list[str], themes: list[str], k: int = 5, corpus: Corpus | None = None) -> pd.DataFrame:
    """The ``k`` best quotes of every speaker on every theme, with their ``rank`` (empty pairs left out)."""
    frames = [q.assign(rank=range(1, len(q) + 1)) for s in speakers for t in themes
              if not (q := quotes(s, t, k=k, corpus=corpus)).empty]  # fmt: skip
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*QUOTE_COLUMNS, "rank"])


def side_by_side(quote_lists: dict[str, pd.DataFrame], k: int = 3) -> pd.DataFrame:
    """Rank × speaker table of quote texts, each suffixed with its ``[doc_id:turn_id]``.

    Examples:
        >>> q = pd.DataFrame({"doc_id": ["d"], "turn_id": [4], "text": ["好奇心最重要"]})
        >>> side_by_side({"a": q, "b": q.iloc[:0]}).loc[1, "a"]
        '好奇心最重要 [d:4]'

    """
    columns = {
        speaker: pd.Series([f"{r.text} [{r.doc_id}:{r.turn_id}]" for r in q.head(k).itertuples()], dtype=object)
        for speaker, q in quote_lists.items()
    }
    table = pd.DataFrame(columns).reindex(range(k)).fillna("—")
    table.index = range(1, k + 1)
    return table


def supporting_quote(rows: pd.DataFrame, vectors: np.ndarray, speaker: str, probe: str) -> pd.Series:
    """The speaker's sentence among ``rows`` closest to ``probe`` (an e5 query): the evidence of a claim."""
    mask = (rows.speaker == speaker).to_numpy()
    if not mask.any():
        raise ValueError(f"{speaker} has no statement here; choose a theme he discusses")
    similarity = vectors[mask] @ embed_queries([probe])[0]
    best = rows[mask].iloc[int(similarity.argmax())]
    return pd.concat([best, pd.Series({"match": float(similarity.max())})])
