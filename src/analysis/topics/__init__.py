"""Topics: chunks of guest turns, BERTopic and NMF/LDA fits, their metrics, the sharing null, and the choice.

``chunk_turns`` is imported eagerly; the model names load BERTopic and UMAP (slow to import), so
they are imported on first use.

Examples:
    >>> from analysis.topics import TopicSettings
    >>> TopicSettings().clustering
    'hdbscan'

"""

from importlib import import_module
from typing import Any

from analysis.topics.chunks import chunk_turns

_LAZY = {
    "TopicResult": "analysis.topics.base",
    "TopicSettings": "analysis.topics.base",
    "fit_bertopic": "analysis.topics.models",
    "fit_lda": "analysis.topics.baselines",
    "fit_nmf": "analysis.topics.baselines",
    "sharing_test": "analysis.topics.null",
    "sweep": "analysis.topics.selection",
    "adopt": "analysis.topics.decision",
}

__all__ = ["chunk_turns", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import a model-side name on first use."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
