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

from analysis.plots.common import dendrogram, heatmap
from analysis.plots.style import speaker_color, subplots
from analysis.viewpoints.stance_axes import Axis


def coverage_figure(table: pd.DataFrame, title: str) -> plt.Figure:
    """Speaker × theme coverage heatmap (shares shown as percentages)."""
    fig, ax = subplots(figsize=(1.1 * table.shape[1] + 2.5, 0.6 * table.shape[0] + 1.8))
    heatmap(ax, table, title, fmt="{:.0%}", cmap="Blues")
    fig.tight_layout()
    return fig


def similarity_figure(embedding: pd.DataFrame, tfidf: pd.DataFrame, title: str) -> plt.Figure:
    """The embedding and the TF-IDF similarity matrices side by side."""
    fig, axes = subplots(1, 2, figsize=(11, 4.3))
    heatmap(axes[0], embedding, "嵌入质心余弦 embedding centroids")
    heatmap(axes[1], tfidf, "TF-IDF 余弦 (jieba + 领域词典)")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def dendrogram_figure(tree: np.ndarray, labels: list[str], title: str) -> plt.Figure:
    """Dendrogram of speakers from a linkage matrix (``analysis.viewpoints.similarity.similarity_tree``)."""
    fig, ax = subplots(figsize=(6, 3.2))
    dendrogram(ax, tree, labels, color_speakers=True)
    ax.set_xlabel("1 − cosine")
    ax.set_title(title)
    fig.tight_layout()
    return fig


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
    ax.set_yticks([*range(len(speakers)), top], [*speakers, "原型句 prototypes"])
    ax.axvline(0, color="#cccccc", lw=1, zorder=0)
    ax.set_xlabel(f"← {axis.negative_label}        位置 position        {axis.positive_label} →")
    ax.set_title(f"{axis.theme}: {axis.negative_label} ↔ {axis.positive_label}")
    fig.tight_layout()
    return fig
