"""ai-voices: what leading AI researchers say in Chinese-language interviews.

The package follows the pipeline, one subpackage per stage:

* :mod:`analysis.corpus`: raw articles → documents, lines, turns, sentences, speakers;
* :mod:`analysis.text`: the domain tokenizer and the embedding backend;
* :mod:`analysis.terms`: frequencies, TF-IDF, keyness, comparisons, keyword in context;
* :mod:`analysis.topics`: chunks, BERTopic and NMF/LDA, metrics and model choice;
* :mod:`analysis.viewpoints`: themes, quotes, similarity, stances;
* :mod:`analysis.plots`: every figure (takes data, returns a figure);
* :mod:`analysis.report`: executes the notebooks into ``reports/``.

Shared: :mod:`analysis.config` (paths) and :mod:`analysis.cache` (every cache).

Examples:
    >>> import analysis
    >>> corpus = analysis.load_corpus()
    >>> corpus.turns.groupby("speaker").size()  # doctest: +SKIP

"""

from analysis.corpus import Corpus, SourceError, load_corpus
from analysis.corpus.people import resolve_speaker
from analysis.display import display_defaults
from analysis.terms import (
    key_table,
    key_terms,
    keyness_one_vs_rest,
    keyness_table,
    kwic,
    term_counts,
    tfidf_table,
    top_terms,
)
from analysis.terms.search import search
from analysis.text import tokenize_many
from analysis.topics import chunk_turns
from analysis.viewpoints import coverage, load_themes, quotes, stances, theme_assignments

__all__ = [
    "Corpus",
    "SourceError",
    "chunk_turns",
    "coverage",
    "display_defaults",
    "key_table",
    "key_terms",
    "keyness_one_vs_rest",
    "keyness_table",
    "kwic",
    "load_corpus",
    "load_themes",
    "quotes",
    "resolve_speaker",
    "search",
    "stances",
    "term_counts",
    "tfidf_table",
    "theme_assignments",
    "tokenize_many",
    "top_terms",
]
