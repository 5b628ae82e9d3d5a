"""Coded stances: the coding files are valid, every evidence span is the guest's own sentence, κ and aggregation are right."""


import pandas as pd
import pytest

import analysis
from analysis.viewpoints import agreement
from analysis.viewpoints import stance_codes as st

FILES = ["pass_a", "pass_b", "adjudicated"]


def test_every_disagreement_is_adjudicated_with_a_reason():
    a, b = st.load_codes("pass_a"), st.load_codes("pass_b")
    decisions = pd.read_csv(st.STANCE_DIR / "adjudication.csv", keep_default_na=False)
    differ = agreement.disagreement_list({"a": a, "b": b}, st.load_units("in_sample"))
    assert set(zip(differ.unit, differ.proposition, strict=True)) == set(zip(decisions.unit, decisions.proposition, strict=True))
    assert decisions.reason.str.len().gt(40).all()
    assert decisions.code.isin([*st.CODES, st.NOT_ADDRESSED]).all()


def test_adjudication_keeps_agreed_cells_and_applies_decisions():
    a = _codes([("scaling_enough", "agree", "a"), ("theory_needed", "agree", "a")])
    b = _codes([("scaling_enough", "agree", "b"), ("theory_needed", "disagree", "b")], confidence="low")
    unit = a.unit.iloc[1]
    decisions = pd.DataFrame([{"unit": unit, "proposition": "theory_needed", "code": "disagree", "evidence_from": "b",
                               "reason": "r"}])  # fmt: skip
    out = st.adjudicate(a, b, decisions).set_index("proposition")
    assert out.loc["scaling_enough", "confidence"] == "low" and out.loc["theory_needed", "code"] == "disagree"
    with pytest.raises(ValueError, match="no decision"):
        st.adjudicate(a, b, decisions.iloc[:0])


@pytest.mark.parametrize("name", FILES)
def test_every_evidence_sentence_is_a_whole_sentence_of_the_guest_turn(name, corpus):
    checked = st.verify_evidence(st.load_codes(name, "in_sample"), corpus)
    bad = checked[checked.problem != ""]
    assert bad.empty, bad[["unit", "proposition", "problem", "sentence"]].to_string()
    assert (checked.speaker.map(corpus.speakers.set_index("speaker").role) == "guest").all()


@pytest.mark.parametrize("name", FILES)
def test_evidence_spans_occur_in_the_turn_text(name, corpus):
    turns = corpus.turns.set_index(["doc_id", "turn_id"]).text
    for e in st.evidence_sentences(st.load_codes(name, "in_sample")).itertuples():
        assert e.sentence in turns[(e.doc_id, e.turn_id)], (e.unit, e.sentence)


def test_units_are_the_guest_turns_of_the_coded_interviews(corpus):
    units = st.load_units("in_sample")
    turns = corpus.turns[corpus.turns.doc_id.isin(units.doc_id)]
    guest = turns[turns.role == "guest"]
    assert sorted(zip(guest.doc_id, guest.turn_id, strict=True)) == sorted(zip(units.doc_id, units.turn_id, strict=True))
    assert (units.speaker.to_numpy() == turns.set_index(["doc_id", "turn_id"]).loc[list(zip(units.doc_id, units.turn_id, strict=True))].speaker.to_numpy()).all()


def test_codebook_has_the_required_propositions():
    ids = set(st.load_codebook().proposition)
    assert {"scaling_enough", "prediction_is_understanding", "interpretability_needed", "data_diminishing_returns",
            "brain_inspiration", "theory_needed"} <= ids  # fmt: skip


def _codes(rows: list[tuple[str, str, str]], confidence: str = "high") -> pd.DataFrame:
    unit = st.load_units().unit
    return st.check_codes(pd.DataFrame(
        [{"unit": unit.iloc[i], "proposition": p, "code": c, "evidence": "句子。", "confidence": confidence, "note": n}
         for i, (p, c, n) in enumerate(rows)]))  # fmt: skip


@pytest.mark.parametrize("field,value,message", [
    ("code", "yes", "use one of"), ("proposition", "nonsense", "unknown proposition"),
    ("unit", "nowhere:1", "unknown unit"), ("confidence", "sure", "high, medium or low"), ("evidence", " ", "no evidence"),
])  # fmt: skip
def test_bad_coding_rows_are_refused_with_the_row_named(field, value, message):
    good = _codes([("scaling_enough", "agree", "")])
    bad = good.drop(columns=["doc_id", "turn_id"]).assign(**{field: value})
    with pytest.raises(ValueError, match=message):
        st.check_codes(bad, "x.csv")


def test_a_cell_coded_twice_is_refused():
    one = _codes([("scaling_enough", "agree", "")]).drop(columns=["doc_id", "turn_id"])
    with pytest.raises(ValueError, match="coded twice"):
        st.check_codes(pd.concat([one, one]), "x.csv")


def test_v2_recoding_changes_only_the_cells_it_lists_with_reasons():
    before = st.adjudicate(st.load_codes("pass_a"), st.load_codes("pass_b"),
                           pd.read_csv(st.STANCE_DIR / "adjudication.csv", dtype=str, keep_default_na=False))  # fmt: skip
    after = st.load_codes("adjudicated", "in_sample")
    recode = pd.read_csv(st.STANCE_DIR / "recode_v2.csv", dtype=str, keep_default_na=False)
    assert recode.reason.str.contains("v2 change").all()
    cells = lambda c: {(r.unit, r.proposition): (r.code, r.confidence) for r in c.itertuples()}  # noqa: E731
    changed = {k for k in cells(before).keys() | cells(after).keys() if cells(before).get(k) != cells(after).get(k)}
    assert changed == set(zip(recode.unit, recode.proposition, strict=True))
    table = st.stances(codes=after).set_index(["speaker", "proposition"])
    assert table.loc[("geoffrey-hinton", "scaling_enough"), "reading"] == "mostly_agree"  # agree 4 · mixed 1
    assert table.loc[("andrej-karpathy", "ai_beyond_human_knowledge"), "stance"] == "not_addressed"


def test_aggregation_follows_the_manual_and_flags_fragile_cells():
    units = st.load_units()
    same = units[units.speaker == units.speaker.iloc[0]].unit.iloc[:2].tolist()
    codes = st.check_codes(pd.DataFrame([
        {"unit": same[0], "proposition": "scaling_enough", "code": "agree", "evidence": "甲。", "confidence": "high", "note": ""},
        {"unit": same[1], "proposition": "scaling_enough", "code": "disagree", "evidence": "乙。", "confidence": "low", "note": "n"},
    ]))  # fmt: skip
    table = st.stances(codes=codes).set_index(["speaker", "proposition"])
    cell = table.loc[(units.speaker.iloc[0], "scaling_enough")]
    assert cell.stance == "mixed" and cell.fragile and cell.confidence == "low"  # the weakest answer's
    assert (cell.reading, cell.counts) == ("mixed", "agree 1 · disagree 1")
    assert cell.evidence == f"{same[0]};{same[1]}" and cell.evidence_text == "甲。 || 乙。"
    other = table.loc[(units.speaker.iloc[0], "theory_needed")]
    assert other.stance == "not_addressed" and other.evidence == "" and not other.fragile


def test_stances_has_one_row_per_guest_and_proposition(corpus):
    table = analysis.stances(corpus)
    assert {"speaker", "proposition", "stance", "evidence", "confidence", "note"} <= set(table.columns)
    guests = set(corpus.turns.query("role == 'guest'").speaker)
    assert len(table) == len(guests) * len(st.load_codebook())
    assert not table.duplicated(["speaker", "proposition"]).any()
    assert (table.stance.isin(st.NO_POSITION) == (table.evidence == "")).all()


def test_a_guest_whose_interview_was_not_coded_is_not_coded_not_silent():
    from analysis.corpus.build import Corpus

    turns = pd.DataFrame({"doc_id": ["hinton-hellermark", "new-doc", "other-doc"], "role": ["guest"] * 3,
                          "speaker": ["geoffrey-hinton", "geoffrey-hinton", "someone"]})  # fmt: skip
    table = st.stances(Corpus({"turns": turns})).set_index(["speaker", "proposition"])
    assert (table.loc["someone"].stance == st.NOT_CODED).all() and (table.loc["someone"].note == "interview not coded").all()
    hinton = table.loc[("geoffrey-hinton", "prediction_is_understanding")]
    assert hinton.stance == "agree" and hinton.interviews_coded == "hinton-hellermark"
    assert hinton.interviews_not_coded == "new-doc" and "not coded: new-doc" in hinton.note
    assert set(table.index.get_level_values(0)) == {"geoffrey-hinton", "someone"}


@pytest.mark.skipif(not (st.SAMPLES["out_of_sample"] / "units.csv").exists(), reason="no out-of-sample coding set yet")
@pytest.mark.parametrize("name", st.PASSES)
def test_out_of_sample_evidence_is_verbatim_in_the_sheet_units(name):
    from analysis.viewpoints import coding

    units = coding.read_units(st.SAMPLES["out_of_sample"])
    codes = st.load_codes(name, "out_of_sample").assign(row=0)
    problems = coding.validate(codes, units)
    assert problems[problems.severity == "error"].empty


def test_a_code_whose_evidence_left_its_turn_is_left_out_with_a_note(corpus):
    codes = st.load_codes().query("doc_id in @corpus.documents.doc_id")
    first = codes[codes.code == "agree"].iloc[0]
    guest = st.load_units().set_index("unit").speaker[first.unit]
    host_turn = int(corpus.turns.query("doc_id == @first.doc_id and role == 'host'").turn_id.iloc[0])
    moved = codes.copy()
    moved.loc[first.name, ["turn_id", "unit"]] = [host_turn, f"{first.doc_id}:{host_turn}"]  # the turns were renumbered
    kept, left = st._anchored(moved.assign(speaker=guest), corpus)
    assert len(left) == 1 and left.iloc[0].proposition == first.proposition and len(kept) == len(codes) - 1
    before = st.stances(corpus).set_index(["speaker", "proposition"])
    assert not before.note.str.contains("left out").any()  # the study's codes all sit where they were coded
