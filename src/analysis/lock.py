"""Exclusive locks for everything that writes a cache, a processed table or the reports.

One lock file per thing written (``filelock``: an ``flock`` the kernel releases when the holder
dies, so a ``kill -9`` never leaves a stale lock). The holder's pid is kept beside the lock so
a second build can say who it waits for. ``make report`` holds :data:`BUILD_LOCK`; the corpus
tables, the embedding cache and every ``cached_frame`` hold a lock of their own folder or file
while they check, compute and write, so notebook kernels started by ``make report`` never wait
for their parent. A second holder waits (printing one line after the first second) for at most
``AI_VOICES_LOCK_TIMEOUT`` seconds (unset: no limit; ``0``: refuse at once) and otherwise
raises :class:`BuildLockedError` ("another build is running (pid N)").

Locks are reentrant in a thread and exclusive between threads and processes.

Examples:
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / ".lock"
    >>> with exclusive(path, "a test"), exclusive(path, "the same test again"):
    ...     holder(path) == os.getpid()
    True

"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from analysis.config import WORKSPACE

#: Held by ``make report`` (``python -m analysis.report``) for its whole run.
BUILD_LOCK = WORKSPACE / "data" / ".build.lock"
TIMEOUT_ENV = "AI_VOICES_LOCK_TIMEOUT"
#: Seconds waited without a word (locks of one cache file are held for moments).
QUIET_WAIT = 1.0


class BuildLockedError(RuntimeError):
    """Another process holds the lock and this one would not (or could no longer) wait."""


def holder(path: Path) -> int | None:
    """Pid of the process that last took the lock at ``path`` (None when unknown)."""
    try:
        return int(Path(f"{path}.pid").read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _timeout(wait: float | None) -> float:
    if wait is not None:
        return wait
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        return float(value) if value else -1.0
    except ValueError as exc:
        raise ValueError(f"{TIMEOUT_ENV}={value!r}: give a number of seconds (0 refuses at once)") from exc


@contextmanager
def exclusive(path: Path, what: str = "build", wait: float | None = None) -> Iterator[None]:
    """Hold the lock at ``path`` for the ``with`` block; ``wait`` seconds at most (None: ``AI_VOICES_LOCK_TIMEOUT``).

    Raises :class:`BuildLockedError` naming the holder's pid when the lock is not free in time.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, is_singleton=True)
    timeout = _timeout(wait)
    try:
        lock.acquire(timeout=QUIET_WAIT if timeout < 0 else min(QUIET_WAIT, timeout))
    except Timeout:
        message = f"another build is running (pid {holder(path) or 'unknown'})"
        if timeout == 0:
            raise BuildLockedError(f"{message}: {what} refused; wait for it to finish and run again") from None
        print(f"[lock] {message}: {what} waits for it to finish", file=sys.stderr, flush=True)
        try:
            lock.acquire(timeout=max(timeout - QUIET_WAIT, 0) if timeout > 0 else -1)
        except Timeout:
            raise BuildLockedError(f"{message}: {what} gave up after {timeout:g} s ({TIMEOUT_ENV})") from None
    try:
        if lock.lock_counter == 1:
            _write_pid(path)
        yield
    finally:
        lock.release()


def _write_pid(path: Path) -> None:
    tmp = Path(f"{path}.pid.{os.getpid()}")
    tmp.write_text(str(os.getpid()), encoding="ascii")
    os.replace(tmp, f"{path}.pid")


def build_lock(what: str = "make report", wait: float | None = None) -> AbstractContextManager[None]:
    """The project's build lock (:data:`BUILD_LOCK`), held by ``make report``."""
    return exclusive(BUILD_LOCK, what, wait)
