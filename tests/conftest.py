"""Shared fixtures: the project corpus (built once) and the gold development set."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import analysis
from analysis.config import PROJECT_ROOT

GOLD_DIR = PROJECT_ROOT.parent / "shared" / "gold"

#: A two-question Q&A with 何恺明, for tests that need a small corpus of their own.
QA_ARTICLE = "\n".join([
    "问答实录", "",
    "Q:您怎么选择研究课题?", "",
    "何恺明:我认为选择课题最重要的标准是你对问题的好奇心和热情,而不是能不能发表论文。", "",
    "Q:数据会越来越多吗?", "",
    "何恺明:增加数据量和模型规模仍然是减少过拟合最有效的方法,但数据的回报可能会递减。", "",
])  # fmt: skip


def gold(name: str) -> list[dict[str, str]]:
    """Rows of a gold CSV (skips the test when the gold set is not beside the project)."""
    path = GOLD_DIR / name
    if not path.exists():
        pytest.skip(f"gold set not found at {GOLD_DIR}")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def corpus() -> analysis.Corpus:
    return analysis.load_corpus()


def write_corpus(folder: Path, articles: dict[str, str | bytes], rows: list[dict[str, str]] | None = None) -> Path:
    """Write a small raw folder: article files plus a sources.csv with one row per article."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in articles.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    rows = rows if rows is not None else [
        {"source_file": name, "doc_id": Path(name).stem, "title": "标题", "outlet": "测试", "published": "",
         "url": "", "interviewee": "何恺明", "interviewer": "Q"}
        for name in articles
    ]
    columns = list(rows[0]) if rows else ["source_file", "doc_id"]
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return folder
