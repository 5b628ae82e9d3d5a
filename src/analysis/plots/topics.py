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

#: Speakers given a column of their own in the topic × speaker heatmap.
TOP_COLUMNS = 15


def plot_top_words(words: Mapping[int, Sequence[tuple[str, float]]], labels: Mapping[int, str],
                   ncols: int = 3, title: str = "") -> plt.Figure:
    """One horizontal bar chart of word weights per topic, best word on top."""
    fig, axes = grid(len(words), ncols, (4, 2.6))
    fig.suptitle(title or "各主题的代表词 / top words per topic")
    for ax, (topic, pairs) in zip(axes, words.items(), strict=True):
        names, weights = zip(*pairs, strict=True) if pairs else ((), ())
        ax.barh(range(len(names))[::-1], weights, color="#4c72b0")
        ax.set_yticks(range(len(names))[::-1], names)
        ax.set_title(labels[topic], fontsize=10)
        ax.tick_params(axis="x", labelsize=7)
    fig.supxlabel("词权重(模型自身的尺度)/ word weight (the model's own scale)", fontsize=9)
    fig.tight_layout()
    return fig


def top_columns(counts: pd.DataFrame, n: int = TOP_COLUMNS) -> pd.DataFrame:
    """``counts`` (rows × speakers) with its ``n`` largest columns by total, largest first, the rest summed as ``others``.

    Examples:
        >>> c = pd.DataFrame({"a": [1, 0], "b": [5, 5], "c": [0, 2]}, index=["t0", "t1"])
        >>> top_columns(c, n=1).to_dict("list")
        {'b': [5, 5], 'others': [1, 2]}

    """
    order = counts.sum().sort_values(ascending=False, kind="stable").index
    if len(order) <= n + 1:
        return counts[order]
    return counts[order[:n]].assign(others=counts[order[n:]].sum(axis=1))


def plot_topic_speakers(counts: pd.DataFrame, title: str = "", n: int = TOP_COLUMNS) -> plt.Figure:
    """Heatmap of a topics × speakers count table: shade = share of the topic's chunks, text = count.

    At most ``n`` speakers get a column (those with most chunks, largest first); the rest are summed
    in one ``others`` column, so the cells keep their size whatever the corpus (the CSV has every speaker).
    """
    shown = top_columns(counts, n)
    shares = shown.div(shown.sum(axis=1).replace(0, 1), axis=0)
    fig, ax = subplots(figsize=(0.62 * shown.shape[1] + 4.5, 0.42 * shown.shape[0] + 2.2))
    heatmap(ax, shares, title or "各主题的发言者 · chunks per topic and speaker (shade: share of the topic)",
            cmap="Blues", labels=shown, vmin=0, vmax=1, colorbar="占该主题的比例 share of the topic's chunks")
    rest = counts.shape[1] - (shown.shape[1] - 1)
    names = [f"其余 {rest} 位 {rest} others" if s == "others" else speaker_label(s) for s in shown.columns]
    ax.set_xticks(range(shown.shape[1]), names, rotation=90, fontsize=8)
    ax.set_xlabel("嘉宾 guest" + (f"（前 {n} 位 top {n} of {counts.shape[1]} by chunks）" if "others" in shown else ""))
    ax.set_ylabel("主题 topic")
    for tick, speaker in zip(ax.get_xticklabels(), shown.columns, strict=True):
        tick.set_color("#666666" if speaker == "others" else speaker_color(speaker))
    fig.tight_layout()
    return fig


def plot_document_map(coords: np.ndarray, labels: Sequence[str], title: str = "") -> plt.Figure:
    """2-D scatter of chunks coloured by topic label (legend), with each topic id at its centre."""
    frame = pd.DataFrame({"x": coords[:, 0], "y": coords[:, 1], "label": list(labels)})
    fig, ax = subplots(figsize=(9, 7))
    cmap = plt.get_cmap("tab20")
    for i, (label, group) in enumerate(frame.groupby("label", sort=True)):
        ax.scatter(group.x, group.y, s=12, alpha=0.7, color=cmap(i % 20), label=label)
        ax.annotate(label.split()[0], (group.x.median(), group.y.median()), fontsize=11, ha="center")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.set_title(title or "文本块二维分布 / chunks in 2-D (UMAP of the embeddings), coloured by topic")
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
    """Dendrogram of topics from a linkage matrix (``analysis.topics.tables.topic_tree``)."""
    fig, ax = subplots(figsize=(8, 0.45 * len(labels) + 1.5))
    dendrogram(ax, tree, labels)
    ax.set_title("主题层级 / topic hierarchy (cosine distance of mean chunk embeddings)")
    ax.set_xlabel("余弦距离 / cosine distance")
    fig.tight_layout()
    return fig


def plot_null(null: np.ndarray, observed: float, p_less: float, title: str = "") -> plt.Figure:
    """Histogram of a permutation null of the sharing index with the observed value marked."""
    fig, ax = subplots(figsize=(7, 3.8))
    ax.hist(null, bins=40, color="#9bb7d4", edgecolor="white", label="置换零分布 / permutation null")
    ax.axvline(observed, color="#c44e52", lw=2, label=f"观测值 / observed = {observed:.3f} (p = {p_less:.3f})")
    low, high = np.quantile(null, [0.025, 0.975])
    ax.axvspan(low, high, color="#4c72b0", alpha=0.12, label="零分布 95 % / null 95 %")
    ax.set_xlabel("共享指数 1 − I(T;S)/H(S) / sharing index")
    ax.set_ylabel("置换次数 / permutations")
    ax.set_title(title or "主题是否跨发言人共享? / are topics shared more than chance?")
    ax.legend(fontsize=8, frameon=True, framealpha=0.9, loc="best")
    fig.tight_layout()
    return fig


def plot_tuning(summary: pd.DataFrame, metrics: Sequence[tuple[str, str]], chosen: Sequence[str] = ()) -> plt.Figure:
    """One panel per metric: every candidate setting's seed mean ± SD, grouped by model; chosen settings in red.

    ``summary`` has ``model``, ``setting`` and, per metric ``m`` of ``metrics`` ((column, label)
    pairs), ``m`` and ``m_sd``; ``chosen`` lists the settings (``model: setting``) to highlight.
    """
    fig, axes = grid(len(metrics), len(metrics), (3.6, 0.32 * len(summary) + 1.6))
    names = [f"{m}: {s}" for m, s in zip(summary["model"], summary["setting"], strict=True)]
    positions = np.arange(len(names))[::-1]
    for ax, (column, label) in zip(axes, metrics, strict=True):
        colors = ["#c44e52" if n in set(chosen) else "#4c72b0" for n in names]
        ax.errorbar(summary[column], positions, xerr=summary[f"{column}_sd"], fmt="none", ecolor="#999999", capsize=2)
        ax.scatter(summary[column], positions, color=colors, zorder=3, s=18)
        ax.set_title(label, fontsize=10)
        ax.set_yticks(positions, names if ax is axes[0] else [""] * len(names), fontsize=7)
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle("同等调参预算下的候选设置(均值 ± 种子标准差,红色为选中)/ "
                 "candidate settings, equal budget (seed mean ± SD; red: each model's chosen setting)")
    fig.supxlabel("种子均值 / seed mean", fontsize=9)
    fig.tight_layout()
    return fig
