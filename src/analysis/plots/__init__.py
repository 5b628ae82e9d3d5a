"""Every figure of the project: functions that take computed tables and return a figure.

No function here computes a statistic or saves a file: the numbers come from the stage
packages (:mod:`analysis.corpus`, :mod:`analysis.terms`, :mod:`analysis.topics`,
:mod:`analysis.viewpoints`), and :func:`save_figure` / :func:`save_html` write. Every figure
starts from :func:`analysis.plots.style.subplots`, which sets the CJK font.

Examples:
    >>> from analysis.plots import save_figure, speaker_color
    >>> speaker_color("kaiming-he")
    '#1f77b4'

"""

from analysis.plots.style import (
    cjk_font_path,
    provenance,
    save_figure,
    save_html,
    speaker_color,
    subplots,
    use_cjk_font,
    use_speakers,
)

__all__ = ["cjk_font_path", "provenance", "save_figure", "save_html", "speaker_color", "subplots", "use_cjk_font",
           "use_speakers"]
