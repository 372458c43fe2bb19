"""Back up and restore a whole instance: the database and the files of the data folder, in one archive.

The archive is a gzip-compressed tar file:

- `manifest.json`: the format, the database engine, when it was made, what it holds;
- `database.sqlite3` (SQLite: a consistent copy made with SQLite's online backup API, so the
  site keeps running and writing while it is taken) or `database.dump` (PostgreSQL: `pg_dump`
  in its custom format, one consistent snapshot);
- `files/…`: every file of the data folder except the database itself and the collected static
  files (which `collectstatic` rebuilds): the secret key and anything stored there.

Restore writes into an empty target only (a database without tables, a data folder with no files
but the ones the settings create at startup) and refuses anything else, so it never overwrites a
running instance. Users and their password hashes are rows of the database and come back with it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from doingoai.ops.errors import BackupError
from doingoai.web import config

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.dump"
FILES_PREFIX = "files/"
# Made by the settings at startup, or rebuilt: never part of what a backup carries.
_STARTUP_FILES = frozenset({config.SECRET_KEY_FILE})
# Rebuilt by the server: the collected static files, and the kept pages (`doingoai.revisions`),
# which a restored database must not meet again.
_SKIPPED_DIRS = frozenset({"static", "cache"})


@dataclass(frozen=True)
class BackupSummary:
    """What an archive holds."""

    engine: str
    files: int
    created_at: str


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Cơ sở dữ liệu “{vendor}” chưa được hỗ trợ sao lưu: chỉ SQLite và PostgreSQL.")
    return vendor


def _sqlite_path(alias: str = "default") -> Path:
    return Path(str(settings.DATABASES[alias]["NAME"]))


def _database_files(data_dir: Path, alias: str = "default") -> set[Path]:
    if _engine(alias) != "sqlite":
        return set()
    path = _sqlite_path(alias)
    return {path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")}


def _data_files(data_dir: Path, alias: str = "default") -> list[Path]:
    """Return the files of the data folder that a backup carries, sorted."""
    skipped = _database_files(data_dir, alias)
    found: list[Path] = []
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if relative.parts and relative.parts[0] in _SKIPPED_DIRS:
            continue
        if path.is_file() and path not in skipped:
            found.append(path)
    return found


def _pg_environment(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    """Return the connection options of pg_dump / pg_restore and an environment holding the password."""
    db = settings.DATABASES[alias]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            f"Không tìm thấy chương trình {command[0]}: hãy cài gói PostgreSQL client."
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{what} thất bại: {done.stderr.strip()[:500]}")


def _database_snapshot(target: Path, alias: str = "default") -> str:
    """Write a consistent copy of the database to `target`; return the archive member's name."""
    engine = _engine(alias)
    if engine == "sqlite":
        source = sqlite3.connect(str(_sqlite_path(alias)))
        copy = sqlite3.connect(str(target))
        try:
            with copy:
                source.backup(copy)  # the online backup API: consistent while others write
        finally:
            copy.close()
            source.close()
        return SQLITE_MEMBER
    args, env = _pg_environment(alias)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args],
        env,
        "pg_dump",
    )
    return POSTGRES_MEMBER


def backup_write(*, archive: Path, now: dt.datetime, alias: str = "default") -> BackupSummary:
    """Write the database and the data folder's files into `archive` (.tar.gz), while the site runs."""
    data_dir = Path(settings.DATA_DIR)
    archive = archive.resolve()
    if archive.is_relative_to(data_dir):
        raise BackupError(f"Tệp sao lưu “{archive}” nằm trong thư mục dữ liệu: hãy ghi ra nơi khác.")
    files = [f for f in _data_files(data_dir, alias) if f != archive]
    with tempfile.TemporaryDirectory(prefix="doingoai-backup-") as work:
        snapshot = Path(work) / "database"
        member = _database_snapshot(snapshot, alias)
        manifest = {
            "format": FORMAT,
            "engine": _engine(alias),
            "created_at": now.isoformat(),
            "database": member,
            "files": [str(f.relative_to(data_dir)) for f in files],
        }
        partial = archive.with_name(archive.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            body = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mode = 0o600
            tar.addfile(info, io.BytesIO(body))
            tar.add(snapshot, arcname=member)
            for path in files:
                tar.add(path, arcname=FILES_PREFIX + str(path.relative_to(data_dir)))
        partial.replace(archive)
    return BackupSummary(
        engine=str(manifest["engine"]), files=len(files), created_at=str(manifest["created_at"])
    )


def _manifest_read(tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
        if member is None:
            raise KeyError(MANIFEST)
        manifest: dict[str, Any] = json.loads(member.read().decode("utf-8"))
    except (KeyError, ValueError) as exc:
        raise BackupError(f"“{archive}” không phải tệp sao lưu của doingoai (thiếu {MANIFEST}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"“{archive}”: định dạng sao lưu {manifest.get('format')} không được hỗ trợ.")
    return manifest


def target_problems(*, alias: str = "default") -> list[str]:
    """Return why the database or the data folder is not an empty target for a restore (empty: it is)."""
    problems = []
    tables = connections[alias].introspection.table_names()
    if tables:
        problems.append(
            f"Cơ sở dữ liệu đích đã có {len(tables)} bảng: hãy khôi phục vào một cơ sở dữ liệu trống."
        )
    data_dir = Path(settings.DATA_DIR)
    others = [f for f in _data_files(data_dir, alias) if str(f.relative_to(data_dir)) not in _STARTUP_FILES]
    if others:
        problems.append(
            f"Thư mục dữ liệu {data_dir} đã có {len(others)} tệp (ví dụ {others[0].name}): "
            "hãy khôi phục vào một thư mục trống."
        )
    return problems


def _safe_member(name: str, data_dir: Path) -> Path:
    target = (data_dir / name).resolve()
    if not target.is_relative_to(data_dir) or target == data_dir:
        raise BackupError(f"Tệp sao lưu có đường dẫn không hợp lệ: “{name}”.")
    return target


def restore_read(*, archive: Path, alias: str = "default") -> BackupSummary:
    """Bring back the database and the files of `archive` into an empty database and data folder."""
    if not archive.is_file():
        raise BackupError(f"Không có tệp sao lưu “{archive}”.")
    problems = target_problems(alias=alias)
    if problems:
        raise BackupError(" ".join(problems))
    data_dir = Path(settings.DATA_DIR)
    try:
        tar = tarfile.open(archive, mode="r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"“{archive}” không phải tệp sao lưu .tar.gz đọc được: {exc}") from exc
    with tar, tempfile.TemporaryDirectory(prefix="doingoai-restore-") as work:
        manifest = _manifest_read(tar, archive)
        engine = _engine(alias)
        if manifest.get("engine") != engine:
            raise BackupError(
                f"“{archive}” là bản sao lưu {manifest.get('engine')}, còn cơ sở dữ liệu đích là {engine}."
            )
        member = tar.extractfile(str(manifest["database"]))
        if member is None:
            raise BackupError(f"“{archive}” thiếu phần cơ sở dữ liệu.")
        snapshot = Path(work) / "database"
        with snapshot.open("wb") as out:
            shutil.copyfileobj(member, out)
        connections[alias].close()
        if engine == "sqlite":
            source = sqlite3.connect(str(snapshot))
            target = sqlite3.connect(str(_sqlite_path(alias)))
            try:
                with target:
                    source.backup(target)
            finally:
                target.close()
                source.close()
        else:
            args, env = _pg_environment(alias)
            _run(
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, str(snapshot)],
                env,
                "pg_restore",
            )
        count = 0
        for info in tar.getmembers():
            if not info.name.startswith(FILES_PREFIX) or not info.isfile():
                continue
            destination = _safe_member(info.name[len(FILES_PREFIX) :], data_dir)
            destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            source_file = tar.extractfile(info)
            if source_file is None:
                continue
            fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(source_file, out)
            count += 1
    # Pages kept for another database (or for this one after the backup was made) could carry the
    # same revision numbers as the restored records: none is kept across a restore.
    cache.clear()
    return BackupSummary(engine=engine, files=count, created_at=str(manifest.get("created_at", "")))
