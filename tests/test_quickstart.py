"""The README's quick start: what it tells a new user to type works as written."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _quick_start() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Quick start")
    return text[start : text.index("\n## ", start + 1)]


def test_quick_start_says_how_to_serve_the_demo_on_another_port() -> None:
    section = _quick_start()
    example = re.search(r"make demo (DEMO_BIND=(\S+?):(\d+))", section)
    assert example, "the quick start names no variable that chooses the demo's address and port"
    if shutil.which("make") is None:
        pytest.skip("make is not installed here")
    # `make -n` prints the commands without running them: the example must reach `serve --bind`.
    dry_run = subprocess.run(
        ["make", "-n", "demo", example.group(1)], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert f"serve --bind {example.group(2)}:{example.group(3)}" in dry_run.stdout
