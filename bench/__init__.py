"""The benchmark: synthetic corpora (``bench.synthetic``) and stage timings (``bench.run``), outside the package.

Run from the project root: ``python -m bench.run`` (``make bench``).
"""
