"""The shareable report site built from the executed notebooks (``make report``).

- :mod:`analysis.site.render`: one page per notebook (nbconvert template ``templates/ai_voices``:
  code folded in ``<details>``, navigation, commit and date, no script).
- :mod:`analysis.site.sanitize`: outputs sanitised (bleach via nbconvert) and machine paths removed.
- :mod:`analysis.site.findings`: the index's findings, computed from the tables the notebooks saved.
- :mod:`analysis.site.index`: the front page.

:mod:`analysis.report` executes the notebooks and calls these.
"""
