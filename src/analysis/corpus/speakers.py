"""The canonical speaker registry and speaker-label recognition.

The registry lives in ``data/speakers.csv``: one row per speaker with ``|``-separated aliases.
A label resolves when, stripped of spaces, it equals an alias (Latin aliases case-folded).

Examples:
    >>> registry = Registry.load()
    >>> registry.resolve("陈羽北 ")
    'yubei-chen'
    >>> registry.resolve("Hinton")
    'geoffrey-hinton'
    >>> looks_like_name("Sam Altman"), looks_like_name("起点理解大脑的工作方式"), looks_like_name("Speaker 0")
    (True, False, True)

"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import pandas as pd

from analysis.config import DATA_DIR

_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z.'-]*( [A-Z][A-Za-z.'-]*){0,2}$")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_OUTLET = re.compile(r"^《[^《》]{1,12}》$")
_NUMBERED = re.compile(r"^(speaker|spk|发言人|说话人|讲者|嘉宾)\s*[_-]?\s*([0-9]{1,2}|[A-Z])$", re.IGNORECASE)


def label_key(label: str) -> str:
    """The comparison key of a label: no spaces, Latin case-folded."""
    return re.sub(r"\s+", "", label).casefold()


def looks_like_name(label: str) -> bool:
    """Whether an unregistered label has the shape of a speaker: a short name, 《outlet》 or ``Speaker 0``."""
    label = label.strip()
    return bool(_LATIN_NAME.match(label) or _CJK_NAME.match(label) or _OUTLET.match(label) or _NUMBERED.match(label))


def display_name(speaker: str, names: Mapping[str, str] | None = None) -> str:
    """``names[speaker]`` when given, else the id itself.

    Examples:
        >>> display_name("yubei-chen", {"yubei-chen": "陈羽北"}), display_name("x")
        ('陈羽北', 'x')

    """
    return (names or {}).get(speaker, speaker)


#: Surnames read otherwise than their commonest reading (曾 zeng, not ceng), and two-character surnames.
_SURNAME_READINGS = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "查": "zha",
                     "乐": "yue", "覃": "qin", "盖": "ge", "缪": "miao", "翟": "zhai", "沈": "shen", "柏": "bai"}  # fmt: skip
_DOUBLE_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯", "长孙")


def romanise(name: str, person: bool = True) -> str:
    """An ASCII id for a Chinese name (pypinyin): surname-given for a 2-4 character person's name, else syllable by syllable.

    Examples:
        >>> romanise("张璐"), romanise("杨植麟"), romanise("曾鸣"), romanise("欧阳娜娜")
        ('zhang-lu', 'yang-zhilin', 'zeng-ming', 'ouyang-nana')
        >>> romanise("硅谷徐老师"), romanise("晚点", person=False), romanise("AI光年", person=False)
        ('gui-gu-xu-lao-shi', 'wan-dian', 'ai-guang-nian')

    """
    from pypinyin import lazy_pinyin

    name = name.strip()
    if person and _CJK_NAME.match(name):
        cut = 2 if name.startswith(_DOUBLE_SURNAMES) and len(name) > 2 else 1
        surname = _SURNAME_READINGS.get(name[:cut]) or "".join(lazy_pinyin(name[:cut]))
        return f"{surname}-{''.join(lazy_pinyin(name[cut:]))}"
    syllables = [re.sub(r"[^a-z0-9]+", "-", s.casefold()).strip("-") for s in lazy_pinyin(name)]
    return "-".join(s for s in syllables if s) or "speaker"


@cache
def mentioned() -> dict[str, str]:
    """People the interviews talk about (``data/people.csv``), by the key of each name: 奥特曼 → ``sam-altman``.

    A new speaker ``sources.csv`` names by one of these names gets that id, so one person has one id
    whichever article and label form he comes with.

    Examples:
        >>> mentioned()[label_key("奥特曼")], mentioned()[label_key("Sam Altman")]
        ('sam-altman', 'sam-altman')

    """
    table = pd.read_csv(DATA_DIR / "people.csv", dtype=str, keep_default_na=False)
    return {label_key(n): row.person for row in table.itertuples() for n in (row.person, row.name_en, *row.aliases.split("|")) if n}


def slug(label: str) -> str:
    """A stable id for an unregistered speaker label."""
    text = re.sub(r"[^\w\u4e00-\u9fff]+", "-", label.strip().casefold()).strip("-")
    return f"unregistered-{text or 'speaker'}"


@dataclass(frozen=True)
class Registry:
    """Speakers table plus an alias index."""

    table: pd.DataFrame
    index: dict[str, str]
    aliases: tuple[str, ...]
    roles: dict[str, str]
    colors: dict[str, str]

    @classmethod
    def load(cls) -> Registry:
        """Load the bundled registry."""
        table = pd.read_csv(DATA_DIR / "speakers.csv", dtype=str, keep_default_na=False)
        index: dict[str, str] = {}
        aliases: set[str] = set()
        for row in table.itertuples():
            for alias in {row.speaker, row.name_zh, row.name_en, *row.aliases.split("|")}:
                if alias:
                    aliases.add(alias)
                    key = label_key(alias)
                    if index.setdefault(key, row.speaker) != row.speaker:
                        raise ValueError(f"speakers.csv: alias {alias!r} names both {index[key]} and {row.speaker}")
        ordered = tuple(sorted(aliases, key=lambda a: (-len(a), a)))
        roles = dict(zip(table.speaker, table.role, strict=True))
        return cls(table, index, ordered, roles, dict(zip(table.speaker, table.color, strict=True)))

    def resolve(self, label: str) -> str | None:
        """The canonical id of ``label``, or None when it is not a known alias."""
        return self.index.get(label_key(label))

    def with_role(self, role: str) -> list[str]:
        """Ids of the registered speakers of ``role``, in registry order.

        Examples:
            >>> Registry.load().with_role("guest")[:2]
            ['kaiming-he', 'yubei-chen']

        """
        return [s for s, r in self.roles.items() if r == role]

    def names(self, language: str = "zh") -> dict[str, str]:
        """Display name of every registered speaker in ``language`` (``zh`` or ``en``)."""
        return dict(zip(self.table.speaker, self.table[f"name_{language}"], strict=True))

    def role(self, speaker: str) -> str:
        """The registered role of ``speaker`` ('unknown' for an unregistered slug)."""
        return self.roles.get(speaker, "unknown")
