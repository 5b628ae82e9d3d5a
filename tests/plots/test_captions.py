"""Every figure a notebook saves has a caption for a reader (data/captions.toml)."""

from __future__ import annotations

import json
import re

import pytest

from analysis import report
from analysis.config import FIGURES_DIR
from analysis.plots.captions import Caption, caption_for, caption_html, load_captions

SAVE_CALL = re.compile(r"save_(?:figure|html)\(\s*[\w.()]+\s*,\s*(f?)\"([^\"]+)\"")


def _saved_names() -> list[str]:
    """Figure names in every notebook's save calls, an f-string's fields as ``*``."""
    names = []
    for notebook in report.notebooks():
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        for is_f, name in SAVE_CALL.findall(code):
            names.append(re.sub(r"\{[^}]*\}", "*", name) if is_f else name)
    return names


def test_notebooks_save_figures_by_name():
    assert len(_saved_names()) >= 10


@pytest.mark.parametrize("name", _saved_names())
def test_every_figure_a_notebook_saves_has_a_caption(name):
    assert caption_for(name) is not None, f"add a caption for {name!r} to src/analysis/data/captions.toml"


def test_every_saved_figure_file_has_a_caption():
    files = sorted(p for p in FIGURES_DIR.glob("*") if p.suffix in (".png", ".svg", ".html"))
    if not files:
        pytest.skip("no figures saved yet: run `make report`")
    missing = sorted({p.stem for p in files if caption_for(p.stem) is None})
    assert missing == [], f"figures without a caption in src/analysis/data/captions.toml: {missing}"


def test_captions_say_what_how_and_caveat():
    for key, caption in load_captions().items():
        assert all(len(text) > 20 for text in (caption.shows, caption.read, caption.caveat)), key


def test_the_most_specific_pattern_wins_and_text_is_escaped():
    assert caption_for("02_compare_liwei-wang_yubei-chen").shows.startswith("Two guests")
    assert caption_for("02_keyness").shows != caption_for("02_compare_liwei-wang_yubei-chen").shows
    html = caption_html("x<y", Caption("<script>", "read", "caveat"))
    assert "<script>" not in html and 'id="fig-x&lt;y"' in html
    assert "No caption yet" in caption_html("99_new", None)
