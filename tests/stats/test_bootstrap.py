"""The generic bootstrap: resampling within groups, percentile intervals, determinism, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.bootstrap import bootstrap_ci, resample_indices


def _units() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({"g": ["a"] * 30 + ["b"] * 10, "x": np.r_[rng.normal(0, 1, 30), rng.normal(5, 1, 10)]})


def test_resampling_stays_within_each_group_and_keeps_its_size():
    groups = np.array(["a"] * 5 + ["b"] * 3)
    draws = resample_indices(groups, len(groups), n_boot=200, seed=3)
    assert draws.shape == (200, 8)
    assert ((draws[:, :5] < 5).all()) and ((draws[:, 5:] >= 5).all())
    assert len(np.unique(draws[:, :5])) == 5  # every unit is drawn somewhere


def test_scalar_interval_contains_the_point_and_narrows_with_more_units():
    units = _units()
    ci = bootstrap_ci(units, "g", lambda f: f.loc[f.g == "a", "x"].mean(), n_boot=500)
    assert ci.ci_low < ci.point < ci.ci_high
    assert ci.point == pytest.approx(units.loc[units.g == "a", "x"].mean())
    # the standard error of a mean of 30 N(0, 1) draws is 0.18: the 95% interval is about ±0.36 wide
    assert 0.4 < ci.ci_high - ci.ci_low < 1.1
    small = bootstrap_ci(units.iloc[[0, 1, 2, 30, 31, 32]], "g", lambda f: f.loc[f.g == "a", "x"].mean(), n_boot=500)
    assert small.ci_high - small.ci_low > 0  # still an interval


def test_series_statistic_gives_one_interval_per_label():
    ci = bootstrap_ci(_units(), "g", lambda f: f.groupby("g").x.mean(), n_boot=300)
    frame = ci.frame()
    assert list(frame.index) == ["a", "b"]
    assert ((frame.ci_low <= frame.point) & (frame.point <= frame.ci_high)).all()
    assert frame.loc["b", "ci_low"] > frame.loc["a", "ci_high"]  # 5 apart, far beyond either interval


def test_within_group_resampling_keeps_group_sizes_fixed():
    # the share of group a is 30/40 in every replicate when resampling within groups, not when pooled
    share = lambda f: float((f.g == "a").mean())  # noqa: E731
    within = bootstrap_ci(_units(), "g", share, n_boot=100)
    pooled = bootstrap_ci(_units(), None, share, n_boot=100)
    assert within.ci_low == within.ci_high == 0.75
    assert pooled.ci_low < 0.75 < pooled.ci_high


def test_same_seed_same_interval_other_seed_other_interval():
    stat = lambda f: f.x.median()  # noqa: E731
    first, again = (
        bootstrap_ci(_units(), "g", stat, n_boot=200, seed=7),
        bootstrap_ci(_units(), "g", stat, n_boot=200, seed=7),
    )
    other = bootstrap_ci(_units(), "g", stat, n_boot=200, seed=8)
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert (first.ci_low, first.ci_high) != (other.ci_low, other.ci_high)


def test_nan_replicates_are_left_out():
    units = pd.DataFrame({"g": ["a", "a", "a"], "x": [1.0, 2.0, 3.0]})
    stat = lambda f: f.x.mean() if (f.x != 1.0).any() else float("nan")  # noqa: E731
    ci = bootstrap_ci(units, "g", stat, n_boot=300)
    assert np.isfinite(ci.ci_low) and np.isfinite(ci.ci_high)


@pytest.mark.parametrize(("options", "message"), [({"level": 1.5}, "level"), ({"n_boot": 0}, "n_boot")])
def test_bad_options_say_what_to_pass(options, message):
    with pytest.raises(ValueError, match=message):
        bootstrap_ci(_units(), "g", lambda f: f.x.mean(), **options)


def test_unknown_group_column_names_the_columns():
    with pytest.raises(ValueError, match="columns: g, x"):
        bootstrap_ci(_units(), "speaker", lambda f: f.x.mean())
