"""The substitution engine on hand-made schemes, and the bundled schemes' detector."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.config import RAW_DIR
from analysis.corpus.deobfuscate import detect, load_scheme, read_scheme, scheme_names

HEADER = "spun\toriginal\tbefore\tafter\tmarker\tnote\n"


def _scheme(tmp_path: Path, rows: list[str]):
    path = tmp_path / "demo.tsv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return read_scheme(path)


def test_replacement_is_simultaneous(tmp_path):
    scheme = _scheme(tmp_path, ["主要\t重要\t\t\t0\t", "紧张\t主要\t\t\t0\t"])
    assert scheme.restore("紧张的结论很主要") == "主要的结论很重要"


def test_longest_match_wins(tmp_path):
    scheme = _scheme(tmp_path, ["模子\t模型\t\t\t0\t", "大模子\t大模型\t\t\t1\t", "讲话模子\t语言模型\t\t\t1\t"])
    assert scheme.restore("讲话模子和大模子都是模子") == "语言模型和大模型都是模型"


def test_context_rules_and_protective_entries(tmp_path):
    scheme = _scheme(tmp_path, ["天下\t世界\t封闭\t\t0\t", "包打天下\t包打天下\t\t\t0\tidiom stays", "生理\t心理\t\t成分\t0\t"])
    assert scheme.restore("机器学习不能包打天下") == "机器学习不能包打天下"
    assert scheme.restore("选择封闭天下问题") == "选择封闭世界问题"
    assert scheme.restore("天下太平") == "天下太平"
    assert scheme.restore("人的生理成分,生理学") == "人的心理成分,生理学"


def test_bad_table_row_names_file_and_line(tmp_path):
    with pytest.raises(ValueError, match=r"demo.tsv:3"):
        _scheme(tmp_path, ["甲\t乙\t\t\t0\t", "丙\t丁\t(\t\t0\t"])


def test_bundled_schemes_detect_their_articles_and_nothing_else():
    verdicts = {p.name[:3]: detect(p.read_text(encoding="utf-8")).scheme for p in sorted(RAW_DIR.glob("*.txt"))}
    assert verdicts == {"000": None, "001": "dongtanzhu", "002": "shaoguang", "003": None, "004": None}


@pytest.mark.parametrize("name", scheme_names())
def test_markers_never_occur_in_clean_articles(name):
    scheme = load_scheme(name)
    for path in ("000", "003", "004"):
        text = next(RAW_DIR.glob(f"{path}_*.txt")).read_text(encoding="utf-8")
        assert not scheme.marker_hits(text), (name, path)
