"""Figures of notebook 01: what every raw line became, and who speaks how much (top speakers, the rest grouped).

Examples:
    >>> import pandas as pd
    >>> fig = plot_line_accounting(pd.DataFrame({"content": [3], "blank": [2]}, index=["d"]))
    >>> len(fig.axes)
    1

"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.plots.pages import TOP_N
from analysis.plots.style import speaker_color, speaker_label, subplots


def plot_line_accounting(accounting: pd.DataFrame) -> plt.Figure:
    """Stacked bars: what every raw line of each article became (a ``line_accounting`` table)."""
    fig, ax = subplots(figsize=(9, max(3.8, 0.24 * len(accounting) + 1.6)))  # one readable row per article
    accounting.plot.barh(stacked=True, ax=ax, colormap="tab20", width=0.75)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xlabel("原始行数 raw lines")
    ax.set_ylabel("")
    ax.invert_yaxis()
    ax.legend(ncol=1, bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8, title="类别 kind")
    ax.set_title("每一原始行：保留或注明原因删除 · every raw line is kept (content, heading) or dropped with a reason")
    fig.tight_layout()
    return fig


def top_speakers(volume: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """Characters, turns and articles per speaker over all articles, largest first; past ``n`` one row ``others``.

    Examples:
        >>> v = pd.DataFrame({"doc_id": ["d", "d", "e", "e"], "speaker": ["a", "b", "a", "c"], "role": "guest",
        ...                   "turns": [2, 1, 1, 1], "chars": [30, 5, 10, 3]})
        >>> top_speakers(v, n=1)[["speaker", "chars", "articles", "n_speakers"]].values.tolist()
        [['a', 40, 2, 1], ['others', 8, 2, 2]]

    """
    totals = (volume.groupby("speaker").agg(role=("role", "first"), turns=("turns", "sum"), chars=("chars", "sum"),
                                            articles=("doc_id", "nunique"))
              .reset_index().sort_values(["chars", "speaker"], ascending=[False, True], ignore_index=True))  # fmt: skip
    if len(totals) <= n + 1:
        return totals.assign(n_speakers=1)
    rest = totals.iloc[n:]
    others = pd.DataFrame([{"speaker": "others", "role": "", "turns": rest.turns.sum(), "chars": rest.chars.sum(),
                            "articles": volume[volume.speaker.isin(rest.speaker)].doc_id.nunique(), "n_speakers": len(rest)}])  # fmt: skip
    return pd.concat([totals.iloc[:n].assign(n_speakers=1), others], ignore_index=True)


def plot_speaker_volume(volume: pd.DataFrame, n: int = TOP_N) -> plt.Figure:
    """Characters and turns per speaker over all articles (a ``speaker_volume`` table): the top ``n``, the rest grouped.

    The height is fixed by ``n``, not by the corpus; the grouped bar is cut at the end of the axis
    with its total written on it. The table beside the figure has every speaker per article.
    """
    totals = top_speakers(volume, n)
    rest = totals.speaker.eq("others")
    labels = [f"其余 {k} 位 {k} others" if other else f"{speaker_label(s)} · {role} · {a} 篇/art."
              for s, role, a, k, other in zip(totals.speaker, totals.role, totals.articles, totals.n_speakers, rest,
                                              strict=True)]  # fmt: skip
    colors = ["#eeeeee" if other else speaker_color(s) for s, other in zip(totals.speaker, rest, strict=True)]
    fig, axes = subplots(1, 2, figsize=(11, 0.28 * len(totals) + 1.4), sharey=True)
    for ax, column, title in zip(axes, ["chars", "turns"], ["字符数（清洗后） characters (cleaned)", "发言次数 turns"], strict=True):
        bars = ax.barh(range(len(totals)), totals[column], color=colors)
        if rest.any():  # the grouped bar: hatched, cut at the axis end, its total written on it
            bars[-1].set(hatch="///", edgecolor="#888888")
            ax.set_xlim(0, totals.loc[~rest, column].max() * 1.3)
            ax.text(0.98, len(totals) - 1, f"{totals[column].iloc[-1]:,} →", transform=ax.get_yaxis_transform(),
                    ha="right", va="center", fontsize=8)  # fmt: skip
        ax.set_title(title, fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1000:.0f}k" if v >= 10000 else f"{v:.0f}"))
    axes[0].set_yticks(range(len(totals)), labels, fontsize=8)
    axes[0].invert_yaxis()  # shared y axis: largest speaker on top
    shown = f"前 {n} 位 top {n} of {len(volume.speaker.unique())} speakers" if rest.any() else "all speakers"
    fig.suptitle(f"谁说了多少（全部访谈合计）· who speaks how much over all articles ({shown}, by characters)")
    fig.tight_layout(w_pad=2.0)
    return fig
