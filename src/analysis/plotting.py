"""Figure set-up shared by every notebook: one CJK font, one palette, one save helper.

Plotting functions elsewhere take data and return a figure; only :func:`save_figure` writes.

Examples:
    >>> import matplotlib.pyplot as plt
    >>> use_cjk_font()  # doctest: +ELLIPSIS
    '...'
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("大模型")
    >>> plt.close(fig)

"""

from __future__ import annotations

import datetime as dt
import subprocess
from functools import cache
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import plotly.graph_objects as go
from matplotlib import font_manager

from analysis.config import FIGURES_DIR, PROJECT_ROOT

#: One colour per speaker, fixed so that a speaker looks the same in every figure.
SPEAKER_COLORS = {
    "kaiming-he": "#1f77b4",
    "yubei-chen": "#ff7f0e",
    "liwei-wang": "#2ca02c",
    "geoffrey-hinton": "#d62728",
    "andrej-karpathy": "#9467bd",
    "guigu101": "#8c564b",
    "jiqizhixin": "#e377c2",
    "joel-hellermark": "#7f7f7f",
    "andrew-ng": "#bcbd22",
    "audience": "#17becf",
    "narrator": "#aaaaaa",
}


class FontError(RuntimeError):
    """No font with Chinese glyphs could be found."""


@cache
def cjk_font_path() -> Path:
    """Path of a font with Chinese glyphs: the one bundled by ``mplfonts``, else a system font."""
    try:
        import mplfonts

        bundled = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
        if bundled.exists():
            return bundled
    except ImportError:
        pass
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        found = ""
    paths = sorted(line.split(":")[0].strip() for line in found.splitlines() if line.strip())
    if paths:
        return Path(paths[0])
    raise FontError("no CJK font found: run `make report` (it installs mplfonts) or install fonts-noto-cjk")


@cache
def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the default; return its family name."""
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = False
    mpl.rcParams["figure.dpi"] = 110
    mpl.rcParams["savefig.dpi"] = 150
    mpl.rcParams["svg.hashsalt"] = "ai-voices"
    return name


def speaker_color(speaker: str) -> str:
    """The fixed colour of ``speaker`` (grey for an unregistered one)."""
    return SPEAKER_COLORS.get(speaker, "#555555")


@cache
def provenance() -> str:
    """``commit <sha> · <date>``: what a figure or report was made from."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    except FileNotFoundError:
        sha = ""
    return f"commit {sha or 'uncommitted'} · {dt.date.today().isoformat()}"


def save_figure(fig: plt.Figure, name: str, data: pd.DataFrame | None = None, svg: bool = False) -> Path:
    """Save ``fig`` as ``figures/<name>.png`` (plus SVG, plus the table behind it as CSV).

    A small provenance line (commit and date) is stamped in the bottom-right corner.
    """
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    fig.text(0.995, 0.003, provenance(), ha="right", va="bottom", fontsize=6, color="#888888")
    path = FIGURES_DIR / f"{name}.png"
    fig.savefig(path, bbox_inches="tight", metadata={"Software": None})
    if svg:
        fig.savefig(FIGURES_DIR / f"{name}.svg", bbox_inches="tight", metadata={"Date": None})
    if data is not None:
        data.to_csv(FIGURES_DIR / f"{name}.csv", index=False)
    return path


def save_html(fig: go.Figure, name: str, data: pd.DataFrame | None = None) -> Path:
    """Save a plotly figure as a self-contained ``figures/<name>.html`` (plus the table as CSV).

    Like :func:`save_figure`, it stamps the commit and date on the figure; plotly.js is
    embedded, so the page opens offline.
    """
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    fig.add_annotation(text=provenance(), xref="paper", yref="paper", x=1, y=-0.08, showarrow=False,
                       font={"size": 9, "color": "#888888"}, xanchor="right")  # fmt: skip
    path = FIGURES_DIR / f"{name}.html"
    fig.write_html(path, include_plotlyjs=True, full_html=True)
    if data is not None:
        data.to_csv(FIGURES_DIR / f"{name}.csv", index=False)
    return path
