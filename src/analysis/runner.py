"""Execute notebooks with papermill, several at a time, each after the notebooks whose outputs it reads.

:func:`run_notebooks` runs at most :func:`jobs` notebooks at once (``AI_VOICES_JOBS``, default one
per core, at most :data:`MAX_JOBS`), each in its own process and kernel with its share of the
cores; a notebook starts once those named in its metadata (``ai_voices.after``) are done, and after
a failure none is started. :mod:`analysis.report` decides which notebooks need to run and records
what they produced.

Examples:
    >>> [p.name for p in notebooks()][:1]
    ['01_corpus_overview.ipynb']

"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from analysis.cache import atomic_write_text
from analysis.config import PROJECT_ROOT, REPORTS_DIR

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
#: Notebooks run at once at most (each holds a kernel of up to ~1.5 GB at forty interviews).
MAX_JOBS = 4
JOBS_ENV = "AI_VOICES_JOBS"
#: Thread pools a kernel's libraries size to the machine; each running notebook gets its share of the cores.
THREAD_ENVS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")
#: The kernel's own log keeps its errors only: its one routine warning (a local kernel talks over TCP on
#: localhost without encryption) would reach the report log on every notebook. Cell errors come back through papermill.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


def notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The numbered notebooks, in the order they run."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def stage(message: str) -> float:
    """Print one ``[report]`` line of the build log; the time it was printed."""
    print(f"[report] {message}", flush=True)
    return time.perf_counter()


def execute(notebook: Path, out_dir: Path = REPORTS_DIR) -> Path:
    """Execute ``notebook`` with papermill into ``out_dir``; return the executed copy (stamped with the commit)."""
    import nbformat
    import papermill

    from analysis.plots.style import provenance

    out = out_dir / notebook.name
    start = stage(f"notebook {notebook.name}")
    papermill.execute_notebook(
        str(notebook), str(out), cwd=str(notebook.parent), kernel_name="python3", progress_bar=False, log_output=False,
        extra_arguments=KERNEL_ARGUMENTS,
    )  # fmt: skip
    executed = nbformat.read(out, as_version=4)
    executed.metadata["ai_voices"] = {**executed.metadata.get("ai_voices", {}), "provenance": provenance()}
    atomic_write_text(out, nbformat.writes(executed))
    print(f"[report]   {notebook.stem} done in {time.perf_counter() - start:.1f} s", flush=True)
    return out


def after(notebook: Path) -> list[str]:
    """The notebooks (stems) whose outputs ``notebook`` reads: its metadata ``ai_voices.after``.

    Examples:
        >>> after(NOTEBOOK_DIR / "06_exploration.ipynb")
        ['02_term_frequency']

    """
    found = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {}).get("ai_voices", {}).get("after", [])
    known = {nb.stem for nb in notebooks(notebook.parent)}
    if not isinstance(found, list) or not set(found) <= known:
        raise ValueError(f"{notebook.name}: metadata ai_voices.after must list notebooks of {sorted(known)}, not {found!r}")
    return found


def jobs() -> int:
    """How many notebooks run at once: ``AI_VOICES_JOBS``, else one per core (at most :data:`MAX_JOBS`)."""
    value = os.environ.get(JOBS_ENV, "")
    if value and not (value.isdigit() and int(value) > 0):
        raise ValueError(f"{JOBS_ENV} must be a positive integer, not {value!r}")
    return int(value) if value else max(1, min(MAX_JOBS, os.cpu_count() or 1))


class NotebookError(Exception):
    """A notebook's failure as it crosses from a pool process: message, and the cell error's name and value."""

    def __init__(self, message: str, ename: str, evalue: str) -> None:
        """Keep every part in ``args`` so the error pickles."""
        super().__init__(message, ename, evalue)
        self.ename, self.evalue = ename, evalue

    def __str__(self) -> str:
        """The message papermill gave."""
        return str(self.args[0])


def _execute_in_worker(notebook: Path, out_dir: Path, threads: int) -> Path:
    """:func:`execute` in a pool process whose kernel gets ``threads`` threads per library."""
    for name in THREAD_ENVS:
        os.environ.setdefault(name, str(threads))
    try:
        return execute(notebook, out_dir)
    except Exception as exc:  # papermill's errors do not all pickle; their name, value and message do
        lines = str(exc).strip().splitlines()
        raise NotebookError(str(exc), getattr(exc, "ename", type(exc).__name__),
                             getattr(exc, "evalue", lines[-1] if lines else "")) from None  # fmt: skip


def run_notebooks(todo: list[Path], record: Callable[[Path, Future], bool],
                  out_dir: Path = REPORTS_DIR) -> tuple[int, bool]:  # fmt: skip
    """Execute ``todo`` (at most :func:`jobs` at once, each after the notebooks it reads); (executed, any failed).

    A notebook waits for those of ``todo`` named in its ``ai_voices.after``; ``record(notebook,
    future)`` is called as each one ends and says whether it ran. After a failure no notebook is
    started (the running ones finish), so the rest keep their pages, marked stale.
    """
    pending, running, done, failed = list(todo), {}, 0, False
    needs = {nb: set(after(nb)) for nb in todo}
    workers = min(jobs(), max(1, len(todo)))
    threads = max(1, (os.cpu_count() or 1) // workers)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        while pending or running:
            waiting = {nb.stem for nb in pending} | {nb.stem for nb in running.values()}
            ready = [nb for nb in pending if not needs[nb] & waiting] if not failed else []
            for notebook in ready[: workers - len(running)]:
                pending.remove(notebook)
                running[pool.submit(_execute_in_worker, notebook, out_dir, threads)] = notebook
            if not running:
                break
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in finished:
                ran = record(running.pop(future), future)
                failed, done = failed or not ran, done + ran
    return done, failed


