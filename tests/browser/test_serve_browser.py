"""`doingoai serve` as a new user meets it: gunicorn, the static files and a worker beside it.

The server runs as a real process on its own SQLite data folder (whatever database the suite
uses), is driven by Debian's Chromium, and is stopped the way an operator stops it (SIGTERM).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_library_browser import ARTIFACTS, chromium_page
from tests.library_fixtures import FESTIVAL_TTXVN

PASSWORD = "mat-khau-thu-nghiem-123"
ACCOUNT_CREATE = f"""
from doingoai.accounts.scope import SYSTEM
from doingoai.accounts.services import user_create
from doingoai.directory.services import organization_create
unit = organization_create(
    actor=SYSTEM, name="Ủy ban nhân dân tỉnh Quảng Trị", kind="province", province_code="44"
)
user_create(actor=SYSTEM, username="bientap", password="{PASSWORD}", role="editor", unit=unit)
"""


@dataclass(frozen=True)
class Served:
    url: str
    home: Path
    process: subprocess.Popen[bytes]


def _port_free() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _env(data_dir: Path, home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "DOINGOAI_"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, "DOINGOAI_DATA_DIR": str(data_dir), "HOME": str(home)}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """Start `doingoai serve` (one web process and a worker) on a migrated data folder."""
    home = tmp_path / "home"
    home.mkdir()
    env = _env(tmp_path / "data", home)
    command = [sys.executable, "-m", "doingoai"]
    subprocess.run([*command, "migrate", "-v0"], env=env, check=True, timeout=300)
    subprocess.run([*command, "shell", "-c", ACCOUNT_CREATE], env=env, check=True, timeout=120)
    port = _port_free()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [*command, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while not _answers(port):
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        assert time.monotonic() < deadline, "doingoai serve did not answer within 90 s"
        time.sleep(0.2)
    try:
        yield Served(url=f"http://127.0.0.1:{port}", home=home, process=process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


@pytest.fixture
def browser_page() -> Iterator[Any]:
    with chromium_page() as page:
        yield page


def test_serve_loads_the_css_and_its_worker_processes_an_upload(served: Served, browser_page: Any) -> None:
    page = browser_page
    stylesheets: list[tuple[str, int]] = []
    page.on(
        "response",
        lambda response: (
            stylesheets.append((response.url, response.status))
            if response.request.resource_type == "stylesheet"
            else None
        ),
    )
    page.goto(f"{served.url}/dang-nhap/")
    # gunicorn itself serves the CSS (whitenoise): the page is styled, not bare HTML.
    assert stylesheets and all(status == 200 for _url, status in stylesheets), stylesheets
    rules = page.evaluate("[...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0)")
    assert rules > 20

    page.fill("#id_username", "bientap")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{served.url}/")
    page.goto(f"{served.url}/thu-vien/tai-len/")
    page.set_input_files(
        "input[type=file]",
        [{"name": "ttxvn.txt", "mimeType": "text/plain", "buffer": FESTIVAL_TTXVN.encode()}],
    )
    page.click("form[enctype] button[type=submit]")
    page.wait_for_url("**/thu-vien/dot-nhap/*/")
    job_url = page.url
    # The request only queued the file; the worker process beside gunicorn reads it, and the
    # job's page (which refreshes itself) ends on "Hoàn tất".
    deadline = time.monotonic() + 120
    while (status := page.inner_text("#job-status").strip()) != "Hoàn tất":
        assert status in {"Đang chờ", "Đang xử lý"}, status
        assert time.monotonic() < deadline, f"the worker did not finish the upload: {status}"
        time.sleep(1)
        page.goto(job_url)
    page.screenshot(path=str(ARTIFACTS / "serve-upload-done.png"))
    page.goto(f"{served.url}/thu-vien/")
    assert "Quảng Trị" in page.inner_text("main")

    # Stopped like a service (SIGTERM): both children stop cleanly, and gunicorn left no control
    # socket in the user's home, where two servers on one machine would take it from each other.
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=60) == 0
    assert not (served.home / ".gunicorn").exists()
