"""Coded stances: each guest's position on the propositions the guests debate, from a content analysis.

The codebook (``src/analysis/data/stances/codebook.csv`` and the manual ``codebook.md``) defines
the propositions with inclusion and exclusion rules. Two coders coded every guest turn (a *unit*,
``doc_id:turn_id``, listed in ``units.csv``) independently by those rules (``pass_a.csv``,
``pass_b.csv``: ``unit, proposition, code, evidence, confidence, note``; a unit × proposition pair
absent from a file is ``not_addressed``); every disagreement was adjudicated by the rules (``adjudication.csv``: the decision and its
reason), and :func:`adjudicate` reconciles the passes into the coding the findings use. Evidence is one or more whole sentences of the unit, joined by
``" || "``, that state the guest's own view (never a view he reports).

:func:`reliability` gives Cohen's κ per proposition (scikit-learn) over the full unit grid;
:func:`stances` aggregates the unit codes to one row per guest × proposition by the manual's rule
(only agree → agree, only disagree → disagree, any mixed or both → mixed, none → not_addressed).

Examples:
    >>> "scaling_enough" in load_codebook().proposition.tolist()
    True
    >>> aggregate_codes(["agree", "disagree"]), aggregate_codes([]), aggregate_codes(["agree", "agree"])
    ('mixed', 'not_addressed', 'agree')

"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from analysis.config import DATA_DIR
from analysis.corpus import Corpus

STANCE_DIR = DATA_DIR / "stances"
CODES = ("agree", "disagree", "mixed")
NOT_ADDRESSED = "not_addressed"
LABELS = (*CODES, NOT_ADDRESSED)
CONFIDENCE = {"low": 0, "medium": 1, "high": 2}
SEPARATOR = " || "
CODE_COLUMNS = ["unit", "proposition", "code", "evidence", "confidence", "note"]
PASSES = ("pass_a", "pass_b")


def load_codebook() -> pd.DataFrame:
    """The propositions: id, English and Chinese label, statement, definition and the coding rules."""
    return pd.read_csv(STANCE_DIR / "codebook.csv")


def load_units() -> pd.DataFrame:
    """The coded units (every guest turn of the coded interviews): ``unit``, ``doc_id``, ``turn_id``, ``speaker``."""
    return pd.read_csv(STANCE_DIR / "units.csv")


def load_codes(name: str = "adjudicated") -> pd.DataFrame:
    """One coding, checked, with ``doc_id`` and ``turn_id``.

    ``name`` is ``pass_a``, ``pass_b``, or ``adjudicated`` (both passes reconciled by :func:`adjudicate`).

    Raises ``ValueError`` naming the file and row for an unknown unit, proposition, code or confidence,
    or a unit × proposition pair coded twice.
    """
    if name == "adjudicated":
        decisions = pd.read_csv(STANCE_DIR / "adjudication.csv", dtype=str, keep_default_na=False)
        return adjudicate(load_codes(PASSES[0]), load_codes(PASSES[1]), decisions)
    path = STANCE_DIR / f"{name}.csv"
    if name not in PASSES or not path.exists():
        raise FileNotFoundError(f"no coding {name!r} in {STANCE_DIR.name}/; valid: {', '.join(PASSES)}, adjudicated")
    codes = pd.read_csv(path, dtype=str, keep_default_na=False)
    return check_codes(codes, path.name)


def adjudicate(first: pd.DataFrame, second: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """The reconciled coding: cells both passes coded alike, merged, plus every disagreement as decided.

    A cell coded alike keeps that code, the first pass's evidence sentences followed by any the
    second adds, the lower of the two confidences and both notes. A disagreement must have a row in
    ``decisions`` (``unit, proposition, code, evidence_from, reason``; ``code`` may be
    ``not_addressed``, ``evidence_from`` names the pass, ``a`` or ``b``, whose evidence is kept);
    a missing one raises ``ValueError`` naming the cell.
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
        if key not in decided.index:
            raise ValueError(f"{key[0]} × {key[1]}: the passes disagree and adjudication.csv has no decision")
        d = decided.loc[key]
        if d.code == NOT_ADDRESSED:
            continue
        chosen = a if d.evidence_from == "a" else b
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


def kappa(a: pd.Series, b: pd.Series) -> float:
    """Cohen's κ of two codings over the four labels; NaN when both give one label only (κ undefined).

    Examples:
        >>> kappa(pd.Series(["agree", "not_addressed"]), pd.Series(["agree", "not_addressed"]))
        1.0

    """
    if (a == a.iloc[0]).all() and (b == a.iloc[0]).all():
        return float("nan")
    return float(cohen_kappa_score(a, b, labels=list(LABELS)))


def codebook_units() -> list[str]:
    """The units the codebook itself quotes (anchors, worked cases): coders saw their answers in the rules."""
    text = (STANCE_DIR / "codebook.md").read_text(encoding="utf-8") + (STANCE_DIR / "codebook.csv").read_text(encoding="utf-8")
    return [u for u in load_units().unit if re.search(rf"{re.escape(u)}(?!\d)", text)]


def reliability(first: pd.DataFrame, second: pd.DataFrame, exclude: list[str] | None = None) -> pd.DataFrame:
    """Agreement of two coding passes per proposition, and over all cells (row ``all``).

    ``exclude`` leaves units out of the grid (e.g. :func:`codebook_units`, whose codes the manual
    works through: agreement on them is partly agreement with the manual).

    Columns: ``n_units`` (grid rows), ``coded_a`` / ``coded_b`` (units each pass coded), ``coded_both``,
    ``agreement`` (share of identical cells, not_addressed included), ``agreement_coded`` (the same
    among units at least one pass coded) and ``kappa`` (Cohen's κ over the full grid).
    """
    units = load_units()
    units = units[~units.unit.isin(exclude or [])]
    grid_a, grid_b = code_grid(first, units), code_grid(second, units)
    rows = {}
    for proposition in [*grid_a.columns, "all"]:
        a = _cells(grid_a) if proposition == "all" else grid_a[proposition]
        b = _cells(grid_b) if proposition == "all" else grid_b[proposition]
        coded_a, coded_b = a != NOT_ADDRESSED, b != NOT_ADDRESSED
        either = coded_a | coded_b
        rows[proposition] = {
            "n_units": len(a), "coded_a": int(coded_a.sum()), "coded_b": int(coded_b.sum()),
            "coded_both": int((coded_a & coded_b).sum()), "agreement": float((a == b).mean()),
            "agreement_coded": float((a[either] == b[either]).mean()) if either.any() else float("nan"),
            "kappa": kappa(a, b),
        }  # fmt: skip
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("proposition")


def _cells(grid: pd.DataFrame) -> pd.Series:
    """A unit × proposition grid as one Series indexed by (unit, proposition)."""
    long = grid.melt(ignore_index=False, var_name="proposition", value_name="code").reset_index()
    return long.set_index(["unit", "proposition"]).code


def disagreements(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """The unit × proposition cells the two passes coded differently, with both codes and evidence."""
    grid_a, grid_b = _cells(code_grid(first)), _cells(code_grid(second))
    differ = grid_a[grid_a != grid_b].index
    out = pd.DataFrame(index=differ).reset_index()
    out.columns = ["unit", "proposition"]
    for name, codes in (("a", first), ("b", second)):
        keyed = codes.set_index(["unit", "proposition"])
        out[f"code_{name}"] = [grid_a[k] if name == "a" else grid_b[k] for k in differ]
        out[f"evidence_{name}"] = [keyed.evidence.get(k, "") for k in differ]
    return out


def aggregate_codes(codes: list[str]) -> str:
    """The manual's rule for one guest × proposition cell."""
    kinds = set(codes)
    if not kinds:
        return NOT_ADDRESSED
    if "mixed" in kinds or {"agree", "disagree"} <= kinds:
        return "mixed"
    return kinds.pop()


def stances(
    corpus: Corpus | None = None,
    codes: pd.DataFrame | str = "adjudicated",
    speaker: str | list[str] | None = None,
    long: bool = False,
) -> pd.DataFrame:
    """One row per guest × proposition: the coded stance and its evidence.

    Columns: ``speaker``, ``proposition``, ``label_en``, ``label_zh``, ``stance`` (agree, disagree,
    mixed, not_addressed), ``evidence`` (';'-separated ``doc_id:turn_id`` of the supporting units),
    ``supporting`` (the units per code, e.g. ``agree: d:1, d:4; mixed: d:9``), ``evidence_text``
    (the evidence sentences, ``" || "``-joined), ``n_units``, ``confidence`` (the highest among the
    unit codes), ``fragile`` (the stance changes when low-confidence unit codes are dropped) and
    ``note``, ``evidence_sentences`` (the same sentences as a list). ``corpus`` (default: the project's) only
    decides which guests are listed: every guest of the coded units, plus guests of the corpus that were
    not coded (all ``not_addressed``, ``note`` says so). ``speaker`` keeps one guest or a list, by any of
    their names (``Hinton``, ``辛顿``). ``long=True`` gives one row per evidence sentence instead
    (``speaker, proposition, label_en, stance, unit, doc_id, turn_id, code, confidence, text``) with
    its provenance (:func:`analysis.terms.search.with_provenance`: raw lines, title, url, restored).

    Examples:
        >>> table = stances()  # doctest: +SKIP
        >>> table.set_index(["speaker", "proposition"]).stance["liwei-wang", "scaling_enough"]  # doctest: +SKIP
        'disagree'

    """
    if corpus is not None and not isinstance(corpus, Corpus):
        raise TypeError(f"stances' corpus is a Corpus (analysis.load_corpus()) or None; got {type(corpus).__name__}")
    codes = load_codes(codes) if isinstance(codes, str) else codes
    if not isinstance(codes, pd.DataFrame):
        raise TypeError(f"codes is 'adjudicated', 'pass_a', 'pass_b' or a codes table; got {type(codes).__name__}")
    units = load_units()
    book = load_codebook().set_index("proposition")
    speaker_of = units.set_index("unit").speaker
    codes = codes.assign(speaker=codes.unit.map(speaker_of))
    guests = list(dict.fromkeys(units.speaker))
    uncoded: list[str] = []
    if corpus is not None:
        listed = corpus.turns.query("role == 'guest'").speaker.unique()
        uncoded = [s for s in listed if s not in guests]
    rows = []
    for guest in [*guests, *uncoded]:
        mine = codes[codes.speaker == guest]
        for proposition in book.index:
            rows.append(_cell(guest, proposition, mine[mine.proposition == proposition], guest in uncoded))
    table = pd.DataFrame(rows)
    table = table.assign(label_en=table.proposition.map(book.label_en), label_zh=table.proposition.map(book.label_zh))
    if speaker is not None:
        from analysis.corpus.people import People

        wanted = People.of(corpus).resolve_many(speaker) or []
        table = table[table.speaker.isin(wanted)].reset_index(drop=True)
    table["evidence_sentences"] = [t.split(SEPARATOR) if t else [] for t in table.evidence_text]
    return _long(table, codes, corpus) if long else table


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


def _cell(speaker: str, proposition: str, codes: pd.DataFrame, uncoded: bool) -> dict:
    """One aggregated cell of :func:`stances`."""
    stance = aggregate_codes(codes.code.tolist())
    firm = codes[codes.confidence != "low"]
    supporting = "; ".join(f"{k}: {', '.join(codes.unit[codes.code == k])}" for k in CODES if (codes.code == k).any())
    top = max(codes.confidence, key=CONFIDENCE.__getitem__) if len(codes) else None
    note = "interview not coded" if uncoded else ("; ".join(n for n in codes.note if n) if len(codes) else "")
    return {
        "speaker": speaker, "proposition": proposition, "stance": stance, "evidence": ";".join(codes.unit),
        "supporting": supporting, "evidence_text": SEPARATOR.join(codes.evidence), "n_units": len(codes),
        "confidence": top, "fragile": bool(len(codes)) and aggregate_codes(firm.code.tolist()) != stance, "note": note,
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
