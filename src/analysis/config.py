"""Paths and constants, found from this file so no notebook hard-codes '../data'."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parents[1]
DATA_DIR = PACKAGE_DIR / "data"
SUBSTITUTIONS_DIR = DATA_DIR / "substitutions"

RAW_DIR = PROJECT_ROOT / "data" / "raw"
PROCESSED_DIR = PROJECT_ROOT / "data" / "processed"
FIGURES_DIR = PROJECT_ROOT / "figures"
REPORTS_DIR = PROJECT_ROOT / "reports"
#: Slow-step caches (embeddings); the benchmark points this elsewhere with AI_VOICES_CACHE_DIR.
CACHE_DIR = Path(os.environ.get("AI_VOICES_CACHE_DIR", PROJECT_ROOT / "data" / "cache"))

SEED = 42


def relative(path: Path) -> str:
    """``path`` relative to the project root when it is inside it (what reports print), else as given.

    Examples:
        >>> relative(PROCESSED_DIR / "turns.parquet")
        'data/processed/turns.parquet'

    """
    path = Path(path)
    return path.relative_to(PROJECT_ROOT).as_posix() if path.is_relative_to(PROJECT_ROOT) else str(path)
