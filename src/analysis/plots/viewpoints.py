"""Figures of notebook 04: theme coverage, speaker similarity and its hierarchy, positions on a stance axis.

Each function takes tables computed in :mod:`analysis.viewpoints` and returns a figure.

Examples:
    >>> table = pd.DataFrame([[0.2, 0.1]], index=["kaiming-he"], columns=["scaling", "brain"])
    >>> fig = coverage_figure(table, "coverage")
    >>> plt.close(fig)

"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import leaves_list

from analysis.plots.common import dendrogram, heatmap
from analysis.plots.style import speaker_color, speaker_label, subplots
from analysis.viewpoints.similarity import similarity_tree
from analysis.viewpoints.stance_axes import Axis
from analysis.viewpoints.themes import load_themes

#: One colour scale for every coverage heatmap (share of a guest's talk; larger shares saturate).
COVERAGE_SCALE = (0.0, 0.5)
#: One diverging scale for every cosine-similarity heatmap (embedding or TF-IDF, overall or per theme).
SIMILARITY_SCALE = (-1.0, 1.0)
#: Up to this many guests a similarity matrix is annotated cell by cell.
ANNOTATED = 12


def _by_name(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with speaker ids in its index (and columns, for a square matrix) shown as display names."""
    return table.rename(index=speaker_label, columns=speaker_label)


def coverage_figure(table: pd.DataFrame, title: str) -> plt.Figure:
    """Speaker × theme coverage heatmap (shares shown as percentages, on :data:`COVERAGE_SCALE`)."""
    fig, ax = subplots(figsize=(1.1 * table.shape[1] + 3.5, 0.6 * table.shape[0] + 1.8))
    heatmap(ax, table.rename(index=speaker_label), title, fmt="{:.0%}", cmap="Blues", vmin=COVERAGE_SCALE[0],
            vmax=COVERAGE_SCALE[1], colorbar="话语占比 share of the guest's characters")
    ax.set_xlabel("主题 theme")
    fig.tight_layout()
    return fig


def cluster_order(similarity: pd.DataFrame) -> list[str]:
    """The rows of a square similarity matrix in the leaf order of its average-linkage tree (similar ones adjacent).

    Examples:
        >>> m = pd.DataFrame([[1, 0, .9], [0, 1, 0], [.9, 0, 1]], index=list("abc"), columns=list("abc"))
        >>> cluster_order(m)
        ['b', 'a', 'c']

    """
    if len(similarity) < 3:
        return list(similarity.index)
    return [similarity.index[i] for i in leaves_list(similarity_tree(similarity))]


def similarity_figure(embedding: pd.DataFrame, tfidf: pd.DataFrame, title: str) -> plt.Figure:
    """The embedding and the TF-IDF similarity matrices, both on :data:`SIMILARITY_SCALE`, clustered.

    Rows and columns follow the embedding matrix's average-linkage tree, so groups of similar
    guests sit together. Up to :data:`ANNOTATED` guests each cell carries its value and the two
    matrices sit side by side; beyond, cells are unlabelled (the CSV has the values) and the two
    matrices are stacked, each at most 9 inches square, whatever the number of guests.
    """
    order = cluster_order(embedding)
    n = len(order)
    side = min(max(0.5 * n + 2.0, 4.5), 9.0)
    wide = n <= ANNOTATED
    fig, axes = subplots(1, 2, figsize=(2 * side + 2, side)) if wide else subplots(2, 1, figsize=(side + 2.5, 2 * side + 1))
    low, high = SIMILARITY_SCALE
    panels = [(embedding, "嵌入质心余弦 cosine of embedding centroids"),
              (tfidf, "TF-IDF 余弦 cosine of TF-IDF vectors (jieba + 领域词典 domain dictionary)")]  # fmt: skip
    for k, (ax, (matrix, name)) in enumerate(zip(axes, panels, strict=True)):
        shown = [s for s in order if s in matrix.index]
        heatmap(ax, _by_name(matrix.loc[shown, shown]), name, cmap="RdBu_r", vmin=low, vmax=high, annotate=wide,
                colorbar="余弦相似度 cosine similarity" if k == 1 or not wide else None)  # fmt: skip
        ax.tick_params(labelsize=8 if wide else 6)
        ax.set_title(name, fontsize=10)
    fig.suptitle(title + ("" if wide else f"\n{n} 位嘉宾，按聚类排序 {n} guests in cluster order (values in the CSV)"))
    fig.set_layout_engine("tight", rect=(0, 0, 1, 0.98))
    return fig


def dendrogram_figure(tree: np.ndarray, labels: list[str], title: str) -> plt.Figure:
    """Dendrogram of speakers from a linkage matrix (``analysis.viewpoints.similarity.similarity_tree``)."""
    fig, ax = subplots(figsize=(6, 3.2))
    dendrogram(ax, tree, labels, color_speakers=True)
    ax.set_xlabel("距离 distance (1 − cosine)")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def theme_label(theme: str) -> str:
    """``label_zh · label_en`` of a theme of the taxonomy (the id for an unknown theme)."""
    labels = load_themes().set_index("id")
    return f"{labels.label_zh[theme]} · {labels.label_en[theme]}" if theme in labels.index else theme


def stance_figure(table: pd.DataFrame, summary: pd.DataFrame, prototypes: pd.DataFrame, axis: Axis) -> plt.Figure:
    """One row of dots per guest, prototype statements as grey ticks on top.

    ``summary`` (``stance_summary``) gives each guest's median, marked where he has two or more statements.

    Examples:
        >>> ax = Axis("a", "t", np.array([1.0]), 0.0, "正", "负")
        >>> t = pd.DataFrame({"speaker": ["x", "x", "y"], "position": [0.1, -0.1, 0.2]})
        >>> m = pd.DataFrame({"median": [0.0, 0.2], "count": [2, 1]}, index=["x", "y"])
        >>> p = pd.DataFrame({"pole": [1, -1], "position": [0.3, -0.3]})
        >>> fig = stance_figure(t, m, p, ax); plt.close(fig)

    """
    speakers = list(dict.fromkeys(table.sort_values("speaker").speaker))
    fig, ax = subplots(figsize=(8, 0.6 * len(speakers) + 1.6))
    rng = np.random.default_rng(0)
    for i, speaker in enumerate(speakers):
        x = table.loc[table.speaker == speaker, "position"]
        ax.scatter(x, i + rng.uniform(-0.15, 0.15, len(x)), s=14, alpha=0.6, color=speaker_color(speaker))
        if summary.loc[speaker, "count"] >= 2:
            ax.plot([summary.loc[speaker, "median"]] * 2, [i - 0.3, i + 0.3], color="black", lw=2)
    top = len(speakers)
    for row in prototypes.itertuples():
        ax.plot([row.position] * 2, [top - 0.2, top + 0.2], color="#777777" if row.pole == 1 else "#bbbbbb", lw=2)
    ax.set_yticks([*range(len(speakers)), top], [*map(speaker_label, speakers), "原型句 prototypes"])
    ax.axvline(0, color="#cccccc", lw=1, zorder=0)
    ax.set_xlabel(f"← {axis.negative_label}        位置 position        {axis.positive_label} →")
    ax.set_title(f"{theme_label(axis.theme)}: {axis.negative_label} ↔ {axis.positive_label}")
    fig.tight_layout()
    return fig
