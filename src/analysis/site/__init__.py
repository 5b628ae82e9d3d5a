"""The shareable report site built from the executed notebooks (``make report``); ``reports/`` is the whole site.

- :mod:`analysis.site.render`: one page per notebook (nbconvert template ``templates/ai_voices``:
  code folded in ``<details>``, navigation, contents, commit and date, footer).
- :mod:`analysis.site.layout`: the security policy and the one script, contents, numbered figures
  and tables with their data links, the footer.
- :mod:`analysis.site.bundle`: every link kept inside ``reports/`` and percent-encoded; what a page
  links is copied in.
- :mod:`analysis.site.outputs`: warnings and progress output moved off the pages into ``logs/``.
- :mod:`analysis.site.sanitize`: outputs sanitised (bleach via nbconvert) and machine paths removed.
- :mod:`analysis.site.findings`: the index's findings, computed from the tables the notebooks saved.
- :mod:`analysis.site.index`: the front page.
- :mod:`analysis.site.raw`, :mod:`analysis.site.search`, :mod:`analysis.site.assemble`: the raw
  article pages, the search page, and the rest of the site (script, licence files, print page).
- :mod:`analysis.site.printable`: ``make pdf``.

:mod:`analysis.report` executes the notebooks and calls these.
"""
