from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from doingoai.cli import main


def test_migrate_help_is_passed_to_django(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: doingoai migrate" in out and "--database" in out


def test_help_lists_library_and_web_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for command in ("analyze", "migrate", "createsuperuser", "runserver", "shell", "demo_load"):
        assert command in out


def test_unknown_command_fails_with_django_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no_such_command"]) == 1
    assert "Unknown command: 'no_such_command'" in capsys.readouterr().err


def test_analyze_needs_no_database(tmp_path: Path) -> None:
    article = tmp_path / "bai.txt"
    article.write_text(
        "Hội nghị hữu nghị tại Huế\n\nSáng 3/4, hai bên ký biên bản ghi nhớ.\n", encoding="utf-8"
    )
    data_dir = tmp_path / "never-created"
    env = {
        **os.environ,
        # A database that cannot answer, and a data folder that must not appear: analyze touches neither.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DOINGOAI_DATA_DIR": str(data_dir),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = (
        "import sys; from doingoai.cli import main; rc = main(['analyze', sys.argv[1], '--format', 'json']); "
        "assert 'django.db' not in sys.modules, 'analyze imported the database layer'; sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(article)], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert '"documents"' in result.stdout
    assert not data_dir.exists()
