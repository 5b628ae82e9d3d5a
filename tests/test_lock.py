"""The build lock (issue 16): a second build waits with a message or refuses naming the first one's pid."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from analysis.config import PROJECT_ROOT
from analysis.lock import BUILD_LOCK, TIMEOUT_ENV, BuildLockedError, exclusive, holder

HOLD = (
    "import sys, time\nfrom analysis.lock import exclusive\n"
    "with exclusive(sys.argv[1], 'a test'):\n    print('held', flush=True)\n    time.sleep(float(sys.argv[2]))\n"
)


def _holder(path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_holder_refuses_and_names_the_first(tmp_path):
    proc = _holder(tmp_path / ".lock", 30)
    try:
        with pytest.raises(BuildLockedError, match=rf"another build is running \(pid {proc.pid}\)"), \
                exclusive(tmp_path / ".lock", "the test", wait=0):  # fmt: skip
            pass
    finally:
        proc.kill()
        proc.wait()


def test_a_second_holder_waits_with_a_message_then_runs(tmp_path, capfd):
    proc = _holder(tmp_path / ".lock", 2)
    start = time.perf_counter()
    with exclusive(tmp_path / ".lock", "the test"):
        waited = time.perf_counter() - start
    proc.wait()
    assert waited > 1.5  # the first holder slept 2 s with the lock after saying so
    assert f"another build is running (pid {proc.pid}): the test waits" in capfd.readouterr().err


def test_a_holder_killed_with_sigkill_leaves_no_stale_lock(tmp_path):
    proc = _holder(tmp_path / ".lock", 30)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with exclusive(tmp_path / ".lock", "the test", wait=0):
        assert holder(tmp_path / ".lock") == os.getpid()


def test_the_lock_is_reentrant_in_a_process(tmp_path):
    with exclusive(tmp_path / ".lock"), exclusive(tmp_path / ".lock", wait=0):
        pass


def test_make_report_refuses_while_another_build_runs():
    proc = _holder(BUILD_LOCK, 60)
    try:
        run = subprocess.run([sys.executable, "-m", "analysis.report", "01"], cwd=PROJECT_ROOT, capture_output=True,
                             text=True, timeout=120, env={**os.environ, TIMEOUT_ENV: "0"})  # fmt: skip
    finally:
        proc.kill()
        proc.wait()
    assert run.returncode != 0
    assert f"another build is running (pid {proc.pid})" in run.stderr and "Traceback" not in run.stderr
