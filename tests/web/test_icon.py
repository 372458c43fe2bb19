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
