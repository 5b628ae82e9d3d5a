"""Interviewer control: how much of what a guest says on a theme was asked for.

Coverage alone mixes a guest's interests with the interviewer's agenda. Here each guest turn is
paired with its *prompt*, the nearest host or audience turn before it in the same interview, and
the prompt's themes are coded with the same scorer as the guests' sentences (a host turn asks a
theme when one of its sentences is assigned the theme). Then, per guest and theme:

* ``share_prompted``: the share of the guest's characters on the theme spoken in answer to a
  prompt that asked that theme;
* ``coverage_asked`` / ``coverage_unasked``: the guest's coverage of the theme in turns whose
  prompt asked it, and in all other turns (what he brings up himself);
* ``n_asked``: how many of his turns answered a prompt on the theme.

The prompt is the nearest question, not necessarily the one being answered after a long answer
split by headings; a theme the scorer misses in a short question counts as not asked.

Examples:
    >>> turns = pd.DataFrame({"doc_id": "d", "turn_id": [0, 1, 2, 3], "role": ["host", "guest", "guest", "host"]})
    >>> prompts(turns).prompt_turn.tolist()
    [0, 0]

"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats import bootstrap_ci

PROMPTING_ROLES = ("host", "audience")


def prompts(turns: pd.DataFrame) -> pd.DataFrame:
    """Each guest turn with ``prompt_turn``: the nearest earlier host/audience turn of its interview (<NA> if none)."""
    ordered = turns.sort_values(["doc_id", "turn_id"])
    asking = ordered.turn_id.where(ordered.role.isin(PROMPTING_ROLES))
    prompt = asking.groupby(ordered.doc_id).ffill()
    out = ordered.assign(prompt_turn=prompt.astype("Int64"))
    return out.loc[out.role == "guest"].reset_index(drop=True)


def turn_themes(scores: pd.DataFrame) -> pd.DataFrame:
    """Per turn × theme: characters of the turn's sentences assigned the theme, and the turn's characters."""
    first = scores[~scores.row.duplicated()]
    total = first.assign(n=first.text.str.len()).groupby(["doc_id", "turn_id"]).n.sum().rename("chars")
    on = scores[scores.assigned].assign(n=lambda f: f.text.str.len())
    by_theme = on.pivot_table(index=["doc_id", "turn_id"], columns="theme", values="n", aggfunc="sum")
    themes = scores.theme.unique()
    return by_theme.reindex(index=total.index, columns=themes).fillna(0).join(total)


def answer_table(scores: pd.DataFrame, turns: pd.DataFrame) -> pd.DataFrame:
    """One row per guest × theme × guest turn: characters on the theme, the turn's characters, whether asked.

    The unit of resampling for intervals: a bootstrap over these turns (within speaker) gives
    intervals on every quantity of :func:`interviewer_control`.
    """
    chars = turn_themes(scores)
    themes = [c for c in chars.columns if c != "chars"]
    asked = (chars[themes] > 0).reset_index().rename(columns={"turn_id": "prompt_turn"})
    guest = prompts(turns)[["doc_id", "turn_id", "speaker", "prompt_turn"]]
    guest = guest.join(chars, on=["doc_id", "turn_id"]).dropna(subset=["chars"])
    long = guest.melt(id_vars=["doc_id", "turn_id", "speaker", "prompt_turn", "chars"], value_vars=themes,
                      var_name="theme", value_name="on_theme")  # fmt: skip
    asked_long = asked.melt(id_vars=["doc_id", "prompt_turn"], var_name="theme", value_name="asked")
    asked_long["prompt_turn"] = asked_long.prompt_turn.astype("Int64")
    out = long.merge(asked_long, on=["doc_id", "prompt_turn", "theme"], how="left")
    return out.assign(asked=out.asked.fillna(False).astype(bool))


def interviewer_control(answers: pd.DataFrame) -> pd.DataFrame:
    """Per guest × theme: ``n_turns``, ``n_asked``, ``share_prompted``, ``coverage``, ``coverage_asked``, ``coverage_unasked``.

    Examples:
        >>> a = pd.DataFrame({"speaker": "g", "theme": "t", "chars": [10, 10], "on_theme": [8, 2],
        ...                   "asked": [True, False]})
        >>> interviewer_control(a).iloc[0][["share_prompted", "coverage_asked", "coverage_unasked"]].astype(float).tolist()
        [0.8, 0.8, 0.2]

    """

    def summarise(group: pd.DataFrame) -> pd.Series:
        asked, other = group[group.asked], group[~group.asked]
        on = group.on_theme.sum()
        return pd.Series({
            "n_turns": len(group), "n_asked": int(group.asked.sum()),
            "share_prompted": asked.on_theme.sum() / on if on else float("nan"),
            "coverage": on / group.chars.sum(),
            "coverage_asked": asked.on_theme.sum() / asked.chars.sum() if len(asked) else float("nan"),
            "coverage_unasked": other.on_theme.sum() / other.chars.sum() if len(other) else float("nan"),
        })  # fmt: skip

    table = answers.groupby(["speaker", "theme"])[["chars", "on_theme", "asked"]].apply(summarise).reset_index()
    return table.astype({"n_turns": int, "n_asked": int})


def coverage_intervals(answers: pd.DataFrame, n_boot: int = 500) -> pd.DataFrame:
    """``coverage`` and ``coverage_unasked`` per guest × theme with bootstrap intervals over his turns.

    Turns are resampled within speaker (``analysis.stats.bootstrap_ci``): an answer moves as a block.
    Columns: ``speaker``, ``theme``, ``measure``, ``point``, ``ci_low``, ``ci_high``.
    """
    wide = answers.pivot_table(index=["doc_id", "turn_id", "speaker", "chars"], columns="theme",
                               values=["on_theme", "asked"], aggfunc="first")  # fmt: skip
    themes = sorted(answers.theme.unique())
    on = wide["on_theme"][themes].to_numpy(dtype=float)
    asked = wide["asked"][themes].to_numpy(dtype=bool)
    units = wide.reset_index()[["speaker", "chars"]].assign(row=range(len(wide)))

    def statistic(frame: pd.DataFrame) -> pd.Series:
        rows, chars = frame.row.to_numpy(), frame.chars.to_numpy(dtype=float)[:, None]
        out = {}
        for speaker, idx in frame.groupby("speaker").indices.items():
            r, c = rows[idx], chars[idx]
            unasked = ~asked[r]
            cov = on[r].sum(axis=0) / c.sum()
            free = (on[r] * unasked).sum(axis=0) / (c * unasked).sum(axis=0)
            for i, theme in enumerate(themes):
                out[(speaker, theme, "coverage")] = cov[i]
                out[(speaker, theme, "coverage_unasked")] = free[i]
        return pd.Series(out)

    with np.errstate(invalid="ignore", divide="ignore"):
        interval = bootstrap_ci(units, "speaker", statistic, n_boot=n_boot)
    frame = interval.frame()
    frame.index = frame.index.set_names(["speaker", "theme", "measure"])
    return frame.reset_index()


def prompted_overall(answers: pd.DataFrame, n_boot: int = 500) -> pd.DataFrame:
    """Per guest: share of his on-theme characters that answered a question on the same theme, with its interval.

    ``ci_low``/``ci_high``: 95 % bootstrap interval over his answers (an answer moves as a block).
    ``n_answers``, ``n_unthemed``: his answers, and those whose question the scorer gives none of the themes
    (a personal-story or a generic question): what he says on a theme there counts as not asked for, so a
    low share next to many unthemed questions says more about the questions than about the guest.

    Examples:
        >>> a = pd.DataFrame({"doc_id": "d", "turn_id": [1, 1, 3, 3], "speaker": "g", "theme": ["x", "y"] * 2,
        ...                   "on_theme": [8, 0, 2, 0], "asked": [True, False, False, False]})
        >>> prompted_overall(a, n_boot=20).iloc[0][["share_prompted", "n_answers", "n_unthemed"]].astype(float).tolist()
        [0.8, 2.0, 1.0]

    """
    per_answer = answers.assign(prompted=answers.on_theme * answers.asked).groupby(
        ["doc_id", "turn_id", "speaker"]).agg(on=("on_theme", "sum"), prompted=("prompted", "sum"),
                                             themed=("asked", "any")).reset_index()  # fmt: skip

    def share(frame: pd.DataFrame) -> pd.Series:
        sums = frame.groupby("speaker")[["on", "prompted"]].sum()
        return sums.prompted / sums.on.where(sums.on > 0)

    with np.errstate(invalid="ignore", divide="ignore"):
        interval = bootstrap_ci(per_answer, "speaker", share, n_boot=n_boot).frame()
    grouped = per_answer.groupby("speaker")
    out = pd.DataFrame({"on_theme_chars": grouped.on.sum(), "share_prompted": interval.point,
                        "ci_low": interval.ci_low, "ci_high": interval.ci_high, "n_answers": grouped.size(),
                        "n_unthemed": grouped.themed.apply(lambda t: int((~t).sum()))})  # fmt: skip
    return out.rename_axis("speaker").reset_index()
