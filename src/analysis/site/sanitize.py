"""The last line of defence before a page is written: sanitise notebook outputs, remove machine paths.

Notebook outputs can carry scraped text (quotes, concordance lines). :func:`sanitizer` is
nbconvert's own ``SanitizeHTML`` preprocessor (bleach) allowed just the tags a table, a caption
or a list needs: no ``<script>``, no ``<svg>``, no event-handler attribute, no ``javascript:``
link. A Markdown output is rendered to HTML first and then sanitised, so raw HTML inside it cannot
slip through the Markdown renderer. :func:`scrub_paths` rewrites absolute paths of this machine
(the project, its venv, the temporary folder, the home folder) to paths a reader can use.

Examples:
    >>> clean = sanitizer().sanitize_html_tags
    >>> clean('<p onclick="x()">a</p><script>alert(1)</script>')
    '<p>a</p>&lt;script&gt;alert(1)&lt;/script&gt;'
    >>> from analysis.config import PROJECT_ROOT
    >>> scrub_paths(f"saved to {PROJECT_ROOT}/figures/a.png")
    'saved to figures/a.png'

"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from bleach.sanitizer import ALLOWED_TAGS
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbconvert.preprocessors import Preprocessor
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbformat import NotebookNode

from analysis.config import PROJECT_ROOT, WORKSPACE

TAGS = sorted({
    *ALLOWED_TAGS, "p", "div", "span", "br", "hr", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "sub", "sup",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "style",
    "details", "summary", "figure", "figcaption", "dl", "dt", "dd",
})  # fmt: skip
ATTRIBUTES = {
    "*": ["class", "id", "title", "style", "colspan", "rowspan", "align", "border"],
    "a": ["href", "title"],
}


def sanitizer() -> SanitizeHTML:
    """Nbconvert's ``SanitizeHTML`` with the tags and attributes of tables and captions (markdown cells untouched)."""
    return _OutputSanitizer(tags=TAGS, attributes=ATTRIBUTES, strip=False)


class _OutputSanitizer(SanitizeHTML):
    """``SanitizeHTML`` for code outputs only: markdown cells are the project's own text, not scraped text."""

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int) -> tuple[NotebookNode, dict]:
        """Sanitise the outputs of a code cell (Markdown rendered to HTML first)."""
        if cell.cell_type != "code":
            return cell, resources
        for output in cell.outputs:
            data = output.get("data", {})
            if "text/markdown" in data:  # render first, so HTML inside the Markdown is sanitised too
                data["text/html"] = markdown2html_mistune(data.pop("text/markdown"))
        return super().preprocess_cell(cell, resources, index)


def _machine_roots() -> list[str]:
    """Absolute folders of this machine that must not appear in a page, longest first."""
    roots = {
        (str(PROJECT_ROOT) + "/", ""),
        (str(WORKSPACE) + "/", ""),
        (str(Path(sys.prefix)) + "/", "<venv>/"),
        (str(Path(sys.base_prefix)) + "/", "<python>/"),
        (str(PROJECT_ROOT.parent) + "/", "../"),
        (str(Path(tempfile.gettempdir())) + "/", "<tmp>/"),
        (str(Path.home()) + "/", "~/"),
    }
    return sorted((r for r in roots if len(r[0]) > 1), key=lambda r: len(r[0]), reverse=True)


def scrub_paths(text: str) -> str:
    """``text`` with every absolute path under a folder of this machine made relative (or generic)."""
    for root, replacement in _machine_roots():
        text = text.replace(root, replacement)
        text = text.replace(root.rstrip("/"), replacement.rstrip("/") or ".")
    return text


class ScrubPaths(Preprocessor):
    """nbconvert preprocessor: :func:`scrub_paths` on every output (text, HTML, tracebacks)."""

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int) -> tuple[NotebookNode, dict]:
        """Scrub the outputs of one cell."""
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = scrub_paths(output["text"])
            if "traceback" in output:
                output["traceback"] = [scrub_paths(line) for line in output["traceback"]]
            for key, value in output.get("data", {}).items():
                if key.startswith("text/") and isinstance(value, str):
                    output["data"][key] = scrub_paths(value)
        return cell, resources


#: Absolute paths a page must not show: POSIX system and user folders, Windows drives.
MACHINE_PATH = re.compile(r"(?<![\w.:/-])(?:/(?:work|home|tmp|root|usr|opt|var|mnt|Users)/|[A-Z]:\\\\)")
