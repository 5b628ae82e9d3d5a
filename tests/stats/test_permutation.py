"""The grouping permutation test: same-label means against a pair loop, the shuffles, the one-sided p."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from analysis.stats import permutation
from analysis.stats.permutation import permutation_p, same_label_mean, shuffled_labels


def _loop_mean(distance: np.ndarray, labels: np.ndarray) -> float:
    values = [distance[i, j] for i, j in combinations(range(len(labels)), 2) if labels[i] == labels[j]]
    return float(np.mean(values)) if values else np.nan


def _random(seed: int, n: int = 15) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    points = rng.random((n, 3))
    distance = np.sqrt(((points[:, None] - points[None]) ** 2).sum(axis=2))
    return distance, rng.integers(0, 5, n)


@pytest.mark.parametrize("seed", range(5))
def test_same_label_mean_equals_a_loop_over_pairs(seed):
    distance, labels = _random(seed)
    draws = shuffled_labels(labels, 40, np.random.default_rng(seed))
    assert same_label_mean(distance, draws) == pytest.approx([_loop_mean(distance, d) for d in draws], rel=1e-12)


def test_blocks_of_shuffles_give_the_same_means_as_one(monkeypatch):
    distance, labels = _random(0)
    draws = shuffled_labels(labels, 50, np.random.default_rng(1))
    whole = same_label_mean(distance, draws)
    monkeypatch.setattr(permutation, "CHUNK", 7)
    assert np.array_equal(same_label_mean(distance, draws), whole)


def test_labels_with_no_pair_give_nan():
    assert np.isnan(same_label_mean(np.ones((3, 3)), np.array([[0, 1, 2]]))).all()


def test_each_shuffle_keeps_the_label_counts_and_follows_one_permutation_a_draw():
    labels = np.array([0, 0, 0, 1, 1, 2, 3, 3])
    draws = shuffled_labels(labels, 30, np.random.default_rng(5))
    assert draws.shape == (30, 8) and all(sorted(d) == sorted(labels) for d in draws)
    assert len({tuple(d) for d in draws}) > 20  # shuffles differ
    rng = np.random.default_rng(5)
    assert np.array_equal(draws, [rng.permutation(labels) for _ in range(30)])


def test_p_counts_the_shuffles_as_extreme_with_ties():
    null = np.array([0.1, 0.2, 0.3, 0.4])
    assert permutation_p(0.2, null) == pytest.approx(3 / 5)  # 0.1 and 0.2 at most 0.2
    assert permutation_p(0.2, null, "greater") == pytest.approx(4 / 5)  # 0.2, 0.3, 0.4
    assert permutation_p(0.2 - 1e-15, null) == pytest.approx(3 / 5)  # a rounding-level difference is a tie
    assert permutation_p(0.05, null) == pytest.approx(1 / 5)


def test_a_clear_grouping_is_found_and_no_grouping_is_not():
    rng = np.random.default_rng(2)
    labels = np.repeat(np.arange(6), 3)
    points = labels[:, None] + rng.normal(0, 0.1, (18, 2))  # each label a tight cluster
    distance = np.sqrt(((points[:, None] - points[None]) ** 2).sum(axis=2))
    null = same_label_mean(distance, shuffled_labels(labels, 499, rng))
    assert permutation_p(same_label_mean(distance, labels[None])[0], null) == pytest.approx(1 / 500)
    noise = rng.random((18, 2))
    distance = np.sqrt(((noise[:, None] - noise[None]) ** 2).sum(axis=2))
    null = same_label_mean(distance, shuffled_labels(labels, 499, rng))
    assert permutation_p(same_label_mean(distance, labels[None])[0], null) > 0.01
