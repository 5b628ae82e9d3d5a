"""Words: concept tokens, per-speaker frequencies, TF-IDF, keyness with dispersion and intervals, comparison, KWIC.

Examples:
    >>> import pandas as pd
    >>> from analysis.terms import term_counts
    >>> term_counts(pd.DataFrame({"speaker": ["a"], "text": ["大模型和大模型"]})).to_dict()
    {'a': {'大模型': 2}}

"""

from analysis.terms.compare import comparison_table, describe_comparison, pick_pair
from analysis.terms.concepts import concept_of, concept_tokens
from analysis.terms.concordance import kwic
from analysis.terms.dispersion import dispersion_table, turn_term_counts
from analysis.terms.keyness import (
    frequency_table,
    key_terms,
    keyness_one_vs_rest,
    term_counts,
    tfidf_table,
    top_terms,
)
from analysis.terms.matching import seed_hits, token_runs, whole_token_matches
from analysis.terms.table import build_keyness, compute_keyness, key_table, keyness_table

__all__ = [
    "build_keyness",
    "comparison_table",
    "compute_keyness",
    "concept_of",
    "concept_tokens",
    "describe_comparison",
    "dispersion_table",
    "frequency_table",
    "key_table",
    "key_terms",
    "keyness_one_vs_rest",
    "keyness_table",
    "kwic",
    "pick_pair",
    "seed_hits",
    "term_counts",
    "tfidf_table",
    "token_runs",
    "top_terms",
    "turn_term_counts",
    "whole_token_matches",
]
