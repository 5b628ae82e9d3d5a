"""Per-speaker term frequencies, TF-IDF and keyness (log-likelihood G² and Hardie's log ratio).

Everything starts from a *count matrix*: one row per term, one column per speaker, built by
:func:`term_counts` with the domain tokenizer. Rates are per 10,000 tokens of the same
matrix, i.e. of content tokens once stopwords, numbers and punctuation are gone.

Examples:
    >>> import pandas as pd
    >>> turns = pd.DataFrame({"speaker": ["a", "a", "b"], "text": ["大模型 大模型 泛化", "大模型", "泛化 蒸馏"]})
    >>> counts = term_counts(turns)
    >>> counts.loc["大模型"].to_dict()
    {'a': 3, 'b': 0}
    >>> top_terms(counts, n=1)[["speaker", "term", "count"]].to_dict("records")
    [{'speaker': 'a', 'term': '大模型', 'count': 3}, {'speaker': 'b', 'term': '泛化', 'count': 1}]

"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.checks import check_count
from analysis.text.tokenizer import tokenize_many

PER = 10_000
#: p < 0.001 with one degree of freedom: the usual keyness cut-off G² ≥ 10.83.
ALPHA = 0.001
#: Added to both frequencies in :func:`log_ratio` so that a zero count gives a finite value.
SMOOTHING = 0.5


def term_counts(frame: pd.DataFrame, by: str = "speaker", text: str = "text", n_jobs: int | None = None) -> pd.DataFrame:
    """Count matrix of ``frame[text]`` tokens: index ``term``, one int column per value of ``by``.

    Rows are sorted by total count (descending) then term; columns by name.

    Examples:
        >>> frame = pd.DataFrame({"speaker": ["x"], "text": ["思维链和思维链"]})
        >>> term_counts(frame).to_dict()
        {'x': {'思维链': 2}}

    """
    tokens = tokenize_many(frame[text].fillna(""), n_jobs=n_jobs)
    long = pd.DataFrame({by: frame[by].to_numpy(), "term": tokens}).explode("term").dropna(subset=["term"])
    counts = pd.crosstab(long["term"], long[by]).sort_index(axis=1)
    counts.columns.name = None
    order = np.lexsort((counts.index.to_numpy(), -counts.sum(axis=1).to_numpy()))
    return counts.iloc[order].astype(int)


def frequency_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Long table ``speaker, term, count, rate_per_10k, rank`` of every non-zero count.

    Examples:
        >>> counts = pd.DataFrame({"a": [3, 1]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
        >>> frequency_table(counts).rate_per_10k.tolist()
        [7500.0, 2500.0]

    """
    long = counts.rename_axis("term").reset_index().melt(id_vars="term", var_name="speaker", value_name="count")
    long = long[long["count"] > 0].copy()
    long["rate_per_10k"] = long["count"] / long.groupby("speaker")["count"].transform("sum") * PER
    long = long.sort_values(["speaker", "count", "term"], ascending=[True, False, True], kind="stable")
    long["rank"] = long.groupby("speaker").cumcount() + 1
    return long[["speaker", "term", "count", "rate_per_10k", "rank"]].reset_index(drop=True)


def top_terms(counts: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The ``n`` most frequent terms of each speaker (rows of :func:`frequency_table`)."""
    n = check_count(n, "n")
    table = frequency_table(counts)
    return table[table["rank"] <= n].reset_index(drop=True)


def tfidf_table(counts: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """TF-IDF with each speaker as one document (scikit-learn, smoothed idf, l2 norm).

    ``tfidf = tf · (ln((1 + N) / (1 + df)) + 1)``, then each speaker's vector is scaled to unit
    length; N is the number of speakers and df how many of them use the term. A term every
    speaker uses keeps idf 1, so TF-IDF favours words one speaker owns. Returns the long table
    ``speaker, term, count, tfidf, rank``, the top ``n`` per speaker when ``n`` is given.

    Examples:
        >>> counts = pd.DataFrame({"a": [2, 2], "b": [2, 0]}, index=pd.Index(["模型", "蒸馏"], name="term"))
        >>> tfidf_table(counts, n=1)[["speaker", "term"]].to_dict("records")
        [{'speaker': 'a', 'term': '蒸馏'}, {'speaker': 'b', 'term': '模型'}]

    """
    weights = TfidfTransformer(smooth_idf=True, norm="l2").fit_transform(counts.T.to_numpy()).toarray()
    wide = pd.DataFrame(weights.T, index=counts.index.rename("term"), columns=counts.columns)
    long = wide.reset_index().melt(id_vars="term", var_name="speaker", value_name="tfidf")
    long["count"] = counts.rename_axis("term").reset_index().melt(id_vars="term")["value"].to_numpy()
    long = long[long["count"] > 0].sort_values(["speaker", "tfidf", "term"], ascending=[True, False, True])
    long["rank"] = long.groupby("speaker").cumcount() + 1
    long = long[["speaker", "term", "count", "tfidf", "rank"]].reset_index(drop=True)
    return long if n is None else long[long["rank"] <= n].reset_index(drop=True)


def log_likelihood(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Dunning's log-likelihood G² in the two-cell form of Rayson & Garside (2000).

    ``a``, ``b``: frequency of the term in the target and reference corpus; ``c``, ``d``: their
    sizes in tokens. With expected values ``E1 = c(a+b)/(c+d)`` and ``E2 = d(a+b)/(c+d)``::

        G² = 2 · (a · ln(a / E1) + b · ln(b / E2)),   with 0 · ln 0 = 0.

    G² follows χ² with one degree of freedom: 3.84 (p < 0.05), 6.63 (p < 0.01), 10.83 (p < 0.001).

    Examples:
        >>> round(float(log_likelihood(np.array([30]), np.array([10]), 1000, 2000)[0]), 4)
        29.0392

    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


def log_ratio(a: np.ndarray, b: np.ndarray, c: float, d: float, smoothing: float = SMOOTHING) -> np.ndarray:
    """Hardie's (2014) log ratio: ``log2(((a + s) / c) / ((b + s) / d))`` with ``s = smoothing``.

    Each unit is a doubling: 1 means twice as frequent in the target, -1 half as frequent.
    Hardie replaces only a zero frequency by 0.5; adding ``s = 0.5`` to every frequency, as
    here, keeps the measure continuous and pulls rare terms slightly towards 0 (at a = 30, b = 10
    it gives 2.54 instead of 2.58).

    Examples:
        >>> round(float(log_ratio(np.array([5]), np.array([0]), 1000, 1000)[0]), 4)
        3.4594

    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.log2(((a + smoothing) / c) / ((b + smoothing) / d))


def critical_value(alpha: float = ALPHA, n_tests: int = 1) -> float:
    """G² cut-off for significance level ``alpha``, Bonferroni-divided over ``n_tests`` tests.

    Examples:
        >>> round(critical_value(0.001), 2)
        10.83
        >>> round(critical_value(0.001, n_tests=1000), 2)
        23.93

    """
    return float(chi2.isf(alpha / max(n_tests, 1), df=1))


def keyness(
    counts: pd.DataFrame,
    target: str,
    reference: list[str] | None = None,
    alpha: float = ALPHA,
    bonferroni: bool = False,
    min_count: int = 5,
) -> pd.DataFrame:
    """Keyness of every term of ``target`` against the pooled ``reference`` columns (default: all others).

    Terms with fewer than ``min_count`` occurrences in target and reference together are not
    tested. ``significant`` means ``g2 ≥ critical_value(alpha, n)`` where n is 1, or the number
    of terms tested when ``bonferroni``. ``direction`` is ``over`` when the target's rate is
    higher, else ``under``. Rows are sorted by signed G² (most over-used first).

    Examples:
        >>> counts = pd.DataFrame({"a": [40, 10], "b": [10, 40]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
        >>> keyness(counts, "a")[["term", "direction", "significant"]].to_dict("records")
        [{'term': '泛化', 'direction': 'over', 'significant': True}, {'term': '蒸馏', 'direction': 'under', 'significant': True}]

    """
    reference = reference or [c for c in counts.columns if c != target]
    a, b = counts[target], counts[reference].sum(axis=1)
    c, d = float(a.sum()), float(b.sum())
    tested = (a + b) >= min_count
    a, b = a[tested], b[tested]
    table = pd.DataFrame({"term": a.index, "count_target": a.to_numpy(), "count_reference": b.to_numpy()})
    table["rate_target"] = table["count_target"] / c * PER
    table["rate_reference"] = table["count_reference"] / d * PER
    table["g2"] = log_likelihood(table["count_target"], table["count_reference"], c, d)
    table["p_value"] = chi2.sf(table["g2"], df=1)
    table["log_ratio"] = log_ratio(table["count_target"], table["count_reference"], c, d)
    table["direction"] = np.where(table["rate_target"] > table["rate_reference"], "over", "under")
    table["significant"] = table["g2"] >= critical_value(alpha, len(table) if bonferroni else 1)
    signed = np.where(table["direction"] == "over", table["g2"], -table["g2"])
    return table.iloc[np.lexsort((table["term"].to_numpy(), -signed))].reset_index(drop=True)


def keyness_one_vs_rest(counts: pd.DataFrame, speakers: list[str] | None = None, **options) -> pd.DataFrame:
    """:func:`keyness` of each speaker against all the other columns, stacked with a ``speaker`` column.

    ``options`` are passed on to :func:`keyness` (``alpha``, ``bonferroni``, ``min_count``).
    ``speakers`` are columns of ``counts``, by id or any name (``何恺明`` for ``kaiming-he``). This is
    G² alone: *significant*, not *key*. The site's key terms (also spread over at least three
    answers, interval above 0) are ``analysis.keyness_table()``.

    Examples:
        >>> counts = pd.DataFrame({"a": [40, 10], "b": [10, 40]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
        >>> keyness_one_vs_rest(counts).groupby("speaker").term.first().to_dict()
        {'a': '泛化', 'b': '蒸馏'}

    """
    speakers = columns_of(counts, speakers)
    tables = [keyness(counts, s, **options).assign(speaker=s) for s in speakers]
    table = pd.concat(tables, ignore_index=True)
    return table[["speaker", *table.columns.drop("speaker")]]


def columns_of(counts: pd.DataFrame, speakers: str | list[str] | None) -> list[str]:
    """The columns of a count matrix that ``speakers`` name (ids or any name); all of them for None.

    Examples:
        >>> counts = pd.DataFrame({"kaiming-he": [1], "liwei-wang": [2]}, index=pd.Index(["泛化"], name="term"))
        >>> columns_of(counts, ["何恺明"])
        ['kaiming-he']

    """
    if not isinstance(counts, pd.DataFrame):
        raise TypeError(f"counts is a term × speaker count matrix, e.g. term_counts(corpus.turns); got {type(counts).__name__}")
    if speakers is None:
        return list(counts.columns)
    from analysis.corpus.people import People
    from analysis.corpus.speakers import Registry

    people = People.from_tables(Registry.load().table, present=[str(c) for c in counts.columns])
    wanted = [s if s in counts.columns else people.resolve(s) for s in ([speakers] if isinstance(speakers, str) else speakers)]
    missing = [s for s in wanted if s not in counts.columns]
    if missing:
        raise ValueError(f"{missing} not among the columns of counts: {list(counts.columns)}")
    return wanted


def keyness_extremes(table: pd.DataFrame, n: int, n_under: int) -> pd.DataFrame:
    """The ``n`` most over-used and ``n_under`` most under-used terms of one speaker's keyness table, by signed G²."""
    over = table[table["direction"] == "over"].nlargest(n, "g2")
    under = table[table["direction"] == "under"].nlargest(n_under, "g2")
    rows = pd.concat([over, under])
    return rows.assign(signed=np.where(rows["direction"] == "over", rows["g2"], -rows["g2"])).sort_values("signed")


def key_terms(table: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` significant over-used terms with the highest G² per speaker of a one-vs-rest table.

    Significant is not key: for the site's key terms (dispersion and interval too) use ``analysis.keyness_table()``.
    """
    n = check_count(n, "n")
    keep = table[(table["direction"] == "over") & table["significant"]]
    keep = keep.sort_values(["speaker", "g2", "term"], ascending=[True, False, True])
    return keep.groupby("speaker", sort=False).head(n).reset_index(drop=True)


def describe_key_terms(key: pd.DataFrame, speakers: list[str], names: dict[str, str] | None = None, n: int = 3) -> str:
    """Markdown list of each speaker's first ``n`` key terms from :func:`key_terms`, for a reading.

    Examples:
        >>> key = pd.DataFrame({"speaker": ["a", "a"], "term": ["泛化", "蒸馏"], "g2": [30.0, 12.0],
        ...                     "log_ratio": [2.5, 3.0]})
        >>> print(describe_key_terms(key, ["a", "b"], {"a": "甲"}))
        - **甲**: 泛化 (G² 30, LR +2.5), 蒸馏 (G² 12, LR +3.0)
        - **b**: no term passes the cut-off

    """
    lines = []
    for speaker in speakers:
        rows = key[key["speaker"] == speaker].head(n)
        terms = ", ".join(f"{r.term} (G² {r.g2:.0f}, LR {r.log_ratio:+.1f})" for r in rows.itertuples())
        lines.append(f"- **{(names or {}).get(speaker, speaker)}**: {terms or 'no term passes the cut-off'}")
    return "\n".join(lines)
