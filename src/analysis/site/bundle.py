"""``reports/`` is the whole site: every link stays inside it, percent-encoded, and what a page links is copied in.

A page's outputs link what the notebooks wrote beside ``reports/``: an interactive figure
(``../figures/<name>.html``) and the raw article behind a quote (``../data/raw/<file>``, with
"raw lines 114–120" in the link text). :func:`localize` rewrites every ``href`` and ``src`` of a
page: an interactive figure is copied to ``reports/figures/``; a raw article becomes its page
``reports/raw/<file>.html`` with the cited lines as the fragment (``#L114-L120``: the page jumps
there and highlights them); a link to a file inside the folder is kept; anything else (another
site, a file outside, a missing file) is made plain text, so no link leaves the folder. Every
kept link is percent-encoded (an article named ``访谈 #1?.md`` gets a link that opens it).

Examples:
    >>> encode_href("raw/访谈 #1?.md.html", "L3-L5")
    'raw/%E8%AE%BF%E8%B0%88%20%231%3F.md.html#L3-L5'
    >>> cited_lines("a:4 · raw lines 11–13"), cited_lines("a:4 · raw line 7"), cited_lines("figure")
    ('L11-L13', 'L7', '')

"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from bs4 import BeautifulSoup

from analysis.cache import atomic_write
from analysis.config import FIGURES_DIR, RAW_DIR

_RAW_LINES = re.compile(r"raw lines? (\d+)(?:\s*[–-]\s*(\d+))?")
RAW_PREFIX, FIGURES_PREFIX = "../data/raw/", "../figures/"
FRAGMENT_SAFE = "%:,;=!$&'()*+/?@-._~"


def encode_href(path: str, fragment: str = "") -> str:
    """``path`` percent-encoded for an ``href`` (every byte but letters, digits and ``/-_.~``), then ``#fragment``.

    The fragment keeps ``%`` and the punctuation a fragment may hold: nbconvert's heading ids are
    already percent-encoded (``01-%C2%B7-Corpus``) and a browser matches the fragment as written.
    """
    return quote(path, safe="/") + (f"#{quote(fragment, safe=FRAGMENT_SAFE)}" if fragment else "")


def cited_lines(text: str) -> str:
    """The fragment for the raw lines a link's text cites: ``L11-L13``, ``L7``, or ``''`` when it cites none."""
    found = _RAW_LINES.search(text)
    if not found:
        return ""
    start, end = found.group(1), found.group(2)
    return f"L{start}-L{end}" if end and end != start else f"L{start}"


def copy_in(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` atomically (with the mode of a file this project writes)."""
    return atomic_write(target, lambda tmp: shutil.copyfile(source, tmp))


def raw_files(raw_dir: Path | None = None) -> list[str]:
    """Names of the article files of ``raw_dir`` (default ``data/raw``; ``sources.csv`` is not an article)."""
    from analysis.corpus.sources import ARTICLE_SUFFIXES

    raw_dir = RAW_DIR if raw_dir is None else raw_dir
    if not raw_dir.is_dir():
        return []
    return sorted(p.name for p in raw_dir.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def _raw_target(href: str, text: str, names: list[str]) -> str | None:
    rest = unquote(href[len(RAW_PREFIX):])
    for name in sorted(names, key=len, reverse=True):  # a name may hold '#' or '?': match it whole first
        if rest == name or rest.startswith(f"{name}#"):
            fragment = rest[len(name) + 1:] or cited_lines(text)
            return encode_href(f"raw/{name}.html", fragment)
    return None


def local_href(href: str, text: str, out_dir: Path, names: list[str], known: frozenset[str] = frozenset()) -> str | None:
    """Where ``href`` (in a page of ``out_dir``) points inside the folder, encoded; None when it cannot stay inside.

    ``known``: files of the site written after this page (the index, the other pages, ``raw/``).
    """
    href = href.strip()
    if href.startswith(RAW_PREFIX):
        return _raw_target(href, text, names)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path, fragment = unquote(parts.path), parts.fragment
    if not path:
        return encode_href("", fragment) if fragment else None
    if path.startswith(FIGURES_PREFIX):
        name = path[len(FIGURES_PREFIX):]
        source = FIGURES_DIR / name
        if "/" in name or not source.is_file():
            return None
        copy_in(source, out_dir / "figures" / name)
        return encode_href(f"figures/{name}", fragment)
    target = (out_dir / path).resolve()
    inside = out_dir.resolve() in target.parents
    return encode_href(path, fragment) if inside and (target.is_file() or path in known) else None


def localize(soup: BeautifulSoup, out_dir: Path, known: frozenset[str] = frozenset()) -> list[str]:
    """Rewrite every link and image source of ``soup`` to stay in ``out_dir``; return the links made plain text.

    ``known``: files of the site that will exist once it is built (see :func:`local_href`).
    """
    names = raw_files()
    known = known | {f"raw/{name}.html" for name in names}
    dropped = []
    for tag in soup.find_all("a", href=True):
        new = local_href(tag["href"], tag.get_text(" "), out_dir, names, known)
        if new is None:
            dropped.append(tag["href"])
            tag.name = "span"
            tag.attrs = {"class": ["unlinked"], "title": "link removed: it pointed outside this folder"}
        else:
            tag["href"] = new
    for tag in soup.find_all(src=True):
        if tag.name == "img" and tag["src"].startswith("data:image/"):
            continue
        new = local_href(tag["src"], "", out_dir, names, known)
        if new is None:
            dropped.append(tag["src"])
            del tag["src"]
        else:
            tag["src"] = new
    return dropped
