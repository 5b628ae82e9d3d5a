"""Regenerate everything: processed tables, then every notebook executed into ``reports/``.

Run as ``python -m analysis.report`` (``make report`` does). Notebooks run in sorted order
with papermill; each executed copy becomes one self-contained HTML page, and
``reports/index.html`` links them with the question each answers. A failing cell stops the
build with a non-zero exit and the cell's error. A notebook whose inputs (itself, the
package code it imports, the data files, the raw corpus, the embedding model) are unchanged since
its last run is not executed again; ``--force`` executes every notebook regardless.

Examples:
    >>> [p.name for p in notebooks()][:1]
    ['01_corpus_overview.ipynb']

"""

from __future__ import annotations

import html
import json
import re
import sys
import time
from pathlib import Path

from analysis.cache import atomic_write_text, code_key, content_key, imported_modules
from analysis.config import DATA_DIR, PROJECT_ROOT, RAW_DIR, REPORTS_DIR
from analysis.corpus import load_corpus
from analysis.lock import BuildLockedError, build_lock
from analysis.plots.style import provenance
from analysis.text.embeddings import model_name

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"


def notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The numbered notebooks, in the order they run."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def _stage(message: str) -> float:
    print(f"[report] {message}", flush=True)
    return time.perf_counter()


def build_tables() -> None:
    """Build the corpus tables in ``data/processed`` (reused untouched when they are current)."""
    start = _stage("corpus: load, clean, restore, segment")
    corpus = load_corpus()
    print(f"[report]   {len(corpus.documents)} documents, {len(corpus.turns)} turns ({time.perf_counter() - start:.1f} s)")


def execute(notebook: Path, out_dir: Path = REPORTS_DIR) -> Path:
    """Execute ``notebook`` with papermill into ``out_dir``; return the executed copy."""
    import papermill

    out = out_dir / notebook.name
    start = _stage(f"notebook {notebook.name}")
    papermill.execute_notebook(
        str(notebook), str(out), cwd=str(notebook.parent), kernel_name="python3", progress_bar=False, log_output=False
    )
    print(f"[report]   done in {time.perf_counter() - start:.1f} s")
    return out


def to_html(executed: Path) -> Path:
    """Render an executed notebook as one self-contained HTML page (images inline, no CDN scripts)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input_prompt=True, exclude_output_prompt=True, mathjax_url="", require_js_url="")
    body, _ = exporter.from_filename(str(executed))
    body = re.sub(r'<script[^>]*src=""[^>]*>\s*</script>', "", body)  # no CDN scripts: the page works offline
    out = executed.with_suffix(".html")
    atomic_write_text(out, body)
    return out


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


def is_current(notebook: Path, out_dir: Path = REPORTS_DIR) -> bool:
    """Whether the rendered page of ``notebook`` was made from the current inputs."""
    stamp, page = out_dir / f"{notebook.stem}.key", out_dir / f"{notebook.stem}.html"
    return page.exists() and stamp.exists() and stamp.read_text() == inputs_key(notebook)


def _question(notebook: Path) -> tuple[str, str]:
    """The notebook's title and the first paragraph after it."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "".join(cells[0]["source"]) if cells and cells[0]["cell_type"] == "markdown" else notebook.stem
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0].lstrip("# ") if lines else notebook.stem
    return title, " ".join(lines[1:3])


def write_index(pages: list[tuple[Path, Path]], out_dir: Path = REPORTS_DIR) -> Path:
    """Write ``index.html`` linking every report page."""
    items = []
    for notebook, page in pages:
        title, question = _question(notebook)
        items.append(
            f'<li><a href="{html.escape(page.name)}">{html.escape(title)}</a><p>{html.escape(question)}</p></li>'
        )
    doc = (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>ai-voices reports</title>'
        "<style>body{font-family:sans-serif;max-width:760px;margin:2em auto;line-height:1.5}"
        "li{margin-bottom:1em}p{margin:.2em 0;color:#444}</style></head><body>"
        "<h1>ai-voices: what leading AI researchers say in Chinese-language interviews</h1>"
        f"<p>Rendered reports, regenerated by <code>make report</code> ({html.escape(provenance())}).</p>"
        f"<ol>{''.join(items)}</ol></body></html>"
    )
    return atomic_write_text(out_dir / "index.html", doc)


def main(argv: list[str] | None = None) -> int:
    """Build tables, execute the notebooks (all, or those named in ``argv``), write the index."""
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    build_tables()
    force = "--force" in (argv or [])
    names = [a for a in argv or [] if a != "--force"]
    chosen = [nb for nb in notebooks() if not names or any(a in nb.name for a in names)]
    rendered = 0
    for notebook in chosen:
        if not force and is_current(notebook):
            _stage(f"notebook {notebook.name}: inputs unchanged, keeping reports/{notebook.stem}.html")
            continue
        try:
            executed = execute(notebook)
        except Exception as exc:  # papermill names the failing cell in its message
            print(f"[report] FAILED in {notebook.name}:\n{exc}", file=sys.stderr)
            return 1
        to_html(executed)
        atomic_write_text(REPORTS_DIR / f"{notebook.stem}.key", inputs_key(notebook))
        rendered += 1
    pages = rendered_pages()
    index = write_index(pages)
    print(f"[report] rendered {rendered} report(s); {index.relative_to(PROJECT_ROOT)} links {len(pages)}")
    return 0


def rendered_pages(out_dir: Path = REPORTS_DIR) -> list[tuple[Path, Path]]:
    """(notebook, page) for every notebook with a rendered page, so a partial run keeps the others linked."""
    pages = [(notebook, out_dir / f"{notebook.stem}.html") for notebook in notebooks()]
    return [(notebook, page) for notebook, page in pages if page.exists()]


if __name__ == "__main__":
    try:
        with build_lock("make report"):
            raise SystemExit(main(sys.argv[1:]))
    except BuildLockedError as exc:
        raise SystemExit(f"[report] {exc}") from None
