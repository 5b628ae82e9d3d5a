"""Which topic model becomes the topic layer, by a rule fixed in code, and the reading generated from the numbers.

The rule (:func:`adopt`), applied to each model's chosen setting (:func:`selection.choose`):

1. Criteria, all "higher is better": :data:`CRITERIA` (coherence of the top words on turns the
   model was not fitted on, agreement of the assignments across seeds, distinctness of the
   topics' word lists). In-sample NPMI is reported beside them, with the conflict when it ranks
   the models otherwise (see :mod:`analysis.topics.selection`). How evenly topics
   spread over speakers is *not* a criterion: it is the question the topics are used to answer.
2. Model A is *clearly* better than B on a criterion when the gap of their seed means exceeds
   :data:`MARGIN_SE` standard errors of the gap, ``sqrt(sd_A²/n_A + sd_B²/n_B)``; a smaller
   gap is a tie (seed noise).
3. Only models whose chosen setting gives at least :data:`selection.MIN_TOPICS` topics on average
   are adopted ahead of the others (two topics are perfectly stable and diverse, and say nothing).
   Among them, A *beats* B when it is clearly better on more criteria than B is. The model beating the
   most others is adopted; ties go to the larger balance of clear wins over clear losses,
   then to the higher mean held-out NPMI.

Examples:
    >>> chosen = pd.DataFrame({"model": ["a", "b"], "setting": ["x", "y"], "seeds": [5, 5],
    ...     "npmi_heldout": [-0.3, -0.5], "npmi_heldout_sd": [0.01, 0.01], "stability": [0.9, 0.8], "stability_sd": [0.2, 0.2],
    ...     "diversity": [0.9, 0.9], "diversity_sd": [0.0, 0.0]})
    >>> adopt(chosen).model
    'a'

"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from analysis.topics.base import TopicSettings
from analysis.topics.null import ALPHA, SharingTest
from analysis.topics.selection import MIN_TOPICS, twin

#: The criteria of the choice, first = tie-breaker of last resort.
CRITERIA = ("npmi_heldout", "stability", "diversity")
#: Two seed means differ clearly when the gap exceeds this many standard errors.
MARGIN_SE = 2.0
NAMES = {"bertopic": "BERTopic", "nmf": "NMF", "lda": "LDA"}


def pm(mean: float, sd: float, digits: int = 3) -> str:
    """``"mean ± sd"`` with ``digits`` decimals (no ± part when sd is missing).

    Examples:
        >>> pm(0.0641, 0.0032)
        '0.064 ± 0.003'

    """
    return f"{mean:.{digits}f}" if pd.isna(sd) else f"{mean:.{digits}f} ± {sd:.{digits}f}"


def compare(a: pd.Series, b: pd.Series, criterion: str) -> dict[str, object]:
    """One criterion, two models: both means and SDs, the gap, its standard error and the verdict (a, b or tie)."""
    gap = a[criterion] - b[criterion]
    se = math.sqrt(a[f"{criterion}_sd"] ** 2 / a["seeds"] + b[f"{criterion}_sd"] ** 2 / b["seeds"])
    clear = not math.isnan(se) and abs(gap) > MARGIN_SE * se
    return {"a": a["model"], "b": b["model"], "criterion": criterion, "mean_a": a[criterion], "sd_a": a[f"{criterion}_sd"],
            "mean_b": b[criterion], "sd_b": b[f"{criterion}_sd"], "gap": gap, "se": se,
            "better": (a["model"] if gap > 0 else b["model"]) if clear else "tie"}  # fmt: skip


@dataclass
class Decision:
    """The adopted model and setting, the comparisons behind it and the reasons as sentences."""

    model: str
    setting: str
    scores: pd.DataFrame
    comparisons: pd.DataFrame
    reasons: list[str]


def adopt(chosen: pd.DataFrame) -> Decision:
    """Apply the rule of this module to the chosen settings (one row per model)."""
    rows = chosen.set_index("model", drop=False)
    comparisons = pd.DataFrame([compare(rows.loc[a], rows.loc[b], c) for a, b in combinations(rows.index, 2)
                                for c in CRITERIA])  # fmt: skip
    scores = []
    for model in rows.index:
        mine = comparisons[(comparisons.a == model) | (comparisons.b == model)]
        wins = (mine.better == model).groupby([mine.a.where(mine.a != model, mine.b)]).sum()
        losses = ((mine.better != model) & (mine.better != "tie")).groupby([mine.a.where(mine.a != model, mine.b)]).sum()
        scores.append({"model": model, "enough_topics": bool(rows.loc[model].get("n_topics", MIN_TOPICS) >= MIN_TOPICS),
                       "beats": int((wins > losses).sum()), "balance": int(wins.sum() - losses.sum()),
                       CRITERIA[0]: rows.loc[model, CRITERIA[0]]})  # fmt: skip
    order = ["enough_topics", "beats", "balance", CRITERIA[0]]
    scores = pd.DataFrame(scores).sort_values(order, ascending=False, kind="stable")
    winner = scores.iloc[0]["model"]
    reasons = _reasons(winner, comparisons, scores)
    short = [NAMES.get(m, m) for m in scores.loc[~scores["enough_topics"], "model"]]
    if short:
        reasons.append(f"Not eligible ahead of a model with ≥ {MIN_TOPICS} topics: {', '.join(short)} (fewer topics on "
                       "average; a model with one or two topics wins stability and diversity trivially).")
    return Decision(winner, rows.loc[winner, "setting"], scores.reset_index(drop=True), comparisons, reasons)


def _reasons(winner: str, comparisons: pd.DataFrame, scores: pd.DataFrame) -> list[str]:
    """One sentence per rival of the winner, every number from the comparisons."""
    out = []
    for _, score in scores.iloc[1:].iterrows():
        rival = score["model"]
        pair = comparisons[((comparisons.a == winner) & (comparisons.b == rival)) | ((comparisons.a == rival) & (comparisons.b == winner))]
        parts = []
        for _, c in pair.iterrows():
            mine, theirs = ("a", "b") if c.a == winner else ("b", "a")
            verdict = "tie" if c.better == "tie" else ("clearly higher" if c.better == winner else "clearly lower")
            parts.append(f"{c.criterion} {pm(c[f'mean_{mine}'], c[f'sd_{mine}'])} vs {pm(c[f'mean_{theirs}'], c[f'sd_{theirs}'])}"
                         f" ({verdict}; 2 SE = {MARGIN_SE * c.se:.3f})")
        out.append(f"{NAMES.get(winner, winner)} against {NAMES.get(rival, rival)}: " + "; ".join(parts) + ".")
    beaten = scores.iloc[0]["beats"]
    if beaten == 0:
        out.append(f"{NAMES.get(winner, winner)} beats no other model clearly: it is adopted on the tie-breaks "
                   "(balance of clear wins, then mean held-out NPMI), and the choice is within seed noise.")
    return out


def sharing_table(summary: pd.DataFrame, chosen: pd.DataFrame) -> pd.DataFrame:
    """The sharing test of each chosen setting and of BERTopic's twin (the other centring), one row each."""
    rows = []
    for _, row in chosen.iterrows():
        for r in [row, twin(summary, row)]:
            if r is None:
                continue
            rows.append({"model": r["model"], "setting": r["setting"], "role": "chosen" if r is row else "twin",
                         **{c: r[c] for c in ("sharing", "sharing_sd", "null_mean", "null_low", "null_high", "p_less_max",
                                                "rejects_less", "p_more_max", "rejects_more", "cross_speaker",
                                                "cross_speaker_null", "specific_topics", "n_topics", "seeds")}})
    return pd.DataFrame(rows)


def sharing_verdict(row: pd.Series) -> str:
    """What a row of :func:`sharing_table` says, counted over seeds."""
    seeds = int(row["seeds"])
    if row["rejects_less"] == seeds:
        return f"less shared than chance in every seed (largest p = {row['p_less_max']:.3f})"
    if row["rejects_more"] == seeds:
        return f"more evenly spread than chance in every seed (largest p = {row['p_more_max']:.3f})"
    if row["rejects_less"] or row["rejects_more"]:
        return (f"less shared than chance in {int(row['rejects_less'])} of {seeds} seeds, more evenly spread in "
                f"{int(row['rejects_more'])}: not consistent over seeds")
    return f"consistent with chance in every seed (no p below {ALPHA})"


def settings_of(row: pd.Series, scale: float = 1.0, **overrides: object) -> TopicSettings:
    """The :class:`TopicSettings` of a summary row (``overrides`` replace fields, e.g. ``aspects``).

    ``scale`` is how many times more chunks the settings are fitted on than the sweep tuned them on
    (:func:`selection.sweep_sample`): BERTopic's ``min_cluster_size`` is a number of chunks, so it
    grows with them (a cluster keeps its share of the data, and the refit its number of topics);
    NMF's and LDA's ``k`` is a number of topics and stays.

    Examples:
        >>> settings_of(pd.Series({"model": "nmf", "k": 8.0, "min_df": 3, "max_df": 0.1, "centre": False})).n_topics
        8
        >>> row = pd.Series({"model": "bertopic", "min_cluster_size": 12.0, "min_df": 2, "max_df": 1.0, "centre": True})
        >>> settings_of(row).min_cluster_size, settings_of(row, scale=3.5).min_cluster_size
        (12, 42)

    """
    fields: dict[str, object] = {"min_df": int(row["min_df"]), "max_df": float(row["max_df"]),
                                 "centre": bool(row["centre"]), "aspects": ()}  # fmt: skip
    if row["model"] == "bertopic":
        fields["min_cluster_size"] = max(2, round(int(row["min_cluster_size"]) * scale))
    else:
        fields["n_topics"] = int(row["k"])
    return TopicSettings(**{**fields, **overrides})


def sharing_subject(summary: pd.Series | pd.DataFrame, adopted: pd.Series) -> pd.Series:
    """The setting the sharing verdict rests on: the adopted one, or its uncentred twin when it is centred.

    A centred assignment spreads over speakers by construction (see :mod:`analysis.topics.null`),
    so its sharing test cannot carry the verdict.
    """
    return adopted if not adopted["centre"] else twin(summary, adopted)


#: The quality metrics reported with their seed SD, and how the score table names them.
SCORE_COLUMNS = {"n_topics": "topics", "npmi": "NPMI", "npmi_heldout": "held-out NPMI", "diversity": "diversity", "stability": "stability (ARI)",
                 "outliers_raw": "raw outliers", "outliers": "outliers after reassignment"}


def score_table(chosen: pd.DataFrame) -> pd.DataFrame:
    """Each model's chosen setting with every quality metric as ``mean ± SD`` over the seeds."""
    table = chosen[["model", "setting", "seeds"]].copy()
    for column, name in SCORE_COLUMNS.items():
        digits = 1 if column == "n_topics" else 3
        table[name] = [pm(m, s, digits) for m, s in zip(chosen[column], chosen[f"{column}_sd"], strict=True)]
    return table


def reading(decision: Decision, chosen: pd.DataFrame, budget: pd.DataFrame, subject: pd.Series, test: SharingTest,
            topics: pd.DataFrame, centred: pd.Series | None = None,
            coarser: Mapping[int, SharingTest] | None = None) -> list[str]:
    """Markdown bullets of notebook 03's reading; every number comes from the arguments.

    ``subject`` is the summary row of :func:`sharing_subject`, ``test`` the
    :class:`~analysis.topics.null.SharingTest` of its reported fit, ``topics`` the
    :func:`~analysis.topics.tables.topic_table` of that fit (with the per-topic tests) and
    ``centred`` the summary row of a centred setting, whose test is shown as the artefact, and
    ``coarser`` the same test with runs of *n* consecutive turns as blocks (n → test).
    """
    rows = chosen.set_index("model")
    winner = NAMES.get(decision.model, decision.model)
    fits = ", ".join(f"{NAMES.get(r.model, r.model)} {r.settings} settings × {r.seeds} seeds" for r in budget.itertuples())
    out = [f"- **Search budget.** Every model was tuned on the same chunks with the same budget ({fits}) and chosen "
           "by the same rule (highest seed-mean held-out NPMI among settings with enough topics)."]
    out.append(f"- **Adopted: {winner}** ({decision.setting}); " + " ".join(decision.reasons))
    w = rows.loc[decision.model]
    out.append(f"- **Seed spread of the adopted setting** (SD over {int(w['seeds'])} seeds): NPMI {pm(w['npmi'], w['npmi_sd'])}, "
               f"held-out NPMI {pm(w['npmi_heldout'], w['npmi_heldout_sd'])}, "
               f"diversity {pm(w['diversity'], w['diversity_sd'])}, stability {pm(w['stability'], w['stability_sd'], 2)}, "
               f"raw outlier share {pm(w['outliers_raw'], w['outliers_raw_sd'])} (before any reassignment), "
               f"{pm(w['outliers'], w['outliers_sd'])} after.")
    if "bertopic" in rows.index:
        b = rows.loc["bertopic"]
        out.append(f"- BERTopic's HDBSCAN leaves {pm(b['outliers_raw'], b['outliers_raw_sd'])} of the chunks as outliers "
                   f"before they are reassigned to the nearest topic ({pm(b['outliers'], b['outliers_sd'])} after).")
    out.append(in_sample_check(decision, chosen))
    name = NAMES.get(subject["model"], subject["model"])
    low, high = test.summary()["null_low"], test.summary()["null_high"]
    n_specific, n_topics = int(topics["speaker-specific"].sum()), len(topics)
    seeds = int(subject["seeds"])
    answer = ("No: which topic a chunk falls in depends on who speaks (and so on the interview, see below)" if subject["rejects_less"] == seeds else
              "Not rejected: no seed's topics depart from chance" if subject["rejects_less"] == 0 else
              "Unsettled: the seeds disagree")
    out.append(f"- **Shared across speakers more than chance? {answer}.** Tested on {name} ({subject['setting']}): sharing index "
               f"{test.statistic:.3f} against a turn-shuffle null of {test.null.mean():.3f} (95 % of the null in "
               f"{low:.3f}–{high:.3f}; p = {test.p_less:.3f} for 'less shared than chance'). Over the "
               f"{int(subject['seeds'])} seeds: {sharing_verdict(subject)}.")
    chance = subject["cross_speaker_null"]
    old_rule = ("so chance passes it at least as often: it cannot tell shared from speaker-specific topics"
                if chance >= subject["cross_speaker"] else "so it passes fewer topics than chance would")
    if coarser:
        runs = "; ".join(f"runs of {n} turns ({t.n_blocks} blocks): p = {t.p_less:.3f}, {t.verdict}"
                         for n, t in sorted(coarser.items()))
        out.append(f"- Shuffling runs of consecutive answers instead of single turns (answers to follow-up "
                   f"questions move together): {runs}.")
    out.append(f"- {n_specific} of {n_topics} topics have a speaker mix that departs from the corpus's (per-topic "
               f"test, BH q < {ALPHA}); the other {n_topics - n_specific} show no significant departure. The old "
               f"criterion (two guests with ≥ 10 % each) passes {int(topics['two guests ≥10 %'].sum())} of {n_topics} "
               f"topics here and {chance:.1%} of topics under the null ({subject['cross_speaker']:.1%} observed, "
               f"seed means), {old_rule}.")
    if centred is not None:
        out.append(f"- The centred BERTopic setting ({centred['setting']}) cannot carry the verdict: its sharing index "
                   f"{centred['sharing']:.3f} (null {centred['null_mean']:.3f}) comes out {sharing_verdict(centred)}, "
                   "because centring removes each guest's mean position.")
    return out


def in_sample_check(decision: Decision, chosen: pd.DataFrame) -> str:
    """The reading's bullet on in-sample NPMI: its ranking beside the held-out choice, and the conflict if any.

    Examples:
        >>> chosen = pd.DataFrame({"model": ["nmf", "lda"], "npmi": [0.09, 0.01], "npmi_sd": [0.01, 0.01],
        ...     "npmi_heldout": [-0.5, -0.3], "npmi_heldout_sd": [0.02, 0.02], "zero_pairs": [0.2, 0.3],
        ...     "heldout_zero_pairs": [0.5, 0.4]})
        >>> decision = Decision("lda", "k=8", pd.DataFrame(), pd.DataFrame(), [])
        >>> "Conflict" in in_sample_check(decision, chosen)
        True

    """
    rows = chosen.set_index("model")
    winner, w = NAMES.get(decision.model, decision.model), rows.loc[decision.model]
    ranked = chosen.sort_values("npmi", ascending=False)
    order = " > ".join(f"{NAMES.get(r.model, r.model)} {pm(r.npmi, r.npmi_sd)}" for r in ranked.itertuples())
    first = NAMES.get(ranked.iloc[0]["model"], ranked.iloc[0]["model"])
    zeros = (f"{w['heldout_zero_pairs']:.0%} of {winner}'s top-word pairs never co-occur in the held-out halves "
             f"(NPMI −1 each), {w['zero_pairs']:.0%} in the chunks it was fitted on")
    if first == winner:
        return f"- **In-sample check** (NPMI on the chunks each model was fitted on): {order}; {winner} is first here too. {zeros}."
    return (f"- **Conflict: in-sample NPMI ranks the models otherwise** (NPMI on the chunks each model was fitted "
            f"on): {order}. {first}'s advantage there does not carry over to turns it was not fitted on, so the "
            f"choice rests on held-out NPMI, which favours frequent top words: {zeros}.")
