"""Fixtures of the page tests: a site built from a hostile corpus, the pages to open, a browser."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from analysis import report, runner
from analysis.config import REPORTS_DIR
from analysis.site.render import Entry
from tests.conftest import write_corpus
from tests.site.browser import Browser, find_chromium

#: Markup a scraped page could carry inside a spoken turn.
PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<svg onload=alert(3)>")

HOSTILE_ARTICLE = "\n".join([
    "问答实录", "",
    "Q:您怎么看数据?", "",
    f"何恺明:数据最重要{PAYLOADS[0]},因为模型需要大量的数据来学习和泛化。", "",
    "Q:还有呢?", "",
    f"何恺明:数据的质量也很重要{PAYLOADS[1]},我们要认真清洗数据{PAYLOADS[2]}。", "",
])  # fmt: skip

#: Cells of the hostile notebook: the display helpers the notebooks use, then raw HTML and Markdown
#: (the sanitiser must catch what no helper escaped).
CELLS = {
    "kwic": "style_kwic(kwic('数据', corpus=corpus))",
    "quotes": "q = corpus.turns.query(\"speaker == 'kaiming-he'\")\nsafe_style(side_by_side({'kaiming-he': q}))",
    "quote_panel": "style_quotes({'kaiming-he': q}, corpus.turns, corpus.documents, k=2)",
    "claims": "safe_markdown('\\n'.join(f'- **{r.speaker}** 「{r.text}」 `[{r.doc_id}:{r.turn_id}]`' for r in q.itertuples()))",
    "raw_html": "HTML(' '.join(q.text))",
    "raw_markdown": "Markdown(' '.join(q.text))",
    "raw_styler": "q[['text']].style",
}
SAFE_CELLS = ("kwic", "quotes", "quote_panel", "claims")


def _hostile_notebook(path: Path, raw: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    setup = ("from IPython.display import HTML, Markdown\nimport analysis\n"
             "from analysis.plots.tables import safe_markdown, safe_style, style_kwic, style_quotes\n"
             "from analysis.terms.concordance import kwic\nfrom analysis.viewpoints.quotations import side_by_side\n"
             f"corpus = analysis.load_corpus({str(raw)!r})\nprint('corpus from', {str(raw)!r})")  # fmt: skip
    nb.cells = [nbformat.v4.new_markdown_cell("# 99 · Hostile: 不可信文本 untrusted text"), nbformat.v4.new_code_cell(setup)]
    nb.cells += [nbformat.v4.new_code_cell(src, metadata={"tags": [name]}) for name, src in CELLS.items()]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A rendered page built from a corpus whose spoken turns carry script, img and svg markup."""
    root = tmp_path_factory.mktemp("hostile")
    raw = write_corpus(root / "raw", {"hostile.txt": HOSTILE_ARTICLE})
    notebook = _hostile_notebook(root / "99_hostile.ipynb", raw)
    out = root / "site"
    out.mkdir()
    executed = runner.execute(notebook, out)
    report.to_html(executed, [Entry("99_hostile", "99 · Hostile", "ok")])
    return out


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium (installed with apt-get when missing and possible); skips with the reason otherwise."""
    path, why = find_chromium()
    if path is None:
        pytest.skip(why)
    return path


@pytest.fixture(scope="session")
def browser(chromium):
    browser = Browser(chromium)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def site_pages(tmp_path_factory, hostile_site) -> list[Path]:
    """Every page of ``reports/`` when the site was built, else a site built from notebook 01; plus the hostile page."""
    pages = sorted(REPORTS_DIR.glob("*.html"))
    if not (REPORTS_DIR / "index.html").exists():
        out = tmp_path_factory.mktemp("site")
        notebook = report.notebooks()[0]
        report.to_html(runner.execute(notebook, out))
        report.write_index(report.entries(out), out)
        pages = sorted(out.glob("*.html"))
    return [*pages, hostile_site / "99_hostile.html"]
