"""Who sounds like whom: speaker similarity overall and per theme, and the figures of notebook 04.

Two measures, shown side by side because they answer different questions:

* embedding: cosine between speakers' centroids (mean sentence vector, after subtracting the mean
  of all the sentences compared: e5 vectors share a large common component that would put every
  pair near 1), i.e. what they talk about and how, as the multilingual e5 model sees it;
* TF-IDF: cosine between speakers' TF-IDF vectors over the domain tokenizer's words
  (``analysis.tokenize``), i.e. which words they share.

Each guest comes from one interview, so similarity mixes viewpoint with the interview's style and
questions; per-theme similarity (only sentences assigned to the theme) reduces that mix.

Examples:
    >>> m = cosine_matrix(pd.DataFrame([[1.0, 0.0], [1.0, 1.0]], index=["a", "b"]))
    >>> m.round(2).loc["a", "b"].item()
    0.71

"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import dendrogram, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.plotting import speaker_color
from analysis.themes import embed_queries
from analysis.tokenize import tokenize

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


def heatmap(ax: plt.Axes, table: pd.DataFrame, title: str, fmt: str = "{:.2f}", cmap: str = "viridis") -> None:
    """Draw ``table`` as an annotated heatmap on ``ax`` (NaN cells left blank)."""
    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap)
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=40, ha="right")
    ax.set_yticks(range(table.shape[0]), table.index)
    middle = np.nanmean([np.nanmin(values), np.nanmax(values)])
    light_map = cmap == "Blues"
    for (i, j), value in np.ndenumerate(values):
        if not np.isnan(value):
            dark_cell = (value > middle) == light_map
            color = "white" if dark_cell else "black"
            ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=8, color=color)
    ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, shrink=0.7)


def coverage_figure(table: pd.DataFrame, title: str) -> plt.Figure:
    """Speaker × theme coverage heatmap (shares shown as percentages)."""
    fig, ax = plt.subplots(figsize=(1.1 * table.shape[1] + 2.5, 0.6 * table.shape[0] + 1.8))
    heatmap(ax, table, title, fmt="{:.0%}", cmap="Blues")
    fig.tight_layout()
    return fig


def similarity_figure(embedding: pd.DataFrame, tfidf: pd.DataFrame, title: str) -> plt.Figure:
    """The embedding and the TF-IDF similarity matrices side by side."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.3))
    heatmap(axes[0], embedding, "嵌入质心余弦 embedding centroids")
    heatmap(axes[1], tfidf, "TF-IDF 余弦 (jieba + 领域词典)")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def dendrogram_figure(similarity: pd.DataFrame, title: str) -> plt.Figure:
    """Average-linkage dendrogram on ``1 - similarity``."""
    distance = squareform(1 - similarity.to_numpy(), checks=False).clip(min=0)
    fig, ax = plt.subplots(figsize=(6, 3.2))
    dendrogram(linkage(distance, method="average"), labels=list(similarity.index), ax=ax, orientation="right")
    for label in ax.get_yticklabels():
        label.set_color(speaker_color(label.get_text()))
    ax.set_xlabel("1 − cosine")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def side_by_side(quote_lists: dict[str, pd.DataFrame], k: int = 3) -> pd.DataFrame:
    """Rank × speaker table of quote texts, each suffixed with its ``[doc_id:turn_id]``.

    Examples:
        >>> q = pd.DataFrame({"doc_id": ["d"], "turn_id": [4], "text": ["好奇心最重要"]})
        >>> side_by_side({"a": q, "b": q.iloc[:0]}).loc[1, "a"]
        '好奇心最重要 [d:4]'

    """
    columns = {
        speaker: pd.Series([f"{r.text} [{r.doc_id}:{r.turn_id}]" for r in q.head(k).itertuples()], dtype=object)
        for speaker, q in quote_lists.items()
    }
    table = pd.DataFrame(columns).reindex(range(k)).fillna("—")
    table.index = range(1, k + 1)
    return table


def supporting_quote(rows: pd.DataFrame, vectors: np.ndarray, speaker: str, probe: str) -> pd.Series:
    """The speaker's sentence among ``rows`` closest to ``probe`` (an e5 query): the evidence of a claim."""
    mask = (rows.speaker == speaker).to_numpy()
    if not mask.any():
        raise ValueError(f"{speaker} has no statement here; choose a theme he discusses")
    similarity = vectors[mask] @ embed_queries([probe])[0]
    best = rows[mask].iloc[int(similarity.argmax())]
    return pd.concat([best, pd.Series({"match": float(similarity.max())})])
