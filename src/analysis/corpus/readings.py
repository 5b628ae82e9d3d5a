"""Readings of the corpus tables in words, for notebook 01 and the caveats of the later pages.

Every sentence is computed from the tables it is given, so it holds for five interviews or fifty:
nothing here names an article, a guest or a count that the tables do not hold.

Examples:
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "translated": [True, False, None]})
    >>> turns = pd.DataFrame({"doc_id": ["a", "b", "c"], "speaker": ["x", "x", "y"], "role": "guest"})
    >>> print(corpus_caveats(docs, turns, {"x": "甲"}))
    3 interviews of 2 guests. 1 of 3 interviews is a Chinese translation (a), 1 is of unknown language or translation status. 1 guest has more than one interview: 甲 (2).

"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.corpus.speakers import display_name


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _names(ids: list[str], names: Mapping[str, str] | None, limit: int = 8) -> str:
    """Up to ``limit`` display names, then how many more."""
    shown = ", ".join(display_name(s, names) for s in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def corpus_caveats(documents: pd.DataFrame, turns: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """How many interviews and guests, how many interviews are translations, which guests have several interviews."""
    guests = turns[turns.role == "guest"].groupby("speaker").doc_id.nunique().sort_values(ascending=False, kind="stable")
    translated = documents[documents.translated.eq(True)].doc_id.tolist()
    unknown = int(documents.translated.isna().sum())
    several = guests[guests > 1]
    parts = [f"{_plural(len(documents), 'interview')} of {_plural(len(guests), 'guest')}.",
             f"{len(translated)} of {len(documents)} interviews {'is a' if len(translated) == 1 else 'are'} Chinese "
             f"translation{'' if len(translated) == 1 else 's'}" + (f" ({_names(translated, None)})" if translated else "")
             + (f", {unknown} {'is' if unknown == 1 else 'are'} of unknown language or translation status." if unknown else ".")]  # fmt: skip
    parts += _without_guests(documents, turns)
    if len(several):
        people = ", ".join(f"{display_name(s, names)} ({n})" for s, n in several.items())
        parts.append(f"{_plural(len(several), 'guest')} {'has' if len(several) == 1 else 'have'} more than one interview: {people}.")
    else:
        parts.append("Every guest has one interview, so a difference between guests is also one between interviews.")
    return " ".join(parts)


def _without_guests(documents: pd.DataFrame, turns: pd.DataFrame) -> list[str]:
    """A sentence naming the interviews no guest speaks in, and why, or nothing when every one has a guest.

    Examples:
        >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"]})
        >>> turns = pd.DataFrame({"doc_id": ["a", "b", "c"], "role": ["guest", "narrator", "host"]})
        >>> _without_guests(docs, turns)
        ['2 of 3 interviews have no guest turn, so they are in the text tables but in no per-guest statistic: b (no speaker label found: read entirely as narration), c (labels found, none read as a guest).']

    """
    guests, labelled = set(turns.doc_id[turns.role == "guest"]), set(turns.doc_id[turns.role != "narrator"])
    missing = [d for d in documents.doc_id if d not in guests]
    if not missing:
        return []
    why = {d: "labels found, none read as a guest" if d in labelled else
           "no speaker label found: read entirely as narration" for d in missing}  # fmt: skip
    shown = ", ".join(f"{d} ({why[d]})" for d in missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
    return [f"{len(missing)} of {len(documents)} interviews {'has' if len(missing) == 1 else 'have'} no guest turn, so "
            f"{'it is' if len(missing) == 1 else 'they are'} in the text tables but in no per-guest statistic: {shown}."]  # fmt: skip


def cleaning_reading(accounting: pd.DataFrame, n: int = 3) -> str:
    """Which articles lose the largest share of their raw lines, and to what (a ``line_accounting`` table).

    Examples:
        >>> acc = pd.DataFrame({"content": [10, 2], "blank": [2, 1], "nav": [0, 7]}, index=["a", "b"])
        >>> cleaning_reading(acc, n=1)
        'Cleaning keeps 12 of 22 raw lines (55%) as content or headings; blank lines aside, the article that loses most is b (7 of 10 lines dropped, mostly nav).'

    """
    kept_kinds = [k for k in ("content", "heading") if k in accounting]
    kept = accounting[kept_kinds].sum(axis=1)
    dropped = accounting.drop(columns=[*kept_kinds, "blank"], errors="ignore")
    share = dropped.sum(axis=1) / accounting.sum(axis=1).replace(0, 1)
    worst = share.sort_values(ascending=False, kind="stable").head(n)
    parts = [f"{d} ({int(dropped.loc[d].sum())} of {int(accounting.loc[d].sum())} lines dropped, mostly {dropped.loc[d].idxmax()})"
             for d in worst.index if dropped.loc[d].sum() > 0]  # fmt: skip
    head = (f"Cleaning keeps {int(kept.sum()):,} of {int(accounting.to_numpy().sum()):,} raw lines "
            f"({kept.sum() / accounting.to_numpy().sum():.0%}) as content or headings")  # fmt: skip
    if not parts:
        return head + "; no article loses a line to anything but blank lines."
    which = "the article that loses most is" if len(parts) == 1 else f"the {len(parts)} articles that lose most are"
    return f"{head}; blank lines aside, {which} {'; '.join(parts)}."


def volume_reading(volume: pd.DataFrame) -> str:
    """The guests' share of each interview's characters, and hosts' share of turns against characters.

    Examples:
        >>> v = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "speaker": ["g", "h", "g2", "h"],
        ...                   "role": ["guest", "host", "guest", "host"], "turns": [5, 5, 3, 4], "chars": [900, 100, 500, 500]})
        >>> volume_reading(v)
        'The guests speak 50%–90% of the characters of each interview (median 70%, 2 interviews). Hosts take 53% of the turns but 30% of the characters (short questions, long answers).'

    """
    per_doc = volume.assign(guest=volume.chars.where(volume.role == "guest", 0)).groupby("doc_id")[["guest", "chars"]].sum()
    share = per_doc.guest / per_doc.chars.replace(0, 1)
    hosts = volume[volume.role == "host"]
    text = (f"The guests speak {share.min():.0%}–{share.max():.0%} of the characters of each interview "
            f"(median {share.median():.0%}, {_plural(len(share), 'interview')}).")  # fmt: skip
    turn_share, char_share = hosts.turns.sum() / volume.turns.sum(), hosts.chars.sum() / volume.chars.sum()
    if len(hosts) and turn_share > char_share:
        text += (f" Hosts take {turn_share:.0%} of the turns but {char_share:.0%} of the characters "
                 "(short questions, long answers).")  # fmt: skip
    elif len(hosts):
        text += f" Hosts take {turn_share:.0%} of the turns and {char_share:.0%} of the characters."
    audience = sorted(volume.loc[volume.role == "audience", "doc_id"].unique())
    if audience:
        text += f" {_plural(len(audience), 'article')} {'has' if len(audience) == 1 else 'have'} audience questions ({_names(audience, None)})."
    return text
