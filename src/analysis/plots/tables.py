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

"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown
from pandas.io.formats.style import Styler


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
