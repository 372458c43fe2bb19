"""The main pages on a phone (390×844) and a laptop (1366×768), in a real browser.

Every page is photographed at both sizes into test-artifacts/ (ignored by git) for a person to
look at; at 390 px the page must not scroll sideways and the header must stay short (its links
fold into a menu).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from doingoai.accounts.models import User
from doingoai.library.models import Document, Event, IngestJob
from tests.browser.test_library_browser import ARTIFACTS, _login, page
from tests.django_fixtures import PASSWORD, Units

__all__ = ["page"]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
# The header on a phone: the brand, the menu button, the bell and the language switch in one or
# two short rows; it took about 300 px when every link was shown.
PHONE_HEADER_MAX = 110

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "doingoai" / "samples" / "articles"
# Three outlets reporting one event (they differ on figures), and an unrelated report.
ARTICLES = (
    "2026-02-10-can-tho-xe-dap-hoc-sinh-bao-can-tho.txt",
    "2026-02-10-can-tho-xe-dap-hoc-sinh-nhan-dan.txt",
    "2026-02-11-can-tho-xe-dap-hoc-sinh-ttxvn.txt",
    "2026-03-12-nghe-an-sinh-ke-nhat-ban.txt",
)


def _overflow(page: Any) -> int:
    """Return by how many CSS pixels the page is wider than the window (0 when it fits)."""
    return int(page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth"))


def _on_phone(page: Any, live_server: Any, path: str) -> str:
    """Sign the national coordinator in, open `path` at a phone's size; return the site's address."""
    base = str(live_server.url)
    _login(page, base, User.objects.get(username="dieuphoi"))
    page.set_viewport_size(PHONE)
    page.goto(base + path)
    return base


def _header_height(page: Any) -> float:
    return float(page.evaluate("document.querySelector('header.topbar').getBoundingClientRect().height"))


@pytest.fixture
def world(ingest: Callable[..., IngestJob], db: None) -> dict[str, str]:
    """Load the demo (directory, aid, reporting, tasks, users) and a few articles; return page paths."""
    call_command("demo_load", "--password", PASSWORD, stdout=open("/dev/null", "w"))
    ingest({name: (SAMPLES / name).read_text(encoding="utf-8") for name in ARTICLES}, published=True)
    event = max(Event.objects.all(), key=lambda e: e.memberships.count())
    document = Document.objects.get(file_name=ARTICLES[2])
    # The Nghệ An report assigns a task: its proposal is a form with the directory's long unit names.
    assigning = Document.objects.get(file_name=ARTICLES[3])
    return {
        "home": "/",
        "document-list": "/thu-vien/",
        "document": f"/thu-vien/van-ban/{document.pk}/",
        "event-list": "/thu-vien/su-kien/",
        "event-comparison": f"/thu-vien/su-kien/{event.pk}/",
        "aid-dashboard": "/vien-tro/",
        "aid-drilldown": "/vien-tro/giao-dich/?measure=commitment",
        # Its organisation-type list has options longer than a phone is wide.
        "aid-project-new": "/vien-tro/du-an/them/",
        "reporting": "/bao-cao/",
        "tasks": "/nhiem-vu/",
        "task-proposals": f"/nhiem-vu/van-ban/{assigning.pk}/",
        # Long prose with a two-column table of contents.
        "guide": "/huong-dan/",
    }


def test_main_pages_fit_a_phone_and_are_photographed_at_both_sizes(
    page: Any, live_server: Any, world: dict[str, str]
) -> None:
    base = live_server.url
    coordinator = User.objects.get(username="dieuphoi")
    _login(page, base, coordinator)
    problems = []
    for size_name, size in (("390", PHONE), ("1366", LAPTOP)):
        page.set_viewport_size(size)
        for name, path in world.items():
            response = page.goto(base + path)
            assert response is not None and response.status == 200, f"{path}: {response and response.status}"
            page.screenshot(path=str(ARTIFACTS / f"responsive-{size_name}-{name}.png"), full_page=True)
            if size is PHONE:
                # The first screen as a phone shows it, at full resolution for a person to read.
                page.screenshot(path=str(ARTIFACTS / f"responsive-{size_name}-{name}-screen.png"))
                if (extra := _overflow(page)) > 0:
                    problems.append(f"{name} ({path}) is {extra} px wider than the 390 px window")
                if (height := _header_height(page)) > PHONE_HEADER_MAX:
                    problems.append(f"{name} ({path}): the header is {height:.0f} px high")
    assert not problems, "\n".join(problems)


def test_phone_menu_opens_and_leads_to_the_library(
    page: Any, live_server: Any, world: dict[str, str]
) -> None:
    base = _on_phone(page, live_server, "/")
    library = page.locator("nav.mainnav a", has_text="Thư viện văn bản")
    assert not library.is_visible()
    page.click("header summary")
    assert library.is_visible()
    page.screenshot(path=str(ARTIFACTS / "responsive-390-menu-open.png"))
    library.click()
    page.wait_for_url(base + "/thu-vien/")
    # On a laptop the links are shown in the header without opening anything.
    page.set_viewport_size(LAPTOP)
    assert page.locator("nav.mainnav a", has_text="Sự kiện").is_visible()


def test_keyboard_skips_to_the_content_and_escape_folds_the_phone_menu(
    page: Any, live_server: Any, world: dict[str, str]
) -> None:
    _on_phone(page, live_server, "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"
    # The header's controls are big enough for a finger (44 px).
    heights = page.evaluate(
        "Array.from(document.querySelectorAll('header a, header button, header summary'))"
        ".filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 43.5, heights
    page.click("header summary")
    assert page.locator("nav.mainnav a", has_text="Thư viện văn bản").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("nav.mainnav a", has_text="Thư viện văn bản").is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


def test_phone_comparison_keeps_each_outlet_beside_what_it_said(
    page: Any, live_server: Any, world: dict[str, str]
) -> None:
    _on_phone(page, live_server, world["event-comparison"])
    cards = page.locator("table.compare tbody td")
    assert cards.count() > 0
    for index in range(cards.count()):
        card = cards.nth(index)
        # Stacked as cards, each cell names its outlet above what that outlet reported.
        label = card.evaluate("el => getComputedStyle(el, '::before').content")
        assert card.get_attribute("data-label"), card.inner_html()
        assert card.get_attribute("data-label") in label
        assert card.is_visible()
        assert (
            card.bounding_box()["x"] >= 0 and card.bounding_box()["x"] + card.bounding_box()["width"] <= 390
        )


def test_phone_dashboard_charts_fit_the_screen_at_their_own_size(
    page: Any, live_server: Any, world: dict[str, str]
) -> None:
    _on_phone(page, live_server, world["aid-dashboard"])
    for chart in page.locator("figure.chart svg").all():
        box = chart.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        # Drawn narrower than a phone, it is not shrunk: its 13-unit text stays 13 px.
        drawn = float(chart.get_attribute("width") or 0)
        assert drawn < PHONE["width"] and abs(box["width"] - drawn) < 1
    chart = page.locator('svg[data-chart="province"]')
    chart.screenshot(path=str(ARTIFACTS / "responsive-390-aid-chart.png"))


def test_laptop_dashboard_charts_grow_with_the_page_and_keep_their_text_readable(
    page: Any, live_server: Any, world: dict[str, str]
) -> None:
    base = live_server.url
    _login(page, base, User.objects.get(username="dieuphoi"))
    page.set_viewport_size(LAPTOP)
    page.goto(base + world["aid-dashboard"])
    charts = page.locator("figure.chart svg").all()
    assert charts
    for chart in charts:
        box = chart.bounding_box()
        drawn = float(chart.get_attribute("width") or 0)
        # Half as large again as on a phone, and still inside the page.
        assert box is not None and box["width"] > 1.4 * drawn, (box, drawn)
        assert box["x"] + box["width"] <= LAPTOP["width"]
        heights = chart.locator("text").evaluate_all("ts => ts.map(t => t.getBoundingClientRect().height)")
        # Text as a person reads it on a laptop: not phone-sized, not doubled.
        assert heights and all(12 <= h <= 22 for h in heights), heights
    page.locator('svg[data-chart="province"]').screenshot(
        path=str(ARTIFACTS / "responsive-1366-aid-chart.png")
    )
    # The chart as the laptop's screen shows it, with the page around it.
    page.locator("#province-chart-heading").evaluate("h => window.scrollTo(0, h.offsetTop - 10)")
    page.screenshot(path=str(ARTIFACTS / "responsive-1366-aid-chart-screen.png"))


def test_laptop_library_filters_sit_beside_the_search_box(
    page: Any, live_server: Any, units: Units, make_user: Callable[..., User]
) -> None:
    base = live_server.url
    _login(page, base, make_user("editor", units.quang_tri, username="bientap.boloc"))
    page.set_viewport_size(LAPTOP)
    page.goto(base + "/thu-vien/")
    keyword = page.locator("#id_q").bounding_box()
    date_from = page.locator("#id_date_from").bounding_box()
    page.screenshot(path=str(ARTIFACTS / "responsive-1366-library-filters.png"))
    # The extra filters continue the search box's row; Chromium's box around an open <details>
    # content once stacked them in a narrow column, the search box alone in a tall empty form.
    assert keyword is not None and date_from is not None
    assert abs(date_from["y"] - keyword["y"]) < 5, (keyword, date_from)
    assert page.locator("form.filters").bounding_box()["height"] < 200


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["390", "1366"])
def test_map_legend_draws_its_swatches_without_list_bullets(
    page: Any, live_server: Any, world: dict[str, str], size: dict[str, int]
) -> None:
    """Each item's bullet was drawn over the end of the text before it ("Không có cam kết•")."""
    base = live_server.url
    _login(page, base, User.objects.get(username="dieuphoi"))
    page.set_viewport_size(size)
    page.goto(base + world["aid-dashboard"])
    items = page.locator(".province-map ul.legend li")
    assert items.count() >= 2
    bullets = items.evaluate_all("lis => lis.map(li => getComputedStyle(li).listStyleType)")
    assert set(bullets) == {"none"}, bullets
    legend = page.locator(".province-map ul.legend")
    legend.screenshot(path=str(ARTIFACTS / f"map-legend-{size['width']}.png"))


# Below a page's title and its buttons, and below a section's links, before what follows (px).
SPACE_BELOW_MIN = 8


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["390", "1366"])
def test_the_buttons_under_a_title_and_the_section_links_keep_apart_from_what_follows(
    page: Any, live_server: Any, world: dict[str, str], size: dict[str, int]
) -> None:
    """At 390 px a project's "Sửa dự án" button sat on its row of links, 0 px apart."""
    from doingoai.aid.models import Project

    project = max(Project.objects.all(), key=lambda p: len(p.title))  # a title of two lines or more
    base = live_server.url
    _login(page, base, User.objects.get(username="dieuphoi"))
    page.set_viewport_size(size)
    problems = []
    for path in (
        f"/vien-tro/du-an/{project.pk}/",
        "/vien-tro/du-an/",
        "/vien-tro/chuong-trinh/",
        world["aid-drilldown"],
        "/nhiem-vu/",
        "/danh-ba/doi-tac/",
        "/thu-vien/",
    ):
        page.goto(base + path)
        spaces = page.evaluate(
            """() => [...document.querySelectorAll('.heading, nav.subnav')].map(block => {
                 const lowest = Math.max(...[...block.children].map(c => c.getBoundingClientRect().bottom));
                 const next = block.nextElementSibling;
                 return [block.className, next.tagName + '.' + next.className,
                         next.getBoundingClientRect().top - lowest];
               })"""
        )
        problems += [
            f"{path}: {below} is {space:.0f} px below the {block}"
            for block, below, space in spaces
            if space < SPACE_BELOW_MIN
        ]
        if path.startswith("/vien-tro/du-an/") and path != "/vien-tro/du-an/":
            assert page.get_by_role("link", name="Sửa dự án").is_visible()
            page.screenshot(path=str(ARTIFACTS / f"heading-{size['width']}-project.png"))
    assert not problems, "\n".join(problems)
