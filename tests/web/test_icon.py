from __future__ import annotations

import re

from defusedxml import ElementTree
from django.contrib.staticfiles import finders
from django.test import Client


def test_every_page_names_the_site_icon_so_browsers_do_not_ask_for_a_missing_favicon(db: None) -> None:
    html = Client().get("/dang-nhap/").content.decode()
    link = re.search(r'<link rel="icon" href="/static/([^"]+)" type="image/svg\+xml">', html)
    assert link, "the page names no icon"
    path = finders.find(link.group(1))
    assert path, f"{link.group(1)} is not among the static files"
    root = ElementTree.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_favicon_ico_is_answered_at_the_root_without_signing_in(db: None) -> None:
    """Pages that name no icon (the admin's, the API docs) leave browsers asking /favicon.ico: not a 404."""
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an icon resource
    assert b"\x89PNG" in body  # holding the site icon drawn as PNG images
