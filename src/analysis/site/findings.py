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
from analysis.plots.style import speaker_label, use_names
from analysis.terms.keyness import ALPHA as KEY_ALPHA
from analysis.terms.keyness import critical_value
from analysis.terms.prompted import ECHO_SHARE, NARROW_G2, smallest_detectable
from analysis.terms.table import MAX_TOP_SHARE, MIN_TURNS, keyness_table
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


#: Guests a finding names one by one; beyond this it names the first ones and says where the rest are.
MAX_LISTED = 8


def _pct(x: float) -> str:
    return f"{x:.0%}"


def listed(parts: list[str], rest: str, limit: int = MAX_LISTED) -> str:
    """``parts`` joined by "; ", the first ``limit`` only, then how many more and where they are (``rest``).

    A finding about every guest stays a sentence at forty guests; the table behind it still has them all.

    Examples:
        >>> listed(["a", "b", "c"], "in the table", limit=2)
        'a; b; and 1 more guest, in the table'
        >>> listed(["a"], "in the table")
        'a'

    """
    if len(parts) <= limit:
        return "; ".join(parts)
    more = len(parts) - limit
    return "; ".join(parts[:limit]) + f"; and {more} more guest{'s' if more > 1 else ''}, {rest}"


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
    """Notebook 02: each guest's strongest key term, echoes of the question apart, and what the test could see."""
    table = keyness_table(processed / "keyness.parquet")
    key = table[table.key].sort_values("g2", ascending=False)
    cut = _cut_off(table)
    parts = [_strongest(rows, table, cut) for _, rows in key.groupby("speaker", sort=False)]
    where = "in the keyness table (`data/processed/keyness.parquet`, the figure's data)"
    silent = sorted(set(table.speaker) - set(key.speaker))
    tail = f"; no key term for {listed([_no_key(table, s, cut) for s in silent], where)}" if silent else ""
    whose = "each guest's interview" if _one_interview_each(processed) else "each guest"
    order = " (strongest first)" if len(parts) > MAX_LISTED else ""
    text = (f"Strongest key term of {whose}{order} (significant, in at least {MIN_TURNS} of his answers, at most "
            f"{MAX_TOP_SHARE:.0%} of its uses in one, log-ratio interval above 0): {listed(parts, where)}{tail}. "
            f"{_not_key(table)}")  # fmt: skip
    return [Finding("02_term_frequency", text, "02_key_intervals")]


def _term(row: object, table: pd.DataFrame, cut: float | None) -> str:
    """``直觉 (16× in 6 answers, log ratio 6.5 [4.5, 7.6]…)`` with the echo, and a narrow pass with its ties when known."""
    narrow = ""
    if cut is not None and row.g2 - cut < NARROW_G2:
        same = table[(table.speaker == row.speaker) & ~table.key & (table["count"] == row.count)
                     & (table.count_reference == row.count_reference)]  # fmt: skip
        ties = f"; the same counts give {', '.join(f'{t.term} (not key: {t.why_not_key})' for t in same.itertuples())}"
        narrow = f", passes the G² cut-off by only {row.g2 - cut:.2f}" + (ties if len(same) else "")
    return (f"{row.term} ({row.count}× in {row.n_turns} answers, log ratio {row.log_ratio:.1f} "
            f"[{row.ci_low:.1f}, {row.ci_high:.1f}]{_echo(row)}{narrow})")  # fmt: skip


def _strongest(rows: pd.DataFrame, table: pd.DataFrame, cut: float | None) -> str:
    """A guest's highest-G² key term; when half or more of its uses echo the question, also his strongest that does not."""
    top = next(rows.itertuples())
    text = f"{speaker_label(top.speaker)}: {_term(top, table, cut)}"
    if "prompted" not in rows or top.prompted < ECHO_SHARE:
        return text
    own = rows[rows.prompted < ECHO_SHARE]
    echo = f", {ECHO_SHARE:.0%} or more of its uses echoing the question"
    return text + (f"{echo}; his strongest key term that is mostly his own: {_term(next(own.itertuples()), table, cut)}"
                   if len(own) else f"{echo}, as do all his key terms")  # fmt: skip


def _echo(row: object) -> str:
    """``, N of these uses answering a question that used it`` when the table has the ``prompted`` column."""
    return f", {row.prompted_count} of these uses answering a question that used it" if hasattr(row, "prompted_count") else ""


def _cut_off(table: pd.DataFrame) -> float | None:
    """The G² cut-off notebook 02 used (default α, Bonferroni over the terms tested), or None when the table disagrees."""
    cut = critical_value(KEY_ALPHA, int(table.groupby("speaker").size().max()))
    agrees = ((table.g2 >= cut) == table.significant.astype(bool)).all()
    return cut if agrees else None


def _no_key(table: pd.DataFrame, speaker: str, cut: float | None) -> str:
    """A guest without key terms, with his content tokens and what the test could have detected (its power)."""
    rows = table[(table.speaker == speaker) & (table["count"] > 0)]
    if cut is None or rows.empty or "rate_per_10k" not in rows:
        return speaker_label(speaker)
    size = float((rows["count"] / rows.rate_per_10k * 10_000).median())
    ref = table[(table.speaker == speaker) & (table.count_reference > 0)]
    reference = float((ref.count_reference / ref.rate_reference * 10_000).median())
    need = smallest_detectable(size, reference, cut)
    return (f"{speaker_label(speaker)} ({size:,.0f} content tokens: a term the others never use needs {need} uses "
            f"in {MIN_TURNS} answers to be key, so no key term means no word that frequent, not a shared vocabulary)")


def _not_key(table: pd.DataFrame) -> str:
    """How many significant over-used terms are not key, counted by the condition they fail."""
    failed = table[table.significant & (table.direction == "over") & ~table.key]
    if failed.empty:
        return "Every significant over-used term passes the dispersion conditions."
    reasons = failed.why_not_key.value_counts() if "why_not_key" in failed else pd.Series(dtype=int)
    why = f" ({', '.join(f'{n}: {r}' for r, n in reasons.items())})" if len(reasons) else ""
    return f"{len(failed)} significant over-used terms are not key{why}."


def topic_findings(figures: Path, processed: Path) -> list[Finding]:
    """Notebook 03: the adopted model against the held-out ranking, and every model's sharing verdict over seeds."""
    from analysis.topics.decision import NAMES, sharing_subject, sharing_verdict
    from analysis.topics.selection import choose

    summary = pd.read_csv(processed / "topic_metrics.csv")
    adopted = pd.read_parquet(processed / "topic_assignments.parquet", columns=["model"]).model.iloc[0]
    chosen = choose(summary).set_index("model", drop=False)
    row = chosen.loc[adopted]
    others = "; ".join(f"{NAMES[m]} {r.npmi_heldout:.3f} ± {r.npmi_heldout_sd:.3f}" for m, r in chosen.drop(adopted).iterrows())
    rank = int((chosen.npmi_heldout > row.npmi_heldout).sum()) + 1
    conflict = (f" Held-out NPMI alone ranks it {rank} of {len(chosen)}: it is adopted on the rule of notebook 03 "
                "(held-out NPMI, seed stability and topic diversity together)." if rank > 1 else "")  # fmt: skip
    verdicts = {m: sharing_verdict(sharing_subject(summary, r)) for m, r in chosen.iterrows()}
    agree = len({v.split(" (")[0] for v in verdicts.values()}) == 1
    tested = sharing_subject(summary, row)  # a centred fit spreads over guests by construction: its uncentred twin
    text = (f"Notebook 03 adopts {NAMES[adopted]} ({row.setting}: {row.n_topics:.0f} topics, held-out NPMI "
            f"{row.npmi_heldout:.3f} ± {row.npmi_heldout_sd:.3f} over seeds; {others}).{conflict} Sharing of topics "
            f"across {_who(processed)}, against a turn-shuffle null (each model's chosen setting, over seeds): "
            + "; ".join(f"{NAMES[m]}{' (its uncentred twin)' if chosen.loc[m].centre else ''} {v}" for m, v in verdicts.items())
            + f" ({NAMES[adopted]}: sharing index {tested.sharing:.3f} against a null of {tested.null_mean:.3f}). "
            + ("The models agree. " if agree else "The verdict depends on the model, so it describes how each model "
               "cuts the text more than the guests. ")
            + "Shuffling turns between guests also shuffles them between interviews, so a difference here is one "
            "of interviews (guest, interviewer, format, translation together).")  # fmt: skip
    return [Finding("03_topic_modeling", text, "03_topic_null")]


def _one_interview_each(processed: Path) -> bool:
    """True when no guest of the corpus has two interviews (then guest and interview cannot be told apart).

    False when the turns table is missing: nothing is claimed then.
    """
    try:
        turns = pd.read_parquet(processed / "turns.parquet", columns=["doc_id", "speaker", "role"])
    except OSError:
        return False
    pairs = turns.loc[turns.role == "guest", ["speaker", "doc_id"]].drop_duplicates()
    return not pairs.speaker.duplicated().any()


def _who(processed: Path) -> str:
    """``guests`` or, when no guest has two interviews, ``guests (here also across interviews: each guest has one)``."""
    return "guests (here also across interviews: each guest has one)" if _one_interview_each(processed) else "guests"


def stance_finding(stances: pd.DataFrame, report: pd.DataFrame, top: int = 3) -> str:
    """The coded stances on at most ``top`` propositions whose out-of-sample reliability allows citing them.

    A proposition is cited only with out-of-sample α ≥ 0.667 on at least 5 coded answers
    (:func:`analysis.viewpoints.reliability.citable`); the others are named with the reason, and
    citable propositions beyond ``top`` are named too. A cell whose weakest answer was coded with
    low confidence says so.
    """
    who = "two coding passes by language-model agents given the manual, adjudicated; each cell read from its counts of coded answers"
    if not (report["sample"] == "out_of_sample").any():
        return (f"Coded stances ({who}) are not cited here: the codebook's reliability has not been measured on interviews"
                " it was not written from, and in-sample agreement is an upper bound. See the grid and its table.")  # fmt: skip
    ok, alphas = citable(report), alpha_labels(report)
    taking = stances[~stances.reading.isin(["not_addressed", "not_coded"])]
    wide = taking.groupby("proposition").size()
    allowed = set(ok.proposition[ok.citable])
    cited = [p for p in wide.sort_values(ascending=False, kind="stable").index if p in allowed and wide[p] >= 2]
    parts = []
    for proposition in cited[:top]:
        cells = taking[taking.proposition == proposition]
        sides = "; ".join(f"{r.replace('_', ' ')}: " + ", ".join(f"{speaker_label(c.speaker)} ({c.counts}{_weak(c)})" for c in cells[cells.reading == r].itertuples())
                          for r in ("agree", "mostly_agree", "mixed", "mostly_disagree", "disagree") if (cells.reading == r).any())  # fmt: skip
        parts.append(f"“{cells.label_en.iloc[0]}” [{alphas[proposition]}] ({sides})")
    label = dict(zip(stances.proposition, stances.label_en, strict=True))
    text = (f"Coded stances ({who}{_codebooks(report)}), on propositions whose coding reaches Krippendorff's bar for "
            "tentative conclusions out of sample (α ≥ 0.667, ≥ 5 coded answers; the interval may reach below it): ")  # fmt: skip
    text += "; ".join(parts) + "." if parts else "no proposition both clears that bar and has two guests taking a side."
    more = [label.get(p, p) for p in cited[top:]] + [label.get(p, p) for p in sorted(allowed - set(cited))]
    text += f" Also clearing the bar, in the grid: {'; '.join(more)}." if more else ""
    left = "; ".join(f"{label.get(r.proposition, r.proposition)} ({r.why_not})" for r in ok[~ok.citable].itertuples())
    unmeasured = sorted(set(stances.proposition) - set(ok.proposition))
    left += ("; " if left and unmeasured else "") + "; ".join(f"{label.get(p, p)} (not coded out of sample)" for p in unmeasured)
    return text + (f" Left out for reliability: {left}." if left else "")


def _weak(cell: object) -> str:
    """``; weakest answer low confidence`` for a cell resting on a low-confidence code."""
    return "; weakest answer low confidence" if getattr(cell, "confidence", "") == "low" else ""


def _codebooks(report: pd.DataFrame) -> str:
    """Which codebook coded these interviews and which one the reliability is measured with (from ``codebook``)."""
    if "codebook" not in report:
        return ""
    books = report.drop_duplicates("sample").set_index("sample").codebook
    inside = f"; the study interviews first coded with codebook {books['in_sample']}" if "in_sample" in books else ""
    return inside + f"; reliability measured on other interviews coded with codebook {books['out_of_sample']}"


def viewpoint_findings(figures: Path, processed: Path) -> list[Finding]:
    """Notebook 04: the coded stances most guests took a side on, and how much on-theme talk was asked for."""
    page = "04_viewpoint_comparison"
    return [
        Finding(page, stance_finding(pd.read_csv(figures / "04_stance_grid.csv", keep_default_na=False),
                                     pd.read_csv(figures / "04_reliability.csv")), "04_stance_grid"),
        _control_finding(pd.read_csv(figures / "04_interviewer_control.csv")),
        *_quote_finding(shown=figures.parent / "reports" / "quotes.csv"),
    ]  # fmt: skip


def _control_finding(overall: pd.DataFrame) -> Finding:
    """Share of each guest's on-theme talk that answered a question on that theme, with its interval and n.

    A guest most of whose answers follow a question on none of the themes is set apart: his share
    measures the questions, not him.
    """
    unthemed = overall.n_unthemed > overall.n_answers / 2
    where = "in the figure's data (`reports/interviewer_control.csv` has every guest and theme)"
    parts = listed([f"{speaker_label(r.speaker)} {_pct(r.share_prompted)} ({_pct(r.ci_low)}–{_pct(r.ci_high)}, "
                    f"{r.n_answers} answers, {r.n_unthemed} after a question on no theme)"
                    for r in overall[~unthemed].sort_values("share_prompted", ascending=False).itertuples()], where)  # fmt: skip
    apart = listed([f"{speaker_label(r.speaker)} ({r.n_unthemed} of {r.n_answers} answers follow a question on none "
                    f"of the themes; computed share {_pct(r.share_prompted)})" for r in overall[unthemed].itertuples()],
                   where)  # fmt: skip
    text = (f"Share of a guest's on-theme talk that answered a question on that same theme (95 % interval over his "
            f"answers): {parts or 'no guest has most of his questions on a theme'}.")  # fmt: skip
    if apart:
        text += f" Not measurable for {apart}: the share reflects the questions, not the guest."
    return Finding("04_viewpoint_comparison", text + " Coverage is partly the interviewer's agenda.", "04_interviewer_control")


def _quote_finding(folder: Path | None = None, shown: Path | None = None) -> list[Finding]:
    """How many quotes are on their theme: as shown (after review) and the selector alone, by two annotators' labels.

    With ``shown`` (this build's ``reports/quotes.csv``), it first says how many of this report's quotes were reviewed.
    """
    from analysis.viewpoints.quote_labels import LABELS_DIR, SAMPLE_NAMES, SELECTOR_DIR

    folder = folder or LABELS_DIR
    path = folder / "summary.csv"
    if not path.exists():
        return []
    here = ""
    if shown is not None and shown.exists():
        review = pd.read_csv(shown, usecols=["review"]).review
        unread = int(review.eq("unreviewed").sum())
        here = (f"This report shows {len(review)} quotes: {len(review) - unread} reviewed and found on their theme, "
                f"{unread} unreviewed" + (" (marked; review them with `python -m analysis.viewpoints.quote_review "
                "sheet`)" if unread else "") + ". ")  # fmt: skip
    table = pd.read_csv(path).set_index(["sample", "theme"])
    agreement = pd.read_csv(path.with_name("agreement.csv")).set_index("labels").loc["on/marginal/off"]

    def share(frame: pd.DataFrame, sample: str) -> str:
        r = frame.loc[(sample, "all")]
        return f"{SAMPLE_NAMES.get(sample, sample)} {_pct(r.on)} on theme ({_pct(r.ci_low)}–{_pct(r.ci_high)}, n = {int(r.n)})"

    shown = [share(table, s) for s in ("study", "other") if (s, "all") in table.index]
    worst = table.query("sample == 'study' and theme != 'all' and n >= 5")
    low = (f"; lowest theme {worst.on.idxmin()[1]} {_pct(worst.on.min())} (n = {int(worst.n[worst.on.idxmin()])})"
           if len(worst) else "")  # fmt: skip
    text = here + (f"Quotes on their theme, as shown (reviewed; share labelled on by two annotators who did not review them): "
            f"{'; '.join(shown)}{low}; annotators' agreement κ = {agreement.kappa:.2f}, α = {agreement.alpha:.2f} "
            f"(n = {int(agreement.n)}).")  # fmt: skip
    selector = folder / SELECTOR_DIR.name / "summary.csv"
    if selector.exists():
        alone = pd.read_csv(selector).set_index(["sample", "theme"])
        before = [share(alone, s) for s in ("study", "forty") if (s, "all") in alone.index]
        text += (f" The selector alone, before review: {'; '.join(before)}: a quote marked unreviewed (every quote of a "
                 "user's own interviews until it is reviewed) is a candidate to read, not evidence.")  # fmt: skip
    text += " Reviewers and annotators are language-model agents, so agreement is not evidence that people would agree."
    return [Finding("04_viewpoint_comparison", text, "04_theme_coverage")]


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
        if (processed / "speakers.parquet").exists():  # name people a user's sources.csv names by their names
            use_names(pd.read_parquet(processed / "speakers.parquet"))
        return source(figures, processed), ""
    except (OSError, KeyError, AttributeError, IndexError, ValueError) as exc:
        return [], f"findings unavailable ({type(exc).__name__}: {exc}); rerun `make report`"
