"""Paths and constants, found from this file so no notebook hard-codes '../data'."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parents[1]
DATA_DIR = PACKAGE_DIR / "data"
SUBSTITUTIONS_DIR = DATA_DIR / "substitutions"

#: Where a study lives: ``data/raw`` (its articles and sources.csv), ``data/processed``, ``figures/``, ``reports/``.
#: The project itself by default; ``AI_VOICES_WORKSPACE=DIR`` (``make report CORPUS=DIR``) builds a user's own
#: folder laid out the same way, writing nothing into the project but the shared caches.
WORKSPACE = Path(os.environ.get("AI_VOICES_WORKSPACE") or PROJECT_ROOT).expanduser().resolve()
RAW_DIR = WORKSPACE / "data" / "raw"
PROCESSED_DIR = WORKSPACE / "data" / "processed"
FIGURES_DIR = WORKSPACE / "figures"
REPORTS_DIR = WORKSPACE / "reports"
#: Slow-step caches (embeddings, keyed by content, so studies share them); AI_VOICES_CACHE_DIR points elsewhere.
CACHE_DIR = Path(os.environ.get("AI_VOICES_CACHE_DIR", PROJECT_ROOT / "data" / "cache"))

SEED = 42


def relative(path: Path) -> str:
    """``path`` relative to the project root when it is inside it (what reports print), else as given.

    Examples:
        >>> relative(PROCESSED_DIR / "turns.parquet")
        'data/processed/turns.parquet'

    """
    path = Path(path)
    for root in (WORKSPACE, PROJECT_ROOT):
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return str(path)
