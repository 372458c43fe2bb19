"""Benchmark `doingoai analyze` on many generated files: its peak memory and CPU time by input size.

    python -m doingoai.bench_analyze --files 1000 10000 100000

The files are generated articles (`doingoai.bench_corpus`, 150 words each, dated over about two
years), written once into a folder (`--keep DIR` keeps it for another run); a smaller size reads
the first files of the largest. Each size runs `doingoai analyze DIR -o FILE` in a process of its
own: its peak resident memory is the high-water mark the process notes as it exits
(`VmHWM`), its CPU time what the kernel reports when it ends. The target: under 500 MB (10^6
bytes) at 100,000 files.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

TARGET_BYTES = 500 * 10**6


def files_write(directory: Path, count: int, seed: int, words: int) -> list[Path]:
    """Write `count` generated articles into a folder (once: files already there are kept)."""
    from doingoai.bench_corpus import corpus_generate

    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"bench-{seed}-{i:06d}.txt" for i in range(count)]
    if all(path.exists() for path in paths):
        return paths
    for path, (_doc_id, text) in zip(paths, corpus_generate(count, seed=seed, words=words), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


# The child notes its own peak RSS as it exits: VmHWM, the high-water mark of the memory of the
# program it runs. The kernel's ru_maxrss of a child also counts the parent's memory it was
# forked from (a test runner's hundreds of MiB), so it would not measure analyze alone.
_CHILD = """
import atexit, sys
from doingoai.cli import main

def _peak_write():
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(sys.argv[1], "w") as out:
        out.write(peak)

atexit.register(_peak_write)
sys.exit(main(["analyze", *sys.argv[2:]]))
"""


def analyze_measure(folder: Path, output: Path) -> dict[str, float]:
    """Run `doingoai analyze` on a folder in its own process; return its peak RSS, CPU and wall time."""
    started = time.perf_counter()
    peak_file = output.with_name(output.name + ".peak")
    process = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(peak_file), str(folder), "-o", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"doingoai analyze {folder} exited with {os.waitstatus_to_exitcode(status)}")
    peak_kib = float(peak_file.read_text())
    peak_file.unlink()
    return {
        "peak_rss_bytes": peak_kib * 1024.0,  # /proc reports kB (KiB)
        "user_s": usage.ru_utime,
        "system_s": usage.ru_stime,
        "wall_s": wall,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print one line per size."""
    parser = argparse.ArgumentParser(
        prog="python -m doingoai.bench_analyze", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--files",
        type=int,
        nargs="+",
        default=[1000, 10_000, 100_000],
        help="input sizes (1000 10000 100000)",
    )
    parser.add_argument("--seed", type=int, default=3, help="random seed of the generator (3)")
    parser.add_argument("--words", type=int, default=150, help="words per article (150)")
    parser.add_argument("--keep", metavar="DIR", help="write the generated files here and keep them")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="doingoai-bench-analyze-") as scratch:
        root = Path(args.keep) if args.keep else Path(scratch)
        paths = files_write(root / "files", max(args.files), args.seed, args.words)
        for count in sorted(args.files):
            folder = root / f"first-{count}"
            folder.mkdir(exist_ok=True)
            for path in paths[:count]:
                link = folder / path.name
                if not link.exists():
                    link.symlink_to(path)
            r = analyze_measure(folder, Path(scratch) / f"analyze-{count}.md")
            verdict = "under" if r["peak_rss_bytes"] < TARGET_BYTES else "OVER"
            sys.stdout.write(
                f"files={count} peak_rss={r['peak_rss_bytes'] / 2**20:.1f}MiB "
                f"({r['peak_rss_bytes'] / 10**6:.0f} MB, {verdict} the 500 MB target) "
                f"user={r['user_s']:.1f}s ({1000 * r['user_s'] / count:.1f} ms a file) "
                f"system={r['system_s']:.1f}s wall={r['wall_s']:.1f}s\n"
            )
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
