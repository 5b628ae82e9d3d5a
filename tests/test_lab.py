"""``make lab`` starts JupyterLab (as root too) at the project root: its own command answers on /lab."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from analysis.config import PROJECT_ROOT

TOKEN = "ai-voices-test"
#: Seconds JupyterLab gets to answer (the machine is shared; it usually takes 3-10 s).
START_TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lab_command(port: int) -> str:
    """The command ``make lab`` runs (setup marked done with ``-o``, so it is printed, not run)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    args = f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token={TOKEN}"
    out = subprocess.run(["make", "-s", "-n", "-o", ".venv/.installed-stamp", "lab", f"LAB_ARGS={args}"],
                         cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout  # fmt: skip
    return out.strip().splitlines()[-1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_make_lab_allows_root_only_as_root():
    command = _lab_command(_free_port())
    assert ("--allow-root" in command) == (os.geteuid() == 0)
    assert f'--ServerApp.root_dir="{PROJECT_ROOT}"' in command


def test_make_lab_answers_on_lab_and_shows_the_project_root(tmp_path):
    port = _free_port()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path), "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    server = subprocess.Popen(_lab_command(port), shell=True, cwd=PROJECT_ROOT, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=(tmp_path / "lab.log").open("w"))  # fmt: skip
    try:
        deadline, status = time.monotonic() + START_TIMEOUT, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, page = _get(f"http://127.0.0.1:{port}/lab?token={TOKEN}")
                break
            except OSError:
                time.sleep(1)
        log = (tmp_path / "lab.log").read_text(errors="replace")[-2000:]
        assert status == 200, f"JupyterLab did not answer on /lab within {START_TIMEOUT} s (exit {server.poll()}): {log}"
        assert b"JupyterLab" in page
        _, listing = _get(f"http://127.0.0.1:{port}/api/contents?token={TOKEN}")
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert {"notebooks", "reports", "figures", "README.md"} <= names
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_progress_bars_render_as_widgets_in_a_notebook_without_a_warning():
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import warnings\nwarnings.simplefilter('always')\nfrom tqdm.auto import tqdm\nfor _ in tqdm(range(3)):\n    pass"
    )])  # fmt: skip
    NotebookClient(notebook, timeout=START_TIMEOUT, kernel_name="python3").execute()
    outputs = notebook.cells[0].outputs
    assert not [o for o in outputs if o.output_type == "stream" and "Warning" in o.text]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
