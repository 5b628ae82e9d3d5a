"""Figures that hold at any number of speakers: fixed-size pages, top-N with the rest grouped, label checks.

A per-speaker figure never grows with the corpus: small multiples go on pages of at most
:data:`PER_PAGE` panels (several files), bar charts show the top :data:`TOP_N` and group the rest,
heatmaps keep their cell size. :func:`overlapping_labels` and :func:`pixel_size` are what the tests
(and anyone curious) use to check a figure.

Examples:
    >>> paginate(list("abcdefghijk"), 4)
    [['a', 'b', 'c', 'd'], ['e', 'f', 'g', 'h'], ['i', 'j', 'k']]
    >>> page_names("02_keyness", 3)
    ['02_keyness', '02_keyness_2', '02_keyness_3']

"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations
from typing import TypeVar

import matplotlib.pyplot as plt
import pandas as pd

from analysis.plots.captions import SavedFigure
from analysis.plots.style import save_figure

T = TypeVar("T")

#: Panels per page of small multiples (3 columns × 3 rows).
PER_PAGE = 9
#: Bars or columns drawn before the rest is grouped as "others".
TOP_N = 20


def paginate(items: Sequence[T], per_page: int = PER_PAGE) -> list[list[T]]:
    """``items`` cut into consecutive pages of at most ``per_page`` (an empty list gives no page)."""
    return [list(items[i:i + per_page]) for i in range(0, len(items), per_page)]


def page_names(name: str, n_pages: int) -> list[str]:
    """File names of ``n_pages`` pages: the first keeps ``name`` (links to it hold), then ``name_2`` and on."""
    return [name] + [f"{name}_{i}" for i in range(2, n_pages + 1)]


def page_title(title: str, page: int, n_pages: int, key: str) -> str:
    """``title`` with ``page i/n`` and the sort key when there is more than one page."""
    return title if n_pages == 1 else f"{title}\n第 {page}/{n_pages} 页 page {page} of {n_pages} · {key}"


def save_pages(figures: Sequence[plt.Figure], name: str, data: pd.DataFrame, column: str = "speaker") -> list[SavedFigure]:
    """Save pages of one figure: the first as ``name`` with the whole ``data``, each later one with its own rows.

    A later page's rows are those whose ``column`` is among the speakers its panels show (read
    from the figure's ``page_keys`` attribute set by the plotting function).
    """
    saved = []
    for i, (fig, page_name) in enumerate(zip(figures, page_names(name, len(figures)), strict=True)):
        rows = data if i == 0 else data[data[column].isin(getattr(fig, "page_keys", []))]
        saved.append(save_figure(fig, page_name, rows))
    return saved


def pixel_size(fig: plt.Figure) -> tuple[int, int]:
    """Width and height in pixels of ``fig`` as saved (savefig dpi, tight bounding box)."""
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    dpi = plt.rcParams["savefig.dpi"] if plt.rcParams["savefig.dpi"] != "figure" else fig.dpi
    return round(box.width * dpi), round(box.height * dpi)


def _ticks(axis: object) -> list:
    """The drawn tick labels of one axis: major ticks inside the view interval, visible and not empty."""
    low, high = sorted(axis.get_view_interval())
    margin = (high - low) * 1e-6
    return [label for tick in axis.get_major_ticks() if low - margin <= tick.get_loc() <= high + margin
            for label in (tick.label1, tick.label2) if label.get_visible() and label.get_text().strip()]  # fmt: skip


def _labels(fig: plt.Figure) -> list:
    """Every text drawn on ``fig``: titles, axis labels, drawn tick labels, texts and annotations, legends."""
    found = [fig._suptitle, fig._supxlabel, fig._supylabel, *fig.texts]
    found += [t for legend in fig.legends for t in legend.get_texts()]
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        found += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        if ax.axison:
            found += [ax.xaxis.label, ax.yaxis.label, *_ticks(ax.xaxis), *_ticks(ax.yaxis)]
        if ax.get_legend() is not None:
            found += ax.get_legend().get_texts()
    unique = {id(t): t for t in found if t is not None}  # the suptitle is also one of fig.texts
    return [t for t in unique.values() if t.get_visible() and t.get_text().strip()]


def overlapping_labels(fig: plt.Figure, tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of texts of ``fig`` whose drawn boxes overlap by more than ``tolerance`` pixels each way.

    A rotated text is measured by its upright bounding box, so rotated labels must leave room for it.

    Examples:
        >>> from analysis.plots.style import subplots
        >>> fig, ax = subplots()
        >>> _ = ax.text(0.5, 0.5, "大模型"), ax.text(0.5, 0.5, "推理")
        >>> overlapping_labels(fig)
        [('大模型', '推理')]
        >>> plt.close(fig)

    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in _labels(fig)]
    clashes = []
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        width = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        height = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if width > tolerance and height > tolerance:
            clashes.append((a, b))
    return clashes


def plot_pages(plot: Callable[..., plt.Figure], table: pd.DataFrame, order: Sequence[str], key: str,
               per_page: int = PER_PAGE, **kwargs: object) -> list[plt.Figure]:  # fmt: skip
    """Small multiples on pages: ``plot`` drawn once per page of ``order`` (speaker ids) on that page's rows.

    ``key`` says how ``order`` is sorted (shown in the title of every page when there is more than
    one); each figure keeps its speakers in ``page_keys`` for :func:`save_pages`. ``plot`` should lay
    its figure out with a layout engine (``fig.set_layout_engine("tight")``), which makes room for
    the longer title when the figure is drawn.

    Examples:
        >>> def plot(t):
        ...     fig, ax = plt.subplots(); fig.suptitle("t"); return fig
        >>> figs = plot_pages(plot, pd.DataFrame({"speaker": list("abc")}), list("abc"), "by size", per_page=2)
        >>> [f.page_keys for f in figs], figs[1]._suptitle.get_text().splitlines()[1]
        ([['a', 'b'], ['c']], '第 2/2 页 page 2 of 2 · by size')
        >>> plt.close("all")

    """
    pages = paginate([s for s in order if s in set(table.speaker)], per_page)
    figures = []
    for i, page in enumerate(pages, 1):
        rows = table[table.speaker.isin(page)]
        rows = rows.iloc[rows.speaker.map({s: k for k, s in enumerate(page)}).argsort(kind="stable")]
        fig = plot(rows, **kwargs)
        if fig._suptitle is not None:
            fig._suptitle.set_text(page_title(fig._suptitle.get_text(), i, len(pages), key))
        fig.page_keys = page
        figures.append(fig)
    return figures
