"""Coder agreement per proposition: Krippendorff's α with its bootstrap interval, in-sample beside out-of-sample.

Examples:
    >>> r = pd.DataFrame({"proposition": ["p", "p", "all", "all"], "sample": ["in_sample", "out_of_sample"] * 2,
    ...                   "alpha": [0.9, 0.5, 0.9, 0.6], "ci_low": [0.8, 0.2, 0.85, 0.4], "ci_high": [1, 0.7, 0.95, 0.8],
    ...                   "n_coded": [4, 7, 10, 20]})
    >>> fig = reliability_figure(r, {"p": "P"})
    >>> plt.close(fig)

"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.plots.style import subplots

SAMPLE_STYLE = {"in_sample": ("#999999", "s", "样本内 in-sample (codebook written from these answers)"),
                "out_of_sample": ("#335c81", "o", "样本外 out-of-sample (never quoted in the codebook)")}  # fmt: skip


def reliability_figure(report: pd.DataFrame, labels: Mapping[str, str], threshold: float = 0.667,
                       min_coded: int = 5) -> plt.Figure:  # fmt: skip
    """One row per proposition (and all cells): α with its 95 % interval per sample; n = coded answers.

    A hollow marker has fewer than ``min_coded`` coded answers: too few to read its α.
    """
    propositions = list(dict.fromkeys(report.proposition))
    fig, ax = subplots(figsize=(9, 0.5 * len(propositions) + 1.8))
    y = np.arange(len(propositions))
    for offset, (sample, (color, marker, label)) in zip((-0.15, 0.15), SAMPLE_STYLE.items(), strict=True):
        rows = report[report["sample"] == sample].set_index("proposition").reindex(propositions)
        if rows.alpha.notna().any():
            err = [rows.alpha - rows.ci_low, rows.ci_high - rows.alpha]
            ax.errorbar(rows.alpha, y + offset, xerr=err, fmt=marker, color=color, capsize=2, ms=5, label=label)
            few = (rows.n_coded < min_coded).to_numpy()
            ax.scatter(rows.alpha[few], (y + offset)[few], marker=marker, s=22, facecolor="white", edgecolor=color, zorder=3)
            for i, (a, n) in enumerate(zip(rows.alpha, rows.n_coded, strict=True)):
                if pd.notna(n):
                    ax.text(1.02, i + offset, f"n={int(n)}" + ("" if pd.notna(a) else " (α undefined)"), va="center",
                            fontsize=7, color=color, transform=ax.get_yaxis_transform())  # fmt: skip
    ax.axvline(threshold, color="#d1495b", lw=0.8, ls="--", label=f"α = {threshold} (tentative conclusions)")
    ax.set_yticks(y, [labels.get(p, "全部 all cells" if p == "all" else p) for p in propositions])
    ax.invert_yaxis()
    ax.set_xlim(min(-0.05, float(np.nanmin(report.ci_low.to_numpy(dtype=float), initial=0)) - 0.05), 1.05)
    ax.set_xlabel(f"Krippendorff's α (nominal), 95% bootstrap interval over answers; hollow: fewer than {min_coded} coded answers")
    ax.set_title("编码一致性 Agreement of two coders (language-model agents), per proposition")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=1, frameon=False, fontsize=8)
    fig.tight_layout()
    return fig
