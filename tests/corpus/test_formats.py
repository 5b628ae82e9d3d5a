"""The six development articles in other formats (``../shared/formats``) load with guests and hosts (issue 15)."""

from __future__ import annotations

import csv
import re
import shutil
import warnings
from pathlib import Path

import pytest

import analysis
from analysis.config import PROJECT_ROOT
from analysis.corpus.__main__ import main

FORMATS = PROJECT_ROOT.parent / "shared" / "formats"
#: guests and hosts each article must come out with (ids: Latin slugs or pinyin of the sources.csv names)
EXPECTED = {
    "musk-ces2025-web3skycity": ({"elon-musk"}, {"musk-ces2025-web3skycity-host"}),
    "zhanglu-fusionfund-latetalk": ({"zhang-lu"}, {"latetalk"}),
    "tsaichungtsin-wgs2025-katzenberg": ({"joe-tsai"}, {"jeffrey-katzenberg"}),
    "o1-roundtable-founderpark": ({"yang-zhilin", "jiang-daxin", "zhu-jun"}, {"zhang-peng"}),
    "lidahai-linfan-tencentnews": ({"li-dahai"}, {"lin-fan", "ai-guang-nian"}),
    "jensenhuang-dwarkesh-bilingual": ({"jensen-huang"}, {"dwarkesh-patel"}),
}


@pytest.fixture(scope="module")
def formats_dir(tmp_path_factory) -> Path:
    """A raw folder of the six articles, with a sources.csv made from the manifest's fields as they are."""
    if not (FORMATS / "manifest.csv").exists():
        pytest.skip(f"development articles not found at {FORMATS}")
    folder = tmp_path_factory.mktemp("formats")
    with (FORMATS / "manifest.csv").open(encoding="utf-8") as fh:
        manifest = list(csv.DictReader(fh))
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source_file", "doc_id", "title", "outlet", "published", "url", "interviewee", "interviewer"])
        for row in manifest:
            shutil.copy(FORMATS / row["file"], folder / row["file"])
            writer.writerow([row["file"], Path(row["file"]).stem, row["title"], row["outlet"], row["published"], "",
                             row["interviewee"], row["interviewer"]])
    return folder


@pytest.fixture(scope="module")
def loaded(formats_dir):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = analysis.load_corpus(formats_dir)
    return corpus, [str(w.message) for w in caught]


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_guests_and_hosts_are_recovered_and_guests_hold_most_of_the_text(loaded, doc_id):
    corpus, _ = loaded
    turns = corpus.turns[corpus.turns.doc_id == doc_id]
    guests, hosts = EXPECTED[doc_id]
    assert set(turns[turns.role == "guest"].speaker) == guests
    assert set(turns[turns.role == "host"].speaker) == hosts
    assert set(turns.role) <= {"guest", "host", "narrator"}
    spoken = turns[turns.role != "narrator"]
    assert spoken[spoken.role == "guest"].n_chars.sum() / spoken.n_chars.sum() > 0.6
    assert (turns.groupby("speaker").size()[list(guests | hosts)] >= 8).all()


def test_no_markdown_left_in_text_and_layout_dropped_with_a_reason(loaded):
    corpus, _ = loaded
    assert not corpus.turns.text.str.contains(r"\*\*|!\[|</?[a-z]+>|\]\(|^#|^> ", regex=True).any()
    lines = corpus.lines
    assert (lines.kept == lines.drop_reason.isna()).all()
    front = lines[lines.raw_text.str.match(r"^(title|date|summary|tags|widgets):")]
    assert len(front) and (front.kind == "frontmatter").all()
    images = lines[lines.raw_text.str.match(r"^\s*!\[")]
    assert len(images) and not images.kept.any()
    bold = lines[lines.kept & lines.raw_text.str.contains("**", regex=False)]
    assert bold.raw_text.str.contains("**", regex=False).all()  # raw_text keeps the marks


def test_ledger_has_one_row_per_raw_line(loaded, formats_dir):
    corpus, _ = loaded
    for doc in corpus.documents.itertuples():
        raw = (formats_dir / doc.source_file).read_text(encoding="utf-8").splitlines()
        assert corpus.lines[corpus.lines.doc_id == doc.doc_id].raw_text.tolist() == raw


def test_bilingual_turns_are_counted_once(loaded):
    corpus, _ = loaded
    doc = "jensenhuang-dwarkesh-bilingual"
    turns = corpus.turns[(corpus.turns.doc_id == doc) & (corpus.turns.role != "narrator")]
    latin_only = turns.text.map(lambda t: not re.search(r"[\u4e00-\u9fff]", t))
    assert not latin_only.any()
    lines = corpus.lines[corpus.lines.doc_id == doc]
    english = lines[lines.raw_text.str.startswith("**Jensen Huang**:")]
    assert len(english) > 50 and (english.kind == "translation").all()


def test_aliases_typos_and_outlet_labels(loaded):
    corpus, messages = loaded
    musk = corpus.turns[corpus.turns.doc_id == "musk-ces2025-web3skycity"]
    assert set(musk[musk.speaker == "elon-musk"].speaker_raw) == {"埃隆", "挨隆", "马斯克"}
    assert any("'挨隆' read as '埃隆'" in m for m in messages)
    lidahai = corpus.turns[corpus.turns.doc_id == "lidahai-linfan-tencentnews"]
    assert set(lidahai[lidahai.speaker_raw == "AI光年"].role) == {"host"}


def test_pseudo_labels_are_not_speakers(loaded):
    corpus, _ = loaded
    raw = set(corpus.turns.speaker_raw.dropna())
    assert not raw & {"Founder Park", "观点提炼", "中美差距", "自动驾驶"}


def test_every_role_decision_is_announced(loaded):
    corpus, messages = loaded
    for doc_id in EXPECTED:
        for speaker in set(corpus.turns[(corpus.turns.doc_id == doc_id) & (corpus.turns.role != "narrator")].speaker):
            assert any(m.startswith(f"{doc_id}: speaker {speaker!r}") and "has role" in m for m in messages), speaker


def test_speakers_table_lists_new_people_with_their_role(loaded):
    corpus, _ = loaded
    speakers = corpus.speakers.set_index("speaker")
    assert speakers.loc["elon-musk", "role"] == "guest" and not speakers.loc["elon-musk", "registered"]
    assert "挨隆" in speakers.loc["elon-musk", "aliases"].split("|")


def test_cli_prints_a_summary_per_document(formats_dir, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main([str(formats_dir)]) == 0
    out = capsys.readouterr().out
    for doc_id in EXPECTED:
        assert f"== {doc_id} " in out
    assert "sources.csv interviewee" in out and "inferred from the dialogue" in out and "warning:" in out


def test_cli_reports_a_bad_folder(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "no sources.csv" in capsys.readouterr().out


def test_first_markdown_heading_after_front_matter_is_a_section(loaded):
    corpus, _ = loaded
    turns = corpus.turns[corpus.turns.doc_id == "jensenhuang-dwarkesh-bilingual"]
    assert turns.section.iloc[0] == "AI与软件的商品化"


@pytest.mark.parametrize("pattern", ["AI", "模型", "我们", "数据"])
def test_search_rows_point_at_raw_lines_that_hold_the_pattern(loaded, pattern):
    import unicodedata

    corpus, _ = loaded
    rows = analysis.search(pattern, corpus=corpus)
    assert len(rows) and rows.doc_id.nunique() >= 3
    for row in rows.itertuples():
        raw = unicodedata.normalize("NFKC", row.raw_lines).casefold()
        assert pattern.casefold() in raw, (row.doc_id, row.line_start, row.text)
