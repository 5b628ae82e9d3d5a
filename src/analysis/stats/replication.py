"""Person and interview apart: whether a guest's difference from the others is his, or one interview's.

A person with several interviews (one speaker id in several documents) lets two questions be
asked that a corpus of one interview per person cannot:

* **Profiles.** Each (person, interview) gets a profile: shares of a fixed set of features
  (term frequencies, theme coverage). :func:`person_effect` compares the distance between two
  interviews of the *same* person with the distance between interviews of *different* people
  (Jensen–Shannon distance, base 2, 0 … 1). A ratio ``within / between`` well below 1 means his
  interviews resemble each other more than they resemble other people's: the profile carries the
  person. The p-value is a permutation test that shuffles the person labels over the interviews
  (each person keeps his number of interviews); the interval resamples the repeat people
  (bootstrap over people, percentile).
* **Nearest interview.** :func:`own_rank`: for each interview of a repeat person, the rank of his
  own other interview among all other interviews by distance (1 = his own is the closest).

What this cannot separate: a person's interviews share more than the person (his company, his
field, often the same translator or outlet), and different people differ in outlet, year and
format too. "Holds across his interviews" means "not tied to one interview", not "free of
everything a person brings with him".

Examples:
    >>> shares = pd.DataFrame([[0.9, 0.1], [0.8, 0.2], [0.1, 0.9], [0.2, 0.8]], columns=["x", "y"],
    ...                       index=pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 3), ("b", 4)]))
    >>> effect = person_effect(shares, n_perm=200, n_boot=200)
    >>> round(effect["within"], 3), round(effect["between"], 3), effect["n_people"]
    (0.12, 0.629, 2)

"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial.distance import jensenshannon, pdist, squareform

from analysis.config import SEED
from analysis.stats.permutation import permutation_p, same_label_mean, shuffled_labels

N_PERM = 2000
N_BOOT = 1000


def shares(counts: pd.DataFrame, person: str, interview: str, feature: str, value: str = "count") -> pd.DataFrame:
    """(person, interview) × feature table of each row's share of its total (rows summing to 1; empty rows dropped).

    Examples:
        >>> long = pd.DataFrame({"p": ["a", "a", "a"], "i": [1, 1, 2], "f": ["x", "y", "x"], "count": [3, 1, 2]})
        >>> shares(long, "p", "i", "f").to_dict("index")
        {('a', 1): {'x': 0.75, 'y': 0.25}, ('a', 2): {'x': 1.0, 'y': 0.0}}

    """
    table = counts.pivot_table(index=[person, interview], columns=feature, values=value, aggfunc="sum", fill_value=0)
    table = table[table.sum(axis=1) > 0].astype(float)
    table.columns.name = None
    return table.div(table.sum(axis=1), axis=0)


def repeat_people(profiles: pd.DataFrame) -> list[str]:
    """People (first index level) with at least two interviews in ``profiles``, sorted."""
    people = profiles.index.get_level_values(0)
    counts = pd.Series(people).value_counts()
    return sorted(counts[counts >= 2].index)


def distances(profiles: pd.DataFrame) -> np.ndarray:
    """Square matrix of Jensen–Shannon distances (base 2) between the rows of ``profiles``."""
    return squareform(pdist(profiles.to_numpy(), lambda u, v: jensenshannon(u, v, base=2)))


def _within_between(matrix: np.ndarray, codes: np.ndarray, pairs: tuple[np.ndarray, np.ndarray]) -> tuple[float, float]:
    """Mean distance of the index pairs ``pairs`` whose rows share a code, and of those that do not."""
    same = codes[pairs[0]] == codes[pairs[1]]
    values = matrix[pairs]
    return (float(values[same].mean()) if same.any() else np.nan,
            float(values[~same].mean()) if (~same).any() else np.nan)  # fmt: skip


def person_effect(profiles: pd.DataFrame, n_perm: int = N_PERM, n_boot: int = N_BOOT, seed: int = SEED,
                  level: float = 0.95) -> dict[str, float]:  # fmt: skip
    """Within-person vs between-person distance of interview profiles, with a permutation p and a bootstrap interval.

    ``profiles``: rows indexed by (person, interview), shares per feature (:func:`shares`). Every
    interview counts for the between-person mean; the within-person mean is over the pairs of
    interviews of one person. Returns ``within``, ``between``, ``ratio`` (within / between),
    ``ratio_low``/``ratio_high`` (percentile interval, people with several interviews resampled with
    replacement, their between-person distances to everyone kept), ``p_value`` (share of label
    shuffles whose within-person mean is at most the observed one, ``(1 + k) / (1 + n_perm)``),
    ``n_people`` (with several interviews) and ``n_interviews``. With no repeat person the
    statistics are NaN.
    """
    people = profiles.index.get_level_values(0).to_numpy()
    codes = pd.factorize(people)[0]
    repeat = set(repeat_people(profiles))
    out = {"n_people": len(repeat), "n_interviews": len(profiles)}
    if not repeat:
        return out | dict.fromkeys(["within", "between", "ratio", "ratio_low", "ratio_high", "p_value"], np.nan)
    matrix = distances(profiles)
    pairs = np.triu_indices(len(profiles), k=1)
    within, between = _within_between(matrix, codes, pairs)
    rng = np.random.default_rng(seed)
    null = same_label_mean(matrix, shuffled_labels(codes, n_perm, rng))
    ratios = [_resampled_ratio(matrix, people, sorted(repeat), rng) for _ in range(n_boot)]
    low, high = np.nanpercentile(ratios, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
    return out | {
        "within": within,
        "between": between,
        "ratio": within / between,
        "ratio_low": float(low),
        "ratio_high": float(high),
        "p_value": permutation_p(within, null),
    }


def _resampled_ratio(matrix: np.ndarray, people: np.ndarray, repeat: list[str], rng: np.random.Generator) -> float:
    """Within / between over one bootstrap draw of the repeat people (each drawn person's pairs, with repeats)."""
    drawn = rng.choice(repeat, size=len(repeat), replace=True)
    within, between = [], []
    for person in drawn:
        rows = np.flatnonzero(people == person)
        block = matrix[np.ix_(rows, rows)]
        within.append(block[np.triu_indices(len(rows), k=1)])
        between.append(matrix[np.ix_(rows, np.flatnonzero(people != person))].ravel())
    return float(np.concatenate(within).mean() / np.concatenate(between).mean())


def own_rank(profiles: pd.DataFrame) -> pd.DataFrame:
    """For each interview of a repeat person: how close his nearest own other interview is among all others.

    Columns: ``person``, ``interview``, ``own_rank`` (1 = one of his own interviews is the nearest of
    all), ``n_others`` (interviews it is ranked among), ``own_distance``, ``nearest_other_person``
    (the closest interview of somebody else) and ``other_distance``.
    """
    matrix = distances(profiles)
    people = profiles.index.get_level_values(0).to_numpy()
    interviews = profiles.index.get_level_values(1).to_numpy()
    rows = []
    for person in repeat_people(profiles):
        for i in np.flatnonzero(people == person):
            others = np.delete(np.arange(len(people)), i)
            order = others[np.argsort(matrix[i, others], kind="stable")]
            own = np.flatnonzero(people[order] == person)[0]
            stranger = order[people[order] != person][0]
            rows.append({"person": person, "interview": interviews[i], "own_rank": int(own) + 1,
                         "n_others": len(others), "own_distance": float(matrix[i, order[own]]),
                         "nearest_other_person": people[stranger], "other_distance": float(matrix[i, stranger])})  # fmt: skip
    return pd.DataFrame(rows, columns=["person", "interview", "own_rank", "n_others", "own_distance",
                                       "nearest_other_person", "other_distance"])  # fmt: skip
