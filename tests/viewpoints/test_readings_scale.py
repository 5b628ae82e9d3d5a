"""Notebook 04's coverage statements name coded and uncoded guests; neighbour lists hold for 5 and 40 guests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.viewpoints.claims import coding_coverage, quoted_guests
from analysis.viewpoints.similarity import nearest_neighbours, stance_agreement


def _stances(n: int, coded: int) -> pd.DataFrame:
    return pd.DataFrame([{"speaker": f"g{i}", "proposition": p, "stance": "agree" if i < coded else "not_coded", "note": ""}
                         for i in range(n) for p in ("p", "q")])  # fmt: skip


@pytest.mark.parametrize("n", [5, 40])
def test_coding_coverage_says_who_is_coded(n):
    text = coding_coverage(_stances(n, coded=min(n, 5)), {})
    assert f"coded for {min(n, 5)} of {n} guests" in text
    assert ("not coded: none" in text) == (n == 5)
    if n > 5:
        assert f"and {n - 5 - 12} more" in text


def test_uncoded_guests_take_no_part_in_stance_agreement():
    table = stance_agreement(_stances(4, coded=2), [f"g{i}" for i in range(4)])
    assert table.set_index(["a", "b"]).n_shared.to_dict() == {("g0", "g1"): 2, ("g0", "g2"): 0, ("g0", "g3"): 0,
                                                              ("g1", "g2"): 0, ("g1", "g3"): 0, ("g2", "g3"): 0}  # fmt: skip


@pytest.mark.parametrize("n", [5, 40])
def test_every_guest_gets_k_neighbours_best_first(n):
    rng = np.random.default_rng(0)
    a, b = np.triu_indices(n, 1)
    values = rng.uniform(0, 1, len(a))
    pairs = pd.DataFrame({"a": [f"g{i}" for i in a], "b": [f"g{j}" for j in b], "embedding": values,
                          "embedding_low": values - 0.05, "embedding_high": values + 0.05})  # fmt: skip
    table = nearest_neighbours(pairs, k=3)
    assert table.groupby("speaker").size().eq(3).all() and table.speaker.nunique() == n
    assert (table.groupby("speaker").embedding.diff().dropna() <= 0).all()


@pytest.mark.parametrize("n", [5, 40])
def test_quote_panels_say_when_they_show_some_guests(n):
    guests = [f"g{i}" for i in range(n)]
    intervals = pd.DataFrame({"speaker": guests, "theme": "t", "measure": "coverage", "point": np.linspace(0, 1, n)})
    shown, note = quoted_guests(intervals, "t", guests, k=6)
    assert len(shown) == min(n, 6) and (note == "") == (n <= 6)
    if n > 6:
        assert shown[0] == f"g{n - 1}" and f"6 of {n} guests" in note
