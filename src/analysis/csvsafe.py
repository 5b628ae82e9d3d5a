"""The one CSV writer of the project: atomic, UTF-8 with BOM, and no cell a spreadsheet runs as a formula.

Every CSV the project writes (the tables behind the figures, ``reports/*.csv``, the tables a
reader downloads from the site) goes through :func:`write_csv`. Text can come from the web
(a ``sources.csv`` row, a scraped quote), so a text cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is prefixed with a single quote (OWASP, "CSV Injection"): Excel,
LibreOffice and Google Sheets then show it as text instead of running it. Numbers are left as
numbers (a negative number is not a formula). The byte-order mark makes Excel read the file as
UTF-8, so Chinese is not garbled; pandas and Python's ``csv`` module read it as usual
(``encoding="utf-8-sig"``; ``pd.read_csv`` drops it by itself).

Examples:
    >>> neutralise("=HYPERLINK(1)"), neutralise("@SUM(A1)")
    ("'=HYPERLINK(1)", "'@SUM(A1)")
    >>> neutralise("何恺明"), neutralise(-1.5)
    ('何恺明', -1.5)

"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from analysis.cache import atomic_write

#: Characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _protected(text: str) -> bool:
    """Whether ``text`` needs a leading ``'``: it starts a formula, or is itself ``'`` + a formula start."""
    return text.startswith(FORMULA_START) or (text.startswith("'") and text[1:].startswith(FORMULA_START))


def neutralise(value: object) -> object:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula (undone by :func:`restore`)."""
    if isinstance(value, str) and _protected(value):
        return "'" + value
    return value


def restore(value: object) -> object:
    """The text :func:`neutralise` was given: its one added ``'`` removed.

    Examples:
        >>> [restore(neutralise(v)) for v in ("=1+1", "'=x", "'plain", "-", "ok")]
        ['=1+1', "'=x", "'plain", '-', 'ok']

    """
    if isinstance(value, str) and value.startswith("'") and _protected(value[1:]):
        return value[1:]
    return value


def read_csv(path: Path, **options: object) -> pd.DataFrame:
    """A CSV written by :func:`write_csv` (or any UTF-8 CSV), its text cells as they were before neutralising."""
    frame = pd.read_csv(path, encoding="utf-8-sig", **options)
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(restore)
    return frame


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are neutralised (numbers untouched)."""
    safe = frame.copy()
    for column in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_datetime64_any_dtype(safe[column])):
            safe[column] = safe[column].astype(object).map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def write_csv(path: Path, frame: pd.DataFrame, index: bool = False) -> Path:
    """Write ``frame`` to ``path`` atomically as UTF-8 CSV with a BOM, every text cell neutralised.

    Examples:
        >>> import tempfile
        >>> out = write_csv(Path(tempfile.mkdtemp()) / "t.csv", pd.DataFrame({"id": ["@x", "ok"], "n": [-1, 2]}))
        >>> out.read_bytes().decode("utf-8-sig").splitlines()
        ['id,n', "'@x,-1", 'ok,2']

    """
    safe = safe_frame(frame.reset_index() if index else frame)
    return atomic_write(Path(path), lambda tmp: safe.to_csv(tmp, index=False, encoding="utf-8-sig"))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def copy_csv(source: Path, target: Path) -> Path:
    r"""Copy the CSV ``source`` to ``target`` through the same rule: UTF-8 with BOM, no formula cell.

    Cells are copied as text (a number keeps its digits); a text cell that starts a formula is
    neutralised, so even a file not written by :func:`write_csv` reaches a reader safe.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.csv").write_text("id,n\n=1+1,-2\n", encoding="utf-8")
        >>> copy_csv(folder / "a.csv", folder / "b.csv").read_text(encoding="utf-8-sig").splitlines()
        ['id,n', "'=1+1,-2"]

    """
    with Path(source).open(encoding="utf-8-sig", newline="") as fh:
        rows = [[c if _is_number(c) else neutralise(c) for c in row] for row in csv.reader(fh)]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    data = "\ufeff" + buffer.getvalue()
    return atomic_write(Path(target), lambda tmp: tmp.write_text(data, encoding="utf-8", newline=""))
