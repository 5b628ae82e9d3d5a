"""The scale benchmark's bookkeeping: end to end against the floor, the goals, the speed-up."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bench.scale import end_to_end, goals, speedup, summary


def table() -> pd.DataFrame:
    rows = []
    for workers, build, embed in ((1, 200.0, 1000.0), (2, 110.0, 520.0)):
        for stage, seconds in (("cluster_start", 3.0), ("build", build), ("tokenize", 10.0), ("chunk", 1.0),
                               ("embed", embed), ("floor_model", 500.0)):  # fmt: skip
            rows.append({"size": 100, "workers": workers, "stage": stage, "seconds": seconds,
                         "peak_worker_mb": 900.0 * workers, "peak_client_mb": 1500.0})  # fmt: skip
    rows.append({"size": 100, "workers": 2, "stage": "add_one", "seconds": 24.0, "peak_worker_mb": 1800.0,
                 "peak_client_mb": 1500.0, "note": "build 3 s"})  # fmt: skip
    return pd.DataFrame(rows)


def test_end_to_end_sums_the_pipeline_and_compares_it_with_floor_plus_rest():
    e2e = end_to_end(table()).set_index("workers")
    assert e2e.loc[2, "rest"] == 110 + 10 + 1
    assert e2e.loc[2, "end_to_end"] == 3 + 121 + 520
    assert np.isclose(e2e.loc[2, "ratio"], 644 / (500 + 121))


def test_goals_judge_the_run_with_most_workers_and_report_the_speed_up():
    g = goals(table()).set_index("goal")
    assert g.loc["end to end / (model floor + rest) @100x", "met"] == "yes"  # 1.04
    assert g.loc["add one article (s) @100x", "met"] == "yes"
    assert g.loc["peak per worker (MB) @100x", "met"] == "yes"  # 1800 <= 2048
    assert np.isclose(g.loc["2-worker / 1-worker speed-up, CPU stages @100x", "measured"], round(211 / 121, 2))
    assert np.isnan(speedup(table(), 10))
    assert "## goals" in summary(table())
