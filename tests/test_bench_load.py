"""The load benchmark's own arithmetic: the server's CPU time and the number of requests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("psutil", reason="the load benchmark needs the bench extra (locust and psutil)")

from doingoai.bench_load import cpu_seconds, requests_total


def _spinning_child(then: str) -> subprocess.Popen[bytes]:
    """Start a parent that waits for a child spinning about half a second of CPU, then doing `then`."""
    spin = f"import time\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass\n{then}"
    program = (
        f"import subprocess, sys, time; subprocess.run([sys.executable, '-c', {spin!r}]); time.sleep(30)"
    )
    return subprocess.Popen([sys.executable, "-c", program], start_new_session=True)


def _cpu_reached(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if cpu_seconds(pid) >= seconds:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("child", ["living", "ended"])
def test_cpu_seconds_count_the_children_of_the_server(child: str) -> None:
    # gunicorn's workers are its master's children: a living one is read itself, one that ended
    # (replaced) counts in its parent once waited for.
    parent = _spinning_child("time.sleep(30)" if child == "living" else "")
    try:
        assert _cpu_reached(parent.pid, 0.45)
    finally:
        os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()
    assert cpu_seconds(parent.pid) == 0.0  # gone: nothing to count, and no error


def test_requests_total_reads_the_aggregated_row(tmp_path: Path) -> None:
    stats = tmp_path / "locust_stats.csv"
    stats.write_text(
        "Type,Name,Request Count,Failure Count\n"
        "GET,document list,120,0\n"
        "GET,search,80,1\n"
        ",Aggregated,200,1\n",
        encoding="utf-8",
    )
    assert requests_total(stats) == 200
