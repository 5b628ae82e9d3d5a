"""Person or interview: the two tests on guests with several interviews, on constructed assignments."""

import numpy as np
import pandas as pd
import pytest

from analysis.topics import interviews as iv


def assignments(effect: str, people: int = 6, turns: int = 10, seed: int = 0) -> pd.DataFrame:
    """Each person two interviews of ``turns`` turns × 2 chunks; a turn's topic set by ``effect``.

    ``person``: each person talks about his own topic in 80 % of his turns, in both interviews.
    ``interview``: each interview has its own topic (80 % of its turns), the same person's two differ.
    ``none``: topics drawn at random whoever speaks.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(people):
        for i in range(2):
            own = {"person": p, "interview": 2 * p + i, "none": 0}[effect]
            n_topics = 2 * people if effect == "interview" else people
            for turn in range(turns):
                topic = own if effect != "none" and rng.random() < 0.8 else int(rng.integers(n_topics))
                for k in range(2):
                    rows.append({"topic": topic, "person": f"p{p}", "interview": f"d{p}-{i}",
                                 "block": f"d{p}-{i}:{turn}", "k": k})
    return pd.DataFrame(rows)


def run(frame: pd.DataFrame) -> tuple[iv.InterviewTest, iv.InterviewTest]:
    within = iv.within_person_test(frame.topic, frame.person, frame.interview, frame.block, n_permutations=199)
    same = iv.same_person_test(frame.topic, frame.person, frame.interview, n_permutations=199)
    return within, same


def test_a_person_effect_is_found_across_interviews_and_not_within() -> None:
    within, same = run(assignments("person"))
    assert same.p < 0.05 and "carries his topics" in same.verdict
    assert within.p > 0.05
    assert (same.n_people, same.n_interviews) == (6, 12)


def test_an_interview_effect_is_found_within_the_person_and_no_person_effect() -> None:
    within, same = run(assignments("interview"))
    assert within.p < 0.05 and "the interview matters" in within.verdict
    assert same.p > 0.05


def test_no_effect_rejects_neither() -> None:
    within, same = run(assignments("none"))
    assert within.p > 0.05 and same.p > 0.05


def test_the_within_person_shuffle_keeps_turns_whole_and_people_apart() -> None:
    frame = assignments("interview")
    # a shuffle that moved labels between people or split turns would change this statistic's scale;
    # the null never exceeds the largest value reachable within people: I(T;D|P) <= mean log(2) here
    within, _ = run(frame)
    assert within.null.max() <= np.log(2) + 1e-9 and within.statistic <= np.log(2) + 1e-9


def test_one_interview_per_person_is_not_testable() -> None:
    frame = assignments("person")
    frame = frame[frame.interview.str.endswith("-0")]
    within, same = run(frame)
    assert within.verdict.startswith("not testable") and same.verdict.startswith("not testable")
    assert np.isnan(within.summary()["statistic"])


def test_small_interviews_are_left_out() -> None:
    frame = assignments("person", turns=4)  # 8 chunks per interview, below the default minimum
    assert iv.topic_mixes(frame.topic, frame.person, frame.interview).empty
    assert iv.same_person_test(frame.topic, frame.person, frame.interview, min_chunks=8).n_interviews == 12


@pytest.mark.parametrize("seed", [0, 1])
def test_p_values_are_reproducible(seed) -> None:
    frame = assignments("none", seed=seed)
    assert run(frame)[0].p == run(frame)[0].p


def test_conditional_mutual_information_matches_a_per_person_sum() -> None:
    from sklearn.metrics import mutual_info_score

    frame = assignments("interview", people=3, seed=2)
    test = iv.within_person_test(frame.topic, frame.person, frame.interview, frame.block, n_permutations=9)
    expected = sum(len(g) / len(frame) * mutual_info_score(g.topic, g.interview) for _, g in frame.groupby("person"))
    assert test.statistic == pytest.approx(expected)
