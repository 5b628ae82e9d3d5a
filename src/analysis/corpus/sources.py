"""Read a raw folder: ``sources.csv`` plus one text file per article, decoded strictly.

Examples:
    >>> from analysis.config import RAW_DIR
    >>> docs = read_sources(RAW_DIR)
    >>> raw = read_raw(RAW_DIR / docs.source_file[0])
    >>> raw.encoding
    'utf-8'

"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

REQUIRED_COLUMNS = ["source_file", "doc_id", "title", "outlet", "published", "url", "interviewee", "interviewer"]
ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".srt"}
_FALLBACK_ENCODINGS = ["gb18030", "big5", "utf_16"]
#: At most this many offending rows are named in one message; the rest are counted.
MAX_LISTED = 20


class SourceError(ValueError):
    """A raw folder that cannot be read as it is; the message says what to fix."""


def few(items: list[object], limit: int = MAX_LISTED) -> str:
    """The first ``limit`` of ``items``, comma-separated, and how many more there are.

    Examples:
        >>> few([2, 3]), few(list(range(25)), limit=2)
        ('2, 3', '0, 1 … and 23 more (25 in all)')

    """
    shown = ", ".join(str(i) for i in items[:limit])
    return shown if len(items) <= limit else f"{shown} … and {len(items) - limit:,} more ({len(items):,} in all)"


@dataclass(frozen=True)
class RawText:
    """One decoded raw file."""

    path: Path
    text: str
    encoding: str
    sha256: str


def read_sources(raw_dir: Path) -> pd.DataFrame:
    """Read and validate ``sources.csv``, and check it against the article files in ``raw_dir``.

    Raises:
        SourceError: naming the line of ``sources.csv`` (or the file) and what to fix, for a
            missing, empty, header-only, non-UTF-8 or ragged table, and for bad rows.

    """
    raw_dir = Path(raw_dir)
    path = raw_dir / "sources.csv"
    if not path.exists():
        raise SourceError(f"no sources.csv in {raw_dir}: add one with the columns {', '.join(REQUIRED_COLUMNS)}")
    table = _parse_table(path)
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise SourceError(f"{path}: missing column(s) {', '.join(missing)}; required: {', '.join(REQUIRED_COLUMNS)}")
    lines = table.pop("_line")
    for col in ("doc_id", "source_file"):
        empty = lines[table[col].str.strip() == ""].tolist()
        if empty:
            raise SourceError(f"{path}: empty {col} on line(s) {few(empty)}; fill it in")
        dup = table[col][table[col].duplicated()].tolist()
        if dup:
            raise SourceError(f"{path}: duplicate {col} {few(dup)}; each article needs its own row")
    shifted = [f"{line}: source_file {name!r}" for line, name in zip(lines, table.source_file, strict=True)
               if Path(name).suffix.lower() not in ARTICLE_SUFFIXES]  # fmt: skip
    if shifted:
        raise SourceError(
            f"{path} line {few(shifted)} is not an article file ({', '.join(sorted(ARTICLE_SUFFIXES))}); "
            "are the columns shifted? Quote any field that contains a comma"
        )
    dates = pd.to_datetime(table["published"].replace("", None), format="%Y-%m-%d", errors="coerce")
    bad = (dates.isna() & (table["published"] != "")).to_numpy()
    if bad.any():
        wrong = [f"{line}: bad published date {date!r} for {doc}" for line, date, doc in
                 zip(lines[bad], table.published[bad], table.doc_id[bad], strict=True)]  # fmt: skip
        raise SourceError(f"{path} line {few(wrong)}; use YYYY-MM-DD or leave it empty")
    table["published"] = dates.dt.date
    _check_files(raw_dir, table)
    return table.reset_index(drop=True)


def _parse_table(path: Path) -> pd.DataFrame:
    """``sources.csv`` as strings, with the file line of each row in ``_line``; every malformed case is a SourceError."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:200]:
        raise SourceError(f"{path} is UTF-16; re-save it as UTF-8 (comma-separated)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: byte {exc.start} is not UTF-8; re-save the table as UTF-8") from exc
    if not text.strip():
        raise SourceError(f"{path} is empty; write a header line ({','.join(REQUIRED_COLUMNS)}) and one row per article")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        rows, ragged = [], []
        for row in reader:
            if not any(field.strip() for field in row):
                continue
            if len(row) != len(header):
                ragged.append(f"{reader.line_num}: {len(row)} fields")
            rows.append([*row, reader.line_num])
    except csv.Error as exc:
        raise SourceError(f"{path} line {reader.line_num}: {exc}; fix the quoting of that line") from None
    if ragged:
        raise SourceError(
            f"{path} line {few(ragged)} where the header has {len(header)}; "
            "quote any field that contains a comma and give every row the header's columns"
        )
    if not rows:
        raise SourceError(f"{path} has a header but no rows: the corpus would be empty; add one row per article")
    return pd.DataFrame(rows, columns=[*header, "_line"]).astype({c: str for c in header})


def _check_files(raw_dir: Path, table: pd.DataFrame) -> None:
    root = raw_dir.resolve()
    for name in table.source_file:
        path = raw_dir / name
        if path.is_symlink():
            raise SourceError(f"{path} is a symbolic link; copy the article itself into {raw_dir} instead")
        if root not in path.resolve().parents:
            raise SourceError(f"{name}: the path resolves outside {raw_dir}; put the article file in that folder")
    files = {p.name for p in raw_dir.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES}
    listed = set(table.source_file)
    unlisted, absent = sorted(files - listed), sorted(listed - files)
    if unlisted or absent:
        parts = []
        if unlisted:
            parts.append(f"file(s) with no row in sources.csv: {few(unlisted)}")
        if absent:
            parts.append(f"row(s) in sources.csv with no file: {few(absent)}")
        raise SourceError(
            f"{raw_dir}: " + "; ".join(parts) + f". Each article needs a file and a row with {', '.join(REQUIRED_COLUMNS)}"
        )


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode raw bytes strictly: UTF-8 (with or without BOM), else GB18030, Big5 or UTF-16.

    Raises:
        SourceError: naming the file and the byte offset when no encoding decodes it whole.

    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig", name), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        guess = from_bytes(data, cp_isolation=_FALLBACK_ENCODINGS).best()
        if guess is not None:
            encoding = guess.encoding.replace("_", "-")
            try:
                return data.decode(guess.encoding), encoding
            except UnicodeDecodeError:
                pass
        raise SourceError(
            f"{name}: cannot decode byte {utf8_error.start} (0x{data[utf8_error.start]:02x}) as UTF-8, "
            f"GB18030, Big5 or UTF-16; re-save the file as UTF-8"
        ) from utf8_error


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name}: undecodable byte at offset {exc.start} for {encoding}; re-save as UTF-8") from exc


def read_raw(path: Path) -> RawText:
    """Read one raw article; the hash is of the bytes as stored. A symbolic link is refused."""
    if Path(path).is_symlink():
        raise SourceError(f"{path} is a symbolic link; copy the article itself into the raw folder instead")
    data = Path(path).read_bytes()
    text, encoding = decode(data, str(path))
    return RawText(Path(path), text, encoding, hashlib.sha256(data).hexdigest())
