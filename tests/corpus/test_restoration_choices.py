"""Evidence behind restoration choices (substitutions/dongtanzhu.md), checked on the raw corpus."""

from __future__ import annotations

from analysis.terms.concepts import concept_tokens


def test_the_tool_rewrites_both_yiyi_and_yisi_in_001(corpus):
    raw = corpus.lines.query("doc_id == 'yubei-chen-guigu101'").raw_text.str.cat()
    # neither original survives unspun: 意思 only inside 好意思 (= spun 美), 意义 never
    assert "意义" not in raw
    assert raw.count("意思") == raw.count("好意思")
    assert raw.count("元真谛") == 8


def test_yuan_zhendi_is_restored_as_meta_meaning(corpus):
    chen = corpus.turns.query("doc_id == 'yubei-chen-guigu101'").text.str.cat()
    assert chen.count("元意义") == 8 and "元意思" not in chen
    tokens = concept_tokens(chen)
    assert tokens.count("元意义") == 8
    assert "元" not in tokens
