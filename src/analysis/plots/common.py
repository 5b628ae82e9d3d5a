"""Drawing helpers shared by the figures: a grid of panels, one annotated heatmap, one dendrogram.

Examples:
    >>> import pandas as pd
    >>> fig, ax = subplots()
    >>> heatmap(ax, pd.DataFrame([[0.2, 0.8]], index=["a"], columns=["x", "y"]), "示例")
    >>> plt.close(fig)

"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import dendrogram as scipy_dendrogram

from analysis.plots.style import speaker_color, speaker_label, subplots


def grid(n_panels: int, ncols: int, panel: tuple[float, float]) -> tuple[plt.Figure, list[plt.Axes]]:
    """A figure of ``n_panels`` axes in rows of ``ncols`` (unused cells hidden), each ``panel`` inches."""
    ncols = max(1, min(ncols, n_panels))
    nrows = ceil(n_panels / ncols)
    fig, axes = subplots(nrows, ncols, figsize=(panel[0] * ncols, panel[1] * nrows), squeeze=False)
    flat = list(axes.flat)
    for ax in flat[n_panels:]:
        ax.set_visible(False)
    return fig, flat[:n_panels]


def heatmap(
    ax: plt.Axes,
    values: pd.DataFrame,
    title: str,
    fmt: str = "{:.2f}",
    cmap: str = "viridis",
    labels: pd.DataFrame | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    colorbar: str | None = "",
    annotate: bool = True,
) -> None:
    """Draw ``values`` as a heatmap on ``ax``, each cell annotated (``labels`` if given, else the value).

    NaN cells stay blank. Annotations (none with ``annotate=False``) are white on dark cells. ``vmin``/``vmax`` fix the colour
    scale so that two heatmaps of the same measure can be compared; ``colorbar=None`` draws none.
    """
    matrix = values.to_numpy(dtype=float)
    image = ax.imshow(matrix, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(values.shape[1]), values.columns, rotation=90)
    ax.set_yticks(range(values.shape[0]), values.index)
    low, high = image.get_clim()
    texts = labels.to_numpy() if labels is not None else None
    for (i, j), value in np.ndenumerate(matrix):
        if np.isnan(value) or not annotate:
            continue
        dark_cell = _is_dark(cmap, (value - low) / ((high - low) or 1.0))
        text = str(texts[i, j]) if texts is not None else fmt.format(value)
        ax.text(j, i, text, ha="center", va="center", fontsize=8, color="white" if dark_cell else "black")
    ax.set_title(title)
    if colorbar is not None:
        ax.figure.colorbar(image, ax=ax, shrink=0.7, label=colorbar)


def _is_dark(cmap: str, position: float) -> bool:
    """Whether the colour at ``position`` (0–1) of ``cmap`` is dark enough for white text."""
    if cmap in ("Blues", "Greens", "Oranges", "Greys"):
        return position > 0.5
    if cmap in ("RdBu", "RdBu_r", "coolwarm", "PuOr"):
        return abs(position - 0.5) > 0.3
    return position < 0.5


def dendrogram(ax: plt.Axes, tree: np.ndarray, labels: Sequence[str], color_speakers: bool = False) -> None:
    """Draw a linkage matrix ``tree`` (scipy) as a left-to-right dendrogram with ``labels``.

    With ``color_speakers`` the labels are speaker ids: each is coloured and shown by its display name.
    """
    shown = [speaker_label(s) for s in labels] if color_speakers else list(labels)
    scipy_dendrogram(tree, labels=shown, orientation="left", ax=ax, color_threshold=0)
    if color_speakers:
        colors = {name: speaker_color(s) for name, s in zip(shown, labels, strict=True)}
        for label in ax.get_yticklabels():
            label.set_color(colors.get(label.get_text(), "black"))
