import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import sentences
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


# Linear time (issue 16): `_in_url` rescanned the sentence for every comma, so a 5 MB line never finished.


def test_a_long_comma_run_splits_in_linear_time():
    text = ("我觉得这个方向很有意思，见 https://a.b/c?x=1,2 。" * 12_000)[:400_000]  # 400 KB on one line
    start = time.perf_counter()
    pieces = split_sentences(text)
    assert time.perf_counter() - start < 5  # about 0.05 s now; over 40 s before
    assert re.sub(r"\s", "", "".join(pieces)) == re.sub(r"\s", "", text)
    assert max(map(len, pieces)) <= sentences.MAX_CHARS


def test_a_comma_chained_answer_is_cut_before_its_connectives_not_mid_thought():
    text = ("是的,当然好,我第一次接触深度学习时,还是一个在多伦多大学的本科生,那时他带一门深度学习课,"
            "但我真的很喜欢他谈到训练网络的方式,他会用网络的智能这些词,我那时想,这听起来,当我们训练这些数字时会发生奇迹,"
            "不过那时候我没有了解很多细节,后来当我在读硕士时,我上了一门机器学习课,那时我第一次深入了解这些网络,"
            "所以我上了很多人工智能课。")  # fmt: skip
    pieces = split_sentences(text)
    assert "".join(pieces) == text and len(pieces) >= 3
    assert all(p.startswith(("是的", "但", "不过", "后来", "那时", "所以")) for p in pieces), pieces
    assert not any(p.endswith("这听起来,") for p in pieces)  # the greedy 150-character cut fell there


def test_a_piece_without_any_comma_is_cut_by_length():
    pieces = split_sentences("字" * 10_000)
    assert "".join(pieces) == "字" * 10_000 and max(map(len, pieces)) == sentences.MAX_CHARS


def _reference(text: str, max_chars: int) -> list[str]:
    """The splitter as it was before the linear rewrite (a rescan per comma), plus the length cut, as an oracle."""

    def in_url(t: str, pos: int) -> bool:
        return any(m.start() <= pos < m.end() for m in sentences._URL.finditer(t))

    def pack(sentence: str, cuts: list[int]) -> list[str]:
        pieces, start, last = [], 0, 0
        for cut in [*cuts, len(sentence)]:
            if cut - start > max_chars and last > start:
                pieces.append(sentence[start:last])
                start = last
            last = cut
        pieces.append(sentence[start:])
        return pieces

    def clauses(sentence: str) -> list[str]:
        if len(sentence) <= max_chars:
            return [sentence]
        cuts = [m.end() for m in sentences._CLAUSE.finditer(sentence) if not in_url(sentence, m.start())]
        parts, rest, done = [], sentence, 0  # cut before each connective, on the text left over
        for cut in cuts:
            at = cut - done
            if sentences._CONNECTIVE.match(rest, at) and at >= sentences.MIN_PIECE and len(rest) - at >= sentences.MIN_PIECE:
                parts.append((rest[:at], [c - done for c in cuts if done < c < cut]))
                rest, done = rest[at:], cut
        parts.append((rest, [c - done for c in cuts if c > done]))
        pieces = [p for part, part_cuts in parts for p in pack(part, part_cuts)]
        return [p.strip() for p in pieces if p.strip()]

    def by_length(piece: str) -> list[str]:
        limit = sentences.HARD_LIMIT * max_chars
        return [piece] if len(piece) <= limit else [piece[i : i + max_chars] for i in range(0, len(piece), max_chars)]

    out, start = [], 0
    for m in sentences._BOUNDARY.finditer(text):
        if in_url(text, m.start()):
            continue
        out.append(text[start : m.end()])
        start = m.end()
    out.append(text[start:])
    pieces = [q for s in out if s.strip() for p in clauses(s.strip()) for q in by_length(p)]
    return [q.strip() for q in pieces if q.strip()]


PARTS = ["我们", "觉得", "，", ",", "；", "。", "?", "1,000", " https://a.b/c?d=1,2", "www.x.cn/,", "OK. Next", " ",
         "9.11", "”", "…", "字" * 30, "所以", "但是", " 然后"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PARTS), max_size=80), st.integers(5, 40))
def test_same_sentences_as_the_rescanning_splitter(parts, max_chars):
    text = "".join(parts)
    assert split_sentences(text, max_chars) == _reference(text, max_chars)
