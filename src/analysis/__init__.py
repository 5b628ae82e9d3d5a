"""ai-voices: what leading AI researchers say in Chinese-language interviews.

Examples:
    >>> import analysis
    >>> corpus = analysis.load_corpus()
    >>> corpus.turns.groupby("speaker").size()  # doctest: +SKIP

"""

from analysis.corpus import Corpus, load_corpus
from analysis.sources import SourceError

__all__ = ["Corpus", "SourceError", "load_corpus"]
