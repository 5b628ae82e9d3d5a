"""The corpus tables against the data contract, the ledger invariant and the gold set."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata

import pandas as pd
import pytest

from analysis.config import RAW_DIR
from analysis.corpus.build import build_corpus
from analysis.corpus.normalize import normalize_line
from tests.conftest import gold

CONTRACT = {
    "documents": ["doc_id", "source_file", "title", "outlet", "published", "url", "interviewee", "interviewer",
                  "obfuscation", "raw_sha256", "n_chars_raw", "n_chars_clean"],
    "lines": ["doc_id", "line_no", "raw_text", "text", "kind", "kept", "drop_reason"],
    "turns": ["doc_id", "turn_id", "speaker", "speaker_raw", "role", "section", "text", "raw_text",
              "line_start", "line_end"],
    "sentences": ["doc_id", "turn_id", "sent_id", "speaker", "role", "text"],
    "speakers": ["speaker", "name_zh", "name_en", "role"],
}


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).replace(" ", "")


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@pytest.mark.parametrize("table", list(CONTRACT))
def test_contract_columns(corpus, table):
    assert set(CONTRACT[table]) <= set(getattr(corpus, table).columns)


def test_ledger_has_one_row_per_raw_line(corpus):
    for doc in corpus.documents.itertuples():
        raw = (RAW_DIR / doc.source_file).read_text(encoding="utf-8").splitlines()
        rows = corpus.lines[corpus.lines.doc_id == doc.doc_id]
        assert list(rows.line_no) == list(range(1, len(raw) + 1))
        assert list(rows.raw_text) == raw


def test_every_line_kept_or_dropped_with_reason(corpus):
    lines = corpus.lines
    assert lines.kind.notna().all()
    assert (lines.kept == lines.drop_reason.isna()).all()
    assert (lines.loc[~lines.kept, "text"] == "").all()
    assert (lines.loc[lines.kept, "text"].str.len() > 0).all()


def test_clean_articles_are_not_rewritten(corpus):
    clean = corpus.documents.loc[corpus.documents.obfuscation.isna(), "doc_id"]
    kept = corpus.lines[corpus.lines.doc_id.isin(clean) & corpus.lines.kept]
    assert (kept.text == kept.raw_text.map(normalize_line)).all()


def test_detector_names_the_two_schemes(corpus):
    found = dict(zip(corpus.documents.doc_id, corpus.documents.obfuscation, strict=True))
    assert found["yubei-chen-guigu101"] == "dongtanzhu"
    assert found["liwei-wang-jiqizhixin"] == "shaoguang"
    assert all(pd.isna(found[d]) for d in ("kaiming-he-cuhk-qa", "hinton-hellermark", "karpathy-andrew-ng"))


def test_gold_deobfuscation(corpus):
    kept = corpus.lines[corpus.lines.kept]
    errors = total = exact = 0
    rows = gold("deobfuscation.csv")
    for row in rows:
        hit = kept[(kept.doc_id == row["doc_id"]) & kept.raw_text.str.contains(row["raw"][:12], regex=False)]
        assert len(hit), f"raw line dropped: {row['raw'][:20]}"
        text = _norm(" ".join(hit.text))
        want = re.sub(r"^[^:：]{1,12}[:：]", "", _norm(row["restored"]))
        best = min(_levenshtein(text[i : i + len(want)], want) for i in range(max(1, len(text) - len(want) + 1)))
        errors, total, exact = errors + best, total + len(want), exact + (best == 0)
    assert errors / total <= 0.01
    assert exact >= 0.8 * len(rows)


def test_gold_markers_removed_and_clean_text_untouched(corpus):
    kept = corpus.lines[corpus.lines.kept]
    text = {d: "\n".join(g.text) for d, g in kept.groupby("doc_id")}
    left = [r for r in gold("markers.csv") if r["marker"] in text[r["doc_id"]]]
    assert not left
    for row in gold("untouched.csv"):
        assert _norm(row["text"]) in _norm(text[row["doc_id"]])


def test_gold_boilerplate_dropped_and_content_kept(corpus):
    kept = corpus.lines[corpus.lines.kept]
    raw = {d: "\n".join(g.raw_text) for d, g in kept.groupby("doc_id")}
    assert not [r["snippet"] for r in gold("boilerplate.csv") if r["snippet"] in raw[r["doc_id"]]]
    assert not [r["snippet"] for r in gold("keep.csv") if r["snippet"] not in raw[r["doc_id"]]]


def test_injected_spam_is_dropped(corpus):
    lines = corpus.lines
    spam = lines[lines.kind == "spam"]
    assert spam.raw_text.str.contains("卤鹅").any()
    assert not lines[lines.kept].raw_text.str.contains("卤鹅").any()


def _table_hashes(corpus) -> dict[str, str]:
    out = {}
    for name in CONTRACT:
        buffer = io.BytesIO()
        getattr(corpus, name).to_parquet(buffer, index=False)
        out[name] = hashlib.sha256(buffer.getvalue()).hexdigest()
    return out


def test_two_builds_give_identical_tables():
    assert _table_hashes(build_corpus(RAW_DIR)) == _table_hashes(build_corpus(RAW_DIR))


def test_editing_a_table_does_not_change_the_corpus(corpus):
    turns = corpus.turns
    turns["text"] = ""
    assert (corpus.turns.text != "").any()
