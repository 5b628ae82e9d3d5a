"""Bootstrap over units (turns, sentences, chunks), resampled within groups, with percentile intervals.

The unit is what is resampled: for term statistics the *turn*, so that a word said 17 times in
one answer moves as one block rather than as 17 independent tokens. Resampling is stratified by
``group`` (e.g. the speaker): every replicate keeps each group's number of units, drawn with
replacement from that group only, so a speaker never lends turns to another. Seeded
(:data:`analysis.config.SEED`), so two runs give the same intervals.

``statistic`` takes a resampled frame and returns a number, or a Series (one value per label,
e.g. per term), and is called ``n_boot`` times; the interval is the ``(1 - level) / 2`` and
``(1 + level) / 2`` percentiles of the replicates (the plain percentile bootstrap: Efron &
Tibshirani 1993, ch. 13). Replicates where the statistic is NaN are left out of the percentiles.
The point estimate is the statistic on the frame as given. A percentile interval need not
contain it for a very skewed statistic; callers that rely on it should test it.

Examples:
    >>> units = pd.DataFrame({"speaker": ["a"] * 4 + ["b"] * 4, "x": [1, 2, 3, 4, 10, 10, 10, 10]})
    >>> ci = bootstrap_ci(units, "speaker", lambda f: f.loc[f.speaker == "a", "x"].mean(), n_boot=200)
    >>> ci.point, 1 <= ci.ci_low <= ci.point <= ci.ci_high <= 4
    (2.5, True)

"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.config import SEED

N_BOOT = 1000
LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    """A point estimate and its percentile interval: floats for a scalar statistic, Series for a Series one."""

    point: float | pd.Series
    ci_low: float | pd.Series
    ci_high: float | pd.Series
    n_boot: int

    def frame(self) -> pd.DataFrame:
        """``point, ci_low, ci_high`` as a table (one row per label of a Series statistic, else one row)."""
        if isinstance(self.point, pd.Series):
            return pd.DataFrame({"point": self.point, "ci_low": self.ci_low, "ci_high": self.ci_high})
        return pd.DataFrame({"point": [self.point], "ci_low": [self.ci_low], "ci_high": [self.ci_high]})


def resample_indices(groups: np.ndarray | pd.Series | None, n: int, n_boot: int, seed: int = SEED) -> np.ndarray:
    """``n_boot`` rows of ``n`` positions drawn with replacement, within each group (``None``: one group).

    Examples:
        >>> draws = resample_indices(np.array(["a", "a", "b"]), 3, n_boot=50, seed=1)
        >>> draws.shape, bool((draws[:, 2] == 2).all())
        ((50, 3), True)

    """
    rng = np.random.default_rng(seed)
    codes = np.zeros(n, dtype=int) if groups is None else pd.factorize(np.asarray(groups), sort=True)[0]
    draws = np.empty((n_boot, n), dtype=np.int64)
    for code in np.unique(codes):
        members = np.flatnonzero(codes == code)
        draws[:, members] = members[rng.integers(0, len(members), size=(n_boot, len(members)))]
    return draws


def bootstrap_ci(
    units: pd.DataFrame,
    group: str | None,
    statistic: Callable[[pd.DataFrame], float | pd.Series],
    n_boot: int = N_BOOT,
    seed: int = SEED,
    level: float = LEVEL,
) -> Interval:
    """Point estimate of ``statistic(units)`` and its bootstrap percentile interval.

    ``units``: one row per resampling unit; ``group``: the column to resample within (``None``
    resamples all rows together); ``statistic``: frame → float or Series (labels must not depend
    on the draw: a label missing from a replicate counts as NaN there).

    Examples:
        >>> units = pd.DataFrame({"g": ["a", "a", "b", "b"], "x": [1.0, 3.0, 5.0, 7.0]})
        >>> ci = bootstrap_ci(units, "g", lambda f: f.groupby("g").x.mean(), n_boot=100)
        >>> ci.frame().round(1).to_dict("index")["a"]["point"]
        2.0

    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level}")
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
    units = units.reset_index(drop=True)
    if group is not None and group not in units.columns:
        raise ValueError(f"no column {group!r} to resample within; columns: {', '.join(map(str, units.columns))}")
    point = statistic(units)
    draws = resample_indices(None if group is None else units[group], len(units), n_boot, seed)
    replicates = [statistic(units.iloc[rows].reset_index(drop=True)) for rows in draws]
    q = [(1 - level) / 2 * 100, (1 + level) / 2 * 100]
    if isinstance(point, pd.Series):
        values = np.stack([pd.Series(r).reindex(point.index).to_numpy(dtype=float) for r in replicates])
        low, high = _percentiles(values, q)
        return Interval(point, pd.Series(low, index=point.index), pd.Series(high, index=point.index), n_boot)
    low, high = _percentiles(np.asarray(replicates, dtype=float)[:, None], q)
    return Interval(float(point), float(low[0]), float(high[0]), n_boot)


def _percentiles(values: np.ndarray, q: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Per column, the two percentiles over the non-NaN replicates (NaN for a column with none)."""
    out = np.full((2, values.shape[1]), np.nan)
    finite = ~np.isnan(values).all(axis=0)
    if finite.any():
        out[:, finite] = np.nanpercentile(values[:, finite], q, axis=0)
    return out[0], out[1]
