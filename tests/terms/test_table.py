"""The keyness table: key only with enough turns and an interval above 0, intervals, determinism, the file."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.terms.keyness import critical_value
from analysis.terms.table import COLUMNS, MAX_TOP_SHARE, MIN_TURNS, build_keyness, key_table, keyness_table


def _two_speakers(burst_turns: int) -> pd.DataFrame:
    """Speaker a says 泛化 20 times spread over ``burst_turns`` turns; b never does; both say 数据 and 模型."""
    a = ["数据 模型 " + "泛化 " * (20 // burst_turns)] * burst_turns + ["数据 模型 研究"] * 10
    b = ["数据 模型 研究 蒸馏"] * 12
    return pd.DataFrame({"doc_id": ["a"] * len(a) + ["b"] * len(b), "turn_id": list(range(len(a))) + list(range(len(b))),
                         "speaker": ["a"] * len(a) + ["b"] * len(b), "text": a + b})  # fmt: skip


@pytest.fixture(scope="module")
def project_table(corpus) -> pd.DataFrame:
    guests = corpus.turns.query("role == 'guest'")
    return build_keyness(guests, path=None)


def test_a_burst_in_two_turns_is_significant_but_not_key():
    table = keyness_table(_two_speakers(2), n_boot=200).set_index(["speaker", "term"])
    row = table.loc[("a", "泛化")]
    assert row["significant"] and row["n_turns"] == 2
    assert not row["key"] and row["why_not_key"] == f"fewer than {MIN_TURNS} turns"


def test_the_same_count_over_four_turns_is_key():
    table = keyness_table(_two_speakers(4), n_boot=200).set_index(["speaker", "term"])
    assert table.loc[("a", "泛化"), "key"] and table.loc[("a", "泛化"), "why_not_key"] == ""
    assert table.loc[("b", "蒸馏"), "key"]  # 12 turns, never said by a


def test_an_interval_reaching_zero_blocks_key():
    # a says 泛化 in 3 turns of 13, b in 2 of 12: G² is small and the interval reaches 0
    a = ["泛化 泛化 泛化 泛化 数据"] * 3 + ["数据 模型"] * 10
    b = ["泛化 泛化 数据"] * 2 + ["数据 模型"] * 10
    turns = pd.DataFrame({"doc_id": ["a"] * 13 + ["b"] * 12, "turn_id": list(range(13)) + list(range(12)),
                          "speaker": ["a"] * 13 + ["b"] * 12, "text": a + b})  # fmt: skip
    row = (
        keyness_table(turns, n_boot=300, alpha=0.5, bonferroni=False).set_index(["speaker", "term"]).loc[("a", "泛化")]
    )
    assert row["significant"] and row["ci_low"] <= 0 and not row["key"]
    assert row["why_not_key"] == "interval includes 0"


def test_columns_and_g2_cut_off(project_table):
    assert list(project_table.columns) == COLUMNS
    n_tested = project_table.groupby("speaker").size().iloc[0]
    assert (project_table.loc[project_table.significant, "g2"] >= critical_value(0.001, n_tested)).all()


def test_no_key_term_from_fewer_than_three_turns(project_table):
    key = project_table[project_table.key]
    assert len(key) > 0
    assert (key.n_turns >= MIN_TURNS).all() and (key.ci_low > 0).all() and (key.direction == "over").all()


def test_intervals_contain_the_estimate(project_table):
    assert project_table[["ci_low", "ci_high"]].notna().all().all()
    assert (
        (project_table.ci_low <= project_table.log_ratio) & (project_table.log_ratio <= project_table.ci_high)
    ).all()


def test_counts_match_the_turn_texts(project_table, corpus):
    # Hinton's 符号 after the next-symbol occurrences became 预测下一个词 / 下一个词
    hinton = corpus.turns.query("speaker == 'geoffrey-hinton'")
    row = project_table.set_index(["speaker", "term"]).loc[("geoffrey-hinton", "符号")]
    raw = int(hinton.text.str.count("符号").sum())
    next_symbol = int(hinton.text.str.count("下一个符号").sum())
    assert next_symbol > 0 and row["count"] <= raw - next_symbol
    assert row["n_turns"] == int(hinton.text.str.replace("下一个符号", "").str.contains("符号").sum())


def test_llm_variants_are_one_term(project_table):
    terms = set(project_table.term)
    assert "大模型" in terms and not {"大语言模型", "大型语言模型", "llm", "llms"} & terms


def test_two_runs_give_the_same_table_and_file(tmp_path, corpus):
    guests = corpus.turns.query("role == 'guest'")
    first = keyness_table(guests, n_boot=100)
    second = keyness_table(guests, n_boot=100)
    pd.testing.assert_frame_equal(first, second)
    build_keyness(guests, path=tmp_path / "one.parquet", n_boot=100)
    build_keyness(guests, path=tmp_path / "two.parquet", n_boot=100)
    assert (tmp_path / "one.parquet").read_bytes() == (tmp_path / "two.parquet").read_bytes()


def test_key_table_orders_by_g2(project_table):
    top = key_table(project_table, n=2)
    assert top.groupby("speaker").size().max() <= 2
    for _, rows in top.groupby("speaker"):
        assert rows.g2.is_monotonic_decreasing


def test_most_occurrences_in_one_turn_blocks_key():
    a = ["数据 模型 " + "泛化 " * 15, "数据 泛化", "模型 泛化"] + ["数据 模型 研究"] * 10
    b = ["数据 模型 研究 蒸馏"] * 12
    turns = pd.DataFrame({"doc_id": ["a"] * 13 + ["b"] * 12, "turn_id": list(range(13)) + list(range(12)),
                          "speaker": ["a"] * 13 + ["b"] * 12, "text": a + b})  # fmt: skip
    row = keyness_table(turns, n_boot=200).set_index(["speaker", "term"]).loc[("a", "泛化")]
    assert row["significant"] and row["n_turns"] == 3 and row["top_turn_share"] == pytest.approx(15 / 17)
    assert not row["key"] and row["why_not_key"] == "over 50% in one turn"


def test_no_key_term_has_most_of_its_occurrences_in_one_turn(project_table):
    assert (project_table.loc[project_table.key, "top_turn_share"] <= MAX_TOP_SHARE).all()


def test_without_argument_it_is_the_table_the_site_reads(tmp_path, monkeypatch):
    from analysis.site import findings
    from analysis.terms import table as module

    saved = build_keyness(_two_speakers(4), path=tmp_path / "keyness.parquet", n_boot=50)
    monkeypatch.setattr(module, "KEYNESS_PATH", tmp_path / "keyness.parquet")
    pd.testing.assert_frame_equal(keyness_table(), saved)
    assert {"key", "why_not_key"} <= set(keyness_table().columns)
    pd.testing.assert_frame_equal(key_table(), key_table(saved))
    assert "a: 泛化" in findings.term_findings(tmp_path, tmp_path)[0].text


def test_a_missing_table_or_a_wrong_argument_says_what_to_do(tmp_path, corpus):
    with pytest.raises(FileNotFoundError, match="run `make report` first"):
        keyness_table(tmp_path / "keyness.parquet")
    with pytest.raises(TypeError, match="a turns table"):
        keyness_table(corpus)
    with pytest.raises(TypeError, match="only apply when computing from a turns table"):
        keyness_table(n_boot=10)
    with pytest.raises(ValueError, match="missing"):
        keyness_table(pd.DataFrame({"speaker": ["a"], "text": ["x"]}))

def test_vectorised_intervals_equal_the_frame_bootstrap():
    """The per-speaker sparse bootstrap gives bootstrap_ci's intervals (same draws), for three speakers."""
    import numpy as np

    from analysis.stats import bootstrap_ci
    from analysis.terms.dispersion import turn_term_counts
    from analysis.terms.table import _log_ratios, _matrix, _speaker_totals

    turns = pd.concat(
        [_two_speakers(4), _two_speakers(2).assign(speaker=lambda f: f.speaker + "2", doc_id=lambda f: f.doc_id + "2")]
    )
    table = keyness_table(turns, n_boot=80, min_count=1)
    long, sizes = turn_term_counts(turns)
    matrix, terms = _matrix(long, sizes)
    speakers, codes = np.unique(sizes["speaker"].to_numpy(), return_inverse=True)
    cells = (np.repeat(np.arange(len(speakers)), len(terms)), np.tile(np.arange(len(terms)), len(speakers)))

    def statistic(frame: pd.DataFrame) -> pd.Series:
        totals = _speaker_totals(matrix, codes, len(speakers), frame["row"].to_numpy())
        return pd.Series(
            _log_ratios(totals, cells),
            index=pd.MultiIndex.from_arrays([speakers[cells[0]], terms[cells[1]]], names=["speaker", "term"]),
        )

    reference = bootstrap_ci(sizes.assign(row=np.arange(len(sizes))), "speaker", statistic, n_boot=80).frame()
    merged = table.set_index(["speaker", "term"]).join(reference.add_prefix("ref_"))
    assert len(merged) == len(table) == len(reference) and len(speakers) == 4
    assert np.allclose(merged.ci_low, merged.ref_ci_low) and np.allclose(merged.ci_high, merged.ref_ci_high)
    assert np.allclose(merged.log_ratio, merged.ref_point)
