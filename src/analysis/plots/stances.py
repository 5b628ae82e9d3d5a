"""Figures of notebook 04's evidence layer: coded stances, coverage with intervals, interviewer control, pair intervals.

Each function takes tables computed in :mod:`analysis.viewpoints` and returns a figure.

Examples:
    >>> s = pd.DataFrame({"speaker": ["a", "b"], "proposition": ["p", "p"], "stance": ["agree", "mixed"],
    ...                   "n_units": [2, 1], "fragile": [False, True]})
    >>> fig = stance_grid_figure(s, {"a": "A", "b": "B"}, {"p": "P"})
    >>> plt.close(fig)

"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from analysis.plots.style import speaker_color, subplots

STANCE_COLORS = {"agree": "#2a9d8f", "mostly_agree": "#94d2bd", "mixed": "#edae49", "mostly_disagree": "#eba3ad",
                 "disagree": "#d1495b", "not_addressed": "#e3e3e3", "not_coded": "#ffffff"}  # fmt: skip
STANCE_LABELS = {"agree": "同意 agree", "mostly_agree": "多为同意 mostly agree", "mixed": "兼有 mixed",
                 "mostly_disagree": "多为反对 mostly disagree", "disagree": "反对 disagree",
                 "not_addressed": "未涉及 not addressed", "not_coded": "未编码 interview not coded"}  # fmt: skip
COUNT_MARKS = (("n_agree", "A"), ("n_mixed", "M"), ("n_disagree", "D"))


def stance_grid_figure(stances: pd.DataFrame, names: Mapping[str, str], labels: Mapping[str, str]) -> plt.Figure:
    """Guest × proposition grid coloured by the cell's reading, with its counts (A agree, M mixed, D disagree answers); * fragile."""
    order = list(STANCE_COLORS)
    column = "reading" if "reading" in stances else "stance"
    grid = stances.pivot_table(index="speaker", columns="proposition", values=column, aggfunc="first")
    grid = grid.reindex(index=list(dict.fromkeys(stances.speaker)), columns=list(dict.fromkeys(stances.proposition)))
    codes = grid.apply(lambda c: c.map(order.index)).to_numpy(dtype=float)
    counts = stances.assign(text=_count_text(stances)).pivot_table(
        index="speaker", columns="proposition", values="text", aggfunc="first").reindex_like(grid)  # fmt: skip
    fragile = stances.pivot_table(index="speaker", columns="proposition", values="fragile", aggfunc="first").reindex_like(grid)
    fig, ax = subplots(figsize=(1.0 * grid.shape[1] + 5, 0.55 * grid.shape[0] + 2.8))
    ax.imshow(codes, cmap=ListedColormap([STANCE_COLORS[k] for k in order]), vmin=-0.5, vmax=len(order) - 0.5,
              aspect="auto")  # fmt: skip
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            if counts.iloc[i, j]:
                ax.text(j, i, f"{counts.iloc[i, j]}{'*' if fragile.iloc[i, j] else ''}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(grid.shape[1]), [labels.get(p, p) for p in grid.columns], rotation=35, ha="right")
    ax.set_yticks(range(grid.shape[0]), [names.get(s, s) for s in grid.index])
    ax.set_title("编码立场 Coded stances: guest × proposition (A/M/D = coded answers agree/mixed/disagree, * = fragile)")
    shown = [k for k in order if k in set(grid.to_numpy().ravel())]
    ax.legend(handles=[Patch(facecolor=STANCE_COLORS[k], edgecolor="#999999", label=STANCE_LABELS[k]) for k in shown],
              loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)  # fmt: skip
    fig.tight_layout()
    return fig


def _count_text(stances: pd.DataFrame) -> pd.Series:
    """Per cell, its coded answers by code (``A4 M1``), or the number of units when counts are absent."""
    if "n_agree" not in stances:
        return stances.n_units.map(lambda n: str(int(n)) if n else "")
    return pd.Series([" ".join(f"{mark}{int(r[c])}" for c, mark in COUNT_MARKS if r[c]) for _, r in stances.iterrows()],
                     index=stances.index)  # fmt: skip


def coverage_interval_figure(intervals: pd.DataFrame, names: Mapping[str, str], labels: Mapping[str, str],
                             order: list[str] | None = None) -> plt.Figure:  # fmt: skip
    """One panel per guest (in ``order``): coverage of each theme, with 95 % intervals.

    Two marks per theme: over all his answers, and over answers to questions that did not ask the theme.
    """
    speakers = [s for s in (order or list(dict.fromkeys(intervals.speaker))) if s in set(intervals.speaker)]
    themes = sorted(intervals.theme.unique())
    fig, axes = subplots(1, len(speakers), figsize=(2.6 * len(speakers) + 4, 4.2), sharey=True, sharex=True)
    axes = np.atleast_1d(axes)
    y = np.arange(len(themes))
    for ax, speaker in zip(axes, speakers, strict=True):
        mine = intervals[intervals.speaker == speaker].set_index(["measure", "theme"])
        for offset, measure, style in ((-0.15, "coverage", "o"), (0.15, "coverage_unasked", "s")):
            rows = mine.loc[measure].reindex(themes)
            color = speaker_color(speaker) if measure == "coverage" else "#777777"
            ax.errorbar(rows.point, y + offset, xerr=[rows.point - rows.ci_low, rows.ci_high - rows.point], fmt=style,
                        color=color, ms=4, capsize=2, lw=1)  # fmt: skip
        ax.set_title(names.get(speaker, speaker), fontsize=10)
        ax.set_xlabel("话语占比 share of characters")
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    axes[0].set_yticks(y, [labels.get(t, t) for t in themes])
    axes[0].invert_yaxis()
    fig.legend(handles=[plt.Line2D([], [], marker="o", ls="", color="#444444", label="全部回答 all answers"),
                        plt.Line2D([], [], marker="s", ls="", color="#777777", label="未被问及该主题时 when not asked")],
               loc="lower center", ncol=2, frameon=False)  # fmt: skip
    fig.suptitle("主题覆盖及 95% 区间 Theme coverage with 95% intervals (bootstrap over answers)")
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def prompted_figure(overall: pd.DataFrame, names: Mapping[str, str]) -> plt.Figure:
    """Share of each guest's on-theme talk that answered a question on the same theme."""
    fig, ax = subplots(figsize=(6.5, 0.5 * len(overall) + 1.6))
    y = np.arange(len(overall))
    ax.barh(y, overall.share_prompted, color=[speaker_color(s) for s in overall.speaker])
    for i, r in enumerate(overall.itertuples()):
        ax.text(r.share_prompted + 0.01, i, f"{r.share_prompted:.0%} of {int(r.on_theme_chars)}", va="center", fontsize=8)
    ax.set_yticks(y, [names.get(s, s) for s in overall.speaker])
    ax.set_xlim(0, 1.15)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("回应同主题提问的比例 share answering a question on the same theme")
    ax.set_title("主持人的影响 How much on-theme talk was asked for")
    fig.tight_layout()
    return fig


def pair_interval_figure(pairs: pd.DataFrame, names: Mapping[str, str]) -> plt.Figure:
    """Per guest pair: embedding and TF-IDF similarity with 95 % intervals, and coded-stance agreement."""
    pairs = pairs.sort_values("stance_agreement", na_position="first").reset_index(drop=True)
    labels = [f"{names.get(a, a)} – {names.get(b, b)}" for a, b in zip(pairs.a, pairs.b, strict=True)]
    panels = [("embedding", "嵌入余弦 embedding cosine"), ("tfidf", "TF-IDF 余弦 cosine"),
              ("stance_agreement", "立场一致度 stance agreement")]  # fmt: skip
    fig, axes = subplots(1, 3, figsize=(13, 0.42 * len(pairs) + 1.8), sharey=True)
    y = np.arange(len(pairs))
    for ax, (column, title) in zip(axes, panels, strict=True):
        if f"{column}_low" in pairs:
            err = [pairs[column] - pairs[f"{column}_low"], pairs[f"{column}_high"] - pairs[column]]
            ax.errorbar(pairs[column], y, xerr=err, fmt="o", color="#335c81", capsize=2, ms=4)
        else:
            ax.scatter(pairs[column], y, color="#2a9d8f", s=25)
            for i, n in enumerate(pairs.n_shared):
                ax.text(1.03, i, f"n={int(n)}", va="center", fontsize=8, transform=ax.get_yaxis_transform())
            ax.set_xlim(-0.05, 1.05)
        ax.set_title(title, fontsize=10)
    axes[0].set_yticks(y, labels)
    fig.suptitle("嘉宾两两相似度与立场一致度 Pair similarity (95% intervals) vs agreement on coded stances")
    fig.tight_layout()
    return fig


def baseline_figure(units: pd.DataFrame, labels: Mapping[str, str], scorer: str = "axis") -> plt.Figure:
    """Automatic axis position of each coded answer's evidence, by its coded stance (does the sign follow the code?)."""
    propositions = list(dict.fromkeys(units.proposition))
    fig, axes = subplots(1, len(propositions), figsize=(4.2 * len(propositions), 3.2), sharey=True)
    axes = np.atleast_1d(axes)
    codes = ["agree", "mixed", "disagree"]
    rng = np.random.default_rng(0)
    for ax, p in zip(axes, propositions, strict=True):
        mine = units[units.proposition == p]
        for j, code in enumerate(codes):
            values = mine.loc[mine.code == code, scorer]
            ax.scatter(values, j + rng.uniform(-0.15, 0.15, len(values)), color=STANCE_COLORS[code], s=30)
        ax.axvline(0, color="#999999", lw=0.8, ls="--")
        ax.set_title(labels.get(p, p), fontsize=10)
        ax.set_xlabel("轴上位置 position on the axis (>0 = agree side)")
    axes[0].set_yticks(range(len(codes)), [STANCE_LABELS[c] for c in codes])
    fig.suptitle(f"自动基线对照人工编码 Automatic baseline ({scorer}) vs coded stance of the same answers")
    fig.tight_layout()
    return fig
