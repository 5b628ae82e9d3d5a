"""Lay out the forty-interview development corpus as a study folder a user would make.

The five study articles (``data/raw``), the six of ``../shared/formats`` and the 31 of
``../shared/corpus_more`` go into ``DEST/data/raw`` with one ``sources.csv`` row each, built from
the manifests the way a user would type it (interviewee and interviewer as free text). The files
are copied byte for byte; nothing in the project is touched. Then ``make report CORPUS=DEST``
builds the whole site for that folder.

Run as ``python -m bench.forty DEST [--shared ../shared]``.

Examples:
    >>> row = {"file": "a-b-2024.md", "title": "T", "outlet": "O", "published": "", "interviewee": "甲",
    ...        "interviewer": "乙", "notes": "n"}
    >>> source_row(row)["doc_id"]
    'a-b-2024'

"""

from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path

from analysis.config import PROJECT_ROOT, RAW_DIR

SHARED = PROJECT_ROOT.parent / "shared"
FIELDS = ("source_file", "doc_id", "title", "outlet", "republished_by", "published", "url", "interviewee",
          "interviewer", "format_notes")
SETS = ("formats", "corpus_more")


def source_row(manifest_row: dict[str, str]) -> dict[str, str]:
    """One ``sources.csv`` row for a manifest row (doc_id = the file's stem)."""
    name = manifest_row["file"]
    return {
        "source_file": name,
        "doc_id": Path(name).stem,
        "title": manifest_row.get("title", ""),
        "outlet": manifest_row.get("outlet", ""),
        "republished_by": "",
        "published": manifest_row.get("published", ""),
        "url": "",
        "interviewee": manifest_row.get("interviewee", ""),
        "interviewer": manifest_row.get("interviewer", ""),
        "format_notes": manifest_row.get("notes", ""),
    }


def lay_out(dest: Path, shared: Path = SHARED, sets: tuple[str, ...] = SETS) -> Path:
    """Write ``dest/data/raw``: the study's five articles plus every manifest row of ``sets``; return the folder."""
    raw = Path(dest) / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    with (RAW_DIR / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = [{k: r.get(k, "") for k in FIELDS} for r in csv.DictReader(handle)]
    for name in sets:
        folder = shared / name
        with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
            rows += [source_row(r) for r in csv.DictReader(handle)]
    for row in rows:
        origin = RAW_DIR if (RAW_DIR / row["source_file"]).exists() else None
        for name in sets:
            if origin is None and (shared / name / row["source_file"]).exists():
                origin = shared / name
        if origin is None:
            raise FileNotFoundError(f"{row['source_file']} is in a manifest but not on disk")
        shutil.copyfile(origin / row["source_file"], raw / row["source_file"])
    with (raw / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return raw.parent.parent


def main() -> None:
    """Command line: lay out the forty-interview folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args()
    folder = lay_out(args.dest, args.shared)
    print(f"{len(list((folder / 'data' / 'raw').glob('*'))) - 1} articles in {folder / 'data' / 'raw'}")


if __name__ == "__main__":
    main()
