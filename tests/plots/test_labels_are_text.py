"""A label is data: a `$` in a doc id or a title is drawn as it is, never parsed as mathtext."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pytest

from analysis.plots.style import subplots


@pytest.mark.parametrize("label", ["altman-$7{-$plan", "$5-vs-$10", r"$\frac{a}{b}$"])
def test_dollar_labels_are_drawn_literally(label):
    fig, ax = subplots()
    ax.bar([label, "何恺明"], [1, 2])
    title = ax.set_title(label)
    fig.savefig(io.BytesIO(), format="png")  # an unbalanced `$` would raise in mathtext here
    assert title._preprocess_math(title.get_text()) == (label, False)
    assert [t.get_text() for t in ax.get_xticklabels()] == [label, "何恺明"]
    plt.close(fig)
