"""Cohen's κ and Krippendorff's α: hand-computed cases, undefined cases, the bootstrap's integer forms."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from analysis.stats.agreement import alpha_codes, cohen_kappa, kappa_codes, krippendorff_alpha

A = ["agree", "agree", "not_addressed", "not_addressed"]
B = ["agree", "not_addressed", "not_addressed", "not_addressed"]


def test_kappa_and_alpha_match_the_hand_computation():
    # κ: observed 3/4; chance agree 2/4·1/4 + not_addressed 2/4·3/4 = 1/2 → (3/4 − 1/2)/(1 − 1/2) = 0.5
    assert cohen_kappa(A, B) == pytest.approx(0.5)
    # α (nominal): 8 values, agree 3, not_addressed 5; one disagreeing unit gives coincidences o(ag,na) = o(na,ag) = 1
    # D_o = 2/8; D_e = 2·3·5/(8·7) = 30/56 → α = 1 − (2/8)/(30/56) = 1 − 7/15 = 8/15
    assert krippendorff_alpha([A, B]) == pytest.approx(8 / 15)
    # three coders: α over all; a third coder who disagrees more lowers it
    assert krippendorff_alpha([A, B, ["agree", "agree", "not_addressed", "agree"]]) < krippendorff_alpha([A, B])


def test_one_label_throughout_leaves_kappa_and_alpha_undefined():
    same = ["not_addressed"] * 3
    assert math.isnan(cohen_kappa(same, same)) and math.isnan(krippendorff_alpha([same, same]))
    assert math.isnan(kappa_codes(np.zeros(3, int), np.zeros(3, int), 4))


def test_a_value_outside_the_domain_is_refused():
    with pytest.raises(KeyError):
        krippendorff_alpha([A, ["agree", "agree", "maybe", "agree"]], values=["agree", "not_addressed"])


@pytest.mark.parametrize("seed", range(20))
def test_integer_forms_equal_the_packages_on_random_codings(seed):
    rng = np.random.default_rng(seed)
    k, n = int(rng.integers(2, 6)), int(rng.integers(5, 300))
    x = rng.integers(0, k, n)
    y = np.where(rng.random(n) < rng.random(), x, rng.integers(0, k, n))  # agreement from none to much
    if len(set(x) | set(y)) < 2:
        pytest.skip("one label drawn")
    assert kappa_codes(x, y, k) == pytest.approx(cohen_kappa_score(x, y), rel=1e-12, abs=1e-12)
    data = np.stack([x, y, rng.integers(0, k, n)])
    expected = krippendorff.alpha(reliability_data=data.astype(float), level_of_measurement="nominal")
    assert alpha_codes(data, k) == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_labels_and_integer_codes_give_the_same_numbers():
    rng = np.random.default_rng(1)
    labels = np.array(["agree", "disagree", "mixed", "not_addressed"])
    x, y = rng.integers(0, 4, 200), rng.integers(0, 4, 200)
    assert cohen_kappa(labels[x], labels[y]) == pytest.approx(kappa_codes(x, y, 4), rel=1e-12)
    assert krippendorff_alpha([labels[x], labels[y]]) == alpha_codes(np.stack([x, y]), 4)
