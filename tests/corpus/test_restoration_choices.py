"""Restoration choices decided on evidence (see substitutions/dongtanzhu.md): regression tests on the corpus."""

from __future__ import annotations


def test_yuan_zhendi_is_restored_as_meta_meaning(corpus):
    chen = corpus.turns.query("doc_id == 'yubei-chen-guigu101'").text.str.cat()
    raw = corpus.lines.query("doc_id == 'yubei-chen-guigu101'").raw_text.str.cat()
    assert raw.count("元真谛") == 8
    assert chen.count("元意义") == 8 and "元意思" not in chen
    # the default reading of 真谛 is unchanged elsewhere: 什么真谛呢 is 什么意思呢
    assert "什么意思呢" in chen
