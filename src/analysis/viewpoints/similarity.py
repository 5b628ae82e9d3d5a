"""Who sounds like whom: speaker similarity overall and per theme (figures: ``analysis.plots.viewpoints``).

Two measures, shown side by side because they answer different questions:

* embedding: cosine between speakers' centroids (mean sentence vector, after subtracting the mean
  of all the sentences compared: e5 vectors share a large common component that would put every
  pair near 1), i.e. what they talk about and how, as the multilingual e5 model sees it;
* TF-IDF: cosine between speakers' TF-IDF vectors over the domain tokenizer's words
  (``analysis.text.tokenizer``), i.e. which words they share.

Each guest comes from one interview, so similarity mixes viewpoint with the interview's style and
questions; per-theme similarity (only sentences assigned to the theme) reduces that mix.

Examples:
    >>> m = cosine_matrix(pd.DataFrame([[1.0, 0.0], [1.0, 1.0]], index=["a", "b"]))
    >>> m.round(2).loc["a", "b"].item()
    0.71

"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.text.tokenizer import tokenize

#: A speaker needs at least this many sentences on a theme to enter that theme's similarity.
MIN_SENTENCES = 3


def cosine_matrix(vectors: pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity between the rows of ``vectors`` (index = speakers)."""
    unit = vectors.to_numpy() / np.linalg.norm(vectors.to_numpy(), axis=1, keepdims=True)
    return pd.DataFrame(unit @ unit.T, index=vectors.index, columns=vectors.index)


def _eligible(rows: pd.DataFrame, speakers: list[str]) -> list[str]:
    counts = rows.speaker.value_counts()
    return [s for s in speakers if counts.get(s, 0) >= MIN_SENTENCES]


def embedding_similarity(rows: pd.DataFrame, vectors: np.ndarray, speakers: list[str]) -> pd.DataFrame:
    """Cosine of speaker centroids of the centred vectors; speakers with fewer than ``MIN_SENTENCES`` rows are left out.

    Examples:
        >>> rows = pd.DataFrame({"speaker": ["a"] * 3 + ["b"] * 3})
        >>> vectors = np.array([[1.0, 0.0]] * 3 + [[0.0, 1.0]] * 3)
        >>> embedding_similarity(rows, vectors, ["a", "b"]).round(2).to_numpy().tolist()
        [[1.0, -1.0], [-1.0, 1.0]]

    """
    keep = _eligible(rows, speakers)
    centred = vectors - vectors.mean(axis=0)
    centroids = pd.DataFrame({s: centred[(rows.speaker == s).to_numpy()].mean(axis=0) for s in keep}).T
    return cosine_matrix(centroids)


def tfidf_similarity(rows: pd.DataFrame, speakers: list[str]) -> pd.DataFrame:
    """Cosine of speakers' TF-IDF vectors (one document per speaker, sublinear term frequency).

    Examples:
        >>> rows = pd.DataFrame({"speaker": ["a"] * 3 + ["b"] * 3, "text": ["大模型的规模"] * 3 + ["大脑的功耗"] * 3})
        >>> tfidf_similarity(rows, ["a", "b"]).loc["a", "a"].round(2).item()
        1.0

    """
    keep = _eligible(rows, speakers)
    documents = [" ".join(rows.loc[rows.speaker == s, "text"]) for s in keep]
    vectorizer = TfidfVectorizer(analyzer=tokenize, sublinear_tf=True)
    matrix = vectorizer.fit_transform(documents).toarray()
    return cosine_matrix(pd.DataFrame(matrix, index=keep))


def upper_pairs(matrix: pd.DataFrame, name: str) -> pd.Series:
    """The pairs above the diagonal of a square matrix, as a Series indexed by (a, b).

    Examples:
        >>> m = pd.DataFrame([[1.0, 0.5], [0.5, 1.0]], index=["a", "b"], columns=["a", "b"])
        >>> upper_pairs(m, "sim").to_dict()
        {('a', 'b'): 0.5}

    """
    a, b = np.triu_indices(len(matrix), 1)
    index = pd.MultiIndex.from_arrays([matrix.index[a], matrix.columns[b]], names=["a", "b"])
    return pd.Series(matrix.to_numpy()[a, b], index=index, name=name)


def similarity_tree(similarity: pd.DataFrame) -> np.ndarray:
    """Average-linkage hierarchy of the rows of a similarity matrix, on ``1 - similarity`` (scipy linkage)."""
    distance = squareform(1 - similarity.to_numpy(), checks=False).clip(min=0)
    return linkage(distance, method="average")


def pair_table(embedding: pd.DataFrame, tfidf: pd.DataFrame) -> pd.DataFrame:
    """The speaker pairs with their embedding and TF-IDF similarity, one row per pair."""
    return pd.concat([upper_pairs(embedding, "embedding"), upper_pairs(tfidf, "tfidf")], axis=1).reset_index()
