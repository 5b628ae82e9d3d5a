"""Translators' and editors' notes, stage directions and glosses: kept apart from the speaker's words.

An article's text carries words nobody said: ``（注：…）``, ``[译注：…]``, ``（编者注：…）``, stage
directions (``[笑]``, ``（掌声）``, ``[laughter]``), a translator's gloss of a foreign name or term
(``Donald Hebb（加拿大心理学家）``, ``列表机(list machine)``, ``（即学习过的数据和参数）``) and a link
with its label (``地址:https://…``). :func:`split_notes` takes them out of a turn's text; the
ledger keeps them (``lines.notes``). A line that is a note as a whole (``注:…``, ``译者注：…``) is
dropped with kind ``note`` (:func:`is_note_line`). A parenthesis before a colon is a label's note
(``张三(某公司):``), never an editorial one. Known gap: a Chinese gloss after a transliterated
Chinese name (``冯・诺依曼(计算机之父)``) is not told from a speaker's own aside and stays in the text.

Examples:
    >>> split_notes("他读了 Donald Hebb(加拿大心理学家)的书[笑],距离 250 英里(约 402 公里)。")
    ('他读了 Donald Hebb的书,距离 250 英里。', ['(加拿大心理学家)', '[笑]', '(约 402 公里)'])
    >>> split_notes("张三(某公司):我有一台列表机(list machine)。")
    ('张三(某公司):我有一台列表机。', ['(list machine)'])
    >>> is_note_line("译者注:这里指的是 2012 年。"), is_note_line("注意到这一点很重要。")
    (True, False)

"""

from __future__ import annotations

import re

_MARKED = r"(?:译注|译者注|编注|编者注|编者按|注|按|Note|Translator'?s note|Editor'?s note)\s*[:：]"
_DIRECTIONS = (
    r"(?:笑|笑声|大笑|众笑|掌声|鼓掌|清嗓子|咳嗽|停顿|沉默|音乐|背景音乐|听不清|串音|"
    r"applause|laughter|laughs|laughing|music|crosstalk|inaudible|pause|silence|clears throat|coughs)"
)
_OPEN, _CLOSE = r"[(（\[【]", r"[)）\]】]"
_INNER = r"[^()（）\[\]【】]"
_NOTE = re.compile(
    rf"\s*{_OPEN}\s*{_MARKED}{_INNER}*{_CLOSE}"  # (注: …), [译注: …]
    rf"|\s*{_OPEN}\s*{_DIRECTIONS}\s*{_CLOSE}"  # [笑], (applause)
    rf"|(?<=[A-Za-z])\s*[(（]{_INNER}*[\u4e00-\u9fff]{_INNER}*[)）](?!\s*[:：])"  # Hebb(加拿大心理学家)
    rf"|(?<=[\u4e00-\u9fff])\s*[(（][A-Za-z][^()（）\u4e00-\u9fff]*[)）](?!\s*[:：])"  # 列表机(list machine)
    rf"|\s*[(（](?:即|指|也就是|意为|意思是|约|相当于){_INNER}*[)）](?!\s*[:：])"  # (即…), (约 402 公里)
    r"|\s*(?:论文|项目|原文|视频|文章|报告)?(?:地址|链接)\s*[:：]\s*https?://\S+",  # 地址:https://…
    re.IGNORECASE,
)
_NOTE_LINE = re.compile(rf"^\s*(?:{_MARKED}|{_OPEN}\s*{_MARKED})", re.IGNORECASE)


def split_notes(text: str) -> tuple[str, list[str]]:
    """``text`` without its editorial notes, and the notes as written (see the module docstring)."""
    notes = [m.group().strip() for m in _NOTE.finditer(text)]
    return (_NOTE.sub("", text).strip(), notes) if notes else (text, [])


def is_note_line(text: str) -> bool:
    """Whether a whole line is a translator's or editor's note (``注:…``, ``（编者注：…）``)."""
    return bool(_NOTE_LINE.match(text))
