"""The study's main findings for the index page, computed from the tables the notebooks saved.

Each notebook already saves the table behind every figure (``figures/<name>.csv``) and its
outputs (``data/processed``); a finding here is one sentence computed from those files, with a
link to the figure that is its evidence (``<page>.html#fig-<name>``). Nothing is typed in: a
changed corpus changes the sentence. A finding whose table is missing or has other columns is
reported as unavailable with the reason, never guessed.

Examples:
    >>> Finding("01_corpus_overview", "x", "01_line_accounting").href
    '01_corpus_overview.html#fig-01_line_accounting'

"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.config import FIGURES_DIR, PROCESSED_DIR
from analysis.plots.style import speaker_label
from analysis.viewpoints.themes import load_themes


@dataclass(frozen=True)
class Finding:
    """One sentence of the index, the page it comes from, and the figure that shows its evidence."""

    page: str
    text: str
    figure: str

    @property
    def href(self) -> str:
        """Link to the figure: ``<page>.html#fig-<figure>``."""
        return f"{self.page}.html#fig-{self.figure}"


def _pct(x: float) -> str:
    return f"{x:.0%}"


def corpus_findings(figures: Path, processed: Path) -> list[Finding]:
    """Notebook 01: what came in, what cleaning kept, which articles were spun, who speaks."""
    docs = pd.read_parquet(processed / "documents.parquet")
    spun = docs.dropna(subset=["obfuscation"])
    volume = pd.read_csv(figures / "01_speaker_volume.csv")
    guest_share = volume.assign(guest=volume.role.eq("guest") * volume.chars).groupby("doc_id")[["guest", "chars"]].sum()
    share = guest_share.guest / guest_share.chars
    page = "01_corpus_overview"
    return [
        Finding(page, f"{len(docs)} interviews; cleaning keeps {docs.n_lines_kept.sum():,} of {docs.n_lines_raw.sum():,} "
                f"raw lines ({_pct(docs.n_lines_kept.sum() / docs.n_lines_raw.sum())}), every dropped line with a reason.",
                "01_line_accounting"),
        Finding(page, f"{len(spun)} of {len(docs)} articles were rewritten by synonym-substitution tools "
                f"({', '.join(f'{r.doc_id}: {r.obfuscation}' for r in spun.itertuples())}) and are restored before analysis.",
                "01_line_accounting"),
        Finding(page, f"The guest speaks {_pct(share.min())}–{_pct(share.max())} of the characters of each interview.",
                "01_speaker_volume"),
    ]  # fmt: skip


def term_findings(figures: Path, processed: Path) -> list[Finding]:
    """Notebook 02: each guest's most characteristic word (highest significant G² of over-use)."""
    table = pd.read_csv(figures / "02_keyness.csv")
    over = table[(table.direction == "over") & table.significant].sort_values("g2", ascending=False)
    top = over.groupby("speaker").head(1)
    parts = [f"{speaker_label(r.speaker)}: {r.term} (×{2 ** r.log_ratio:.0f})" for r in top.itertuples()]
    silent = sorted(set(table.speaker) - set(top.speaker))
    tail = f"; no significant key term for {', '.join(map(speaker_label, silent))}" if silent else ""
    text = f"Most characteristic word of each guest against the others (highest G², times as frequent): {'; '.join(parts)}{tail}."
    return [Finding("02_term_frequency", text, "02_keyness")]


def topic_findings(figures: Path, processed: Path) -> list[Finding]:
    """Notebook 03: how many topics, how many shared, and BERTopic's coherence against NMF."""
    metrics = pd.read_csv(processed / "topic_metrics.csv").set_index("model")
    bert, nmf = metrics.loc["bertopic"], metrics.loc["nmf"]
    better = "above" if bert.npmi_seeds > nmf.npmi_seeds else "below"
    text = (f"BERTopic finds {bert.n_topics:.0f} topics in the guests' answers, {bert.shared_topics:.0f} of them shared "
            f"by two or more guests; its coherence (NPMI {bert.npmi_seeds:.3f}) is {better} NMF's ({nmf.npmi_seeds:.3f}).")  # fmt: skip
    return [Finding("03_topic_modeling", text, "03_topic_speakers")]


def viewpoint_findings(figures: Path, processed: Path) -> list[Finding]:
    """Notebook 04: each guest's largest theme, and the most and least alike pair of guests."""
    labels = load_themes().set_index("id")
    coverage = pd.read_csv(figures / "04_theme_coverage.csv").set_index("speaker")
    best = coverage.idxmax(axis=1)
    parts = [f"{speaker_label(s)}: {labels.label_zh[t]} ({labels.label_en[t]}, {_pct(coverage.loc[s, t])})"
             for s, t in best.items()]  # fmt: skip
    pairs = pd.read_csv(figures / "04_similarity_overall.csv")
    pairs = pairs[pairs.a != pairs.b].sort_values("embedding")
    low, high = pairs.iloc[0], pairs.iloc[-1]
    page = "04_viewpoint_comparison"
    return [
        Finding(page, f"The theme each guest spends most of his words on: {'; '.join(parts)}.", "04_theme_coverage"),
        Finding(page, f"Over all statements, {speaker_label(high.a)} and {speaker_label(high.b)} sound most alike "
                f"(embedding cosine {high.embedding:.2f}), {speaker_label(low.a)} and {speaker_label(low.b)} least "
                f"({low.embedding:.2f}).", "04_similarity_overall"),
    ]  # fmt: skip


#: Which function computes the findings of which notebook page.
SOURCES: dict[str, Callable[[Path, Path], list[Finding]]] = {
    "01_corpus_overview": corpus_findings,
    "02_term_frequency": term_findings,
    "03_topic_modeling": topic_findings,
    "04_viewpoint_comparison": viewpoint_findings,
}


def findings(page: str, figures: Path = FIGURES_DIR, processed: Path = PROCESSED_DIR) -> tuple[list[Finding], str]:
    """(findings of ``page``, why none) — the reason is empty when the findings were computed."""
    source = SOURCES.get(page)
    if source is None:
        return [], ""
    try:
        return source(figures, processed), ""
    except (OSError, KeyError, AttributeError, IndexError, ValueError) as exc:
        return [], f"findings unavailable ({type(exc).__name__}: {exc}); rerun `make report`"
