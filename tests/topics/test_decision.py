"""Adopting a model by the numbers, the setting the sharing verdict rests on, and the generated reading."""

import numpy as np
import pandas as pd

from analysis.topics import decision as dc
from analysis.topics import selection as sel
from analysis.topics.null import sharing_test


def chosen_frame(**changes: dict[str, float]) -> pd.DataFrame:
    """Three chosen settings; NMF is better on every criterion by far more than seed noise."""
    rows = {
        "bertopic": {"npmi_heldout": 0.01, "stability": 0.70, "diversity": 0.83},
        "nmf": {"npmi_heldout": 0.09, "stability": 0.97, "diversity": 0.92},
        "lda": {"npmi_heldout": -0.02, "stability": 0.02, "diversity": 0.63},
    }
    out = []
    for model, values in rows.items():
        values = {**values, **changes.get(model, {})}
        row = {"model": model, "setting": f"{model}-setting", "seeds": 5, "centre": model == "bertopic"}
        row |= {k: v for k, v in values.items()} | {f"{k}_sd": 0.01 for k in values}
        out.append(row)
    return pd.DataFrame(out)


def test_the_model_better_on_the_numbers_is_adopted() -> None:
    decision = dc.adopt(chosen_frame())
    assert decision.model == "nmf" and decision.setting == "nmf-setting"
    assert decision.scores.iloc[0]["beats"] == 2
    assert all("clearly higher" in reason for reason in decision.reasons)


def test_gaps_within_seed_noise_are_ties() -> None:
    close = {"bertopic": {"npmi_heldout": 0.089, "stability": 0.969, "diversity": 0.919}}
    decision = dc.adopt(chosen_frame(**close))
    pair = decision.comparisons[(decision.comparisons.a == "bertopic") & (decision.comparisons.b == "nmf")]
    assert (pair.better == "tie").all()
    assert decision.scores.set_index("model").loc["bertopic", "beats"] == 1  # beats LDA only


def test_a_winner_in_name_only_says_it_is_within_noise() -> None:
    same = {m: {"npmi_heldout": 0.05, "stability": 0.5, "diversity": 0.8} for m in ("bertopic", "nmf", "lda")}
    decision = dc.adopt(chosen_frame(**same))
    assert "within seed noise" in decision.reasons[-1]


def test_the_sharing_verdict_never_rests_on_a_centred_fit() -> None:
    summary = pd.DataFrame({"model": ["bertopic", "bertopic", "nmf"], "setting": ["c", "u", "n"],
                            "centre": [True, False, False], "min_cluster_size": [12, 12, None],
                            "min_df": [2, 2, 2], "max_df": [1.0, 1.0, 1.0]})
    assert dc.sharing_subject(summary, summary.iloc[0])["setting"] == "u"
    assert dc.sharing_subject(summary, summary.iloc[2])["setting"] == "n"


def test_settings_of_round_trips_the_grid() -> None:
    for model, settings, _ in sel.grid():
        row = pd.Series(sel.knobs(model, settings))
        assert dc.settings_of(row) == settings


def test_reading_is_built_from_the_numbers(shared_chunks) -> None:
    chosen = chosen_frame()
    for column in ("n_topics", "npmi", "outliers_raw", "outliers", "zero_pairs", "heldout_zero_pairs"):
        chosen[column], chosen[f"{column}_sd"] = 0.5, 0.1
    chosen["npmi"] = [0.05, 0.01, 0.03]  # in-sample NPMI ranks the models otherwise than held-out
    decision = dc.adopt(chosen)
    subject = chosen.set_index("model", drop=False).loc["nmf"].copy()
    subject["rejects_less"], subject["rejects_more"], subject["p_less_max"], subject["cross_speaker_null"] = 5, 0, 0.001, 0.97
    subject["cross_speaker"] = 0.9
    test = sharing_test(shared_chunks.theme, shared_chunks.speaker, sel.turn_blocks(shared_chunks), 99)
    topics = pd.DataFrame({"speaker-specific": [True, False, False], "two guests ≥10 %": [True, True, True]})
    budget = pd.DataFrame({"model": ["bertopic", "nmf", "lda"], "settings": [6] * 3, "fits": [30] * 3, "seeds": [5] * 3})
    text = "\n".join(dc.reading(decision, chosen, budget, subject, test, topics))
    assert "Adopted: NMF" in text and f"{test.statistic:.3f}" in text and f"{test.null.mean():.3f}" in text
    assert "1 of 3 topics" in text and "less shared than chance in every seed" in text
    assert "held-out NPMI 0.090 ± 0.010" in text  # NMF's held-out NPMI (the criterion) with its seed SD
    assert "Conflict: in-sample NPMI ranks the models otherwise" in text
    assert "BERTopic 0.050 ± 0.100 > LDA 0.030 ± 0.100 > NMF 0.010 ± 0.100" in text
    assert "does not carry over" in text and "50% of NMF's top-word pairs never co-occur in the held-out" in text
    agreeing = dc.reading(decision, chosen.assign(npmi=[0.01, 0.05, 0.03]), budget, subject, test, topics)
    assert "NMF is first here too" in "\n".join(agreeing) and "Conflict" not in "\n".join(agreeing)
    assert "97.0%" in text and "No: which topic" in text and "cannot tell shared from speaker-specific" in text  # the old criterion under the null
    coarse = {3: sharing_test(shared_chunks.theme, shared_chunks.speaker, sel.turn_blocks(shared_chunks, 3), 99)}
    with_runs = "\n".join(dc.reading(decision, chosen, budget, subject, test, topics, coarser=coarse))
    assert f"runs of 3 turns ({coarse[3].n_blocks} blocks): p = {coarse[3].p_less:.3f}" in with_runs
    changed = dc.reading(decision, chosen, budget, subject, test, topics.assign(**{"speaker-specific": [True] * 3}))
    assert "3 of 3 topics" in "\n".join(changed)


def test_pm_formats_mean_and_sd() -> None:
    assert dc.pm(0.0641, 0.0032) == "0.064 ± 0.003"
    assert dc.pm(0.5, np.nan) == "0.500"
    assert dc.pm(7.6, 0.55, 1) == "7.6 ± 0.6"


def test_a_model_with_too_few_topics_is_not_adopted_ahead_of_one_with_enough() -> None:
    # at forty interviews BERTopic's best setting gave 2 topics, perfectly stable and diverse, and won on those
    chosen = chosen_frame(bertopic={"npmi_heldout": 0.2, "stability": 1.0, "diversity": 1.0})
    chosen["n_topics"] = [2.0, 5.0, 5.0]
    decision = dc.adopt(chosen)
    assert decision.model == "nmf" and "Not eligible ahead of a model with ≥ 5 topics: BERTopic" in decision.reasons[-1]
    assert dc.adopt(chosen.assign(n_topics=5.0)).model == "bertopic"
