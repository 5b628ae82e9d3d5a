"""What every page of the site shares: the security policy and the one script, contents, numbers, data links, footer.

- :func:`head_html`: a Content-Security-Policy that allows no inline and no remote script, only
  the project's own ``site.js`` served from the folder (search, range highlight, "show all code").
- :func:`add_contents`: a table of contents from the page's headings.
- :func:`number_figures`: "Figure 2.3" on every captioned figure, the anchor ``fig-<name>`` on the
  figure itself (so a link lands on it, not on the caption below), and a "data" link to the table
  behind it, copied to ``reports/data/<name>.csv`` (UTF-8 with BOM, formula cells neutralised).
- :func:`tidy_tables`: "Table 2.1" on every table, missing values shown as an em dash.
- :func:`footer_html`: version, commit, licence, notice, citation.

Examples:
    >>> "script-src 'self'" in CSP and "unsafe-inline" not in CSP.split("script-src")[1].split(";")[0]
    True
    >>> page_number("02_term_frequency"), page_number("index")
    (2, 0)

"""

from __future__ import annotations

import html
import re
import tomllib
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup

from analysis.config import FIGURES_DIR, PROJECT_ROOT
from analysis.csvsafe import copy_csv

#: No inline script, no remote anything: scripts, images and styles from the folder itself (styles may be inline).
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; base-uri 'none'; form-action 'none'")  # fmt: skip
MISSING = {"NaN", "nan", "None", "<NA>", "NaT"}
DASH = "—"


def head_html(prefix: str = "") -> str:
    """The policy and the site script for the ``<head>`` of a page (``prefix``: the way up to ``reports/``)."""
    return (f'<meta http-equiv="Content-Security-Policy" content="{CSP}"><meta name="referrer" content="no-referrer">'
            f'<script src="{prefix}site.js" defer></script>')  # fmt: skip


@cache
def version() -> str:
    """The project's version, from ``pyproject.toml``."""
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def footer_html(provenance: str, prefix: str = "") -> str:
    """The footer of every page: version and commit, the code's licence, the articles' notice, how to cite."""
    return (f'<footer class="site" lang="en">ai-voices {html.escape(version())} · {html.escape(provenance)} · '
            f'code: <a href="{prefix}LICENSE.txt">MIT licence</a> · articles: rights stay with their publishers '
            f'(<a href="{prefix}NOTICE.txt">notice</a>) · cite: <a href="{prefix}CITATION.cff">CITATION.cff</a></footer>')


def page_number(stem: str) -> int:
    """The number a page's figures and tables carry: the notebook's number (0 for other pages)."""
    found = re.match(r"(\d+)_", stem)
    return int(found.group(1)) if found else 0


def add_contents(soup: BeautifulSoup, after: object) -> None:
    """Insert a table of contents (every h2 and h3 of the page) after the element ``after``."""
    items = []
    for i, heading in enumerate(soup.select("main h2, main h3")):
        heading["id"] = heading.get("id") or f"sec-{i}"
        text = heading.get_text(" ", strip=True).rstrip("¶").strip()
        items.append(f'<li class="{heading.name}"><a href="#{html.escape(heading["id"])}">{html.escape(text)}</a></li>')
    if items and after is not None:
        after.insert_after(BeautifulSoup(f'<nav class="toc" lang="en"><strong>Contents</strong><ul>{"".join(items)}'
                                         "</ul></nav>", "html.parser"))  # fmt: skip


def number_figures(soup: BeautifulSoup, stem: str, out_dir: Path, figures: Path | None = None) -> list[str]:
    """Number the captioned figures, anchor each on the figure itself, add its data link; return the names.

    A figure saved twice under one name (a PNG and its interactive version) keeps one caption, which
    gains the link to the interactive version.
    """
    figures = FIGURES_DIR if figures is None else figures
    names, first = [], {}
    for caption in soup.select("div.figure-caption[id^=fig-]"):
        name = caption["id"][len("fig-"):]
        if name in first:  # the interactive version of a figure already shown: one caption, with its link
            for link in caption.select("p:has(a)"):
                first[name].append(link.extract())
            caption.decompose()
            continue
        first[name] = caption
        names.append(name)
    for n, name in enumerate(names, 1):
        caption = first[name]
        image = caption.find_previous("img")
        cell = caption.find_parent(class_="jp-Cell")
        if image is not None and image.find_parent(class_="jp-Cell") is cell:
            figure = image.find_parent(class_="jp-OutputArea-child") or image
            figure["id"], caption["id"] = f"fig-{name}", f"cap-{name}"
        label = soup.new_tag("p", attrs={"class": "figure-number"})
        label.string = f"Figure {page_number(stem)}.{n} · {name}"
        caption.insert(0, label)
        source = figures / f"{name}.csv"
        if source.is_file():
            copy_csv(source, out_dir / "data" / source.name)
            link = BeautifulSoup(f'<p class="data-link"><a href="data/{html.escape(source.name)}">data: '
                                 f"{html.escape(source.name)} (CSV, UTF-8)</a></p>", "html.parser")  # fmt: skip
            caption.append(link)
    return names


def tidy_tables(soup: BeautifulSoup, stem: str) -> None:
    """Number every output table and show a missing value as an em dash (never ``NaN``)."""
    for n, table in enumerate(soup.select(".jp-OutputArea-output table"), 1):
        label = soup.new_tag("p", attrs={"class": "table-number", "id": f"tab-{page_number(stem)}-{n}"})
        label.string = f"Table {page_number(stem)}.{n}"
        table.insert_before(label)
        for cell in table.find_all(["td", "th"]):
            if cell.get_text(strip=True) in MISSING:
                cell.string = DASH
