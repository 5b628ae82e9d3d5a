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
