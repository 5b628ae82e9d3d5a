"""Which scheduler the engine picks, and what it says when a named cluster does not answer."""

from __future__ import annotations

import dask
import pytest

from analysis import engine


def test_small_work_stays_synchronous_and_large_work_gets_a_local_cluster(monkeypatch):
    monkeypatch.delenv(engine.SCHEDULER_ENV, raising=False)
    monkeypatch.delenv(engine.WORKERS_ENV, raising=False)
    monkeypatch.setattr(engine, "local_workers", lambda: 2)
    assert engine.choose(engine.LOCAL_CLUSTER_MIN - 1) == "sync"
    assert engine.choose(engine.LOCAL_CLUSTER_MIN) == "local"
    assert engine.choose(10**6, workers=0) == "sync"
    monkeypatch.setenv(engine.WORKERS_ENV, "1")
    assert engine.choose(1) == "local"
    monkeypatch.setenv(engine.SCHEDULER_ENV, "tcp://10.0.0.1:8786")
    assert engine.choose(1, workers=0) == "address"  # a named cluster always wins


def test_run_keeps_order_on_the_synchronous_scheduler():
    tasks = [dask.delayed(lambda x: x * x)(k) for k in range(50)]
    assert engine.run(tasks, workers=0) == [k * k for k in range(50)]
    assert engine.run([]) == []


def test_a_named_scheduler_that_does_not_answer_says_what_to_do(monkeypatch):
    monkeypatch.setenv(engine.SCHEDULER_ENV, "tcp://127.0.0.1:9")
    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(RuntimeError, match="dask scheduler"):
        engine.run([dask.delayed(abs)(-1)])
