"""One cache for every slow step: content keys, code keys, atomic files, verified reads.

Every cached artefact is keyed by a hash of what could change it: the data, the settings and
the code. :func:`code_key` hashes a module's source together with every module of this package
it imports, directly or not, found by reading the imports (no list of module names is kept by
hand). Files are written atomically (a temporary file beside the target, then a rename), so a
reader never sees half a file; every cached file is recorded with its SHA-256 and checked when
read. A file that fails the check is rebuilt after a one-line :class:`CacheWarning`.

Examples:
    >>> len(content_key(["a", "b"], {"k": 1}))
    16
    >>> "analysis/corpus/sentences.py" in [p.relative_to(PACKAGE_DIR.parent).as_posix()
    ...                                    for p in module_files("analysis.corpus.build")]
    True

"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import os
import tempfile
import warnings
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from analysis.config import CACHE_DIR, PACKAGE_DIR
from analysis.lock import exclusive

T = TypeVar("T")
_PACKAGE = PACKAGE_DIR.name
_MEMORY: dict[str, Any] = {}


class CacheWarning(UserWarning):
    """A cached file was missing, unreadable or not what its record says: it is rebuilt."""


def content_key(*parts: Any) -> str:
    """A short hash of ``parts``: bytes as they are, arrays by their bytes, everything else by ``repr``."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            digest.update(part)
        elif isinstance(part, np.ndarray):
            digest.update(part.tobytes())
        else:
            digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def module_path(name: str) -> Path | None:
    """The source file of module ``name`` of this package (None when it is not one of ours)."""
    parts = name.split(".")
    if parts[0] != _PACKAGE:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def imported_modules(source: str) -> set[str]:
    """Names of this package's modules that ``source`` imports (anywhere in the code).

    Examples:
        >>> sorted(imported_modules("from analysis.corpus import sentences; import analysis.cache"))
        ['analysis.cache', 'analysis.corpus', 'analysis.corpus.sentences']

    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == _PACKAGE}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == _PACKAGE:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names if module_path(f"{node.module}.{a.name}")}
    return found


@cache
def module_files(*modules: str) -> tuple[Path, ...]:
    """Source files of ``modules`` and of every package module they import, transitively, sorted."""
    todo, seen = list(modules), set()
    while todo:
        path = module_path(todo.pop())
        if path is None or path in seen:
            continue
        seen.add(path)
        todo += imported_modules(path.read_text(encoding="utf-8"))
    return tuple(sorted(seen))


def code_key(*modules: str) -> str:
    """Hash of the source of ``modules`` and everything of this package they import."""
    return content_key(*((p.relative_to(PACKAGE_DIR).as_posix(), p.read_bytes()) for p in module_files(*modules)))


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Write ``path`` through ``write(temporary_path)`` and rename it into place in one step.

    The temporary file is flushed to disk before the rename, so a reader (or a build after a
    crash) sees the old file or the new one, never a part. When the new bytes equal the file's
    current bytes the file is left as it is (a current table is not rewritten). The file gets the
    mode the umask gives a new file (0644 under umask 022), as ``open`` would give it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    mode = file_mode()
    try:
        write(Path(tmp))
        os.chmod(tmp, mode)  # mkstemp creates 0600: a web server running as another user could not read it
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if not _same_bytes(Path(tmp), path):
            os.replace(tmp, path)
        elif path.stat().st_mode & 0o777 != mode:  # same bytes, written before with another mode
            os.chmod(path, mode)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def file_mode() -> int:
    """The mode a new file gets under this process's umask: ``0o666 & ~umask`` (0o644 under 022).

    Examples:
        >>> old = os.umask(0o027)
        >>> oct(file_mode())
        '0o640'
        >>> _ = os.umask(old)

    """
    mask = os.umask(0o022)  # the only portable way to read the umask is to set it and put it back
    os.umask(mask)
    return 0o666 & ~mask


def _same_bytes(new: Path, old: Path) -> bool:
    try:
        return old.is_file() and old.stat().st_size == new.stat().st_size and file_sha256(old) == file_sha256(new)
    except OSError:
        return False


def atomic_write_text(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_frame(path: Path, frame: pd.DataFrame) -> str:
    """Write ``frame`` as parquet atomically (not at all when the file already holds it); return its SHA-256."""
    atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False))
    return file_sha256(path)


def verified(path: Path, sha256: str | None) -> bool:
    """Whether ``path`` exists and has the recorded hash."""
    return read_verified(path, sha256) is not None


def read_verified(path: Path, sha256: object) -> bytes | None:
    """The bytes of ``path`` when they have the recorded hash, else None (missing, unreadable, different).

    The bytes are read once and parsed from memory by the caller, so a file replaced between the
    check and the read cannot slip through.
    """
    if not isinstance(sha256, str):
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def read_frame(data: bytes) -> pd.DataFrame:
    """A parquet table from its bytes (raises ``ValueError`` for bytes that are not one)."""
    try:
        return pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises its own types (ArrowInvalid, ...) for a damaged file
        raise ValueError(f"not a readable parquet file ({type(exc).__name__})") from exc


def read_record(path: Path) -> dict:
    """A JSON object written by this module; ``ValueError`` for a missing, damaged or foreign record."""
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"unreadable ({type(exc).__name__})") from exc
    if not isinstance(record, dict):
        raise ValueError("not a record of this cache")
    return record


def warn_rebuild(what: str, why: str) -> None:
    """The one-line warning given before a cached artefact is rebuilt."""
    warnings.warn(f"{what}: {why}; rebuilding it", CacheWarning, stacklevel=3)


def cached_frame(name: str, key: str, compute: Callable[[], pd.DataFrame], folder: Path | None = None) -> pd.DataFrame:
    """The table ``name`` cached for ``key`` in ``folder`` (default ``CACHE_DIR/tables``), computed on a miss.

    The parquet file is recorded with its hash in a ``.json`` beside it; a file that fails the
    check or cannot be read is recomputed (with a :class:`CacheWarning`). The check, the
    computation and the write hold a lock of this entry, so two processes compute it once.
    """
    path = (folder or CACHE_DIR / "tables") / f"{name}-{key}.parquet"
    record = path.with_suffix(".json")
    table, problem = _read_cached_frame(path, record)
    if table is not None:
        return table
    with exclusive(path.with_suffix(".lock"), f"cache {path.name}"):
        table, problem = _read_cached_frame(path, record)
        if table is not None:
            return table
        if problem:
            warn_rebuild(path.name, problem)
        table = compute()
        sha = write_frame(path, table)
        atomic_write_text(record, json.dumps({"sha256": sha}))
    return table


def _read_cached_frame(path: Path, record: Path) -> tuple[pd.DataFrame | None, str | None]:
    """The cached table, or None and what was wrong (None when there was simply nothing cached)."""
    if not path.exists() and not record.exists():
        return None, None
    try:
        data = read_verified(path, read_record(record).get("sha256"))
        if data is None:
            return None, "the file does not match its recorded hash"
        return read_frame(data), None
    except ValueError as exc:
        return None, str(exc)


def remember(key: str, compute: Callable[[], T]) -> T:
    """In-process memo: the value computed for ``key`` (a content key) in this process, computed once."""
    if key not in _MEMORY:
        _MEMORY[key] = compute()
    return _MEMORY[key]


def hash_rows(frame: pd.DataFrame, columns: Iterable[str]) -> np.ndarray:
    """Per-row hashes of ``columns`` (for keys over a table's content)."""
    return pd.util.hash_pandas_object(frame[list(columns)], index=False).to_numpy()


def forget() -> None:
    """Empty the in-process memo of :func:`remember` (the next call computes again)."""
    _MEMORY.clear()
