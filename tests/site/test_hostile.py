"""Scraped text is untrusted: a page built from a hostile corpus shows its markup as text and runs none of it."""

from __future__ import annotations

import nbformat
import pytest
from bs4 import BeautifulSoup

from analysis.site.sanitize import sanitizer
from tests.site.conftest import CELLS, PAYLOADS, SAFE_CELLS
from tests.site.pages import live_markup, machine_paths


def _outputs(site, tag):
    nb = nbformat.read(site / "99_hostile.ipynb", as_version=4)
    cell = next(c for c in nb.cells if tag in c.metadata.get("tags", []))
    assert not any(o.output_type == "error" for o in cell.outputs), cell.outputs
    return [o.data.get("text/html") or o.data.get("text/markdown", "") for o in cell.outputs if "data" in o]


def test_hostile_markup_reaches_the_turns(hostile_site):
    """Otherwise the page tests below would prove nothing."""
    text = " ".join("".join(o) for tag in ("raw_html",) for o in _outputs(hostile_site, tag))
    assert all(payload in text for payload in PAYLOADS)


@pytest.mark.parametrize("tag", SAFE_CELLS)
def test_display_helpers_escape_corpus_text_before_any_sanitiser(hostile_site, tag):
    html = "".join(_outputs(hostile_site, tag))
    assert "alert(1)" in html  # the text is shown...
    if tag == "claims":  # Markdown output: rendered as the page will render it
        from nbconvert.filters.markdown_mistune import markdown2html_mistune

        html = markdown2html_mistune(html)
    assert live_markup(html) == []  # ...but no tag of it is live


def test_page_from_hostile_corpus_has_no_live_tag(hostile_site):
    html = (hostile_site / "99_hostile.html").read_text(encoding="utf-8")
    assert live_markup(html) == []
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    assert "<script>alert(1)</script>" in text  # escaped helpers show the markup as text
    assert not machine_paths(html)  # the temporary corpus folder printed by the notebook is scrubbed


@pytest.mark.parametrize("payload", [
    *PAYLOADS, '<a href="javascript:alert(4)">x</a>', "<iframe src=//x></iframe>", '<p style="x" onmouseover="y">p</p>',
    "<math><mi xlink:href=javascript:alert(5)>m</mi></math>", "<details open ontoggle=alert(6)>", "<object data=x>",
])  # fmt: skip
def test_sanitizer_leaves_no_live_markup(payload):
    assert live_markup(sanitizer().sanitize_html_tags(f"<table><tr><td>{payload}</td></tr></table>")) == []


def test_every_hostile_cell_ran(hostile_site):
    for tag in CELLS:
        _outputs(hostile_site, tag)
