"""Every page opens in headless Chromium without console errors, shows Chinese text, and runs no script.

Screenshots go to ``reports/screenshots/``. Chromium is Debian's package, installed by the
``chromium`` fixture when missing (root and apt-get); where it cannot be installed the tests skip
and say why.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from analysis.config import REPORTS_DIR
from tests.site.pages import machine_paths

SCREENSHOTS = REPORTS_DIR / "screenshots"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_page_opens_cleanly_with_chinese_text(browser, site_pages):
    assert site_pages
    problems = {}
    for page in site_pages:
        shot = SCREENSHOTS / f"{page.stem}.png"
        result = browser.open(page.resolve().as_uri(), shot)
        if result.errors or result.dialogs or len(CJK.findall(result.text)) < 5:
            problems[page.name] = (result.errors, result.dialogs, result.text[:200])
        assert shot.stat().st_size > 5_000, f"{shot} looks empty"
    assert problems == {}


def test_no_page_shows_a_machine_path(site_pages):
    found = {page.name: hits[:3] for page in site_pages if (hits := machine_paths(page.read_text(encoding="utf-8")))}
    assert found == {}, "absolute paths in pages: print paths with analysis.config.relative"


def test_no_page_shows_code_outside_a_folded_block(site_pages):
    for page in site_pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        code = soup.select(".jp-CodeCell .jp-InputArea")
        assert all(c.find_parent("details", class_="code-fold") is not None for c in code), page.name
        assert not soup.select("details.code-fold[open]"), page.name


def test_every_figure_in_a_page_has_its_caption(site_pages):
    for page in site_pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for image in soup.select(".jp-CodeCell img"):
            caption = image.find_next(class_="figure-caption")
            cell = image.find_parent(class_="jp-CodeCell")
            assert caption is not None and caption.find_parent(class_="jp-CodeCell") is cell, (
                f"{page.name}: a figure without caption; save it with analysis.plots.style.save_figure"
            )


def test_hostile_page_opens_no_dialog(browser, hostile_site):
    result = browser.open((hostile_site / "99_hostile.html").as_uri(), SCREENSHOTS / "99_hostile.png")
    assert result.dialogs == [] and result.errors == []
    assert "<script>alert(1)</script>" in result.text


def test_machine_path_finder_finds_paths():
    assert machine_paths("saved to /home/someone/figures/a.png") and machine_paths("C:\\\\Users\\\\me")
    assert not machine_paths('<a href="https://example.org/home/x">') and not machine_paths("figures/a.png")


@pytest.mark.parametrize("page", ["index.html"])
def test_index_links_findings_to_their_evidence(page, site_pages):
    index = next((p for p in site_pages if p.name == page), None)
    if index is None or index.parent != REPORTS_DIR:
        pytest.skip("no reports/index.html: run `make report` first")
    html = index.read_text(encoding="utf-8")
    anchors = re.findall(r'href="([\w-]+\.html)#(fig-[\w-]+)"', html)
    assert anchors, "the index lists no finding with a link to its evidence"
    for target, anchor in anchors:
        assert f'id="{anchor}"' in (REPORTS_DIR / target).read_text(encoding="utf-8"), (target, anchor)


def test_every_figure_is_numbered_with_its_data_and_every_page_has_contents(site_pages):
    for page in (p for p in site_pages if p.name != "print.html"):  # the print page drops links and contents
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if page.name.startswith(("0", "1")):
            assert soup.select("nav.toc li"), f"{page.name}: no table of contents"
        for caption in soup.select("div.figure-caption"):
            assert caption.select_one("p.figure-number") is not None, page.name
            link = caption.select_one("p.data-link a")
            assert link is not None, f"{page.name}: {caption.get('id')} has no data link: save the figure with its table"
            assert (page.parent / link["href"]).is_file(), link["href"]
