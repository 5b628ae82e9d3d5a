"""How tables are shown in the notebooks: styled pandas tables (the data stays as computed).

Examples:
    >>> from analysis.terms.concordance import COLUMNS
    >>> style_kwic(pd.DataFrame(columns=COLUMNS)).to_html().startswith("<style")
    True

"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler


def style_kwic(table: pd.DataFrame) -> Styler:
    """Display helper: left context right-aligned, keyword bold, so the keywords line up."""
    return (
        table.style.hide(axis="index")
        .set_properties(subset=["left"], **{"text-align": "right"})
        .set_properties(subset=["keyword"], **{"font-weight": "bold", "text-align": "center"})
        .set_properties(subset=["right"], **{"text-align": "left"})
    )
