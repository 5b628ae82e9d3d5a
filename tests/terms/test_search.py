"""Free-text search with provenance (analysis.terms.search): every row's raw lines hold what it found."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.config import RAW_DIR
from analysis.corpus.document import restore_document
from analysis.corpus.sources import read_raw
from analysis.terms.search import COLUMNS, search

PATTERNS = ["意识到", "ImageNet", "数据", "大模型", "人", "时间", "Scaling"]
HINTON = ["geoffrey-hinton", "Hinton", "Geoffrey Hinton", "辛顿"]


@pytest.fixture(scope="module")
def restored_lines(corpus) -> dict[str, list[str]]:
    """Each article's lines as the corpus reads them once restored (``restore_document``), by doc_id."""
    docs = corpus.documents
    return {d.doc_id: restore_document(read_raw(RAW_DIR / d.source_file))[4] for d in docs.itertuples()}


def test_the_issue_examples_find_rows_with_every_column(corpus):
    hinton = search("意识到", speaker="Hinton", corpus=corpus)
    assert len(hinton) >= 3 and (hinton.speaker == "geoffrey-hinton").all()
    imagenet = search("ImageNet", corpus=corpus)
    assert imagenet.doc_id.nunique() >= 2 and list(imagenet.columns) == COLUMNS
    assert imagenet.translated.notna().all() and imagenet.title.notna().all()


@pytest.mark.parametrize("pattern", PATTERNS)
def test_raw_lines_of_every_row_hold_the_pattern_or_its_spun_form(corpus, restored_lines, pattern):
    rows = search(pattern, corpus=corpus)
    assert len(rows), pattern
    spun = set(corpus.documents.loc[corpus.documents.obfuscation.notna(), "doc_id"])
    for row in rows.itertuples():
        raw = row.raw_lines.casefold()
        span = range(row.line_start - 1, row.line_end)
        if row.doc_id not in spun:  # a clean article: the raw file holds the pattern as written
            assert pattern.casefold() in raw, (row.doc_id, row.line_start, pattern)
            assert not row.restored
        else:  # a restored article: the restored reading of those very lines holds it; the row says when raw does not
            assert any(pattern.casefold() in restored_lines[row.doc_id][i].casefold() for i in span)
            if pattern.casefold() not in raw:
                assert row.restored, (row.doc_id, row.line_start, pattern)
        assert row.raw_lines == "\n".join(corpus.lines.query("doc_id == @row.doc_id").raw_text.iloc[list(span)])


def test_a_spun_word_is_found_in_its_restored_form_and_flagged(corpus):
    rows = search("人", speaker="陈羽北", corpus=corpus)
    flagged = rows[rows.restored]
    assert len(flagged) and flagged.raw_lines.str.contains("东谈主").any()


def test_every_name_of_hinton_gives_the_same_rows(corpus):
    tables = [search("意识", speaker=name, corpus=corpus) for name in HINTON]
    for table in tables[1:]:
        pd.testing.assert_frame_equal(tables[0], table)


def test_role_regex_and_concepts(corpus):
    assert set(search("数据", role="host", corpus=corpus).role) == {"host"}
    assert len(search(r"意识到|感觉", regex=True, corpus=corpus)) > len(search("意识到", corpus=corpus))
    assert search("LLM", concepts=True, corpus=corpus).match.str.contains("模型").any()
    with pytest.raises(ValueError, match="unknown role"):
        search("数据", role="guests", corpus=corpus)
    with pytest.raises(ValueError, match="regular expression"):
        search("(", regex=True, corpus=corpus)
    with pytest.raises(ValueError, match="non-empty pattern"):
        search("", corpus=corpus)


def test_a_table_where_a_corpus_is_expected_is_a_type_error(corpus):
    with pytest.raises(TypeError, match=r"Corpus \(analysis.load_corpus\(\)\)"):
        search("数据", corpus=corpus.turns)


def test_kwic_and_stances_carry_the_same_provenance_for_every_name(corpus):
    kwics = [analysis.kwic("意识", speaker=name, corpus=corpus) for name in HINTON]
    stances = [analysis.stances(corpus, speaker=name, long=True) for name in HINTON]
    for table in kwics[1:]:
        pd.testing.assert_frame_equal(kwics[0], table)
    for table in stances[1:]:
        pd.testing.assert_frame_equal(stances[0], table)
    assert (stances[0].speaker == "geoffrey-hinton").all() and len(stances[0])
    for row in kwics[0].itertuples():
        assert row.keyword in row.raw_lines
    for row in stances[0].itertuples():
        assert row.line_start <= row.line_end and row.raw_lines
