"""Agreement of the stance coders: κ and α per proposition with bootstrap intervals over units, disagreements.

Every coder's codes are laid on the same full grid (units × propositions; a cell a coder left
empty is ``not_addressed``), as the manual says. κ and α come from :mod:`analysis.stats.agreement`
(its integer-code forms, the four labels as the value domain; nominal α from the ``krippendorff``
package). Intervals are 95 % percentile intervals from resampling *units* with replacement (the
coded answer is the sampling unit), seed fixed.

Examples:
    >>> codes = pd.DataFrame({"unit": ["u1"], "proposition": ["p"], "code": ["agree"], "evidence": ["x"]})
    >>> evidence_overlap(codes, codes).evidence.tolist()
    ['identical']

"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from analysis.stats.agreement import alpha_codes, kappa_codes
from analysis.viewpoints.stance_codes import LABELS, NOT_ADDRESSED, SEPARATOR, code_grid, load_codebook

RELIABILITY_COLUMNS = ["proposition", "sample", "n_units", "n_coded", "n_coded_all", "same_evidence", "agreement", "kappa",
                       "kappa_ci_low", "kappa_ci_high", "alpha", "ci_low", "ci_high", "coders"]  # fmt: skip


def _stats(arrays: list[np.ndarray]) -> tuple[float, float]:
    """(mean pairwise κ, α) of integer-coded codings of the same cells."""
    kappas = [kappa_codes(a, b, len(LABELS)) for a, b in combinations(arrays, 2)]
    kappa = float("nan") if np.all(np.isnan(kappas)) else float(np.nanmean(kappas))
    return kappa, alpha_codes(np.stack(arrays), len(LABELS))


def _interval(values: list[float]) -> tuple[float, float]:
    """95 % percentile interval of the defined values (NaN when none)."""
    kept = np.array([v for v in values if not np.isnan(v)])
    return (float("nan"), float("nan")) if not len(kept) else tuple(float(q) for q in np.percentile(kept, [2.5, 97.5]))


def reliability_table(passes: dict[str, pd.DataFrame], units: pd.DataFrame, sample: str, n_boot: int = 1000,
                      seed: int = 42) -> pd.DataFrame:  # fmt: skip
    """Agreement of the coders in ``passes`` per proposition and over all cells (row ``all``).

    ``units`` are the grid's rows (every unit the coders were given). Columns ``RELIABILITY_COLUMNS``:
    ``n_units`` grid units, ``n_coded`` units at least one coder coded, ``n_coded_all`` units every coder
    coded, ``same_evidence`` the share of cells the first two coders coded alike whose evidence is
    character-identical, ``agreement`` share of identical cells, ``kappa`` Cohen's κ (mean over coder pairs) and
    ``alpha`` Krippendorff's α, each with a 95 % bootstrap interval over units (``ci_low``/``ci_high``
    are α's).
    """
    propositions = load_codebook().proposition.tolist()
    grids = {name: code_grid(codes, units, propositions) for name, codes in passes.items()}
    rng = np.random.default_rng(seed)
    draws = [rng.integers(0, len(units), len(units)) for _ in range(n_boot)]
    names = list(passes)
    overlap = evidence_overlap(passes[names[0]], passes[names[1]]) if len(names) > 1 else pd.DataFrame(columns=["proposition", "evidence"])
    rows = []
    for proposition in [*propositions, "all"]:
        columns = propositions if proposition == "all" else [proposition]
        alike = overlap if proposition == "all" else overlap[overlap.proposition == proposition]
        index = {label: i for i, label in enumerate(LABELS)}
        arrays = [g[columns].map(index.__getitem__).to_numpy() for g in grids.values()]
        coded = np.stack([a != index[NOT_ADDRESSED] for a in arrays])
        kappa, alpha = _stats([a.ravel() for a in arrays])
        boot = [_stats([a[d].ravel() for a in arrays]) for d in draws]
        k_low, k_high = _interval([b[0] for b in boot])
        a_low, a_high = _interval([b[1] for b in boot])
        same = np.all([a == arrays[0] for a in arrays], axis=0)
        rows.append({"proposition": proposition, "sample": sample, "n_units": len(units),
                     "n_coded": int(coded.any(axis=0).any(axis=1).sum()) if proposition != "all" else int(coded.any(axis=0).sum()),
                     "n_coded_all": int(coded.all(axis=0).any(axis=1).sum()) if proposition != "all" else int(coded.all(axis=0).sum()),
                     "same_evidence": float((alike.evidence == "identical").mean()) if len(alike) else float("nan"),
                     "agreement": float(same.mean()), "kappa": kappa, "kappa_ci_low": k_low, "kappa_ci_high": k_high,
                     "alpha": alpha, "ci_low": a_low, "ci_high": a_high, "coders": " + ".join(passes)})  # fmt: skip
    return pd.DataFrame(rows, columns=RELIABILITY_COLUMNS)


def disagreement_list(passes: dict[str, pd.DataFrame], units: pd.DataFrame) -> pd.DataFrame:
    """Every cell the coders coded differently, ready to adjudicate.

    Columns: ``unit``, ``proposition``, per coder ``code_<name>`` and ``evidence_<name>``, then the empty
    decision columns ``code`` (agree/disagree/mixed/not_addressed), ``evidence_from`` (the coder whose
    evidence is kept) and ``reason``.
    """
    propositions = load_codebook().proposition.tolist()
    long = {name: _long(code_grid(c, units, propositions)) for name, c in passes.items()}
    table = pd.concat(long, axis=1)
    first = table.iloc[:, 0]
    differ = table[table.ne(first, axis=0).any(axis=1)]
    out = differ.rename(columns=lambda n: f"code_{n}").rename_axis(["unit", "proposition"]).reset_index()
    for name, codes in passes.items():
        keyed = codes.set_index(["unit", "proposition"]).evidence
        out[f"evidence_{name}"] = [keyed.get((u, p), "") for u, p in zip(out.unit, out.proposition, strict=True)]
    return out.assign(code="", evidence_from="", reason="")


def _long(grid: pd.DataFrame) -> pd.Series:
    """A unit × proposition grid as one Series indexed by (unit, proposition), in grid order."""
    long = grid.melt(ignore_index=False, var_name="proposition", value_name="code").reset_index()
    return long.set_index(["unit", "proposition"]).code.reindex(pd.MultiIndex.from_product([grid.index, grid.columns]))


def evidence_overlap(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Cells both coders coded alike: whether their evidence is identical, overlapping or disjoint.

    Character-identical evidence across passes is a sign of shared material (the manual quoting the
    answer) as much as of agreement; the share is reported beside κ.
    """
    merged = first.merge(second, on=["unit", "proposition"], suffixes=("_a", "_b"))
    merged = merged[merged.code_a == merged.code_b]
    a = merged.evidence_a.str.split(SEPARATOR, regex=False).map(set)
    b = merged.evidence_b.str.split(SEPARATOR, regex=False).map(set)
    kind = np.where(
        a == b, "identical", np.where([bool(x & y) for x, y in zip(a, b, strict=True)], "overlapping", "disjoint")
    )
    return merged[["unit", "proposition"]].assign(evidence=kind)
