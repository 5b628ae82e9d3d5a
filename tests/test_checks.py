"""Argument checks of the public functions say what to pass (analysis.checks)."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis

COUNTS = pd.DataFrame({"kaiming-he": [5, 1], "liwei-wang": [1, 5]}, index=pd.Index(["泛化", "蒸馏"], name="term"))


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: analysis.top_terms(COUNTS, n=0), ValueError, "n must be at least 1"),
    (lambda: analysis.top_terms(COUNTS, n="3"), TypeError, "n must be a whole number"),
    (lambda: analysis.key_terms(analysis.keyness_one_vs_rest(COUNTS, min_count=1), n=-2), ValueError, "n must be at least 1"),
    (lambda: analysis.kwic("数据", window=-1, corpus=pd.DataFrame(columns=["doc_id", "turn_id", "speaker", "text"])),
     ValueError, "window is a number of characters"),
    (lambda: analysis.kwic("数据", corpus=pd.DataFrame({"text": ["数据"]})), TypeError, "this table lacks"),
    (lambda: analysis.kwic("数据", corpus="data/raw"), TypeError, "a Corpus"),
    (lambda: analysis.stances(corpus=pd.DataFrame()), TypeError, "stances' corpus is a Corpus"),
])  # fmt: skip
def test_a_wrong_argument_says_what_to_pass(call, error, message):
    with pytest.raises(error, match=message):
        call()
