"""An official's work telephone and e-mail: corrected on their page, and carried through Excel."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.models import AuditEntry
from doingoai.directory import services
from doingoai.directory.errors import DirectoryImportError
from doingoai.directory.models import Person
from doingoai.directory.spreadsheets import PEOPLE_SHEET, directory_import
from tests.django_fixtures import Units

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


def _official(units: Units) -> Person:
    return services.person_create(
        actor=SYSTEM,
        owner_unit=units.quang_tri_union,
        full_name="Lê Văn Thành",
        telephone="0233 3852 100",
        is_published=True,
    )


def test_an_editor_corrects_an_officials_telephone_and_email_on_the_page(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    person = _official(units)
    client = client_for(make_user("editor", units.quang_tri_union, username="bientap.lh"))
    form = client.get(f"/danh-ba/can-bo/{person.pk}/sua/").content.decode()
    assert 'name="telephone"' in form and 'value="0233 3852 100"' in form and 'name="email"' in form
    posted = {
        "full_name": "Lê Văn Thành",
        "telephone": "0233  3852 123",
        "email": "thanh.lv@quangtri.gov.vn",
        "notes": "",
        "owner_unit": units.quang_tri_union.pk,
        "is_published": "on",
        "version": person.version,
    }
    response = client.post(f"/danh-ba/can-bo/{person.pk}/sua/", posted, follow=True)
    page = response.content.decode()
    assert 'href="tel:02333852123"' in page and ">0233 3852 123</a>" in page
    assert 'href="mailto:thanh.lv@quangtri.gov.vn"' in page
    person.refresh_from_db()
    assert (person.telephone, person.email) == ("0233 3852 123", "thanh.lv@quangtri.gov.vn")
    change = AuditEntry.objects.get(action="update", content_type__model="person")
    assert change.before["telephone"] == "0233 3852 100"


@pytest.mark.parametrize(
    ("field", "typed", "said"),
    [
        ("email", "thanh.lv@", "Thư điện tử không hợp lệ, ví dụ ten@coquan.gov.vn."),
        ("telephone", "số bàn", "“số bàn” không phải số điện thoại, ví dụ 0233 3852 123."),
    ],
)
def test_a_bad_telephone_or_email_is_named_and_what_was_typed_stays(
    units: Units, make_user: MakeUser, client_for: ClientFor, field: str, typed: str, said: str
) -> None:
    person = _official(units)
    client = client_for(make_user("editor", units.quang_tri_union))
    posted = {
        "full_name": "Lê Văn Thành",
        "telephone": "0233 3852 100",
        "email": "",
        "owner_unit": units.quang_tri_union.pk,
        "version": person.version,
        field: typed,
    }
    response = client.post(f"/danh-ba/can-bo/{person.pk}/sua/", posted)
    page = response.content.decode()
    assert response.status_code == 200 and said in page and f'value="{typed}"' in page
    person.refresh_from_db()
    assert (person.telephone, person.email, person.version) == ("0233 3852 100", "", 1)


def test_the_telephone_and_email_go_out_to_excel_and_come_back_changed_or_cleared(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    person = _official(units)
    services.person_update(
        actor=SYSTEM, person=person, full_name=person.full_name, email="thanh@lhhn.vn", is_published=True
    )
    coordinator = make_user("coordinator", None)
    data = client_for(coordinator).get("/danh-ba/can-bo/", {"q": "Lê Văn Thành", "format": "xlsx"}).content
    book = load_workbook(io.BytesIO(data))
    sheet = book[PEOPLE_SHEET]
    headers = [cell.value for cell in sheet[1]]
    row = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert (row["Điện thoại"], row["Thư điện tử"]) == ("0233 3852 100", "thanh@lhhn.vn")
    # Excel reads a number typed with a leading zero as a number: the export keeps it text.
    assert sheet.cell(row=2, column=headers.index("Điện thoại") + 1).data_type == "s"
    sheet.cell(row=2, column=headers.index("Điện thoại") + 1).value = "0233 3852 999"
    sheet.cell(row=2, column=headers.index("Thư điện tử") + 1).value = None
    buffer = io.BytesIO()
    book.save(buffer)
    result = directory_import(actor=coordinator, name="can-bo.xlsx", data=buffer.getvalue())
    assert result.people_updated == 1
    person.refresh_from_db()
    assert (person.telephone, person.email) == ("0233 3852 999", "")


def test_a_bad_email_in_a_file_is_named_by_row_and_column(units: Units) -> None:
    person = _official(units)
    book_rows: list[list[Any]] = [
        ["Họ và tên", "Đơn vị quản lý", "Phiên bản (giữ nguyên)", "Điện thoại", "Thư điện tử"],
        [person.full_name, units.quang_tri_union.name, person.version, "0233 3852 100", "thanh(at)lhhn.vn"],
    ]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = PEOPLE_SHEET
    for values in book_rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(DirectoryImportError) as refused:
        directory_import(actor=SYSTEM, name="danh-ba.xlsx", data=buffer.getvalue())
    assert refused.value.problems[1] == (
        "trang “Cán bộ”, dòng 2, cột E (Thư điện tử): “thanh(at)lhhn.vn” không phải địa chỉ thư điện tử, "
        "ví dụ ten@coquan.gov.vn."
    )
    assert Person.objects.get(pk=person.pk).email == ""


def test_an_editor_corrects_a_title_recorded_wrong_and_an_older_page_is_refused(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    import datetime as dt

    from doingoai.directory.models import Position

    person = _official(units)
    position = services.position_add(
        actor=SYSTEM,
        person=person,
        title="Chủ tich Liên hiệp",  # a typing slip
        organization=units.quang_tri,
        start_date=dt.date(2025, 7, 1),
    )
    client = client_for(make_user("editor", units.quang_tri_union, username="bientap.sua"))
    page = client.get(f"/danh-ba/can-bo/{person.pk}/").content.decode()
    edit_url = f"/danh-ba/can-bo/{person.pk}/chuc-danh/{position.pk}/sua/"
    assert f'href="{edit_url}"' in page
    form = client.get(edit_url).content.decode()
    assert 'value="Chủ tich Liên hiệp"' in form and 'value="01/07/2025"' in form
    shown = Person.objects.get(pk=person.pk).version
    posted = {
        "title": "Chủ tịch Liên hiệp các tổ chức hữu nghị tỉnh",
        "organization": units.quang_tri_union.pk,
        "start_date": "01/07/2025",
        "end_date": "",
        "version": shown,
    }
    response = client.post(edit_url, posted, follow=True)
    assert "Chủ tịch Liên hiệp các tổ chức hữu nghị tỉnh" in response.content.decode()
    position.refresh_from_db()
    assert (position.title, position.organization_id, position.end_date) == (
        "Chủ tịch Liên hiệp các tổ chức hữu nghị tỉnh",
        units.quang_tri_union.pk,
        None,
    )
    change = AuditEntry.objects.get(action="update", content_type__model="position")
    assert change.before["title"] == "Chủ tich Liên hiệp" and change.actor_username == "bientap.sua"
    # The same page sent again (its version is now old) changes nothing and keeps what was typed.
    again = client.post(edit_url, {**posted, "title": "Phó Chủ tịch"})
    assert again.status_code == 400
    assert "Người khác đã sửa bản ghi này" in again.content.decode()
    assert 'value="Phó Chủ tịch"' in again.content.decode()
    assert Position.objects.get(pk=position.pk).title == "Chủ tịch Liên hiệp các tổ chức hữu nghị tỉnh"
    # An end before the start is named on the field.
    fresh = Person.objects.get(pk=person.pk).version
    late = client.post(edit_url, {**posted, "end_date": "30/06/2025", "version": fresh})
    assert late.status_code == 400 and "Ngày kết thúc phải sau ngày bắt đầu." in late.content.decode()
    # Someone who may only read the official gets no link and no page.
    viewer = client_for(make_user("viewer", units.quang_tri_union))
    assert edit_url not in viewer.get(f"/danh-ba/can-bo/{person.pk}/").content.decode()
    assert viewer.get(edit_url).status_code == 403


def test_an_open_titles_end_button_reads_as_an_action_in_english(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    person = _official(units)
    services.position_add(actor=SYSTEM, person=person, organization=units.quang_tri_union, title="Chủ tịch")
    client = client_for(make_user("editor", units.quang_tri_union, username="bientap.lh"))
    client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    page = client.get(f"/danh-ba/can-bo/{person.pk}/").content.decode()
    # The button ends the title; "Ended" read as the title's state.
    assert ">End title</button>" in page and ">Ended</button>" not in page
    assert 'aria-label="Date Chủ tịch ends"' in page


def test_a_units_editor_adds_an_official_or_a_partner_from_the_units_page(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    unit = units.quang_tri_union
    editor = client_for(make_user("editor", unit, username="bientap.lh"))
    page = editor.get(f"/danh-ba/don-vi/{unit.pk}/").content.decode()
    assert f'href="/danh-ba/can-bo/them/?owner_unit={unit.pk}"' in page
    assert f'href="/danh-ba/doi-tac/them/?owner_unit={unit.pk}"' in page
    for path in ("/danh-ba/can-bo/them/", "/danh-ba/doi-tac/them/"):
        form = editor.get(f"{path}?owner_unit={unit.pk}").content.decode()
        assert f'<option value="{unit.pk}" selected>' in form, path
        # A unit the editor may not write for, or no number at all, chooses nothing and breaks nothing.
        for hostile in (str(units.ha_noi.pk), "99999999999999999999", "１２", "x"):
            response = editor.get(f"{path}?owner_unit={hostile}")
            assert response.status_code == 200, hostile
            assert re.search(r'<option value="\d+" selected>', response.content.decode()) is None, hostile
    viewer = client_for(make_user("viewer", unit, username="xem.lh"))
    page = viewer.get(f"/danh-ba/don-vi/{unit.pk}/").content.decode()
    assert "unit-person-add" not in page and "unit-partner-add" not in page


def test_the_directory_partner_page_lists_the_partners_contacts(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    from doingoai.directory.models import PartnerContact

    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.ha_noi, name="Hokkaido Friends", kind="ngo", country="JP"
    )
    PartnerContact.objects.create(
        partner=partner, person_name="Sato Yuki", job_title="Trưởng đại diện", email="sato@example.org"
    )
    reader = client_for(make_user("editor", units.ha_noi, username="an"))

    page = reader.get(f"/danh-ba/doi-tac/{partner.pk}/").content.decode()

    contacts = page.split('id="partner-contacts"', 1)[1].split("</table>", 1)[0]
    assert "Sato Yuki" in contacts and "Trưởng đại diện" in contacts
    assert 'href="mailto:sato@example.org"' in contacts
