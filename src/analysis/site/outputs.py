r"""Outputs that are not for the reader leave the page: warnings go to a log, progress widgets and dtype lines go.

A notebook's standard error (warnings, progress bars, ``TqdmWarning: IProgress not found``) is
moved to ``reports/logs/<page>.log``, and the page says so in one line; a progress widget (it
cannot render on a static page) is dropped; the ``Name: …, dtype: …`` footer pandas prints under
a Series is removed from plain-text outputs.

Examples:
    >>> strip_dtype("a    1\nb    2\nName: n, dtype: int64")
    'a    1\nb    2'

"""

from __future__ import annotations

import re

from nbformat import NotebookNode

WIDGET = "application/vnd.jupyter.widget-view+json"
_DTYPE = re.compile(r"\n?^(?:Name: .*, )?(?:Length: \d+, )?dtype: \w+$", re.MULTILINE)


def strip_dtype(text: str) -> str:
    """``text`` without pandas' ``Name: …, dtype: …`` footer lines."""
    return _DTYPE.sub("", text)


def move_noise(notebook: NotebookNode) -> list[str]:
    """Remove standard-error streams and progress widgets from ``notebook``'s outputs; return the removed text.

    Each removed stream is returned as ``cell <n>: <text>`` for the page's log.
    """
    removed = []
    for number, cell in enumerate(notebook.cells, 1):
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                removed.append(f"cell {number}: {output.get('text', '')}".rstrip() + "\n")
                continue
            data = output.get("data", {})
            if WIDGET in data:
                continue
            if set(data) == {"text/plain"}:
                data["text/plain"] = strip_dtype(data["text/plain"])
            kept.append(output)
        cell["outputs"] = kept
    return removed
