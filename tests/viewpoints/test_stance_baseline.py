"""The automatic baseline: concession and negation cues, and its agreement with the codes is measured."""

import pytest

from analysis.viewpoints import stance_baseline as sb
from analysis.viewpoints import stance_codes


@pytest.mark.parametrize("text,tail", [
    ("规模很重要,但这肯定是不够的", "这肯定是不够的"),
    ("虽然数据很多,不过回报在递减。", "回报在递减"),
    ("规模就是一切", "规模就是一切"),
])  # fmt: skip
def test_after_concession_keeps_the_clause_that_carries_the_position(text, tail):
    assert sb.after_concession(text) == tail


@pytest.mark.parametrize("text,expected", [
    ("但这并不意味着我们只需要追求规模就够了", True), ("这肯定是不够的", True), ("规模就是一切", False),
])  # fmt: skip
def test_negation_cues(text, expected):
    assert sb.negated(text) is expected


def test_agreement_summary_counts_only_sided_codes():
    codes = stance_codes.load_codes()
    units = sb.unit_agreement(codes)
    assert set(units.proposition) <= set(sb.AXIS_FOR)
    sided = units[units.code.isin(["agree", "disagree"])]
    summary = sb.agreement_summary(units, units.iloc[:0].assign(coded=[], axis_call=[])).set_index("method")
    assert summary.loc["axis (unit evidence)", "n"] == len(sided)
    assert 0 <= summary.loc["axis (unit evidence)", "agreement"] <= 1
