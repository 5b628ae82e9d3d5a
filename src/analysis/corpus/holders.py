"""Whose view a sentence states: the speaker's own, or another party's that he reports.

Guests often report other people's views inside their own answers (陈羽北 on Yann LeCun: 「他会认为只是
堆数据是不够的」; Hinton on Ilya). Such a sentence is not the guest's own view, so it must not be
quoted or coded as his. A sentence's *holder* is the speaker unless the sentence reports a view,
belief, attitude, intention or words of someone else:

1. a third party + a reporting or attitude verb: ``他/她/他们``, a name (Latin, or one of
   ``data/people.csv``, or a registered speaker other than the one talking), or a collective
   (很多人, 有人, 大家, 人们, 专家们 …), optionally followed by adverbs (会, 也, 一直, 可能, 曾 …), then
   认为, 觉得, 相信, 说, 表示, 主张, 坚持, 希望, 担心, 感兴趣, 告诉我 …;
2. a frame naming a view's owner: 在X看来, 按照X的说法, X的观点(是), 拿X的观点来看, X真正想说的;
3. a report that opens a quotation (``他说:“…``) continues into the following sentences until the
   quotation closes.

The first person (我, 我们) is never a reported holder. A collective in a relative clause
(大家都想要的学生) describes rather than reports; a sentence stating a view impersonally
(一般认为…, 另一种观点是…, 被认为) is held by ``others``. ``他/她`` resolves to the last person named earlier in the turn, else
``others``. The holder is an id: the speaker's own id, a registered speaker's id, a person of
``data/people.csv``, ``person-<name>`` for another Latin name, or ``others``.

This is a rule-based detector: it reads cues, not meaning. It misses reports without a cue (a
paraphrase spread over a paragraph) and can flag a sentence in which the guest argues against a
view he first states. Measured against a hand annotation of the 1,013 guest sentences of the corpus
(``data/holder_annotations.csv``, one annotator), see :func:`agreement`.

Examples:
    >>> holders(["我觉得这很重要。", "Yann可能真正想说的是世界模型。", "他会认为只是堆数据是不够的。"], "yubei-chen")
    ['yubei-chen', 'yann-lecun', 'yann-lecun']
    >>> holders(["很多人会告诉你,规模就是一切。", "但我不这么看。"], "geoffrey-hinton")
    ['others', 'geoffrey-hinton']

"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import pandas as pd

from analysis.config import DATA_DIR
from analysis.corpus.speakers import Registry, label_key

PEOPLE_PATH = DATA_DIR / "people.csv"
ANNOTATIONS_PATH = DATA_DIR / "holder_annotations.csv"
OTHERS = "others"

_ADVERB_WORDS = (
    "也", "就", "都", "还", "又", "总", "曾", "却", "便", "才", "一直", "一向", "始终", "经常", "常常", "总是", "其实", "当时",
    "当初", "那时", "后来", "回来", "可能", "也许", "大概", "显然", "明确", "坚定", "一定", "从小", "很早", "早就", "已经",
    "曾经", "确实", "肯定", "并不", "并没有", "不", "没有", "非常", "很", "会", "能", "要", "普遍", "真的", "反而", "开始",
)
_ADVERBS = "(?:" + "|".join(sorted(_ADVERB_WORDS, key=len, reverse=True)) + ")*"
#: Reporting and attitude verbs (regex fragments: 说明 and 讲究 are not reports); a plain verb followed by 的 is a
#: relative clause (大家都想要的学生), not a report.
_VERB_WORDS = (
    "认为", "觉得", "相信", "坚信", "深信", "以为", "看来", "主张", "坚持", "强调", "声称", "宣称", "表示", "指出", "提到",
    "说(?![明服])", "讲(?![究座课解述])", "讲过", "说过", "告诉", "问我", "写道", "质疑", "怀疑", "反对", "同意", "赞同", "批评", "担心", "希望",
    "期待", "向往", "想要", "想说", "想的是", "想理解", "喜欢", "热爱", "感兴趣", "一直想", "证明", "发现",
)
_VERBS = (
    "(?:(?:" + "|".join(sorted(_VERB_WORDS, key=lambda w: len(re.sub(r"\(\?.*?\)", "", w)), reverse=True)) + ")(?P<relative>的)?"
    r"|对[^,，。]{1,40}感兴趣|的(?:观点|看法|想法|说法|意思|立场|理念|信念)(?:就)?是|所坚持|所相信|所说"
    r"|有(?:了)?(?:一种|那种|这种|一个|一些|很好的)?(?:直觉|信念|想法|观点|看法|疑问|追求|共识|见解|理想))"
)
_PRONOUN = r"(?:他们|她们|他|她)"
_COLLECTIVE = (
    r"(?:很多人|许多人|不少人|一些人|有些人|有人|大多数人|多数人|大部分人|大家|人们|别人|外界|业界|学界|学术界|"
    r"[\u4e00-\u9fff]{1,4}家们|专家们|所有专家|研究者们|研究人员|[\u4e00-\u9fff]{0,6}(?:团队|小组)|批评者|反对者|支持者|"
    r"怀疑论者|传统观点|主流观点|普遍观点|一种观点|另一种观点|有一种观点|广泛的观点|那时人们|当时人们|"
    r"[\u4e00-\u9fff]{1,6}(?:学家|棋手|专家|学者|研究者|从业者|工程师|同行|评论家|作者)们?)"
)
#: Frames that name a view without a subject doing the reporting: 另一种观点是…, 有一个提议说…, 听到有人…
_VIEW_FRAME = re.compile(
    r"(?:(?:^|(?<=[,，;；:：。]))\s*(?:第[一二三]种|一种|另一种|有一种|有一个|还有一种)?[一-龥]{0,6}(?:观点|看法|理论|学说|假说|提议|说法))(?:[,，]?\s*即|就是|是说|是|说|认为)|听(?:到|说)(?:有人|很多人|不少人|大家)"
)
#: A sentence that opens with an impersonal "it is generally held" states a view that is not the speaker's own.
_IMPERSONAL = re.compile(
    r"(?<![我他她们人家者])(?:一般|通常|普遍|往往|传统上|过去|以前|曾经)(?:来说)?(?:从[^,，。]{1,10})?(?:被)?(?:认为|觉得|相信|解释为)|被(?:普遍)?认为"
)
_LATIN_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}"
_OPEN_QUOTE = "“「『\""
_CLOSE_QUOTE = "”」』\""


@cache
def _people() -> dict[str, str]:
    """Alias key → id of the third parties of ``data/people.csv``."""
    table = pd.read_csv(PEOPLE_PATH, dtype=str, keep_default_na=False)
    return {label_key(a): row.person for row in table.itertuples() for a in [row.person, *row.aliases.split("|")] if a}


@cache
def _registry_names() -> dict[str, str]:
    registry = Registry.load()
    return {alias: registry.resolve(alias) for alias in registry.aliases if registry.roles.get(registry.resolve(alias)) in ("guest", "host")}


@cache
def _name_pattern() -> re.Pattern[str]:
    table = pd.read_csv(PEOPLE_PATH, dtype=str, keep_default_na=False)
    names = {a for row in table.itertuples() for a in row.aliases.split("|") if a} | set(_registry_names())
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?P<name>{alternation}|{_LATIN_NAME})")


def resolve_name(name: str) -> str:
    """Id of a named third party: a person of ``data/people.csv``, a registered speaker, or ``person-<name>``.

    Examples:
        >>> resolve_name("LeCun"), resolve_name("Hinton"), resolve_name("Demis"), resolve_name("张三")
        ('yann-lecun', 'geoffrey-hinton', 'demis-hassabis', 'person-张三')

    """
    key = label_key(name)
    if key in _people():
        return _people()[key]
    registered = Registry.load().resolve(name)
    if registered:
        return registered
    return "person-" + re.sub(r"[^\w]+", "-", key).strip("-")


@cache
def _cue() -> re.Pattern[str]:
    name = _name_pattern().pattern.removeprefix("(?P<name>").removesuffix(")")
    frame = (
        rf"(?:在|按照|依照|照|据|拿|用|从)(?P<frame>{name}|{_PRONOUN}|{_COLLECTIVE})(?:的)?(?:观点|看法|说法|角度|理论)?"
        rf"(?:看来|来看|来说|而言|所说|的话)"
        rf"|(?P<owner>{name}|{_PRONOUN})(?:可能|其实|真正|一直)*(?:真正)?(?:想说的|想要的|在意的|所坚持的|的观点)"
    )
    subject = rf"(?<![跟和对给向让叫被把与同])(?P<subject>{name}|{_PRONOUN}|{_COLLECTIVE})"
    # a named person may be separated from his reporting verb within the clause (X之前写了一篇博客里面曾提到)
    distant = rf"(?<![跟和对给向让叫被把与同])(?P<distant>{name})[^,，。;；:：?？!！]{{1,15}}?(?:提到|指出|写道|说过|强调|主张)"
    # a system or source that "tells you" a view (GPT-4 会告诉你)
    source = r"(?P<source>[A-Z][A-Za-z0-9.+-]*(?:-\d[\w.]*)?)\s*(?:会|也会|就会)?(?:告诉你|告诉我们|回答说)"
    return re.compile(rf"{frame}|{subject}(?:[,，]?\s*)?{_ADVERBS}{_VERBS}|{distant}|{source}")


@cache
def _pos_tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


_HONORIFIC = re.compile(r"[\u4e00-\u9fff]{1,3}(?:老师|教授|博士|先生|女士|院士)$")


def _person_at_end(text: str) -> str | None:
    """The Chinese person name (jieba tags it ``nr``) or titled name (马老师) that ends ``text``, if any."""
    if (titled := _HONORIFIC.search(text)) is not None:
        return titled.group()
    words = list(_pos_tagger().cut(text))
    last = words[-1] if words else None
    return last.word if last is not None and last.flag.startswith("nr") and len(last.word) >= 2 else None


@cache
def _verb() -> re.Pattern[str]:
    return re.compile(rf"{_ADVERBS}{_VERBS}")


def _unknown_name_holder(text: str, speaker: str) -> str | None:
    """A report whose subject is a Chinese name no list knows (阿贝尔曾说, 李昌镐说), found by jieba's ``nr`` tag."""
    for match in _verb().finditer(text):
        clause = re.split(r"[,，;；:：。]", text[: match.start()])[-1][-8:]
        name = _person_at_end(clause) if clause else None
        if name and not match.group("relative") and (holder := resolve_name(name)) != speaker:
            return holder
    return None


def _is_person(name: str) -> bool:
    """A name that stands for a person: known, registered, or Latin and not a technical term."""
    from analysis.text.tokenizer import english_terms

    key = label_key(name)
    if key in _people() or Registry.load().resolve(name):
        return True
    return key not in {label_key(t) for t in english_terms()} and not name.isupper()


def _holder_of(match: re.Match[str], speaker: str, last_named: str | None) -> str | None:
    """The id a cue names, or None when the cue is the speaker himself.

    A collective in a relative clause (大家都想要的那种学生) is a description, not a report; a person's
    (他相信的一个方向) is his view.
    """
    if match.group("source"):
        return "source-" + match.group("source").casefold()
    who = match.group("frame") or match.group("owner") or match.group("subject") or match.group("distant")
    if re.fullmatch(_PRONOUN, who):
        return last_named or OTHERS
    if re.fullmatch(_COLLECTIVE, who):
        return None if match.group("relative") else OTHERS
    if not _is_person(who):
        return None
    holder = resolve_name(who)
    return None if holder == speaker else holder


def holders(sentences: Sequence[str], speaker: str) -> list[str]:
    """The holder of each sentence of one turn (in order) spoken by ``speaker`` (see the module docstring)."""
    out: list[str] = []
    last_named: str | None = None
    open_report: str | None = None  # holder of a quotation still open from an earlier sentence
    frame: tuple[str, int] | None = None  # holder of a "from X's point of view" exposition, sentences left
    for text in sentences:
        if frame is not None and (_OWN_VIEW.search(text) or frame[1] == 0):
            frame = None
        holder = open_report or (frame[0] if frame else speaker)
        if open_report is None and frame is None:
            if _IMPERSONAL.search(text) or any(not _first_person_before(text, m.start()) and "我" not in m.group()
                                               for m in _VIEW_FRAME.finditer(text)):
                holder = OTHERS
            for match in _cue().finditer(text):
                found = _holder_of(match, speaker, _named_before(text, match.start(), speaker) or last_named)
                if found is not None and not _first_person_before(text, match.start()):
                    holder = found
                    break
            else:
                holder = _unknown_name_holder(text, speaker) or holder
        last_named = _named_before(text, len(text), speaker) or last_named
        out.append(holder)
        if frame is not None:
            frame = (frame[0], frame[1] - 1)
        elif holder != speaker and _FRAME_OPENS.search(text):
            frame = (holder, MAX_FRAME_SENTENCES)
        continues = _quote_left_open(text, open_report is not None) or (open_report is None and _INTRODUCES.search(text))
        open_report = holder if holder != speaker and continues else None
    return out


#: A frame such as 如果你拿Yann的观点来看 opens an exposition of his view that runs over the next sentences ...
_FRAME_OPENS = re.compile(r"(?:拿|按照|依照|从)[^,，。]{1,12}的(?:观点|看法|角度|理论)(?:来看|来说|出发)")
#: ... until the speaker speaks for himself again, or at most this many sentences.
MAX_FRAME_SENTENCES = 8
_OWN_VIEW = re.compile(r"我(?:个人|自己)?(?:觉得|认为|想|相信|的看法|的观点)|在我看来|对我来说")

#: A report that ends by announcing what follows (他说: / 他的观点就是说) continues into the next sentence.
_INTRODUCES = re.compile(r"(?:[:：]|是说|就是|如下)\s*$")


def _named_before(text: str, end: int, speaker: str) -> str | None:
    """The last known person (``data/people.csv`` or registered) named in ``text[:end]``, other than the speaker."""
    found = None
    for name in _name_pattern().finditer(text[:end]):
        key = label_key(name.group("name"))
        if (key in _people() or Registry.load().resolve(name.group("name"))) and resolve_name(name.group("name")) != speaker:
            found = resolve_name(name.group("name"))
    return found


def _first_person_before(text: str, start: int) -> bool:
    """Whether the clause holding the cue has 我/我们 as its subject just before it (我认为他说的… is still his)."""
    clause = re.split(r"[,，;；:：]", text[:start])[-1]
    return bool(re.search(r"我们?(?:也|都|就|还|一直)*$", clause))


def _quote_left_open(text: str, already_open: bool) -> bool:
    """Whether a quotation is still open at the end of ``text`` (counting from an open one)."""
    depth = 1 if already_open else 0
    for char in text:
        if char in _OPEN_QUOTE and char not in _CLOSE_QUOTE:
            depth += 1
        elif char in _CLOSE_QUOTE and char not in _OPEN_QUOTE:
            depth = max(0, depth - 1)
    return depth > 0


def assign_holders(sentences: pd.DataFrame) -> pd.Series:
    """The ``holder`` column of a sentences table (narration is held by the narrator)."""
    result = pd.Series(sentences["speaker"].to_numpy(), index=sentences.index, dtype=object)
    spoken = sentences[sentences["role"] != "narrator"]
    for (_, _), turn in spoken.groupby(["doc_id", "turn_id"], sort=False):
        turn = turn.sort_values("sent_id")
        result.loc[turn.index] = holders(turn["text"].tolist(), turn["speaker"].iloc[0])
    return result.astype("string")


def load_annotations() -> pd.DataFrame:
    """The hand annotation: one row per guest sentence judged *not* the guest's own view (``holder``)."""
    table = pd.read_csv(ANNOTATIONS_PATH, dtype={"sent_id": int})
    unit = table["unit"].str.rsplit(":", n=1)
    return table.assign(doc_id=unit.str[0], turn_id=unit.str[1].astype(int))


def agreement(sentences: pd.DataFrame, annotations: pd.DataFrame | None = None) -> dict[str, float]:
    """Precision, recall and F1 of "reported" (holder ≠ speaker) on the annotated guest sentences.

    Every guest sentence absent from ``annotations`` counts as the guest's own view. The texts
    must match the annotation (a changed corpus makes the check meaningless: rows whose text
    differs are dropped and counted in ``n_text_changed``).
    """
    annotations = load_annotations() if annotations is None else annotations
    guest = sentences[sentences["role"] == "guest"].set_index(["doc_id", "turn_id", "sent_id"])
    marked = annotations.set_index(["doc_id", "turn_id", "sent_id"])
    same = marked.index.isin(guest.index)
    same[same] = guest.loc[marked.index[same], "text"].to_numpy() == marked.loc[same, "text"].to_numpy()
    truth = guest.index.isin(marked.index[same])
    predicted = (guest["holder"] != guest["speaker"]).to_numpy()
    tp = int((truth & predicted).sum())
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(truth.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"sentences": len(guest), "annotated_reported": int(truth.sum()), "detected_reported": int(predicted.sum()),
            "true_positives": tp, "precision": precision, "recall": recall, "f1": f1,
            "n_text_changed": int((~same).sum())}  # fmt: skip
