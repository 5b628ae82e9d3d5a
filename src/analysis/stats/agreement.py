"""Agreement between coders: Cohen's κ of two codings, Krippendorff's α (nominal) of any number.

The one place the project computes them (stance reliability in
:mod:`analysis.viewpoints.agreement`, quote labels in :mod:`analysis.viewpoints.quote_labels`).
On labels, κ is scikit-learn's ``cohen_kappa_score`` and α the ``krippendorff`` package's
``alpha`` (nominal, fed per-cell value counts). Both are undefined (NaN here) when only one label
occurs.

A bootstrap computes κ thousands of times on integer codes: :func:`kappa_codes` is the same
formula on integer arrays (observed agreement against the product of the two label counts), about
100 times faster than ``cohen_kappa_score`` (≈ 40 µs against ≈ 4 ms a call on 1,300 cells, where
the stance reliability table calls it 22,000 times); ``tests/stats/test_agreement.py`` checks that
it equals ``cohen_kappa_score`` on random codings. :func:`alpha_codes` is the package's ``alpha``
on the value counts of integer codes.

Examples:
    >>> a = ["agree", "agree", "not_addressed", "not_addressed"]
    >>> b = ["agree", "not_addressed", "not_addressed", "not_addressed"]
    >>> round(cohen_kappa(a, b), 3), round(krippendorff_alpha([a, b]), 3)
    (0.5, 0.533)
    >>> round(kappa_codes(np.array([0, 0, 1, 1]), np.array([0, 1, 1, 1]), 2), 3)
    0.5

"""

from __future__ import annotations

from collections.abc import Sequence

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score


def cohen_kappa(a: Sequence, b: Sequence) -> float:
    """Cohen's κ (``sklearn.metrics.cohen_kappa_score``) of two codings of the same cells; NaN with one label only."""
    if len(set(a) | set(b)) < 2:
        return float("nan")
    return float(cohen_kappa_score(a, b))


def krippendorff_alpha(codings: Sequence[Sequence], values: Sequence | None = None) -> float:
    """Krippendorff's α (nominal, ``krippendorff`` package) of any number of codings of the same cells.

    ``values`` is the value domain (default: the values that occur, sorted as text); a value outside it
    raises ``KeyError``. NaN when fewer than two values occur.
    """
    domain = sorted(set().union(*map(set, codings)), key=str) if values is None else list(values)
    index = {value: i for i, value in enumerate(domain)}
    return alpha_codes(np.array([[index[v] for v in coding] for coding in codings]), len(domain))


def kappa_codes(x: np.ndarray, y: np.ndarray, k: int) -> float:
    """Cohen's κ of two integer-coded arrays (codes ``0 … k-1``): the bootstrap's fast form of :func:`cohen_kappa`."""
    n = len(x)
    chance = float(np.dot(np.bincount(x, minlength=k), np.bincount(y, minlength=k))) / n**2
    return float("nan") if chance >= 1 else (float(np.mean(x == y)) - chance) / (1 - chance)


def alpha_codes(data: np.ndarray, k: int) -> float:
    """Krippendorff's α (nominal) of integer-coded ``coders × cells`` data (codes ``0 … k-1``), through value counts."""
    counts = np.eye(k, dtype=int)[data].sum(axis=0)
    if (counts.sum(axis=0) > 0).sum() < 2:
        return float("nan")
    return float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal"))
