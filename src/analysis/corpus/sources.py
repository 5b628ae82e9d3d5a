"""Read a raw folder: ``sources.csv`` plus one text file per article, decoded strictly.

Examples:
    >>> from analysis.config import RAW_DIR
    >>> docs = read_sources(RAW_DIR)
    >>> raw = read_raw(RAW_DIR / docs.source_file[0])
    >>> raw.encoding
    'utf-8'

"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

REQUIRED_COLUMNS = ["source_file", "doc_id", "title", "outlet", "published", "url", "interviewee", "interviewer"]
ARTICLE_SUFFIXES = {".txt", ".md"}
_FALLBACK_ENCODINGS = ["gb18030", "big5", "utf_16"]


class SourceError(ValueError):
    """A raw folder that cannot be read as it is; the message says what to fix."""


@dataclass(frozen=True)
class RawText:
    """One decoded raw file."""

    path: Path
    text: str
    encoding: str
    sha256: str


def read_sources(raw_dir: Path) -> pd.DataFrame:
    """Read and validate ``sources.csv``, and check it against the article files in ``raw_dir``."""
    raw_dir = Path(raw_dir)
    path = raw_dir / "sources.csv"
    if not path.exists():
        raise SourceError(f"no sources.csv in {raw_dir}: add one with the columns {', '.join(REQUIRED_COLUMNS)}")
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise SourceError(f"{path}: missing column(s) {', '.join(missing)}; required: {', '.join(REQUIRED_COLUMNS)}")
    for col in ("doc_id", "source_file"):
        empty = table.index[table[col].str.strip() == ""].tolist()
        if empty:
            raise SourceError(f"{path}: empty {col} in data row(s) {[i + 1 for i in empty]}")
        dup = table[col][table[col].duplicated()].tolist()
        if dup:
            raise SourceError(f"{path}: duplicate {col} {', '.join(dup)}; each article needs its own row")
    dates = pd.to_datetime(table["published"].replace("", None), format="%Y-%m-%d", errors="coerce")
    bad = table.loc[dates.isna() & (table["published"] != ""), ["doc_id", "published"]]
    if len(bad):
        row = bad.iloc[0]
        raise SourceError(f"{path}: bad published date {row.published!r} for {row.doc_id}; use YYYY-MM-DD or leave it empty")
    table["published"] = dates.dt.date
    _check_files(raw_dir, table)
    return table.reset_index(drop=True)


def _check_files(raw_dir: Path, table: pd.DataFrame) -> None:
    files = {p.name for p in raw_dir.iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES}
    listed = set(table.source_file)
    unlisted, absent = sorted(files - listed), sorted(listed - files)
    if unlisted or absent:
        parts = []
        if unlisted:
            parts.append(f"file(s) with no row in sources.csv: {', '.join(unlisted)}")
        if absent:
            parts.append(f"row(s) in sources.csv with no file: {', '.join(absent)}")
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
    """Read one raw article; the hash is of the bytes as stored."""
    data = Path(path).read_bytes()
    text, encoding = decode(data, str(path))
    return RawText(Path(path), text, encoding, hashlib.sha256(data).hexdigest())
