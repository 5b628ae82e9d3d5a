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
    """Notebook 02: each guest's strongest key term (key = significant, spread over answers, interval above 0)."""
    table = pd.read_parquet(processed / "keyness.parquet")
    key = table[table.key].sort_values("g2", ascending=False)
    top = key.groupby("speaker").head(1)
    parts = [f"{speaker_label(r.speaker)}: {r.term} ({r.count}× in {r.n_turns} answers)" for r in top.itertuples()]
    silent = sorted(set(table.speaker) - set(top.speaker))
    tail = f"; no key term for {', '.join(map(speaker_label, silent))}" if silent else ""
    dropped = int((table.significant & (table.direction == "over") & ~table.key).sum())
    text = (f"Strongest key term of each guest (significant, in at least three of his answers, at most half in one): "
            f"{'; '.join(parts)}{tail}. {dropped} significant over-used terms are not key, mostly because they come from one or two answers.")  # fmt: skip
    return [Finding("02_term_frequency", text, "02_key_intervals")]


def topic_findings(figures: Path, processed: Path) -> list[Finding]:
    """Notebook 03: the adopted model, its chosen setting's coherence, and the sharing test against its null."""
    from analysis.topics.decision import NAMES, sharing_subject
    from analysis.topics.selection import choose

    summary = pd.read_csv(processed / "topic_metrics.csv")
    adopted = pd.read_parquet(processed / "topic_assignments.parquet", columns=["model"]).model.iloc[0]
    chosen = choose(summary).set_index("model", drop=False)
    row = chosen.loc[adopted]
    tested = sharing_subject(summary, row)  # a centred fit spreads over guests by construction: its uncentred twin
    others = "; ".join(f"{NAMES[m]} {r.npmi_heldout:.3f} ± {r.npmi_heldout_sd:.3f}" for m, r in chosen.drop(adopted).iterrows())
    verdict = ("less shared across guests than chance" if tested.rejects_less else
               "more shared than chance" if tested.rejects_more else "shared about as chance predicts")  # fmt: skip
    text = (f"Notebook 03 adopts {NAMES[adopted]} ({row.setting}: {row.n_topics:.0f} topics, held-out NPMI "
            f"{row.npmi_heldout:.3f} ± {row.npmi_heldout_sd:.3f} over seeds; {others}). Its topics"
            f"{' (tested on the uncentred fit)' if row.centre else ''} are {verdict}: sharing index {tested.sharing:.3f} "
            f"against a turn-shuffle null of {tested.null_mean:.3f} (largest p over seeds {tested.p_less_max:.3f}); "
            "shuffling turns between guests also shuffles them between interviews, and the verdict of every model "
            "is on the page.")  # fmt: skip
    return [Finding("03_topic_modeling", text, "03_topic_null")]


def viewpoint_findings(figures: Path, processed: Path) -> list[Finding]:
    """Notebook 04: the coded stances most guests took a side on, and how much on-theme talk was asked for."""
    stances = pd.read_csv(figures / "04_stance_grid.csv")
    taking = stances[stances.stance != "not_addressed"]
    widest = taking.groupby("proposition").size().sort_values(ascending=False, kind="stable")
    parts = []
    for proposition in widest.index[:3]:
        cells = taking[taking.proposition == proposition]
        sides = "; ".join(f"{k}: {', '.join(map(speaker_label, cells.speaker[cells.stance == k]))}"
                          for k in ("agree", "disagree", "mixed") if (cells.stance == k).any())  # fmt: skip
        parts.append(f"*{cells.label_en.iloc[0]}* ({sides})")
    share = pd.read_csv(figures / "04_interviewer_control.csv").set_index("speaker").share_prompted
    page = "04_viewpoint_comparison"
    return [
        Finding(page, "Coded stances (two independent passes, adjudicated), on the propositions most guests took a side on: "
                + "; ".join(parts) + ".", "04_stance_grid"),
        Finding(page, f"{_pct(share.min())}–{_pct(share.max())} of a guest's on-theme talk answered a question on that same "
                f"theme ({speaker_label(share.idxmax())} most, {speaker_label(share.idxmin())} least): coverage is partly "
                "the interviewer's agenda.", "04_interviewer_control"),
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
