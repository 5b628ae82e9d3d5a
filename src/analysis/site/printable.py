"""``make pdf``: the whole report as one PDF (findings, figures, captions, tables; no code), built offline.

``make report`` writes ``reports/print.html`` (:mod:`analysis.site.assemble`); this module prints
it with headless Chromium (Debian's ``chromium``, ``make browser`` installs it) to
``reports/ai-voices-report.pdf``. Nothing is fetched: the page's images are embedded.

Examples:
    >>> chromium_command("chromium", Path("/r/print.html"), Path("/r/x.pdf"))[-1]
    'file:///r/print.html'

"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from analysis.cache import atomic_write
from analysis.config import REPORTS_DIR, relative

PDF_NAME = "ai-voices-report.pdf"


def chromium_command(chromium: str, page: Path, pdf: Path) -> list[str]:
    """The headless Chromium call that prints ``page`` to ``pdf`` (no header or footer line, no network)."""
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
            f"--user-data-dir={tempfile.mkdtemp(prefix='ai-voices-pdf-')}", f"--print-to-pdf={pdf}", page.as_uri()]  # fmt: skip


def build_pdf(out_dir: Path = REPORTS_DIR) -> Path:
    """Print ``out_dir/print.html`` to ``out_dir/ai-voices-report.pdf``; ``RuntimeError`` saying what to do otherwise."""
    page = out_dir / "print.html"
    if not page.is_file():
        raise RuntimeError(f"no {relative(page)}: run `make report` first")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise RuntimeError("no chromium: run `make browser` (Debian's chromium) first")

    def render(tmp: Path) -> None:
        command = chromium_command(chromium, page.resolve(), tmp)
        subprocess.run(command, capture_output=True, timeout=600, check=True)
        if not tmp.read_bytes().startswith(b"%PDF"):
            raise RuntimeError("chromium wrote no PDF")
        shutil.rmtree(command[-3].split("=", 1)[1], ignore_errors=True)

    return atomic_write(out_dir / PDF_NAME, render)


def main() -> int:
    """Command-line entry point (``make pdf``)."""
    try:
        pdf = build_pdf()
    except (RuntimeError, subprocess.SubprocessError) as exc:
        print(f"[pdf] {exc}", file=sys.stderr)
        return 1
    print(f"[pdf] wrote {relative(pdf)} ({pdf.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
