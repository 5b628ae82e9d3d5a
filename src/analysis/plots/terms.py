"""Figures of who says what: top terms, word clouds, keyness bars, and a two-speaker comparison.

Every ``plot_*`` function takes tables from :mod:`analysis.terms` and returns a figure
(matplotlib, or plotly for ``*_interactive``); it never saves (see :mod:`analysis.plots.style`).
``names`` maps speaker ids to display names (e.g. the registry's ``name_zh``).

Examples:
    >>> from analysis.terms.keyness import top_terms
    >>> counts = pd.DataFrame({"a": [3, 1], "b": [1, 2]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
    >>> fig = plot_top_terms(top_terms(counts, n=2))
    >>> len(fig.axes)
    2

"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.colors import LinearSegmentedColormap, to_hex, to_rgb
from matplotlib.ticker import MaxNLocator
from wordcloud import WordCloud

from analysis.config import SEED
from analysis.corpus.speakers import display_name
from analysis.plots.common import grid
from analysis.plots.style import cjk_font_path, speaker_color, subplots
from analysis.terms.compare import distinctive
from analysis.terms.keyness import keyness_extremes

NEUTRAL = "#cccccc"


def plot_top_terms(
    top: pd.DataFrame, value: str = "rate_per_10k", ncols: int = 3, names: Mapping[str, str] | None = None
) -> plt.Figure:
    """Small multiples: one horizontal bar chart of the top terms per speaker (from ``top_terms``)."""
    speakers = list(dict.fromkeys(top["speaker"]))
    n_terms = int(top.groupby("speaker").size().max())
    fig, axes = grid(len(speakers), ncols, (4.2, 1.05 + 0.24 * n_terms))  # room for the suptitle
    for ax, speaker in zip(axes, speakers, strict=True):
        rows = top[top["speaker"] == speaker].sort_values("rank", ascending=False)
        ax.barh(rows["term"], rows[value], color=speaker_color(speaker))
        ax.set_title(display_name(speaker, names))
        ax.tick_params(axis="y", labelsize=9)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlabel("每万词 / per 10k tokens" if value == "rate_per_10k" else value)
        ax.xaxis.set_major_locator(MaxNLocator(4))
    fig.suptitle("高频词 / Top terms (concept tokens)")
    fig.set_layout_engine("tight", w_pad=2.0)  # re-run when a page title is added
    return fig


def _shade_func(base: str, weights: Mapping[str, float]):
    """Wordcloud colour function: the speaker's colour, lighter for less frequent words."""
    rgb = np.array(to_rgb(base))

    def color(word: str, **_: object) -> str:
        strength = 0.45 + 0.55 * weights.get(word, 0.0) ** 0.5
        return to_hex(rgb * strength + (1 - strength))

    return color


def wordcloud_image(
    frequencies: Mapping[str, float], speaker: str, width: int = 800, height: int = 500, max_words: int = 80
) -> np.ndarray:
    """RGB array of one word cloud in the project CJK font and ``speaker``'s colour (fixed seed)."""
    top = max(frequencies.values())
    cloud = WordCloud(
        font_path=str(cjk_font_path()), width=width, height=height, max_words=max_words,
        background_color="white", prefer_horizontal=0.9, random_state=SEED, collocations=False,
        color_func=_shade_func(speaker_color(speaker), {w: f / top for w, f in frequencies.items()}),
    )  # fmt: skip
    return cloud.generate_from_frequencies(dict(frequencies)).to_array()


def plot_wordclouds(
    frequencies: pd.DataFrame, max_words: int = 80, ncols: int = 3, names: Mapping[str, str] | None = None
) -> plt.Figure:
    """One word cloud per speaker from a ``frequency_table`` (same size, font and colour scheme)."""
    speakers = list(dict.fromkeys(frequencies["speaker"]))
    fig, axes = grid(len(speakers), ncols, (4.6, 3.2))
    for ax, speaker in zip(axes, speakers, strict=True):
        rows = frequencies[frequencies["speaker"] == speaker]
        ax.imshow(wordcloud_image(dict(zip(rows["term"], rows["count"], strict=True)), speaker, max_words=max_words))
        ax.set_title(display_name(speaker, names), color=speaker_color(speaker))
        ax.axis("off")
    fig.suptitle("词云（各云内单独缩放） · word clouds (scaled within each cloud)")
    fig.set_layout_engine("tight")  # re-run when a page title is added
    return fig


def plot_keyness(
    table: pd.DataFrame, n: int = 10, n_under: int = 5, ncols: int = 3, names: Mapping[str, str] | None = None
) -> plt.Figure:
    """Per speaker, signed G² of the ``n`` most over-used and ``n_under`` most under-used terms.

    ``table`` comes from ``analysis.terms.keyness_table``. Bars to the right (speaker colour) are
    used more than by the others, to the left (grey) less. Solid: key; hatched: significant but not
    key (too few turns, or an interval reaching 0); faded: not significant. The label at each bar
    is the log ratio and the number of turns the term occurs in.
    """
    speakers = list(dict.fromkeys(table["speaker"]))
    fig, axes = grid(len(speakers), ncols, (4.6, 0.9 + 0.26 * (n + n_under)))
    for ax, speaker in zip(axes, speakers, strict=True):
        rows = keyness_extremes(table[table["speaker"] == speaker], n, n_under)
        colors = np.where(rows["direction"] == "over", speaker_color(speaker), "#999999")
        bars = ax.barh(rows["term"], rows["signed"], color=colors)
        for bar, significant, key in zip(bars, rows["significant"], rows["key"], strict=True):
            bar.set_alpha(1.0 if key or (significant and bar.get_width() < 0) else 0.5 if significant else 0.25)
            if significant and not key and bar.get_width() > 0:
                bar.set_hatch("///")
                bar.set_edgecolor("#444444")
        for y, r in enumerate(rows.itertuples()):
            label = f" {r.log_ratio:+.1f} · {r.n_turns}t " if r.direction == "over" else f" {r.log_ratio:+.1f} "
            ax.text(r.signed, y, label, va="center", ha="left" if r.signed >= 0 else "right", fontsize=7, color="#444444")
        ax.axvline(0, color="#444444", linewidth=0.6)
        ax.margins(x=0.3)
        ax.set_title(display_name(speaker, names))
        ax.set_xlabel("带符号的 G² / signed G² (vs. the others)")
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.tick_params(axis="y", labelsize=9)
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle("关键词 / Key terms: solid = key, hatched = significant but not key (LR · turns)")
    fig.set_layout_engine("tight", w_pad=2.0)  # re-run when a page title is added
    return fig


def plot_key_intervals(table: pd.DataFrame, n: int = 10, ncols: int = 3, names: Mapping[str, str] | None = None) -> plt.Figure:
    """Per speaker, log ratio and its bootstrap interval (over turns) for the ``n`` significant over-used terms with the highest G².

    Filled dots are key terms, hollow ones significant but not key; the label is ``count × / turns``.
    """
    rows_all = table[table["significant"] & (table["direction"] == "over")]
    speakers = list(dict.fromkeys(table["speaker"]))
    fig, axes = grid(len(speakers), ncols, (4.6, 1.1 + 0.3 * n))
    high = float(rows_all["ci_high"].max()) if len(rows_all) else 1.0
    for ax, speaker in zip(axes, speakers, strict=True):
        rows = rows_all[rows_all["speaker"] == speaker].nlargest(n, "g2").iloc[::-1]
        color = speaker_color(speaker)
        y = np.arange(len(rows))
        ax.hlines(y, rows["ci_low"], rows["ci_high"], color=color, linewidth=1.6)
        face = [color if key else "white" for key in rows["key"]]
        ax.scatter(rows["log_ratio"], y, s=36, facecolors=face, edgecolors=color, zorder=3)
        for yi, r in zip(y, rows.itertuples(), strict=True):
            ax.text(high * 1.02, yi, f"{r.count}× / {r.n_turns}t", va="center", fontsize=7, color="#444444")
        ax.set_yticks(y, rows["term"], fontsize=9)
        ax.set_ylim(len(rows) - n - 0.5, len(rows) - 0.5)  # same row spacing in every panel, top-aligned
        ax.axvline(0, color="#444444", linewidth=0.6)
        ax.set_xlim(min(0.0, float(rows_all["ci_low"].min()) if len(rows_all) else 0.0) - 0.3, high * 1.25)
        ax.set_title(display_name(speaker, names))
        ax.set_xlabel("对数比 / log ratio (95% bootstrap over turns)")
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.spines[["top", "right"]].set_visible(False)
        if rows.empty:
            ax.text(0.5, 0.5, "无显著词 / no significant term", transform=ax.transAxes, ha="center", color="#666666")
    fig.suptitle("关键词区间 / Key-term intervals: filled = key, hollow = not key (count / turns)")
    fig.set_layout_engine("tight", w_pad=2.0)  # re-run when a page title is added
    return fig


def _pair_cmap(a: str, b: str) -> LinearSegmentedColormap:
    return LinearSegmentedColormap.from_list("pair", [speaker_color(b), NEUTRAL, speaker_color(a)])


def _jitter(values: pd.Series, seed: int) -> np.ndarray:
    """Multiplicative jitter (±7%) so that terms with equal counts do not hide each other."""
    return values.to_numpy() * 10 ** np.random.default_rng(seed).uniform(-0.03, 0.03, len(values))


def plot_comparison(
    table: pd.DataFrame, a: str, b: str, n_labels: int = 12, names: Mapping[str, str] | None = None
) -> plt.Figure:
    """Scattertext-like map: each term at (rate in ``a``, rate in ``b``), log axes, distinctive terms labeled."""
    fig, ax = subplots(figsize=(8.5, 8))
    x, y = _jitter(table["plot_rate_a"], SEED), _jitter(table["plot_rate_b"], SEED + 1)
    limit = max(abs(table["log_ratio"]).max(), 1.0)
    points = ax.scatter(x, y, c=table["log_ratio"], cmap=_pair_cmap(a, b), vmin=-limit, vmax=limit, s=14, alpha=0.8)
    low, high = min(x.min(), y.min()) / 1.3, max(x.max(), y.max()) * 1.3
    ax.plot([low, high], [low, high], color="#888888", linewidth=0.7, linestyle="--")
    terms, ratios = table["term"].to_numpy(), table["log_ratio"].to_numpy()
    for k, i in enumerate(np.flatnonzero(distinctive(table, n_labels))):
        color = speaker_color(a) if ratios[i] > 0 else speaker_color(b)
        offset = (3, 3) if k % 2 == 0 else (3, -10)  # alternate above/below to limit overlaps
        ax.annotate(terms[i], (x[i], y[i]), xytext=offset, textcoords="offset points", fontsize=9, color=color)
    ax.set(xscale="log", yscale="log", xlim=(low, high), ylim=(low, high))
    ax.set_xlabel(f"{display_name(a, names)}: 每万词 / per 10k tokens (log)")
    ax.set_ylabel(f"{display_name(b, names)}: 每万词 / per 10k tokens (log)")
    ax.set_title(f"{display_name(a, names)} vs {display_name(b, names)}: 词频对比 / terms by rate, labeled by G²")
    label = f"对数比 / log ratio ({display_name(a, names)} / {display_name(b, names)})"
    fig.colorbar(points, ax=ax, shrink=0.6, label=label)
    fig.tight_layout()
    return fig


def plot_comparison_interactive(
    table: pd.DataFrame, a: str, b: str, n_labels: int = 12, names: Mapping[str, str] | None = None
) -> go.Figure:
    """Plotly version of :func:`plot_comparison`: hover shows counts, rates, G² and log ratio."""
    label = distinctive(table, n_labels)
    limit = max(abs(table["log_ratio"]).max(), 1.0)
    hover = (
        table["term"] + "<br>" + f"{display_name(a, names)}: " + table["count_a"].astype(str)
        + f" · {display_name(b, names)}: " + table["count_b"].astype(str)
        + "<br>G² " + table["g2"].round(1).astype(str) + " · log ratio " + table["log_ratio"].round(2).astype(str)
    )  # fmt: skip
    marker = {
        "color": table["log_ratio"],
        "colorscale": [[0, speaker_color(b)], [0.5, NEUTRAL], [1, speaker_color(a)]],
        "cmin": -limit,
        "cmax": limit,
        "size": 7,
        "opacity": 0.8,
        "colorbar": {"title": "log ratio"},
    }
    points = go.Scatter(
        x=_jitter(table["plot_rate_a"], SEED),
        y=_jitter(table["plot_rate_b"], SEED + 1),
        mode="markers+text",
        text=np.where(label, table["term"], ""),
        textposition="top center",
        hovertext=hover,
        hoverinfo="text",
        marker=marker,
    )
    fig = go.Figure(points)
    fig.update_layout(
        title=f"{display_name(a, names)} vs {display_name(b, names)}: 词频对比 / terms by rate (hover for counts)",
        xaxis={"type": "log", "title": f"{display_name(a, names)}: 每万词 / per 10k tokens"},
        yaxis={"type": "log", "title": f"{display_name(b, names)}: 每万词 / per 10k tokens"},
        template="simple_white", width=850, height=800,
    )  # fmt: skip
    return fig
