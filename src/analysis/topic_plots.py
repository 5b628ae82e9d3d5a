"""Figures of a topic model; each function takes data and returns a figure (never saves).

Examples:
    >>> fig = plot_top_words({0: [("数据", 0.3), ("模型", 0.2)]}, {0: "0 数据·模型"})
    >>> len(fig.axes)
    1

"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import plotly.express as px
from scipy.cluster.hierarchy import dendrogram, linkage

from analysis.plotting import speaker_color, use_cjk_font


def plot_top_words(words: Mapping[int, Sequence[tuple[str, float]]], labels: Mapping[int, str],
                   ncols: int = 3) -> plt.Figure:
    """One horizontal bar chart of word weights per topic, best word on top."""
    use_cjk_font()
    nrows = math.ceil(len(words) / ncols)
    fig, axes = plt.subplots(nrows, min(ncols, len(words)), figsize=(4 * min(ncols, len(words)), 2.6 * nrows),
                             squeeze=False)
    for ax, (topic, pairs) in zip(axes.flat, words.items(), strict=False):
        names, weights = zip(*pairs, strict=True) if pairs else ((), ())
        ax.barh(range(len(names))[::-1], weights, color="#4c72b0")
        ax.set_yticks(range(len(names))[::-1], names)
        ax.set_title(labels[topic], fontsize=10)
        ax.tick_params(axis="x", labelsize=7)
    for ax in list(axes.flat)[len(words):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def plot_topic_speakers(counts: pd.DataFrame, title: str = "") -> plt.Figure:
    """Heatmap of a topics × speakers table of chunk counts, annotated; rows are topic labels."""
    use_cjk_font()
    shares = counts.div(counts.sum(axis=1), axis=0)
    fig, ax = plt.subplots(figsize=(1.2 * counts.shape[1] + 3.5, 0.45 * counts.shape[0] + 1.5))
    ax.imshow(shares.to_numpy(), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(counts.shape[1]), counts.columns, rotation=30, ha="right")
    ax.set_yticks(range(counts.shape[0]), counts.index)
    for (i, j), n in np.ndenumerate(counts.to_numpy()):
        ax.text(j, i, str(n), ha="center", va="center", fontsize=8, color="white" if shares.iloc[i, j] > 0.5 else "black")
    for tick, speaker in zip(ax.get_xticklabels(), counts.columns, strict=True):
        tick.set_color(speaker_color(speaker))
    ax.set_title(title or "chunks per topic and speaker (shade: share of the topic)")
    fig.tight_layout()
    return fig


def plot_document_map(coords: np.ndarray, labels: Sequence[str], title: str = "") -> plt.Figure:
    """2-D scatter of chunks coloured by topic label (legend), with each topic id at its centre."""
    use_cjk_font()
    frame = pd.DataFrame({"x": coords[:, 0], "y": coords[:, 1], "label": list(labels)})
    fig, ax = plt.subplots(figsize=(9, 7))
    cmap = plt.get_cmap("tab20")
    for i, (label, group) in enumerate(frame.groupby("label", sort=True)):
        ax.scatter(group.x, group.y, s=12, alpha=0.7, color=cmap(i % 20), label=label)
        ax.annotate(label.split()[0], (group.x.median(), group.y.median()), fontsize=11, ha="center", weight="bold")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.set_title(title or "chunks in 2-D (UMAP of the embeddings), coloured by topic")
    fig.tight_layout()
    return fig


def document_map_html(chunks: pd.DataFrame, coords: np.ndarray, labels: Sequence[str]) -> object:
    """Interactive plotly version of :func:`plot_document_map`: hover shows speaker and text."""
    frame = chunks[["speaker", "chunk_id"]].assign(
        x=coords[:, 0], y=coords[:, 1], topic=list(labels), text=chunks["text"].str.slice(0, 80)
    )
    fig = px.scatter(frame, x="x", y="y", color="topic", symbol="speaker", hover_data=["speaker", "chunk_id", "text"])
    fig.update_layout(title="chunks by topic (hover for text)", xaxis_visible=False, yaxis_visible=False)
    return fig


def plot_topic_dendrogram(topic_vectors: np.ndarray, labels: Sequence[str]) -> plt.Figure:
    """Dendrogram of topics (average linkage, cosine distance between topic vectors)."""
    use_cjk_font()
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(labels) + 1.5))
    dendrogram(linkage(topic_vectors, method="average", metric="cosine"), labels=list(labels), orientation="left",
               ax=ax, color_threshold=0)
    ax.set_title("topic hierarchy (cosine distance of mean chunk embeddings)")
    fig.tight_layout()
    return fig
