"""Readings generated from data: stance findings, coverage findings; quotes escaped."""

import pandas as pd

import analysis
from analysis.viewpoints import claims, stance_codes


def test_every_stance_finding_names_only_what_the_table_holds(corpus):
    stances = analysis.stances(corpus)
    codes = stance_codes.load_codes()
    names = {s: s for s in stances.speaker}
    findings = claims.stance_findings(stances, codes, names, corpus.turns)
    taking = stances[~stances.reading.isin(stance_codes.NO_POSITION)].groupby("proposition").size()
    assert len(findings) == (taking >= 2).sum()
    for line in findings:
        label = line.split("**")[1]
        cells = stances[stances.label_en == label]
        for cell in cells.itertuples():
            head = line.split("\n")[0]
            assert f"{cell.reading.replace('_', ' ')}: " in head or cell.reading == "not_addressed"
            assert cell.reading == "not_addressed" or f"({cell.counts})" in head
        for quoted in [q for q in line.split("\n")[1:]]:
            unit = quoted.split("`[")[1].split(",")[0]
            assert unit in set(codes.unit)


def test_quotes_shown_with_safe_markdown_are_escaped(monkeypatch):
    turns = pd.DataFrame({"doc_id": ["d"], "turn_id": [1], "line_start": [3], "line_end": [4]})
    codes = pd.DataFrame({"unit": ["d:1"], "doc_id": ["d"], "turn_id": [1], "proposition": ["p"], "code": ["agree"],
                          "evidence": ["<script>alert(1)</script>"], "confidence": ["high"]})  # fmt: skip
    stances = pd.DataFrame({"speaker": ["g", "h"], "proposition": "p", "stance": ["agree", "agree"], "fragile": False,
                            "reading": "agree", "counts": "agree 1", "label_en": "P", "label_zh": "甲"})  # fmt: skip
    monkeypatch.setattr(claims, "load_units", lambda: pd.DataFrame({"unit": ["d:1"], "speaker": ["g"]}))
    from analysis.plots.tables import safe_markdown

    text = safe_markdown("\n".join(claims.stance_findings(stances, codes, {}, turns))).data
    assert "<script>" not in text and "&lt;script>" in text and "d:1, raw lines 3–4" in text


def test_coverage_finding_claims_a_lead_only_when_intervals_separate():
    rows = pd.DataFrame({"speaker": "g", "theme": ["a", "b"], "measure": "coverage",
                         "point": [0.3, 0.1], "ci_low": [0.2, 0.05], "ci_high": [0.4, 0.15]})  # fmt: skip
    assert "is the largest theme" in claims.coverage_findings(rows, {}, {"a": "A", "b": "B"})[0]
    overlap = rows.assign(ci_low=[0.05, 0.05], ci_high=[0.4, 0.3])
    assert "no theme clearly leads" in claims.coverage_findings(overlap, {}, {"a": "A", "b": "B"})[0]
