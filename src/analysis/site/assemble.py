"""The rest of the site once the pages are rendered: script, licence files, raw articles, search, print page.

:func:`assemble` copies the site's script and the licence, notice and citation files into
``reports/``, writes a page per raw article with the line ranges the pages cite
(:mod:`analysis.site.raw`), the search page (:mod:`analysis.site.search`) and ``print.html``: the
findings and every page without code, numbered figures and captions kept (``make pdf`` prints
it; :mod:`analysis.site.printable`).

Examples:
    >>> cited_ranges(['raw/a%20b.txt.html#L3-L5', 'raw/a%20b.txt.html#L7', 'figures/x.html']) == {'a b.txt': {(3, 5), (7, 7)}}
    True

"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup

from analysis.cache import atomic_write_text
from analysis.config import PROJECT_ROOT
from analysis.plots.style import provenance
from analysis.site.bundle import copy_in
from analysis.site.layout import footer_html, head_html
from analysis.site.raw import write_raw_pages
from analysis.site.render import CSS, TEMPLATES, Entry, nav_html
from analysis.site.search import write_search

#: Files of the project copied into the site, and their names there.
SHARED = {TEMPLATES / "site.js": "site.js", PROJECT_ROOT / "LICENSE": "LICENSE.txt",
          PROJECT_ROOT / "NOTICE": "NOTICE.txt", PROJECT_ROOT / "CITATION.cff": "CITATION.cff"}  # fmt: skip
_RAW_LINK = re.compile(r"^raw/(.+)\.html#L(\d+)(?:-L(\d+))?$")
PRINT_DROP = "details.code-fold, .jp-CodeCell .jp-InputArea, nav, .pager, .code-toggle, footer, .log-note, p.data-link, h1 a.anchor-link"


def cited_ranges(hrefs: list[str]) -> dict[str, set[tuple[int, int]]]:
    """The raw line ranges that ``hrefs`` cite, by raw file name."""
    found: dict[str, set[tuple[int, int]]] = {}
    for href in hrefs:
        match = _RAW_LINK.match(href)
        if match:
            start = int(match.group(2))
            found.setdefault(unquote(match.group(1)), set()).add((start, int(match.group(3) or start)))
    return found


def print_html(out_dir: Path, pages: list[Entry]) -> str:
    """One page with the findings and every page's prose, figures, captions and tables: no code, no navigation."""
    parts = []
    for name in ["index.html", *(e.href for e in pages)]:
        path = out_dir / name
        if not path.is_file():
            continue
        main = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("main")
        for tag in main.select(PRINT_DROP):
            tag.decompose()
        parts.append(f'<section class="print-page">{main.decode_contents()}</section>')
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head_html()}<title>ai-voices · report</title>'
            f'<style>{CSS}</style></head><body class="print"><main>{"".join(parts)}</main></body></html>')


def assemble(out_dir: Path, site: list[Entry]) -> None:
    """Write everything of the site but the notebook pages and the index (both already written)."""
    for source, name in SHARED.items():
        if source.is_file():
            copy_in(source, out_dir / name)
    pages = [e for e in site if e.status in ("ok", "stale") and (out_dir / e.href).is_file()]
    hrefs = [a["href"] for e in pages
             for a in BeautifulSoup((out_dir / e.href).read_text(encoding="utf-8"), "html.parser").find_all("a", href=True)]
    write_raw_pages(out_dir, cited_ranges(hrefs), f"{head_html('../')}<style>{CSS}</style>", footer_html(provenance(), "../"))
    write_search(out_dir, [("index.html", "Index"), *((e.href, e.short) for e in pages)], head_html(),
                 nav_html(site, current="search"), footer_html(provenance()))  # fmt: skip
    atomic_write_text(out_dir / "print.html", print_html(out_dir, pages))
