"""The quote-labelling sample and its measurement (analysis.viewpoints.quote_labels)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus.speakers import Registry
from analysis.viewpoints import quote_labels, quote_sampling
from analysis.viewpoints.quotations import quote_table
from analysis.viewpoints.themes import theme_ids

KEY = quote_labels.LABELS_DIR / "items.csv"


def _labels(folder: Path, name: str, labels: list[str]) -> None:
    items = [f"q{i:03d}" for i in range(1, len(labels) + 1)]
    pd.DataFrame({"item": items, "label": labels, "note": ""}).to_csv(folder / f"annotator_{name}.csv", index=False)


def test_agreement_matches_hand_computed_kappa_and_alpha() -> None:
    # 2 coders, 6 items: 4 agree (on, on, off, off), 2 disagree (on/off, off/on): p_o = 4/6, p_e = 0.5 -> kappa = 1/3.
    frame = pd.DataFrame({"label_a": ["on", "on", "off", "off", "on", "off"],
                          "label_b": ["on", "on", "off", "off", "off", "on"]})  # fmt: skip
    row = quote_labels.agreement(frame).set_index("labels").loc["on/marginal/off"]
    assert row.observed == pytest.approx(4 / 6) and row.kappa == pytest.approx(1 / 3)
    # Krippendorff (nominal, 12 pairable values, 6 each): D_o = 4/12, D_e = 2*6*6/(12*11) -> alpha = 1 - (4/12)/(72/132).
    assert row.alpha == pytest.approx(1 - (4 / 12) / (72 / 132))


def test_summary_counts_each_annotator_and_both(tmp_path: Path) -> None:
    key = pd.DataFrame({"item": ["q001", "q002", "q003", "q004"], "sample": ["study", "study", "forty", "forty"],
                        "theme": ["brain", "brain", "brain", "scaling"]})  # fmt: skip
    key.to_csv(tmp_path / "items.csv", index=False)
    _labels(tmp_path, "a", ["on", "on", "off", "on"])
    _labels(tmp_path, "b", ["on", "marginal", "off", "on"])
    table, kappa = quote_labels.recompute(tmp_path)
    study = table.set_index(["sample", "theme"]).loc[("study", "all")]
    assert (study.n, study.on, study.on_both, study.on_a, study.on_b) == (2, 0.75, 0.5, 1.0, 0.5)
    assert table.set_index(["sample", "theme"]).loc[("all", "all"), "on"] == pytest.approx(5 / 8)
    assert kappa.n.tolist() == [4, 4]


def test_bad_or_missing_labels_are_refused(tmp_path: Path) -> None:
    _labels(tmp_path, "a", ["on", "maybe"])
    _labels(tmp_path, "b", ["on", "on"])
    with pytest.raises(ValueError, match=r"annotator_a\.csv"):
        quote_labels.read_labels(tmp_path, pd.Series(["q001", "q002"]))
    with pytest.raises(ValueError, match="missing items"):
        quote_labels.read_labels(tmp_path, pd.Series(["q001", "q003"]))


def test_sample_keeps_every_study_quote_and_hides_scores() -> None:
    row = {"doc_id": "d", "turn_id": 1, "sent_id": 0, "speaker": "s", "theme": "t", "rank": 1, "text": "x",
           "context": "x y", "theme_definition": "T", "score": 2.0}  # fmt: skip
    study = pd.DataFrame([{**row, "sent_id": i} for i in range(5)])
    other = pd.DataFrame([{**row, "doc_id": "e", "sent_id": i} for i in range(20)] + [row])
    sheet, key = quote_sampling.annotation_sample(study, other, 8)
    assert list(sheet.columns) == quote_sampling.SHEET_COLUMNS and len(sheet) == 13
    assert (key["sample"] == "study").sum() == 5 and set(key.loc[key["sample"] == "forty", "doc_id"]) == {"e"}
    assert sheet.item.is_unique


MEASUREMENTS = [pytest.param(quote_labels.LABELS_DIR, True, id="as-shown"),
                pytest.param(quote_labels.SELECTOR_DIR, False, id="selector-alone")]


@pytest.mark.parametrize(("folder", "review"), MEASUREMENTS)
def test_the_report_still_shows_the_labelled_study_quotes(folder: Path, review: bool) -> None:
    if not (folder / "items.csv").exists():
        pytest.skip("no labelling sample drawn yet")
    key = pd.read_csv(folder / "items.csv")
    labelled = key[key["sample"] == "study"]
    current = quote_table(Registry.load().with_role("guest"), theme_ids(), k=quote_labels.K, review=review)
    fields = ["doc_id", "turn_id", "sent_id", "theme"]
    assert set(map(tuple, current[fields].to_numpy().tolist())) == set(map(tuple, labelled[fields].to_numpy().tolist()))


@pytest.mark.parametrize("folder", [quote_labels.LABELS_DIR, quote_labels.SELECTOR_DIR])
def test_committed_figures_follow_from_the_committed_labels(folder: Path) -> None:
    if not (folder / "summary.csv").exists():
        pytest.skip("labels not measured yet")
    table, kappa = quote_labels.recompute(folder)
    committed = pd.read_csv(folder / "summary.csv")
    pd.testing.assert_frame_equal(table.round(4).reset_index(drop=True), committed, check_dtype=False, atol=1e-4)
    pd.testing.assert_frame_equal(kappa.round(4), pd.read_csv(folder / "agreement.csv"), check_dtype=False, atol=1e-4)


def test_a_sample_drawn_beyond_k_reports_its_first_k_apart() -> None:
    frame = pd.DataFrame({"sample": ["forty"] * 3, "theme": "brain", "rank": [1, 5, 9],
                          "label_a": ["on", "on", "off"], "label_b": ["on", "off", "off"]})  # fmt: skip
    table = quote_labels.summary(frame).set_index("sample")
    first = table.loc[f"forty rank ≤ {quote_labels.K}"]
    assert first.n == 2 and first.on == 0.75


def test_a_drawn_subset_holds_only_the_drawn_articles_and_their_rows(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sources.csv").write_text("source_file,doc_id,title\na.md,a,A\nb.md,b,B\nc.md,c,C\n", encoding="utf-8")
    for name in "abc":
        (raw / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    drawn = quote_sampling.draw_interviews(raw, 1, {"a"}, seed=7)
    assert drawn == quote_sampling.draw_interviews(raw, 1, {"a"}, seed=7) and drawn[0] in {"b", "c"}
    dest = quote_sampling.subset_raw(raw, drawn, tmp_path / "sub")
    assert sorted(p.name for p in dest.iterdir()) == sorted([f"{drawn[0]}.md", "sources.csv"])
    assert pd.read_csv(dest / "sources.csv").doc_id.tolist() == drawn
