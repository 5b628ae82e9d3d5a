"""A headless Chromium driven over the DevTools protocol (websocket-client), for the page tests.

:func:`find_chromium` returns Debian's ``chromium``, installing it with apt-get when it is missing
and this process may (root, apt-get present), with ``fonts-noto-cjk`` so that screenshots show
Chinese; None where it cannot be had.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1280,1600", "about:blank"]  # fmt: skip


def _has_cjk_font() -> bool:
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        return False
    return bool(found.strip())


def find_chromium() -> tuple[str | None, str]:
    """(path of chromium or None, why not); installs chromium (and a CJK font for the screenshots) when missing."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path and _has_cjk_font():
        return path, ""
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        why = "chromium is not installed and cannot be installed here (no apt-get or not root): install Debian's `chromium`"
        return path, "" if path else why
    packages = [*([] if path else ["chromium"]), *([] if _has_cjk_font() else ["fonts-noto-cjk"])]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]
    done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:  # a fresh machine may have no package lists yet
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600, check=False)
        done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=900, check=False)
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    return path, "" if path else f"chromium could not be installed with apt-get: {done.stderr.strip()[-300:]}"


@dataclass
class PageResult:
    """What loading one page gave: console errors, uncaught exceptions, dialogs, body text, screenshot."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    text: str = ""


class Browser:
    """One Chromium process with a fresh profile; :meth:`open` loads a page and reports what happened."""

    def __init__(self, chromium: str) -> None:
        import websocket

        self.profile = tempfile.mkdtemp(prefix="ai-voices-chromium-")
        self.process = subprocess.Popen([chromium, *FLAGS[:-1], f"--user-data-dir={self.profile}", FLAGS[-1]],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.time() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.time() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not start its DevTools endpoint within 30 s")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        targets = json.loads(_http_get(f"http://127.0.0.1:{port}/json"))
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        for method in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.call(method)

    def call(self, method: str, events: list | None = None, **params: object) -> dict:
        """Send one command, collect the events that arrive before its answer into ``events``."""
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})
            if events is not None and "method" in message:
                events.append(message)

    def open(self, url: str, screenshot: Path) -> PageResult:
        """Load ``url``, wait for the load event, save a full-page PNG ``screenshot``; report errors and text."""
        events: list[dict] = []
        self.call("Page.navigate", events, url=url)
        deadline = time.time() + 30
        while not any(e["method"] == "Page.loadEventFired" for e in events) and time.time() < deadline:
            events.append(json.loads(self.socket.recv()))
        time.sleep(0.3)
        self.call("Runtime.evaluate", events, expression="1")  # flush late console events
        result = PageResult()
        for event in events:
            params = event.get("params", {})
            if event["method"] == "Runtime.exceptionThrown":
                result.errors.append(params["exceptionDetails"].get("text", "exception"))
            elif event["method"] == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                result.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
            elif event["method"] == "Log.entryAdded" and params["entry"]["level"] == "error":
                result.errors.append(params["entry"]["text"])
            elif event["method"] == "Page.javascriptDialogOpening":
                result.dialogs.append(params.get("message", ""))
                self.call("Page.handleJavaScriptDialog", accept=True)
        result.text = self.call("Runtime.evaluate", expression="document.body.innerText")["result"].get("value", "")
        metrics = self.call("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": 1280, "height": min(metrics["height"], 6000), "scale": 0.6})
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        return result

    def evaluate(self, expression: str) -> object:
        """The value of a JavaScript ``expression`` in the open page (awaited when it is a promise)."""
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)["result"].get("value")

    def close(self) -> None:
        """Stop this Chromium process (and only it) and remove its profile."""
        if getattr(self, "socket", None) is not None:
            self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def _http_get(url: str) -> str:
    from urllib.request import urlopen

    with urlopen(url, timeout=10) as response:
        return response.read().decode()
