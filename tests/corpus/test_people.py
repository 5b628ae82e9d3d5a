"""One speaker resolver (analysis.corpus.people): ids, names and aliases; unknown names say what is known."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.corpus.people import People, resolve_speaker


@pytest.mark.parametrize("name", ["geoffrey-hinton", "Hinton", "Geoffrey Hinton", "geoffrey hinton", "辛顿", "杰弗里·辛顿"])
def test_every_name_of_hinton_resolves(corpus, name):
    assert resolve_speaker(name, corpus) == "geoffrey-hinton"


def test_an_unknown_name_names_the_closest_and_the_known_speakers(corpus):
    with pytest.raises(ValueError, match=r"closest: '何凯明' \(kaiming-he\).*Known speakers: .*liwei-wang \(王立威"):
        resolve_speaker("何凯铭", corpus)
    with pytest.raises(TypeError, match="a speaker is a name or an id"):
        resolve_speaker(3, corpus)


def test_a_name_two_speakers_share_is_an_error_naming_both():
    people = People.from_tables(pd.DataFrame({"speaker": ["a-li", "b-li"], "name_zh": ["李一", "李二"],
                                              "name_en": ["Li", "Li"], "aliases": ["", ""]}))  # fmt: skip
    with pytest.raises(ValueError, match="several speakers: a-li, b-li"):
        people.resolve("Li")


def test_a_new_guest_answers_to_the_names_sources_csv_gives_him():
    speakers = pd.DataFrame({"speaker": ["jensen-huang"], "name_zh": [None], "name_en": ["Jensen Huang"], "aliases": [""]})
    documents = pd.DataFrame({"doc_id": ["d"], "interviewee": ["黄仁勋 Jensen Huang (NVIDIA CEO)"], "interviewer": ["Q"],
                              "outlet": ["x"], "title": ["t"]})  # fmt: skip
    people = People.from_tables(speakers, documents)
    assert [people.resolve(n) for n in ("黄仁勋", "Jensen", "huang")] == ["jensen-huang"] * 3


def test_keyness_one_vs_rest_takes_names_and_says_which_columns_exist():
    counts = pd.DataFrame({"kaiming-he": [5, 1], "liwei-wang": [1, 5]}, index=pd.Index(["泛化", "蒸馏"], name="term"))
    assert set(analysis.keyness_one_vs_rest(counts, speakers=["何恺明"]).speaker) == {"kaiming-he"}
    with pytest.raises(ValueError, match=r"not among the columns of counts: \['kaiming-he', 'liwei-wang'\]"):
        analysis.keyness_one_vs_rest(counts, speakers=["辛顿"])
    with pytest.raises(TypeError, match="count matrix"):
        analysis.keyness_one_vs_rest(counts.to_dict())


def test_coverage_of_assigned_pairs_says_what_to_pass():
    assigned = pd.DataFrame({"speaker": ["a"], "theme": ["x"], "text": ["句子"]})
    with pytest.raises(TypeError, match=r"call coverage\(\) for the project's"):
        analysis.coverage(assigned)


def test_corpus_repr_is_short_and_completes(corpus):
    assert len(repr(corpus)) < 2000 and "turns" in repr(corpus) and "geoffrey-hinton" in repr(corpus)
    assert "<table>" in corpus._repr_html_()
    assert {"documents", "lines", "turns", "sentences", "speakers", "save"} <= set(dir(corpus))
    with pytest.raises(AttributeError, match="a Corpus has the tables"):
        _ = corpus.turn
