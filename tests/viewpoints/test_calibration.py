"""Calibration of the theme scoring, on hand-made cases (analysis.viewpoints.calibration)."""

from __future__ import annotations

import pandas as pd

from analysis.viewpoints import calibration


def test_judged_turns_find_every_turn_holding_the_snippet():
    dev = pd.DataFrame({"speaker": ["a", "a"], "theme": ["x", "y"], "doc_id": ["d", "e"], "snippet": ["好奇", "无"]})
    turns = pd.DataFrame({"doc_id": ["d", "d", "e"], "turn_id": [0, 1, 0], "text": ["好奇心", "好奇", "别的"]})
    assert calibration.judged_turns(dev, turns) == [{("d", 0), ("d", 1)}, set()]


def test_threshold_sweep_counts_labels_and_coverage_by_hand():
    # two guest sentences (rows 0 and 1) of one turn, two themes
    scores = pd.DataFrame({
        "row": [0, 0, 1, 1], "role": "guest", "speaker": "a", "doc_id": "d", "turn_id": 0,
        "theme": ["x", "y", "x", "y"], "score": [1.2, 0.6, 0.8, 0.3],
        "emb_sentence": [1.2, 0.6, 0.8, 0.3], "emb_turn": 0.0, "by_seed": [True, False, False, False],
    })  # fmt: skip
    dev = pd.DataFrame({"speaker": ["a"], "theme": ["x"], "doc_id": ["d"], "snippet": ["好"]})
    turns = pd.DataFrame({"doc_id": ["d"], "turn_id": [0], "text": ["好的"]})
    sweep = calibration.threshold_sweep(scores, dev, turns, thresholds=(0.5, 1.0), embedding_only=(1.0,))
    low, high = sweep.to_dict("records")
    # at 0.5: row 0 gets x (seed) — y needs 1.0 without a seed; row 1 gets nothing (0.8 < 1.0, no seed)
    assert (low["0 themes"], low["1 theme"], low["2+ themes"], low["dev turns covered"]) == (0.5, 0.5, 0.0, 1.0)
    assert (high["0 themes"], high["1 theme"]) == (0.5, 0.5)
