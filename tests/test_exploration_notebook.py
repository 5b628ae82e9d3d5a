"""Notebook 05 answers its three questions with the public API only, each answer with raw lines (issue 25)."""

from __future__ import annotations

import ast
import json

import nbformat
import pytest

import analysis
from analysis import report, runner
from analysis.config import PROJECT_ROOT
from analysis.terms.table import KEYNESS_PATH

NOTEBOOK = PROJECT_ROOT / "notebooks" / "06_exploration.ipynb"


def _code() -> list[str]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_it_imports_only_the_package_and_calls_only_public_names():
    trees = [ast.parse(c) for c in _code()]
    imported = {a.name for t in trees for n in ast.walk(t) if isinstance(n, ast.Import | ast.ImportFrom)
                for a in getattr(n, "names", [])}  # fmt: skip
    assert imported == {"analysis"}
    called = {n.attr for t in trees for n in ast.walk(t)
              if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "analysis"}  # fmt: skip
    assert called and called <= set(analysis.__all__)


def test_report_runs_it_in_order_after_the_notebook_that_writes_its_table():
    names = [p.name for p in report.notebooks()]
    assert names.index("06_exploration.ipynb") > names.index("02_term_frequency.ipynb")


def test_executed_every_answer_shows_its_raw_lines(tmp_path):
    if not KEYNESS_PATH.exists():
        pytest.skip("data/processed/keyness.parquet is missing: run `make report` first (notebook 02 writes it)")
    executed = nbformat.read(runner.execute(NOTEBOOK, tmp_path), as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    tables = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {}) and "<table" in o["data"]["text/html"]]
    with_lines = [t for t in tables if "raw_lines" in t and "line_start" in t]
    assert len(with_lines) >= 3  # question 1, the word of question 2 in his sentences, question 3's evidence
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "geoffrey-hinton" in printed and "何恺明" in printed and "Scaling" in printed
