"""ai-voices: what leading AI researchers say in Chinese-language interviews.

Examples:
    >>> import analysis
    >>> corpus = analysis.load_corpus()
    >>> corpus.turns.groupby("speaker").size()  # doctest: +SKIP

"""

from analysis.chunks import chunk_turns
from analysis.corpus import Corpus, load_corpus
from analysis.keyness import key_terms, keyness_one_vs_rest, term_counts, tfidf_table, top_terms
from analysis.kwic import kwic
from analysis.sources import SourceError
from analysis.themes import coverage, load_themes, quotes, theme_assignments
from analysis.tokenize import tokenize_many

__all__ = [
    "Corpus",
    "SourceError",
    "chunk_turns",
    "coverage",
    "key_terms",
    "keyness_one_vs_rest",
    "kwic",
    "load_corpus",
    "load_themes",
    "quotes",
    "term_counts",
    "tfidf_table",
    "theme_assignments",
    "tokenize_many",
    "top_terms",
]
