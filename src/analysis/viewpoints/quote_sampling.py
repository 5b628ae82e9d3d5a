"""Labelling samples of quotes: what annotators see (``sample.csv``) and the key to it (``items.csv``).

Two designs (:mod:`analysis.viewpoints.quote_labels` measures either): :func:`reviewed_sample`, the quotes as
shown (the report's quotes, reviewed quotes of other interviews and some rejects), and
:func:`annotation_sample`, the selector alone (the study's quotes and a random draw of another corpus's).
Annotators see the quote, its whole answer and the theme's definition, shuffled, without scores.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.cache import atomic_write
from analysis.config import SEED
from analysis.corpus import Corpus
from analysis.csvsafe import read_csv, write_csv
from analysis.viewpoints.quotations import quote_table
from analysis.viewpoints.quote_review import load_reviews, verdicts
from analysis.viewpoints.themes import load_themes

SHEET_COLUMNS = ["item", "theme", "theme_definition", "speaker", "quote", "context", "doc_id", "turn_id"]
KEY_COLUMNS = ["item", "sample", "doc_id", "turn_id", "sent_id", "speaker", "theme", "rank", "text"]
#: Quotes per guest and theme, as the report's ``reports/quotes.csv``.
K = 5
#: Rejected quotes drawn into a measurement of the reviewed quotes (a check that the annotators see the difference),
#: and the random states of that draw and of the shuffle (2026-12-07 measurement).
N_REJECTED, REJECTED_SEED, SHUFFLE_SEED = 30, 11, 2026



def labelling_items(corpus: Corpus, speakers: list[str], k: int = K, review: bool = True) -> pd.DataFrame:
    """The quote table of ``speakers`` with each quote's whole answer (``context``) and theme definition.

    The quotes as shown, after review (:mod:`analysis.viewpoints.quote_review`), unless ``review=False``.
    """
    return _with_context(quote_table(speakers, load_themes().id.tolist(), k=k, corpus=corpus, review=review), corpus)


def _with_context(quotes: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    themes = load_themes()
    context = corpus.turns.set_index(["doc_id", "turn_id"]).text.rename("context")
    definition = dict(zip(themes.id, themes.label_en + ": " + themes.description, strict=True))
    return quotes.join(context, on=["doc_id", "turn_id"]).assign(theme_definition=quotes.theme.map(definition))


def reviewed_items(corpus: Corpus, verdict: str) -> pd.DataFrame:
    """The quotes of ``corpus`` the reviewers gave ``verdict`` (``"on"`` or ``"rejected"``), as labelling items.

    Matched to the corpus's sentences by ``doc_id`` and text (a review label keys a quote by its text); ``rank`` 0.
    """
    found = verdicts(load_reviews()).reset_index()
    sentences = corpus.sentences[["doc_id", "turn_id", "sent_id", "speaker", "text"]]
    items = found[found.verdict == verdict].merge(sentences, on=["doc_id", "text"])
    return _with_context(items.drop_duplicates(["doc_id", "theme", "text"]), corpus).assign(rank=0)


def reviewed_sample(shown: pd.DataFrame, other: Corpus, n_rejected: int = N_REJECTED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(sheet, key)`` measuring the quotes as shown, shuffled and numbered ``m001``...

    ``shown`` (the report's quotes: ``"study"``), the reviewers' kept quotes of ``other`` outside the study
    (``"other"``) and ``n_rejected`` of their rejects anywhere in ``other`` (``"rejected"``).
    """
    kept = reviewed_items(other, "on")
    kept = kept[~kept.doc_id.isin(set(shown.doc_id))].assign(sample="other")
    rejected = reviewed_items(other, "rejected")
    rejected = rejected.sample(n=min(n_rejected, len(rejected)), random_state=REJECTED_SEED).assign(sample="rejected")
    both = pd.concat([shown.assign(sample="study"), kept, rejected], ignore_index=True)
    both = both.sample(frac=1.0, random_state=SHUFFLE_SEED).reset_index(drop=True)
    both["item"] = [f"m{i:03d}" for i in range(1, len(both) + 1)]
    return both.rename(columns={"text": "quote"})[SHEET_COLUMNS], both[KEY_COLUMNS]


def annotation_sample(study: pd.DataFrame, other: pd.DataFrame, n_other: int, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(sheet, key)``: every study quote plus ``n_other`` random quotes of ``other``, shuffled, numbered ``q001``...

    Examples:
        >>> row = {"doc_id": "d", "turn_id": 1, "sent_id": 0, "speaker": "s", "theme": "t", "rank": 1, "text": "x",
        ...        "context": "x y", "theme_definition": "T"}
        >>> sheet, key = annotation_sample(pd.DataFrame([row]), pd.DataFrame([row, {**row, "doc_id": "e"}]), 1)
        >>> list(sheet.columns[:3]), sorted(key["sample"])
        (['item', 'theme', 'theme_definition'], ['forty', 'study'])

    """
    other = other[~other.doc_id.isin(set(study.doc_id))]
    drawn = other.sample(n=min(n_other, len(other)), random_state=seed)
    both = pd.concat([study.assign(sample="study"), drawn.assign(sample="forty")], ignore_index=True)
    both = both.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    both["item"] = [f"q{i:03d}" for i in range(1, len(both) + 1)]
    sheet = both.rename(columns={"text": "quote"})[SHEET_COLUMNS]
    return sheet, both[KEY_COLUMNS]


def draw_interviews(raw: Path, n: int, exclude: set[str], seed: int) -> list[str]:
    r"""``n`` doc_ids of ``raw/sources.csv`` drawn at random (``DataFrame.sample(random_state=seed)``), ``exclude`` left out.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "sources.csv").write_text("source_file,doc_id\na.md,a\nb.md,b\nc.md,c\n", encoding="utf-8")
        >>> draw_interviews(folder, 5, {"b"}, seed=1)
        ['a', 'c']

    """
    sources = read_csv(Path(raw) / "sources.csv", dtype=str)
    left = sources[~sources.doc_id.isin(exclude)]
    return sorted(left.sample(n=min(n, len(left)), random_state=seed).doc_id)


def subset_raw(raw: Path, doc_ids: list[str], dest: Path) -> Path:
    """Copy the articles ``doc_ids`` of ``raw`` with their ``sources.csv`` rows into ``dest`` (a raw folder); return it."""
    sources = read_csv(Path(raw) / "sources.csv", dtype=str).fillna("")
    chosen = sources[sources.doc_id.isin(set(doc_ids))]
    Path(dest).mkdir(parents=True, exist_ok=True)
    for name in chosen.source_file:
        data = (Path(raw) / name).read_bytes()
        atomic_write(Path(dest) / name, lambda tmp, data=data: Path(tmp).write_bytes(data))
    write_csv(Path(dest) / "sources.csv", chosen)  # formula-like cells neutralised, as in every CSV the project writes
    return Path(dest)
