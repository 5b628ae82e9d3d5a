"""Figures of a topic model; each function takes data and returns a figure (never saves).

Examples:
    >>> fig = plot_top_words({0: [("数据", 0.3), ("模型", 0.2)]}, {0: "0 数据·模型"})
    >>> len(fig.axes)
    1

"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import plotly.express as px

from analysis.plots.common import dendrogram, grid, heatmap
from analysis.plots.style import speaker_color, speaker_label, subplots


def plot_top_words(words: Mapping[int, Sequence[tuple[str, float]]], labels: Mapping[int, str],
                   ncols: int = 3) -> plt.Figure:
    """One horizontal bar chart of word weights per topic, best word on top."""
    fig, axes = grid(len(words), ncols, (4, 2.6))
    for ax, (topic, pairs) in zip(axes, words.items(), strict=True):
        names, weights = zip(*pairs, strict=True) if pairs else ((), ())
        ax.barh(range(len(names))[::-1], weights, color="#4c72b0")
        ax.set_yticks(range(len(names))[::-1], names)
        ax.set_title(labels[topic], fontsize=10)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_xlabel("c-TF-IDF 权重 weight", fontsize=8)
    fig.suptitle("各主题的代表词 · top words per topic")
    fig.tight_layout()
    return fig


def plot_topic_speakers(counts: pd.DataFrame, shares: pd.DataFrame, title: str = "") -> plt.Figure:
    """Heatmap of a topics × speakers table: shade = ``shares`` (of the topic's chunks), text = ``counts``."""
    fig, ax = subplots(figsize=(1.2 * counts.shape[1] + 3.5, 0.45 * counts.shape[0] + 1.5))
    heatmap(ax, shares, title or "各主题的发言者 · chunks per topic and speaker (shade: share of the topic)",
            cmap="Blues", labels=counts, vmin=0, vmax=1, colorbar="占该主题的比例 share of the topic's chunks")
    ax.set_xticks(range(counts.shape[1]), [speaker_label(s) for s in counts.columns], rotation=30, ha="right")
    ax.set_xlabel("嘉宾 guest")
    ax.set_ylabel("主题 topic")
    for tick, speaker in zip(ax.get_xticklabels(), counts.columns, strict=True):
        tick.set_color(speaker_color(speaker))
    fig.tight_layout()
    return fig


def plot_document_map(coords: np.ndarray, labels: Sequence[str], title: str = "") -> plt.Figure:
    """2-D scatter of chunks coloured by topic label (legend), with each topic id at its centre."""
    frame = pd.DataFrame({"x": coords[:, 0], "y": coords[:, 1], "label": list(labels)})
    fig, ax = subplots(figsize=(9, 7))
    cmap = plt.get_cmap("tab20")
    for i, (label, group) in enumerate(frame.groupby("label", sort=True)):
        ax.scatter(group.x, group.y, s=12, alpha=0.7, color=cmap(i % 20), label=label)
        ax.annotate(label.split()[0], (group.x.median(), group.y.median()), fontsize=11, ha="center", weight="bold")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.set_title(title or "文本块的二维图 · chunks in 2-D (UMAP of the embeddings), coloured by topic")
    fig.tight_layout()
    return fig


def document_map_html(chunks: pd.DataFrame, coords: np.ndarray, labels: Sequence[str]) -> object:
    """Interactive plotly version of :func:`plot_document_map`: hover shows speaker and text."""
    frame = chunks[["speaker", "chunk_id"]].assign(
        x=coords[:, 0], y=coords[:, 1], topic=list(labels), text=chunks["text"].str.slice(0, 80)
    )
    fig = px.scatter(frame, x="x", y="y", color="topic", symbol="speaker", hover_data=["speaker", "chunk_id", "text"])
    fig.update_layout(title="按主题的文本块 · chunks by topic (hover for text)", xaxis_visible=False, yaxis_visible=False)
    return fig


def plot_topic_dendrogram(tree: np.ndarray, labels: Sequence[str]) -> plt.Figure:
    """Dendrogram of topics from a linkage matrix (``analysis.topics.selection.topic_tree``)."""
    fig, ax = subplots(figsize=(8, 0.45 * len(labels) + 1.5))
    dendrogram(ax, tree, labels)
    ax.set_title("主题层次 · topic hierarchy (cosine distance of mean chunk embeddings)")
    ax.set_xlabel("余弦距离 cosine distance")
    fig.tight_layout()
    return fig
