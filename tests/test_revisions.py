"""A value missing from the kept pages is computed once while other readers ask for it at once."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.core.cache import cache

from doingoai import revisions


def _readers_at_once(count: int, key: str, compute: Any) -> list[Any]:
    """Return what `count` threads got from `revisions.kept(key, compute)`, all started together."""
    start = threading.Barrier(count)
    got: list[Any] = [None] * count

    def read(index: int) -> None:
        start.wait()
        got[index] = revisions.kept(key, compute, 60)

    threads = [threading.Thread(target=read, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return got


def test_readers_asking_at_once_share_one_computation() -> None:
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        time.sleep(0.3)  # long enough for every reader to ask while it runs
        return "trang đã tính"

    got = _readers_at_once(5, "rev:test:one", compute)
    assert got == ["trang đã tính"] * 5
    assert len(calls) == 1
    # Kept: the next reader computes nothing.
    assert revisions.kept("rev:test:one", compute, 60) == "trang đã tính"
    assert len(calls) == 1


def test_a_failed_computation_lets_the_waiting_readers_compute_it_themselves() -> None:
    calls: list[str] = []
    first = threading.Event()

    def compute() -> str:
        calls.append(threading.current_thread().name)
        if len(calls) == 1:
            first.set()
            time.sleep(0.2)
            raise RuntimeError("hỏng")
        return "trang"

    failures: list[BaseException] = []

    def failing_reader() -> None:
        try:
            revisions.kept("rev:test:fail", compute, 60)
        except RuntimeError as error:
            failures.append(error)

    reader = threading.Thread(target=failing_reader)
    reader.start()
    assert first.wait(5)
    # Asked while the first computation runs: it waits, sees the claim released without a value,
    # and computes the page itself rather than wait out the limit or fail.
    began = time.monotonic()
    assert revisions.kept("rev:test:fail", compute, 60) == "trang"
    assert time.monotonic() - began < revisions.KEPT_WAIT_SECONDS
    reader.join(5)
    assert len(failures) == 1
    assert cache.get("rev:test:fail:computing") is None


def test_a_claim_left_by_a_process_that_died_is_waited_out_then_computed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A web process killed while computing leaves its claim until the claim expires.
    cache.add("rev:test:dead:computing", 12345, timeout=60)
    monkeypatch.setattr(revisions, "KEPT_WAIT_SECONDS", 0.2)
    began = time.monotonic()
    assert revisions.kept("rev:test:dead", lambda: "trang", 60) == "trang"
    assert 0.2 <= time.monotonic() - began < 5
    assert cache.get("rev:test:dead") == "trang"
