"""The report build executes a notebook end to end and links every page from index.html."""

from __future__ import annotations

import re

import pytest

from analysis import report
from analysis.config import REPORTS_DIR


def _links(index):
    return re.findall(r'href="([^"]+)"', index.read_text(encoding="utf-8"))


def test_overview_notebook_runs_and_is_linked(tmp_path):
    notebook = report.notebooks()[0]
    page = report.to_html(report.execute(notebook, tmp_path))
    index = report.write_index([(notebook, page)], tmp_path)
    assert _links(index) == [page.name]
    html = page.read_text(encoding="utf-8")
    assert "Corpus overview" in html
    assert not re.search(r'<script[^>]*src="https?://', html)  # opens offline
    assert "data:image/png;base64" in html


def test_index_lists_every_rendered_page_not_only_the_last_run(tmp_path):
    first, second = report.notebooks()[:2]
    (tmp_path / f"{second.stem}.html").write_text("<html></html>")
    assert report.rendered_pages(tmp_path) == [(second, tmp_path / f"{second.stem}.html")]
    (tmp_path / f"{first.stem}.html").write_text("<html></html>")
    assert [nb for nb, _ in report.rendered_pages(tmp_path)] == [first, second]


def test_rendered_index_links_existing_reports():
    index = REPORTS_DIR / "index.html"
    if not index.exists() or index.stat().st_mtime < max(nb.stat().st_mtime for nb in report.notebooks()):
        pytest.skip("no current reports/index.html: run `make report` first")
    links = _links(index)
    assert len(links) == len(report.notebooks())
    assert all((REPORTS_DIR / link).exists() for link in links)
