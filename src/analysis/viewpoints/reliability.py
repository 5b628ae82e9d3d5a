"""Coding sets and their reliability: import filled sheets as a set, and the table behind ``reports/reliability.csv``.

:func:`import_passes` validates two coders' filled sheets against the sheet's units and writes a
coding set folder (the layout :mod:`analysis.viewpoints.stance_codes` reads: ``units.csv``,
``pass_a.csv``, ``pass_b.csv``, ``disagreements.csv`` to adjudicate into ``adjudication.csv``,
``rejected.csv``, ``coders.md``). :func:`reliability_report` gives κ and α per proposition for every
coding set present, in-sample (the five interviews the codebook was written from, coded with v1)
and out-of-sample (interviews the codebook never quoted, coded with the frozen v2).

Examples:
    >>> sorted(CODEBOOK_VERSION)
    ['in_sample', 'out_of_sample']

"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.cache import atomic_write_text
from analysis.csvsafe import read_csv, write_csv
from analysis.viewpoints import coding
from analysis.viewpoints.agreement import disagreement_list, reliability_table
from analysis.viewpoints.stance_codes import CODE_COLUMNS, PASSES, SAMPLES

CODEBOOK_VERSION = {"in_sample": "v1 (the manual quotes 40 of these 131 answers)", "out_of_sample": "v2, frozen"}
CODERS = """# Coders of this set

- `pass_a.csv` from the coder folder `{a}`, `pass_b.csv` from `{b}` (folder names only: no machine path is stored); imported {date} with `python -m analysis.coding reliability`.
- The coders are **language-model agents**, each given the coding sheet (the frozen codebook v2, which quotes
  none of these interviews, the units and a one-page instruction) and not each other's codes. Their agreement
  shows how consistently such a coder applies the manual to new material; it is not human inter-rater reliability.
  The agents are likely instances of the same model: their memos name the same hard cases and decide them alike,
  so treat their agreement as an upper bound on what independent coders would reach.
- Each coder's own notes (rules found ambiguous, hardest units) are in `pass_a_memo.md` / `pass_b_memo.md` when given.
- Rows a coder wrote that failed validation are listed in `rejected.csv` and count as not addressed: {rejected}.
"""


def import_passes(sheet: Path, passes: list[Path], into: Path, sentences: pd.DataFrame | None = None) -> dict[str, int]:
    """Validate two filled sheets and write them with the sheet's units as the coding set ``into``.

    Rows with an error are dropped and written to ``rejected.csv`` (with the problem); the rest are
    written as ``pass_a.csv`` / ``pass_b.csv``. ``disagreements.csv`` lists the cells to adjudicate,
    with any decision already in ``adjudication.csv`` filled in. Returns rows kept and rejected per pass.
    """
    if len(passes) != len(PASSES):
        raise ValueError(f"give {len(PASSES)} passes (one per coder), not {len(passes)}")
    units = coding.read_units(sheet)
    into = Path(into)
    kept, rejected, counts = {}, [], {}
    for name, path in zip(PASSES, passes, strict=True):
        codes = coding.read_codes(path)
        problems = coding.validate(codes, units, sentences)
        errors = problems[problems.severity == "error"]
        bad = codes.row.isin(errors.row)
        rejected.append(errors.assign(coder=name, source=Path(path).name))
        good = codes[~bad].drop(columns="row")
        kept[name] = good.assign(evidence=good.evidence.map(coding.clean_evidence))[CODE_COLUMNS]
        counts[f"{name}_kept"], counts[f"{name}_rejected"] = int((~bad).sum()), int(bad.sum())
    write_csv(into / "units.csv", units)
    for name, codes in kept.items():
        write_csv(into / f"{name}.csv", codes)
    write_csv(into / "rejected.csv", pd.concat(rejected))
    for name, path in zip(PASSES, passes, strict=True):
        memo = Path(path) / "memo.md"
        if memo.is_file():
            atomic_write_text(into / f"{name}_memo.md", memo.read_text(encoding="utf-8"))
    differ = disagreement_list(kept, units.drop_duplicates("unit"))
    decided = into / "adjudication.csv"
    if decided.exists():
        old = read_csv(decided, dtype=str, keep_default_na=False).set_index(["unit", "proposition"])
        for column in ("code", "evidence_from", "reason"):
            differ[column] = [old[column].get(k, "") for k in zip(differ.unit, differ.proposition, strict=True)]
    write_csv(into / "disagreements.csv", differ)
    summary = ", ".join(f"{k} {v}" for k, v in counts.items() if k.endswith("rejected"))
    atomic_write_text(into / "coders.md", CODERS.format(a=Path(passes[0]).name, b=Path(passes[1]).name, rejected=summary,
                                                        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")))  # fmt: skip
    return counts | {"disagreements": len(differ)}


def reliability_report(n_boot: int = 1000, seed: int = 42, samples: dict[str, Path] | None = None) -> pd.DataFrame:
    """κ and α per proposition (and ``all``) for every coding set present, with ``codebook`` and bootstrap intervals.

    ``samples`` maps ``in_sample`` / ``out_of_sample`` to coding set folders (default: the project's).
    """
    tables = []
    for sample, folder in (samples or SAMPLES).items():
        if not all((folder / f"{p}.csv").exists() for p in (*PASSES, "units")):
            continue
        units = read_csv(folder / "units.csv", dtype=str, keep_default_na=False).drop_duplicates("unit")
        passes = {p: read_csv(folder / f"{p}.csv", dtype=str, keep_default_na=False) for p in PASSES}
        table = reliability_table(passes, units, sample, n_boot=n_boot, seed=seed)
        tables.append(table.assign(codebook=CODEBOOK_VERSION[sample]))
    return pd.concat(tables, ignore_index=True)


def citable(report: pd.DataFrame, min_alpha: float = 0.667, min_coded: int = 5) -> pd.DataFrame:
    """Out-of-sample rows with ``citable`` (α ≥ ``min_alpha`` and ≥ ``min_coded`` coded units) and ``why_not``.

    Krippendorff's threshold for tentative conclusions is α ≥ 0.667.

    Examples:
        >>> r = pd.DataFrame({"proposition": ["p", "q"], "sample": "out_of_sample", "alpha": [0.7, 0.9], "n_coded": [6, 3]})
        >>> citable(r).why_not.tolist()
        ['', '3 coded answers, fewer than 5']

    """
    out = report[(report["sample"] == "out_of_sample") & (report.proposition != "all")].copy()
    low = out.alpha.isna() | (out.alpha < min_alpha)
    few = out.n_coded < min_coded
    out["citable"] = ~low & ~few
    out["why_not"] = [
        f"{n} coded answer{'s' if n != 1 else ''}, fewer than {min_coded}"
        if f
        else ("α undefined" if pd.isna(a) else f"α {a:.2f} < {min_alpha}")
        if lo
        else ""
        for n, f, a, lo in zip(out.n_coded, few, out.alpha, low, strict=True)
    ]
    return out.reset_index(drop=True)


def reliability_summary(report: pd.DataFrame, min_alpha: float = 0.667, min_coded: int = 5) -> str:
    """What the reliability table says, in a few sentences: in-sample, out-of-sample, which propositions may be cited."""
    by = {s: g.set_index("proposition") for s, g in report.groupby("sample")}
    text = []
    if "in_sample" in by:
        a = by["in_sample"].loc["all"]
        text.append(f"In-sample (the five study interviews, coded with codebook v1, which quotes 40 of their 131 answers): "
                    f"α {a.alpha:.2f} [{a.ci_low:.2f}, {a.ci_high:.2f}] over {int(a.n_coded)} coded cells; an upper bound "
                    f"({a.same_evidence:.0%} of the cells both coded alike cite character-identical evidence).")  # fmt: skip
    if "out_of_sample" not in by:
        return " ".join([*text, "No out-of-sample coding yet, so no proposition's reliability is established and the index"
                         " cites no coded stance."])  # fmt: skip
    a = by["out_of_sample"].loc["all"]
    ok = citable(report, min_alpha, min_coded)
    text.append(f"Out-of-sample ({int(a.n_units)} answers of interviews the codebook never quoted, frozen v2; both coders are "
                f"language-model agents given the manual, likely the same model, not humans, so this too is an upper bound): α {a.alpha:.2f} [{a.ci_low:.2f}, {a.ci_high:.2f}] over "
                f"{int(a.n_coded)} coded cells ({a.same_evidence:.0%} of those coded alike with identical evidence). Citable (α ≥ {min_alpha}, ≥ {min_coded} coded answers): "
                + (", ".join(ok.proposition[ok.citable]) or "none") + "; not: "
                + ("; ".join(f"{r.proposition} ({r.why_not})" for r in ok[~ok.citable].itertuples()) or "none") + ".")  # fmt: skip
    return " ".join(text)


def alpha_labels(report: pd.DataFrame) -> dict[str, str]:
    """Per proposition measured out of sample: ``out-of-sample α 0.81 [0.62, 0.95], n = 12`` (n = coded answers).

    Examples:
        >>> r = pd.DataFrame({"proposition": ["p"], "sample": ["out_of_sample"], "alpha": [0.8], "ci_low": [0.6],
        ...                   "ci_high": [0.9], "n_coded": [7]})
        >>> alpha_labels(r)
        {'p': 'out-of-sample α 0.80 [0.60, 0.90], n = 7'}

    """
    rows = report[report["sample"] == "out_of_sample"]
    return {r.proposition: (f"out-of-sample α {r.alpha:.2f} [{r.ci_low:.2f}, {r.ci_high:.2f}], n = {int(r.n_coded)}"
                            if pd.notna(r.alpha) else f"out-of-sample α undefined, n = {int(r.n_coded)}")
            for r in rows.itertuples() if r.proposition != "all"}  # fmt: skip
