"""A hostile sources.csv (formula cells, `$` in ids, a Markdown link, `#` and `?` in a file name) builds a safe site.

The notebook below runs what notebooks 01 and 04 run on such a corpus (figures with the ids as
labels, the CSV behind each, the dating reading with the interviewee, a quote panel linking the
raw article), in a kernel whose figures go to a temporary folder. The site built from it must have
nothing live, every link inside the folder, and no formula in any CSV. (A malformed row is the
other half: ``tests/test_report.py`` shows it fails with one message.)
"""

from __future__ import annotations

import csv
import re

import nbformat
import pytest
from bs4 import BeautifulSoup

from analysis import report, runner
from analysis.cache import atomic_write_text
from analysis.csvsafe import FORMULA_START
from analysis.site import bundle, layout, raw
from analysis.site.assemble import assemble
from analysis.site.index import index_html
from analysis.site.render import Entry
from tests.conftest import QA_ARTICLE, write_corpus
from tests.site.pages import broken_links, live_markup

ROWS = [
    {"source_file": "访谈 #1?.md", "doc_id": '=HYPERLINK("https://evil.example","x")', "title": "+cmd|' /C calc'!A0",
     "outlet": "@outlet", "published": "", "url": "https://evil.example", "interviewee": "[x](https://evil.example)",
     "interviewer": "Q"},
    {"source_file": "b.txt", "doc_id": "altman-$7{-$plan", "title": "$5-vs-$10", "outlet": "o", "published": "",
     "url": "", "interviewee": "何恺明", "interviewer": "-Q"},
]  # fmt: skip


def _notebook(path, raw_dir, figures, out):
    setup = (f"import warnings\nfrom pathlib import Path\nimport analysis\nimport analysis.plots.style as style\n"
             f"from analysis.csvsafe import write_csv\nfrom analysis.corpus import overview\n"
             f"from analysis.plots.corpus import plot_line_accounting, plot_speaker_volume\n"
             f"from analysis.plots.tables import safe_markdown, style_quotes\nfrom analysis.viewpoints import claims\n"
             f"style.FIGURES_DIR = Path({str(figures)!r})\ncorpus = analysis.load_corpus({str(raw_dir)!r})")  # fmt: skip
    cells = [
        "acc = overview.line_accounting(corpus.lines)\n"
        "style.save_figure(plot_line_accounting(acc), '01_line_accounting', acc.reset_index())",
        "volume = overview.speaker_volume(corpus.turns)\nstyle.save_figure(plot_speaker_volume(volume), '01_speaker_volume', volume)",
        "safe_markdown(claims.dating_finding(corpus.documents.assign(translated=True, pre_chatgpt=False)))",
        "q = corpus.turns.query(\"speaker == 'kaiming-he'\")\nstyle_quotes({'kaiming-he': q}, corpus.turns, corpus.documents, k=2)",
        f"_ = write_csv(Path({str(out)!r}) / 'quotes.csv', corpus.documents[['doc_id', 'title', 'outlet', 'interviewee']])",
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 98 · Hostile sources: 不可信元数据"), nbformat.v4.new_code_cell(setup)]
    nb.cells += [nbformat.v4.new_code_cell(src) for src in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def hostile_sources_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-sources")
    raw_dir = write_corpus(root / "raw", {"访谈 #1?.md": QA_ARTICLE, "b.txt": QA_ARTICLE.replace("数据", "模型")}, ROWS)
    figures, out = root / "figures", root / "reports"
    figures.mkdir()
    out.mkdir()
    executed = runner.execute(_notebook(root / "98_hostile.ipynb", raw_dir, figures, out), out)
    with pytest.MonkeyPatch.context() as patch:
        for module, name, value in ((bundle, "RAW_DIR", raw_dir), (bundle, "FIGURES_DIR", figures),
                                    (layout, "FIGURES_DIR", figures), (raw, "RAW_DIR", raw_dir)):  # fmt: skip
            patch.setattr(module, name, value)
        site = [Entry("98_hostile", "98 · Hostile sources", "ok")]
        report.to_html(executed, site)
        atomic_write_text(out / "index.html", index_html(site, {}, {}, {}, "test", out))
        assemble(out, site)
    return root


def test_every_cell_ran_on_the_hostile_corpus(hostile_sources_site):
    nb = nbformat.read(hostile_sources_site / "reports" / "98_hostile.ipynb", as_version=4)
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]


def test_nothing_live_and_the_markdown_link_shown_as_text(hostile_sources_site):
    out = hostile_sources_site / "reports"
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert live_markup(html) == [], page.name
        assert not re.search(r"""href=["']?https?:""", html), page.name
    text = BeautifulSoup((out / "98_hostile.html").read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert "[x](https://evil.example)" in text  # the interviewee, as written


def test_every_link_stays_inside_the_folder_even_to_a_file_named_with_hash_and_question_mark(hostile_sources_site):
    out = hostile_sources_site / "reports"
    page = (out / "98_hostile.html").read_text(encoding="utf-8")
    assert "raw/%E8%AE%BF%E8%B0%88%20%231%3F.md.html#L5" in page  # the quote's raw line, percent-encoded
    checked, broken = broken_links(out)
    assert checked > 20 and broken == []


def test_no_csv_holds_a_formula(hostile_sources_site):
    files = [*hostile_sources_site.joinpath("figures").glob("*.csv"), *hostile_sources_site.joinpath("reports").rglob("*.csv")]
    assert len(files) >= 5
    cells = []
    for path in files:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
        with path.open(encoding="utf-8-sig", newline="") as fh:
            cells += [cell for row in csv.reader(fh) for cell in row]
    assert "'=HYPERLINK(\"https://evil.example\",\"x\")" in cells
    formulas = [c for c in cells if c.startswith(FORMULA_START) and not re.fullmatch(r"-?[\d.]+(e-?\d+)?", c)]
    assert formulas == []
