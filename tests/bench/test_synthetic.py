"""The synthetic-corpus generator: valid raw folders whose parse matches the real corpus's."""

from __future__ import annotations

import random
import warnings

import pandas as pd
import pytest

import analysis
from analysis.corpus.build import build_corpus
from analysis.corpus.sources import REQUIRED_COLUMNS, read_sources
from bench.synthetic import perturb_line, synthesize


@pytest.fixture(scope="module")
def two_x(tmp_path_factory):
    folder = tmp_path_factory.mktemp("syn2x")
    rows = synthesize(folder, 2, seed=7)
    return folder, rows


def test_generator_writes_n_articles_and_a_valid_sources_csv(two_x):
    folder, rows = two_x
    real = analysis.load_corpus().documents
    assert len(rows) == 2 * len(real)
    table = read_sources(folder)  # raises on a missing column, duplicate id or unlisted file
    assert set(REQUIRED_COLUMNS) <= set(table.columns)
    assert table.doc_id.is_unique
    assert len(list(folder.glob("*.txt"))) == len(rows)


def test_generator_is_deterministic(two_x, tmp_path):
    _, rows = two_x
    again = synthesize(tmp_path, 2, seed=7)
    assert [r["source_file"] for r in again] == [r["source_file"] for r in rows]


def test_2x_corpus_parses_like_the_real_one(two_x):
    folder, _ = two_x
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = build_corpus(folder)
    real = analysis.load_corpus()
    assert len(corpus.documents) == 2 * len(real.documents)
    turns = corpus.turns
    guests = turns[turns.role == "guest"]
    per_doc = guests.groupby("doc_id").text.apply(lambda s: (s.str.strip() != "").all())
    assert per_doc.reindex(corpus.documents.doc_id).fillna(False).all()  # every doc's guest turns are non-empty
    origin = corpus.documents.doc_id.str.replace(r"-s\d{4}$", "", regex=True)
    expected = real.documents.set_index("doc_id").obfuscation
    assert (corpus.documents.obfuscation.fillna("") == origin.map(expected).fillna("")).all()  # spun stay spun
    got = turns.assign(src=turns.doc_id.str.replace(r"-s\d{4}$", "", regex=True)).groupby(["src", "role"]).size()
    want = real.turns.groupby(["doc_id", "role"]).size() * 2
    pd.testing.assert_series_equal(got, want.rename_axis(["src", "role"]), check_names=False)


def test_perturb_keeps_the_label_and_changes_the_line():
    line = "何恺明:数据很重要。模型也重要。泛化更重要。"
    out = {perturb_line(line, random.Random(i), ["别的句子。"]) for i in range(20)}
    assert all(o.lstrip("\u3000").startswith("何恺明:") for o in out)
    assert line not in out and len(out) > 5
