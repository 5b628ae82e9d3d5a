"""Helpers for the page tests: parse a page, find live markup, find machine paths."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from analysis.site.sanitize import MACHINE_PATH

#: Elements that run code or load active content; none may appear in a page.
ACTIVE_TAGS = ("script", "svg", "iframe", "object", "embed", "math", "form", "base", "link", "meta[http-equiv]")


def site_chrome(tag) -> bool:
    """Whether ``tag`` is the site's own: its one external script ``site.js`` (empty) or its security policy."""
    if tag.name == "script":
        return set(tag.attrs) <= {"src", "defer"} and re.fullmatch(r"(\.\./)?site\.js", tag.get("src", "")) is not None \
            and not tag.get_text(strip=True)
    return tag.name == "meta" and tag.get("http-equiv", "").lower() == "content-security-policy"


def live_markup(html: str) -> list[str]:
    """Every active element, event-handler attribute and ``javascript:`` URL in ``html`` (the site's own chrome aside)."""
    soup = BeautifulSoup(html, "html.parser")
    found = [str(tag)[:80] for selector in ACTIVE_TAGS for tag in soup.select(selector) if not site_chrome(tag)]
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


def broken_links(root: Path) -> tuple[int, list[str]]:
    """(links checked, links that do not resolve inside ``root``) over every page of the site in ``root``.

    Every ``href`` and ``src`` must be relative, point at a file inside ``root`` once percent-decoded,
    and a fragment on a page must name an element of it. Plotly's own interactive figure files
    (``figures/*.html``) are targets, not pages of the site, and are not parsed.
    """
    from urllib.parse import unquote, urlsplit

    root = root.resolve()
    ids: dict[Path, set[str]] = {}
    checked, broken = 0, []
    for page in sorted(root.rglob("*.html")):
        if page.parent == root / "figures":
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "img", "script"]):
            url = tag.get("href") or tag.get("src")
            if not url or url.startswith("data:image/"):
                continue
            checked += 1
            parts = urlsplit(url)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if parts.scheme or parts.netloc or root not in [target, *target.parents] or not target.is_file():
                broken.append(f"{page.relative_to(root)}: {url}")
            elif parts.fragment and target.suffix == ".html" and target.parent != root / "figures":
                if target not in ids:
                    ids[target] = {t["id"] for t in BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                                   .find_all(id=True)}  # fmt: skip
                if not {parts.fragment, unquote(parts.fragment)} & ids[target]:  # as a browser matches it
                    broken.append(f"{page.relative_to(root)}: {url} (no such anchor)")
    return checked, broken
