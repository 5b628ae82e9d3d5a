"""Multi-label theme assignment of sentences, and how much of each speaker's talk is on each theme.

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
  vector is pooled from its sentences' vectors (:func:`analysis.text.embeddings.pool`), so turns cost no model time.
* ``n_seed``: how many seed terms occur in the sentence (whole tokens or concepts), after the context rules of
  ``data/theme_seed_rules.csv``: an ambiguous seed counts only with a context term in the sentence
  (``requires``: 神经元 with 大脑/突触/..., not an artificial network's unit; 大脑 used loosely; 学生/导师 in
  anecdotes) or not next to a phrase that changes its sense (``excludes``: 规模 in 小规模实验, 网络规模).
  A ``weak`` seed (a common word such as 数学, 像素, 坚持) counts for coverage; a quote needs a seed with no rule
  (``strong_seed``) or semantic support (:mod:`analysis.viewpoints.quotations`).

``score = emb_sentence + TURN_WEIGHT * emb_turn + SEED_WEIGHT * log(1 + n_seed)``.
A sentence is assigned to a theme when ``score >= THRESHOLD`` and either a seed term matched
(``by_seed``) or the embedding part alone reaches ``EMBEDDING_ONLY_THRESHOLD``
(``by_embedding``): evidence from the embedding alone needs a higher bar, which keeps a guest who
never discusses a theme from collecting weak, accidental matches. Both thresholds are calibrated
against the dev judgments (turns a reader marked as typical of a speaker on a theme; see
:mod:`analysis.viewpoints.calibration`): they keep most marked turns covered while a typical
sentence gets zero or one theme. Quotes are :mod:`analysis.viewpoints.quotations`.

Examples:
    >>> load_themes().id.tolist()[:3]
    ['scaling', 'interpretability', 'reasoning']
    >>> seed_hits(["Scaling Law 还没有到尽头"], load_themes())[0, 0].item()
    1.0

"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from analysis.cache import atomic_write, content_key, hash_rows, remember
from analysis.config import DATA_DIR, PROCESSED_DIR
from analysis.corpus import Corpus, load_corpus
from analysis.terms.matching import whole_token_matches
from analysis.text.embeddings import Backend, embed_passages, embed_queries, get_backend, pool

THEMES_PATH = DATA_DIR / "themes.csv"
SEED_RULES_PATH = DATA_DIR / "theme_seed_rules.csv"
ASSIGNMENTS_PATH = PROCESSED_DIR / "theme_assignments.parquet"

#: Weight of the turn's similarity next to the sentence's own.
TURN_WEIGHT = 0.5
#: Weight of ``log(1 + number of seed terms matched)``.
SEED_WEIGHT = 1.0
#: Assignment threshold on ``score`` (z units; see :mod:`analysis.viewpoints.calibration`).
THRESHOLD = 1.0
#: Without a seed term, the embedding part alone must reach this (z units).
EMBEDDING_ONLY_THRESHOLD = 1.5


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


@cache
def load_seed_rules() -> dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]]:
    """``(theme, seed) -> [(rule, context terms), ...]`` from ``data/theme_seed_rules.csv`` (``requires``, ``excludes``, ``weak``).

    A seed may have several rows (大脑 requires a brain context and excludes a robot's 大脑); all must pass.

    Examples:
        >>> [rule for rule, _ in load_seed_rules()[("brain", "大脑")]]
        ['requires', 'excludes']

    """
    rules = pd.read_csv(SEED_RULES_PATH, dtype=str).fillna("")
    out: dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]] = {}
    for r in rules.itertuples():
        out.setdefault((r.theme, r.seed), []).append((r.rule, tuple(t for t in r.terms.split("|") if t)))
    return out


def admissible(text: str, rule: tuple[str, tuple[str, ...]]) -> bool:
    """Whether a seed found in ``text`` counts under its context ``rule`` (``weak``: it counts; see :func:`supported`).

    Examples:
        >>> admissible("神经网络中的神经元对应逻辑门", ("requires", ("大脑", "突触")))
        False
        >>> admissible("大脑中的神经元", ("requires", ("大脑", "突触")))
        True
        >>> admissible("我们做小规模实验", ("excludes", ("小规模",)))
        False

    """
    if rule[0] == "weak":
        return True
    present = any(term.casefold() in text.casefold() for term in rule[1])
    return present if rule[0] == "requires" else not present


def seed_matches(texts: list[str], themes: pd.DataFrame) -> list[list[list[str]]]:
    """Per text, per theme: the seed terms found as whole tokens or concepts that pass their context rule.

    Whole tokens, not substrings: 化学 is not found in 强化学习, 博士 not in 博士后
    (:mod:`analysis.terms.matching`); a seed also matches its concept (推理 in 逻辑推理, 大语言模型 as LLM).

    Examples:
        >>> seed_matches(["大脑的功耗", "神经网络中的神经元对应逻辑门"], load_themes().query("id == 'brain'"))
        [[['大脑', '功耗']], [[]]]

    """
    rules = load_seed_rules()
    flat = list(dict.fromkeys(seed for seeds in themes.seeds for seed in seeds))
    out = []
    for text in texts:
        found = set(whole_token_matches(text, flat, concepts=True))
        out.append([[s for s in seeds if s in found and all(admissible(text, r) for r in rules.get((theme, s), []))]
                    for theme, seeds in zip(themes.id, themes.seeds, strict=True)])  # fmt: skip
    return out


def seed_hits(texts: list[str], themes: pd.DataFrame) -> np.ndarray:
    """Number of seed terms of each theme found in each text (as :func:`seed_matches` finds them).

    Examples:
        >>> seed_hits(["大脑的功耗", "无关", "强化学习"], load_themes()).sum(axis=1).tolist()
        [2.0, 0.0, 0.0]

    """
    counts = [[len(m) for m in row] for row in seed_matches(texts, themes)]
    return np.array(counts, dtype=float).reshape(len(texts), len(themes))


def strong(theme: str, seeds: list[str]) -> bool:
    """Whether any of ``seeds`` (matched for ``theme``) has no rule at all: a keyword that alone carries the theme.

    A seed with a rule (``weak``, or ambiguous enough to need a context rule) never carries a quote alone.

    Examples:
        >>> strong("ai_for_science", ["数学"]), strong("ai_for_science", ["数学", "定理证明"])
        (False, True)

    """
    rules = load_seed_rules()
    return any((theme, s) not in rules for s in seeds)


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)


def seed_centroids(themes: pd.DataFrame, kind: str = "passage", model: str | Backend | None = None) -> np.ndarray:
    """Unit centroid of each theme's seed terms, embedded as ``kind`` (``passage`` or ``query``)."""
    embed = embed_queries if kind == "query" else embed_passages
    return np.stack([_unit(embed(list(s), model=model).mean(axis=0)) for s in themes.seeds])


def theme_prototypes(themes: pd.DataFrame, model: str | Backend | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors per theme: the description (as a query) and the seed-term centroid (as passages)."""
    return embed_queries(themes.description.tolist(), model=model), seed_centroids(themes, "passage", model)


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


def spoken_sentences(corpus: Corpus) -> pd.DataFrame:
    """Sentences of every speaker but the narrator (empty ones dropped): what the report embeds."""
    return spoken(corpus.sentences)


def spoken(sentences: pd.DataFrame) -> pd.DataFrame:
    """The rows of a sentences table spoken by someone (not the narrator) with text, renumbered.

    Examples:
        >>> spoken(pd.DataFrame({"role": ["guest", "narrator", "host"], "text": ["答。", "旁白。", " "]})).text.tolist()
        ['答。']

    """
    return sentences[(sentences.role != "narrator") & sentences.text.str.strip().astype(bool)].reset_index(drop=True)


def score_sentences(corpus: Corpus, themes: pd.DataFrame | None = None, model: str | Backend | None = None) -> pd.DataFrame:
    """Every (spoken sentence, theme) pair with its signals, ``score`` and ``assigned`` (long format).

    Examples:
        >>> scores = score_sentences(load_corpus())  # doctest: +SKIP
        >>> scores.groupby("theme").assigned.mean()  # doctest: +SKIP

    """
    return _scored(corpus, load_themes() if themes is None else themes, model)[0]


def _scored(corpus: Corpus, themes: pd.DataFrame, model: str | Backend | None) -> tuple[pd.DataFrame, np.ndarray]:
    """The long score table and the vector of each spoken sentence (its ``row``)."""
    sentences = spoken_sentences(corpus)
    prototypes = theme_prototypes(themes, model)
    vectors = embed_passages(sentences.text.tolist(), model=model, progress=False)
    turn_of = sentences.groupby(["doc_id", "turn_id"], sort=False).ngroup().to_numpy()
    emb_turn = embedding_scores(pool(vectors, turn_of, sentences.text.str.len().to_numpy()), prototypes)[turn_of]
    emb_sentence = embedding_scores(vectors, prototypes)
    matches = seed_matches(sentences.text.tolist(), themes)
    hits = np.array([[len(m) for m in row] for row in matches], dtype=float).reshape(len(sentences), len(themes))
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
    flat = [m for row in matches for m in row]
    long["seeds"] = ["|".join(m) for m in flat]
    long["strong_seed"] = [strong(theme, m) if m else False for theme, m in zip(long.theme, flat, strict=True)]
    return long, vectors


def cached_scores(corpus: Corpus | None = None, model: str | Backend | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """``score_sentences`` plus the sentence vectors, memoized per corpus content, taxonomy and model."""
    corpus = load_corpus() if corpus is None else corpus
    key = content_key("theme-scores", hash_rows(corpus.sentences, ["doc_id", "turn_id", "text"]),
                      THEMES_PATH.read_bytes(), SEED_RULES_PATH.read_bytes(), get_backend(model).name)  # fmt: skip
    return remember(key, lambda: _scored(corpus, load_themes(), model))


def theme_assignments(corpus: Corpus | None = None, write: bool = True, model: str | Backend | None = None) -> pd.DataFrame:
    """The assigned (sentence, theme) pairs with scores and provenance; written to parquet by default.

    Examples:
        >>> a = theme_assignments(write=False)  # doctest: +SKIP
        >>> a.groupby("speaker").theme.value_counts()  # doctest: +SKIP

    """
    scores, _ = cached_scores(corpus, model)
    columns = ["doc_id", "turn_id", "sent_id", "speaker", "role", "section", "theme", "score", "emb_sentence",
               "emb_turn", "n_seed", "seeds", "strong_seed", "by_seed", "by_embedding", "text"]  # fmt: skip
    assigned = scores.loc[scores.assigned, columns].reset_index(drop=True)
    if write:
        atomic_write(ASSIGNMENTS_PATH, lambda tmp: assigned.to_parquet(tmp, index=False))
    return assigned


def labels_per_sentence(scores: pd.DataFrame) -> pd.Series:
    """How many sentences get 0, 1, 2, ... themes.

    Examples:
        >>> s = pd.DataFrame({"row": [0, 0, 1, 1], "assigned": [True, True, False, False]})
        >>> labels_per_sentence(s).to_dict()
        {0: 1, 2: 1}

    """
    return scores.groupby("row").assigned.sum().value_counts().sort_index().rename("sentences")


def coverage(scores: pd.DataFrame | None = None, unit: str = "chars", role: str = "guest") -> pd.DataFrame:
    """Speaker × theme share of each speaker's sentences (``unit="sentences"``) or characters on the theme.

    Examples:
        >>> s = pd.DataFrame({"row": [0, 0, 1, 1], "speaker": "a", "role": "guest", "theme": ["x", "y"] * 2,
        ...                   "text": ["长句子呀", "长句子呀", "短", "短"], "assigned": [True, False, False, True]})
        >>> coverage(s, unit="chars").loc["a"].round(2).to_dict()
        {'x': 0.8, 'y': 0.2}

    """
    scores = cached_scores()[0] if scores is None else scores
    needed = ["row", "speaker", "role", "theme", "text", "assigned"]
    if not isinstance(scores, pd.DataFrame) or any(c not in scores.columns for c in needed):
        got = list(scores.columns) if isinstance(scores, pd.DataFrame) else type(scores).__name__
        raise TypeError(f"coverage takes every sentence × theme score ({needed}): call coverage() for the project's, or "
                        f"coverage(cached_scores(corpus)[0]); theme_assignments() keeps only the assigned pairs. Got {got}")  # fmt: skip
    if unit not in ("chars", "sentences"):
        raise ValueError(f"unit is 'chars' or 'sentences'; got {unit!r}")
    scores = scores[scores.role == role]
    weight = scores.text.str.len() if unit == "chars" else pd.Series(1, index=scores.index)
    frame = scores.assign(weight=weight * scores.assigned)
    on_theme = frame.pivot_table(index="speaker", columns="theme", values="weight", aggfunc="sum")
    total = weight[~scores.row.duplicated()].groupby(scores.speaker).sum()
    return on_theme.div(total, axis=0)
