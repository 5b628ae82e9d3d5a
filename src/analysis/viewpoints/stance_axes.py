"""Semantic stance axes: where each guest's statements on a theme fall between two poles.

An axis is data (``data/stance_axes.csv``: axis, theme, pole (+1/-1), pole_label, statement):
a few prototype statements per pole, written for this purpose (not taken from the corpus).
The axis direction is the difference of the two poles' mean embeddings; a statement's position
is its projection on that unit direction, centred so that the midpoint of the poles is 0.
Positive means closer to the ``+1`` pole. The prototypes' own positions are returned too, so a
reader can judge how far apart the poles are and how much of the axis the guests use.

Examples:
    >>> sorted(load_axes().axis.unique())[:2]
    ['interpretability_needed', 'prediction_is_reasoning']
    >>> project(np.array([[1.0, 0.0]]), Axis("x", "t", np.array([1.0, 0.0]), 0.25, "a", "b")).tolist()
    [0.75]

"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.config import DATA_DIR
from analysis.text.embeddings import embed_passages

AXES_PATH = DATA_DIR / "stance_axes.csv"


@dataclass(frozen=True)
class Axis:
    """A unit direction from the ``-1`` pole to the ``+1`` pole, and the midpoint's projection."""

    name: str
    theme: str
    direction: np.ndarray
    offset: float
    positive_label: str
    negative_label: str


def load_axes() -> pd.DataFrame:
    """The prototype statements of every axis.

    Examples:
        >>> load_axes().groupby("axis").pole.nunique().eq(2).all()
        np.True_

    """
    return pd.read_csv(AXES_PATH)


def build_axis(name: str, prototypes: pd.DataFrame | None = None) -> Axis:
    """The axis ``name`` from its prototype statements (embedded as passages).

    Examples:
        >>> build_axis("scaling_enough").theme
        'scaling'

    """
    table = load_axes() if prototypes is None else prototypes
    rows = table[table.axis == name]
    if rows.empty:
        raise ValueError(f"unknown axis {name!r}; valid: {', '.join(sorted(table.axis.unique()))}")
    vectors = embed_passages(rows.statement.tolist(), progress=False)
    positive = vectors[(rows.pole == 1).to_numpy()].mean(axis=0)
    negative = vectors[(rows.pole == -1).to_numpy()].mean(axis=0)
    direction = (positive - negative) / np.linalg.norm(positive - negative)
    label = rows.groupby("pole").pole_label.first()
    return Axis(name, rows.theme.iloc[0], direction, float((positive + negative) @ direction / 2), label[1], label[-1])


def project(vectors: np.ndarray, axis: Axis) -> np.ndarray:
    """Position of each vector on the axis (0 = midpoint of the poles)."""
    return vectors @ axis.direction - axis.offset


def prototype_positions(axis: Axis) -> pd.DataFrame:
    """The prototype statements of ``axis`` with their own positions."""
    rows = load_axes().query("axis == @axis.name")
    return rows.assign(position=project(embed_passages(rows.statement.tolist(), progress=False), axis))


def stance_table(axis: Axis, statements: pd.DataFrame, vectors: np.ndarray) -> pd.DataFrame:
    """``statements`` (one row per sentence, ``vectors`` aligned) with their ``position`` on ``axis``."""
    return statements.assign(position=project(vectors, axis)).sort_values("position").reset_index(drop=True)


def stance_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Median position and number of statements per speaker of a :func:`stance_table`."""
    return table.groupby("speaker").position.agg(["median", "count"])


def extremes(table: pd.DataFrame) -> pd.DataFrame:
    """Each speaker's lowest and highest statement on the axis (one row when he has one statement)."""
    ends = pd.concat([table.groupby("speaker").head(1), table.groupby("speaker").tail(1)])
    return ends[~ends.index.duplicated()].sort_values(["speaker", "position"])
