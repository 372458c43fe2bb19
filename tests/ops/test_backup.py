"""`doingoai backup` and `doingoai restore`: a populated instance comes back whole, users included.

Each instance is a separate process with its own data folder (and, on PostgreSQL, its own
databases), as an operator would run the commands.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POPULATE = """
import django; django.setup()
from decimal import Decimal
from doingoai.accounts.scope import SYSTEM
from doingoai.accounts.services import user_create
from doingoai.directory import services
unit = services.organization_create(actor=SYSTEM, name="Ủy ban nhân dân tỉnh Quảng Trị", kind="province",
                                    province_code="44")
services.partner_create(actor=SYSTEM, owner_unit=unit, name="Hội Hữu nghị Sakura", kind="ngo", country="JP",
                        notes="Đối tác lâu năm — ghi chú có dấu")
services.person_create(actor=SYSTEM, owner_unit=unit, full_name="Nguyễn Thị Khôi Phục")
user_create(actor=SYSTEM, username="bientap.saoluu", password="mat-khau-sao-luu-7", role="editor", unit=unit)
from django.conf import settings
(settings.DATA_DIR / "tep-luu").mkdir()
(settings.DATA_DIR / "tep-luu" / "bao-cao.txt").write_text("báo cáo đã lưu", encoding="utf-8")
from django.core.cache import cache
cache.set("trang-da-giu", "một trang giữ lại")  # the kept pages' cache, in the data folder
"""

KEEP_A_PAGE = """
import django; django.setup()
from django.core.cache import cache
cache.set("trang-cu", "một trang của cơ sở dữ liệu khác")
"""
KEPT_PAGE = """
import django; django.setup()
from django.core.cache import cache
print(cache.get("trang-cu"))
"""

INSPECT = """
import json, django; django.setup()
from django.contrib.auth import authenticate
from doingoai.accounts.models import User
from doingoai.audit.models import AuditEntry
from doingoai.directory.models import Organization, PartnerOrganization, Person
from django.conf import settings
note = PartnerOrganization.objects.values_list("notes", flat=True).first()
stored = settings.DATA_DIR / "tep-luu" / "bao-cao.txt"
print(json.dumps({
    "counts": [m.objects.count() for m in (Organization, PartnerOrganization, Person, User, AuditEntry)],
    "note": note,
    "person": Person.objects.values_list("full_name", flat=True).first(),
    "signs_in": authenticate(username="bientap.saoluu", password="mat-khau-sao-luu-7") is not None,
    "file": stored.read_text(encoding="utf-8") if stored.exists() else None,
}, ensure_ascii=False))
"""


def _env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOINGOAI_", "DATABASE_URL"))}
    env.update({"DOINGOAI_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "doingoai.web.settings"})
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(env: dict[str, str], *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "doingoai", *argv], env=env, capture_output=True, text=True, check=check
    )


def _python(env: dict[str, str], code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout


def _postgres_databases() -> Iterator[tuple[str, str]]:
    """Create two scratch databases beside the suite's server; yield their URLs; drop them."""
    import psycopg

    base = os.environ["DATABASE_URL"]
    server, _slash, _name = base.rpartition("/")
    names = [f"access_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("src", "dst")]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{names[0]}", f"{server}/{names[1]}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not ON_POSTGRES, reason="the PostgreSQL round trip runs when the suite runs on PostgreSQL"
            ),
        ),
    ]
)
def database_urls(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        yield "", ""
    else:
        yield from _postgres_databases()


def test_a_populated_instance_round_trips_through_backup_and_restore(
    tmp_path: Path, database_urls: tuple[str, str]
) -> None:
    source_url, target_url = database_urls
    source = _env(tmp_path / "nguon", source_url)
    _run(source, "migrate", "--verbosity", "0")
    _python(source, POPULATE)
    before = json.loads(_python(source, INSPECT))
    assert before["counts"][:4] == [1, 1, 1, 1] and before["signs_in"]

    archive = tmp_path / "sao-luu.tar.gz"
    done = _run(source, "backup", str(archive))
    assert "Đã sao lưu" in done.stdout
    assert (archive.stat().st_mode & 0o777) == 0o600
    # Kept pages belong to the database they were made from: a backup does not carry them.
    with tarfile.open(archive) as tar:
        assert not [name for name in tar.getnames() if "cache" in name.split("/")]

    target = _env(tmp_path / "dich", target_url)
    # A page kept in the target's folder before (for another database) must not survive.
    _python(target, KEEP_A_PAGE)
    done = _run(target, "restore", str(archive))
    assert "Đã khôi phục" in done.stdout
    after = json.loads(_python(target, INSPECT))
    assert after == before
    assert after["file"] == "báo cáo đã lưu"
    assert _python(target, KEPT_PAGE).strip() == "None"

    again = _run(target, "restore", str(archive), check=False)
    assert again.returncode != 0
    assert "cơ sở dữ liệu trống" in again.stderr


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "khong-phai.tar.gz"
    bogus.write_bytes(b"not an archive")
    done = _run(_env(tmp_path / "dich", ""), "restore", str(bogus), check=False)
    assert done.returncode != 0
    assert "không phải tệp sao lưu" in done.stderr
    assert "Traceback" not in done.stderr
