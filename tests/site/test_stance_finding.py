"""The index cites a coded stance only where out-of-sample reliability allows it, and says why not elsewhere."""

import pandas as pd

from analysis.site.findings import stance_finding

STANCES = pd.DataFrame({
    "speaker": ["kaiming-he", "liwei-wang", "kaiming-he", "liwei-wang"], "proposition": ["p", "p", "q", "q"],
    "reading": ["agree", "mostly_disagree", "agree", "disagree"], "counts": ["agree 1", "disagree 2 · mixed 1", "agree 2", "disagree 1"],
    "label_en": ["Prop P", "Prop P", "Prop Q", "Prop Q"]})  # fmt: skip


def _report(alpha_q: float, sample: str = "out_of_sample") -> pd.DataFrame:
    return pd.DataFrame({"proposition": ["p", "q", "all"], "sample": sample, "alpha": [0.9, alpha_q, 0.8],
                         "ci_low": [0.7, 0.1, 0.6], "ci_high": [1.0, 0.6, 0.9], "n_coded": [6, 9, 15]})  # fmt: skip


def test_only_propositions_with_out_of_sample_alpha_are_cited():
    text = stance_finding(STANCES, _report(0.4))
    assert "“Prop P” [out-of-sample α 0.90 [0.70, 1.00], n = 6]" in text
    assert "mostly disagree: " in text and "(disagree 2 · mixed 1)" in text
    assert "Prop Q”" not in text and "Left out for reliability: Prop Q (α 0.40 < 0.667)" in text
    assert "language-model agents" in text


def test_nothing_is_cited_without_out_of_sample_rows():
    text = stance_finding(STANCES, _report(0.9, "in_sample"))
    assert "not cited here" in text and "“Prop" not in text


def test_the_bar_is_called_tentative_not_holding():
    text = stance_finding(STANCES, _report(0.4))
    assert "codebook holds" not in text and "tentative conclusions out of sample" in text


def test_citable_propositions_beyond_the_top_are_named():
    # p and q both clear the bar; with top=1 only p is spelled out, q must still be named (it was silently dropped)
    text = stance_finding(STANCES, _report(0.9), top=1)
    assert "Also clearing the bar, in the grid: Prop Q." in text


def test_a_proposition_never_coded_out_of_sample_is_named_as_left_out():
    stances = pd.concat([STANCES, STANCES.iloc[:2].assign(proposition="r", label_en="Prop R")])
    text = stance_finding(stances, _report(0.4))
    assert "Prop R (not coded out of sample)" in text


def test_a_cell_resting_on_a_low_confidence_answer_says_so():
    text = stance_finding(STANCES.assign(confidence=["high", "low", "high", "high"]), _report(0.4))
    assert "(disagree 2 · mixed 1; weakest answer low confidence)" in text


def test_the_codebooks_of_the_cells_and_of_the_reliability_are_named():
    report = pd.concat([_report(0.4).assign(codebook="v2, frozen"), _report(0.4, "in_sample").assign(codebook="v1")])
    text = stance_finding(STANCES, report)
    assert "the study interviews first coded with codebook v1; reliability measured on other interviews coded with codebook v2, frozen" in text
