"""Every model's sharing verdict on all chunks, the person-or-interview tests, and the reading they give.

Notebook 03 adopts one model, but the sharing verdict must not rest on it alone (on the five
interviews it changed with the model, issue 26): :func:`judge_every_model` fits each model's
chosen setting once on every chunk (uncentred, see :func:`analysis.topics.decision.sharing_subject`)
and runs the turn-shuffle test and the two tests of :mod:`analysis.topics.interviews` on it.
The bullets below are generated from those results, like :func:`analysis.topics.decision.reading`.

Examples:
    >>> seeds_bullet(pd.DataFrame({"model": ["nmf"], "stability": [1.0], "stability_sd": [0.0], "seeds": [5]}))
    '- **Seeds.** Mean adjusted Rand index between the 5 seeds of each chosen setting: NMF 1.000 ± 0.000. The seed does not change the assignments of NMF: its seed SDs are zero by construction, not by stability.'

"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.topics import metrics as tm
from analysis.topics.base import TopicResult
from analysis.topics.baselines import Tokenizer
from analysis.topics.decision import NAMES, pm, settings_of, sharing_subject, sharing_verdict
from analysis.topics.interviews import MIN_CHUNKS, InterviewTest, same_person_test, within_person_test
from analysis.topics.null import N_PERMUTATIONS, SharingTest, sharing_test
from analysis.topics.selection import fit, turn_blocks


@dataclass
class ModelVerdict:
    """One model's chosen setting (uncentred) fitted on every chunk, and the tests run on it."""

    model: str
    setting: str
    fit: TopicResult
    sharing: SharingTest
    interviews: list[InterviewTest]
    seeds: str


def judge_every_model(summary: pd.DataFrame, chosen: pd.DataFrame, chunks: pd.DataFrame, embeddings: np.ndarray,
                     tokenizer: Tokenizer, n_permutations: int = N_PERMUTATIONS,
                     reductions: dict | None = None, scale: float = 1.0) -> dict[str, ModelVerdict]:
    """Fit each chosen setting's uncentred form on all ``chunks`` and test it (model → :class:`ModelVerdict`).

    ``seeds`` is what the sweep's seeds said of the same setting (:func:`decision.sharing_verdict`);
    ``reductions`` shares BERTopic's UMAP fits with other calls; ``scale`` (chunks / chunks the sweep
    saw) sizes BERTopic's clusters for all the chunks (:func:`decision.settings_of`).
    """
    blocks = turn_blocks(chunks)
    out = {}
    for _, row in chosen.iterrows():
        subject = sharing_subject(summary, row)
        result = fit(subject["model"], chunks, embeddings, settings_of(subject, scale), tokenizer, reductions=reductions)
        tests = [within_person_test(result.topics, chunks["speaker"], chunks["doc_id"], blocks, n_permutations),
                 same_person_test(result.topics, chunks["speaker"], chunks["doc_id"], n_permutations)]
        out[row["model"]] = ModelVerdict(row["model"], subject["setting"], result,
                                         sharing_test(result.topics, chunks["speaker"], blocks, n_permutations, seed=0),
                                         tests, sharing_verdict(subject))
    return out


def verdict_table(verdicts: Mapping[str, ModelVerdict]) -> pd.DataFrame:
    """One row per model: the setting tested, its sharing test on all chunks, and the sweep seeds' verdict."""
    return pd.DataFrame([{
        "model": NAMES.get(v.model, v.model), "setting tested": v.setting, "topics": len(v.fit.topic_words),
        "largest topic share": tm.largest_share(v.fit.topics), "sharing": v.sharing.statistic,
        "null mean": float(v.sharing.null.mean()), "p (less shared)": v.sharing.p_less,
        "p (more evenly)": v.sharing.p_more, "verdict (all chunks)": v.sharing.verdict, "sweep seeds": v.seeds,
    } for v in verdicts.values()])  # fmt: skip


def interview_table(verdicts: Mapping[str, ModelVerdict]) -> pd.DataFrame:
    """One row per model and person-or-interview test (:meth:`InterviewTest.summary`)."""
    return pd.DataFrame([{"model": NAMES.get(v.model, v.model), **t.summary()}
                         for v in verdicts.values() for t in v.interviews])  # fmt: skip


def verdicts_bullet(verdicts: Mapping[str, ModelVerdict], n_chunks: int) -> str:
    """All models' sharing verdicts in one sentence, and whether they agree."""
    parts = "; ".join(f"{NAMES.get(v.model, v.model)} ({v.setting}): {v.sharing.verdict}, p = {v.sharing.p_less:.3f}"
                      for v in verdicts.values())
    agree = len({v.sharing.verdict for v in verdicts.values()}) == 1
    tail = ("The models agree." if agree else
            "The verdict depends on the model: it is a property of how each model cuts the text, not a settled fact "
            "about the guests.")
    return f"- **Every model's sharing verdict** (its chosen setting, uncentred, refitted on all {n_chunks} chunks): {parts}. {tail}"


def separation_bullet(chunks: pd.DataFrame) -> str:
    """What the turn-shuffle test can separate in this corpus: guests, interviews, guests with several interviews."""
    per_guest = chunks.groupby("speaker")["doc_id"].nunique()
    repeated = per_guest[per_guest >= 2]
    head = (f"- **What the sharing test can separate.** {len(per_guest)} guests speak in {chunks['doc_id'].nunique()} "
            "interviews. Shuffling turns between guests shuffles them between interviews, so a rejection says that "
            "topics depend on the interview (guest, interviewer, outlet, year, format and translation at once), "
            "not on the guest as a person.")
    if repeated.empty:
        return head + " No guest has two interviews here, so person and interview cannot be told apart in this corpus."
    names = ", ".join(f"{s} ({n})" for s, n in repeated.items())
    return (head + f" {len(repeated)} guests have two or more interviews ({names}); the tests below use them to "
            "take person and interview apart.")


def interview_bullets(verdict: ModelVerdict) -> list[str]:
    """The person-or-interview tests of one model, one bullet each, with what they cannot show."""
    name = NAMES.get(verdict.model, verdict.model)
    out = []
    for t in verdict.interviews:
        if np.isnan(t.statistic):
            out.append(f"- **{t.name.capitalize()}** ({name}): {t.verdict}.")
            continue
        s = t.summary()
        out.append(f"- **{t.name.capitalize()}** ({name}; {t.n_people} people, {t.n_interviews} interviews with ≥ "
                   f"{MIN_CHUNKS} chunks): {s['statistic']:.3f} against a shuffle null of {s['null_mean']:.3f} (95 % in "
                   f"{s['null_low']:.3f}–{s['null_high']:.3f}), p = {t.p:.3f}: {t.verdict}.")
    if any(not np.isnan(t.statistic) for t in verdict.interviews):
        out.append("- These tests rest on few people: not rejecting is not evidence that person or interview does not "
                   "matter, and one person's interviews still share his company, role and often the outlet.")
    return out


def catch_all_bullet(topics: pd.DataFrame, name: str) -> str:
    """Flag the catch-all topics of a :func:`tables.topic_table` (column ``catch-all``), or say there is none."""
    total = int(topics["chunks"].sum())
    flagged = topics[topics["catch-all"]]
    rule = (f"at least {tm.CATCH_ALL_SHARE:.0%} of the chunks with a topic and twice an even split "
            f"({2 / len(topics):.0%} of {len(topics)} topics)")
    if flagged.empty:
        largest = topics.loc[topics["chunks"].idxmax()]
        return (f"- **No catch-all topic** in {name}: none holds {rule}; the largest, topic {largest['topic']}, "
                f"holds {largest['chunks']} of {total} chunks.")
    listed = "; ".join(f"topic {r['topic']} ({' '.join(r['top words'].split()[:4])}) holds {r['chunks']} of {total} "
                       f"chunks ({r['chunks'] / total:.0%})" for _, r in flagged.iterrows())
    return (f"- **Catch-all topic in {name}**: {listed}, {rule}. A topic this large is where a model puts what it "
            "cannot place: check its top words before reading it as a theme.")


def seeds_bullet(chosen: pd.DataFrame) -> str:
    """How much the seed moves each chosen setting (mean ARI between seeds), naming any model the seed does not vary."""
    seeds = int(chosen["seeds"].max())
    parts = ", ".join(f"{NAMES.get(r.model, r.model)} {pm(r.stability, r.stability_sd)}" for r in chosen.itertuples())
    fixed = [NAMES.get(r.model, r.model) for r in chosen.itertuples() if r.stability >= 1 - 1e-9]
    tail = (f" The seed does not change the assignments of {', '.join(fixed)}: its seed SDs are zero by construction, "
            "not by stability." if fixed else " Every model's seed changes its assignments, so the seed SDs measure the model.")
    return f"- **Seeds.** Mean adjusted Rand index between the {seeds} seeds of each chosen setting: {parts}.{tail}"


def sample_bullet(n_sample: int, n_chunks: int, max_chunks: int) -> str:
    """Whether the sweep saw every chunk or a sample of turns (:func:`selection.sweep_sample`)."""
    if n_sample == n_chunks:
        return f"- **Tuned on every chunk** ({n_chunks}; the sweep samples turns only above {max_chunks} chunks)."
    return (f"- **Tuned on a sample.** The settings sweep saw {n_sample} of the {n_chunks} chunks (whole turns, kept by "
            f"a hash of their id, about {max_chunks} chunks: a fixed budget whatever the corpus size); every "
            "verdict and table below is refitted on all chunks with the chosen settings, BERTopic's minimum cluster "
            f"size multiplied by {n_chunks / n_sample:.2f} (the chunks per chunk tuned on), so its clusters keep their "
            "share of the data; whether the number of topics holds on the refit is in the tables below.")

