"""Figure captions written for a reader, kept as data (``data/captions.toml``) and keyed by figure name.

A caption says what a figure shows, how to read it, and its caveat. Keys are figure names
(the ``name`` given to :func:`analysis.plots.style.save_figure`) or glob patterns for figures
named from a parameter (``02_compare_*``); the most specific (longest) matching key wins.
In a notebook, saving a figure shows it once with its caption below, inside an element with
id ``fig-<name>`` so that pages and the index can link to it.

Examples:
    >>> caption_for("02_compare_liwei-wang_yubei-chen").shows.startswith("Two guests")
    True
    >>> caption_for("99_not_a_figure") is None
    True
    >>> "&lt;b&gt;" in caption_html("x", Caption("<b>", "r", "c"))
    True

"""

from __future__ import annotations

import html
import os
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path

from analysis.config import DATA_DIR, relative

CAPTIONS_PATH = DATA_DIR / "captions.toml"


@dataclass(frozen=True)
class Caption:
    """What a figure shows, how to read it, and what to keep in mind."""

    shows: str
    read: str
    caveat: str


@cache
def load_captions(path: Path = CAPTIONS_PATH) -> dict[str, Caption]:
    """Every caption of ``captions.toml``: ``{figure name or pattern: Caption}``."""
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    captions = {}
    for key, fields in table.items():
        missing = {"shows", "read", "caveat"} - set(fields)
        if missing:
            raise ValueError(f"caption {key!r} in {relative(path)} lacks {sorted(missing)}: add them")
        captions[key] = Caption(fields["shows"].strip(), fields["read"].strip(), fields["caveat"].strip())
    return captions


def caption_for(name: str) -> Caption | None:
    """The caption of figure ``name`` (exact key, else the longest matching pattern), or None."""
    captions = load_captions()
    if name in captions:
        return captions[name]
    matches = sorted((key for key in captions if fnmatchcase(name, key)), key=len, reverse=True)
    return captions[matches[0]] if matches else None


def caption_html(name: str, caption: Caption | None) -> str:
    """The caption block shown under figure ``name`` (all text escaped)."""
    anchor = html.escape(f"fig-{name}")
    if caption is None:
        return (f'<div class="figure-caption missing" id="{anchor}"><p><strong>No caption yet</strong> for '
                f"<code>{html.escape(name)}</code>: add one to <code>{relative(CAPTIONS_PATH)}</code>.</p></div>")
    parts = [("What it shows", caption.shows), ("How to read it", caption.read), ("Caveat", caption.caveat)]
    body = "".join(f"<p><strong>{label}.</strong> {html.escape(text)}</p>" for label, text in parts)
    return f'<div class="figure-caption" id="{anchor}">{body}</div>'


@dataclass(frozen=True)
class SavedFigure(os.PathLike):
    """Where a figure was saved; usable as a path. In a notebook it was already shown, so it displays nothing."""

    path: Path
    name: str

    def __fspath__(self) -> str:
        return os.fspath(self.path)

    def _ipython_display_(self) -> None:
        """Shown already (figure and caption) by :func:`show_with_caption`; no machine path is printed."""


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def show_with_caption(fig: object | None, name: str, path: Path) -> SavedFigure:
    """In a notebook kernel: show ``fig`` (matplotlib, closed afterwards so it is not shown twice) and its caption."""
    if _in_kernel():
        import matplotlib.pyplot as plt
        from IPython.display import HTML, display

        caption = caption_html(name, caption_for(name))
        if fig is not None:
            display(fig)
            plt.close(fig)
        else:  # an interactive figure is a file of its own: say where it is
            where = html.escape(f"figures/{Path(path).name}")
            caption = caption.replace("</div>", f'<p><a href="../{where}">Interactive version: {where}</a></p></div>', 1)
        display(HTML(caption))
    return SavedFigure(Path(path), name)
