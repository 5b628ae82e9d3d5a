"""Are the quotes on their theme? Labelling samples, two annotators' labels and what they measure.

Quotes are checked by people (or agents) who read each quote beside the whole answer it comes
from and the theme's definition, and label it ``on``, ``marginal`` or ``off`` the theme. Two
measurements are kept, each a folder of ``items.csv`` (the key), ``annotator_*.csv``,
``summary.csv`` and ``agreement.csv``:

* ``data/quote_labels/`` (:data:`LABELS_DIR`): **the quotes as shown**, after review
  (:mod:`analysis.viewpoints.quote_review`), labelled by two annotators who are not the reviewers:
  ``sample == "study"`` every quote of the study's report; ``"other"`` quotes of other interviews
  the reviewers kept; ``"rejected"`` quotes the reviewers dropped (a check that the annotators see
  the difference; no target applies).
* ``data/quote_labels/selector/`` (:data:`SELECTOR_DIR`): **the selector alone**, without review,
  on the study (``"study"``) and on 23 interviews never looked at while its rules were set
  (``"forty"``): what a user's unreviewed quotes are worth.

Three commands (from the project root, ``PYTHONPATH=src``)::

    python -m analysis.viewpoints.quote_labels sample --forty DIR/data/raw --out ANNOT_DIR [--no-review --draw N --seed S --exclude IDS --key PATH]
    python -m analysis.viewpoints.quote_labels dev --forty DIR/data/raw
    python -m analysis.viewpoints.quote_labels measure --labels ANNOT_DIR [--folder DIR]

``sample`` writes ``sample.csv`` (what the annotators see) to ``--out`` and the key (which corpus,
sentence and rank each item is) to ``--key`` (default ``data/quote_labels/items.csv``); with ``--draw N`` it first
draws N interviews of the second corpus at random (``--seed``; the study's articles and ``--exclude`` left out) and
copies them to ``ANNOT_DIR/corpus/data/raw``; ``--no-review`` draws the selector's quotes before review. ``dev`` prints
the on-theme share of the selector's labelled items it still picks (:func:`dev_estimate`: a development figure,
since the rules were set on those labels); ``measure`` copies ``annotator_*.csv`` into the folder, writes
``summary.csv`` (on-theme shares per sample and theme, with intervals from resampling items) and ``agreement.csv``
(Cohen's κ and Krippendorff's α), and prints them. ``tests/viewpoints/test_quote_labels.py`` recomputes both
from the committed labels and fails when the report no longer shows (or the selector no longer picks) the
labelled study quotes.

Examples:
    >>> LABELS
    ('on', 'marginal', 'off')

"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import DATA_DIR, SEED
from analysis.corpus import load_corpus
from analysis.csvsafe import read_csv, write_csv
from analysis.stats.agreement import cohen_kappa, krippendorff_alpha
from analysis.viewpoints.quotations import quote_table
from analysis.viewpoints.quote_review import LABELS
from analysis.viewpoints.quote_sampling import (
    K,
    annotation_sample,
    draw_interviews,
    labelling_items,
    reviewed_sample,
    subset_raw,
)
from analysis.viewpoints.themes import load_themes

LABELS_DIR = DATA_DIR / "quote_labels"
SELECTOR_DIR = LABELS_DIR / "selector"
#: Samples whose quotes are not shown (the reviewers' rejects): no target applies to them.
NOT_SHOWN = ("rejected",)
#: What each sample of a measurement holds, in words.
SAMPLE_NAMES = {"study": "study quotes", "other": "reviewed quotes of other interviews",
                "rejected": "quotes the reviewers dropped", "forty": "quotes of 23 other interviews"}
#: What each measurement folder measures.
MEASURES = {"quote_labels": "the quotes as shown, after review", "selector": "the selector alone, before review"}
def read_labels(folder: Path, items: pd.Series) -> dict[str, pd.DataFrame]:
    """``annotator_*.csv`` of ``folder`` by annotator name, checked: one label from ``LABELS`` for every item."""
    found = {}
    for path in sorted(Path(folder).glob("annotator_*.csv")):
        table = read_csv(path, dtype=str).fillna("")
        table["label"] = table.label.str.strip().str.lower()
        bad = table[~table.label.isin(LABELS)]
        missing = set(items) - set(table.item)
        if len(bad) or missing or table.item.duplicated().any():
            raise ValueError(f"{path.name}: labels must be one of {LABELS} for every item once; bad rows "
                             f"{bad.item.tolist()[:5]}, missing items {sorted(missing)[:5]}")  # fmt: skip
        found[path.stem.removeprefix("annotator_")] = table[table.item.isin(set(items))][["item", "label", "note"]]
    if len(found) < 2:
        raise ValueError(f"{folder} holds {len(found)} annotator_*.csv file(s); the measurement needs two")
    return found


def item_interval(scores: np.ndarray, n_boot: int = 2000, seed: int = SEED) -> np.ndarray:
    """95 % percentile interval of the mean of per-item ``scores``, resampling items (``[nan, nan]`` for none).

    Items, not labels, are resampled: two annotators' labels of one quote are not two observations.

    Examples:
        >>> item_interval(np.array([1.0] * 9 + [0.0])).round(1).tolist()
        [0.7, 1.0]

    """
    if len(scores) == 0:
        return np.array([np.nan, np.nan])
    draws = np.random.default_rng(seed).integers(0, len(scores), (n_boot, len(scores)))
    return np.percentile(scores[draws].mean(axis=1), [2.5, 97.5])


def labelled(key: pd.DataFrame, labels: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The key with one ``label_<annotator>`` column per annotator."""
    out = key.copy()
    for name, table in labels.items():
        out[f"label_{name}"] = out.item.map(dict(zip(table.item, table.label, strict=True)))
    return out


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """On-theme shares per ``sample`` × ``theme`` (and ``all``): each annotator's, their mean, and on by both.

    ``on`` is the mean over annotators of the share labelled ``on`` (``ci_low``, ``ci_high``: bootstrap over
    items, :func:`item_interval`); ``on_both`` counts items both annotators call ``on``; ``off`` the mean share labelled ``off``.

    Examples:
        >>> f = pd.DataFrame({"sample": "study", "theme": ["a", "a"], "label_x": ["on", "on"], "label_y": ["on", "off"]})
        >>> summary(f).query("sample == 'all'")[["n", "on", "on_both", "off"]].to_numpy().tolist()
        [[2.0, 0.75, 0.5, 0.25]]

    """
    columns = [c for c in frame.columns if c.startswith("label_")]
    rows = []
    groups = [("all", "all", frame), *((s, "all", g) for s, g in frame.groupby("sample")),
              *((s, t, g) for (s, t), g in frame.groupby(["sample", "theme"]))]  # fmt: skip
    if "rank" in frame.columns:  # a sample drawn beyond the report's K quotes: its first K apart
        groups += [(f"{s} rank ≤ {K}", "all", g[g["rank"] <= K]) for s, g in frame.groupby("sample") if (g["rank"] > K).any()]
    for sample, theme, group in groups:
        on = (group[columns] == "on").to_numpy()
        low, high = item_interval(on.mean(axis=1))
        rows.append({"sample": sample, "theme": theme, "n": len(group), "on": on.mean(), "ci_low": low, "ci_high": high,
                     "on_both": on.all(axis=1).mean(), "off": (group[columns] == "off").to_numpy().mean(),
                     **{f"on_{c.removeprefix('label_')}": on[:, i].mean() for i, c in enumerate(columns)}})  # fmt: skip
    return pd.DataFrame(rows)


def agreement(frame: pd.DataFrame) -> pd.DataFrame:
    """Cohen's κ and Krippendorff's α (nominal on the three labels; and on on vs not on) of the first two annotators.

    Both from :mod:`analysis.stats.agreement` (scikit-learn's κ, the ``krippendorff`` package's α).

    Examples:
        >>> f = pd.DataFrame({"label_x": ["on", "off", "on", "marginal"], "label_y": ["on", "off", "on", "on"]})
        >>> agreement(f).set_index("labels").loc["on/marginal/off", ["n", "observed"]].tolist()
        [4.0, 0.75]

    """
    a, b = (frame[c] for c in [c for c in frame.columns if c.startswith("label_")][:2])
    rows = []
    for name, x, y in (("on/marginal/off", a, b), ("on vs not on", a == "on", b == "on")):
        rows.append({"labels": name, "n": len(x), "observed": float((x == y).mean()),
                     "kappa": cohen_kappa(x, y), "alpha": krippendorff_alpha([x, y])})  # fmt: skip
    return pd.DataFrame(rows)


def measure(labels_from: Path, folder: Path = LABELS_DIR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Copy the annotators' files into ``folder``, write ``summary.csv`` and ``agreement.csv`` there, return both."""
    key = read_csv(folder / "items.csv")
    labels = read_labels(labels_from, key.item)
    for name, table in labels.items():
        write_csv(folder / f"annotator_{name}.csv", table)
    return recompute(folder, write=True)


def recompute(folder: Path = LABELS_DIR, write: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``summary`` and ``agreement`` from the key and the annotators' files in ``folder`` (written when ``write``)."""
    key = read_csv(folder / "items.csv")
    frame = labelled(key, read_labels(folder, key.item))
    result = summary(frame), agreement(frame)
    if write:
        for name, table in zip(("summary", "agreement"), result, strict=True):
            write_csv(folder / f"{name}.csv", table.round(4))
    return result


#: The share of quotes on their theme the project aims at (issue 26).
TARGET = 0.9


def reading(folder: Path = LABELS_DIR) -> str:
    """Markdown: how many quotes the annotators found on their theme, per sample and theme, and their agreement.

    Says so when the labels have not been measured yet (``summary.csv`` missing).
    """
    if not (folder / "summary.csv").exists():
        return ("**Quotes on their theme: not measured yet.** The labelling sample is drawn "
                f"({len(read_csv(folder / 'items.csv')) if (folder / 'items.csv').exists() else 0} items); "
                "run `python -m analysis.viewpoints.quote_labels measure --labels DIR` once two annotators' files are in.")  # fmt: skip
    table, agree = pd.read_csv(folder / "summary.csv"), pd.read_csv(folder / "agreement.csv").set_index("labels")
    lines = [f"**Quotes on their theme: {MEASURES.get(Path(folder).name, Path(folder).name)}** (two annotators read each "
             "quote beside its whole answer and the theme's definition; `on` share averaged over them, 95 % interval "
             "resampling quotes; *on by both* counts quotes both call on):"]  # fmt: skip
    for r in table.itertuples():
        name = ("all items" + (" (shown and dropped together)" if set(table["sample"]) & set(NOT_SHOWN) else "")
                if r.sample == "all" else SAMPLE_NAMES.get(r.sample, f"{r.sample} quotes"))  # fmt: skip
        where = name + ("" if r.theme == "all" else f", {r.theme}")
        lines.append(f"- {where}: {r.on:.0%} on ({r.ci_low:.0%}–{r.ci_high:.0%}), {r.on_both:.0%} on by both, "
                     f"{r.off:.0%} off; n = {r.n}")  # fmt: skip
    for name, r in agree.iterrows():
        lines.append(f"- agreement ({name}, n = {int(r.n)}): {r.observed:.0%} identical, Cohen's κ {r.kappa:.2f}, "
                     f"Krippendorff's α {r.alpha:.2f}")  # fmt: skip
    lines.append("\nThe annotators were two language-model agents given the same instructions: agreement between them "
                 "shows the labels are stable for such a reader, not that two people would agree.")
    lines.append(target_reading(table))
    return "\n".join(lines)


def target_reading(summary: pd.DataFrame, target: float = TARGET) -> str:
    """One sentence per sample: whether its on-theme share reaches ``target`` (the project's bar for quotes).

    Examples:
        >>> table = pd.DataFrame({"sample": ["study", "forty"], "theme": "all", "on": [0.87, 0.32],
        ...                       "ci_low": [0.8, 0.24], "ci_high": [0.94, 0.41], "n": [94, 112]})
        >>> print(target_reading(table))
        **Against the target of 90% on theme:** study quotes 87% (80%–94%, n = 94): below it; quotes of 23 other interviews 32% (24%–41%, n = 112): below it, and so is the whole interval: read these quotes as candidates to check against their answers, not as evidence.

    """
    rows = summary[(summary["theme"] == "all") & ~summary["sample"].isin(["all", *NOT_SHOWN])
                   & ~summary["sample"].str.contains("rank")]  # fmt: skip
    parts, far = [], False
    for r in rows.itertuples():
        verdict = "meets it" if r.on >= target else "below it"
        if r.ci_high < target:
            verdict, far = verdict + ", and so is the whole interval", True
        parts.append(f"{SAMPLE_NAMES.get(r.sample, r.sample + ' quotes')} {r.on:.0%} ({r.ci_low:.0%}–{r.ci_high:.0%}, "
                     f"n = {int(r.n)}): {verdict}")  # fmt: skip
    advice = ": read these quotes as candidates to check against their answers, not as evidence." if far else "."
    return f"**Against the target of {target:.0%} on theme:** " + "; ".join(parts) + advice


def dev_estimate(selected: dict[str, pd.DataFrame], frame: pd.DataFrame) -> pd.DataFrame:
    """On-theme share of the labelled items the selector still picks, per sample (the dev estimate of a selector change).

    ``frame`` is the labelled key (:func:`labelled`); ``selected`` maps each of its sample names to the quote table the current selector draws from the
    same corpus with the same ``k`` as the labelled sample. ``on`` is the mean over annotators of the share labelled
    on, among the labelled items (``before``, n ``n_before``) and among those still selected (``after``, n ``kept``);
    ``dropped`` counts labelled items no longer selected, ``unlabelled`` selected quotes nobody has labelled.
    Labels that chose the rules cannot test them: this is a development figure, the test is a new sample.

    Examples:
        >>> key = pd.DataFrame({"item": ["q1", "q2"], "sample": "s", "doc_id": "d", "turn_id": 1, "sent_id": [1, 2],
        ...                     "theme": "t", "label_x": ["on", "off"], "label_y": ["on", "on"]})
        >>> picked = pd.DataFrame({"doc_id": ["d", "d"], "turn_id": 1, "sent_id": [1, 3], "theme": "t"})
        >>> dev_estimate({"s": picked}, key)[["n_before", "before", "kept", "after", "dropped", "unlabelled"]].iloc[0].tolist()
        [2.0, 0.75, 1.0, 1.0, 1.0, 1.0]

    """
    columns = [c for c in frame.columns if c.startswith("label_")]
    frame = frame.assign(on=(frame[columns] == "on").mean(axis=1))
    ids = ["doc_id", "turn_id", "sent_id", "theme"]
    rows = []
    for name, picked in selected.items():
        items = frame[frame["sample"] == name]
        still = items.merge(picked[ids].drop_duplicates(), on=ids, how="inner")
        new = picked[ids].drop_duplicates().merge(items[ids], on=ids, how="left", indicator=True)
        rows.append({"sample": name, "n_before": len(items), "before": items.on.mean(), "kept": len(still),
                     "after": still.on.mean(), "dropped": len(items) - len(still),
                     "unlabelled": int((new["_merge"] == "left_only").sum())})  # fmt: skip
    return pd.DataFrame(rows)


def _dev(forty_raw: Path) -> None:
    key = read_csv(SELECTOR_DIR / "items.csv")
    selected = {}
    for name, corpus in (("study", load_corpus()), ("forty", load_corpus(forty_raw))):
        guests = sorted(set(corpus.turns.loc[corpus.turns.role == "guest", "speaker"]))
        k = int(key.loc[key["sample"] == name, "rank"].max())
        selected[name] = quote_table(guests, load_themes().id.tolist(), k=k, corpus=corpus, review=False)
    frame = labelled(key, read_labels(SELECTOR_DIR, key.item))
    print(dev_estimate(selected, frame).round(3).to_string(index=False))


def _sample(forty_raw: Path, out: Path, n_other: int | None, k_other: int, key_path: Path,
            draw: int, seed: int, exclude: set[str], review: bool) -> None:  # fmt: skip
    study = load_corpus()
    if review:  # the report's quotes in the report's order (the speakers table's)
        guests = study.speakers.loc[study.speakers.role == "guest", "speaker"].tolist()
    else:
        guests = sorted(set(study.turns.loc[study.turns.role == "guest", "speaker"]))
    mine = labelling_items(study, guests, review=review)
    if draw:
        drawn = draw_interviews(forty_raw, draw, exclude | set(study.documents.doc_id), seed)
        forty_raw = subset_raw(forty_raw, drawn, out / "corpus" / "data" / "raw")
        print(f"drew {len(drawn)} interviews (random_state={seed}): {', '.join(drawn)} -> {forty_raw}")
    forty = load_corpus(forty_raw)
    if review:
        sheet, key = reviewed_sample(mine, forty)
    else:
        others = sorted(set(forty.turns.loc[forty.turns.role == "guest", "speaker"]))
        other = labelling_items(forty, others, k=k_other, review=False)
        sheet, key = annotation_sample(mine, other, len(other) if n_other is None else n_other)
    write_csv(out / "sample.csv", sheet)
    write_csv(key_path, key)
    counts = pd.crosstab(key.theme, key["sample"])
    print(f"{len(sheet)} items ({len(mine)} study quotes) -> {out / 'sample.csv'}; key -> {key_path}\n{counts}")


def main(argv: list[str] | None = None) -> None:
    """Command line: ``sample`` (write the labelling sheet) or ``measure`` (read the labels, print the figures)."""
    parser = argparse.ArgumentParser(prog="python -m analysis.viewpoints.quote_labels", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("sample", help="write sample.csv for the annotators")
    make.add_argument("--forty", type=Path, required=True, help="raw folder of the second corpus")
    make.add_argument("--out", type=Path, required=True)
    make.add_argument("--n", type=int, default=None, help="quotes drawn from the second corpus (default: all)")
    make.add_argument("--key", type=Path, default=LABELS_DIR / "items.csv", help="where the key goes")
    make.add_argument("--draw", type=int, default=0, help="draw this many interviews of --forty at random first "
                      "(the study's articles and --exclude left out); 0: use them all")
    make.add_argument("--seed", type=int, default=SEED, help="random_state of the draw")
    make.add_argument("--exclude", default="", help="doc_ids (comma-separated) the draw leaves out")
    make.add_argument("--no-review", action="store_true", help="the selector's quotes before review")
    make.add_argument("--k-other", type=int, default=K, help="quotes per guest and theme in the second corpus "
                      "(the key's rank tells the report's first K apart)")
    dev = sub.add_parser("dev", help="on-theme share of the labelled items the current selector still picks")
    dev.add_argument("--forty", type=Path, required=True, help="raw folder of the labelled sample's second corpus")
    read = sub.add_parser("measure", help="read annotator_*.csv, write the label files, print the figures")
    read.add_argument("--labels", type=Path, required=True, help="folder holding annotator_*.csv")
    read.add_argument("--folder", type=Path, default=LABELS_DIR, help="the measurement's folder (holds items.csv)")
    args = parser.parse_args(argv)
    if args.command == "sample":
        exclude = {d.strip() for d in args.exclude.split(",") if d.strip()}
        _sample(args.forty, args.out, args.n, args.k_other, args.key, args.draw, args.seed, exclude, not args.no_review)
        return
    if args.command == "dev":
        _dev(args.forty)
        return
    table, kappa = measure(args.labels, args.folder)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.round(3).to_string(index=False), kappa.round(3).to_string(index=False), sep="\n\n")


if __name__ == "__main__":
    main()
