"""Figure set-up shared by every figure: one CJK font, one palette, one save helper.

Every figure of the package starts from :func:`subplots`, which sets the CJK font first, so no
figure can render Chinese as boxes. Plotting functions take data and return a figure; only
:func:`save_figure` and :func:`save_html` write. Speaker colours come from the registry
(``data/speakers.csv``, column ``color``) and, for every other speaker of the corpus, from one
categorical palette fixed by :func:`use_speakers` (:mod:`analysis.plots.palette`). Labels are drawn as
they are: ``text.parse_math`` is off, so a ``$`` in an id or a title (``altman-$7{-$plan``) is never parsed
as mathtext.

Examples:
    >>> fig, ax = subplots()
    >>> _ = ax.set_title("大模型")
    >>> speaker_color("geoffrey-hinton")
    '#d62728'
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

from analysis.cache import atomic_write
from analysis.config import FIGURES_DIR, PROJECT_ROOT
from analysis.corpus.speakers import Registry
from analysis.csvsafe import write_csv
from analysis.plots import palette
from analysis.plots.captions import SavedFigure, show_with_caption


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
    mpl.rcParams["text.parse_math"] = False  # labels are data: a `$` in a doc id is drawn, never read as mathtext
    return name


@cache
def _colors() -> dict[str, str]:
    return Registry.load().colors


def speaker_color(speaker: str) -> str:
    """The colour of ``speaker`` in every figure: the registry's, else its corpus colour (:mod:`analysis.plots.palette`)."""
    return palette.color_of(speaker, _colors())


#: Display names of the corpus in use (:func:`use_speakers`) for speakers the registry does not know.
_corpus_names: dict[str, str] = {}


def _display(name_zh: object, name_en: object) -> str:
    """``name_zh name_en``, one of them when the other is missing or the same ("" when both are)."""
    zh, en = (str(n).strip() if isinstance(n, str) else "" for n in (name_zh, name_en))
    return zh if zh == en or not en else en if not zh else f"{zh} {en}"


def use_speakers(speakers: pd.DataFrame) -> dict[str, str]:
    """Fix one colour and one display name per speaker of a corpus's ``speakers`` table for every later figure.

    Colours go to guests first, then by id; names are the registry's, else the table's own
    ``name_zh``/``name_en`` (a person a user's ``sources.csv`` names), else the id.

    Examples:
        >>> table = pd.DataFrame({"speaker": ["new-host", "new-guest"], "role": ["host", "guest"],
        ...                       "name_zh": [None, "新嘉宾"], "name_en": [None, "New Guest"]})
        >>> list(use_speakers(table)), speaker_label("new-guest"), speaker_label("new-host")
        (['new-guest', 'new-host'], '新嘉宾 New Guest', 'new-host')

    """
    use_names(speakers)
    ordered = speakers.assign(order=speakers.role.ne("guest")).sort_values(["order", "speaker"])
    return palette.use_speakers(ordered.speaker, _colors())


def use_names(speakers: pd.DataFrame) -> None:
    """Fix the display names of a corpus's ``speakers`` (its ``name_zh``/``name_en``) for every later label, not the colours."""
    _corpus_names.clear()
    for row in speakers.itertuples():
        if name := _display(getattr(row, "name_zh", None), getattr(row, "name_en", None)):
            _corpus_names[row.speaker] = name


@cache
def _registry_names() -> dict[str, str]:
    return {row.speaker: _display(row.name_zh, row.name_en) for row in Registry.load().table.itertuples()}


def speaker_names(speakers: pd.DataFrame | None = None) -> dict[str, str]:
    """Display name of every speaker: ``name_zh name_en`` (one name when both are the same).

    The registry's speakers, and those of the corpus in use: ``speakers`` (a corpus's table, which
    :func:`use_speakers` also fixes for every later figure) or the one last given to :func:`use_speakers`.

    Examples:
        >>> speaker_names()["geoffrey-hinton"], speaker_names()["kaiming-he"]
        ('辛顿 Geoffrey Hinton', '何恺明 Kaiming He')

    """
    if speakers is not None:
        use_speakers(speakers)
    return {**_corpus_names, **_registry_names()}


def speaker_label(speaker: str) -> str:
    """The one display name of ``speaker`` in every figure and page (the id for an unregistered one)."""
    return speaker_names().get(speaker, speaker)


def subplots(*args: object, **kwargs: object) -> tuple[plt.Figure, object]:
    """``plt.subplots`` with the CJK font set first: the start of every figure."""
    use_cjk_font()
    return plt.subplots(*args, **kwargs)


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


def save_figure(fig: plt.Figure, name: str, data: pd.DataFrame | None = None, svg: bool = False) -> SavedFigure:
    """Save ``fig`` as ``figures/<name>.png`` (plus SVG, plus the table behind it as CSV).

    A small provenance line (commit and date) is stamped in the bottom-right corner. In a
    notebook the figure is shown once, followed by its caption (:mod:`analysis.plots.captions`).
    """
    fig.text(0.995, 0.003, provenance(), ha="right", va="bottom", fontsize=6, color="#888888")
    path = atomic_write(FIGURES_DIR / f"{name}.png",
                        lambda tmp: fig.savefig(tmp, format="png", bbox_inches="tight", metadata={"Software": None}))
    if svg:
        atomic_write(FIGURES_DIR / f"{name}.svg",
                     lambda tmp: fig.savefig(tmp, format="svg", bbox_inches="tight", metadata={"Date": None}))
    if data is not None:
        write_csv(FIGURES_DIR / f"{name}.csv", data)
    return show_with_caption(fig, name, path)


def save_html(fig: go.Figure, name: str, data: pd.DataFrame | None = None) -> SavedFigure:
    """Save a plotly figure as a self-contained ``figures/<name>.html`` (plus the table as CSV).

    Like :func:`save_figure`, it stamps the commit and date on the figure; plotly.js is
    embedded, so the page opens offline.
    """
    fig.add_annotation(text=provenance(), xref="paper", yref="paper", x=1, y=-0.08, showarrow=False,
                       font={"size": 9, "color": "#888888"}, xanchor="right")  # fmt: skip
    path = atomic_write(FIGURES_DIR / f"{name}.html", lambda tmp: fig.write_html(tmp, include_plotlyjs=True, full_html=True))
    if data is not None:
        write_csv(FIGURES_DIR / f"{name}.csv", data)
    return show_with_caption(None, name, path)
