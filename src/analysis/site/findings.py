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
from analysis.terms.table import keyness_table
from analysis.viewpoints.reliability import alpha_labels, citable


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
    spoken = volume[volume.role != "narrator"]
    guest_share = spoken.assign(guest=spoken.role.eq("guest") * spoken.chars).groupby("doc_id")[["guest", "chars"]].sum()
    share = guest_share.guest / guest_share.chars
    page = "01_corpus_overview"
    return [
        Finding(page, f"{len(docs)} interviews; cleaning keeps {docs.n_lines_kept.sum():,} of {docs.n_lines_raw.sum():,} "
                f"raw lines ({_pct(docs.n_lines_kept.sum() / docs.n_lines_raw.sum())}), every dropped line with a reason.",
                "01_line_accounting"),
        Finding(page, f"{len(spun)} of {len(docs)} articles were rewritten by synonym-substitution tools "
                f"({', '.join(f'{r.doc_id}: {r.obfuscation}' for r in spun.itertuples())}) and are restored before analysis.",
                "01_line_accounting"),
        Finding(page, f"The guest speaks {_pct(share.min())}–{_pct(share.max())} of the spoken characters of each interview "
                f"(n = {len(share)} interviews; the editor's narration is not counted).", "01_speaker_volume"),
    ]  # fmt: skip


def term_findings(figures: Path, processed: Path) -> list[Finding]:
    """Notebook 02: each guest's strongest key term (key = significant, spread over answers, interval above 0)."""
    table = keyness_table(processed / "keyness.parquet")
    key = table[table.key].sort_values("g2", ascending=False)
    top = key.groupby("speaker").head(1)
    parts = [f"{speaker_label(r.speaker)}: {r.term} ({r.count}× in {r.n_turns} answers, log ratio {r.log_ratio:.1f} "
             f"[{r.ci_low:.1f}, {r.ci_high:.1f}]{_echo(r)})" for r in top.itertuples()]
    silent = sorted(set(table.speaker) - set(top.speaker))
    tail = f"; no key term for {', '.join(map(speaker_label, silent))}" if silent else ""
    dropped = int((table.significant & (table.direction == "over") & ~table.key).sum())
    text = (f"Strongest key term of each guest (significant, in at least three of his answers, at most half in one): "
            f"{'; '.join(parts)}{tail}. {dropped} significant over-used terms are not key, mostly because they come from one or two answers.")  # fmt: skip
    return [Finding("02_term_frequency", text, "02_key_intervals")]


def _echo(row: object) -> str:
    """``, N of them answering a question that used it`` when the table has the ``prompted`` column."""
    return f", {row.prompted_count} of them answering a question that used it" if hasattr(row, "prompted_count") else ""


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


def stance_finding(stances: pd.DataFrame, report: pd.DataFrame, top: int = 3) -> str:
    """The coded stances on at most ``top`` propositions whose out-of-sample reliability allows citing them.

    A proposition is cited only with out-of-sample α ≥ 0.667 on at least 5 coded answers
    (:func:`analysis.viewpoints.reliability.citable`); the others are named with the reason.
    """
    who = "two coding passes by language-model agents given the manual, adjudicated; each cell read from its counts of coded answers"
    if not (report["sample"] == "out_of_sample").any():
        return (f"Coded stances ({who}) are not cited here: the codebook's reliability has not been measured on interviews"
                " it was not written from, and in-sample agreement is an upper bound. See the grid and its table.")  # fmt: skip
    ok, alphas = citable(report), alpha_labels(report)
    taking = stances[~stances.reading.isin(["not_addressed", "not_coded"])]
    wide = taking.groupby("proposition").size()
    cited = [p for p in wide.sort_values(ascending=False, kind="stable").index if p in set(ok.proposition[ok.citable]) and wide[p] >= 2]
    parts = []
    for proposition in cited[:top]:
        cells = taking[taking.proposition == proposition]
        sides = "; ".join(f"{r.replace('_', ' ')}: " + ", ".join(f"{speaker_label(c.speaker)} ({c.counts})" for c in cells[cells.reading == r].itertuples())
                          for r in ("agree", "mostly_agree", "mixed", "mostly_disagree", "disagree") if (cells.reading == r).any())  # fmt: skip
        parts.append(f"“{cells.label_en.iloc[0]}” [{alphas[proposition]}] ({sides})")
    label = dict(zip(stances.proposition, stances.label_en, strict=True))
    left = "; ".join(f"{label.get(r.proposition, r.proposition)} ({r.why_not})" for r in ok[~ok.citable].itertuples())
    text = f"Coded stances ({who}), where the codebook holds out of sample (α ≥ 0.667, ≥ 5 coded answers): "
    text += "; ".join(parts) + "." if parts else "no proposition both clears that bar and has two guests taking a side."
    return text + (f" Left out for reliability: {left}." if left else "")


def viewpoint_findings(figures: Path, processed: Path) -> list[Finding]:
    """Notebook 04: the coded stances most guests took a side on, and how much on-theme talk was asked for."""
    page = "04_viewpoint_comparison"
    return [
        Finding(page, stance_finding(pd.read_csv(figures / "04_stance_grid.csv", keep_default_na=False),
                                     pd.read_csv(figures / "04_reliability.csv")), "04_stance_grid"),
        _control_finding(pd.read_csv(figures / "04_interviewer_control.csv")),
        *_quote_finding(),
    ]  # fmt: skip


def _control_finding(overall: pd.DataFrame) -> Finding:
    """Share of each guest's on-theme talk that answered a question on that theme, with its interval and n."""
    parts = "; ".join(f"{speaker_label(r.speaker)} {_pct(r.share_prompted)} ({_pct(r.ci_low)}–{_pct(r.ci_high)}, "
                      f"{r.n_answers} answers, {r.n_unthemed} after a question on no theme)"
                      for r in overall.sort_values("share_prompted", ascending=False).itertuples())  # fmt: skip
    return Finding("04_viewpoint_comparison", f"Share of a guest's on-theme talk that answered a question on that same theme "
                   f"(95 % interval over his answers): {parts}. Coverage is partly the interviewer's agenda; where many "
                   "questions carry none of the themes, a low share says more about the questions than about the guest.",
                   "04_interviewer_control")  # fmt: skip


def _quote_finding(folder: Path | None = None) -> list[Finding]:
    """How many quotes are on their theme, by two annotators' labels (none before the labels are measured)."""
    from analysis.viewpoints.quote_labels import LABELS_DIR

    path = (folder or LABELS_DIR) / "summary.csv"
    if not path.exists():
        return []
    table = pd.read_csv(path).set_index(["sample", "theme"])
    agreement = pd.read_csv(path.with_name("agreement.csv")).set_index("labels").loc["on/marginal/off"]
    parts = [f"{sample} quotes {_pct(r.on)} on theme ({_pct(r.ci_low)}–{_pct(r.ci_high)}, n = {int(r.n)})"
             for sample in ("study", "forty") if (sample, "all") in table.index for r in [table.loc[(sample, "all")]]]
    worst = table.query("sample != 'all' and theme != 'all' and n >= 5").on
    low = f"; lowest theme {worst.idxmin()[1]} ({worst.idxmin()[0]}) {_pct(worst.min())}" if len(worst) else ""
    return [Finding("04_viewpoint_comparison", f"Quotes on their theme, labelled on/marginal/off by two annotators: "
                    f"{'; '.join(parts)}{low}; annotators' agreement κ = {agreement.kappa:.2f}, α = {agreement.alpha:.2f} "
                    f"(n = {int(agreement.n)}; two language-model agents, so agreement is not evidence that people would agree).",
                    "04_theme_coverage")]  # fmt: skip


def limitations(figures: Path = FIGURES_DIR, processed: Path = PROCESSED_DIR) -> list[str]:
    """What no finding can separate or claim, with its numbers computed from the corpus tables.

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
    translated = docs[docs.translated.fillna(False).astype(bool)]
    early = docs[docs.pre_chatgpt.fillna(False).astype(bool)]
    years = pd.to_datetime(docs.recorded.fillna(docs.published), errors="coerce").dt.year
    out = [
        f"{single} of {len(per_guest)} guests are heard in one interview only: for them guest, interviewer, outlet, year, "
        "format (talk, Q&A, podcast) and translation are one variable, and a difference between guests may be any of them.",
        f"Recorded (or else published) between {years.min():.0f} and {years.max():.0f}; {len(early)} interview(s) before "
        f"ChatGPT ({', '.join(f'{r.interviewee}, {str(r.recorded or r.published)[:4]}' for r in early.itertuples())}).",
        f"{len(translated)} of {len(docs)} interviews are Chinese translations of conversations held in another language "
        f"({', '.join(translated.interviewee)}): word choice there is the translator's; the evidence for each language "
        "is in documents_meta.md, and not every one was checked against the recording.",
        f"Guests' spoken text differs {length.max() / length.min():.1f}-fold in length ({length.min():,} to {length.max():,} "
        "characters): shares and key terms of a short interview rest on few answers (see each interval).",
        "Stances were coded by automated coders (language-model agents) from one manual; quotes, themes and key terms "
        "are computed. Each sentence above is generated from the tables when the site is built.",
    ]  # fmt: skip
    return out


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
