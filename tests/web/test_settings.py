from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.utils import ConnectionHandler

from doingoai.web import config


def _settings_in_subprocess(tmp_path: Path, **env: str) -> dict[str, object]:
    """Import the settings with a given environment and return a few values."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DOINGOAI_", "DATABASE_URL"))}
    full.update(
        {"DOINGOAI_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "doingoai.web.settings"}
    )
    full.update(env)
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
        "'debug': s.DEBUG, 'secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE, "
        "'hosts': s.ALLOWED_HOSTS, 'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_default_database_is_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    values = _settings_in_subprocess(tmp_path)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(tmp_path / "data" / "doingoai.sqlite3")
    assert values["debug"] is False and values["secure"] is False
    assert values["hosts"] == ["localhost", "127.0.0.1", "[::1]"]
    assert (values["tz"], values["lang"]) == ("Asia/Ho_Chi_Minh", "vi")


def test_database_url_switches_to_postgresql(tmp_path: Path) -> None:
    values = _settings_in_subprocess(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "test"


def test_https_makes_cookies_secure_and_hosts_come_from_the_environment(tmp_path: Path) -> None:
    values = _settings_in_subprocess(tmp_path, DOINGOAI_HTTPS="1", DOINGOAI_ALLOWED_HOSTS="doingoai.vn, x.vn")
    assert values["secure"] is True and values["csrf_secure"] is True
    assert values["hosts"] == ["doingoai.vn", "x.vn"]
    assert _settings_in_subprocess(tmp_path, DOINGOAI_DEBUG="1")["debug"] is True


def test_sqlite_runs_with_wal_a_busy_timeout_and_immediate_transactions(
    tmp_path: Path, django_db_blocker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = ConnectionHandler({"default": config.database_config({}, tmp_path)})
    with django_db_blocker.unblock():
        wrapper = handler["default"]
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == config.SQLITE_TIMEOUT * 1000
        # An immediate transaction takes the write lock at BEGIN, before any write: another writer
        # cannot start, instead of both reading and then failing with "database is locked".
        # `atomic` looks connections up by alias: point it at this settings-built connection.
        monkeypatch.setattr(transaction, "get_connection", lambda using=None: wrapper)
        with transaction.atomic():
            other = sqlite3.connect(tmp_path / config.SQLITE_FILE, timeout=0)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
        handler.close_all()


def test_a_process_keeps_its_sqlite_connection_from_one_request_to_the_next(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    # Opening a connection makes SQLite parse the whole schema again: 2 ms a request.
    handler = ConnectionHandler({"default": config.database_config({}, tmp_path)})
    with django_db_blocker.unblock():
        wrapper = handler["default"]
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
        opened = wrapper.connection
        wrapper.close_if_unusable_or_obsolete()  # what Django does as each request ends
        assert wrapper.connection is opened is not None
        handler.close_all()


def test_secret_key_is_generated_once_and_readable_by_its_owner_only(tmp_path: Path) -> None:
    first = config.secret_key_load({}, tmp_path)
    assert len(first) >= 50
    assert config.secret_key_load({}, tmp_path) == first
    mode = stat.S_IMODE((tmp_path / config.SECRET_KEY_FILE).stat().st_mode)
    assert mode == 0o600


def test_secret_key_from_the_environment_is_not_written(tmp_path: Path) -> None:
    assert config.secret_key_load({"DOINGOAI_SECRET_KEY": "k" * 60}, tmp_path) == "k" * 60
    assert not (tmp_path / config.SECRET_KEY_FILE).exists()


def test_the_suite_runs_on_the_database_it_was_given(db: None) -> None:
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_the_data_folder_and_sqlite_files_are_private_to_their_owner(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOINGOAI_", "DATABASE_URL"))}
    env.update({"DOINGOAI_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "doingoai.web.settings"})
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('create table t (x integer)'); "
        "c.execute('insert into t values (1)'); "
        "open(django.conf.settings.DATA_DIR / 'upload.bin', 'wb').write(b'x')"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, umask=0o022)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in (config.SQLITE_FILE, config.SQLITE_FILE + "-wal", config.SQLITE_FILE + "-shm", "upload.bin"):
        if name.endswith(("-wal", "-shm")) and not (data / name).exists():
            continue
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name


def test_a_data_folder_left_open_is_closed_at_startup(tmp_path: Path) -> None:
    data = tmp_path / "open"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    (data / config.SQLITE_FILE).write_bytes(b"")
    (data / config.SQLITE_FILE).chmod(0o644)
    config.data_dir_prepare({"DOINGOAI_DATA_DIR": str(data)})
    config.database_config({}, data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / config.SQLITE_FILE).stat().st_mode) == 0o600


def test_kept_pages_are_shared_by_the_processes_and_private_to_their_owner(tmp_path: Path) -> None:
    # gunicorn's workers and the task worker are separate processes: a page one of them kept must
    # be served by the others, from the data folder.
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOINGOAI_", "DATABASE_URL"))}
    env.update({"DOINGOAI_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "doingoai.web.settings"})
    setup = "import django; django.setup(); from django.core.cache import cache; "
    write = setup + "assert cache.set('page', 'trang đã giữ ' * 5000, 600) is not False"
    subprocess.run([sys.executable, "-c", write], env=env, check=True, umask=0o022)
    read = setup + "print(len(cache.get('page') or ''))"
    result = subprocess.run(
        [sys.executable, "-c", read], env=env, capture_output=True, text=True, check=True, umask=0o022
    )
    assert int(result.stdout) == len("trang đã giữ " * 5000)
    kept = [p for p in (data / "cache").rglob("*") if p.is_file()]
    assert kept
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in kept), kept
