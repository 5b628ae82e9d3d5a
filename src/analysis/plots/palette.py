"""One colour per speaker, stable across every figure of a run, for 5 or 250 speakers.

The registry's speakers keep their own colours (``data/speakers.csv``, column ``color``: the five
original guests are matplotlib's first five ``tab10`` colours). Every other speaker of the corpus
gets a colour of colorcet's ``glasbey_category10`` palette, which starts with those same ``tab10``
colours and continues with colours chosen to stay distinguishable from all before them; the colours
the registry uses are skipped. :func:`use_speakers` fixes the assignment for one corpus (guests
first, then by id), so every notebook that loads the same corpus draws a speaker in the same colour.
A speaker not in that list gets a colour from a hash of its id: stable, but it may repeat another's.

Examples:
    >>> palette = assign_colors(["kaiming-he", "zz-new-guest", "aa-new-guest"], {"kaiming-he": "#1f77b4"})
    >>> palette["kaiming-he"], palette["aa-new-guest"] != palette["zz-new-guest"]
    ('#1f77b4', True)

"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping

from colorcet import palette as colorcet_palettes

#: The categorical palette of every speaker the registry does not colour (256 colours).
GLASBEY: tuple[str, ...] = tuple(c.lower() for c in colorcet_palettes["glasbey_category10"])

_assigned: dict[str, str] = {}


#: Two colours closer than this (Euclidean distance of 0–255 RGB) count as the same colour.
MIN_DISTANCE = 40.0


#: Colours lighter than this (0–1, luma) vanish on white and are left out.
MAX_LIGHTNESS = 0.75


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _lightness(color: str) -> float:
    red, green, blue = _rgb(color)
    return (0.299 * red + 0.587 * green + 0.114 * blue) / 255


def free_colors(registered: Mapping[str, str]) -> list[str]:
    """The palette without the colours the registry gives, any within :data:`MIN_DISTANCE` of one, or too light.

    Examples:
        >>> "#1f77b3" in free_colors({"kaiming-he": "#1f77b4"}), len(free_colors({})) > 150
        (False, True)

    """
    taken = [_rgb(c) for c in registered.values()]
    return [c for c in GLASBEY if _lightness(c) <= MAX_LIGHTNESS and all(sum((x - y) ** 2 for x, y in zip(_rgb(c), t, strict=True)) ** 0.5 >= MIN_DISTANCE
                                      for t in taken)]  # fmt: skip


def assign_colors(speakers: Iterable[str], registered: Mapping[str, str]) -> dict[str, str]:
    """Colour of each of ``speakers`` (in the order given): its registry colour, else the next free one.

    Past 256 distinct speakers the palette repeats.
    """
    free = free_colors(registered)
    new = [s for s in dict.fromkeys(speakers) if s not in registered]
    colors = {s: free[i % len(free)] for i, s in enumerate(new)}
    return {s: registered.get(s) or colors[s] for s in dict.fromkeys(speakers)}


def use_speakers(speakers: Iterable[str], registered: Mapping[str, str]) -> dict[str, str]:
    """Fix the colours of this corpus's ``speakers`` for every later figure of the process; return them."""
    _assigned.clear()
    _assigned.update(assign_colors(speakers, registered))
    return dict(_assigned)


def color_of(speaker: str, registered: Mapping[str, str]) -> str:
    """The colour of ``speaker``: registry, else the corpus assignment, else a hash of its id."""
    if speaker in registered:
        return registered[speaker]
    if speaker in _assigned:
        return _assigned[speaker]
    free = free_colors(registered)
    return free[zlib.crc32(speaker.encode()) % len(free)]
