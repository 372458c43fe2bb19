"""The menu is kept per user and what it shows: it follows a change of name, role, unit or language."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from doingoai.accounts.models import User
from tests.django_fixtures import Units

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


def _menu(client: Client) -> str:
    page = client.get("/thu-vien/").content.decode()
    return page[page.index('<nav class="mainnav"') : page.index("</nav>")]


def test_the_menu_shows_each_user_their_own_account_and_follows_changes(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    editor = make_user("editor", units.quang_tri, username="bientap.qt")
    other = make_user("editor", units.ha_noi, username="bientap.hn")
    client, other_client = client_for(editor), client_for(other)
    assert "bientap.qt" in _menu(client) and units.quang_tri.name in _menu(client)
    assert "bientap.qt" not in _menu(other_client) and "bientap.hn" in _menu(other_client)
    assert "/quan-tri/" not in _menu(client)

    editor.first_name, editor.last_name, editor.unit = "Lan", "Nguyễn Thị", units.ha_noi
    editor.is_staff = True
    editor.save()
    menu = _menu(client)
    assert "Nguyễn Thị Lan" in menu or "Lan Nguyễn Thị" in menu
    assert units.ha_noi.name in menu and units.quang_tri.name not in menu
    assert 'href="/quan-tri/"' in menu  # the administration link follows is_staff

    vietnamese = _menu(client)
    client.post("/ngon-ngu/", {"language": "en", "next": "/thu-vien/"})
    english = _menu(client)
    assert english != vietnamese and "Thư viện văn bản" in vietnamese and "Thư viện văn bản" not in english
