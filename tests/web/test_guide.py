"""The user guide: one page for every signed-in user, in their language, whose links all lead somewhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.test import Client

from doingoai.accounts.models import User
from tests.django_fixtures import Units

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]

GUIDE = "/huong-dan/"
HREF = re.compile(r'href="([^"]*)"')
ID = re.compile(r'id="([^"]*)"')


def _guide(client: Client, language: str) -> str:
    if language == "en":
        assert client.post("/ngon-ngu/", {"language": "en", "next": GUIDE}).status_code == 302
    response = client.get(GUIDE)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('<article class="guide">') : page.index("</article>")]


@pytest.mark.parametrize(
    ("role", "unit"),
    [("coordinator", "vufo"), ("editor", "quang_tri"), ("viewer", "quang_tri"), ("administrator", None)],
)
def test_every_role_reads_the_guide(
    units: Units, make_user: MakeUser, client_for: ClientFor, role: str, unit: str | None
) -> None:
    client = client_for(make_user(role, getattr(units, unit) if unit else None))
    guide = _guide(client, "vi")
    assert "<h1>Hướng dẫn sử dụng</h1>" in guide
    assert "Ai được làm gì" in guide and "Ghi một hội nghị" in guide


def test_anonymous_visitor_is_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.get(GUIDE)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_the_guide_is_in_english_when_english_is_chosen(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    guide = _guide(client_for(make_user("editor", units.quang_tri)), "en")
    assert "<h1>User guide</h1>" in guide
    assert "Who can do what" in guide and "Recording a conference" in guide
    assert "Ai được làm gì" not in guide


def test_both_languages_have_the_same_sections(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    user = make_user("viewer", units.quang_tri)
    vietnamese, english = _guide(client_for(user), "vi"), _guide(client_for(user), "en")
    assert ID.findall(vietnamese) == ID.findall(english)
    assert len(ID.findall(vietnamese)) >= 14  # the contents and its 13 sections


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_link_of_the_guide_leads_to_a_page_a_coordinator_can_open(
    units: Units, make_user: MakeUser, client_for: ClientFor, language: str
) -> None:
    client = client_for(make_user("coordinator", units.vufo))
    guide = _guide(client, language)
    anchors = set(ID.findall(guide))
    links = set(HREF.findall(guide))
    pages = {link.replace("&amp;", "&") for link in links if not link.startswith("#")}
    # Every section is in the contents and every contents entry has its section.
    assert {link[1:] for link in links if link.startswith("#")} == anchors - {"muc-luc"}
    assert all(urlsplit(link).netloc == "" and link.startswith("/") for link in pages), pages
    assert len(pages) >= 30, sorted(pages)
    answers = {}
    for link in sorted(pages):
        response = client.get(link.split("#")[0])
        answers[link] = response.status_code
    assert {link: status for link, status in answers.items() if status != 200} == {}


def test_the_footer_links_to_the_guide_on_every_signed_in_page(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    link = f'<a href="{GUIDE}">Hướng dẫn sử dụng</a>'
    for path in ("/", "/thu-vien/", "/vien-tro/", "/bao-cao/", "/nhiem-vu/", GUIDE):
        page = client.get(path).content.decode()
        footer = page[page.index('<footer class="footer">') :]
        assert link in footer, path
    client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    assert f'<a href="{GUIDE}">User guide</a>' in client.get("/").content.decode()
    # Before signing in the guide would only send the visitor back to the sign-in page.
    assert GUIDE not in Client().get("/dang-nhap/").content.decode()
