"""Every per-speaker figure reads at 5 and at 50 speakers: bounded pixel size, no overlapping labels, stable colours.

The tables are made in code (a synthetic corpus of ``n`` guests, the five registered guests first),
shaped like the ones the notebooks pass; each figure is drawn as the notebooks draw it (pages of
small multiples through :func:`analysis.plots.pages.plot_pages`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis.corpus.speakers import Registry
from analysis.plots import corpus as corpus_plots
from analysis.plots import stances as sp
from analysis.plots import terms as term_plots
from analysis.plots import topics as topic_plots
from analysis.plots import viewpoints as vp
from analysis.plots.pages import PER_PAGE, overlapping_labels, pixel_size, plot_pages
from analysis.plots.style import speaker_color, speaker_label, use_speakers

#: Largest figure a reader should have to scroll: 16 × 24 inches at the saved 150 dpi.
MAX_WIDTH, MAX_HEIGHT = 2400, 3600
REGISTERED = Registry.load().with_role("guest")
TERMS = ["数据", "模型", "推理", "规模", "大脑", "智能", "学习", "强化学习", "可解释性", "泛化", "直觉", "神经网络"]
THEMES = ["scaling", "brain", "reasoning", "safety", "data", "research_practice", "interpretability"]


def guests(n: int) -> list[str]:
    """The five registered guests, then made-up ones, ``n`` in all."""
    return (REGISTERED + [f"guest-{i:02d}" for i in range(n)])[:n]


def _keyness(speakers: list[str], rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for s in speakers:
        for t in TERMS:
            over = rng.random() < 0.6
            g2 = float(rng.uniform(1, 60))
            lr = float(rng.uniform(0.5, 3)) * (1 if over else -1)
            rows.append({"speaker": s, "term": t, "count": int(rng.integers(5, 80)), "n_turns": int(rng.integers(1, 20)),
                         "g2": g2, "log_ratio": lr, "ci_low": lr - 0.8, "ci_high": lr + 0.8,
                         "direction": "over" if over else "under", "significant": g2 > 15, "key": g2 > 30 and over})
    return pd.DataFrame(rows)


def _stances(speakers: list[str], n_coded: int) -> pd.DataFrame:
    props = ["scaling_enough", "prediction_understanding", "interpretability_needed", "ai_beyond_human_knowledge"]
    codes = ["agree", "disagree", "mixed", "not_addressed"]
    return pd.DataFrame([{"speaker": s, "proposition": p, "stance": codes[(i + j) % 4] if i < n_coded else "not_addressed",
                          "n_units": (i + j) % 4 if i < n_coded and (i + j) % 4 < 3 else 0, "fragile": (i * j) % 5 == 1,
                          "note": "" if i < n_coded else "interview not coded"}
                         for i, s in enumerate(speakers) for j, p in enumerate(props)])  # fmt: skip


def figures(n: int) -> dict[str, plt.Figure]:
    """Every per-speaker figure of notebooks 01–04 for ``n`` guests (pages: each page a figure)."""
    rng = np.random.default_rng(n)
    speakers = guests(n)
    names = {s: speaker_label(s) for s in speakers}
    docs = [f"doc-{i:02d}" for i in range(max(n, 5))]
    volume = pd.DataFrame([{"doc_id": d, "speaker": s, "role": r, "turns": int(rng.integers(5, 80)),
                            "chars": int(rng.integers(500, 30000))}
                           for d, g in zip(docs, speakers * 2, strict=False) for s, r in ((g, "guest"), (f"{d}-host", "host"))])  # fmt: skip
    counts = pd.DataFrame(rng.integers(0, 60, (len(TERMS), n)), index=pd.Index(TERMS, name="term"), columns=speakers)
    from analysis.terms.keyness import frequency_table, top_terms

    keyness = _keyness(speakers, rng)
    topic_counts = pd.DataFrame(rng.integers(0, 30, (12, n)), index=[f"{t} 主题{t}" for t in range(12)], columns=speakers)
    intervals = pd.DataFrame([{"speaker": s, "theme": t, "measure": m, "point": p, "ci_low": p * 0.5, "ci_high": p * 1.5}
                              for s in speakers for t in THEMES for m in ("coverage", "coverage_unasked")
                              for p in [float(rng.uniform(0.01, 0.4))]])  # fmt: skip
    overall = pd.DataFrame({"speaker": speakers, "share_prompted": rng.uniform(0, 1, n), "on_theme_chars": rng.integers(100, 9000, n)})
    stances = _stances(speakers, min(n, 7))
    a, b = np.triu_indices(n, 1)
    pairs = pd.DataFrame({"a": np.array(speakers)[a], "b": np.array(speakers)[b], "embedding": rng.uniform(-0.2, 0.8, len(a)),
                          "tfidf": rng.uniform(0, 0.6, len(a))})  # fmt: skip
    for m in ("embedding", "tfidf"):
        pairs[f"{m}_low"], pairs[f"{m}_high"] = pairs[m] - 0.1, pairs[m] + 0.1
    coded = pairs.a.isin(speakers[:7]) & pairs.b.isin(speakers[:7])
    pairs["stance_agreement"] = np.where(coded, rng.uniform(0, 1, len(a)), np.nan)
    pairs["n_shared"] = np.where(coded, rng.integers(1, 5, len(a)), 0)
    values = rng.uniform(-0.3, 0.9, (n, n))
    values = (values + values.T) / 2
    np.fill_diagonal(values, 1.0)
    matrix = pd.DataFrame(values, index=speakers, columns=speakers)
    order = list(counts.sum().sort_values(ascending=False).index)
    paged = {
        "top_terms": plot_pages(term_plots.plot_top_terms, top_terms(counts, n=15), order, "by tokens", names=names),
        "keyness": plot_pages(term_plots.plot_keyness, keyness, order, "by tokens", names=names),
        "key_intervals": plot_pages(term_plots.plot_key_intervals, keyness, order, "by tokens", names=names),
        "coverage_intervals": plot_pages(sp.coverage_interval_figure, intervals, order, "by answers", per_page=10,
                                         names=names, labels={t: t for t in THEMES}),
        "wordclouds": plot_pages(term_plots.plot_wordclouds, frequency_table(counts), order[:PER_PAGE], "by tokens",
                                 names=names, max_words=12),
    }
    single = {
        "line_accounting": corpus_plots.plot_line_accounting(pd.DataFrame({"content": rng.integers(50, 500, len(docs)),
                                                                           "blank": rng.integers(5, 50, len(docs))}, index=docs)),
        "speaker_volume": corpus_plots.plot_speaker_volume(volume),
        "topic_speakers": topic_plots.plot_topic_speakers(topic_counts),
        "interviewer_control": sp.prompted_figure(overall, names),
        "stance_grid": sp.stance_grid_figure(stances, names, {}),
        "pair_intervals": sp.pair_interval_figure(pairs, names),
        "similarity": vp.similarity_figure(matrix, matrix * 0.5, "相似度 similarity"),
    }  # fmt: skip
    return single | {f"{k}_{i}": fig for k, figs in paged.items() for i, fig in enumerate(figs, 1)}


@pytest.fixture(scope="module", params=[5, 50])
def drawn(request):
    made = figures(request.param)
    yield request.param, made
    plt.close("all")


def test_every_figure_stays_within_a_readable_size_and_no_two_labels_overlap(drawn):
    n, made = drawn
    for name, fig in made.items():
        width, height = pixel_size(fig)
        assert width <= MAX_WIDTH and height <= MAX_HEIGHT, f"{name} at {n} speakers is {width}×{height} px"
        assert overlapping_labels(fig) == [], f"{name} at {n} speakers"


def test_small_multiples_are_split_into_pages_of_fixed_size(drawn):
    n, made = drawn
    keyness = [fig for name, fig in made.items() if name.startswith("keyness_")]
    assert len(keyness) == -(-n // PER_PAGE)
    assert sum(len(fig.page_keys) for fig in keyness) == n
    assert len({tuple(np.round(fig.get_size_inches(), 2)) for fig in keyness[:-1]}) <= 1  # full pages: one size


def test_many_speakers_are_grouped_not_drawn_one_by_one(drawn):
    n, made = drawn
    ticks = [t.get_text() for t in made["speaker_volume"].axes[0].get_yticklabels()]
    assert len(ticks) <= corpus_plots.TOP_N + 1
    assert any("others" in t for t in ticks) == (2 * n > corpus_plots.TOP_N + 1)  # guests and hosts


def test_uncoded_guests_are_their_own_state_not_not_addressed(drawn):
    n, made = drawn
    legend = [t.get_text() for t in made["stance_grid"].axes[0].get_legend().get_texts()]
    rows = [t.get_text() for t in made["stance_grid"].axes[0].get_yticklabels()]
    assert (sp.STANCE_LABELS["not_coded"] in legend) == (n > 7)
    assert any("not coded" in r for r in rows) == (n > 7)
    assert len(rows) <= 8


def test_every_guest_has_its_own_colour_stable_across_figures():
    table = pd.DataFrame({"speaker": guests(50), "role": "guest"})
    colors = use_speakers(table)
    assert len(set(colors.values())) == 50
    assert [colors[s] for s in REGISTERED] == [Registry.load().colors[s] for s in REGISTERED]
    assert {s: speaker_color(s) for s in guests(50)} == colors
    again = use_speakers(table.iloc[::-1])
    assert again == colors  # the order of the table does not change anyone's colour
