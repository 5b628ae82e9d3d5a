"""Figures of who says what: top terms, word clouds, keyness bars, and a two-speaker comparison.

Every ``plot_*`` function takes tables from :mod:`analysis.keyness` and returns a figure
(matplotlib, or plotly for ``*_interactive``); it never saves. PNGs are saved with
:func:`analysis.plotting.save_figure`, interactive figures with :func:`analysis.plotting.save_html`.
``names`` maps speaker ids to display names (e.g. the registry's ``name_zh``).

Examples:
    >>> import pandas as pd
    >>> from analysis.keyness import top_terms
    >>> counts = pd.DataFrame({"a": [3, 1], "b": [1, 2]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
    >>> fig = plot_top_terms(top_terms(counts, n=2))
    >>> len(fig.axes)
    2

"""

from __future__ import annotations

from collections.abc import Mapping
from math import ceil

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.colors import LinearSegmentedColormap, to_hex, to_rgb
from wordcloud import WordCloud

from analysis.config import SEED
from analysis.keyness import PER, SMOOTHING, log_likelihood, log_ratio
from analysis.plotting import cjk_font_path, speaker_color, use_cjk_font

NEUTRAL = "#cccccc"


def _name(speaker: str, names: Mapping[str, str] | None) -> str:
    return (names or {}).get(speaker, speaker)


def _grid(n_panels: int, ncols: int, panel: tuple[float, float]) -> tuple[plt.Figure, list[plt.Axes]]:
    use_cjk_font()
    ncols = max(1, min(ncols, n_panels))
    nrows = ceil(n_panels / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel[0] * ncols, panel[1] * nrows), squeeze=False)
    flat = list(axes.flat)
    for ax in flat[n_panels:]:
        ax.set_visible(False)
    return fig, flat[:n_panels]


def plot_top_terms(
    top: pd.DataFrame, value: str = "rate_per_10k", ncols: int = 3, names: Mapping[str, str] | None = None
) -> plt.Figure:
    """Small multiples: one horizontal bar chart of the top terms per speaker (from ``top_terms``)."""
    speakers = list(dict.fromkeys(top["speaker"]))
    n_terms = int(top.groupby("speaker").size().max())
    fig, axes = _grid(len(speakers), ncols, (4.2, 0.75 + 0.24 * n_terms))
    for ax, speaker in zip(axes, speakers, strict=True):
        rows = top[top["speaker"] == speaker].sort_values("rank", ascending=False)
        ax.barh(rows["term"], rows[value], color=speaker_color(speaker))
        ax.set_title(_name(speaker, names))
        ax.tick_params(axis="y", labelsize=9)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlabel("per 10k tokens" if value == "rate_per_10k" else value)
    fig.tight_layout()
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
    fig, axes = _grid(len(speakers), ncols, (4.6, 3.2))
    for ax, speaker in zip(axes, speakers, strict=True):
        rows = frequencies[frequencies["speaker"] == speaker]
        ax.imshow(wordcloud_image(dict(zip(rows["term"], rows["count"], strict=True)), speaker, max_words=max_words))
        ax.set_title(_name(speaker, names), color=speaker_color(speaker))
        ax.axis("off")
    fig.tight_layout()
    return fig


def _keyness_rows(table: pd.DataFrame, n: int, n_under: int) -> pd.DataFrame:
    over = table[table["direction"] == "over"].nlargest(n, "g2")
    under = table[table["direction"] == "under"].nlargest(n_under, "g2")
    rows = pd.concat([over, under])
    return rows.assign(signed=np.where(rows["direction"] == "over", rows["g2"], -rows["g2"])).sort_values("signed")


def plot_keyness(
    table: pd.DataFrame, n: int = 10, n_under: int = 5, ncols: int = 3, names: Mapping[str, str] | None = None
) -> plt.Figure:
    """Per speaker, signed G² of the ``n`` most over-used and ``n_under`` most under-used terms.

    ``table`` comes from ``keyness_one_vs_rest``. Bars to the right (speaker colour) are used
    more than by the others, to the left (grey) less; faded bars are not significant. The
    number at each bar is the log ratio (doublings).
    """
    speakers = list(dict.fromkeys(table["speaker"]))
    fig, axes = _grid(len(speakers), ncols, (4.4, 0.9 + 0.26 * (n + n_under)))
    for ax, speaker in zip(axes, speakers, strict=True):
        rows = _keyness_rows(table[table["speaker"] == speaker], n, n_under)
        colors = np.where(rows["direction"] == "over", speaker_color(speaker), "#999999")
        bars = ax.barh(rows["term"], rows["signed"], color=colors)
        for bar, significant in zip(bars, rows["significant"], strict=True):
            bar.set_alpha(1.0 if significant else 0.35)
        for y, (x, lr) in enumerate(zip(rows["signed"], rows["log_ratio"], strict=True)):
            ax.text(x, y, f" {lr:+.1f} ", va="center", ha="left" if x >= 0 else "right", fontsize=7, color="#444444")
        ax.axvline(0, color="#444444", linewidth=0.6)
        ax.margins(x=0.25)
        ax.set_title(_name(speaker, names))
        ax.set_xlabel("signed G² (vs. the others)")
        ax.tick_params(axis="y", labelsize=9)
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def pick_pair(counts: pd.DataFrame, pair: list[str] | tuple[str, str] | None = None) -> tuple[str, str]:
    """``pair`` when both are columns of ``counts``, else the two speakers with the most tokens.

    Examples:
        >>> counts = pd.DataFrame({"a": [1], "b": [5], "c": [3]})
        >>> pick_pair(counts, ["a", "z"])
        ('b', 'c')

    """
    if pair is not None and len(pair) == 2 and set(pair) <= set(counts.columns):
        return pair[0], pair[1]
    largest = counts.sum().sort_values(ascending=False, kind="stable").index[:2]
    return largest[0], largest[1]


def comparison_table(counts: pd.DataFrame, a: str, b: str, min_count: int = 2) -> pd.DataFrame:
    """Terms of two speakers with counts, rates, G² and log ratio (``a`` against ``b``).

    ``plot_rate_a``/``plot_rate_b`` are the rates with :data:`SMOOTHING` added to the counts so
    that a term one speaker never says still has a place on a log axis. Terms with fewer than
    ``min_count`` occurrences in the two together are left out.

    Examples:
        >>> counts = pd.DataFrame({"a": [9, 1], "b": [1, 9]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
        >>> comparison_table(counts, "a", "b").log_ratio.round(2).tolist()
        [2.66, -2.66]

    """
    pair = counts[[a, b]]
    pair = pair[pair.sum(axis=1) >= min_count]
    total_a, total_b = float(counts[a].sum()), float(counts[b].sum())
    table = pd.DataFrame({"term": pair.index, "count_a": pair[a].to_numpy(), "count_b": pair[b].to_numpy()})
    table["rate_a"] = table["count_a"] / total_a * PER
    table["rate_b"] = table["count_b"] / total_b * PER
    table["plot_rate_a"] = (table["count_a"] + SMOOTHING) / total_a * PER
    table["plot_rate_b"] = (table["count_b"] + SMOOTHING) / total_b * PER
    table["g2"] = log_likelihood(table["count_a"], table["count_b"], total_a, total_b)
    table["log_ratio"] = log_ratio(table["count_a"], table["count_b"], total_a, total_b)
    return table.sort_values(["g2", "term"], ascending=[False, True]).reset_index(drop=True)


def distinctive(table: pd.DataFrame, n: int = 12) -> pd.Series:
    """Mask of the ``n`` terms with the highest G² on each side of a :func:`comparison_table`."""
    side_a = table[table["log_ratio"] > 0].nlargest(n, "g2").index
    side_b = table[table["log_ratio"] < 0].nlargest(n, "g2").index
    return table.index.isin(side_a.union(side_b))


def _pair_cmap(a: str, b: str) -> LinearSegmentedColormap:
    return LinearSegmentedColormap.from_list("pair", [speaker_color(b), NEUTRAL, speaker_color(a)])


def _jitter(values: pd.Series, seed: int) -> np.ndarray:
    """Multiplicative jitter (±7%) so that terms with equal counts do not hide each other."""
    return values.to_numpy() * 10 ** np.random.default_rng(seed).uniform(-0.03, 0.03, len(values))


def plot_comparison(
    table: pd.DataFrame, a: str, b: str, n_labels: int = 12, names: Mapping[str, str] | None = None
) -> plt.Figure:
    """Scattertext-like map: each term at (rate in ``a``, rate in ``b``), log axes, distinctive terms labeled."""
    use_cjk_font()
    fig, ax = plt.subplots(figsize=(8.5, 8))
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
    ax.set_xlabel(f"{_name(a, names)}: per 10k tokens (log)")
    ax.set_ylabel(f"{_name(b, names)}: per 10k tokens (log)")
    ax.set_title(f"{_name(a, names)} vs {_name(b, names)}: terms by rate, labeled by G²")
    fig.colorbar(points, ax=ax, shrink=0.6, label=f"log ratio ({_name(a, names)} / {_name(b, names)})")
    fig.tight_layout()
    return fig


def plot_comparison_interactive(
    table: pd.DataFrame, a: str, b: str, n_labels: int = 12, names: Mapping[str, str] | None = None
) -> go.Figure:
    """Plotly version of :func:`plot_comparison`: hover shows counts, rates, G² and log ratio."""
    label = distinctive(table, n_labels)
    limit = max(abs(table["log_ratio"]).max(), 1.0)
    hover = (
        table["term"] + "<br>" + f"{_name(a, names)}: " + table["count_a"].astype(str)
        + f" · {_name(b, names)}: " + table["count_b"].astype(str)
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
        title=f"{_name(a, names)} vs {_name(b, names)}: terms by rate (hover for counts)",
        xaxis={"type": "log", "title": f"{_name(a, names)}: per 10k tokens"},
        yaxis={"type": "log", "title": f"{_name(b, names)}: per 10k tokens"},
        template="simple_white", width=850, height=800,
    )  # fmt: skip
    return fig


def describe_comparison(table: pd.DataFrame, a: str, b: str, names: Mapping[str, str] | None = None, n: int = 5) -> str:
    """One markdown sentence naming the ``n`` most distinctive terms on each side of a comparison.

    Examples:
        >>> counts = pd.DataFrame({"a": [9, 1], "b": [1, 9]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
        >>> describe_comparison(comparison_table(counts, "a", "b"), "a", "b")
        'Most distinctive of **a**: 泛化; of **b**: 蒸馏.'

    """
    side_a = table[table["log_ratio"] > 0].nlargest(n, "g2")["term"]
    side_b = table[table["log_ratio"] < 0].nlargest(n, "g2")["term"]
    return f"Most distinctive of **{_name(a, names)}**: {', '.join(side_a)}; of **{_name(b, names)}**: {', '.join(side_b)}."
