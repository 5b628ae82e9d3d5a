from analysis.corpus.sentences import split_sentences


def test_quotes_stay_with_their_sentence():
    assert split_sentences("他说:“好。”然后走了。") == ["他说:“好。”", "然后走了。"]


def test_decimals_urls_and_english_are_not_cut():
    text = "9.11 比 9.9 大吗?见 https://a.b/c?t=1 。This is GPT-4. It works!好的"
    assert split_sentences(text) == ["9.11 比 9.9 大吗?", "见 https://a.b/c?t=1 。", "This is GPT-4.", "It works!", "好的"]


def test_runs_of_terminators_count_once():
    assert split_sentences("什么???就连他都觉得难?") == ["什么???", "就连他都觉得难?"]


def test_long_comma_runs_are_cut_at_clauses_but_numbers_are_not():
    text = "，".join(["我觉得这个方向很有意思"] * 30) + ",大约有1,000个类别。"
    pieces = split_sentences(text, max_chars=60)
    assert all(len(p) <= 60 for p in pieces)
    assert "".join(pieces) == text
    assert "1,000" in pieces[-1]
