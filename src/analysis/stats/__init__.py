"""Statistics shared by the stages: resampling intervals, coder agreement, grouping permutation tests.

:mod:`analysis.stats.bootstrap`, :mod:`analysis.stats.agreement` (κ, α), :mod:`analysis.stats.permutation`.

Examples:
    >>> from analysis.stats import bootstrap_ci, cohen_kappa, permutation_p
    >>> callable(bootstrap_ci) and callable(cohen_kappa) and callable(permutation_p)
    True

"""

from analysis.stats.agreement import alpha_codes, cohen_kappa, kappa_codes, krippendorff_alpha
from analysis.stats.bootstrap import Interval, bootstrap_ci, resample_indices
from analysis.stats.permutation import permutation_p, same_label_mean, shuffled_labels

__all__ = [
    "Interval",
    "alpha_codes",
    "bootstrap_ci",
    "cohen_kappa",
    "kappa_codes",
    "krippendorff_alpha",
    "permutation_p",
    "resample_indices",
    "same_label_mean",
    "shuffled_labels",
]
