"""Person or interview? Two topic tests that use the guests interviewed more than once.

With one interview per guest, guest and interview are one variable: the sharing test of
:mod:`analysis.topics.null` shuffles turns between guests, that is between interviews, so a
rejection says that topics depend on the *interview* (its guest, interviewer, outlet, year,
format and translation at once). Where a person has two or more interviews, two tests take
person and interview apart:

* :func:`within_person_test`: do topics depend on the interview *within* one person? Statistic:
  the conditional mutual information I(T; D | P) of topic and interview given the person (nats),
  over the persons with two or more interviews. Null: the interview label shuffled between the
  same person's turns (whole turns; each interview keeps its number of turns). A value above the
  null: one person's interviews differ in topics beyond chance, so the interview matters.
* :func:`same_person_test`: are one person's interviews closer in topics than interviews of
  different people? Statistic: the mean Jensen–Shannon distance between the topic mixes of the
  same person's interviews. Null: person labels shuffled between interviews (each person keeps
  his number of interviews). A value below the null: the person carries his topics across
  interviews.

Both are vectorised (one array per statistic and permutation, no Python loop per permutation); the
second is :mod:`analysis.stats.permutation`'s test, shared with the term and theme profiles.
What they cannot show: a person's interviews still share more than the person (his company,
his public role, often one outlet), and they differ in year and interviewer together; with a
handful of people interviewed twice the tests have little power, and not rejecting is not
evidence that person or interview does not matter. Only interviews with at least
:data:`MIN_CHUNKS` chunks with a topic take part (a topic mix of a few chunks is noise).

Examples:
    >>> topics = [0, 0, 1, 1, 0, 0, 1, 1]
    >>> test = within_person_test(topics, ["p"] * 8, list("aabbccdd"), list("aabbccdd"), min_chunks=1,
    ...                           n_permutations=99)
    >>> test.n_people, test.n_interviews
    (1, 4)

"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.spatial.distance import pdist, squareform

from analysis.config import SEED
from analysis.stats.permutation import permutation_p, same_label_mean, shuffled_labels
from analysis.topics.base import OUTLIER
from analysis.topics.null import ALPHA, N_PERMUTATIONS

#: Fewest chunks with a topic an interview needs to take part in either test.
MIN_CHUNKS = 10


@dataclass(frozen=True)
class InterviewTest:
    """One test of this module: its statistic, null draws, one-sided p, and how many people and interviews it used."""

    name: str
    statistic: float
    null: np.ndarray = field(repr=False)
    p: float
    n_people: int
    n_interviews: int
    rejected_reading: str
    kept_reading: str

    @property
    def verdict(self) -> str:
        """What the test says at :data:`ALPHA` (``"not testable"`` without a person with two interviews)."""
        if np.isnan(self.statistic):
            return "not testable: no person has two interviews with enough chunks"
        return self.rejected_reading if self.p < ALPHA else self.kept_reading

    def summary(self) -> dict[str, object]:
        """One table row: test, people, interviews, statistic, null mean and 95 % range, p, verdict."""
        low, high = np.quantile(self.null, [0.025, 0.975]) if len(self.null) else (np.nan, np.nan)
        return {"test": self.name, "people": self.n_people, "interviews": self.n_interviews,
                "statistic": self.statistic, "null_mean": float(np.mean(self.null)) if len(self.null) else np.nan,
                "null_low": float(low), "null_high": float(high), "p": self.p, "verdict": self.verdict}  # fmt: skip


def _units(topics: Sequence[int], people: Sequence[str], interviews: Sequence[str], min_chunks: int) -> pd.DataFrame:
    """Chunks with a topic whose interview has ≥ ``min_chunks`` of them and whose person has ≥ 2 such interviews."""
    frame = pd.DataFrame({"topic": np.asarray(topics), "person": [str(p) for p in people],
                          "interview": [str(d) for d in interviews]})  # fmt: skip
    frame["row"] = np.arange(len(frame))
    frame = frame[frame["topic"] != OUTLIER]
    size = frame.groupby(["person", "interview"])["topic"].transform("size")
    frame = frame[size >= min_chunks]
    frame["several"] = frame.groupby("person")["interview"].transform("nunique") >= 2
    return frame


def _conditional_mi(person: np.ndarray, topic: np.ndarray, interview: np.ndarray) -> np.ndarray:
    """I(T; D | P) of each row of ``interview`` (draws × chunks), person and topic fixed: shape (draws,)."""
    n_p, n_t, n_d = person.max() + 1, topic.max() + 1, interview.max() + 1
    draws = interview.shape[0]
    cells = ((np.arange(draws)[:, None] * n_p + person) * n_t + topic) * n_d + interview
    counts = np.bincount(cells.ravel(), minlength=draws * n_p * n_t * n_d).reshape(draws, n_p, n_t, n_d)
    n_pt, n_pd = counts.sum(axis=3, keepdims=True), counts.sum(axis=2, keepdims=True)
    n_p_all = counts.sum(axis=(2, 3), keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(counts > 0, counts * np.log(counts * n_p_all / (n_pt * n_pd)), 0.0)
    return terms.sum(axis=(1, 2, 3)) / person.size


def within_person_test(topics: Sequence[int], people: Sequence[str], interviews: Sequence[str],
                       blocks: Sequence[str], n_permutations: int = N_PERMUTATIONS, seed: int = SEED,
                       min_chunks: int = MIN_CHUNKS) -> InterviewTest:
    """Do topics depend on the interview within a person? (see the module; ``blocks`` are turn ids)."""
    units = _units(topics, people, interviews, min_chunks)
    units = units[units["several"]]
    readings = ("one person's interviews differ in topics more than chance: the interview matters",
                "no difference in topics between one person's interviews beyond chance")
    if units.empty:
        return InterviewTest("interview within person", np.nan, np.array([]), np.nan, 0, 0, *readings)
    person = pd.factorize(units["person"])[0]
    topic = pd.factorize(units["topic"])[0]
    interview = pd.factorize(units["interview"])[0]
    block = pd.factorize(np.asarray(blocks, dtype=object)[units["row"].to_numpy()])[0]
    block_person, block_interview = np.zeros(block.max() + 1, int), np.zeros(block.max() + 1, int)
    block_person[block], block_interview[block] = person, interview
    rng = np.random.default_rng(seed)
    order = np.argsort(block_person[None, :] + rng.random((n_permutations, len(block_person))), axis=1)
    shuffled = np.empty_like(order)
    shuffled[:, np.argsort(block_person, kind="stable")] = block_interview[order]
    observed = float(_conditional_mi(person, topic, interview[None, :])[0])
    null = _conditional_mi(person, topic, shuffled[:, block])
    p = permutation_p(observed, null, "greater")
    return InterviewTest("interview within person", observed, null, p, int(person.max() + 1),
                         int(interview.max() + 1), *readings)


def topic_mixes(topics: Sequence[int], people: Sequence[str], interviews: Sequence[str],
                min_chunks: int = MIN_CHUNKS) -> pd.DataFrame:
    """Share of each topic in each (person, interview) with ≥ ``min_chunks`` chunks with a topic (rows sum to 1)."""
    units = _units(topics, people, interviews, min_chunks)
    counts = pd.crosstab([units["person"], units["interview"]], units["topic"])
    return counts.div(counts.sum(axis=1), axis=0)


def same_person_test(topics: Sequence[int], people: Sequence[str], interviews: Sequence[str],
                     n_permutations: int = N_PERMUTATIONS, seed: int = SEED,
                     min_chunks: int = MIN_CHUNKS) -> InterviewTest:
    """Are one person's interviews closer in topics than interviews of different people? (see the module)."""
    mixes = topic_mixes(topics, people, interviews, min_chunks)
    labels = pd.factorize(mixes.index.get_level_values("person"))[0]
    readings = ("one person's interviews are closer in topics than interviews of different people: "
                "the person carries his topics across interviews",
                "one person's interviews are no closer in topics than interviews of different people")
    repeated = np.bincount(labels)[labels] >= 2 if len(labels) else np.array([], bool)
    if not repeated.any():
        return InterviewTest("same person across interviews", np.nan, np.array([]), np.nan, 0, 0, *readings)
    distance = squareform(pdist(mixes.to_numpy(), "jensenshannon"))
    draws = np.vstack([labels, shuffled_labels(labels, n_permutations, np.random.default_rng(seed))])
    means = same_label_mean(distance, draws)
    observed, null = float(means[0]), means[1:]
    p = permutation_p(observed, null)
    return InterviewTest("same person across interviews", observed, null, p, len(set(labels[repeated])),
                         int(repeated.sum()), *readings)
