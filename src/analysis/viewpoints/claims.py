"""Readings generated from the computed tables: every sentence states what a table holds, with its evidence.

No claim is typed in. :func:`stance_findings` turns the coded stances into one finding per
proposition that at least two guests took a position on (who agrees, mostly agrees, is mixed, ...,
with the counts of coded answers behind each cell and each side's strongest evidence sentence and its provenance); :func:`coverage_findings` names a
guest's largest theme only when its interval clears the next one's; :func:`prompting_findings`
states how much of each guest's on-theme talk answered a question on that theme. The text is
Markdown with scraped quotes in it: show it with ``analysis.plots.tables.safe_markdown``, which
escapes any HTML.

A ``sources.csv`` field (an interviewee's name) is text from the web: it is inserted with
:func:`literal`, so Markdown in it (``[x](https://evil.example)``) shows as written, never as a link.

Examples:
    >>> from nbconvert.filters.markdown_mistune import markdown2html_mistune
    >>> markdown2html_mistune(literal("[x](https://evil.example) *y*")).strip()
    '<p>[x](https://evil.example) *y*</p>'
    >>> provenance("d", 3, pd.DataFrame({"doc_id": ["d"], "turn_id": [3], "line_start": [10], "line_end": [12]}))
    'd:3, raw lines 10–12'

"""

from __future__ import annotations

import re

import pandas as pd

from analysis.viewpoints.stance_codes import CONFIDENCE, NO_POSITION, NOT_ADDRESSED, NOT_CODED, SEPARATOR, load_units

READINGS = ("agree", "mostly_agree", "mixed", "mostly_disagree", "disagree")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:/@])")


def literal(text: object) -> str:
    """``text`` with Markdown punctuation backslash-escaped (``:`` and ``/`` too, against autolinks): it reads as written.

    ``&`` and ``<`` are left to ``analysis.plots.tables.escape_markdown``, which the notebooks apply after.
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


def provenance(doc_id: str, turn_id: int, turns: pd.DataFrame) -> str:
    """``doc_id:turn_id`` with the turn's raw line span."""
    row = turns[(turns.doc_id == doc_id) & (turns.turn_id == int(turn_id))].iloc[0]
    return f"{doc_id}:{int(turn_id)}, raw lines {int(row.line_start)}–{int(row.line_end)}"


def strongest_evidence(codes: pd.DataFrame, speaker_units: list[str], proposition: str, code: str) -> pd.Series | None:
    """The unit code of highest confidence (first in coding order on ties) for one cell and side."""
    rows = codes[codes.unit.isin(speaker_units) & (codes.proposition == proposition) & (codes.code == code)]
    if rows.empty:
        return None
    rank = rows.confidence.map(CONFIDENCE)
    return rows.loc[rank.idxmax()]


def stance_findings(stances: pd.DataFrame, codes: pd.DataFrame, names: dict[str, str], turns: pd.DataFrame,
                    min_guests: int = 2, alphas: dict[str, str] | None = None) -> list[str]:  # fmt: skip
    """One Markdown bullet per proposition with at least ``min_guests`` guests taking a position.

    Guests are grouped by their cell's reading (agree, mostly agree, mixed, mostly disagree, disagree)
    with its counts of coded answers; guests whose interview was not coded are counted apart from
    those who did not address it. ``alphas`` (proposition → text) adds the reliability to the label.
    """
    out = []
    speaker_of = load_units().set_index("unit").speaker
    for proposition, cells in stances.groupby("proposition", sort=False):
        taking = cells[~cells.reading.isin(NO_POSITION)]
        if len(taking) < min_guests:
            continue
        label = f"**{taking.label_en.iloc[0]}** ({taking.label_zh.iloc[0]})"
        if alphas and proposition in alphas:
            label += f" [{alphas[proposition]}]"
        parts = []
        for reading in READINGS:
            who = taking[taking.reading == reading]
            if len(who):
                parts.append(f"{reading.replace('_', ' ')}: " + ", ".join(
                    f"{names.get(c.speaker, c.speaker)} ({c.counts})" for c in who.itertuples()))  # fmt: skip
        silent = cells[cells.reading == NOT_ADDRESSED].speaker
        if len(silent):
            parts.append(f"not addressed: {', '.join(names.get(s, s) for s in silent)}")
        uncoded = int((cells.reading == NOT_CODED).sum())
        if uncoded:
            parts.append(f"{uncoded} guest(s) whose interviews were not coded")
        quotes = []
        for side in ("agree", "disagree"):
            for cell in taking[taking.reading.isin([side, f"mostly_{side}"])].itertuples():
                mine = speaker_of.index[speaker_of == cell.speaker].tolist()
                best = strongest_evidence(codes, mine, proposition, side)
                if best is not None:
                    sentences = " … ".join(e.strip() for e in best.evidence.split(SEPARATOR))
                    quotes.append(f"{names.get(cell.speaker, cell.speaker)} ({side}): 「{sentences}」 "
                                  f"`[{provenance(best.doc_id, best.turn_id, turns)}]`")  # fmt: skip
                break  # one quote per side: its first guest (every agree or disagree cell has evidence)
        fragile = taking[taking.fragile].speaker
        caveat = f" Fragile (rests on low-confidence codes): {', '.join(names.get(s, s) for s in fragile)}." if len(fragile) else ""
        out.append(f"- {label}: {'; '.join(parts)}.{caveat}" + "".join(f"\n    - {q}" for q in quotes))
    return out


def opposed_pairs(stances: pd.DataFrame) -> pd.DataFrame:
    """Guest pairs on opposite sides (agree vs disagree) of a proposition: ``proposition``, ``agree``, ``disagree``."""
    rows = []
    for proposition, cells in stances.groupby("proposition", sort=False):
        for a in cells[cells.stance == "agree"].speaker:
            for d in cells[cells.stance == "disagree"].speaker:
                rows.append({"proposition": proposition, "agree": a, "disagree": d})
    return pd.DataFrame(rows, columns=["proposition", "agree", "disagree"])


def coverage_findings(intervals: pd.DataFrame, names: dict[str, str], labels: dict[str, str]) -> list[str]:
    """Per guest: his largest theme when its interval lies above the runner-up's, else that none clearly leads."""
    out = []
    cov = intervals[intervals.measure == "coverage"]
    for speaker, rows in cov.groupby("speaker", sort=False):
        ranked = rows.sort_values("point", ascending=False)
        top, second = ranked.iloc[0], ranked.iloc[1]
        name = names.get(speaker, speaker)
        span = f"{top.point:.0%} [{top.ci_low:.0%}, {top.ci_high:.0%}]"
        if top.ci_low > second.ci_high:
            out.append(f"- {name}: **{labels[top.theme]}** is the largest theme, {span} of his characters, "
                       f"clear of {labels[second.theme]} ({second.point:.0%}, up to {second.ci_high:.0%}).")  # fmt: skip
        else:
            out.append(f"- {name}: no theme clearly leads; the largest, {labels[top.theme]} at {span}, overlaps "
                       f"{labels[second.theme]} ({second.point:.0%} [{second.ci_low:.0%}, {second.ci_high:.0%}]).")  # fmt: skip
    return out


def prompting_findings(overall: pd.DataFrame, names: dict[str, str]) -> list[str]:
    """Per guest: share of his on-theme talk answering a question on that theme, its interval, unthemed questions.

    After a question on none of the themes nothing can count as asked for, so their number is said.
    """
    return [f"- {names.get(r.speaker, r.speaker)}: {r.share_prompted:.0%} (95 % interval {r.ci_low:.0%}–{r.ci_high:.0%}) "
            f"of his on-theme talk ({int(r.on_theme_chars)} characters) answered a question on that theme; "
            f"{r.n_unthemed} of his {r.n_answers} answers follow a question the scorer gives no theme."
            for r in overall.itertuples()]  # fmt: skip


def dating_finding(documents: pd.DataFrame) -> str:
    """Which interviews are translations, and which were recorded before ChatGPT (``documents`` with dating columns)."""
    translated = documents[documents.translated.fillna(False).astype(bool)]
    early = documents[documents.pre_chatgpt.fillna(False).astype(bool)]
    text = f"{len(translated)} of {len(documents)} interviews are translations ({', '.join(map(literal, translated.interviewee))})."
    for row in early.itertuples():
        when, precision = (row.recorded, row.recorded_precision) if row.recorded is not None else (row.published, row.published_precision)
        shown = str(when)[: {"year": 4, "month": 7}.get(precision, 10)]
        text += (f" {literal(row.interviewee)} was recorded before ChatGPT's release (in {shown}): today's debate about large language models could not be part of that conversation, so read"
                 " his cells with the date in mind.")  # fmt: skip
    return text


def baseline_finding(summary: pd.DataFrame) -> str:
    """The best automatic stance reading and how often it matches the coded side."""
    best = summary.loc[summary.agreement.idxmax()]
    return (f"The best automatic reading, *{best.method}*, matches {best.matches} of {best.n} coded sides ({best.agreement:.0%});"
            " a coin would match half. The axis measures closeness in meaning to the prototypes, not position: it is not"
            " used as evidence anywhere on this page.")  # fmt: skip


def validity_finding(validity: pd.DataFrame, alpha: float = 0.05) -> str:
    """How each similarity measure's pair order follows coded-stance agreement (Spearman ρ, p)."""
    parts = [f"{r.spearman_rho:.2f} (p = {r.p_value:.2f}) for {r.measure}" for r in validity.itertuples()]
    text = (f"Over the {int(validity.n_pairs.iloc[0])} pairs that share a coded proposition, Spearman's ρ with stance"
            f" agreement is {' and '.join(parts)}.")  # fmt: skip
    if (validity.p_value > alpha).all():
        return text + " Neither measure tracks agreement here: read them as shared subject matter and wording, not shared views."
    follows = validity[(validity.p_value <= alpha) & (validity.spearman_rho > 0)].measure
    return text + (f" Only {', '.join(follows)} follows agreement at p ≤ {alpha}." if len(follows) else
                   " No measure follows agreement positively.")  # fmt: skip


def coding_coverage(stances: pd.DataFrame, names: dict[str, str], limit: int = 12) -> str:
    """Which guests' interviews are stance-coded and which are not, from an ``analysis.stances`` table.

    A guest is uncoded when every cell of his is ``not_coded`` (or notes "interview not coded");
    a coded guest with an interview left out is named with it (``interviews_not_coded``, when the
    table has that column).

    Examples:
        >>> s = pd.DataFrame({"speaker": ["a", "b"], "proposition": "p", "stance": ["agree", "not_coded"],
        ...                   "note": ["", ""], "interviews_not_coded": ["d2", ""]})
        >>> coding_coverage(s, {"a": "甲"})
        'Stances are coded for 1 of 2 guests (甲; of 甲 not the interview d2); not coded: b. A guest not coded has no position here, which is not the same as not addressing a proposition.'

    """
    note = stances["note"].fillna("") if "note" in stances else pd.Series("", index=stances.index)
    uncoded_cell = stances.stance.eq("not_coded") | note.eq("interview not coded")
    uncoded = uncoded_cell.groupby(stances.speaker, sort=False).all()
    coded, not_coded = uncoded.index[~uncoded].tolist(), uncoded.index[uncoded].tolist()

    def listed(ids: list[str]) -> str:
        shown = ", ".join(names.get(s, s) for s in ids[:limit])
        return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "") if ids else "none"

    partial = []
    if "interviews_not_coded" in stances:
        left = stances[stances.speaker.isin(coded)].groupby("speaker", sort=False).interviews_not_coded.first().fillna("")
        partial = [f"of {names.get(s, s)} not the interview{'s' if ';' in d else ''} {d.replace(';', ', ')}"
                   for s, d in left.items() if d]  # fmt: skip
    return (f"Stances are coded for {len(coded)} of {len(uncoded)} guests ({listed(coded)}"
            + (f"; {'; '.join(partial)}" if partial else "") + f"); not coded: {listed(not_coded)}. A guest not coded has "
            "no position here, which is not the same as not addressing a proposition.")  # fmt: skip


def quoted_guests(intervals: pd.DataFrame, theme: str, guests: list[str], k: int = 6) -> tuple[list[str], str]:
    """The guests whose quotes a theme's panel shows, and a sentence saying which when not all of them.

    Up to ``k`` guests all are shown; beyond, the ``k`` with the largest coverage of ``theme``
    (``intervals``: :func:`analysis.viewpoints.prompting.coverage_intervals`).

    Examples:
        >>> iv = pd.DataFrame({"speaker": ["a", "b", "c"], "theme": "t", "measure": "coverage", "point": [0.1, 0.3, 0.2]})
        >>> quoted_guests(iv, "t", ["a", "b", "c"], k=2)
        (['b', 'c'], 'The 2 of 3 guests with the largest share of their talk on this theme; every guest is in `reports/quotes.csv`.')

    """
    if len(guests) <= k:
        return list(guests), ""
    rows = intervals[(intervals.measure == "coverage") & (intervals.theme == theme) & intervals.speaker.isin(guests)]
    shown = rows.sort_values(["point", "speaker"], ascending=[False, True]).speaker.head(k).tolist()
    return shown, (f"The {len(shown)} of {len(guests)} guests with the largest share of their talk on this theme; "
                   "every guest is in `reports/quotes.csv`.")  # fmt: skip


#: What the nearest-neighbour table under the similarity figure holds.
NEIGHBOURS = ("Each guest's three nearest guests by embedding similarity, with the pair's 95 % interval; "
              "`separated`: the interval lies above the next neighbour's.")  # fmt: skip


def corpus_guests(registered: list[str], turns: pd.DataFrame) -> list[str]:
    """Every guest of ``turns``: the registered ones in registry order, then the others by id.

    Examples:
        >>> corpus_guests(["b", "z"], pd.DataFrame({"speaker": ["c", "b", "a", "h"], "role": ["guest"] * 3 + ["host"]}))
        ['b', 'a', 'c']

    """
    present = set(turns.loc[turns.role == "guest", "speaker"])
    return [s for s in dict.fromkeys([*registered, *sorted(present)]) if s in present]
