"""The deployment files: the compose file is valid and brings up what the README says."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
ENV = {"DOINGOAI_SECRET_KEY": "cau-hinh-thu-nghiem", "POSTGRES_PASSWORD": "mat-khau-thu-nghiem"}


def _compose_command() -> list[str] | None:
    """Return the command of Docker Compose on this machine (plugin or standalone), or None."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_docker_compose_accepts_the_compose_file() -> None:
    command = _compose_command()
    if command is None:
        pytest.skip("Docker Compose is not installed here (no `docker compose` plugin, no docker-compose)")
    result = subprocess.run(
        [*command, "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
    )
    assert result.returncode == 0, result.stderr


def _services() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    services: dict[str, Any] = document["services"]
    return services


def test_compose_runs_postgresql_the_web_server_and_a_worker_with_health_checks() -> None:
    services = _services()
    assert set(services) == {"db", "migrate", "web", "worker", "chores"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["web"]["command"][:2] == ["doingoai", "serve"]
    # The worker runs in its own container, so the web server starts none.
    assert "--no-worker" in services["web"]["command"]
    assert services["worker"]["command"] == ["doingoai", "worker"]
    assert services["chores"]["command"][:2] == ["doingoai", "chores"]
    for name in ("db", "web", "worker", "chores"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("web", "worker", "chores"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]


def test_image_installs_from_the_lock_file() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    syncs = [line for line in dockerfile.splitlines() if "uv sync" in line]
    assert syncs and all("--locked" in line for line in syncs)
    assert "--require-hashes" in dockerfile
