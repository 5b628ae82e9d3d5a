"""How tables and text from the corpus are shown in the notebooks, escaped so that no scraped text runs as HTML.

Corpus text is untrusted (scraped pages): a ``<script>`` inside a spoken turn must reach the page as
text. pandas escapes plain DataFrames, but a ``Styler`` and an IPython ``Markdown`` pass HTML through,
so every styled table starts from :func:`safe_style` and every generated Markdown goes through
:func:`safe_markdown`. The site builder sanitises every page again as the last line of defence.

Examples:
    >>> from analysis.terms.concordance import COLUMNS
    >>> style_kwic(pd.DataFrame(columns=COLUMNS)).to_html().startswith("<style")
    True
    >>> "<script>" in safe_style(pd.DataFrame({"text": ["<script>alert(1)</script>"]})).to_html()
    False
    >>> escape_markdown("**粗体** <img src=x onerror=alert(1)> & more")
    '**粗体** &lt;img src=x onerror=alert(1)> &amp; more'
    >>> q = pd.DataFrame({"doc_id": ["d"], "turn_id": [4], "text": ["好奇<b>心</b>"]})
    >>> turns = pd.DataFrame({"doc_id": ["d"], "turn_id": [4], "line_start": [11], "line_end": [13]})
    >>> docs = pd.DataFrame({"doc_id": ["d"], "source_file": ["d.txt"]})
    >>> quote_cells({"kaiming-he": q}, turns, docs, k=1).iloc[0, 0]
    '好奇&lt;b&gt;心&lt;/b&gt;<br><a class="provenance" href="../data/raw/d.txt">d:4 · raw lines 11–13</a>'

"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import Markdown
from pandas.io.formats.style import Styler

from analysis.plots.style import speaker_label


def safe_style(table: pd.DataFrame) -> Styler:
    """``table.style`` with every cell and header HTML-escaped: the start of every styled table."""
    return table.style.format(escape="html").format_index(escape="html", axis=0).format_index(escape="html", axis=1)


def escape_markdown(text: str) -> str:
    """``text`` with ``&`` and ``<`` escaped, so it renders as Markdown but opens no HTML tag."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def safe_markdown(text: str) -> Markdown:
    """IPython ``Markdown`` of generated text (quotes, names) with no live HTML in it."""
    return Markdown(escape_markdown(text))


def style_kwic(table: pd.DataFrame) -> Styler:
    """Display helper: left context right-aligned, keyword bold, so the keywords line up (text escaped)."""
    return (
        safe_style(table)
        .hide(axis="index")
        .set_properties(subset=["left"], **{"text-align": "right"})
        .set_properties(subset=["keyword"], **{"font-weight": "bold", "text-align": "center"})
        .set_properties(subset=["right"], **{"text-align": "left"})
    )


#: What a quote panel says for a speaker none of whose sentences meets the quote selector's bar.
NO_QUOTE = "no quote meets the bar"


def quote_cells(panel: dict[str, pd.DataFrame], turns: pd.DataFrame, documents: pd.DataFrame, k: int = 3) -> pd.DataFrame:
    """Rank × speaker table of quotes as HTML cells: the escaped quote, then its provenance as a link.

    The provenance is ``doc_id:turn_id`` and the turn's raw line numbers, linked to the raw file
    (``../data/raw/<file>``, relative to ``reports/``). A speaker with fewer than ``k`` quotes gets a dash below
    his last one, and one with none says "no quote meets the bar" (the selector prefers no quote to an off one).
    A quote nobody has reviewed (``review == "unreviewed"``, :mod:`analysis.viewpoints.quote_review`) says so
    after its provenance: a candidate to read, not evidence.
    """
    lines = turns.set_index(["doc_id", "turn_id"])[["line_start", "line_end"]]
    files = documents.set_index("doc_id").source_file

    def cell(row: pd.Series) -> str:
        start, end = lines.loc[(row.doc_id, row.turn_id)]
        where = f"{row.doc_id}:{row.turn_id} · raw lines {start}–{end}" if end != start else f"{row.doc_id}:{row.turn_id} · raw line {start}"
        href = html.escape(f"../data/raw/{files[row.doc_id]}", quote=True)
        unread = " · <em>unreviewed</em>" if row.get("review") == "unreviewed" else ""
        return f'{html.escape(str(row.text))}<br><a class="provenance" href="{href}">{html.escape(where)}</a>{unread}'

    columns = {speaker_label(s): pd.Series([cell(r) for _, r in q.head(k).iterrows()], dtype=object) for s, q in panel.items()}
    table = pd.DataFrame(columns).reindex(range(k))
    for column in table.columns:
        if table[column].isna().all():
            table.loc[0, column] = NO_QUOTE
    table = table.fillna("—")
    table.index = range(1, k + 1)
    return table


def style_quotes(panel: dict[str, pd.DataFrame], turns: pd.DataFrame, documents: pd.DataFrame, k: int = 3) -> Styler:
    """Display helper for a quote panel: :func:`quote_cells` (text escaped there), wrapped and left-aligned."""
    return quote_cells(panel, turns, documents, k).style.set_properties(**{"white-space": "pre-wrap", "text-align": "left",
                                                                           "vertical-align": "top"})
