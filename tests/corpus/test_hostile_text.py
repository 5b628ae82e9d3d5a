"""The loader on random Unicode (issue 16): it builds the tables or raises a SourceError, never a raw traceback."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus.build import build_corpus
from analysis.corpus.sources import SourceError
from tests.conftest import QA_ARTICLE, write_corpus

#: Label-like pieces, so random text also makes speaker labels, headings, URLs and long comma runs.
PIECES = ["何恺明:", "Q:", "[主持人]:", "C++:", "：", ":", "\n", "\r\n", "\u2028", "\x00", "\u202e", "\ufeff", "。", "，",
          "https://a.b/c?d=1,2", "## 标题", "图片来源", "（", "）", "“", "”", "1,000", " ", "\t"]  # fmt: skip
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=TEXT, extra=TEXT)
def test_random_unicode_articles_build_or_raise_a_source_error(article, extra):
    with tempfile.TemporaryDirectory() as folder:
        raw = write_corpus(Path(folder), {"a.txt": article, "b.txt": QA_ARTICLE + extra})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                corpus = build_corpus(raw)
            except SourceError:
                return
    assert set(corpus.documents.doc_id) == {"a", "b"}
    lines = corpus.lines
    assert (lines.kept == lines.drop_reason.isna()).all()
