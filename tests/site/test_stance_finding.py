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
