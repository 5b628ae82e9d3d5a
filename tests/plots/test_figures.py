"""Figures read the same everywhere: one speaker naming, bilingual titles and labels, fixed colour scales."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.corpus.speakers import Registry
from analysis.plots import corpus as corpus_plots
from analysis.plots import topics as topic_plots
from analysis.plots import viewpoints as vp
from analysis.plots.style import speaker_label, speaker_names
from analysis.viewpoints.stance_axes import Axis

GUESTS = ["kaiming-he", "yubei-chen", "geoffrey-hinton"]
CJK, LATIN = re.compile(r"[\u4e00-\u9fff]"), re.compile(r"[A-Za-z]{2}")


def _matrix(low=-0.5, high=1.0):
    values = np.linspace(low, high, 9).reshape(3, 3)
    return pd.DataFrame(values, index=GUESTS, columns=GUESTS)


def _figures():
    tree = np.array([[0, 1, 0.2, 2], [2, 3, 0.5, 3]])
    axis = Axis("scaling_enough", "scaling", np.array([1.0]), 0.0, "规模就够了", "规模不够")
    stance = pd.DataFrame({"speaker": GUESTS * 2, "position": np.linspace(-0.2, 0.2, 6)})
    summary = pd.DataFrame({"median": [0.0] * 3, "count": [2, 2, 1]}, index=GUESTS)
    protos = pd.DataFrame({"pole": [1, -1], "position": [0.3, -0.3]})
    counts = pd.DataFrame([[3, 1, 0], [1, 2, 5]], index=["0 数据", "1 大脑"], columns=GUESTS)
    volume = pd.DataFrame({"doc_id": ["d"] * 3, "speaker": GUESTS, "role": "guest", "turns": [3, 2, 1], "chars": [30, 20, 10]})
    return {
        "line_accounting": corpus_plots.plot_line_accounting(pd.DataFrame({"content": [3], "blank": [2]}, index=["d"])),
        "speaker_volume": corpus_plots.plot_speaker_volume(volume),
        "coverage": vp.coverage_figure(pd.DataFrame([[0.1, 0.7]], index=["kaiming-he"], columns=["规模", "大脑"]),
                                       "主题覆盖 coverage"),
        "similarity": vp.similarity_figure(_matrix(), _matrix(0, 0.4), "相似度 similarity"),
        "dendrogram": vp.dendrogram_figure(tree, GUESTS, "层次聚类 average linkage"),
        "stance": vp.stance_figure(stance, summary, protos, axis),
        "topic_speakers": topic_plots.plot_topic_speakers(counts),
        "topic_words": topic_plots.plot_top_words({0: [("数据", 0.3)]}, {0: "0 数据"}),
        "topic_tree": topic_plots.plot_topic_dendrogram(tree, ["0 数据", "1 大脑", "2 模型"]),
        **_evidence_figures(),
    }  # fmt: skip


def _evidence_figures() -> dict:
    """The figures of notebook 04's evidence layer (analysis.plots.stances), on small made-up tables."""
    from analysis.plots import stances as sp

    names = {s: speaker_label(s) for s in GUESTS}
    stances = pd.DataFrame({"speaker": GUESTS, "proposition": "scaling_enough", "stance": ["agree", "disagree", "mixed"],
                            "n_units": [1, 2, 1], "fragile": [False, True, False]})  # fmt: skip
    intervals = pd.DataFrame([{"speaker": s, "theme": t, "measure": m, "point": 0.2, "ci_low": 0.1, "ci_high": 0.3}
                              for s in GUESTS for t in ("scaling", "brain") for m in ("coverage", "coverage_unasked")])  # fmt: skip
    overall = pd.DataFrame({"speaker": GUESTS, "share_prompted": [0.2, 0.5, 0.7], "on_theme_chars": [100, 200, 300]})
    pairs = pd.DataFrame({"a": GUESTS[:2], "b": GUESTS[1:], "embedding": [0.5, 0.6], "embedding_low": [0.4, 0.5],
                          "embedding_high": [0.6, 0.7], "tfidf": [0.2, 0.3], "tfidf_low": [0.1, 0.2], "tfidf_high": [0.3, 0.4],
                          "stance_agreement": [0.5, 1.0], "n_shared": [2, 3]})  # fmt: skip
    units = pd.DataFrame({"proposition": "scaling_enough", "code": ["agree", "disagree"], "axis": [0.1, -0.1]})
    return {
        "stance_grid": sp.stance_grid_figure(stances, names, {"scaling_enough": "Scaling is sufficient"}),
        "coverage_intervals": sp.coverage_interval_figure(intervals, names, {"scaling": "规模 / scaling", "brain": "大脑 / brain"}),
        "interviewer_control": sp.prompted_figure(overall, names),
        "pair_intervals": sp.pair_interval_figure(pairs, names),
        "stance_baseline": sp.baseline_figure(units, {"scaling_enough": "Scaling is sufficient"}),
    }


@pytest.fixture(scope="module")
def figures():
    made = _figures()
    yield made
    for fig in made.values():
        plt.close(fig)


def _texts(fig):
    """Suptitle, axis labels, and panel titles unless the panels are titled by data (topic, speaker) under a suptitle."""
    titles = [fig._suptitle.get_text()] if fig._suptitle is not None else []
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>":
            continue
        titles += [ax.get_xlabel()] + ([] if titles and fig._suptitle is not None else [ax.get_title()])
    return [t for t in titles if t.strip()]


def test_every_figure_has_bilingual_titles_and_axis_labels(figures):
    for name, fig in figures.items():
        texts = _texts(fig)
        assert texts, name
        for text in texts:
            if not CJK.search(text) and not LATIN.search(text):
                continue
            assert CJK.search(text) and LATIN.search(text), f"{name}: {text!r} is not bilingual (Chinese and English)"


def test_speakers_are_named_alike_in_every_figure(figures):
    labels = {speaker_label(s) for s in GUESTS}
    for name in ("similarity", "dendrogram", "stance", "topic_speakers", "speaker_volume"):
        ticks = {t.get_text() for ax in figures[name].axes for t in [*ax.get_yticklabels(), *ax.get_xticklabels()]}
        ticks = {part for t in ticks for part in t.split(" · ")}
        assert labels & ticks == labels, (name, ticks)
        assert not set(GUESTS) & ticks, f"{name} shows speaker ids"


def test_speaker_names_come_from_the_registry():
    table = Registry.load().table.set_index("speaker")
    for speaker, name in speaker_names().items():
        assert table.name_zh[speaker] in name and table.name_en[speaker] in name


def test_comparable_heatmaps_share_one_colour_scale(figures):
    similarity = [ax.images[0].get_clim() for ax in figures["similarity"].axes if ax.images]
    assert similarity == [vp.SIMILARITY_SCALE] * 2
    other = vp.similarity_figure(_matrix(0.1, 0.2), _matrix(0.5, 0.6), "相似度 similarity")
    assert [ax.images[0].get_clim() for ax in other.axes if ax.images] == similarity
    plt.close(other)
    assert figures["coverage"].axes[0].images[0].get_clim() == vp.COVERAGE_SCALE


def test_median_is_drawn_only_for_two_or_more_statements(figures):
    black = [line for line in figures["stance"].axes[0].lines if line.get_color() == "black"]
    assert len(black) == 2  # the third guest has one statement
