"""Speaker similarity (analysis.viewpoints.similarity)."""

from __future__ import annotations

import numpy as np

from analysis.viewpoints.quotations import theme_statements
from analysis.viewpoints.similarity import embedding_similarity, similarity_tree, tfidf_similarity

GUESTS = ["kaiming-he", "yubei-chen", "liwei-wang", "geoffrey-hinton", "andrej-karpathy"]


def test_similarity_matrices_are_symmetric_with_unit_diagonal() -> None:
    rows, vectors = theme_statements("brain")
    for matrix in (embedding_similarity(rows, vectors, GUESTS), tfidf_similarity(rows, GUESTS)):
        assert np.allclose(matrix.to_numpy(), matrix.to_numpy().T)
        assert np.allclose(np.diag(matrix.to_numpy()), 1)



def test_similarity_tree_joins_the_closest_pair_first() -> None:
    import pandas as pd

    similarity = pd.DataFrame([[1.0, 0.9, 0.1], [0.9, 1.0, 0.2], [0.1, 0.2, 1.0]], index=list("abc"), columns=list("abc"))
    tree = similarity_tree(similarity)
    assert sorted(tree[0, :2].astype(int).tolist()) == [0, 1]
    assert np.isclose(tree[0, 2], 0.1)


def _toy(n_turns: int = 6):
    import pandas as pd

    rng = np.random.default_rng(0)
    rows = pd.DataFrame({"speaker": np.repeat(["a", "b", "c"], n_turns * 2), "doc_id": np.repeat(["x", "y", "z"], n_turns * 2),
                         "turn_id": np.tile(np.repeat(np.arange(n_turns), 2), 3),
                         "text": ["规模和数据很重要", "大脑的功耗很低"] * n_turns * 3})  # fmt: skip
    vectors = rng.normal(size=(len(rows), 8)) + np.repeat(np.eye(8)[:3] * 3, n_turns * 2, axis=0)
    return rows, vectors


def test_bootstrap_intervals_contain_the_estimate_and_are_deterministic() -> None:
    from analysis.viewpoints.similarity import bootstrap_pairs

    rows, vectors = _toy()
    first = bootstrap_pairs(rows, vectors, ["a", "b", "c"], n_boot=50)
    again = bootstrap_pairs(rows, vectors, ["a", "b", "c"], n_boot=50)
    assert first.equals(again)
    for m in ("embedding", "tfidf"):
        assert (first[f"{m}_low"] <= first[m] + 1e-12).all() and (first[m] <= first[f"{m}_high"] + 1e-12).all()
    assert (first.embedding_high > first.embedding_low).all()


def test_centring_on_an_outside_background_does_not_force_negative_cosines() -> None:
    rows = np.array([[1.0, 0.2], [1.0, 0.3], [1.0, 0.4]])
    import pandas as pd

    table = pd.DataFrame({"speaker": ["a"] * 3 + ["b"] * 3})
    vectors = np.vstack([rows, rows + np.array([0.0, 0.05])])
    # centring on the compared speakers' own mean makes two near-identical speakers opposite (−1)
    own = embedding_similarity(table, vectors - vectors.mean(axis=0), ["a", "b"]).loc["a", "b"]
    outside = embedding_similarity(table, vectors - np.array([0.0, 0.0]), ["a", "b"]).loc["a", "b"]
    assert own < -0.9 and outside > 0.9


def test_stance_agreement_reference_and_validity() -> None:
    import pandas as pd

    from analysis.viewpoints.similarity import stance_agreement, validity

    stances = pd.DataFrame({"speaker": list("abc") * 2, "proposition": ["p"] * 3 + ["q"] * 3,
                            "stance": ["agree", "agree", "disagree", "mixed", "not_addressed", "mixed"]})  # fmt: skip
    pairs = stance_agreement(stances, list("abc")).set_index(["a", "b"])
    assert pairs.loc[("a", "b"), "n_shared"] == 1 and pairs.loc[("a", "b"), "stance_agreement"] == 1.0
    assert pairs.loc[("a", "c"), "stance_agreement"] == 0.5
    table = pairs.reset_index().assign(embedding=[0.9, 0.1, 0.2], tfidf=[0.1, 0.9, 0.8])
    v = validity(table).set_index("measure").spearman_rho
    assert v["embedding"] > 0 > v["tfidf"]
