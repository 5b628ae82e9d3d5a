"""Index findings and limitations computed from saved tables (analysis.site.findings)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.site import findings, limitations


def _volume(folder: Path) -> None:
    pd.DataFrame({"doc_id": ["a", "a", "a", "b", "b"], "speaker": ["g", "h", "narrator", "g2", "h2"],
                  "role": ["guest", "host", "narrator", "guest", "host"],
                  "chars": [60, 40, 900, 90, 10]}).to_csv(folder / "01_speaker_volume.csv", index=False)  # fmt: skip


def _documents(folder: Path) -> None:
    pd.DataFrame({"doc_id": ["a", "b"], "obfuscation": [None, "x"], "n_lines_kept": [5, 5], "n_lines_raw": [10, 10],
                  "interviewee": ["甲", "乙"], "translated": [True, False], "pre_chatgpt": [True, False],
                  "recorded": ["2017-01-01", None], "published": ["2021-12-09", "2024-08-09"]}).to_parquet(folder / "documents.parquet")  # fmt: skip
    pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "speaker": ["g", "h", "g2", "h2"], "role": ["guest", "host", "guest", "host"],
                  "n_chars": [1000, 50, 4200, 80]}).to_parquet(folder / "turns.parquet")  # fmt: skip


def test_the_guest_share_leaves_the_narration_out(tmp_path: Path) -> None:
    _volume(tmp_path)
    _documents(tmp_path)
    text = findings.corpus_findings(tmp_path, tmp_path)[2].text
    assert "60%–90% of the spoken characters" in text and "n = 2 interviews" in text


def test_interviewer_control_finding_gives_each_guest_his_interval_and_n() -> None:
    overall = pd.DataFrame({"speaker": ["g", "k"], "share_prompted": [0.5, 0.0], "ci_low": [0.3, 0.0],
                            "ci_high": [0.7, 0.1], "n_answers": [40, 13], "n_unthemed": [5, 11]})  # fmt: skip
    text = findings._control_finding(overall).text
    assert "g 50% (30%–70%, 40 answers, 5 after a question on no theme)" in text


def test_a_guest_asked_mostly_unthemed_questions_is_not_given_a_share() -> None:
    # 11 of 13 answers follow a question on no theme: his 0% measures the questions (was listed as "k 0% (0%–10%, …)")
    overall = pd.DataFrame({"speaker": ["g", "k"], "share_prompted": [0.5, 0.0], "ci_low": [0.3, 0.0],
                            "ci_high": [0.7, 0.1], "n_answers": [40, 13], "n_unthemed": [5, 11]})  # fmt: skip
    text = findings._control_finding(overall).text
    assert "k 0% (0%–10%" not in text
    assert "Not measurable for k (11 of 13 answers follow a question on none of the themes; computed share 0%)" in text


def _limits(folder: Path, overlay: pd.DataFrame) -> str:
    """The limitations of the two-document corpus of :func:`_documents` with ``overlay``, as one text."""
    return " ".join(limitations.limitations(folder, folder, overlay))


OVERLAY = pd.DataFrame({"doc_id": ["a", "b"], "language_confidence": ["medium", "high"]})


def test_limitations_are_computed_from_the_tables(tmp_path: Path) -> None:
    _documents(tmp_path)
    text = _limits(tmp_path, OVERLAY)
    assert "2 of 2 guests are heard in one interview only" in text
    assert "between 2017 and 2024" in text and "甲, recorded 2017, published 2021" in text
    assert "1 of 2 interviews are Chinese translations" in text
    assert "4.2-fold" in text


def test_limitations_name_the_unverified_translation_and_the_agents(tmp_path: Path) -> None:
    _documents(tmp_path)
    overlay = OVERLAY
    text = _limits(tmp_path, overlay)
    assert "1 of them (甲) is judged a translation from the text alone, not checked against the recording" in text
    assert "quotes reviewed, and the quotes' on-theme labels given, by language-model agents" in text
    checked = _limits(tmp_path, overlay.assign(language_confidence="high"))
    assert "not checked" not in checked and "high confidence" in checked
    unknown = _limits(tmp_path, overlay.drop(columns="language_confidence"))
    assert "is not recorded" in unknown


def test_a_recording_date_known_to_the_year_is_marked_approximate(tmp_path: Path) -> None:
    _documents(tmp_path)
    docs = pd.read_parquet(tmp_path / "documents.parquet").assign(recorded_precision=["year", None])
    docs.to_parquet(tmp_path / "documents.parquet")
    text = " ".join(limitations.limitations(tmp_path, tmp_path, pd.DataFrame({"doc_id": ["a"]})))
    assert "甲, recorded ~2017, published 2021" in text


def test_the_study_scope_is_counted_not_typed(tmp_path: Path) -> None:
    _documents(tmp_path)
    assert limitations.study_scope(tmp_path) == "2 interviews with 2 guests"


def test_quote_finding_reads_the_measured_labels(tmp_path: Path) -> None:
    assert findings._quote_finding(tmp_path) == []
    pd.DataFrame({"sample": ["study", "study", "rejected"], "theme": ["all", "brain", "all"], "n": [100, 10, 30],
                  "on": [0.91, 0.6, 0.2], "ci_low": [0.88, 0.4, 0.1], "ci_high": [0.94, 0.8, 0.35]}).to_csv(
        tmp_path / "summary.csv", index=False)  # fmt: skip
    pd.DataFrame({"labels": ["on/marginal/off"], "n": [180], "kappa": [0.61], "alpha": [0.6]}).to_csv(
        tmp_path / "agreement.csv", index=False)  # fmt: skip
    text = findings._quote_finding(tmp_path)[0].text
    assert "study quotes 91% on theme (88%–94%, n = 100)" in text and "rejected" not in text.split("reviewers")[0]
    assert "lowest theme brain 60% (n = 10)" in text  # the n of the lowest theme is said
    assert "κ = 0.61, α = 0.60 (n = 180)" in text and "before review" not in text
    (tmp_path / "selector").mkdir()
    pd.DataFrame({"sample": ["forty"], "theme": ["all"], "n": [112], "on": [0.32], "ci_low": [0.24],
                  "ci_high": [0.41]}).to_csv(tmp_path / "selector" / "summary.csv", index=False)  # fmt: skip
    text = findings._quote_finding(tmp_path)[0].text
    assert "The selector alone, before review: quotes of 23 other interviews 32% on theme (24%–41%, n = 112)" in text
    pd.DataFrame({"text": ["甲", "乙", "丙"], "review": ["on", "unreviewed", "on"]}).to_csv(tmp_path / "quotes.csv", index=False)
    text = findings._quote_finding(tmp_path, shown=tmp_path / "quotes.csv")[0].text
    assert text.startswith("This report shows 3 quotes: 2 reviewed and found on their theme, 1 unreviewed (marked;")


def _keyness(folder: Path, **changes: list) -> None:
    columns = {"speaker": ["g", "g", "g", "g", "g", "k"], "term": ["直觉", "嵌入", "数据", "程序", "课程", "视觉"],
               "key": [True, True, False, False, False, False], "g2": [42.0, 30.0, 3.0, 25.0, 24.0, 2.0],
               "count": [16, 13, 3, 6, 5, 2], "count_reference": [0, 0, 2, 0, 0, 1], "n_turns": [9, 4, 2, 2, 2, 1],
               "log_ratio": [2.1, 1.8, 0.4, 2.0, 2.0, 0.5], "ci_low": [1.2, 0.9, -0.5, 1.0, 1.0, -1.0],
               "ci_high": [3.3, 2.5, 1.0, 3.0, 3.0, 2.0], "significant": [True, True, False, True, True, False],
               "direction": "over", "prompted_count": [12, 0, 0, 0, 0, 0], "prompted": [0.75, 0.0, 0.0, 0.0, 0.0, 0.0],
               "why_not_key": ["", "", "not significant", "fewer than 3 turns", "over 50% in one turn", "not significant"],
               "rate_per_10k": [16 / 3000 * 1e4, 13 / 3000 * 1e4, 1.0, 20.0, 16.0, 2 / 700 * 1e4],
               "rate_reference": [0.0, 0.0, 5.0, 0.0, 0.0, 1 / 3000 * 1e4]}  # fmt: skip
    pd.DataFrame(columns | changes).to_parquet(folder / "keyness.parquet")


@pytest.fixture
def term_text(tmp_path: Path) -> str:
    """The key-term finding of the small keyness table above."""
    _keyness(tmp_path)
    return findings.term_findings(tmp_path, tmp_path)[0].text


def test_key_term_finding_keeps_the_interval_and_the_echo(term_text: str) -> None:
    assert "直觉 (16× in 9 answers, log ratio 2.1 [1.2, 3.3], 12 of these uses answering a question that used it)" in term_text


def test_an_echoed_key_term_is_marked_and_the_guests_own_term_given(term_text: str) -> None:
    assert "echoing the question; his strongest key term that is mostly his own: 嵌入 (13×" in term_text


def test_terms_not_key_are_counted_by_reason_not_summarised_as_mostly(term_text: str) -> None:
    assert "mostly because" not in term_text
    assert "2 significant over-used terms are not key (1: fewer than 3 turns, 1: over 50% in one turn)" in term_text


def test_a_guest_with_no_key_term_gets_what_the_test_could_detect(term_text: str) -> None:
    assert "no key term for k (700 content tokens: a term the others never use needs" in term_text


def test_a_narrow_pass_is_said_with_its_ties(tmp_path: Path) -> None:
    from analysis.terms.keyness import critical_value

    cut = critical_value(0.001, 6)  # 6 terms tested for g in this table
    _keyness(tmp_path, speaker=["g"] * 6, g2=[40.0, cut + 0.05, 3.0, 25.0, 24.0, 2.0], count=[16, 13, 3, 13, 5, 2],
             n_turns=[9, 4, 2, 2, 2, 1], significant=[True, True, False, True, True, False])  # fmt: skip
    text = findings.term_findings(tmp_path, tmp_path)[0].text
    assert "passes the G² cut-off by only 0.05; the same counts give 程序 (not key: fewer than 3 turns)" in text


def _topics(folder: Path, rejects_less: list[int]) -> None:
    pd.DataFrame({"model": ["nmf", "lda"], "setting": ["k=5", "k=5"], "centre": False, "candidate": True, "seeds": 5,
                  "n_topics": 5.0, "npmi_heldout": [-0.5, -0.3], "npmi_heldout_sd": [0.01, 0.02],
                  "sharing": [0.88, 0.95], "null_mean": [0.97, 0.98], "rejects_less": rejects_less, "rejects_more": 0,
                  "p_less_max": [0.3, 0.4], "p_more_max": 1.0}).to_csv(folder / "topic_metrics.csv", index=False)  # fmt: skip
    pd.DataFrame({"model": ["nmf"]}).to_parquet(folder / "topic_assignments.parquet")
    _documents(folder)


def test_a_sharing_verdict_needs_every_seed_and_every_model_is_shown(tmp_path: Path) -> None:
    # NMF rejects in 1 of 5 seeds: the old sentence called its topics "less shared across guests than chance"
    _topics(tmp_path, [1, 0])
    text = findings.topic_findings(tmp_path, tmp_path)[0].text
    assert "less shared across guests than chance" not in text
    assert "NMF less shared than chance in 1 of 5 seeds, more evenly spread in 0: not consistent over seeds" in text
    assert "LDA consistent with chance in every seed" in text and "The verdict depends on the model" in text


def test_the_adopted_model_is_placed_in_the_held_out_ranking(tmp_path: Path) -> None:
    _topics(tmp_path, [5, 5])
    text = findings.topic_findings(tmp_path, tmp_path)[0].text
    assert "Held-out NPMI alone ranks it 2 of 2" in text and "The models agree." in text
    assert "across guests (here also across interviews: each guest has one)" in text


def test_the_index_counts_the_study_instead_of_typing_five(monkeypatch) -> None:
    from analysis.site import index
    from analysis.site.render import Entry

    monkeypatch.setattr(index, "study_scope", lambda: "7 interviews with 6 guests")
    page = index.index_html([Entry("01_a", "01 · A", "ok")], {}, {}, {}, "x")
    assert "corpus study of 7 interviews with 6 guests" in page and "five interviews" not in page


def test_no_notebook_says_the_language_model_annotators_are_people() -> None:
    import json

    from analysis.config import PROJECT_ROOT

    for notebook in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        text = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        assert "measured by people" not in text, notebook.name  # notebook 04 said so of the quote labels


def test_with_one_interview_per_guest_a_key_term_is_the_interviews(tmp_path: Path) -> None:
    _keyness(tmp_path)
    _documents(tmp_path)  # guests g and g2, one interview each
    assert findings.term_findings(tmp_path, tmp_path)[0].text.startswith("Strongest key term of each guest's interview")


def test_a_finding_about_every_guest_names_the_first_few_and_says_where_the_rest_are():
    parts = [f"guest-{i}: term" for i in range(40)]
    text = findings.listed(parts, "in the keyness table")
    assert text.count("guest-") == findings.MAX_LISTED and "and 32 more guests, in the keyness table" in text
    assert findings.listed(parts[:3], "x") == "guest-0: term; guest-1: term; guest-2: term"
