"""Index findings and limitations computed from saved tables (analysis.site.findings)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.site import findings


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
    assert "k 0% (0%–10%, 13 answers, 11 after a question on no theme)" in text


def test_limitations_are_computed_from_the_tables(tmp_path: Path) -> None:
    _documents(tmp_path)
    text = " ".join(findings.limitations(tmp_path, tmp_path))
    assert "2 of 2 guests are heard in one interview only" in text
    assert "between 2017 and 2024" in text and "甲, 2017" in text
    assert "1 of 2 interviews are Chinese translations" in text
    assert "4.2-fold" in text


def test_quote_finding_reads_the_measured_labels(tmp_path: Path) -> None:
    assert findings._quote_finding(tmp_path) == []
    pd.DataFrame({"sample": ["study", "study", "forty"], "theme": ["all", "brain", "all"], "n": [100, 10, 80],
                  "on": [0.91, 0.6, 0.8], "ci_low": [0.88, 0.4, 0.75], "ci_high": [0.94, 0.8, 0.85]}).to_csv(
        tmp_path / "summary.csv", index=False)  # fmt: skip
    pd.DataFrame({"labels": ["on/marginal/off"], "n": [180], "kappa": [0.61], "alpha": [0.6]}).to_csv(
        tmp_path / "agreement.csv", index=False)  # fmt: skip
    text = findings._quote_finding(tmp_path)[0].text
    assert "study quotes 91% on theme (88%–94%, n = 100)" in text and "lowest theme brain (study) 60%" in text
    assert "κ = 0.61, α = 0.60 (n = 180; two language-model agents" in text


def test_key_term_finding_keeps_the_interval_and_the_echo(tmp_path: Path) -> None:
    pd.DataFrame({"speaker": ["g", "g"], "term": ["直觉", "数据"], "key": [True, False], "g2": [42.0, 3.0], "count": [16, 3],
                  "n_turns": [9, 2], "log_ratio": [2.1, 0.4], "ci_low": [1.2, -0.5], "ci_high": [3.3, 1.0],
                  "significant": [True, False], "direction": ["over", "over"], "prompted_count": [12, 0],
                  "prompted": [0.75, 0.0]}).to_parquet(tmp_path / "keyness.parquet")  # fmt: skip
    text = findings.term_findings(tmp_path, tmp_path)[0].text
    assert "直觉 (16× in 9 answers, log ratio 2.1 [1.2, 3.3], 12 of them answering a question that used it)" in text
