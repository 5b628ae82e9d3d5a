"""Viewpoints: which themes each guest talks about, his representative quotes, who sounds like whom.

Modules: ``themes`` (taxonomy and multi-label assignment of sentences), ``quotes``
(representative statements with provenance), ``similarity`` (speaker × speaker),
``stance_codes`` (coded positions on the codebook's propositions, with κ), ``stance_axes`` (an automatic
embedding baseline for positions), ``claims`` (readings backed by
quotes found in the data) and ``calibration`` (how the scoring's settings were chosen).

Examples:
    >>> from analysis.viewpoints import load_themes
    >>> "scaling" in load_themes().id.tolist()
    True

"""

from analysis.viewpoints.quotations import quotes
from analysis.viewpoints.stance_codes import stances
from analysis.viewpoints.themes import coverage, load_themes, theme_assignments

__all__ = ["coverage", "load_themes", "quotes", "stances", "theme_assignments"]
