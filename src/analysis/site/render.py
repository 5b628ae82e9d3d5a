"""One page per executed notebook: nbconvert's lab template with code folded, navigation and provenance.

The page is built with nbconvert's ``HTMLExporter`` and the ``ai_voices`` template (``templates/``):
every code cell sits in a closed ``<details>`` (one click opens it, or "show all code"), a bar on
top links the index, every page and the search, a line under it says when and from which commit
the notebook was executed, then a table of contents; figures and tables are numbered, each
figure has a link to its data; a footer gives version, commit, licence and notice. Outputs are
sanitised and machine paths removed (:mod:`analysis.site.sanitize`), warnings moved to
``logs/<page>.log`` (:mod:`analysis.site.outputs`), and every link kept inside the folder
(:mod:`analysis.site.bundle`). The only script is the site's own ``site.js``, under a policy that
allows no other (:mod:`analysis.site.layout`). A stale page (its inputs changed, not run again)
says so at the top and in the navigation.

Examples:
    >>> nav = nav_html([Entry("01_a", "01 · A: why", "ok"), Entry("02_b", "02 · B", "stale")], current="01_a")
    >>> nav.split("</a>")[:3]
    ['<nav class="site" lang="en"><a href="index.html">索引 index', '<a class="current" href="01_a.html">01 · A', '<a href="02_b.html">02 · B <span class="stale">(stale)</span>']

"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

from analysis.cache import atomic_write_text
from analysis.plots.style import provenance
from analysis.site.bundle import copy_in, localize
from analysis.site.layout import add_contents, footer_html, head_html, number_figures, tidy_tables
from analysis.site.outputs import move_noise
from analysis.site.sanitize import ScrubPaths, sanitizer, scrub_paths

TEMPLATES = Path(__file__).parent / "templates"
CSS = (TEMPLATES / "site.css").read_text(encoding="utf-8")
STALE_NOTE = ("Stale: this notebook's inputs changed since it was executed and it was not run again (an earlier "
              "notebook failed). What you read here comes from the previous inputs.")  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """A notebook as the site lists it: page stem, title, and ``ok`` / ``failed`` / ``not run``."""

    stem: str
    title: str
    status: str

    @property
    def href(self) -> str:
        """The page's file name."""
        return f"{self.stem}.html"

    @property
    def short(self) -> str:
        """The title up to its colon: ``01 · Corpus overview``."""
        return self.title.split(":")[0].strip()


def nav_html(entries: list[Entry], current: str | None = None, prefix: str = "") -> str:
    """The navigation bar: the index, each page (failed or missing: named, not linked; stale: marked), the search."""
    links = [f'<a href="{prefix}index.html">索引 index</a>' if current != "index"
             else '<a class="current" href="index.html">索引 index</a>']  # fmt: skip
    for entry in entries:
        title = html.escape(entry.short)
        if entry.status not in ("ok", "stale"):
            links.append(f'<span class="failed">{title} ({html.escape(entry.status)})</span>')
        else:
            mark = ' class="current"' if entry.stem == current else ""
            stale = ' <span class="stale">(stale)</span>' if entry.status == "stale" else ""
            links.append(f'<a{mark} href="{prefix}{html.escape(entry.href)}">{title}{stale}</a>')
    links.append(f'<a href="{prefix}search.html">搜索 search</a><input type="search" id="nav-search" hidden '
                 f'data-target="{prefix}search.html" placeholder="search" aria-label="search every page">')  # fmt: skip
    return f'<nav class="site" lang="en">{"".join(links)}</nav>'


def pager_html(entries: list[Entry], current: str) -> str:
    """Previous / next links at the bottom of a page (rendered pages only)."""
    ok = [e for e in entries if e.status in ("ok", "stale")]
    stems = [e.stem for e in ok]
    at = stems.index(current) if current in stems else -1
    prev = f'<a href="{ok[at - 1].href}">← {html.escape(ok[at - 1].title)}</a>' if at > 0 else '<a href="index.html">← 索引 index</a>'
    nxt = f'<a href="{ok[at + 1].href}">{html.escape(ok[at + 1].title)} →</a>' if 0 <= at < len(ok) - 1 else '<a href="index.html">索引 index →</a>'
    return f'<nav class="pager">{prev}{nxt}</nav>'


def notebook_title(notebook: Path) -> str:
    """The first heading of the notebook's first markdown cell (the file stem if it has none)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells[:1]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("#"):
                    return line.lstrip("# ").strip()
    return notebook.stem


def executed_at(executed: Path) -> str:
    """``executed <date time> UTC · commit <sha>`` as recorded in the executed notebook."""
    meta = nbformat.read(executed, as_version=4).metadata
    end = str(meta.get("papermill", {}).get("end_time") or "")[:16].replace("T", " ")
    commit = meta.get("ai_voices", {}).get("provenance", "commit unknown")
    return f"executed {end or 'at an unknown time'} UTC · {commit}"


def site_files(entries: list[Entry]) -> frozenset[str]:
    """The files every page may link that are written after it: the index, the search, the other pages."""
    return frozenset({"index.html", "search.html", "site.js", "LICENSE.txt", "NOTICE.txt", "CITATION.cff",
                      *(e.href for e in entries if e.status in ("ok", "stale"))})  # fmt: skip


def render_page(executed: Path, out: Path, entries: list[Entry]) -> Path:
    """Render the executed notebook ``executed`` as ``out`` within the site of ``entries``."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="ai_voices", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True, language_code="en")  # fmt: skip
    exporter.register_preprocessor(sanitizer(), enabled=True)
    exporter.register_preprocessor(ScrubPaths(), enabled=True)
    notebook = nbformat.read(executed, as_version=4)
    stem = out.stem
    entry = next((e for e in entries if e.stem == stem), Entry(stem, stem, "ok"))
    notebook.metadata["title"] = entry.title
    note = _log_note(move_noise(notebook), out)
    if entry.status == "stale":
        note = f'<p class="stale-banner">{html.escape(STALE_NOTE)}</p>{note}'
    site = {"css": CSS, "nav": nav_html(entries, current=stem), "pager": pager_html(entries, stem), "note": note,
            "provenance": executed_at(executed), "head": head_html(), "footer": footer_html(provenance())}  # fmt: skip
    body, _ = exporter.from_notebook_node(notebook, resources={"site": site, "metadata": {"name": entry.title}})
    copy_in(TEMPLATES / "site.js", out.parent / "site.js")  # the page's one script, beside it
    return atomic_write_text(out, scrub_paths(finish_page(body, stem, out.parent, site_files(entries))))


def _log_note(removed: list[str], out: Path) -> str:
    """Write what left the page to ``logs/<page>.log``; the one line the page shows about it ('' when nothing)."""
    log = out.parent / "logs" / f"{out.stem}.log"
    if not removed:
        log.unlink(missing_ok=True)
        return ""
    atomic_write_text(log, scrub_paths("".join(removed)))
    lines = sum(text.count("\n") for text in removed)
    return (f'<p class="log-note">{len(removed)} warning or progress output(s) ({lines} lines) moved off this page to '
            f'<a href="logs/{html.escape(log.name)}">logs/{html.escape(log.name)}</a>.</p>')


def finish_page(page: str, stem: str, out_dir: Path, known: frozenset[str]) -> str:
    """Number figures and tables, add their data links and the contents, keep every link in ``out_dir``."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    for caption in soup.select("div.figure-caption"):
        image, first = caption.find_previous("img"), caption.find("p")
        if image is not None and first is not None:
            image["alt"] = first.get_text(" ", strip=True)
    number_figures(soup, stem, out_dir)
    tidy_tables(soup, stem)
    add_contents(soup, soup.select_one("main .jp-MarkdownCell") or soup.select_one("main .code-toggle"))  # after the title
    localize(soup, out_dir, known | {f"logs/{stem}.log"})
    return str(soup)
