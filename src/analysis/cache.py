"""Content-hash cache for expensive tables (embeddings have their own, see embeddings.py).

A table is stored as ``CACHE_DIR/tables/<name>-<key>.parquet`` where the key hashes every
input that could change it: data, settings and the source of the code that computes it.

Examples:
    >>> import pandas as pd
    >>> key = content_key(["a", "b"], {"k": 1})
    >>> len(key)
    16

"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.config import CACHE_DIR, PACKAGE_DIR


def content_key(*parts: Any, modules: tuple[str, ...] = ()) -> str:
    """A short hash of ``parts`` (bytes and arrays as bytes, the rest by ``repr``) and module sources."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            digest.update(part)
        else:
            digest.update(part.tobytes() if isinstance(part, np.ndarray) else repr(part).encode())
    for module in modules:
        digest.update((PACKAGE_DIR / f"{module}.py").read_bytes())
    return digest.hexdigest()[:16]


def cached_frame(name: str, key: str, compute: Callable[[], pd.DataFrame], folder: Path | None = None) -> pd.DataFrame:
    """Return the cached table ``name`` for ``key``, computing and storing it on a miss."""
    path = (folder or CACHE_DIR / "tables") / f"{name}-{key}.parquet"
    if path.exists():
        return pd.read_parquet(path)
    table = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(path, index=False)
    return table
