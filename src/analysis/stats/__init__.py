"""Statistics shared by the stages: resampling intervals (:mod:`analysis.stats.bootstrap`).

Examples:
    >>> from analysis.stats import bootstrap_ci
    >>> callable(bootstrap_ci)
    True

"""

from analysis.stats.bootstrap import Interval, bootstrap_ci, resample_indices

__all__ = ["Interval", "bootstrap_ci", "resample_indices"]
