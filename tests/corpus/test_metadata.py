"""The dating overlay: every interview dated with its precision and evidence, sources.csv left as listed."""

from datetime import date

import pandas as pd
import pytest

from analysis.config import RAW_DIR
from analysis.corpus.metadata import OVERLAY_COLUMNS, add_dating, load_overlay


@pytest.fixture(scope="module")
def documents(corpus) -> pd.DataFrame:
    return corpus.documents


def test_every_interview_is_dated_with_language(documents):
    assert documents.published.notna().all()
    assert documents.published_precision.isin(["day", "month", "year"]).all()
    assert documents.language.isin(["zh", "en"]).all()
    assert documents.translated.map(type).eq(bool).all()
    assert documents.dated_by.str.len().gt(20).all(), "each date names its evidence"


def test_overlay_rows_belong_to_the_corpus():
    listed = set(pd.read_csv(RAW_DIR / "sources.csv").doc_id)
    assert set(load_overlay().doc_id) <= listed


def test_listed_date_is_kept_beside_the_corrected_one(documents):
    listed = pd.read_csv(RAW_DIR / "sources.csv").set_index("doc_id").published.dropna()
    for doc_id, value in listed.items():
        row = documents.set_index("doc_id").loc[doc_id]
        assert str(row.published_listed) == value


def test_english_originals_are_marked_translated(documents):
    english = documents[documents.language == "en"]
    assert english.translated.all() and len(english) >= 2


def test_pre_chatgpt_uses_the_recording_date():
    docs = pd.DataFrame({"doc_id": ["old"], "published": [date(2023, 1, 5)]})
    overlay = pd.DataFrame([["old", "2023-01-05", "day", "2017-01-01", "year", "en", "true", "byline"]],
                           columns=OVERLAY_COLUMNS)  # fmt: skip
    row = add_dating(docs, overlay).iloc[0]
    assert bool(row.pre_chatgpt) and bool(row.translated) and row.published == date(2023, 1, 5)


def test_unknown_article_keeps_its_listing():
    docs = pd.DataFrame({"doc_id": ["new", "undated"], "published": [date(2025, 2, 1), None]})
    out = add_dating(docs, pd.DataFrame(columns=OVERLAY_COLUMNS))
    assert out.dated_by.tolist() == ["sources.csv", None]
    assert out.pre_chatgpt.tolist() == [False, None]
