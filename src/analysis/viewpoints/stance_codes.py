"""Coded stances: each guest's position on the propositions the guests debate, from a content analysis.

The codebook (``src/analysis/data/stances/codebook.csv`` and the manual ``codebook.md``) defines
the propositions with inclusion and exclusion rules. Two coders coded every guest turn (a *unit*,
``doc_id:turn_id``, listed in ``units.csv``) independently by those rules (``pass_a.csv``,
``pass_b.csv``: ``unit, proposition, code, evidence, confidence, note``; a unit × proposition pair
absent from a file is ``not_addressed``); every disagreement was adjudicated by the rules (``adjudication.csv``: the decision and its
reason), and :func:`adjudicate` reconciles the passes into the coding the findings use. Evidence is one or more whole sentences of the unit, joined by
``" || "``, that state the guest's own view (never a view he reports).

:func:`stances` aggregates the unit codes to one row per guest × proposition (manual section 11:
the strict stance, the v2 reading with counts, the weakest confidence, *not coded* apart from *not
addressed*). Coding sets (``SAMPLES``): the in-sample set in ``stances/`` (the five study interviews,
recoded where codebook v2 changed a rule: ``recode_v2.csv``) and ``stances/out_of_sample/``
(interviews the codebook never quoted). Agreement between coders is in :mod:`analysis.viewpoints.agreement`.

Examples:
    >>> "scaling_enough" in load_codebook().proposition.tolist()
    True
    >>> aggregate_codes(["agree", "disagree"]), aggregate_codes([]), aggregate_codes(["agree", "agree"])
    ('mixed', 'not_addressed', 'agree')

"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config import DATA_DIR
from analysis.corpus import Corpus
from analysis.csvsafe import read_csv

STANCE_DIR = DATA_DIR / "stances"
#: Coding sets: the study's five interviews (the codebook was written from them) and interviews
#: coded with the frozen codebook v2 by coders who saw no worked case from them.
SAMPLES = {"in_sample": STANCE_DIR, "out_of_sample": STANCE_DIR / "out_of_sample"}
CODES = ("agree", "disagree", "mixed")
NOT_ADDRESSED = "not_addressed"
NOT_CODED = "not_coded"
NO_POSITION = (NOT_ADDRESSED, NOT_CODED)
LABELS = (*CODES, NOT_ADDRESSED)
CONFIDENCE = {"low": 0, "medium": 1, "high": 2}
SEPARATOR = " || "
CODE_COLUMNS = ["unit", "proposition", "code", "evidence", "confidence", "note"]
PASSES = ("pass_a", "pass_b")


def load_codebook() -> pd.DataFrame:
    """The propositions: id, English and Chinese label, statement, definition and the coding rules."""
    return pd.read_csv(STANCE_DIR / "codebook.csv")


def load_units(sample: str | None = None) -> pd.DataFrame:
    """The coded units (every guest answer of the coded interviews): ``unit``, ``doc_id``, ``turn_id``, ``speaker``, ``sample``.

    ``sample`` (``in_sample`` or ``out_of_sample``) keeps one coding set; None gives every set present.
    """
    frames = []
    for name, folder in SAMPLES.items():
        if sample in (None, name) and (folder / "units.csv").exists():
            units = read_csv(folder / "units.csv", dtype=str, keep_default_na=False).drop_duplicates("unit")
            frames.append(units[["unit", "doc_id", "turn_id", "speaker"]].assign(turn_id=units.turn_id.astype(int), sample=name))
    if not frames:
        raise FileNotFoundError(f"no coding set {sample!r} in {STANCE_DIR.name}/ (units.csv missing)")
    return pd.concat(frames, ignore_index=True)


def load_codes(name: str = "adjudicated", sample: str | None = None) -> pd.DataFrame:
    """One coding, checked, with ``doc_id`` and ``turn_id``.

    ``name`` is ``pass_a``, ``pass_b``, or ``adjudicated`` (both passes reconciled by :func:`adjudicate`;
    in-sample, then the codebook-v2 recoding of ``recode_v2.csv``). ``sample`` picks the coding set
    (default: ``in_sample`` for a pass, every set present for ``adjudicated``). Out-of-sample cells
    the passes disagree on and ``adjudication.csv`` does not decide yet are left out (pending).

    Raises ``ValueError`` naming the file and row for an unknown unit, proposition, code or confidence,
    or a unit × proposition pair coded twice.
    """
    if name == "adjudicated":
        names = [s for s in SAMPLES if (SAMPLES[s] / "units.csv").exists()] if sample is None else [sample]
        return pd.concat([_adjudicated(s) for s in names], ignore_index=True)
    path = SAMPLES[sample or "in_sample"] / f"{name}.csv"
    if name not in PASSES or not path.exists():
        raise FileNotFoundError(f"no coding {name!r} in {path.parent.name}/; valid: {', '.join(PASSES)}, adjudicated")
    codes = read_csv(path, dtype=str, keep_default_na=False)
    return check_codes(codes, path.name)


def _adjudicated(sample: str) -> pd.DataFrame:
    """The reconciled coding of one coding set."""
    folder = SAMPLES[sample]
    path = folder / "adjudication.csv"
    decisions = pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame(
        columns=["unit", "proposition", "code", "evidence_from", "reason"])  # fmt: skip
    decisions = decisions[decisions.code != ""]
    passes = [load_codes(p, sample) for p in PASSES]
    codes = adjudicate(*passes, decisions, pending="raise" if sample == "in_sample" else "skip")
    recode = folder / "recode_v2.csv"
    return recode_cells(codes, pd.read_csv(recode, dtype=str, keep_default_na=False)) if recode.exists() else codes


def recode_cells(codes: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """``codes`` with cells recoded (``unit, proposition, code, evidence, confidence, reason``).

    ``code`` ``not_addressed`` removes the cell; an empty ``evidence`` or ``confidence`` keeps the
    cell's own. Used for the codebook-v2 recoding of the in-sample cells v2 changes.
    """
    keyed = codes.drop(columns=["doc_id", "turn_id"]).set_index(["unit", "proposition"])
    for d in decisions.itertuples():
        key = (d.unit, d.proposition)
        if d.code == NOT_ADDRESSED:
            keyed = keyed.drop(index=key)
            continue
        old = keyed.loc[key] if key in keyed.index else pd.Series({"evidence": "", "confidence": "", "note": ""})
        keyed.loc[key, ["code", "evidence", "confidence", "note"]] = [
            d.code, d.evidence or old.evidence, d.confidence or old.confidence, f"recoded (codebook v2): {d.reason}"]
    return check_codes(keyed.reset_index()[CODE_COLUMNS], "recoded")


def adjudicate(first: pd.DataFrame, second: pd.DataFrame, decisions: pd.DataFrame, pending: str = "raise") -> pd.DataFrame:
    """The reconciled coding: cells both passes coded alike, merged, plus every disagreement as decided.

    A cell coded alike keeps that code, the first pass's evidence sentences followed by any the
    second adds, the lower of the two confidences and both notes. A disagreement must have a row in
    ``decisions`` (``unit, proposition, code, evidence_from, reason``; ``code`` may be
    ``not_addressed``, ``evidence_from`` names the pass, ``a``/``pass_a`` or ``b``/``pass_b``, whose evidence is kept);
    a missing one raises ``ValueError`` naming the cell (``pending="skip"``: the cell is left out).
    """
    keyed = {name: c.set_index(["unit", "proposition"]) for name, c in (("a", first), ("b", second))}
    decided = decisions.set_index(["unit", "proposition"])
    rows = []
    for key in sorted(set(keyed["a"].index) | set(keyed["b"].index)):
        a, b = (keyed[n].loc[key] if key in keyed[n].index else None for n in ("a", "b"))
        if a is not None and b is not None and a.code == b.code:
            extra = [e for e in b.evidence.split(SEPARATOR) if e not in a.evidence.split(SEPARATOR)]
            rows.append({"unit": key[0], "proposition": key[1], "code": a.code,
                         "evidence": SEPARATOR.join([a.evidence, *extra]),
                         "confidence": min(a.confidence, b.confidence, key=CONFIDENCE.__getitem__),
                         "note": f"A: {a.note} | B: {b.note}"})  # fmt: skip
            continue
        if key not in decided.index and pending == "skip":
            continue
        if key not in decided.index:
            raise ValueError(f"{key[0]} × {key[1]}: the passes disagree and adjudication.csv has no decision")
        d = decided.loc[key]
        if d.code == NOT_ADDRESSED:
            continue
        chosen = a if d.evidence_from in ("a", "pass_a") else b
        if chosen is None:
            raise ValueError(f"{key[0]} × {key[1]}: evidence_from {d.evidence_from!r} names a pass without this cell")
        rows.append({"unit": key[0], "proposition": key[1], "code": d.code, "evidence": chosen.evidence,
                     "confidence": chosen.confidence, "note": f"adjudicated: {d.reason}"})  # fmt: skip
    return check_codes(pd.DataFrame(rows, columns=CODE_COLUMNS), "adjudicated")


def check_codes(codes: pd.DataFrame, source: str = "codes") -> pd.DataFrame:
    """``codes`` validated against the codebook and the units, with ``doc_id`` and ``turn_id`` added."""
    missing = set(CODE_COLUMNS) - set(codes.columns)
    if missing:
        raise ValueError(f"{source}: missing column(s) {sorted(missing)}; expected {CODE_COLUMNS}")
    units = set(load_units().unit)
    propositions = set(load_codebook().proposition)
    for row, c in zip(codes.index, codes.itertuples(), strict=True):
        where = f"{source} row {row + 2} ({c.unit} × {c.proposition})"
        if c.unit not in units:
            raise ValueError(f"{where}: unknown unit; units are listed in units.csv")
        if c.proposition not in propositions:
            raise ValueError(f"{where}: unknown proposition; valid: {', '.join(sorted(propositions))}")
        if c.code not in CODES:
            raise ValueError(f"{where}: code {c.code!r}; use one of {', '.join(CODES)} (leave not_addressed out)")
        if c.confidence not in CONFIDENCE:
            raise ValueError(f"{where}: confidence {c.confidence!r}; use high, medium or low")
        if not c.evidence.strip():
            raise ValueError(f"{where}: no evidence sentence")
    duplicated = codes.duplicated(["unit", "proposition"], keep=False)
    if duplicated.any():
        raise ValueError(f"{source}: coded twice: {sorted(set(codes.loc[duplicated, 'unit']))}")
    doc_turn = codes.unit.str.rsplit(":", n=1, expand=True)
    return codes.assign(doc_id=doc_turn[0], turn_id=doc_turn[1].astype(int)) if len(codes) else codes.assign(
        doc_id=pd.Series(dtype=str), turn_id=pd.Series(dtype=int))


def code_grid(codes: pd.DataFrame, units: pd.DataFrame | None = None, propositions: list[str] | None = None) -> pd.DataFrame:
    """Every unit × proposition with its code (``not_addressed`` where the file has no row).

    Examples:
        >>> codes = pd.DataFrame({"unit": ["d:1"], "proposition": ["p"], "code": ["agree"]})
        >>> code_grid(codes, pd.DataFrame({"unit": ["d:1", "d:2"]}), ["p"]).p.tolist()
        ['agree', 'not_addressed']

    """
    units = load_units() if units is None else units
    propositions = load_codebook().proposition.tolist() if propositions is None else propositions
    grid = codes.pivot_table(index="unit", columns="proposition", values="code", aggfunc="first")
    return grid.reindex(index=units.unit, columns=propositions).fillna(NOT_ADDRESSED)


def aggregate_codes(codes: list[str]) -> str:
    """The manual's rule for one guest × proposition cell."""
    kinds = set(codes)
    if not kinds:
        return NOT_ADDRESSED
    if "mixed" in kinds or {"agree", "disagree"} <= kinds:
        return "mixed"
    return kinds.pop()


def read_counts(n_agree: int, n_disagree: int, n_mixed: int) -> str:
    """The v2 reading of a cell from its counts (manual section 11).

    Examples:
        >>> read_counts(5, 0, 1), read_counts(1, 0, 1), read_counts(0, 2, 0), read_counts(0, 0, 0)
        ('mostly_agree', 'mixed', 'disagree', 'not_addressed')

    """
    n = n_agree + n_disagree + n_mixed
    if n == 0:
        return NOT_ADDRESSED
    for count, side in ((n_agree, "agree"), (n_disagree, "disagree")):
        if count == n:
            return side
        if count > n / 2:
            return f"mostly_{side}"
    return "mixed"


def stances(
    corpus: Corpus | None = None,
    codes: pd.DataFrame | str = "adjudicated",
    speaker: str | list[str] | None = None,
    long: bool = False,
) -> pd.DataFrame:
    """One row per guest × proposition: the coded stance, its counts and its evidence.

    Columns: ``speaker``, ``proposition``, ``label_en``, ``label_zh``, ``stance`` (the strict rule:
    agree, disagree, mixed, not_addressed; ``not_coded`` when none of the guest's interviews was
    coded), ``reading`` (the v2 reading with ``mostly_agree`` / ``mostly_disagree``, see
    :func:`read_counts`), ``n_agree``, ``n_disagree``, ``n_mixed``, ``counts`` (e.g. ``agree 4 · mixed 1``),
    ``evidence`` (';'-separated ``doc_id:turn_id``), ``supporting`` (units per code), ``evidence_text``,
    ``n_units``, ``confidence`` (the LOWEST among the unit codes: the weakest supporting answer),
    ``fragile`` (the strict stance changes when low-confidence unit codes are dropped),
    ``interviews_coded``, ``interviews_not_coded`` and ``note``. With ``corpus``, its guests are listed
    (coded ones first) and only its documents count; without, every coded guest.
    ``speaker`` keeps one guest or a list, by any of their names (``Hinton``, ``辛顿``); ``evidence_sentences``
    holds the evidence sentences as a list. ``long=True`` gives one row per evidence sentence instead
    (``speaker, proposition, label_en, stance, unit, doc_id, turn_id, code, confidence, text``) with
    its provenance (:func:`analysis.terms.search.with_provenance`: raw lines, title, url, restored).

    Examples:
        >>> table = stances()  # doctest: +SKIP
        >>> table.set_index(["speaker", "proposition"]).reading["geoffrey-hinton", "scaling_enough"]  # doctest: +SKIP
        'mostly_agree'

    """
    if corpus is not None and not isinstance(corpus, Corpus):
        raise TypeError(f"stances' corpus is a Corpus (analysis.load_corpus()) or None; got {type(corpus).__name__}")
    codes = load_codes(codes) if isinstance(codes, str) else codes
    if not isinstance(codes, pd.DataFrame):
        raise TypeError(f"codes is 'adjudicated', 'pass_a', 'pass_b' or a codes table; got {type(codes).__name__}")
    units = load_units()
    book = load_codebook().set_index("proposition")
    if corpus is not None:
        guest_docs = corpus.turns.query("role == 'guest'")[["speaker", "doc_id"]].drop_duplicates()
        units = units[units.doc_id.isin(set(corpus.turns.doc_id))]
    else:
        guest_docs = units[["speaker", "doc_id"]].drop_duplicates()
    docs_of = guest_docs.groupby("speaker", sort=False).doc_id.agg(list)
    coded_docs = units.groupby("speaker", sort=False).doc_id.agg(lambda d: list(dict.fromkeys(d)))
    codes = codes[codes.unit.isin(set(units.unit))]
    codes = codes.assign(speaker=codes.unit.map(units.set_index("unit").speaker))
    codes, stale = _anchored(codes, corpus) if corpus is not None else (codes, codes.iloc[:0])
    speakers = sorted(docs_of.index, key=lambda s: s not in coded_docs.index)
    rows = []
    for guest in speakers:
        mine = codes[codes.speaker == guest]
        done = coded_docs.get(guest, [])
        missing = [d for d in docs_of[guest] if d not in done]
        for proposition in book.index:
            cell = _cell(guest, proposition, mine[mine.proposition == proposition], done, missing)
            if n := int(((stale.speaker == guest) & (stale.proposition == proposition)).sum()):
                cell["note"] = "; ".join(filter(None, [cell["note"], f"{n} code(s) left out: {UNANCHORED}"]))
            rows.append(cell)
    table = pd.DataFrame(rows)
    table = table.assign(label_en=table.proposition.map(book.label_en), label_zh=table.proposition.map(book.label_zh))
    if speaker is not None:
        from analysis.corpus.people import People

        wanted = People.of(corpus).resolve_many(speaker) or []
        table = table[table.speaker.isin(wanted)].reset_index(drop=True)
    table["evidence_sentences"] = [t.split(SEPARATOR) if t else [] for t in table.evidence_text]
    return _long(table, codes, corpus) if long else table


#: Why a code is left out of a corpus's stances: its evidence is no longer where the coders read it.
UNANCHORED = ("its evidence is no longer a guest's sentence of the coded turn in this corpus (the turn "
              "segmentation changed since the coding; recode the interview)")


def _anchored(codes: pd.DataFrame, corpus: Corpus) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(codes whose evidence is still in their unit's guest turn in ``corpus``, the codes left out).

    A coding set keeps the turn ids of the day it was exported; when a later segmentation gives the
    interview other turns, a code would otherwise lend its stance to another turn (or a host's). A
    sentence found inside a longer sentence of the same turn (the splitter changed) still counts. A
    partial corpus without its sentences table (a test's) cannot be checked and keeps every code.
    """
    if not {"doc_id", "turn_id"} <= set(codes.columns) or codes.empty or not corpus.has("sentences"):
        return codes, codes.iloc[:0]
    checked = verify_evidence(codes, corpus)
    bad = checked[~checked.problem.isin(["", "inside a sentence, not whole"])]
    lost = codes.set_index(["unit", "proposition"]).index.isin(list(zip(bad.unit, bad.proposition, strict=True)))
    return codes[~lost], codes[lost]


def _long(table: pd.DataFrame, codes: pd.DataFrame, corpus: Corpus | None) -> pd.DataFrame:
    """One row per evidence sentence of the cells of ``table``, with provenance."""
    from analysis.corpus import load_corpus
    from analysis.terms.search import PROVENANCE, with_provenance

    sentences = evidence_sentences(codes.assign(doc_id=codes.unit.str.rsplit(":", n=1).str[0],
                                                turn_id=codes.unit.str.rsplit(":", n=1).str[1].astype(int)))
    sentences = sentences.merge(codes[["unit", "proposition", "confidence"]], on=["unit", "proposition"])
    cells = table[["speaker", "proposition", "label_en", "stance"]]
    keyed = cells.merge(sentences.assign(speaker=sentences.unit.map(load_units().set_index("unit").speaker)),
                        on=["speaker", "proposition"]).rename(columns={"sentence": "text"})  # fmt: skip
    columns = ["speaker", "proposition", "label_en", "stance", "unit", "doc_id", "turn_id", "code", "confidence", "text"]
    return with_provenance(keyed[columns], corpus if corpus is not None else load_corpus())[[*columns, *PROVENANCE]]


def _cell(speaker: str, proposition: str, codes: pd.DataFrame, coded: list[str], not_coded: list[str]) -> dict:
    """One aggregated cell of :func:`stances`."""
    counts = {k: int((codes.code == k).sum()) for k in CODES}
    firm = codes[codes.confidence != "low"]
    supporting = "; ".join(f"{k}: {', '.join(codes.unit[codes.code == k])}" for k in CODES if counts[k])
    weakest = min(codes.confidence, key=CONFIDENCE.__getitem__) if len(codes) else None
    notes = "; ".join(n for n in codes.note if n)
    if not coded:
        notes = "interview not coded"
    elif not_coded:
        notes = f"covers {', '.join(coded)} only; not coded: {', '.join(not_coded)}" + (f"; {notes}" if notes else "")
    stance = aggregate_codes(codes.code.tolist()) if coded else NOT_CODED
    return {
        "speaker": speaker, "proposition": proposition, "stance": stance,
        "reading": read_counts(counts["agree"], counts["disagree"], counts["mixed"]) if coded else NOT_CODED,
        **{f"n_{k}": v for k, v in counts.items()}, "counts": " · ".join(f"{k} {v}" for k, v in counts.items() if v),
        "evidence": ";".join(codes.unit), "supporting": supporting, "evidence_text": SEPARATOR.join(codes.evidence),
        "n_units": len(codes), "confidence": weakest,
        "fragile": bool(len(codes)) and aggregate_codes(firm.code.tolist()) != stance,
        "interviews_coded": ";".join(coded), "interviews_not_coded": ";".join(not_coded), "note": notes,
    }  # fmt: skip


def evidence_sentences(codes: pd.DataFrame) -> pd.DataFrame:
    """One row per evidence sentence of a coding: ``unit``, ``doc_id``, ``turn_id``, ``proposition``, ``code``, ``sentence``."""
    rows = codes.assign(sentence=codes.evidence.str.split(SEPARATOR, regex=False)).explode("sentence")
    return rows[["unit", "doc_id", "turn_id", "proposition", "code", "sentence"]].reset_index(drop=True)


def verify_evidence(codes: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Every evidence sentence checked against the corpus, one row each, with ``problem`` (empty when fine).

    A sentence must be a sentence of its unit's turn (``sentences`` table, exact text), the turn must be
    a guest's, and the reported-speech detector's ``holder`` is given beside it (``holder_flag`` true when
    the detector says the sentence states someone else's view: the coders judged by hand, so this is a
    cross-check, not a veto).
    """
    sentences = corpus.sentences
    turns = corpus.turns.set_index(["doc_id", "turn_id"])
    keyed = sentences.set_index(["doc_id", "turn_id"])
    out = evidence_sentences(codes)
    problems, holders = [], []
    for e in out.itertuples():
        key = (e.doc_id, e.turn_id)
        if key not in turns.index:
            problems.append("no such turn")
            holders.append(None)
            continue
        turn = turns.loc[key]
        mine = keyed.loc[[key]]
        match = mine[mine.text == e.sentence]
        holders.append(match.holder.iloc[0] if len(match) else None)
        if turn.role != "guest":
            problems.append(f"turn is {turn.role}'s, not a guest's")
        elif match.empty:
            problems.append("not a sentence of the turn" if e.sentence not in turn.text else "inside a sentence, not whole")
        else:
            problems.append("")
    speaker = out.set_index(["doc_id", "turn_id"]).index.map(lambda k: turns.speaker.get(k))
    out = out.assign(problem=problems, holder=holders, speaker=np.asarray(speaker, dtype=object))
    return out.assign(holder_flag=out.holder.notna() & (out.holder != out.speaker))
