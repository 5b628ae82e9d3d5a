"""The keyness table ``data/processed/keyness.parquet``: G², log ratio with a bootstrap interval, dispersion, key.

One row per (speaker, term tested): each speaker against the pooled other speakers of the
selection, on concept tokens (:mod:`analysis.terms.concepts`). A term is **key** for a speaker
only when all of these hold:

1. over-used (``log_ratio > 0``) and ``g2 ≥`` the cut-off (``alpha``, Bonferroni-divided by the
   number of terms tested for that speaker when ``bonferroni``): the usual keyness test;
2. ``n_turns ≥ min_turns`` (3): said in at least three of his answers, not one;
3. ``top_turn_share ≤ max_top_share`` (0.5): at most half of its occurrences in any one turn, so
   two stray mentions cannot carry a term whose use is one answer (Hinton's 向量: 15 of 19);
4. ``ci_low > 0``: the log ratio's bootstrap interval over *turns* (resampled within each
   speaker, :func:`analysis.stats.bootstrap_ci`) stays above zero, so the over-use survives
   dropping or repeating whole answers, which G²'s independent-token model ignores.

No cut-off on Gries' DP: DP rises as frequency falls (see :mod:`analysis.terms.dispersion`), so
one threshold would keep frequent words and drop rare ones for their rarity; the share of the
busiest turn (condition 3) asks the question DP is used for ("is it one answer?") in a form that
does not depend on frequency. Nor a leave-the-busiest-turn-out G²: at these counts it fails
evenly spread terms (反向传播, 10 in 7 turns) for being rare, not for being concentrated.

Examples:
    >>> turns = pd.DataFrame({"doc_id": "d", "turn_id": range(8), "speaker": ["a"] * 4 + ["b"] * 4,
    ...                       "text": ["泛化 数据"] * 4 + ["蒸馏 数据"] * 4})
    >>> table = compute_keyness(turns, min_count=1, bonferroni=False, alpha=0.05, n_boot=50)
    >>> table.loc[table.key, ["speaker", "term", "count", "n_turns"]].to_dict("records")
    [{'speaker': 'a', 'term': '泛化', 'count': 4, 'n_turns': 4}, {'speaker': 'b', 'term': '蒸馏', 'count': 4, 'n_turns': 4}]

"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import chi2

from analysis.cache import cached_frame, code_key, content_key, hash_rows, write_frame
from analysis.checks import check_count
from analysis.config import DATA_DIR, PROCESSED_DIR, SEED, relative
from analysis.stats.bootstrap import LEVEL, N_BOOT, resample_indices
from analysis.terms.dispersion import TURN_KEYS, dispersion_table, turn_term_counts
from analysis.terms.keyness import ALPHA, PER, critical_value, log_likelihood, log_ratio

KEYNESS_PATH = PROCESSED_DIR / "keyness.parquet"
#: A term said in fewer of a speaker's turns than this is never key for him.
MIN_TURNS = 3
#: A term with more than this share of its occurrences in one turn is never key.
MAX_TOP_SHARE = 0.5
#: Data files the concept tokens depend on (part of the cache key).
DATA_FILES = ("concepts.tsv", "userdict.txt", "stopwords.txt", "english_terms.txt")
COLUMNS = [
    "speaker", "term", "count", "count_reference", "rate_per_10k", "rate_reference", "n_turns", "n_turns_speaker",
    "top_turn_count", "top_turn_share", "dp", "dp_norm", "g2", "p_value", "log_ratio", "ci_low", "ci_high", "direction",
    "significant", "key", "why_not_key",
]  # fmt: skip


def _matrix(long: pd.DataFrame, sizes: pd.DataFrame) -> tuple[sparse.csr_matrix, pd.Index]:
    """Turn × term count matrix (rows in ``sizes`` order) and its term index."""
    terms = pd.Index(sorted(long["term"].unique()), name="term")
    row_of = pd.MultiIndex.from_frame(sizes[TURN_KEYS]).get_indexer(pd.MultiIndex.from_frame(long[TURN_KEYS]))
    matrix = sparse.csr_matrix(
        (long["count"].to_numpy(), (row_of, terms.get_indexer(long["term"]))), shape=(len(sizes), len(terms))
    )
    return matrix, terms


def _speaker_totals(matrix: sparse.csr_matrix, speaker_codes: np.ndarray, n_speakers: int, rows: np.ndarray):
    """Term counts per speaker (n_speakers × n_terms) over the turns ``rows`` (with repeats)."""
    weights = np.bincount(rows, minlength=matrix.shape[0])
    pick = sparse.csr_matrix(
        (weights, (speaker_codes, np.arange(matrix.shape[0]))), shape=(n_speakers, matrix.shape[0])
    )
    return np.asarray((pick @ matrix).todense(), dtype=float)


def _bootstrap_log_ratios(
    matrix: sparse.csr_matrix, tested: np.ndarray, codes: np.ndarray, n_boot: int, seed: int, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of every (speaker, tested term) log ratio, turns resampled within each speaker.

    ``matrix``: turn × term counts; ``tested``: the tested term columns; ``codes``: each turn's
    speaker code (0 … n_speakers - 1). The draws are :func:`analysis.stats.resample_indices`' (those of
    :func:`analysis.stats.bootstrap_ci` with ``group="speaker"``, so the intervals are the same), but a
    replicate's totals are one sparse product per speaker (replicate × turn weights @ turn × term
    counts) instead of a frame per replicate, and the percentiles are taken one speaker at a time:
    memory n_boot × n_terms, never n_boot × n_speakers × n_terms. Returns (low, high), each
    n_speakers × len(tested).
    """
    draws = resample_indices(codes, len(codes), n_boot, seed)
    weights = sparse.csr_matrix((np.ones(draws.size), (np.arange(n_boot).repeat(draws.shape[1]), draws.ravel())),
                                shape=(n_boot, len(codes))).tocsc()  # fmt: skip
    turn_sizes, counts = np.asarray(matrix.sum(axis=1)).ravel(), matrix[:, tested].tocsr()
    groups = [np.flatnonzero(codes == code) for code in range(int(codes.max()) + 1 if len(codes) else 0)]

    def replicate(members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        w = weights[:, members]
        return (w @ counts[members]).toarray(), w @ turn_sizes[members]

    term_totals, all_sizes = np.zeros((n_boot, len(tested))), np.zeros(n_boot)
    for members in groups:
        a, size = replicate(members)
        term_totals += a
        all_sizes += size
    q = [(1 - level) / 2 * 100, (1 + level) / 2 * 100]
    low, high = np.empty((len(groups), len(tested))), np.empty((len(groups), len(tested)))
    for code, members in enumerate(groups):
        a, size = replicate(members)
        ratios = log_ratio(a, term_totals - a, size[:, None], (all_sizes - size)[:, None])
        low[code], high[code] = np.percentile(ratios, q, axis=0)
    return low, high


def _log_ratios(totals: np.ndarray, tested: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Log ratio of each tested (speaker, term) cell against the other speakers pooled."""
    s, t = tested
    size = totals.sum(axis=1)
    a = totals[s, t]
    b = totals[:, t].sum(axis=0) - a
    return log_ratio(a, b, size[s], size.sum() - size[s])


def keyness_table(turns: pd.DataFrame | str | Path | None = None, **options) -> pd.DataFrame:
    """The keyness table the site reads (no argument), a saved one (a path), or one computed from ``turns``.

    ``keyness_table()`` is ``data/processed/keyness.parquet`` as notebook 02 wrote it and the index
    reads it: :data:`COLUMNS`, with ``key`` and, for an over-used term that is not key,
    ``why_not_key``. With a turns table it is :func:`compute_keyness` (``options`` go there).

    Examples:
        >>> table = keyness_table()  # doctest: +SKIP
        >>> table[table.key].groupby("speaker").size()  # doctest: +SKIP

    """
    if isinstance(turns, pd.DataFrame):
        missing = [c for c in (*TURN_KEYS, "speaker", "text") if c not in turns.columns]
        if missing:
            raise ValueError(f"keyness_table needs a turns table with doc_id, turn_id, speaker, text; missing {missing}")
        return compute_keyness(turns, **options)
    if turns is not None and not isinstance(turns, str | Path):
        raise TypeError(f"keyness_table takes nothing (the site's table), a path, or a turns table "
                        f"(e.g. corpus.turns.query(\"role == 'guest'\")); got {type(turns).__name__}")  # fmt: skip
    if options:
        raise TypeError(f"options {sorted(options)} only apply when computing from a turns table; "
                        "keyness_table() reads the table notebook 02 saved")  # fmt: skip
    path = KEYNESS_PATH if turns is None else Path(turns)
    if not path.exists():
        raise FileNotFoundError(f"{relative(path)} is missing: run `make report` first (notebook 02 writes it)")
    return pd.read_parquet(path)


def compute_keyness(
    turns: pd.DataFrame,
    alpha: float = ALPHA,
    bonferroni: bool = True,
    min_count: int = 5,
    min_turns: int = MIN_TURNS,
    max_top_share: float = MAX_TOP_SHARE,
    n_boot: int = N_BOOT,
    seed: int = SEED,
    level: float = LEVEL,
) -> pd.DataFrame:
    """Keyness of every speaker of ``turns`` against the others, with dispersion and the ``key`` flag.

    ``turns`` needs ``doc_id, turn_id, speaker, text`` (e.g. the guest turns of the corpus).
    Terms with fewer than ``min_count`` occurrences in the whole selection are not tested.
    ``why_not_key`` names the first condition an over-used term fails (``not significant``,
    ``fewer than 3 turns``, ``over 50% in one turn``, ``interval includes 0``), empty for a key term. Columns:
    :data:`COLUMNS`; rows sorted by speaker, then signed G² (most over-used first), then term.
    """
    long, sizes = turn_term_counts(turns)
    matrix, terms = _matrix(long, sizes)
    speakers, codes = np.unique(sizes["speaker"].to_numpy(), return_inverse=True)
    totals = _speaker_totals(matrix, codes, len(speakers), np.arange(len(sizes)))
    tested_terms = np.flatnonzero(totals.sum(axis=0) >= min_count)
    s, t = np.repeat(np.arange(len(speakers)), len(tested_terms)), np.tile(tested_terms, len(speakers))
    ci_low, ci_high = _bootstrap_log_ratios(matrix, tested_terms, codes, n_boot, seed, level)
    size = totals.sum(axis=1)
    table = pd.DataFrame({"speaker": speakers[s], "term": terms[t], "count": totals[s, t].astype(int)})
    table["count_reference"] = (totals[:, t].sum(axis=0) - totals[s, t]).astype(int)
    c, d = size[s], size.sum() - size[s]
    table["rate_per_10k"] = table["count"] / c * PER
    table["rate_reference"] = table["count_reference"] / d * PER
    table["g2"] = log_likelihood(table["count"], table["count_reference"], c, d)
    table["p_value"] = chi2.sf(table["g2"], df=1)
    table["log_ratio"] = _log_ratios(totals, (s, t))
    table["ci_low"], table["ci_high"] = ci_low.ravel(), ci_high.ravel()
    table["direction"] = np.where(table["rate_per_10k"] > table["rate_reference"], "over", "under")
    cut = critical_value(alpha, len(tested_terms) if bonferroni else 1)
    table["significant"] = table["g2"] >= cut
    table = table.merge(dispersion_table(long, sizes).drop(columns="count"), on=["speaker", "term"], how="left")
    table["n_turns"] = table["n_turns"].fillna(0).astype(int)
    table["n_turns_speaker"] = table["speaker"].map(sizes.groupby("speaker").size()).astype(int)
    table["top_turn_count"] = table["top_turn_count"].fillna(0).astype(int)
    table["why_not_key"] = _why_not_key(table, min_turns, max_top_share)
    table["key"] = table["why_not_key"] == ""
    signed = np.where(table["direction"] == "over", table["g2"], -table["g2"])
    order = np.lexsort((table["term"].to_numpy(), -signed, table["speaker"].to_numpy()))
    return table.iloc[order][COLUMNS].reset_index(drop=True)


def _why_not_key(table: pd.DataFrame, min_turns: int, max_top_share: float) -> pd.Series:
    """The first key condition each row fails ('' when it passes all of them)."""
    reasons = [
        (table["direction"] != "over", "not over-used"),
        (~table["significant"], "not significant"),
        (table["n_turns"] < min_turns, f"fewer than {min_turns} turns"),
        (table["top_turn_share"] > max_top_share, f"over {max_top_share:.0%} in one turn"),
        (~(table["ci_low"] > 0), "interval includes 0"),
    ]
    why = pd.Series("", index=table.index)
    for failed, reason in reversed(reasons):
        why = why.mask(failed, reason)
    return why


def build_keyness(turns: pd.DataFrame, path=KEYNESS_PATH, **options) -> pd.DataFrame:
    """:func:`compute_keyness` of ``turns``, cached by content (turns, options, code, data files), written to ``path``.

    ``options`` go to :func:`keyness_table`. ``path=None`` only returns the table. The file is
    written atomically and is byte-identical across runs on the same input.
    """
    key = content_key(
        hash_rows(turns, [*TURN_KEYS, "speaker", "text"]), sorted(options.items()),
        code_key(__name__), *((name, (DATA_DIR / name).read_bytes()) for name in DATA_FILES),
    )  # fmt: skip
    table = cached_frame("keyness", key, lambda: compute_keyness(turns, **options))
    if path is not None:
        write_frame(path, table)
    return table


def key_table(table: pd.DataFrame | None = None, n: int | None = None) -> pd.DataFrame:
    """The key rows of a keyness table (default: :func:`keyness_table`, the site's), highest G² first per speaker (the first ``n`` of each)."""
    table = keyness_table() if table is None else table
    n = None if n is None else check_count(n, "n")
    key = table[table["key"]].sort_values(["speaker", "g2", "term"], ascending=[True, False, True])
    return (key if n is None else key.groupby("speaker", sort=False).head(n)).reset_index(drop=True)
