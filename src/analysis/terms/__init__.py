"""Words: per-speaker frequencies, TF-IDF and keyness, two-speaker comparison tables, keyword in context.

Examples:
    >>> import pandas as pd
    >>> from analysis.terms import term_counts
    >>> term_counts(pd.DataFrame({"speaker": ["a"], "text": ["大模型和大模型"]})).to_dict()
    {'a': {'大模型': 2}}

"""

from analysis.terms.compare import comparison_table, describe_comparison, pick_pair
from analysis.terms.concordance import kwic
from analysis.terms.keyness import (
    frequency_table,
    key_terms,
    keyness_one_vs_rest,
    term_counts,
    tfidf_table,
    top_terms,
)

__all__ = [
    "comparison_table",
    "describe_comparison",
    "frequency_table",
    "key_terms",
    "keyness_one_vs_rest",
    "kwic",
    "pick_pair",
    "term_counts",
    "tfidf_table",
    "top_terms",
]
