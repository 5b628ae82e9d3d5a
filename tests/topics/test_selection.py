"""Equal-budget tuning of every model, seed standard deviations, the held-out split and the choice."""

import numpy as np
import pandas as pd
import pytest

from analysis.topics import selection as sel
from analysis.topics.base import MODELS
from tests.topics.conftest import HashEmbedder, theme_embeddings

QUALITY = ("npmi", "npmi_heldout", "heldout_zero_pairs", "diversity", "stability", "outliers_raw", "outliers")
SMALL = {
    "bertopic": ({"clustering": "hdbscan", "min_cluster_size": 5}, {"clustering": "hdbscan", "min_cluster_size": 8}),
    "nmf": ({"n_topics": 3}, {"n_topics": 4}),
    "lda": ({"n_topics": 3}, {"n_topics": 4}),
}


def test_default_grid_gives_every_model_the_same_budget() -> None:
    candidates = pd.DataFrame([(m, s.describe(m)) for m, s, c in sel.grid() if c], columns=["model", "setting"])
    counts = candidates.groupby("model")["setting"].nunique()
    assert set(counts.index) == set(MODELS)
    assert set(counts) == {len(sel.VECTORIZERS) * 3}
    twins = [s for m, s, c in sel.grid(centre=True) if not c]
    assert twins and all(not s.centre for s in twins)  # twins: the other centring, never candidates


def test_grid_crosses_every_model_with_the_same_vocabularies() -> None:
    vocabularies = {m: {(s.min_df, s.max_df) for mm, s, c in sel.grid() if mm == m and c} for m in MODELS}
    assert all(v == {(d["min_df"], d["max_df"]) for d in sel.VECTORIZERS} for v in vocabularies.values())


def runs_frame() -> pd.DataFrame:
    """Two settings × three seeds, with known values."""
    rows = []
    for setting, base in (("a", 0.10), ("b", 0.05)):
        for i, seed in enumerate((42, 43, 44)):
            row = {"model": "nmf", "setting": setting, "centre": False, "min_cluster_size": None, "k": 5,
                   "min_df": 2, "max_df": 1.0, "candidate": True, "seed": seed}
            row |= {metric: base + 0.01 * i for metric in sel.METRICS}
            row |= {"n_topics": 5 + i + (setting == "b"), "p_less": [0.001, 0.2, 0.001][i], "p_more": 0.9}
            rows.append(row)
    return pd.DataFrame(rows)


def test_summary_has_the_seed_sd_of_every_quality_metric() -> None:
    summary = sel.summarise(runs_frame()).set_index("setting")
    for metric in QUALITY:
        assert summary.loc["a", metric] == pytest.approx(0.11)
        assert summary.loc["a", f"{metric}_sd"] == pytest.approx(np.std([0.10, 0.11, 0.12], ddof=1))
    assert summary.loc["a", "seeds"] == 3 and summary.loc["b", "n_topics_sd"] == pytest.approx(1.0)
    assert summary.loc["a", "rejects_less"] == 2 and summary.loc["a", "p_less_max"] == pytest.approx(0.2)


def test_choice_uses_the_criterion_and_the_topic_floor() -> None:
    summary = sel.summarise(runs_frame())
    assert sel.choose(summary).iloc[0]["setting"] == "a"  # higher mean of the criterion
    assert sel.choose(summary, min_topics=6.5).iloc[0]["setting"] == "b"  # the only one with enough topics
    assert sel.choose(summary, min_topics=8).iloc[0]["setting"] == "b"  # none eligible: the most topics
    flipped = summary.assign(**{sel.CRITERION: -summary[sel.CRITERION]})
    assert sel.choose(flipped).iloc[0]["setting"] == "b"
    assert sel.choose(flipped, criterion="diversity").iloc[0]["setting"] == "a"


def test_turn_folds_keep_turns_whole_and_every_speaker_in_both(shared_chunks) -> None:
    folds = sel.turn_folds(shared_chunks)
    by_turn = pd.Series(folds).groupby(sel.turn_blocks(shared_chunks).to_numpy()).nunique()
    assert (by_turn == 1).all()
    assert (pd.crosstab(shared_chunks.speaker, folds) > 0).all().all()
    np.testing.assert_array_equal(folds, sel.turn_folds(shared_chunks))


def test_heldout_npmi_counts_only_the_held_out_chunks(shared_chunks) -> None:
    folds = sel.turn_folds(shared_chunks)
    reference = [t.split() for t in shared_chunks.text]
    settings = sel.TopicSettings(n_topics=3, min_df=1)
    blank = np.zeros((len(shared_chunks), 2))
    scores = sel.heldout_npmi("nmf", shared_chunks, blank, settings, str.split, reference, folds)
    assert -1 <= scores["npmi_heldout"] <= 1 and 0 <= scores["heldout_zero_pairs"] < 0.5
    # a reference in which the held-out chunks share no words gives the floor, -1, and only zero pairs
    empty = [[f"w{i}"] for i in range(len(reference))]
    floor = sel.heldout_npmi("nmf", shared_chunks, blank, settings, str.split, empty, folds)
    assert floor == {"npmi_heldout": pytest.approx(-1.0), "heldout_zero_pairs": 1.0}


@pytest.fixture(scope="module")
def small_sweep(filled_chunks, tmp_path_factory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("sweep")
    embeddings = theme_embeddings(filled_chunks)
    return sel.sweep(filled_chunks, embeddings, str.split, n_seeds=2, n_permutations=49, embedder=HashEmbedder(),
                     structures=SMALL, folder=folder)


def test_sweep_fits_every_model_with_equal_budget(small_sweep) -> None:
    budget = sel.budget(small_sweep).set_index("model")
    assert budget.index.tolist() == list(MODELS)
    assert all(len(set(budget[column])) == 1 for column in ("settings", "fits", "seeds"))
    assert budget.loc["nmf", "fits"] == 2 * len(sel.VECTORIZERS) * 2
    assert set(sel.METRICS) <= set(small_sweep.columns)
    assert small_sweep[list(QUALITY)].notna().all().all()


def test_sweep_is_cached_by_content(small_sweep, tmp_path_factory) -> None:
    folder = tmp_path_factory.getbasetemp() / "sweep0"
    files = sorted(folder.glob("topic_sweep-*.parquet"))
    assert len(files) == 1
    pd.testing.assert_frame_equal(pd.read_parquet(files[0]), small_sweep)


def test_chosen_settings_one_per_model(small_sweep) -> None:
    chosen = sel.choose(sel.summarise(small_sweep))
    assert chosen["model"].tolist() == list(MODELS)
    assert chosen["candidate"].all()
    assert (chosen.loc[chosen.model == "bertopic", "centre"]).all()  # the default centring, never the twin


def test_sweep_sample_keeps_whole_turns_near_the_cap_and_stays_put_when_an_article_is_added() -> None:
    turns = np.repeat(np.arange(600), 3)  # 1,800 chunks, 3 per turn
    chunks = pd.DataFrame({"doc_id": np.where(turns < 300, "a", "b"), "turn_id": turns, "speaker": "x"})
    kept = sel.sweep_sample(chunks, 900)
    assert 700 <= kept.sum() <= 1100
    assert chunks[kept].groupby(["doc_id", "turn_id"]).size().eq(3).all()  # whole turns
    assert sel.sweep_sample(chunks, 2000).all()  # under the cap: every chunk
    added = pd.concat([chunks, chunks.assign(doc_id="c")], ignore_index=True)  # twice the corpus, same cap x2
    again = sel.sweep_sample(added, 1800)
    assert np.array_equal(again[: len(chunks)], kept)  # the old turns keep their place in the sample
