"""Every CSV the project writes: no cell a spreadsheet runs as a formula, UTF-8 with BOM, one writer."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from analysis.config import PROJECT_ROOT
from analysis.csvsafe import FORMULA_START, write_csv


@pytest.mark.parametrize("start", FORMULA_START)
def test_text_cells_that_start_a_formula_are_quoted(tmp_path, start):
    frame = pd.DataFrame({"doc_id": [f"{start}HYPERLINK(\"https://evil.example\",\"x\")", "何恺明"], "n": [-3, 4]})
    path = write_csv(tmp_path / "t.csv", frame)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][0] == "'" + frame.doc_id[0] and rows[2] == ["何恺明", "4"]
    assert rows[1][1] == "-3"  # a number stays a number
    assert not any(cell.startswith(FORMULA_START) for row in rows for cell in row if not re.fullmatch(r"-?\d+", cell))


def test_column_names_and_missing_values_are_safe_and_read_back(tmp_path):
    frame = pd.DataFrame({"=cmd": ["@SUM(1)", None], "ok": [1.5, float("nan")]})
    back = pd.read_csv(write_csv(tmp_path / "t.csv", frame))
    assert list(back.columns) == ["'=cmd", "ok"]
    assert back.iloc[0, 0] == "'@SUM(1)" and back.iloc[1].isna().all()


def test_the_project_writes_csv_only_through_the_one_writer():
    sources = [*PROJECT_ROOT.joinpath("src").rglob("*.py"), *PROJECT_ROOT.joinpath("notebooks").glob("*.ipynb")]
    users = [p.name for p in sources if ".to_csv(" in p.read_text(encoding="utf-8") and p.name != "csvsafe.py"]
    assert users == [], "write CSV files with analysis.csvsafe.write_csv"
