"""Chinese glyphs render in matplotlib figures and word clouds, never as boxes."""

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from PIL import ImageFont

from analysis.plots.style import cjk_font_path, use_cjk_font

TEXT = "大模型可解释性自监督学习辛顿何恺明"


def test_matplotlib_renders_chinese_without_missing_glyphs():
    use_cjk_font()
    fig, ax = plt.subplots()
    ax.set_title(TEXT)
    ax.text(0.5, 0.5, TEXT)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" is a UserWarning
        fig.canvas.draw()
    plt.close(fig)


def test_font_has_every_glyph():
    font = ImageFont.truetype(str(cjk_font_path()), 32)
    missing = ImageFont.truetype(str(cjk_font_path()), 32).getmask("\U0010fffd").getbbox()
    for char in TEXT:
        assert font.getmask(char).getbbox() != missing, char


def test_wordcloud_draws_chinese_words():
    from wordcloud import WordCloud

    cloud = WordCloud(font_path=str(cjk_font_path()), width=200, height=100, random_state=0, background_color="white")
    image = np.asarray(cloud.generate_from_frequencies({"大模型": 3, "推理": 2, "数据": 1}).to_image())
    assert (image < 250).any()
