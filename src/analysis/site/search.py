"""Search across every page: a static index built at report time into ``reports/search.html``.

The index is the text of every page, cut at its headings (code excluded), written into the search
page as hidden, escaped HTML: nothing is fetched, so it works from a zip opened on disk. The
site's own ``templates/site.js`` filters it as the reader types (every word must occur; Chinese is
matched as written, no tokenizer needed) and links each hit to its section.

Examples:
    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup('<main><h2 id="a">大模型</h2><p>数据 &lt;b&gt;</p><details class="code-fold">x=1</details></main>',
    ...                      "html.parser")
    >>> sections(soup, "p.html", "P")  # a markdown cell's text is kept, a code cell's input is not
    [('p.html#a', 'P › 大模型', '大模型 数据 <b>')]

"""

from __future__ import annotations

import html
import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from analysis.cache import atomic_write_text
from analysis.site.render import CSS

SKIP = "details.code-fold, nav, style, script, .jp-CodeCell .jp-InputArea, footer, #search-data"


def sections(soup: BeautifulSoup, href: str, title: str) -> list[tuple[str, str, str]]:
    """(link, heading, text) for each part of a page between two headings (h1–h3), code left out."""
    main = soup.find("main") or soup.body or soup
    for tag in main.select(SKIP):
        tag.decompose()
    found: list[list] = [[href, title, []]]
    for node in main.descendants:
        if isinstance(node, Tag) and node.name in ("h1", "h2", "h3"):
            anchor = f"{href}#{node['id']}" if node.get("id") else href
            found.append([anchor, f"{title} › {node.get_text(' ', strip=True).rstrip('¶').strip()}", []])
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            found[-1][2].append(str(node))
    out = [(link, heading, re.sub(r"\s+", " ", " ".join(parts)).strip()) for link, heading, parts in found]
    return [section for section in out if section[2]]


def search_html(records: list[tuple[str, str, str]], head: str, nav: str, footer: str) -> str:
    """The search page: a box, the results list, and the index as hidden escaped text."""
    data = "".join(f'<article data-href="{html.escape(link)}" data-title="{html.escape(title)}">{html.escape(text)}'
                   "</article>" for link, title, text in records)  # fmt: skip
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head}<title>ai-voices · search</title>'
            f"<style>{CSS}</style></head>"
            f'<body>{nav}<main><h1>搜索 Search</h1><p><input type="search" id="search-box" placeholder="word or 词" '
            'aria-label="search every page"></p><p id="search-status">Search runs in the site\'s own script '
            '(site.js); with scripts off, use your browser\'s find on each page.</p><ol id="search-results"></ol>'
            f'<div id="search-data" hidden>{data}</div>{footer}</main></body></html>')  # fmt: skip


def write_search(out_dir: Path, pages: list[tuple[str, str]], head: str, nav: str, footer: str) -> Path:
    """Write ``search.html`` indexing ``pages`` ((file name, title) of rendered pages in ``out_dir``)."""
    records = []
    for name, title in pages:
        path = out_dir / name
        if path.is_file():
            records += sections(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"), name, title)
    return atomic_write_text(out_dir / "search.html", search_html(records, head, nav, footer))
