"""Tables for the corpus-overview notebook: what came in, what cleaning did (figures: ``analysis.plots.corpus``).

Examples:
    >>> from analysis.corpus import load_corpus
    >>> corpus = load_corpus()
    >>> accounting = line_accounting(corpus.lines)
    >>> int(accounting.to_numpy().sum()) == len(corpus.lines)
    True

"""

from __future__ import annotations

import difflib

import pandas as pd

from analysis.corpus.deobfuscate import load_scheme

KIND_ORDER = ["content", "heading", "blank", "boilerplate", "nav", "ad", "counter", "credit", "footer",
              "link", "toc", "title", "caption", "spam"]  # fmt: skip


def line_accounting(lines: pd.DataFrame) -> pd.DataFrame:
    """Raw lines per document and kind (the ledger summed up)."""
    table = lines.pivot_table(index="doc_id", columns="kind", values="line_no", aggfunc="count", fill_value=0)
    return table[[k for k in KIND_ORDER if k in table.columns] + [k for k in table.columns if k not in KIND_ORDER]]


def drop_reasons(lines: pd.DataFrame) -> pd.DataFrame:
    """Dropped lines per reason, with one example each."""
    dropped = lines[~lines.kept & (lines.kind != "blank")]
    return (
        dropped.groupby(["kind", "drop_reason"])
        .agg(lines=("line_no", "count"), example=("raw_text", "first"))
        .reset_index()
        .sort_values("lines", ascending=False, ignore_index=True)
    )


def rewriting(documents: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """How much each article was rewritten: detector score and restored substitutions."""
    subs = lines.groupby("doc_id").n_substitutions.sum()
    table = documents.set_index("doc_id")[["obfuscation", "obfuscation_score", "n_chars_clean", "n_lines_restored"]]
    table = table.assign(substitutions=subs)
    table["per_1000_chars"] = (1000 * table.substitutions / table.n_chars_clean.clip(lower=1)).round(1)
    return table.reset_index()


def top_substitutions(documents: pd.DataFrame, lines: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The most frequent restorations per spun article (spun form → original)."""
    rows = []
    for doc in documents.dropna(subset=["obfuscation"]).itertuples():
        scheme = load_scheme(doc.obfuscation)
        kept = lines[(lines.doc_id == doc.doc_id) & lines.kept]
        for raw in kept.raw_text:
            for piece, entry in scheme.scan(raw):
                if entry is not None and entry.original != piece:
                    rows.append((doc.doc_id, doc.obfuscation, piece, entry.original))
    table = pd.DataFrame(rows, columns=["doc_id", "scheme", "spun", "original"])
    counts = table.value_counts().rename("count").reset_index()
    return counts.groupby("doc_id", group_keys=False).head(n).reset_index(drop=True)


def restoration_examples(lines: pd.DataFrame, n: int = 4, width: int = 90) -> pd.DataFrame:
    """Side-by-side raw and restored text for the most rewritten lines of each spun article."""
    spun = lines[lines.kept & lines.restored].sort_values("n_substitutions", ascending=False)
    picked = spun.groupby("doc_id", group_keys=False).head(n)
    return pd.DataFrame(
        {
            "doc_id": picked.doc_id,
            "line_no": picked.line_no,
            "raw": picked.raw_text.str.slice(0, width),
            "restored": picked.text.str.slice(0, width),
            "changed_chars": [_changed(a, b) for a, b in zip(picked.raw_text, picked.text, strict=True)],
        }
    ).reset_index(drop=True)


def _changed(a: str, b: str) -> int:
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes() if tag != "equal")


def speaker_volume(turns: pd.DataFrame) -> pd.DataFrame:
    """Turns and characters per speaker per article."""
    return (
        turns.groupby(["doc_id", "speaker", "role"])
        .agg(turns=("turn_id", "count"), chars=("n_chars", "sum"))
        .reset_index()
        .sort_values(["doc_id", "chars"], ascending=[True, False], ignore_index=True)
    )


def dialogue_sample(turns: pd.DataFrame, doc_id: str, n: int = 6, width: int = 80) -> pd.DataFrame:
    """The first ``n`` dialogue turns of an article, shortened."""
    sample = turns[(turns.doc_id == doc_id) & (turns.role != "narrator")].head(n)
    return sample.assign(text=sample.text.str.slice(0, width))[["turn_id", "speaker", "section", "text"]]
