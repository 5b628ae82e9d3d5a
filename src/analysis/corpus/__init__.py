"""The corpus layer: raw articles in, the tables of ``docs/DATA_CONTRACT.md`` out.

Stages, each its own module, in the order a document goes through them: ``sources`` (read
``sources.csv`` and decode the files), ``normalize`` (characters), ``deobfuscate`` (detect and
reverse synonym substitution), ``clean`` (keep or drop every line, with a reason), ``speakers`` and
``labels`` (the registry and speaker labels; ``roles`` and ``inference`` decide roles from
``sources.csv`` and the dialogue), ``turns`` and ``sentences`` (segmentation), ``holders`` (whose view a
sentence states), ``document`` (all of it for one article), ``build`` (the corpus, cached; on Dask via
``analysis.engine``, through the per-article store ``partitions``) and ``metadata`` (dating and language).
``overview`` summarises the result for notebook 01; ``python -m analysis.corpus DIR`` prints a summary.

Examples:
    >>> from analysis.corpus import load_corpus
    >>> load_corpus().documents.doc_id.is_unique
    True

"""

from analysis.corpus.build import TABLES, Corpus, CorpusWarning, build_corpus, load_corpus
from analysis.corpus.sources import SourceError
from analysis.corpus.turns import UnknownSpeakerWarning

__all__ = ["TABLES", "Corpus", "CorpusWarning", "SourceError", "UnknownSpeakerWarning", "build_corpus", "load_corpus"]
