"""The site can be shared: a copy or a zip of ``reports/`` keeps every link, other users can read it, pages help a reader."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup

from analysis import report, runner
from analysis.config import REPORTS_DIR
from analysis.site import bundle
from analysis.site.raw import write_raw_pages
from tests.site.pages import broken_links, live_markup


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """A site built under umask 022 from notebook 01 (its executed copy in ``reports/`` when there is one)."""
    out = tmp_path_factory.mktemp("built") / "reports"
    first = report.notebooks()[0]
    old = os.umask(0o022)
    try:
        out.mkdir()  # as `make report` makes it
        if (REPORTS_DIR / f"{first.stem}.ipynb").exists():
            shutil.copyfile(REPORTS_DIR / f"{first.stem}.ipynb", out / f"{first.stem}.ipynb")
        else:
            runner.execute(first, out)
        report.build_site(out)
    finally:
        os.umask(old)
    return out


def _pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.parent != site / "figures"]


def test_a_copy_or_a_zip_of_the_site_keeps_every_link(built_site, tmp_path):
    copy = shutil.copytree(built_site, tmp_path / "elsewhere")
    archive = shutil.make_archive(str(tmp_path / "site"), "zip", built_site)
    shutil.unpack_archive(archive, tmp_path / "unzipped")
    for root in (copy, tmp_path / "unzipped"):
        checked, broken = broken_links(root)
        assert checked > 100 and broken == []
    assert list((copy / "raw").glob("*.html")) and list((copy / "data").glob("*.csv"))


def test_a_link_leaving_the_folder_is_caught():
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "a.html").write_text('<a href="../x.html">x</a><a href="https://evil.example">y</a><a href="b.html#z">z</a>'
                                          '<img src="c.png">', encoding="utf-8")  # fmt: skip
        Path(folder, "b.html").write_text("<p>b</p>", encoding="utf-8")
        assert broken_links(Path(folder)) == (4, [f"a.html: {u}" for u in ("../x.html", "https://evil.example")]
                                              + ["a.html: b.html#z (no such anchor)", "a.html: c.png"])  # fmt: skip


def test_every_file_is_readable_by_other_users(built_site):
    files = [p for p in built_site.rglob("*") if p.is_file()]
    assert files and all(p.stat().st_mode & 0o777 == 0o644 for p in files), [
        (p.name, oct(p.stat().st_mode & 0o777)) for p in files if p.stat().st_mode & 0o777 != 0o644][:5]
    assert all(p.stat().st_mode & 0o777 == 0o755 for p in built_site.rglob("*") if p.is_dir())


def _python_for_others() -> str | None:
    """A Python that user ``nobody`` may run (the project's venv may sit in a private folder)."""
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3", sys.executable):
        if os.access(candidate, os.X_OK) and os.stat(os.path.realpath(candidate)).st_mode & 0o001:
            return candidate
    return None


@pytest.mark.skipif(os.geteuid() != 0 or _python_for_others() is None,
                    reason="serving as another user needs root and a Python that user may run")
def test_a_web_server_running_as_another_user_serves_every_page(built_site):
    nobody = pwd.getpwnam("nobody")
    served = Path(tempfile.mkdtemp(prefix="ai-voices-served-", dir="/tmp"))
    try:
        served.chmod(0o755)
        site = shutil.copytree(built_site, served / "reports")  # copy2 keeps the modes the build gave
        server = subprocess.Popen([_python_for_others(), "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", str(site)],
                                  user=nobody.pw_uid, group=nobody.pw_gid, stdout=subprocess.PIPE, text=True)  # fmt: skip
        try:
            port = int(re.search(r"port (\d+)", server.stdout.readline()).group(1))
            pages = [p.relative_to(site).as_posix() for p in _pages(site)] + ["data/01_line_accounting.csv", "site.js"]
            for page in pages:
                with urlopen(f"http://127.0.0.1:{port}/{quote(page)}", timeout=30) as response:
                    assert response.status == 200, page
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        shutil.rmtree(served, ignore_errors=True)


def test_every_page_has_contents_a_policy_and_only_the_site_script(built_site):
    for page in _pages(built_site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        policy = soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
        assert "script-src 'self';" in policy and "default-src 'none'" in policy, page.name
        scripts = soup.find_all("script")
        assert scripts and all(s.get("src", "").endswith("site.js") and not s.get_text(strip=True) for s in scripts)
        assert live_markup(str(soup)) == [], page.name
        assert soup.html["lang"] in ("en", "zh"), page.name
        if page.parent == built_site and page.name not in ("print.html",):
            assert soup.select_one("footer.site") and "ai-voices 0." in soup.select_one("footer.site").text, page.name
    overview = BeautifulSoup((built_site / "01_corpus_overview.html").read_text(encoding="utf-8"), "html.parser")
    assert overview.html["lang"] == "en" and len(overview.select("nav.toc li")) >= 3
    numbers = [p.text for p in overview.select("p.figure-number")]
    assert numbers[:2] == ["Figure 1.1 · 01_line_accounting", "Figure 1.2 · 01_speaker_volume"]
    for caption in overview.select("div.figure-caption"):
        link = caption.select_one("p.data-link a")
        assert link is not None and (built_site / unquote(link["href"])).read_bytes().startswith(b"\xef\xbb\xbf")
        figure = overview.find(id=caption["id"].replace("cap-", "fig-", 1))
        assert figure is not None and figure.find("img") is not None  # the anchor is on the figure, above its caption
    assert not re.search(r">\s*NaN\s*<", str(overview)) and "dtype:" not in overview.get_text()


def test_raw_article_named_with_hash_and_question_mark_is_linked_and_anchored(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    name = "访谈 #1?.md"
    (raw / name).write_text("第一行\n第二行 <script>alert(1)</script>\n三\n四\n五\n", encoding="utf-8")
    monkeypatch.setattr(bundle, "RAW_DIR", raw)
    site = tmp_path / "site"
    soup = BeautifulSoup(f'<a href="../data/raw/{name}">d:1 · raw lines 2–4</a><a href="https://evil.example">x</a>',
                         "html.parser")  # fmt: skip
    assert bundle.localize(soup, site) == ["https://evil.example"]
    href = soup.a["href"]
    assert href == "raw/%E8%AE%BF%E8%B0%88%20%231%3F.md.html#L2-L4" and soup.find("span", class_="unlinked").text == "x"
    write_raw_pages(site, {name: {(2, 4)}}, raw_dir=raw)
    page = site / unquote(href.split("#")[0])
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert 'id="L2-L4"' in html and 'id="L5"' in html and "&lt;script&gt;" in html and live_markup(html) == []


def test_the_pdf_of_the_report_has_no_code(built_site, chromium):
    from analysis.site.printable import build_pdf

    printed = BeautifulSoup((built_site / "print.html").read_text(encoding="utf-8"), "html.parser")
    assert not printed.select(".jp-CodeCell .jp-InputArea, details.code-fold") and printed.select("p.figure-number")
    assert "What was dropped, and why" in printed.get_text(" ")  # the prose (markdown cells) stays
    pdf = build_pdf(built_site)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 50_000


def test_search_finds_a_word_of_every_page_and_the_code_toggle_works(built_site, browser):
    pages = [p for p in built_site.glob("*.html") if p.name not in ("search.html", "print.html")]
    for page in pages:
        heading = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("main h2")
        word = heading.get_text(" ", strip=True).rstrip("¶").split(" · ")[-1].split()[0]  # a word of its prose
        browser.open(f"{(built_site / 'search.html').as_uri()}?q={quote(word)}", built_site / "shot.png")
        hits = browser.evaluate("[...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href'))")
        assert f"{page.name}#{heading['id']}" in hits, (page.name, word, hits)  # the section of that heading
    browser.open((built_site / "01_corpus_overview.html").as_uri(), built_site / "shot.png")
    assert browser.evaluate("document.querySelectorAll('details.code-fold[open]').length") == 0
    browser.evaluate("document.getElementById('toggle-code').click()")
    assert browser.evaluate("[...document.querySelectorAll('details.code-fold')].every(d => d.open)") is True
    raw = next((built_site / "raw").glob("*.html"))
    browser.open(f"{raw.as_uri()}#L3-L5", built_site / "shot.png")
    time.sleep(0.2)
    assert browser.evaluate("[...document.querySelectorAll('.line.hl')].map(l => l.id)") == ["L3", "L4", "L5"]
