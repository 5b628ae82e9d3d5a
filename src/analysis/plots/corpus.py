"""Figures of notebook 01: what every raw line became, and who speaks how much.

Examples:
    >>> import pandas as pd
    >>> fig = plot_line_accounting(pd.DataFrame({"content": [3], "blank": [2]}, index=["d"]))
    >>> len(fig.axes)
    1

"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis.plots.style import speaker_color, speaker_label, subplots


def plot_line_accounting(accounting: pd.DataFrame) -> plt.Figure:
    """Stacked bars: what every raw line of each article became (a ``line_accounting`` table)."""
    fig, ax = subplots(figsize=(9, 3.8))
    accounting.plot.barh(stacked=True, ax=ax, colormap="tab20", width=0.75)
    ax.set_xlabel("原始行数 raw lines")
    ax.set_ylabel("")
    ax.invert_yaxis()
    ax.legend(ncol=1, bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8, title="类别 kind")
    ax.set_title("每一原始行：保留或注明原因删除 · every raw line is kept (content, heading) or dropped with a reason")
    fig.tight_layout()
    return fig


def plot_speaker_volume(volume: pd.DataFrame) -> plt.Figure:
    """Two panels: turns and characters per speaker, one bar group per article (a ``speaker_volume`` table)."""
    fig, axes = subplots(1, 2, figsize=(11, 4.2), sharey=True)
    labels = volume.doc_id + " · " + volume.speaker.map(speaker_label)
    colors = [speaker_color(s) for s in volume.speaker]
    for ax, column, title in zip(axes, ["turns", "chars"], ["发言次数 turns", "字符数（清洗后） characters (cleaned)"], strict=True):
        ax.barh(labels, volume[column], color=colors)
        ax.set_title(title)
    axes[0].invert_yaxis()  # shared y axis: first article on top
    fig.suptitle("各篇访谈中谁说了多少 · who speaks how much in each article")
    fig.tight_layout()
    return fig
