"""An official in the directory links to the documents whose analysis names them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from doingoai.accounts.scope import SYSTEM
from doingoai.directory.services import person_create
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN


def test_person_page_lists_the_documents_that_name_them(
    units: Any, make_user: Callable[..., Any], client_for: Callable[..., Any], ingest: Callable[..., Any]
) -> None:
    ingest({"festival-ttxvn.txt": FESTIVAL_TTXVN}, owner=units.quang_tri)
    person = person_create(
        actor=SYSTEM, owner_unit=units.quang_tri, full_name="Hồ  Thị Lan", is_published=True
    )
    editor = make_user("editor", units.quang_tri)
    page = client_for(editor).get(reverse("directory:person_detail", args=[person.pk]))
    assert page.status_code == 200
    assert "Quảng Trị tổ chức ngày hội giao lưu" in page.content.decode()


def test_person_page_hides_another_provinces_unpublished_documents(
    units: Any, make_user: Callable[..., Any], client_for: Callable[..., Any], ingest: Callable[..., Any]
) -> None:
    ingest({"festival-bao-quang-tri.txt": FESTIVAL_LOCAL}, owner=units.quang_tri)
    person = person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Hồ Thị Lan", is_published=True)
    reader = make_user("editor", units.ha_noi)
    page = client_for(reader).get(reverse("directory:person_detail", args=[person.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Ngày hội giao lưu" not in body
    assert "Chưa có văn bản nào nhắc đến." in body
