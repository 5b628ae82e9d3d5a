"""Every model's sharing verdict, the person-or-interview tests on real fits, and the generated bullets."""

import pandas as pd

from analysis.topics import selection as sel
from analysis.topics import verdicts as vd
from tests.topics.conftest import theme_embeddings

SMALL = {"nmf": ({"n_topics": 3},), "lda": ({"n_topics": 3},)}


def two_interviews(chunks: pd.DataFrame) -> pd.DataFrame:
    """Give every speaker a second interview: the second half of his turns moves to another document."""
    second = chunks["turn_id"] >= chunks["turn_id"].max() / 2
    return chunks.assign(doc_id=chunks["doc_id"].where(~second, chunks["doc_id"] + "-2"))


def test_every_model_is_judged_on_all_chunks(filled_chunks, tmp_path) -> None:
    chunks = two_interviews(filled_chunks)
    embeddings = theme_embeddings(chunks)
    runs = sel.sweep(chunks, embeddings, str.split, n_seeds=2, n_permutations=49, structures=SMALL, folder=tmp_path)
    summary = sel.summarise(runs)
    chosen = sel.choose(summary, min_topics=2)
    verdicts = vd.judge_every_model(summary, chosen, chunks, embeddings, str.split, n_permutations=49)
    table = vd.verdict_table(verdicts)
    assert table["model"].tolist() == ["NMF", "LDA"] and (table["topics"] == 3).all()
    assert all(len(v.fit.topics) == len(chunks) for v in verdicts.values())
    tests = vd.interview_table(verdicts)
    assert len(tests) == 4 and (tests["people"] == 3).all() and (tests["interviews"] == 6).all()
    text = "\n".join(vd.interview_bullets(verdicts["nmf"]))
    assert "3 people, 6 interviews" in text and "not evidence" in text
    assert "NMF (k=3" in vd.verdicts_bullet(verdicts, len(chunks))


def test_separation_says_whether_person_and_interview_can_be_told_apart(filled_chunks) -> None:
    assert "cannot be told apart" in vd.separation_bullet(filled_chunks)
    text = vd.separation_bullet(two_interviews(filled_chunks))
    assert "3 guests have two or more interviews (ann (2), bob (2), cat (2))" in text


def test_catch_all_bullet_names_the_topic_and_its_share() -> None:
    topics = pd.DataFrame({"topic": [0, 1, 2, 3], "chunks": [145, 60, 50, 48], "top words": ["a b c d e"] * 4,
                           "catch-all": [True, False, False, False]})
    assert "topic 0 (a b c d) holds 145 of 303 chunks (48%)" in vd.catch_all_bullet(topics, "NMF")
    none = vd.catch_all_bullet(topics.assign(**{"catch-all": False}), "NMF")
    assert none.startswith("- **No catch-all topic** in NMF") and "topic 0, holds 145 of 303" in none


def test_seeds_bullet_names_a_model_the_seed_does_not_vary() -> None:
    chosen = pd.DataFrame({"model": ["nmf", "lda"], "stability": [1.0, 0.4], "stability_sd": [0.0, 0.1], "seeds": [5, 5]})
    assert "does not change the assignments of NMF" in vd.seeds_bullet(chosen)
    assert "Every model's seed changes" in vd.seeds_bullet(chosen.assign(stability=[0.9, 0.4]))


def test_sample_bullet_says_when_the_sweep_saw_a_sample() -> None:
    assert vd.sample_bullet(413, 413, 1000).startswith("- **Tuned on every chunk** (413")
    assert "saw 1012 of the 4723 chunks" in vd.sample_bullet(1012, 4723, 1000)
