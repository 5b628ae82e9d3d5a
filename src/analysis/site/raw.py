r"""Each raw article as a page of the site, ``reports/raw/<file>.html``: numbered lines, an anchor per line.

Line ``n`` is the ``n``-th line of the decoded file (``str.splitlines``, as the corpus numbers
``line_no``), with the id ``L<n>``; an evidence link ``raw/<file>.html#L114-L120`` lands on line
114 and the site's script highlights 114–120 (without script the page still jumps to a cited
range: each range cited by a page has an anchor of its own). The text is escaped: a raw article
is text from the web. ``sources.csv`` fields are shown as plain text; the URL is printed, not
linked (no link leaves the folder). The notice says whose text it is.

Examples:
    >>> page = raw_page("a.txt", "第一行\n<b>二</b>", {"title": "[x](https://evil.example)"}, {(1, 2)})
    >>> 'id="L2"' in page and "&lt;b&gt;" in page and 'id="L1-L2"' in page and "<a href=\"https" not in page
    True

"""

from __future__ import annotations

import html
from pathlib import Path

from analysis.cache import atomic_write_text
from analysis.config import RAW_DIR

NOTICE = ("This article is included for research only, as it was scraped; its rights stay with its publisher "
          "(see NOTICE.txt). Line numbers are those the study cites.")  # fmt: skip
FIELDS = ("title", "outlet", "published", "url", "interviewee", "interviewer")


def raw_page(name: str, text: str, meta: dict[str, str], ranges: set[tuple[int, int]] = frozenset(), head: str = "",
             footer: str = "") -> str:  # fmt: skip
    """The page of raw article ``name``: its ``sources.csv`` fields as text, then every line numbered and anchored."""
    starts: dict[int, list[str]] = {}
    for start, end in sorted(ranges):
        starts.setdefault(start, []).append(f"L{start}-L{end}")
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        marks = "".join(f'<span class="range" id="{html.escape(a)}"></span>' for a in starts.get(number, []))
        rows.append(f'{marks}<div class="line" id="L{number}"><a class="ln" href="#L{number}">{number}</a>'
                    f'<span class="text">{html.escape(line)}</span></div>')  # fmt: skip
    fields = "".join(f"<dt>{f}</dt><dd>{html.escape(str(meta.get(f, '')))}</dd>" for f in FIELDS if meta.get(f))
    title = html.escape(str(meta.get("title") or name))
    return (f'<!doctype html><html lang="zh"><head><meta charset="utf-8">{head}<title>{title}</title></head>'
            f'<body class="raw"><main><p><a href="../index.html">← index</a></p><h1>{title}</h1>'
            f'<p class="notice" lang="en">{NOTICE}</p><dl class="meta" lang="en">{fields}</dl>'
            f'<div class="raw-text">{"".join(rows)}</div>{footer}</main></body></html>')  # fmt: skip


def write_raw_pages(out_dir: Path, cited: dict[str, set[tuple[int, int]]], head: str = "", footer: str = "",
                    raw_dir: Path | None = None) -> list[Path]:  # fmt: skip
    """Write ``raw/<file>.html`` for every article of ``raw_dir`` (default ``data/raw``; ``cited``: line ranges by file)."""
    from analysis.corpus.sources import SourceError, read_raw, read_sources
    from analysis.site.bundle import raw_files

    raw_dir = RAW_DIR if raw_dir is None else raw_dir

    try:
        metas = {row["source_file"]: row for row in read_sources(raw_dir).fillna("").astype(str).to_dict("records")}
    except SourceError:
        metas = {}
    written = []
    for name in raw_files(raw_dir):
        text = read_raw(raw_dir / name).text
        page = raw_page(name, text, metas.get(name, {}), cited.get(name, set()), head, footer)
        written.append(atomic_write_text(out_dir / "raw" / f"{name}.html", page))
    return written
