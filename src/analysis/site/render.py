"""One page per executed notebook: nbconvert's lab template with code folded, navigation and provenance.

The page is built with nbconvert's ``HTMLExporter`` and the ``ai_voices`` template (``templates/``):
every code cell sits in a closed ``<details>`` (one click opens it), a bar on top links the index
and every page, a line under it says when and from which commit the notebook was executed, and
the page carries no script at all (no CDN, nothing to run). Outputs are sanitised and machine
paths removed before rendering (:mod:`analysis.site.sanitize`).

Examples:
    >>> nav_html([Entry("01_a", "01 · A: why", "ok"), Entry("02_b", "02 · B", "failed")], current="01_a")
    '<nav class="site"><a href="index.html">索引 index</a><a class="current" href="01_a.html">01 · A</a><span class="failed">02 · B (failed)</span></nav>'

"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

from analysis.cache import atomic_write_text
from analysis.site.sanitize import ScrubPaths, sanitizer, scrub_paths

TEMPLATES = Path(__file__).parent / "templates"
CSS = (TEMPLATES / "site.css").read_text(encoding="utf-8")


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


def nav_html(entries: list[Entry], current: str | None = None) -> str:
    """The navigation bar: the index, then each page (a failed or missing page is named, not linked)."""
    links = ['<a href="index.html">索引 index</a>' if current else '<a class="current" href="index.html">索引 index</a>']
    for entry in entries:
        title = html.escape(entry.short)
        if entry.status != "ok":
            links.append(f'<span class="failed">{title} ({html.escape(entry.status)})</span>')
        else:
            mark = ' class="current"' if entry.stem == current else ""
            links.append(f'<a{mark} href="{html.escape(entry.href)}">{title}</a>')
    return f'<nav class="site">{"".join(links)}</nav>'


def pager_html(entries: list[Entry], current: str) -> str:
    """Previous / next links at the bottom of a page (rendered pages only)."""
    ok = [e for e in entries if e.status == "ok"]
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


def render_page(executed: Path, out: Path, entries: list[Entry]) -> Path:
    """Render the executed notebook ``executed`` as ``out`` within the site of ``entries``."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="ai_voices", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True, language_code="zh")  # fmt: skip
    exporter.register_preprocessor(sanitizer(), enabled=True)
    exporter.register_preprocessor(ScrubPaths(), enabled=True)
    notebook = nbformat.read(executed, as_version=4)
    stem = out.stem
    title = next((e.title for e in entries if e.stem == stem), stem)
    notebook.metadata["title"] = title
    site = {"css": CSS, "nav": nav_html(entries, current=stem), "pager": pager_html(entries, stem),
            "provenance": executed_at(executed)}  # fmt: skip
    body, _ = exporter.from_notebook_node(notebook, resources={"site": site, "metadata": {"name": title}})
    return atomic_write_text(out, scrub_paths(_alt_from_captions(body)))


def _alt_from_captions(page: str) -> str:
    """Give each captioned figure its caption's first sentence as alternative text."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    for caption in soup.select("div.figure-caption"):
        image, first = caption.find_previous("img"), caption.find("p")
        if image is not None and first is not None:
            image["alt"] = first.get_text(" ", strip=True)
    return str(soup)
