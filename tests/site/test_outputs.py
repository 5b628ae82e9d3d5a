"""Warnings and progress output leave the page for a log; the page keeps one line about them."""

from __future__ import annotations

import nbformat
from bs4 import BeautifulSoup

from analysis.site.outputs import WIDGET, move_noise
from analysis.site.render import Entry, render_page


def _notebook(path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("import pandas as pd\npd.Series([1, None], name='n')")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="TqdmWarning: IProgress not found. Please update jupyter\n"),
        nbformat.v4.new_output("display_data", data={WIDGET: {"model_id": "x"}, "text/plain": "  0%|          | 0/3"}),
        nbformat.v4.new_output("stream", name="stdout", text="好的\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "0    1.0\n1    NaN\nName: n, dtype: float64"},
                               execution_count=1),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# 97 · Noise: 噪声\n\n## 一节 section"), cell]
    nbformat.write(nb, path)
    return path


def test_stderr_and_widgets_leave_the_notebook_and_dtype_lines_go(tmp_path):
    nb = nbformat.read(_notebook(tmp_path / "97_noise.ipynb"), as_version=4)
    removed = move_noise(nb)
    assert removed == ["cell 2: TqdmWarning: IProgress not found. Please update jupyter\n"]
    outputs = nb.cells[1].outputs
    assert [o.output_type for o in outputs] == ["stream", "execute_result"]
    assert outputs[1].data["text/plain"] == "0    1.0\n1    NaN"


def test_the_page_names_the_log_and_shows_no_warning(tmp_path):
    page = render_page(_notebook(tmp_path / "97_noise.ipynb"), tmp_path / "97_noise.html", [Entry("97_noise", "97 · Noise", "ok")])
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    text = soup.get_text(" ")
    assert "TqdmWarning" not in text and "IProgress" not in text and "dtype" not in text and "好的" in text
    note = soup.select_one("p.log-note")
    assert note is not None and note.a["href"] == "logs/97_noise.log"
    assert "TqdmWarning" in (tmp_path / "logs" / "97_noise.log").read_text(encoding="utf-8")
    assert soup.select_one("nav.toc a[href]").text == "一节 section"
