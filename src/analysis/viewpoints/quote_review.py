"""Quote review: the selector proposes, readers decide which quotes are shown as on their theme.

The selector (:mod:`analysis.viewpoints.quotations`) ranks a guest's sentences on a theme from
keywords and embeddings; measured against annotators (``data/quote_labels``) that alone is not
enough (e5-small cannot tell a view on scaling from 数据规模 in a database pitch). So, as with the
stance codes, people (or agents) read the candidates beside their whole answer and label each
``on``, ``marginal`` or ``off`` the theme; every label ever given is kept in
``data/quote_review.csv`` (``round, doc_id, theme, text, reviewer, label, note``), keyed by the
quote's text, so a label survives a change of segmentation.

:func:`apply_review` is what :func:`analysis.viewpoints.quotations.quotes` does with them: a quote
every reviewer labelled ``on`` is kept with ``review = "on"``; a quote any reviewer labelled
``marginal`` or ``off`` is dropped (precision first: one doubt is enough); a quote nobody has read
stays, marked ``review = "unreviewed"``, a candidate to read, not evidence.

Two commands (from the project root, ``PYTHONPATH=src``)::

    python -m analysis.viewpoints.quote_review sheet --raw data/raw --out REVIEW_DIR [--depth 10]
    python -m analysis.viewpoints.quote_review add --labels REVIEW_DIR --round NAME

``sheet`` writes ``REVIEW_DIR/sample.csv``: every unreviewed candidate among the first ``depth`` of
each guest × theme (with its answer and the theme's definition, shuffled, no scores); reviewers
each fill ``annotator_<name>.csv`` (``item, label, note``) alone; ``add`` checks their files and
appends their labels to ``data/quote_review.csv``.

Examples:
    >>> reviews = pd.DataFrame({"round": "r", "doc_id": "d", "theme": "t", "text": ["甲", "甲", "乙"],
    ...                         "reviewer": ["a", "b", "a"], "label": ["on", "on", "marginal"], "note": ""})
    >>> candidates = pd.DataFrame({"doc_id": "d", "theme": "t", "text": ["甲", "乙", "丙"]})
    >>> apply_review(candidates, verdicts(reviews))[["text", "review"]].values.tolist()
    [['甲', 'on'], ['丙', 'unreviewed']]

"""

from __future__ import annotations

import argparse
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.cache import atomic_write
from analysis.config import DATA_DIR, SEED
from analysis.csvsafe import read_csv, write_csv

REVIEW_PATH = DATA_DIR / "quote_review.csv"
LABELS = ("on", "marginal", "off")
REVIEW_COLUMNS = ["round", "doc_id", "theme", "text", "reviewer", "label", "note"]
KEY = ["doc_id", "theme", "text"]
ON, UNREVIEWED = "on", "unreviewed"
#: Candidates per guest × theme a review sheet covers (the report shows 5; the rest replace rejected ones).
DEPTH = 10


def load_reviews(path: Path = REVIEW_PATH) -> pd.DataFrame:
    """Every review label (``REVIEW_COLUMNS``), checked: labels from ``LABELS``; an empty table when none exist."""
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=REVIEW_COLUMNS)
    stat = path.stat()
    return _read_reviews(path, stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=4)
def _read_reviews(path: Path, mtime_ns: int, size: int) -> pd.DataFrame:
    """The review file as read at that modification time and size (read once per version)."""
    reviews = read_csv(path, dtype=str).fillna("")
    bad = reviews[~reviews.label.isin(LABELS)]
    if len(bad):
        raise ValueError(f"{path}: labels must be one of {LABELS}; rows {bad.index.tolist()[:5]} are not")
    return reviews[REVIEW_COLUMNS]


def verdicts(reviews: pd.DataFrame) -> pd.Series:
    """Per quote (``doc_id, theme, text``): ``"on"`` when every label is on, else ``"rejected"``.

    Examples:
        >>> r = pd.DataFrame({"doc_id": "d", "theme": "t", "text": ["甲", "甲"], "label": ["on", "off"]})
        >>> verdicts(r).tolist()
        ['rejected']

    """
    if reviews.empty:
        return pd.Series(dtype=object, name="verdict")
    all_on = reviews.label.eq(ON).groupby([reviews[c] for c in KEY]).all()
    return all_on.map({True: ON, False: "rejected"}).rename("verdict")


def apply_review(candidates: pd.DataFrame, found: pd.Series | None = None) -> pd.DataFrame:
    """``candidates`` without the quotes a reviewer doubted, with ``review``: ``"on"`` or ``"unreviewed"``.

    ``found``: the :func:`verdicts` to apply (default: those of ``data/quote_review.csv``).
    """
    found = verdicts(load_reviews()) if found is None else found
    verdict = candidates.join(found, on=KEY).verdict if len(found) else pd.Series(pd.NA, index=candidates.index)
    kept = candidates[verdict.ne("rejected").to_numpy()]
    return kept.assign(review=verdict[kept.index].fillna(UNREVIEWED).to_numpy())


def review_sheet(candidates: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """The unreviewed rows of ``candidates`` (a labelling table with ``context`` and ``theme_definition``), shuffled, numbered."""
    todo = candidates[candidates.review.eq(UNREVIEWED)].sample(frac=1.0, random_state=seed).reset_index(drop=True)
    todo.insert(0, "item", [f"r{i:04d}" for i in range(1, len(todo) + 1)])
    return todo.rename(columns={"text": "quote"})[["item", "theme", "theme_definition", "speaker", "quote",
                                                   "context", "doc_id", "turn_id"]]  # fmt: skip


def reviewed_round(sheet: pd.DataFrame, labels: dict[str, pd.DataFrame], round_name: str) -> pd.DataFrame:
    """The review rows (``REVIEW_COLUMNS``) of one round: each reviewer's label of each sheet item.

    Examples:
        >>> sheet = pd.DataFrame({"item": ["r1"], "doc_id": "d", "theme": "t", "quote": "甲"})
        >>> reviewed_round(sheet, {"a": pd.DataFrame({"item": ["r1"], "label": ["on"], "note": [""]})}, "x").values.tolist()
        [['x', 'd', 't', '甲', 'a', 'on', '']]

    """
    rows = [sheet.merge(table, on="item").assign(round=round_name, reviewer=name) for name, table in labels.items()]
    return pd.concat(rows, ignore_index=True).rename(columns={"quote": "text"})[REVIEW_COLUMNS]


def add_round(folder: Path, round_name: str, path: Path = REVIEW_PATH) -> pd.DataFrame:
    """Append the labels in ``folder`` (``sample.csv`` and two or more ``annotator_*.csv``) to the review file."""
    from analysis.viewpoints.quote_labels import read_labels

    reviews = load_reviews(path)
    if round_name in set(reviews["round"]):
        raise ValueError(f"round {round_name!r} is already in {path}; name the new round otherwise")
    sheet = read_csv(Path(folder) / "sample.csv", dtype=str).fillna("")
    added = reviewed_round(sheet, read_labels(folder, sheet.item), round_name)
    write_csv(path, pd.concat([reviews, added], ignore_index=True))
    return added


def _sheet(raw: Path, out: Path, depth: int) -> None:
    from analysis.corpus import load_corpus
    from analysis.viewpoints.quote_sampling import labelling_items

    corpus = load_corpus(raw)
    guests = sorted(set(corpus.turns.loc[corpus.turns.role == "guest", "speaker"]))
    sheet = review_sheet(labelling_items(corpus, guests, k=depth))
    Path(out).mkdir(parents=True, exist_ok=True)
    atomic_write(Path(out) / "sample.csv", lambda tmp: write_csv(tmp, sheet))
    print(f"{len(sheet)} unreviewed quotes -> {Path(out) / 'sample.csv'}")


def main(argv: list[str] | None = None) -> None:
    """Command line: ``sheet`` (write the unreviewed candidates) or ``add`` (append reviewers' labels)."""
    parser = argparse.ArgumentParser(prog="python -m analysis.viewpoints.quote_review", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("sheet", help="write sample.csv: the unreviewed candidates of a corpus")
    make.add_argument("--raw", type=Path, default=Path("data/raw"), help="raw folder of the corpus")
    make.add_argument("--out", type=Path, required=True)
    make.add_argument("--depth", type=int, default=DEPTH, help="candidates per guest × theme")
    add = sub.add_parser("add", help="append the reviewers' annotator_*.csv to data/quote_review.csv")
    add.add_argument("--labels", type=Path, required=True, help="folder holding sample.csv and annotator_*.csv")
    add.add_argument("--round", required=True, help="a name for this round (e.g. its date)")
    add.add_argument("--file", type=Path, default=REVIEW_PATH, help="the review file (default: the one quotes() reads)")
    args = parser.parse_args(argv)
    if args.command == "sheet":
        _sheet(args.raw, args.out, args.depth)
        return
    added = add_round(args.labels, args.round, args.file)
    print(f"{len(added)} labels of {added[KEY].drop_duplicates().shape[0]} quotes added to {args.file}")


if __name__ == "__main__":
    main()
