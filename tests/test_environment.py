"""environment.yml (conda) and the pip pins must list the same packages and versions."""

import re

from analysis.config import PROJECT_ROOT


def _pins(text: str) -> set[str]:
    return {m.group(1).lower() for m in re.finditer(r"([A-Za-z0-9_.\-]+==[^\s#]+)", text)}


def test_environment_yml_agrees_with_pip_pins():
    pip = _pins((PROJECT_ROOT / "requirements.txt").read_text()) | _pins((PROJECT_ROOT / "requirements-nodeps.txt").read_text())
    conda = _pins((PROJECT_ROOT / "environment.yml").read_text())
    assert pip == conda


def test_direct_pins_agree_with_the_lock():
    lock = {p.split("==")[0]: p for p in _pins((PROJECT_ROOT / "constraints.txt").read_text())}
    for pin in _pins((PROJECT_ROOT / "requirements.txt").read_text()):
        assert lock.get(pin.split("==")[0], pin) == pin
