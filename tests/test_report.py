"""The report build executes notebooks into a site: folded code, captions, index, failures marked."""

from __future__ import annotations

import re
from types import SimpleNamespace

import nbformat
import pytest
from bs4 import BeautifulSoup

from analysis import report, runner
from analysis.config import REPORTS_DIR
from tests.site.pages import live_markup, machine_paths


def _links(index):
    return re.findall(r'href="([^"#]+)', index.read_text(encoding="utf-8"))


def _notebook(path, *sources, title="# 0 · Test: a notebook\n\n**Question.** Does it run?"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(title), *map(nbformat.v4.new_code_cell, sources)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A notebooks folder holding ``01_good`` and the reports folder ``report.main`` builds into (tables skipped).

    ``project.use(*notebooks)`` sets the notebooks the build runs, in order.
    """
    notebooks, out = tmp_path / "notebooks", tmp_path / "reports"
    notebooks.mkdir()
    out.mkdir()
    good = _notebook(notebooks / "01_good.ipynb", "print('好的')", title="# 01 · Good: runs\n\n**Question.** 行吗?")
    monkeypatch.setattr(report, "REPORTS_DIR", out)
    monkeypatch.setattr(report, "build_tables", lambda: None)

    def use(*paths):
        monkeypatch.setattr(report, "notebooks", lambda folder=None: list(paths))

    return SimpleNamespace(notebooks=notebooks, out=out, good=good, use=use)


def test_overview_notebook_renders_as_a_site_page(tmp_path):
    notebook = report.notebooks()[0]
    page = report.to_html(runner.execute(notebook, tmp_path))
    index = report.write_index(report.entries(tmp_path), tmp_path)
    assert page.name in _links(index)
    html = page.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert "Corpus overview" in html
    assert "data:image/png;base64" in html
    assert [s.attrs for s in soup.select("script")] == [{"src": "site.js", "defer": ""}]  # the site's own, no inline
    assert "script-src 'self'" in soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    code = soup.select(".jp-CodeCell .jp-InputArea")
    assert code and all(c.find_parent("details") is not None for c in code)  # every code cell folded
    assert not any(d.has_attr("open") for d in soup.select("details.code-fold"))
    assert soup.select_one("nav.site a[href='index.html']") is not None
    assert re.search(r"executed \d{4}-\d\d-\d\d \d\d:\d\d UTC · commit \w+", soup.select_one("p.provenance").text)
    assert soup.select_one("#cap-01_line_accounting.figure-caption") is not None  # the caption, under...
    assert soup.select_one("#fig-01_line_accounting img") is not None  # ...the figure the anchor lands on
    assert not machine_paths(html) and not live_markup(html)


def test_the_kernel_log_keeps_its_errors_but_not_its_tcp_warning(tmp_path, capfd):
    kernel_log = "get_ipython().kernel.log"
    notebook = _notebook(tmp_path / "k.ipynb", f"{kernel_log}.warning('a kernel warning'); {kernel_log}.error('a real kernel error')")
    runner.execute(notebook, tmp_path)
    err = capfd.readouterr().err  # the kernel is a subprocess writing to this process's stderr
    assert "[IPKernelApp] ERROR | a real kernel error" in err
    assert "Kernel is running over TCP" not in err and "a kernel warning" not in err


def test_index_lists_every_rendered_page_not_only_the_last_run(tmp_path):
    first, second = report.notebooks()[:2]
    (tmp_path / f"{second.stem}.ipynb").write_text("{}")
    (tmp_path / f"{second.stem}.html").write_text("<html></html>")
    assert report.rendered_pages(tmp_path) == [(second, tmp_path / f"{second.stem}.html")]
    (tmp_path / f"{first.stem}.ipynb").write_text("{}")
    (tmp_path / f"{first.stem}.html").write_text("<html></html>")
    assert [nb for nb, _ in report.rendered_pages(tmp_path)] == [first, second]


def test_failing_notebook_removes_its_stale_page_and_key_and_index_marks_it(project):
    good, out = project.good, project.out
    bad = _notebook(project.notebooks / "02_bad.ipynb", "raise ValueError('坏了 on purpose')", title="# 02 · Bad: fails\n\nQ.")
    for suffix in (".html", ".key", ".ipynb"):  # a previous, successful-looking run of the bad notebook
        (out / f"{bad.stem}{suffix}").write_text("stale")
    project.use(good, bad)
    assert report.main([]) == 1
    assert not (out / "02_bad.html").exists() and not (out / "02_bad.key").exists()
    assert (out / "02_bad.failed.ipynb").exists()
    assert report.status(bad, out) == "failed" and report.status(good, out) == "ok"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "01_good.html" in _links(out / "index.html") and "02_bad.html" not in index
    assert "failed" in index and "ValueError: 坏了 on purpose" in index
    assert "02 · Bad: fails — failed" in BeautifulSoup(index, "html.parser").get_text()
    good_page = (out / "01_good.html").read_text(encoding="utf-8")
    assert "02_bad.html" not in good_page and "02 · Bad (failed)" in good_page  # navigation names it, links nothing
    # fixed: the next run executes it again, clears the failure and links the page
    _notebook(bad, "print('修好了')", title="# 02 · Bad: fails\n\nQ.")
    assert report.main([]) == 0
    assert report.status(bad, out) == "ok" and not (out / "02_bad.failed").exists()
    assert "02_bad.html" in _links(out / "index.html")


def test_rendered_index_links_existing_reports():
    index = REPORTS_DIR / "index.html"
    if not index.exists() or index.stat().st_mtime < max(nb.stat().st_mtime for nb in report.notebooks()):
        pytest.skip("no current reports/index.html: run `make report` first")
    links = set(_links(index))
    pages = {f"{nb.stem}.html" for nb in report.notebooks() if report.status(nb) == "ok"}
    assert pages <= links
    assert all((REPORTS_DIR / link).exists() for link in links)


def test_a_page_or_executed_notebook_cut_short_is_not_kept_as_current(project):
    good, out = project.good, project.out
    project.use(good)
    assert report.main([]) == 0
    page, executed = out / "01_good.html", out / "01_good.ipynb"
    whole = page.read_bytes()
    assert report.is_current(good, out)
    page.write_bytes(whole[: len(whole) // 2])  # a kill while the page was written
    report.build_site(out)
    assert page.read_bytes() == whole
    executed.write_bytes(executed.read_bytes()[:100])  # a kill while the executed copy was written
    assert not report.is_current(good, out)
    assert report.main([]) == 0 and report.is_current(good, out)


def test_after_a_failure_a_notebook_whose_inputs_changed_is_shown_stale(project, monkeypatch):
    first, out, notebooks = project.good, project.out, project.notebooks
    later = _notebook(notebooks / "03_later.ipynb", "print('旧')", title="# 03 · Later: runs\n\nQ.")
    project.use(first, later)
    monkeypatch.setenv(runner.JOBS_ENV, "1")  # one at a time: 03 would otherwise start beside 02 before it fails
    assert report.main([]) == 0 and report.status(later, out) == "ok"
    bad = _notebook(notebooks / "02_bad.ipynb", "raise ValueError('坏')", title="# 02 · Bad: fails\n\nQ.")
    _notebook(later, "print('新')", title="# 03 · Later: runs\n\nQ.")  # its inputs change, but 02 fails first
    project.use(first, bad, later)
    assert report.main([]) == 1
    assert report.status(later, out) == "stale" and report.status(first, out) == "ok"
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert "03 · Later: runs — stale" in index and "stale: its inputs changed" in index
    for page in ("01_good.html", "03_later.html"):
        nav = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser").select_one("nav.site").get_text(" ")
        assert re.search(r"03 · Later\s+\(stale\)", nav), page
    assert "Stale:" in BeautifulSoup((out / "03_later.html").read_text(encoding="utf-8"), "html.parser").select_one(
        "p.stale-banner").text


def test_a_sources_csv_with_ten_thousand_bad_rows_fails_with_one_short_message(tmp_path, monkeypatch, capsys):
    from analysis.corpus.sources import REQUIRED_COLUMNS, SourceError, read_sources

    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [",".join(REQUIRED_COLUMNS)] + [f"a{i}.txt,=HYPERLINK(\"https://evil.example\"),x" for i in range(10_000)]
    (raw / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_sources(raw)
    message = str(caught.value)
    assert len(message) < 1_500 and "\n" not in message, message[:300]
    assert "line 2: 3 fields, 3: 3 fields" in message and ", 21: 3 fields" in message and ", 22:" not in message
    assert "9,980 more (10,000 in all)" in message
    monkeypatch.setattr("analysis.corpus.load_corpus", lambda: read_sources(raw))
    monkeypatch.setattr(report, "REPORTS_DIR", tmp_path / "reports")
    assert report.main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and err.startswith("[report] cannot read the corpus:")

def test_the_build_warnings_go_to_a_log_and_the_report_prints_one_line(tmp_path, monkeypatch, capsys):
    import types
    import warnings

    def noisy_corpus():
        for i in range(300):
            warnings.warn(f"label {i}", UserWarning, stacklevel=1)
        return types.SimpleNamespace(documents=[1, 2], turns=[1], sentences=None)

    monkeypatch.setattr("analysis.corpus.load_corpus", noisy_corpus)
    monkeypatch.setattr(report, "embed_sentences", lambda corpus: None)
    monkeypatch.setattr(report, "WARNINGS_LOG", tmp_path / "build-warnings.log")
    report.build_tables()
    printed = capsys.readouterr()
    assert printed.err == "" and len(printed.out.splitlines()) == 3
    assert "300 warnings: UserWarning 300" in printed.out
    logged = (tmp_path / "build-warnings.log").read_text(encoding="utf-8").splitlines()
    assert len(logged) == 300 and logged[0] == "UserWarning: label 0"


def test_notebooks_run_side_by_side_and_each_waits_for_the_notebooks_it_reads(project, tmp_path, monkeypatch):
    notebooks, out = project.notebooks, project.out
    log = tmp_path / "log"

    def meets(me, other):  # write my mark, then wait for the other's: only notebooks running at once both finish
        return (f"import time, pathlib; log = pathlib.Path({str(log)!r}); (log.parent / 'started-{me}').touch()\n"
                f"deadline = time.time() + 120\nwhile not (log.parent / 'started-{other}').exists():\n"
                "    assert time.time() < deadline, 'ran alone'\n    time.sleep(0.1)\n"
                f"(log.parent / 'done-{me}').touch()")  # fmt: skip

    first = _notebook(notebooks / "01_first.ipynb", meets("01", "03"))
    reader = _notebook(notebooks / "02_reader.ipynb", f"import pathlib; assert pathlib.Path({str(tmp_path)!r}, 'done-01').exists()")
    other = _notebook(notebooks / "03_other.ipynb", meets("03", "01"))
    meta = nbformat.read(reader, as_version=4)
    meta.metadata["ai_voices"] = {"after": ["01_first"]}
    nbformat.write(meta, reader)
    project.use(first, reader, other)
    monkeypatch.setenv(runner.JOBS_ENV, "2")
    assert report.main([]) == 0  # 01 and 03 met (they ran at the same time); 02 found 01's output
    assert all(report.status(nb, out) == "ok" for nb in (first, reader, other))


def test_a_notebook_after_an_unknown_notebook_is_refused(tmp_path, monkeypatch):
    nb = _notebook(tmp_path / "01_x.ipynb", "1")
    meta = nbformat.read(nb, as_version=4)
    meta.metadata["ai_voices"] = {"after": ["00_missing"]}
    nbformat.write(meta, nb)
    with pytest.raises(ValueError, match=r"ai_voices\.after"):
        runner.after(nb)
    monkeypatch.setenv(runner.JOBS_ENV, "two")
    with pytest.raises(ValueError, match="positive integer"):
        runner.jobs()
