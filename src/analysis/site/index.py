"""The site's front page: what the study asks, its main findings (computed), every notebook page, the data.

A finding is computed text: it is escaped, then only ``*…*`` becomes emphasis (the findings
mark proposition names so), never a link or any other markup.

Examples:
    >>> page = index_html([Entry("01_a", "01 · A", "failed")], {"01_a": "Question."}, {}, {"01_a": "boom"}, "x")
    >>> "failed" in page and "boom" in page and "<script>" not in page
    True
    >>> emphasis("says *AI can go <b>beyond</b>* [x](https://evil.example)")
    'says <em>AI can go &lt;b&gt;beyond&lt;/b&gt;</em> [x](https://evil.example)'

"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from analysis.site.bundle import encode_href
from analysis.site.findings import Finding
from analysis.site.layout import footer_html, head_html
from analysis.site.limitations import limitations, study_scope
from analysis.site.render import CSS, Entry, nav_html
from analysis.site.sanitize import sanitizer, scrub_paths

INDEX_CSS = """
main.index { max-width: 860px; margin: 1.5em auto; font: 16px/1.55 sans-serif; padding: 0 1em; }
main.index li { margin-bottom: .7em; }
main.index .question { color: #333; }
main.index .failed { color: #b00020; }
main.index .evidence { font-size: 13px; white-space: nowrap; }
"""


def emphasis(text: str) -> str:
    """``text`` escaped, with ``*…*`` shown as emphasis (the only markup a finding may carry)."""
    return re.sub(r"\*([^*\n]+)\*", r"<em>\1</em>", html.escape(text))


def data_html(out_dir: Path | None) -> str:
    """The downloads section: every table (CSV) and interactive figure the site holds."""
    if out_dir is None:
        return ""
    files = [*sorted(out_dir.glob("*.csv")), *sorted((out_dir / "data").glob("*.csv")),
             *sorted((out_dir / "figures").glob("*.html"))]  # fmt: skip
    items = "".join(f'<li><a href="{encode_href(f.relative_to(out_dir).as_posix())}">'
                    f"{html.escape(f.relative_to(out_dir).as_posix())}</a></li>" for f in files)  # fmt: skip
    return (f'<h2 id="data">数据 · Data</h2><p>Every table behind a figure or a report table, as CSV (UTF-8 with BOM, '
            f"so Excel shows Chinese; a cell that would start a formula begins with a quote), and the interactive "
            f"figures (each a self-contained file).</p><ul>{items}</ul>") if items else ""


def question(notebook: Path) -> str:
    """The notebook's question: its first paragraph after the title, whole, rendered from Markdown to HTML."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "".join(cells[0]["source"]) if cells and cells[0]["cell_type"] == "markdown" else ""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
    return sanitizer().sanitize_html_tags(markdown2html_mistune(paragraphs[0])) if paragraphs else ""


def index_html(entries: list[Entry], questions: dict[str, str], found: dict[str, list[Finding]],
               problems: dict[str, str], provenance: str, out_dir: Path | None = None) -> str:  # fmt: skip
    """The index page: findings with links to their evidence, then one entry per notebook with its status."""
    items = []
    for entry in entries:
        if entry.status == "ok":
            for finding in found.get(entry.stem, []):
                items.append(f'<li>{emphasis(finding.text)} <a class="evidence" href="{html.escape(finding.href)}">'
                             f"evidence: {html.escape(entry.title.split(' · ')[0])} · figure →</a></li>")  # fmt: skip
        if problems.get(entry.stem):
            items.append(f'<li class="failed">{html.escape(entry.title)}: {html.escape(problems[entry.stem])}</li>')
    pages = []
    for entry in entries:
        head = (f'<a href="{html.escape(entry.href)}">{html.escape(entry.title)}</a>' if entry.status == "ok"
                else f'<a class="stale" href="{html.escape(entry.href)}">{html.escape(entry.title)} — stale</a>'
                if entry.status == "stale"
                else f'<span class="failed">{html.escape(entry.title)} — {html.escape(entry.status)}</span>')  # fmt: skip
        pages.append(f'<li>{head}<div class="question">{questions.get(entry.stem, "")}</div></li>')
    body = (
        '<h1>ai-voices · <span lang="zh">中文访谈中的AI研究者</span></h1>'
        '<nav class="toc"><strong>Contents</strong><ul><li><a href="#findings">Main findings</a></li>'
        '<li><a href="#reports">Reports</a></li><li><a href="#data">Data</a></li></ul></nav>'
        "<p>What do leading AI researchers say in Chinese-language interviews, and how close are their views? "
        f"A reproducible corpus study of {study_scope()}, from raw scraped pages to figures. "
        "Every number below is computed from the data when the site is built; each links to the figure behind it.</p>"
        f'<p class="provenance">built {html.escape(provenance)} by <code>make report</code></p>'
        f'<h2 id="findings">主要发现 · Main findings</h2><ul>{"".join(items)}</ul>'
        f'<h2 id="limitations">局限 · Limitations</h2><ul>{"".join(f"<li>{html.escape(t)}</li>" for t in limitations())}</ul>'
        f'<h2 id="reports">报告 · Reports</h2><ol>{"".join(pages)}</ol>{data_html(out_dir)}'
        '<p>The whole report without code, for print: <a href="print.html">print.html</a> '
        '(<code>make pdf</code> turns it into <code>ai-voices-report.pdf</code>).</p>'
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head_html()}'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        f"<title>ai-voices · reports</title><style>{CSS}{INDEX_CSS}</style></head><body>"
        f'{nav_html(entries, current="index")}<main class="index">{scrub_paths(body)}{footer_html(provenance)}</main>'
        "</body></html>"
    )
