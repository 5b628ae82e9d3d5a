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

from analysis.corpus.build import load_corpus
from analysis.viewpoints import coding


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
    return top


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the exit status."""
    args = parser().parse_args(argv)
    if args.command == "export":
        export(args.raw, args.dest, args.doc)
        return 0
    return validate(args.sheet, args.passes)


if __name__ == "__main__":
    sys.exit(main())
