"""The automatic stance-axis baseline (analysis.viewpoints.stance_axes)."""

from __future__ import annotations

from analysis.viewpoints import stance_axes as stance


def test_stance_axis_separates_its_own_prototypes() -> None:
    for name in stance.load_axes().axis.unique():
        axis = stance.build_axis(name)
        positions = stance.prototype_positions(axis)
        assert (positions.loc[positions.pole == 1, "position"] > 0).all()
        assert (positions.loc[positions.pole == -1, "position"] < 0).all()
