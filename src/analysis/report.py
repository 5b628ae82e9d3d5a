"""Regenerate everything: processed tables, every notebook executed into ``reports/``, then the site.

Run as ``python -m analysis.report`` (``make report`` does). The corpus tables are built, every
spoken sentence is embedded once (the notebooks read the vectors from the cache), then the notebooks
run with papermill (:mod:`analysis.runner`), several at a time (``AI_VOICES_JOBS``, default: one per core, at most
:data:`analysis.runner.MAX_JOBS`): a notebook starts once the notebooks named in its metadata (``ai_voices.after``,
whose outputs it reads) are done. Each executed copy becomes one page of a small static site (:mod:`analysis.site`):
code folded, navigation, figures with captions, outputs sanitised, no machine path; and
``reports/index.html`` lists the main findings computed from the saved tables. A notebook whose
inputs (itself, the package code it imports, the data files, the raw corpus, the embedding model)
are unchanged since its last run is not executed again; ``--force`` executes every notebook.

A failing cell stops the build with a non-zero exit and the cell's error: no further notebook is
started (those already running finish), the failed notebook's previous page and key are removed (its
partial run is kept as ``<name>.failed.ipynb``) and the index marks it failed, so no stale page
passes for a current one.

Examples:
    >>> [p.name for p in notebooks()][:1]
    ['01_corpus_overview.ipynb']

"""

from __future__ import annotations

import json
import sys
import time
import warnings
from collections import Counter
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.cache import atomic_write_text, code_key, content_key, file_sha256, imported_modules
from analysis.config import (
    DATA_DIR,
    FIGURES_DIR,
    PACKAGE_DIR,
    PROCESSED_DIR,
    RAW_DIR,
    REPORTS_DIR,
    relative,
)
from analysis.lock import BuildLockedError, build_lock
from analysis.runner import notebooks, run_notebooks, stage
from analysis.text.embeddings import embed_passages, model_name

if TYPE_CHECKING:  # the site, the corpus and nbformat take seconds to import: imported where used (a quick no-change run)
    from analysis.corpus import Corpus
    from analysis.site.render import Entry

#: What the index says of a page whose notebook's inputs changed since it was executed.
STALE = ("stale: its inputs changed since this page was executed and it was not run again (an earlier notebook "
         "failed); the page is kept, marked stale, and its findings are not listed: fix the failure, run `make report`")
#: Every warning of the last corpus build, one per line (the report log prints one summary line).
WARNINGS_LOG = PROCESSED_DIR / "build-warnings.log"
#: What the sentence embeddings were last computed for (model and sentences table): a rerun skips the step.
EMBEDDINGS_KEY = PROCESSED_DIR / "embeddings.key"
#: The fingerprint of the last complete build, in ``reports/`` (see :func:`build_fingerprint`).
BUILD_KEY_NAME = "build.key"


def build_tables() -> None:
    """Build the corpus tables in ``data/processed`` (reused untouched when they are current), then embed them."""
    from analysis import corpus as corpora

    start = stage("corpus: load, clean, restore, segment")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = corpora.load_corpus()
    print(f"[report]   {len(corpus.documents)} documents, {len(corpus.turns)} turns ({time.perf_counter() - start:.1f} s)")
    print(f"[report]   {warning_summary(caught, WARNINGS_LOG)}")
    embed_sentences(corpus)


def embed_sentences(corpus: Corpus, stamp: Path = EMBEDDINGS_KEY) -> None:
    """Embed every spoken sentence once, before the notebooks, which then read every vector from the cache.

    Notebooks running side by side never embed the same text twice, and the embedding gets the
    machine's cores to itself; topic chunks are pooled from these vectors
    (:func:`analysis.topics.chunks.chunk_embeddings`). Skipped when ``stamp`` records this model and
    these sentences (the cache is keyed by text anyway; the stamp saves reading it). The sentences are
    those notebook 04 scores (:func:`analysis.viewpoints.themes.spoken_sentences`).
    """
    from analysis.viewpoints.themes import spoken_sentences

    spoken = spoken_sentences(corpus).text
    key = content_key(model_name(), *spoken.tolist())
    if stamp.exists() and stamp.read_text(encoding="utf-8") == key:
        return
    start = stage(f"embeddings: {len(spoken)} spoken sentences ({model_name()}, cached by text)")
    embed_passages(spoken.tolist(), progress=False)
    atomic_write_text(stamp, key)
    print(f"[report]   embedded in {time.perf_counter() - start:.1f} s")


def warning_summary(caught: list[warnings.WarningMessage], log: Path) -> str:
    """Write every warning of the build to ``log`` (one per line) and return the one-line summary the log prints.

    Examples:
        >>> import tempfile
        >>> w = warnings.WarningMessage(UserWarning("label X"), UserWarning, "f.py", 1)
        >>> warning_summary([w, w], Path(tempfile.mkdtemp()) / "build.log").split(" (")[0]
        '2 warnings: UserWarning 2'

    """
    from analysis.site.sanitize import scrub_paths

    lines = [f"{w.category.__name__}: {scrub_paths(str(w.message))}" for w in caught]
    atomic_write_text(log, "\n".join(lines) + ("\n" if lines else ""))
    kinds = Counter(w.category.__name__ for w in caught)
    listed = ", ".join(f"{name} {n}" for name, n in kinds.most_common())
    return f"{len(caught)} warnings: {listed or 'none'} (every one in {relative(log)})"


def _paths(notebook: Path, out_dir: Path) -> dict[str, Path]:
    stem = notebook.stem
    names = {"page": ".html", "key": ".key", "executed": ".ipynb", "failed": ".failed", "partial": ".failed.ipynb"}
    return {kind: out_dir / f"{stem}{suffix}" for kind, suffix in names.items()}


def status(notebook: Path, out_dir: Path = REPORTS_DIR) -> str:
    """``ok`` (executed from the current inputs), ``stale`` (inputs changed since), ``failed`` or ``not run``.

    A notebook left unrun because an earlier one failed keeps its old page, shown as stale on the
    index and in the navigation, never as current.
    """
    paths = _paths(notebook, out_dir)
    if paths["failed"].exists():
        return "failed"
    if not paths["executed"].exists():
        return "not run"
    try:
        recorded = json.loads(paths["key"].read_text(encoding="utf-8")).get("inputs")
    except (OSError, ValueError, AttributeError):
        recorded = None
    return "ok" if recorded == inputs_key(notebook) else "stale"


def entries(out_dir: Path = REPORTS_DIR) -> list[Entry]:
    """Every notebook as the site lists it."""
    from analysis.site.render import Entry, notebook_title

    return [Entry(nb.stem, notebook_title(nb), status(nb, out_dir)) for nb in notebooks()]


def to_html(executed: Path, site: list[Entry] | None = None) -> Path:
    """Render an executed notebook as its page beside it (``site``: the pages it links; default every notebook)."""
    from analysis.site.render import Entry, notebook_title, render_page

    out_dir = executed.parent
    site = site or [Entry(nb.stem, notebook_title(nb), status(nb, out_dir) if nb.stem != executed.stem else "ok")
                    for nb in notebooks()]  # fmt: skip
    return render_page(executed, executed.with_suffix(".html"), site)


def mark_failed(notebook: Path, error: Exception, out_dir: Path = REPORTS_DIR) -> Path:
    """Remove the stale page and key of a failed ``notebook``, keep its partial run, record the error."""
    paths = _paths(notebook, out_dir)
    for kind in ("page", "key"):
        paths[kind].unlink(missing_ok=True)
    if paths["executed"].exists():
        paths["executed"].replace(paths["partial"])
    name = getattr(error, "ename", type(error).__name__)
    value = getattr(error, "evalue", str(error).strip().splitlines()[-1] if str(error).strip() else "")
    from analysis.site.sanitize import scrub_paths

    message = scrub_paths(f"{name}: {value}")[:500]
    detail = f"failed: {message} (partial run: {paths['partial'].name})"
    return atomic_write_text(paths["failed"], detail)


def notebook_modules(notebook: Path) -> list[str]:
    """The package modules a notebook's code cells import (IPython magics skipped)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    lines = [line for cell in code for line in cell.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return sorted(imported_modules("\n".join(lines)))


def inputs_key(notebook: Path) -> str:
    """Hash of what an executed notebook depends on: itself, the code it imports, the data, the corpus, the model."""
    files = [notebook, *sorted(DATA_DIR.rglob("*.*")), *sorted(RAW_DIR.glob("*"))]
    data = [(path.name, path.read_bytes()) for path in files if path.is_file()]
    return content_key(model_name(), code_key(*notebook_modules(notebook)), *data)


def run_key(notebook: Path, out_dir: Path = REPORTS_DIR) -> str:
    """What ``<stem>.key`` records after a run: the inputs key and the SHA-256 of the executed notebook."""
    return json.dumps({"inputs": inputs_key(notebook), "executed": file_sha256(_paths(notebook, out_dir)["executed"])})


def is_current(notebook: Path, out_dir: Path = REPORTS_DIR) -> bool:
    """Whether the executed notebook of ``notebook`` was made from the current inputs and is intact.

    A truncated or edited executed notebook no longer matches the hash in its key, so it is run again
    (a damaged page is re-rendered by :func:`build_site`).
    """
    paths = _paths(notebook, out_dir)
    if paths["failed"].exists() or not (paths["page"].exists() and paths["executed"].exists() and paths["key"].exists()):
        return False
    return paths["key"].read_text() == run_key(notebook, out_dir)


def write_index(site: list[Entry], out_dir: Path = REPORTS_DIR) -> Path:
    """Write ``index.html``: the findings of every current page, and every page with its status."""
    from analysis.plots.style import provenance
    from analysis.site.findings import findings
    from analysis.site.index import index_html, question

    questions = {nb.stem: question(nb) for nb in notebooks()}
    found, problems = {}, {}
    for entry in site:
        failed = out_dir / f"{entry.stem}.failed"
        if entry.status == "failed" and failed.exists():
            problems[entry.stem] = failed.read_text(encoding="utf-8")
        elif entry.status == "ok":
            found[entry.stem], problems[entry.stem] = findings(entry.stem)
        elif entry.status == "stale":
            problems[entry.stem] = STALE
    return atomic_write_text(out_dir / "index.html", index_html(site, questions, found, problems, provenance(), out_dir))


def _site_key(site: list[Entry]) -> str:
    """Hash of what every page shares: the list of pages with their status, the template, the site code."""
    from analysis.site.render import TEMPLATES

    templates = sorted(p for p in TEMPLATES.rglob("*") if p.is_file())
    return content_key(repr(site), code_key("analysis.site.render", "analysis.site.sanitize", "analysis.plots.captions"),
                       *[(p.name, p.read_bytes()) for p in templates])  # fmt: skip


def build_site(out_dir: Path = REPORTS_DIR) -> list[Entry]:
    """Render the executed notebooks as pages and write the index.

    A page is rendered again when its executed notebook changed, when the page itself is not the
    one last rendered (cut short, edited: ``site.key`` records every page's SHA-256), or when what
    every page shares (navigation, template, site code) changed; otherwise it is kept. The search
    page, the print page and the raw article pages are rebuilt when a page was.
    """
    from analysis.site.assemble import assemble
    from analysis.site.render import render_page

    site = entries(out_dir)
    stamp = out_dir / "site.key"
    key = _site_key(site)
    try:
        recorded = json.loads(stamp.read_text()) if stamp.exists() else {}
    except ValueError:
        recorded = {}
    shared_changed = not isinstance(recorded, dict) or recorded.get("shared") != key
    pages = recorded.get("pages", {}) if isinstance(recorded, dict) else {}
    written = {}
    for entry in site:
        executed, page = out_dir / f"{entry.stem}.ipynb", out_dir / entry.href
        if entry.status not in ("ok", "stale"):
            continue
        source = file_sha256(executed)
        intact = page.exists() and pages.get(entry.href) == [source, file_sha256(page)]
        if shared_changed or not intact:
            render_page(executed, page, site)
        written[entry.href] = [source, file_sha256(page)]
    write_index(site, out_dir)
    if shared_changed or written != pages or not all((out_dir / n).is_file() for n in ("search.html", "print.html")):
        assemble(out_dir, site)  # search, print page, raw pages: built from the pages, so only when one changed
    atomic_write_text(stamp, json.dumps({"shared": key, "pages": written}))
    return site


def build_fingerprint(out_dir: Path = REPORTS_DIR) -> str:
    """Hash of everything a build reads and writes, by content.

    That is the package (code and data), the notebooks, the raw corpus, the embedding model's name,
    the processed tables, the figures and every file of the site. Equal to the one recorded after the last complete build, nothing can have changed: a rerun
    stops there, in about a second. Any difference (an edited module, a new article, a page cut
    short, a deleted figure copy) sends the build down the full path, which decides step by step.
    """
    def files(folder: Path, pattern: str = "*") -> list[Path]:
        return sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts
                      and not p.name.startswith(".") and p != out_dir / BUILD_KEY_NAME)  # fmt: skip

    paths = [*files(PACKAGE_DIR), *notebooks(), *files(RAW_DIR), *files(PROCESSED_DIR), *files(FIGURES_DIR),
             *files(out_dir)]  # fmt: skip
    return content_key(model_name(), *((str(p), file_sha256(p)) for p in paths))


def main(argv: list[str] | None = None) -> int:
    """Build tables, execute the notebooks (all, or those named in ``argv``), build the site."""
    out_dir = REPORTS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = out_dir / BUILD_KEY_NAME
    whole = not argv
    if whole and stamp.exists() and stamp.read_text(encoding="utf-8") == build_fingerprint(out_dir):
        print(f"[report] nothing changed since the last complete build: {relative(out_dir / 'index.html')} is current")
        return 0
    stamp.unlink(missing_ok=True)  # recorded again only when this build completes
    from analysis import corpus as corpora
    from analysis.site.sanitize import scrub_paths

    try:
        build_tables()
    except corpora.SourceError as exc:  # a table from the web: say what to fix, no traceback
        print(f"[report] cannot read the corpus: {scrub_paths(str(exc))}", file=sys.stderr)
        return 2
    force = "--force" in (argv or [])
    names = [a for a in argv or [] if a != "--force"]
    chosen = [nb for nb in notebooks() if not names or any(a in nb.name for a in names)]
    todo = []
    for notebook in chosen:
        if not force and is_current(notebook, out_dir):
            stage(f"notebook {notebook.name}: inputs unchanged, keeping {relative(out_dir / notebook.stem)}.html")
        else:
            todo.append(notebook)
    rendered, failed = run_notebooks(todo, lambda notebook, future: _record(notebook, future, out_dir), out_dir)
    site = build_site(out_dir)
    ok = sum(e.status == "ok" for e in site)
    print(f"[report] executed {rendered} notebook(s); {relative(out_dir / 'index.html')} links {ok} current page(s)"
          + ("" if ok == len(site) else f", {len(site) - ok} failed, stale or not run"))  # fmt: skip
    if ok == len(site) and not failed and not names:
        atomic_write_text(stamp, build_fingerprint(out_dir))
    return 1 if failed else 0


def _record(notebook: Path, future: Future, out_dir: Path) -> bool:
    """Write the key of a notebook that ran, or mark it failed; whether it ran."""
    error = future.exception()
    if error is not None:  # papermill names the failing cell in its message
        marker = mark_failed(notebook, error, out_dir)
        from analysis.site.sanitize import scrub_paths

        print(f"[report] FAILED in {notebook.name} ({relative(marker)}):\n{scrub_paths(str(error))}", file=sys.stderr)
        return False
    paths = _paths(notebook, out_dir)
    paths["failed"].unlink(missing_ok=True)
    paths["partial"].unlink(missing_ok=True)
    atomic_write_text(paths["key"], run_key(notebook, out_dir))
    return True


def rendered_pages(out_dir: Path = REPORTS_DIR) -> list[tuple[Path, Path]]:
    """(notebook, page) for every notebook with a current rendered page, so a partial run keeps the others linked."""
    pages = [(notebook, out_dir / f"{notebook.stem}.html") for notebook in notebooks()]
    return [(notebook, page) for notebook, page in pages if page.exists() and status(notebook, out_dir) in ("ok", "stale")]


if __name__ == "__main__":
    try:
        with build_lock("make report"):
            raise SystemExit(main(sys.argv[1:]))
    except BuildLockedError as exc:
        raise SystemExit(f"[report] {exc}") from None
