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
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from analysis.plots.common import grid
from analysis.plots.pages import TOP_N
from analysis.plots.style import speaker_color, subplots

STANCE_COLORS = {"agree": "#2a9d8f", "mostly_agree": "#94d2bd", "mixed": "#edae49", "mostly_disagree": "#eba3ad",
                 "disagree": "#d1495b", "not_addressed": "#e3e3e3", "not_coded": "#ffffff"}  # fmt: skip
STANCE_LABELS = {"agree": "同意 agree", "mostly_agree": "多为同意 mostly agree", "mixed": "兼有 mixed",
                 "mostly_disagree": "多为反对 mostly disagree", "disagree": "反对 disagree",
                 "not_addressed": "未涉及 not addressed", "not_coded": "未编码 interview not coded"}  # fmt: skip
COUNT_MARKS = (("n_agree", "A"), ("n_mixed", "M"), ("n_disagree", "D"))
#: The note :func:`analysis.viewpoints.stance_codes.stances` gives a guest whose interview was not coded.
UNCODED_NOTE = "interview not coded"


def stance_state(stances: pd.DataFrame) -> pd.Series:
    """Each cell's state for the grid: its ``reading`` (else ``stance``), or ``not_coded`` when the guest's interview was not coded.

    A cell whose value is already ``not_coded`` keeps it; otherwise the cell's ``note`` decides.

    Examples:
        >>> t = pd.DataFrame({"stance": ["not_addressed", "not_addressed"], "note": ["", "interview not coded"]})
        >>> stance_state(t).tolist()
        ['not_addressed', 'not_coded']

    """
    value = stances["reading"] if "reading" in stances else stances["stance"]
    note = stances["note"].fillna("") if "note" in stances else pd.Series("", index=stances.index)
    return value.where(note.ne(UNCODED_NOTE), "not_coded")


def stance_grid_figure(stances: pd.DataFrame, names: Mapping[str, str], labels: Mapping[str, str]) -> plt.Figure:
    """Guest × proposition grid coloured by the cell's reading, with its counts (A agree, M mixed, D disagree answers); * fragile.

    "Not coded" (the guest's interview was never coded) is its own state, apart from "not addressed"
    (coded, silent on the proposition). Guests with nothing coded share one hatched last row, so the
    grid grows with the coded guests only; the table beside it names them.
    """
    order = list(STANCE_COLORS)
    stances = stances.assign(state=stance_state(stances), text=_count_text(stances))
    uncoded = stances.groupby("speaker", sort=False).state.apply(lambda s: s.eq("not_coded").all())
    coded = stances[~stances.speaker.map(uncoded)]
    grid = coded.pivot_table(index="speaker", columns="proposition", values="state", aggfunc="first")
    grid = grid.reindex(index=list(dict.fromkeys(coded.speaker)), columns=list(dict.fromkeys(stances.proposition)))
    counts = coded.pivot_table(index="speaker", columns="proposition", values="text", aggfunc="first").reindex_like(grid)
    fragile = coded.pivot_table(index="speaker", columns="proposition", values="fragile", aggfunc="first").reindex_like(grid)
    row_names = [names.get(s, s) for s in grid.index]
    n_uncoded = int(uncoded.sum())
    if n_uncoded:
        grid.loc["not coded"] = "not_coded"
        row_names.append(f"未编码 not coded: {n_uncoded} 位 guests")
    codes = grid.apply(lambda c: c.map(order.index)).to_numpy(dtype=float)
    fig, ax = subplots(figsize=(0.9 * grid.shape[1] + 5, 0.5 * grid.shape[0] + 2.8))
    ax.imshow(codes, cmap=ListedColormap([STANCE_COLORS[k] for k in order]), vmin=-0.5, vmax=len(order) - 0.5,
              aspect="auto")  # fmt: skip
    for i, j in zip(*np.nonzero(codes == order.index("not_coded")), strict=True):
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", edgecolor="#bbbbbb", linewidth=0))
    for i in range(len(counts)):
        for j in range(grid.shape[1]):
            text = counts.iloc[i, j]
            if isinstance(text, str) and text:
                ax.text(j, i, f"{text}{'*' if fragile.iloc[i, j] else ''}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(grid.shape[1]), [labels.get(p, p) for p in grid.columns], rotation=90)
    ax.set_yticks(range(grid.shape[0]), row_names)
    n_coded = len(counts)
    ax.set_title(f"编码立场 Coded stances of {n_coded} of {n_coded + n_uncoded} guests "
                 "(A/M/D = coded answers agree/mixed/disagree, * = fragile)", fontsize=10)  # fmt: skip
    present = set(grid.to_numpy().ravel())
    shown = [k for k in order if k in present]
    handles = [Patch(facecolor=STANCE_COLORS[k], edgecolor="#bbbbbb", hatch="///" if k == "not_coded" else None,
                     label=STANCE_LABELS[k]) for k in shown]  # fmt: skip
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    fig.tight_layout()
    return fig


def _count_text(stances: pd.DataFrame) -> pd.Series:
    """Per cell, its coded answers by code (``A4 M1``), or the number of units when counts are absent."""
    if "n_agree" not in stances:
        return stances.n_units.map(lambda n: str(int(n)) if n else "")
    return pd.Series([" ".join(f"{mark}{int(r[c])}" for c, mark in COUNT_MARKS if r[c]) for _, r in stances.iterrows()],
                     index=stances.index)  # fmt: skip


def coverage_interval_figure(intervals: pd.DataFrame, names: Mapping[str, str], labels: Mapping[str, str],
                             order: list[str] | None = None, ncols: int = 5) -> plt.Figure:  # fmt: skip
    """One panel per guest (in ``order``), ``ncols`` to a row: coverage of each theme, with 95 % intervals.

    Two marks per theme: over all his answers, and over answers to questions that did not ask the theme.
    For many guests draw it page by page (:func:`analysis.plots.pages.plot_pages`).
    """
    speakers = [s for s in (order or list(dict.fromkeys(intervals.speaker))) if s in set(intervals.speaker)]
    themes = sorted(intervals.theme.unique())
    fig, axes = grid(len(speakers), ncols, (2.7, 0.36 * len(themes) + 1.3))
    y = np.arange(len(themes))
    high = float(intervals.ci_high.max())
    for k, (ax, speaker) in enumerate(zip(axes, speakers, strict=True)):
        mine = intervals[intervals.speaker == speaker].set_index(["measure", "theme"])
        for offset, measure, style in ((-0.15, "coverage", "o"), (0.15, "coverage_unasked", "s")):
            rows = mine.loc[measure].reindex(themes)
            color = speaker_color(speaker) if measure == "coverage" else "#777777"
            ax.errorbar(rows.point, y + offset, xerr=[rows.point - rows.ci_low, rows.ci_high - rows.point], fmt=style,
                        color=color, ms=4, capsize=2, lw=1)  # fmt: skip
        ax.set_title(names.get(speaker, speaker), fontsize=10)
        ax.set_xlim(0, high * 1.05 or 1)
        ax.set_xlabel("话语占比 share of characters", fontsize=8)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
        names_shown = [labels.get(t, t).replace(" / ", "\n") for t in themes]  # Chinese above English
        ax.set_yticks(y, names_shown if k % ncols == 0 else [""] * len(themes), fontsize=7)
        ax.invert_yaxis()
    fig.legend(handles=[plt.Line2D([], [], marker="o", ls="", color="#444444", label="全部回答 all answers"),
                        plt.Line2D([], [], marker="s", ls="", color="#777777", label="未被问及该主题时 when not asked")],
               loc="lower center", ncol=2, frameon=False)  # fmt: skip
    fig.suptitle("主题覆盖及 95% 区间 Theme coverage with 95% intervals (bootstrap over answers)")
    fig.set_layout_engine("tight", rect=(0, 0.45 / fig.get_figheight(), 1, 1), w_pad=2.0)  # legend below; re-run per page
    return fig


def prompted_figure(overall: pd.DataFrame, names: Mapping[str, str], n: int = TOP_N) -> plt.Figure:
    """Share of each guest's on-theme talk that answered a question on the same theme.

    The ``n`` guests with most on-theme talk get a bar each, largest first; the rest are pooled in
    one grey bar (their prompted characters over their on-theme characters).
    """
    overall = overall.sort_values("on_theme_chars", ascending=False, kind="stable").reset_index(drop=True)
    if len(overall) > n + 1:
        rest = overall.iloc[n:]
        pooled = (rest.share_prompted * rest.on_theme_chars).sum() / max(rest.on_theme_chars.sum(), 1)
        overall = pd.concat([overall.iloc[:n], pd.DataFrame([{"speaker": "others", "share_prompted": pooled,
                             "on_theme_chars": rest.on_theme_chars.sum()}])], ignore_index=True)  # fmt: skip
        names = {**names, "others": f"其余 {len(rest)} 位 {len(rest)} others"}
    fig, ax = subplots(figsize=(6.5, 0.3 * len(overall) + 1.6))
    y = np.arange(len(overall))
    ax.barh(y, overall.share_prompted, color=["#bbbbbb" if s == "others" else speaker_color(s) for s in overall.speaker])
    for i, r in enumerate(overall.itertuples()):
        ax.text(r.share_prompted + 0.01, i, f"{r.share_prompted:.0%} of {int(r.on_theme_chars)}", va="center", fontsize=7)
    ax.set_yticks(y, [names.get(s, s) for s in overall.speaker], fontsize=8)
    ax.set_xlim(0, 1.2)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("回应同主题提问的比例 share answering a question on the same theme")
    ax.set_title("主持人的影响 How much on-theme talk was asked for (by on-theme characters)", fontsize=10)
    fig.tight_layout()
    return fig


def pair_interval_figure(pairs: pd.DataFrame, names: Mapping[str, str]) -> plt.Figure:
    """Per pair of coded guests: embedding and TF-IDF similarity with 95 % intervals, and coded-stance agreement.

    Only pairs with a coded proposition in common are drawn (the others have no agreement to set
    the similarities against); the title says how many of all pairs that is.
    """
    total = len(pairs)
    pairs = pairs.dropna(subset=["stance_agreement"]).nlargest(TOP_N, "n_shared")
    pairs = pairs.sort_values("stance_agreement", kind="stable").reset_index(drop=True)
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
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(4))
    fig.suptitle(f"嘉宾两两相似度与立场一致度 Pair similarity (95% intervals) vs agreement on coded stances\n"
                 f"{len(pairs)} of {total} pairs: both guests coded, at least one proposition in common", fontsize=11)
    fig.tight_layout(w_pad=2.0)
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
