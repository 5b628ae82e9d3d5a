"""Coding sheets: export the units of any interview for coders, read their filled sheets back and validate them.

A *unit* is one guest answer (``doc_id:turn_id``, with at least one sentence) with the question before it (the latest block of
host or audience turns). :func:`sheet_units` lays the units out one sentence per row, so a coder's
evidence can be checked character for character; :func:`write_sheet` writes a sheet folder
(``units.csv``/``units.md`` to read, ``codes.csv`` to fill, the manual, ``INSTRUCTIONS.md``);
:func:`read_codes` reads a filled sheet (the pre-filled grid or the sparse v1 format) and
:func:`validate` lists what is wrong with it: a code, proposition or confidence the codebook does
not allow, evidence that is not a whole sentence of the unit's answer, a sentence of the host's
question, a unit coded twice. With the corpus it also gives the reported-speech detector's holder
of each evidence sentence (a warning: an endorsed view is the guest's own, manual section 6).

Examples:
    >>> turns = pd.DataFrame({"doc_id": ["d"] * 3, "turn_id": [0, 1, 2], "speaker": ["h", "g", "g"],
    ...                       "role": ["host", "guest", "guest"]})
    >>> sentences = pd.DataFrame({"doc_id": ["d"] * 4, "turn_id": [0, 1, 1, 2], "sent_id": [0, 0, 1, 0],
    ...                           "text": ["问?", "答一。", "答二。", "再答。"]})
    >>> units = sheet_units(turns, sentences)
    >>> units[units.unit == "d:2"][["part", "text"]].values.tolist()
    [['question', '问?'], ['answer', '再答。']]

"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.cache import atomic_write_text
from analysis.csvsafe import read_csv, restore, write_csv
from analysis.viewpoints.stance_codes import CODES, CONFIDENCE, NOT_ADDRESSED, SEPARATOR, STANCE_DIR, load_codebook

UNIT_COLUMNS = ["unit", "doc_id", "turn_id", "speaker", "part", "n", "text"]
SHEET_COLUMNS = ["unit", "speaker", "proposition", "code", "evidence", "confidence", "note"]
ASKING_ROLES = ("host", "audience")
INSTRUCTIONS = """# Coding sheet: instructions (one page)

You code the guests' stances on {n_props} propositions in {n_units} answers ({docs}).

1. Read `codebook.md` (the manual, version 2) and `codebook.csv` (the propositions and their rules) in full.
2. Read the units in `units.md` (or `units.csv`): each unit is one guest answer, id `doc_id:turn_id`, with the
   question before it (PROMPT, never evidence) and the answer split into numbered sentences.
3. Fill `codes.csv` (UTF-8 with BOM; Excel opens it): one row per unit x proposition is already there.
   - `code`: `agree`, `disagree` or `mixed`; leave empty for not addressed (the default).
   - `evidence`: whole sentences of that unit's ANSWER copied exactly (not the question), joined by ` || `.
   - `confidence`: `high`, `medium` or `low`; `note`: why, required for low, mixed or a numbered rule.
   Do not add, delete or edit `unit`, `speaker` or `proposition`.
4. Work alone: do not look at another coder's sheet. Save your filled `codes.csv` in your own folder.
5. Check it: `python -m analysis.coding validate --sheet SHEET_DIR YOUR_FOLDER` lists every row to fix.

A cell starting with `'` in `units.csv` was protected from being read as a spreadsheet formula; the
apostrophe is not part of the sentence.
"""


def sheet_units(turns: pd.DataFrame, sentences: pd.DataFrame, doc_ids: list[str] | None = None) -> pd.DataFrame:
    """One row per sentence of every guest answer and of the question before it (columns ``UNIT_COLUMNS``)."""
    rows = []
    docs = list(dict.fromkeys(turns.doc_id)) if doc_ids is None else doc_ids
    missing = sorted(set(docs) - set(turns.doc_id))
    if missing:
        raise ValueError(
            f"no document {', '.join(missing)} in the corpus; documents: {', '.join(sorted(set(turns.doc_id)))}"
        )
    by_turn = {k: g.sort_values("sent_id").text.tolist() for k, g in sentences.groupby(["doc_id", "turn_id"])}
    for doc in docs:
        question: list[str] = []
        asked = False
        for t in turns[turns.doc_id == doc].sort_values("turn_id").itertuples():
            said = by_turn.get((doc, t.turn_id), [])
            if t.role in ASKING_ROLES:
                question = [*question, *said] if asked else said
                asked = True
            elif t.role == "guest" and said:
                asked = False
                unit = f"{doc}:{t.turn_id}"
                for part, texts in (("question", question), ("answer", said)):
                    rows += [(unit, doc, t.turn_id, t.speaker, part, i, s) for i, s in enumerate(texts)]
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def units_markdown(units: pd.DataFrame) -> str:
    """The units as the manual's ``units.md``: one ``## unit`` block each, PROMPT and numbered sentences."""
    out = []
    for unit, rows in units.groupby("unit", sort=False):
        out.append(f"## unit {unit}\n\nspeaker: {rows.speaker.iloc[0]}\n")
        question = rows[rows.part == "question"].text
        out.append("PROMPT: " + (" ".join(question) if len(question) else "(none)") + "\n")
        out += [f"[{r.n}] {r.text}" for r in rows[rows.part == "answer"].itertuples()]
        out.append("")
    return "\n".join(out)


def blank_sheet(units: pd.DataFrame, propositions: list[str]) -> pd.DataFrame:
    """The ``codes.csv`` to fill: every unit × proposition, code/evidence/confidence/note empty."""
    first = units.drop_duplicates("unit")[["unit", "speaker"]]
    grid = first.merge(pd.DataFrame({"proposition": propositions}), how="cross")
    return grid.assign(code="", evidence="", confidence="", note="")[SHEET_COLUMNS]


def write_sheet(units: pd.DataFrame, dest: Path, codebook_dir: Path = STANCE_DIR) -> Path:
    """Write a coding sheet folder for ``units``; return it.

    Files: ``units.csv`` (UTF-8 with BOM), ``units.md``, ``codes.csv`` (UTF-8 with BOM, to fill),
    ``codebook.md`` and ``codebook.csv`` copied from ``codebook_dir``, ``INSTRUCTIONS.md``.
    """
    dest = Path(dest)
    propositions = pd.read_csv(codebook_dir / "codebook.csv").proposition.tolist()
    write_csv(dest / "units.csv", units)
    atomic_write_text(dest / "units.md", units_markdown(units))
    write_csv(dest / "codes.csv", blank_sheet(units, propositions))
    for name in ("codebook.md", "codebook.csv"):
        atomic_write_text(dest / name, (codebook_dir / name).read_text(encoding="utf-8"))
    docs = ", ".join(dict.fromkeys(units.doc_id))
    atomic_write_text(dest / "INSTRUCTIONS.md", INSTRUCTIONS.format(
        n_props=len(propositions), n_units=units.unit.nunique(), docs=docs))  # fmt: skip
    return dest


def read_units(sheet: Path) -> pd.DataFrame:
    """The units of a sheet folder (``units.csv``), spreadsheet protection removed."""
    units = read_csv(Path(sheet) / "units.csv", dtype=str, keep_default_na=False)
    return units.assign(turn_id=units.turn_id.astype(int), n=units.n.astype(int))


def _unsafe(text: str) -> str:
    """A sentence as written, without the ``'`` a spreadsheet-safe sheet put before it."""
    return str(restore(text))


def read_codes(path: Path) -> pd.DataFrame:
    """A filled sheet (a ``codes.csv`` or a folder holding one): the coded rows only, stripped.

    Accepts the pre-filled grid (``SHEET_COLUMNS``) and the sparse v1 format; rows whose code is
    empty or ``not_addressed`` are dropped. ``row`` keeps the file's line number for messages.
    """
    path = Path(path)
    path = path / "codes.csv" if path.is_dir() else path
    codes = read_csv(path, dtype=str, keep_default_na=False)
    missing = {"unit", "proposition", "code", "evidence", "confidence"} - set(codes.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}; expected {SHEET_COLUMNS}")
    codes = codes.assign(row=codes.index + 2, note=codes.get("note", ""))
    codes = codes.map(lambda v: v.strip() if isinstance(v, str) else v)
    codes = codes.assign(code=codes.code.str.lower(), confidence=codes.confidence.str.lower())
    kept = codes[~codes.code.isin(["", NOT_ADDRESSED])]
    return kept[["row", "unit", "proposition", "code", "evidence", "confidence", "note"]].reset_index(drop=True)


def validate(codes: pd.DataFrame, units: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every problem of a filled sheet, one row each: ``row, unit, proposition, severity, problem``.

    ``severity`` is ``error`` (the row cannot be used) or ``warning`` (check it: the detector's
    ``holder`` of an evidence sentence is not the guest). ``sentences`` (the corpus table with
    ``holder``) is optional.

    Examples:
        >>> units = pd.DataFrame({"unit": ["d:1"] * 2, "speaker": ["g"] * 2, "part": ["question", "answer"],
        ...                       "text": ["问?", "我同意。"]})
        >>> codes = pd.DataFrame({"row": [2], "unit": ["d:1"], "proposition": ["scaling_enough"],
        ...                       "code": ["agree"], "evidence": ["问?"], "confidence": ["high"]})
        >>> validate(codes, units).problem.tolist()
        ['evidence 1 is a sentence of the question (the host), not of the answer']

    """
    propositions = set(load_codebook().proposition)
    answers = units[units.part == "answer"].groupby("unit").text.agg(list).to_dict()
    questions = units[units.part == "question"].groupby("unit").text.agg(list).to_dict()
    speaker = units.drop_duplicates("unit").set_index("unit").speaker
    holders = {} if sentences is None else _holders(sentences)
    problems = []
    for c in codes.itertuples():

        def flag(problem: str, severity: str = "error", c=c) -> None:
            problems.append((c.row, c.unit, c.proposition, severity, problem))

        if c.unit not in answers:
            flag("unknown unit (not in the sheet's units.csv)")
            continue
        if c.proposition not in propositions:
            flag(f"unknown proposition; valid: {', '.join(sorted(propositions))}")
        if c.code not in CODES:
            flag(f"code {c.code!r}; use {', '.join(CODES)} or leave it empty (not addressed)")
        if c.confidence not in CONFIDENCE:
            flag(f"confidence {c.confidence!r}; use high, medium or low")
        if not c.evidence:
            flag("no evidence sentence")
        for i, segment in enumerate(filter(None, c.evidence.split(SEPARATOR.strip())), start=1):
            segment = _unsafe(segment.strip())
            if segment in answers[c.unit]:
                holder = holders.get((c.unit, segment))
                if holder is not None and holder != speaker[c.unit]:
                    flag(f"evidence {i}: the reported-speech detector reads it as {holder}'s view, not the guest's "
                         "(fine only if he endorses it, manual section 6)", "warning")  # fmt: skip
            elif segment in questions.get(c.unit, []):
                flag(f"evidence {i} is a sentence of the question (the host), not of the answer")
            elif any(segment in s for s in answers[c.unit]):
                flag(f"evidence {i} is part of a sentence; copy the whole sentence")
            else:
                flag(f"evidence {i} is not a sentence of the answer (copy it character for character)")
    twice = codes[codes.duplicated(["unit", "proposition"], keep="first")]
    problems += [(c.row, c.unit, c.proposition, "error", "unit × proposition coded twice") for c in twice.itertuples()]
    return pd.DataFrame(problems, columns=["row", "unit", "proposition", "severity", "problem"])


def _holders(sentences: pd.DataFrame) -> dict[tuple[str, str], str]:
    """``(unit, sentence text) -> holder`` from the corpus sentences table."""
    units = sentences.doc_id + ":" + sentences.turn_id.astype(str)
    return dict(zip(zip(units, sentences.text, strict=True), sentences.holder, strict=True))


def clean_evidence(evidence: str) -> str:
    """Evidence with its segments stripped and joined by the canonical separator."""
    return SEPARATOR.join(_unsafe(s.strip()) for s in evidence.split(SEPARATOR.strip()) if s.strip())
