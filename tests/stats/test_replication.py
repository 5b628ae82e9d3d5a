"""Person vs interview: within/between distances, the permutation p, the people bootstrap, nearest own interview."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.replication import distances, own_rank, person_effect, repeat_people, shares


def _profiles(rows: list[tuple[str, str, list[float]]]) -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples([(p, i) for p, i, _ in rows])
    return pd.DataFrame([v for *_, v in rows], index=index, columns=["x", "y", "z"])


def test_shares_sum_to_one_per_interview():
    long = pd.DataFrame({"p": ["a", "a", "b"], "i": [1, 1, 2], "f": ["x", "y", "z"], "count": [1, 3, 5]})
    table = shares(long, "p", "i", "f")
    assert np.allclose(table.sum(axis=1), 1.0) and table.loc[("a", 1), "y"] == 0.75


def test_distances_are_jensen_shannon_base_2():
    matrix = distances(_profiles([("a", "1", [1, 0, 0]), ("b", "2", [0, 1, 0]), ("c", "3", [1, 0, 0])]))
    assert matrix[0, 1] == 1.0 and matrix[0, 2] == 0.0  # disjoint supports: the maximum; equal: 0


def test_a_person_whose_interviews_agree_gets_a_small_ratio_and_p():
    rng = np.random.default_rng(0)
    rows = []
    for k, person in enumerate("abcdef"):
        centre = np.roll([0.7, 0.2, 0.1], k)
        rows += [(person, f"{person}{j}", list(centre + rng.uniform(0, 0.05, 3))) for j in range(2)]
    profiles = _profiles(rows)
    profiles = profiles.div(profiles.sum(axis=1), axis=0)
    effect = person_effect(profiles, n_perm=500, n_boot=300)
    assert effect["n_people"] == 6 and effect["n_interviews"] == 12
    assert effect["ratio"] < 0.3 and effect["p_value"] < 0.01
    assert effect["ratio_low"] <= effect["ratio"] <= effect["ratio_high"] < 1


def test_when_the_person_does_not_matter_the_p_value_is_not_small():
    rng = np.random.default_rng(1)
    values = rng.dirichlet([5, 5, 5], size=24)
    profiles = _profiles([(f"p{k // 2}", str(k), list(v)) for k, v in enumerate(values)])
    effect = person_effect(profiles, n_perm=500, n_boot=200)
    assert effect["p_value"] > 0.05 and effect["ratio_low"] < 1 < effect["ratio_high"]


def test_no_repeat_person_gives_nan_not_a_number_that_looks_like_a_finding():
    profiles = _profiles([("a", "1", [1, 0, 0]), ("b", "2", [0, 1, 0])])
    effect = person_effect(profiles, n_perm=10, n_boot=10)
    assert repeat_people(profiles) == [] and effect["n_people"] == 0 and np.isnan(effect["ratio"])


def test_own_rank_names_the_nearest_interview():
    profiles = _profiles([("a", "a1", [0.9, 0.1, 0]), ("a", "a2", [0.7, 0.0, 0.3]), ("b", "b1", [0.8, 0.2, 0]),
                          ("c", "c1", [0.5, 0.5, 0])])  # fmt: skip
    ranks = own_rank(profiles).set_index("interview")
    assert ranks.loc["a1", "own_rank"] == 3 and ranks.loc["a1", "nearest_other_person"] == "b"
    assert ranks.loc["a2", "own_rank"] == 1 and ranks.loc["a2", "n_others"] == 3
