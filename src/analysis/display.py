"""Notebook display defaults for Chinese text: one call makes DataFrames readable in JupyterLab.

Examples:
    >>> display_defaults(css=False)
    >>> import pandas as pd
    >>> pd.get_option("display.max_colwidth")
    200

"""

from __future__ import annotations

import pandas as pd

#: Widest a text column is shown before it is cut (pandas cuts at 50 by default).
MAX_COLWIDTH = 200
#: Left-aligned, wrapped cells in JupyterLab's HTML tables (right-aligned and unwrapped by default).
CSS = """<style>
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { text-align: left; white-space: pre-wrap; vertical-align: top; }
.jp-RenderedHTMLCommon td { max-width: 48em; }
</style>"""


def display_defaults(css: bool = True) -> None:
    """Set pandas' display options for Chinese text and, in a notebook, left-align and wrap table cells.

    Wider columns (:data:`MAX_COLWIDTH` characters), more columns and rows, full-width characters
    counted as two in text output; ``css`` also shows :data:`CSS` once (JupyterLab only; the static
    site keeps its own style).
    """
    pd.set_option("display.max_colwidth", MAX_COLWIDTH)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.width", 160)
    pd.set_option("display.unicode.east_asian_width", True)
    if css:
        from IPython.display import HTML, display

        display(HTML(CSS))
