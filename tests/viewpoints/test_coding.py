"""Coding workflow on a fixture corpus: export → fill → validate → import → agree → disagreements → adjudicate → stances."""

import pandas as pd
import pytest

from analysis import coding as cli
from analysis.viewpoints import coding
from analysis.viewpoints import reliability as rel
from analysis.viewpoints import stance_codes as st

TURNS = pd.DataFrame({
    "doc_id": ["fx"] * 6, "turn_id": range(6), "speaker": ["host", "guest-x", "host", "guest-x", "guest-x", "host"],
    "role": ["host", "guest", "host", "guest", "guest", "host"]})  # fmt: skip
SENTENCES = pd.DataFrame({
    "doc_id": ["fx"] * 8, "turn_id": [0, 1, 1, 2, 3, 3, 4, 5], "sent_id": [0, 0, 1, 0, 0, 1, 0, 0],
    "text": ["规模够吗?", "我认为只靠规模是不够的。", "-1 也不行。", "理论呢?", "理论是必要的。", "他认为不需要理论。", "没什么。", "谢谢。"],
    "holder": ["host", "guest-x", "guest-x", "host", "guest-x", "person-他", "guest-x", "host"],
})  # fmt: skip


@pytest.fixture
def sheet(tmp_path):
    units = coding.sheet_units(TURNS, SENTENCES)
    return coding.write_sheet(units, tmp_path / "sheet")


def _fill(sheet, folder, cells):
    """A coder's filled copy of the sheet's codes.csv: ``cells`` = {(unit, proposition): (code, evidence, confidence)}."""
    codes = pd.read_csv(sheet / "codes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for (unit, proposition), values in cells.items():
        row = codes.index[(codes.unit == unit) & (codes.proposition == proposition)]
        codes.loc[row, ["code", "evidence", "confidence"]] = values
    folder.mkdir()
    codes.to_csv(folder / "codes.csv", index=False, encoding="utf-8-sig")
    return folder


def test_export_lays_out_answers_with_the_question_before_them(sheet):
    units = coding.read_units(sheet)
    assert units.unit.unique().tolist() == ["fx:1", "fx:3", "fx:4"]
    assert units[(units.unit == "fx:4") & (units.part == "question")].text.tolist() == ["理论呢?"]
    assert "'-1 也不行。" in (sheet / "units.csv").read_text(encoding="utf-8-sig")  # no spreadsheet formula
    assert units.text.str.startswith("'").sum() == 0
    codes = pd.read_csv(sheet / "codes.csv", encoding="utf-8-sig")
    assert len(codes) == 3 * len(st.load_codebook()) and (sheet / "codes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert {"INSTRUCTIONS.md", "codebook.md", "codebook.csv", "units.md"} <= {p.name for p in sheet.iterdir()}


def test_validate_rejects_a_wrong_code_a_non_verbatim_evidence_and_a_host_sentence(sheet, tmp_path):
    folder = _fill(sheet, tmp_path / "bad", {
        ("fx:1", "scaling_enough"): ("agrees", "我认为只靠规模是不够的。", "high"),
        ("fx:1", "theory_needed"): ("agree", "我认为只靠规模不够。", "high"),
        ("fx:1", "brain_inspiration"): ("agree", "规模够吗?", "high"),
        ("fx:3", "theory_needed"): ("agree", "理论是必要的。 || 他认为不需要理论。", "high"),
        ("fx:3", "scaling_enough"): ("disagree", "-1 也不行。", "high"),
    })  # fmt: skip
    problems = coding.validate(coding.read_codes(folder), coding.read_units(sheet), SENTENCES)
    errors = problems[problems.severity == "error"].set_index(["unit", "proposition"]).problem
    assert "code 'agrees'" in errors["fx:1", "scaling_enough"]
    assert "not a sentence of the answer" in errors["fx:1", "theory_needed"]
    assert "question (the host)" in errors["fx:1", "brain_inspiration"]
    assert "not a sentence of the answer" in errors["fx:3", "scaling_enough"]  # fx:1's sentence, not fx:3's
    warnings = problems[problems.severity == "warning"]
    assert warnings.unit.tolist() == ["fx:3"] and "person-他" in warnings.problem.iloc[0]
    assert (problems.severity == "error").sum() == 4
    assert cli.main(["validate", "--sheet", str(sheet), str(folder)]) == 1


def test_round_trip_from_filled_sheets_to_stances(sheet, tmp_path, monkeypatch):
    a = _fill(sheet, tmp_path / "coder_a", {
        ("fx:1", "scaling_enough"): ("disagree", "我认为只靠规模是不够的。", "high"),
        ("fx:3", "theory_needed"): ("agree", "理论是必要的。", "medium"),
        ("fx:3", "brain_inspiration"): ("agree", "理论是必要的。", "low"),
    })  # fmt: skip
    b = _fill(sheet, tmp_path / "coder_b", {
        ("fx:1", "scaling_enough"): ("disagree", "我认为只靠规模是不够的。 || '-1 也不行。", "medium"),
        ("fx:3", "theory_needed"): ("agree", "理论是必要的。", "high"),
        ("fx:4", "theory_needed"): ("wrong", "没什么。", "high"),  # rejected: counts as not addressed
    })  # fmt: skip
    into = tmp_path / "set"
    monkeypatch.setitem(st.SAMPLES, "out_of_sample", into)
    counts = rel.import_passes(sheet, [a, b], into, SENTENCES)
    assert counts == {"pass_a_kept": 3, "pass_a_rejected": 0, "pass_b_kept": 2, "pass_b_rejected": 1, "disagreements": 1}
    assert pd.read_csv(into / "rejected.csv").problem.str.contains("code 'wrong'").all()
    differ = pd.read_csv(into / "disagreements.csv", keep_default_na=False)
    assert differ[["unit", "proposition", "code_pass_a", "code_pass_b"]].to_numpy().tolist() == [
        ["fx:3", "brain_inspiration", "agree", "not_addressed"]]
    pending = st.load_codes("adjudicated", "out_of_sample").set_index("proposition")
    assert set(pending.index) == {"scaling_enough", "theory_needed"}  # the undecided cell is left out
    assert pending.loc["scaling_enough", "evidence"] == "我认为只靠规模是不够的。 || -1 也不行。"
    differ.assign(code="not_addressed", evidence_from="", reason="no stance on the brain").drop(
        columns=[c for c in differ if c.startswith(("code_", "evidence_pass"))]).to_csv(into / "adjudication.csv", index=False)
    decided = st.load_codes("adjudicated", "out_of_sample")
    assert len(decided) == 2 and (decided.confidence == "medium").all()  # the lower confidence of the two passes
    table = st.stances(codes=decided).set_index(["speaker", "proposition"])
    cell = table.loc[("guest-x", "theory_needed")]
    assert (cell.stance, cell.reading, cell.counts, cell.interviews_coded) == ("agree", "agree", "agree 1", "fx")
    report = rel.reliability_report(n_boot=50)
    out = report[report["sample"] == "out_of_sample"].set_index("proposition")
    assert out.loc["scaling_enough", "kappa"] == 1.0 and out.loc["scaling_enough", "n_coded"] == 1
    assert out.loc["scaling_enough", "same_evidence"] == 0.0 and out.loc["theory_needed", "same_evidence"] == 1.0
    assert out.loc["brain_inspiration", ["n_coded", "n_coded_all"]].tolist() == [1, 0]
    assert set(report["sample"]) == {"in_sample", "out_of_sample"}


def test_reliability_csv_has_the_required_columns_and_citability(tmp_path):
    report = rel.reliability_report(n_boot=20)
    required = ["proposition", "sample", "n_units", "n_coded", "kappa", "alpha", "ci_low", "ci_high"]
    assert set(required) <= set(report.columns)
    assert set(report["sample"]) <= {"in_sample", "out_of_sample"}
    defined = report[report.alpha.notna()]
    assert (defined.ci_low <= defined.ci_high).all() and defined.alpha.between(-1, 1).all()
    assert report.loc[report.alpha.isna(), ["ci_low", "ci_high"]].isna().all().all()  # undefined α has no interval
    rows = pd.DataFrame({"proposition": ["p", "q", "r"], "sample": "out_of_sample", "alpha": [0.7, 0.5, float("nan")],
                         "n_coded": [5, 9, 9]})  # fmt: skip
    assert rel.citable(rows).citable.tolist() == [True, False, False]


def test_read_counts_gives_mostly_and_keeps_ties_mixed():
    assert st.read_counts(5, 0, 1) == "mostly_agree"
    assert st.read_counts(1, 1, 0) == "mixed"
    assert st.read_counts(0, 3, 1) == "mostly_disagree"
    assert st.read_counts(2, 0, 2) == "mixed"
