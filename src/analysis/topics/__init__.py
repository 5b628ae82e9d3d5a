"""Topics: chunks of guest turns, BERTopic and NMF/LDA fits, their metrics, and how one model is chosen.

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
    "TopicResult": "analysis.topics.models",
    "TopicSettings": "analysis.topics.models",
    "fit_bertopic": "analysis.topics.models",
    "fit_lda": "analysis.topics.models",
    "fit_nmf": "analysis.topics.models",
    "compare_models": "analysis.topics.selection",
    "sweep_settings": "analysis.topics.selection",
}

__all__ = ["chunk_turns", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import a model-side name on first use."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
