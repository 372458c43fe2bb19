from __future__ import annotations

import re
from pathlib import Path

import pytest

from doingoai import bench_analyze


def test_the_benchmark_measures_analyze_at_each_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A parent holding 600 MiB (as a test runner may): the child's figure is its own, not the parent's.
    ballast = bytearray(600 * 2**20)
    ballast[::4096] = b"\x01" * (len(ballast) // 4096)
    assert bench_analyze.main(["--files", "2", "4", "--keep", str(tmp_path)]) == 0
    del ballast
    lines = capsys.readouterr().out.splitlines()
    assert [re.match(r"files=(\d+) ", line).group(1) for line in lines] == ["2", "4"]  # type: ignore[union-attr]
    for line in lines:
        peak = float(re.search(r"peak_rss=([\d.]+)MiB", line).group(1))  # type: ignore[union-attr]
        assert 30 < peak < 1000  # a Python process that loaded the analysis models
        assert "under the 500 MB target" in line
    # The files are written once and the smaller size reads the first of them.
    assert sorted(p.name for p in (tmp_path / "first-2").iterdir()) == [
        "bench-3-000000.txt",
        "bench-3-000001.txt",
    ]
    assert len(list((tmp_path / "files").iterdir())) == 4


def test_a_failing_analyze_is_reported(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="exited with 1"):
        bench_analyze.analyze_measure(tmp_path / "missing", tmp_path / "out.md")
