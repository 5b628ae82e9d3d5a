"""Quote review: reviewers' labels decide which quotes are shown (analysis.viewpoints.quote_review)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.corpus.speakers import Registry
from analysis.plots.tables import quote_cells
from analysis.viewpoints import quote_review
from analysis.viewpoints.quotations import quote_table
from analysis.viewpoints.themes import theme_ids
from tests.conftest import QA_ARTICLE, write_corpus


def _reviews(**labels: list[str]) -> pd.DataFrame:
    rows = [{"round": "r", "doc_id": "d", "theme": "t", "text": text, "reviewer": who, "label": label, "note": ""}
            for who, pairs in labels.items() for text, label in pairs]  # fmt: skip
    return pd.DataFrame(rows, columns=quote_review.REVIEW_COLUMNS)


def test_one_doubt_drops_a_quote_and_unread_quotes_are_marked() -> None:
    reviews = _reviews(a=[("甲", "on"), ("乙", "on"), ("丙", "off")], b=[("甲", "on"), ("乙", "marginal")])
    candidates = pd.DataFrame({"doc_id": "d", "theme": "t", "text": ["丁", "乙", "甲", "丙"], "score": [4, 3, 2, 1]})
    kept = quote_review.apply_review(candidates, quote_review.verdicts(reviews))
    assert kept.text.tolist() == ["丁", "甲"]  # order kept, 乙 (one marginal) and 丙 (off) dropped
    assert kept.review.tolist() == ["unreviewed", "on"]
    other_theme = candidates.assign(theme="u")  # a label is for one theme: the same sentence elsewhere is unread
    assert quote_review.apply_review(other_theme, quote_review.verdicts(reviews)).review.eq("unreviewed").all()
    assert quote_review.apply_review(candidates, quote_review.verdicts(_reviews())).review.eq("unreviewed").all()


def _round(folder: Path, labels: dict[str, list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"item": ["r0001", "r0002"], "theme": "t", "theme_definition": "T", "speaker": "s",
                  "quote": ["甲", "乙"], "context": "甲乙", "doc_id": "d", "turn_id": 1}).to_csv(
        folder / "sample.csv", index=False)  # fmt: skip
    for name, values in labels.items():
        pd.DataFrame({"item": ["r0001", "r0002"], "label": values, "note": ""}).to_csv(
            folder / f"annotator_{name}.csv", index=False)  # fmt: skip


def test_a_round_is_appended_checked_and_never_twice(tmp_path: Path) -> None:
    path = tmp_path / "quote_review.csv"
    _round(tmp_path / "one", {"a": ["on", "off"], "b": ["on", "on"]})
    added = quote_review.add_round(tmp_path / "one", "one", path)
    assert len(added) == 4 and set(added.reviewer) == {"a", "b"}
    assert quote_review.verdicts(quote_review.load_reviews(path)).to_dict() == {("d", "t", "甲"): "on", ("d", "t", "乙"): "rejected"}
    with pytest.raises(ValueError, match="already"):
        quote_review.add_round(tmp_path / "one", "one", path)
    _round(tmp_path / "bad", {"a": ["on", "maybe"], "b": ["on", "on"]})
    with pytest.raises(ValueError, match="annotator_a"):
        quote_review.add_round(tmp_path / "bad", "bad", path)
    assert len(quote_review.load_reviews(path)) == 4  # nothing of the refused round was written


def test_a_review_file_with_an_unknown_label_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "quote_review.csv"
    _reviews(a=[("甲", "good")]).to_csv(path, index=False)
    with pytest.raises(ValueError, match="labels must be one of"):
        quote_review.load_reviews(path)


def test_the_sheet_holds_only_unreviewed_candidates() -> None:
    table = pd.DataFrame({"doc_id": "d", "theme": "t", "text": ["甲", "乙", "丙"], "speaker": "s", "turn_id": 1,
                          "context": "x", "theme_definition": "T", "review": ["on", "unreviewed", "unreviewed"]})  # fmt: skip
    sheet = quote_review.review_sheet(table)
    assert sorted(sheet.quote) == ["丙", "乙"] and "review" not in sheet.columns and sheet.item.is_unique


def test_the_study_shows_no_quote_a_reviewer_doubted() -> None:
    guests = Registry.load().with_role("guest")
    shown = quote_table(guests, theme_ids(), k=5)
    alone = quote_table(guests, theme_ids(), k=5, review=False)
    found = quote_review.verdicts(quote_review.load_reviews())
    verdict = shown.join(found, on=quote_review.KEY).verdict
    assert not verdict.eq("rejected").any()
    assert (shown.review == verdict.fillna("unreviewed")).all()
    doubted = alone.join(found, on=quote_review.KEY).verdict.eq("rejected")
    assert doubted.any(), "the committed reviews reject some of the selector's study quotes"
    pairs = {(r.theme, r.text) for r in shown.itertuples()}
    assert not {(r.theme, r.text) for r in alone[doubted].itertuples()} & pairs


def test_an_unreviewed_quote_says_so_on_the_page() -> None:
    corpus = load_corpus()
    quote = corpus.sentences[corpus.sentences.role == "guest"].head(2).assign(theme="t")
    panel = {quote.speaker.iloc[0]: quote.assign(review=["on", "unreviewed"])}
    cells = quote_cells(panel, corpus.turns, corpus.documents, k=2).iloc[:, 0].tolist()
    assert "unreviewed" not in cells[0] and cells[1].endswith("<em>unreviewed</em>")


def test_a_corpus_is_reviewed_from_the_command_line(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", {"qa.txt": QA_ARTICLE})
    quote_review.main(["sheet", "--raw", str(raw), "--out", str(tmp_path / "round")])
    sheet = pd.read_csv(tmp_path / "round" / "sample.csv")
    assert len(sheet) and set(sheet.doc_id) == {"qa"} and sheet.item.is_unique
    assert {"quote", "context", "theme_definition"} <= set(sheet.columns) and "score" not in sheet.columns
    for name in ("a", "b"):
        pd.DataFrame({"item": sheet.item, "label": "on", "note": ""}).to_csv(tmp_path / "round" / f"annotator_{name}.csv",
                                                                            index=False)  # fmt: skip
    path = tmp_path / "reviews.csv"
    quote_review.main(["add", "--labels", str(tmp_path / "round"), "--round", "first", "--file", str(path)])
    found = quote_review.verdicts(quote_review.load_reviews(path))
    assert len(found) == len(sheet) and found.eq("on").all()
