"""Dating and language of each interview: a curated overlay on ``sources.csv``, keyed by ``doc_id``.

``sources.csv`` is raw data and stays as scraped; what was learnt about an interview afterwards
(when it was published and recorded, with what precision and on what evidence, the language it was
given in, whether the Chinese text is a translation) lives in ``src/analysis/data/documents_meta.csv``,
with the evidence written up in ``documents_meta.md``. An article without an overlay row keeps the
listed date (dated by ``sources.csv``) and unknown language.

Examples:
    >>> docs = pd.DataFrame({"doc_id": ["new-article"], "published": [date(2025, 3, 1)]})
    >>> row = add_dating(docs, overlay=pd.DataFrame(columns=OVERLAY_COLUMNS)).iloc[0]
    >>> str(row.published), row.dated_by, row.language
    ('2025-03-01', 'sources.csv', None)

"""

from __future__ import annotations

from datetime import date

import pandas as pd

from analysis.config import DATA_DIR

OVERLAY_PATH = DATA_DIR / "documents_meta.csv"
OVERLAY_COLUMNS = ["doc_id", "published", "published_precision", "recorded", "recorded_precision", "language",
                   "translated", "dated_by"]  # fmt: skip
#: ChatGPT's release: interviews recorded before it predate the current debate on large language models.
CHATGPT_RELEASE = "2022-11-30"


def load_overlay() -> pd.DataFrame:
    """The curated dating table, one row per known ``doc_id`` (strings; ``translated`` as bool)."""
    overlay = pd.read_csv(OVERLAY_PATH, dtype=str, keep_default_na=False)
    missing = set(OVERLAY_COLUMNS) - set(overlay.columns)
    if missing:
        raise ValueError(f"{OVERLAY_PATH.name} lacks column(s) {sorted(missing)}")
    return overlay


def add_dating(documents: pd.DataFrame, overlay: pd.DataFrame | None = None) -> pd.DataFrame:
    """``documents`` with ``published`` filled from the overlay and its dating columns added.

    ``published_listed`` keeps the date as ``sources.csv`` gives it (a mirror's date, say);
    ``pre_chatgpt`` is true when the interview was recorded (or else published) before ChatGPT.
    """
    overlay = (load_overlay() if overlay is None else overlay).set_index("doc_id")
    out = documents.copy()
    listed = out["published"] if "published" in out else pd.Series(None, index=out.index, dtype=object)
    out["published_listed"] = listed
    known = out.doc_id.isin(overlay.index)

    for name in OVERLAY_COLUMNS[1:]:
        out[name] = out.doc_id.map(overlay[name].replace("", None)).astype(object).where(known, None)
    for name in ("published", "recorded"):
        out[name] = out[name].map(_date)
    out["published"] = out["published"].where(known, listed)
    by_listing = ~known & listed.notna()
    out.loc[by_listing, "published_precision"] = "day"
    out.loc[by_listing, "dated_by"] = "sources.csv"
    out["translated"] = out["translated"].map({"true": True, "false": False, True: True, False: False})
    when = out["recorded"].where(out["recorded"].notna(), out["published"])
    out["pre_chatgpt"] = when.map(lambda d: None if d is None or pd.isna(d) else str(d) < CHATGPT_RELEASE)
    return out


def _date(value: object) -> date | None:
    """An ISO date string (or date) as a ``datetime.date``; None when missing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))
