"""Reported speech: whose view a sentence states (analysis.corpus.holders), on cases written here."""

from __future__ import annotations

import pytest

from analysis.corpus.holders import agreement, holders


@pytest.mark.parametrize(("sentence", "holder"), [
    ("我认为规模不是一切。", "yubei-chen"),
    ("Yann可能真正想说的是世界模型。", "yann-lecun"),
    ("LeCun 一直相信自监督学习。", "yann-lecun"),
    ("很多人会告诉你,规模就是一切。", "others"),
    ("大多数人认为这是不可能的。", "others"),
    ("一般认为模型越大越好。", "others"),
    ("另一种观点是,认知只是符号操作。", "others"),
    ("阿贝尔曾说,高斯就像一只狐狸。", "person-阿贝尔"),
    ("马老师认为要有白盒模型。", "yi-ma"),
    ("但 GPT-4 会告诉你,它们的规模不同。", "source-gpt-4"),
    ("Sutton之前写了一篇博客里面曾提到,计算最重要。", "richard-sutton"),
])  # fmt: skip
def test_one_sentence(sentence, holder):
    assert holders([sentence], "yubei-chen") == [holder]


@pytest.mark.parametrize("sentence", [
    "我跟他说这个方法行不通。",  # the speaker talking to him
    "这就是大家都想要的那种学生。",  # a collective in a relative clause describes
    "我曾经认为我们会在很久以后才做到。",  # his own past belief is his
    "我们发现这个模型的泛化很好。",
    "Transformer 说明了注意力的作用。",  # a technical term is not a person
])  # fmt: skip
def test_the_speakers_own_sentences_stay_his(sentence):
    assert holders([sentence], "kaiming-he") == ["kaiming-he"]


def test_a_pronoun_takes_the_last_person_named_in_the_turn():
    turn = ["我跟 Yann 合作了很多年。", "他会认为只是堆数据是不够的。", "但我觉得数据仍然重要。"]
    assert holders(turn, "yubei-chen") == ["yubei-chen", "yann-lecun", "yubei-chen"]


def test_a_pronoun_with_nobody_named_is_others():
    assert holders(["他认为这行不通。"], "geoffrey-hinton") == ["others"]


def test_a_quotation_continues_until_it_closes():
    turn = ["然后 Ilya 说:「现在怎么样?", "我们应该做得更大。」", "我同意了。"]
    assert holders(turn, "geoffrey-hinton") == ["ilya-sutskever", "ilya-sutskever", "geoffrey-hinton"]


def test_a_point_of_view_frame_runs_until_the_speaker_speaks_for_himself():
    turn = ["如果你拿Yann的观点来看的话,结构有不同的层次。", "低层次的结构像噪声。", "高层次的结构很难学到。",
            "但我觉得这个说法不完全对。"]  # fmt: skip
    assert holders(turn, "yubei-chen") == ["yann-lecun"] * 3 + ["yubei-chen"]


def test_the_speaker_named_as_subject_is_his_own_view():
    assert holders(["何恺明认为数据很重要。"], "kaiming-he") == ["kaiming-he"]


def test_sentences_carry_a_holder_and_narration_is_the_narrators(corpus):
    sentences = corpus.sentences
    assert sentences.holder.notna().all()
    narration = sentences[sentences.role == "narrator"]
    assert (narration.holder == narration.speaker).all()


def test_detector_agrees_with_the_hand_annotation_better_than_calling_everything_own(corpus):
    measured = agreement(corpus.sentences)
    assert measured["n_text_changed"] == 0
    assert measured["precision"] > 0.7 and measured["recall"] > 0.6
