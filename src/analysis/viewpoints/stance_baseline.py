"""The automatic stance methods, measured against the coded stances (a baseline, never the finding).

Two scorers place a sentence on a stance axis (``analysis.viewpoints.stance_axes``) and read its
sign as agree (> 0) or disagree:

* ``axis``: the cosine projection of the whole sentence, as notebook 04 used to report it;
* ``axis+negation``: concession- and negation-aware: only the clause after the last concessive
  marker (但 / 但是 / 不过 / 然而 / 可是) is embedded, and its sign is flipped when that clause negates
  (不够, 并不, 不一定, 未必, 不是, 无法, …). Hand-written cues; they miss double negation and irony.

:func:`unit_agreement` scores the coders' own evidence sentences (the scorer gets the right
sentences, so this is an upper bound on what it would do unaided) and compares with each coded unit;
:func:`guest_agreement` compares the old reading (median position of all a guest's sentences on the
theme) with the aggregated coded stance.

Examples:
    >>> after_concession("规模很重要,但这肯定是不够的")
    '这肯定是不够的'
    >>> negated("这肯定是不够的"), negated("规模就是一切")
    (True, False)

"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.corpus import Corpus
from analysis.text.embeddings import embed_passages
from analysis.viewpoints import stance_axes
from analysis.viewpoints.quotations import theme_statements
from analysis.viewpoints.stance_codes import evidence_sentences, stances

#: Codebook proposition → stance axis whose +1 pole states it.
AXIS_FOR = {
    "scaling_enough": "scaling_enough",
    "interpretability_needed": "interpretability_needed",
    "prediction_is_understanding": "prediction_is_reasoning",
}
CONCESSION = re.compile(r"(?:但是|但|不过|然而|可是)")
NEGATION = re.compile(r"不够|不意味着|并不|不一定|未必|不是|无法|不能|不认为|不需要|没有必要|不太可能|远远不")
SCORERS = ("axis", "axis+negation")


def after_concession(text: str) -> str:
    """The part of ``text`` after its last concessive marker (all of it when there is none)."""
    parts = CONCESSION.split(text)
    tail = re.sub(r"^[\s,,;;。]+|[\s,,;;。]+$", "", parts[-1])
    return tail if tail else text


def negated(text: str) -> bool:
    """Whether ``text`` contains a negation cue."""
    return bool(NEGATION.search(text))


def score(texts: list[str], axis: stance_axes.Axis, scorer: str) -> np.ndarray:
    """Signed position of each text on ``axis`` by ``scorer`` (``axis`` or ``axis+negation``)."""
    if scorer not in SCORERS:
        raise ValueError(f"unknown scorer {scorer!r}; valid: {', '.join(SCORERS)}")
    if scorer == "axis":
        return stance_axes.project(embed_passages(texts, progress=False), axis)
    clauses = [after_concession(t) for t in texts]
    sign = np.array([-1.0 if negated(c) else 1.0 for c in clauses])
    return sign * stance_axes.project(embed_passages(clauses, progress=False), axis)


def unit_agreement(codes: pd.DataFrame) -> pd.DataFrame:
    """Per coded unit on an axis proposition: the code and each scorer's call on the unit's evidence.

    Columns: ``unit``, ``proposition``, ``code``, and per scorer ``<scorer>`` (mean signed position)
    and ``<scorer>_call`` (agree/disagree). Mixed codes are kept (no sign can match them).
    """
    evidence = evidence_sentences(codes[codes.proposition.isin(AXIS_FOR)])
    rows = []
    for proposition, group in evidence.groupby("proposition", sort=False):
        axis = stance_axes.build_axis(AXIS_FOR[proposition])
        scored = group.assign(**{s: score(group.sentence.tolist(), axis, s) for s in SCORERS})
        rows.append(scored.groupby(["unit", "proposition", "code"], sort=False)[list(SCORERS)].mean().reset_index())
    table = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["unit", "proposition", "code"])
    for s in SCORERS:
        table[f"{s}_call"] = np.where(table[s] > 0, "agree", "disagree")
    return table


def guest_agreement(corpus: Corpus, codes: pd.DataFrame) -> pd.DataFrame:
    """Per guest × axis proposition: the coded stance and the sign of the old median-position reading."""
    coded = stances(corpus, codes).set_index(["speaker", "proposition"]).stance
    rows = []
    for proposition, name in AXIS_FOR.items():
        axis = stance_axes.build_axis(name)
        statements, vectors = theme_statements(axis.theme, corpus=corpus)
        median = stance_axes.stance_summary(stance_axes.stance_table(axis, statements, vectors))["median"]
        for speaker, value in median.items():
            rows.append({"speaker": speaker, "proposition": proposition, "median_position": float(value),
                         "axis_call": "agree" if value > 0 else "disagree",
                         "coded": coded.get((speaker, proposition), "not_addressed")})  # fmt: skip
    return pd.DataFrame(rows)


def agreement_summary(units: pd.DataFrame, guests: pd.DataFrame) -> pd.DataFrame:
    """How often each automatic reading matches the codes, where the codes take a side (agree or disagree)."""
    sided = units[units.code.isin(["agree", "disagree"])]
    rows = [{"method": f"{s} (unit evidence)", "n": len(sided), "matches": int((sided[f"{s}_call"] == sided.code).sum())}
            for s in SCORERS]  # fmt: skip
    sided_guests = guests[guests.coded.isin(["agree", "disagree"])]
    rows.append({"method": "axis median (all guest sentences on the theme)", "n": len(sided_guests),
                 "matches": int((sided_guests.axis_call == sided_guests.coded).sum())})  # fmt: skip
    table = pd.DataFrame(rows)
    return table.assign(agreement=table.matches / table.n.where(table.n > 0))
