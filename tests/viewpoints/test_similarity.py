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
