"""Tuning every topic model with the same budget, and choosing each one's setting by one rule.

The grid gives each model three structures crossed with the same two vocabularies (six
settings), each fitted with the same seeds:

* BERTopic: HDBSCAN with ``min_cluster_size`` 8, 12 and 15, on embeddings centred per
  document or not as the caller decides (centring is a design choice, made before measuring:
  it removes each interview's style). The other centring is fitted too, as the *twin* of each
  setting, for the sharing question only; twins are never candidates.
* NMF and LDA: k = 5, 8 and 12 topics (the range of topic counts BERTopic's structures give;
  5, not fewer, because a setting needs :data:`MIN_TOPICS` topics to be chosen).
* Vocabularies: ``min_df=2`` (every word seen twice) and ``min_df=3, max_df=0.1`` (rarer words
  and the words of more than a tenth of the chunks left out).

Every run (setting × seed) is measured the same way (:func:`run_rows`): number of topics,
outliers before and after reassignment, NPMI over the chunks it was fitted on, *held-out* NPMI
(:func:`heldout_npmi`: fitted on half of each speaker's turns, NPMI counted on the other half,
both ways, the same two halves for every model), diversity, its stability against the other
seeds, the share of the largest topic (a catch-all shows here), and the sharing test of
:mod:`analysis.topics.null`. Each model's setting is then chosen by :func:`choose`: the
candidate with the highest seed-mean *held-out* NPMI (:data:`CRITERION`) among those with at
least :data:`MIN_TOPICS` topics on average — the same criterion, data and budget for every
model. In-sample NPMI rewards top words that co-occur in the very chunks a model was fitted on
(on the five interviews it ranked the models in the reverse order, issue 26), so it is reported
beside the choice, not used for it. Held-out NPMI has its own bias: on halves of a few hundred
short chunks many pairs of top words never co-occur (NPMI −1 by convention; the share is
``heldout_zero_pairs``, and ``zero_pairs`` on the fitted chunks), so it favours frequent words.

Cost. The sweep is a fixed budget: it is fitted on at most :data:`SWEEP_CHUNKS` chunks
(:func:`sweep_sample`: whole turns, kept by a hash of their id), so its cost stops growing with
the corpus once the corpus is larger; the chosen settings are then fitted once on every chunk.
A larger corpus is therefore tuned on a sample of its turns, which the notebook states.

Examples:
    >>> [(model, s.describe(model)) for model, s, candidate in grid()][:1]
    [('bertopic', 'hdbscan min_cluster_size=8, centred, min_df=2, max_df=1.0')]
    >>> len([row for row in grid() if row[2]]), len(grid())
    (18, 24)

"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from bertopic.backend import BaseEmbedder

from analysis.cache import cached_frame, code_key, content_key
from analysis.config import SEED
from analysis.topics import metrics as tm
from analysis.topics.base import MODELS, OUTLIER, TopicResult, TopicSettings
from analysis.topics.baselines import Tokenizer, fit_lda, fit_nmf
from analysis.topics.models import fit_bertopic
from analysis.topics.null import ALPHA, N_PERMUTATIONS, sharing_test

#: Seeds per setting. Five: the standard error of a seed mean is then 0.45 SD, and the choice
#: calls two models different only when their means differ by more than two standard errors
#: (:mod:`analysis.topics.decision`), so closer calls are ties whatever more seeds would add.
N_SEEDS = 5
#: Halves of the held-out NPMI (each speaker's turns dealt into this many folds).
N_FOLDS = 2
#: Fewest topics (seed mean) a setting must give to be chosen: one per guest of the corpus.
MIN_TOPICS = 5
#: Most chunks the sweep is fitted on (:func:`sweep_sample`). The five interviews have about 400, so
#: they are tuned on every chunk; beyond this the sweep's cost stays flat (measured in the README).
SWEEP_CHUNKS = 1000
#: The two vocabularies every model is tried with.
VECTORIZERS: tuple[dict[str, float], ...] = ({"min_df": 2, "max_df": 1.0}, {"min_df": 3, "max_df": 0.1})
#: Each model's structures (the knobs that are not the vocabulary).
STRUCTURES: dict[str, tuple[dict[str, object], ...]] = {
    "bertopic": tuple({"clustering": "hdbscan", "min_cluster_size": m} for m in (8, 12, 15)),
    "nmf": tuple({"n_topics": k} for k in (5, 8, 12)),
    "lda": tuple({"n_topics": k} for k in (5, 8, 12)),
}
#: The metrics of every run, in table order (see :func:`run_rows`).
METRICS = ("n_topics", "outliers_raw", "outliers", "npmi", "zero_pairs", "npmi_heldout", "heldout_zero_pairs",
           "diversity", "stability", "largest_share", "sharing", "null_mean", "null_low", "null_high", "p_less", "p_more", "cross_speaker", "cross_speaker_null", "specific_topics")


Structures = dict[str, tuple[dict[str, object], ...]]


def grid(centre: bool = True, structures: Structures | None = None,
         vectorizers: Sequence[dict[str, float]] = VECTORIZERS) -> list[tuple[str, TopicSettings, bool]]:
    """Every (model, settings, is a candidate) the sweep fits; BERTopic's other centring is fitted as a twin.

    Every model is crossed with the same ``vectorizers``; give every model of ``structures``
    (default :data:`STRUCTURES`) as many structures, so each gets the same budget (:func:`budget`).
    """
    rows = []
    structures = STRUCTURES if structures is None else structures
    for model in [m for m in MODELS if m in structures]:
        centrings = (centre, not centre) if model == "bertopic" else (False,)
        for structure in structures[model]:
            for vocabulary in vectorizers:
                for centred in centrings:
                    settings = TopicSettings(**structure, **vocabulary, centre=centred, aspects=())
                    rows.append((model, settings, model != "bertopic" or centred == centre))
    return rows


def seeds_for(settings: TopicSettings, n: int = N_SEEDS) -> list[TopicSettings]:
    """``n`` copies of ``settings`` with seeds ``seed``, ``seed + 1``, and so on."""
    return [replace(settings, seed=settings.seed + i) for i in range(n)]


def fit(model: str, chunks: pd.DataFrame, embeddings: np.ndarray, settings: TopicSettings, tokenizer: Tokenizer,
        embedder: BaseEmbedder | None = None, reductions: dict | None = None) -> TopicResult:
    """Fit ``model`` (``"bertopic"``, ``"nmf"`` or ``"lda"``) on the chunks with ``settings``."""
    if model == "bertopic":
        return fit_bertopic(chunks["text"], embeddings, settings, tokenizer, chunks["doc_id"], embedder, reductions)
    if model in ("nmf", "lda"):
        return (fit_nmf if model == "nmf" else fit_lda)(chunks["text"], settings.n_topics, settings, tokenizer)
    raise ValueError(f"unknown model {model!r}: use one of {', '.join(MODELS)}")


def turn_blocks(chunks: pd.DataFrame, turns_per_block: int = 1) -> pd.Series:
    """The permutation blocks of the sharing test: one per turn (``doc_id:turn_id``), or per run of turns.

    With ``turns_per_block`` > 1, each speaker's consecutive turns in a document are grouped in
    runs of that many (a coarser, more cautious null: answers to follow-up questions move together).

    Examples:
        >>> chunks = pd.DataFrame({"doc_id": ["d"] * 4, "turn_id": [1, 1, 3, 5], "speaker": ["a"] * 4})
        >>> turn_blocks(chunks).tolist(), turn_blocks(chunks, 2).tolist()
        (['d:1', 'd:1', 'd:3', 'd:5'], ['d:a:0', 'd:a:0', 'd:a:0', 'd:a:1'])

    """
    if turns_per_block == 1:
        return chunks["doc_id"].astype(str) + ":" + chunks["turn_id"].astype(str)
    rank = chunks.groupby(["doc_id", "speaker"])["turn_id"].rank(method="dense").astype(int) - 1
    return chunks["doc_id"].astype(str) + ":" + chunks["speaker"].astype(str) + ":" + (rank // turns_per_block).astype(str)


def sweep_sample(chunks: pd.DataFrame, max_chunks: int = SWEEP_CHUNKS) -> np.ndarray:
    """Which chunks the sweep is fitted on (boolean mask): all of them up to ``max_chunks``, else a sample of turns.

    Each turn (``doc_id:turn_id``) gets a fixed number in [0, 1) from a hash of its id and is
    kept when it falls below ``max_chunks / len(chunks)``: whole turns, about ``max_chunks``
    chunks, every speaker keeping about that fraction of his turns, and the same turns kept
    whatever else is in the corpus (an added article adds only its own sampled turns).

    Examples:
        >>> chunks = pd.DataFrame({"doc_id": ["d"] * 400, "turn_id": np.arange(400) // 2})
        >>> int(sweep_sample(chunks, 1000).sum()), 120 <= int(sweep_sample(chunks, 200).sum()) <= 280
        (400, True)

    """
    if len(chunks) <= max_chunks:
        return np.ones(len(chunks), dtype=bool)
    blocks = turn_blocks(chunks)
    position = {b: int.from_bytes(hashlib.blake2b(b.encode(), digest_size=8).digest(), "big") / 2**64
                for b in pd.unique(blocks)}  # fmt: skip
    return (blocks.map(position) < max_chunks / len(chunks)).to_numpy()


def turn_folds(chunks: pd.DataFrame, n_folds: int = N_FOLDS, seed: int = SEED) -> np.ndarray:
    """Fold of each chunk: each speaker's turns shuffled (seeded) and dealt in turn into ``n_folds`` folds.

    A turn's chunks share their fold, and every speaker is in every fold he has turns enough for.

    Examples:
        >>> chunks = pd.DataFrame({"doc_id": ["d"] * 4, "turn_id": [0, 0, 1, 2], "speaker": ["a"] * 4})
        >>> folds = turn_folds(chunks)
        >>> bool(folds[0] == folds[1]), sorted(set(folds.tolist()))
        (True, [0, 1])

    """
    rng = np.random.default_rng(seed)
    blocks = turn_blocks(chunks)
    fold_of: dict[str, int] = {}
    for _, group in chunks.groupby("speaker", sort=True):
        for i, turn in enumerate(rng.permutation(pd.unique(blocks.loc[group.index]))):
            fold_of[turn] = i % n_folds
    return blocks.map(fold_of).to_numpy()


def heldout_npmi(model: str, chunks: pd.DataFrame, embeddings: np.ndarray, settings: TopicSettings,
                 tokenizer: Tokenizer, reference: Sequence[Sequence[str]], folds: np.ndarray,
                 reductions: dict | None = None, top_n: int = 10) -> dict[str, float]:
    """Mean over folds of the NPMI of a model fitted without the fold, counted on the fold's chunks only.

    Returns ``npmi_heldout`` and ``heldout_zero_pairs`` (the share of top-word pairs that never
    co-occur in the held-out chunks, :func:`metrics.zero_pair_share`); NaN when no fold's fit
    finds a topic.
    """
    scores, zeros = [], []
    for fold in np.unique(folds):
        train = folds != fold
        part = chunks[train].reset_index(drop=True)
        words = list(fit(model, part, embeddings[train], settings, tokenizer, reductions=reductions).topic_words.values())
        held = [reference[i] for i in np.flatnonzero(~train)]
        scores.append(tm.npmi_coherence(words, held, top_n))
        zeros.append(tm.zero_pair_share(words, held, top_n))
    return {"npmi_heldout": _nanmean(scores), "heldout_zero_pairs": _nanmean(zeros)}


def _nanmean(values: Sequence[float]) -> float:
    """Mean of the values that are not NaN; NaN when all are."""
    kept = [v for v in values if not np.isnan(v)]
    return float(np.mean(kept)) if kept else float("nan")


def run_rows(runs: Sequence[TopicResult], reference: Sequence[Sequence[str]], chunks: pd.DataFrame,
             n_permutations: int = N_PERMUTATIONS, top_n: int = 10) -> list[dict[str, float]]:
    """One row of :data:`METRICS` per run (seed) of one setting.

    ``outliers_raw`` is the share of chunks without a topic before reassignment (HDBSCAN's
    noise; for NMF/LDA the chunks without any vocabulary word), ``outliers`` after it;
    ``stability`` is the run's mean adjusted Rand index with the other runs; the sharing
    columns come from :func:`analysis.topics.null.sharing_test` with turns as blocks (the
    permutation seed is the run's index, so every setting sees the same shuffles).
    """
    per_run = tm.stability_per_run([r.topics for r in runs])
    rows = []
    for i, (run, stable) in enumerate(zip(runs, per_run, strict=True)):
        words = list(run.topic_words.values())
        test = sharing_test(run.topics, chunks["speaker"], turn_blocks(chunks), n_permutations, seed=i)
        rows.append({
            "n_topics": len(run.topic_words), "outliers_raw": float(np.mean(run.before_reassignment() == OUTLIER)),
            "outliers": float(np.mean(run.topics == OUTLIER)), "npmi": tm.npmi_coherence(words, reference, top_n),
            "zero_pairs": tm.zero_pair_share(words, reference, top_n),
            "diversity": tm.topic_diversity(words, top_n), "stability": stable,
            "largest_share": tm.largest_share(run.topics), **test.summary(),
        })  # fmt: skip
    return rows


def knobs(model: str, settings: TopicSettings) -> dict[str, object]:
    """The table columns that identify a setting."""
    bertopic = model == "bertopic"
    return {"model": model, "setting": settings.describe(model), "centre": settings.centre,
            "min_cluster_size": settings.min_cluster_size if bertopic else None,
            "k": None if bertopic else settings.n_topics, "min_df": settings.min_df, "max_df": settings.max_df}  # fmt: skip


def sweep(chunks: pd.DataFrame, embeddings: np.ndarray, tokenizer: Tokenizer, n_seeds: int = N_SEEDS,
          centre: bool = True, n_permutations: int = N_PERMUTATIONS, embedder: BaseEmbedder | None = None,
          structures: Structures | None = None, folder: Path | None = None) -> pd.DataFrame:
    """Every setting of :func:`grid` × ``n_seeds`` seeds: one row per run with its knobs, seed and metrics.

    Cached by content hash (chunks, speakers, turns, embeddings, grid, seeds, permutations and
    the code of this package it runs) in ``folder`` (default: the project cache), so a rerun on
    unchanged data costs nothing. BERTopic settings share their UMAP fits (the reduction
    depends only on centring and seed).
    """
    settings_grid = grid(centre, structures)
    key = content_key(list(chunks.text), list(chunks.speaker), list(turn_blocks(chunks)), embeddings,
                      [(m, s, c) for m, s, c in settings_grid], n_seeds, n_permutations, code_key(__name__))

    def compute() -> pd.DataFrame:
        reference, folds = [list(tokenizer(t)) for t in chunks["text"]], turn_folds(chunks)
        rows, reductions = [], {}
        for model, settings, candidate in settings_grid:
            seeded = seeds_for(settings, n_seeds)
            runs = [fit(model, chunks, embeddings, s, tokenizer, embedder, reductions) for s in seeded]
            for s, row in zip(seeded, run_rows(runs, reference, chunks, n_permutations), strict=True):
                heldout = heldout_npmi(model, chunks, embeddings, s, tokenizer, reference, folds, reductions)
                rows.append({**knobs(model, settings), "candidate": candidate, "seed": s.seed, **row, **heldout})
        return pd.DataFrame(rows)

    return cached_frame("topic_sweep", key, compute, folder)


def budget(runs: pd.DataFrame) -> pd.DataFrame:
    """Per model: candidate settings, fits (settings × seeds) and seeds per setting — the search budget.

    Examples:
        >>> runs = pd.DataFrame({"model": ["nmf"] * 4, "setting": ["a", "a", "b", "b"], "candidate": [True] * 4,
        ...                      "seed": [1, 2, 1, 2]})
        >>> budget(runs).to_dict("records")
        [{'model': 'nmf', 'settings': 2, 'fits': 4, 'seeds': 2}]

    """
    candidates = runs[runs["candidate"]]
    grouped = candidates.groupby("model", sort=False)
    table = pd.DataFrame({"settings": grouped["setting"].nunique(), "fits": grouped.size(),
                          "seeds": grouped["seed"].nunique()})  # fmt: skip
    return table.reset_index()


def summarise(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per setting: mean and SD (``<metric>_sd``) over seeds of every metric, and the sharing test over seeds.

    ``p_less_max`` / ``p_more_max`` are the largest p over the seeds; ``rejects_less`` /
    ``rejects_more`` count the seeds whose p is below :data:`analysis.topics.null.ALPHA`.
    """
    keys = ["model", "setting", "centre", "min_cluster_size", "k", "min_df", "max_df", "candidate"]
    runs = runs.assign(rejects_less=runs["p_less"] < ALPHA, rejects_more=runs["p_more"] < ALPHA)
    grouped = runs.groupby(keys, dropna=False, sort=False)
    means, sds = grouped[list(METRICS)].mean(), grouped[list(METRICS)].std(ddof=1).add_suffix("_sd")
    extremes = grouped[["p_less", "p_more"]].max().add_suffix("_max")
    rejects = grouped[["rejects_less", "rejects_more"]].sum()
    return pd.concat([grouped.size().rename("seeds"), means, sds, extremes, rejects], axis=1).reset_index()


#: The selection criterion of :func:`choose` (a seed-mean column of :func:`summarise`).
CRITERION = "npmi_heldout"


def choose(summary: pd.DataFrame, min_topics: float = MIN_TOPICS, criterion: str = CRITERION) -> pd.DataFrame:
    """Each model's chosen setting: the candidate with the highest mean ``criterion`` among those with ≥ ``min_topics`` topics.

    A model none of whose candidates reaches ``min_topics`` gets the candidate with the most
    topics instead. The ``why`` column says which rule picked the row.
    """
    rows = []
    for model in [m for m in MODELS if m in set(summary["model"])]:
        candidates = summary[(summary["model"] == model) & summary["candidate"]]
        eligible = candidates[candidates["n_topics"] >= min_topics]
        if len(eligible):
            row = eligible.loc[eligible[criterion].idxmax()].copy()
            row["why"] = (f"highest mean {criterion} of the {len(eligible)} of {len(candidates)} settings "
                          f"with ≥ {min_topics:g} topics on average")
        else:
            row = candidates.loc[candidates["n_topics"].idxmax()].copy()
            row["why"] = f"no setting reaches {min_topics:g} topics on average: the one with the most topics"
        rows.append(row)
    return pd.DataFrame(rows).reset_index(drop=True)


def twin(summary: pd.DataFrame, row: pd.Series) -> pd.Series | None:
    """The BERTopic setting that differs from ``row`` only in centring (None for NMF/LDA)."""
    if row["model"] != "bertopic":
        return None
    same = (summary["model"] == "bertopic") & (summary["centre"] != row["centre"])
    for column in ("min_cluster_size", "min_df", "max_df"):
        same &= summary[column] == row[column]
    return summary[same].iloc[0]
