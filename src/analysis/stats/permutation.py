"""Permutation test of grouping: are items with the same label closer than under shuffled labels.

Used where a person has several interviews: the items are interviews, the label their person,
the distance a profile distance (terms and themes in :mod:`analysis.stats.replication`, topic
mixes in :mod:`analysis.topics.interviews`). The statistic is the mean distance over the pairs of
items that share a label; the null shuffles the labels over the items (each label keeps its
number of items), all shuffles drawn at once from ``rng`` (``Generator.permuted``, row by row:
the same stream as one ``rng.permutation`` per shuffle). The p-value counts the shuffles at
least as extreme as the observed value, ``(1 + k) / (1 + n)``, with a 1e-12 tolerance so that a
shuffle that reproduces the observed grouping counts as a tie whatever the rounding.

Examples:
    >>> distance = np.array([[0.0, 0.1, 0.9, 0.9], [0.1, 0.0, 0.9, 0.9], [0.9, 0.9, 0.0, 0.1], [0.9, 0.9, 0.1, 0.0]])
    >>> labels = np.array([0, 0, 1, 1])
    >>> same_label_mean(distance, labels[None, :]).round(3).tolist()
    [0.1]
    >>> null = same_label_mean(distance, shuffled_labels(labels, 99, np.random.default_rng(0)))
    >>> permutation_p(0.1, null) < 0.5
    True

"""

from __future__ import annotations

from typing import Literal

import numpy as np

#: Shuffles compared in one block (bounds memory at ``CHUNK × items²`` values).
CHUNK = 256


def shuffled_labels(labels: np.ndarray, n_perm: int, rng: np.random.Generator) -> np.ndarray:
    """``n_perm × len(labels)``: each row a random shuffle of ``labels``."""
    return rng.permuted(np.tile(labels, (n_perm, 1)), axis=1)


def same_label_mean(distance: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """Mean of ``distance`` over the pairs ``i < j`` whose labels are equal, for each row of ``draws`` (NaN: no pair).

    ``distance`` is a square matrix over the items, ``draws`` is ``shuffles × items`` labels.
    """
    upper = np.triu(np.ones_like(distance, dtype=bool), 1)
    means = []
    for start in range(0, len(draws), CHUNK):
        block = draws[start : start + CHUNK]
        same = (block[:, :, None] == block[:, None, :]) & upper
        with np.errstate(invalid="ignore", divide="ignore"):
            means.append((same * distance).sum(axis=(1, 2)) / same.sum(axis=(1, 2)))
    return np.concatenate(means) if means else np.array([])


def permutation_p(observed: float, null: np.ndarray, alternative: Literal["less", "greater"] = "less") -> float:
    """One-sided permutation p ``(1 + k) / (1 + n)``: ``k`` null values at most (``less``) or at least the observed."""
    extreme = null <= observed + 1e-12 if alternative == "less" else null >= observed - 1e-12
    return float((1 + extreme.sum()) / (1 + len(null)))
