from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("vi", Decimal("5217910000000"), "5.217.910.000.000"),
        ("vi", Decimal("15000"), "15.000"),
        ("vi", Decimal("1.2"), "1,2"),
        ("en", Decimal("15000"), "15,000"),
    ],
)
def test_numbers_on_pages_are_grouped_the_way_the_language_writes_them(
    language: str, value: Decimal, shown: str
) -> None:
    template = Template('{{ value|floatformat:"-1g" }}')
    with translation.override(language):
        assert template.render(Context({"value": value})) == shown


def test_short_dates_are_day_month_year_with_slashes_in_vietnamese() -> None:
    import datetime as dt

    with translation.override("vi"):
        assert Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(
            Context({"day": dt.date(2025, 12, 30)})
        ) == ("30/12/2025")


@pytest.mark.parametrize(
    "address",
    [
        "/thu-vien/",
        "/tim-kiem/",
        "/nhat-ky/",
        "/vien-tro/du-an/them/",
        "/vien-tro/ty-gia/",
    ],
)
def test_date_fields_are_typed_day_first_not_in_the_browsers_own_picker(
    address: str, make_user: Any, client_for: Any
) -> None:
    # An English browser's picker shows mm/dd/yyyy: every date is a dd/mm/yyyy text box instead.
    page = client_for(make_user("coordinator", None)).get(address).content.decode()
    assert 'type="date"' not in page
    assert 'placeholder="dd/mm/yyyy"' in page


def test_a_search_dated_day_first_keeps_its_dates_as_typed(make_user: Any, client_for: Any) -> None:
    client = client_for(make_user("coordinator", None))
    page = client.get("/tim-kiem/", {"q": "hữu nghị", "date_from": "20/03/2026"}).content.decode()
    assert 'name="date_from" value="20/03/2026"' in page
    assert "không hợp lệ" not in page
    wrong = client.get("/tim-kiem/", {"q": "hữu nghị", "date_from": "31/02/2026"}).content.decode()
    assert "Ngày 31/02/2026 không có: tháng 2 năm 2026 chỉ có 28 ngày." in wrong


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/02/2026", "Ngày 31/02/2026 không có: tháng 2 năm 2026 chỉ có 28 ngày."),
        ("29/02/2025", "Ngày 29/02/2025 không có: tháng 2 năm 2025 chỉ có 28 ngày."),
        ("31/4/2026", "Ngày 31/4/2026 không có: tháng 4 năm 2026 chỉ có 30 ngày."),
        ("12/13/2026", "Ngày 12/13/2026 không có: tháng phải từ 1 đến 12."),
        ("2026/02/31", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2026."),
        ("hôm qua", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2026."),
    ],
)
def test_a_date_the_calendar_lacks_is_named_as_such_not_as_a_wrong_format(typed: str, said: str) -> None:
    from django.core.exceptions import ValidationError

    from doingoai.date_fields import VietnameseDateField

    field = VietnameseDateField()
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == [said]
    assert VietnameseDateField().clean("29/02/2028").day == 29  # a leap year's day is kept


@pytest.mark.parametrize("address", ["/vien-tro/du-an/them/", "/thu-vien/", "/nhat-ky/"])
def test_a_date_box_opens_a_keyboard_with_a_slash_on_a_phone(
    address: str, make_user: Any, client_for: Any
) -> None:
    """On 07/12/2026, on a phone, the date boxes opened a digits-only keypad, with no "/" to type."""
    page = client_for(make_user("coordinator", None)).get(address).content.decode()
    boxes = [tag for tag in page.split("<input")[1:] if 'placeholder="dd/mm/yyyy"' in tag.split(">")[0]]
    assert boxes and not [tag for tag in boxes if "inputmode" in tag.split(">")[0]]


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("31/12/2026", (2026, 12, 31)),
        ("31.12.2026", (2026, 12, 31)),
        ("5-1-2027", (2027, 1, 5)),
        ("2026-12-31", (2026, 12, 31)),
    ],
)
def test_a_date_is_read_with_dots_or_dashes_as_well_as_slashes(typed: str, day: tuple[int, int, int]) -> None:
    import datetime as dt

    from doingoai.date_fields import VietnameseDateField

    assert VietnameseDateField().clean(typed) == dt.date(*day)


def test_a_date_with_dots_the_calendar_lacks_is_named_as_such() -> None:
    from django.core.exceptions import ValidationError

    from doingoai.date_fields import VietnameseDateField

    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        VietnameseDateField().clean("31.02.2026")
    assert refused.value.messages == ["Ngày 31.02.2026 không có: tháng 2 năm 2026 chỉ có 28 ngày."]


@pytest.mark.parametrize(
    ("typed", "day"),
    [("05/12/2026", (2026, 12, 5)), ("22/12/2026", (2026, 12, 22)), ("2026-12-22", (2026, 12, 22))],
)
def test_a_plain_date_field_reads_the_day_first_in_vietnamese(typed: str, day: tuple[int, int, int]) -> None:
    """The admin's date boxes (a conference's date) read 05/12/2026 as 12 May, and refused 22/12/2026."""
    import datetime as dt

    from django import forms

    with translation.override("vi"):
        assert forms.DateField().clean(typed) == dt.date(*day)


def test_the_admin_saves_a_conference_dated_day_first(make_user: Any, client_for: Any) -> None:
    import datetime as dt

    from doingoai.directory.models import Organization
    from doingoai.tasks.models import Conference

    organizer = Organization.objects.create(name="Liên hiệp các tổ chức hữu nghị Việt Nam", kind="central")
    coordinator = make_user("coordinator", None)
    coordinator.is_staff = True
    coordinator.save(update_fields=["is_staff"])
    form = {
        "title": "Hội nghị tổng kết năm 2026",
        "kind": "conference",
        "date": "05/12/2026",
        "organizer": organizer.pk,
        "chair": "",
        "venue": "",
    }
    for prefix in ("connection_points", "conference_documents", "points", "documents"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = client_for(coordinator).post("/quan-tri/tasks/conference/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Conference.objects.get().date == dt.date(2026, 12, 5)
