"""Who sounds like whom: speaker similarity overall and per theme, with intervals (figures: ``analysis.plots.viewpoints``).

Two measures, shown side by side because they answer different questions:

* embedding: cosine between speakers' centroids (mean sentence vector), i.e. what they talk about
  and how, as the multilingual e5 model sees it. e5 vectors share a large common component (raw
  centroids of any two guests have cosine ≈ 0.99), so vectors are first centred on a *background*
  that is not among the compared speakers: :func:`interviewer_background`, the mean of the
  interviewers' sentences. (Centring on the mean of the compared speakers themselves, as earlier
  versions did, forces some cosines negative by construction, which reads as disagreement.)
* TF-IDF: cosine between speakers' TF-IDF vectors over the domain tokenizer's words
  (``analysis.text.tokenizer``), i.e. which words they share.

Neither measures agreement: two guests who argue opposite sides of one question are similar on
both. :func:`stance_agreement` gives the reference that does, from the coded stances, and
:func:`validity` says how well each measure's pair order follows it.

Each guest comes from one interview, so similarity mixes viewpoint with the interview's style and
questions; per-theme similarity (only sentences assigned to the theme) reduces that mix.
:func:`bootstrap_pairs` resamples each speaker's turns to give every pair an interval.

Examples:
    >>> m = cosine_matrix(pd.DataFrame([[1.0, 0.0], [1.0, 1.0]], index=["a", "b"]))
    >>> m.round(2).loc["a", "b"].item()
    0.71

"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform
from scipy.stats import spearmanr
from sklearn.feature_extraction.text import CountVectorizer

from analysis.stats import resample_indices
from analysis.text.tokenizer import tokenize

#: A speaker needs at least this many sentences on a theme to enter that theme's similarity.
MIN_SENTENCES = 3
Z95 = 1.959964
#: Cells that hold no position: silent on the proposition, or the interview was never coded.
NO_POSITION = {"not_addressed", "not_coded"}
#: Coded stances: how close two positions are (1 = same, 0 = opposite sides).
STANCE_MATCH = {frozenset({"agree"}): 1.0, frozenset({"disagree"}): 1.0, frozenset({"mixed"}): 1.0,
                frozenset({"agree", "disagree"}): 0.0, frozenset({"agree", "mixed"}): 0.5,
                frozenset({"disagree", "mixed"}): 0.5}  # fmt: skip


def cosine_matrix(vectors: pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity between the rows of ``vectors`` (index = speakers)."""
    unit = vectors.to_numpy() / np.linalg.norm(vectors.to_numpy(), axis=1, keepdims=True)
    return pd.DataFrame(unit @ unit.T, index=vectors.index, columns=vectors.index)


def eligible(rows: pd.DataFrame, speakers: list[str]) -> list[str]:
    """The speakers with at least ``MIN_SENTENCES`` rows, in the order given."""
    counts = rows.speaker.value_counts()
    return [s for s in speakers if counts.get(s, 0) >= MIN_SENTENCES]


def _weights(rows: pd.DataFrame, keep: list[str], draw: np.ndarray | None = None) -> np.ndarray:
    """Speaker × row weight matrix: each row's multiplicity in the (re)sample, for its speaker."""
    counts = np.ones(len(rows)) if draw is None else np.bincount(draw, minlength=len(rows)).astype(float)
    speaker = rows.speaker.to_numpy()
    return np.stack([counts * (speaker == s) for s in keep])


def _embedding(weights: np.ndarray, vectors: np.ndarray, keep: list[str]) -> pd.DataFrame:
    centroids = weights @ vectors / weights.sum(axis=1, keepdims=True)
    return cosine_matrix(pd.DataFrame(centroids, index=keep))


def _tfidf(weights: np.ndarray, counts, keep: list[str]) -> pd.DataFrame:
    """TF-IDF cosine of the weighted speaker documents.

    scikit-learn's smooth idf and sublinear tf, written out because it runs once per bootstrap replicate.
    """
    documents = np.asarray(counts.T.dot(weights.T).T)
    tf = np.where(documents > 0, 1 + np.log(np.where(documents > 0, documents, 1)), 0.0)
    n = len(documents)
    idf = np.log((1 + n) / (1 + (documents > 0).sum(axis=0))) + 1
    return cosine_matrix(pd.DataFrame(tf * idf, index=keep))


def _counts(rows: pd.DataFrame):
    return CountVectorizer(analyzer=tokenize).fit_transform(rows.text.tolist())


def interviewer_background(scores: pd.DataFrame, vectors: np.ndarray) -> np.ndarray:
    """Mean vector of the hosts' and audience's sentences (``scores``: one row per sentence ``row``, with ``role``)."""
    first = scores.drop_duplicates("row")
    rows = first.loc[first.role.isin(["host", "audience"]), "row"].to_numpy()
    if not len(rows):
        raise ValueError("no host or audience sentence to centre on; pass vectors centred another way")
    return vectors[rows].mean(axis=0)


def embedding_similarity(rows: pd.DataFrame, vectors: np.ndarray, speakers: list[str]) -> pd.DataFrame:
    """Cosine of speaker centroids; speakers with fewer than ``MIN_SENTENCES`` rows are left out.

    Examples:
        >>> rows = pd.DataFrame({"speaker": ["a"] * 3 + ["b"] * 3})
        >>> vectors = np.array([[1.0, 0.0]] * 3 + [[1.0, 1.0]] * 3)
        >>> embedding_similarity(rows, vectors, ["a", "b"]).round(2).to_numpy().tolist()
        [[1.0, 0.71], [0.71, 1.0]]

    """
    keep = eligible(rows, speakers)
    return _embedding(_weights(rows, keep), vectors, keep)


def tfidf_similarity(rows: pd.DataFrame, speakers: list[str]) -> pd.DataFrame:
    """Cosine of speakers' TF-IDF vectors (one document per speaker, sublinear term frequency).

    Examples:
        >>> rows = pd.DataFrame({"speaker": ["a"] * 3 + ["b"] * 3, "text": ["大模型的规模"] * 3 + ["大脑的功耗"] * 3})
        >>> tfidf_similarity(rows, ["a", "b"]).loc["a", "a"].round(2).item()
        1.0

    """
    keep = eligible(rows, speakers)
    return _tfidf(_weights(rows, keep), _counts(rows), keep)


def bootstrap_pairs(rows: pd.DataFrame, vectors: np.ndarray, speakers: list[str], n_boot: int = 200) -> pd.DataFrame:
    """Every pair's embedding and TF-IDF similarity with a 95 % interval from resampling turns within speaker.

    ``rows`` needs ``speaker``, ``doc_id``, ``turn_id`` and ``text``; a turn is drawn whole (all its
    sentences), so one long answer cannot make two speakers look alike by itself. The interval is
    the standard bootstrap interval, estimate ± 1.96 bootstrap standard errors (Efron & Tibshirani
    1993, §13.2), not the percentile one: a replicate repeats turns, which lowers both cosines, so the
    percentiles sit below the estimate; that shift is reported as ``<measure>_bias`` (mean replicate
    minus estimate). Columns: ``a``, ``b``, and per measure ``<measure>``, ``_low``, ``_high``, ``_bias``.
    """
    keep = eligible(rows, speakers)
    mask = rows.speaker.isin(keep).to_numpy()
    rows, vectors = rows[mask].reset_index(drop=True), vectors[mask]
    turn = rows.groupby(["doc_id", "turn_id"], sort=False).ngroup().to_numpy()
    turn_speaker = rows.groupby(turn).speaker.first().to_numpy()
    counts = _counts(rows)
    base = _weights(rows, keep)
    point = pair_table(_embedding(base, vectors, keep), _tfidf(base, counts, keep))
    upper = np.triu_indices(len(keep), 1)
    replicates: dict[str, list[np.ndarray]] = {"embedding": [], "tfidf": []}
    for drawn_turns in resample_indices(turn_speaker, len(turn_speaker), n_boot):
        weights = base * np.bincount(drawn_turns, minlength=len(turn_speaker))[turn]
        replicates["embedding"].append(_embedding(weights, vectors, keep).to_numpy()[upper])
        replicates["tfidf"].append(_tfidf(weights, counts, keep).to_numpy()[upper])
    for measure, values in replicates.items():
        draws = np.stack(values)
        se = draws.std(axis=0, ddof=1)
        point[f"{measure}_bias"] = draws.mean(axis=0) - point[measure].to_numpy()
        point[f"{measure}_low"] = (point[measure] - Z95 * se).clip(lower=-1)
        point[f"{measure}_high"] = (point[measure] + Z95 * se).clip(upper=1)
    return point


def upper_pairs(matrix: pd.DataFrame, name: str) -> pd.Series:
    """The pairs above the diagonal of a square matrix, as a Series indexed by (a, b).

    Examples:
        >>> m = pd.DataFrame([[1.0, 0.5], [0.5, 1.0]], index=["a", "b"], columns=["a", "b"])
        >>> upper_pairs(m, "sim").to_dict()
        {('a', 'b'): 0.5}

    """
    a, b = np.triu_indices(len(matrix), 1)
    index = pd.MultiIndex.from_arrays([matrix.index[a], matrix.columns[b]], names=["a", "b"])
    return pd.Series(matrix.to_numpy()[a, b], index=index, name=name)


def similarity_tree(similarity: pd.DataFrame) -> np.ndarray:
    """Average-linkage hierarchy of the rows of a similarity matrix, on ``1 - similarity`` (scipy linkage)."""
    distance = squareform(1 - similarity.to_numpy(), checks=False).clip(min=0)
    return linkage(distance, method="average")


def pair_table(embedding: pd.DataFrame, tfidf: pd.DataFrame) -> pd.DataFrame:
    """The speaker pairs with their embedding and TF-IDF similarity, one row per pair."""
    return pd.concat([upper_pairs(embedding, "embedding"), upper_pairs(tfidf, "tfidf")], axis=1).reset_index()


def stance_agreement(stances: pd.DataFrame, speakers: list[str]) -> pd.DataFrame:
    """Per pair of guests: propositions both took a position on (``n_shared``) and how often they match.

    ``stance_agreement`` is the mean of 1 (same stance), 0.5 (one mixed) and 0 (agree vs disagree)
    over those propositions; NaN when they share none.

    Examples:
        >>> s = pd.DataFrame({"speaker": ["a", "b", "a", "b"], "proposition": ["p", "p", "q", "q"],
        ...                   "stance": ["agree", "disagree", "agree", "agree"]})
        >>> stance_agreement(s, ["a", "b"])[["n_shared", "stance_agreement"]].values.tolist()
        [[2.0, 0.5]]

    """
    wide = stances.pivot_table(index="speaker", columns="proposition", values="stance", aggfunc="first")
    rows = []
    for i, a in enumerate(speakers):
        for b in speakers[i + 1:]:
            pairs = [(x, y) for x, y in zip(wide.loc[a], wide.loc[b], strict=True)
                     if not {x, y} & NO_POSITION]  # fmt: skip
            scores = [STANCE_MATCH[frozenset({x, y})] for x, y in pairs]
            rows.append({"a": a, "b": b, "n_shared": float(len(pairs)),
                         "stance_agreement": float(np.mean(scores)) if scores else float("nan")})  # fmt: skip
    return pd.DataFrame(rows)


def validity(pairs: pd.DataFrame, measures: tuple[str, ...] = ("embedding", "tfidf")) -> pd.DataFrame:
    """Spearman ρ of each similarity measure with ``stance_agreement`` over the pairs that have one."""
    usable = pairs.dropna(subset=["stance_agreement"])
    rows = []
    for m in measures:
        rho, p = spearmanr(usable[m], usable.stance_agreement) if len(usable) > 2 else (float("nan"), float("nan"))
        rows.append({"measure": m, "n_pairs": len(usable), "spearman_rho": float(rho), "p_value": float(p)})
    return pd.DataFrame(rows)


def nearest_neighbours(pairs: pd.DataFrame, measure: str = "embedding", k: int = 3) -> pd.DataFrame:
    """Each speaker's ``k`` most similar others by ``measure``, with the pair's 95 % interval when ``pairs`` has one.

    ``pairs`` is a :func:`bootstrap_pairs` (or :func:`pair_table`) table. Columns: ``speaker``,
    ``rank``, ``neighbour``, ``<measure>`` and, when present, ``<measure>_low`` / ``_high``;
    ``separated`` says whether the neighbour's interval lies wholly above the next one's (so the
    rank is not an accident of resampling; always false for the last).

    Examples:
        >>> p = pd.DataFrame({"a": ["x", "x", "y"], "b": ["y", "z", "z"], "embedding": [0.9, 0.2, 0.5],
        ...                   "embedding_low": [0.8, 0.1, 0.3], "embedding_high": [0.95, 0.3, 0.6]})
        >>> nearest_neighbours(p, k=1)[["speaker", "neighbour", "embedding"]].values.tolist()
        [['x', 'y', 0.9], ['y', 'x', 0.9], ['z', 'y', 0.5]]

    """
    extra = [c for c in (f"{measure}_low", f"{measure}_high") if c in pairs]
    both = pd.concat([pairs.rename(columns={"a": "speaker", "b": "neighbour"}),
                      pairs.rename(columns={"b": "speaker", "a": "neighbour"})])[["speaker", "neighbour", measure, *extra]]  # fmt: skip
    both = both.sort_values(["speaker", measure], ascending=[True, False], kind="stable")
    both["rank"] = both.groupby("speaker").cumcount() + 1
    if extra:
        following = both.groupby("speaker")[f"{measure}_high"].shift(-1)
        both["separated"] = (both[f"{measure}_low"] > following).fillna(False).astype(bool)
    top = both[both["rank"] <= k]
    return top[["speaker", "rank", "neighbour", measure, *extra, *(["separated"] if extra else [])]].reset_index(drop=True)
