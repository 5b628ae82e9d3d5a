"""Readings of notebook 01 are computed from the tables: true at 5 interviews and at 40, naming nothing typed in."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.corpus.readings import cleaning_reading, corpus_caveats, volume_reading


def _corpus(n: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``n`` interviews; the first two are translations, guest g0 has two interviews, the last has an audience."""
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "translated": [i < 2 for i in range(n)]})
    guests = ["g0", *[f"g{i}" for i in range(1, n)]]
    guests[1] = "g0"
    turns = pd.DataFrame({"doc_id": docs.doc_id, "speaker": guests, "role": "guest"})
    rows = []
    for i, (d, g) in enumerate(zip(docs.doc_id, guests, strict=True)):
        rows += [{"doc_id": d, "speaker": g, "role": "guest", "turns": 10, "chars": 1000 + 100 * i},
                 {"doc_id": d, "speaker": f"h{i}", "role": "host", "turns": 12, "chars": 200}]
    rows.append({"doc_id": docs.doc_id.iloc[-1], "speaker": "audience", "role": "audience", "turns": 3, "chars": 90})
    return docs, turns, pd.DataFrame(rows)


@pytest.mark.parametrize("n", [5, 40])
def test_caveats_count_what_the_tables_hold(n):
    docs, turns, _ = _corpus(n)
    text = corpus_caveats(docs, turns, {"g0": "甲"})
    assert text.startswith(f"{n} interviews of {n - 1} guests.")
    assert "2 of " + str(n) + " interviews are Chinese translations (d0, d1)" in text
    assert "1 guest has more than one interview: 甲 (2)." in text
    assert "five" not in text.lower()


@pytest.mark.parametrize("n", [5, 40])
def test_volume_reading_spans_every_interview(n):
    _, _, volume = _corpus(n)
    text = volume_reading(volume)
    shares = [int(x) for x in re.findall(r"(\d+)%", text)[:2]]
    per_doc = [(1000 + 100 * i) / (1200 + 100 * i + (90 if i == n - 1 else 0)) for i in range(n)]  # audience in the last
    expected = [round(100 * min(per_doc)), round(100 * max(per_doc))]
    assert shares == expected
    assert f"{n} interviews" in text and "1 article has audience questions" in text


@pytest.mark.parametrize("n", [5, 40])
def test_cleaning_reading_names_the_articles_that_lose_most(n):
    acc = pd.DataFrame({"content": 100, "blank": 50, "nav": [10 * i for i in range(n)]}, index=[f"d{i}" for i in range(n)])
    text = cleaning_reading(acc, n=3)
    assert f"d{n - 1} ({10 * (n - 1)} of {150 + 10 * (n - 1)} lines dropped, mostly nav)" in text
    assert text.count("lines dropped") == 3
