"""The directory in and out of Excel: export in the user's scope, import all or nothing, round trip."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.models import AuditEntry
from doingoai.directory import services
from doingoai.directory.errors import DirectoryImportError
from doingoai.directory.models import PartnerOrganization, Person, Position
from doingoai.directory.spreadsheets import (
    MAX_BYTES,
    PARTNER_COLUMNS,
    PARTNER_SHEET,
    PEOPLE_SHEET,
    PERSON_COLUMNS,
    directory_import,
)
from tests.django_fixtures import Units

PEOPLE_URL = "/danh-ba/can-bo/"
PARTNERS_URL = "/danh-ba/doi-tac/"
IMPORT_URL = "/danh-ba/nhap/"
MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


def _sheet_rows(data: bytes, title: str) -> list[dict[str, Any]]:
    """Return a downloaded sheet's rows as {header: value}."""
    sheet = load_workbook(io.BytesIO(data))[title]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _xlsx(people: list[list[Any]] | None = None, partners: list[list[Any]] | None = None) -> bytes:
    """Return a file in the import layout with the given rows (columns in the template's order)."""
    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in (
        (PEOPLE_SHEET, PERSON_COLUMNS, people),
        (PARTNER_SHEET, PARTNER_COLUMNS, partners),
    ):
        if rows is None:
            continue
        sheet = book.create_sheet(title)
        sheet.append([header for _key, header in columns])
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _edited(data: bytes, title: str, edit: Callable[[Any], None]) -> bytes:
    """Return a downloaded file after `edit(sheet)`, saved as Excel would save it."""
    book = load_workbook(io.BytesIO(data))
    edit(book[title])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _problems(actor: Any, data: bytes, name: str = "danh-ba.xlsx") -> list[str]:
    with pytest.raises(DirectoryImportError) as info:
        directory_import(actor=actor, name=name, data=data)
    return info.value.problems


@pytest.fixture
def officials(units: Units) -> dict[str, Person]:
    """Officials of both provinces, published and not; one with a past and a present title."""
    tri = services.person_create(
        actor=SYSTEM, owner_unit=units.quang_tri_union, full_name="Lê Văn Thành", is_published=True
    )
    services.position_add(
        actor=SYSTEM,
        person=tri,
        title="Phó Chủ tịch",
        organization=units.quang_tri_union,
        start_date=dt.date(2019, 3, 1),
        end_date=dt.date(2024, 12, 31),
    )
    services.position_add(
        actor=SYSTEM,
        person=tri,
        title="Chủ tịch",
        organization=units.quang_tri_union,
        start_date=dt.date(2025, 1, 1),
    )
    return {
        "tri": tri,
        "tri_hidden": services.person_create(
            actor=SYSTEM, owner_unit=units.quang_tri_union, full_name="Hồ Thị Mai", notes="Mới chuyển về"
        ),
        "hanoi_public": services.person_create(
            actor=SYSTEM, owner_unit=units.ha_noi_union, full_name="Đào Minh Quân", is_published=True
        ),
        "hanoi_hidden": services.person_create(
            actor=SYSTEM, owner_unit=units.ha_noi_union, full_name="Vũ Hải Yến"
        ),
    }


@pytest.fixture
def partners(units: Units) -> dict[str, PartnerOrganization]:
    return {
        "tri": services.partner_create(
            actor=SYSTEM,
            owner_unit=units.quang_tri_union,
            name="Friends of Quang Tri",
            name_vi="Hội Bạn bè Quảng Trị",
            kind="ngo",
            country="US",
            website="https://friends.example.org",
            is_published=True,
        ),
        "hanoi_hidden": services.partner_create(
            actor=SYSTEM, owner_unit=units.ha_noi_union, name="Kobe Peace Fund", kind="ngo", country="JP"
        ),
    }


# Export ----------------------------------------------------------------------------------------


def test_province_editor_export_never_holds_another_units_unpublished_records(
    units: Units, officials: dict[str, Person], partners: Any, make_user: MakeUser, client_for: ClientFor
) -> None:
    editor = make_user("editor", units.quang_tri)
    client = client_for(editor)
    response = client.get(PEOPLE_URL, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="can-bo.xlsx"'
    names = {row["Họ và tên"] for row in _sheet_rows(response.content, PEOPLE_SHEET)}
    assert names == {"Lê Văn Thành", "Hồ Thị Mai", "Đào Minh Quân"}
    response = client.get(PARTNERS_URL, {"format": "xlsx"})
    assert [row["Tên đối tác"] for row in _sheet_rows(response.content, PARTNER_SHEET)] == [
        "Friends of Quang Tri"
    ]


def test_export_applies_the_filters_of_the_page(
    units: Units, officials: dict[str, Person], make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("coordinator", None))
    response = client.get(PEOPLE_URL, {"q": "le van thanh", "format": "xlsx"})
    rows = _sheet_rows(response.content, PEOPLE_SHEET)
    assert {row["Họ và tên"] for row in rows} == {"Lê Văn Thành"}
    response = client.get(PEOPLE_URL, {"province": "01", "format": "xlsx"})
    assert {row["Họ và tên"] for row in _sheet_rows(response.content, PEOPLE_SHEET)} == {
        "Đào Minh Quân",
        "Vũ Hải Yến",
    }
    page = client.get(PEOPLE_URL, {"province": "01", "page": "1"})
    assert b"?province=01&amp;format=xlsx" in page.content


def test_export_writes_a_row_per_title_with_days_as_dates(
    units: Units, officials: dict[str, Person], make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("coordinator", None))
    data = client.get(PEOPLE_URL, {"q": "Lê Văn Thành", "format": "xlsx"}).content
    rows = _sheet_rows(data, PEOPLE_SHEET)
    assert [
        (r["Chức danh"], r["Từ ngày (ngày/tháng/năm)"], r["Đến ngày (ngày/tháng/năm)"]) for r in rows
    ] == [
        ("Phó Chủ tịch", dt.datetime(2019, 3, 1), dt.datetime(2024, 12, 31)),
        ("Chủ tịch", dt.datetime(2025, 1, 1), None),
    ]
    assert {r["Đơn vị quản lý"] for r in rows} == {units.quang_tri_union.name}
    assert {r["Phiên bản (giữ nguyên)"] for r in rows} == {officials["tri"].version}
    sheet = load_workbook(io.BytesIO(data))[PEOPLE_SHEET]
    assert sheet["F2"].number_format == "DD/MM/YYYY"


def test_formula_like_text_is_exported_as_text(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    services.person_create(
        actor=SYSTEM, owner_unit=units.vufo, full_name='=HYPERLINK("http://x.example","Bấm")', notes="+1 đi"
    )
    services.partner_create(
        actor=SYSTEM, owner_unit=units.vufo, name="@Hội", kind="ngo", country="FR", notes="=1+1"
    )
    client = client_for(make_user("coordinator", None))
    people = load_workbook(io.BytesIO(client.get(PEOPLE_URL, {"format": "xlsx"}).content))[PEOPLE_SHEET]
    partner_book = load_workbook(io.BytesIO(client.get(PARTNERS_URL, {"format": "xlsx"}).content))
    for cell in (
        people["A2"],
        people["H2"],
        partner_book[PARTNER_SHEET]["A2"],
        partner_book[PARTNER_SHEET]["H2"],
    ):
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert people["A2"].value == '=HYPERLINK("http://x.example","Bấm")'


def test_units_list_downloads_as_filtered(units: Units, make_user: MakeUser, client_for: ClientFor) -> None:
    client = client_for(make_user("viewer", units.quang_tri))
    response = client.get("/danh-ba/", {"q": "quang tri", "format": "xlsx"})
    rows = _sheet_rows(response.content, "Đơn vị")
    assert {row["Tên đơn vị"] for row in rows} == {units.quang_tri.name, units.quang_tri_union.name}
    assert {row["Đơn vị cấp trên"] for row in rows} == {None, units.quang_tri.name}


# Round trip ------------------------------------------------------------------------------------


def test_export_then_import_changes_nothing(
    units: Units, officials: dict[str, Person], partners: Any, make_user: MakeUser, client_for: ClientFor
) -> None:
    editor = make_user("editor", units.quang_tri)
    client = client_for(editor)
    people = client.get(PEOPLE_URL, {"format": "xlsx"}).content
    partner_file = client.get(PARTNERS_URL, {"format": "xlsx"}).content
    counts = (Person.objects.count(), Position.objects.count(), PartnerOrganization.objects.count())
    logged = AuditEntry.objects.count()
    # The file holds a published official of Hà Nội too: kept as downloaded, it is no change.
    result = directory_import(actor=editor, name="can-bo.xlsx", data=people)
    assert (result.people_created, result.people_updated, result.people_unchanged) == (0, 0, 3)
    assert (result.positions_added, result.positions_ended) == (0, 0)
    result = directory_import(actor=editor, name="doi-tac.xlsx", data=partner_file)
    assert (result.partners_created, result.partners_updated, result.partners_unchanged) == (0, 0, 1)
    assert (Person.objects.count(), Position.objects.count(), PartnerOrganization.objects.count()) == counts
    assert AuditEntry.objects.count() == logged


def test_export_edit_import_changes_what_was_edited(
    units: Units, officials: dict[str, Person], partners: Any, make_user: MakeUser, client_for: ClientFor
) -> None:
    coordinator = make_user("coordinator", None)
    client = client_for(coordinator)
    data = client.get(PEOPLE_URL, {"q": "Lê Văn Thành", "format": "xlsx"}).content

    def edit(sheet: Any) -> None:
        sheet["G3"] = "30/06/2026"  # the present title ends
        sheet["H2"] = sheet["H3"] = "Phụ trách Lào"
        sheet.append(["Lê Văn Thành", "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị", "", "Ủy viên", "VUFO"])

    result = directory_import(actor=coordinator, name="can-bo.xlsx", data=_edited(data, PEOPLE_SHEET, edit))
    assert (result.people_updated, result.positions_added, result.positions_ended) == (1, 1, 1)
    person = Person.objects.get(pk=officials["tri"].pk)
    assert person.notes == "Phụ trách Lào"
    # One version for each change the official's page shows: the notes, the title added, the one ended.
    assert person.version == officials["tri"].version + 3
    titles = {(p.title, p.organization_id, p.end_date) for p in person.positions.all()}
    assert titles == {
        ("Phó Chủ tịch", units.quang_tri_union.pk, dt.date(2024, 12, 31)),
        ("Chủ tịch", units.quang_tri_union.pk, dt.date(2026, 6, 30)),
        ("Ủy viên", units.vufo.pk, None),
    }
    entries = AuditEntry.objects.filter(via="xlsx")
    assert sorted(e.action for e in entries) == ["create", "update", "update"]
    assert all(e.actor_id == coordinator.pk for e in entries)


def test_partner_round_trip_updates_the_partner_edited(
    units: Units, partners: dict[str, PartnerOrganization], make_user: MakeUser, client_for: ClientFor
) -> None:
    editor = make_user("editor", units.quang_tri_union)
    data = client_for(editor).get(PARTNERS_URL, {"format": "xlsx"}).content

    def edit(sheet: Any) -> None:
        sheet["D2"] = "Hội hữu nghị"
        sheet["E2"] = "Hoa Ky"  # without diacritics
        sheet["B2"] = ""

    result = directory_import(actor=editor, name="doi-tac.xlsx", data=_edited(data, PARTNER_SHEET, edit))
    assert result.partners_updated == 1
    partner = PartnerOrganization.objects.get(pk=partners["tri"].pk)
    assert (partner.kind, partner.country, partner.name_vi) == ("friendship_association", "US", "")
    assert partner.website == "https://friends.example.org"


# Errors ----------------------------------------------------------------------------------------


def test_each_bad_cell_is_named_by_file_row_and_column_and_nothing_is_written(units: Units) -> None:
    data = _xlsx(
        people=[
            ["Trần Văn Bình", "VUFO", "có", "Chuyên viên", "VUFO", "01/02/2024"],
            ["Phan Thị Hoa", "VUFO", "", "Chuyên viên", "VUFO", "31/02/2024"],
            ["Ngô Văn Tâm", "Sở Không Có", "không"],
            ["", "VUFO", "có"],
            ["Lý Văn Sơn", "VUFO", "có lẽ", "Trưởng ban", "", "01/01/2020", "01/01/2019"],
        ]
    )
    problems = _problems(SYSTEM, data)
    assert problems[0] == "Tệp “danh-ba.xlsx”:"
    assert problems[1:] == [
        "trang “Cán bộ”, dòng 3, cột F (Từ ngày (ngày/tháng/năm)): Ngày 31/02/2024 không có:"
        " tháng 2 năm 2024 chỉ có 29 ngày.",
        "trang “Cán bộ”, dòng 4, cột B (Đơn vị quản lý): không tìm thấy đơn vị “Sở Không Có” trong danh bạ.",
        "trang “Cán bộ”, dòng 5, cột A (Họ và tên): ô này không được để trống.",
        "trang “Cán bộ”, dòng 6, cột C (Công bố (có/không)): hãy ghi “có” hoặc “không” (hoặc để trống).",
        "trang “Cán bộ”, dòng 6, cột E (Nơi giữ chức danh): hãy ghi đơn vị nơi giữ chức danh “Trưởng ban”.",
        "trang “Cán bộ”, dòng 6, cột G (Đến ngày (ngày/tháng/năm)): ngày kết thúc 01/01/2019 trước ngày bắt"
        " đầu 01/01/2020.",
    ]
    assert not Person.objects.exists()


def test_partner_rows_name_their_bad_kind_and_country(units: Units) -> None:
    data = _xlsx(partners=[["Oxfam", "", "", "quỹ", "Atlantis", "", "", "", "VUFO"]])
    problems = _problems(SYSTEM, data)
    assert problems[1].startswith("trang “Đối tác”, dòng 2, cột D (Loại): “quỹ” không phải loại đối tác")
    assert problems[2].startswith(
        "trang “Đối tác”, dòng 2, cột E (Quốc gia): không nhận ra quốc gia “Atlantis”"
    )


def test_a_file_that_is_not_xlsx_is_refused_by_name(units: Units) -> None:
    assert _problems(SYSTEM, b"Ho va ten,Don vi\n", name="can-bo.csv") == [
        "Tệp “can-bo.csv” không phải tệp Excel .xlsx."
    ]
    assert _problems(SYSTEM, b"%PDF-1.7 ...", name="can-bo.xlsx") == [
        "Tệp “can-bo.xlsx” không phải tệp Excel .xlsx."
    ]


def test_a_file_too_large_is_refused_before_it_is_read(units: Units) -> None:
    assert _problems(SYSTEM, b"PK\x03\x04" + b"\0" * MAX_BYTES) == [
        "Tệp “danh-ba.xlsx” quá lớn (tối đa 5 MB)."
    ]


def test_the_upload_page_refuses_a_file_beyond_the_site_limit(
    units: Units, make_user: MakeUser, client_for: ClientFor, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 1024
    client = client_for(make_user("editor", units.quang_tri))
    upload = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"x" * 4096)
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 400
    assert "Tệp “lon.xlsx” quá lớn (tối đa 0 MB): tệp không được nhận." in response.content.decode()


def test_one_bad_row_stops_the_whole_file(units: Units) -> None:
    data = _xlsx(
        people=[["Trần Văn Bình", "VUFO", "có"]],
        partners=[
            ["Oxfam", "", "", "Khác", "GB", "", "", "", "VUFO"],
            ["Hội X", "", "", "Khác", "", "", "", "", "VUFO"],
        ],
    )
    problems = _problems(SYSTEM, data)
    assert problems[1:] == ["trang “Đối tác”, dòng 3, cột E (Quốc gia): ô này không được để trống."]
    assert not Person.objects.exists() and not PartnerOrganization.objects.exists()


def test_a_record_changed_since_the_download_is_not_overwritten(
    units: Units, officials: dict[str, Person], make_user: MakeUser, client_for: ClientFor
) -> None:
    editor = make_user("editor", units.quang_tri)
    data = client_for(editor).get(PEOPLE_URL, {"q": "Hồ Thị Mai", "format": "xlsx"}).content
    person = officials["tri_hidden"]
    services.person_update(actor=SYSTEM, person=person, full_name=person.full_name, notes="Sửa trên web")
    edited = _edited(data, PEOPLE_SHEET, lambda sheet: sheet.cell(row=2, column=8, value="Sửa trong Excel"))
    problems = _problems(editor, edited)
    assert problems[1] == (
        "trang “Cán bộ”, dòng 2, cột I (Phiên bản (giữ nguyên)): cán bộ “Hồ Thị Mai” đã được sửa sau khi"
        " tải tệp (phiên bản 1, nay là 2). Hãy tải lại danh sách và sửa trên tệp mới."
    )
    assert Person.objects.get(pk=person.pk).notes == "Sửa trên web"


def test_a_row_without_version_does_not_change_a_record_already_there(
    units: Units, officials: dict[str, Person]
) -> None:
    unit = "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị"
    same = _xlsx(people=[["Ho Thi Mai", unit, "", "Chuyên viên", unit, "01/03/2025"]])
    result = directory_import(actor=SYSTEM, name="moi.xlsx", data=same)
    assert (result.people_created, result.people_unchanged, result.positions_added) == (0, 1, 1)
    changed = _xlsx(people=[["Hồ Thị Mai", unit, "có"]])
    problems = _problems(SYSTEM, changed)
    assert problems[1].startswith("trang “Cán bộ”, dòng 2, cột C (Công bố (có/không)): đơn vị")
    assert "đã có cán bộ “Hồ Thị Mai”" in problems[1]
    assert not Person.objects.get(pk=officials["tri_hidden"].pk).is_published


def test_an_ended_title_is_not_reopened_by_a_file(units: Units, officials: dict[str, Person]) -> None:
    person = officials["tri"]
    unit = units.quang_tri_union.name
    data = _xlsx(
        people=[[person.full_name, unit, "có", "Phó Chủ tịch", unit, "01/03/2019", "", "", person.version]]
    )
    problems = _problems(SYSTEM, data)
    assert problems[1].startswith(
        "trang “Cán bộ”, dòng 2, cột G (Đến ngày (ngày/tháng/năm)): chức danh “Phó Chủ"
    )
    assert Position.objects.get(person=person, title="Phó Chủ tịch").end_date == dt.date(2024, 12, 31)


def test_an_editor_cannot_import_into_another_unit_nor_learn_what_it_holds(
    units: Units, officials: dict[str, Person], make_user: MakeUser
) -> None:
    editor = make_user("editor", units.quang_tri)
    hanoi = units.ha_noi_union.name
    refusal = f"bạn không có quyền sửa danh bạ của đơn vị “{hanoi}”: hãy giữ dòng này như khi tải về."
    # An unpublished official of Hà Nội, and one that does not exist, are refused in the same words.
    for name in ("Vũ Hải Yến", "Người Không Có"):
        problems = _problems(editor, _xlsx(people=[[name, hanoi, "không"]]))
        assert problems[1] == f"trang “Cán bộ”, dòng 2, cột B (Đơn vị quản lý): {refusal}"
    assert Person.objects.filter(owner_unit=units.ha_noi_union).count() == 2


def test_unit_names_match_without_diacritics_and_by_abbreviation(units: Units, make_user: MakeUser) -> None:
    editor = make_user("editor", units.quang_tri)
    data = _xlsx(
        people=[
            [
                "Trương Văn Lực",
                "lien hiep cac to chuc huu nghi tinh quang tri",
                "",
                "Ủy viên",
                "vufo",
                dt.date(2025, 5, 2),
            ]
        ]
    )
    result = directory_import(actor=editor, name="moi.xlsx", data=data)
    assert result.people_created == 1
    person = Person.objects.get(full_name="Trương Văn Lực")
    assert person.owner_unit == units.quang_tri_union and not person.is_published
    assert [(p.organization, p.start_date) for p in person.positions.all()] == [
        (units.vufo, dt.date(2025, 5, 2))
    ]


def test_a_formula_cell_is_refused(units: Units) -> None:
    data = _xlsx(people=[["Trần Văn Bình", "VUFO", "có", "Chuyên viên", "VUFO", "=TODAY()"]])
    assert _problems(SYSTEM, data)[1] == (
        "trang “Cán bộ”, dòng 2, cột F (Từ ngày (ngày/tháng/năm)): ô chứa công thức; hãy nhập giá trị."
    )


# Pages -----------------------------------------------------------------------------------------


def test_import_page_shows_the_problems_and_a_good_file_is_imported(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    unit = units.quang_tri_union.name
    bad = SimpleUploadedFile("sai.xlsx", _xlsx(people=[["Trần Văn Bình", unit, "", "", "", "hôm qua"]]))
    response = client.post(IMPORT_URL, {"file": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tệp chưa được nhập, không có gì thay đổi." in page
    assert "trang “Cán bộ”, dòng 2, cột F (Từ ngày (ngày/tháng/năm)): “hôm qua” không phải ngày" in page
    good = SimpleUploadedFile("dung.xlsx", _xlsx(people=[["Trần Văn Bình", unit]]))
    response = client.post(IMPORT_URL, {"file": good}, follow=True)
    page = response.content.decode()
    assert "Cán bộ: 1 thêm mới, 0 được sửa, 0 không đổi." in page
    assert "Đối tác:" not in page  # the file had no partners
    assert Person.objects.get().owner_unit == units.quang_tri_union


def test_a_viewer_may_download_but_not_import(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("viewer", units.quang_tri))
    assert client.get(PEOPLE_URL, {"format": "xlsx"}).status_code == 200
    assert b"/danh-ba/nhap/" not in client.get(PEOPLE_URL).content
    assert client.get(IMPORT_URL).status_code == 403


def test_the_blank_template_has_both_sheets_and_imports_nothing(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    editor = make_user("editor", units.quang_tri)
    response = client_for(editor).get("/danh-ba/nhap/mau-nhap-danh-ba.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [PEOPLE_SHEET, PARTNER_SHEET, "Hướng dẫn"]
    assert [c.value for c in book[PEOPLE_SHEET][1]] == [title for _key, title in PERSON_COLUMNS]
    result = directory_import(actor=editor, name="mau.xlsx", data=response.content)
    assert result.people_created == result.partners_created == 0


def test_a_change_saved_between_the_check_and_the_write_undoes_the_whole_file(
    units: Units, partners: dict[str, PartnerOrganization], monkeypatch: pytest.MonkeyPatch
) -> None:
    from doingoai.directory import spreadsheets

    partner = partners["tri"]
    unit = units.quang_tri_union.name
    data = _xlsx(
        partners=[
            ["Hội Mới", "", "", "Khác", "FR", "", "", "", unit, "không"],
            [partner.name, "", "", "Tổ chức phi chính phủ nước ngoài", "US", "", "", "Sửa", unit, "có", 1],
        ]
    )
    checked = spreadsheets._Import.people_check

    def check_then_someone_saves(self: Any) -> None:
        checked(self)
        services.partner_update(
            actor=SYSTEM, partner=partner, name=partner.name, kind="ngo", country="US", notes="Trên web"
        )

    monkeypatch.setattr(spreadsheets._Import, "people_check", check_then_someone_saves)
    problems = _problems(SYSTEM, data)
    assert problems[1].startswith(
        "trang “Đối tác”, dòng 3, cột K (Phiên bản (giữ nguyên)): Người khác đã sửa"
    )
    assert not PartnerOrganization.objects.filter(name="Hội Mới").exists()
    assert PartnerOrganization.objects.get(pk=partner.pk).notes == "Trên web"


# Units that share a name -----------------------------------------------------------------------

LAO = "Hội hữu nghị Việt Nam - Lào"


@pytest.fixture
def lao_twins(units: Units) -> tuple[Any, Any]:
    """The same association at two levels: under the national union and under Quảng Trị's."""
    national = services.organization_create(
        actor=SYSTEM, name=LAO, kind="friendship_union", parent=units.vufo
    )
    provincial = services.organization_create(
        actor=SYSTEM, name=LAO, kind="friendship_union", parent=units.quang_tri_union, province_code="44"
    )
    return national, provincial


def test_a_unit_name_two_units_share_is_refused_with_their_codes(
    units: Units, lao_twins: tuple[Any, Any]
) -> None:
    national, provincial = lao_twins
    data = _xlsx(people=[["Vi Thị Hoa", LAO, "", "Ủy viên", "hoi huu nghi viet nam - lao"]])

    problems = _problems(SYSTEM, data, name="hoi-lao.xlsx")

    assert problems[0] == "Tệp “hoi-lao.xlsx”:"
    choices = (
        f"“{LAO}” thuộc “{units.vufo.name}” (mã {national.pk}); "
        f"“{LAO}” thuộc “{units.quang_tri_union.name}” (mã {provincial.pk})."
    )
    assert problems[1] == (
        f"trang “Cán bộ”, dòng 2, cột B (Đơn vị quản lý): “{LAO}” có thể là 2 đơn vị: {choices} "
        "Hãy ghi mã của đơn vị cần chọn vào cột L (Mã đơn vị quản lý)."
    )
    assert problems[2].startswith(
        "trang “Cán bộ”, dòng 2, cột E (Nơi giữ chức danh): “hoi huu nghi viet nam - lao” có thể là 2 đơn vị:"
    )
    assert problems[2].endswith("Hãy ghi mã của đơn vị cần chọn vào cột M (Mã nơi giữ chức danh).")
    assert not Person.objects.filter(full_name="Vi Thị Hoa").exists()


def test_a_name_spelt_exactly_as_one_of_two_alike_units_is_not_matched_to_it(units: Units) -> None:
    # The national one capitalised otherwise: the same name to a reader, spelt exactly like one in the file.
    national = services.organization_create(
        actor=SYSTEM, name="Hội Hữu nghị Việt Nam - Lào", kind="friendship_union", parent=units.vufo
    )
    services.organization_create(
        actor=SYSTEM, name=LAO, kind="friendship_union", parent=units.quang_tri_union
    )

    problems = _problems(SYSTEM, _xlsx(people=[["Vi Thị Hoa", national.name]]))

    assert problems[1].startswith(
        f"trang “Cán bộ”, dòng 2, cột B (Đơn vị quản lý): “{national.name}” có thể là 2"
    )
    assert not Person.objects.filter(full_name="Vi Thị Hoa").exists()


def test_the_code_columns_choose_between_units_of_the_same_name(
    units: Units, lao_twins: tuple[Any, Any]
) -> None:
    national, provincial = lao_twins
    blanks = ["", "", "", "", ""]  # published, title, place, from, to: then notes, version, telephone, e-mail
    data = _xlsx(
        people=[
            [
                "Vi Thị Hoa",
                LAO,
                "",
                "Ủy viên",
                LAO,
                dt.date(2025, 7, 1),
                "",
                "",
                "",
                "",
                "",
                provincial.pk,
                national.pk,
            ],
            ["Lò Văn Pó", "", *blanks, "", "", "", "", str(provincial.pk)],  # the code alone names the unit
        ]
    )

    result = directory_import(actor=SYSTEM, name="hoi-lao.xlsx", data=data)

    assert result.people_created == 2
    hoa = Person.objects.get(full_name="Vi Thị Hoa")
    assert hoa.owner_unit == provincial
    assert [p.organization for p in hoa.positions.all()] == [national]
    assert Person.objects.get(full_name="Lò Văn Pó").owner_unit == provincial


def test_a_code_that_names_another_unit_or_none_is_refused(units: Units, lao_twins: tuple[Any, Any]) -> None:
    _national, provincial = lao_twins
    data = _xlsx(
        people=[
            ["Vi Thị Hoa", units.ha_noi_union.name, "", "", "", "", "", "", "", "", "", provincial.pk],
            ["Lò Văn Pó", LAO, "", "", "", "", "", "", "", "", "", 999999],
        ]
    )

    problems = _problems(SYSTEM, data)

    assert problems[1] == (
        f"trang “Cán bộ”, dòng 2, cột L (Mã đơn vị quản lý): mã {provincial.pk} là đơn vị “{LAO}”, "
        f"không phải “{units.ha_noi_union.name}”: hãy sửa mã hoặc tên đơn vị."
    )
    assert problems[2] == (
        "trang “Cán bộ”, dòng 3, cột L (Mã đơn vị quản lý): không có đơn vị mã “999999” trong danh bạ "
        "(mã đơn vị ghi trên trang của đơn vị)."
    )


def test_a_file_without_the_code_column_is_told_to_add_it(units: Units, lao_twins: tuple[Any, Any]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = PARTNER_SHEET
    sheet.append(["Tên đối tác", "Loại", "Quốc gia", "Đơn vị quản lý"])
    sheet.append(["Lao Friendship Fund", "Khác", "LA", LAO])
    buffer = io.BytesIO()
    book.save(buffer)

    problems = _problems(SYSTEM, buffer.getvalue())

    assert problems[1].startswith(
        "trang “Đối tác”, dòng 2, cột D (Đơn vị quản lý): “Hội hữu nghị Việt Nam - Lào” có"
    )
    assert problems[1].endswith(
        "Hãy ghi mã của đơn vị cần chọn vào cột “Mã đơn vị quản lý”, thêm cột này vào dòng tiêu đề "
        "như trong mẫu nhập mới."
    )


def test_a_list_of_same_named_units_downloaded_then_imported_changes_nothing(
    units: Units, lao_twins: tuple[Any, Any], make_user: MakeUser, client_for: ClientFor
) -> None:
    national, provincial = lao_twins
    hoa = services.person_create(
        actor=SYSTEM, owner_unit=provincial, full_name="Vi Thị Hoa", is_published=True
    )
    services.position_add(actor=SYSTEM, person=hoa, title="Ủy viên", organization=national)
    services.partner_create(
        actor=SYSTEM, owner_unit=provincial, name="Lao Friendship Fund", kind="other", country="LA"
    )
    client = client_for(make_user("coordinator", units.vufo))
    people = client.get(PEOPLE_URL, {"format": "xlsx"}).content
    partner_file = client.get(PARTNERS_URL, {"format": "xlsx"}).content
    assert _sheet_rows(people, PEOPLE_SHEET)[0]["Mã nơi giữ chức danh"] == national.pk
    unit_rows = _sheet_rows(client.get("/danh-ba/", {"q": LAO, "format": "xlsx"}).content, "Đơn vị")
    assert {(row["Mã đơn vị"], row["Đơn vị cấp trên"]) for row in unit_rows} == {
        (national.pk, units.vufo.name),
        (provincial.pk, units.quang_tri_union.name),
    }

    coordinator = make_user("coordinator", units.vufo)
    result = directory_import(actor=coordinator, name="can-bo.xlsx", data=people)
    assert (result.people_unchanged, result.positions_added) == (1, 0)
    result = directory_import(actor=coordinator, name="doi-tac.xlsx", data=partner_file)
    assert result.partners_unchanged == 1


def test_the_unit_page_and_the_template_tell_the_unit_code(
    units: Units, lao_twins: tuple[Any, Any], make_user: MakeUser, client_for: ClientFor
) -> None:
    _national, provincial = lao_twins
    client = client_for(make_user("viewer", units.quang_tri))
    page = client.get(f"/danh-ba/don-vi/{provincial.pk}/").content.decode()
    assert f"<dt>Mã đơn vị</dt><dd>{provincial.pk}</dd>" in page
    book = load_workbook(io.BytesIO(client.get("/danh-ba/nhap/mau-nhap-danh-ba.xlsx").content))
    assert [c.value for c in book[PEOPLE_SHEET][1]][-2:] == ["Mã đơn vị quản lý", "Mã nơi giữ chức danh"]
    assert [c.value for c in book[PARTNER_SHEET][1]][-1] == "Mã đơn vị quản lý"
    told = " ".join(str(row[0].value) for row in book["Hướng dẫn"].iter_rows())
    assert "Mã đơn vị quản lý, Mã nơi giữ chức danh: mã số của đơn vị" in told
