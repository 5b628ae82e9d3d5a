"""Interviewer control: prompts, share of on-theme talk that was asked for, coverage intervals."""

import pandas as pd

from analysis.viewpoints import prompting

TURNS = pd.DataFrame({
    "doc_id": ["d"] * 5, "turn_id": [0, 1, 2, 3, 4],
    "role": ["narrator", "host", "guest", "guest", "audience"], "speaker": ["narrator", "h", "g", "g", "audience"],
})  # fmt: skip


def _scores(rows: list[tuple[int, str, str, bool]]) -> pd.DataFrame:
    """One row per (sentence, theme): turn_id, text, theme, assigned."""
    frame = pd.DataFrame(rows, columns=["turn_id", "text", "theme", "assigned"])
    frame["doc_id"] = "d"
    frame["row"] = frame.groupby(["turn_id", "text"], sort=False).ngroup()
    return frame


def test_a_guest_turn_is_prompted_by_the_nearest_earlier_question():
    out = prompting.prompts(TURNS)
    assert out.turn_id.tolist() == [2, 3] and out.prompt_turn.tolist() == [1, 1]


def test_a_guest_turn_before_any_question_has_no_prompt():
    turns = pd.DataFrame({"doc_id": "d", "turn_id": [0, 1], "role": ["guest", "host"], "speaker": ["g", "h"]})
    assert prompting.prompts(turns).prompt_turn.isna().all()


def test_share_prompted_and_conditional_coverage():
    scores = _scores([
        (1, "规模够吗?", "scaling", True), (1, "规模够吗?", "brain", False),
        (2, "一二三四五六七八", "scaling", True), (2, "一二三四五六七八", "brain", False),
        (2, "九十", "scaling", False), (2, "九十", "brain", False),
        (3, "大脑很省电", "scaling", False), (3, "大脑很省电", "brain", True),
        (3, "规模", "scaling", True), (3, "规模", "brain", False),
    ])  # fmt: skip
    turns = TURNS.assign(role=["narrator", "host", "guest", "host", "guest"], speaker=["narrator", "h", "g", "h", "g"])
    scores = scores.replace({"turn_id": {3: 4}})
    answers = prompting.answer_table(scores, turns)
    table = prompting.interviewer_control(answers).set_index("theme")
    # turn 2 (asked scaling) has 8 of its 10 characters on scaling; turn 4 (prompt 3 asks nothing) has 2 of 7
    assert table.loc["scaling", "n_asked"] == 1
    assert table.loc["scaling", "share_prompted"] == 8 / 10
    assert table.loc["scaling", "coverage_asked"] == 8 / 10
    assert table.loc["scaling", "coverage_unasked"] == 2 / 7
    assert table.loc["brain", "share_prompted"] == 0
    overall = prompting.prompted_overall(answers).iloc[0]
    assert overall.share_prompted == 8 / (8 + 2 + 5)


def test_coverage_intervals_contain_the_estimate(corpus):
    from analysis.viewpoints import themes

    scores, _ = themes.cached_scores(corpus)
    answers = prompting.answer_table(scores, corpus.turns)
    intervals = prompting.coverage_intervals(answers, n_boot=60).dropna()
    assert ((intervals.ci_low <= intervals.point + 1e-12) & (intervals.point <= intervals.ci_high + 1e-12)).all()
    direct = prompting.interviewer_control(answers).set_index(["speaker", "theme"]).coverage
    point = intervals[intervals.measure == "coverage"].set_index(["speaker", "theme"]).point
    assert (point - direct.reindex(point.index)).abs().max() < 1e-12
