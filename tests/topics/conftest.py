"""Constructed corpora for the topic tests: themes that are shared by speakers, or specific to one."""

import numpy as np
import pandas as pd
import pytest
from bertopic.backend import BaseEmbedder

THEMES = {
    "vision": "image pixel camera label",
    "language": "word sentence grammar token",
    "brain": "neuron synapse cortex spike",
}
SPEAKERS = ("ann", "bob", "cat")


def constructed_chunks(specific: bool, turns: int = 12, chunks_per_turn: int = 2, seed: int = 0,
                       filler: int = 0) -> pd.DataFrame:
    """Three speakers, one document each, ``turns`` turns of ``chunks_per_turn`` chunks on one theme each.

    ``specific``: every speaker talks about his own theme only (ann vision, bob language, cat
    brain). Otherwise each turn's theme is drawn at random, whoever speaks. ``filler`` adds that
    many words per chunk drawn from 40 rare ones (so that a ``max_df`` vocabulary keeps words).
    """
    rng = np.random.default_rng(seed)
    names = list(THEMES)
    rows = []
    for s, speaker in enumerate(SPEAKERS):
        for turn in range(turns):
            theme = names[s] if specific else names[rng.integers(len(names))]
            for k in range(chunks_per_turn):
                text = " ".join(rng.choice(THEMES[theme].split(), size=6)) + f" {speaker}style filler"
                text += "".join(f" rare{i}" for i in rng.integers(40, size=filler))
                rows.append({"doc_id": f"doc-{speaker}", "turn_id": turn, "chunk_id": f"doc-{speaker}:{turn}:{k}",
                             "speaker": speaker, "theme": theme, "text": text})
    return pd.DataFrame(rows)


def theme_embeddings(chunks: pd.DataFrame, style: float = 0.0, seed: int = 1) -> np.ndarray:
    """Theme centres plus noise, plus an optional per-speaker offset (document style); not normalised."""
    rng = np.random.default_rng(seed)
    centres = {t: rng.normal(size=16) * 3 for t in THEMES}
    offsets = {s: rng.normal(size=16) * style for s in chunks.speaker.unique()}
    vectors = np.stack([centres[t] + offsets[s] + rng.normal(size=16) * 0.3
                        for t, s in zip(chunks.theme, chunks.speaker, strict=True)])
    return vectors.astype(np.float32)


def word_vector(word: str) -> np.ndarray:
    return np.random.default_rng(sum(map(ord, word))).normal(size=16)


class HashEmbedder(BaseEmbedder):
    """Deterministic fake embedder: a text is the mean of its words' hashed vectors (no model, no cache)."""

    def embed(self, documents, verbose=False):
        return np.stack([np.mean([word_vector(w) for w in d.split()] or [np.zeros(16)], axis=0) for d in documents])


@pytest.fixture(scope="session")
def shared_chunks() -> pd.DataFrame:
    return constructed_chunks(specific=False)


@pytest.fixture(scope="session")
def specific_chunks() -> pd.DataFrame:
    return constructed_chunks(specific=True)


@pytest.fixture(scope="session")
def filled_chunks() -> pd.DataFrame:
    return constructed_chunks(specific=False, filler=3)
