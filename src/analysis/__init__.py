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

from importlib import import_module
from typing import Any

#: Each public name and the module it comes from, imported on first use: ``import analysis`` stays quick
#: (``python -m analysis.report`` checks in a second whether anything changed), and ``from analysis import
#: quotes`` works as usual.
_SOURCES = {
    "Corpus": "analysis.corpus",
    "SourceError": "analysis.corpus",
    "load_corpus": "analysis.corpus",
    "resolve_speaker": "analysis.corpus.people",
    "display_defaults": "analysis.display",
    "key_table": "analysis.terms",
    "key_terms": "analysis.terms",
    "keyness_one_vs_rest": "analysis.terms",
    "keyness_table": "analysis.terms",
    "kwic": "analysis.terms",
    "term_counts": "analysis.terms",
    "tfidf_table": "analysis.terms",
    "top_terms": "analysis.terms",
    "search": "analysis.terms.search",
    "tokenize_many": "analysis.text",
    "chunk_turns": "analysis.topics",
    "coverage": "analysis.viewpoints",
    "load_themes": "analysis.viewpoints",
    "quotes": "analysis.viewpoints",
    "stances": "analysis.viewpoints",
    "theme_assignments": "analysis.viewpoints",
}


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use."""
    if name in _SOURCES:
        return getattr(import_module(_SOURCES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names beside the module's own."""
    return sorted({*globals(), *__all__})


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
