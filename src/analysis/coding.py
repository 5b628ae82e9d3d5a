"""``python -m analysis.coding``: code stances in new interviews (export sheets, validate, agreement, reliability).

Commands (each prints what it wrote; see the README's "Coding new interviews"):

* ``export RAW_DIR SHEET_DIR [--doc DOC_ID ...]``: a coding sheet for documents of any corpus folder;
* ``validate --sheet SHEET_DIR PASS ...``: every problem of filled sheets (exit 1 on an error);
* ``agree --sheet SHEET_DIR PASS PASS ...``: Cohen's κ per pair and Krippendorff's α per proposition;
* ``disagreements --sheet SHEET_DIR PASS PASS ... --out FILE``: the cells to adjudicate (fill ``code``, ``evidence_from``, ``reason``);
* ``reliability --sheet SHEET_DIR --passes A B [--raw RAW_DIR] [--into DIR]``: import the passes into a coding set
  (``src/analysis/data/stances/out_of_sample/`` by default), write its adjudication template, and
  ``reports/reliability.csv`` (in-sample and out-of-sample rows).

Examples:
    >>> parser().parse_args(["export", "data/raw", "sheets"]).command
    'export'

"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis.config import REPORTS_DIR
from analysis.corpus.build import load_corpus
from analysis.csvsafe import write_csv
from analysis.viewpoints import agreement, coding
from analysis.viewpoints import reliability as reliability_sets
from analysis.viewpoints.stance_codes import SAMPLES


def export(raw: Path, dest: Path, docs: list[str] | None) -> Path:
    """Write a coding sheet for ``docs`` (all documents when None) of the corpus folder ``raw``."""
    corpus = load_corpus(raw)
    units = coding.sheet_units(corpus.turns, corpus.sentences, docs or None)
    folder = coding.write_sheet(units, dest)
    print(f"{units.unit.nunique()} units of {units.doc_id.nunique()} document(s) -> {folder}")
    return folder


def validate(sheet: Path, passes: list[Path]) -> int:
    """Print the problems of each filled sheet; return 1 if any has an error."""
    units = coding.read_units(sheet)
    status = 0
    for path in passes:
        codes = coding.read_codes(path)
        problems = coding.validate(codes, units)
        errors = int((problems.severity == "error").sum())
        print(f"{path}: {len(codes)} coded cells, {errors} error(s), {len(problems) - errors} warning(s)")
        for p in problems.itertuples():
            print(f"  {p.severity} row {p.row} {p.unit} × {p.proposition}: {p.problem}")
        status = status or int(errors > 0)
    return status


def _passes(sheet: Path, paths: list[Path]) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The sheet's units and each filled sheet's valid rows, named by its folder (or file stem)."""
    units = coding.read_units(sheet)
    passes = {}
    for path in paths:
        codes = coding.read_codes(path)
        errors = coding.validate(codes, units).query("severity == 'error'")
        if len(errors):
            print(f"{path}: {len(errors)} row(s) with errors left out (run validate)", file=sys.stderr)
        good = codes[~codes.row.isin(errors.row)]
        passes[path.name if path.is_dir() else path.stem] = good.assign(
            evidence=good.evidence.map(coding.clean_evidence)
        )
    return units.drop_duplicates("unit"), passes


def agree(sheet: Path, paths: list[Path], n_boot: int) -> pd.DataFrame:
    """Print and return κ and α per proposition for filled sheets of one sheet."""
    units, passes = _passes(sheet, paths)
    table = agreement.reliability_table(passes, units, "sheet", n_boot=n_boot)
    print(table.drop(columns=["sample", "coders"]).round(3).to_string(index=False))
    return table


def reliability(sheet: Path, paths: list[Path], into: Path, raw: Path | None, n_boot: int) -> pd.DataFrame:
    """Import two passes as the coding set ``into``, then write ``reports/reliability.csv`` (every set present)."""
    sentences = load_corpus(raw).sentences if raw else None
    counts = reliability_sets.import_passes(sheet, paths, into, sentences)
    print(f"imported into {into}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    report = reliability_sets.reliability_report(
        n_boot=n_boot, samples={"in_sample": SAMPLES["in_sample"], "out_of_sample": into}
    )
    write_csv(REPORTS_DIR / "reliability.csv", report)
    print(report.drop(columns=["coders", "codebook"]).round(3).to_string(index=False))
    print(
        f"-> {REPORTS_DIR / 'reliability.csv'}; adjudicate {into / 'disagreements.csv'} into {into / 'adjudication.csv'}"
    )
    return report


def parser() -> argparse.ArgumentParser:
    """The command line."""
    top = argparse.ArgumentParser(prog="python -m analysis.coding", description=__doc__.split("\n\n")[0])
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("export", help="write a coding sheet")
    p.add_argument("raw", type=Path)
    p.add_argument("dest", type=Path)
    p.add_argument("--doc", action="append", default=[])
    p = sub.add_parser("validate", help="check filled sheets")
    p.add_argument("--sheet", type=Path, required=True)
    p.add_argument("passes", type=Path, nargs="+")
    for name, text in (("agree", "κ and α of filled sheets"), ("disagreements", "the cells to adjudicate")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--sheet", type=Path, required=True)
        p.add_argument("passes", type=Path, nargs="+")
        p.add_argument("--n-boot", type=int, default=1000)
        p.add_argument("--out", type=Path, default=Path("disagreements.csv"))
    p = sub.add_parser("reliability", help="import two passes as a coding set and write reports/reliability.csv")
    p.add_argument("--sheet", type=Path, required=True)
    p.add_argument("--passes", type=Path, nargs=2, required=True)
    p.add_argument("--into", type=Path, default=SAMPLES["out_of_sample"])
    p.add_argument("--raw", type=Path, help="the sheet's corpus folder: adds the reported-speech warnings")
    p.add_argument("--n-boot", type=int, default=1000)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the exit status."""
    args = parser().parse_args(argv)
    if args.command == "export":
        export(args.raw, args.dest, args.doc)
    elif args.command == "validate":
        return validate(args.sheet, args.passes)
    elif args.command == "agree":
        agree(args.sheet, args.passes, args.n_boot)
    elif args.command == "disagreements":
        units, passes = _passes(args.sheet, args.passes)
        table = agreement.disagreement_list(passes, units)
        write_csv(args.out, table)
        print(f"{len(table)} cells to adjudicate -> {args.out}")
    else:
        reliability(args.sheet, args.passes, args.into, args.raw, args.n_boot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
