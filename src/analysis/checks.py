"""Argument checks shared by the public functions: errors that say what to pass.

Examples:
    >>> check_count(5)
    5
    >>> check_count(-1)
    Traceback (most recent call last):
    ...
    ValueError: k must be at least 1 (how many rows to return); got -1
    >>> check_count("5", "n")
    Traceback (most recent call last):
    ...
    TypeError: n must be a whole number (int), e.g. n=5; got str '5'

"""

from __future__ import annotations

import numpy as np


def check_count(value: object, name: str = "k") -> int:
    """``value`` when it is a whole number of at least 1, else an error naming ``name`` and what to pass."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be a whole number (int), e.g. {name}=5; got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1 (how many rows to return); got {value}")
    return int(value)


def corpus_of(corpus: object | None, expected: str = "a Corpus (analysis.load_corpus())"):
    """``corpus`` when it is a :class:`~analysis.corpus.Corpus`, the project's for None; else a TypeError saying what to pass."""
    from analysis.corpus import Corpus, load_corpus

    if corpus is None:
        return load_corpus()
    if not isinstance(corpus, Corpus):
        raise TypeError(f"corpus must be {expected} or None for the project's corpus; got {type(corpus).__name__}")
    return corpus
