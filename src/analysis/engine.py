"""Where parallel work runs: Dask, on the synchronous scheduler, a local cluster, or a named one.

Every parallel stage of the package (the corpus build per document, tokenizing, embedding) goes
through :func:`run` (embedding leaves this process only for a named cluster, :func:`remote`), which takes a list of ``dask.delayed`` tasks and returns their values in
order. Which scheduler computes them is decided in one place, :func:`session`:

* ``AI_VOICES_SCHEDULER=tcp://host:8786`` set: the cluster at that address (``distributed.Client``);
* ``AI_VOICES_WORKERS=N`` set (or ``workers=N`` passed): a ``distributed.LocalCluster`` of ``N``
  single-threaded worker processes;
* otherwise: the synchronous scheduler for fewer than ``LOCAL_CLUSTER_MIN`` items (no start-up
  cost, nothing to set up), else a ``LocalCluster`` with one worker process per core.

A session opened by an outer caller (``with session(...)``) is reused by every :func:`run` inside
it, so the benchmark and the tests can time or check one cluster over many stages. Workers only
compute: every task returns its value to the calling process, which alone writes caches. Tasks
are pure functions of their inputs, so the values do not depend on the number of workers.

Progress: ``progress=True`` shows dask's progress bar (``distributed.progress`` on a cluster,
``dask.diagnostics.ProgressBar`` on the synchronous scheduler) and prints the cluster's dashboard
link when it serves one (a local cluster does only where ``bokeh`` is installed, which the
project does not pin); tests leave it off.

Examples:
    >>> import dask
    >>> run([dask.delayed(pow)(2, k) for k in range(4)])
    [1, 2, 4, 8]
    >>> with session(workers=0) as client:
    ...     client is None
    True

"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

SCHEDULER_ENV = "AI_VOICES_SCHEDULER"
WORKERS_ENV = "AI_VOICES_WORKERS"
#: From this many items on, work goes to a LocalCluster instead of the synchronous scheduler.
LOCAL_CLUSTER_MIN = 200
#: Memory limit of each local worker (the benchmark's target is at most 2 GB per worker).
WORKER_MEMORY = "2GiB"
#: How long to wait for a named scheduler.
CONNECT_TIMEOUT = "10s"

_ACTIVE: list[Any] = []  # the client of the innermost open session (None for synchronous)


def local_workers() -> int:
    """Worker processes of a default LocalCluster: one per core (``AI_VOICES_WORKERS`` overrides)."""
    if os.environ.get(WORKERS_ENV):
        return int(os.environ[WORKERS_ENV])
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def choose(n_items: int, workers: int | None = None) -> str:
    """Which scheduler :func:`session` opens: ``"address"``, ``"local"`` or ``"sync"``.

    Examples:
        >>> choose(5), choose(10_000, workers=0), choose(5, workers=2)
        ('sync', 'sync', 'local')

    """
    if os.environ.get(SCHEDULER_ENV):
        return "address"
    if workers is None and os.environ.get(WORKERS_ENV):
        workers = int(os.environ[WORKERS_ENV])
    if workers is not None:
        return "local" if workers >= 1 else "sync"
    return "local" if n_items >= LOCAL_CLUSTER_MIN and local_workers() > 1 else "sync"


@contextmanager
def session(n_items: int = 0, workers: int | None = None, progress: bool = False) -> Iterator[Any]:
    """Open the scheduler for ``n_items`` of work (see the module docstring); yields a Client or None.

    ``workers=0`` forces the synchronous scheduler, ``workers=N`` a LocalCluster of ``N``
    processes; an address in ``AI_VOICES_SCHEDULER`` wins over both. Inside an open session, a
    nested call reuses it, except ``workers=0``, which runs its block synchronously.
    """
    if _ACTIVE and workers != 0:
        yield _ACTIVE[-1]
        return
    kind = choose(n_items, workers) if not _ACTIVE else "sync"
    if kind == "sync":
        _ACTIVE.append(None)
        try:
            yield None
        finally:
            _ACTIVE.pop()
        return
    from distributed import Client, LocalCluster

    if kind == "address":
        address = os.environ[SCHEDULER_ENV]
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            raise RuntimeError(f"no Dask scheduler answers at {SCHEDULER_ENV}={address}; start one "
                               f"(`dask scheduler`, `dask worker {address}`) or unset {SCHEDULER_ENV}") from exc
        cluster = nullcontext()
    else:
        n = workers if workers else local_workers()
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, memory_limit=WORKER_MEMORY,
                               dashboard_address=":0", silence_logs=50)
        client = Client(cluster)
    if progress:
        info = client.scheduler_info()
        board = f"dashboard {client.dashboard_link}" if "dashboard" in info.get("services", {}) else "no dashboard"
        print(f"[dask] {len(info['workers'])} workers at {info.get('address', '?')}; {board}", file=sys.stderr, flush=True)
    _ACTIVE.append(client)
    try:
        yield client
    finally:
        _ACTIVE.pop()
        client.close()
        cluster.close()


def active() -> bool:
    """Whether a :func:`session` is open in this process."""
    return bool(_ACTIVE)


def remote() -> bool:
    """Whether work may leave this machine: a named cluster (``AI_VOICES_SCHEDULER``) is set.

    Stages whose own code already uses every core of the machine (the embedding model's matrix
    products run on all BLAS threads) gain nothing from local single-threaded workers, so they
    distribute only when this is true.

    Examples:
        >>> import os
        >>> remote() == bool(os.environ.get(SCHEDULER_ENV))
        True

    """
    return bool(os.environ.get(SCHEDULER_ENV))


def run(tasks: Sequence[Any], progress: bool = False, workers: int | None = None, n_items: int | None = None) -> list[Any]:
    """Compute ``dask.delayed`` ``tasks`` on the session's scheduler; their values, in order.

    Without an open session, one is opened for ``n_items`` (default: the number of tasks).
    """
    import dask

    if not tasks:
        return []
    with session(n_items if n_items is not None else len(tasks), workers, progress) as client:
        if client is None:
            bar = _sync_bar() if progress else nullcontext()
            with bar:
                return list(dask.compute(*tasks, scheduler="sync"))
        futures = client.compute(list(tasks))
        if progress:
            from distributed import progress as show

            show(futures)
        return client.gather(futures)


def _sync_bar() -> Any:
    from dask.diagnostics import ProgressBar

    return ProgressBar(minimum=1.0)


def worker_peak_memory() -> dict[str, float]:
    """Peak resident memory (MB) of every worker of the open session (empty without a cluster).

    Read from each worker's own ``getrusage`` (``ru_maxrss``), so it is the peak since the
    worker started.
    """
    client = _ACTIVE[-1] if _ACTIVE else None
    if client is None:
        return {}
    return {address: round(kb / 1024, 1) for address, kb in client.run(_max_rss_kb).items()}


def _max_rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
