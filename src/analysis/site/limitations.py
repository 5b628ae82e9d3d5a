"""The limits of the study the index states, counted from the data: size, interviews per guest, dates, translations.

Moved out of :mod:`analysis.site.findings` (the findings are sentences about results; these are about what
the corpus can and cannot carry). Nothing is typed for five interviews: a changed corpus changes the text.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.config import FIGURES_DIR, PROCESSED_DIR
from analysis.corpus.metadata import load_overlay


def study_scope(processed: Path = PROCESSED_DIR) -> str:
    """``5 interviews with 5 guests`` from the corpus tables (``the interviews`` before they are built).

    Examples:
        >>> study_scope(Path("/nonexistent"))
        'the interviews'

    """
    try:
        turns = pd.read_parquet(processed / "turns.parquet", columns=["doc_id", "speaker", "role"])
    except OSError:
        return "the interviews"
    guests = turns[turns.role == "guest"]
    n_docs, n_guests = turns.doc_id.nunique(), guests.speaker.nunique()
    return f"{n_docs} interview{'s' if n_docs != 1 else ''} with {n_guests} guest{'s' if n_guests != 1 else ''}"


def limitations(figures: Path = FIGURES_DIR, processed: Path = PROCESSED_DIR, overlay: pd.DataFrame | None = None) -> list[str]:
    """What no finding can separate or claim, with its numbers computed from the corpus tables.

    ``overlay`` is the curated dating and language table (default ``documents_meta.csv``); its optional
    ``language_confidence`` column says which translations were inferred from the text only.

    Examples:
        >>> limitations(Path("/nonexistent"), Path("/nonexistent"))[0].startswith("limitations unavailable")
        True

    """
    try:
        docs = pd.read_parquet(processed / "documents.parquet")
        turns = pd.read_parquet(processed / "turns.parquet", columns=["doc_id", "speaker", "role", "n_chars"])
    except OSError as exc:
        return [f"limitations unavailable ({type(exc).__name__}); rerun `make report`"]
    guests = turns[turns.role == "guest"]
    per_guest = guests.groupby("speaker").doc_id.nunique()
    single = int((per_guest == 1).sum())
    length = guests.groupby("doc_id").n_chars.sum()
    early = docs[docs.pre_chatgpt.fillna(False).astype(bool)]
    years = pd.to_datetime(docs.recorded.fillna(docs.published), errors="coerce").dt.year
    out = [
        f"{single} of {len(per_guest)} guests are heard in one interview only: for them guest, interviewer, outlet, year, "
        "format (talk, Q&A, podcast) and translation are one variable, and a difference between guests may be any of them.",
        f"Recorded (or else published) between {years.min():.0f} and {years.max():.0f}; {len(early)} interview(s) before "
        f"ChatGPT ({', '.join(_when(r) for r in early.itertuples())}).",
        _translations(docs, load_overlay() if overlay is None else overlay),
        f"Guests' spoken text differs {length.max() / length.min():.1f}-fold in length ({length.min():,} to {length.max():,} "
        "characters): shares and key terms of a short interview rest on few answers (see each interval).",
        "Stances were coded (from one manual), quotes reviewed, and the quotes' on-theme labels given, by "
        "language-model agents (two per task, likely instances of one model), not people: their agreement may "
        "overstate what independent human coders would reach. Themes, quote candidates and key terms are computed; a "
        "quote marked unreviewed has not been read. Each sentence above is generated from the tables when the site "
        "is built.",
    ]  # fmt: skip
    return out


def _when(row: object) -> str:
    """``Andrej Karpathy, recorded ~2017, published 2021`` (``~`` when the recording date is known to the year or month)."""
    if row.recorded is None or pd.isna(row.recorded):
        return f"{row.interviewee}, published {str(row.published)[:4]}"
    about = "~" if getattr(row, "recorded_precision", "day") in ("year", "month") else ""
    return f"{row.interviewee}, recorded {about}{str(row.recorded)[:4]}, published {str(row.published)[:4]}"


def _translations(docs: pd.DataFrame, overlay: pd.DataFrame) -> str:
    """How many interviews are translations, and which translations were not checked against a recording."""
    translated = docs[docs.translated.fillna(False).astype(bool)]
    text = (f"{len(translated)} of {len(docs)} interviews are Chinese translations of conversations held in another language "
            f"({', '.join(translated.interviewee)}): word choice there is the translator's")  # fmt: skip
    if "language_confidence" not in overlay:
        return text + "; whether each was checked against the recording is not recorded (documents_meta.md)."
    confidence = translated.doc_id.map(overlay.set_index("doc_id").language_confidence)
    unsure = translated[confidence.ne("high").to_numpy()]
    verb = "is judged a translation" if len(unsure) == 1 else "are judged translations"
    return text + (f"; {len(unsure)} of them ({', '.join(unsure.interviewee)}) {verb} from the text "
                   "alone, not checked against the recording (documents_meta.md)." if len(unsure) else
                   "; each is judged a translation with high confidence (evidence in documents_meta.md).")  # fmt: skip
