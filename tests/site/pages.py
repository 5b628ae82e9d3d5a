"""Helpers for the page tests: parse a page, find live markup, find machine paths."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from analysis.site.sanitize import MACHINE_PATH

#: Elements that run code or load active content; none may appear in a page.
ACTIVE_TAGS = ("script", "svg", "iframe", "object", "embed", "math", "form", "base", "link", "meta[http-equiv]")


def live_markup(html: str) -> list[str]:
    """Every active element, event-handler attribute and ``javascript:`` URL in ``html``."""
    soup = BeautifulSoup(html, "html.parser")
    found = [str(tag)[:80] for selector in ACTIVE_TAGS for tag in soup.select(selector)]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=...>")
            if name.lower() in ("href", "src", "action", "formaction") and text.strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {name}={text[:40]}>")
    return found


def machine_paths(html: str) -> list[str]:
    """Absolute paths of a machine in ``html`` (inline data URIs, where base64 can spell anything, skipped)."""
    text = re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", "", html)
    return [text[max(0, m.start() - 30) : m.end() + 40] for m in MACHINE_PATH.finditer(text)]


def visible_text(page: Path) -> str:
    """The text a reader sees in ``page``."""
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
