"""Content-Security-Policy: every page forbids inline scripts, and no template needs them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from doingoai.accounts.models import User
from tests.django_fixtures import Units

SRC = Path(__file__).resolve().parents[2] / "src" / "doingoai"
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def _inline_scripts(html: str) -> list[str]:
    """Return the opening tags of scripts that run from the page itself (not data blocks)."""
    return [
        m.group(0)
        for m in SCRIPT_TAG.finditer(html)
        if "src=" not in m.group(1) and "application/json" not in m.group(1)
    ]


@pytest.mark.parametrize("path", ["/dang-nhap/", "/", "/thu-vien/", "/danh-ba/doi-tac/", "/api/docs"])
def test_every_page_forbids_inline_scripts(
    path: str, units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(make_user("coordinator", None)) if path != "/dang-nhap/" else Client()
    response = client.get(path)
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["style-src"] == ["'self'"]
    assert _inline_scripts(response.content.decode()) == []


def test_no_template_carries_inline_scripts_handlers_or_styles() -> None:
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if INLINE_HANDLER.search(text) or INLINE_STYLE.search(text) or _inline_scripts(text):
            offenders.append(str(template.relative_to(SRC)))
    assert offenders == []
