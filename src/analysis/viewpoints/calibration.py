"""How the theme scoring was calibrated: which prototype ranks the dev judgments best, and which thresholds.

The dev judgments (``data/theme_dev.csv``) are turns a reader marked as typical of one speaker on
one theme. Two measurements use them:

* :func:`compare_prototypes`: for each way of building a theme prototype (the description or the
  seed-term centroid, embedded as a query or as a passage), how many judged turns rank among the
  speaker's top ``k`` turns on the theme by standardized similarity alone;
* :func:`threshold_sweep`: for pairs of (``THRESHOLD``, ``EMBEDDING_ONLY_THRESHOLD``), how many
  guest sentences get 0, 1 or 2+ themes and what share of judged turns keep a sentence on their theme.

Both are in-sample: the same judgments chose the settings, so they show that the choice is
consistent with the judgments, not how well it generalises.

Examples:
    >>> dev = pd.DataFrame({"speaker": ["a"], "theme": ["x"], "doc_id": ["d"], "snippet": ["好奇心"]})
    >>> turns = pd.DataFrame({"doc_id": ["d", "d"], "turn_id": [0, 1], "text": ["别的", "好奇心最重要"]})
    >>> judged_turns(dev, turns)
    [{('d', 1)}]

"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.corpus import Corpus
from analysis.text.embeddings import Backend, embed_passages, embed_queries
from analysis.viewpoints import themes as th

#: The threshold pairs tried by :func:`threshold_sweep` (embedding-only is never below the threshold).
THRESHOLDS = (0.5, 0.75, 1.0, 1.25, 1.5)
EMBEDDING_ONLY = (1.0, 1.5, 2.0)


def judged_turns(dev: pd.DataFrame, turns: pd.DataFrame) -> list[set[tuple[str, int]]]:
    """For each judgment, the (doc_id, turn_id) of the turns whose text holds its snippet."""
    return [
        set(turns.loc[(turns.doc_id == r.doc_id) & turns.text.str.contains(r.snippet, regex=False),
                      ["doc_id", "turn_id"]].itertuples(index=False, name=None))
        for r in dev.itertuples()
    ]  # fmt: skip


def dev_hits(similarity: np.ndarray, spoken: pd.DataFrame, dev: pd.DataFrame, wanted: Sequence[set], theme_ids: list[str],
             k: int = 5) -> int:
    """How many judged turns are among their speaker's ``k`` best turns on the theme (standardized similarity).

    ``similarity`` has one row per sentence of ``spoken`` and one column per theme of ``theme_ids``.

    Examples:
        >>> spoken = pd.DataFrame({"speaker": ["a", "a"], "doc_id": ["d", "d"], "turn_id": [0, 1]})
        >>> dev = pd.DataFrame({"speaker": ["a"], "theme": ["x"]})
        >>> dev_hits(np.array([[0.1, 0.5], [0.9, 0.2]]), spoken, dev, [{("d", 1)}], ["x", "y"], k=1)
        1

    """
    z = th.standardize(similarity)
    hits = 0
    for r, turns in zip(dev.itertuples(), wanted, strict=True):
        rows = spoken.assign(s=z[:, theme_ids.index(r.theme)])[spoken.speaker == r.speaker]
        top = rows.sort_values("s", ascending=False, kind="stable").drop_duplicates(["doc_id", "turn_id"]).head(k)
        hits += bool(turns & set(zip(top.doc_id, top.turn_id, strict=True)))
    return hits


def prototype_variants(themes: pd.DataFrame, model: str | Backend | None = None) -> dict[str, np.ndarray]:
    """The four candidate prototypes per theme, one unit vector per theme each."""
    return {
        "description as query": embed_queries(themes.description.tolist(), model=model),
        "description as passage": embed_passages(themes.description.tolist(), model=model, progress=False),
        "seed centroid as query": th.seed_centroids(themes, "query", model),
        "seed centroid as passage": th.seed_centroids(themes, "passage", model),
    }


def compare_prototypes(corpus: Corpus, dev: pd.DataFrame, model: str | Backend | None = None, k: int = 5) -> pd.Series:
    """Dev hits (see :func:`dev_hits`) of each prototype variant, by similarity alone."""
    themes = th.load_themes()
    spoken = th.spoken_sentences(corpus)
    vectors = embed_passages(spoken.text.tolist(), model=model, progress=False)
    wanted = judged_turns(dev, corpus.turns)
    hits = {name: dev_hits(vectors @ p.T, spoken, dev, wanted, themes.id.tolist(), k)
            for name, p in prototype_variants(themes, model).items()}  # fmt: skip
    return pd.Series(hits, name=f"dev hits of {len(dev)}")


def threshold_sweep(scores: pd.DataFrame, dev: pd.DataFrame, turns: pd.DataFrame,
                    thresholds: Sequence[float] = THRESHOLDS, embedding_only: Sequence[float] = EMBEDDING_ONLY) -> pd.DataFrame:
    """Per threshold pair: share of guest sentences with 0, 1, 2+ themes, and of judged turns still covered.

    ``scores`` is the long table of :func:`analysis.viewpoints.themes.cached_scores`.
    """
    guest = scores[scores.role == "guest"]
    embedding_part = guest.emb_sentence + th.TURN_WEIGHT * guest.emb_turn
    judged = {(r.speaker, r.theme, key) for r, keys in zip(dev.itertuples(), judged_turns(dev, turns), strict=True)
              for key in keys}  # fmt: skip
    rows = []
    for threshold in thresholds:
        for only in (e for e in embedding_only if e >= threshold):
            assigned = (guest.score >= threshold) & (guest.by_seed | (embedding_part >= only))
            labels = assigned.groupby(guest.row).sum()
            on = guest[assigned]
            covered = {(s, t, (d, i)) for s, t, d, i in zip(on.speaker, on.theme, on.doc_id, on.turn_id, strict=True)}
            rows.append({"threshold": threshold, "embedding_only": only, "0 themes": (labels == 0).mean(),
                         "1 theme": (labels == 1).mean(), "2+ themes": (labels >= 2).mean(),
                         "dev turns covered": len(judged & covered) / max(len(judged), 1)})  # fmt: skip
    return pd.DataFrame(rows)
